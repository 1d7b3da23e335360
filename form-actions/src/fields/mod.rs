//! Typed forms (spec F2–F7): one Rust struct declares a form, and the rest comes
//! from it.
//!
//! ```
//! use leptos_form_actions::fields::{Choice, Form};
//!
//! #[derive(Clone, Copy, Debug, PartialEq, Choice)]
//! enum Size { Small, Large }
//!
//! #[derive(Debug, Form)]
//! #[form(name = "order")]
//! struct Order {
//!     #[field(label = "Name", required = "Name is required", max_length = 50,
//!             too_long = "Name must be at most 50 characters")]
//!     name: String,
//!     #[field(label = "Quantity", min = 1, max = 9, out_of_range = "Order 1 to 9")]
//!     quantity: u8,
//!     #[field(label = "Size")]
//!     size: Size,
//!     #[field(label = "Gift wrap")]
//!     gift: bool,
//! }
//!
//! let sent = [("name", "Tea"), ("quantity", "12"), ("size", "large")];
//! let rejected = Order::parse(&sent).unwrap_err();
//! assert_eq!(rejected.issue_of("quantity"), Some("Order 1 to 9"));
//! assert_eq!(rejected.value("name"), Some("Tea")); // what was sent stays
//!
//! let sent = [("name", "Tea"), ("quantity", "2"), ("size", "large"), ("gift", "true")];
//! let order = Order::parse(&sent).unwrap();
//! assert_eq!((order.quantity, order.size, order.gift), (2, Size::Large, true));
//! ```
//!
//! What the derive gives, from the struct alone:
//! - **names checked by the compiler**: `Order::names().quantity` is a
//!   [`Field<u8>`]; a misspelled field is a compile error, in a view and in an
//!   action;
//! - **parsing** ([`Form::parse`]) into the struct, or into a [`Rejected`] that
//!   keeps what was sent (never a [`Secret`]) and says what is wrong with each field;
//! - **the markup** ([`FormField`], [`ErrorSummary`]): label, id, the value sent
//!   back, `aria-invalid`, `aria-describedby`, the message with `role="alert"`, and
//!   the HTML constraints (`required`, `maxlength`, `min`, …) of the same rules,
//!   so the browser checks first, with or without JavaScript;
//! - **identity per instance** ([`FormHandle::key`]): one form per row of a list,
//!   each with its own ids, values and issues.
//!
//! The compiler checks what other systems check at run time (spec F2, F4). With
//!
//! ```
//! use leptos_form_actions::fields::{Form, Secret};
//!
//! #[derive(Debug, Form)]
//! struct Login {
//!     #[field(label = "Email")]
//!     email: String,
//!     #[field(label = "Password")]
//!     password: Secret<String>,
//! }
//!
//! let f = Login::names();
//! assert_eq!((f.email.name(), f.password.name()), ("email", "password"));
//! let _shown_again: Option<String> = f.email.value();
//! ```
//!
//! a misspelled field is a compile error (no field `emial`), in a view as in an
//! action:
//!
//! ```compile_fail,E0609
//! # use leptos_form_actions::fields::{Form, Secret};
//! # #[derive(Debug, Form)]
//! # struct Login {
//! #     #[field(label = "Email")]
//! #     email: String,
//! #     #[field(label = "Password")]
//! #     password: Secret<String>,
//! # }
//! let f = Login::names();
//! let _ = f.emial.name();
//! ```
//!
//! and so is showing a secret back in its field (a `Secret` is not [`Echo`], so
//! [`Field::value`] does not exist for it):
//!
//! ```compile_fail,E0599
//! # use leptos_form_actions::fields::{Form, Secret};
//! # #[derive(Debug, Form)]
//! # struct Login {
//! #     #[field(label = "Email")]
//! #     email: String,
//! #     #[field(label = "Password")]
//! #     password: Secret<String>,
//! # }
//! let f = Login::names();
//! let _shown_again: Option<String> = f.password.value();
//! ```
//!
//! Runs on both sides: the server parses and renders, the browser renders the
//! forms of islands. Nothing here depends on the server half or the browser half.

mod values;
mod view;

