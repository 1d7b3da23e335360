//! The field kinds of spec F3: the types a field can hold, and what each sends,
//! shows and accepts.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::{borrow::Cow, fmt, str::FromStr};

use super::{ChoiceItem, FieldSpec, Issues, Kind, Rules, Source, Upload, Values, Widget};
use crate::i18n::{KitText, Msg};

/// Text: trimmed, since spaces around a value are never what the person meant.
impl FieldValue for String {
    const KIND: Kind = Kind::TEXT;

    fn parse(raw: &str) -> Result<Self, Msg> {
        Ok(raw.trim().to_owned())
    }

    fn echo(&self, out: &mut Vec<String>) {
        out.push(self.clone());
    }
}
impl Echo for String {}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl FieldValue for $t {
            const KIND: Kind = Kind::input("number");

            fn parse(raw: &str) -> Result<Self, Msg> {
                raw.trim().parse().map_err(|_| Msg::Kit(KitText::EnterWholeNumber))
            }

            fn echo(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }

            fn number(&self) -> Option<f64> {
                Some(*self as f64)
            }
        }
        impl Echo for $t {}
    )*};
}
whole_numbers!(i8, i16, i32, i64, u8, u16, u32, u64);

/// A decimal number; the browser is told any step is fine (`step="any"`).
impl FieldValue for f64 {
    const KIND: Kind = Kind::input("number").with_rules(Rules {
        step: Some("any"),
        ..Rules::NONE
    });

    fn parse(raw: &str) -> Result<Self, Msg> {
        match raw.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err(Msg::Kit(KitText::EnterNumber)),
        }
    }

    fn echo(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }

    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}
impl Echo for f64 {}

/// A checkbox: checked sends a value (`true`, or the browser's `on` for a box
/// without a value), unchecked sends nothing, which is `false`. `false` and `off`
/// are read as `false` too (a button that sends the state it asks for); any other
/// value is the field's issue, not a guess.
impl FieldValue for bool {
    const KIND: Kind = Kind {
        input: "checkbox",
        widget: Widget::Checkbox,
        ..Kind::TEXT
    };

    fn parse(raw: &str) -> Result<Self, Msg> {
        match raw.trim() {
            "true" | "on" => Ok(true),
            "false" | "off" => Ok(false),
            _ => Err(Msg::Kit(KitText::TrueOrFalse)),
        }
    }

    fn echo(&self, out: &mut Vec<String>) {
        if *self {
            out.push("true".into());
        }
    }

    fn parse_many(values: &[&str], spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        let checked = match values.first() {
            Some(raw) => {
                Self::parse(raw).map_err(|own| spec.rules.invalid.unwrap_or(own).text())?
            }
            None => false,
        };
        match spec.rules.required {
            // A box that must be ticked ("I accept the terms").
            Some(message) if !checked => Err(message.text()),
            _ => Ok(checked),
        }
    }
}
impl Echo for bool {}

/// Empty (or not sent) is `None`; anything else must be a `T`.
impl<T: FieldValue> FieldValue for Option<T> {
    const KIND: Kind = Kind {
        optional: true,
        ..T::KIND
    };

    fn parse(raw: &str) -> Result<Self, Msg> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            T::parse(raw).map(Some)
        }
    }

    fn echo(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.echo(out);
        }
    }

    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(T::number)
    }

    fn parse_many(values: &[&str], spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        match values.first() {
            Some(raw) if !raw.trim().is_empty() => parse_one::<T>(raw, spec).map(Some),
            _ => Ok(None),
        }
    }

    /// No file chosen is `None`.
    fn from_files(files: Vec<Upload>, spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        if files.is_empty() {
            Ok(None)
        } else {
            T::from_files(files, spec).map(Some)
        }
    }
}
impl<T: Echo> Echo for Option<T> {}

/// Every value sent under the name: repeated checkboxes, a multi-select.
impl<T: FieldValue> FieldValue for Vec<T> {
    const KIND: Kind = Kind {
        multiple: true,
        widget: match T::KIND.widget {
            Widget::Select | Widget::Radios => Widget::Checkboxes,
            other => other,
        },
        ..T::KIND
    };

    fn parse(raw: &str) -> Result<Self, Msg> {
        T::parse(raw).map(|v| vec![v])
    }

    fn echo(&self, out: &mut Vec<String>) {
        for value in self {
            value.echo(out);
        }
    }

    fn parse_many(values: &[&str], spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        if values.is_empty() {
            if let Some(message) = spec.rules.required {
                return Err(message.text());
            }
        }
        values.iter().map(|v| parse_one::<T>(v, spec)).collect()
    }

    /// Several files (`multiple`); none is an issue only when `required`.
    fn from_files(files: Vec<Upload>, spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        if files.is_empty() {
            if let Some(message) = spec.rules.required {
                return Err(message.text());
            }
        }
        files
            .into_iter()
            .map(|file| T::from_files(vec![file], spec))
            .collect()
    }
}
impl<T: Echo> Echo for Vec<T> {}

