//! The rows of a list (spec P1) added and removed in the page, with no request.
//!
//! Browser only. `FormRows` (fields/row_view.rs) renders each row as an
//! `<li data-kit-row="N">` in the list's `<fieldset data-kit-rows="NAME">`, and
//! one more in a `<template>`, numbered `new`. Its buttons are submit buttons
//! with `_rows=add:NAME` and `_rows=remove:NAME:N`, which the server answers
//! without JavaScript; here a click on one is taken before it submits: a new
//! row is a copy of the template, and the rows after a removed one are
//! numbered again (names, ids, the labels' `for`, `aria-describedby`, the
//! remove button's value, and every text marked `data-kit-row-text`), so the
//! rows are always sent as `NAME[0]`, `NAME[1]`, … and labelled from 1.
//!
//! A list that already holds its most rows is left to the server, which
//! answers with the list's issue.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTemplateElement, MouseEvent};

use crate::fields::ROWS_BUTTON;

/// The window's click listener: a click on a rows button of a list.
///
/// Only the choice is made here, at once, so that the click is taken before
/// the form submits; the rows are changed by [`edit`], whose code is in a wasm
/// chunk of its own (`#[lazy]`, split off by `cargo leptos --split`), loaded
/// on the first click, so that pages without a list do not carry it.
pub(super) fn on_click(ev: MouseEvent) {
    if ev.default_prevented() {
        return;
    }
    let selector = format!("button[name=\"{ROWS_BUTTON}\"]");
    let Some(button) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(&selector).ok().flatten())
    else {
        return;
    };
    let Some(list) = button.closest("[data-kit-rows]").ok().flatten() else {
        return;
    };
    let name = list.get_attribute("data-kit-rows").unwrap_or_default();
    let value = button.get_attribute("value").unwrap_or_default();
    let taken = match value.split(':').collect::<Vec<_>>().as_slice() {
        // A list that holds its most rows is left to the server (its issue).
        ["add", rows] if *rows == name => rows_of(&list).len() < max_rows(&list),
        ["remove", rows, _] => *rows == name,
        _ => false,
    };
    if taken {
        ev.prevent_default();
        leptos::task::spawn_local(edit(list, value));
    }
}

/// Adds or removes a row as the button's `value` says, then fires `input` on
/// the list: the form changed as if typed in, for what listens to its edits.
#[leptos::prelude::lazy]
fn edit(list: Element, value: String) {
    let done = match value.split(':').collect::<Vec<_>>().as_slice() {
        ["add", _] => add(&list),
        ["remove", _, index] => remove(&list, index),
        _ => false,
    };
    if done {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(input) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = list.dispatch_event(&input);
        }
    }
}

fn max_rows(list: &Element) -> usize {
    list.get_attribute("data-kit-rows-max")
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(0)
}

/// The list's rows, in order.
fn rows_of(list: &Element) -> Vec<Element> {
    let Ok(Some(ol)) = list.query_selector(":scope > ol") else {
        return Vec::new();
    };
    let children = ol.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|el| el.has_attribute("data-kit-row"))
        .collect()
}

/// Adds a row at the end, a copy of the template, and focuses its first field.
fn add(list: &Element) -> bool {
    let count = rows_of(list).len();
    if count >= max_rows(list) {
        return false;
    }
    let (Ok(Some(ol)), Ok(Some(template))) = (
        list.query_selector(":scope > ol"),
        list.query_selector(":scope > template[data-kit-rows-template]"),
    ) else {
        return false;
    };
    let Some(row) = template
        .dyn_into::<HtmlTemplateElement>()
        .ok()
        .and_then(|t| t.content().first_element_child())
        .and_then(|row| row.clone_node_with_deep(true).ok())
        .and_then(|row| row.dyn_into::<Element>().ok())
    else {
        return false;
    };
    if ol.append_child(&row).is_err() {
        return false;
    }
    renumber(list, &row, count);
    focus_first_field(&row);
    true
}

/// Removes the row numbered `index`, numbers the rows after it again, and
/// focuses the row now in its place, else the one before, else the add button.
fn remove(list: &Element, index: &str) -> bool {
    let rows = rows_of(list);
    let Some(at) = rows
        .iter()
        .position(|r| r.get_attribute("data-kit-row").as_deref() == Some(index))
    else {
        return false;
    };
    rows[at].remove();
    let rows = rows_of(list);
    for (i, row) in rows.iter().enumerate().skip(at) {
        renumber(list, row, i);
    }
    match rows
        .get(at)
        .or_else(|| at.checked_sub(1).and_then(|i| rows.get(i)))
    {
        Some(row) => focus_first_field(row),
        None => {
            let name = list.get_attribute("data-kit-rows").unwrap_or_default();
            let add = format!(":scope > button[name=\"{ROWS_BUTTON}\"][value=\"add:{name}\"]");
            if let Ok(Some(button)) = list.query_selector(&add) {
                focus(&button);
            }
        }
    }
    true
}

/// Gives `row` the number `to`: its names, ids and texts follow.
fn renumber(list: &Element, row: &Element, to: usize) {
    let name = list.get_attribute("data-kit-rows").unwrap_or_default();
    let from = row.get_attribute("data-kit-row").unwrap_or_default();
    if from == to.to_string() {
        return;
    }
    let base = list.id();
    let names = (format!("{name}[{from}]"), format!("{name}[{to}]"));
    let ids = (format!("{base}-{from}-"), format!("{base}-{to}-"));
    let number = (to + 1).to_string();
    let _ = row.set_attribute("data-kit-row", &to.to_string());
    let Ok(inside) = row.query_selector_all("*") else {
        return;
    };
    for el in (0..inside.length())
        .filter_map(|i| inside.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
    {
        for attr in ["name", "id", "for", "aria-describedby"] {
            if let Some(old) = el.get_attribute(attr) {
                let new = old.replace(&names.0, &names.1).replace(&ids.0, &ids.1);
                if new != old {
                    let _ = el.set_attribute(attr, &new);
                }
            }
        }
        if el.get_attribute("name").as_deref() == Some(ROWS_BUTTON) {
            let _ = el.set_attribute("value", &format!("remove:{name}:{to}"));
        }
        if let Some(pattern) = el.get_attribute("data-kit-row-text") {
            el.set_text_content(Some(&pattern.replace("{n}", &number)));
        }
    }
}

fn focus_first_field(row: &Element) {
    let fields = "input:not([type=hidden]), select, textarea";
    if let Ok(Some(field)) = row.query_selector(fields) {
        focus(&field);
    }
}

fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}
