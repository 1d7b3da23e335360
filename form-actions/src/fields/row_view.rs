//! The markup of a list of rows (spec P1): [`Rows`], the field of a form that
//! holds them, and [`FormRows`], which shows them with their buttons.
//!
//! Runs on the server: a form with rows is the server's HTML, and the browser
//! half adds and removes its rows (`browser/rows.rs`), not an island.

use leptos::prelude::*;
use std::{marker::PhantomData, sync::Arc};

use super::view::RowIndex;
use super::{FieldSpec, Form, FormView, ROWS_BUTTON};

/// A list of rows of the sub-form `S` (spec P1): the field of a form declared
/// `#[field(rows, …)] subtasks: Vec<S>`. A view shows it with [`FormRows`]; an
/// action names a row's field with [`Rows::row`].
pub struct Rows<S> {
    spec: &'static FieldSpec,
    view: FormView,
    form: PhantomData<fn() -> S>,
}

impl<S> Clone for Rows<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for Rows<S> {}

impl<S: Form> Rows<S> {
    /// Made by the derive.
    #[doc(hidden)]
    pub fn new(spec: &'static FieldSpec, view: FormView) -> Self {
        Self {
            spec,
            view,
            form: PhantomData,
        }
    }

    /// The name its rows are sent under (`subtasks` of `subtasks[0].title`).
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// The id of its group (`<fieldset>`), which the error summary links to.
    pub fn id(&self) -> String {
        self.view.id_of(self.spec.name)
    }

    /// Its own issue ("At most 20 subtasks"); a row's issues are its fields'.
    pub fn issue(&self) -> Option<String> {
        self.view.issue_of(self.spec.name)
    }

    /// How many rows the form shows: those sent after a failure, else those of
    /// its initial values.
    pub fn count(&self) -> usize {
        self.view.row_numbers(self.spec.name).len()
    }

    /// The fields of row `index` (from 0), named `subtasks[index].…`.
    pub fn row(&self, index: usize) -> S::Fields {
        S::fields(self.view.in_row(self.spec, RowIndex::At(index)))
    }
}

/// A list of rows (spec P1): a group (`<fieldset>`) named by the field's label,
/// with, for each row, what `children` renders of its fields and a button
/// that removes it, then a button that adds one.
///
/// ```
/// use leptos_form_actions::prelude::*;
///
/// route!(EditTodo = "/todos/{id}");
///
/// #[derive(Debug, Form)]
/// struct Subtask {
///     #[field(label = "{row}", required = "Title is required")]
///     title: String,
///     #[field(label = "{row} done")]
///     done: bool,
/// }
///
/// #[derive(Debug, Form)]
/// #[form(name = "edit")]
/// struct Edit {
///     #[field(rows, label = "Subtasks", row = "Subtask {n}", max_rows = 20,
///             too_many = "At most 20 subtasks")]
///     subtasks: Vec<Subtask>,
/// }
///
/// #[action(EditTodo)]
/// async fn save(edit: Edit) -> Result<(), Stop> { Ok(()) }
///
/// #[component]
/// fn EditForm() -> impl IntoView {
///     let save = use_action(save);
///     let f = save.fields();
///     view! {
///         <ActionForm action=save label="Edit todo">
///             <FormRows rows=f.subtasks add="Add subtask" remove="Remove subtask {n}" let:row>
///                 <FormField field=row.title />
///                 <FormField field=row.done />
///             </FormRows>
///             <button type="submit">"Save"</button>
///         </ActionForm>
///     }
/// }
/// # fn main() {}
/// ```
///
/// Without JavaScript both buttons post the form to its own action with
/// `_rows=add:subtasks` or `_rows=remove:subtasks:2`: the dispatcher runs no
/// action and answers 200 with the page, the form holding one row more or
/// fewer and every value sent, nothing saved. A row past the most allowed is
/// the list's issue. With the browser half, both work without a request: a
/// new row is copied from the list's `<template>`, and the rows after a removed
/// one are numbered again, their names, ids and texts (`{n}`) with them.
///
/// Its first, hidden, button submits the form's own action: pressing Enter in
/// a field presses the first submit button of a form, which must not be a
/// row's Remove. For a form of the server's HTML, not inside an island.
#[component]
pub fn FormRows<S, CF, IV>(
    /// The list, from the form's fields.
    rows: Rows<S>,
    /// The add button's text ("Add subtask").
    #[prop(into)]
    add: String,
    /// The remove button's text, `{n}` the row's number ("Remove subtask {n}").
    #[prop(into)]
    remove: String,
    /// One row's fields (`let:row`).
    children: CF,
) -> impl IntoView
where
    S: Form + 'static,
    CF: Fn(S::Fields) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let spec = rows.spec;
    let max = spec.rows.map_or(0, |r| r.max);
    let name = spec.name;
    let id = rows.id();
    let error_id = format!("{id}-error");
    let children = Arc::new(children);
    let remove = Arc::new(remove);
    let row = move |index: RowIndex| {
        let fields = S::fields(rows.view.in_row(spec, index));
        let text = match index {
            RowIndex::At(i) => remove.replace("{n}", &(i + 1).to_string()),
            RowIndex::Template => remove.to_string(),
        };
        view! {
            <li class="row" data-kit-row=index.to_string()>
                {(*children)(fields)}
                <button
                    type="submit"
                    name=ROWS_BUTTON
                    value=format!("remove:{name}:{index}")
                    formnovalidate=true
                    data-kit-row-text=remove.to_string()
                >
                    {text}
                </button>
            </li>
        }
    };
    let shown = {
        let row = row.clone();
        move || {
            rows.view
                .row_numbers(name)
                .into_iter()
                .map(|i| row(RowIndex::At(i)))
                .collect_view()
        }
    };
    let issue = move || rows.issue();
    let described = {
        let error_id = error_id.clone();
        move || issue().map(|_| error_id.clone())
    };
    let message = move || {
        issue().map(|m| view! { <p id=error_id.clone() class="error" role="alert">{m}</p> })
    };
    view! {
        <fieldset
            class="field rows"
            id=id
            aria-describedby=described
            data-kit-rows=name
            data-kit-rows-max=max
        >
            <legend>{spec.label.text()}</legend>
            // Pressed by Enter in a field: the form's own action.
            <button type="submit" hidden=true></button>
            <ol class="rows">{shown}</ol>
            <template data-kit-rows-template="">{row(RowIndex::Template)}</template>
            {message}
            <button
                type="submit"
                name=ROWS_BUTTON
                value=format!("add:{name}")
                formnovalidate=true
                autofocus=move || rows.view.autofocus(name)
            >
                {add}
            </button>
        </fieldset>
    }
}
