//! What an `<ActionForm>` (`action.rs`) holds and offers: its state, its
//! enhance callback, and its registration with the browser half.
//!
//! The server renders `<form method="post" action=… data-kit="post">`, which
//! works with JavaScript off: the browser posts, the server runs the action and
//! renders the page again with its result. Once the wasm has started, a submit is
//! sent with `fetch` (`x-leptos-action: true`), and the [`ActionResult`] is
//! applied the way the browser would have done it (spec E2–E5), with no document
//! navigation: the server renders the page with the result, and the document
//! takes what changed.
//!
//! The app is built as islands: outside an island the form is the server's HTML,
//! enhanced by the layer's one listener (`browser::start`); inside an
//! `#[island]` it is hydrated, and it can take an [`Enhance`] callback, and its
//! submissions are dispatched through its action's Leptos `ServerAction`
//! (`action.rs`), which holds their result. A hydrated form registers its
//! options here ([`options_of`]), where the listener finds them: the form itself
//! never calls the browser half, which sits above it.

use std::{cell::Cell, future::Future, sync::Arc};

use crate::page::LocalFuture;
use crate::protocol::ActionResult;

/// When an enhanced form resets its fields (spec E4). Password fields are emptied
/// after every submission whatever this says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reset {
    /// Reset after a success, like a native form submission followed by a fresh page.
    #[default]
    OnSuccess,
    /// Keep what the user typed.
    Never,
}

/// What an [`Enhance`] callback receives before a submission is sent (spec E6).
/// Runs in the browser only.
pub struct Submit {
    /// The form element.
    pub form: web_sys::HtmlFormElement,
    /// The data about to be sent; the callback may change it.
    pub data: web_sys::FormData,
    /// The absolute URL of the action.
    pub action: String,
    /// The button that submitted the form, if any.
    pub submitter: Option<web_sys::HtmlElement>,
    pub(crate) cancelled: Cell<bool>,
    pub(crate) reset_now: Cell<bool>,
}

impl Submit {
    /// Do not send this submission.
    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    /// Reset the form now rather than when the answer comes: for a form that
    /// shows its result at once (an optimistic update, spec E6), whose user
    /// sees it done and types on (spec R2). What is typed from here on is
    /// never reset; if the answer is not a success, the fields not touched
    /// since take back what was sent. Passwords are emptied all the same.
    pub fn reset(&self) {
        self.reset_now.set(true);
    }

    /// The text value of a field of [`Submit::data`].
    pub fn get(&self, name: &str) -> Option<String> {
        self.data.get(name).as_string()
    }
}

/// Applies the default behaviour to a result (SvelteKit's `update()`).
pub struct Update(pub(crate) Box<dyn FnOnce() -> LocalFuture>);

impl Update {
    /// Does what the form does without a callback: sets `form`, renders the page
    /// again (its loads rerun), resets the fields, moves focus, navigates or shows
    /// the error page. Done when the page shows the result.
    pub async fn apply(self) {
        (self.0)().await
    }
}

/// Called with the result of a submission, and the default behaviour to apply;
/// make one with [`after`].
pub type AfterSubmit = Box<dyn FnOnce(ActionResult, Update) -> LocalFuture>;

/// An [`AfterSubmit`] from an async closure.
pub fn after<F, Fut>(callback: F) -> AfterSubmit
where
    F: FnOnce(ActionResult, Update) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    Box::new(move |result, update| Box::pin(callback(result, update)))
}

