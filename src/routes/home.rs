//! `/`: a welcome, or Quick log in: a `#[server]` function posted by Leptos's
//! own `<ActionForm>` in an island, and the page's action `login` without
//! JavaScript (spec F1).

use leptos::prelude::*;
use leptos_meta::Title;

use super::login::AuthFields;
use crate::kit::fields::{FormHandle, Secret};
use crate::kit::{use_server_action, FormError};
use crate::ui::UserResource;

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
///
/// Its one action is [`quick_login`]: Quick log in's `<ActionForm>` posts to
/// `/api/quick_login`, and a browser without JavaScript is sent from there to
/// `/?/login` (a 307), which renders this page with the result and its status.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    use crate::kit::server::{Actions, PageRoute};
    PageRoute::new("/", HomePage).actions(Actions::named().server_fn::<QuickLogin>("login"))
}

/// Quick log in: `/login`'s rules and messages (the same [`LoginForm`], the
/// same limits), then a session and a redirect to `/`. The fields arrive as the
/// form sent them and are read by the typed form, so that a missing email is
/// "Email is required", not a bare 400. A failure keeps the email, never the
/// password.
///
/// [`LoginForm`]: super::login::LoginForm
#[server(endpoint = "quick_login")]
pub async fn quick_login(
    #[server(default)] email: String,
    #[server(default)] password: Secret<String>,
) -> Result<(), FormError> {
    use super::login::{
        server::{log_in, RETRY_AFTER_SECS},
        LoginForm,
    };
    use crate::kit::fields::{Form, Rejected};
    use crate::kit::server::{cookies, locals};
    use axum::http::{header::RETRY_AFTER, HeaderValue};

    let sent = vec![
        ("email", email.as_str()),
        ("password", password.expose().as_str()),
    ];
    let form = LoginForm::parse(&sent)?;
    let state = expect_context::<crate::state::AppState>();
    let cookies = cookies().ok_or_else(|| anyhow::anyhow!("quick_login ran outside a request"))?;
    let (email, password) = (form.email.as_str(), form.password.expose());
    match log_in(&state, &cookies, &locals(), email, password).await? {
        Ok(_) => {
            leptos_axum::redirect("/");
            Ok(())
        }
        Err(refused) => {
            if refused.busy {
                let options = expect_context::<leptos_axum::ResponseOptions>();
                options.insert_header(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
            }
            let rejected = Rejected::<LoginForm>::sent(&sent).status(refused.status);
            Err(rejected.message(refused.message).into())
        }
    }
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
                            <QuickLogInForm />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Leptos's `<ActionForm>` for [`quick_login`]. With JavaScript it posts to
/// `/api/quick_login` with `fetch`, and shows the result here (it keeps it to
/// itself: the page's `form` is not touched); a success navigates to `/`.
/// Without, the browser posts the same form and lands on `/?/login`, rendered
/// with the result, which this island starts from on both sides.
#[island]
fn QuickLogInForm() -> impl IntoView {
    let login = use_server_action::<QuickLogin>();
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
    view! {
        <ActionForm
            action=login
            attr:aria-label="Quick log in"
            attr:novalidate=true
            attr:aria-busy=move || pending.get().then_some("true")
        >
            // Made again after every submission, so the password field is empty
            // (spec E4) and the email shows what was sent.
            {move || {
                version.track();
                view! { <AuthFields form /> }
            }}
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" disabled=move || pending.get()>
                "Log in"
            </button>
        </ActionForm>
    }
}
