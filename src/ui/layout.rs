//! The layout every page shares: the nav, and the page or its error page.

use leptos::prelude::*;

use super::errors::ErrorPage;
use crate::auth::{current_user, User};
use crate::i18n::{t, Text};
use crate::kit::{self, PageError};
use crate::routes::language::LanguageForm;
use crate::routes::logout::LogoutForm;

/// The current user, loaded once by the layout and shared with every page.
pub type UserResource = Resource<Result<Option<User>, PageError>>;

/// The nav and the page (`children`: the routes). After an action that ended in
/// an error, the error page instead of the page (the layer's `<kit::Page>`).
#[component]
pub fn Layout(children: ChildrenFn) -> impl IntoView {
    let user: UserResource = kit::load(|| (), |_| current_user());
    provide_context(user);

    view! {
        <header>
            <nav>
                <a href="/">{t(Text::Home)}</a>
                <a href="/todos">{t(Text::Todos)}</a>
                <a href="/search">{t(Text::Search)}</a>
                <div class="session">
                    <Transition>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(Some(user)) => {
                                    view! {
                                        <span class="email">{user.email}</span>
                                        <LogoutForm />
                                    }
                                        .into_any()
                                }
                                _ => view! { <a href="/login">{t(Text::LogIn)}</a> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
                <LanguageForm />
            </nav>
        </header>
        <main>
            <kit::Page error=|error: PageError| view! { <ErrorPage error /> }>{children()}</kit::Page>
        </main>
    }
}
