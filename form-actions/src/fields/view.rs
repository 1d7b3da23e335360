//! The markup of typed forms (spec F5–F7): [`FormField`] for one field,
//! [`ErrorSummary`] and [`FormMessage`] for the form.
//!
//! Runs on both sides: the server renders every form; the browser renders again
//! only the forms inside islands, from the same page state.

use leptos::prelude::*;
use std::{borrow::Cow, marker::PhantomData, sync::Arc};

use super::{AnyField, FieldSpec, Form, Submitted, Values, Widget};

/// The failure a form shows, if any. On the server it is worked out once: a
/// page is rendered once, from a state that does not change while it renders,
/// so a form that shows no failure (every form of a list but one, at most)
/// makes no reactive node at all. In the browser (islands), a memo: worked out
/// again when the page state changes, and once per change, not per read.
#[derive(Clone, Copy)]
enum Failure {
    /// The server's, for a form that shows none.
    #[cfg_attr(feature = "hydrate", allow(dead_code))]
    None,
    Of(Signal<Option<Arc<Submitted>>>),
}

impl Failure {
    fn settled(compute: impl Fn() -> Option<Arc<Submitted>> + Send + Sync + 'static) -> Self {
        #[cfg(feature = "hydrate")]
        return Failure::Of(Memo::new(move |_| compute()).into());
        #[cfg(not(feature = "hydrate"))]
        match compute() {
            Some(failure) => Failure::Of(Signal::stored(Some(failure))),
            None => Failure::None,
        }
    }

    fn get(&self) -> Option<Arc<Submitted>> {
        match self {
            Failure::None => None,
            Failure::Of(failure) => failure.get(),
        }
    }
}

/// An instance's key ([`FormHandle::key`]), kept inline when it is short (an
/// id, a UUID), so that a form per row of a list stores nothing for it.
#[derive(Clone, Copy)]
enum InstanceKey {
    Inline(u8, [u8; InstanceKey::INLINE]),
    Long(StoredValue<String>),
}

impl InstanceKey {
    const INLINE: usize = 40;

    fn new(text: String) -> Self {
        if text.len() <= Self::INLINE {
            let mut bytes = [0; Self::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            InstanceKey::Inline(text.len() as u8, bytes)
        } else {
            InstanceKey::Long(StoredValue::new(text))
        }
    }

    fn with<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            // Copied from a `String` whole: always UTF-8.
            InstanceKey::Inline(len, bytes) => {
                f(std::str::from_utf8(&bytes[..*len as usize]).unwrap_or(""))
            }
            InstanceKey::Long(text) => text.with_value(|t| f(t)),
        }
    }
}

/// Where the fields of one form instance read what they show: the form's
/// failure on the page (if any, and if it is this instance's), else its initial
/// values. Read when a field renders, not worked out ahead.
#[derive(Clone, Copy)]
struct Shown {
    failure: Failure,
    /// The start of every element id of the form: its name, then its key.
    prefix: &'static str,
    key: Option<InstanceKey>,
    initial: Option<Signal<Values>>,
    summary: bool,
}

impl Shown {
    /// The failure of this form and instance, if the page shows one.
    fn failure(&self) -> Option<Arc<Submitted>> {
        let failure = self.failure.get()?;
        let ours = match (&self.key, failure.key.as_deref()) {
            (None, None) => true,
            (Some(key), Some(sent)) => key.with(|key| key == sent),
            _ => false,
        };
        ours.then_some(failure)
    }

    /// `f` of the values shown: what was sent after this instance's failure,
    /// else the initial values; `None` without either.
    fn with_values<R>(&self, f: impl FnOnce(&Values) -> R) -> Option<R> {
        match self.failure() {
            Some(failure) => Some(f(&failure.values)),
            None => self.initial.map(|values| values.with(f)),
        }
    }

    fn prefix(&self) -> String {
        match &self.key {
            Some(key) => key.with(|key| format!("{}-{key}", self.prefix)),
            None => self.prefix.to_owned(),
        }
    }
}

