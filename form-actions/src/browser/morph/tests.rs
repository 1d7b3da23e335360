//! The merge in a real browser (headless Chromium, `wasm-bindgen-test-runner`):
//! what it keeps of what the person is doing, and what it takes from the server.
//! Run alone: the `morph` step of scripts/test.sh (docs/tests.md).
//!
//! The live side is markup in the test page's body, so that focus, scroll and
//! script execution are the browser's own; the server's side is parsed by
//! `DOMParser`, as `navigate` parses an answer.

use super::{document as merge_documents, merge, nodes};
use js_sys::Reflect;
use leptos::prelude::{document, window};
use std::{cell::Cell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, DomParser, Element, HtmlElement, HtmlInputElement, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

fn parse(html: &str) -> Document {
    DomParser::new()
        .unwrap()
        .parse_from_string(html, SupportedType::TextHtml)
        .unwrap()
}

/// Live markup in the test page's body, removed at the end of the test (not
/// after a failure: a panic aborts the test, drops and all). Tests look only
/// inside their own.
struct Live(Element);

impl Live {
    fn new(html: &str) -> Self {
        let div = document().create_element("div").unwrap();
        div.set_inner_html(html);
        document().body().unwrap().append_child(&div).unwrap();
        Live(div)
    }

    /// Merges in what the server rendered as a body's content.
    fn merge(&self, html: &str) -> Vec<Element> {
        // `<body>` first, or the parser would put a leading `<script>` or
        // `<style>` in the head.
        let new = parse(&format!("<!doctype html><body>{html}"));
        merge(&self.0, &new.body().unwrap())
    }

    fn find(&self, selector: &str) -> Element {
        self.0
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector} in {}", self.0.inner_html()))
    }

    fn find_all(&self, selector: &str) -> Vec<Element> {
        nodes(&self.0.query_selector_all(selector).unwrap())
            .into_iter()
            .map(JsCast::unchecked_into)
            .collect()
    }

    fn ids(&self, selector: &str) -> Vec<String> {
        self.find_all(selector).iter().map(Element::id).collect()
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0.remove();
    }
}

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap()
}

fn string(target: &JsValue, name: &str) -> String {
    get(target, name).as_string().unwrap_or_default()
}

/// What a field shows (`value`): the person's, once they typed.
fn value(field: &Element) -> String {
    string(field, "value")
}

/// The field's default (`defaultValue`): the server's.
fn default_value(field: &Element) -> String {
    string(field, "defaultValue")
}

/// What typing does: the field shows the text and is marked dirty (for a
/// select: what choosing an option does).
fn type_into(field: &Element, text: &str) {
    Reflect::set(field, &JsValue::from_str("value"), &JsValue::from_str(text)).unwrap();
}

fn focus(field: &Element) {
    field.unchecked_ref::<HtmlElement>().focus().unwrap();
}

fn is_focused(element: &Element) -> bool {
    document()
        .active_element()
        .is_some_and(|active| active.is_same_node(Some(element)))
}

// ---- What the merge keeps ----

#[wasm_bindgen_test]
fn r2_a_dirty_field_keeps_what_was_typed_while_its_default_changes() {
    let live = Live::new(
        r#"<form><input name="title" value="Milk"><textarea name="note">old note</textarea></form>"#,
    );
    let (input, textarea) = (live.find("input"), live.find("textarea"));
    type_into(&input, "Milk and eggs");
    type_into(&textarea, "typed note");

    live.merge(
        r#"<form><input name="title" value="Bread"><textarea name="note">new note</textarea></form>"#,
    );

    assert!(live.find("input").is_same_node(Some(&input)));
    assert_eq!(value(&input), "Milk and eggs");
    assert_eq!(input.get_attribute("value").as_deref(), Some("Bread"));
    assert!(live.find("textarea").is_same_node(Some(&textarea)));
    assert_eq!(value(&textarea), "typed note");
    assert_eq!(default_value(&textarea), "new note");
}

