//! Builds the whole server from a [`Config`]: used by `main` and by the tests.
//!
//! Server only: the composition root, and nothing else (the parts every app
//! shares are in `site.rs`). The layers, outermost first: request id, tracing,
//! the kept pages' answers, compression, asset caching; then the form-actions
//! layer's own, in its fixed order (security headers, panic guard, timeout, body limit,
//! cookies and `locals`, CSRF); then the routes: the pages of `routes::pages` (GET
//! by Leptos, actions by the layer), static files and the 404 page.

use axum::Router;

use crate::config::Config;
use crate::db::{self, Db};
use crate::routes::pages;
use crate::site;
use crate::state::{AppState, Shared};

/// The pages whose HTML is the same for every visitor without a cookie, rendered
/// once and then served from memory (the layer's page cache). A page whose
/// HTML read the database, the clock or a session would not belong here.
const KEPT_PAGES: [&str; 1] = ["/"];

/// Connects to the database (migrating it) and builds the app.
pub async fn app(config: &Config) -> anyhow::Result<Router> {
    let db = db::connect(&config.database_url).await?;
    Ok(router(config, db))
}

/// Builds the app on an open database.
pub fn router(config: &Config, db: Db) -> Router {
    let state = AppState::new(Shared {
        leptos_options: config.leptos.clone(),
        db,
    });
    // The app's other routes (a JSON API, say: `Router::new().route(…)`) go here;
    // the site's files, then the 404 page, answer what they do not.
    let rest = site::with_files_and_404(Router::new(), &state);
    let app = site::form_actions(config, &state)
        .keep_pages(KEPT_PAGES)
        // A `handle` hook (SvelteKit's) goes here, `.hook(|app| app.layer(…))`:
        // it runs before every page and action, after cookies, `locals` and the
        // CSRF check (the demo's reads the session cookie into `locals`).
        .router(site::leptos_pages(&state), pages(), rest);
    site::outer_layers(app).with_state(state)
}
