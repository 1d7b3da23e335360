//! The layout every page shares: the nav, and the page or its error page.

use leptos::prelude::*;

use super::errors::ErrorPage;
use crate::i18n::{t, Text};
use crate::kit::{self, PageError};

/// The nav and the page (`children`: the routes). After an action that ended in
/// an error, the error page instead of the page (the layer's `<kit::Page>`).
#[component]
pub fn Layout(children: ChildrenFn) -> impl IntoView {
    // A load that every page needs (the current user, say: an `async fn`
    // declared with `#[kit::load]`) goes here, shared with the pages by
    // context: `provide_context(kit::load(|| (), |_| current_user()))`.

    view! {
        <header>
            <nav>
                <a href="/">{t(Text::Home)}</a>
            </nav>
        </header>
        <main>
            <kit::Page error=|error: PageError| view! { <ErrorPage error /> }>{children()}</kit::Page>
        </main>
    }
}
