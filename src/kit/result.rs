//! The result of an action, as the browser sees it.
//!
//! Runs on both sides: the server encodes it for a request that carries
//! `x-leptos-action: true` (spec E8), and the browser decodes it into the same
//! Rust types, so success and failure data are typed end to end.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// The request header that asks for an [`ActionResult`] as JSON instead of HTML.
pub const ACTION_HEADER: &str = "x-leptos-action";

/// What an action did. The wire format (spec §3) is
/// `{"type":"success","status":200,"data":…}`, `{"type":"failure",…}`,
/// `{"type":"redirect","status":303,"location":"/"}` and
/// `{"type":"error","status":500,"error":{"message":…,"id":…}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ActionResult<T = serde_json::Value> {
    /// The action succeeded; `data` becomes the page's `form` value.
    Success { status: u16, data: T },
    /// `fail(status, data)`: a 4xx/5xx the page renders with `data`.
    Failure { status: u16, data: T },
    /// The action asked for a navigation.
    Redirect { status: u16, location: String },
    /// An unexpected error (or an expected one such as 404); the error page shows it.
    Error { status: u16, error: ErrorBody },
}

/// What the browser learns of an error: a message, and for 500s an id to find it in the log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl<T> ActionResult<T> {
    /// The HTTP status the result stands for.
    pub fn status(&self) -> u16 {
        match self {
            Self::Success { status, .. }
            | Self::Failure { status, .. }
            | Self::Redirect { status, .. }
            | Self::Error { status, .. } => *status,
        }
    }
}

impl<T> ActionResult<T> {
    /// Converts the data of a success or failure with `f`; the other kinds carry
    /// no data and pass through.
    pub fn try_map_data<U, E>(
        self,
        mut f: impl FnMut(T) -> Result<U, E>,
    ) -> Result<ActionResult<U>, E> {
        Ok(match self {
            Self::Success { status, data } => ActionResult::Success {
                status,
                data: f(data)?,
            },
            Self::Failure { status, data } => ActionResult::Failure {
                status,
                data: f(data)?,
            },
            Self::Redirect { status, location } => ActionResult::Redirect { status, location },
            Self::Error { status, error } => ActionResult::Error { status, error },
        })
    }
}

impl ActionResult<serde_json::Value> {
    /// Turns an untyped result into a typed one (the data of success and failure).
    pub fn decode<T: DeserializeOwned>(self) -> Result<ActionResult<T>, serde_json::Error> {
        self.try_map_data(serde_json::from_value)
    }
}

/// Decodes the body of an `x-leptos-action: true` response (SvelteKit's `deserialize`).
pub fn deserialize<T: DeserializeOwned>(body: &str) -> Result<ActionResult<T>, serde_json::Error> {
    serde_json::from_str(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_uses_the_spec_wire_format() {
        let r: ActionResult = ActionResult::Success {
            status: 200,
            data: json!({"n": 1}),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"type": "success", "status": 200, "data": {"n": 1}})
        );
    }

    #[test]
    fn redirect_and_error_use_the_spec_wire_format() {
        let r: ActionResult = ActionResult::Redirect {
            status: 303,
            location: "/todos".into(),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"type": "redirect", "status": 303, "location": "/todos"})
        );
        let e: ActionResult = ActionResult::Error {
            status: 500,
            error: ErrorBody {
                message: "Internal error".into(),
                id: Some("abc".into()),
            },
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"type": "error", "status": 500, "error": {"message": "Internal error", "id": "abc"}})
        );
    }

    #[test]
    fn a_failure_decodes_into_a_typed_value() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Data {
            email: String,
        }
        let r: ActionResult<Data> =
            deserialize(r#"{"type":"failure","status":400,"data":{"email":"a@b.c"}}"#).unwrap();
        assert_eq!(
            r,
            ActionResult::Failure {
                status: 400,
                data: Data {
                    email: "a@b.c".into()
                }
            }
        );
        assert_eq!(r.status(), 400);
    }

    #[test]
    fn an_unknown_type_is_rejected() {
        assert!(deserialize::<serde_json::Value>(r#"{"type":"nope","status":200}"#).is_err());
    }
}
