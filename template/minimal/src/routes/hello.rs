//! `/`: one typed form, with a named action `greet`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use serde::{Deserialize, Serialize};

use crate::kit::prelude::*;
// Not Leptos's own `ActionForm` (the glob above it): the layer's, which keeps its API.
use crate::kit::ActionForm;
#[cfg(feature = "ssr")]
use crate::state::AppState;

route!(
    /// The page at `/`.
    pub Hello = "/"
);

/// The form of `/`: one struct declares its fields, their rules and messages;
/// parsing, the markup and the browser's constraints come from it.
#[derive(Debug, Form)]
#[form(name = "greet")]
pub struct Greet {
    #[field(label = "Name", autocomplete = "name", required = "Name is required")]
    pub name: String,
}

/// What a greeting shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Greeting {
    pub greeting: String,
}

/// Greets. A blank name never gets here: the form's rules answer it with a
/// 422, the message and the text kept.
#[action(Hello)]
pub async fn greet(_ev: Event<AppState>, form: Greet) -> Result<Greeting, Stop> {
    Ok(Greeting {
        greeting: format!("Hello, {}!", form.name),
    })
}

/// The page: its path, its view and its action, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<AppState, Hello> {
    PageRoute::new(Hello, HelloPage).action(greet)
}

#[component]
pub fn HelloPage() -> impl IntoView {
    let greet = use_action(greet);
    let greeting = {
        let greet = greet.clone();
        move || {
            greet
                .output()
                .map(|g| view! { <p role="status">{g.greeting}</p> })
        }
    };
    view! {
        <Title text="Hello" />
        <Meta name="description" content="A page with one form, to start from." />
        <h1>"Hello"</h1>
        {greeting}
        <ActionForm action=greet.clone() label="Greet" novalidate=true>
            <FormField field=greet.fields().name />
            <button type="submit">"Greet"</button>
        </ActionForm>
    }
}
