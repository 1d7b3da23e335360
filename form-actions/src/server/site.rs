//! The layer for a Leptos app: what every app would otherwise write around
//! [`FormActions`] (spec T5). The renders (Leptos's GET routes, the page after
//! an action, the 404 page), each with the app's state, the request's script
//! nonce and the page state in context; the site's files; asset caching and
//! compression; the build's fingerprint; the request's id and log line. The
//! app adds its own parts: its state, its hooks, its kept pages, its other
//! routes.
//!
//! Server only.
//!
//! ```ignore
//! FormActions::leptos(state, Origins::new(&config.origin, []), shell, App)
//!     .keep_pages(["/"])
//!     .hook(from_fn_with_state(db, auth::handle))
//!     .routes(api::routes())
//!     .router(routes::pages())
//! ```

use axum::{
    body::Body,
    extract::{FromRef, Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::{from_fn_with_state, Next},
    response::Response,
    Router,
};
use leptos::{config::LeptosOptions, prelude::provide_context, IntoView};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower_http::{
    compression::{predicate::DefaultPredicate, CompressionLayer, Predicate},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use super::{
    build::build_of_files, csrf::Origins, dispatch::Render, layers::FormActions,
    page_routes::PageRoutes, security::provide_nonce,
};
use crate::page::{provide_page_state, PageSnapshot};

/// What [`FormActions`] knows of a Leptos app: its state, and its routes so far.
pub struct LeptosSite<S> {
    state: S,
    /// Leptos's GET routes of the pages.
    pages: Router<S>,
    /// The app's other routes, with the site's files and the 404 page behind them.
    rest: Router<S>,
}

impl<S> FormActions<S, LeptosSite<S>>
where
    S: Clone + Send + Sync + 'static,
    LeptosOptions: FromRef<S>,
{
    /// The layer for the Leptos app `app` (its root component) in the
    /// document `shell`, as start-axum names them. Every render has `state` in
    /// context (as `S`), with the request's script nonce and the page state.
    /// `origins` are the site's own and trusted origins (see
    /// [`FormActions::new`]).
    ///
    /// Configured from the Leptos options of `state`: the site's files (under
    /// `site_root`) are served, those of `site_pkg_dir` cached for a year when
    /// their names carry a hash (`hash-files`), and revalidated otherwise; the
    /// build is the fingerprint of those files (spec R6); under `cargo leptos
    /// watch` the pages may connect to its reload socket.
    pub fn leptos<Shell, App, AppView>(
        state: S,
        origins: Origins,
        shell: fn(LeptosOptions) -> Shell,
        app: App,
    ) -> Self
    where
        Shell: IntoView + 'static,
        App: Fn() -> AppView + Clone + Send + 'static,
        AppView: IntoView + 'static,
    {
        let options = LeptosOptions::from_ref(&state);
        let pages = Router::new().leptos_routes_with_context(
            &state,
            route_list(app),
            context(state.clone(), PageSnapshot::default()),
            {
                // The state, not the options: this closure is cloned for every request.
                let state = state.clone();
                move || shell(LeptosOptions::from_ref(&state))
            },
        );
        let rest =
            Router::new().fallback(leptos_axum::file_and_error_handler_with_context::<S, _>(
                context(state.clone(), PageSnapshot::default()),
                shell,
            ));
        let render = render(state.clone(), shell);
        let site = LeptosSite { state, pages, rest };
        let mut layer = Self::with_site(render, origins, site)
            .around(from_fn_with_state(options.hash_files, cache_assets))
            // HTML and JSON compressed on the fly; the site's files are served
            // precompressed by `cargo leptos build --release --precompress`, and
            // kept pages are kept compressed. A download is not (spec U6): it
            // keeps its length and `Accept-Ranges`.
            .around(
                CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_a_download)),
            );
        let pkg =
            std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        if let Some(build) = build_of_files(pkg) {
            layer = layer.build(build);
        }
        // `cargo leptos watch`: its reload script connects to a socket of its
        // own, on the page's host name.
        if std::env::var_os("LEPTOS_WATCH").is_some() {
            let port = options.reload_external_port.unwrap_or(options.reload_port);
            layer = layer
                .allow_connect(format!("ws://*:{port}"))
                .allow_connect(format!("wss://*:{port}"));
        }
        layer
    }

    /// Routes of the app besides its pages (a JSON API, say). What no route
    /// answers is a file of the site, or the 404 page.
    pub fn routes(mut self, routes: Router<S>) -> Self {
        self.site.rest = std::mem::take(&mut self.site.rest).merge(routes);
        self
    }

    /// The whole app: the pages of `table` (GET by Leptos, actions by the
    /// layer), the app's other [`routes`](Self::routes), the site's files and
    /// the 404 page, in the layer's middleware (see [`FormActions::router`]);
    /// outside it all, each request's id (`x-request-id`, made unless the
    /// request has one, and sent back) and its log line.
    ///
    /// # Panics
    /// At start-up, with a message, when a kept page is not a page of `table`.
    pub fn router(mut self, table: &PageRoutes<S>) -> Router {
        let pages = std::mem::take(&mut self.site.pages);
        let rest = std::mem::take(&mut self.site.rest);
        let (app, site) = self.layered(pages, table, rest);
        outer_layers(app).with_state(site.state)
    }
}

/// What every render of the app has in context: the app's state, the
/// request's script nonce (for the Content-Security-Policy) and the page state.
fn context<S>(state: S, snapshot: PageSnapshot) -> impl Fn() + Clone + Send + Sync + 'static
where
    S: Clone + Send + Sync + 'static,
{
    move || {
        provide_context(state.clone());
        provide_nonce();
        provide_page_state(snapshot.clone());
    }
}

/// How the layer renders a page after an action: the app in its shell, from
/// the action's page state.
fn render<S, Shell>(state: S, shell: fn(LeptosOptions) -> Shell) -> Render
where
    S: Clone + Send + Sync + 'static,
    LeptosOptions: FromRef<S>,
    Shell: IntoView + 'static,
{
    Arc::new(move |req, snapshot| {
        let options = LeptosOptions::from_ref(&state);
        let handler = leptos_axum::render_app_async_with_context(
            context(state.clone(), snapshot),
            move || shell(options.clone()),
        );
        Box::pin(handler(req))
    })
}

/// The app's routes, generated once per process (for the first app that asks:
/// a process serves one). Generating them renders the app with resource
/// loading switched off by a process-wide flag in Leptos, which would stall any
/// page rendering at the same moment (another test's, say).
fn route_list<App, AppView>(app: App) -> Vec<AxumRouteListing>
where
    App: Fn() -> AppView + Clone + Send + 'static,
    AppView: IntoView + 'static,
{
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app)).clone()
}

/// The site's files under `/pkg/` get long-lived immutable caching when their
/// names carry a hash of their content, and are revalidated otherwise
/// (development).
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

/// The layers outside the layer's middleware, outermost last: the request's
/// log line, and its id.
fn outer_layers<S: Clone + Send + Sync + 'static>(app: Router<S>) -> Router<S> {
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

/// Whether an answer is not a download (`Content-Disposition: attachment`),
/// which is sent as stored.
fn not_a_download(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    !headers
        .get(axum::http::header::CONTENT_DISPOSITION)
        .is_some_and(|v| v.as_bytes().starts_with(b"attachment"))
}
