//! Parsing and echo of typed forms (spec F2–F4, F7).

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Choice)]
enum Tag {
    Home,
    #[choice(value = "work", label = "At work")]
    Work,
}

#[derive(Debug, Form)]
#[form(name = "all", key = "id", summary)]
struct All {
    #[field(hidden)]
    id: i64,
    #[field(
        label = "Title",
        required = "Title is required",
        max_length = 5,
        too_long = "Too long"
    )]
    title: String,
    #[field(label = "Notes", textarea)]
    notes: Option<String>,
    #[field(label = "Count", min = 0, max = 9, out_of_range = "Enter 0 to 9")]
    count: Option<u8>,
    #[field(label = "Price")]
    price: f64,
    #[field(label = "Due")]
    due: Option<Date>,
    #[field(label = "Done")]
    done: bool,
    #[field(label = "Tag")]
    tag: Tag,
    #[field(label = "Tags")]
    tags: Vec<Tag>,
    #[field(label = "Password")]
    password: Secret<String>,
}

fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("id", "7"),
        ("title", "  Milk "),
        ("notes", ""),
        ("count", "3"),
        ("price", "2.5"),
        ("due", "2026-12-31"),
        ("tag", "home"),
        ("tags", "home"),
        ("tags", "work"),
        ("password", " hunter2 "),
    ]
}

#[test]
fn every_kind_converts() {
    let all = All::parse(&good()).unwrap();
    assert_eq!(all.id, 7);
    assert_eq!(all.title, "Milk", "text is trimmed");
    assert_eq!(all.notes, None, "empty is none");
    assert_eq!(all.count, Some(3));
    assert_eq!(all.price, 2.5);
    assert_eq!(all.due, Date::new(2026, 12, 31));
    assert!(!all.done, "an unchecked box sends nothing: false");
    assert_eq!(all.tag, Tag::Home);
    assert_eq!(all.tags, vec![Tag::Home, Tag::Work]);
    assert_eq!(
        all.password.expose(),
        " hunter2 ",
        "a secret is kept as typed"
    );
}

#[test]
fn f3_a_value_that_does_not_convert_is_an_issue_of_its_field() {
    let mut sent = good();
    sent.retain(|(k, _)| !matches!(*k, "count" | "due" | "tag" | "tags" | "title"));
    sent.extend([
        ("title", ""),
        ("count", "12"),
        ("due", "2026-02-30"),
        ("tag", "garden"),
        ("tags", "home"),
        ("tags", "nope"),
        ("done", "on"),
    ]);
    let rejected = All::parse(&sent).unwrap_err();
    assert_eq!(rejected.issue_of("title"), Some("Title is required"));
    assert_eq!(rejected.issue_of("count"), Some("Enter 0 to 9"));
    assert_eq!(rejected.issue_of("due"), Some("Enter a real date"));
    assert_eq!(rejected.issue_of("tag"), Some(Kind::CHOOSE.text().as_ref()));
    assert_eq!(
        rejected.issue_of("tags"),
        Some(Kind::CHOOSE.text().as_ref())
    );
    assert_eq!(rejected.issue_of("price"), None);
    // The issues come in the order of the form.
    let names: Vec<_> = rejected
        .submitted()
        .issues
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(names, ["title", "count", "due", "tag", "tags"]);
    assert_eq!(rejected.status_code(), 422);
}

#[test]
fn f2_a_failure_keeps_what_was_sent_in_every_field() {
    let mut sent = good();
    sent.push(("count", "x"));
    sent.retain(|(k, v)| *k != "count" || *v == "x");
    sent.push(("done", "true"));
    let rejected = All::parse(&sent).unwrap_err();
    let values = &rejected.submitted().values;
    assert_eq!(
        values.get("count"),
        Some("x"),
        "the text as sent, not converted"
    );
    assert_eq!(values.get("title"), Some("  Milk "));
    assert_eq!(values.get("done"), Some("true"));
    assert_eq!(values.all("tags").collect::<Vec<_>>(), ["home", "work"]);
    // Not a number: the type's own message, since the field names none.
    assert_eq!(rejected.issue_of("count"), Some("Enter a whole number"));
}

