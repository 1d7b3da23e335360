//! Typed actions (spec T1–T4): an action is one declaration, [`#[action]`](crate::action),
//! and a value the page and its views hold, never a name written as a string.
//!
//! ```ignore
//! route!(pub Notes = "/notes");
//!
//! #[action(Notes)]                       // POST /notes?/add
//! pub async fn add(ev: Event<AppState>, note: Note) -> Result<Saved, Stop> { … }
//!
//! PageRoute::new(Notes, NotesPage).action(add)         // the page lists it
//! let add = use_action(add);                            // a view's handle
//! view! { <ActionForm action=add> <FormField field=add.fields().text /> … </ActionForm> }
//! ```
//!
//! Runs on both sides: the server renders the handles' forms and results; in
//! the browser a handle lives in an island, where it wraps a Leptos
//! `ServerAction` (spec T2): its form's submissions are that action's
//! dispatches, which set its `pending()`, `value()` and `version()`.

use leptos::prelude::*;
use leptos::server_fn::{
    self, client::browser::BrowserClient, codec::JsonEncoding, error::FromServerFnError,
    error::ServerFnErrorErr, mock::BrowserMockServer, ServerFn,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::{fmt, future::Future, marker::PhantomData, sync::Arc};

use crate::enhance::{Enhance, Reset};
use crate::fields::{Failures, Form, FormHandle, Rejected, Submitted};
use crate::page::{use_page, PageState};
use crate::protocol::{ActionResult, ErrorBody, RawJson};

/// A page that has actions: a marker type that carries the page's path. Declare
/// one with [`route!`](crate::route): `route!(pub Todos = "/todos");`.
pub trait Route: 'static {
    /// The page's path, in axum's syntax (`/todos`, `/todos/{id}`).
    const PATH: &'static str;
}

/// Declares a page's marker type (a [`Route`]): `route!(pub Todos = "/todos");`.
///
/// ```
/// use leptos_form_actions::{route, Route};
///
/// route!(pub Todos = "/todos");
/// route!(
///     /// One todo, by its id.
///     pub EditTodo = "/todos/{id}"
/// );
///
/// assert_eq!((Todos::PATH, EditTodo::PATH), ("/todos", "/todos/{id}"));
/// ```
#[macro_export]
macro_rules! route {
    ($(#[$meta:meta])* $vis:vis $name:ident = $path:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        $vis struct $name;
        impl $crate::Route for $name {
            const PATH: &'static str = $path;
        }
    };
}

/// An action of a page, declared with [`#[action]`](crate::action): its page,
/// its input (a typed form) and its output. The attribute writes this; app code
/// names an action by its function (`add`), never by a string.
pub trait Action: Copy + Send + Sync + 'static {
    /// The page whose path the action is posted to.
    type Page: Route;
    /// The typed form it reads (`()` for an action that reads none).
    type Input: Form;
    /// What it returns on success: the page's `form` value after it.
    type Output: Serialize + DeserializeOwned + Clone + Send + Sync + 'static;
    /// `?/NAME`, or `None` for the page's default action.
    const NAME: Option<&'static str>;
}

/// Whether `id` (from the page state) names the action `A`, without allocating.
fn is_action<A: Action>(id: &str) -> bool {
    let Some(rest) = id.strip_prefix(A::Page::PATH) else {
        return false;
    };
    match A::NAME {
        Some(name) => rest.strip_prefix("?/") == Some(name),
        None => rest.is_empty(),
    }
}