/// What one form instance shows, for its fields. Made by [`FormHandle`].
#[derive(Clone, Copy)]
pub struct FormView {
    shown: Option<Shown>,
    /// The row of a list its fields are in (spec P1), if any.
    row: Option<RowAt>,
}

/// A row of a list of rows (spec P1), as its fields show it.
#[derive(Clone, Copy)]
pub(crate) struct RowAt {
    /// The list's field.
    pub(crate) rows: &'static FieldSpec,
    pub(crate) index: RowIndex,
}

/// Which row: a row of the list, or the row the browser copies to add one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowIndex {
    At(usize),
    /// The row in the list's `<template>`, numbered `new`: the browser half
    /// gives it its number when it adds it (`browser/rows.rs`).
    Template,
}

impl std::fmt::Display for RowIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowIndex::At(i) => write!(f, "{i}"),
            RowIndex::Template => f.write_str("new"),
        }
    }
}

impl RowAt {
    fn spec(&self) -> &'static super::RowsSpec {
        self.rows.rows.expect("a row is in a list of rows")
    }

    /// The row's name ("Subtask 2"); the template's keeps `{n}`.
    fn name(&self) -> Cow<'static, str> {
        match self.index {
            RowIndex::At(i) => Cow::Owned(self.spec().row_name(i + 1)),
            RowIndex::Template => self.spec().row.text(),
        }
    }
}

/// An element id for a field's name: `subtasks[0].title` is `subtasks-0-title`,
/// so that ids and the links to them need no escaping.
pub(crate) fn id_part(name: &str) -> Cow<'_, str> {
    if !name.contains(['[', ']', '.']) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(
        name.chars()
            .filter(|&c| c != ']')
            .map(|c| if matches!(c, '[' | '.') { '-' } else { c })
            .collect(),
    )
}

impl FormView {
    /// No view: fields used only for their names (an action's [`Form::names`]).
    pub const DETACHED: FormView = FormView {
        shown: None,
        row: None,
    };

    /// The same view, for the fields of row `index` of the list `rows`.
    pub(crate) fn in_row(self, rows: &'static FieldSpec, index: RowIndex) -> FormView {
        FormView {
            row: Some(RowAt { rows, index }),
            ..self
        }
    }

    /// The name a field is sent under: in a row, after the row's
    /// (`subtasks[0].title`).
    pub(crate) fn full_name(&self, name: &'static str) -> Cow<'static, str> {
        match &self.row {
            Some(row) => Cow::Owned(format!("{}[{}].{name}", row.rows.name, row.index)),
            None => Cow::Borrowed(name),
        }
    }

    pub(crate) fn id_of(&self, name: &'static str) -> String {
        let name = self.full_name(name);
        match &self.shown {
            Some(source) => {
                let mut id = source.prefix();
                id.push('-');
                id.push_str(&id_part(&name));
                id
            }
            None => id_part(&name).into_owned(),
        }
    }

    /// A field's label: in a row, `{row}` is the row's name ("Subtask 2").
    pub(crate) fn label(&self, label: crate::i18n::Msg) -> Cow<'static, str> {
        let label = label.text();
        match &self.row {
            Some(row) if label.contains("{row}") => Cow::Owned(label.replace("{row}", &row.name())),
            _ => label,
        }
    }

    /// The text the browser half writes again when it renumbers the row that
    /// shows `text` (`data-kit-row-text`): `text` with `{n}` for the row's
    /// number. `label` is the declared label of `text`, if it is one.
    pub(crate) fn row_text(&self, label: Option<crate::i18n::Msg>, text: &str) -> Option<String> {
        let row = self.row.as_ref()?;
        let pattern = row.spec().row.text();
        let pattern = pattern.as_ref();
        if let Some(label) = label {
            let label = label.text();
            return label
                .contains("{row}")
                .then(|| label.replace("{row}", pattern));
        }
        // A row's issue starts with its name ("Subtask 2: Title is required").
        let rest = text.strip_prefix(row.name().as_ref())?;
        Some(format!("{pattern}{rest}"))
    }

