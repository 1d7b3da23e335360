//! A multipart body read as a stream (spec U2): text fields kept, files of the
//! form's file fields spooled to temporary files, each file checked against its
//! field's limits while it is read (spec U3).
//!
//! Server only. The parser is `multer` (the one axum's `Multipart` wraps), with
//! its limits set: the whole request (the form's bound: the text limit plus
//! each file field's `max_size` × `max_files`), each text field (the layer's
//! body limit), each file field (the request's bound). A file past its
//! `max_size` is not written past it: the rest of that part is read and thrown
//! away, and the field gets its issue, so the other fields are still read and
//! echoed. A request past its bound is read and thrown away up to a cap, then
//! answered (spec S6): the connection is never reset.

use axum::{
    body::{Body, BodyDataStream, Bytes},
    http::{header::CONTENT_TYPE, HeaderMap, Request, StatusCode},
};
use futures::StreamExt;
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::Arc,
};
use tokio::{io::AsyncWriteExt, sync::Mutex};

use super::form_data::{too_large, FormData};
use crate::action::Stop;
use crate::fields::{FieldSpec, FileRules, Upload, Widget};

/// Where uploaded files are spooled while a request is read: a directory the
/// layer puts into every request (`FormActions::upload_dir`), the system's
/// temporary directory unless the app says otherwise.
#[derive(Clone, Debug)]
pub struct UploadDir(pub Arc<PathBuf>);

/// How far past its bound a multipart body is read to answer it (spec S6).
pub(super) const DRAIN: u64 = 16 * 1024 * 1024;

/// How many first bytes of a file its type is read from.
const HEAD: usize = 8 * 1024;

/// The bound of a whole multipart request to a form with `specs`: the text
/// limit, plus every file it may hold.
pub(super) fn bound(specs: &[FieldSpec], text_limit: usize) -> u64 {
    specs
        .iter()
        .filter_map(|spec| spec.files)
        .map(|rules| rules.max_size.saturating_mul(u64::from(rules.max_files)))
        .fold(text_limit as u64, u64::saturating_add)
}

/// The body as the stream `multer` reads, with a handle to read the rest of
/// it after `multer` stops (spec S6).
///
/// Its end comes one poll after its last bytes: multer 3.1.0, looking for the
/// first boundary, takes a body whose bytes and end arrive in the same poll for
/// an incomplete one ("incomplete multipart stream"), which a small body on a
/// fast connection does.
fn shared(
    body: Body,
) -> (
    Arc<Mutex<BodyDataStream>>,
    impl futures::Stream<Item = Result<Bytes, axum::Error>>,
) {
    let shared = Arc::new(Mutex::new(body.into_data_stream()));
    let stream = futures::stream::unfold(shared.clone(), |body| async move {
        let next = body.lock().await.next().await;
        match next {
            Some(chunk) => Some((chunk, body)),
            None => {
                tokio::task::yield_now().await;
                None
            }
        }
    });
    (shared, stream)
}

/// Reads the rest of a body, keeping nothing, up to `cap` bytes: a client that
/// writes its whole body before it reads then gets the answer.
pub(super) async fn drain(body: &Mutex<BodyDataStream>, cap: u64) {
    let mut body = body.lock().await;
    let mut read = 0u64;
    while let Some(Ok(chunk)) = body.next().await {
        read += chunk.len() as u64;
        if read > cap {
            break;
        }
    }
}

