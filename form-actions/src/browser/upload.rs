//! Forms with a file field (spec U4): the browser's checks before sending, and
//! the upload with its progress bar and a Cancel button. Browser only.
//!
//! The server renders each file input with its limits and its messages, and
//! the texts of the progress bar, in the page's language (`data-kit-file`,
//! `FileChecks` in fields/upload.rs), so the browser says what the server
//! would, and the wasm carries no texts.
//!
//! `fetch` reports no upload progress: a form that sends files goes with an
//! `XMLHttpRequest`, which does, and its answer is read as a `Response` like
//! any other, so the rest of the submission is the same (still one request,
//! answered with the page, spec R1). The code is in wasm chunks of their own
//! (`#[lazy]`), loaded on a page's first submission of a form with a file
//! field: pages without one do not carry it.

use std::{cell::RefCell, rc::Rc};

use crate::fields::FileChecks;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Element, HtmlButtonElement, HtmlFormElement, HtmlInputElement, HtmlProgressElement,
    ProgressEvent, Response, ResponseInit, XmlHttpRequest,
};

/// The selector of a form's file inputs.
const FILE_INPUT: &str = "input[type=\"file\"]";

/// The form's file inputs.
fn file_inputs(form: &HtmlFormElement) -> Vec<HtmlInputElement> {
    let Ok(list) = form.query_selector_all(FILE_INPUT) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
        .collect()
}

/// Whether the form has a file field: its submissions are checked first.
pub(super) fn has_file_field(form: &HtmlFormElement) -> bool {
    matches!(form.query_selector(FILE_INPUT), Ok(Some(_)))
}

/// Whether the form sends a file now: it goes with its progress shown.
pub(super) fn sends_files(form: &HtmlFormElement) -> bool {
    file_inputs(form)
        .iter()
        .any(|input| input.files().is_some_and(|f| f.length() > 0))
}

/// Checks the files chosen against their fields' limits, as the server would
/// (the count, then each file's size and type), and shows each breach as its
/// field's issue, with the server's message; `false` when there is one: then
/// nothing is sent.
#[leptos::prelude::lazy]
pub(super) fn check(form: HtmlFormElement) -> bool {
    let mut first = None;
    for input in file_inputs(&form) {
        match breach(&input) {
            Some(message) => {
                show_issue(&input, &message);
                first.get_or_insert(input);
            }
            None => clear_issue(&input),
        }
    }
    match first {
        Some(input) => {
            let _ = input.focus();
            false
        }
        None => true,
    }
}

/// What the server wrote on `input` for its checks, if anything.
fn checks_of(input: &HtmlInputElement) -> Option<FileChecks> {
    serde_json::from_str(&input.get_attribute("data-kit-file")?).ok()
}

/// The first limit the input's files break, as its message.
fn breach(input: &HtmlInputElement) -> Option<String> {
    let files = input.files()?;
    let checks = checks_of(input)?;
    if checks.max_files > 0 && u64::from(files.length()) > checks.max_files {
        return Some(checks.too_many);
    }
    let accept = input.get_attribute("accept").unwrap_or_default();
    for file in (0..files.length()).filter_map(|i| files.get(i)) {
        if checks.max_size > 0 && file.size() > checks.max_size as f64 {
            return Some(checks.too_large);
        }
        // A type the browser does not know is sent as the server reads it.
        let mime = match file.type_().to_ascii_lowercase() {
            t if t.is_empty() => "application/octet-stream".to_owned(),
            t => t,
        };
        if !crate::fields::accepts_type(&accept, &mime) {
            return Some(checks.wrong_type);
        }
    }
    None
}

/// The id of the input's issue, as the server renders it (fields/view.rs).
fn issue_id(input: &HtmlInputElement) -> String {
    format!("{}-error", input.id())
}

