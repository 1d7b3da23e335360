//! Where uploaded files are kept (spec U5), and how they are sent back (spec
//! U6): an object store, through the `object_store` crate.
//!
//! Server only, feature `storage`. [`Storage::open`] is the local filesystem
//! under a directory by default, or an S3-compatible store for a URL such as
//! `s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1` (the other
//! settings from the `AWS_…` environment variables). Objects are named by random
//! ids, never by a file's name. [`Storage::download`] answers a file as an
//! attachment that no browser runs or sniffs, streamed from the store, with
//! ranges.

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use object_store::{
    aws::AmazonS3Builder, buffered::BufWriter, local::LocalFileSystem, path::Path as ObjectPath,
    GetOptions, GetRange, ObjectStore, ObjectStoreExt,
};
use std::{
    collections::HashSet,
    path::Path,
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};
use tokio::io::AsyncWriteExt;

use crate::fields::Upload;

/// The folder of the store every object is in.
const FOLDER: &str = "uploads";

/// The types a download is sent as; any other is `application/octet-stream`
/// (spec U6). None of them runs a script: no HTML, no SVG, no XML.
const SAFE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
];

/// An object store for uploaded files: cheap to clone, one per app.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The same store when it is the local filesystem: an upload is put into
    /// it as a file (see [`Storage::put`]).
    local: Option<Arc<LocalFileSystem>>,
}

