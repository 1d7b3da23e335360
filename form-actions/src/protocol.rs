//! The result of an action, as the browser sees it.
//!
//! Runs on both sides: the server encodes it for a request that carries
//! `x-leptos-action: true` (spec E8), and the browser decodes it into the same
//! Rust types, so success and failure data are typed end to end.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::value::RawValue;
use std::sync::Arc;

/// The request header that asks for an [`ActionResult`] as JSON instead of HTML.
pub const ACTION_HEADER: &str = "x-leptos-action";

/// The request header of an enhanced submission (spec R1): its value is the
/// path and query of the page to show after the action, and the answer carries
/// the action's result and that page, rendered by the server after the action
/// ran: one request, no page state sent by the browser. See [`ANSWER_TYPE`].
pub const PAGE_HEADER: &str = "x-leptos-page";

/// The build of the server, in every response, and of the page, in an enhanced
/// submission (spec R6): a page from another build than the server's gets a
/// `409` instead of a run of the action, and falls back to a document load.
pub const BUILD_HEADER: &str = "x-leptos-build";

/// The media type of the answer to an enhanced submission: one line of JSON,
/// an [`AnswerHead`], then the page's HTML, if any (none after a redirect).
pub const ANSWER_TYPE: &str = "text/x-leptos-answer";

/// The form field that carries a form's single-use submission token (spec P3):
/// the same submission sent twice takes effect once. Rendered by
/// [`SubmissionToken`](crate::SubmissionToken), read by the server's dispatcher.
pub const SUBMISSION_FIELD: &str = "_submission";

/// What a page renders as the value of its submission tokens, the same for
/// every render (so a kept page can be kept): the server puts a fresh token in
/// its place in every page it sends (`server/submissions.rs`). As long as a
/// token (32 characters) but not one (a token is hexadecimal): a form that
/// still sends it, one an island rendered in the browser, say, is served as a
/// form without a token.
pub const SUBMISSION_PLACEHOLDER: &str = "__submission_token_placeholder__";

/// The first line of an enhanced answer (spec R1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerHead {
    /// What the action did.
    pub result: ActionResult,
    /// Where the page's own render sent the visitor instead of rendering (a
    /// load's redirect: the session is gone, say); the answer then has no page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
}

/// The build of the running server (spec R6), put on every request by the
/// layer (server only): what [`Head`](crate::Head) writes into each page, and what
/// an enhanced submission's page must match.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Build(pub(crate) std::sync::Arc<str>);

/// What an action did. The wire format (spec §3) is
/// `{"type":"success","status":200,"data":…}`, `{"type":"failure",…}`,
/// `{"type":"redirect","status":303,"location":"/"}` and
/// `{"type":"error","status":500,"error":{"message":…,"id":…}}`.
///
/// Without a type argument the data is [`RawJson`], decoded when it is read; decode
/// a response body with [`deserialize`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ActionResult<T = RawJson> {
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

/// The data of an action as JSON text, decoded into a type only when it is read.
///
/// Why text and not `serde_json::Value`: every value a page reads is then decoded
/// straight from the text by one code path, which keeps the browser's wasm small
/// (a `Value` tree, and decoding types from it, costs kilobytes per type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawJson(Arc<str>);

impl RawJson {
    /// Encodes a value.
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(|text| Self(text.into()))
    }

    /// Decodes the value as `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// JSON `null`: the data of an action that returns `()`.
    pub fn null() -> Self {
        Self("null".into())
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written as it is, not as a string: the text is JSON already.
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    /// Keeps the text of the value, whatever it is (serde_json deserializers only).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Ok(Self(raw.get().into()))
    }
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

impl ActionResult<RawJson> {
    /// Turns an untyped result into a typed one (the data of success and failure).
    pub fn decode<T: DeserializeOwned>(self) -> Result<ActionResult<T>, serde_json::Error> {
        self.try_map_data(|data| data.decode())
    }
}