#[test]
fn f4_a_secret_is_never_kept_shown_or_printed() {
    let mut sent = good();
    sent.retain(|(k, _)| *k != "title");
    let rejected = All::parse(&sent).unwrap_err();
    assert_eq!(rejected.value("password"), None);
    let json = serde_json::to_string(rejected.submitted()).unwrap();
    assert!(!json.contains("hunter2"), "{json}");
    let all = All::parse(&good()).unwrap();
    assert!(!format!("{all:?}").contains("hunter2"));
    assert!(all.values().get("password").is_none());
}

#[test]
fn f7_the_key_field_names_the_instance() {
    let mut sent = good();
    sent.retain(|(k, _)| *k != "title");
    let rejected = All::parse(&sent).unwrap_err();
    assert_eq!(rejected.submitted().key.as_deref(), Some("7"));
    assert_eq!(rejected.submitted().form, "all");
}

#[test]
fn b1_a_field_sent_twice_is_an_issue_not_a_guess() {
    let mut sent = good();
    sent.push(("title", "Eggs"));
    let rejected = All::parse(&sent).unwrap_err();
    assert_eq!(
        rejected.issue_of("title"),
        Some("This field was sent more than once")
    );
}

#[test]
fn too_long_is_counted_in_characters_after_trimming() {
    let mut sent = good();
    sent.retain(|(k, _)| *k != "title");
    sent.push(("title", " ééééé "));
    assert!(All::parse(&sent).is_ok());
    sent.pop();
    sent.push(("title", "ééééé!"));
    assert_eq!(
        All::parse(&sent).unwrap_err().issue_of("title"),
        Some("Too long")
    );
}

#[test]
fn values_round_trip_through_parse() {
    let all = All::parse(&good()).unwrap();
    let mut values = all.values();
    values.set("password", ["x"]);
    let again = All::parse(&values).unwrap();
    assert_eq!(again.tags, all.tags);
    assert_eq!(again.due, all.due);
    assert_eq!(again.count, all.count);
}

#[test]
fn f6_the_specs_carry_the_constraints() {
    let specs = All::specs();
    let title = &specs[1];
    assert_eq!(title.rules.max_length.map(|(n, _)| n), Some(5));
    assert!(title.rules.required.is_some());
    assert_eq!(specs[3].rules.min, Some((0.0, "0")));
    assert_eq!(specs[3].input, "number");
    assert_eq!(specs[4].rules.step, Some("any"));
    assert_eq!(specs[5].input, "date");
    assert_eq!(specs[6].widget, Widget::Checkbox);
    assert_eq!(specs[7].widget, Widget::Select);
    assert_eq!(specs[8].widget, Widget::Checkboxes);
    assert_eq!(specs[8].choices[1].label, "At work");
    assert_eq!(specs[9].input, "password");
    assert!(specs[9].secret);
    assert_eq!(specs[0].widget, Widget::Hidden);
    assert_eq!(specs[2].widget, Widget::TextArea);
}

#[test]
fn dates_are_real_dates_in_iso_form() {
    assert_eq!(
        "2024-02-29".parse::<Date>().map(|d| d.to_string()),
        Ok("2024-02-29".into())
    );
    for bad in [
        "2025-02-29",
        "2026-13-01",
        "26-01-01",
        "2026-1-01",
        "tomorrow",
        "",
    ] {
        assert!(bad.parse::<Date>().is_err(), "{bad}");
    }
}

/// A JSON body's fields, as the API reads them.
fn from_json(body: serde_json::Value) -> Result<Values, Issues> {
    let serde_json::Value::Object(object) = body else {
        panic!("not an object: {body}");
    };
    Values::from_json::<All>(&object)
}

#[test]
fn j1_json_of_the_types_the_inputs_send_parses_as_the_form_would() {
    let body = serde_json::json!({
        "id": 7, "title": "  Milk ", "notes": null, "count": 3, "price": 2.5,
        "due": "2026-12-31", "done": true, "tag": "home", "tags": ["home", "work"],
        "password": " hunter2 ", "not_a_field": 42,
    });
    let all = All::parse(&from_json(body).unwrap()).unwrap();
    assert_eq!(all.id, 7);
    assert_eq!(all.title, "Milk");
    assert_eq!(all.notes, None, "null is not sent");
    assert_eq!((all.count, all.price), (Some(3), 2.5));
    assert_eq!(all.due, Date::new(2026, 12, 31));
    assert!(all.done);
    assert_eq!((all.tag, all.tags), (Tag::Home, vec![Tag::Home, Tag::Work]));
    assert_eq!(all.password.expose(), " hunter2 ");

    // false is an unticked box; a number's text goes through the field's own
    // parse, so a fraction for a whole number is the field's own issue.
    let values = from_json(serde_json::json!({"done": false, "count": 2.5})).unwrap();
    assert_eq!(values.get("done"), None);
    let rejected = All::parse(&values).unwrap_err();
    assert_eq!(rejected.issue_of("count"), Some("Enter a whole number"));
}

