//! Configuration from the environment (see `.env.example`).
//!
//! Server only. Every setting has a safe default for development.

use leptos::config::LeptosOptions;
use std::time::Duration;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// Leptos's own settings (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, …).
    pub leptos: LeptosOptions,
    /// `DATABASE_URL`: `sqlite://data/app.db` (the default) or `postgres://…`.
    pub database_url: String,
    /// `ORIGIN`: the site's public origin, e.g. `https://example.com`. Default:
    /// `http://` + the site address. Decides the CSRF check and `Secure` cookies.
    pub origin: String,
    /// `TRUSTED_ORIGINS`: more origins allowed to post forms, comma-separated.
    pub trusted_origins: Vec<String>,
    /// `BODY_LIMIT`: the largest request body in bytes (default 1 MiB).
    pub body_limit: usize,
    /// `REQUEST_TIMEOUT_SECS`: how long a request may take (default 30).
    pub request_timeout: Duration,
    /// `FAULT_INJECTION_TITLE`: for the end-to-end tests only, adding a todo with
    /// exactly this title fails as an unexpected error, so the 500 page can be
    /// seen in a browser. Unset (the default), nothing is injected.
    pub fault_title: Option<String>,
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Self> {
        let leptos = leptos::config::get_configuration(None)?.leptos_options;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/app.db".into()),
            origin: var("ORIGIN").unwrap_or_else(|| format!("http://{}", leptos.site_addr)),
            trusted_origins: var("TRUSTED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            body_limit: match var("BODY_LIMIT") {
                Some(v) => v
                    .parse()
                    .map_err(|e| anyhow::anyhow!("BODY_LIMIT={v}: {e}"))?,
                None => 1024 * 1024,
            },
            request_timeout: Duration::from_secs(match var("REQUEST_TIMEOUT_SECS") {
                Some(v) => v
                    .parse()
                    .map_err(|e| anyhow::anyhow!("REQUEST_TIMEOUT_SECS={v}: {e}"))?,
                None => 30,
            }),
            fault_title: var("FAULT_INJECTION_TITLE"),
            leptos,
        })
    }
}
