//! What an action runs with, and a page's actions as the dispatcher holds them
//! (spec A1–A9, T1).
//!
//! Server only. An action is declared with `#[action(Page)]` on an
//! `async fn(Event<S>, Input) -> Result<Output, Stop>`, where `S` is the app's
//! state, `Input` a typed form and `Output` any `serde` type: the page's `form`
//! value.

use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri};
use futures::future::BoxFuture;
use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use super::{cookies::Cookies, form_data::FormData, locals::Locals};
use crate::action::{Action, Stop};
use crate::fields::{rows::RowEdit, FieldSpec, Form, Rejected};
use crate::protocol::RawJson;

/// Everything an action can read (SvelteKit's `RequestEvent`, spec A5).
pub struct Event<S> {
    /// The app's state (database pool, configuration, …).
    pub state: S,
    /// The submitted form.
    pub form: FormData,
    /// The URL the form was posted to, query included.
    pub uri: Uri,
    /// The parameters of the page's path (`id` of `/todos/{id}`).
    pub params: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The request's cookies; changes are sent with the response.
    pub cookies: Cookies,
    /// Values set by the `handle` hook; changes are seen by the page rendered next.
    pub locals: Locals,
    /// Headers for the response, set with [`Event::set_header`].
    pub(super) response_headers: ResponseHeaders,
}

/// Headers an action sets on its response (shared with the dispatcher).
pub(super) type ResponseHeaders = Arc<Mutex<HeaderMap>>;

impl<S> Event<S> {
    /// Sets a header of the response, whatever it is: the page, the JSON result
    /// or the redirect (SvelteKit's `setHeaders`), e.g. `Retry-After` on a 503.
    /// Use [`Cookies`] for cookies.
    pub fn set_header(&self, name: HeaderName, value: HeaderValue) {
        self.response_headers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name, value);
    }

    /// The submitted form as another typed form `F` than the action's input
    /// (spec F2); a failure returned with `?` renders the page with what was
    /// sent and each field's issue, with `F`'s status.
    pub fn parse<F: Form>(&self) -> Result<F, Rejected<F>> {
        F::parse(&self.form)
    }

    /// What was sent for the form `F`, to refuse it after the action's own checks:
    /// `Err(ev.reject::<Login>().message("Invalid email or password").status(400))?`
    /// (a [`Stop`] failure, with what was sent and no secret).
    pub fn reject<F: Form>(&self) -> Rejected<F> {
        Rejected::sent(&self.form)
    }

    /// A parameter of the page's path: `ev.param("id")` on `/todos/{id}`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter of the action URL.
    pub fn query(&self, name: &str) -> Option<String> {
        super::context::query_param(&self.uri, name)
    }
}

/// The body of an action on the server, written by `#[action]` (the page's
/// `PageRoute::action` runs it). `S` is the app's state.
pub trait ActionBody<S>: Action {
    /// Runs the action on its parsed input.
    fn run(
        self,
        ev: Event<S>,
        input: Self::Input,
    ) -> BoxFuture<'static, Result<Self::Output, Stop>>;
}

/// An action with its input parsed and its output made into JSON, so that one
/// page's actions can differ; and its input's fields, whose file fields the
/// body is read for (spec U2).
pub(super) struct Handler<S> {
    pub(super) run: Run<S>,
    pub(super) specs: fn() -> &'static [FieldSpec],
}

/// The action's run: its input parsed, its output made into JSON.
pub(super) type Run<S> =
    Arc<dyn Fn(Event<S>) -> BoxFuture<'static, Result<RawJson, Stop>> + Send + Sync>;

impl<S> Clone for Handler<S> {
    fn clone(&self) -> Self {
        Self {
            run: self.run.clone(),
            specs: self.specs,
        }
    }
}

/// The handler of `action`: the dispatcher parses the form into its input
/// (a failure is answered with no code of the action, spec T2) and runs it. The
/// dispatcher sets the flash of a redirect that has one (spec F8), which is kept
/// with the answer for a repeat of the submission (spec P3). A submission by a
/// button that adds or removes a row of a list (spec P1) runs no action: the
/// form is shown again with one row more or fewer.
pub(super) fn erase<S, A>(action: A) -> Handler<S>
where
    S: Send + 'static,
    A: ActionBody<S>,
{
    let run = Arc::new(
        move |ev: Event<S>| -> BoxFuture<'static, Result<RawJson, Stop>> {
            Box::pin(async move {
                if let Some(edit) = RowEdit::sent(&ev.form).map_err(|e| Stop::error(400, e))? {
                    let shown = edit
                        .apply::<A::Input>(&ev.form)
                        .map_err(|e| Stop::error(400, e))?;
                    return Err(Stop::shown_again(shown));
                }
                // A body past its bound fails with 413, its file field's issue
                // and what was read before (spec U2, U3).
                let over = ev.form.is_over_bound();
                let input = A::Input::parse(&ev.form).map_err(|rejected| {
                    Stop::from(if over { rejected.status(413) } else { rejected })
                })?;
                RawJson::encode(&action.run(ev, input).await?).map_err(Stop::internal)
            })
        },
    );
    Handler {
        run,
        specs: A::Input::specs,
    }
}

/// The actions of one page: either one default action (`POST /path`) or named
/// actions (`POST /path?/name`), never both (spec A3).
pub(super) enum Actions<S> {
    Default(Handler<S>),
    Named(BTreeMap<&'static str, Handler<S>>),
}

impl<S> Actions<S> {
    /// `actions` with `handler` added as `name` (`None`: the default action).
    ///
    /// # Panics
    /// At start-up, with a message, when a default action meets another
    /// action, or a name is used twice.
    pub(super) fn add(
        actions: Option<Self>,
        page: &str,
        name: Option<&'static str>,
        handler: Handler<S>,
    ) -> Self {
        match (actions, name) {
            (None, None) => Self::Default(handler),
            (None, Some(name)) => Self::Named(BTreeMap::from([(name, handler)])),
            (Some(Self::Named(mut map)), Some(name)) => {
                assert!(
                    map.insert(name, handler).is_none(),
                    "the page {page} lists the action `{name}` twice"
                );
                Self::Named(map)
            }
            (Some(_), _) => panic!(
                "the page {page} has a default action and another action: a page has either \
                 one default action (#[action(Page, default)]) or named actions, never both"
            ),
        }
    }

    /// The names of the actions, for messages (`None` for a default action).
    pub(super) fn names(&self) -> Option<Vec<&str>> {
        match self {
            Self::Default(_) => None,
            Self::Named(map) => Some(map.keys().copied().collect()),
        }
    }
}
