//! The error pages, each with its HTTP status.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::kit::{self, PageError};

/// An unknown path: status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    kit::set_status(404);
    view! {
        <Title text="Not found" />
        <Meta name="description" content="There is no page at this address." />
        <h1>"Not found"</h1>
        <p>"There is no page at this address. " <a href="/">"Go home"</a></p>
    }
}

/// What the page shows instead of its route after an error (an action's, or a
/// load's: spec T6), with the error's status: a generic message, and for
/// unexpected errors an id that is also in the server log (spec A9).
#[component]
pub fn ErrorPage(error: PageError) -> impl IntoView {
    let status = error.status;
    kit::set_status(status);
    let title = match status {
        404 => "Not found",
        500.. => "Something went wrong",
        _ => "The request was refused",
    };
    view! {
        <Title text=title />
        <Meta name="description" content="Something went wrong with this page." />
        <h1>{title}</h1>
        <p>{if status >= 500 { "Please try again later.".to_owned() } else { error.message }}</p>
        {error.id.map(|id| view! { <p>"Error id: " <code>{id}</code></p> })}
    }
}
