//! `/logout`: a default action, posted to from the nav of every page.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::kit::EnhancedForm;

/// Server only: the action.
#[cfg(feature = "ssr")]
pub mod server {
    use crate::auth::{server as auth, User};
    use crate::kit::server::{redirect, ActionResponse, Actions, Event};
    use crate::state::AppState;

    pub fn actions() -> Actions<AppState> {
        Actions::default_action(logout)
    }

    /// Deletes the session row (the cookie's token stops working) and the cookie.
    async fn logout(ev: Event<AppState>) -> ActionResponse<()> {
        let name = auth::session_cookie(&ev.cookies);
        if let Some(token) = ev.cookies.get(name) {
            auth::end_session(&ev.state.db, &token).await?;
        }
        ev.cookies.delete(name);
        ev.locals.remove::<User>();
        redirect("/")
    }
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/logout", LogoutPage).actions(server::actions())
}

#[component]
pub fn LogoutPage() -> impl IntoView {
    view! {
        <Title text="Log out" />
        <Meta name="description" content="Log out of your account." />
        <h1>"Log out"</h1>
        <EnhancedForm action="/logout" label="Log out">
            <button type="submit">"Log out"</button>
        </EnhancedForm>
    }
}
