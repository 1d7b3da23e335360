//! Enhanced submissions of POST and GET forms. Browser only.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, FormData, HtmlButtonElement, HtmlElement, HtmlFormElement, HtmlInputElement,
    HtmlTextAreaElement, RequestRedirect, Response, ResponseType, SubmitEvent, Url,
    UrlSearchParams,
};

use super::{
    controls::{controls, options, Control},
    fetch::{self, page_build, request, request_with},
    guard,
    navigate::{self, Visit},
    pending, upload,
};
use crate::{
    enhance::{options_of, FormOptions, Reset, Submit, Update},
    page::use_page,
    protocol::{
        deserialize, ActionResult, AnswerHead, ErrorBody, ACTION_HEADER, ANSWER_TYPE, BUILD_HEADER,
        PAGE_HEADER,
    },
};

thread_local! {
    /// Set while a form is handed back to the browser to submit as a document
    /// (spec R6): the listener lets that one submission through.
    static AS_DOCUMENT: Cell<bool> = const { Cell::new(false) };
    /// The number of the last enhanced submission sent, and of the newest one
    /// whose answer the page shows (spec P2).
    static SENT: Cell<u64> = const { Cell::new(0) };
    static APPLIED: Cell<u64> = const { Cell::new(0) };
}

/// The window's listener: takes the submissions of the layer's forms (a
/// hydrated form's options are those it registered).
pub(super) fn on_submit(ev: SubmitEvent) {
    if AS_DOCUMENT.with(|d| d.replace(false)) || ev.default_prevented() {
        return;
    }
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    match form.get_attribute("data-kit").as_deref() {
        Some("post") => submit(ev, options_of(&form)),
        Some("get") => navigate_to(ev, &form),
        _ => {}
    }
}

/// Sends a POST form with `fetch` and applies the result and the page of its
/// answer (spec E2–E6, R1–R6).
fn submit(ev: SubmitEvent, options: FormOptions) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let submitter = ev.submitter();
    // An action on another site: the browser submits it (spec R4).
    let Some((url, foreign)) = action_url(&form, submitter.as_ref()) else {
        return;
    };
    ev.prevent_default();
    // A second submit while one is in flight is not sent twice (spec E3).
    if form.get_attribute("aria-busy").as_deref() == Some("true") {
        return;
    }
    if !upload::has_file_field(&form) {
        return send(form, submitter, url, foreign, options);
    }
    // The browser checks the files first, and sends nothing when one breaks
    // its field's limits (spec U4). Busy meanwhile: a second click waits.
    let _ = form.set_attribute("aria-busy", "true");
    leptos::task::spawn_local(async move {
        let valid = upload::check(form.clone()).await;
        let _ = form.remove_attribute("aria-busy");
        if valid {
            send(form, submitter, url, foreign, options);
        }
    });
}

