//! What is wrong with a submission: each field's issue, and a refused
//! submission with what was sent (never a secret), as a page shows it (spec F2).

use serde::{Deserialize, Serialize};
use std::{fmt, marker::PhantomData};

use super::{Field, Form, Source, Values};

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

    pub(super) fn add(&mut self, name: &str, message: impl Into<String>) {
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
    /// The field that takes focus when the page shows it, if not the first
    /// with an issue: the new row's first field after a row is added without
    /// JavaScript (spec P1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

/// A refused submission of the form `F`, on its way to the page: made by
/// [`Form::parse`], or by an action after its own checks ([`Rejected::of`],
/// [`Rejected::sent`], [`Rejected::issue`], [`Rejected::message`]); `?` makes
/// it the action's [`Stop`](crate::Stop).
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
        super::rows::sent_values(source, F::specs(), "", &mut values);
        let key = F::KEY.and_then(|k| values.get(k).map(str::to_owned));
        Self {
            status: F::STATUS,
            data: Box::new(Submitted {
                form: F::NAME.to_owned(),
                key,
                values,
                issues: Vec::new(),
                message: None,
                focus: None,
            }),
            form: PhantomData,
        }
    }

    /// The parsed form `form`, refused by an action's own checks: it shows what
    /// `form` holds (secrets left out), with no issue yet and the form's status.
    ///
    /// ```
    /// use leptos_form_actions::fields::{Form, Rejected};
    ///
    /// #[derive(Debug, Form)]
    /// struct Note {
    ///     #[field(label = "Text")]
    ///     text: String,
    /// }
    ///
    /// let note = Note::parse(&[("text", "see http://example.com")]).unwrap();
    /// let rejected = Rejected::of(&note).issue(Note::names().text, "No links, please");
    /// assert_eq!(rejected.issue_of("text"), Some("No links, please"));
    /// assert_eq!(rejected.value("text"), Some("see http://example.com"));
    /// assert_eq!(rejected.status_code(), 422);
    /// ```
    pub fn of(form: &F) -> Self {
        Self::sent(&form.values())
    }

    /// Adds an issue to a field (named through [`Form::names`]; a row's
    /// through `names().subtasks.row(0)`).
    pub fn issue<T>(mut self, field: Field<T>, message: impl Into<String>) -> Self {
        self.data
            .issues
            .push((field.full_name().into_owned(), message.into()));
        self
    }

    /// Adds an issue to the field named `name` (a row's: `subtasks[0].title`).
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    pub(crate) fn issue_named(mut self, name: &str, message: impl Into<String>) -> Self {
        self.data.issues.push((name.to_owned(), message.into()));
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