/// How an action stops without its output: the one error type of every action
/// (spec T3), SvelteKit's `fail`, `redirect` and `error`. `?` works on a
/// [`Rejected`] form (a failure) and, on the server, on any other error (an
/// unexpected 500, logged with an id).
///
/// ```
/// use leptos_form_actions::prelude::*;
///
/// route!(Todos = "/todos");
///
/// #[derive(Debug, Form)]
/// struct Rename {
///     #[field(label = "Title", required = "Title is required")]
///     title: String,
/// }
///
/// #[action(Todos)]
/// async fn rename(ev: Event<()>, form: Rename) -> Result<(), Stop> {
///     let id: u32 = ev.query("id").and_then(|id| id.parse().ok()).ok_or_else(Stop::not_found)?;
///     if form.title == "taken" {
///         // The person's to fix: the page again, 409, the title kept and its issue.
///         return Err(Rejected::of(&form).issue(Rename::names().title, "Taken").status(409).into());
///     }
///     let _saved: u64 = std::fs::metadata("/")?.len(); // any other error: a 500 with an id
///     // Done: to the list, with a message shown once there.
///     Err(Stop::redirect(Todos::PATH).flash(format!("Renamed todo {id}")))
/// }
/// # fn main() {}
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Stop {
    /// The user's to fix: the page is rendered again with `status` (400..=599)
    /// and `data` as its `form` value; for a typed form, what was sent (never a
    /// secret) and each field's issue.
    Fail { status: u16, data: RawJson },
    /// Go to `location` (303 unless [`Stop::status`] says otherwise), showing
    /// `flash` once on the page it lands on (spec F8).
    Redirect {
        status: u16,
        location: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flash: Option<String>,
    },
    /// An error page: an expected one (404) or an unexpected 500, whose details
    /// are only in the log, under `error.id`.
    Error { status: u16, error: ErrorBody },
}

impl Stop {
    /// A failure with the action's own `data` (any `serde` value), answered
    /// with `status` (400..=599; anything else is a programming error, a 500).
    pub fn fail(status: u16, data: impl Serialize) -> Self {
        if !(400..=599).contains(&status) {
            return Self::bug(format!(
                "Stop::fail needs a status in 400..=599, got {status}"
            ));
        }
        match RawJson::encode(&data) {
            Ok(data) => Self::Fail { status, data },
            Err(e) => Self::bug(format!("the data of a failure is not JSON: {e}")),
        }
    }

    /// A `303 See Other` to `location`.
    pub fn redirect(location: impl Into<String>) -> Self {
        Self::Redirect {
            status: 303,
            location: location.into(),
            flash: None,
        }
    }

    /// An error page with `status` and a message the person may read (a 4xx).
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        Self::Error {
            status,
            error: ErrorBody {
                message: message.into(),
                id: None,
            },
        }
    }

    /// The resource does not exist, or belongs to someone else: a 404.
    pub fn not_found() -> Self {
        Self::error(404, crate::i18n::KitText::NotFound.text())
    }

    /// An unexpected error: logged here with an id, and only the id goes out.
    #[cfg(feature = "ssr")]
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        let id = crate::protocol::log_with_id(&error.into());
        Self::Error {
            status: 500,
            error: ErrorBody {
                message: "Internal error".into(),
                id: Some(id),
            },
        }
    }

    /// A typed form shown again as it was sent, with one row more or fewer
    /// (spec P1): a failure, so that the page shows what was sent, with the
    /// status the form was given (200 unless the list is full).
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub(crate) fn shown_again<F: Form>(form: Rejected<F>) -> Self {
        match RawJson::encode(&*form.data) {
            Ok(data) => Self::Fail {
                status: form.status,
                data,
            },
            Err(e) => Self::bug(format!("a form's values are not JSON: {e}")),
        }
    }

    /// A mistake of the app's code, reported as an unexpected error.
    fn bug(message: String) -> Self {
        #[cfg(feature = "ssr")]
        return Self::internal(anyhow::anyhow!(message));
        #[cfg(not(feature = "ssr"))]
        Self::error(500, message)
    }

    /// The same stop with another status: a failure's (400..=599) or a
    /// redirect's (300..=308); any other is ignored.
    pub fn status(mut self, new: u16) -> Self {
        match &mut self {
            Self::Fail { status, .. } if (400..=599).contains(&new) => *status = new,
            Self::Redirect { status, .. } if (300..=308).contains(&new) => *status = new,
            _ => {}
        }
        self
    }

    /// A redirect that shows `message` once on the page it lands on (spec F8),
    /// with or without JavaScript. Nothing for the other kinds.
    pub fn flash(mut self, message: impl Into<String>) -> Self {
        if let Self::Redirect { flash, .. } = &mut self {
            *flash = Some(message.into());
        }
        self
    }

    /// The failure's data, decoded as `T` (a typed form's [`Submitted`]).
    pub fn failure<T: DeserializeOwned>(&self) -> Option<T> {
        match self {
            Self::Fail { data, .. } => data.decode().ok(),
            _ => None,
        }
    }

    /// The HTTP status it answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Fail { status, .. }
            | Self::Redirect { status, .. }
            | Self::Error { status, .. } => *status,
        }
    }

    /// A message for the person when it is an error ("Internal error (error id …)").
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Error { error, .. } => Some(match &error.id {
                Some(id) => format!("{} (error id {id})", error.message),
                None => error.message.clone(),
            }),
            _ => None,
        }
    }

    /// The result the wire carries for it (spec §3).
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub(crate) fn into_result(self) -> ActionResult {
        match self {
            Self::Fail { status, data } => ActionResult::Failure { status, data },
            Self::Redirect {
                status, location, ..
            } => ActionResult::Redirect { status, location },
            Self::Error { status, error } => ActionResult::Error { status, error },
        }
    }
}

