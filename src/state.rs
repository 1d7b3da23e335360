//! What every handler, server function and action can reach: the app's state.
//!
//! Server only. A file of its own, below the pages that read it and the
//! composition root (`server.rs`) that makes it.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

use crate::auth::server::Hasher;
use crate::db::Db;

/// The app's state (through `Deref`).
///
/// One `Arc`, because axum clones the state for every request, several times
/// over (each handler and each layer holding it): with the fields by value, their
/// clones and drops were a third of the server's CPU time on `GET /login` (perf).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of [`AppState`].
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// Where uploaded files are kept (spec U5).
    pub storage: crate::kit::server::Storage,
    /// Password hashing, bounded (see `Config::hash_concurrency`).
    pub hasher: Hasher,
    /// See [`crate::config::Config::login_ip_limit`].
    pub login_ip_limit: i64,
    /// See [`crate::config::Config::session_days`].
    pub session_days: i64,
    /// See [`crate::config::Config::fault_title`] (feature `e2e` only).
    #[cfg(feature = "e2e")]
    pub fault_title: Option<Arc<str>>,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
