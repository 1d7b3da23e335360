//! The unsaved-changes guard (spec P4): leaving a page with edits in a
//! guarded form (`<ActionForm guard=true>`, `data-kit-guard`) asks first.
//! Browser only.
//!
//! A form's edits are what differs from the values it was shown with: those
//! of the page it came with, taken when the page is shown, and again after a
//! success of the form. Comparing with the form's defaults instead would
//! forget edits that a failure echoed back (the page merged after it makes
//! them the defaults). Hidden fields are left out: the page may change them
//! (a fresh token after another form's answer) without anyone editing.
//!
//! The browser half's own navigations (links, back and forward, GET forms)
//! ask with `confirm()`; reloads, closing the tab and links the browser
//! follows itself ask through `beforeunload`. A redirect after a submission
//! never asks: the submission took the edits.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

use super::controls::{controls, options, Control};

/// The values of a form, as the guard compares them.
type Values = Vec<(String, String)>;

thread_local! {
    /// Each guarded form, with the values it was shown with.
    static SHOWN: RefCell<Vec<(HtmlFormElement, Values)>> = const { RefCell::new(Vec::new()) };
    /// Set while a form is submitted as a document: that unload is the submission.
    static SUBMITTING: Cell<bool> = const { Cell::new(false) };
}

/// Takes the values of every guarded form of the page now shown.
pub(super) fn page_shown() {
    let forms = guarded();
    SHOWN.with(|shown| {
        *shown.borrow_mut() = forms.into_iter().map(|f| (f.clone(), values(&f))).collect();
    });
}

/// A submission of `form` succeeded: what it shows now has no edits.
pub(super) fn saved(form: &HtmlFormElement) {
    if !form.has_attribute("data-kit-guard") {
        return;
    }
    let now = values(form);
    SHOWN.with(|shown| {
        let mut shown = shown.borrow_mut();
        shown.retain(|(f, _)| f.is_connected() && f != form);
        shown.push((form.clone(), now));
    });
}

/// The next unload is a form's submission as a document, not a leave.
pub(super) fn submitting_as_document(on: bool) {
    SUBMITTING.with(|s| s.set(on));
}

/// Whether the person may leave the page: no guarded form has edits, or they
/// said yes.
pub(super) fn may_leave() -> bool {
    !edited()
        || window()
            .confirm_with_message(&super::page_text(crate::i18n::KitText::LeaveUnsaved))
            .unwrap_or(true)
}

/// The window's `beforeunload`: the browser asks when a guarded form has edits.
pub(super) fn on_before_unload(ev: web_sys::Event) {
    if SUBMITTING.with(Cell::get) || !edited() {
        return;
    }
    ev.prevent_default();
    // Older browsers ask only when `returnValue` is set.
    let _ = js_sys::Reflect::set(&ev, &"returnValue".into(), &"".into());
}

/// Whether a guarded form on the page has values other than those it was shown
/// with. A form the guard has not seen yet (one an answer brought) has none.
fn edited() -> bool {
    SHOWN.with(|shown| {
        let shown = shown.borrow();
        guarded().iter().any(|form| {
            shown
                .iter()
                .find(|(f, _)| f == form)
                .is_some_and(|(_, then)| *then != values(form))
        })
    })
}

fn guarded() -> Vec<HtmlFormElement> {
    let Ok(list) = document().query_selector_all("form[data-kit-guard]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlFormElement>().ok())
        .collect()
}

/// The values of a form's fields that a person edits, in order.
fn values(form: &HtmlFormElement) -> Values {
    let mut values = Values::new();
    for (name, control) in controls(form) {
        match control {
            Control::Input(input) => values.push((name, input.value())),
            Control::Check(input) => values.push((name, input.checked().to_string())),
            Control::TextArea(area) => values.push((name, area.value())),
            Control::Select(select) => {
                values.extend(options(&select).map(|o| (name.clone(), o.selected().to_string())))
            }
        }
    }
    values
}
