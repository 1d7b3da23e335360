//! The HTML shell, the layout every page shares, and the route table.
//!
//! Server only in effect: the app is built as islands, so none of this is
//! hydrated; only the `#[island]` components of the pages run in the browser.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

use crate::auth::{current_user, User};
use crate::kit::{self, EnhancedForm, ErrorBody};
use crate::routes::{
    home::HomePage, login::LoginPage, logout::LogoutPage, search::SearchPage, todos::TodosPage,
};

/// The document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // id=leptos: cargo-leptos watch reloads this stylesheet in place.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                // Islands: the script hydrates each `#[island]` of the page, and
                // calls `hydrate` (lib.rs), which starts the kit's browser half.
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The current user, loaded once by the layout and shared with every page.
pub type UserResource = Resource<Result<Option<User>, ServerFnError>>;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Leptos form actions" />
        <Router>
            <Layout />
        </Router>
    }
}

/// The nav and the page. Every route renders in `SsrMode::Async`: the whole page,
/// loads included, is in the HTML, so it works with JavaScript off (streamed
/// out-of-order chunks would need JavaScript to be put in place).
#[component]
fn Layout() -> impl IntoView {
    let page = kit::provide_page();
    let user: UserResource = kit::load(|| (), |_| current_user());
    provide_context(user);

    view! {
        <kit::PageData />
        <kit::Announcer />
        <header>
            <nav>
                <a href="/">"Home"</a>
                <a href="/todos">"Todos"</a>
                <a href="/search">"Search"</a>
                <span class="session">
                    <Transition>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(Some(user)) => {
                                    view! {
                                        <span class="email">{user.email}</span>
                                        <EnhancedForm action="/logout" label="Log out">
                                            <button type="submit">"Log out"</button>
                                        </EnhancedForm>
                                    }
                                        .into_any()
                                }
                                _ => view! { <a href="/login">"Log in"</a> }.into_any(),
                            }
                        })}
                    </Transition>
                </span>
            </nav>
        </header>
        <main>
            <Show
                when=move || page.error().is_none()
                fallback=move || {
                    view! { <ErrorPage status=page.status() error=page.error().unwrap_or_default() /> }
                }
            >
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("logout") view=LogoutPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("todos") view=TodosPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("search") view=SearchPage ssr=SsrMode::Async />
                </Routes>
            </Show>
        </main>
    }
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// An unknown path: status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Not found" />
        <h1>"Not found"</h1>
        <p>"There is no page at this address. " <a href="/">"Go home"</a></p>
    }
}

/// What the page shows instead of its route after an error: a generic message,
/// and for unexpected errors an id that is also in the server log (spec A9).
#[component]
pub fn ErrorPage(status: u16, error: ErrorBody) -> impl IntoView {
    let title = match status {
        404 => "Not found",
        500.. => "Something went wrong",
        _ => "The request was refused",
    };
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p>{if status >= 500 { "Please try again later.".to_owned() } else { error.message }}</p>
        {error.id.map(|id| view! { <p>"Error id: " <code>{id}</code></p> })}
    }
}

/// What a page shows when its load failed: the error page, status 500.
#[component]
pub fn LoadFailed(error: ServerFnError) -> impl IntoView {
    set_status(500);
    // The message is the load's own: "Internal error (id …)", details in the log.
    let message = error.to_string();
    let id = message
        .rsplit_once("(id ")
        .map(|(_, rest)| rest.trim_end_matches(')').to_owned());
    view! {
        <ErrorPage
            status=500
            error=ErrorBody {
                message,
                id,
            }
        />
    }
}
