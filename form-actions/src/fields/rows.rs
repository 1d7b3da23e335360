//! Lists of rows (spec P1): a field of a form that holds a `Vec` of sub-forms,
//! sent as `subtasks[0].title`, `subtasks[0].done`, `subtasks[1].title`, …
//!
//! Parsing reads the rows in the order of their numbers and numbers them again
//! from 0 (a row removed in the browser leaves a gap that means nothing), so
//! what a failure echoes, and the names of its issues, are those of the rows as
//! the page shows them next. Each row's issues name their row ("Subtask 2:
//! Title is required").
//!
//! Runs on both sides: the server parses, and renders the rows; the browser
//! half adds and removes rows without a request (`browser/rows.rs`), with the
//! names and marks written here.

use std::collections::BTreeSet;

use super::{FieldSpec, Form, Issues, Rejected, Source, Values};

/// The name of the button value that adds or removes a row without
/// JavaScript: `_rows=add:subtasks`, `_rows=remove:subtasks:2`. A submission
/// that carries it runs no action (spec P1).
pub const ROWS_BUTTON: &str = "_rows";

/// The row number and the rest of a name sent for the rows `rows`:
/// `subtasks[2].title` is `(2, "title")`, the row's mark `subtasks[2]` is
/// `(2, "")`. A number is written as Rust writes a `usize`: `02` and `+2` are
/// no row's (and are ignored like any name that is not the form's).
pub(crate) fn split_key<'a>(key: &'a str, rows: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(rows)?.strip_prefix('[')?;
    let end = rest.find(']')?;
    let digits = &rest[..end];
    let canonical = !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !canonical {
        return None;
    }
    let index = digits.parse().ok()?;
    match &rest[end + 1..] {
        "" => Some((index, "")),
        field => field.strip_prefix('.').map(|field| (index, field)),
    }
}

/// The numbers of the rows sent for `rows`, in order.
pub(crate) fn sent_rows(source: &dyn Source, rows: &str) -> Vec<usize> {
    let numbers: BTreeSet<usize> = source
        .names()
        .into_iter()
        .filter_map(|name| split_key(name, rows).map(|(i, _)| i))
        .collect();
    numbers.into_iter().collect()
}

/// One row of what was sent: its fields read without their prefix.
struct Row<'a> {
    source: &'a dyn Source,
    /// `subtasks[7].`
    prefix: String,
}

impl<'a> Row<'a> {
    fn new(source: &'a dyn Source, rows: &str, index: usize) -> Self {
        Row {
            source,
            prefix: format!("{rows}[{index}]."),
        }
    }
}

impl Source for Row<'_> {
    fn values_of<'b>(&'b self, name: &str) -> Vec<&'b str> {
        self.source.values_of(&format!("{}{name}", self.prefix))
    }

    fn names(&self) -> Vec<&str> {
        let prefix = self.prefix.as_str();
        self.source
            .names()
            .into_iter()
            .filter_map(|name| name.strip_prefix(prefix))
            .collect()
    }
}

/// What was sent, less one row: a remove button's submission.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct Without<'a> {
    source: &'a dyn Source,
    rows: &'a str,
    index: usize,
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
impl Without<'_> {
    fn keeps(&self, name: &str) -> bool {
        split_key(name, self.rows).is_none_or(|(i, _)| i != self.index)
    }
}

impl Source for Without<'_> {
    fn values_of<'b>(&'b self, name: &str) -> Vec<&'b str> {
        if self.keeps(name) {
            self.source.values_of(name)
        } else {
            Vec::new()
        }
    }

    fn names(&self) -> Vec<&str> {
        let mut names = self.source.names();
        names.retain(|name| self.keeps(name));
        names
    }
}

/// Parses the rows of `spec` (the derive's code): each row as the sub-form
/// `S`, in order. More rows than the most allowed is the field's issue; a
/// row's issues are named after the row as it will be shown (`subtasks[1].title`),
/// and say which row ("Subtask 2: Title is required").
#[doc(hidden)]
pub fn parse_rows<S: Form>(
    source: &dyn Source,
    spec: &FieldSpec,
    issues: &mut Issues,
) -> Option<Vec<S>> {
    let rows = spec.rows.expect("the derive parses only rows here");
    let sent = sent_rows(source, spec.name);
    let mut valid = true;
    if sent.len() > usize::from(rows.max) {
        issues.add(spec.name, rows.too_many.text());
        valid = false;
    }
    let mut parsed = Vec::with_capacity(sent.len().min(usize::from(rows.max)));
    for (at, &index) in sent.iter().take(usize::from(rows.max)).enumerate() {
        match S::parse_from(&Row::new(source, spec.name, index)) {
            Ok(row) => parsed.push(row),
            Err(row_issues) => {
                valid = false;
                let row_name = rows.row_name(at + 1);
                for (field, message) in row_issues.0 {
                    issues.add(
                        &format!("{}[{at}].{field}", spec.name),
                        format!("{row_name}: {message}"),
                    );
                }
            }
        }
    }
    valid.then_some(parsed)
}