use serde::{Deserialize, Serialize};
use std::{borrow::Cow, fmt, marker::PhantomData};

pub use leptos_form_actions_derive::{Choice, Form};
pub use values::{Date, Secret};
pub use view::{ErrorSummary, FormField, FormHandle, FormMessage, FormView};

/// A form declared as a struct with `#[derive(Form)]`; the derive writes every
/// item here. See the module's example, and the crate's README for the
/// attributes.
pub trait Form: Sized {
    /// A struct with one [`Field`] per field, named as the struct's fields.
    type Fields: Copy;
    /// The form's name: the prefix of its element ids, and how a page's result
    /// is matched to the form it came from.
    const NAME: &'static str;
    /// The status of a failure to parse (422 unless `#[form(status = …)]`).
    const STATUS: u16;
    /// The field whose value tells instances of the form apart (`#[form(key = …)]`).
    const KEY: Option<&'static str>;
    /// Whether a failure shows an error summary, which then takes focus
    /// (`#[form(summary)]`).
    const SUMMARY: bool;

    /// How each field is named, labelled, shown and checked, in order.
    fn specs() -> &'static [FieldSpec];

    /// The fields, for a view of the form.
    fn fields(view: FormView) -> Self::Fields;

    /// The typed value, or every field's issue.
    fn parse_from(source: &dyn Source) -> Result<Self, Issues>;

    /// The value as form fields (secrets left out): what a form shows to edit it.
    fn values(&self) -> Values;

    /// The fields without a view: their names, for an action (`issue(…)`).
    fn names() -> Self::Fields {
        Self::fields(FormView::DETACHED)
    }

    /// Parses what was sent. A failure keeps the values sent (except secrets),
    /// with each field's issue, and has the form's status.
    fn parse(source: &dyn Source) -> Result<Self, Rejected<Self>> {
        Self::parse_from(source).map_err(|issues| {
            let mut rejected = Rejected::<Self>::sent(source);
            rejected.data.issues = issues.0;
            rejected
        })
    }
}

/// Where fields are read from: a form body, pairs, a JSON object turned into pairs.
pub trait Source {
    /// Every value sent under `name`, in order.
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str>;
}

