//! Builds the whole server from a [`Config`]: used by `main` and by the tests.
//!
//! Server only: the composition root, and nothing else. The form-actions
//! layer serves the Leptos app (`FormActions::leptos`: the renders, the site's
//! files and the 404 page, compression and asset caching, request ids and
//! logs, and its own middleware in its fixed order); the app adds its state,
//! its `handle` hook, its kept pages and the JSON API, and outside it all
//! `/healthz`.

use axum::{middleware::from_fn_with_state, Router};

use crate::app::{shell, App};
use crate::auth::server::{self as auth, Hasher};
use crate::config::Config;
use crate::db::{self, Db};
use crate::health;
use crate::kit::server::{FormActions, Key, Origins, Storage};
use crate::routes::pages;
use crate::state::{AppState, Shared};

/// The pages whose HTML is the same for every visitor without a cookie, rendered
/// once and then served from memory (the layer's page cache). A page whose
/// logged-out HTML read the database or the clock would not belong here.
const KEPT_PAGES: [&str; 2] = ["/", "/login"];

/// How often expired sessions and login counts are deleted.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Connects to the database (migrating it), starts the sweep of what expires
/// (spec S5), and builds the app.
pub async fn app(config: &Config) -> anyhow::Result<Router> {
    let db = db::connect(&config.database_url).await?;
    let key = db::cookie_key(&db).await?;
    let storage = storage(config)?;
    tokio::spawn({
        let db = db.clone();
        async move {
            // The first tick is at once: at start-up.
            let mut every = tokio::time::interval(SWEEP_EVERY);
            loop {
                every.tick().await;
                if let Err(error) = auth::sweep(&db).await {
                    tracing::warn!(?error, "deleting expired sessions and login counts failed");
                }
                // Stored files whose row is gone (spec U7).
                match crate::attachments::sweep(&db, &storage, crate::attachments::SWEEP_GRACE)
                    .await
                {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(deleted, "deleted stored files with no row"),
                    Err(error) => tracing::warn!(?error, "sweeping stored files failed"),
                }
            }
        }
    });
    Ok(router(config, db, key))
}

/// The store of uploaded files (spec U5): `STORAGE_URL`'s, else the local
/// filesystem under `DATA_DIR/files`.
pub fn storage(config: &Config) -> anyhow::Result<Storage> {
    Storage::open(
        config.storage_url.as_deref(),
        &config.data_dir.join("files"),
    )
}

/// Builds the app on an open database, with the key that signs its cookies
/// (`db::cookie_key`: the same for every instance on the database).
///
/// # Panics
/// When the store of uploaded files cannot be opened (a `STORAGE_URL` that is
/// not one): a configuration error, at start-up.
pub fn router(config: &Config, db: Db, key: Key) -> Router {
    let storage = storage(config).unwrap_or_else(|e| panic!("STORAGE_URL or DATA_DIR: {e:#}"));
    let upload_dir = config.data_dir.join("tmp");
    std::fs::create_dir_all(&upload_dir)
        .unwrap_or_else(|e| panic!("DATA_DIR: cannot make {}: {e}", upload_dir.display()));
    let state = AppState::new(Shared {
        leptos_options: config.leptos.clone(),
        db: db.clone(),
        storage,
        hasher: Hasher::new(config.hash_concurrency, config.hash_wait),
        login_ip_limit: config.login_ip_limit,
        session_days: config.session_days,
        #[cfg(feature = "e2e")]
        fault_title: config.fault_title.as_deref().map(std::sync::Arc::from),
    });
    let hook = auth::HookState {
        db: db.clone(),
        client_ip_header: config.client_ip_header.clone(),
    };
    let origins = Origins::new(&config.origin, config.trusted_origins.clone());
    FormActions::leptos(state, origins, shell, App)
        .body_limit(config.body_limit)
        .upload_limit(config.upload_limit)
        .upload_dir(upload_dir)
        .timeout(config.request_timeout)
        // Each request's language: the `locale` cookie, else Accept-Language,
        // else English (spec L2); kept pages are kept once per language.
        .locales::<crate::i18n::Lang>()
        .keep_pages(KEPT_PAGES)
        .cookie_key(key)
        // A form sent twice runs its action once, on any instance (spec P3).
        .submissions(db.clone())
        .hook(from_fn_with_state(hook, auth::handle))
        .routes(crate::api::routes().merge(crate::attachments::routes()))
        .router(pages())
        // Outside the layer's middleware, which would log every probe (health.rs).
        .merge(health::routes(db))
}
