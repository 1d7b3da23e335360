//! Actions that are Leptos server functions (spec F1): the error type that
//! carries a form's failure, and the island's side, [`use_server_action`].
//!
//! Runs on both sides. The server registers a `#[server]` function as a page
//! action (`Actions::named().server_fn::<F>("name")`) and runs it in-process
//! for a form posted without JavaScript; in an island, Leptos's own
//! `ServerAction` and `<ActionForm>` call the same function at its `/api/…`
//! path. [`FormError`] travels both ways in one JSON codec: the body of the
//! `/api` answer, the `value()` the island decodes, and the page state.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFnError;
use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, ServerFn};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::fmt;

use crate::fields::{Form, Rejected, Submitted};
use crate::page::use_page;
use crate::protocol::ErrorBody;

pub use leptos::server_fn::error::ServerFnErrorErr;

/// Why a server-function action did not succeed. `Failure` is the user's to
/// fix (spec A7: the page, or the island, shows `data` with `status`); `Error`
/// is an error page (404, or a 500 whose id is in the log); `ServerFn` comes
/// from server_fn itself (arguments that did not decode, a network failure in
/// the browser).
///
/// `D` is the failure's data: by default a typed form's [`Submitted`], which
/// never holds a secret, so `?` on [`Form::parse`] works in a server function.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FormError<D = Submitted> {
    Failure {
        status: u16,
        data: D,
    },
    Error {
        status: u16,
        error: ErrorBody,
    },
    // A struct variant: serde cannot tag a newtype variant that holds an enum.
    #[serde(rename = "server_fn")]
    ServerFn {
        error: ServerFnErrorErr,
    },
}

impl<D> FormError<D> {
    /// The user's input is refused: answer `status` (400..=599; anything else
    /// is a 500) with `data`. On the server it also sets the status of the
    /// `/api/…` answer that Leptos's `ServerAction` receives, which would
    /// otherwise be a 500.
    pub fn fail(status: u16, data: D) -> Self {
        #[cfg(feature = "ssr")]
        {
            if !(400..=599).contains(&status) {
                return Self::internal(anyhow::anyhow!(
                    "FormError::fail needs an HTTP status in 400..=599, got {status}"
                ));
            }
            set_status(status);
        }
        Self::Failure { status, data }
    }

    /// The resource does not exist, or belongs to someone else.
    pub fn not_found() -> Self {
        #[cfg(feature = "ssr")]
        set_status(404);
        Self::Error {
            status: 404,
            error: ErrorBody {
                message: "Not found".into(),
                id: None,
            },
        }
    }

    /// An unexpected error: logged here with an id, and only the id goes out.
    #[cfg(feature = "ssr")]
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        let id = crate::server::log_with_id(&error.into());
        set_status(500);
        Self::Error {
            status: 500,
            error: ErrorBody {
                message: "Internal error".into(),
                id: Some(id),
            },
        }
    }

    /// The failure's data, if it is one.
    pub fn failure(&self) -> Option<&D> {
        match self {
            Self::Failure { data, .. } => Some(data),
            _ => None,
        }
    }

    /// The HTTP status this answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Failure { status, .. } | Self::Error { status, .. } => *status,
            Self::ServerFn { error } if is_bad_input(error) => 400,
            Self::ServerFn { .. } => 500,
        }
    }

    /// A message for the person: the failure's own is in `data`; an error's is
    /// its message (with its id); server_fn's own errors are summarised.
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Failure { .. } => None,
            Self::Error { error, .. } => Some(match &error.id {
                Some(id) => format!("{} (error id {id})", error.message),
                None => error.message.clone(),
            }),
            Self::ServerFn { error } if is_bad_input(error) => {
                Some("The form could not be read; check what you entered".into())
            }
            Self::ServerFn { .. } => Some("Something went wrong; try again".into()),
        }
    }
}

/// Errors of the arguments: the client's to fix (400), not the server's.
pub(crate) fn is_bad_input(error: &ServerFnErrorErr) -> bool {
    matches!(
        error,
        ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
    )
}

/// The status of the `/api/…` answer (leptos_axum applies `ResponseOptions`).
#[cfg(feature = "ssr")]
fn set_status(status: u16) {
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        options.set_status(status);
    }
}

