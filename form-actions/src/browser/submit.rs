//! Enhanced submissions of POST and GET forms. Browser only.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FormData, HtmlButtonElement, HtmlElement, HtmlFormElement, HtmlInputElement, Response,
    SubmitEvent, Url, UrlSearchParams,
};

use super::{
    fetch::request,
    navigate::{self, Visit},
    pending,
};
use crate::{
    form::{options_of, FormOptions, Reset, Submit, Update},
    page::{use_page, PageSnapshot},
    protocol::{deserialize, ActionResult, ErrorBody, ACTION_HEADER},
};

/// The window's listener: takes the submissions of the layer's forms (a
/// hydrated form's options are those it registered).
pub(super) fn on_submit(ev: SubmitEvent) {
    if ev.default_prevented() {
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

/// Sends a POST form with `fetch` and applies the result (spec E2–E6).
fn submit(ev: SubmitEvent, options: FormOptions) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    ev.prevent_default();
    // A second submit while one is in flight is not sent twice (spec E3).
    if form.get_attribute("aria-busy").as_deref() == Some("true") {
        return;
    }
    let submitter = ev.submitter();
    let Some((url, local)) = action_url(&form, submitter.as_ref()) else {
        return;
    };
    let Ok(data) = FormData::new_with_form(&form) else {
        return;
    };
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
        submitter,
        cancelled: Default::default(),
    };
    let after = options.enhance.as_ref().and_then(|e| (e.0)(&request));
    if request.cancelled.get() {
        return;
    }
    let Submit {
        data, action: url, ..
    } = request;

    let focused = document().active_element();
    let pending = Rc::new((form.clone(), enabled_submit_buttons(&form)));
    pending::add(pending.clone());
    if let Some(state) = options.state {
        state.pending.set(true);
    }

    leptos::task::spawn_local(async move {
        let result = post(&url, &data).await;
        pending::remove(&pending);
        let _ = form.remove_attribute("aria-busy");
        for button in &pending.1 {
            button.set_disabled(false);
        }
        if let Some(state) = options.state {
            state.pending.set(false);
        }
        let update = {
            let result = result.clone();
            let target = Target {
                form,
                options,
                local: local.then_some(url),
                focused,
            };
            Update(Box::new(move || Box::pin(apply_default(result, target))))
        };
        match after {
            Some(after) => after(result, update).await,
            None => update.apply().await,
        }
    });
}

/// Where a result is applied.
struct Target {
    form: HtmlFormElement,
    options: FormOptions,
    /// The action's URL, when it is another page's.
    local: Option<String>,
    focused: Option<web_sys::Element>,
}

/// What a form does with a result when no callback says otherwise (spec E4, E5).
async fn apply_default(result: ActionResult, target: Target) {
    let Target {
        form,
        options,
        local,
        focused,
    } = target;
    clear_passwords(&form);
    let succeeded = matches!(result, ActionResult::Success { .. });
    let failed = matches!(result, ActionResult::Failure { .. });
    if succeeded && options.reset == Reset::OnSuccess {
        // The fields go back to the values the server rendered; the page
        // rendered next brings the new ones.
        form.reset();
    }
    match (local, &result) {
        (Some(action), ActionResult::Success { .. } | ActionResult::Failure { .. }) => {
            match options.state {
                // Posted to another page's action: the form keeps its result.
                Some(state) => {
                    state.result.set(Some(result.clone()));
                    if succeeded {
                        use_page().invalidate_all().await;
                    }
                }
                // A form that is the server's HTML has nowhere of its own to show
                // the result: show the action's page with it, as the browser does
                // without JavaScript.
                None => {
                    let Ok(snapshot) = PageSnapshot::after(result) else {
                        return;
                    };
                    use_page().set(snapshot.clone());
                    let path = Url::new(&action).map(|u| u.pathname()).unwrap_or(action);
                    navigate::render_at(&path, snapshot, Some(Visit::default())).await;
                    return;
                }
            }
        }
        _ => navigate::apply(use_page(), result).await,
    }
    // Focus, once islands have rendered the result too.
    request_animation_frame(move || {
        if !form.is_connected() {
            return;
        }
        if failed {
            // The error summary of a typed form, else its first invalid field (F5, E5).
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
        // Disabling the focused button dropped focus to <body>: give it back.
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

/// The URL the submission goes to (the submitter's `formaction` wins), and whether
/// it is another page's action.
fn action_url(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<(String, bool)> {
    let location = window().location();
    let here = location.href().ok()?;
    let raw = submitter
        .and_then(|s| s.get_attribute("formaction"))
        .or_else(|| form.get_attribute("action"))
        .unwrap_or_default();
    let url = Url::new_with_base(&raw, &here).ok()?;
    let local = url.pathname() != location.pathname().ok()?;
    Some((url.href(), local))
}

/// Posts the form data to an action and reads its [`ActionResult`].
async fn post(url: &str, data: &FormData) -> ActionResult {
    match try_post(url, data).await {
        Ok(r) => r,
        Err(e) => {
            leptos::logging::error!("enhanced form: {e:?}");
            ActionResult::Error {
                status: 500,
                error: ErrorBody {
                    message: "The request failed. Check your connection and try again.".into(),
                    id: None,
                },
            }
        }
    }
}

async fn try_post(url: &str, data: &FormData) -> Result<ActionResult, JsValue> {
    let headers = [(ACTION_HEADER, "true"), ("accept", "application/json")];
    let request = request("POST", url, Some(data), &headers)?;
    let response: Response = JsFuture::from(window().fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    deserialize(&text).map_err(|e| {
        JsValue::from_str(&format!(
            "status {}: not an ActionResult: {e}",
            response.status()
        ))
    })
}

/// A GET form (spec G1): navigates to `action?field=value`, as the browser would,
/// without a document load.
fn navigate_to(ev: SubmitEvent, form: &HtmlFormElement) {
    let Some(target) = get_url(form, ev.submitter().as_ref()) else {
        return;
    };
    ev.prevent_default();
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
    post(url, data)
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
