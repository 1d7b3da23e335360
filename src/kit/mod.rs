//! Form actions for Leptos: SvelteKit's **load + actions** model.
//!
//! This module is the reusable layer; it knows nothing of the demo app, so a fork
//! can keep it and delete `routes/`.
//!
//! The app is built as Leptos **islands**: every page is rendered on the server,
//! and only `#[island]` components are hydrated in the browser. The kit's own
//! browser code (`browser`) makes the rest of the page behave
//! like a client-side app: forms post with `fetch`, links and GET forms navigate
//! without a document load, and the server's new HTML is merged into the page.
//!
//! - A page's **load** is [`load`]: a resource over a `#[server]` function,
//!   awaited while the server renders the page, so it runs again after every
//!   action.
//! - Its **actions** are declared on the server with [`server::Actions`] and
//!   mounted on the page's own path by [`server::mount`]: `POST /path` for a
//!   default action, `POST /path?/name` for named ones.
//! - Its forms are [`EnhancedForm`]s: plain HTML forms that work without
//!   JavaScript and are submitted with `fetch` once the wasm has started. In an
//!   island, [`Enhance`] customises one (pending UI, optimistic updates), and
//!   [`apply_action`] applies a result obtained any other way.
//! - A search box is a [`GetForm`]: a GET that navigates, without a document
//!   load once the wasm has started.
//! - The result is the page's `form` value, typed, from any component or island:
//!   [`use_form`], [`use_page`].
//!
//! `result`, `page` and `form` run on both sides; `server` only on the server,
//! `browser` only in the browser.

#[cfg(feature = "hydrate")]
mod browser;
mod form;
mod get_form;
mod page;
mod result;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
pub use browser::{goto, start, Visit};
#[cfg(feature = "hydrate")]
pub use form::fetch_action;
pub use form::{
    after, apply_action, use_form_state, AfterSubmit, Enhance, EnhancedForm, FormState, Reset,
    Submit, Update,
};
pub use get_form::GetForm;
pub use page::{
    load, page_redirect, provide_page, use_form, use_page, Announcer, Page, PageData, PageSnapshot,
};
pub use result::{deserialize, ActionResult, ErrorBody, RawJson, ACTION_HEADER, RENDER_HEADER};
