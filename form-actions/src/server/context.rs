//! The request's context for actions, loads and hooks: [`Cookies`] and
//! [`Locals`], put on every request by [`request_context`].
//!
//! Server only.

use axum::{
    extract::{Request, State},
    http::{header, request::Parts},
    middleware::Next,
    response::Response,
};

use super::{cookies::Cookies, error::ActionError, locals::Locals};

/// Puts [`Cookies`] and [`Locals`] on every request and sends the cookie changes
/// back. Installed by `FormActions::router`, outside the app's hooks, which read both.
pub(super) async fn request_context(
    State(secure_cookies): State<bool>,
    mut req: Request,
    next: Next,
) -> Response {
    let cookies = Cookies::from_headers(req.headers(), secure_cookies);
    req.extensions_mut().insert(cookies.clone());
    req.extensions_mut().insert(Locals::default());
    let mut response = next.run(req).await;
    for value in cookies.set_cookie_headers() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The request's [`Locals`], from a component or server function rendering on the
/// server. Empty outside a request (Leptos renders the app once without one, to
/// list its routes).
///
/// # Panics
/// In a request that did not pass through the layer's middleware
/// (`FormActions::router`): a hook could not have set anything, and every
/// visitor would silently look logged out.
pub fn locals() -> Locals {
    match leptos::prelude::use_context::<Parts>() {
        Some(parts) => parts
            .extensions
            .get::<Locals>()
            .cloned()
            .unwrap_or_else(|| panic!("{NOT_INSTALLED}")),
        None => Locals::default(),
    }
}

/// The request's [`Cookies`], from a component or server function on the server;
/// `None` outside a request.
///
/// # Panics
/// In a request that did not pass through the layer's middleware, as [`locals`].
pub fn cookies() -> Option<Cookies> {
    leptos::prelude::use_context::<Parts>().map(|parts| {
        parts
            .extensions
            .get::<Cookies>()
            .cloned()
            .unwrap_or_else(|| panic!("{NOT_INSTALLED}"))
    })
}

/// What a request without the layer's middleware is told.
pub(super) const NOT_INSTALLED: &str = "the request has no cookies or locals: build the router \
     with leptos_form_actions::server::FormActions::router, which installs the layer's middleware";

/// Turns an unexpected error in a load (a `#[server]` function) into a
/// `ServerFnError` that says nothing of it but an id; the details go to the log.
pub fn load_error(error: impl Into<anyhow::Error>) -> leptos::prelude::ServerFnError {
    let (_, body) = ActionError::internal(error).into_body();
    leptos::prelude::ServerFnError::new(format!(
        "Internal error (id {})",
        body.id.unwrap_or_default()
    ))
}
