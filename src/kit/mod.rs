//! Form actions for Leptos: SvelteKit's **load + actions** model.
//!
//! This module is the reusable layer; it knows nothing of the demo app, so a fork
//! can keep it and delete `routes/`.
//!
//! - A page's **load** is [`load`]: a resource over a `#[server]` function that
//!   reruns after every action.
//! - Its **actions** are declared on the server with [`server::Actions`] and
//!   mounted on the page's own path by [`server::mount`]: `POST /path` for a
//!   default action, `POST /path?/name` for named ones.
//! - Its forms are [`EnhancedForm`]s: plain HTML forms that work without
//!   JavaScript and are submitted with `fetch` once the page has hydrated;
//!   [`Enhance`] customises one (pending UI, optimistic updates), and
//!   [`apply_action`] applies a result obtained any other way.
//! - A search box is a [`GetForm`]: a GET that navigates, client-side once hydrated.
//! - The result is the page's `form` value, typed, from any component:
//!   [`use_form`], [`use_page`].
//!
//! `result`, `page` and `form` run on both sides; `server` only on the server.

mod form;
mod get_form;
mod page;
mod result;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
pub use form::fetch_action;
pub use form::{
    apply_action, use_form_state, AfterSubmit, Enhance, EnhancedForm, FormState, Reset, Submit,
    Update,
};
pub use get_form::GetForm;
pub use page::{load, page_redirect, provide_page, use_form, use_page, Page, PageSnapshot};
pub use result::{deserialize, ActionResult, ErrorBody, RawJson, ACTION_HEADER};