/// Sends a submission of `form` to `url` (another page's action when
/// `foreign`), and applies its answer.
fn send(
    form: HtmlFormElement,
    submitter: Option<HtmlElement>,
    url: String,
    foreign: bool,
    options: FormOptions,
) {
    let Ok(data) = FormData::new_with_form(&form) else {
        return;
    };
    // Before a reset as it is sent could empty the file inputs.
    let files = upload::sends_files(&form);
    // The submitter's own name=value is part of the data (spec A2).
    if let Some(s) = &submitter {
        if let Some(name) = s.get_attribute("name").filter(|n| !n.is_empty()) {
            let value = s.get_attribute("value").unwrap_or_default();
            let _ = data.append_with_str(&name, &value);
        }
    }

    let request = Submit {
        form: form.clone(),
        data,
        action: url,
        submitter: submitter.clone(),
        cancelled: Default::default(),
        reset_now: Default::default(),
    };
    let after = options.enhance.as_ref().and_then(|e| (e.0)(&request));
    if request.cancelled.get() {
        return;
    }
    let Submit {
        data,
        action: url,
        reset_now,
        ..
    } = request;
    // The form shows its result already: it resets now, so that what is
    // typed while the answer is on its way is never reset (spec R2).
    let reset_early = reset_now.get();
    if reset_early {
        reset_to_initial(&form);
    }
    let seq = SENT.with(|sent| {
        sent.set(sent.get() + 1);
        sent.get()
    });

    // The page to show after the action: this one; for a form of the server's
    // HTML posting to another page's action, that page, as without JavaScript.
    let island = options.dispatch.is_some();
    let show = match (foreign, island) {
        (true, false) => Url::new(&url).map(|u| u.pathname()).unwrap_or_default(),
        _ => navigate::shown(),
    };
    let submitted_at = navigate::navigations();
    let focused = document().active_element();
    let pending = pending::add(form.clone(), enabled_submit_buttons(&form));

    let dispatch = options.dispatch.clone();
    let run = async move {
        let answer = post(&form, &url, &data, &show, files).await;
        pending::remove(pending);
        // A result applies only to the page it was submitted from (spec R3).
        let stale = navigate::navigations() != submitted_at;
        let answer = match answer {
            // The browser submits it as a document, and goes where it answers.
            Answer::AsDocument => {
                if !stale {
                    // What was sent goes again, also when the form was reset
                    // as it was sent (spec R2).
                    if reset_early {
                        restore(&form, Some(&data));
                    }
                    submit_as_document(&form, submitter.as_ref());
                }
                return ActionResult::Redirect {
                    status: 303,
                    location: url,
                };
            }
            Answer::Page {
                result,
                page,
                redirect,
            } => Applied::Page {
                result,
                page,
                redirect,
            },
            Answer::Failed(error) => Applied::Failed(error),
        };
        let result = answer.result();
        if stale {
            return result;
        }
        let update = {
            let target = Target {
                form,
                options,
                foreign: foreign.then_some(show),
                focused,
                sent: reset_early.then_some(data),
                seq,
            };
            Update(Box::new(move || Box::pin(apply_default(answer, target))))
        };
        match after {
            Some(after) => after(result.clone(), update).await,
            None => update.apply().await,
        }
        result
    };
    // A hydrated form's action runs it (its `ServerAction` holds the pending
    // state and the result); the server's HTML has no action in the browser.
    match dispatch {
        Some(dispatch) => dispatch(Box::pin(run)),
        None => leptos::task::spawn_local(async move {
            run.await;
        }),
    }
}

/// Hands the form back to the browser, to submit as a document: the server
/// did not run the action (another build, spec R6), or something between
/// answered with a redirect that a `fetch` cannot show.
fn submit_as_document(form: &HtmlFormElement, submitter: Option<&HtmlElement>) {
    AS_DOCUMENT.with(|d| d.set(true));
    guard::submitting_as_document(true);
    let _ = form.request_submit_with_submitter(submitter);
    AS_DOCUMENT.with(|d| d.set(false));
}

/// Where a result is applied.
struct Target {
    form: HtmlFormElement,
    options: FormOptions,
    /// The page shown after the action, when the action is another page's.
    foreign: Option<String>,
    focused: Option<web_sys::Element>,
    /// What was sent, when the form was reset as it was sent (spec R2).
    sent: Option<FormData>,
    /// The submission's number, in the order they were sent (spec P2).
    seq: u64,
}

/// The answer of an enhanced submission.
enum Answer {
    /// The action ran: its result, and the page rendered after it (none after a
    /// redirect, or when the page's own render redirected).
    Page {
        result: ActionResult,
        page: Option<Document>,
        redirect: Option<String>,
    },
    /// Nothing ran, or nothing the page can show: submit as a document.
    AsDocument,
    /// No answer of the protocol (the network, a proxy, a limit): the error
    /// to show; nothing else changes (spec R5).
    Failed(ErrorBody),
}

