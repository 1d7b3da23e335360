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
//!   each with its own ids, values and issues;
//! - **lists of rows** (spec P1): a `Vec` of another form, sent as
//!   `steps[0].title`, shown by [`FormRows`] with its add and remove buttons,
//!   each row's issues named after it ("Step 2: Title is required").
//!
//! ```
//! use leptos_form_actions::fields::Form;
//!
//! #[derive(Debug, Form)]
//! struct Step {
//!     #[field(label = "{row}", required = "Title is required")]
//!     title: String,
//!     #[field(label = "{row} done")]
//!     done: bool,
//! }
//!
//! #[derive(Debug, Form)]
//! struct Plan {
//!     #[field(rows, label = "Steps", row = "Step {n}", max_rows = 10,
//!             too_many = "At most 10 steps")]
//!     steps: Vec<Step>,
//! }
//!
//! let sent = [("steps[0].title", "Pack"), ("steps[0].done", "true"), ("steps[1].title", " ")];
//! let rejected = Plan::parse(&sent).unwrap_err();
//! assert_eq!(rejected.issue_of("steps[1].title"), Some("Step 2: Title is required"));
//!
//! let plan = Plan::parse(&sent[..2].to_vec()).unwrap();
//! assert_eq!((plan.steps[0].title.as_str(), plan.steps[0].done), ("Pack", true));
//! ```
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
mod field;
mod issues;
mod kinds;
mod row_view;
pub(crate) mod rows;
mod sent;
mod spec;
mod upload;
mod view;

pub use field::Field;
pub use issues::{Issues, Rejected, Submitted};
pub use kinds::{Choice, Date, Echo, FieldValue, Secret};
pub use leptos_form_actions_derive::{Choice, Form};
pub use row_view::{FormRows, Rows};
pub use rows::ROWS_BUTTON;
pub use sent::{Source, Values};
#[cfg(feature = "hydrate")]
pub(crate) use spec::accepts as accepts_type;
pub use spec::{FileRules, Kind, Rules};
#[cfg(feature = "hydrate")]
pub(crate) use upload::FileChecks;
pub use upload::Upload;
pub use view::{ErrorSummary, Failures, FormField, FormHandle, FormMessage, FormView};

// What the derives' code names, and the components read: not written by hand.
#[doc(hidden)]
pub use field::AnyField;
#[doc(hidden)]
pub use kinds::{echo_field, parse_field};
#[doc(hidden)]
pub use rows::{echo_rows, parse_rows};
#[doc(hidden)]
pub use spec::{ChoiceItem, Declared, FieldSpec, RowsSpec, Widget};

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
    /// Whether it has a file field (spec U1): its `<ActionForm>` then posts
    /// `multipart/form-data`. A constant, so a form without one has no code
    /// for it in the browser.
    const MULTIPART: bool = false;

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
#[cfg(test)]
mod tests;
