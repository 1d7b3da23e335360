//! `/`: one typed form, with a named action `greet`.

use crate::i18n::{t, Text};
use crate::kit::prelude::*;

// The page at `/`: a marker type with its path.
route!(pub Hello = "/");

/// The form of `/`: one struct declares its fields, their rules and messages
/// (texts of `src/i18n/`, in each request's language); parsing, the markup and
/// the browser's constraints come from it.
#[derive(Debug, Form)]
pub struct Greet {
    #[field(label = Text::Name, autocomplete = "name", required = Text::NameRequired)]
    pub name: String,
}

/// Greets. A blank name never gets here: the form's rules answer it with a
/// 422, the message and the text kept. (An action that needs the app's state or
/// the request takes `ev: Event<AppState>` first.)
#[action(Hello)]
pub async fn greet(form: Greet) -> Result<String, Stop> {
    Ok(t(Text::Greeting { name: form.name }))
}

/// The page: its path, its view and its action, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<crate::state::AppState, Hello> {
    PageRoute::new(Hello, HelloPage).action(greet)
}

#[component]
pub fn HelloPage() -> impl IntoView {
    let greet = use_action(greet);
    view! {
        <Title text=t(Text::Hello) />
        <Meta name="description" content=t(Text::HelloDescription) />
        <h1>{t(Text::Hello)}</h1>
        {move || greet.output().map(|greeting| view! { <p role="status">{greeting}</p> })}
        <ActionForm action=greet label=t(Text::Greet) novalidate=true>
            <FormField field=greet.fields().name />
            <button type="submit">{t(Text::Greet)}</button>
        </ActionForm>
    }
}