/// What a submission's default behaviour applies.
enum Applied {
    Page {
        result: ActionResult,
        page: Option<Document>,
        redirect: Option<String>,
    },
    Failed(ErrorBody),
}

impl Applied {
    /// The result handed to a form's callback.
    fn result(&self) -> ActionResult {
        match self {
            Self::Page { result, .. } => result.clone(),
            Self::Failed(error) => ActionResult::Error {
                status: 503,
                error: error.clone(),
            },
        }
    }
}

/// What a form does with an answer when no callback says otherwise (spec E4,
/// E5, R2, P2).
async fn apply_default(answer: Applied, target: Target) {
    let Target {
        form,
        options,
        foreign,
        focused,
        sent,
        seq,
    } = target;
    let (result, page, redirect) = match answer {
        Applied::Failed(error) => {
            // Everything typed stays; the message says what happened.
            restore(&form, sent.as_ref());
            navigate::show_message(Some(&form), &navigate::error_text(&error));
            // Focus on a control that went (a cancelled upload's button)
            // goes back to where the submission found it.
            return focus_after(form, false, focused);
        }
        Applied::Page {
            result,
            page,
            redirect,
        } => (result, page, redirect),
    };
    clear_passwords(&form);
    let succeeded = matches!(result, ActionResult::Success { .. });
    let failed = matches!(result, ActionResult::Failure { .. });
    if !succeeded {
        restore(&form, sent.as_ref());
    }
    // Reset now, before the page goes in: the fields take the values the
    // server rendered, and what is typed from here on is never reset (spec
    // R2). A form reset as it was sent is not reset again.
    let resets = options.reset == Reset::OnSuccess && sent.is_none();
    let reset = succeeded && resets;
    // An answer older than one the page shows already changes nothing but its
    // own form (spec P2). Its form has sent nothing since: a form in flight
    // sends nothing (E3).
    if seq < APPLIED.get() {
        if reset {
            form.reset();
        }
        if succeeded {
            guard::saved(&form);
        }
        match &result {
            ActionResult::Failure { .. } => {
                if let Some(page) = &page {
                    use_page().set(navigate::state_of(page));
                    // An island's form shows it through its handle.
                    if options.dispatch.is_none() {
                        navigate::merge_form(&form, page);
                    }
                }
            }
            ActionResult::Error { error, .. } => {
                navigate::show_message(Some(&form), &navigate::error_text(error));
            }
            _ => {}
        }
        return focus_after(form, failed, focused);
    }
    if let ActionResult::Redirect { location, .. } = &result {
        // Back to the page shown (the usual Post/Redirect/Get), the page is
        // fetched and merged: what is typed in its other forms stays (spec
        // R2). The form that was sent is done, as after a success.
        if resets {
            form.reset();
        }
        guard::saved(&form);
        return navigate::follow(location).await;
    }
    if let Some(location) = redirect {
        return navigate::goto(&location, Visit::default()).await;
    }
    if reset {
        form.reset();
    }
    let Some(page) = page else { return };
    APPLIED.set(seq);
    // A hydrated form's result goes to its action's handle, which shows it
    // once the submission's future (this) is done.
    let island = options.dispatch.is_some();
    match (foreign, island) {
        // Posted to another page's action from an island: the form keeps its
        // result; the page shown reran its loads, and shows an error.
        (Some(_), true) => {
            let error = matches!(result, ActionResult::Error { .. });
            if succeeded || error {
                use_page().set(navigate::state_of(&page));
                navigate::merge(&page);
            }
        }
        // A form of the server's HTML has nowhere of its own to show the
        // result: the action's page shows it, as without JavaScript.
        (Some(path), false) => {
            use_page().set(navigate::state_of(&page));
            return navigate::show_at(&path, page);
        }
        (None, _) => {
            use_page().set(navigate::state_of(&page));
            navigate::merge(&page);
        }
    }
    if succeeded {
        // What the form holds now is saved: leaving asks nothing (spec P4).
        guard::saved(&form);
    }
    focus_after(form, failed, focused);
}

