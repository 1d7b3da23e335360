//! The body of a form submission, parsed from urlencoded or multipart.

use axum::{
    body::Body,
    http::{header::CONTENT_TYPE, HeaderMap, Request, StatusCode},
};

use http_body_util::LengthLimitError;

use crate::action::Stop;
use crate::fields::{FieldSpec, Upload};

/// The fields of a submitted form, in the order they were sent, and its files
/// (spec U1), each in a temporary file.
#[derive(Clone, Debug, Default)]
pub struct FormData {
    fields: Vec<(String, String)>,
    files: Vec<(String, Upload)>,
    /// The first issue of each file field (spec U3).
    file_issues: Vec<(String, String)>,
    /// The body was past its bound (spec U2): what was read before is here.
    over_bound: bool,
}

impl FormData {
    /// Builds form data from pairs (tests, and callers that parsed a body themselves).
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            fields: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            ..Self::default()
        }
    }

    pub(super) fn push(&mut self, name: String, value: String) {
        self.fields.push((name, value));
    }

    pub(super) fn push_file(&mut self, name: &str, file: Upload) {
        self.files.push((name.to_owned(), file));
    }

    /// Records `message` as the issue of the file field `name`, unless it
    /// has one; its files read so far are dropped (and deleted).
    pub(super) fn file_issue(&mut self, name: &str, message: &str) {
        if !self.has_file_issue(name) {
            self.file_issues.push((name.to_owned(), message.to_owned()));
            self.files.retain(|(n, _)| n != name);
        }
    }

    pub(super) fn has_file_issue(&self, name: &str) -> bool {
        self.file_issues.iter().any(|(n, _)| n == name)
    }

    pub(super) fn over_bound(&mut self) {
        self.over_bound = true;
    }

    /// Whether the body was past its bound (spec U2): the form then fails
    /// with 413, what was read before the bound echoed.
    pub fn is_over_bound(&self) -> bool {
        self.over_bound
    }

    /// Every file sent, with its field's name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Upload)> {
        self.files.iter().map(|(k, f)| (k.as_str(), f))
    }

    /// The one value of `name`, if it was sent. A field sent twice where one is
    /// expected is a client error (400), never a guess at which one was meant.
    pub fn get<'a>(&'a self, name: &str) -> Result<Option<&'a str>, Stop> {
        let mut values = self
            .fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(Stop::error(
                StatusCode::BAD_REQUEST.as_u16(),
                format!("The field `{name}` was sent more than once"),
            ));
        }
        Ok(first)
    }

    /// The value of `name`, or `""` when it was not sent.
    pub fn text(&self, name: &str) -> Result<String, Stop> {
        Ok(self.get(name)?.unwrap_or_default().to_owned())
    }

    /// Every value of `name` (checkbox groups, multi-selects).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Reads a form body: `application/x-www-form-urlencoded` or `multipart/form-data`.
    /// Anything else is refused with 415; a body over the limit with 413. A
    /// file is read as text: see [`FormData::read`] for a form with files.
    pub async fn from_request(req: Request<Body>, limit: usize) -> Result<Self, Stop> {
        Self::read(req, limit, &[]).await
    }

    /// Reads the body of a form with the fields `specs` (a typed form's
    /// `F::specs()`): as [`FormData::from_request`], and its file fields'
    /// files spooled to temporary files and checked against their limits as
    /// they are read (spec U2, U3). `limit` bounds the text; the request may
    /// hold every file on top.
    pub async fn read(req: Request<Body>, limit: usize, specs: &[FieldSpec]) -> Result<Self, Stop> {
        let mime = content_type(req.headers());
        match mime.as_str() {
            "application/x-www-form-urlencoded" => {
                let bytes = axum::body::to_bytes(req.into_body(), limit)
                    .await
                    .map_err(body_error)?;
                // Raw bytes that are not UTF-8 are refused; percent-escapes that
                // are not decode to U+FFFD (spec B1, S6).
                if std::str::from_utf8(&bytes).is_err() {
                    return Err(Stop::error(
                        StatusCode::BAD_REQUEST.as_u16(),
                        "The form body is not valid UTF-8",
                    ));
                }
                Ok(Self::from_pairs(
                    form_urlencoded::parse(&bytes).into_owned(),
                ))
            }
            "multipart/form-data" => super::uploads::read(req, limit, specs).await,
            _ => Err(Stop::error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE.as_u16(),
                "Expected a form body (application/x-www-form-urlencoded or multipart/form-data)",
            )),
        }
    }
}

/// The media type of a request, lower-case and without parameters.
pub(super) fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