impl<K: AsRef<str>, V: AsRef<str>> Source for [(K, V)] {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.iter()
            .filter(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
            .collect()
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Source for [(K, V); N] {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.as_slice().values_of(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Source for Vec<(K, V)> {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.as_slice().values_of(name)
    }
}

impl Source for Values {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.0.values_of(name)
    }
}

/// A form's values as fields: name and text, in order, a name repeated for a list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Values(pub Vec<(String, String)>);

impl Values {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Replaces every value of `name` with `values`.
    pub fn set<S: Into<String>>(&mut self, name: &str, values: impl IntoIterator<Item = S>) {
        self.0.retain(|(k, _)| k != name);
        self.0
            .extend(values.into_iter().map(|v| (name.to_owned(), v.into())));
    }
}

impl Values {
    /// The fields of a JSON object, as a form would send them (spec J1), so an API
    /// reads its bodies with the same type and rules as the form. Each field takes
    /// the JSON type its input sends (spec B1): a number field (`input` `number`
    /// or `range`) a number, a checkbox `true` or `false`, any other field (text,
    /// email, date, a choice, a hidden text) a string, and a list field an array
    /// of those. `null` is not sent. A value of another JSON type is that field's
    /// issue ("The field `title` must be text"), never converted. The text of a
    /// number then goes through the field's own parse, so `2.5` for a whole
    /// number is the field's own issue. Keys that are not fields of `F` are
    /// ignored.
    pub fn from_json<F: Form>(
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, Issues> {
        Self::default().merge_json::<F>(object)
    }

    /// These values with the fields present in `object` replaced (a JSON
    /// `PATCH` over a record's current values): see [`Values::from_json`].
    pub fn merge_json<F: Form>(
        mut self,
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, Issues> {
        use serde_json::Value;
        let mut issues = Issues::default();
        for spec in F::specs() {
            let Some(value) = object.get(spec.name) else {
                continue;
            };
            let name = spec.name;
            let json = JsonType::of(spec);
            let sent: Result<Vec<String>, String> = match value {
                Value::Null => Ok(Vec::new()),
                Value::Array(items) if spec.multiple => items
                    .iter()
                    .map(|item| json.text(item))
                    .collect::<Option<_>>()
                    .ok_or_else(|| {
                        format!("The field `{name}` must be a list of {}", json.plural())
                    }),
                _ if spec.multiple => Err(format!("The field `{name}` must be a list")),
                // An unticked checkbox sends nothing.
                Value::Bool(false) if spec.widget == Widget::Checkbox => Ok(Vec::new()),
                value => json
                    .text(value)
                    .map(|text| vec![text])
                    .ok_or_else(|| format!("The field `{name}` must be {}", json.singular())),
            };
            match sent {
                Ok(sent) => self.set(name, sent),
                Err(message) => issues.add(name, message),
            }
        }
        if issues.is_empty() {
            Ok(self)
        } else {
            Err(issues)
        }
    }
}

/// The JSON type a field takes: the one its input sends (spec B1).
#[derive(Clone, Copy)]
enum JsonType {
    Text,
    Number,
    Bool,
}

impl JsonType {
    fn of(spec: &FieldSpec) -> Self {
        match (spec.widget, spec.input) {
            (Widget::Checkbox, _) | (_, "checkbox") => Self::Bool,
            (_, "number" | "range") => Self::Number,
            _ => Self::Text,
        }
    }

    /// The field's text for `value`, if it is of this type.
    fn text(self, value: &serde_json::Value) -> Option<String> {
        use serde_json::Value;
        match (self, value) {
            (Self::Text, Value::String(s)) => Some(s.clone()),
            (Self::Number, Value::Number(n)) => Some(n.to_string()),
            (Self::Bool, Value::Bool(b)) => Some(b.to_string()),
            _ => None,
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "a number",
            Self::Bool => "true or false",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "numbers",
            Self::Bool => "true or false",
        }
    }
}

/// What is wrong with each field, in the order of the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Issues(pub Vec<(String, String)>);

impl Issues {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The issue of the field named `name`.
    pub fn of(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, m)| m.as_str())
    }

    fn add(&mut self, name: &str, message: impl Into<String>) {
        self.0.push((name.to_owned(), message.into()));
    }
}

/// A submission that was refused, as the page shows it: the `form` value of a
/// failure (spec F2). It carries what was sent, never a secret, and the issues.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Submitted {
    /// The form's [`Form::NAME`].
    pub form: String,
    /// The instance's key, for a form with [`Form::KEY`].
    pub key: Option<String>,
    /// What was sent, secrets left out.
    pub values: Values,
    /// Each field's issue, in the order of the form.
    pub issues: Vec<(String, String)>,
    /// A message about the whole form ("Invalid email or password").
    pub message: Option<String>,
}

/// A refused submission of the form `F`, on its way to the page: made by
/// [`Form::parse`], or by an action after its own checks ([`Rejected::sent`],
/// [`Rejected::issue`], [`Rejected::message`]).
pub struct Rejected<F> {
    pub(crate) status: u16,
    // Boxed: a `Result<_, Rejected<F>>` stays one pointer wide on the error side.
    pub(crate) data: Box<Submitted>,
    form: PhantomData<fn() -> F>,
}

impl<F: Form> Rejected<F> {
    /// What was sent in `source` for the fields of `F` (secrets left out), with
    /// no issue yet and the form's status.
    pub fn sent(source: &dyn Source) -> Self {
        let mut values = Values::default();
        for spec in F::specs().iter().filter(|s| !s.secret) {
            for value in source.values_of(spec.name) {
                values.0.push((spec.name.to_owned(), value.to_owned()));
            }
        }
        let key = F::KEY.and_then(|k| values.get(k).map(str::to_owned));
        Self {
            status: F::STATUS,
            data: Box::new(Submitted {
                form: F::NAME.to_owned(),
                key,
                values,
                issues: Vec::new(),
                message: None,
            }),
            form: PhantomData,
        }
    }

