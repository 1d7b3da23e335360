//! The body limit (spec B2, S6), answered so that every client can read it.
//!
//! Server only. A body that declares more than the limit (`Content-Length`) is
//! answered 413 at once, but a client that writes its whole body before it reads
//! (curl, most scripts) would see the connection reset, not the 413, if the
//! server closed it with the body unread. So that body is read and thrown away
//! first, up to [`DRAIN`] bytes past the limit; larger ones are refused without
//! reading (a client sending them has to cope). Bodies without a length are cut
//! at the limit as they are read.
//!
//! A multipart body (a form with files, spec U2) has a larger limit, the
//! upload limit; the dispatcher then holds it to its form's own bound
//! (`uploads.rs`). Every request also gets the directory files are spooled to.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use std::sync::Arc;

use super::uploads::UploadDir;

/// The limits of request bodies, and where uploads are spooled.
pub(super) struct Limits {
    /// Any body but a multipart one (spec B2).
    pub(super) body: usize,
    /// A multipart body (spec U2).
    pub(super) upload: usize,
    pub(super) dir: UploadDir,
}

/// How far past the limit a declared body is read to answer it.
const DRAIN: u64 = 16 * 1024 * 1024;

pub(super) async fn declared_length_limit(
    State(limits): State<Arc<Limits>>,
    mut req: Request,
    next: Next,
) -> Response {
    let multipart = super::form_data::content_type(req.headers()) == "multipart/form-data";
    let limit = if multipart {
        limits.upload.max(limits.body)
    } else {
        limits.body
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(length) if length > limit as u64 => {
            if length <= limit as u64 + DRAIN {
                drain(req.into_body()).await;
            }
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                [(header::CONNECTION, "close")],
                "The request body is too large",
            )
                .into_response()
        }
        _ => {
            req.extensions_mut().insert(limits.dir.clone());
            // A body without a length (or lying about it) stops at the limit.
            let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
            next.run(req).await
        }
    }
}

/// Reads a body to its end (or its first error), keeping nothing.
async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    while let Some(Ok(_)) = stream.next().await {}
}
