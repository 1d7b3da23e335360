//! The files of todos (spec U1-U7): kept in the app's object store
//! (`kit::server::Storage`: the local filesystem under `DATA_DIR`, or an
//! S3-compatible store at `STORAGE_URL`), one row each in `attachments`.
//!
//! Server only. The edit page's actions `attach` and `detach` and the JSON
//! API call these; deleting a todo (or clearing the done ones) deletes its
//! stored files, and [`sweep`] deletes any stored file that has no row.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use std::time::Duration;

use crate::auth::User;
use crate::db::Db;
use crate::kit::fields::Upload;
use crate::kit::server::{Locals, Storage};
use crate::state::AppState;
use crate::todos::{store, Attachment, TodoSummary};

/// How old a stored file with no row must be before the sweep deletes it: an
/// upload is copied to the store before its row is written.
pub const SWEEP_GRACE: Duration = Duration::from_secs(60 * 60);

/// The download route: `GET /todos/{id}/attachments/{attachment_id}`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/todos/{id}/attachments/{attachment_id}", get(download))
}

/// Copies each upload to the store and records it for the todo `todo_id`
/// (whose owner the caller checked). A file whose row cannot be written is
/// deleted from the store again.
pub async fn add(
    state: &AppState,
    todo_id: i64,
    uploads: &[Upload],
) -> anyhow::Result<Vec<Attachment>> {
    let mut added = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let object = state.storage.put(upload).await?;
        let row = store::attach(
            &state.db,
            todo_id,
            &object,
            upload.name(),
            upload.size(),
            upload.content_type(),
        )
        .await;
        match row {
            Ok(attachment) => added.push(attachment),
            Err(error) => {
                forget(&state.storage, &[object]).await;
                return Err(error);
            }
        }
    }
    Ok(added)
}

/// Deletes stored files; a failure is logged (the sweep deletes it later).
pub async fn forget(storage: &Storage, objects: &[String]) {
    for object in objects {
        if let Err(error) = storage.delete(object).await {
            tracing::warn!(?error, object, "deleting a stored file failed");
        }
    }
}

/// Deletes the user's todo `id` and its stored files; `None` when it is not
/// theirs.
pub async fn delete_todo(
    state: &AppState,
    user_id: i64,
    id: i64,
) -> anyhow::Result<Option<TodoSummary>> {
    let objects = store::objects_of(&state.db, user_id, Some(id)).await?;
    let deleted = store::delete(&state.db, user_id, id).await?;
    if deleted.is_some() {
        forget(&state.storage, &objects).await;
    }
    Ok(deleted)
}

/// Deletes the user's done todos and their stored files.
pub async fn clear_done(state: &AppState, user_id: i64) -> anyhow::Result<u64> {
    let objects = store::objects_of(&state.db, user_id, None).await?;
    let cleared = store::clear_done(&state.db, user_id).await?;
    forget(&state.storage, &objects).await;
    Ok(cleared)
}

/// Deletes every stored file that has no row and is older than `grace`
/// ([`SWEEP_GRACE`]; spec U7): what a crash between the store and the
/// database left. Run at start-up and then every few minutes (`server.rs`).
pub async fn sweep(db: &Db, storage: &Storage, grace: Duration) -> anyhow::Result<usize> {
    let known = store::all_objects(db).await?;
    storage.sweep(&known, grace).await
}

/// `GET /todos/{id}/attachments/{attachment_id}`: the file, as a download
/// that never runs in the site's origin (spec U6). Another user's (or no such
/// file) is a 404; logged out, the way to log in and back.
async fn download(
    State(state): State<AppState>,
    locals: Option<axum::Extension<Locals>>,
    Path((id, attachment_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let user = locals.and_then(|axum::Extension(locals)| locals.get::<User>());
    let Some(user) = user else {
        let here = format!("/todos/{id}/attachments/{attachment_id}");
        return Redirect::to(&crate::auth::login_url(&here)).into_response();
    };
    let (Ok(id), Ok(attachment_id)) = (id.parse::<i64>(), attachment_id.parse::<i64>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match store::attachment_of(&state.db, user.id, id, attachment_id).await {
        Ok(Some((file, object))) => {
            state
                .storage
                .download(&object, &file.name, &file.content_type, &headers)
                .await
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => crate::kit::server::internal_error(&format_args!("{error:#}")),
    }
}
