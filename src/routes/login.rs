//! `/login`: named actions `login` (also posted by Quick log in on `/`) and
//! `register`, and `redirectTo`.

use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::safe_redirect;
use crate::i18n::{t, Text};
use crate::kit::fields::{FormHandle, Secret};
use crate::kit::prelude::*;
#[cfg(feature = "ssr")]
use crate::state::AppState;

/// The log-in form of `/login` and of Quick log in on `/`. Register sends the
/// same fields to its own rules ([`RegisterForm`], the same form name), so
/// its issues show here too. The password is a [`Secret`]: never shown back.
#[derive(Debug, Form)]
#[form(name = "login", status = 400)]
pub struct LoginForm {
    #[field(
        label = Text::Email,
        input = "email",
        autocomplete = "email",
        required = Text::EmailRequired
    )]
    pub email: String,
    #[field(
        label = Text::Password,
        autocomplete = "current-password",
        required = Text::PasswordRequired
    )]
    pub password: Secret<String>,
    /// Where to go after logging in (a path of this site, spec B4).
    #[field(hidden, name = "redirectTo")]
    pub redirect_to: Option<String>,
}

/// What a login or registration that stays on `/login` shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Welcome {
    pub welcome: String,
}

route!(
    /// The page at `/login`.
    pub Login = "/login"
);

/// The fields of `/login` under the rules of a new account: Register posts the
/// log-in form here, so its issues show in the same fields.
#[derive(Debug, Form)]
#[form(name = "login", status = 400)]
pub struct RegisterForm {
    #[field(label = Text::Email)]
    pub email: crate::auth::domain::Email,
    #[field(
        label = Text::Password,
        min_length = 8,
        too_short = Text::PasswordTooShort
    )]
    pub password: Secret<String>,
    #[field(hidden, name = "redirectTo")]
    pub redirect_to: Option<String>,
}

/// Log in (spec F1): posted by `/login`'s form and by Quick log in on `/`,
/// both to `/login?/login`. A failure keeps the email and `redirectTo`, never
/// the password.
#[action(Login)]
pub async fn login(ev: Event<AppState>, form: LoginForm) -> Result<Welcome, Stop> {
    use axum::http::{header::RETRY_AFTER, HeaderValue};
    let (email, password) = (form.email.as_str(), form.password.expose());
    match server::log_in(&ev.state, &ev.cookies, &ev.locals, email, password).await? {
        Ok(user) => server::done(
            server::redirect_to(form.redirect_to, || ev.query("redirectTo")),
            t(Text::WelcomeBack {
                name: user.name().to_owned(),
            }),
        ),
        Err(refused) => {
            if refused.busy {
                let retry = HeaderValue::from_static(server::RETRY_AFTER_SECS);
                ev.set_header(RETRY_AFTER, retry);
            }
            let rejected = ev.reject::<LoginForm>().status(refused.status);
            Err(rejected.message(refused.message).into())
        }
    }
}

/// Create an account, and log in with it.
#[action(Login)]
pub async fn register(ev: Event<AppState>, form: RegisterForm) -> Result<Welcome, Stop> {
    use crate::auth::{domain::Password, server as auth};
    let names = RegisterForm::names();
    let password = Password::parse(form.password.expose())
        .map_err(|m| ev.reject::<RegisterForm>().issue(names.password, t(m)))?;
    let db = &ev.state.db;
    let created = auth::create_user(db, &ev.state.hasher, &form.email, &password).await;
    let created = created.map_err(|e| server::busy_or(&ev, ev.reject::<RegisterForm>(), e))?;
    let Some(user) = created else {
        let taken = t(Text::EmailTaken);
        return Err(ev.reject::<RegisterForm>().issue(names.email, taken).into());
    };
    let welcome = t(Text::WelcomeNew {
        name: user.name().to_owned(),
    });
    auth::start_session(db, &ev.cookies, &ev.locals, user, ev.state.session_days).await?;
    server::done(
        server::redirect_to(form.redirect_to, || ev.query("redirectTo")),
        welcome,
    )
}

/// Server only: the actions. They always run on the server, so nobody can skip
/// the rules.
#[cfg(feature = "ssr")]
pub mod server {
    use super::Welcome;
    use crate::auth::{
        safe_redirect,
        server::{self as auth, ClientIp},
        User,
    };
    use crate::i18n::{t, Text};
    use crate::kit::fields::{Form, Rejected};
    use crate::kit::server::{Cookies, Event, Locals};
    use crate::kit::Stop;
    use crate::state::AppState;
    use axum::http::{header::RETRY_AFTER, HeaderValue};

    /// How long a busy server asks to be left alone.
    pub(crate) const RETRY_AFTER_SECS: &str = "5";

    /// `redirectTo`, from the form or from the action URL, if it is a path of this site.
    pub(super) fn redirect_to(
        sent: Option<String>,
        from_url: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        sent.or_else(from_url)
            .filter(|to| safe_redirect(to).is_some())
    }

    /// Why a login was refused: the status and the form's message.
    pub struct Refused {
        pub status: u16,
        pub message: String,
        /// The password could not be checked in time (spec S2): answer
        /// `Retry-After` too.
        pub busy: bool,
    }

