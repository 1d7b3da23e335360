//! The one way the browser half builds and sends a request. Browser only.
//!
//! Every request is same-origin (spec R4): a redirect to another origin fails
//! instead of being followed, and an answer from another origin or another
//! build of the site (spec R6) is never merged into the page.

use leptos::prelude::*;
use std::cell::OnceCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, RequestMode, RequestRedirect, Response, Url};

use crate::{page::BUILD_META, protocol::BUILD_HEADER};

/// A same-origin `fetch` request that follows redirects (on this origin).
pub(super) fn request(
    method: &str,
    url: &str,
    body: Option<&JsValue>,
    headers: &[(&str, &str)],
) -> Result<Request, JsValue> {
    request_with(method, url, body, headers, RequestRedirect::Follow)
}

/// A same-origin `fetch` request.
pub(super) fn request_with(
    method: &str,
    url: &str,
    body: Option<&JsValue>,
    headers: &[(&str, &str)],
    redirect: RequestRedirect,
) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::SameOrigin);
    init.set_redirect(redirect);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    for (name, value) in headers {
        request.headers().set(name, value)?;
    }
    Ok(request)
}

/// An answer, checked.
pub(super) enum Checked {
    /// From this origin and this build: it may be merged into the page.
    Ours(Response),
    /// From another origin or another build: the browser loads this URL as a
    /// document instead.
    Elsewhere(String),
}

/// Sends a request; `Err` when it failed on the network (or was refused: a
/// redirect to another origin).
pub(super) async fn send(request: Result<Request, JsValue>) -> Result<Checked, JsValue> {
    let request = request?;
    let response: Response = JsFuture::from(window().fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let url = response.url();
    if !url.is_empty() && !same_origin(&url) {
        return Ok(Checked::Elsewhere(url));
    }
    if other_build(&response) {
        let url = if url.is_empty() { request.url() } else { url };
        return Ok(Checked::Elsewhere(url));
    }
    Ok(Checked::Ours(response))
}

/// Whether the answer comes from another build than this page's (spec R6).
pub(super) fn other_build(response: &Response) -> bool {
    let theirs = response.headers().get(BUILD_HEADER).ok().flatten();
    matches!((page_build(), theirs), (Some(ours), Some(theirs)) if ours != theirs)
}

thread_local! {
    static BUILD: OnceCell<Option<String>> = const { OnceCell::new() };
}

/// The build of the server that rendered the page the wasm started on (read
/// once: later pages are merged into this one, and must be of the same build).
pub(super) fn page_build() -> Option<String> {
    BUILD.with(|build| {
        build
            .get_or_init(|| {
                document()
                    .query_selector(&format!("meta[name=\"{BUILD_META}\"]"))
                    .ok()
                    .flatten()
                    .and_then(|meta| meta.get_attribute("content"))
            })
            .clone()
    })
}

/// Whether `url` (absolute) is on this page's origin (spec R4).
pub(super) fn same_origin(url: &str) -> bool {
    let origin = window().location().origin().unwrap_or_default();
    Url::new(url).is_ok_and(|u| u.origin() == origin)
}