#[test]
fn b1_a_json_number_where_the_form_expects_text_is_the_fields_issue() {
    for (field, value) in [
        ("title", serde_json::json!(42)),
        ("notes", serde_json::json!(1.5)),
        ("due", serde_json::json!(20261231)),
        ("tag", serde_json::json!(1)),
        ("password", serde_json::json!(1234)),
        ("title", serde_json::json!({"text": "Milk"})),
    ] {
        let issues = from_json(serde_json::json!({ field: value })).unwrap_err();
        let expected = format!("The field `{field}` must be text");
        assert_eq!(
            issues.of(field),
            Some(expected.as_str()),
            "{field}: {value}"
        );
        assert_eq!(issues.0.len(), 1, "{issues:?}");
    }
}

#[test]
fn b1_a_json_string_where_the_form_expects_a_number_is_the_fields_issue() {
    for (field, value) in [("count", "3"), ("price", "2.5"), ("id", "7"), ("count", "")] {
        let issues = from_json(serde_json::json!({ field: value })).unwrap_err();
        let expected = format!("The field `{field}` must be a number");
        assert_eq!(
            issues.of(field),
            Some(expected.as_str()),
            "{field}: {value:?}"
        );
    }
    // Over a record's values (a PATCH) too, whatever the other fields.
    let base = All::parse(&good()).unwrap().values();
    let body = serde_json::json!({"title": "Eggs", "count": "5"});
    let issues = base
        .merge_json::<All>(body.as_object().unwrap())
        .unwrap_err();
    assert_eq!(
        issues.0,
        [("count".into(), "The field `count` must be a number".into())]
    );
}

#[test]
fn b1_json_checkboxes_take_booleans_and_lists_arrays_of_their_items_type() {
    for value in [serde_json::json!("true"), serde_json::json!(1)] {
        let issues = from_json(serde_json::json!({ "done": value })).unwrap_err();
        assert_eq!(
            issues.of("done"),
            Some("The field `done` must be true or false")
        );
    }
    let issues = from_json(serde_json::json!({"tags": "home"})).unwrap_err();
    assert_eq!(issues.of("tags"), Some("The field `tags` must be a list"));
    let issues = from_json(serde_json::json!({"tags": ["home", 2]})).unwrap_err();
    assert_eq!(
        issues.of("tags"),
        Some("The field `tags` must be a list of text")
    );
    let values = from_json(serde_json::json!({"tags": []})).unwrap();
    assert_eq!(values.all("tags").count(), 0);
}

#[derive(Debug, Form)]
struct Toggle {
    #[field(hidden)]
    done: Option<bool>,
}

#[test]
fn b1_a_hidden_boolean_takes_true_or_false_in_json_and_keeps_false() {
    for (sent, expected) in [(true, Some(true)), (false, Some(false))] {
        let body = serde_json::json!({ "done": sent });
        let values = Values::from_json::<Toggle>(body.as_object().unwrap()).unwrap();
        assert_eq!(Toggle::parse(&values).unwrap().done, expected, "{sent}");
    }
    let body = serde_json::json!({"done": "true"});
    let issues = Values::from_json::<Toggle>(body.as_object().unwrap()).unwrap_err();
    assert_eq!(
        issues.of("done"),
        Some("The field `done` must be true or false")
    );
}

/// A row of [`Plan`]: a list of rows' sub-form (spec P1).
#[derive(Debug, PartialEq, Form)]
#[form(name = "step")]
struct Step {
    #[field(
        label = "{row}",
        required = "Title is required",
        max_length = 5,
        too_long = "Title must be at most 5 characters"
    )]
    title: String,
    #[field(label = "{row} done")]
    done: bool,
    #[field(label = "{row} secret")]
    secret: Option<Secret<String>>,
}