    impl Refused {
        fn new(status: u16, message: Text) -> Self {
            let busy = false;
            Self {
                status,
                message: t(message),
                busy,
            }
        }
    }

    /// A login with `email` and `password` under the limits (spec S1: per email,
    /// and per client address; S2: the hashes that may run at once), and the
    /// session it starts. Shared by `/login` and Quick log in on `/`. `Err` is
    /// unexpected (a 500).
    pub async fn log_in(
        state: &AppState,
        cookies: &Cookies,
        locals: &Locals,
        email: &str,
        password: &str,
    ) -> anyhow::Result<Result<User, Refused>> {
        let db = &state.db;
        let key = email.to_lowercase();
        let email_key = format!("email:{key}");
        // Reserved before the password is checked, so that attempts sent at once
        // cannot pass the limits (spec S1): per email, and per client address.
        if !auth::reserve_attempt(db, &email_key, auth::MAX_FAILURES).await? {
            return Ok(Err(Refused::new(429, Text::TooManyAttempts)));
        }
        let ip_key = locals.get::<ClientIp>().map(|ip| format!("ip:{}", ip.0));
        if let Some(ip_key) = &ip_key {
            if !auth::reserve_attempt(db, ip_key, state.login_ip_limit).await? {
                auth::release_attempt(db, &email_key).await?;
                return Ok(Err(Refused::new(429, Text::TooManyAttempts)));
            }
        }
        let checked = auth::authenticate(db, &state.hasher, &key, password).await;
        let user = match checked {
            Ok(Some(user)) => user,
            Ok(None) => return Ok(Err(Refused::new(400, Text::InvalidLogin))),
            Err(error) => {
                // Not checked, so not a failure: the attempts are given back.
                auth::release_attempt(db, &email_key).await?;
                if let Some(ip_key) = &ip_key {
                    auth::release_attempt(db, ip_key).await?;
                }
                if !error.is::<auth::Busy>() {
                    return Err(error);
                }
                return Ok(Err(Refused {
                    busy: true,
                    ..Refused::new(503, Text::ServerBusy)
                }));
            }
        };
        auth::forget_attempts(db, &email_key).await?;
        if let Some(ip_key) = &ip_key {
            auth::release_attempt(db, ip_key).await?;
        }
        auth::start_session(db, cookies, locals, user.clone(), state.session_days).await?;
        Ok(Ok(user))
    }

    /// A hash that found no turn (spec S2) is a 503 the person can retry; any
    /// other error is unexpected.
    pub(super) fn busy_or<F: Form>(
        ev: &Event<AppState>,
        rejected: Rejected<F>,
        error: anyhow::Error,
    ) -> Stop {
        if !error.is::<auth::Busy>() {
            return error.into();
        }
        ev.set_header(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
        rejected.status(503).message(t(Text::ServerBusy)).into()
    }

    /// After a login or a registration: go where `redirectTo` says, or stay and welcome.
    pub(super) fn done(redirect_to: Option<String>, welcome: String) -> Result<Welcome, Stop> {
        match redirect_to {
            Some(to) => Err(Stop::redirect(to)),
            None => Ok(Welcome { welcome }),
        }
    }
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<AppState, Login> {
    PageRoute::new(Login, LoginPage)
        .action(login)
        .action(register)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let (login, register) = (use_action(login), use_action(register));
    let form = login.form().also(&register);
    let welcome = move || login.output().or_else(|| register.output());
    let query = use_query_map();
    let redirect_to = Signal::derive(move || query.read().get("redirectTo"));
    view! {
        <Title text=t(Text::LogIn) />
        <Meta name="description" content=t(Text::LoginDescription) />
        <h1>{t(Text::LogIn)}</h1>
        {move || {
            welcome()
                .filter(|w| !w.welcome.is_empty())
                .map(|w| view! { <p role="status">{w.welcome}</p> })
        }}
        <ActionForm action=login label=t(Text::LogIn) novalidate=true>
            <AuthFields form redirect_to />
            <div class="buttons">
                <button type="submit">{t(Text::LogIn)}</button>
                <button type="submit" formaction=register.url()>{t(Text::Register)}</button>
            </div>
        </ActionForm>
    }
}

/// Email and password with their messages, and `redirectTo` carried along in a
/// hidden field, so both buttons keep it. Shared by `/login` and Quick log in.
#[component]
pub fn AuthFields(
    form: FormHandle<LoginForm>,
    /// A `redirectTo` from the page's URL, when the form did not send one.
    #[prop(optional, into)]
    redirect_to: Signal<Option<String>>,
) -> impl IntoView {
    let f = form.fields();
    let redirect_to = move || {
        let to = f.redirect_to.value().or_else(|| redirect_to.get())?;
        safe_redirect(&to).is_some().then_some(to)
    };
    view! {
        {move || redirect_to().map(|to| view! { <input type="hidden" name="redirectTo" value=to /> })}
        <FormField field=f.email />
        <FormField field=f.password />
        <FormMessage form />
    }
}