/// Reads a multipart body for a form with `specs` (its file fields, if any).
/// A file's issue is kept for its field (spec U3); a body past its bound is a
/// 413, or, for a form with a file field, that field's issue with status 413.
pub(super) async fn read(
    req: Request<Body>,
    text_limit: usize,
    specs: &[FieldSpec],
) -> Result<FormData, Stop> {
    let boundary = boundary(req.headers())?;
    let dir = req
        .extensions()
        .get::<UploadDir>()
        .map(|d| d.0.clone())
        .unwrap_or_else(|| Arc::new(std::env::temp_dir()));
    let files: Vec<(&'static str, &'static FileRules)> = specs
        .iter()
        .filter(|s| s.widget == Widget::File)
        .filter_map(|s| s.files.map(|rules| (s.name, rules)))
        .collect();
    let bound = bound(specs, text_limit);
    let (body, stream) = shared(req.into_body());
    let mut limits = multer::SizeLimit::new()
        .whole_stream(bound)
        .per_field(text_limit as u64);
    for (name, _) in &files {
        limits = limits.for_field(*name, bound);
    }
    let mut multipart = multer::Multipart::with_constraints(
        stream,
        boundary,
        multer::Constraints::new().size_limit(limits),
    );
    let mut form = FormData::default();
    let mut counts: HashMap<&str, u16> = HashMap::new();
    // The file field being read when the body ended past its bound.
    let mut reading: Option<&'static str> = None;
    let outcome: Result<(), multer::Error> = async {
        while let Some(mut field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_owned();
            let file = files.iter().find(|(n, _)| *n == name).copied();
            let Some((name, rules)) = file.filter(|_| field.file_name().is_some()) else {
                reading = None;
                let bytes = field.bytes().await?;
                let value = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    multer::Error::StreamReadFailed(Box::new(Message(format!(
                        "The field `{name}` is not valid UTF-8"
                    ))))
                })?;
                form.push(name, value);
                continue;
            };
            reading = Some(name);
            let file_name = clean_name(field.file_name().unwrap_or_default());
            // A file input with no file chosen sends an empty part without a name.
            if file_name.is_empty() {
                while field.chunk().await?.is_some() {}
                continue;
            }
            let count = counts.entry(name).or_default();
            *count += 1;
            if *count > rules.max_files {
                form.file_issue(name, &rules.too_many.text());
            }
            if form.has_file_issue(name) {
                // Read and thrown away: one issue per field is shown.
                while field.chunk().await?.is_some() {}
                continue;
            }
            let declared = field
                .content_type()
                .map(|m| m.essence_str().to_ascii_lowercase())
                .unwrap_or_else(|| "application/octet-stream".into());
            match spool(&mut field, rules, &dir).await? {
                Spooled::TooLarge => form.file_issue(name, &rules.too_large.text()),
                Spooled::Failed(e) => return Err(multer::Error::StreamReadFailed(e.into())),
                Spooled::File { head, size, path } => match checked_type(rules, &declared, &head) {
                    Some(content_type) => {
                        form.push_file(name, Upload::new(file_name, content_type, size, path))
                    }
                    None => form.file_issue(name, &rules.wrong_type.text()),
                },
            }
        }
        Ok(())
    }
    .await;
    drop(multipart);
    match outcome {
        Ok(()) => Ok(form),
        Err(multer::Error::StreamSizeExceeded { .. }) => {
            drain(&body, DRAIN).await;
            // A form with a file field shows it as that field's issue (the
            // one being read, else the first), with what was read before it
            // (spec U3); any other, as a 413.
            let at = reading.or(files.first().map(|(n, _)| *n));
            match at.and_then(|at| files.iter().find(|(n, _)| *n == at)) {
                Some(&(name, rules)) => {
                    form.file_issue(name, &rules.too_large.text());
                    form.over_bound();
                    Ok(form)
                }
                None => Err(too_large()),
            }
        }
        Err(e) => {
            if matches!(e, multer::Error::FieldSizeExceeded { .. }) {
                drain(&body, DRAIN).await;
            }
            Err(error(e))
        }
    }
}

/// How much of a file is written to disk at a time while it is read.
const SPOOL_BUFFER: usize = 64 * 1024;

/// What reading one file gave.
enum Spooled {
    File {
        head: Vec<u8>,
        size: u64,
        path: tempfile::TempPath,
    },
    /// Past its field's `max_size`: nothing of it is kept.
    TooLarge,
    /// The disk failed: an unexpected error.
    Failed(std::io::Error),
}

