//! Builds the whole server from a [`Config`]: used by `main` and by the tests.
//!
//! Server only: the composition root, and nothing else. The layers, outermost
//! first: request id, tracing, compression, asset caching; then the
//! form-actions layer's own, in its fixed order (kept pages, panic guard,
//! timeout, body limit, cookies and `locals`, CSRF); then the routes: the pages
//! of `app::pages` (GET by Leptos, actions by the layer), static files and the
//! 404 page.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::{from_fn_with_state, Next},
    response::Response,
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::app::{pages, shell, App};
use crate::config::Config;
use crate::db::{self, Db};
use crate::kit::server::{self as kit_server, FormActions, Origins, Render};
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
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            kit_server::provide_nonce();
        }
    };
    let render: Render = {
        let state = state.clone();
        Arc::new(move |req, snapshot| {
            let (state, shared) = (state.clone(), state.clone());
            let handler = leptos_axum::render_app_async_with_context(
                move || {
                    provide_context(state.clone());
                    provide_context(snapshot.clone());
                    kit_server::provide_nonce();
                },
                move || shell(shared.leptos_options.clone()),
            );
            Box::pin(handler(req))
        })
    };
    let origins = Origins::new(&config.origin, config.trusted_origins.clone());
    let request_id = HeaderName::from_static("x-request-id");

    // Leptos's GET routes of the pages; the layer adds their actions.
    let leptos_pages =
        Router::new().leptos_routes_with_context(&state, route_list(), context.clone(), {
            // The state, not the options: this closure is cloned for every request.
            let state = state.clone();
            move || shell(state.leptos_options.clone())
        });
    // The app's other routes (a JSON API, say: `Router::new().route(…)`) go here,
    // before the fallback: the site's files, then the 404 page.
    let rest = Router::new().fallback(leptos_axum::file_and_error_handler_with_context::<
        AppState,
        _,
    >(context, shell));
    let mut form_actions = FormActions::new(render, origins);
    // `cargo leptos watch`: its reload script connects to a socket of its own.
    if std::env::var_os("LEPTOS_WATCH").is_some() {
        let host = config.leptos.site_addr.ip();
        form_actions =
            form_actions.allow_connect(format!("ws://{host}:{}", config.leptos.reload_port));
    }
    form_actions
        .body_limit(config.body_limit)
        .timeout(config.request_timeout)
        .keep_pages(KEPT_PAGES)
        // A `handle` hook (SvelteKit's) goes here, `.hook(|app| app.layer(…))`:
        // it runs before every page and action, after cookies, `locals` and the
        // CSRF check (the demo's reads the session cookie into `locals`).
        .router(leptos_pages, pages(), rest)
        .layer(from_fn_with_state(config.leptos.hash_files, cache_assets))
        // HTML and JSON are compressed on the fly; the site's files are served
        // precompressed (`cargo leptos build --release --precompress`), and kept
        // pages are kept compressed.
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// The app's routes, generated once per process. Generating them renders the app
/// with resource loading switched off by a process-wide flag in Leptos, which
/// would stall any page rendering at the same moment (another test's, say).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The site's files under `/pkg/` get long-lived immutable caching when their names
/// carry a hash of their content, and are revalidated otherwise (development).
async fn cache_assets(State(hashed): State<bool>, req: Request<Body>, next: Next) -> Response {
    let asset = req.uri().path().starts_with("/pkg/");
    let mut response = next.run(req).await;
    if asset && response.status() == StatusCode::OK {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Logs to stderr, filtered by `RUST_LOG` (default: `info` for this app and its
/// HTTP layer, `warn` for the rest). The app is named by its crate's name, so the
/// default follows a renamed package.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    const DEFAULT: &str = concat!("warn,", env!("CARGO_CRATE_NAME"), "=info,tower_http=info");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
