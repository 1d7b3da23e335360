//! `/logout`: a default action, posted to from the nav of every page.

use crate::i18n::{t, Text};
use crate::kit::prelude::*;

route!(
    /// The page at `/logout`.
    pub Logout = "/logout"
);

/// Log out: deletes the session row (the cookie's token stops working) and
/// the cookie. The page's default action, posted to from the nav of every page.
#[action(Logout, default)]
pub async fn logout(ev: Event<crate::state::AppState>) -> Result<(), Stop> {
    use crate::auth::{server as auth, User};
    let name = auth::session_cookie(&ev.cookies);
    if let Some(token) = ev.cookies.get(name) {
        auth::end_session(&ev.state.db, &token).await?;
    }
    ev.cookies.delete(name);
    ev.locals.remove::<User>();
    Err(Stop::redirect("/"))
}

/// The page: its path, its view and its action, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<crate::state::AppState, Logout> {
    PageRoute::new(Logout, LogoutPage).action(logout)
}

/// The Log out form, on this page and in the nav of every page.
#[component]
pub fn LogoutForm() -> impl IntoView {
    view! {
        <ActionForm action=use_action(logout) label=t(Text::LogOut)>
            <button type="submit">{t(Text::LogOut)}</button>
        </ActionForm>
    }
}

#[component]
pub fn LogoutPage() -> impl IntoView {
    view! {
        <Title text=t(Text::LogOut) />
        <Meta name="description" content=t(Text::LogoutDescription) />
        <h1>{t(Text::LogOut)}</h1>
        <LogoutForm />
    }
}
