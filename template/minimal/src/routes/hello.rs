//! `/`: one form, with a named action `greet`.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::kit::{use_form, EnhancedForm};

/// The `form` value of `/`: what the user typed, the message, the greeting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HelloForm {
    pub name: String,
    pub error: Option<String>,
    pub greeting: Option<String>,
}

/// Server only: the action.
#[cfg(feature = "ssr")]
pub mod server {
    use super::HelloForm;
    use crate::kit::server::{fail, success, ActionResponse, Actions, Event};
    use crate::state::AppState;

    pub fn actions() -> Actions<AppState> {
        Actions::named().action("greet", greet).into()
    }

    /// A blank name is a 422 with a message; any other gets a greeting.
    async fn greet(ev: Event<AppState>) -> ActionResponse<HelloForm> {
        let name = ev.form.text("name")?.trim().to_owned();
        if name.is_empty() {
            return fail(
                422,
                HelloForm {
                    name,
                    error: Some("Name is required".into()),
                    ..HelloForm::default()
                },
            );
        }
        success(HelloForm {
            greeting: Some(format!("Hello, {name}!")),
            ..HelloForm::default()
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
    let form = use_form::<HelloForm>();
    let error = move || form.get().and_then(|f| f.error);
    view! {
        <Title text="Hello" />
        <h1>"Hello"</h1>
        {move || form.get().and_then(|f| f.greeting).map(|g| view! { <p role="status">{g}</p> })}
        <EnhancedForm action="?/greet" label="Greet" novalidate=true>
            <div class="field">
                <label for="name">"Name"</label>
                <input
                    id="name"
                    name="name"
                    autocomplete="name"
                    value=move || form.get().map(|f| f.name).unwrap_or_default()
                    aria-invalid=move || error().map(|_| "true")
                    aria-describedby=move || error().map(|_| "name-error")
                    autofocus=move || error().is_some()
                />
                {move || error().map(|e| view! { <p id="name-error" class="error" role="alert">{e}</p> })}
            </div>
            <button type="submit">"Greet"</button>
        </EnhancedForm>
    }
}