/// Only the variant and status: the data may be large, and `Debug` reaches logs.
impl<D> fmt::Debug for FormError<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failure { status, .. } => write!(f, "FormError::Failure({status})"),
            Self::Error { status, error } => write!(f, "FormError::Error({status}, {error:?})"),
            Self::ServerFn { error } => write!(f, "FormError::ServerFn({error})"),
        }
    }
}

impl<D> FromServerFnError for FormError<D>
where
    D: Serialize + DeserializeOwned + 'static,
{
    // One JSON codec for the `/api` error body, the island's `value()` and the
    // page state that seeds it.
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        Self::ServerFn { error }
    }
}

/// A typed form's refusal, returned with `?` from a server function: the form's
/// status with what was sent (secrets left out) and each field's issue.
impl<F: Form> From<Rejected<F>> for FormError<Submitted> {
    fn from(rejected: Rejected<F>) -> Self {
        let status = rejected.status_code();
        Self::fail(status, *rejected.data)
    }
}

/// Any other error turned by `?` into an unexpected 500, logged with an id.
/// (`FormError` is deliberately not a `std::error::Error`: this impl would then
/// overlap `From<T> for T`.)
#[cfg(feature = "ssr")]
impl<D, E: Into<anyhow::Error>> From<E> for FormError<D> {
    fn from(error: E) -> Self {
        Self::internal(error)
    }
}

/// Leptos's own `ServerAction` for `F`, starting from the result the page was
/// rendered with (after the same function ran as a page action without
/// JavaScript), so that the server's render of an island and its hydration
/// agree. In the browser, the page's loads run again after each success (spec
/// A10), as after an enhanced form.
pub fn use_server_action<F>() -> ServerAction<F>
where
    F: ServerFn + Clone + Send + Sync + 'static,
    F::Output: DeserializeOwned + Send + Sync + 'static,
    F::Error: Send + Sync + 'static,
{
    let action = ServerAction::<F>::new();
    let page = use_page();
    if let Some(result) = page.server_fn_result::<F>() {
        // Not a dispatch: `version()` stays 0, as with Leptos's own `__err` seed.
        action.value().set(Some(result));
    }
    #[cfg(feature = "hydrate")]
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if action.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
                leptos::task::spawn_local(page.invalidate_all());
            }
        },
        false,
    );
    action
}

/// How a server function's error becomes the result of a page action (server
/// only): implemented for [`FormError`] and Leptos's `ServerFnError`.
#[cfg(feature = "ssr")]
pub trait IntoActionResult: FromServerFnError + Send + Sync {
    fn into_action_response(self) -> crate::server::ActionResponse<crate::RawJson>;
}

#[cfg(feature = "ssr")]
impl<D> IntoActionResult for FormError<D>
where
    D: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    fn into_action_response(self) -> crate::server::ActionResponse<crate::RawJson> {
        use crate::server::{fail, ActionError};
        use axum::http::StatusCode;
        match self {
            Self::Failure { status, data } => fail(status, crate::RawJson::encode(&data)?),
            Self::Error { status, error } => Err(ActionError::from_body(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                error,
            )),
            Self::ServerFn { error } if is_bad_input(&error) => {
                Err(ActionError::new(StatusCode::BAD_REQUEST, error.to_string()))
            }
            Self::ServerFn { error } => Err(ActionError::internal(error)),
        }
    }
}

/// `ServerFnError::new("…")` is an unexpected error (spec A9): a 500 with an
/// id. Failures the person can fix are [`FormError`]s.
#[cfg(feature = "ssr")]
impl<E> IntoActionResult for ServerFnError<E>
where
    ServerFnError<E>: FromServerFnError + Send + Sync,
{
    fn into_action_response(self) -> crate::server::ActionResponse<crate::RawJson> {
        use crate::server::ActionError;
        match self {
            Self::Args(m) | Self::MissingArg(m) => Err(ActionError::new(
                axum::http::StatusCode::BAD_REQUEST,
                format!("The form could not be read: {m}"),
            )),
            other => Err(ActionError::internal(anyhow::anyhow!("{other:?}"))),
        }
    }
}