/// Writes one file part to a temporary file in `dir`, keeping its first bytes
/// for its type; past `max_size` it stops writing, deletes what it wrote and
/// reads the rest of the part without keeping it.
async fn spool(
    field: &mut multer::Field<'_>,
    rules: &FileRules,
    dir: &Path,
) -> Result<Spooled, multer::Error> {
    let temp = match tempfile::Builder::new().prefix("upload-").tempfile_in(dir) {
        Ok(temp) => temp,
        Err(e) => return Ok(Spooled::Failed(e)),
    };
    let (file, path) = temp.into_parts();
    // The body comes in small chunks; each write of the file is a trip to
    // the blocking pool. Written 64 KiB at a time: fewer trips, and a bound
    // on what one upload holds in memory (its buffer here and the file's).
    let mut file = tokio::fs::File::from_std(file);
    file.set_max_buf_size(SPOOL_BUFFER);
    let mut file = tokio::io::BufWriter::with_capacity(SPOOL_BUFFER, file);
    let (mut head, mut size, mut failed) = (Vec::new(), 0u64, None);
    while let Some(chunk) = field.chunk().await? {
        size += chunk.len() as u64;
        if size > rules.max_size || failed.is_some() {
            continue;
        }
        if head.len() < HEAD {
            let take = (HEAD - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        if let Err(e) = file.write_all(&chunk).await {
            failed = Some(e);
        }
    }
    if size > rules.max_size {
        return Ok(Spooled::TooLarge);
    }
    if let Some(e) = failed.or(file.flush().await.err()) {
        return Ok(Spooled::Failed(e));
    }
    Ok(Spooled::File { head, size, path })
}

/// The type of a file if its field accepts it: the one its first bytes say
/// (`infer`), which must be accepted as well as the declared one; a file whose
/// bytes say nothing is taken at its word only for a text type, and only if it
/// looks like text (UTF-8, no NUL).
pub(super) fn checked_type(rules: &FileRules, declared: &str, head: &[u8]) -> Option<String> {
    if !rules.accepts(declared) {
        return None;
    }
    match infer::get(head) {
        Some(kind) => rules
            .accepts(kind.mime_type())
            .then(|| kind.mime_type().to_owned()),
        None if declared.starts_with("text/") => looks_like_text(head).then(|| declared.to_owned()),
        None if rules.accept.trim().is_empty() => Some(declared.to_owned()),
        None => None,
    }
}

/// UTF-8 without NUL, allowing a character cut at the end of `head`.
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    }
}

/// A file's name without any directory or control character, at most 255
/// characters: what the person chose, for showing, never a path.
pub(super) fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    base.chars()
        .filter(|c| !c.is_control())
        .take(255)
        .collect::<String>()
        .trim()
        .to_owned()
}

fn boundary(headers: &HeaderMap) -> Result<String, Stop> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    multer::parse_boundary(content_type).map_err(|_| {
        Stop::error(
            StatusCode::BAD_REQUEST.as_u16(),
            "A multipart body needs its boundary in Content-Type",
        )
    })
}

/// A multipart body that could not be read: 413 past a limit, else 400.
fn error(e: multer::Error) -> Stop {
    match &e {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => {
            too_large()
        }
        _ if super::form_data::over_limit(&e) => too_large(),
        multer::Error::StreamReadFailed(inner) if inner.is::<Message>() => {
            Stop::error(StatusCode::BAD_REQUEST.as_u16(), inner.to_string())
        }
        // The disk, not the request.
        multer::Error::StreamReadFailed(inner) if inner.is::<std::io::Error>() => {
            Stop::internal(anyhow::anyhow!("spooling an upload failed: {inner}"))
        }
        _ => Stop::error(
            StatusCode::BAD_REQUEST.as_u16(),
            format!("The multipart body could not be read: {e}"),
        ),
    }
}

