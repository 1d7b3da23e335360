//! `/`: a welcome, or Quick log in: `/login`'s action `login`, a `#[server]`
//! function, posted by Leptos's own `<ActionForm>` in an island (spec F1, A4).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::login::{AuthFields, Login};
use crate::kit::fields::FormHandle;
use crate::kit::use_server_action;
use crate::ui::UserResource;

/// The page: its path and its view, in the app's one page table
/// (`routes::pages`). Server only. Quick log in posts to `/login`'s action.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/", HomePage)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let user = expect_context::<UserResource>();
    view! {
        <Title text="Home" />
        <Meta name="description" content="A Leptos app with form actions: every form works without JavaScript, and better with it." />
        <h1>"Home"</h1>
        <Transition>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! { <p>{format!("Welcome, {}", user.name())}</p> }.into_any(),
                    _ => {
                        view! {
                            <p>"You are not logged in"</p>
                            <QuickLogInForm />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Leptos's `<ActionForm>` for `/login`'s [`login`](super::login::login). With
/// JavaScript it posts to `/api/login` with `fetch` and shows a failure here (it
/// keeps it to itself: the page's `form` is not touched); after a success the
/// page's loads run again, and it shows the logged-in Home. Without, the
/// browser posts the same form and lands on `/login?/login`, rendered with the
/// result, as any form posting to another page's action (spec A4).
#[island(lazy)]
fn QuickLogInForm() -> impl IntoView {
    let login = use_server_action::<Login>();
    let (value, pending, version) = (login.value(), login.pending(), login.version());
    let failure = Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(error)) => error.failure().cloned(),
            _ => None,
        })
    });
    // An error that is not the form's (a 500 with its id, a network failure).
    let error = move || {
        value.with(|v| match v {
            Some(Err(error)) => error.message(),
            _ => None,
        })
    };
    let form = FormHandle::from_result(failure).id_prefix("quick");
    let node_ref = NodeRef::<leptos::html::Form>::new();
    // After every submission the password is emptied (spec E4), as the browser
    // would have done without JavaScript: the fields are rendered again, but a
    // typed value is the input's own state, which rendering does not touch.
    #[cfg(feature = "hydrate")]
    Effect::watch(
        move || version.get(),
        move |_, _, _| {
            use wasm_bindgen::JsCast;
            let Some(passwords) = node_ref
                .get_untracked()
                .and_then(|form| form.query_selector_all("input[type=password]").ok())
            else {
                return;
            };
            for i in 0..passwords.length() {
                let input = passwords
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let Some(input) = input {
                    input.set_value("");
                }
            }
        },
        false,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = version;
    view! {
        <ActionForm
            action=login
            node_ref
            attr:aria-label="Quick log in"
            attr:novalidate=true
            attr:aria-busy=move || pending.get().then_some("true")
        >
            <AuthFields form />
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" disabled=move || pending.get()>
                "Log in"
            </button>
        </ActionForm>
    }
}
