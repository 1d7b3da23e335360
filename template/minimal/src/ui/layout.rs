//! The layout every page shares: the nav, and the page or its error page.

use leptos::prelude::*;

use super::errors::ErrorPage;
use crate::kit;

/// The nav and the page (`children`: the routes). After an action that ended in
/// an error, the error page instead of the page.
#[component]
pub fn Layout(children: ChildrenFn) -> impl IntoView {
    let page = kit::provide_page();
    // A load that every page needs (the current user, say) goes here, shared
    // with the pages by context: `provide_context(kit::load(|| (), |_| current_user()))`.

    view! {
        <kit::PageData />
        <kit::Announcer />
        <header>
            <nav>
                <a href="/">"Home"</a>
            </nav>
        </header>
        <main>
            <Show
                when=move || page.error().is_none()
                fallback=move || {
                    view! { <ErrorPage status=page.status() error=page.error().unwrap_or_default() /> }
                }
            >
                {children()}
            </Show>
        </main>
    }
}