    fn failure(&self) -> Option<Arc<Submitted>> {
        self.shown.as_ref().and_then(Shown::failure)
    }

    pub(crate) fn issue_of(&self, name: &'static str) -> Option<String> {
        let name = self.full_name(name);
        self.failure()?
            .issues
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, m)| m.clone())
    }

    pub(crate) fn value_of(&self, name: &'static str) -> Option<String> {
        if self.row.is_some_and(|r| r.index == RowIndex::Template) {
            return None;
        }
        let name = self.full_name(name);
        self.shown?
            .with_values(|values| values.get(&name).map(str::to_owned))
            .flatten()
    }

    /// While this instance shows a failure, the value a field had before it
    /// (its initial value, or none): a form reset as it is sent goes back to
    /// it (spec R2), not to what the failure echoes.
    fn initial_of(&self, name: &'static str) -> Option<String> {
        let shown = self.shown?;
        shown.failure()?;
        let name = self.full_name(name);
        let initial = shown
            .initial
            .and_then(|values| values.with(|v| v.get(&name).map(str::to_owned)));
        Some(initial.unwrap_or_default())
    }

    fn values_of(&self, name: &'static str) -> Vec<String> {
        if self.row.is_some_and(|r| r.index == RowIndex::Template) {
            return Vec::new();
        }
        let name = self.full_name(name);
        self.shown
            .and_then(|source| {
                source.with_values(|values| values.all(&name).map(str::to_owned).collect())
            })
            .unwrap_or_default()
    }

    /// The numbers of the rows of the list `name` the form shows, in order.
    pub(crate) fn row_numbers(&self, name: &str) -> Vec<usize> {
        self.shown
            .and_then(|source| source.with_values(|values| super::rows::sent_rows(values, name)))
            .unwrap_or_default()
    }

    /// Whether the field takes focus on load: the one the failure names
    /// (spec P1), else the first with an issue (spec E5), unless the form
    /// shows a summary, which takes it.
    pub(crate) fn autofocus(&self, name: &'static str) -> bool {
        let Some(source) = self.shown.as_ref() else {
            return false;
        };
        let Some(failure) = source.failure() else {
            return false;
        };
        let name = self.full_name(name);
        match &failure.focus {
            Some(focus) => *focus == name,
            None => !source.summary && failure.issues.first().is_some_and(|(k, _)| *k == name),
        }
    }
}

/// What a form can show the failures of: an action's handle, for a form whose
/// buttons post to several actions (`login.form().also(&register)`).
pub trait Failures: Clone + Send + Sync + 'static {
    /// The failure to show, if the last result is one of a typed form.
    fn failure(&self) -> Option<Arc<Submitted>>;
}

/// A typed form on a page, from its action's handle (`add.form()`):
/// its fields, and whether its action's last submission failed.
///
/// ```
/// use leptos_form_actions::prelude::*;
///
/// route!(Todos = "/todos");
///
/// #[derive(Debug, Form)]
/// #[form(key = "id")]
/// struct Row {
///     #[field(label = "Id")]
///     id: String,
/// }
///
/// #[action(Todos)]
/// async fn toggle(row: Row) -> Result<(), Stop> { Ok(()) }
/// #[action(Todos)]
/// async fn delete(row: Row) -> Result<(), Stop> { Ok(()) }
///
/// /// One form per row: it shows the failure of either action, for its row only.
/// #[component]
/// fn TodoRow(id: u32) -> impl IntoView {
///     let (toggle, delete) = (use_action(toggle), use_action(delete));
///     let row = toggle.form().also(&delete).key(id);
///     view! {
///         <ActionForm action=toggle label="Todo">
///             <input type="hidden" name="id" value=id />
///             <FormMessage form=row />
///             <button type="submit">"Done"</button>
///             <button type="submit" formaction=delete.url()>"Delete"</button>
///         </ActionForm>
///     }
/// }
/// # fn main() {}
/// ```
pub struct FormHandle<F: 'static> {
    source: Shown,
    form: PhantomData<fn() -> F>,
}

