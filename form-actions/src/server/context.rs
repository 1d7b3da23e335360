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

use std::sync::Arc;

use super::{
    cookies::{Cookies, Key},
    locals::Locals,
};

/// Puts [`Cookies`] and [`Locals`] on every request and sends the cookie changes
/// back. Installed by `FormActions::router`, outside the app's hooks, which read both.
pub(super) async fn request_context(
    State((secure_cookies, key)): State<(bool, Arc<Key>)>,
    mut req: Request,
    next: Next,
) -> Response {
    let cookies = Cookies::from_headers(req.headers(), secure_cookies).with_key(key);
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
    match extension::<Locals>() {
        Some(locals) => locals.unwrap_or_else(|| panic!("{NOT_INSTALLED}")),
        None => Locals::default(),
    }
}

/// The request's extension `T`, from a render or a server function: `None`
/// outside a request, `Some(None)` in one without it. Read in place: the
/// request's parts are not cloned for it.
pub(crate) fn extension<T: Clone + Send + Sync + 'static>() -> Option<Option<T>> {
    leptos::prelude::with_context::<Parts, _>(|parts| parts.extensions.get::<T>().cloned())
}

/// The request's [`Cookies`], from a component or server function on the server;
/// `None` outside a request.
///
/// # Panics
/// In a request that did not pass through the layer's middleware, as [`locals`].
pub fn cookies() -> Option<Cookies> {
    extension::<Cookies>().map(|cookies| cookies.unwrap_or_else(|| panic!("{NOT_INSTALLED}")))
}

/// The first value of a query parameter of the request's URL, from a component
/// or a server function on the server (an action has [`Event::query`]); `None`
/// outside a request.
///
/// [`Event::query`]: super::Event::query
pub fn query(name: &str) -> Option<String> {
    leptos::prelude::with_context::<Parts, _>(|parts| query_param(&parts.uri, name))?
}

/// The first value of the query parameter `name` of `uri`, decoded.
pub(super) fn query_param(uri: &axum::http::Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The name of the flash cookie (spec F8).
const FLASH: &str = "flash";

/// Sets the one-time message shown by the next page rendered for this browser
/// (spec F8), in a short-lived signed cookie: set it before a redirect.
pub(super) fn set_flash(cookies: &Cookies, message: &str) {
    cookies.set_signed(FLASH, message, |c| {
        c.max_age(cookie::time::Duration::minutes(5))
    });
}

/// The flash message of this request, taken: it is deleted with the response,
/// so it shows once. A cookie whose signature fails is deleted and not shown.
/// `None` outside a request, and in a render without the layer's middleware (a
/// kept page rendered at start-up, which no cookie reaches).
pub fn take_flash() -> Option<String> {
    let cookies = extension::<Cookies>()??;
    cookies.get(FLASH)?;
    let message = cookies.get_signed(FLASH);
    cookies.delete(FLASH);
    message
}

/// What a request without the layer's middleware is told.
pub(super) const NOT_INSTALLED: &str = "the request has no cookies or locals: build the router \
     with leptos_form_actions::server::FormActions::router, which installs the layer's middleware";
