//! Security headers on every response (spec S4), kept pages included, with a
//! Content-Security-Policy whose script nonce is the one Leptos puts on its own
//! scripts.
//!
//! Server only. Inside the page cache's answers (and the app's `around` layers,
//! see `FormActions::around`): it mints a nonce for each
//! request ([`CspNonce`], in the request's extensions), which the app hands to
//! Leptos with [`provide_nonce`], and writes the headers on the way out. A kept
//! page (the page cache) was rendered once, with the nonce of the request that
//! rendered it, and is kept with these headers for that nonce, so that a cache
//! hit costs no more than it did without them. Such a page holds nothing a
//! visitor sent, which is what a nonce guards.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use std::sync::Arc;

/// The nonce of a request's scripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub Arc<str>);

/// What the headers say, made once at start-up.
pub(super) struct Policy {
    /// `Strict-Transport-Security`, on an `https://` site.
    hsts: bool,
    /// The Content-Security-Policy up to the nonce, and after it: all of it but
    /// the nonce is the same for every response.
    csp_before: String,
    csp_after: String,
}

impl Policy {
    /// Scripts come from the site or carry the nonce; `wasm-unsafe-eval` lets the
    /// page compile its own wasm (not `eval`). `connect` are more `connect-src`
    /// sources (the development reload socket, say).
    pub(super) fn new(hsts: bool, connect: Vec<String>) -> Self {
        let mut sources = String::from("'self'");
        for source in &connect {
            sources.push(' ');
            sources.push_str(source);
        }
        Self {
            hsts,
            csp_before: "default-src 'self'; script-src 'self' 'nonce-".into(),
            csp_after: format!(
                "' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                 connect-src {sources}; frame-ancestors 'none'; object-src 'none'; \
                 base-uri 'self'; form-action 'self'"
            ),
        }
    }

    /// Writes the headers of a response whose scripts carry `nonce`.
    pub(super) fn apply(&self, headers: &mut HeaderMap, nonce: &CspNonce) {
        if let Ok(csp) = HeaderValue::from_str(&self.csp(&nonce.0)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        let fixed: [(HeaderName, &'static str); 3] = [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
            // For browsers older than `frame-ancestors`.
            (header::X_FRAME_OPTIONS, "DENY"),
        ];
        for (name, value) in fixed {
            headers.insert(name, HeaderValue::from_static(value));
        }
        if self.hsts {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            );
        }
    }

    /// The Content-Security-Policy for a response whose scripts carry `nonce`.
    fn csp(&self, nonce: &str) -> String {
        [self.csp_before.as_str(), nonce, &self.csp_after].concat()
    }
}

/// A fresh nonce: 128 random bits, in hex.
fn mint() -> CspNonce {
    CspNonce(uuid::Uuid::new_v4().simple().to_string().into())
}

pub(super) async fn security_headers(
    State(policy): State<Arc<Policy>>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = mint();
    req.extensions_mut().insert(nonce.clone());
    let mut response = next.run(req).await;
    // A kept page has its own, for the nonce it was rendered with.
    if !response
        .headers()
        .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        policy.apply(response.headers_mut(), &nonce);
    }
    response
}

/// The request's nonce, for Leptos: call it in the context of every render
/// (leptos_axum's additional context), so that Leptos's scripts carry the nonce
/// that the response's Content-Security-Policy names.
pub fn provide_nonce() {
    if let Some(nonce) = super::context::extension::<CspNonce>().flatten() {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_scripts_by_nonce_or_from_the_site_only() {
        let csp = Policy::new(false, vec!["ws://127.0.0.1:3001".into()]).csp("abc");
        for part in [
            "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "connect-src 'self' ws://127.0.0.1:3001",
        ] {
            assert!(csp.contains(part), "{part} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }

    #[test]
    fn each_request_gets_its_own_nonce() {
        assert_ne!(mint(), mint());
        assert_eq!(mint().0.len(), 32);
    }
}
