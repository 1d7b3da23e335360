//! The browser half of the layer: the wasm's code for every page.
//!
//! Browser only. The app is built as islands: pages are the server's HTML, and
//! only `#[island]` components are hydrated. This module makes the rest behave
//! like a client-side app without shipping it: one listener on the window for
//! submits, link clicks and history, which posts forms with `fetch` and gets
//! the result and the page rendered after it in one answer, and puts what
//! changed into the document ([`morph`]), with no document load.
//!
//! It sits above everything else in the crate: it reads the page state and the
//! forms' options, and installs itself as the page state's [`Driver`].

mod controls;
mod fetch;
mod guard;
mod morph;
mod navigate;
mod pending;
mod rows;
mod submit;
mod upload;

pub use navigate::{goto, Visit};
pub use submit::fetch_action;

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast};

use crate::page::{install_driver, use_page, Driver};

/// Starts the layer in this document. Called once by `hydrate`, just before
/// Leptos's script hydrates the islands.
pub fn start() {
    // Before the islands hydrate (Leptos's script calls this first): the first
    // hook set wins, so this one beats `<ActionForm>`'s document load, and a
    // server function's `leptos_axum::redirect` navigates like a kit redirect.
    let _ = leptos::server_fn::redirect::set_redirect_hook(server_fn_redirect);
    // Read before anything changes the document, in the root owner.
    let _ = use_page();
    // The build this page is from, before any page of another build could be
    // merged in (spec R6).
    let _ = fetch::page_build();
    install_driver(Driver {
        invalidate: || Box::pin(navigate::invalidate()),
        apply: |page, result| Box::pin(navigate::apply(page, result)),
    });
    navigate::start();
    listen("submit", submit::on_submit);
    listen("click", navigate::on_click);
    // Before the form submits: a list's rows are added and removed in the page.
    listen("click", rows::on_click);
    listen("popstate", navigate::on_popstate);
    listen("beforeunload", guard::on_before_unload);
    guard::page_shown();
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

/// A redirect asked by a server function called from an island: a page of this
/// site is fetched and merged in (spec R4); anything else is a document load.
/// One of the layer's texts in the page's language: the server wrote it into
/// the page (on [`Page`](crate::Page)'s announcer), so the wasm carries no
/// translations (spec L3). English when the page has none.
pub(crate) fn page_text(text: crate::i18n::KitText) -> String {
    crate::layout::text_attribute(text)
        .and_then(|attr| {
            document()
                .get_element_by_id(crate::page::ANNOUNCER_ID)?
                .get_attribute(attr)
        })
        .unwrap_or_else(|| text.english().to_owned())
}

fn server_fn_redirect(location: &str) {
    let here = window().location();
    let (Ok(base), Ok(origin)) = (here.href(), here.origin()) else {
        return;
    };
    match web_sys::Url::new_with_base(location, &base) {
        Ok(url) if url.origin() == origin => {
            let href = url.href();
            leptos::task::spawn_local(async move { goto(&href, Visit::default()).await });
        }
        _ => {
            let _ = here.set_href(location);
        }
    }
}

/// A listener on the window for the whole life of the page.
fn listen<E: JsCast + 'static>(name: &str, mut handler: impl FnMut(E) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        handler(ev.unchecked_into())
    });
    let _ = window().add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}