/// Customises an enhanced form (spec E6): a callback run before each submission,
/// which may `cancel()` it or return a callback run with the result. With it a
/// page can show pending UI or apply an optimistic update. Only a form inside an
/// island runs it: elsewhere there is no Rust code in the browser to call.
///
/// ```
/// use leptos_form_actions::{after, prelude::*, ActionResult, Enhance};
///
/// route!(Notes = "/notes");
/// #[derive(Debug, Form)]
/// struct Note {
///     #[field(label = "Text")]
///     text: String,
/// }
/// #[action(Notes)]
/// async fn add(note: Note) -> Result<(), Stop> { Ok(()) }
///
/// #[island]
/// fn AddNote() -> impl IntoView {
///     let add = use_action(add);
///     let saving = RwSignal::new(None::<String>);
///     // Before the request: show what is being saved; after it, apply the
///     // default behaviour, then clear it.
///     let enhance = Enhance::new(move |submit| {
///         saving.set(submit.get("text"));
///         Some(after(move |result: ActionResult, update| async move {
///             update.apply().await;
///             saving.set(None);
///         }))
///     });
///     view! {
///         <ActionForm action=add label="Add note" enhance>
///             <FormField field=add.fields().text />
///             <button type="submit">"Add"</button>
///         </ActionForm>
///         {move || saving.get().map(|text| view! { <p aria-busy="true">{text}</p> })}
///     }
/// }
/// # fn main() {}
/// ```
#[derive(Clone)]
pub struct Enhance(
    // Called in the browser only; the server renders the form and never submits it.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] pub(crate) Arc<BeforeSubmit>,
);

/// The callback of an [`Enhance`].
type BeforeSubmit = dyn Fn(&Submit) -> Option<AfterSubmit> + Send + Sync;

impl Enhance {
    pub fn new(callback: impl Fn(&Submit) -> Option<AfterSubmit> + Send + Sync + 'static) -> Self {
        Self(Arc::new(callback))
    }
}

/// Runs a hydrated form's submission: the listener prepares it (the request,
/// and what the page does with its answer) and hands it over; the form's
/// action dispatches it, so that its `ServerAction` holds its pending state and
/// result. The future resolves to the action's result.
#[cfg(feature = "hydrate")]
pub(crate) type Dispatch = std::rc::Rc<dyn Fn(Submitting)>;

/// A hydrated form's submission, as its action runs it.
#[cfg(feature = "hydrate")]
pub(crate) type Submitting = std::pin::Pin<Box<dyn Future<Output = ActionResult>>>;

/// How one form is enhanced, as the layer's listener reads it.
#[cfg(feature = "hydrate")]
pub(crate) struct FormOptions {
    /// How its submissions run, when it is hydrated (in an island).
    pub dispatch: Option<Dispatch>,
    pub reset: Reset,
    pub enhance: Option<Enhance>,
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// The hydrated forms on the page, with their dispatch and callback.
    static HYDRATED: std::cell::RefCell<Vec<(web_sys::HtmlFormElement, Dispatch, Option<Enhance>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Registers a hydrated form (an `<ActionForm>` in an island) with its
/// dispatch and callback, for the layer's listener, which takes its submissions.
#[cfg(feature = "hydrate")]
pub(crate) fn register(
    form: web_sys::HtmlFormElement,
    dispatch: Dispatch,
    enhance: Option<Enhance>,
) {
    HYDRATED.with(|forms| {
        let mut forms = forms.borrow_mut();
        // Forms that left the document with their island are forgotten.
        forms.retain(|(el, ..)| el.is_connected());
        forms.push((form, dispatch, enhance));
    });
}

/// The options of a form: its attributes, and for a hydrated form what it registered.
#[cfg(feature = "hydrate")]
pub(crate) fn options_of(form: &web_sys::HtmlFormElement) -> FormOptions {
    let reset = match form.get_attribute("data-kit-reset").as_deref() {
        Some("never") => Reset::Never,
        _ => Reset::OnSuccess,
    };
    let (dispatch, enhance) = HYDRATED.with(|forms| {
        forms
            .borrow()
            .iter()
            .find(|(el, ..)| el == form)
            .map(|(_, dispatch, enhance)| (Some(dispatch.clone()), enhance.clone()))
            .unwrap_or_default()
    });
    FormOptions {
        dispatch,
        reset,
        enhance,
    }
}