    /// Adds an issue to a field (named through [`Form::names`]).
    pub fn issue<T>(mut self, field: Field<T>, message: impl Into<String>) -> Self {
        self.data
            .issues
            .push((field.name().to_owned(), message.into()));
        self
    }

    /// Sets the message about the whole form.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.data.message = Some(message.into());
        self
    }

    /// Answers with another status (400..=599).
    pub fn status(mut self, status: u16) -> Self {
        if (400..=599).contains(&status) {
            self.status = status;
        }
        self
    }

    /// The issue of the field named `name`.
    pub fn issue_of(&self, name: &str) -> Option<&str> {
        self.data
            .issues
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, m)| m.as_str())
    }

    /// The first value sent for `name` and kept.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.data.values.get(name)
    }

    /// What the page will show.
    pub fn submitted(&self) -> &Submitted {
        &self.data
    }

    /// The status it will answer with.
    pub fn status_code(&self) -> u16 {
        self.status
    }
}

impl<F> fmt::Debug for Rejected<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejected")
            .field("status", &self.status)
            .field("data", &self.data)
            .finish()
    }
}

/// How a field is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widget {
    /// An `<input>` of the field's type.
    Input,
    /// An `<input type="checkbox">` (a `bool`).
    Checkbox,
    /// A `<textarea>` (`#[field(textarea)]`).
    TextArea,
    /// A `<select>` of the choices.
    Select,
    /// A group of radio buttons (`#[field(radio)]`).
    Radios,
    /// A group of checkboxes (a list of choices).
    Checkboxes,
    /// An `<input type="hidden">` (`#[field(hidden)]`), with no label.
    Hidden,
}

/// One choice of a select or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChoiceItem {
    /// What the form sends.
    pub value: &'static str,
    /// What the person reads.
    pub label: &'static str,
}

