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
/// task, and says on the answer what chose it (`Vary`), since the same URL
/// answers in each language (spec L2).
pub(super) async fn choose_locale(
    State(negotiate): State<Negotiate>,
    mut req: Request,
    next: Next,
) -> Response {
    let locale = negotiate(req.headers());
    req.extensions_mut().insert(locale);
    let mut response = LOCALE.scope(locale, next.run(req)).await;
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
