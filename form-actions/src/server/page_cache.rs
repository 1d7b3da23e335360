//! Keeps the HTML of pages that every visitor without a cookie sees alike (a log in
//! page, a landing page), so rendering them once per process is enough. This is
//! what Next.js calls a static page with server actions, and what a CDN does for
//! anonymous traffic: the actions still run on every POST; only the GET's HTML is
//! kept.
//!
//! Server only. Install [`page_cache`] as a route layer of the page routes, inside
//! [`super::request_context`]: it renders and keeps. Install [`page_cache_hits`]
//! with the same cache as an outer layer of the whole app: it answers what is
//! kept before the request reaches the routing and the layers that a kept page
//! does not need (sessions, CSRF, body limit, timeout), which would otherwise cost
//! more than the answer. A GET is answered from the cache when all hold:
//! - its path is one the app declared ([`PageCache::new`]): a page whose HTML, for
//!   a request without cookies, depends on nothing but its path and the build;
//! - it has no query string (`/login?redirectTo=…` renders every time);
//! - it has no `Cookie` header, so no session, flash or preference can be involved.
//!
//! A response is kept only when it is a 200 that sets no cookie. It is kept three
//! times: as rendered, and compressed once with brotli and gzip at their best (a
//! browser then gets the smallest it accepts, with no compression per request).
//! Its forms still get a fresh submission token in every answer (spec P3): each
//! copy is kept with where its tokens go (`submissions.rs`).
//! The first request renders; each response says `x-page-cache: hit` or `miss`.
//! The cache lives as long as the process, which a deploy (or `cargo leptos
//! watch`) restarts.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, RwLock},
};

use super::{
    cookies::Cookies,
    error::internal_error,
    security::{CspNonce, Policy},
    submissions::{GzipStamped, Stamped},
};

/// The header that says whether a page came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-page-cache");

/// The pages to keep, and what was kept.
pub(super) struct PageCache {
    paths: HashSet<String>,
    pages: RwLock<HashMap<String, Kept>>,
    /// The security headers a kept page is kept with.
    policy: Arc<Policy>,
}

/// One rendered page: its headers (the render's own, such as `content-type`) and
/// its body in each encoding, each with its forms' submission tokens to fill
/// (spec P3): every answer gets fresh ones.
#[derive(Clone)]
struct Kept {
    headers: HeaderMap,
    identity: Stamped,
    gzip: GzipStamped,
    /// `None` when the parts could not be joined: gzip is answered instead.
    br: Option<Stamped>,
}

impl Kept {
    fn new(headers: HeaderMap, body: Bytes) -> Self {
        let identity = Stamped::new(body);
        Self {
            headers,
            gzip: identity.gzip(),
            br: identity.brotli(),
            identity,
        }
    }
}

/// The best encoding the request accepts: `br`, then `gzip`, else none. A
/// coding with `q=0` is refused.
fn encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted: Vec<&str> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next()?;
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(coding)
        })
        .collect();
    ["br", "gzip"]
        .into_iter()
        .find(|c| accepted.iter().any(|a| a.eq_ignore_ascii_case(c)))
}

impl PageCache {
    /// A cache of the pages at `paths` (route paths such as `"/login"`).
    pub(super) fn new<I: IntoIterator<Item = S>, S: Into<String>>(
        paths: I,
        policy: Arc<Policy>,
    ) -> Self {
        Self {
            paths: paths.into_iter().map(Into::into).collect(),
            pages: RwLock::default(),
            policy,
        }
    }

    /// The path under which this request's page is kept, if it may be.
    fn key(&self, req: &Request) -> Option<String> {
        let cacheable = req.method() == Method::GET
            && req.uri().query().is_none()
            && !req.headers().contains_key(header::COOKIE)
            && self.paths.contains(req.uri().path());
        // One page per language (spec L2): without a cookie, the language is
        // `Accept-Language`'s best match, on the request by now.
        let locale = req
            .extensions()
            .get::<crate::i18n::RequestLocale>()
            .map_or("", |l| l.tag);
        cacheable.then(|| format!("{}#{locale}", req.uri().path()))
    }

    fn get(&self, key: &str) -> Option<Kept> {
        // A poisoned lock only means a writer panicked; the map is still whole.
        let pages = self.pages.read().unwrap_or_else(|p| p.into_inner());
        pages.get(key).cloned()
    }

    fn put(&self, key: String, kept: Kept) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        pages.insert(key, kept);
    }
}

/// The outer middleware: answers what the cache holds, and passes on the rest.
pub(super) async fn page_cache_hits(
    State(cache): State<Arc<PageCache>>,
    req: Request,
    next: Next,
) -> Response {
    match cache.key(&req).and_then(|key| cache.get(&key)) {
        Some(kept) => answer(kept, encoding(req.headers()), "hit"),
        None => next.run(req).await,
    }
}

