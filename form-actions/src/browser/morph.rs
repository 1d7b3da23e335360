//! Puts a page the server rendered into the live document, changing only what
//! differs. Browser only.
//!
//! Why not replace the body: what the person is doing must survive an action on
//! another part of the page (spec E2): what they typed in other fields, focus,
//! scroll, and the islands' own state. So the two trees are walked side by side:
//! nodes of the same kind are kept and brought up to date (attributes, text),
//! the others inserted or removed; an element with an `id` is matched by it,
//! wherever it moved to among its siblings. Elements without an id are matched
//! by position (a few siblings ahead at most): in a list whose rows have no id,
//! removing a row leaves what was typed in the next row where it stood, in the
//! row that now stands there. Give list rows an id (`id="todo-3"`).
//!
//! Form fields keep what the person typed: the server's value is the field's
//! default (its `value` attribute), which a browser shows only in a field nobody
//! has typed in, or once the form is reset; a select keeps the options the
//! person chose while the server's `selected` moves. A field matches only a
//! field of the same name (and type, for an input), so what was typed never
//! moves to another field. An island is kept as it is, but for the server's HTML
//! inside it (its `<leptos-children>`); an island the new page has with other
//! props is replaced. New islands are returned, to be hydrated. A kept island's
//! forms still take the new page's submission tokens (spec P3).
//!
//! The rules for what the server's HTML cannot know:
//! - `open` on a `<details>` or `<dialog>` is the person's: kept when the new
//!   page lacks it (a server that renders it still opens the element).
//! - The focused element is never moved (a node that leaves the document, even
//!   for a moment, loses focus): the siblings it jumps over move instead.
//! - An element marked `data-kit-keep` (say, a `<style>` a library injected into
//!   the head, once the page's own code marks it) is never changed or removed,
//!   and is matched only by its id: one the server renders too needs an id, or
//!   it is inserted again next to the kept one.
//! - Scripts run only on a full load. A `<script>` is never morphed (adding text
//!   or a `src` to a script that has not run would run it): one that differs
//!   from the server's (outerHTML) is replaced by the server's, which the
//!   browser inserts without running it, as it does every script of a page
//!   parsed by `DOMParser`. So a page's inline script works on a full load only.
//!
//! Not morphed: a `<template>`'s content (not among its child nodes), and a
//! `<noscript>`, which `DOMParser` (no scripting) parses as markup but the live
//! document holds as text, so it is replaced at every merge; both are harmless.
//! The head is merged like the body.

use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node, NodeList};

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

const ISLAND: &str = "LEPTOS-ISLAND";
/// Marks an element the merge leaves alone (module docs).
const KEEP: &str = "data-kit-keep";

/// Morphs `live` into `new` (its head and body); returns the islands to hydrate.
pub(super) fn document(live: &Document, new: &Document) -> Vec<Element> {
    let mut islands = Vec::new();
    if let (Some(old), Some(new)) = (live.head(), new.head()) {
        islands.extend(merge(&old, &new));
    }
    if let (Some(old), Some(new)) = (live.body(), new.body()) {
        islands.extend(merge(&old, &new));
    }
    islands
}

/// Morphs the children of `old` into those of `new`, whose nodes it moves into
/// `old`; returns the islands to hydrate.
fn merge(old: &Node, new: &Node) -> Vec<Element> {
    let mut islands = Vec::new();
    children(old, new, &mut islands);
    islands
}

/// Morphs one element of the document into its counterpart in a new page
/// (a form that takes only its own part of an answer, spec P2); returns the
/// islands to hydrate.
pub(super) fn element(old: &Element, new: &Element) -> Vec<Element> {
    let mut islands = Vec::new();
    node(old, new, &mut islands);
    islands
}

/// Hydrates islands that the morph put in the document, with the function of
/// Leptos's island script (`window.__hydrateIsland`).
pub(super) fn hydrate(islands: Vec<Element>) {
    let hydrate = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(hydrate) = hydrate else { return };
    for island in islands.iter().filter(|island| island.is_connected()) {
        let name = island.get_attribute("data-component").unwrap_or_default();
        let _ = hydrate.call2(&JsValue::NULL, island, &JsValue::from_str(&name));
    }
}

fn nodes(list: &NodeList) -> Vec<Node> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

fn as_element(node: &Node) -> Option<&Element> {
    (node.node_type() == Node::ELEMENT_NODE).then(|| node.unchecked_ref::<Element>())
}

fn kept(node: &Node) -> bool {
    as_element(node).is_some_and(|el| el.has_attribute(KEEP))
}

fn id_of(node: &Node) -> Option<String> {
    // The attribute, not `.id`: a form's `.id` is its field named `id`, if any.
    as_element(node)
        .and_then(|el| el.get_attribute("id"))
        .filter(|id| !id.is_empty())
}

