//! `<EnhancedForm>`: a plain HTML form that is progressively enhanced.
//!
//! On the server it renders `<form method="post" action=…>`, which works with
//! JavaScript off: the browser posts, the server runs the action and renders the
//! page again with its result. Once the wasm has hydrated, a submit is sent with
//! `fetch` (`x-leptos-action: true`), and the [`ActionResult`] is applied in place
//! the way the browser would have done it (spec E2–E5): no document navigation.

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::{cell::Cell, sync::Arc};

use super::page::{use_page, Page};
use super::result::{ActionResult, RawJson};

/// When an enhanced form resets its fields (spec E4). Password fields are emptied
/// after every submission whatever this says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reset {
    /// Reset after a success, like a native form submission followed by a fresh page.
    #[default]
    OnSuccess,
    /// Keep what the user typed.
    Never,
}

/// A form's own state, provided to its children by [`EnhancedForm`].
#[derive(Clone, Copy)]
pub struct FormState {
    /// True while the enhanced submission is in flight.
    pub pending: RwSignal<bool>,
    /// The last result of a form that posts to another page's action: such a form
    /// keeps its result to itself instead of setting the page's `form` (spec E4).
    result: RwSignal<Option<ActionResult>>,
}

impl FormState {
    /// The data of this form's own last success or failure, decoded as `T`.
    pub fn data<T: DeserializeOwned>(&self) -> Option<T> {
        self.result.with(|r| match r {
            Some(ActionResult::Success { data, .. } | ActionResult::Failure { data, .. }) => {
                data.decode().ok()
            }
            _ => None,
        })
    }
}

/// The state of the enclosing [`EnhancedForm`].
pub fn use_form_state() -> FormState {
    expect_context::<FormState>()
}

/// What an [`Enhance`] callback receives before a submission is sent (spec E6).
/// Runs in the browser only.
pub struct Submit {
    /// The form element.
    pub form: web_sys::HtmlFormElement,
    /// The data about to be sent; the callback may change it.
    pub data: web_sys::FormData,
    /// The absolute URL of the action.
    pub action: String,
    /// The button that submitted the form, if any.
    pub submitter: Option<web_sys::HtmlElement>,
    cancelled: Cell<bool>,
}

impl Submit {
    /// Do not send this submission.
    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    /// The text value of a field of [`Submit::data`].
    pub fn get(&self, name: &str) -> Option<String> {
        self.data.get(name).as_string()
    }
}

/// Applies the default behaviour to a result (SvelteKit's `update()`).
pub struct Update(Box<dyn FnOnce()>);

impl Update {
    /// Does what the form does without a callback: sets `form`, reruns the loads,
    /// resets the fields, moves focus, navigates or shows the error page.
    pub fn apply(self) {
        (self.0)()
    }
}

/// Called with the result of a submission, and the default behaviour to apply.
pub type AfterSubmit = Box<dyn FnOnce(&ActionResult, Update)>;

/// Customises an enhanced form (spec E6): a callback run before each submission,
/// which may `cancel()` it or return a callback run with the result. With it a
/// page can show pending UI or apply an optimistic update.
#[derive(Clone)]
pub struct Enhance(
    // Called in the browser only; the server renders the form and never submits it.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))] Arc<BeforeSubmit>,
);

/// The callback of an [`Enhance`].
type BeforeSubmit = dyn Fn(&Submit) -> Option<AfterSubmit> + Send + Sync;

impl Enhance {
    pub fn new(callback: impl Fn(&Submit) -> Option<AfterSubmit> + Send + Sync + 'static) -> Self {
        Self(Arc::new(callback))
    }
}

