//! The demo's authentication: users, sessions, the current user.
//!
//! `User`, `current_user` and `safe_redirect` are shared by both sides; the
//! database and hashing code is server only (`server`, `domain`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{t, Text};
use crate::kit::{self, PageError};

pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;

/// The logged-in user, as the pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
}

impl User {
    /// What the app calls the user: their email before the `@`.
    pub fn name(&self) -> &str {
        self.email.split('@').next().unwrap_or(&self.email)
    }
}

/// The current user: the load of the layout, shared by every page. Runs on the
/// server only (a load, at no URL), reading `locals` (set by the `handle` hook,
/// updated by actions).
#[kit::load]
pub async fn current_user() -> Result<Option<User>, PageError> {
    Ok(kit::server::locals().get::<User>())
}

/// For a page that needs a user: sends a logged-out visitor to
/// `/login?redirectTo=PATH` (303 on the server, a client-side navigation in the
/// browser). `path` is the page's own path.
#[component]
pub fn RequireLogin(#[prop(into)] path: String) -> impl IntoView {
    let to = login_url(&path);
    kit::page_redirect(&to);
    view! {
        <p>
            {t(Text::PleaseLogIn)}
            <a href=to>{t(Text::LogInLink)}</a>
            {t(Text::ToSeeThisPage)}
        </p>
    }
}

/// The login page, sending the person back to `path` once logged in (the one
/// place that spells `redirectTo` in a URL).
pub fn login_url(path: &str) -> String {
    format!("/login?redirectTo={path}")
}

/// `redirectTo` may only name a path of this site (spec B4): `/…`, not `//host`,
/// not `/\host` (which browsers read as `//host`), no control characters.
pub fn safe_redirect(target: &str) -> Option<&str> {
    let ok = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && !target.chars().any(char::is_control);
    ok.then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_the_part_before_the_at() {
        let user = User {
            id: 1,
            email: "ada@example.com".into(),
        };
        assert_eq!(user.name(), "ada");
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_redirect("/todos"), Some("/todos"));
        assert_eq!(safe_redirect("/search?q=a"), Some("/search?q=a"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "todos",
            "",
            "/\tx",
        ] {
            assert_eq!(safe_redirect(bad), None, "{bad:?}");
        }
    }
}