/// Shows `message` as the input's issue, where and as the server shows one:
/// a `role=alert` paragraph after the input, which the input is described by.
fn show_issue(input: &HtmlInputElement, message: &str) {
    let id = issue_id(input);
    let existing = document().get_element_by_id(&id);
    let issue = match existing {
        Some(issue) => issue,
        None => {
            let Ok(issue) = document().create_element("p") else {
                return;
            };
            issue.set_id(&id);
            let _ = issue.set_attribute("class", "error");
            let _ = issue.set_attribute("role", "alert");
            let _ = input.after_with_node_1(&issue);
            issue
        }
    };
    // Marked as the browser's: the next check that passes takes it away.
    let _ = issue.set_attribute("data-kit-checked", "");
    issue.set_text_content(Some(message));
    let _ = input.set_attribute("aria-invalid", "true");
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    if !described.split(' ').any(|d| d == id) {
        let ids = format!("{described} {id}");
        let _ = input.set_attribute("aria-describedby", ids.trim());
    }
}

/// Takes away an issue the browser showed, once the files are within limits
/// (one the server showed stays until its answer replaces it).
fn clear_issue(input: &HtmlInputElement) {
    let id = issue_id(input);
    let Some(issue) = document().get_element_by_id(&id) else {
        return;
    };
    if !issue.has_attribute("data-kit-checked") {
        return;
    }
    issue.remove();
    let _ = input.remove_attribute("aria-invalid");
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    let rest: Vec<&str> = described
        .split(' ')
        .filter(|d| !d.is_empty() && *d != id)
        .collect();
    let _ = match rest.is_empty() {
        true => input.remove_attribute("aria-describedby"),
        false => input.set_attribute("aria-describedby", &rest.join(" ")),
    };
}

/// How an upload ended.
pub(super) enum Sent {
    /// The server's answer, read as a `Response`.
    Answer(Response),
    /// Redirected by something between (a proxy's login page, say): the
    /// browser submits the form as a document instead.
    Redirected,
    /// Cancelled by the person: the message to show.
    Cancelled(String),
    /// No answer (the network).
    Failed,
}

/// Posts `data` to `url` with `headers`, showing the bytes sent in a
/// `<progress>` at the end of the form, with the percentage as text and a
/// button that cancels the upload.
#[leptos::prelude::lazy]
pub(super) async fn send(
    form: HtmlFormElement,
    url: String,
    data: web_sys::FormData,
    headers: Vec<(String, String)>,
) -> Sent {
    let Ok(xhr) = XmlHttpRequest::new() else {
        return Sent::Failed;
    };
    if xhr.open("POST", &url).is_err() {
        return Sent::Failed;
    }
    for (name, value) in &headers {
        let _ = xhr.set_request_header(name, value);
    }
    let texts = Texts::of(&form);
    let bar = Bar::show(&form, &texts, &xhr);
    // Settled by whichever of load, error and abort comes first.
    let settle: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let done = js_sys::Promise::new(&mut |resolve, _| {
        settle.replace(Some(resolve));
    });
    let ended = |how: &'static str| {
        let settle = settle.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(resolve) = settle.take() {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(how));
            }
        })
    };
    let (on_load, on_error, on_abort) = (ended("load"), ended("error"), ended("abort"));
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    let on_progress = bar.as_ref().map(|bar| {
        let bar = bar.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                bar.set(ev.loaded() / ev.total());
            }
        })
    });
    if let (Some(progress), Ok(upload)) = (&on_progress, xhr.upload()) {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let sent = match xhr.send_with_opt_form_data(Some(&data)) {
        Ok(()) => JsFuture::from(done).await.ok().and_then(|h| h.as_string()),
        Err(_) => None,
    };
    if let Some(bar) = &bar {
        bar.remove();
    }
    match sent.as_deref() {
        Some("load") => answer(&xhr, &url),
        Some("abort") => Sent::Cancelled(texts.cancelled),
        _ => Sent::Failed,
    }
}