/// Whether `old` can become `new` by changing attributes and content.
fn same_kind(old: &Node, new: &Node) -> bool {
    if old.node_type() != new.node_type() {
        return false;
    }
    let (Some(old), Some(new)) = (as_element(old), as_element(new)) else {
        return true;
    };
    let same = |name: &str| old.get_attribute(name) == new.get_attribute(name);
    let tag = old.tag_name();
    tag == new.tag_name()
        && match tag.as_str() {
            // What was typed in one field never shows up in another.
            "INPUT" => same("type") && same("name"),
            "TEXTAREA" | "SELECT" => same("name"),
            ISLAND => same("data-component"),
            _ => true,
        }
}

fn children(old_parent: &Node, new_parent: &Node, islands: &mut Vec<Element>) {
    let new_children = nodes(&new_parent.child_nodes());
    let ids: HashSet<String> = new_children.iter().filter_map(id_of).collect();
    let mut cursor = old_parent.first_child();
    for new in new_children {
        // Kept elements are stepped over; an element whose id the new page does
        // not have here is gone.
        while let Some(old) = cursor.clone() {
            if kept(&old) {
                cursor = old.next_sibling();
            } else if id_of(&old).is_some_and(|id| !ids.contains(&id)) {
                cursor = old.next_sibling();
                let _ = old_parent.remove_child(&old);
            } else {
                break;
            }
        }
        let matched = match id_of(&new) {
            Some(id) => find_by_id(cursor.clone(), &id).filter(|old| same_kind(old, &new)),
            None if as_element(&new).is_some() => find_like(cursor.clone(), &new),
            // Text and comments only where they stand: they are cheap to insert.
            None => cursor
                .clone()
                .filter(|old| id_of(old).is_none() && same_kind(old, &new)),
        };
        match matched {
            Some(old) => {
                if cursor.as_ref().is_some_and(|c| c.is_same_node(Some(&old))) {
                    cursor = old.next_sibling();
                } else if holds_focus(&old) {
                    // Moved, it would lose focus: the nodes it jumps over move
                    // after it instead, and the cursor stays on the first of them.
                    let after = old.next_sibling();
                    let mut next = cursor.clone();
                    while let Some(node) = next.filter(|node| !node.is_same_node(Some(&old))) {
                        next = node.next_sibling();
                        let _ = old_parent.insert_before(&node, after.as_ref());
                    }
                } else {
                    let _ = old_parent.insert_before(&old, cursor.as_ref());
                }
                if !kept(&old) {
                    node(&old, &new, islands);
                }
            }
            None => {
                // The node moves from the parsed page into the document.
                let _ = old_parent.insert_before(&new, cursor.as_ref());
                collect_islands(&new, islands);
            }
        }
    }
    while let Some(old) = cursor {
        cursor = old.next_sibling();
        if !kept(&old) {
            let _ = old_parent.remove_child(&old);
        }
    }
}

/// Whether the focused element is `node` or inside it.
fn holds_focus(node: &Node) -> bool {
    node.owner_document()
        .and_then(|doc| doc.active_element())
        .is_some_and(|active| node.contains(Some(&active)))
}

/// How far past the cursor an element without an id is looked for: far enough
/// to step over the text, comments and the few elements of a branch that came
/// or went, not so far that a long list is searched for every row.
const LOOKAHEAD: usize = 8;

/// The first old element from the cursor on that `new` can be made of. The
/// nodes stepped over stay where they are, for later new nodes to match.
fn find_like(mut cursor: Option<Node>, new: &Node) -> Option<Node> {
    for _ in 0..LOOKAHEAD {
        let node = cursor?;
        if !kept(&node) && id_of(&node).is_none() && same_kind(&node, new) {
            return Some(node);
        }
        cursor = node.next_sibling();
    }
    None
}

fn find_by_id(mut cursor: Option<Node>, id: &str) -> Option<Node> {
    while let Some(node) = cursor {
        if id_of(&node).as_deref() == Some(id) {
            return Some(node);
        }
        cursor = node.next_sibling();
    }
    None
}

fn node(old: &Node, new: &Node, islands: &mut Vec<Element>) {
    match (as_element(old), as_element(new)) {
        (Some(old_el), Some(new_el)) if old_el.tag_name() == ISLAND => {
            island(old_el, new_el, islands)
        }
        // `local_name`: an SVG script runs too, and its tag name is lower case.
        (Some(old_el), Some(new_el)) if old_el.local_name() == "script" => script(old_el, new_el),
        (Some(old_el), Some(new_el)) => {
            let chosen = (old_el.tag_name() == "SELECT")
                .then(|| chosen(old_el))
                .flatten();
            attributes(old_el, new_el);
            children(old, new, islands);
            if let Some(values) = chosen {
                choose(old_el, &values);
            }
        }
        _ => {
            let text = new.node_value();
            if old.node_value() != text {
                old.set_node_value(text.as_deref());
            }
        }
    }
}

