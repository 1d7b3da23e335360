//! The language of each request (spec L2, L3): chosen once, before anything
//! else runs, by `FormActions::locales`, and kept on the request for the
//! render, the actions and the app's routes.
//!
//! Server only.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::i18n::{negotiate, Locale, RequestLocale};

/// The name of the cookie that holds a visitor's language (spec L2).
pub const LOCALE_COOKIE: &str = "locale";

/// How a request's language is chosen, of the app's [`Locale`] type.
pub(super) type Negotiate = fn(&axum::http::HeaderMap) -> RequestLocale;

/// The language of a request with these headers, among `L`'s.
pub(super) fn negotiate_headers<L: Locale>(headers: &axum::http::HeaderMap) -> RequestLocale {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .map(|(_, value)| value.trim_matches('"'));
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    RequestLocale::new(negotiate::<L>(cookie, accept))
}

tokio::task_local! {
    /// The request's language, for the code of the request's own task that
    /// has no Leptos context (the app's routes, the JSON API).
    static LOCALE: RequestLocale;
}

/// The language of the request this task is serving, if any.
pub(crate) fn task_locale() -> Option<RequestLocale> {
    LOCALE.try_with(|l| *l).ok()
}

/// `future` in the language of the request this task is serving: for a task
/// the request spawns (a submission's action), which a task-local does not
/// reach by itself.
pub(crate) fn in_current_locale<F: std::future::Future>(
    future: F,
) -> impl std::future::Future<Output = F::Output> {
    // Read now, in the request's task; the future runs in another.
    let locale = task_locale();
    async move {
        match locale {
            Some(locale) => LOCALE.scope(locale, future).await,
            None => future.await,
        }
    }
}

/// Chooses the request's language, puts it on the request (renders read it
/// from there: they run in tasks of their own) and around the rest of its
/// task, and says on an answer with words what chose it (`Vary`), since the
/// same URL answers in each language (spec L2).
pub(super) async fn choose_locale(
    State(negotiate): State<Negotiate>,
    mut req: Request,
    next: Next,
) -> Response {
    let locale = negotiate(req.headers());
    req.extensions_mut().insert(locale);
    let mut response = LOCALE.scope(locale, next.run(req)).await;
    if !in_words(&response) {
        return response;
    }
    for name in ["Cookie", "Accept-Language"] {
        let listed = response
            .headers()
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|v| v.trim().eq_ignore_ascii_case(name) || v.trim() == "*");
        if !listed {
            response
                .headers_mut()
                .append(header::VARY, HeaderValue::from_static(name));
        }
    }
    response
}

/// Whether an answer may hold words, which are in the request's language: a
/// page, an enhanced answer, JSON, plain text. A file of the site (a
/// stylesheet, the wasm, an image) is the same in every language, so caches
/// keep one copy of it: no `Vary` on it.
fn in_words(response: &Response) -> bool {
    let Some(kind) = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim();
    matches!(
        kind,
        "text/html" | "text/plain" | "application/json" | crate::protocol::ANSWER_TYPE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(kind: &str) -> Response {
        let mut response = Response::new(axum::body::Body::empty());
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_str(kind).unwrap());
        response
    }

    #[test]
    fn l2_only_answers_with_words_vary_by_language() {
        assert!(in_words(&with_type("text/html; charset=utf-8")));
        assert!(in_words(&with_type("application/json")));
        assert!(in_words(&with_type(crate::protocol::ANSWER_TYPE)));
        assert!(!in_words(&with_type("application/wasm")));
        assert!(!in_words(&with_type("text/css")));
        assert!(!in_words(&with_type("image/svg+xml")));
        assert!(!in_words(&Response::new(axum::body::Body::empty())));
    }
}