/// Moves focus once the result shows (islands have rendered it too): to the
/// error summary of a failed typed form, else its first invalid field (F5,
/// E5); else to its `autofocus` field; else back to where it was, when
/// disabling the focused button dropped it to `<body>`.
fn focus_after(form: HtmlFormElement, failed: bool, focused: Option<web_sys::Element>) {
    request_animation_frame(move || {
        if !form.is_connected() {
            return;
        }
        if failed {
            let summary = first_match(&form, "[data-kit-summary]");
            if let Some(el) = summary.or_else(|| first_match(&form, "[aria-invalid=\"true\"]")) {
                let _ = el.focus();
                return;
            }
        }
        if let Some(el) = first_match(&form, "[autofocus]") {
            let _ = el.focus();
            return;
        }
        let body: Option<web_sys::Element> = document().body().map(Into::into);
        let lost = document().active_element().is_none_or(|a| Some(a) == body);
        if lost {
            if let Some(el) = focused.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
                if el.is_connected() {
                    let _ = el.focus();
                }
            }
        }
    });
}

/// Resets a form as it is sent: to the values it had before the failure it
/// shows, if any (`data-kit-initial`), since the answer will not show it again
/// (spec R2).
fn reset_to_initial(form: &HtmlFormElement) {
    form.reset();
    let Ok(fields) = form.query_selector_all("[data-kit-initial]") else {
        return;
    };
    for field in (0..fields.length()).filter_map(|i| fields.item(i)) {
        let Some(el) = field.dyn_ref::<web_sys::Element>() else {
            continue;
        };
        let initial = el.get_attribute("data-kit-initial").unwrap_or_default();
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(&initial);
        } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(&initial);
        }
    }
}

/// The value a text field took when its form was reset as it was sent.
fn reset_value(field: &web_sys::Element, default: String) -> String {
    field.get_attribute("data-kit-initial").unwrap_or(default)
}

/// After an answer that is not a success, gives the fields of a form reset as
/// it was sent (spec R2) what was sent, where nothing was typed since: a field
/// still as the reset left it. Passwords and files stay empty (E4).
fn restore(form: &HtmlFormElement, sent: Option<&FormData>) {
    let Some(sent) = sent else { return };
    // The n-th field of a name takes the n-th value sent under it.
    let mut seen: Vec<(String, u32)> = Vec::new();
    for (name, control) in controls(form) {
        if name.is_empty() {
            continue;
        }
        let values = sent.get_all(&name);
        let nth = match seen.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                seen.push((name, 0));
                0
            }
        };
        let sent_value = || values.get(nth).as_string();
        match control {
            Control::Input(input) => {
                let secret = matches!(input.type_().as_str(), "password" | "file");
                if !secret && input.value() == reset_value(&input, input.default_value()) {
                    if let Some(value) = sent_value() {
                        input.set_value(&value);
                    }
                }
            }
            Control::Check(input) => {
                if input.checked() == input.default_checked() {
                    input.set_checked(values.includes(&JsValue::from_str(&input.value()), 0));
                }
            }
            Control::TextArea(area) => {
                if Ok(area.value()) == area.default_value().map(|d| reset_value(&area, d)) {
                    if let Some(value) = sent_value() {
                        area.set_value(&value);
                    }
                }
            }
            Control::Select(select) => {
                if options(&select).all(|o| o.selected() == o.default_selected()) {
                    for option in options(&select) {
                        option
                            .set_selected(values.includes(&JsValue::from_str(&option.value()), 0));
                    }
                }
            }
        }
    }
}

