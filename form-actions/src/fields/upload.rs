//! The file field kind (spec U1): [`Upload`], one file a form sent, spooled
//! to a temporary file while the body was read (spec U2).

use std::{borrow::Cow, fmt};

use super::{FieldSpec, FieldValue, Kind, Widget};
use crate::i18n::{KitText, Msg};

/// One file sent in a file field: `Upload` (one file), `Option<Upload>` (one
/// or none) or `Vec<Upload>` (several, `multiple`). Its limits are declared on
/// the field (`max_size`, `accept`, `max_files`, see
/// [`FileRules`](super::FileRules)) and were checked before the action runs;
/// what it holds is on disk, never in memory.
///
/// On the server, [`Upload::path`] and [`Upload::open`] read it. The
/// temporary file is deleted when the last `Upload` of it is dropped: after
/// the action, whatever it returned (spec U7). An action keeps a file by
/// copying it somewhere (an object store, see the demo's attachments).
#[derive(Clone)]
pub struct Upload {
    name: String,
    content_type: String,
    size: u64,
    #[cfg(feature = "ssr")]
    file: std::sync::Arc<tempfile::TempPath>,
}

impl Upload {
    /// A file read to `file` (the server half's multipart reader).
    #[cfg(feature = "ssr")]
    pub(crate) fn new(
        name: String,
        content_type: String,
        size: u64,
        file: tempfile::TempPath,
    ) -> Self {
        Self {
            name,
            content_type,
            size,
            file: std::sync::Arc::new(file),
        }
    }

    /// The file's name as the browser sent it, without any directory: shown to
    /// people, never used as a path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its media type, checked against the field's `accept` and against the
    /// file's first bytes (`image/png`).
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Where it is on disk: a temporary file, deleted after the action.
    #[cfg(feature = "ssr")]
    pub fn path(&self) -> &std::path::Path {
        &self.file
    }

    /// The file, opened for reading.
    #[cfg(feature = "ssr")]
    pub async fn open(&self) -> std::io::Result<tokio::fs::File> {
        tokio::fs::File::open(self.path()).await
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .finish()
    }
}

impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(feature = "ssr")]
        let same = std::sync::Arc::ptr_eq(&self.file, &other.file);
        #[cfg(not(feature = "ssr"))]
        let same = true;
        same && self.name == other.name && self.size == other.size
    }
}

/// A file field: never shown back (a file input cannot be filled in by a
/// page), so it is not [`Echo`](super::Echo).
impl FieldValue for Upload {
    const KIND: Kind = Kind {
        input: "file",
        widget: Widget::File,
        ..Kind::TEXT
    };

    /// A file comes as a file, never as text.
    fn parse(_: &str) -> Result<Self, Msg> {
        Err(Self::CHOOSE)
    }

    fn echo(&self, _: &mut Vec<String>) {}

    fn from_files(mut files: Vec<Upload>, spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        match files.len() {
            0 => Err(spec.rules.required.unwrap_or(Self::CHOOSE).text()),
            1 => Ok(files.remove(0)),
            _ => Err(spec
                .files
                .map_or(Msg::Kit(KitText::ChooseOneFile), |rules| rules.too_many)
                .text()),
        }
    }
}

impl Upload {
    /// The issue of a file field with no file, unless it declares its own
    /// (`required = "…"`).
    pub const CHOOSE: Msg = Msg::Kit(KitText::ChooseFile);
}

/// What the browser checks before it sends a file field's files (spec U4),
/// with the server's own messages, and the texts of the progress bar, all in
/// the page's language: the server writes them on the file input as one
/// attribute, `data-kit-file` (JSON), which `browser/upload.rs` reads. One
/// attribute written by the server alone, so that the browser's code for
/// every page carries nothing of it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileChecks {
    /// The most files, if the field says (0: no limit).
    pub max_files: u64,
    pub too_many: String,
    /// The largest file in bytes (0: no limit).
    pub max_size: u64,
    pub too_large: String,
    pub wrong_type: String,
    pub uploading: String,
    pub cancel: String,
    pub cancelled: String,
}

impl FileChecks {
    /// The attribute's value for a field with `rules`, in the request's
    /// language; none in the browser (a file field is rendered by the server).
    pub(crate) fn of(rules: Option<&super::FileRules>) -> Option<String> {
        #[cfg(feature = "ssr")]
        {
            let text = |m: Msg| m.text().into_owned();
            let checks = FileChecks {
                max_files: rules.map_or(0, |f| u64::from(f.max_files)),
                too_many: rules.map(|f| text(f.too_many)).unwrap_or_default(),
                max_size: rules.map_or(0, |f| f.max_size),
                too_large: rules.map(|f| text(f.too_large)).unwrap_or_default(),
                wrong_type: rules.map(|f| text(f.wrong_type)).unwrap_or_default(),
                uploading: KitText::Uploading.text().to_owned(),
                cancel: KitText::CancelUpload.text().to_owned(),
                cancelled: KitText::UploadCancelled.text().to_owned(),
            };
            serde_json::to_string(&checks).ok()
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = rules;
            None
        }
    }
}