impl<F> Clone for FormHandle<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for FormHandle<F> {}

impl<F: Form + 'static> FormHandle<F> {
    /// The form `F` showing the failure `failure` finds (an action's, spec T4).
    pub(crate) fn from_failures(
        failure: impl Fn() -> Option<Arc<Submitted>> + Send + Sync + 'static,
    ) -> Self {
        Self::with_failure(Failure::settled(failure))
    }

    /// The same form, also showing the failures of `other`: a form whose buttons
    /// post to two actions (Log in and Register) shows the issues of either.
    pub fn also(mut self, other: &impl Failures) -> Self {
        let (mine, other) = (self.source.failure, other.clone());
        self.source.failure =
            Failure::settled(move || mine.get().or_else(|| Failures::failure(&other)));
        self
    }

    fn with_failure(failure: Failure) -> Self {
        FormHandle {
            source: Shown {
                failure,
                prefix: F::NAME,
                key: None,
                initial: None,
                summary: F::SUMMARY,
            },
            form: PhantomData,
        }
    }

    /// Starts its element ids with `prefix` instead of the form's name: for a
    /// second form of the same type on one page.
    pub fn id_prefix(mut self, prefix: &'static str) -> Self {
        self.source.prefix = prefix;
        self
    }

    /// The values shown until a submission fails: the record being edited.
    pub fn initial(mut self, values: Values) -> Self {
        self.source.initial = Some(Signal::stored(values));
        self
    }

    /// This instance of a form repeated on the page (one per row, spec F7): its
    /// ids carry the key, and it shows a failure only when the submission's key
    /// field ([`Form::KEY`]) had this value.
    pub fn key(mut self, key: impl ToString) -> Self {
        self.source.key = Some(InstanceKey::new(key.to_string()));
        self
    }

    /// The view its fields read.
    pub fn view(&self) -> FormView {
        FormView {
            shown: Some(self.source),
            row: None,
        }
    }

    /// The fields, each named and typed as in the struct.
    pub fn fields(&self) -> F::Fields {
        F::fields(self.view())
    }

    /// Whether the page shows a failure of this form: with an issue or a
    /// message (a form shown again with a row more or fewer has neither, P1).
    pub fn failed(&self) -> bool {
        self.source
            .failure()
            .is_some_and(|f| !f.issues.is_empty() || f.message.is_some())
    }

    /// The message about the whole form, after a failure.
    pub fn message(&self) -> Option<String> {
        self.source.failure().and_then(|f| f.message.clone())
    }

    /// The document title: `text`, after `Error: ` (in the request's
    /// language) when a form with a summary has failed (spec F5).
    pub fn title(
        &self,
        text: impl Into<String>,
    ) -> impl Fn() -> String + Send + Sync + Clone + 'static {
        let this = *self;
        let text = text.into();
        let prefix = crate::i18n::KitText::ErrorPrefix.text();
        move || {
            if F::SUMMARY && this.failed() {
                format!("{prefix}{text}")
            } else {
                text.clone()
            }
        }
    }
}

impl<F: Form + 'static> From<FormHandle<F>> for FormView {
    fn from(form: FormHandle<F>) -> Self {
        form.view()
    }
}