#[wasm_bindgen_test]
fn r2_a_field_nobody_typed_in_shows_the_server_s_new_value() {
    let live =
        Live::new(r#"<input name="title" value="Milk"><textarea name="note">old</textarea>"#);

    live.merge(r#"<input name="title" value="Bread"><textarea name="note">new</textarea>"#);

    assert_eq!(value(&live.find("input")), "Bread");
    assert_eq!(value(&live.find("textarea")), "new");
}

/// Options a, b and c, those in `selected` with the attribute.
fn options(selected: &[&str]) -> String {
    ["a", "b", "c"]
        .iter()
        .map(|v| {
            let on = if selected.contains(v) {
                " selected"
            } else {
                ""
            };
            format!(r#"<option value="{v}"{on}>{v}</option>"#)
        })
        .collect()
}

#[wasm_bindgen_test]
fn r2_a_select_keeps_the_option_the_person_chose_while_its_default_moves() {
    let selects = |selected| {
        let options = options(&[selected]);
        format!(r#"<select name="kind">{options}</select><select name="size">{options}</select>"#)
    };
    let live = Live::new(&selects("a"));
    let (kind, size) = (live.find("[name=kind]"), live.find("[name=size]"));
    type_into(&kind, "b");

    live.merge(&selects("c"));

    assert!(live.find("[name=kind]").is_same_node(Some(&kind)));
    assert_eq!(value(&kind), "b");
    assert_eq!(
        value(&size),
        "c",
        "a select nobody touched follows the server"
    );
}

#[wasm_bindgen_test]
fn r2_a_multiple_select_keeps_the_options_the_person_chose() {
    let live = Live::new(&format!(
        r#"<select name="tags" multiple>{}</select>"#,
        options(&["a"])
    ));
    let chosen = || -> Vec<bool> {
        live.find_all("option")
            .iter()
            .map(|option| get(option, "selected").as_bool().unwrap())
            .collect()
    };
    // A ctrl-click on b: a stays chosen, as its default.
    Reflect::set(&live.find("[value=b]"), &"selected".into(), &true.into()).unwrap();

    live.merge(&format!(
        r#"<select name="tags" multiple>{}</select>"#,
        options(&["c"])
    ));

    assert_eq!(chosen(), [true, true, false]);
}

#[wasm_bindgen_test]
fn r2_a_textarea_is_matched_only_by_a_textarea_of_its_name() {
    // A field the new page has before it (a branch that came in) must not take
    // over the typed textarea.
    let live = Live::new(r#"<form><textarea name="note"></textarea></form>"#);
    let note = live.find("textarea");
    type_into(&note, "typed note");

    live.merge(
        r#"<form><textarea name="summary"></textarea><textarea name="note"></textarea></form>"#,
    );

    assert!(live.find("[name=note]").is_same_node(Some(&note)));
    assert_eq!(value(&note), "typed note");
    assert_eq!(value(&live.find("[name=summary]")), "");
}

#[wasm_bindgen_test]
fn r2_a_select_is_matched_only_by_a_select_of_its_name() {
    let options = r#"<option value="a">A</option><option value="b">B</option>"#;
    let live = Live::new(&format!(
        r#"<form><select name="kind">{options}</select></form>"#
    ));
    let kind = live.find("select");
    type_into(&kind, "b");

    live.merge(&format!(
        r#"<form><select name="size">{options}</select><select name="kind">{options}</select></form>"#
    ));

    assert!(live.find("[name=kind]").is_same_node(Some(&kind)));
    assert_eq!(value(&kind), "b");
    assert_eq!(value(&live.find("[name=size]")), "a");
}

#[wasm_bindgen_test]
fn e2_the_focused_field_keeps_focus_and_its_caret() {
    let live = Live::new(r#"<p>0 todos</p><form><input name="title" value="Milk"></form>"#);
    let input = live.find("input");
    focus(&input);
    type_into(&input, "Milk and eggs");
    let field = input.unchecked_ref::<HtmlInputElement>();
    field.set_selection_range(4, 4).unwrap();

    live.merge(r#"<p>1 todo</p><form><input name="title" value="Bread"></form>"#);

    assert!(is_focused(&input));
    assert_eq!(field.selection_start().unwrap(), Some(4));
}

const ROWS: &str = r#"<ul><li id="todo-1"><input name="title" value="one"></li><li id="todo-2"><input name="title" value="two"></li><li id="todo-3"><input name="title" value="three"></li></ul>"#;
const ROWS_3_1_2: &str = r#"<ul><li id="todo-3"><input name="title" value="three"></li><li id="todo-1"><input name="title" value="one"></li><li id="todo-2"><input name="title" value="two"></li></ul>"#;

#[wasm_bindgen_test]
fn e2_a_focused_row_that_moves_keeps_focus_and_is_never_blurred() {
    let live = Live::new(ROWS);
    let input = live.find("#todo-3 input");
    focus(&input);
    let blurs = Rc::new(Cell::new(0));
    let on_blur = Closure::<dyn FnMut()>::new({
        let blurs = blurs.clone();
        move || blurs.set(blurs.get() + 1)
    });
    input
        .add_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref())
        .unwrap();

    live.merge(ROWS_3_1_2);

    assert_eq!(live.ids("li"), ["todo-3", "todo-1", "todo-2"]);
    assert!(live.find("#todo-3 input").is_same_node(Some(&input)));
    assert!(is_focused(&input));
    assert_eq!(blurs.get(), 0, "blur events");
}

#[wasm_bindgen_test]
fn e2_the_window_keeps_its_scroll_position_when_the_focused_row_moves() {
    // The focused field is above the viewport: a merge that focused it again
    // would scroll back to it.
    let live = Live::new(&format!(r#"{ROWS}<div style="height: 5000px"></div>"#));
    focus(&live.find("#todo-3 input"));
    window().scroll_to_with_x_and_y(0.0, 1000.0);
    assert_eq!(window().scroll_y().unwrap(), 1000.0);

    live.merge(&format!(
        r#"{ROWS_3_1_2}<div style="height: 5000px"></div>"#
    ));

    assert_eq!(window().scroll_y().unwrap(), 1000.0);
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
fn e2_a_scrolled_element_keeps_its_scroll_position() {
    let log = |line: &str| {
        format!(
            r#"<div class="log" style="height: 50px; overflow: auto"><p style="height: 400px">{line}</p></div>"#
        )
    };
    let live = Live::new(&log("1 entry"));
    let scroller = live.find(".log");
    scroller.set_scroll_top(120);

    live.merge(&log("2 entries"));

    assert!(live.find(".log").is_same_node(Some(&scroller)));
    assert_eq!(scroller.scroll_top(), 120);
    assert_eq!(live.find("p").text_content().as_deref(), Some("2 entries"));
}

#[wasm_bindgen_test]
fn e2_a_details_or_dialog_the_person_opened_stays_open() {
    let live =
        Live::new(r#"<details><summary>More</summary><p>1</p></details><dialog><p>1</p></dialog>"#);
    // What a click on the summary, or `show()`, does.
    Reflect::set(&live.find("details"), &"open".into(), &true.into()).unwrap();
    live.find("dialog").set_attribute("open", "").unwrap();

    live.merge(r#"<details><summary>More</summary><p>2</p></details><dialog><p>2</p></dialog>"#);

    assert!(live.find("details").has_attribute("open"));
    assert!(live.find("dialog").has_attribute("open"));
    assert_eq!(live.find("details p").text_content().as_deref(), Some("2"));
}

#[wasm_bindgen_test]
fn a_details_the_server_renders_open_is_opened() {
    let live = Live::new(r#"<details><summary>More</summary></details>"#);

    live.merge(r#"<details open><summary>More</summary></details>"#);

    assert!(live.find("details").has_attribute("open"));
}

const ISLAND_OPEN: &str =
    r#"<leptos-island data-component="Counter_1a2b" data-props="{&quot;start&quot;:1}">"#;

#[wasm_bindgen_test]
fn e2_an_island_whose_props_did_not_change_keeps_its_nodes_and_only_its_children_are_merged() {
    // The island's own DOM is what its code made of it (the count it reached),
    // not the server's.
    let live = Live::new(&format!(
        r#"{ISLAND_OPEN}<button>Count: 7</button><leptos-children><p>server, old</p></leptos-children></leptos-island>"#
    ));
    let button = live.find("button");

    let islands = live.merge(&format!(
        r#"{ISLAND_OPEN}<button>Count: 1</button><leptos-children><p>server, new</p></leptos-children></leptos-island>"#
    ));

    assert!(live.find("button").is_same_node(Some(&button)));
    assert_eq!(button.text_content().as_deref(), Some("Count: 7"));
    assert_eq!(
        live.find("leptos-children p").text_content().as_deref(),
        Some("server, new")
    );
    assert!(islands.is_empty(), "nothing to hydrate again");
}

/// Spec P3: a kept island's own form takes the new page's submission token
/// (its `<leptos-children>`, merged as any markup, take theirs, and a row the
/// server adds there does not upset the pairing).
#[wasm_bindgen_test]
fn p3_a_kept_islands_own_form_takes_the_new_pages_submission_token() {
    let token =
        |value: &str| format!(r#"<input type="hidden" name="_submission" value="{value}">"#);
    let island = |own: &str, rows: &[&str]| {
        let rows: String = rows
            .iter()
            .map(|t| format!("<li><form>{}</form></li>", token(t)))
            .collect();
        format!(
            r#"{ISLAND_OPEN}<form aria-label="Add">{}<input name="title"></form><leptos-children><ul>{rows}</ul></leptos-children></leptos-island>"#,
            token(own)
        )
    };
    let live = Live::new(&island("old", &[]));
    live.find("input[name=title]")
        .unchecked_into::<HtmlInputElement>()
        .set_value("typed");

    live.merge(&island("new", &["row"]));

    let own = live.find(r#"form[aria-label="Add"] input[name="_submission"]"#);
    assert_eq!(own.get_attribute("value").as_deref(), Some("new"));
    assert_eq!(own.unchecked_ref::<HtmlInputElement>().value(), "new");
    let rows = live.find_all(r#"li input[name="_submission"]"#);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get_attribute("value").as_deref(), Some("row"));
    // The rest of the island's own view is still the browser's.
    let title = live.find("input[name=title]");
    assert_eq!(title.unchecked_ref::<HtmlInputElement>().value(), "typed");
}

#[wasm_bindgen_test]
fn an_island_whose_props_changed_is_replaced_and_returned_for_hydration() {
    let live = Live::new(&format!(
        r#"{ISLAND_OPEN}<button>Count: 7</button><leptos-children></leptos-children></leptos-island>"#
    ));
    let old = live.find("leptos-island");

    let islands = live.merge(
        r#"<leptos-island data-component="Counter_1a2b" data-props="{&quot;start&quot;:5}"><button>Count: 5</button><leptos-children></leptos-children></leptos-island>"#,
    );

    let island = live.find("leptos-island");
    assert!(!island.is_same_node(Some(&old)));
    assert_eq!(
        live.find("button").text_content().as_deref(),
        Some("Count: 5")
    );
    assert_eq!(islands.len(), 1);
    assert!(islands[0].is_same_node(Some(&island)));
}

#[wasm_bindgen_test]
fn an_island_the_server_adds_is_returned_for_hydration() {
    let live = Live::new(r#"<main><p>Log in to add todos</p></main>"#);

    let islands = live.merge(&format!(
        r#"<main><section>{ISLAND_OPEN}<button>Count: 1</button></leptos-island></section></main>"#
    ));

    assert_eq!(islands.len(), 1);
    assert!(islands[0].is_same_node(Some(&live.find("leptos-island"))));
}

// ---- What the merge takes from the server ----

#[wasm_bindgen_test]
fn the_server_s_text_and_attributes_replace_the_old_ones() {
    let live = Live::new(r#"<p class="empty" title="none yet">No todos</p>"#);
    let p = live.find("p");

    live.merge(r#"<p class="count" data-count="2">2 todos</p>"#);

    assert!(live.find("p").is_same_node(Some(&p)));
    assert_eq!(p.get_attribute("class").as_deref(), Some("count"));
    assert_eq!(p.get_attribute("data-count").as_deref(), Some("2"));
    assert!(!p.has_attribute("title"), "an attribute the server dropped");
    assert_eq!(p.text_content().as_deref(), Some("2 todos"));
}

#[wasm_bindgen_test]
fn nodes_the_server_no_longer_renders_are_removed() {
    let live = Live::new(
        r#"<h1>Todos</h1><p role="alert">Title is required</p><!-- form --><form></form>tail"#,
    );

    live.merge(r#"<h1>Todos</h1><form></form>"#);

    assert_eq!(live.0.inner_html(), "<h1>Todos</h1><form></form>");
}

#[wasm_bindgen_test]
fn rows_with_ids_keep_their_typed_values_when_rows_are_removed_reordered_or_inserted() {
    let row = |n: u32, title: &str| {
        format!(r#"<li id="todo-{n}"><input name="title" value="{title}"></li>"#)
    };
    let live = Live::new(&format!(
        "<ul>{}{}{}{}</ul>",
        row(1, "one"),
        row(2, "two"),
        row(3, "three"),
        row(4, "four")
    ));
    let rows = live.find_all("li");
    for (n, row) in rows.iter().enumerate() {
        type_into(
            &live.find(&format!("#{} input", row.id())),
            &format!("typed {}", n + 1),
        );
    }

    // 3 removed, 4 moved first, 5 inserted.
    live.merge(&format!(
        "<ul>{}{}{}{}</ul>",
        row(4, "four"),
        row(2, "two"),
        row(5, "five"),
        row(1, "one")
    ));

    assert_eq!(live.ids("li"), ["todo-4", "todo-2", "todo-5", "todo-1"]);
    let shown = |id: &str| value(&live.find(&format!("#{id} input")));
    assert_eq!(shown("todo-4"), "typed 4");
    assert_eq!(shown("todo-2"), "typed 2");
    assert_eq!(shown("todo-5"), "five");
    assert_eq!(shown("todo-1"), "typed 1");
    assert!(live.find("#todo-1").is_same_node(Some(&rows[0])));
    assert!(live.find("#todo-4").is_same_node(Some(&rows[3])));
}

#[wasm_bindgen_test]
fn rows_without_ids_are_matched_by_position_so_a_typed_value_stays_where_it_stood() {
    // What the module docs warn about: removing the first row morphs the
    // second into its place, and what was typed in the second row now shows
    // in the row that stands second, the third one.
    let row = |title: &str| format!(r#"<li><input name="title" value="{title}"></li>"#);
    let live = Live::new(&format!(
        "<ul>{}{}{}</ul>",
        row("one"),
        row("two"),
        row("three")
    ));
    type_into(&live.find("li:nth-child(2) input"), "typed in two");

    live.merge(&format!("<ul>{}{}</ul>", row("two"), row("three")));

    let inputs = live.find_all("input");
    assert_eq!(inputs.len(), 2);
    assert_eq!(value(&inputs[0]), "two");
    assert_eq!(default_value(&inputs[1]), "three");
    assert_eq!(value(&inputs[1]), "typed in two");
}

// ---- Scripts ----

fn global(name: &str) -> JsValue {
    get(&window(), name)
}

#[wasm_bindgen_test]
fn a_script_the_merge_inserts_does_not_run() {
    let live = Live::new("<p>page</p>");

    live.merge("<p>page</p><script>window.__morphInserted = true</script>");

    assert_eq!(live.find_all("script").len(), 1);
    assert!(global("__morphInserted").is_undefined());
}

#[wasm_bindgen_test]
fn an_empty_script_the_server_fills_is_replaced_and_does_not_run() {
    // An empty script has not run yet: text added to it in place would run.
    let live = Live::new("");
    let placeholder = document().create_element("script").unwrap();
    live.0.append_child(&placeholder).unwrap();

    live.merge("<script>window.__morphFilled = true</script>");

    assert!(global("__morphFilled").is_undefined());
    assert!(!live.find("script").is_same_node(Some(&placeholder)));
}

#[wasm_bindgen_test]
fn a_script_that_changed_is_replaced_whole_and_one_that_did_not_is_kept() {
    let live = Live::new(
        r#"<script type="application/json" id="data">{"n":1}</script><script type="module">/* app */</script>"#,
    );
    let (data, app) = (live.find("#data"), live.find("[type=module]"));

    live.merge(
        r#"<script type="application/json" id="data">{"n":2}</script><script type="module">/* app */</script>"#,
    );

    let new_data = live.find("#data");
    assert!(!new_data.is_same_node(Some(&data)));
    assert_eq!(new_data.text_content().as_deref(), Some(r#"{"n":2}"#));
    assert!(live.find("[type=module]").is_same_node(Some(&app)));
}

// ---- data-kit-keep ----

#[wasm_bindgen_test]
fn an_element_marked_data_kit_keep_is_neither_changed_nor_removed() {
    let live = Live::new(r#"<p>1</p><style data-kit-keep>.chart { color: red }</style>"#);
    let kept = live.find("style");

    live.merge(r#"<p>2</p><style>.page { color: blue }</style>"#);
    // The server's own style is inserted, not made of the kept one.
    assert_eq!(live.find_all("style").len(), 2);
    live.merge(r#"<p>3</p>"#);

    assert_eq!(live.find_all("style").len(), 1);
    assert!(live.find("style").is_same_node(Some(&kept)));
    assert_eq!(
        kept.text_content().as_deref(),
        Some(".chart { color: red }")
    );
}

#[wasm_bindgen_test]
fn a_stylesheet_a_library_put_in_the_head_survives_when_marked_data_kit_keep() {
    // Two parsed documents stand for the live one: the test page's own head
    // and body must stay as they are.
    let live = parse(
        r#"<!doctype html><html><head><title>A</title><link rel="stylesheet" href="/pkg/a.css"><style data-kit-keep>.lib {}</style></head><body><p>a</p></body></html>"#,
    );
    let new = parse(
        r#"<!doctype html><html><head><title>B</title><link rel="stylesheet" href="/pkg/b.css"></head><body><p>b</p></body></html>"#,
    );

    merge_documents(&live, &new);

    let head = live.head().unwrap();
    assert_eq!(
        head.inner_html(),
        r#"<title>B</title><link rel="stylesheet" href="/pkg/b.css"><style data-kit-keep="">.lib {}</style>"#
    );
    assert_eq!(live.body().unwrap().inner_html(), "<p>b</p>");
}
