//! The build fingerprint (spec R6): every answer says which build of the app
//! made it, every page carries it, and an enhanced submission from a page of
//! another build is not run.
//!
//! Server only.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    hash::{DefaultHasher, Hasher},
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::protocol::{Build, BUILD_HEADER, PAGE_HEADER};

/// A fingerprint of the files under `dir` (the site's `pkg` directory: the
/// wasm, its JavaScript and the stylesheet): the same files give the same id on
/// every instance of the site, a rebuild gives another. `None` when there are
/// no files (the server runs without a built site, as in its HTTP tests).
pub fn build_of_files(dir: impl AsRef<Path>) -> Option<String> {
    let mut files = Vec::new();
    collect(dir.as_ref(), &mut files);
    if files.is_empty() {
        return None;
    }
    files.sort();
    // SipHash with fixed keys: stable for one build of the server, which is all
    // it is compared across (instances of the same binary).
    let mut hasher = DefaultHasher::new();
    for file in &files {
        let bytes = std::fs::read(file).ok()?;
        hasher.write(
            file.strip_prefix(dir.as_ref())
                .ok()?
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.write_usize(bytes.len());
        hasher.write(&bytes);
    }
    Some(format!("{:016x}", hasher.finish()))
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// A build id for a server that was given none: one per process, so that a page
/// from before a restart is never merged with a page from after it.
pub(super) fn process_build() -> Arc<str> {
    uuid::Uuid::new_v4().simple().to_string()[..16].into()
}

/// Puts the build on the request (for [`Head`](crate::Head)) and on
/// the answer; refuses an enhanced submission from a page of another build
/// with a 409, before anything runs: its browser half then submits the form as a
/// document, which the server answers as it answers a browser without
/// JavaScript (spec R6).
pub(super) async fn stamp_build(
    State(build): State<Arc<str>>,
    mut req: Request,
    next: Next,
) -> Response {
    let stale = req.headers().contains_key(PAGE_HEADER)
        && req
            .headers()
            .get(BUILD_HEADER)
            .is_some_and(|page| page.as_bytes() != build.as_bytes());
    let mut response = if stale {
        (
            StatusCode::CONFLICT,
            "This page is from another build of the site than the server's: reload it.",
        )
            .into_response()
    } else {
        req.extensions_mut().insert(Build(build.clone()));
        next.run(req).await
    };
    if let Ok(value) = HeaderValue::from_str(&build) {
        response.headers_mut().insert(BUILD_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r6_the_build_of_files_changes_with_any_file_and_is_none_without_files() {
        let dir = std::env::temp_dir().join(format!("kit-build-{}", uuid::Uuid::new_v4()));
        assert_eq!(build_of_files(&dir), None);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("app.wasm"), b"one").unwrap();
        std::fs::write(dir.join("sub/app.css"), b"css").unwrap();
        let first = build_of_files(&dir).unwrap();
        assert_eq!(build_of_files(&dir).as_deref(), Some(first.as_str()));
        std::fs::write(dir.join("sub/app.css"), b"css2").unwrap();
        let second = build_of_files(&dir).unwrap();
        assert_ne!(first, second);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
