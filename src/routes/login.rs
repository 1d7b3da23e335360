//! `/login`: named actions `login` and `register`, and `redirectTo`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::safe_redirect;
use crate::kit::{use_form, EnhancedForm};

/// The `form` value of `/login` (and of Quick log in on `/`): what the user typed
/// (never the password), the messages, and where to go next.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthForm {
    pub email: String,
    pub email_error: Option<String>,
    pub password_error: Option<String>,
    /// A message about the whole form (wrong credentials, too many attempts).
    pub error: Option<String>,
    pub welcome: Option<String>,
    pub redirect_to: Option<String>,
}

/// Server only: the actions. They always run on the server, so nobody can skip
/// the rules.
#[cfg(feature = "ssr")]
pub mod server {
    use super::AuthForm;
    use crate::auth::{
        domain::{Email, Password},
        safe_redirect,
        server::{self as auth, ClientIp},
    };
    use crate::kit::server::{
        fail, redirect, success, ActionError, ActionResponse, Actions, Event,
    };
    use crate::state::AppState;
    use axum::http::{header::RETRY_AFTER, HeaderValue};

    /// How long a busy server asks to be left alone.
    const RETRY_AFTER_SECS: &str = "5";

    pub fn actions() -> Actions<AppState> {
        Actions::named()
            .action("login", login)
            .action("register", register)
            .into()
    }

    /// `redirectTo`, from the form or from the action URL, if it is a path of this site.
    fn redirect_to(ev: &Event<AppState>) -> Result<Option<String>, ActionError> {
        let raw = match ev.form.get("redirectTo")? {
            Some(value) => Some(value.to_owned()),
            None => ev.query("redirectTo"),
        };
        Ok(raw.as_deref().and_then(safe_redirect).map(str::to_owned))
    }

    async fn login(ev: Event<AppState>) -> ActionResponse<AuthForm> {
        let email = ev.form.text("email")?.trim().to_owned();
        let password = ev.form.text("password")?;
        let mut form = AuthForm {
            email: email.clone(),
            redirect_to: redirect_to(&ev)?,
            ..AuthForm::default()
        };
        if email.is_empty() {
            form.email_error = Some("Email is required".into());
        }
        if password.is_empty() {
            form.password_error = Some("Password is required".into());
        }
        if form.email_error.is_some() || form.password_error.is_some() {
            return fail(400, form);
        }

        let db = &ev.state.db;
        let key = email.to_lowercase();
        let email_key = format!("email:{key}");
        // Reserved before the password is checked, so that attempts sent at once
        // cannot pass the limits (spec S1): per email, and per client address.
        if !auth::reserve_attempt(db, &email_key, auth::MAX_FAILURES).await? {
            return too_many(form);
        }
        let ip_key = ev.locals.get::<ClientIp>().map(|ip| format!("ip:{}", ip.0));
        if let Some(ip_key) = &ip_key {
            if !auth::reserve_attempt(db, ip_key, ev.state.login_ip_limit).await? {
                auth::release_attempt(db, &email_key).await?;
                return too_many(form);
            }
        }
        let checked = auth::authenticate(db, &ev.state.hasher, &key, &password).await;
        let user = match checked {
            Ok(Some(user)) => user,
            Ok(None) => {
                form.error = Some("Invalid email or password".into());
                return fail(400, form);
            }
            Err(error) => {
                // Not checked, so not a failure: the attempts are given back.
                auth::release_attempt(db, &email_key).await?;
                if let Some(ip_key) = &ip_key {
                    auth::release_attempt(db, ip_key).await?;
                }
                return busy_or(&ev, form, error);
            }
        };
        auth::forget_attempts(db, &email_key).await?;
        if let Some(ip_key) = &ip_key {
            auth::release_attempt(db, ip_key).await?;
        }
        let welcome = format!("Welcome back, {}!", user.name());
        auth::start_session(db, &ev.cookies, &ev.locals, user, ev.state.session_days).await?;
        done(form.redirect_to, welcome)
    }

    fn too_many(mut form: AuthForm) -> ActionResponse<AuthForm> {
        form.error = Some("Too many attempts, try again later".into());
        fail(429, form)
    }

