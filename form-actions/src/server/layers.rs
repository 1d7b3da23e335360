//! The one call that builds an app's router with the layer's middleware in the
//! only order that works.
//!
//! Server only. The order carries weight: the page cache answers kept pages
//! before anything else runs (they are kept with their security headers); the
//! security headers go on every other answer; the panic guard, the timeout and the body limit
//! wrap every request; cookies and `locals` must exist before the CSRF check and
//! before the app's hooks (a hook outside them would see no `locals`, and every
//! visitor would look logged out); the page cache keeps only what Leptos's pages
//! render. None of these middleware is public: [`FormActions::router`] is the
//! only way to install them, so a fork cannot put them in another order.
//!
//! ```compile_fail
//! // The parts are not public, so they cannot be installed in another order:
//! use leptos_form_actions::server::request_context;
//! ```
//! ```compile_fail
//! use leptos_form_actions::server::csrf;
//! ```

use axum::{
    extract::{DefaultBodyLimit, Request},
    http::StatusCode,
    middleware::{from_fn, from_fn_with_state},
    response::{IntoResponse, Response},
    routing::Route,
    Router,
};
use std::{any::Any, convert::Infallible, sync::Arc, time::Duration};
use tower::{Layer, Service};
use tower_http::{catch_panic::CatchPanicLayer, timeout::TimeoutLayer};

use super::{
    build::{process_build, stamp_build},
    context::request_context,
    cookies::Key,
    csrf::{csrf, Origins},
    dispatch::{mount, Render},
    error::{internal_error, panic_message},
    html::clean_pages,
    limit::{declared_length_limit, Limits},
    locale::{choose_locale, negotiate_headers, Negotiate},
    page_cache::{page_cache, page_cache_hits, PageCache},
    page_routes::PageRoutes,
    security::{security_headers, Policy},
    submissions::{Submissions, Tokens},
    uploads::UploadDir,
};

/// A layer of the app (a hook, or one of `around`), kept until the router is
/// built: a function that adds it to the router.
pub(super) type AddLayer<S> = Box<dyn FnOnce(Router<S>) -> Router<S>>;

/// The server half, configured: builds the app's router with
/// [`FormActions::router`]. `Site` is what it knows of the app around it:
/// nothing (`()`, for a bare axum router), or a Leptos app
/// ([`FormActions::leptos`], `site.rs`).
pub struct FormActions<S, Site = ()> {
    render: Render,
    origins: Arc<Origins>,
    body_limit: usize,
    upload_limit: usize,
    upload_dir: Option<std::path::PathBuf>,
    timeout: Duration,
    kept: Vec<String>,
    hooks: Vec<AddLayer<S>>,
    connect: Vec<String>,
    around: Vec<AddLayer<S>>,
    key: Arc<Key>,
    build: Arc<str>,
    tokens: Option<Arc<Tokens>>,
    locales: Option<Negotiate>,
    pub(super) site: Site,
}

/// `layer` as a function that adds it to a router: what `Router::layer` takes.
pub(super) fn add_layer<S, L>(layer: L) -> AddLayer<S>
where
    S: Clone + Send + Sync + 'static,
    L: Layer<Route> + Clone + Send + Sync + 'static,
    L::Service: Service<Request> + Clone + Send + Sync + 'static,
    <L::Service as Service<Request>>::Response: IntoResponse + 'static,
    <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
    <L::Service as Service<Request>>::Future: Send + 'static,
{
    Box::new(move |app: Router<S>| app.layer(layer))
}

impl<S> FormActions<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// The layer on a bare axum router: `render` renders a page with a state
    /// (after an action without JavaScript); `origins` are the site's own and
    /// trusted origins, for the CSRF check and for cookies (`Secure` unless the
    /// site is plain `http://`). Defaults: a body limit of 1 MiB, a timeout of
    /// 30 s, no kept pages, no hooks. A Leptos app starts from
    /// [`FormActions::leptos`] instead, which renders its pages itself.
    pub fn new(render: Render, origins: Origins) -> Self {
        Self::with_site(render, origins, ())
    }
}

