//! The JSON API beside the pages (spec J1): plain axum routes that share the
//! domain code (`todos::store`, `todos::Title`) with the `/todos` actions, so both
//! apply the same rules with the same messages.
//!
//! Server only. Sessions, the CSRF check and body limits are the app's layers.

use axum::{
    extract::{
        rejection::{JsonRejection, PathRejection},
        FromRequestParts, Path, State,
    },
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, patch},
    Json, Router,
};
use serde_json::{json, Map, Value};

use crate::auth::User;
use crate::kit::server::Locals;
use crate::state::AppState;
use crate::todos::{store, Title, Todo};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/todos", get(list).post(create))
        .route("/api/todos/{id}", patch(update).delete(remove))
}

/// The API's errors, each answered as `{"error": "…"}`.
#[derive(Debug)]
pub enum ApiError {
    /// 401: no session.
    Unauthorized,
    /// 404: no such todo, or another user's.
    NotFound,
    /// 422: the data breaks a rule (same messages as the pages).
    Invalid(String),
    /// A body that is not the JSON expected: 400, 413, 415 or 422.
    Body(StatusCode, String),
    /// 500: logged with an id; only the id is sent.
    Internal(anyhow::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "Log in to use the API".to_owned()),
            Self::NotFound => (StatusCode::NOT_FOUND, "Not found".to_owned()),
            Self::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
            Self::Body(status, message) => (status, message),
            Self::Internal(error) => {
                let id = crate::kit::server::log_with_id(&error);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Internal error (id {id})"),
                )
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        Self::Internal(error)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        Self::Body(rejection.status(), rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    /// An id that is not a number names no todo.
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

/// The session's user; 401 without one.
pub struct ApiUser(User);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Locals>()
            .and_then(|locals| locals.get::<User>())
            .map(ApiUser)
            .ok_or(ApiError::Unauthorized)
    }
}

async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<Todo>>, ApiError> {
    Ok(Json(store::list(&state.db, user.id).await?))
}

/// A body that must be a JSON object. Its fields are read one by one below, so
/// that a missing field gets the same message as the form's empty field, and an
/// array (which serde would read as a struct's fields in order) is refused.
fn object(body: Result<Json<Value>, JsonRejection>) -> Result<Map<String, Value>, ApiError> {
    match body? {
        Json(Value::Object(fields)) => Ok(fields),
        Json(_) => Err(ApiError::Body(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Expected a JSON object".into(),
        )),
    }
}

/// `title`: missing or null is an empty title ("Title is required"), as in the form.
fn title(fields: &Map<String, Value>) -> Result<Title, ApiError> {
    let raw = match fields.get("title") {
        None | Some(Value::Null) => "",
        Some(Value::String(title)) => title,
        Some(_) => return Err(ApiError::Invalid("Title must be text".into())),
    };
    Title::parse(raw).map_err(|m| ApiError::Invalid(m.into()))
}

/// `POST /api/todos` with `{"title": "…"}`, and `POST /todos` with a JSON body (the
/// endpoint that shares the page's path).
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Todo>), ApiError> {
    let title = title(&object(body)?)?;
    let todo = store::add(&state.db, user.id, &title).await?;
    Ok((StatusCode::CREATED, Json(todo)))
}

/// `PATCH /api/todos/{id}` with `{"done": true|false}`: the message for anything
/// else is the Done button's.
async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Todo>, ApiError> {
    let Path(id) = id?;
    let Some(done) = object(body)?.get("done").and_then(Value::as_bool) else {
        return Err(ApiError::Invalid(
            "The field `done` must be true or false".into(),
        ));
    };
    let todo = store::set_done(&state.db, user.id, id, done)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(todo))
}

async fn remove(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id?;
    if store::delete(&state.db, user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
