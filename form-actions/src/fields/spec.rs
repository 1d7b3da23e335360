//! How each field is named, labelled, shown and checked: what the derive
//! declares for a form, from each field's type and attributes (spec F3, F6).

use crate::i18n::{KitText, Msg};

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
    /// A list of rows, each a sub-form (`#[field(rows, …)]`, spec P1): shown
    /// with [`FormRows`](super::FormRows), not `FormField`.
    Rows,
    /// An `<input type="file">` (an [`Upload`](super::Upload), spec U1), with
    /// `accept`, and `multiple` for a list of files.
    File,
}

/// The limits of a file field (spec U1), declared beside its other rules:
/// `#[field(accept = "image/png,application/pdf", wrong_type = "…",
/// max_size = 5_000_000, too_large = "…", max_files = 10, too_many = "…")]`.
/// The server checks each while it reads the body (spec U2, U3): a file past
/// `max_size` is not kept past it, a type is checked from the file's first
/// bytes as well as from what the browser says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRules {
    /// The media types accepted, separated by commas (`image/png,image/*`),
    /// as the input's `accept` says them; empty: any type.
    pub accept: &'static str,
    /// The issue of a file of another type.
    pub wrong_type: Msg,
    /// The largest file, in bytes.
    pub max_size: u64,
    /// The issue of a file larger than `max_size`.
    pub too_large: Msg,
    /// The most files one submission may send in the field (1 for one file).
    pub max_files: u16,
    /// The issue of one file too many.
    pub too_many: Msg,
    /// Shown under the field while its form shows a failure (`again = …`,
    /// spec U3): no page can fill a file input in again, so the person has to
    /// choose the file again. Empty: nothing.
    pub again: Msg,
}

impl FileRules {
    /// Whether `mime` (lower-case, without parameters) is accepted.
    pub fn accepts(&self, mime: &str) -> bool {
        accepts(self.accept, mime)
    }
}

/// Whether `mime` is one of the types `accept` lists (`image/png,image/*`), as
/// a file input's `accept` says them; an empty list accepts any type. The
/// server's check and the browser's (spec U4) are this one.
pub(crate) fn accepts(accept: &str, mime: &str) -> bool {
    let mut listed = accept
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .peekable();
    if listed.peek().is_none() {
        return true;
    }
    listed.any(|a| match a.strip_suffix("/*") {
        Some(family) => mime.split('/').next() == Some(family),
        None => a.eq_ignore_ascii_case(mime),
    })
}

/// One choice of a select or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChoiceItem {
    /// What the form sends.
    pub value: &'static str,
    /// What the person reads.
    pub label: Msg,
}

/// The rules of a field, each with its message. Each rule is checked on the
/// server and, where HTML has one, written as its constraint attribute (F6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// `required`: empty (or only spaces) is this issue.
    pub required: Option<Msg>,
    /// `minlength`, in characters, after trimming.
    pub min_length: Option<(u32, Msg)>,
    /// `maxlength`, in characters, after trimming.
    pub max_length: Option<(u32, Msg)>,
    /// `min` of a number: its value, and its text as written, which the
    /// attribute shows (formatting an `f64` would put Rust's float printing
    /// into the browser's wasm, about 10 KB).
    pub min: Option<(f64, &'static str)>,
    /// `max` of a number, as `min`.
    pub max: Option<(f64, &'static str)>,
    /// `step` of a number (`"any"`, `"0.01"`).
    pub step: Option<&'static str>,
    /// The issue of a number outside `min`..=`max`.
    pub out_of_range: Option<Msg>,
    /// The issue of a value that does not convert, instead of the type's own.
    pub invalid: Option<Msg>,
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
    pub const CHOOSE: Msg = Msg::Kit(KitText::ChooseOne);

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
    pub hint: Option<Msg>,
    pub rules: Rules,
    /// The limits of a file field (spec U1).
    pub files: Option<&'static FileRules>,
}

/// A field of a form: its name, label, how it is shown and its rules, from its
/// type's [`Kind`] and its attributes.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The name it is sent under.
    pub name: &'static str,
    pub label: Msg,
    pub widget: Widget,
    pub input: &'static str,
    pub autocomplete: Option<&'static str>,
    /// A help text shown under the label and named by `aria-describedby`.
    pub hint: Option<Msg>,
    pub secret: bool,
    pub multiple: bool,
    pub optional: bool,
    pub choices: &'static [ChoiceItem],
    pub rules: Rules,
    /// The rows of a list of sub-forms (spec P1); `None` for any other field.
    pub rows: Option<&'static RowsSpec>,
    /// The limits of a file field (spec U1); `None` for any other field.
    pub files: Option<&'static FileRules>,
}

/// A list of rows (spec P1): `#[field(rows, row = "Subtask {n}", max_rows = 20,
/// too_many = "At most 20 subtasks")]` on a `Vec` of a sub-form.
#[derive(Clone, Copy, Debug)]
pub struct RowsSpec {
    /// A row's name, `{n}` its number from 1 ("Subtask {n}"): its fields'
    /// labels say `{row}` for it, and its issues start with it ("Subtask 2:
    /// Title is required").
    pub row: Msg,
    /// The most rows a submission may hold.
    pub max: u16,
    /// The issue of one row too many ("At most 20 subtasks").
    pub too_many: Msg,
    /// The sub-form's fields (its `Form::specs`).
    pub fields: fn() -> &'static [FieldSpec],
}

impl RowsSpec {
    /// The name of row `n` (from 1): "Subtask 2".
    pub fn row_name(&self, n: usize) -> String {
        self.row.text().replace("{n}", &n.to_string())
    }
}

impl FieldSpec {
    /// A list of rows (the derive's constructor, spec P1).
    pub const fn rows(name: &'static str, label: Msg, rows: &'static RowsSpec) -> Self {
        FieldSpec {
            name,
            label,
            widget: Widget::Rows,
            input: "",
            autocomplete: None,
            hint: None,
            secret: false,
            multiple: true,
            optional: false,
            choices: &[],
            rules: Rules::NONE,
            rows: Some(rows),
            files: None,
        }
    }

    /// A type's kind with a field's declarations (the derive's constructor).
    pub const fn of(kind: Kind, name: &'static str, label: Msg, d: Declared) -> Self {
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
            rows: None,
            files: d.files,
        }
    }
}