#[derive(Debug, Form)]
#[form(name = "plan", summary)]
struct Plan {
    #[field(label = "Name", required = "Name is required")]
    name: String,
    #[field(
        rows,
        label = "Steps",
        row = "Step {n}",
        max_rows = 3,
        too_many = "At most 3 steps"
    )]
    steps: Vec<Step>,
}

fn step(title: &str, done: bool) -> Step {
    Step {
        title: title.into(),
        done,
        secret: None,
    }
}

#[test]
fn p1_rows_are_read_from_their_names_in_the_order_of_their_numbers() {
    let sent = [
        ("name", "Trip"),
        ("steps[1].title", "Pack"),
        ("steps[0].title", " Book "),
        ("steps[0].done", "true"),
        ("steps[10].title", "Go"),
    ];
    let plan = Plan::parse(&sent).unwrap();
    assert_eq!(plan.name, "Trip");
    // 0, 1, 10: by number, not in the order sent, and a gap means nothing.
    assert_eq!(
        plan.steps,
        [step("Book", true), step("Pack", false), step("Go", false)]
    );
}

#[test]
fn p1_no_rows_sent_is_an_empty_list() {
    let plan = Plan::parse(&[("name", "Trip")]).unwrap();
    assert!(plan.steps.is_empty());
}

#[test]
fn p1_names_that_are_no_rows_are_ignored() {
    let sent = [
        ("name", "Trip"),
        ("steps[01].title", "Leading zero"),
        ("steps[+1].title", "Sign"),
        ("steps[-1].title", "Negative"),
        ("steps[x].title", "Not a number"),
        ("steps[1]title", "No dot"),
        ("steps[99999999999].title", "Too long a number"),
        ("steps.title", "No number"),
        ("stepsx[0].title", "Another name"),
    ];
    let plan = Plan::parse(&sent).unwrap();
    assert!(plan.steps.is_empty(), "{:?}", plan.steps);
}

#[test]
fn p1_a_rows_issue_names_its_row_and_is_kept_under_its_shown_number() {
    let sent = [
        ("name", ""),
        ("steps[3].title", "Fine"),
        ("steps[7].title", "   "),
        ("steps[9].title", "Far too long"),
        ("steps[9].done", "maybe"),
    ];
    let rejected = Plan::parse(&sent).unwrap_err();
    // The rows are shown again as 0, 1, 2: their issues are named so.
    assert_eq!(
        rejected.submitted().issues,
        [
            ("name".to_owned(), "Name is required".to_owned()),
            ("steps[1].title".into(), "Step 2: Title is required".into()),
            (
                "steps[2].title".into(),
                "Step 3: Title must be at most 5 characters".into()
            ),
            (
                "steps[2].done".into(),
                "Step 3: Must be true or false".into()
            ),
        ]
    );
    assert_eq!(rejected.status_code(), 422);
}

#[test]
fn p1_a_failure_echoes_every_row_renumbered_and_never_a_secret() {
    let sent = [
        ("name", ""),
        ("steps[4].title", "Pack"),
        ("steps[4].done", "true"),
        ("steps[4].secret", "hunter2"),
        ("steps[2].title", "  "),
    ];
    let rejected = Plan::parse(&sent).unwrap_err();
    let values = &rejected.submitted().values;
    assert_eq!(values.get("steps[0].title"), Some("  "), "as sent");
    assert_eq!(values.get("steps[1].title"), Some("Pack"));
    assert_eq!(values.get("steps[1].done"), Some("true"));
    assert_eq!(values.get("steps[4].title"), None);
    let json = serde_json::to_string(rejected.submitted()).unwrap();
    assert!(!json.contains("hunter2"), "{json}");
}

#[test]
fn p1_more_rows_than_the_most_is_the_lists_issue() {
    let mut sent = vec![("name".to_owned(), "Trip".to_owned())];
    for i in 0..4 {
        sent.push((format!("steps[{i}].title"), format!("S{i}")));
    }
    let rejected = Plan::parse(&sent).unwrap_err();
    assert_eq!(rejected.issue_of("steps"), Some("At most 3 steps"));
    assert_eq!(rejected.submitted().issues.len(), 1);
    // The echo holds no more rows than the list may.
    let values = &rejected.submitted().values;
    assert_eq!(values.get("steps[2].title"), Some("S2"));
    assert_eq!(values.get("steps[3].title"), None);

    sent.pop();
    assert_eq!(Plan::parse(&sent).unwrap().steps.len(), 3);
}

