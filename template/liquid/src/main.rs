{% raw %}//! The server binary: reads the configuration, connects to the database and serves.
//! Run it with `make dev` (`cargo leptos watch`); see the README.

/// jemalloc instead of glibc's malloc: a page render makes many small
/// allocations, and glibc's malloc and free were 29 % of the server's CPU time in
/// the plain-form add (perf). With jemalloc: 15-25 % more requests per second on
/// the rendered pages, at about the same peak memory. See docs/benchmarks.md.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The layer's runtime: the one `#[tokio::main]` makes, with fewer blocking
/// threads, which every file an upload writes would otherwise multiply (see
/// `runtime` in form-actions/src/server/serve.rs).
#[cfg(feature = "ssr")]
fn main() -> anyhow::Result<()> {
    {% endraw %}{{ crate_name }}{% raw %}::kit::server::runtime()?.block_on(run())
}

#[cfg(feature = "ssr")]
async fn run() -> anyhow::Result<()> {
    init_tracing();
    let config = {% endraw %}{{ crate_name }}::config::Config::from_env()?;
    // Pages that name bundle files the site does not have never hydrate: refused here.
    {{ crate_name }}::kit::server::check_site_files(&config.leptos).map_err(anyhow::Error::msg)?;
    let app = {{ crate_name }}{% raw %}::server::app(&config).await?;
    let addr = config.leptos.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    {% endraw %}{{ crate_name }}{% raw %}::kit::server::serve(listener, app, config.shutdown_timeout).await
}

/// Logs to stderr, filtered by `RUST_LOG` (default: `info` for this app, the
/// form-actions layer and the HTTP layer, `warn` for the rest). The app is
/// named by its crate's name, so the default follows a renamed package.
#[cfg(feature = "ssr")]
fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    const DEFAULT: &str = concat!(
        "warn,",
        env!("CARGO_CRATE_NAME"),
        "=info,leptos_form_actions=info,tower_http=info"
    );
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser side has no main: `hydrate` in lib.rs is its entry point.
}
{% endraw %}