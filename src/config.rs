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
    // template:demo-begin
    /// `DATA_DIR`: where the app keeps its files (default `data`): uploads
    /// under `files/` unless `STORAGE_URL` says otherwise, and files being
    /// uploaded under `tmp/`.
    pub data_dir: std::path::PathBuf,
    /// `STORAGE_URL`: an S3-compatible store for uploads,
    /// `s3://bucket?endpoint=https://…&region=…` (the keys from
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, or in the query).
    /// Unset (the default): the local filesystem under `DATA_DIR/files`.
    pub storage_url: Option<String>,
    /// `UPLOAD_LIMIT`: the largest multipart body in bytes, its files
    /// included (default 64 MiB); each form is held to its own files' limits.
    pub upload_limit: usize,
    /// `HASH_CONCURRENCY`: how many password hashes run at once (default: the
    /// number of cores). Each takes 19 MiB, so this bounds the memory of logins.
    pub hash_concurrency: usize,
    /// `HASH_WAIT_SECS`: how long a login or registration waits for a turn to
    /// hash before it is answered 503 with `Retry-After` (default 10).
    pub hash_wait: Duration,
    /// `LOGIN_IP_LIMIT`: failed logins allowed from one client address within
    /// the failed-login window (15 minutes), whatever the emails (default 100).
    pub login_ip_limit: i64,
    /// `CLIENT_IP_HEADER`: the request header that names the client behind your
    /// proxy (`x-forwarded-for`: its last address; `x-real-ip`). Unset (the
    /// default), the header is ignored and the peer address is the client's, as
    /// a client could send any header it likes.
    pub client_ip_header: Option<axum::http::HeaderName>,
    /// `SESSION_DAYS`: how long a session lives after login (default 30). Use does
    /// not extend it.
    pub session_days: i64,
    // template:demo-end
    /// `SHUTDOWN_TIMEOUT_SECS`: after SIGTERM or SIGINT, how long the requests in
    /// flight may take before the server exits anyway (default 30).
    pub shutdown_timeout: Duration,
    // template:demo-begin
    /// `FAULT_INJECTION_TITLE`, in builds with the `e2e` feature only (the
    /// Playwright build; never a release): adding a todo with
    /// exactly this title fails as an unexpected error, so the 500 page can be
    /// seen in a browser. Unset (the default), nothing is injected.
    #[cfg(feature = "e2e")]
    pub fault_title: Option<String>,
    // template:demo-end
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Self> {
        let leptos = leptos::config::get_configuration(None)?.leptos_options;
        Self::from_vars(leptos, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or in the tests
    /// nothing at all, so that a developer's exported variables do not leak in).
    pub fn from_vars(
        leptos: LeptosOptions,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let number = |name: &str, default: u64| -> anyhow::Result<u64> {
            match var(name) {
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|e| anyhow::anyhow!("{name}={v}: {e}")),
                None => Ok(default),
            }
        };
        // template:demo-begin
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        // template:demo-end
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
            body_limit: number("BODY_LIMIT", 1024 * 1024)? as usize,
            request_timeout: Duration::from_secs(number("REQUEST_TIMEOUT_SECS", 30)?),
            // template:demo-begin
            data_dir: var("DATA_DIR").unwrap_or_else(|| "data".into()).into(),
            storage_url: var("STORAGE_URL"),
            upload_limit: number("UPLOAD_LIMIT", 64 * 1024 * 1024)? as usize,
            hash_concurrency: number("HASH_CONCURRENCY", cores)?.max(1) as usize,
            hash_wait: Duration::from_secs(number("HASH_WAIT_SECS", 10)?),
            login_ip_limit: number("LOGIN_IP_LIMIT", 100)? as i64,
            client_ip_header: match var("CLIENT_IP_HEADER") {
                Some(v) => Some(
                    v.trim()
                        .parse()
                        .map_err(|e| anyhow::anyhow!("CLIENT_IP_HEADER={v}: {e}"))?,
                ),
                None => None,
            },
            session_days: number("SESSION_DAYS", 30)?.max(1) as i64,
            #[cfg(feature = "e2e")]
            fault_title: var("FAULT_INJECTION_TITLE"),
            // template:demo-end
            shutdown_timeout: Duration::from_secs(number("SHUTDOWN_TIMEOUT_SECS", 30)?),
            leptos,
        })
    }
}