fn attributes(old: &Element, new: &Element) {
    let list = new.attributes();
    for attr in (0..list.length()).filter_map(|i| list.item(i)) {
        let (name, value) = (attr.name(), attr.value());
        if old.get_attribute(&name).as_deref() != Some(value.as_str()) {
            let _ = old.set_attribute(&name, &value);
        }
    }
    // `open` on these is the person's (module docs); a server that closes one
    // cannot be told apart from a server that never opened it.
    let users_open = matches!(old.tag_name().as_str(), "DETAILS" | "DIALOG");
    let stays = |name: &str| new.has_attribute(name) || (users_open && name == "open");
    let list = old.attributes();
    let stale: Vec<String> = (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|attr| attr.name())
        .filter(|name| !stays(name))
        .collect();
    for name in stale {
        let _ = old.remove_attribute(&name);
    }
}

/// The values of the options the person chose in a select, if that is not what
/// its `selected` attributes say. A select has no dirty flag of its own: an
/// option the server adds `selected` to would take the choice over.
fn chosen(select: &Element) -> Option<Vec<String>> {
    let options = options(select);
    let dirty = options
        .iter()
        .any(|option| flag(option, "selected") != flag(option, "defaultSelected"));
    dirty.then(|| {
        options
            .iter()
            .filter(|option| flag(option, "selected"))
            .map(option_value)
            .collect()
    })
}

/// Chooses the options of these values again, those the new page still has.
fn choose(select: &Element, values: &[String]) {
    for option in options(select) {
        let on = values.contains(&option_value(&option));
        // In a single select, choosing one option unchooses the others; and
        // unchoosing its chosen one would choose the first instead.
        if on || flag(select, "multiple") {
            let _ = js_sys::Reflect::set(&option, &JsValue::from_str("selected"), &on.into());
        }
    }
}

fn options(select: &Element) -> Vec<Node> {
    select
        .query_selector_all("option")
        .map(|list| nodes(&list))
        .unwrap_or_default()
}

fn flag(element: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(element, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

fn option_value(option: &Node) -> String {
    js_sys::Reflect::get(option, &JsValue::from_str("value"))
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// A script is replaced whole, never changed in place (module docs).
fn script(old: &Element, new: &Element) {
    if old.outer_html() != new.outer_html() {
        if let Some(parent) = old.parent_node() {
            let _ = parent.replace_child(new, old);
        }
    }
}

/// An island keeps its own DOM (and state); only the server's HTML inside it
/// is morphed.
fn island(old: &Element, new: &Element, islands: &mut Vec<Element>) {
    let (old_children, new_children) = (own_children(old), own_children(new));
    if old.get_attribute("data-props") != new.get_attribute("data-props")
        || old_children.len() != new_children.len()
    {
        if let Some(parent) = old.parent_node() {
            let _ = parent.replace_child(new, old);
            collect_islands(new, islands);
        }
        return;
    }
    submission_tokens(old, new);
    for (old, new) in old_children.iter().zip(&new_children) {
        children(old, new, islands);
    }
}

/// The submission tokens (spec P3) of a kept island's own forms, which the
/// merge does not otherwise reach (an island's own view is the browser's; its
/// `<leptos-children>` are merged as the rest of the page): each takes the new
/// page's, in order, so that the island's forms send a new submission after an
/// answer. Left alone when the two do not have as many.
fn submission_tokens(old: &Element, new: &Element) {
    let (olds, news) = (own_tokens(old), own_tokens(new));
    if olds.len() != news.len() {
        return;
    }
    for (old, new) in olds.iter().zip(&news) {
        if let Some(value) = new.get_attribute("value") {
            if old.get_attribute("value").as_deref() != Some(value.as_str()) {
                let _ = old.set_attribute("value", &value);
            }
        }
    }
}

/// The submission tokens of this island's own view: not in its
/// `<leptos-children>`, nor in an island inside it.
fn own_tokens(island: &Element) -> Vec<Element> {
    let selector = format!("input[name=\"{}\"]", crate::protocol::SUBMISSION_FIELD);
    let Ok(list) = island.query_selector_all(&selector) else {
        return Vec::new();
    };
    nodes(&list)
        .into_iter()
        .map(JsCast::unchecked_into::<Element>)
        .filter(|input| {
            input
                .closest("leptos-children, leptos-island")
                .ok()
                .flatten()
                .is_some_and(|owner| owner.is_same_node(Some(island)))
        })
        .collect()
}

/// The `<leptos-children>` of this island (not of islands inside it).
fn own_children(island: &Element) -> Vec<Node> {
    let Ok(list) = island.query_selector_all("leptos-children") else {
        return Vec::new();
    };
    nodes(&list)
        .into_iter()
        .filter(|node| {
            node.unchecked_ref::<Element>()
                .closest("leptos-island")
                .ok()
                .flatten()
                .is_some_and(|owner| owner.is_same_node(Some(island)))
        })
        .collect()
}

fn collect_islands(node: &Node, islands: &mut Vec<Element>) {
    let Some(el) = as_element(node) else { return };
    if el.tag_name() == ISLAND {
        islands.push(el.clone());
    }
    if let Ok(list) = el.query_selector_all("leptos-island") {
        islands.extend(nodes(&list).into_iter().map(JsCast::unchecked_into));
    }
}
