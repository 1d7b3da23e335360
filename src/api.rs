//! The JSON API beside the pages (spec J1): plain axum routes that share the
//! domain code (`todos::store`, the forms `AddTodo` and `EditTodo`) with the `/todos` actions, so both
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
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Map, Value};

use crate::auth::User;
use crate::i18n::{t, Text};
use crate::kit::fields::{Form, Issues, Values};
use crate::kit::server::Locals;
use crate::state::AppState;
use crate::todos::{store, AddTodo, AttachFile, Attachment, EditTodo, Todo};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/todos", get(list).post(create))
        .route("/api/todos/{id}", get(one).patch(update).delete(remove))
        .route("/api/todos/{id}/attachments", post(attach))
}

/// The API's errors, each answered as `{"error": "…"}`.
#[derive(Debug)]
pub enum ApiError {
    /// 401: no session.
    Unauthorized,
    /// 404: no such todo, or another user's.
    NotFound,
    /// 422: the data breaks the form's rules (same messages as the pages).
    Invalid(Issues),
    /// A body that is not the JSON expected: 400, 413, 415 or 422.
    Body(StatusCode, String),
    /// 500: logged with an id; only the id is sent.
    Internal(anyhow::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            // In the request's language: its Accept-Language (spec L6).
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, t(Text::ApiLogIn)),
            Self::NotFound => (StatusCode::NOT_FOUND, t(Text::NotFound)),
            // The first issue as the error, and every field's issue by name.
            Self::Invalid(issues) => {
                let error = issues.0.first().map(|(_, m)| m.clone()).unwrap_or_default();
                let by_field: Map<String, Value> = issues
                    .0
                    .into_iter()
                    .map(|(name, message)| (name, Value::String(message)))
                    .collect();
                let body = json!({ "error": error, "issues": by_field });
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
            }
            Self::Body(status, message) => (status, message),
            Self::Internal(error) => {
                let id = crate::kit::server::log_with_id(&error);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    t(Text::ApiInternal { id: id.to_string() }),
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

/// `GET /api/todos/{id}`: one todo, with its subtasks.
async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Todo>, ApiError> {
    let Path(id) = id?;
    let todo = store::get(&state.db, user.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(todo))
}

/// A body that must be a JSON object. Its fields are read one by one below, so
/// that a missing field gets the same message as the form's empty field, and an
/// array (which serde would read as a struct's fields in order) is refused.
fn object(body: Result<Json<Value>, JsonRejection>) -> Result<Map<String, Value>, ApiError> {
    match body? {
        Json(Value::Object(fields)) => Ok(fields),
        Json(_) => Err(ApiError::Body(
            StatusCode::UNPROCESSABLE_ENTITY,
            t(Text::ExpectedObject),
        )),
    }
}

/// A body of the form `F`: the same type, rules and messages as the form (J1).
/// `base` is what a `PATCH` changes: the fields the body leaves out keep it.
fn parse<F: Form>(body: Map<String, Value>, base: Values) -> Result<F, ApiError> {
    let values = base.merge_json::<F>(&body).map_err(ApiError::Invalid)?;
    F::parse_from(&values).map_err(ApiError::Invalid)
}

/// `POST /api/todos` with `{"title": "…"}`, and `POST /todos` with a JSON body (the
/// endpoint that shares the page's path).
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Todo>), ApiError> {
    let form: AddTodo = parse(object(body)?, Values::default())?;
    let todo = store::add(&state.db, user.id, &form.title).await?;
    Ok((StatusCode::CREATED, Json(todo)))
}

/// `PATCH /api/todos/{id}` with any of the edit page's fields (`{"done": true}`,
/// `{"title": "…", "due": "2027-01-31", "tags": ["home"]}`): the others keep
/// their values, and every field has the edit form's rules and messages.
/// `subtasks` (`[{"title": "…", "done": false}]`) replaces every subtask; a
/// subtask's issue is named after it (`subtasks[0].title`: "Subtask 1: Title
/// is required").
async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Todo>, ApiError> {
    let Path(id) = id?;
    let body = object(body)?;
    let todo = store::get(&state.db, user.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let edit: EditTodo = parse(body, todo.edit_values())?;
    let todo = store::update(&state.db, user.id, id, &edit)
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
    match crate::attachments::delete_todo(&state, user.id, id).await? {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::NotFound),
    }
}

/// How much text a multipart body to the API may hold besides its file.
const API_TEXT_LIMIT: usize = 16 * 1024;

/// `POST /api/todos/{id}/attachments` with a multipart body whose field `file`
/// is the file: 201 with `{"id", "name", "size", "type"}`. The Attachments
/// form's rules and messages (422, or 413 past the body's bound), and at most
/// 10 files per todo.
async fn attach(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    id: Result<Path<i64>, PathRejection>,
    req: axum::extract::Request,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    use crate::kit::{server::FormData, Stop};
    let Path(id) = id?;
    let todo = store::get(&state.db, user.id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    if !multipart {
        return Err(ApiError::Body(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t(Text::MultipartExpected),
        ));
    }
    let form = FormData::read(req, API_TEXT_LIMIT, AttachFile::specs())
        .await
        .map_err(|stop| match stop {
            Stop::Error { status, error } => ApiError::Body(
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                error.message,
            ),
            _ => ApiError::Body(StatusCode::BAD_REQUEST, t(Text::BodyUnreadable)),
        })?;
    let file = match AttachFile::parse_from(&form) {
        Ok(AttachFile { file }) => file,
        Err(issues) if form.is_over_bound() => {
            let message = issues.0.first().map(|(_, m)| m.clone()).unwrap_or_default();
            return Err(ApiError::Body(StatusCode::PAYLOAD_TOO_LARGE, message));
        }
        Err(issues) => return Err(ApiError::Invalid(issues)),
    };
    if todo.attachments.len() >= crate::todos::MAX_ATTACHMENTS {
        return Err(ApiError::Invalid(Issues(vec![(
            "file".into(),
            t(Text::TooManyAttachments),
        )])));
    }
    let mut added = crate::attachments::add(&state, todo.id, std::slice::from_ref(&file)).await?;
    let added = added
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no attachment added"))?;
    Ok((StatusCode::CREATED, Json(added)))
}
