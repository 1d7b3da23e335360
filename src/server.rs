//! Builds the whole server from a [`Config`]: used by `main` and by the tests.
//!
//! Server only. The layers, outermost first: request id, tracing, compression,
//! asset caching, panic guard, timeout, body limit, cookies and `locals` (the kit), CSRF check, the `handle`
//! hook; then the routes: Leptos's pages (GET, some kept by the page cache) and
//! server functions, each page's actions (POST), static files and the 404 page.

use axum::{
    body::Body,
    extract::{FromRef, Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::{from_fn_with_state, Next},
    response::Response,
    Router,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::{
    any::Any,
    sync::{Arc, OnceLock},
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::app::{shell, App};
use crate::config::Config;
use crate::db::{self, Db};
use crate::kit::server::{self as kit, ActionRoutes, Origins, PageCache, Render};
use crate::routes;

/// What every handler, server function and action can reach (through `Deref`).
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
    /// See [`Config::fault_title`].
    pub fault_title: Option<Arc<str>>,
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

/// The actions of every page. A page with none answers 405 to a POST.
fn actions() -> ActionRoutes<AppState> {
    ActionRoutes::default()
        .page("/login", routes::login::server::actions())
        .page("/logout", routes::logout::server::actions())
        .page("/todos", routes::todos::server::actions())
        // JSON on the page's own path: POST /todos {"title":…} creates a todo.
        .endpoint("/todos", axum::routing::post(crate::api::create))
}

/// The pages whose HTML is the same for every visitor without a cookie, rendered
/// once and then served from memory (see `kit::server::PageCache`). A page whose
/// logged-out HTML read the database or the clock would not belong here.
fn cached_pages() -> PageCache {
    PageCache::new(["/", "/login"])
}

/// Connects to the database (migrating it) and builds the app.
pub async fn app(config: &Config) -> anyhow::Result<Router> {
    let db = db::connect(&config.database_url).await?;
    Ok(router(config, db))
}

/// Builds the app on an open database.
pub fn router(config: &Config, db: Db) -> Router {
    let state = AppState(Arc::new(Shared {
        leptos_options: config.leptos.clone(),
        db: db.clone(),
        fault_title: config.fault_title.as_deref().map(Arc::from),
    }));
    let route_list = route_list();
    let page_paths: Vec<String> = route_list.iter().map(|r| r.path().to_owned()).collect();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let render: Render = {
        let state = state.clone();
        Arc::new(move |req, snapshot| {
            let (state, shared) = (state.clone(), state.clone());
            let handler = leptos_axum::render_app_async_with_context(
                move || {
                    provide_context(state.clone());
                    provide_context(snapshot.clone());
                },
                move || shell(shared.leptos_options.clone()),
            );
            Box::pin(handler(req))
        })
    };
    let origins = Arc::new(Origins::new(&config.origin, config.trusted_origins.clone()));
    let secure_cookies = !origins.is_plain_http();
    let request_id = HeaderName::from_static("x-request-id");

    let page_cache = Arc::new(cached_pages());
    let pages = Router::new()
        .leptos_routes_with_context(&state, route_list, context.clone(), {
            // The state, not the options: this closure is cloned for every request.
            let state = state.clone();
            move || shell(state.leptos_options.clone())
        })
        .route_layer(from_fn_with_state(page_cache.clone(), kit::page_cache));
    kit::mount(pages, &page_paths, actions(), render, config.body_limit)
        .merge(crate::api::routes())
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(from_fn_with_state(db, crate::auth::server::handle))
        .layer(from_fn_with_state(origins, kit::csrf))
        .layer(from_fn_with_state(secure_cookies, kit::request_context))
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(config.leptos.hash_files, cache_assets))
        // HTML and JSON are compressed on the fly; the site's files are served
        // precompressed (`cargo leptos build --release --precompress`).
        .layer(CompressionLayer::new())
        // Kept pages are answered here, before everything above (see `kit::page_cache`).
        .layer(from_fn_with_state(page_cache, kit::page_cache_hits))
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

/// A panic outside an action (which has its own guard) still gets a 500 with an
/// id in the log, and the server keeps serving.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = kit::panic_message(panic.as_ref());
    kit::internal_error(&format_args!("handler panicked: {message}"))
}

/// Logs to stderr, filtered by `RUST_LOG` (default: `info` for this app and its
/// HTTP layer, `warn` for the rest).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,starter=info,tower_http=info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
