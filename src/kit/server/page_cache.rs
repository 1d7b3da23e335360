//! Keeps the HTML of pages that every visitor without a cookie sees alike (a log in
//! page, a landing page), so rendering them once per process is enough. This is
//! what Next.js calls a static page with server actions, and what a CDN does for
//! anonymous traffic: the actions still run on every POST; only the GET's HTML is
//! kept.
//!
//! Server only. Install [`page_cache`] as a route layer of the page routes, inside
//! [`super::request_context`]. A GET is answered from the cache when all hold:
//! - its path is one the app declared ([`PageCache::new`]): a page whose HTML, for
//!   a request without cookies, depends on nothing but its path and the build;
//! - it has no query string (`/login?redirectTo=…` renders every time);
//! - it has no `Cookie` header, so no session, flash or preference can be involved.
//!
//! A response is kept only when it is a 200 that sets no cookie. The first request
//! renders; each response says `x-page-cache: hit` or `miss`. The cache lives as
//! long as the process, which a deploy (or `cargo leptos watch`) restarts.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, RwLock},
};

use super::Cookies;

/// The header that says whether a page came from the cache.
pub const CACHE_HEADER: HeaderName = HeaderName::from_static("x-page-cache");

/// The pages to keep, and what was kept.
#[derive(Default)]
pub struct PageCache {
    paths: HashSet<String>,
    pages: RwLock<HashMap<String, Kept>>,
}

/// One rendered page: its headers (the render's own, such as `content-type`) and body.
#[derive(Clone)]
struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    /// A cache of the pages at `paths` (route paths such as `"/login"`).
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(paths: I) -> Self {
        Self {
            paths: paths.into_iter().map(Into::into).collect(),
            pages: RwLock::default(),
        }
    }

    /// The path under which this request's page is kept, if it may be.
    fn key(&self, req: &Request) -> Option<String> {
        let cacheable = req.method() == Method::GET
            && req.uri().query().is_none()
            && !req.headers().contains_key(header::COOKIE)
            && self.paths.contains(req.uri().path());
        cacheable.then(|| req.uri().path().to_owned())
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

/// The middleware: answers from the cache, or renders and keeps what may be kept.
pub async fn page_cache(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let Some(key) = cache.key(&req) else {
        return next.run(req).await;
    };
    if let Some(kept) = cache.get(&key) {
        return answer(kept, "hit");
    }
    let cookies = req.extensions().get::<Cookies>().cloned();
    let response = next.run(req).await;
    let sets_cookies = response.headers().contains_key(header::SET_COOKIE)
        || cookies.is_some_and(|c| !c.set_cookie_headers().is_empty());
    if response.status() != StatusCode::OK || sets_cookies {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => {
            let kept = Kept {
                headers: parts.headers,
                body,
            };
            cache.put(key, kept.clone());
            answer(kept, "miss")
        }
        // The render's stream failed part-way. Nothing has been sent yet: a 500.
        Err(error) => {
            let id = super::log_with_id(&format_args!("rendering a cached page failed: {error}"));
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Something went wrong. Error id: {id}"),
            )
                .into_response()
        }
    }
}

fn answer(kept: Kept, cache: &'static str) -> Response {
    let mut response = Response::new(Body::from(kept.body));
    *response.headers_mut() = kept.headers;
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static(cache));
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
        let cache = PageCache::new(["/login"]);
        assert_eq!(
            cache.key(&request("/login", None)).as_deref(),
            Some("/login")
        );
        assert_eq!(cache.key(&request("/login?redirectTo=/todos", None)), None);
        assert_eq!(cache.key(&request("/login", Some("session=abc"))), None);
        assert_eq!(cache.key(&request("/todos", None)), None);
        let post = Request::post("/login").body(Body::empty()).unwrap();
        assert_eq!(cache.key(&post), None);
    }
}
