//! What was sent: a form's values as name and text pairs, from a form body or
//! a JSON object (spec B1), and where a form reads them from.

use super::{FieldSpec, Form, Issues, Widget};
use serde::{Deserialize, Serialize};

/// Where fields are read from: a form body, pairs, a JSON object turned into pairs.
pub trait Source {
    /// Every value sent under `name`, in order.
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str>;

    /// Every name sent, in order (a name sent twice is listed twice): how the
    /// rows of a list are found (`subtasks[0].title`, spec P1).
    fn names(&self) -> Vec<&str>;

    /// The files sent under `name` (a file field, spec U1), or the issue the
    /// reader of the body found with them (too large, of a type not
    /// accepted, one too many). Pairs of text hold none.
    fn files_of(&self, name: &str) -> Result<Vec<super::Upload>, String> {
        let _ = name;
        Ok(Vec::new())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Source for [(K, V)] {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.iter()
            .filter(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
            .collect()
    }

    fn names(&self) -> Vec<&str> {
        self.iter().map(|(k, _)| k.as_ref()).collect()
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Source for [(K, V); N] {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.as_slice().values_of(name)
    }

    fn names(&self) -> Vec<&str> {
        self.as_slice().names()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Source for Vec<(K, V)> {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.as_slice().values_of(name)
    }

    fn names(&self) -> Vec<&str> {
        self.as_slice().names()
    }
}

impl Source for Values {
    fn values_of<'a>(&'a self, name: &str) -> Vec<&'a str> {
        self.0.values_of(name)
    }

    fn names(&self) -> Vec<&str> {
        self.0.names()
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
    /// `PATCH` over a record's current values): see [`Values::from_json`]. A
    /// list of rows (spec P1) is an array of objects, one per row, each read as
    /// its sub-form; it replaces every row.
    pub fn merge_json<F: Form>(
        self,
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, Issues> {
        let mut issues = Issues::default();
        let values = self.merge(F::specs(), "", object, &mut issues);
        if issues.is_empty() {
            Ok(values)
        } else {
            Err(issues)
        }
    }

    /// `object`'s fields of `specs` over these values, each named after
    /// `prefix` (`subtasks[0].` in a row).
    fn merge(
        mut self,
        specs: &[FieldSpec],
        prefix: &str,
        object: &serde_json::Map<String, serde_json::Value>,
        issues: &mut Issues,
    ) -> Self {
        use serde_json::Value;
        for spec in specs {
            let Some(value) = object.get(spec.name) else {
                continue;
            };
            let name = format!("{prefix}{}", spec.name);
            if let Some(rows) = spec.rows {
                let items = match value {
                    Value::Null => &Vec::new(),
                    Value::Array(items) => items,
                    _ => {
                        issues.add(&name, format!("The field `{name}` must be a list"));
                        continue;
                    }
                };
                self.0
                    .retain(|(k, _)| super::rows::split_key(k, &name).is_none());
                for (i, item) in items.iter().enumerate() {
                    let Value::Object(row) = item else {
                        issues.add(
                            &name,
                            format!("The field `{name}` must be a list of objects"),
                        );
                        break;
                    };
                    // The row's mark: a row that sends nothing is still a row.
                    let row_name = format!("{name}[{i}]");
                    self.0.push((row_name.clone(), String::new()));
                    self = self.merge((rows.fields)(), &format!("{row_name}."), row, issues);
                }
                continue;
            }
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
                Ok(sent) => self.set(&name, sent),
                Err(message) => issues.add(&name, message),
            }
        }
        self
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
