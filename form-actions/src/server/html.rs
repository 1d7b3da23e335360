//! What Leptos leaves in the server's HTML that is not valid HTML, taken out
//! (issue 20): one pass over each page as it leaves the server.
//!
//! Server only. Three artefacts of Leptos 0.8's server rendering:
//! - `<!>`, the empty comments that mark where hydration resumes, are a parse
//!   error ("bogus comment"). Outside islands nothing is hydrated, so they go;
//!   inside a `<leptos-island>` they become `<!---->`, the same empty comment
//!   node for the browser, so hydration is unchanged.
//! - The scripts of the async render come after `</html>`: they move before
//!   `</body>`, where the browser's parser puts them anyway.
//! - `<HydrationScripts>` preloads the wasm and its JavaScript, writing the
//!   script nonce as the value of their `crossorigin` (not a valid value).
//!   Those preloads go: in islands mode Leptos's script imports the JavaScript
//!   only when the browser is idle, after the first paint, and the preloads
//!   fetched 90 KB of wasm beside the stylesheet before it (Lighthouse's
//!   simulated slow 4G put the largest paint at 1.35 s with them, the first
//!   paint at 0.76 s). The forms and links are plain HTML until the wasm runs.
//!   Any other `<link>` of the head with that `crossorigin` gets the valid
//!   `crossorigin` (an unknown value means `anonymous`: the same state).
//!
//! The scan knows tags, quoted attribute values, comments and the raw text of
//! `<script>` and `<style>`, so nothing a user typed (a title shown in an
//! attribute, say) is ever changed.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::error::internal_error;

/// Cleans every HTML page on its way out, and gives its forms fresh submission
/// tokens (not one already compressed: a kept page, which was cleaned when it
/// was kept, and gets its tokens as it is answered).
pub(super) async fn clean_pages(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match cleaned(body).await {
        Ok(body) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            // Its forms' submission tokens, fresh (spec P3).
            Response::from_parts(parts, Body::from(super::submissions::fill(body)))
        }
        // The render's stream failed part-way. Nothing has been sent yet: a 500.
        Err(error) => {
            internal_error(&format_args!("rendering a page failed: {error}")).into_response()
        }
    }
}

/// The whole body of a rendered page, cleaned: what every page goes out as
/// (here, a kept page, the page of an enhanced answer). A body that is not
/// UTF-8 is left as it is.
pub(super) async fn cleaned(body: Body) -> Result<Bytes, axum::Error> {
    let bytes = axum::body::to_bytes(body, usize::MAX).await?;
    Ok(match std::str::from_utf8(&bytes) {
        Ok(text) => Bytes::from(clean(text)),
        Err(_) => bytes,
    })
}

/// The page without the artefacts above. The page is copied in runs, between
/// the few places that change, so the pass costs little more than one copy.
pub(crate) fn clean(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // `html[..copied]` has been copied to `out` (or dropped); `at` is where
    // the scan goes on.
    let (mut copied, mut at) = (0, 0);
    let mut island_depth = 0usize;
    let mut in_head = true;
    let bytes = html.as_bytes();
    for start in memchr::memchr_iter(b'<', bytes) {
        // Inside a tag, a comment or raw text already passed over.
        if start < at {
            continue;
        }
        let rest = &html[start..];
        if rest.starts_with("<!>") {
            out.push_str(&html[copied..start]);
            if island_depth > 0 {
                out.push_str("<!---->");
            }
            at = start + 3;
            copied = at;
        } else if rest.starts_with("<!--") {
            at = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
        } else if rest.starts_with("</") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.eq_ignore_ascii_case("</leptos-island>") {
                island_depth = island_depth.saturating_sub(1);
            } else if tag.eq_ignore_ascii_case("</head>") {
                in_head = false;
            }
            at = start + end;
        } else {
            let end = tag_end(rest);
            let tag = &rest[..end];
            let name = tag_name(tag);
            if name.eq_ignore_ascii_case("leptos-island") {
                island_depth += 1;
            }
            if in_head && name.eq_ignore_ascii_case("link") {
                if let Some(link) = cleaned_link(tag) {
                    out.push_str(&html[copied..start]);
                    out.push_str(&link);
                    copied = start + end;
                }
            }
            at = start + end;
            // Raw text: skipped as it is, up to its end tag.
            if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
                at = end_of_raw_text(html, at, name);
            }
        }
    }
    out.push_str(&html[copied..]);
    move_trailing_scripts(out)
}

/// Where the tag that starts `text` ends (after its `>`), past quoted values.
fn tag_end(text: &str) -> usize {
    // Bytes: the quotes and `>` are ASCII, never part of a longer character.
    let bytes = text.as_bytes();
    let mut at = 1;
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &bytes[at..]) {
        let i = at + found;
        if bytes[i] == b'>' {
            return i + 1;
        }
        match memchr::memchr(bytes[i], &bytes[i + 1..]) {
            Some(close) => at = i + 1 + close + 1,
            None => break,
        }
    }
    text.len()
}