/// The rules of a field, each with its message. Each rule is checked on the
/// server and, where HTML has one, written as its constraint attribute (F6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// `required`: empty (or only spaces) is this issue.
    pub required: Option<&'static str>,
    /// `minlength`, in characters, after trimming.
    pub min_length: Option<(u32, &'static str)>,
    /// `maxlength`, in characters, after trimming.
    pub max_length: Option<(u32, &'static str)>,
    /// `min` of a number: its value, and its text as written, which the
    /// attribute shows (formatting an `f64` would put Rust's float printing
    /// into the browser's wasm, about 10 KB).
    pub min: Option<(f64, &'static str)>,
    /// `max` of a number, as `min`.
    pub max: Option<(f64, &'static str)>,
    /// `step` of a number (`"any"`, `"0.01"`).
    pub step: Option<&'static str>,
    /// The issue of a number outside `min`..=`max`.
    pub out_of_range: Option<&'static str>,
    /// The issue of a value that does not convert, instead of the type's own.
    pub invalid: Option<&'static str>,
}

impl Rules {
    /// No rules.
    pub const NONE: Rules = Rules {
        required: None,
        min_length: None,
        max_length: None,
        min: None,
        max: None,
        step: None,
        out_of_range: None,
        invalid: None,
    };

    /// These rules, with `base`'s where these have none.
    pub const fn or(self, base: Rules) -> Rules {
        macro_rules! pick {
            ($f:ident) => {
                match self.$f {
                    Some(v) => Some(v),
                    None => base.$f,
                }
            };
        }
        Rules {
            required: pick!(required),
            min_length: pick!(min_length),
            max_length: pick!(max_length),
            min: pick!(min),
            max: pick!(max),
            step: pick!(step),
            out_of_range: pick!(out_of_range),
            invalid: pick!(invalid),
        }
    }
}

/// What a value type says about its fields: how they are shown and checked
/// unless the field's attributes say otherwise.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// The `type` of its `<input>`.
    pub input: &'static str,
    pub widget: Widget,
    /// Never sent back to the browser, logged or shown ([`Secret`]).
    pub secret: bool,
    /// Several values (a list).
    pub multiple: bool,
    /// Empty is `None`, not an issue.
    pub optional: bool,
    /// The choices of a select or group.
    pub choices: &'static [ChoiceItem],
    /// The type's own rules (a domain type's length, say).
    pub rules: Rules,
}

impl Kind {
    /// A one-line text.
    pub const TEXT: Kind = Kind {
        input: "text",
        widget: Widget::Input,
        secret: false,
        multiple: false,
        optional: false,
        choices: &[],
        rules: Rules::NONE,
    };

    /// The issue of a choice that is not one of the list.
    pub const CHOOSE: &'static str = "Choose one of the options";

    /// A text field of another input type (`"email"`, `"number"`, `"date"`).
    pub const fn input(input: &'static str) -> Kind {
        Kind {
            input,
            ..Kind::TEXT
        }
    }

    /// One of `choices`, as a select.
    pub const fn choice(choices: &'static [ChoiceItem]) -> Kind {
        Kind {
            widget: Widget::Select,
            choices,
            ..Kind::TEXT
        }
    }

    /// The same kind with these rules added (a domain type's own rules).
    pub const fn with_rules(self, rules: Rules) -> Kind {
        Kind {
            rules: rules.or(self.rules),
            ..self
        }
    }
}

/// What a field's attributes declare (written by the derive).
#[derive(Clone, Copy, Debug)]
pub struct Declared {
    pub widget: Option<Widget>,
    pub input: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    pub hint: Option<&'static str>,
    pub rules: Rules,
}

/// A field of a form: its name, label, how it is shown and its rules, from its
/// type's [`Kind`] and its attributes.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The name it is sent under.
    pub name: &'static str,
    pub label: &'static str,
    pub widget: Widget,
    pub input: &'static str,
    pub autocomplete: Option<&'static str>,
    /// A help text shown under the label and named by `aria-describedby`.
    pub hint: Option<&'static str>,
    pub secret: bool,
    pub multiple: bool,
    pub optional: bool,
    pub choices: &'static [ChoiceItem],
    pub rules: Rules,
}

impl FieldSpec {
    /// A type's kind with a field's declarations (the derive's constructor).
    pub const fn of(kind: Kind, name: &'static str, label: &'static str, d: Declared) -> Self {
        let widget = match d.widget {
            Some(widget) => widget,
            None => kind.widget,
        };
        let input = match d.input {
            Some(input) => input,
            None => kind.input,
        };
        FieldSpec {
            name,
            label,
            widget,
            input,
            autocomplete: d.autocomplete,
            hint: d.hint,
            secret: kind.secret,
            multiple: kind.multiple,
            optional: kind.optional,
            choices: kind.choices,
            rules: d.rules.or(kind.rules),
        }
    }
}

/// A type a field can hold (spec F3). Implemented for text (`String`), numbers,
/// `bool` (a checkbox), [`Date`], [`Secret`], `Option<T>` (empty is `None`),
/// `Vec<T>` (repeated checkboxes, a multi-select) and every `#[derive(Choice)]`
/// enum; a domain type implements it to be a field with its own rules.
pub trait FieldValue: Sized {
    /// How its fields are shown and checked by default.
    const KIND: Kind;

    /// Converts one value as sent (already checked against the rules of text);
    /// the error is the issue shown unless the field names its own (`invalid`).
    fn parse(raw: &str) -> Result<Self, &'static str>;

    /// The value as the texts a form sends for it.
    fn echo(&self, out: &mut Vec<String>);

    /// The value as a number, for `min` and `max`.
    fn number(&self) -> Option<f64> {
        None
    }

    /// Converts every value sent under the field's name (a list overrides this).
    /// `None` is "not sent"; the default takes the one value.
    #[doc(hidden)]
    fn parse_many(values: &[&str], spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        parse_one(values.first().copied().unwrap_or(""), spec)
    }
}

/// A value that may be shown back in its field: every field value but a
/// [`Secret`]. [`Field::value`] needs it, so echoing a secret does not compile.
pub trait Echo {}

/// An enum whose unit variants are the choices of a field (`#[derive(Choice)]`).
pub trait Choice: Sized + 'static {
    const CHOICES: &'static [ChoiceItem];
    /// What the form sends for this choice.
    fn value(&self) -> &'static str;
    /// The choice a form sent.
    fn from_value(value: &str) -> Option<Self>;
    /// What the person reads for this choice.
    fn label(&self) -> &'static str {
        let value = self.value();
        Self::CHOICES
            .iter()
            .find(|c| c.value == value)
            .map_or(value, |c| c.label)
    }
}

