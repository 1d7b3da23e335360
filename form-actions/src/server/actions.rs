//! Declaring actions: what a page's forms do (spec A1–A9).
//!
//! Server only. An action is an `async fn(Event<S>) -> ActionResponse<T>`, where `S`
//! is the app's state and `T` any `serde` type: the page's `form` value.

use axum::http::{request::Parts, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use futures::future::BoxFuture;
use serde::Serialize;
use std::{
    collections::BTreeMap,
    future::Future,
    sync::{Arc, Mutex},
};

use super::{cookies::Cookies, error::ActionError, form_data::FormData, locals::Locals};
use crate::fields::{Form, Rejected};
use crate::page::ActionSeed;
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
    /// The request without its body: the context of a server function.
    pub(super) parts: Parts,
    /// Which server function ran, for the page state (spec F1).
    pub(super) seed: SeedSlot,
}

/// Headers an action sets on its response (shared with the dispatcher).
pub(super) type ResponseHeaders = Arc<Mutex<HeaderMap>>;

/// Where a server-function action leaves its [`ActionSeed`] for the dispatcher.
pub(super) type SeedSlot = Arc<Mutex<Option<ActionSeed>>>;

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

    /// The submitted form as the typed form `F` (spec F2); a failure returned
    /// with `?` renders the page with what was sent and each field's issue, with
    /// `F`'s status.
    pub fn parse<F: Form>(&self) -> Result<F, Rejected<F>> {
        F::parse(&self.form)
    }

    /// What was sent for the form `F`, to refuse it after the action's own checks:
    /// `Err(ev.reject::<Login>().message("Invalid email or password").status(400))?`.
    pub fn reject<F: Form>(&self) -> Rejected<F> {
        Rejected::sent(&self.form)
    }

    /// A one-time message for the page the browser lands on next (spec F8), with
    /// or without JavaScript; set it before redirecting. It travels in a signed,
    /// `HttpOnly` cookie that lives five minutes, never in the URL.
    pub fn flash(&self, message: impl AsRef<str>) {
        super::context::set_flash(&self.cookies, message.as_ref());
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

/// What an action decided.
#[derive(Debug)]
pub enum Outcome<T> {
    Success(T),
    Failure {
        status: StatusCode,
        data: T,
    },
    Redirect {
        status: StatusCode,
        location: String,
    },
}

/// What an action returns. `Err` is an error page: 500 for the unexpected (details
/// logged, never shown), or an expected status such as 404 (see [`ActionError::new`]).
pub type ActionResponse<T> = Result<Outcome<T>, ActionError>;

/// The action succeeded: `data` becomes the page's `form` value.
pub fn success<T>(data: T) -> ActionResponse<T> {
    Ok(Outcome::Success(data))
}

/// The action failed on the user's input: answer `status` (400..=599, typically
/// 400 or 422) and render the page with `data` as its `form` value (spec A7).
pub fn fail<T>(status: u16, data: T) -> ActionResponse<T> {
    match StatusCode::from_u16(status) {
        Ok(status) if (400..=599).contains(&status.as_u16()) => {
            Ok(Outcome::Failure { status, data })
        }
        _ => Err(ActionError::internal(anyhow::anyhow!(
            "fail() needs an HTTP status in 400..=599, got {status}"
        ))),
    }
}

/// Redirects with `303 See Other` (spec A8).
pub fn redirect<T>(location: impl Into<String>) -> ActionResponse<T> {
    redirect_with(303, location)
}

/// Redirects with another 3xx status.
pub fn redirect_with<T>(status: u16, location: impl Into<String>) -> ActionResponse<T> {
    match StatusCode::from_u16(status) {
        Ok(status) if status.is_redirection() => Ok(Outcome::Redirect {
            status,
            location: location.into(),
        }),
        _ => Err(ActionError::internal(anyhow::anyhow!(
            "redirect needs an HTTP status in 300..=308, got {status}"
        ))),
    }
}

/// An action with its data made into JSON, so that one page's actions can differ.
pub(super) type Handler<S> =
    Arc<dyn Fn(Event<S>) -> BoxFuture<'static, ActionResponse<RawJson>> + Send + Sync>;

fn erase<S, F, Fut, T>(action: F) -> Handler<S>
where
    F: Fn(Event<S>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ActionResponse<T>> + Send + 'static,
    T: Serialize,
{
    Arc::new(move |event| {
        let fut = action(event);
        Box::pin(async move {
            Ok(match fut.await? {
                Outcome::Success(data) => Outcome::Success(RawJson::encode(&data)?),
                Outcome::Failure { status, data } => Outcome::Failure {
                    status,
                    data: RawJson::encode(&data)?,
                },
                Outcome::Redirect { status, location } => Outcome::Redirect { status, location },
            })
        })
    })
}

/// The actions of one page: either one default action (`POST /path`) or named
/// actions (`POST /path?/name`), never both (spec A3). The two constructors make
/// the mix impossible to write.
pub struct Actions<S>(pub(super) Kind<S>, pub(super) Vec<FnAction>);

pub(super) enum Kind<S> {
    Default(Handler<S>),
    Named(BTreeMap<String, Handler<S>>),
}

/// A server function registered as an action: its `ServerFn::PATH`, and the
/// action's name (`None` for a default action). A browser without JavaScript
/// that posts to the path is sent to the action (spec F1).
#[derive(Clone, Debug)]
pub(super) struct FnAction {
    pub path: &'static str,
    pub name: Option<String>,
}

impl<S> Actions<S> {
    /// A page whose only action is its default one.
    pub fn default_action<F, Fut, T>(action: F) -> Self
    where
        F: Fn(Event<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ActionResponse<T>> + Send + 'static,
        T: Serialize,
    {
        Self(Kind::Default(erase(action)), Vec::new())
    }

    /// A page with named actions; add them with [`NamedActions::action`].
    pub fn named() -> NamedActions<S> {
        NamedActions(BTreeMap::new(), Vec::new())
    }

    /// The names of the actions, for messages (`None` for a default action).
    pub(super) fn names(&self) -> Option<Vec<&str>> {
        match &self.0 {
            Kind::Default(_) => None,
            Kind::Named(map) => Some(map.keys().map(String::as_str).collect()),
        }
    }
}

/// The named actions of a page.
pub struct NamedActions<S>(
    pub(super) BTreeMap<String, Handler<S>>,
    pub(super) Vec<FnAction>,
);

impl<S> NamedActions<S> {
    /// Adds the action `name`, posted to as `?/name`.
    ///
    /// # Panics
    /// At start-up, with a message, when the name is used twice, is `default` (a page
    /// has a default action or named ones, not both), or is not made of letters,
    /// digits, `-` and `_`.
    pub fn action<F, Fut, T>(self, name: &str, action: F) -> Self
    where
        F: Fn(Event<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ActionResponse<T>> + Send + 'static,
        T: Serialize,
    {
        self.insert(name, erase(action))
    }

    pub(super) fn insert(mut self, name: &str, handler: Handler<S>) -> Self {
        assert!(
            name != "default",
            "an action may not be named `default`: a page has either one default action \
             (Actions::default_action) or named actions (Actions::named), never both"
        );
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "action name `{name}` must be letters, digits, `-` or `_`"
        );
        let previous = self.0.insert(name.to_owned(), handler);
        assert!(previous.is_none(), "the action `{name}` is declared twice");
        self
    }
}

impl<S> From<NamedActions<S>> for Actions<S> {
    fn from(named: NamedActions<S>) -> Self {
        assert!(
            !named.0.is_empty(),
            "Actions::named() needs at least one action"
        );
        Self(Kind::Named(named.0), named.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn noop(_: Event<()>) -> ActionResponse<()> {
        success(())
    }

    #[test]
    fn fail_accepts_client_and_server_error_statuses() {
        assert!(matches!(fail(422, ()), Ok(Outcome::Failure { status, .. }) if status == 422));
        assert!(matches!(fail(599, ()), Ok(Outcome::Failure { .. })));
    }

    #[test]
    fn fail_with_a_non_error_status_is_a_programming_error() {
        let err = fail(200, ()).unwrap_err();
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(format!("{err:?}").contains("400..=599"), "{err:?}");
    }

    #[test]
    fn redirect_defaults_to_303_and_refuses_non_3xx() {
        assert!(
            matches!(redirect::<()>("/"), Ok(Outcome::Redirect { status, .. }) if status == 303)
        );
        assert!(redirect_with::<()>(200, "/").is_err());
    }

    #[test]
    fn an_internal_error_hides_its_details_and_gets_an_id() {
        let (status, body) =
            ActionError::internal(anyhow::anyhow!("db password is hunter2")).into_body();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body.message, "Internal error");
        assert!(body.id.is_some());
    }

    #[test]
    fn a_redirect_error_carries_its_location() {
        let err = ActionError::redirect("/login");
        assert_eq!(err.status(), StatusCode::SEE_OTHER);
        assert_eq!(err.location(), Some("/login"));
    }

    #[test]
    #[should_panic(expected = "never both")]
    fn a_named_action_called_default_is_refused() {
        let _ = Actions::<()>::named().action("default", noop);
    }

    #[test]
    #[should_panic(expected = "declared twice")]
    fn a_name_declared_twice_is_refused() {
        let _ = Actions::<()>::named().action("a", noop).action("a", noop);
    }
}
