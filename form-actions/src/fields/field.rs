//! A field of a form, as a view shows it and an action names it: its name,
//! id, issue and, unless it is a secret, the value sent back.

use std::marker::PhantomData;

use super::{Echo, FieldSpec, FormView};

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

    /// The name it is sent under; in a row of a list, the name within the
    /// row (`title`): see [`Field::full_name`].
    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    /// The name it is sent under, in a row of a list after the row's
    /// (`subtasks[0].title`, spec P1).
    pub fn full_name(&self) -> std::borrow::Cow<'static, str> {
        self.view.full_name(self.spec.name)
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