/// The URL the submission goes to (the submitter's `formaction` wins), and whether
/// it is another page's action; `None` for another origin's, which the browser
/// submits itself (spec R4).
fn action_url(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<(String, bool)> {
    let location = window().location();
    let here = location.href().ok()?;
    let raw = submitter
        .and_then(|s| s.get_attribute("formaction"))
        .or_else(|| form.get_attribute("action"))
        .unwrap_or_default();
    let url = Url::new_with_base(&raw, &here).ok()?;
    if !fetch::same_origin(&url.href()) {
        return None;
    }
    let foreign = url.pathname() != location.pathname().ok()?;
    Some((url.href(), foreign))
}

/// What the browser says when a request fails on the network, in the page's
/// language.
fn network_failed() -> String {
    super::page_text(crate::i18n::KitText::NetworkFailed)
}

/// Posts the form data to an action, asking for the page `show` with its
/// result (spec R1). A form that sends `files` goes with its progress shown
/// (spec U4).
async fn post(
    form: &HtmlFormElement,
    url: &str,
    data: &FormData,
    show: &str,
    files: bool,
) -> Answer {
    let build = page_build();
    let mut headers = vec![(PAGE_HEADER, show), ("accept", ANSWER_TYPE)];
    if let Some(build) = &build {
        headers.push((BUILD_HEADER, build));
    }
    let failed = || {
        Answer::Failed(ErrorBody {
            message: network_failed(),
            id: None,
        })
    };
    // Files go with their progress shown (spec U4), by a request that cannot
    // refuse to follow a redirect: it says it followed one.
    let response = if files {
        let headers = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        match upload::send(form.clone(), url.to_owned(), data.clone(), headers).await {
            upload::Sent::Answer(response) => response,
            upload::Sent::Redirected => return Answer::AsDocument,
            upload::Sent::Cancelled(message) => {
                return Answer::Failed(ErrorBody { message, id: None })
            }
            upload::Sent::Failed => return failed(),
        }
    } else {
        // Not following redirects: an enhanced answer is never one, so a
        // redirect is something else's (a proxy's login page, say), for the
        // browser to follow.
        let request = request_with("POST", url, Some(data), &headers, RequestRedirect::Manual);
        let response = match request {
            Ok(request) => JsFuture::from(window().fetch_with_request(&request)).await,
            Err(e) => Err(e),
        };
        match response.ok().and_then(|r| r.dyn_into::<Response>().ok()) {
            Some(response) => response,
            None => return failed(),
        }
    };
    if response.type_() == ResponseType::Opaqueredirect || fetch::other_build(&response) {
        return Answer::AsDocument;
    }
    match read_answer(&response).await {
        Ok(Some(answer)) => answer,
        Ok(None) | Err(_) => Answer::Failed(unexpected(&response).await),
    }
}

/// The answer of the protocol; `None` when it is something else.
async fn read_answer(response: &Response) -> Result<Option<Answer>, JsValue> {
    let ours = response
        .headers()
        .get("content-type")?
        .is_some_and(|t| t.starts_with(ANSWER_TYPE));
    if !ours {
        return Ok(None);
    }
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let (head, html) = text.split_once('\n').unwrap_or((&text, ""));
    let Ok(AnswerHead { result, redirect }) = serde_json::from_str::<AnswerHead>(head) else {
        return Ok(None);
    };
    let page = match html.trim().is_empty() {
        true => None,
        false => Some(navigate::parse(html)?),
    };
    Ok(Some(Answer::Page {
        result,
        page,
        redirect,
    }))
}

/// An answer that is not the protocol's, as an error to show: the text of a
/// short plain-text answer (the layer's 413 or 408, say), else its status.
async fn unexpected(response: &Response) -> ErrorBody {
    let status = response.status();
    let plain = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with("text/plain"));
    let text = match (plain, response.body_used()) {
        (true, false) => match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string()),
            Err(_) => None,
        },
        _ => None,
    };
    let message = match text.filter(|t| !t.is_empty() && t.len() <= 300) {
        Some(text) => format!("{text} ({status})"),
        None => format!("The server could not take the form (status {status}). Try again."),
    };
    ErrorBody { message, id: None }
}

