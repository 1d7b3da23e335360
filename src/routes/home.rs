//! `/`: a welcome, or Quick log in, a form for `/login`'s action `login` in an
//! island (spec A4, T2).

use super::login::{login, AuthFields};
use crate::i18n::{t, Text};
use crate::kit::prelude::*;
use crate::ui::UserResource;

route!(
    /// The page at `/`.
    pub Home = "/"
);

/// The page: its path and its view, in the app's one page table
/// (`routes::pages`). Server only. Quick log in posts to `/login`'s action.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<crate::state::AppState, Home> {
    PageRoute::new(Home, HomePage)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let user = expect_context::<UserResource>();
    view! {
        <Title text=t(Text::Home) />
        <Meta name="description" content=t(Text::HomeDescription) />
        <h1>{t(Text::Home)}</h1>
        <Transition>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        let name = user.name().to_owned();
                        view! { <p>{t(Text::Welcome { name })}</p> }.into_any()
                    }
                    _ => {
                        view! {
                            <p>{t(Text::NotLoggedIn)}</p>
                            <QuickLogInForm />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Quick log in: a form for `/login`'s action [`login`](super::login::login),
/// posted to `/login?/login` (spec A4). With JavaScript the form keeps its
/// result to itself and the page's loads run again: after a success Home shows
/// the logged-in user. Without, the browser lands on `/login`, rendered with the
/// result, as any form posting to another page's action. An island, so that it
/// shows its own result.
#[island(lazy)]
fn QuickLogInForm() -> impl IntoView {
    let login = use_action(login);
    let form = login.form().id_prefix("quick");
    // An error that is not the form's (a 500 with its id, a network failure).
    let error = {
        let value = login.value();
        move || {
            value
                .get()
                .and_then(Result::err)
                .and_then(|stop| stop.message())
        }
    };
    view! {
        <ActionForm action=login label=t(Text::QuickLogIn) novalidate=true>
            <AuthFields form />
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit">{t(Text::LogIn)}</button>
        </ActionForm>
    }
}
