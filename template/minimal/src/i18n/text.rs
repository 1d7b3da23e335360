//! The app's texts as values: what each language's file translates. No
//! dependency, so the build check (`build_check.rs`) compiles a language's
//! file against this file alone.

/// Every text of the app. A variant's fields are the values its translations
/// put in (each must use all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    // The layout.
    Home,
    AppTitle,
    // `/`.
    Hello,
    HelloDescription,
    Name,
    NameRequired,
    Greet,
    Greeting { name: String },
    // Errors.
    NotFound,
    NotFoundText,
    GoHome,
    SomethingWentWrong,
    Refused,
    TryLater,
    ErrorId,
    ErrorDescription,
}