/// The answer of a finished upload, as a `Response` (no body for a status
/// that has none).
fn answer(xhr: &XmlHttpRequest, url: &str) -> Sent {
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Sent::Failed;
    }
    // An enhanced answer is never a redirect: one was followed, from
    // something between.
    let landed = xhr.response_url();
    if !landed.is_empty() && landed != url {
        return Sent::Redirected;
    }
    let init = ResponseInit::new();
    init.set_status(status);
    let Ok(headers) = web_sys::Headers::new() else {
        return Sent::Failed;
    };
    for name in ["content-type", crate::protocol::BUILD_HEADER] {
        if let Ok(Some(value)) = xhr.get_response_header(name) {
            let _ = headers.set(name, &value);
        }
    }
    init.set_headers(&headers);
    let body = match status {
        101 | 204 | 205 | 304 => None,
        _ => xhr.response_text().ok().flatten(),
    };
    match Response::new_with_opt_str_and_init(body.as_deref(), &init) {
        Ok(response) => Sent::Answer(response),
        Err(_) => Sent::Failed,
    }
}

/// The texts of the progress bar, from the form's first file input (in
/// English when the server wrote none).
struct Texts {
    uploading: String,
    cancel: String,
    cancelled: String,
}

impl Texts {
    fn of(form: &HtmlFormElement) -> Self {
        use crate::i18n::KitText;
        let checks = file_inputs(form)
            .first()
            .and_then(checks_of)
            .unwrap_or_default();
        let text = |written: String, text: KitText| match written.is_empty() {
            true => text.english().to_owned(),
            false => written,
        };
        Self {
            uploading: text(checks.uploading, KitText::Uploading),
            cancel: text(checks.cancel, KitText::CancelUpload),
            cancelled: text(checks.cancelled, KitText::UploadCancelled),
        }
    }
}

/// The progress of an upload in its form: `<progress>` named by its text,
/// the percentage, and the Cancel button.
#[derive(Clone)]
struct Bar {
    root: Element,
    progress: HtmlProgressElement,
    percent: Element,
    /// The button's listener, dropped with the bar.
    _cancel: Rc<Closure<dyn FnMut()>>,
}

impl Bar {
    fn show(form: &HtmlFormElement, texts: &Texts, xhr: &XmlHttpRequest) -> Option<Self> {
        let doc = document();
        let root = doc.create_element("div").ok()?;
        let _ = root.set_attribute("class", "upload");
        let _ = root.set_attribute("data-kit-upload", "");
        let progress: HtmlProgressElement = doc.create_element("progress").ok()?.dyn_into().ok()?;
        progress.set_max(100.0);
        progress.set_value(0.0);
        let _ = progress.set_attribute("aria-label", &texts.uploading);
        let percent = doc.create_element("span").ok()?;
        percent.set_text_content(Some("0%"));
        let button: HtmlButtonElement = doc.create_element("button").ok()?.dyn_into().ok()?;
        button.set_type("button");
        button.set_text_content(Some(&texts.cancel));
        let xhr = xhr.clone();
        let cancel = Closure::<dyn FnMut()>::new(move || {
            let _ = xhr.abort();
        });
        button.set_onclick(Some(cancel.as_ref().unchecked_ref()));
        let _ = root.append_with_node_3(&progress, &percent, &button);
        let _ = form.append_with_node_1(&root);
        Some(Self {
            root,
            progress,
            percent,
            _cancel: Rc::new(cancel),
        })
    }

    /// Shows `done` (0 to 1) of the bytes sent.
    fn set(&self, done: f64) {
        let percent = (done * 100.0).clamp(0.0, 100.0) as u32;
        self.progress.set_value(f64::from(percent));
        self.percent.set_text_content(Some(&format!("{percent}%")));
    }

    /// Takes the bar away (focus left on its button falls back to where the
    /// submission found it: the submission's end restores it).
    fn remove(&self) {
        self.root.remove();
    }
}