/// Posts the form data to an action and reads its [`ActionResult`] as JSON
/// (spec E8).
async fn post_json(url: &str, data: &FormData) -> ActionResult {
    match try_post_json(url, data).await {
        Ok(r) => r,
        Err(e) => {
            leptos::logging::error!("enhanced form: {e:?}");
            ActionResult::Error {
                status: 503,
                error: ErrorBody {
                    message: network_failed(),
                    id: None,
                },
            }
        }
    }
}

async fn try_post_json(url: &str, data: &FormData) -> Result<ActionResult, JsValue> {
    let headers = [(ACTION_HEADER, "true"), ("accept", "application/json")];
    let request = request("POST", url, Some(data), &headers)?;
    let response: Response = JsFuture::from(window().fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    // Not a result (a limit's 413, a proxy's 502): an error with its status.
    Ok(deserialize(&text).unwrap_or_else(|_| ActionResult::Error {
        status: response.status(),
        error: ErrorBody {
            message: format!("The server answered with status {}.", response.status()),
            id: None,
        },
    }))
}

/// A GET form (spec G1): navigates to `action?field=value`, as the browser would,
/// without a document load.
fn navigate_to(ev: SubmitEvent, form: &HtmlFormElement) {
    let Some(target) = get_url(form, ev.submitter().as_ref()) else {
        return;
    };
    ev.prevent_default();
    if !guard::may_leave() {
        return;
    }
    let visit = Visit {
        replace: form.has_attribute("data-kit-replace"),
        noscroll: form.has_attribute("data-kit-noscroll"),
        keep_focus: form.has_attribute("data-kit-keep-focus"),
        restore: None,
    };
    leptos::task::spawn_local(async move { navigate::goto(&target, visit).await });
}

/// `action?field=value&…`, as the browser builds it.
fn get_url(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<String> {
    let here = window().location().href().ok()?;
    let action = form.get_attribute("action").unwrap_or_default();
    let url = Url::new_with_base(&action, &here).ok()?;
    let data = FormData::new_with_form(form).ok()?;
    if let Some(name) = submitter
        .and_then(|s| s.get_attribute("name"))
        .filter(|n| !n.is_empty())
    {
        let value = submitter.and_then(|s| s.get_attribute("value"));
        let _ = data.append_with_str(&name, &value.unwrap_or_default());
    }
    let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    url.set_search(&params.to_string().as_string().unwrap_or_default());
    url.set_hash("");
    Some(url.href())
}

/// The form's submit buttons that are enabled: the ones a submission disables
/// while it is in flight.
fn enabled_submit_buttons(form: &HtmlFormElement) -> Vec<HtmlButtonElement> {
    let elements = form.elements();
    (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter_map(|el| el.dyn_into::<HtmlButtonElement>().ok())
        .filter(|b| b.type_() == "submit" && !b.disabled())
        .collect()
}

/// Passwords are never kept after a submission (spec E4).
fn clear_passwords(form: &HtmlFormElement) {
    if let Ok(list) = form.query_selector_all("input[type=\"password\"]") {
        for i in 0..list.length() {
            if let Some(input) = list
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_value("");
            }
        }
    }
}

fn first_match(form: &HtmlFormElement, selector: &str) -> Option<HtmlElement> {
    form.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// Posts `data` to an action the way an enhanced form does, and decodes the
/// [`ActionResult`] with your types (spec E8): for code that submits with its own
/// listener. Browser only.
pub async fn fetch_action<T: DeserializeOwned>(url: &str, data: &FormData) -> ActionResult<T> {
    post_json(url, data)
        .await
        .decode()
        .unwrap_or_else(|e| ActionResult::Error {
            status: 500,
            error: ErrorBody {
                message: format!("Unexpected result: {e}"),
                id: None,
            },
        })
}