#[test]
fn p1_a_row_field_sent_twice_is_its_issue() {
    let sent = [
        ("name", "Trip"),
        ("steps[0].title", "A"),
        ("steps[0].title", "B"),
    ];
    let rejected = Plan::parse(&sent).unwrap_err();
    assert_eq!(
        rejected.issue_of("steps[0].title"),
        Some("Step 1: This field was sent more than once")
    );
}

#[test]
fn p1_rows_round_trip_through_their_values() {
    let plan = Plan {
        name: "Trip".into(),
        steps: vec![step("Book", true), step("Pack", false)],
    };
    let values = plan.values();
    assert_eq!(values.get("steps[0].title"), Some("Book"));
    assert_eq!(values.get("steps[0].done"), Some("true"));
    assert_eq!(values.get("steps[1].done"), None, "unchecked sends nothing");
    let again = Plan::parse(&values).unwrap();
    assert_eq!(again.steps, plan.steps);
}

#[test]
fn p1_a_row_whose_fields_send_nothing_is_still_a_row() {
    #[derive(Debug, Form)]
    struct Flag {
        #[field(label = "{row}")]
        on: bool,
    }
    #[derive(Debug, Form)]
    struct Flags {
        #[field(
            rows,
            label = "Flags",
            row = "Flag {n}",
            max_rows = 5,
            too_many = "Too many"
        )]
        flags: Vec<Flag>,
    }
    let flags = Flags {
        flags: vec![Flag { on: false }, Flag { on: true }],
    };
    let again = Flags::parse(&flags.values()).unwrap();
    assert_eq!(
        again.flags.iter().map(|f| f.on).collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn p1_json_rows_are_an_array_of_objects_read_as_the_sub_form() {
    let body = serde_json::json!({
        "name": "Trip",
        "steps": [{"title": "Book", "done": true}, {"title": "Pack"}],
    });
    let values = Values::from_json::<Plan>(body.as_object().unwrap()).unwrap();
    let plan = Plan::parse(&values).unwrap();
    assert_eq!(plan.steps, [step("Book", true), step("Pack", false)]);

    // Over a record's values, the array replaces every row.
    let base = Plan {
        name: "Trip".into(),
        steps: vec![step("Old", true), step("Older", false)],
    }
    .values();
    let body = serde_json::json!({"steps": [{"title": "New"}]});
    let merged = base.merge_json::<Plan>(body.as_object().unwrap()).unwrap();
    assert_eq!(Plan::parse(&merged).unwrap().steps, [step("New", false)]);
    let body = serde_json::json!({"steps": []});
    let merged = Plan {
        name: "Trip".into(),
        steps: vec![step("Old", true)],
    }
    .values()
    .merge_json::<Plan>(body.as_object().unwrap())
    .unwrap();
    assert!(Plan::parse(&merged).unwrap().steps.is_empty());
}

#[test]
fn p1_json_rows_of_the_wrong_shape_are_the_fields_issues() {
    let issue = |body: serde_json::Value, name: &str| {
        let issues = Values::from_json::<Plan>(body.as_object().unwrap()).unwrap_err();
        issues.of(name).map(str::to_owned)
    };
    assert_eq!(
        issue(serde_json::json!({"steps": "Book"}), "steps").as_deref(),
        Some("The field `steps` must be a list")
    );
    assert_eq!(
        issue(serde_json::json!({"steps": ["Book"]}), "steps").as_deref(),
        Some("The field `steps` must be a list of objects")
    );
    assert_eq!(
        issue(
            serde_json::json!({"steps": [{"title": 1}]}),
            "steps[0].title"
        )
        .as_deref(),
        Some("The field `steps[0].title` must be text")
    );
    // An empty object is a row, whose fields have their own issues.
    let body = serde_json::json!({"name": "Trip", "steps": [{}]});
    let values = Values::from_json::<Plan>(body.as_object().unwrap()).unwrap();
    assert_eq!(
        Plan::parse(&values).unwrap_err().issue_of("steps[0].title"),
        Some("Step 1: Title is required")
    );
}

/// What a rows button's submission shows: the form again (spec P1).
fn edit_rows(sent: &[(&str, &str)]) -> Result<Rejected<Plan>, String> {
    let sent = sent.to_vec();
    let edit = super::rows::RowEdit::sent(&sent)?.expect("a rows button was sent");
    edit.apply::<Plan>(&sent)
}

#[test]
fn p1_add_shows_the_form_again_with_one_more_row_and_every_value() {
    let sent = [
        ("name", "Trip"),
        ("steps[0].title", "Book"),
        ("steps[0].done", "true"),
        ("steps[1].title", ""),
        ("_rows", "add:steps"),
    ];
    let shown = edit_rows(&sent).unwrap();
    assert_eq!(shown.status_code(), 200);
    let data = shown.submitted();
    assert!(
        data.issues.is_empty(),
        "nothing is checked: {:?}",
        data.issues
    );
    assert_eq!(data.values.get("name"), Some("Trip"));
    assert_eq!(data.values.get("steps[0].done"), Some("true"));
    assert_eq!(data.values.get("steps[1].title"), Some(""));
    assert_eq!(super::rows::sent_rows(&data.values, "steps"), [0, 1, 2]);
    assert_eq!(data.focus.as_deref(), Some("steps[2].title"));
    assert_eq!(data.values.get("_rows"), None);
}

#[test]
fn p1_remove_shows_the_form_again_without_that_row_and_renumbered() {
    let sent = [
        ("name", "Trip"),
        ("steps[0].title", "Book"),
        ("steps[1].title", "Pack"),
        ("steps[1].done", "true"),
        ("steps[2].title", "Go"),
        ("_rows", "remove:steps:1"),
    ];
    let shown = edit_rows(&sent).unwrap();
    assert_eq!(shown.status_code(), 200);
    let values = &shown.submitted().values;
    assert_eq!(values.get("steps[0].title"), Some("Book"));
    assert_eq!(values.get("steps[1].title"), Some("Go"));
    assert_eq!(values.get("steps[1].done"), None);
    assert_eq!(super::rows::sent_rows(values, "steps"), [0, 1]);
    // Focus on the row now in its place; after the last row, the one before;
    // after the only row, the add button (the list's name).
    assert_eq!(shown.submitted().focus.as_deref(), Some("steps[1].title"));
    let last = [
        ("steps[0].title", "A"),
        ("steps[1].title", "B"),
        ("_rows", "remove:steps:1"),
    ];
    assert_eq!(
        edit_rows(&last).unwrap().submitted().focus.as_deref(),
        Some("steps[0].title")
    );
    let only = [("steps[0].title", "A"), ("_rows", "remove:steps:0")];
    let shown = edit_rows(&only).unwrap();
    assert_eq!(shown.submitted().focus.as_deref(), Some("steps"));
    assert!(super::rows::sent_rows(&shown.submitted().values, "steps").is_empty());
}

#[test]
fn p1_adding_past_the_most_rows_is_the_lists_issue() {
    let sent = [
        ("steps[0].title", "A"),
        ("steps[1].title", "B"),
        ("steps[2].title", "C"),
        ("_rows", "add:steps"),
    ];
    let shown = edit_rows(&sent).unwrap();
    assert_eq!(shown.status_code(), 422);
    assert_eq!(shown.issue_of("steps"), Some("At most 3 steps"));
    assert_eq!(
        super::rows::sent_rows(&shown.submitted().values, "steps"),
        [0, 1, 2]
    );
}

#[test]
fn p1_a_rows_button_value_that_is_none_is_the_clients_error() {
    for value in [
        "add",
        "add:",
        "add:nope",
        "grow:steps",
        "remove:steps",
        "remove:steps:x",
        "remove:steps:01",
        "add:steps:1",
    ] {
        let sent = [("steps[0].title", "A"), ("_rows", value)];
        let refused = super::rows::RowEdit::sent(&sent)
            .and_then(|edit| edit.expect("sent").apply::<Plan>(&sent).map(|_| ()));
        assert!(refused.is_err(), "{value}");
    }
    let twice = [("_rows", "add:steps"), ("_rows", "add:steps")];
    assert!(super::rows::RowEdit::sent(&twice).is_err());
    assert_eq!(super::rows::RowEdit::sent(&[("name", "x")]), Ok(None));
}

/// The markup of [`Plan`]'s rows after a failure with two rows sent.
#[cfg(feature = "ssr")]
fn rows_after_failure() -> String {
    use leptos::prelude::*;
    use std::sync::Arc;
    let owner = Owner::new();
    owner.with(|| {
        let sent = [
            ("name", "Trip"),
            ("steps[0].title", "Book"),
            ("steps[0].done", "true"),
            ("steps[1].title", " "),
        ];
        let failure = Arc::new(Plan::parse(&sent).unwrap_err().submitted().clone());
        let form = FormHandle::<Plan>::from_failures(move || Some(failure.clone()));
        let f = form.fields();
        view! {
            <form>
                <ErrorSummary form />
                <FormRows rows=f.steps add="Add step" remove="Remove step {n}" let:row>
                    <FormField field=row.title />
                    <FormField field=row.done />
                </FormRows>
                <button type="submit">"Save"</button>
            </form>
        }
        .to_html()
        // Without the hydration marks, which the page's HTML pass leaves out.
        .replace("<!>", "")
    })
}

#[cfg(feature = "ssr")]
#[test]
fn p1_each_row_shows_its_fields_named_labelled_and_numbered() {
    let html = rows_after_failure();
    let group = r#"<fieldset id="plan-steps" data-kit-rows="steps" data-kit-rows-max="3" class="field rows">"#;
    assert!(html.contains(group), "{html}");
    assert!(html.contains("<legend>Steps</legend>"), "{html}");
    for (i, title) in [(0, "Book"), (1, " ")] {
        let n = i + 1;
        let id = format!("plan-steps-{i}-title");
        assert!(
            html.contains(&format!(r#"name="steps[{i}].title""#)),
            "{html}"
        );
        assert!(html.contains(&format!(r#"id="{id}""#)), "{html}");
        assert!(html.contains(&format!(r#"value="{title}""#)), "{html}");
        assert!(
            html.contains(&format!(
                r#"<label for="{id}" data-kit-row-text="Step {{n}}">Step {n}</label>"#
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                r#"data-kit-row-text="Step {{n}} done">Step {n} done</label>"#
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                r#"value="remove:steps:{i}" formnovalidate data-kit-row-text="Remove step {{n}}">Remove step {n}</button>"#
            )),
            "{html}"
        );
    }
    assert!(
        html.contains(r#"name="steps[0].done" value="true" checked"#),
        "{html}"
    );
    // The add button, and the row the browser copies to add one.
    assert!(
        html.contains(r#"value="add:steps" formnovalidate>Add step</button>"#),
        "{html}"
    );
    let template = &html[html.find("<template").unwrap()..html.find("</template>").unwrap()];
    assert!(
        template.contains(r#"name="steps[new].title""#),
        "{template}"
    );
    assert!(
        template.contains(r#"value="remove:steps:new""#),
        "{template}"
    );
    assert!(!template.contains("Book"), "{template}");
}

#[cfg(feature = "ssr")]
#[test]
fn p1_a_rows_issue_shows_in_its_row_and_the_summary_links_to_its_field() {
    let html = rows_after_failure();
    let row = &html[html.find(r#"data-kit-row="1""#).unwrap()..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(
        row.contains(
            r#"<p id="plan-steps-1-title-error" role="alert" data-kit-row-text="Step {n}: Title is required" class="error">Step 2: Title is required</p>"#
        ),
        "{row}"
    );
    assert!(row.contains(r#"aria-invalid="true""#), "{row}");
    assert!(
        row.contains(r#"aria-describedby="plan-steps-1-title-error""#),
        "{row}"
    );
    let first = &html[html.find(r#"data-kit-row="0""#).unwrap()..];
    let first = &first[..first.find("</li>").unwrap()];
    assert!(!first.contains("alert"), "{first}");
    assert!(
        html.contains(r##"<a href="#plan-steps-1-title">Step 2: Title is required</a>"##),
        "{html}"
    );
}

#[cfg(feature = "ssr")]
#[test]
fn p1_enter_in_a_field_presses_the_forms_own_action_not_a_rows_button() {
    let html = rows_after_failure();
    // The first submit button of the form is the one Enter presses.
    let first = html.find(r#"type="submit""#).unwrap();
    let button = &html[html[..first].rfind("<button").unwrap()..];
    assert!(
        button.starts_with(r#"<button type="submit" hidden></button>"#),
        "{button}"
    );
}

/// A form with file fields (spec U1).
#[derive(Debug, Form)]
struct Attach {
    #[field(label = "Note")]
    note: String,
    #[field(
        label = "Attach files",
        accept = "image/png,text/plain",
        wrong_type = "Choose a PNG or text file",
        max_size = 5_000_000,
        too_large = "File must be at most 5 MB",
        max_files = 10,
        too_many = "At most 10 files",
        again = "Choose the files again"
    )]
    files: Vec<Upload>,
    #[field(label = "Avatar", max_size = 100, too_large = "Too large")]
    avatar: Option<Upload>,
}

#[test]
fn u1_a_file_field_declares_its_limits_beside_its_other_rules() {
    let specs = Attach::specs();
    let files = &specs[1];
    assert_eq!(
        (files.widget, files.input, files.multiple),
        (Widget::File, "file", true)
    );
    let rules = files.files.expect("its limits");
    assert_eq!(rules.accept, "image/png,text/plain");
    assert_eq!((rules.max_size, rules.max_files), (5_000_000, 10));
    assert_eq!(rules.too_many, "At most 10 files");
    assert_eq!((Attach::MULTIPART, All::MULTIPART), (true, false));
    let avatar = &specs[2];
    assert_eq!(
        (avatar.widget, avatar.multiple, avatar.optional),
        (Widget::File, false, true)
    );
    assert_eq!(avatar.files.map(|r| (r.accept, r.max_files)), Some(("", 1)));
}

#[test]
fn u1_files_are_not_text_and_are_never_echoed() {
    // Pairs of text hold no file: none chosen is no file, not an issue.
    let attach = Attach::parse(&[("note", "n"), ("files", "a.png")]).unwrap();
    assert!(attach.files.is_empty() && attach.avatar.is_none());
    assert_eq!(attach.values().0, vec![("note".to_owned(), "n".to_owned())]);
    let rejected = Rejected::<Attach>::sent(&[("note", "n"), ("files", "a.png")]);
    assert_eq!(rejected.value("files"), None);
}

#[cfg(feature = "ssr")]
#[test]
fn u1_a_file_field_renders_type_file_accept_and_multiple() {
    use leptos::prelude::*;
    let owner = Owner::new();
    let html = owner.with(|| {
        let form = FormHandle::<Attach>::from_failures(|| None);
        let f = form.fields();
        view! {
            <FormField field=f.files />
            <FormField field=f.avatar />
        }
        .to_html()
    });
    assert!(
        html.contains(r#"type="file" name="files" accept="image/png,text/plain" multiple"#),
        "{html}"
    );
    assert!(html.contains(r#"type="file" name="avatar""#), "{html}");
    assert!(!html.contains(r#"name="avatar" accept"#), "{html}");
}

#[cfg(feature = "ssr")]
#[test]
fn u3_after_a_failure_a_file_field_asks_for_its_files_again() {
    use leptos::prelude::*;
    use std::sync::Arc;
    let render = |failed: bool| {
        Owner::new().with(|| {
            let failure = failed.then(|| {
                Arc::new(Submitted {
                    form: "attach".into(),
                    values: Values(vec![("note".into(), "kept".into())]),
                    issues: vec![("note".into(), "Say more".into())],
                    ..Submitted::default()
                })
            });
            let form = FormHandle::<Attach>::from_failures(move || failure.clone());
            let f = form.fields();
            view! {
                <FormField field=f.files />
                <FormField field=f.avatar />
            }
            .to_html()
        })
    };
    let html = render(true);
    assert!(
        html.contains(r#"<p id="attach-files-again" class="hint">Choose the files again"#),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-describedby="attach-files-again""#),
        "{html}"
    );
    // Only where it is declared, and only after a failure.
    assert_eq!(html.matches("-again").count(), 2, "{html}");
    let html = render(false);
    assert!(!html.contains("Choose the files again"), "{html}");
    assert!(!html.contains("aria-describedby"), "{html}");
}