/// Only the kind and status: a failure's data may be large, and `Debug` reaches logs.
impl fmt::Debug for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fail { status, .. } => write!(f, "Stop::Fail({status})"),
            Self::Redirect {
                status, location, ..
            } => write!(f, "Stop::Redirect({status}, {location})"),
            Self::Error { status, error } => write!(f, "Stop::Error({status}, {error:?})"),
        }
    }
}

/// What Leptos's server functions need of an error type: `Stop` is the error
/// of an action's `ServerAction`. Leptos's own errors (a request that could not
/// be made or read) are unexpected errors, status 500.
impl FromServerFnError for Stop {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::error(500, value.to_string())
    }
}

/// A typed form's refusal: a failure with what was sent and each field's issue.
impl<F: Form> From<Rejected<F>> for Stop {
    fn from(rejected: Rejected<F>) -> Self {
        let status = rejected.status_code();
        Self::fail(status, &*rejected.data)
    }
}

/// Any other error turned by `?` into an unexpected 500, logged with an id.
/// (`Stop` is deliberately not a `std::error::Error`: this impl would then
/// overlap `From<T> for T`.)
#[cfg(feature = "ssr")]
impl<E: Into<anyhow::Error>> From<E> for Stop {
    fn from(error: E) -> Self {
        Self::internal(error)
    }
}

/// What a view holds of an action (spec T1, T2): from [`use_action`]. It renders
/// the form's `action` and a button's `formaction` ([`ActionHandle::url`]) and
/// reads the action's own result, typed, with Leptos's `ServerAction` API:
/// [`pending`](Self::pending), [`value`](Self::value), [`version`](Self::version).
///
/// In an island it wraps the action's `ServerAction` ([`server_action`](Self::server_action)):
/// each enhanced submission of its form is one dispatch of it. Its value starts
/// as the result the page was rendered with, when that is this action's.
pub struct ActionHandle<A: Action> {
    /// Its Leptos action: made in the browser only, where its form is
    /// submitted. The server renders each form once, so the many forms of a
    /// long list make no reactive nodes there.
    #[cfg(feature = "hydrate")]
    action: ServerAction<Submission<A>>,
    /// The page's state: the result of the action the page shows last, which
    /// is this action's value when it is this action's.
    page: PageState,
    marker: PhantomData<fn() -> A>,
}

impl<A: Action> Clone for ActionHandle<A> {
    fn clone(&self) -> Self {
        *self
    }
}

/// Copy, as Leptos's `ServerAction`: a view moves it into as many closures as it likes.
impl<A: Action> Copy for ActionHandle<A> {}

