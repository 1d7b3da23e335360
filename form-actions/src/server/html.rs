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

/// Cleans every HTML page on its way out (not one already compressed: a kept
/// page, which was cleaned when it was kept).
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
            Response::from_parts(parts, Body::from(body))
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

/// The page without the artefacts above.
pub(crate) fn clean(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut island_depth = 0usize;
    let mut in_head = true;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!>") {
            if island_depth > 0 {
                out.push_str("<!---->");
            }
            rest = after;
        } else if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with("</") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.eq_ignore_ascii_case("</leptos-island>") {
                island_depth = island_depth.saturating_sub(1);
            } else if tag.eq_ignore_ascii_case("</head>") {
                in_head = false;
            }
            out.push_str(tag);
            rest = &rest[end..];
        } else {
            let end = tag_end(rest);
            let tag = &rest[..end];
            let name = tag_name(tag);
            if name.eq_ignore_ascii_case("leptos-island") {
                island_depth += 1;
            }
            if in_head && name.eq_ignore_ascii_case("link") {
                push_link(&mut out, tag);
            } else {
                out.push_str(tag);
            }
            rest = &rest[end..];
            // Raw text: copied as it is, up to its end tag.
            for raw in ["script", "style"] {
                if name.eq_ignore_ascii_case(raw) {
                    let close = format!("</{raw}");
                    let stop = find_ignore_case(rest, &close).unwrap_or(rest.len());
                    out.push_str(&rest[..stop]);
                    rest = &rest[stop..];
                }
            }
        }
    }
    out.push_str(rest);
    move_trailing_scripts(out)
}

/// Where the tag that starts `text` ends (after its `>`), past quoted values.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The name of the tag `<name …>`.
fn tag_name(tag: &str) -> &str {
    let name = &tag[1..];
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    &name[..end]
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A `<link>` of the head, without Leptos's preloads of the wasm and its
/// JavaScript (the module preload, the preload of `application/wasm`), its
/// `crossorigin` made valid.
fn push_link(out: &mut String, tag: &str) {
    let leptos_preload = tag.contains(" rel=\"modulepreload\"")
        || (tag.contains(" rel=\"preload\"") && tag.contains(" type=\"application/wasm\""));
    if leptos_preload {
        return;
    }
    let mut tag = tag.to_owned();
    const ATTR: &str = " crossorigin=\"";
    if let Some(start) = tag.find(ATTR) {
        let value_start = start + ATTR.len();
        if let Some(len) = tag[value_start..].find('"') {
            let value = &tag[value_start..value_start + len];
            if !matches!(value, "" | "anonymous" | "use-credentials") {
                tag.replace_range(start..value_start + len + 1, " crossorigin");
            }
        }
    }
    out.push_str(&tag);
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
        ] {
            assert_eq!(clean(html), html);
        }
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
