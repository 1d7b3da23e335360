//! The Leptos side of the server, the same in every app made from this template:
//! the page renders, the form-actions layer configured from the [`Config`], the
//! layers outside it, and logging. `server.rs` puts these together with the app's
//! own parts (its state, hooks, kept pages and other routes).
//!
//! Server only.

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

use crate::app::{shell, App};
use crate::config::Config;
use crate::kit::server::{provide_nonce, FormActions, Origins, Render};
use crate::state::AppState;

/// What every render has in context: the app's state, and the request's script
/// nonce (for the Content-Security-Policy).
fn context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(state.clone());
        provide_nonce();
    }
}

/// The form-actions layer, configured from `config`: how it renders a page after
/// an action, the site's origins, the body limit and the timeout. The caller adds
/// its hooks and kept pages, then builds the router.
pub fn form_actions(config: &Config, state: &AppState) -> FormActions<AppState> {
    let render: Render = {
        let state = state.clone();
        Arc::new(move |req, snapshot| {
            let (with_state, shared) = (context(state.clone()), state.clone());
            let handler = leptos_axum::render_app_async_with_context(
                move || {
                    with_state();
                    provide_context(snapshot.clone());
                },
                move || shell(shared.leptos_options.clone()),
            );
            Box::pin(handler(req))
        })
    };
    let origins = Origins::new(&config.origin, config.trusted_origins.clone());
    let mut form_actions = FormActions::new(render, origins)
        .body_limit(config.body_limit)
        .timeout(config.request_timeout)
        .around(around(config));
    // The site's files (wasm, JavaScript, stylesheet) name the build (spec R6).
    let options = &config.leptos;
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    if let Some(build) = crate::kit::server::build_of_files(pkg) {
        form_actions = form_actions.build(build);
    }
    // `cargo leptos watch`: its reload script connects to a socket of its own,
    // on the page's host name.
    if std::env::var_os("LEPTOS_WATCH").is_some() {
        let options = &config.leptos;
        let port = options.reload_external_port.unwrap_or(options.reload_port);
        form_actions = form_actions
            .allow_connect(format!("ws://*:{port}"))
            .allow_connect(format!("wss://*:{port}"));
    }
    form_actions
}

/// Leptos's GET routes of the page table (`routes::pages`); the layer adds the
/// pages' actions.
pub fn leptos_pages(state: &AppState) -> Router<AppState> {
    Router::new().leptos_routes_with_context(state, route_list(), context(state.clone()), {
        // The state, not the options: this closure is cloned for every request.
        let state = state.clone();
        move || shell(state.leptos_options.clone())
    })
}

/// `routes` (the app's own, besides its pages) with the site's files and the 404
/// page behind them.
pub fn with_files_and_404(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    routes.fallback(leptos_axum::file_and_error_handler_with_context::<
        AppState,
        _,
    >(context(state.clone()), shell))
}

/// The layers every answer but a kept page's goes through (the layer's
/// `around`): asset caching, and compression (HTML and JSON on the fly; the
/// site's files are served precompressed by `cargo leptos build --release
/// --precompress`, and kept pages are kept compressed).
pub fn around(config: &Config) -> impl FnOnce(Router<AppState>) -> Router<AppState> {
    let hashed = config.leptos.hash_files;
    move |app| {
        app.layer(from_fn_with_state(hashed, cache_assets))
            .layer(CompressionLayer::new())
    }
}

/// The layers outside the form-actions layer, outermost last: the request's log
/// line, and its id.
pub fn outer_layers(app: Router<AppState>) -> Router<AppState> {
    let request_id = HeaderName::from_static("x-request-id");
    app.layer(
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