/// One field: its label, its control with the value to show, its constraints
/// (F6) and its ARIA state, its hint and its issue (F5). A text field renders
///
/// ```html
/// <div class="field">
///   <label for="edit_todo-title">Title</label>
///   <input id="edit_todo-title" type="text" name="title" value="…" required
///          maxlength="200" aria-invalid="true" aria-describedby="edit_todo-title-error">
///   <p id="edit_todo-title-error" class="error" role="alert">Title is required</p>
/// </div>
/// ```
#[component]
pub fn FormField(
    /// The field, from [`FormHandle::fields`].
    #[prop(into)]
    field: AnyField,
) -> impl IntoView {
    let AnyField { spec, view } = field;
    let name = spec.name;
    // In a row of a list, `subtasks[0].title`; `spec.name` elsewhere.
    let full_name = view.full_name(name);
    let label = view.label(spec.label);
    let label_text = view.row_text(Some(spec.label), "");
    let rules = spec.rules;
    let id = view.id_of(name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");

    let issue = move || view.issue_of(name);
    let invalid = move || issue().map(|_| "true");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [
                spec.hint.map(|_| hint_id.as_str()),
                issue().map(|_| error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let autofocus = move || view.autofocus(name);
    let hint = spec
        .hint
        .map(|h| view! { <p id=hint_id class="hint">{h.text()}</p> });
    let message = move || {
        issue().map(|m| {
            let row_text = view.row_text(None, &m);
            view! {
                <p id=error_id.clone() class="error" role="alert" data-kit-row-text=row_text>
                    {m}
                </p>
            }
        })
    };
    let min_length = rules.min_length.map(|(n, _)| n);
    let max_length = rules.max_length.map(|(n, _)| n);
    let required = rules.required.is_some();

    match spec.widget {
        Widget::Hidden => {
            view! { <input type="hidden" name=full_name value=move || view.value_of(name) /> }
                .into_any()
        }
        Widget::Input => view! {
            <div class="field">
                <label for=id.clone() data-kit-row-text=label_text.clone()>{label.clone()}</label>
                {hint}
                <input
                    id=id
                    type=spec.input
                    name=full_name.clone()
                    // A secret is never shown back (spec F4).
                    value=move || (!spec.secret).then(|| view.value_of(name)).flatten()
                    data-kit-initial=move || (!spec.secret).then(|| view.initial_of(name)).flatten()
                    required=required
                    minlength=min_length
                    maxlength=max_length
                    min=rules.min.map(|(_, text)| text)
                    max=rules.max.map(|(_, text)| text)
                    step=rules.step
                    autocomplete=spec.autocomplete
                    aria-invalid=invalid
                    aria-describedby=described
                    autofocus=autofocus
                />
                {message}
            </div>
        }
        .into_any(),
        Widget::Checkbox => view! {
            <div class="field checkbox">
                <input
                    id=id.clone()
                    type="checkbox"
                    name=full_name.clone()
                    value="true"
                    checked=move || view.value_of(name).is_some()
                    required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    autofocus=autofocus
                />
                <label for=id data-kit-row-text=label_text.clone()>{label.clone()}</label>
                {hint}
                {message}
            </div>
        }
        .into_any(),
        Widget::TextArea => view! {
            <div class="field">
                <label for=id.clone() data-kit-row-text=label_text.clone()>{label.clone()}</label>
                {hint}
                <textarea
                    id=id
                    name=full_name.clone()
                    data-kit-initial=move || view.initial_of(name)
                    required=required
                    minlength=min_length
                    maxlength=max_length
                    aria-invalid=invalid
                    aria-describedby=described
                    autofocus=autofocus
                >
                    {move || view.value_of(name)}
                </textarea>
                {message}
            </div>
        }
        .into_any(),
        Widget::Select => view! {
            <div class="field">
                <label for=id.clone() data-kit-row-text=label_text.clone()>{label.clone()}</label>
                {hint}
                <select
                    id=id
                    name=full_name.clone()
                    required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    autofocus=autofocus
                >
                    {spec.optional.then(|| view! { <option value="">"None"</option> })}
                    {spec
                        .choices
                        .iter()
                        .map(|c| {
                            let selected = move || view.value_of(name).as_deref() == Some(c.value);
                            view! { <option value=c.value selected=selected>{c.label.text()}</option> }
                        })
                        .collect_view()}
                </select>
                {message}
            </div>
        }
        .into_any(),
        Widget::Radios | Widget::Checkboxes => {
            let input = if spec.widget == Widget::Radios {
                "radio"
            } else {
                "checkbox"
            };
            // A radio group can say `required`; a group of checkboxes cannot.
            let required = required && spec.widget == Widget::Radios;
            let choices = spec
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    // The first choice has the field's id: the error summary links to it.
                    let choice_id = if i == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{}", c.value)
                    };
                    let checked = move || view.values_of(name).iter().any(|v| v == c.value);
                    let full_name = full_name.clone();
                    view! {
                        <div class="choice">
                            <input
                                id=choice_id.clone()
                                type=input
                                name=full_name.clone()
                                value=c.value
                                checked=checked
                                required=required
                                aria-invalid=invalid
                                autofocus=move || i == 0 && autofocus()
                            />
                            <label for=choice_id>{c.label.text()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field group" aria-describedby=described>
                    <legend data-kit-row-text=label_text.clone()>{label.clone()}</legend>
                    {hint}
                    {choices}
                    {message}
                </fieldset>
            }
            .into_any()
        }
        // A file input shows no value: no page can fill one in, so after a
        // failure the person chooses the file again (spec U3), which the
        // field's `again` text says.
        Widget::File => {
            let again = spec
                .files
                .map(|f| f.again.text().into_owned())
                .unwrap_or_default();
            let has_again = !again.is_empty();
            let again_id = format!("{id}-again");
            let shown = move || has_again && view.failure().is_some();
            let described = {
                let again_id = again_id.clone();
                move || {
                    let mut ids = described().unwrap_or_default();
                    if shown() {
                        if !ids.is_empty() {
                            ids.push(' ');
                        }
                        ids.push_str(&again_id);
                    }
                    (!ids.is_empty()).then_some(ids)
                }
            };
            let again_text =
                move || shown().then(|| view! { <p id=again_id.clone() class="hint">{again.clone()}</p> });
            let checks = super::upload::FileChecks::of(spec.files);
            view! {
            <div class="field">
                <label for=id.clone() data-kit-row-text=label_text.clone()>{label.clone()}</label>
                {hint}
                <input
                    id=id
                    type="file"
                    name=full_name.clone()
                    accept=spec.files.map(|f| f.accept).filter(|a| !a.is_empty())
                    multiple=spec.multiple
                    required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    autofocus=autofocus
                    data-kit-file=checks
                />
                {message}
                {again_text}
            </div>
            }
            .into_any()
        }
        // A list of rows is shown by `FormRows`, which takes its rows' markup.
        Widget::Rows => ().into_any(),
    }
}

/// The error summary of a failed submission (spec F5): a heading and a link to
/// each field with an issue, at the start of the form. It takes focus when the
/// page loads (or, with JavaScript, when the result arrives), for a form that
/// declares `#[form(summary)]`. A group named by its heading (a `<div>` may not
/// be named without a role), so a screen reader says "There is a problem" as
/// focus lands on it.
#[component]
pub fn ErrorSummary(
    /// The form, from its action's handle (`add.form()`).
    #[prop(into)]
    form: FormView,
    /// The heading.
    #[prop(optional, into)]
    heading: Option<String>,
) -> impl IntoView {
    let heading = heading.unwrap_or_else(|| crate::i18n::KitText::ErrorSummary.text().to_owned());
    move || {
        let failure = form.failure().filter(|f| !f.issues.is_empty())?;
        let prefix = form.shown.as_ref()?.prefix();
        let title_id = format!("{prefix}-summary");
        let labelled_by = title_id.clone();
        let items = failure
            .issues
            .iter()
            .map(|(name, message)| {
                let href = format!("#{prefix}-{}", id_part(name));
                view! { <li><a href=href>{message.clone()}</a></li> }
            })
            .collect_view();
        Some(view! {
            <div
                class="error-summary"
                tabindex="-1"
                autofocus=true
                data-kit-summary=""
                role="group"
                aria-labelledby=labelled_by
            >
                <h2 id=title_id>{heading.clone()}</h2>
                <ul>{items}</ul>
            </div>
        })
    }
}

/// The message about the whole form after a failure ("Invalid email or
/// password"), as an alert.
#[component]
pub fn FormMessage(
    /// The form, from its action's handle (`add.form()`).
    #[prop(into)]
    form: FormView,
) -> impl IntoView {
    move || {
        form.failure()
            .and_then(|f| f.message.clone())
            .map(|m| view! { <p class="error" role="alert">{m}</p> })
    }
}
