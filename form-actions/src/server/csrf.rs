//! The CSRF check (spec H4), as an axum middleware.
//!
//! Server only. A state-changing request from a browser on another site is refused
//! before any action runs. Browsers send `Origin` on every cross-origin POST (and
//! `Sec-Fetch-Site`), so comparing it with our own origin is enough; requests with
//! neither header do not come from a browser page (curl, scripts) and pass.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;

/// The origins allowed to send state-changing requests.
#[derive(Clone, Debug)]
pub struct Origins {
    /// The site's own origin, e.g. `https://example.com` (scheme, host, port).
    site: String,
    /// Further trusted origins (another front-end, a staging site, …).
    trusted: Vec<String>,
}

impl Origins {
    pub fn new(site: &str, trusted: impl IntoIterator<Item = String>) -> Self {
        Self {
            site: normalize(site),
            trusted: trusted.into_iter().map(|o| normalize(&o)).collect(),
        }
    }

    /// Whether the site is served over plain `http://` (development): then cookies
    /// are not marked `Secure`.
    pub fn is_plain_http(&self) -> bool {
        self.site.starts_with("http://")
    }

    /// Whether the site is served over `https://` (then browsers are told to
    /// keep to it: `Strict-Transport-Security`).
    pub fn is_https(&self) -> bool {
        self.site.starts_with("https://")
    }

    /// Whether a request with these headers may change state.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            let origin = normalize(origin);
            // `Origin: null` (sandboxed frames, some redirects) is never ours.
            if origin == "null" {
                return false;
            }
            // The request's own host counts too, under the site's scheme, so that
            // `localhost` and `127.0.0.1` both work in development.
            let scheme = self.site.split("://").next().unwrap_or("https");
            let own = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(|host| normalize(&format!("{scheme}://{host}")));
            return origin == self.site
                || self.trusted.contains(&origin)
                || own.as_deref() == Some(origin.as_str());
        }
        headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| !v.eq_ignore_ascii_case("cross-site"))
    }
}

fn normalize(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Refuses cross-site POST, PUT, PATCH and DELETE with 403.
pub(super) async fn csrf(
    State(origins): State<Arc<Origins>>,
    req: Request,
    next: Next,
) -> Response {
    let changes_state = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if changes_state && !origins.allows(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "Cross-site form submissions are forbidden: the request's Origin is not this site.",
        )
            .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn origins() -> Origins {
        Origins::new(
            "http://127.0.0.1:3000",
            ["https://trusted.example".to_owned()],
        )
    }

    #[test]
    fn the_sites_own_origin_is_allowed() {
        assert!(origins().allows(&headers(&[("origin", "http://127.0.0.1:3000")])));
    }

    #[test]
    fn a_foreign_origin_is_refused() {
        assert!(!origins().allows(&headers(&[("origin", "https://evil.example")])));
        // Same host, other port: another origin.
        assert!(!origins().allows(&headers(&[("origin", "http://127.0.0.1:3001")])));
    }

    #[test]
    fn origin_null_is_refused() {
        assert!(!origins().allows(&headers(&[("origin", "null")])));
    }

    #[test]
    fn a_trusted_origin_is_allowed() {
        assert!(origins().allows(&headers(&[("origin", "https://trusted.example")])));
    }

    #[test]
    fn the_requests_own_host_is_allowed() {
        assert!(origins().allows(&headers(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000")
        ])));
    }

    #[test]
    fn without_origin_sec_fetch_site_decides() {
        assert!(!origins().allows(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(origins().allows(&headers(&[("sec-fetch-site", "same-origin")])));
    }

    #[test]
    fn a_request_with_neither_header_passes() {
        assert!(origins().allows(&HeaderMap::new()));
    }
}
