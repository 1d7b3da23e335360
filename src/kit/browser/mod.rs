//! The browser half of the kit: the wasm's code for every page.
//!
//! Browser only. The app is built as islands: pages are the server's HTML, and
//! only `#[island]` components are hydrated. This module makes the rest behave
//! like a client-side app without shipping it: one listener on the window for
//! submits, link clicks and history, which posts forms with `fetch`, has the
//! server render the page with the result, and puts what changed into the
//! document ([`morph`]), with no document load.

mod morph;
mod navigate;
mod submit;

pub(crate) use navigate::{apply, render};
pub use navigate::{goto, Visit};
pub(crate) use submit::{post, submit, FormOptions};

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Request, RequestInit};

use crate::kit::page::{Page, PageSnapshot, PAGE_DATA_ID};

thread_local! {
    /// The document's page state: one for all islands, since each island is
    /// hydrated on its own and shares no context with the others.
    static PAGE: Page = Page::new(read_snapshot());
}

/// The document's page state.
pub(crate) fn page() -> Page {
    PAGE.with(|page| *page)
}

/// The state the server rendered the page with (see `PageData`).
fn read_snapshot() -> PageSnapshot {
    document()
        .get_element_by_id(PAGE_DATA_ID)
        .and_then(|el| el.text_content())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Starts the kit in this document. Called once by `hydrate`, just before
/// Leptos's script hydrates the islands.
pub fn start() {
    // Read before anything changes the document, in the root owner.
    let _ = page();
    navigate::start();
    listen("submit", submit::on_submit);
    listen("click", navigate::on_click);
    listen("popstate", navigate::on_popstate);
    // Leptos's script hydrates the islands as soon as this returns, in
    // microtasks; a timer runs after them (spec E1).
    set_timeout(
        || {
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("data-hydrated", "true");
            }
        },
        Duration::ZERO,
    );
}

/// A listener on the window for the whole life of the page.
fn listen<E: JsCast + 'static>(name: &str, mut handler: impl FnMut(E) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        handler(ev.unchecked_into())
    });
    let _ = window().add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// A `fetch` request.
fn request(
    method: &str,
    url: &str,
    body: Option<&JsValue>,
    headers: &[(&str, &str)],
) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(url, &init)?;
    for (name, value) in headers {
        request.headers().set(name, value)?;
    }
    Ok(request)
}