/// The route layer: answers from the cache, or renders and keeps what may be kept.
pub(super) async fn page_cache(
    State(cache): State<Arc<PageCache>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(key) = cache.key(&req) else {
        return next.run(req).await;
    };
    let encoding = encoding(req.headers());
    if let Some(kept) = cache.get(&key) {
        return answer(kept, encoding, "hit");
    }
    let cookies = req.extensions().get::<Cookies>().cloned();
    let nonce = req.extensions().get::<CspNonce>().cloned();
    let response = next.run(req).await;
    let sets_cookies = response.headers().contains_key(header::SET_COOKIE)
        || cookies.is_some_and(|c| !c.set_cookie_headers().is_empty());
    if response.status() != StatusCode::OK || sets_cookies {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Kept as it goes out: cleaned (html.rs), which the kept answers skip.
    match super::html::cleaned(body).await {
        Ok(body) => {
            // Kept with the security headers for the nonce it was rendered with.
            let mut headers = parts.headers;
            if let Some(nonce) = &nonce {
                cache.policy.apply(&mut headers, nonce);
            }
            // Brotli at its best takes milliseconds: off the async workers. Once per page.
            match tokio::task::spawn_blocking(move || Kept::new(headers, body)).await {
                Ok(kept) => {
                    cache.put(key, kept.clone());
                    answer(kept, encoding, "miss")
                }
                Err(error) => internal_error(&format_args!("compressing a page failed: {error}")),
            }
        }
        // The render's stream failed part-way. Nothing has been sent yet: a 500.
        Err(error) => internal_error(&format_args!("rendering a cached page failed: {error}")),
    }
}

fn answer(kept: Kept, encoding: Option<&'static str>, cache: &'static str) -> Response {
    let (body, encoding) = match (encoding, &kept.br) {
        (Some("br"), Some(br)) => (br.stamp(), Some("br")),
        (Some(_), _) => (kept.gzip.stamp(), Some("gzip")),
        (None, _) => (kept.identity.stamp(), None),
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    *headers = kept.headers;
    headers.insert(CACHE_HEADER, HeaderValue::from_static(cache));
    // Set here, the compression layer outside leaves the body as it is.
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    // A shared cache must not give this anonymous page to a visitor with a cookie.
    headers.append(header::VARY, HeaderValue::from_static("cookie"));
    headers.remove(header::CONTENT_LENGTH);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, cookie: Option<&str>) -> Request {
        let mut builder = Request::get(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_a_declared_path_without_query_or_cookie_is_kept() {
        let cache = PageCache::new(["/login"], Arc::new(Policy::new(false, Vec::new())));
        assert_eq!(
            cache.key(&request("/login", None)).as_deref(),
            Some("/login#")
        );
        assert_eq!(cache.key(&request("/login?redirectTo=/todos", None)), None);
        assert_eq!(cache.key(&request("/login", Some("session=abc"))), None);
        assert_eq!(cache.key(&request("/todos", None)), None);
        let post = Request::post("/login").body(Body::empty()).unwrap();
        assert_eq!(cache.key(&post), None);
    }

    #[test]
    fn l2_a_kept_page_is_kept_once_per_language() {
        #[derive(Clone, Copy, PartialEq)]
        struct Ja;
        impl crate::i18n::Locale for Ja {
            const ALL: &'static [Self] = &[Ja];
            fn tag(self) -> &'static str {
                "ja"
            }
            fn kit(self, text: crate::i18n::KitText) -> &'static str {
                text.english()
            }
        }
        let cache = PageCache::new(["/login"], Arc::new(Policy::new(false, Vec::new())));
        let mut req = request("/login", None);
        req.extensions_mut()
            .insert(crate::i18n::RequestLocale::new(Ja));
        assert_eq!(cache.key(&req).as_deref(), Some("/login#ja"));
    }

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn the_smallest_accepted_encoding_is_chosen() {
        assert_eq!(encoding(&accept("gzip, deflate, br, zstd")), Some("br"));
        assert_eq!(encoding(&accept("gzip")), Some("gzip"));
        assert_eq!(encoding(&accept("br;q=0, GZIP;q=0.5")), Some("gzip"));
        assert_eq!(encoding(&accept("identity")), None);
        assert_eq!(encoding(&HeaderMap::new()), None);
    }

    #[test]
    fn the_kept_encodings_decode_to_the_page() {
        use std::io::Read;
        let page = "<!DOCTYPE html><p>hello</p>".repeat(50);
        let kept = Kept::new(HeaderMap::new(), Bytes::from(page.clone()));
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(&kept.gzip.stamp()[..])
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, page);
        let br = kept.br.expect("brotli").stamp();
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, page.as_bytes());
        assert!(br.len() < page.len() / 10);
    }
}
