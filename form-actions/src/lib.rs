//! Form actions for Leptos: SvelteKit's **load + actions** model, for apps built
//! as Leptos islands on axum.
//!
//! This crate is the reusable layer; it knows nothing of any app (see README.md
//! beside this crate for what it is, how a page uses it and its wire protocol).
//! What it promises is in BEHAVIOUR.md, beside README.md: "spec R1" in a comment
//! of this crate, or a test named `r1_…`, means the rule R1 there.
//!
//! Every page is rendered on the server, and only `#[island]` components are
//! hydrated in the browser. The layer's own browser code (`browser`) makes the
//! rest of the page behave like a client-side app: forms post with `fetch`,
//! links and GET forms navigate without a document load, and the server's new
//! HTML is merged into the page.
//!
//! - A page's **load** is an `async fn` declared with
//!   [`#[load]`](macro@load), which runs on the server only and answers at no
//!   URL, and [`load()`](fn@load) makes it a resource that the server awaits
//!   while it renders the page, so it runs again after every action. It fails
//!   with a [`PageError`] (`?` on any error is a logged 500 with an id), which
//!   the page shows as its error page.
//! - Its **actions** are declared with [`#[action(Page)]`](macro@action), one
//!   declaration each (its page, typed form, output and body), listed by the
//!   page (`server::PageRoute::action`) and posted to on the page's own path:
//!   `POST /path` for a default action, `POST /path?/name` for named ones. An
//!   action stops with a [`Stop`]: a failure, a redirect or an error.
//! - A view holds an action's handle, [`use_action`], and renders its form with
//!   [`ActionForm`]: a plain HTML form that works without JavaScript and is
//!   submitted with `fetch` once the wasm has started. In an island, [`Enhance`]
//!   customises one (pending UI, optimistic updates), and [`apply_action`]
//!   applies a result obtained any other way.
//! - A search box is a [`GetForm`]: a GET that navigates, without a document
//!   load once the wasm has started.
//! - An action's result is its handle's, typed ([`ActionHandle::value`]). In an
//!   island the handle wraps the action's Leptos `ServerAction`, which each
//!   enhanced submission of its form dispatches.
//! - The app's layout renders the page in one [`Page`] (the page or its error
//!   page, the flash message, what the browser half reads), and its shell has
//!   one [`Head`]; the server half's [`FormActions::leptos`] serves the app.
//!
//! [`FormActions::leptos`]: server::FormActions::leptos
//!
//! # Example
//!
//! A page with a typed form and two actions, whole; [`prelude`] holds every
//! name it uses (Leptos's prelude among them).
//!
//! ```
//! use leptos_form_actions::prelude::*;
//!
//! route!(pub Notes = "/notes"); // the page: a marker type with its path
//!
//! #[derive(Debug, Form)]
//! #[form(summary)]
//! pub struct Note {
//!     #[field(label = "Text", required = "Text is required", max_length = 200,
//!             too_long = "Text must be at most 200 characters")]
//!     pub text: String,
//! }
//!
//! /// POST /notes?/add. A blank text never gets here: the page is answered
//! /// with 422, the text sent and its issue.
//! #[action(Notes)]
//! pub async fn add(note: Note) -> Result<usize, Stop> {
//!     if note.text.contains("http") {
//!         // A failure of the action's own, for the person to fix.
//!         return Err(Rejected::of(&note).issue(Note::names().text, "No links").into());
//!     }
//!     Ok(note.text.chars().count())
//! }
//!
//! /// POST /notes?/clear: reads no form, and goes back with a message.
//! #[action(Notes)]
//! pub async fn clear(_ev: Event<()>) -> Result<(), Stop> {
//!     Err(Stop::redirect(Notes::PATH).flash("Cleared"))
//! }
//!
//! /// The page, in the app's page table (server only; `()` is the app's state).
//! pub fn page() -> PageRoute<(), Notes> {
//!     PageRoute::new(Notes, NotesPage).action(add).action(clear)
//! }
//!
//! #[component]
//! pub fn NotesPage() -> impl IntoView {
//!     let (add, clear) = (use_action(add), use_action(clear));
//!     view! {
//!         {move || add.output().map(|n| view! { <p role="status">{n} " characters"</p> })}
//!         <ActionForm action=add label="Add note" novalidate=true>
//!             <ErrorSummary form=add.form() />
//!             <FormField field=add.fields().text />
//!             <button type="submit">"Add"</button>
//!             <button type="submit" formaction=clear.url()>"Clear"</button>
//!         </ActionForm>
//!     }
//! }
//! # fn main() {}
//! ```
//!
//! The modules depend one way, each only on those before it:
//! `protocol` (the wire format) ← `page` (the page state) ← `fields` (typed
//! forms), `enhance` (how a form is enhanced), `flash` ← `action` (actions,
//! their handles and `<ActionForm>`), `get_form`, `layout` (`<Page>`, `<Head>`)
//! ← `browser` (the browser half, browser only). `server` (server only) uses
//! those but `browser`. Everything but `browser` and `server` runs on both sides.