/// Writes the rows' values into `values` (the derive's code): each row's mark
/// (`subtasks[0]`, so that a row whose fields send nothing is still one) and
/// its fields, secrets left out.
#[doc(hidden)]
pub fn echo_rows<S: Form>(rows: &[S], spec: &FieldSpec, values: &mut Values) {
    for (i, row) in rows.iter().enumerate() {
        let prefix = format!("{}[{i}]", spec.name);
        values.0.push((prefix.clone(), String::new()));
        for (name, value) in row.values().0 {
            values.0.push((format!("{prefix}.{name}"), value));
        }
    }
}

/// Writes what was sent for the fields `specs` into `values` (secrets left
/// out), each named after `prefix`; the rows of a list renumbered from 0, and
/// no more than the most it allows.
pub(crate) fn sent_values(
    source: &dyn Source,
    specs: &[FieldSpec],
    prefix: &str,
    values: &mut Values,
) {
    // A file is never sent back: no page can fill in a file input (spec U3).
    for spec in specs
        .iter()
        .filter(|s| !s.secret && s.widget != super::Widget::File)
    {
        let Some(rows) = spec.rows else {
            for value in source.values_of(spec.name) {
                values
                    .0
                    .push((format!("{prefix}{}", spec.name), value.to_owned()));
            }
            continue;
        };
        let sent = sent_rows(source, spec.name);
        for (at, index) in sent.into_iter().take(usize::from(rows.max)).enumerate() {
            let row = format!("{prefix}{}[{at}]", spec.name);
            values.0.push((row.clone(), String::new()));
            let source = Row::new(source, spec.name, index);
            sent_values(&source, (rows.fields)(), &format!("{row}."), values);
        }
    }
}

/// What a button of a list of rows asks for (spec P1): the value of its
/// [`ROWS_BUTTON`]. The server reads it; the browser half takes these
/// buttons' clicks itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub(crate) enum RowEdit {
    /// `add:subtasks`: one more row, at the end.
    Add(String),
    /// `remove:subtasks:2`: without the row sent as number 2.
    Remove(String, usize),
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
impl RowEdit {
    /// What `source` asks for, if it was sent by a rows button; a value that
    /// is not one is the client's error, said in the `Err`.
    pub(crate) fn sent(source: &dyn Source) -> Result<Option<Self>, String> {
        let sent = source.values_of(ROWS_BUTTON);
        let [value] = sent.as_slice() else {
            return match sent.len() {
                0 => Ok(None),
                _ => Err(format!("The field `{ROWS_BUTTON}` was sent more than once")),
            };
        };
        let bad = || {
            format!(
                "`{ROWS_BUTTON}` is `add:NAME` or `remove:NAME:ROW` for a list of rows, not `{value}`"
            )
        };
        let mut parts = value.split(':');
        let edit = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("add"), Some(rows), None, None) => Self::Add(rows.to_owned()),
            (Some("remove"), Some(rows), Some(index), None) => {
                let (index, _) = split_key(&format!("{rows}[{index}]"), rows).ok_or_else(bad)?;
                Self::Remove(rows.to_owned(), index)
            }
            _ => return Err(bad()),
        };
        Ok(Some(edit))
    }

    fn rows(&self) -> &str {
        match self {
            Self::Add(rows) | Self::Remove(rows, _) => rows,
        }
    }

    /// The form `F` shown again with one row more or one fewer, and every value
    /// sent kept (spec P1): a failure with no issue and status 200, or with the
    /// list's issue and the form's status when it already holds the most rows.
    /// Focus goes to the new row's first field; after a removal, to the row
    /// now in its place, else the one before, else the add button.
    pub(crate) fn apply<F: Form>(&self, source: &dyn Source) -> Result<Rejected<F>, String> {
        let name = self.rows();
        let rows = F::specs()
            .iter()
            .find_map(|s| s.rows.filter(|_| s.name == name))
            .ok_or_else(|| format!("The form has no list of rows named `{name}`"))?;
        let first_field = (rows.fields)()
            .iter()
            .find(|s| s.widget != super::Widget::Hidden)
            .map(|s| s.name);
        let focus_row = |at: usize| match first_field {
            Some(field) => format!("{name}[{at}].{field}"),
            None => name.to_owned(),
        };
        let mut rejected = match self {
            Self::Add(_) => {
                let mut rejected = Rejected::<F>::sent(source);
                let count = sent_rows(source, name).len();
                if count >= usize::from(rows.max) {
                    rejected = rejected.issue_named(name, rows.too_many.text());
                    rejected.data.focus = Some(name.to_owned());
                    return Ok(rejected);
                }
                // The new row's mark: it sends nothing yet.
                let mark = format!("{name}[{count}]");
                rejected.data.values.0.push((mark, String::new()));
                rejected.data.focus = Some(focus_row(count));
                rejected
            }
            Self::Remove(_, index) => {
                let sent = sent_rows(source, name);
                let at = sent.iter().filter(|&&i| i < *index).count();
                let left = sent.len() - usize::from(sent.contains(index));
                let rest = Without {
                    source,
                    rows: name,
                    index: *index,
                };
                let mut rejected = Rejected::<F>::sent(&rest);
                rejected.data.focus = Some(match (at < left, at) {
                    (true, _) => focus_row(at),
                    (false, 0) => name.to_owned(),
                    (false, at) => focus_row(at - 1),
                });
                rejected
            }
        };
        rejected.status = 200;
        Ok(rejected)
    }
}
