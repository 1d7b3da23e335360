//! `/`: one typed form, with a named action `greet`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use serde::{Deserialize, Serialize};

use crate::kit::fields::{use_fields, Form, FormField};
use crate::kit::{use_form, EnhancedForm};

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

/// Server only: the action.
#[cfg(feature = "ssr")]
pub mod server {
    use super::{Greet, Greeting};
    use crate::kit::server::{success, ActionResponse, Actions, Event};
    use crate::state::AppState;

    pub fn actions() -> Actions<AppState> {
        Actions::named().action("greet", greet).into()
    }

    /// A blank name is a 422 with the message, the text kept; any other gets a greeting.
    async fn greet(ev: Event<AppState>) -> ActionResponse<Greeting> {
        let form: Greet = ev.parse()?;
        success(Greeting {
            greeting: format!("Hello, {}!", form.name),
        })
    }
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/", HelloPage).actions(server::actions())
}

#[component]
pub fn HelloPage() -> impl IntoView {
    let greeting = use_form::<Greeting>();
    let f = use_fields::<Greet>().fields();
    view! {
        <Title text="Hello" />
        <Meta name="description" content="A page with one form, to start from." />
        <h1>"Hello"</h1>
        {move || greeting.get().map(|g| view! { <p role="status">{g.greeting}</p> })}
        <EnhancedForm action="?/greet" label="Greet" novalidate=true>
            <FormField field=f.name />
            <button type="submit">"Greet"</button>
        </EnhancedForm>
    }
}