// The derives name this crate by its path, from here as from an app.
extern crate self as leptos_form_actions;

mod action;
mod at_once;
#[cfg(feature = "hydrate")]
mod browser;
mod enhance;
pub mod fields;
mod flash;
mod get_form;
pub mod i18n;
mod layout;
mod page;
mod protocol;
#[cfg(feature = "ssr")]
pub mod server;

pub use action::{
    use_action, Action, ActionForm, ActionHandle, Route, Stop, Submission, SubmissionToken,
};
pub use at_once::{at_once, AtOnce};
#[cfg(feature = "hydrate")]
pub use browser::{fetch_action, goto, start, Visit};
pub use enhance::{after, AfterSubmit, Enhance, Reset, Submit, Update};
pub use get_form::GetForm;
pub use layout::{Head, Page};
pub use leptos_form_actions_derive::{action, load};
pub use page::{apply_action, load, page_redirect, set_status, use_page, PageError, PageState};
pub use protocol::{ActionResult, ErrorBody, RawJson};

// The wire protocol's names, for the server half, the browser half and tests:
// not what a page is written with.
#[doc(hidden)]
pub use page::PageSnapshot;
#[doc(hidden)]
pub use protocol::{
    deserialize, AnswerHead, ACTION_HEADER, ANSWER_TYPE, BUILD_HEADER, PAGE_HEADER,
    SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER,
};

/// What a page author uses, in one import: `use leptos_form_actions::prelude::*;`.
/// It holds Leptos's own prelude too, with the layer's [`ActionForm`] in place
/// of Leptos's (a name of this module wins over the glob's), so a page file
/// needs no other import of either (and must not glob Leptos's prelude as
/// well: `ActionForm` would then be ambiguous).
pub mod prelude {
    pub use crate::fields::{ErrorSummary, Form, FormField, FormMessage, FormRows, Rejected};
    #[cfg(feature = "ssr")]
    pub use crate::server::{Event, PageRoute};
    pub use crate::{
        action, route, use_action, ActionForm, ActionHandle, Reset, Route, Stop, SubmissionToken,
    };
    pub use leptos::prelude::*;
    /// Every page sets its title and description.
    pub use leptos_meta::{Meta, Title};
}

/// What the macros' code names; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "ssr")]
    pub use futures::future::BoxFuture;
}

/// The server-only half of what `#[action]` writes: kept in a server build,
/// left out of the browser's.
#[cfg(feature = "ssr")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_ssr {
    ($($t:tt)*) => { $($t)* };
}

#[cfg(not(feature = "ssr"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_ssr {
    ($($t:tt)*) => {};
}

/// The browser's half of what `#[load]` writes: kept in a build without the
/// server, left out of the server's.
#[cfg(not(feature = "ssr"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __unless_ssr {
    ($($t:tt)*) => { $($t)* };
}

#[cfg(feature = "ssr")]
#[doc(hidden)]
#[macro_export]
macro_rules! __unless_ssr {
    ($($t:tt)*) => {};
}
