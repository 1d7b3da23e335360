//! The fields of a form that a person edits, by kind: what the guard compares
//! (spec P4) and what a refused submission gives back (R2). Browser only.

use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlFormElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

/// One field a person edits. Hidden fields and buttons are none: a person
/// does not edit them.
pub(super) enum Control {
    /// A text-like `<input>` (text, email, number, date, password, file…).
    Input(HtmlInputElement),
    /// A checkbox or radio button.
    Check(HtmlInputElement),
    TextArea(HtmlTextAreaElement),
    Select(HtmlSelectElement),
}

impl Control {
    fn of(el: &Element) -> Option<Self> {
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            return match input.type_().as_str() {
                "hidden" | "submit" | "button" | "reset" | "image" => None,
                "checkbox" | "radio" => Some(Self::Check(input.clone())),
                _ => Some(Self::Input(input.clone())),
            };
        }
        if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            return Some(Self::TextArea(area.clone()));
        }
        el.dyn_ref::<HtmlSelectElement>()
            .map(|select| Self::Select(select.clone()))
    }
}

/// The controls of `form`, in document order, each with its name.
pub(super) fn controls(form: &HtmlFormElement) -> impl Iterator<Item = (String, Control)> {
    let elements = form.elements();
    (0..elements.length())
        .filter_map(move |i| elements.item(i))
        .filter_map(|el| {
            Some((
                el.get_attribute("name").unwrap_or_default(),
                Control::of(&el)?,
            ))
        })
}

/// The options of a `<select>`.
pub(super) fn options(select: &HtmlSelectElement) -> impl Iterator<Item = HtmlOptionElement> {
    let options = select.options();
    (0..options.length())
        .filter_map(move |i| options.item(i))
        .filter_map(|o| o.dyn_into::<HtmlOptionElement>().ok())
}
