//! `/language`: the Language form (in the layout of every page, and on this
//! page) and its action, the page's default (spec L2). It sets the `locale`
//! cookie and goes back to the page it was sent from, with or without
//! JavaScript: the form is a plain HTML form, so the browser loads that page
//! again, whole, in the new language (`<html lang>`, islands and all).

use leptos_router::hooks::use_location;

use crate::i18n::{lang, t, Lang, Locale, Text};
use crate::kit::prelude::*;
#[cfg(feature = "ssr")]
use crate::state::AppState;

route!(
    /// The page at `/language`.
    pub Language = "/language"
);

/// What the Language form sends.
#[derive(Debug, Form)]
#[form(name = "language", status = 400)]
pub struct LanguageChoice {
    /// A language's tag (`en`, `ja`); any other is refused.
    #[field(label = Text::Language, required = Text::ChooseLanguage)]
    pub locale: String,
    /// The page to go back to (a path of this site, spec B4).
    #[field(hidden, name = "redirectTo")]
    pub redirect_to: Option<String>,
}

/// Sets the visitor's language for a year (logged in or not), and answers 303
/// back to `redirectTo`, else `/`. A language the app does not have: 400.
#[action(Language, default)]
pub async fn change_language(ev: Event<AppState>, form: LanguageChoice) -> Result<(), Stop> {
    let Some(chosen) = Lang::from_tag(form.locale.trim()) else {
        let issue = t(Text::ChooseLanguage);
        let rejected = ev.reject::<LanguageChoice>();
        return Err(rejected.issue(LanguageChoice::names().locale, issue).into());
    };
    ev.cookies
        .set_with(crate::kit::server::LOCALE_COOKIE, chosen.tag(), |c| {
            c.max_age(cookie::time::Duration::days(365))
        });
    let back = form
        .redirect_to
        .filter(|to| crate::auth::safe_redirect(to).is_some())
        .unwrap_or_else(|| "/".to_owned());
    Err(Stop::redirect(back))
}

/// The page: its path, its view and its action, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<AppState, Language> {
    PageRoute::new(Language, LanguagePage).action(change_language)
}

#[component]
pub fn LanguagePage() -> impl IntoView {
    view! {
        <Title text=t(Text::Language) />
        <Meta name="description" content=t(Text::LanguageDescription) />
        <h1>{t(Text::Language)}</h1>
        <LanguageFields id="language-locale" />
    }
}

/// The Language form of the layout, on every page but `/language`, whose own
/// form it would repeat (two forms of one name).
#[component]
pub fn LanguageForm() -> impl IntoView {
    let location = use_location();
    (location.pathname.get_untracked() != Language::PATH)
        .then(|| view! { <LanguageFields id="nav-locale" /> })
}

/// The form: a select of the languages (the current one selected), the page
/// to come back to, and Change; after a refused change, its issue. A plain
/// form, not an enhanced one: the answer is a whole page in another language.
#[component]
fn LanguageFields(id: &'static str) -> impl IntoView {
    let location = use_location();
    let back = move || {
        let (path, query) = (location.pathname.get(), location.search.get());
        // On /language itself, back to where the visitor came from is unknown.
        let path = if path == Language::PATH {
            "/".to_owned()
        } else {
            path
        };
        if query.is_empty() {
            path
        } else {
            format!("{path}?{}", query.trim_start_matches('?'))
        }
    };
    let issue = use_action(change_language).fields().locale.issue();
    let error_id = format!("{id}-error");
    let current = lang();
    let options = Lang::ALL
        .iter()
        .map(|l| view! { <option value=l.tag() selected=*l == current>{l.name()}</option> })
        .collect_view();
    view! {
        <form method="post" action=Language::PATH aria-label=t(Text::Language) class="language">
            <input type="hidden" name="redirectTo" value=back />
            <label for=id>{t(Text::Language)}</label>
            <select
                id=id
                name="locale"
                aria-invalid=issue.is_some().then_some("true")
                aria-describedby=issue.is_some().then(|| error_id.clone())
            >
                {options}
            </select>
            <button type="submit">{t(Text::Change)}</button>
            {issue.map(|m| view! { <p id=error_id class="error" role="alert">{m}</p> })}
        </form>
    }
}