/// The handle of `action` for this view: `let add = use_action(add);`. Call it
/// while rendering. Its result is the action's own: the page's, when the page
/// was rendered after it (without JavaScript), then, in an island, that of each
/// submission of its form.
///
/// ```
/// use leptos::prelude::*;
/// use leptos_form_actions::prelude::*;
///
/// route!(Notes = "/notes");
///
/// #[action(Notes)]
/// async fn add(_ev: Event<()>) -> Result<u32, Stop> {
///     Ok(1)
/// }
///
/// fn view() -> Option<Result<u32, Stop>> {
///     let add = use_action(add);
///     add.value().get_untracked()
/// }
/// ```
///
/// Its value is the action's own output, typed: reading it as another type
/// does not compile (T1).
///
/// ```compile_fail,E0308
/// use leptos::prelude::*;
/// use leptos_form_actions::prelude::*;
///
/// route!(Notes = "/notes");
///
/// #[action(Notes)]
/// async fn add(_ev: Event<()>) -> Result<u32, Stop> {
///     Ok(1)
/// }
///
/// fn view() -> Option<Result<String, Stop>> {
///     let add = use_action(add);
///     add.value().get_untracked()
/// }
/// ```
pub fn use_action<A: Action>(action: impl Fn() -> A) -> ActionHandle<A> {
    let _ = action;
    let page = use_page();
    ActionHandle {
        #[cfg(feature = "hydrate")]
        action: ServerAction::new(),
        page,
        marker: PhantomData,
    }
}

impl<A: Action> ActionHandle<A> {
    /// The URL its form posts to: `?/name` on its own page, else the page's
    /// path with it (`/login?/login`); a default action posts to the page's
    /// path. Use it for a button's `formaction`.
    pub fn url(&self) -> String {
        match A::NAME {
            Some(name) if on_own_page::<A>() => ["?/", name].concat(),
            Some(name) => [A::Page::PATH, "?/", name].concat(),
            None => own_page_path::<A>().unwrap_or_else(|| A::Page::PATH.to_owned()),
        }
    }

    /// The action's value, as Leptos's `ServerAction::value()`: its output, or
    /// why it stopped; in an island, that of its form's last submission while
    /// the page shows it, else the page's result when it is this action's.
    pub fn value(&self) -> Signal<Option<Result<A::Output, Stop>>> {
        let this = *self;
        Signal::derive(move || this.current())
    }

    /// Its output after a success, if any: `value()`'s `Ok` (tracked).
    pub fn output(&self) -> Option<A::Output> {
        self.current().and_then(Result::ok)
    }

    /// What `value()` holds now, read without making a signal (tracked): the
    /// value of its form's last submission in this island while the page
    /// shows it, else the page's result when it is this action's. A later
    /// result of another action of the page replaces it, as without
    /// JavaScript, where the page is rendered with that result only (spec T4).
    fn current(&self) -> Option<Result<A::Output, Stop>> {
        #[cfg(feature = "hydrate")]
        if let Some(value) = self.action.value().get() {
            if self.shows_own_submission() {
                return Some(value);
            }
        }
        typed(self.page.action_result(is_action::<A>)?)
    }

    /// Whether the page still shows its form's last submission: the page's
    /// result is this action's; or, for an action of another page (Quick log
    /// in posting to `/login`), no action of this page has run since.
    #[cfg(feature = "hydrate")]
    fn shows_own_submission(&self) -> bool {
        match self.page.shows_action(is_action::<A>) {
            Some(ours) => ours,
            None => own_page_path::<A>().is_none(),
        }
    }

    /// True while its form's submission is in flight (in an island; tracked),
    /// as `ServerAction::pending()`.
    pub fn pending(&self) -> Signal<bool> {
        #[cfg(feature = "hydrate")]
        return self.action.pending().into();
        #[cfg(not(feature = "hydrate"))]
        Signal::stored(false)
    }

    /// How many submissions of its form have come back in this island (not
    /// counting the result the page was rendered with), as `ServerAction::version()`.
    pub fn version(&self) -> Signal<usize> {
        #[cfg(feature = "hydrate")]
        return self.action.version().into();
        #[cfg(not(feature = "hydrate"))]
        Signal::stored(0)
    }

    /// Leptos's `ServerAction` under the handle, in an island (`None` on the
    /// server, where forms are rendered, never submitted): for what the handle
    /// does not repeat, such as `input()` or `clear()`.
    pub fn server_action(&self) -> Option<ServerAction<Submission<A>>> {
        #[cfg(feature = "hydrate")]
        return Some(self.action);
        #[cfg(not(feature = "hydrate"))]
        None
    }

    /// Its typed form, showing this action's failure (what was sent, and each
    /// field's issue) and no other action's (spec T4).
    pub fn form(&self) -> FormHandle<A::Input> {
        let this = *self;
        FormHandle::from_failures(move || this.failure())
    }