/// The name of the tag `<name …>`.
fn tag_name(tag: &str) -> &str {
    let name = &tag[1..];
    let end = name
        .bytes()
        .position(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(name.len());
    &name[..end]
}

/// Where the raw text of `<name>` that starts at `from` ends: at its `</name`
/// (in any case), or at the end of the page.
fn end_of_raw_text(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(&bytes[from..], b"</")
        .map(|found| from + found)
        .find(|&start| {
            let after = &bytes[start + 2..];
            after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        })
        .unwrap_or(html.len())
}

/// A `<link>` of the head as it goes out, when it changes: `Some("")` for
/// Leptos's preloads of the wasm and its JavaScript (the module preload, the
/// preload of `application/wasm`), which go; the tag with a valid
/// `crossorigin` for one whose value is the nonce; `None` to keep it as it is.
fn cleaned_link(tag: &str) -> Option<String> {
    let leptos_preload = tag.contains(" rel=\"modulepreload\"")
        || (tag.contains(" rel=\"preload\"") && tag.contains(" type=\"application/wasm\""));
    if leptos_preload {
        return Some(String::new());
    }
    const ATTR: &str = " crossorigin=\"";
    let start = tag.find(ATTR)?;
    let value_start = start + ATTR.len();
    let len = tag[value_start..].find('"')?;
    let value = &tag[value_start..value_start + len];
    if matches!(value, "" | "anonymous" | "use-credentials") {
        return None;
    }
    let mut tag = tag.to_owned();
    tag.replace_range(start..value_start + len + 1, " crossorigin");
    Some(tag)
}

/// Scripts after `</body>` (Leptos writes them after `</html>`) go before it.
/// Only the end of the page is copied.
fn move_trailing_scripts(mut html: String) -> String {
    let Some(body_end) = html.rfind("</body>") else {
        return html;
    };
    let mut scripts = String::new();
    let mut rest = &html[body_end..];
    while let Some(start) = rest.find("<script") {
        let Some(end) = rest[start..].find("</script>") else {
            break;
        };
        let end = start + end + "</script>".len();
        scripts.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    if scripts.is_empty() {
        return html;
    }
    html.truncate(body_end);
    html.push_str(&scripts);
    html.push_str("</body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn markers_go_outside_islands_and_become_empty_comments_inside() {
        assert_eq!(
            clean("<main><!><p>a<!></p><leptos-island data-component=\"x\"><b>b<!></b><!></leptos-island><!></main>"),
            "<main><p>a</p><leptos-island data-component=\"x\"><b>b<!----></b><!----></leptos-island></main>"
        );
        // Nested islands: the marker after the inner one is still inside the outer.
        assert_eq!(
            clean("<leptos-island><leptos-island><!></leptos-island><!></leptos-island><!>"),
            "<leptos-island><leptos-island><!----></leptos-island><!----></leptos-island>"
        );
    }

    #[test]
    fn what_users_typed_is_never_changed() {
        // In an attribute (a title as a label), in a comment, in a script's
        // text, and escaped text.
        for html in [
            r#"<form aria-label="<!> crossorigin=&quot;x&quot;"><!-- <!> --></form>"#,
            r#"<script>let a = "<!>";</script><style>a::before{content:"<!>"}</style>"#,
            "<p>&lt;!&gt;</p><leptos-island data-props='{\"t\":\"</leptos-island>\"}'></leptos-island><p></p>",
            r#"<p title="é > ü <!>">ä</p><script>if (a<b && c</d) {}</script>"#,
        ] {
            assert_eq!(clean(html), html);
        }
        // A raw text ends at its end tag in any case; what follows is scanned.
        assert_eq!(
            clean("<script>a<!></SCRIPT><!><p></p>"),
            "<script>a<!></SCRIPT><p></p>"
        );
    }

    #[test]
    fn the_wasm_preloads_go_and_a_nonce_as_crossorigin_becomes_crossorigin_in_the_head_only() {
        let html = concat!(
            r#"<html><head><link rel="modulepreload" href="/pkg/a.js" crossorigin="3f2a9c">"#,
            r#"<link rel="preload" href="/pkg/a.wasm" as="fetch" type="application/wasm" crossorigin="3f2a9c">"#,
            r#"<link rel="preload" href="/font.woff2" as="font" crossorigin="3f2a9c">"#,
            r#"<link rel="icon" href="/i.svg" crossorigin="anonymous"></head>"#,
            r#"<body><link rel="x" crossorigin="kept"></body></html>"#
        );
        assert_eq!(
            clean(html),
            concat!(
                r#"<html><head><link rel="preload" href="/font.woff2" as="font" crossorigin>"#,
                r#"<link rel="icon" href="/i.svg" crossorigin="anonymous"></head>"#,
                r#"<body><link rel="x" crossorigin="kept"></body></html>"#
            )
        );
    }

    #[test]
    fn scripts_after_the_document_move_before_the_end_of_the_body() {
        assert_eq!(
            clean(
                r#"<html><body><p>x</p><!></body><!></html><!><script nonce="n">a=[];</script><script nonce="n">b=[];</script>"#
            ),
            r#"<html><body><p>x</p><script nonce="n">a=[];</script><script nonce="n">b=[];</script></body></html>"#
        );
        // A page without them is left as it is.
        assert_eq!(
            clean("<html><body></body></html>"),
            "<html><body></body></html>"
        );
    }
}
