//! `/`: a welcome, or a Quick log in form that posts to another page's action.

use leptos::prelude::*;
use leptos_meta::Title;

use super::login::AuthFields;
use crate::kit::fields::{FormHandle, Submitted};
use crate::kit::{use_form_state, EnhancedForm};
use crate::ui::UserResource;

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/", HomePage)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let user = expect_context::<UserResource>();
    view! {
        <Title text="Home" />
        <h1>"Home"</h1>
        <Transition>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! { <p>{format!("Welcome, {}", user.name())}</p> }.into_any(),
                    _ => {
                        view! {
                            <p>"You are not logged in"</p>
                            <QuickLogin />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Posts to `/login?/login`. Without JavaScript the browser goes to `/login` with
/// the result; with it the form stays here and shows its own messages, which is
/// why it is an island: it renders them in the browser.
#[island]
fn QuickLogin() -> impl IntoView {
    view! {
        <EnhancedForm action="/login?/login" label="Quick log in" novalidate=true>
            <QuickLoginFields />
            <button type="submit">"Log in"</button>
        </EnhancedForm>
    }
}

#[component]
fn QuickLoginFields() -> impl IntoView {
    let state = use_form_state();
    // The form's own result, not the page's, and ids of its own.
    let result = Signal::derive(move || state.data::<Submitted>());
    let form = FormHandle::from_result(result).id_prefix("quick");
    view! { <AuthFields form /> }
}