/// Decodes the body of an `x-leptos-action: true` response (SvelteKit's `deserialize`).
pub fn deserialize<T: DeserializeOwned>(body: &str) -> Result<ActionResult<T>, serde_json::Error> {
    serde_json::from_str::<ActionResult>(body)?.decode()
}

/// The wire format as one flat record. Decoding the internally tagged enum
/// directly would buffer every field in serde's generic `Content` first, which
/// is slower and costs the browser kilobytes of wasm per data type.
#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "type")]
    kind: ResultType,
    status: u16,
    #[serde(default)]
    data: Option<RawJson>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    error: Option<ErrorBody>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum ResultType {
    Success,
    Failure,
    Redirect,
    Error,
}

impl Wire {
    fn into_result(self) -> Result<ActionResult, &'static str> {
        // `"data": null` (an action that returns `()`) reads as no data.
        let data = self.data.unwrap_or_else(RawJson::null);
        let status = self.status;
        Ok(match self.kind {
            ResultType::Success => ActionResult::Success { status, data },
            ResultType::Failure => ActionResult::Failure { status, data },
            ResultType::Redirect => ActionResult::Redirect {
                status,
                location: self.location.ok_or("a redirect without a location")?,
            },
            ResultType::Error => ActionResult::Error {
                status,
                error: self.error.ok_or("an error without an error body")?,
            },
        })
    }
}

/// An untyped result (serde_json deserializers only: the data is kept as text).
impl<'de> Deserialize<'de> for ActionResult<RawJson> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Wire::deserialize(deserializer)?
            .into_result()
            .map_err(serde::de::Error::custom)
    }
}

/// Logs an unexpected error under a new id, and returns the id: the only part of
/// it a browser may see ([`ErrorBody::id`]), so the two can be matched. Server only.
#[cfg(feature = "ssr")]
pub fn log_with_id(error: &dyn std::fmt::Debug) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    tracing::error!(error_id = %id, error = ?error, "unexpected error");
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_uses_the_spec_wire_format() {
        let r: ActionResult = ActionResult::Success {
            status: 200,
            data: RawJson::encode(&json!({"n": 1})).unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"type": "success", "status": 200, "data": {"n": 1}})
        );
        // The data is written as JSON, not as a string of JSON.
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"type":"success","status":200,"data":{"n":1}}"#
        );
    }

    #[test]
    fn every_kind_reads_back_as_written() {
        let results: [ActionResult; 4] = [
            ActionResult::Success {
                status: 200,
                data: RawJson::encode(&[1, 2]).unwrap(),
            },
            ActionResult::Failure {
                status: 400,
                data: RawJson::encode("bad").unwrap(),
            },
            ActionResult::Redirect {
                status: 303,
                location: "/".into(),
            },
            ActionResult::Error {
                status: 404,
                error: ErrorBody {
                    message: "Not found".into(),
                    id: None,
                },
            },
        ];
        for r in results {
            let text = serde_json::to_string(&r).unwrap();
            assert_eq!(
                deserialize::<serde_json::Value>(&text).unwrap(),
                r.clone().decode().unwrap()
            );
            assert_eq!(
                serde_json::from_str::<ActionResult>(&text).unwrap(),
                r,
                "{text}"
            );
        }
    }

    #[test]
    fn null_data_decodes_as_unit() {
        let r: ActionResult<()> =
            deserialize(r#"{"type":"success","status":200,"data":null}"#).unwrap();
        assert_eq!(
            r,
            ActionResult::Success {
                status: 200,
                data: ()
            }
        );
    }

    #[test]
    fn a_redirect_needs_a_location_and_an_error_a_body() {
        assert!(deserialize::<()>(r#"{"type":"redirect","status":303}"#).is_err());
        assert!(deserialize::<()>(r#"{"type":"error","status":500}"#).is_err());
        assert!(deserialize::<()>(r#"{"status":200,"data":null}"#).is_err());
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
