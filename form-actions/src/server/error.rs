//! The errors of the server half: an action's error page ([`ActionError`]) and
//! the plain 500 of anything else, each logged with an id.
//!
//! Server only.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::fmt;

use crate::fields::{Form, Rejected};
use crate::protocol::{ErrorBody, RawJson};

/// An error page instead of the page: an expected one (`new(404, "Not found")`) or
/// an unexpected one (any `?` on an error: 500, logged with an id). It can also
/// carry a redirect ([`ActionError::redirect`]), so a helper can send the user
/// elsewhere with `?` (SvelteKit's thrown `redirect`).
pub struct ActionError {
    status: StatusCode,
    message: String,
    source: Option<anyhow::Error>,
    location: Option<String>,
    /// Not an error either: a failure of a typed form, returned early with `?`.
    failure: Option<RawJson>,
    /// The id of an error already logged elsewhere (a server function's).
    id: Option<String>,
}

impl ActionError {
    /// An expected error, shown with its message (a 4xx the user can act on).
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            source: None,
            location: None,
            failure: None,
            id: None,
        }
    }

    /// An error page for what a server function answered: its status and body
    /// as they are (an internal error was logged, with this id, where it was made).
    pub(crate) fn from_body(status: StatusCode, body: ErrorBody) -> Self {
        Self {
            status,
            message: body.message,
            source: None,
            location: None,
            failure: None,
            id: body.id,
        }
    }

    /// Not an error: a `303 See Other` to `location`, returned early with `?`.
    pub fn redirect(location: impl Into<String>) -> Self {
        Self {
            status: StatusCode::SEE_OTHER,
            message: String::new(),
            source: None,
            location: Some(location.into()),
            failure: None,
            id: None,
        }
    }

    /// The redirect this carries, if it is one.
    pub(crate) fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// The failure this carries, if it is one: its status and the page's `form`.
    pub(crate) fn take_failure(&mut self) -> Option<(StatusCode, RawJson)> {
        self.failure.take().map(|data| (self.status, data))
    }

    /// The resource does not exist, or belongs to someone else.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not found")
    }

    /// An unexpected error: a 500 whose details only reach the log.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "Internal error".into(),
            source: Some(error.into()),
            location: None,
            failure: None,
            id: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the browser may see. An internal error is logged here, with the id that
    /// the error page shows, so the two can be matched.
    pub fn into_body(self) -> (StatusCode, ErrorBody) {
        let id = self.source.map(|source| log_with_id(&source)).or(self.id);
        (
            self.status,
            ErrorBody {
                message: self.message,
                id,
            },
        )
    }
}

/// Logs an unexpected error under a new id, and returns the id: the only part of
/// it a browser may see, so the two can be matched.
pub fn log_with_id(error: &dyn fmt::Debug) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    tracing::error!(error_id = %id, error = ?error, "unexpected error");
    id
}

/// The answer to an unexpected error outside an action (a panic, a failed
/// render): a plain 500 with the id of the log line, and nothing of the error.
pub fn internal_error(error: &dyn fmt::Debug) -> Response {
    let id = log_with_id(error);
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Something went wrong. Error id: {id}"),
    )
        .into_response()
}

impl fmt::Debug for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source:?}")?;
        }
        Ok(())
    }
}

/// Any error turned by `?` into an unexpected 500.
impl<E: Into<anyhow::Error>> From<E> for ActionError {
    fn from(error: E) -> Self {
        Self::internal(error)
    }
}

/// A refused submission of a typed form, returned with `?` from an action: the
/// page is rendered with what was sent and the issues, with the form's status
/// (spec F2).
impl<F: Form> From<Rejected<F>> for ActionError {
    fn from(rejected: Rejected<F>) -> Self {
        let status =
            StatusCode::from_u16(rejected.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        match RawJson::encode(&rejected.data) {
            Ok(data) => Self {
                status,
                message: String::new(),
                source: None,
                location: None,
                failure: Some(data),
                id: None,
            },
            Err(error) => Self::internal(error),
        }
    }
}

/// The message of a panic, when it has one.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