    /// The fields of its form ([`ActionHandle::form`]).
    pub fn fields(&self) -> <A::Input as Form>::Fields {
        self.form().fields()
    }

    /// The failure it shows, if its last result is one of a typed form.
    pub(crate) fn failure(&self) -> Option<Arc<Submitted>> {
        match self.current()? {
            Err(Stop::Fail { data, .. }) if data.as_str().starts_with('{') => {
                data.decode::<Submitted>().ok().map(Arc::new)
            }
            _ => None,
        }
    }
}

/// A result of the wire as an action's value: `Ok` with its output, decoded
/// as the action's type (`None` if it is not one).
fn typed<O: DeserializeOwned>(result: ActionResult) -> Option<Result<O, Stop>> {
    Some(match result {
        ActionResult::Success { data, .. } => Ok(data.decode().ok()?),
        ActionResult::Failure { status, data } => Err(Stop::Fail { status, data }),
        ActionResult::Redirect { status, location } => Err(Stop::Redirect {
            status,
            location,
            flash: None,
        }),
        ActionResult::Error { status, error } => Err(Stop::Error { status, error }),
    })
}

/// One enhanced submission of an action's form, as its `ServerAction`
/// dispatches it: the server function `A` is, to Leptos. Its protocol is the
/// layer's (spec R1): the browser half posts the form's data to the action's
/// URL and merges the page of the answer; the result becomes the action's value.
///
/// Only the form's own submissions make one; there is no endpoint for it of
/// its own, since the action is posted to its page's URL (`/todos?/add`).
pub struct Submission<A> {
    #[cfg(feature = "hydrate")]
    run: Arc<std::sync::Mutex<Option<send_wrapper::SendWrapper<crate::enhance::Submitting>>>>,
    marker: PhantomData<fn() -> A>,
}

impl<A> Clone for Submission<A> {
    fn clone(&self) -> Self {
        Self {
            #[cfg(feature = "hydrate")]
            run: self.run.clone(),
            marker: PhantomData,
        }
    }
}

impl<A: Action> Submission<A> {
    #[cfg(feature = "hydrate")]
    pub(crate) fn new(run: crate::enhance::Submitting) -> Self {
        Self {
            run: Arc::new(std::sync::Mutex::new(Some(send_wrapper::SendWrapper::new(
                run,
            )))),
            marker: PhantomData,
        }
    }

    /// Runs the submission once (a clone of a dispatched one finds it taken).
    fn run(self) -> impl Future<Output = Result<A::Output, Stop>> + Send {
        #[cfg(feature = "hydrate")]
        let run = self.run.lock().ok().and_then(|mut run| run.take());
        // The server renders forms and never submits them.
        #[cfg(not(feature = "hydrate"))]
        let run: Option<std::future::Ready<ActionResult>> = {
            let _ = self;
            None
        };
        async move {
            let Some(run) = run else {
                return Err(Stop::error(500, "This submission has already run."));
            };
            let result = run.await;
            typed(result).unwrap_or_else(|| {
                Err(Stop::error(
                    500,
                    "The action answered with another type of value.",
                ))
            })
        }
    }
}

impl<A: Action> ServerFn for Submission<A> {
    /// Not a path of its own: the form posts to its action's URL, which the
    /// handle renders ([`ActionHandle::url`]).
    const PATH: &'static str = "";
    type Client = BrowserClient;
    type Server = BrowserMockServer;
    type Protocol = Enhanced;
    type Output = A::Output;
    type Error = Stop;
    type InputStreamError = Stop;
    type OutputStreamError = Stop;

    /// The action's body runs in the page's dispatcher, never here.
    async fn run_body(self) -> Result<A::Output, Stop> {
        Err(Stop::error(404, "Not found"))
    }
}

/// The layer's protocol, as Leptos's server functions see it: a submission is
/// sent by the browser half (one request, spec R1), never by Leptos's client.
#[doc(hidden)]
pub struct Enhanced;

type MockRequest = <BrowserMockServer as server_fn::server::Server<Stop>>::Request;
type MockResponse = <BrowserMockServer as server_fn::server::Server<Stop>>::Response;