impl Storage {
    /// The store `url` names (`s3://bucket?endpoint=…&region=…`), or with
    /// none, the local filesystem under `dir` (made if missing).
    pub fn open(url: Option<&str>, dir: &Path) -> anyhow::Result<Self> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Self::s3(url),
            None => Self::local(dir),
        }
    }

    /// Files in the directory `dir`.
    pub fn local(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let local = Arc::new(LocalFileSystem::new_with_prefix(dir)?);
        Ok(Self {
            store: local.clone(),
            local: Some(local),
        })
    }

    /// An S3-compatible store: `s3://bucket`, its settings in the query
    /// (`endpoint`, `region`, `access_key_id`, `secret_access_key`, any key of
    /// `object_store`'s `AmazonS3ConfigKey`) or in `AWS_…` variables. An
    /// `http://` endpoint (a store on loopback) is allowed.
    pub fn s3(url: &str) -> anyhow::Result<Self> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut builder = AmazonS3Builder::from_env().with_url(base);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if key == "endpoint" && value.starts_with("http://") {
                builder = builder.with_allow_http(true);
            }
            let key = key
                .parse()
                .map_err(|e| anyhow::anyhow!("STORAGE_URL: unknown setting `{key}`: {e}"))?;
            builder = builder.with_config(key, value);
        }
        Ok(Self {
            store: Arc::new(builder.build()?),
            local: None,
        })
    }

    /// Copies an upload into the store under a new random id, which it
    /// returns. Its bytes never pass through memory whole (spec U2): on the
    /// local filesystem the temporary file is linked into the store (or
    /// copied by the kernel, from another filesystem); to S3 it is streamed
    /// in parts of 5 MiB (S3's smallest), two at a time.
    pub async fn put(&self, upload: &Upload) -> anyhow::Result<String> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match &self.local {
            Some(local) => put_file(&local.path_to_filesystem(&path_of(&id))?, upload).await?,
            None => self.put_stream(&id, upload).await?,
        }
        Ok(id)
    }

    /// Streams an upload into the store. `object_store`'s writer holds a
    /// part while it is sent: its default (10 MiB, eight at a time) would
    /// hold a file of less than 10 MiB whole, and 80 MiB of a large one.
    async fn put_stream(&self, id: &str, upload: &Upload) -> anyhow::Result<()> {
        const PART: usize = 5 * 1024 * 1024;
        let file = upload.open().await?;
        let mut reader = tokio::io::BufReader::with_capacity(256 * 1024, file);
        let mut writer =
            BufWriter::with_capacity(self.store.clone(), path_of(id), PART).with_max_concurrency(2);
        match tokio::io::copy_buf(&mut reader, &mut writer).await {
            Ok(_) => Ok(writer.shutdown().await?),
            Err(e) => {
                let _ = writer.abort().await;
                Err(e.into())
            }
        }
    }

    /// Deletes an object; one that is not there is no error.
    pub async fn delete(&self, id: &str) -> anyhow::Result<()> {
        if !is_id(id) {
            return Ok(());
        }
        match self.store.delete(&path_of(id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether an object is there.
    pub async fn exists(&self, id: &str) -> anyhow::Result<bool> {
        if !is_id(id) {
            return Ok(false);
        }
        match self.store.head(&path_of(id)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the objects that `known` does not list and that are older than
    /// `grace` (an upload between its copy and its row is not an orphan):
    /// what a record deleted without its files left behind (spec U7).
    /// Returns how many it deleted.
    pub async fn sweep(&self, known: &HashSet<String>, grace: Duration) -> anyhow::Result<usize> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
        let mut listed = self.store.list(Some(&ObjectPath::from(FOLDER)));
        let mut orphans = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta?;
            let Some(id) = meta.location.filename().map(str::to_owned) else {
                continue;
            };
            let age = now - meta.last_modified.timestamp();
            if !known.contains(&id) && age >= grace.as_secs() as i64 {
                orphans.push(id);
            }
        }
        for id in &orphans {
            self.delete(id).await?;
        }
        Ok(orphans.len())
    }

    /// The object `id` as a download (spec U6), after the caller checked
    /// that the person may have it: `Content-Disposition: attachment` with
    /// `name` (RFC 6266: `filename` in ASCII and `filename*` in UTF-8),
    /// `content_type` if it is one of a short list of types that run nothing
    /// (else `application/octet-stream`), `nosniff`, `Content-Security-Policy:
    /// sandbox`; a `Range` gets a 206 of that range. The body is streamed
    /// from the store. A missing object is a 404.
    pub async fn download(
        &self,
        id: &str,
        name: &str,
        content_type: &str,
        request: &HeaderMap,
    ) -> Response {
        if !is_id(id) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let path = path_of(id);
        let meta = match self.store.head(&path).await {
            Ok(meta) => meta,
            Err(object_store::Error::NotFound { .. }) => {
                return StatusCode::NOT_FOUND.into_response()
            }
            Err(e) => return super::internal_error(&format_args!("reading a stored file: {e}")),
        };
        let size = meta.size;
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, safe_type(content_type));
        headers.insert(header::CONTENT_DISPOSITION, disposition(name));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        );
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
        let range = match range_of(request, size) {
            Ok(range) => range,
            Err(()) => {
                headers.insert(
                    header::CONTENT_RANGE,
                    HeaderValue::from_str(&format!("bytes */{size}")).expect("digits"),
                );
                return (StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response();
            }
        };
        let options = GetOptions {
            range: range.clone().map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let got = match self.store.get_opts(&path, options).await {
            Ok(got) => got,
            Err(object_store::Error::NotFound { .. }) => {
                return StatusCode::NOT_FOUND.into_response()
            }
            Err(e) => return super::internal_error(&format_args!("reading a stored file: {e}")),
        };
        let sent = got.range.clone();
        headers.insert(
            header::CONTENT_LENGTH,
            HeaderValue::from(sent.end - sent.start),
        );
        let body = Body::from_stream(got.into_stream());
        match range {
            Some(_) => {
                headers.insert(
                    header::CONTENT_RANGE,
                    HeaderValue::from_str(&format!(
                        "bytes {}-{}/{size}",
                        sent.start,
                        sent.end.saturating_sub(1)
                    ))
                    .expect("digits"),
                );
                (StatusCode::PARTIAL_CONTENT, headers, body).into_response()
            }
            None => (StatusCode::OK, headers, body).into_response(),
        }
    }
}

/// An id this store made: 32 hex digits.
fn is_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn path_of(id: &str) -> ObjectPath {
    ObjectPath::from(format!("{FOLDER}/{id}"))
}

/// The range a request asks for, if one (several ranges get the whole file);
/// `Err` for one that the file cannot satisfy (416).
fn range_of(request: &HeaderMap, size: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
    let Some(value) = request.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Ok(parsed) = http_range_header::parse_range_header(value) else {
        // A header that is not a byte range is ignored (RFC 9110).
        return Ok(None);
    };
    let ranges = parsed.validate(size).map_err(|_| ())?;
    match ranges.as_slice() {
        [one] => Ok(Some(*one.start()..one.end() + 1)),
        _ => Ok(None),
    }
}

/// The type a file is sent as (spec U6).
fn safe_type(content_type: &str) -> HeaderValue {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match SAFE_TYPES.iter().find(|t| **t == mime) {
        Some(t) if t.starts_with("text/") => {
            HeaderValue::from_str(&format!("{t}; charset=utf-8")).expect("a listed type")
        }
        Some(t) => HeaderValue::from_static(t),
        None => HeaderValue::from_static("application/octet-stream"),
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266, RFC 8187): the
/// ASCII name for old clients, every other character as `_`, and the whole
/// name percent-encoded.
pub(super) fn disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// Puts an upload's temporary file at `path` in a local store: a hard link
/// when both are on one filesystem (no byte is copied, and the link outlives
/// the temporary name, which is deleted after the action), else a copy made
/// by the kernel (`copy_file_range`) to a name the store's readers never ask
/// for, renamed once complete.
async fn put_file(path: &Path, upload: &Upload) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    if tokio::fs::hard_link(upload.path(), path).await.is_ok() {
        return Ok(());
    }
    let part = path.with_extension("part");
    match tokio::fs::copy(upload.path(), &part).await {
        Ok(_) => tokio::fs::rename(&part, path).await,
        Err(e) => {
            let _ = tokio::fs::remove_file(&part).await;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u6_a_name_is_encoded_as_rfc_6266_says() {
        assert_eq!(
            disposition("report 1.pdf"),
            "attachment; filename=\"report 1.pdf\"; filename*=UTF-8''report%201.pdf"
        );
        assert_eq!(
            disposition("日本\"語\".txt"),
            "attachment; filename=\"_____.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%22%E8%AA%9E%22.txt"
        );
        assert_eq!(
            disposition("a\r\nb"),
            "attachment; filename=\"a__b\"; filename*=UTF-8''a%0D%0Ab"
        );
    }

    #[test]
    fn u6_only_types_that_run_nothing_are_sent_as_themselves() {
        assert_eq!(safe_type("image/png"), "image/png");
        assert_eq!(safe_type("text/plain"), "text/plain; charset=utf-8");
        for t in [
            "text/html",
            "image/svg+xml",
            "application/xhtml+xml",
            "text/xml",
            "",
        ] {
            assert_eq!(safe_type(t), "application/octet-stream", "{t}");
        }
    }

    #[test]
    fn u6_a_range_is_one_range_the_file_has() {
        let with = |range: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::RANGE, range.parse().unwrap());
            range_of(&headers, 100)
        };
        assert_eq!(with("bytes=0-9"), Ok(Some(0..10)));
        assert_eq!(with("bytes=90-"), Ok(Some(90..100)));
        assert_eq!(with("bytes=-5"), Ok(Some(95..100)));
        assert_eq!(with("bytes=200-300"), Err(()));
        assert_eq!(with("bytes=0-1,5-6"), Ok(None));
        assert_eq!(with("items=1-2"), Ok(None));
        assert_eq!(range_of(&HeaderMap::new(), 100), Ok(None));
    }

    #[tokio::test]
    async fn u5_u7_a_file_is_kept_under_a_random_id_and_a_sweep_deletes_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::local(dir.path()).unwrap();
        let spool = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(spool.path(), b"hello").unwrap();
        let upload = Upload::new(
            "../x.txt".into(),
            "text/plain".into(),
            5,
            spool.into_temp_path(),
        );
        let (kept, orphan) = (
            storage.put(&upload).await.unwrap(),
            storage.put(&upload).await.unwrap(),
        );
        assert_ne!(kept, orphan);
        assert!(is_id(&kept));
        assert_eq!(
            std::fs::read(dir.path().join(FOLDER).join(&kept)).unwrap(),
            b"hello"
        );
        let known = HashSet::from([kept.clone()]);
        // Young objects are left alone: their row may be on its way.
        assert_eq!(
            storage
                .sweep(&known, Duration::from_secs(3600))
                .await
                .unwrap(),
            0
        );
        assert_eq!(storage.sweep(&known, Duration::ZERO).await.unwrap(), 1);
        assert!(storage.exists(&kept).await.unwrap());
        assert!(!storage.exists(&orphan).await.unwrap());

        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, "bytes=1-3".parse().unwrap());
        let res = storage
            .download(&kept, "x.txt", "text/plain", &headers)
            .await;
        assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(res.headers()[header::CONTENT_RANGE], "bytes 1-3/5");
        let body = axum::body::to_bytes(res.into_body(), 100).await.unwrap();
        assert_eq!(&body[..], b"ell");
        let missing = storage
            .download(&orphan, "x.txt", "text/plain", &HeaderMap::new())
            .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}