impl<S, Site> FormActions<S, Site>
where
    S: Clone + Send + Sync + 'static,
{
    pub(super) fn with_site(render: Render, origins: Origins, site: Site) -> Self {
        Self {
            render,
            origins: Arc::new(origins),
            body_limit: 1024 * 1024,
            upload_limit: 64 * 1024 * 1024,
            upload_dir: None,
            timeout: Duration::from_secs(30),
            kept: Vec::new(),
            hooks: Vec::new(),
            connect: Vec::new(),
            around: Vec::new(),
            // One per router, which is one per process: see `cookie_key`.
            key: Arc::new(Key::generate()),
            build: process_build(),
            tokens: None,
            locales: None,
            site,
        }
    }

    /// A layer of the app that every answer but a kept page's goes through,
    /// such as compression: these sit just inside the page cache's answers
    /// (kept pages are kept compressed, and answering them before these is
    /// what makes them cheap) and outside everything else of the layer. Takes
    /// what [`Router::layer`] takes; the first added is the innermost, as with
    /// `Router::layer`.
    pub fn around<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.around.push(add_layer(layer));
        self
    }

    /// One more source the pages may connect to (`connect-src` of the
    /// Content-Security-Policy), such as the development reload socket.
    pub fn allow_connect(mut self, source: impl Into<String>) -> Self {
        self.connect.push(source.into());
        self
    }

    /// The key that signs cookies ([`Cookies::set_signed`](super::Cookies::set_signed),
    /// flash messages). Without one, each router makes its own when it is built,
    /// so a signed cookie outlives neither a restart nor a trip to another
    /// instance: give every instance of a site the same key, such as one kept
    /// in the site's database.
    pub fn cookie_key(mut self, key: Key) -> Self {
        self.key = Arc::new(key);
        self
    }

    /// Where the claims of submission tokens are kept (spec P3): a table of the
    /// site's database, such as the demo's (`src/db.rs`), so that a form sent
    /// twice runs its action once, on any instance. Without one, the tokens
    /// the pages carry are not checked: every submission runs.
    pub fn submissions(mut self, store: impl Submissions) -> Self {
        self.tokens = Some(Tokens::new(Arc::new(store)));
        self
    }

    /// The build of the site (spec R6), such as [`build_of_files`] of its `pkg`
    /// directory: give every instance of a site the same. Without one, each
    /// process makes its own, so a page served before a restart is loaded
    /// again rather than merged with the new server's HTML.
    ///
    /// [`build_of_files`]: super::build_of_files
    pub fn build(mut self, id: impl Into<String>) -> Self {
        self.build = id.into().into();
        self
    }

    /// The largest request body accepted (413 past it, spec B2).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The largest multipart body accepted, a form's files included (413
    /// past it, spec U2); 64 MiB unless set. Each form is then held to its
    /// own bound: the body limit plus, for each file field, `max_size` ×
    /// `max_files`.
    pub fn upload_limit(mut self, bytes: usize) -> Self {
        self.upload_limit = bytes;
        self
    }

    /// Where uploaded files are spooled while a request is read (spec U2):
    /// the system's temporary directory unless set. Each is deleted after its
    /// action (spec U7).
    pub fn upload_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.upload_dir = Some(dir.into());
        self
    }

    /// How long a request may take (408 past it, spec B2).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Pages rendered once and answered from memory to every visitor without a
    /// cookie (see `PageCache`): only pages whose HTML, without a cookie, depends
    /// on nothing but their path and the build.
    pub fn keep_pages<I: IntoIterator<Item = P>, P: Into<String>>(mut self, paths: I) -> Self {
        self.kept.extend(paths.into_iter().map(Into::into));
        self
    }

    /// The app's languages (spec L1–L3): each request gets one of `L`'s, the
    /// `locale` cookie's when it names one, else the best match of its
    /// `Accept-Language`, else `L::ALL[0]`; views, actions and the app's routes
    /// read it with [`use_locale`](crate::i18n::use_locale). Every answer that
    /// holds words (a page, JSON, text) then says `Vary: Cookie,
    /// Accept-Language` (the site's files do not), and kept pages are kept once
    /// per language. Without it every request is in the default language of no
    /// type: the layer's texts are English and the app's messages their first
    /// language.
    pub fn locales<L: crate::i18n::Locale>(mut self) -> Self {
        self.locales = Some(negotiate_headers::<L>);
        self
    }

    /// A hook of the app (SvelteKit's `handle`, spec H1): a layer that runs
    /// before every action and load, after cookies, `locals` and the CSRF check,
    /// such as the one that puts the session's user into `locals`:
    /// `.hook(from_fn_with_state(db, auth::handle))`. Takes what
    /// [`Router::layer`] takes. Hooks run in the order they are added, the
    /// first outermost.
    pub fn hook<L>(mut self, hook: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.hooks.push(add_layer(hook));
        self
    }

    /// The router of the layer's middleware around `pages` and `rest`; see
    /// [`FormActions::router`].
    pub(super) fn layered(
        self,
        pages: Router<S>,
        table: &PageRoutes<S>,
        rest: Router<S>,
    ) -> (Router<S>, Site) {
        for path in &self.kept {
            assert!(
                table.paths().any(|p| p == path),
                "keep_pages names {path}, which is not a page; pages: {:?}",
                table.paths().collect::<Vec<_>>()
            );
        }
        let policy = Arc::new(Policy::new(self.origins.is_https(), self.connect));
        let cache = Arc::new(PageCache::new(self.kept, policy.clone()));
        let pages = pages.route_layer(from_fn_with_state(cache.clone(), page_cache));
        let mut app = mount(pages, table, self.render, self.body_limit, self.tokens).merge(rest);
        // Added innermost first, so the first hook ends up outermost.
        for hook in self.hooks.into_iter().rev() {
            app = hook(app);
        }
        let secure_cookies = !self.origins.is_plain_http();
        let limits = Arc::new(Limits {
            body: self.body_limit,
            upload: self.upload_limit,
            dir: UploadDir(Arc::new(self.upload_dir.unwrap_or_else(std::env::temp_dir))),
        });
        let mut app = app
            .layer(from_fn_with_state(self.origins, csrf))
            .layer(from_fn_with_state(
                (secure_cookies, self.key),
                request_context,
            ))
            // `body_limit` is the one limit: axum's extractors (`Json`,
            // `Multipart`, `Bytes` in an endpoint) would also stop at their own
            // default of 2 MiB, so a larger limit was never reached there.
            .layer(DefaultBodyLimit::disable())
            .layer(from_fn_with_state(limits, declared_length_limit))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                self.timeout,
            ))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(from_fn(clean_pages))
            .layer(from_fn_with_state(policy, security_headers));
        for around in self.around {
            app = around(app);
        }
        let mut app = app.layer(from_fn_with_state(cache, page_cache_hits));
        // Outside the kept pages' answers: they are kept per language.
        if let Some(negotiate) = self.locales {
            app = app.layer(from_fn_with_state(negotiate, choose_locale));
        }
        let app = app.layer(from_fn_with_state(self.build, stamp_build));
        (app, self.site)
    }
}

impl<S> FormActions<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// The whole router: `pages` (Leptos's GET routes of `table`'s pages) with
    /// each page's actions added, `rest` (the app's other routes and its
    /// fallback), and around them, outermost first: the page cache's answers
    /// (kept with their security headers), the app's [`around`](Self::around)
    /// layers, the security headers (and each request's script nonce), the panic
    /// guard, the timeout, the body limit, cookies and `locals`, the CSRF check,
    /// the app's hooks. Outside them all, the build's stamp (spec R6).
    /// Inside the security headers, every HTML page is cleaned of what Leptos
    /// leaves in it that is not valid HTML (`html.rs`).
    ///
    /// # Panics
    /// At start-up, with a message, when a kept page is not a page of `table`.
    pub fn router(self, pages: Router<S>, table: &PageRoutes<S>, rest: Router<S>) -> Router<S> {
        self.layered(pages, table, rest).0
    }
}

/// A panic outside an action (which has its own guard) still gets a 500 with an
/// id in the log, and the server keeps serving.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic_message(panic.as_ref());
    internal_error(&format_args!("handler panicked: {message}"))
}