/// A message of this reader's own, carried through `multer`'s error.
#[derive(Debug)]
struct Message(String);

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    const RULES: FileRules = FileRules {
        accept: "image/png, image/jpeg,application/pdf,text/plain",
        wrong_type: Msg::Plain("Choose a PNG, JPEG, PDF or text file"),
        max_size: 10,
        too_large: Msg::Plain("File must be at most 10 bytes"),
        max_files: 2,
        too_many: Msg::Plain("At most 2 files"),
        again: Msg::Plain(""),
    };

    #[test]
    fn u3_a_type_is_checked_from_the_first_bytes_and_as_declared() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(
            checked_type(&RULES, "image/png", png).as_deref(),
            Some("image/png")
        );
        assert_eq!(
            checked_type(&RULES, "text/plain", b"hello").as_deref(),
            Some("text/plain")
        );
        assert_eq!(
            checked_type(&RULES, "application/pdf", b"%PDF-1.7").as_deref(),
            Some("application/pdf")
        );
        // Declared as accepted, but its bytes are another type, or none.
        assert_eq!(checked_type(&RULES, "image/png", b"hello"), None);
        assert_eq!(checked_type(&RULES, "text/plain", b"<html><body>"), None);
        assert_eq!(checked_type(&RULES, "text/plain", b"a\0b"), None);
        assert_eq!(checked_type(&RULES, "text/plain", b"GIF89a"), None);
        // Declared as a type not accepted, whatever its bytes.
        assert_eq!(checked_type(&RULES, "image/svg+xml", b"<svg>"), None);
        assert_eq!(checked_type(&RULES, "text/html", b"hello"), None);
        // A character cut at the end of the first bytes is still text.
        assert!(looks_like_text(
            "caf\u{e9}".as_bytes().split_last().unwrap().1
        ));
    }

    #[test]
    fn u1_accept_lists_types_and_families() {
        let images = FileRules {
            accept: "image/*",
            ..RULES
        };
        assert!(images.accepts("image/webp") && !images.accepts("text/plain"));
        let any = FileRules {
            accept: "",
            ..RULES
        };
        assert!(any.accepts("application/zip"));
        assert!(RULES.accepts("image/jpeg") && !RULES.accepts("image/gif"));
    }

    #[test]
    fn u6_a_file_name_is_never_a_path() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\me\\report.pdf"), "report.pdf");
        assert_eq!(clean_name("a\u{0}b\r\n.txt"), "ab.txt");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 255);
    }

    #[test]
    fn u2_a_forms_bound_is_its_text_and_every_file() {
        use crate::fields::{Declared, Kind, Rules};
        static FILES: FieldSpec = FieldSpec::of(
            Kind::TEXT,
            "files",
            Msg::Plain("Files"),
            Declared {
                widget: Some(Widget::File),
                input: None,
                autocomplete: None,
                hint: None,
                rules: Rules::NONE,
                files: Some(&RULES),
            },
        );
        assert_eq!(bound(std::slice::from_ref(&FILES), 100), 120);
        assert_eq!(bound(&[], 100), 100);
    }

    #[tokio::test]
    async fn u2_a_small_body_whose_end_comes_with_its_bytes_is_read() {
        use futures::StreamExt;
        let body: &'static [u8] =
            b"--X\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--X--\r\n";
        // Nothing at first, then every byte, then the end at once.
        let stream = futures::stream::iter([body]).then(|chunk| async move {
            tokio::task::yield_now().await;
            Ok::<_, std::io::Error>(chunk)
        });
        let req = Request::builder()
            .header(CONTENT_TYPE, "multipart/form-data; boundary=X")
            .body(Body::from_stream(stream))
            .unwrap();
        let form = read(req, 1024, &[]).await.unwrap();
        assert_eq!(form.get("note").unwrap(), Some("x"));
    }
}
