//! The error pages, each with its HTTP status.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::{t, Text};
use crate::kit::{self, PageError};

/// An unknown path: status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    kit::set_status(404);
    view! {
        <Title text=t(Text::NotFound) />
        <Meta name="description" content=t(Text::NotFoundText) />
        <h1>{t(Text::NotFound)}</h1>
        <p>{t(Text::NotFoundText)} <a href="/">{t(Text::GoHome)}</a></p>
    }
}

/// What the page shows instead of its route after an error (an action's, or a
/// load's: spec T6), with the error's status: a generic message, and for
/// unexpected errors an id that is also in the server log (spec A9).
#[component]
pub fn ErrorPage(error: PageError) -> impl IntoView {
    let status = error.status;
    kit::set_status(status);
    let title = t(match status {
        404 => Text::NotFound,
        500.. => Text::SomethingWentWrong,
        _ => Text::Refused,
    });
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=t(Text::ErrorDescription) />
        <h1>{title}</h1>
        <p>{if status >= 500 { t(Text::TryLater) } else { error.message }}</p>
        {error.id.map(|id| view! { <p>{t(Text::ErrorId)} <code>{id}</code></p> })}
    }
}
