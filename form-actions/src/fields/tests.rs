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
    assert_eq!(rejected.issue_of("tag"), Some(Kind::CHOOSE));
    assert_eq!(rejected.issue_of("tags"), Some(Kind::CHOOSE));
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