/// One value through the rules of `spec`, then the type's conversion.
fn parse_one<T: FieldValue>(raw: &str, spec: &FieldSpec) -> Result<T, Cow<'static, str>> {
    let rules = &spec.rules;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        if let Some(message) = rules.required {
            return Err(message.into());
        }
    }
    // A secret counts as typed: spaces in a password are part of it.
    let chars = if spec.secret { raw } else { trimmed }.chars().count();
    if let Some((min, message)) = rules.min_length {
        if chars < min as usize && !(trimmed.is_empty() && spec.optional) {
            return Err(message.into());
        }
    }
    if let Some((max, message)) = rules.max_length {
        if chars > max as usize {
            return Err(message.into());
        }
    }
    let value = T::parse(raw).map_err(|own| rules.invalid.unwrap_or(own))?;
    if let Some(n) = value.number() {
        let below = rules.min.is_some_and(|(min, _)| n < min);
        let above = rules.max.is_some_and(|(max, _)| n > max);
        if below || above {
            return Err(rules
                .out_of_range
                .or(rules.invalid)
                .unwrap_or("Out of range")
                .into());
        }
    }
    Ok(value)
}

/// Parses one field of a form, recording its issue (the derive's code).
#[doc(hidden)]
pub fn parse_field<T: FieldValue>(
    source: &dyn Source,
    spec: &FieldSpec,
    issues: &mut Issues,
) -> Option<T> {
    let values = source.values_of(spec.name);
    if values.len() > 1 && !spec.multiple {
        // A client error (spec B1) that the form can show like any other.
        issues.add(spec.name, "This field was sent more than once");
        return None;
    }
    match T::parse_many(&values, spec) {
        Ok(value) => Some(value),
        Err(message) => {
            issues.add(spec.name, message);
            None
        }
    }
}

/// Writes one field's value into `values` (the derive's code); a secret never is.
#[doc(hidden)]
pub fn echo_field<T: FieldValue>(value: &T, spec: &FieldSpec, values: &mut Values) {
    if spec.secret {
        return;
    }
    let mut out = Vec::new();
    value.echo(&mut out);
    values
        .0
        .extend(out.into_iter().map(|v| (spec.name.to_owned(), v)));
}

/// A field of the form `F`, of type `T`: what a view shows and an action names.
/// Made by the derive; field names are checked by the compiler (F2).
pub struct Field<T> {
    pub(crate) spec: &'static FieldSpec,
    pub(crate) view: FormView,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Field<T> {}

impl<T> Field<T> {
    /// Made by the derive.
    #[doc(hidden)]
    pub fn new(spec: &'static FieldSpec, view: FormView) -> Self {
        Self {
            spec,
            view,
            value: PhantomData,
        }
    }

    /// The name it is sent under.
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// Its declaration.
    pub fn spec(&self) -> &'static FieldSpec {
        self.spec
    }

    /// Its element id: the form's name, the instance's key, the field's name.
    pub fn id(&self) -> String {
        self.view.id_of(self.spec.name)
    }

    /// Its issue after a failed submission.
    pub fn issue(&self) -> Option<String> {
        self.view.issue_of(self.spec.name)
    }
}

impl<T: Echo> Field<T> {
    /// What the field shows: what was sent after a failure, else the form's
    /// initial value. Not for a [`Secret`], which is never shown back.
    pub fn value(&self) -> Option<String> {
        self.view.value_of(self.spec.name)
    }
}

/// A field of any type, for the components that render it.
#[derive(Clone, Copy)]
pub struct AnyField {
    pub(crate) spec: &'static FieldSpec,
    pub(crate) view: FormView,
}

impl<T> From<Field<T>> for AnyField {
    fn from(field: Field<T>) -> Self {
        Self {
            spec: field.spec,
            view: field.view,
        }
    }
}

#[cfg(test)]
mod tests;