pub(super) fn body_error(e: axum::Error) -> Stop {
    if over_limit(&e) {
        too_large()
    } else {
        Stop::error(
            StatusCode::BAD_REQUEST.as_u16(),
            "The request body could not be read",
        )
    }
}

/// Whether a body's read failed on a length limit: ours, `Multipart`'s or the
/// body-limit layer's, each wrapping the one below it.
pub(super) fn over_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = e.source();
    while let Some(s) = source {
        if s.is::<LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

pub(super) fn too_large() -> Stop {
    Stop::error(
        StatusCode::PAYLOAD_TOO_LARGE.as_u16(),
        "The request body is too large",
    )
}

/// Typed forms read their fields from a submitted form.
impl crate::fields::Source for FormData {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|(k, _)| k.as_str()).collect()
    }

    fn files_of(&self, name: &str) -> Result<Vec<Upload>, String> {
        if let Some((_, issue)) = self.file_issues.iter().find(|(k, _)| k == name) {
            return Err(issue.clone());
        }
        Ok(self
            .files
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, f)| f.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content_type: &str, body: &'static [u8]) -> Request<Body> {
        Request::builder()
            .header(CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn urlencoded_fields_are_read_in_order() {
        let form = FormData::from_request(
            request(
                "application/x-www-form-urlencoded",
                b"a=1&b=two+words&c=%C3%A9",
            ),
            1024,
        )
        .await
        .unwrap();
        assert_eq!(form.get("a").unwrap(), Some("1"));
        assert_eq!(form.get("b").unwrap(), Some("two words"));
        assert_eq!(form.get("c").unwrap(), Some("é"));
        assert_eq!(form.get("missing").unwrap(), None);
    }

    #[tokio::test]
    async fn a_field_sent_twice_is_a_400() {
        let form = FormData::from_pairs([("email", "a"), ("email", "b")]);
        let err = form.get("email").unwrap_err();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST.as_u16());
        assert_eq!(form.all("email").count(), 2);
    }

    #[tokio::test]
    async fn an_invalid_percent_escape_decodes_to_the_replacement_character() {
        let form =
            FormData::from_request(request("application/x-www-form-urlencoded", b"a=%FF"), 1024)
                .await
                .unwrap();
        assert_eq!(form.get("a").unwrap(), Some("\u{FFFD}"));
    }

    #[tokio::test]
    async fn s6_raw_bytes_that_are_not_utf8_are_a_400() {
        let err = FormData::from_request(
            request("application/x-www-form-urlencoded", b"title=caf\xe9"),
            1024,
        )
        .await
        .unwrap_err();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST.as_u16());
    }

    #[tokio::test]
    async fn a_json_body_is_a_415() {
        let err = FormData::from_request(request("application/json", b"{}"), 1024)
            .await
            .unwrap_err();
        assert_eq!(
            err.status_code(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE.as_u16()
        );
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_a_413() {
        let err = FormData::from_request(
            request("application/x-www-form-urlencoded", b"a=0123456789"),
            4,
        )
        .await
        .unwrap_err();
        assert_eq!(err.status_code(), StatusCode::PAYLOAD_TOO_LARGE.as_u16());
    }

    #[tokio::test]
    async fn multipart_text_fields_are_read() {
        let body: &'static [u8] =
            b"--X\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.c\r\n--X--\r\n";
        let form = FormData::from_request(request("multipart/form-data; boundary=X", body), 1024)
            .await
            .unwrap();
        assert_eq!(form.get("email").unwrap(), Some("a@b.c"));
    }

    /// A multipart body of one field `title` holding `size` bytes.
    fn multipart_of(size: usize) -> Request<Body> {
        let mut body = b"--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'a', size));
        body.extend_from_slice(b"\r\n--X--\r\n");
        Request::builder()
            .header(CONTENT_TYPE, "multipart/form-data; boundary=X")
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn b2_a_multipart_body_over_the_limit_is_a_413() {
        let err = FormData::from_request(multipart_of(4096), 1024)
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), StatusCode::PAYLOAD_TOO_LARGE.as_u16());
    }

    #[tokio::test]
    async fn b2_a_multipart_body_under_a_limit_above_axums_default_is_read() {
        // axum's Multipart alone stops at 2 MiB.
        let size = 3 * 1024 * 1024;
        let form = FormData::from_request(multipart_of(size), 4 * 1024 * 1024)
            .await
            .unwrap();
        assert_eq!(form.get("title").unwrap().map(str::len), Some(size));
    }

    #[tokio::test]
    async fn multipart_invalid_utf8_is_a_400() {
        let body: &'static [u8] =
            b"--X\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n\xff\xfe\r\n--X--\r\n";
        let err = FormData::from_request(request("multipart/form-data; boundary=X", body), 1024)
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST.as_u16());
    }
}
