//! Builds the whole server from a [`Config`]: used by `main` and by the tests.
//!
//! Server only: the composition root, and nothing else. The form-actions
//! layer serves the Leptos app (`FormActions::leptos`: the renders, the site's
//! files and the 404 page, compression and asset caching, request ids and
//! logs, and its own middleware in its fixed order); the app adds its state
//! and its kept pages, and outside it all `/healthz`.

use axum::Router;

use crate::app::{shell, App};
use crate::config::Config;
use crate::db::{self, Db};
use crate::health;
use crate::kit::server::{FormActions, Key, Origins};
use crate::routes::pages;
use crate::state::{AppState, Shared};

/// The pages whose HTML is the same for every visitor without a cookie, rendered
/// once and then served from memory (the layer's page cache). A page whose
/// HTML read the database, the clock or a session would not belong here.
const KEPT_PAGES: [&str; 1] = ["/"];

/// Connects to the database (migrating it) and builds the app.
pub async fn app(config: &Config) -> anyhow::Result<Router> {
    let db = db::connect(&config.database_url).await?;
    let key = db::cookie_key(&db).await?;
    Ok(router(config, db, key))
}

/// Builds the app on an open database, with the key that signs its cookies
/// (`db::cookie_key`: the same for every instance on the database).
pub fn router(config: &Config, db: Db, key: Key) -> Router {
    let state = AppState::new(Shared {
        leptos_options: config.leptos.clone(),
        db: db.clone(),
    });
    let origins = Origins::new(&config.origin, config.trusted_origins.clone());
    FormActions::leptos(state, origins, shell, App)
        .body_limit(config.body_limit)
        .timeout(config.request_timeout)
        // Each request's language: the `locale` cookie, else Accept-Language,
        // else English (spec L2); kept pages are kept once per language.
        .locales::<crate::i18n::Lang>()
        .keep_pages(KEPT_PAGES)
        .cookie_key(key)
        // A form sent twice runs its action once, on any instance (spec P3).
        .submissions(db.clone())
        // A `handle` hook (SvelteKit's) goes here, `.hook(from_fn_with_state(…))`:
        // it runs before every page and action, after cookies, `locals` and the
        // CSRF check (the demo's reads the session cookie into `locals`).
        // The app's other routes (a JSON API, say) go here too,
        // `.routes(Router::new().route(…))`; the site's files, then the 404
        // page, answer what they do not.
        .router(pages())
        // Outside the layer's middleware, which would log every probe (health.rs).
        .merge(health::routes(db))
}
