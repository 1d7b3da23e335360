//! The unexpected errors of the server half, each logged with an id: an
//! action's are a `Stop::Error`, a load's a `PageError`; anything else's is the
//! plain 500 here.
//!
//! Server only.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::fmt;

use crate::page::PageError;
pub use crate::protocol::log_with_id;

/// The answer to an unexpected error outside an action (a panic, a failed
/// render): a plain 500 with the id of the log line, and nothing of the error.
pub fn internal_error(error: &dyn fmt::Debug) -> Response {
    let id = log_with_id(error);
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("{} {id}", crate::i18n::KitText::InternalError.text()),
    )
        .into_response()
}

/// The message of a panic, when it has one.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

impl PageError {
    /// An unexpected error of a load: logged here with an id, and only the id
    /// goes out, with a 500.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        let id = log_with_id(&error.into());
        Self {
            status: 500,
            message: "Internal error".into(),
            id: Some(id),
        }
    }
}

/// `?` in a load: any error is an unexpected 500, logged with an id.
/// (`PageError` is deliberately not a `std::error::Error`: this impl would
/// then overlap `From<T> for T`.)
impl<E: Into<anyhow::Error>> From<E> for PageError {
    fn from(error: E) -> Self {
        Self::internal(error)
    }
}