/// A form that posts to an action and is enhanced once the page has hydrated.
///
/// `action` is the action's URL: `"?/name"` for a named action of this page, `""`
/// for its default action, or another page's (`"/login?/login"`). Buttons may send
/// the same form elsewhere with `formaction="?/other"`. `label` is the form's
/// accessible name.
#[component]
pub fn EnhancedForm(
    /// The action URL.
    #[prop(into)]
    action: String,
    /// The accessible name of the form (`aria-label`).
    #[prop(into)]
    label: Signal<String>,
    /// When to reset the fields after an enhanced submission.
    #[prop(optional)]
    reset: Reset,
    /// Skip the browser's own validation, so the server's messages are shown.
    #[prop(optional)]
    novalidate: bool,
    /// A callback around each enhanced submission.
    #[prop(optional)]
    enhance: Option<Enhance>,
    children: Children,
) -> impl IntoView {
    let state = FormState {
        pending: RwSignal::new(false),
        result: RwSignal::new(None),
    };
    provide_context(state);

    // The page state is read in the browser only: the server renders the form and
    // never submits it, so its render reads no context it does not need.
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let page = use_page();
        let navigate = leptos_router::hooks::use_navigate();
        move |ev: leptos::ev::SubmitEvent| {
            let options = browser::Options {
                state,
                page,
                reset,
                enhance: enhance.clone(),
            };
            browser::submit(ev, options, navigate.clone());
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = move |_: leptos::ev::SubmitEvent| {
        // Never called: on the server there are no events.
        let _ = (reset, &enhance);
    };

    view! {
        <form
            method="post"
            action=action
            aria-label=label
            aria-busy=move || state.pending.get().then_some("true")
            novalidate=novalidate
            on:submit=on_submit
        >
            {children()}
        </form>
    }
}

/// Applies a result to the current page, wherever it came from (spec E7):
/// success and failure set `form` and the status, a redirect navigates and reruns
/// the loads, an error shows the error page.
///
/// Call it while rendering (it reads the page from context); from async code,
/// keep the [`Page`] of [`use_page`] and call [`Page::apply_action`].
pub fn apply_action<T: Serialize>(result: ActionResult<T>, navigate: impl Fn(&str)) {
    use_page().apply_action(result, navigate)
}

impl Page {
    /// [`apply_action`] on this page.
    pub fn apply_action<T: Serialize>(&self, result: ActionResult<T>, navigate: impl Fn(&str)) {
        apply(*self, untyped(result), navigate)
    }
}

fn untyped<T: Serialize>(result: ActionResult<T>) -> ActionResult {
    // Data that cannot be JSON (a map with non-string keys) is read as `null`.
    let to_json = |data| {
        Ok::<_, std::convert::Infallible>(
            RawJson::encode(&data).unwrap_or_else(|_| RawJson::null()),
        )
    };
    match result.try_map_data(to_json) {
        Ok(result) => result,
        Err(never) => match never {},
    }
}

fn apply(page: Page, result: ActionResult, navigate: impl Fn(&str)) {
    match result {
        ActionResult::Success { status, data } => {
            page.set_form(status, data);
            page.invalidate_all();
        }
        ActionResult::Failure { status, data } => page.set_form(status, data),
        ActionResult::Redirect { location, .. } => {
            navigate(&location);
            page.invalidate_all();
        }
        ActionResult::Error { status, error } => page.set_error(status, error),
    }
}

/// Posts `data` to an action the way an enhanced form does, and decodes the
/// [`ActionResult`] with your types (spec E8): for code that submits with its own
/// listener. Browser only.
#[cfg(feature = "hydrate")]
pub async fn fetch_action<T: DeserializeOwned>(
    url: &str,
    data: &web_sys::FormData,
) -> ActionResult<T> {
    browser::post(url, data)
        .await
        .decode()
        .unwrap_or_else(|e| ActionResult::Error {
            status: 500,
            error: super::result::ErrorBody {
                message: format!("Unexpected result: {e}"),
                id: None,
            },
        })
}

/// The browser half: runs only in the hydrated app.
#[cfg(feature = "hydrate")]
mod browser {
    use super::{Enhance, FormState, Page, Reset, Submit, Update};
    use crate::kit::result::{ActionResult, ErrorBody, ACTION_HEADER};
    use leptos::prelude::*;
    use leptos_router::NavigateOptions;
    use std::cell::Cell;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        FormData, HtmlButtonElement, HtmlElement, HtmlFormElement, HtmlInputElement, Request,
        RequestInit, Response, SubmitEvent, Url,
    };

    pub(super) struct Options {
        pub state: FormState,
        pub page: Page,
        pub reset: Reset,
        pub enhance: Option<Enhance>,
    }

    pub(super) fn submit(
        ev: SubmitEvent,
        options: Options,
        navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
    ) {
        ev.prevent_default();
        let Options {
            state,
            page,
            reset,
            enhance,
        } = options;
        // A second submit while one is in flight is not sent twice (spec E3).
        if state.pending.get_untracked() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
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
            cancelled: Cell::new(false),
        };
        let after = enhance.and_then(|e| (e.0)(&request));
        if request.cancelled.get() {
            return;
        }
        let Submit {
            data, action: url, ..
        } = request;

        let focused = document().active_element();
        state.pending.set(true);
        let disabled = disable_buttons(&form);

        leptos::task::spawn_local(async move {
            let result = post(&url, &data).await;
            state.pending.set(false);
            for b in &disabled {
                b.set_disabled(false);
            }
            let update = {
                let result = result.clone();
                Update(Box::new(move || {
                    apply_default(result, &form, state, page, reset, local, focused, navigate)
                }))
            };
            match after {
                Some(after) => after(&result, update),
                None => update.apply(),
            }
        });
    }

    /// What a form does with a result when no callback says otherwise (spec E4, E5).
    #[allow(clippy::too_many_arguments)]
    fn apply_default(
        result: ActionResult,
        form: &HtmlFormElement,
        state: FormState,
        page: Page,
        reset: Reset,
        local: bool,
        focused: Option<web_sys::Element>,
        navigate: impl Fn(&str, NavigateOptions),
    ) {
        clear_passwords(form);
        let succeeded = matches!(result, ActionResult::Success { .. });
        let failed = matches!(result, ActionResult::Failure { .. });
        if succeeded && reset == Reset::OnSuccess {
            form.reset();
        }
        if local && (succeeded || failed) {
            // Posted to another page's action: keep the result to this form.
            state.result.set(Some(result));
            if succeeded {
                page.invalidate_all();
            }
        } else {
            super::apply(page, result, |to| navigate(to, NavigateOptions::default()));
        }
        // Focus, once the result has been rendered.
        let form = form.clone();
        request_animation_frame(move || {
            if failed {
                if let Some(el) = first_match(&form, "[aria-invalid=\"true\"]") {
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
    fn action_url(
        form: &HtmlFormElement,
        submitter: Option<&HtmlElement>,
    ) -> Option<(String, bool)> {
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

    pub(super) async fn post(url: &str, data: &FormData) -> ActionResult {
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
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(data);
        let request = Request::new_with_str_and_init(url, &init)?;
        request.headers().set(ACTION_HEADER, "true")?;
        request.headers().set("accept", "application/json")?;
        let response: Response = JsFuture::from(window().fetch_with_request(&request))
            .await?
            .dyn_into()?;
        let text = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        crate::kit::deserialize(&text).map_err(|e| {
            JsValue::from_str(&format!(
                "status {}: not an ActionResult: {e}",
                response.status()
            ))
        })
    }

    /// Disables the form's submit buttons; returns the ones it disabled.
    fn disable_buttons(form: &HtmlFormElement) -> Vec<HtmlButtonElement> {
        let elements = form.elements();
        (0..elements.length())
            .filter_map(|i| elements.item(i))
            .filter_map(|el| el.dyn_into::<HtmlButtonElement>().ok())
            .filter(|b| b.type_() == "submit" && !b.disabled())
            .inspect(|b| b.set_disabled(true))
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
}
