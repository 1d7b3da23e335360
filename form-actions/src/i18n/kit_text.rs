//! The layer's own texts, in a file of their own with no dependency: an app's
//! build check compiles its translations against it alone (the demo's
//! `src/i18n/mod.rs`, test `l4_…`).

/// The layer's own texts, which the app translates in [`Locale::kit`]. A new
/// one is a compile error in every app whose translation lists them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KitText {
    /// The error summary's heading (spec F5): "There is a problem".
    ErrorSummary,
    /// What a page's title starts with after a failure (spec F5): "Error: ".
    ErrorPrefix,
    /// An enhanced submission that got no answer (spec E4).
    NetworkFailed,
    /// A navigation without a document load whose page did not come.
    PageLoadFailed,
    /// A page update (after an action elsewhere) that did not come.
    PageUpdateFailed,
    /// The unsaved-changes guard's question (spec P4).
    LeaveUnsaved,
    /// A value that is not one of a field's choices.
    ChooseOne,
    /// A whole-number field that holds something else.
    EnterWholeNumber,
    /// A number field that holds something else.
    EnterNumber,
    /// A checkbox sent with a value that is not a yes or a no.
    TrueOrFalse,
    /// A date field that holds no real date.
    EnterRealDate,
    /// A number outside its field's bounds, when the field says nothing else.
    OutOfRange,
    /// A field sent twice.
    SentTwice,
    /// A file field sent with no file, when the field says nothing else.
    ChooseFile,
    /// A one-file field sent with several, when the field says nothing else.
    ChooseOneFile,
    /// A field that is not a file field, sent a file.
    TakesNoFile,
    /// The accessible name of an upload's progress bar (spec U4).
    Uploading,
    /// The button that cancels an upload in flight (spec U4).
    CancelUpload,
    /// What a cancelled upload says (spec U4).
    UploadCancelled,
    /// The message of a 404 (`Stop::not_found`).
    NotFound,
    /// The text of a 500 outside a page, before its error id.
    InternalError,
}

impl KitText {
    /// The English text, what an app that translates nothing shows.
    pub const fn english(self) -> &'static str {
        match self {
            KitText::ErrorSummary => "There is a problem",
            KitText::ErrorPrefix => "Error: ",
            KitText::NetworkFailed => "The request failed. Check your connection and try again.",
            KitText::PageLoadFailed => {
                "The page could not be loaded. Check your connection and try again."
            }
            KitText::PageUpdateFailed => {
                "The page could not be updated. Check your connection and try again."
            }
            KitText::LeaveUnsaved => "Leave this page? Your changes are not saved.",
            KitText::ChooseOne => "Choose one of the options",
            KitText::EnterWholeNumber => "Enter a whole number",
            KitText::EnterNumber => "Enter a number",
            KitText::TrueOrFalse => "Must be true or false",
            KitText::EnterRealDate => "Enter a real date",
            KitText::OutOfRange => "Out of range",
            KitText::SentTwice => "This field was sent more than once",
            KitText::ChooseFile => "Choose a file",
            KitText::ChooseOneFile => "Choose one file",
            KitText::TakesNoFile => "This field takes no file",
            KitText::Uploading => "Uploading",
            KitText::CancelUpload => "Cancel upload",
            KitText::UploadCancelled => "The upload was cancelled. Nothing was saved.",
            KitText::NotFound => "Not found",
            KitText::InternalError => "Something went wrong. Error id:",
        }
    }
}