impl<A: Action>
    server_fn::Protocol<
        Submission<A>,
        A::Output,
        BrowserClient,
        BrowserMockServer,
        Stop,
        Stop,
        Stop,
    > for Enhanced
{
    const METHOD: http::Method = http::Method::POST;

    async fn run_server<F, Fut>(_request: MockRequest, _server_fn: F) -> Result<MockResponse, Stop>
    where
        F: Fn(Submission<A>) -> Fut + Send,
        Fut: Future<Output = Result<A::Output, Stop>> + Send,
    {
        Err(Stop::error(404, "Not found"))
    }

    fn run_client(
        _path: &str,
        input: Submission<A>,
    ) -> impl Future<Output = Result<A::Output, Stop>> + Send {
        input.run()
    }
}

impl<A: Action> Failures for ActionHandle<A> {
    fn failure(&self) -> Option<Arc<Submitted>> {
        ActionHandle::failure(self)
    }
}

/// The path of the page being shown, when it is `A`'s page (`/todos/7` for
/// `/todos/{id}`); `None` on another page.
fn own_page_path<A: Action>() -> Option<String> {
    crate::page::current_path().filter(|path| path_matches(A::Page::PATH, path))
}

/// Whether the page being shown is `A`'s page ([`own_page_path`] without
/// copying the path: asked for every form the server renders).
fn on_own_page<A: Action>() -> bool {
    crate::page::with_current_path(|path| path_matches(A::Page::PATH, path)).unwrap_or(false)
}

