//! English: every [`Text`] and every text of the layer.
//!
//! Each `match` is exhaustive (no `_` arm): a new text fails the build until it
//! is written here. A text's values are bound by name, and unused ones are an
//! error.
#![deny(unused_variables)]

use std::borrow::Cow;

use super::{KitText, Text};

/// The language's name in itself.
pub const NAME: &str = "English";

pub fn text(text: &Text) -> Cow<'static, str> {
    Cow::Borrowed(match text {
        Text::Home => "Home",
        Text::AppTitle => "Leptos form actions",
        Text::Hello => "Hello",
        Text::HelloDescription => "A page with one form, to start from.",
        Text::Name => "Name",
        Text::NameRequired => "Name is required",
        Text::Greet => "Greet",
        Text::Greeting { name } => return format!("Hello, {name}!").into(),
        Text::NotFound => "Not found",
        Text::NotFoundText => "There is no page at this address. ",
        Text::GoHome => "Go home",
        Text::SomethingWentWrong => "Something went wrong",
        Text::Refused => "The request was refused",
        Text::TryLater => "Please try again later.",
        Text::ErrorId => "Error id: ",
        Text::ErrorDescription => "Something went wrong with this page.",
    })
}

/// The layer's texts: English is the layer's own.
pub fn kit(text: KitText) -> &'static str {
    text.english()
}