/// A calendar date, sent by `<input type="date">` as `YYYY-MM-DD`, and in JSON
/// the same way. Only real dates convert: `2026-02-30` is an issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// The date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// The `time` crate's date, for arithmetic.
    pub fn get(self) -> time::Date {
        self.0
    }
}

impl From<time::Date> for Date {
    fn from(date: time::Date) -> Self {
        Self(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl FromStr for Date {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const INVALID: &str = "Enter a real date";
        let mut parts = s.trim().splitn(3, '-');
        let mut next = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<i32>().ok())
                .ok_or(INVALID)
        };
        let (year, month, day) = (next(4)?, next(2)?, next(2)?);
        Date::new(year, month as u8, day as u8).ok_or(INVALID)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl FieldValue for Date {
    const KIND: Kind = Kind::input("date");

    fn parse(raw: &str) -> Result<Self, Msg> {
        raw.parse().map_err(|_| Msg::Kit(KitText::EnterRealDate))
    }

    fn echo(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
}
impl Echo for Date {}

/// A value that is never shown again (spec F4): not sent back into its field,
/// not in the page's data or a JSON result (typed forms leave it out of what they
/// echo; its `Serialize` exists only to send it *to* the server as a server
/// function's argument), not in a log line (`Debug` prints `Secret(***)`). Read
/// it with [`Secret::expose`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

/// Only so that a server function's arguments can carry a secret to the server:
/// they derive `Serialize`, and `<ActionForm>` encodes them in the browser before
/// posting them. Nothing the server answers holds one: a typed form's failure
/// and its echoed values leave secrets out, and `FormError` data never should
/// hold one.
impl<T: serde::Serialize> serde::Serialize for Secret<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// As the value itself (a server function's argument, from the form's field).
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Secret<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value, for the one place that needs it (hashing a password).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A password field: kept exactly as typed (not trimmed), and dropped from what
/// the page shows.
impl FieldValue for Secret<String> {
    const KIND: Kind = Kind {
        secret: true,
        input: "password",
        ..Kind::TEXT
    };

    fn parse(raw: &str) -> Result<Self, Msg> {
        Ok(Secret(raw.to_owned()))
    }

    fn echo(&self, _: &mut Vec<String>) {}
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
    fn parse(raw: &str) -> Result<Self, Msg>;

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

    /// Converts the files sent in a file field (spec U1): only [`Upload`],
    /// and an `Option` or a `Vec` of it, are file fields.
    #[doc(hidden)]
    fn from_files(files: Vec<Upload>, spec: &FieldSpec) -> Result<Self, Cow<'static, str>> {
        let _ = (files, spec);
        Err(Msg::Kit(KitText::TakesNoFile).text())
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
    /// What the person reads for this choice, in the current language.
    fn label(&self) -> Cow<'static, str> {
        let value = self.value();
        Self::CHOICES
            .iter()
            .find(|c| c.value == value)
            .map_or(Cow::Borrowed(value), |c| c.label.text())
    }
}

/// One value through the rules of `spec`, then the type's conversion.
fn parse_one<T: FieldValue>(raw: &str, spec: &FieldSpec) -> Result<T, Cow<'static, str>> {
    let rules = &spec.rules;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        if let Some(message) = rules.required {
            return Err(message.text());
        }
    }
    // A secret counts as typed: spaces in a password are part of it.
    let chars = if spec.secret { raw } else { trimmed }.chars().count();
    if let Some((min, message)) = rules.min_length {
        if chars < min as usize && !(trimmed.is_empty() && spec.optional) {
            return Err(message.text());
        }
    }
    if let Some((max, message)) = rules.max_length {
        if chars > max as usize {
            return Err(message.text());
        }
    }
    let value = T::parse(raw).map_err(|own| rules.invalid.unwrap_or(own).text())?;
    if let Some(n) = value.number() {
        let below = rules.min.is_some_and(|(min, _)| n < min);
        let above = rules.max.is_some_and(|(max, _)| n > max);
        if below || above {
            return Err(rules
                .out_of_range
                .or(rules.invalid)
                .unwrap_or(Msg::Kit(KitText::OutOfRange))
                .text());
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
    if spec.widget == Widget::File {
        // The reader of the body checked each file's size, type and count,
        // and kept the first issue (spec U3).
        let parsed = source
            .files_of(spec.name)
            .map_err(Cow::Owned)
            .and_then(|files| T::from_files(files, spec));
        return match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                issues.add(spec.name, message);
                None
            }
        };
    }
    let values = source.values_of(spec.name);
    if values.len() > 1 && !spec.multiple {
        // A client error (spec B1) that the form can show like any other.
        issues.add(spec.name, KitText::SentTwice.text());
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