/// Whether a URL path is a page's (`/todos/7` for `/todos/{id}`).
pub(crate) fn path_matches(pattern: &str, path: &str) -> bool {
    // A path without parameters: the same path, but for a trailing `/`.
    if !pattern.contains('{') {
        return pattern.trim_end_matches('/') == path.trim_end_matches('/');
    }
    let mut want = pattern.trim_end_matches('/').split('/');
    let mut got = path.trim_end_matches('/').split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// A form that posts to an action, with Leptos's `<ActionForm>` API (`action`,
/// `node_ref`, children): a plain HTML form that works without JavaScript
/// (spec §1), submitted with `fetch` once the wasm has started, in one request
/// (spec R1). `label` is its accessible name.
#[component]
pub fn ActionForm<A: Action>(
    /// The action's handle, from [`use_action`].
    action: ActionHandle<A>,
    /// The accessible name of the form (`aria-label`).
    #[prop(into)]
    label: TextProp,
    /// A node ref for the `<form>` element.
    #[prop(optional)]
    node_ref: Option<NodeRef<leptos::html::Form>>,
    /// When to reset the fields after an enhanced submission.
    #[prop(optional)]
    reset: Reset,
    /// Skip the browser's own validation, so the server's messages are shown.
    #[prop(optional)]
    novalidate: bool,
    /// A callback around each enhanced submission (in an island only).
    #[prop(optional)]
    enhance: Option<Enhance>,
    /// How long an enhanced submission is in flight before the form says it
    /// is slow with `data-kit-busy`, which busy text or a spinner can follow
    /// (spec P5): 150 ms when not given. `aria-busy` and the disabled buttons
    /// come at once (E3).
    #[prop(optional)]
    busy_delay: Option<std::time::Duration>,
    /// Ask before leaving the page while the form has edits not yet
    /// submitted (spec P4): links, back and forward, reload, closing the tab.
    #[prop(optional)]
    guard: bool,
    children: Children,
) -> impl IntoView {
    let form = view! {
        <form
            method="post"
            action=action.url()
            aria-label=move || label.get()
            data-kit="post"
            data-kit-reset=(reset == Reset::Never).then_some("never")
            data-kit-busy-delay=busy_delay.map(|d| d.as_millis().to_string())
            data-kit-guard=guard.then_some("")
            novalidate=novalidate
        >
            <SubmissionToken />
            {children()}
        </form>
    };
    // A form with a file field posts its files (spec U1). Written by the
    // server only: the browser hydrates the server's form, and its enhanced
    // submission sends the form's FormData, multipart either way, so the
    // browser's build has no code for it, on any page.
    #[cfg(not(feature = "hydrate"))]
    let form = form.attr(
        "enctype",
        A::Input::MULTIPART.then_some("multipart/form-data"),
    );
    // In the browser this runs only inside an island: the form registers its
    // state and callback for the layer's listener, which takes its submissions.
    // The server has nothing to register (nor a node to refer to).
    #[cfg(feature = "hydrate")]
    let form = {
        let form_ref = node_ref.unwrap_or_default();
        let server_action = action.action;
        let dispatch: crate::enhance::Dispatch = std::rc::Rc::new(move |run| {
            server_action.dispatch(Submission::new(run));
        });
        form_ref.on_load(move |form| crate::enhance::register(form, dispatch, enhance));
        form.into_inner().node_ref(form_ref)
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = (enhance, node_ref);
    form
}

/// The hidden input that makes a form's submission single-use (spec P3): the
/// same submission sent twice (a double click without JavaScript, back and send
/// again, a retried request) takes effect once, and the repeat is answered as
/// the first was. Every [`ActionForm`] has one; put one in a form written by
/// hand that posts to an action.
///
/// It renders a placeholder, the same in every render (so a kept page can be
/// kept), which the server replaces with a fresh random token in every page it
/// sends, kept or not.
#[component]
pub fn SubmissionToken() -> impl IntoView {
    use crate::protocol::{SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER};
    view! { <input type="hidden" name=SUBMISSION_FIELD value=SUBMISSION_PLACEHOLDER /> }
}

/// The escape hatch's input: an action that reads no typed form (it reads
/// `ev.form` itself, spec T8).
impl Form for () {
    type Fields = ();
    const NAME: &'static str = "form";
    const STATUS: u16 = 422;
    const KEY: Option<&'static str> = None;
    const SUMMARY: bool = false;
    fn specs() -> &'static [crate::fields::FieldSpec] {
        &[]
    }
    fn fields(_: crate::fields::FormView) -> Self::Fields {}
    fn parse_from(_: &dyn crate::fields::Source) -> Result<Self, crate::fields::Issues> {
        Ok(())
    }
    fn values(&self) -> crate::fields::Values {
        crate::fields::Values::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_path_matches_its_urls() {
        assert!(path_matches("/todos", "/todos"));
        assert!(path_matches("/todos/{id}", "/todos/7"));
        assert!(!path_matches("/todos/{id}", "/todos"));
        assert!(!path_matches("/todos/{id}", "/todos/"));
        assert!(!path_matches("/todos", "/login"));
        assert!(path_matches("/", "/"));
        assert!(!path_matches("/", "/todos"));
    }

    #[test]
    fn a_stop_keeps_its_kind_through_status_and_flash() {
        let stop = Stop::redirect("/todos").flash("Saved").status(307);
        assert_eq!(
            stop,
            Stop::Redirect {
                status: 307,
                location: "/todos".into(),
                flash: Some("Saved".into())
            }
        );
        assert_eq!(Stop::fail(422, ()).status(200).status_code(), 422);
        assert_eq!(Stop::not_found().status_code(), 404);
    }

    #[test]
    fn a_failure_with_a_status_that_is_not_an_error_is_a_bug() {
        assert_eq!(Stop::fail(200, ()).status_code(), 500);
    }
}

/// Spec T4 on a page with two forms and no per-row key: each form shows the
/// failure of its own action only. Both forms have the same type, so their
/// fields have the same names: only the action that ran tells them apart.
#[cfg(all(test, feature = "ssr"))]
mod one_result_per_action {
    use super::*;
    use crate::fields::{FormField, FormMessage, Values};
    use crate::page::PageSnapshot;

    route!(Notes = "/notes");

    #[derive(Debug, crate::fields::Form)]
    #[form(name = "note", status = 422)]
    struct Note {
        #[field(label = "Text", max_length = 5, too_long = "Text is too long")]
        text: String,
    }

    #[crate::action(Notes)]
    async fn add(_note: Note) -> Result<(), Stop> {
        Ok(())
    }

    #[crate::action(Notes)]
    async fn pin(_note: Note) -> Result<(), Stop> {
        Ok(())
    }

    /// The page rendered after the action `ran` failed, what was typed kept:
    /// the markup of its form named Add, and of its form named Pin.
    fn render_after(ran: &str) -> (String, String) {
        let owner = Owner::new();
        let html = owner.with(|| {
            let failure = Submitted {
                form: "note".into(),
                key: None,
                values: Values(vec![("text".into(), "typed by hand".into())]),
                issues: vec![("text".into(), "Text is too long".into())],
                message: Some("Nothing was kept".into()),
                focus: None,
            };
            provide_context(PageSnapshot {
                form: Some(RawJson::encode(&failure).unwrap()),
                status: 422,
                error: None,
                action: Some(ran.into()),
                shown_again: false,
            });
            let (add, pin) = (use_action(add), use_action(pin));
            let (add_form, pin_form) = (add.form(), pin.form().id_prefix("pin"));
            view! {
                <ActionForm action=add label="Add">
                    <FormField field=add_form.fields().text />
                    <FormMessage form=add_form />
                </ActionForm>
                <ActionForm action=pin label="Pin">
                    <FormField field=pin_form.fields().text />
                    <FormMessage form=pin_form />
                </ActionForm>
            }
            .into_view()
            .to_html()
        });
        let at = html.find(r#"aria-label="Pin""#).expect("the Pin form");
        let start = html[..at].rfind("<form").expect("its <form>");
        (html[..start].to_owned(), html[start..].to_owned())
    }

    fn shows_the_failure(form: &str) -> bool {
        form.contains("Text is too long")
            && form.contains("Nothing was kept")
            && form.contains(r#"value="typed by hand""#)
            && form.contains(r#"aria-invalid="true""#)
    }

    fn shows_nothing_of_it(form: &str) -> bool {
        !form.contains("Text is too long")
            && !form.contains("Nothing was kept")
            && !form.contains("typed by hand")
            && !form.contains("aria-invalid")
            && !form.contains(r#"role="alert""#)
    }

    #[test]
    fn t4_a_failure_shows_only_in_the_form_of_its_action() {
        let (add, pin) = render_after("/notes?/add");
        assert!(add.contains(r#"action="/notes?/add""#), "{add}");
        assert!(shows_the_failure(&add), "{add}");
        assert!(shows_nothing_of_it(&pin), "{pin}");

        let (add, pin) = render_after("/notes?/pin");
        assert!(pin.contains(r#"action="/notes?/pin""#), "{pin}");
        assert!(shows_the_failure(&pin), "{pin}");
        assert!(shows_nothing_of_it(&add), "{add}");
    }

    #[test]
    fn t4_another_pages_action_of_the_same_name_is_not_this_ones() {
        for ran in ["/other?/add", "/notes/add", "/notes?/added", "/notes"] {
            let (add, pin) = render_after(ran);
            assert!(shows_nothing_of_it(&add), "{ran}: {add}");
            assert!(shows_nothing_of_it(&pin), "{ran}: {pin}");
        }
    }
}

/// Spec U1: a form whose action takes a file field posts multipart.
#[cfg(all(test, feature = "ssr"))]
mod file_forms {
    use super::*;
    use crate::fields::Upload;

    route!(Docs = "/docs");

    #[derive(Debug, crate::fields::Form)]
    struct Doc {
        #[field(label = "File", max_size = 10, too_large = "Too large")]
        file: Upload,
    }

    #[crate::action(Docs)]
    async fn upload(_doc: Doc) -> Result<(), Stop> {
        Ok(())
    }

    #[crate::action(Docs)]
    async fn plain() -> Result<(), Stop> {
        Ok(())
    }

    #[test]
    fn u1_a_form_with_a_file_field_gets_the_multipart_enctype() {
        let owner = Owner::new();
        let html = owner.with(|| {
            let (upload, plain) = (use_action(upload), use_action(plain));
            view! {
                <ActionForm action=upload label="Upload">""</ActionForm>
                <ActionForm action=plain label="Plain">""</ActionForm>
            }
            .into_view()
            .to_html()
        });
        let (first, second) = html.split_at(html.find(r#"action="/docs?/plain""#).unwrap());
        assert!(first.contains(r#"enctype="multipart/form-data""#), "{html}");
        assert!(!second.contains("enctype"), "{html}");
    }
}
