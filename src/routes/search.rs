//! `/search`: a GET form and no actions. The load reads `q` from the URL.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::auth::RequireLogin;
use crate::i18n::{t, Text};
use crate::kit::{self, GetForm, PageError};
use crate::todos::TodoSummary;
use crate::ui::ErrorPage;

crate::kit::route!(
    /// The page at `/search`.
    pub Search = "/search"
);

/// The load: the user's todos whose title contains `q` (none for an empty `q`);
/// `None` when nobody is logged in. Server only.
#[kit::load]
pub async fn search_todos(q: String) -> Result<Option<Vec<TodoSummary>>, PageError> {
    use crate::{auth::User, kit::server, state::AppState, todos::store};
    let Some(user) = server::locals().get::<User>() else {
        return Ok(None);
    };
    if q.trim().is_empty() {
        return Ok(Some(Vec::new()));
    }
    let state = expect_context::<AppState>();
    Ok(Some(store::search(&state.db, user.id, q.trim()).await?))
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState, Search> {
    crate::kit::server::PageRoute::new(Search, SearchPage)
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = kit::load(q, search_todos);
    view! {
        <Title text=t(Text::Search) />
        <Meta name="description" content=t(Text::SearchDescription) />
        <h1>{t(Text::Search)}</h1>
        <GetForm action="/search" label=t(Text::Search) keep_focus=true>
            <div class="field">
                <label for="q">{t(Text::Search)}</label>
                <input id="q" type="search" name="q" value=q />
            </div>
            <button type="submit">{t(Text::Search)}</button>
        </GetForm>
        <Transition>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(None) => view! { <RequireLogin path="/search" /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                    Ok(Some(found)) => {
                        let q = q().trim().to_owned();
                        if q.is_empty() {
                            ().into_any()
                        } else if found.is_empty() {
                            view! { <p>{t(Text::NoMatch { query: q })}</p> }.into_any()
                        } else {
                            view! {
                                <ul aria-label=t(Text::Results)>
                                    {found
                                        .into_iter()
                                        .map(|todo| view! { <li>{todo.title}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                }
            })}
        </Transition>
    }
}