    /// A hash that found no turn (spec S2) is a 503 the person can retry; any
    /// other error is unexpected.
    fn busy_or(
        ev: &Event<AppState>,
        mut form: AuthForm,
        error: anyhow::Error,
    ) -> ActionResponse<AuthForm> {
        if !error.is::<auth::Busy>() {
            return Err(error.into());
        }
        ev.set_header(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
        form.error = Some("The server is busy, try again in a moment".into());
        fail(503, form)
    }

    async fn register(ev: Event<AppState>) -> ActionResponse<AuthForm> {
        let email = ev.form.text("email")?;
        let password = ev.form.text("password")?;
        let mut form = AuthForm {
            email: email.trim().to_owned(),
            redirect_to: redirect_to(&ev)?,
            ..AuthForm::default()
        };
        let email = Email::parse(&email)
            .inspect_err(|e| form.email_error = Some((*e).into()))
            .ok();
        let password = Password::parse(&password)
            .inspect_err(|e| form.password_error = Some((*e).into()))
            .ok();
        let (Some(email), Some(password)) = (email, password) else {
            return fail(400, form);
        };

        let db = &ev.state.db;
        let created = match auth::create_user(db, &ev.state.hasher, &email, &password).await {
            Ok(created) => created,
            Err(error) => return busy_or(&ev, form, error),
        };
        let Some(user) = created else {
            form.email_error = Some("An account with this email already exists".into());
            return fail(400, form);
        };
        let welcome = format!("Welcome, {}! Your account was created.", user.name());
        auth::start_session(db, &ev.cookies, &ev.locals, user, ev.state.session_days).await?;
        done(form.redirect_to, welcome)
    }

    /// After a login or a registration: go where `redirectTo` says, or stay and welcome.
    fn done(redirect_to: Option<String>, welcome: String) -> ActionResponse<AuthForm> {
        match redirect_to {
            Some(to) => redirect(to),
            None => success(AuthForm {
                welcome: Some(welcome),
                ..AuthForm::default()
            }),
        }
    }
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/login", LoginPage).actions(server::actions())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let form = use_form::<AuthForm>();
    let query = use_query_map();
    // Carried along in a hidden field, so both buttons keep it.
    let redirect_to = Signal::derive(move || {
        form.get().and_then(|f| f.redirect_to).or_else(|| {
            query
                .read()
                .get("redirectTo")
                .filter(|t| safe_redirect(t).is_some())
        })
    });
    view! {
        <Title text="Log in" />
        <h1>"Log in"</h1>
        {move || form.get().and_then(|f| f.welcome).map(|w| view! { <p role="status">{w}</p> })}
        <EnhancedForm action="?/login" label="Log in" novalidate=true>
            <AuthFields form id="login" redirect_to />
            <div class="buttons">
                <button type="submit">"Log in"</button>
                <button type="submit" formaction="?/register">"Register"</button>
            </div>
        </EnhancedForm>
    }
}

/// Email and password with their messages. Shared by `/login` and Quick log in.
#[component]
pub fn AuthFields(
    /// The form value to show (the page's, or the form's own).
    #[prop(into)]
    form: Signal<Option<AuthForm>>,
    /// A prefix for element ids, unique on the page.
    id: &'static str,
    /// A `redirectTo` to carry along.
    #[prop(optional, into)]
    redirect_to: Signal<Option<String>>,
) -> impl IntoView {
    let email_error = move || form.get().and_then(|f| f.email_error);
    let password_error = move || form.get().and_then(|f| f.password_error);
    let email_id = format!("{id}-email");
    let password_id = format!("{id}-password");
    let email_error_id = format!("{id}-email-error");
    let password_error_id = format!("{id}-password-error");
    view! {
        {move || {
            redirect_to.get().map(|to| view! { <input type="hidden" name="redirectTo" value=to /> })
        }}
        <div class="field">
            <label for=email_id.clone()>"Email"</label>
            <input
                id=email_id
                type="email"
                name="email"
                autocomplete="email"
                value=move || form.get().map(|f| f.email).unwrap_or_default()
                aria-invalid=move || email_error().map(|_| "true")
                aria-describedby=move || email_error().map(|_| email_error_id.clone())
                autofocus=move || email_error().is_some()
            />
            {move || {
                email_error()
                    .map(|e| view! { <p id=format!("{id}-email-error") class="error" role="alert">{e}</p> })
            }}
        </div>
        <div class="field">
            <label for=password_id.clone()>"Password"</label>
            // Never given a value: passwords are not sent back.
            <input
                id=password_id
                type="password"
                name="password"
                autocomplete="current-password"
                aria-invalid=move || password_error().map(|_| "true")
                aria-describedby=move || password_error().map(|_| password_error_id.clone())
                autofocus=move || email_error().is_none() && password_error().is_some()
            />
            {move || {
                password_error()
                    .map(|e| {
                        view! { <p id=format!("{id}-password-error") class="error" role="alert">{e}</p> }
                    })
            }}
        </div>
        {move || {
            form.get().and_then(|f| f.error).map(|e| view! { <p class="error" role="alert">{e}</p> })
        }}
    }
}
