{% raw %}//! The HTTP-level test harness: the real router, a fresh database per test, and a
//! client that keeps cookies and does not follow redirects.
//!
//! The database is SQLite (a new file per test) unless `TEST_DATABASE_URL` names a
//! PostgreSQL database: then each test gets a new schema in it (`make test` creates
//! that database for the run and drops it after).

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderName, HeaderValue, Request, StatusCode},
    Router,
};
use std::collections::BTreeMap;
use tower::ServiceExt;

use crate::app::{config::Config, db, db::Db, kit, server};

/// The origin the test app believes it is served from.
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// A password that passes the rules.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    /// Cookies kept between requests, as a browser would.
    pub cookies: BTreeMap<String, String>,
    /// The SQLite file to delete at the end (none on PostgreSQL).
    db_path: Option<std::path::PathBuf>,
{% endraw %}{% if demo %}    /// The app's data directory (its stored files, `files/`, and the files
    /// being uploaded, `tmp/`), deleted at the end.
    pub data_dir: std::path::PathBuf,
{% endif %}{% raw %}}

/// What came back: status, headers and the body as text.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body; of an enhanced answer (spec R1), its page.
    pub body: String,
    /// The first line of an enhanced answer: the result, and where the page's
    /// render redirected, if it did.
    pub head: Option<serde_json::Value>,
}

impl TestResponse {
    /// The markup of the list row whose form is named `label`, from its form to
    /// the end of the row.
    pub fn row(&self, label: &str) -> &str {
        let at = self
            .body
            .find(&format!(r#"aria-label="{label}""#))
            .unwrap_or_else(|| panic!("no form named {label}:\n{}", self.body));
        let end = self.body[at..].find("</li>").unwrap();
        &self.body[at..at + end]
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// Every `Set-Cookie` for `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(
            self.body.contains(text),
            "{text:?} not in the body:\n{}",
            self.body
        );
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) {
        assert!(
            !self.body.contains(text),
            "{text:?} unexpectedly in the body:\n{}",
            self.body
        );
    }
}

impl TestApp {
    /// A new app on a fresh database.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A new app on a fresh database, with the test configuration changed by `change`.
    pub async fn spawn_with(change: impl FnOnce(&mut Config)) -> Self {
        let (database_url, db_path) = fresh_database().await;
        let mut config = test_config(&database_url);
        change(&mut config);
        let db = db::connect(&config.database_url).await.expect("database");
        let key = db::cookie_key(&db).await.expect("cookie key");
        let router = server::router(&config, db.clone(), key);
        Self {
            router,
            db,
            cookies: BTreeMap::new(),
            db_path,
{% endraw %}{% if demo %}            data_dir: config.data_dir.clone(),
{% endif %}{% raw %}        }
    }

    /// Sends a request with the kept cookies, and keeps the cookies it sets.
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
        }
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let cookie = cookie::Cookie::parse(value.to_str().unwrap().to_owned()).unwrap();
            let expired = cookie
                .max_age()
                .is_some_and(|a| a.is_zero() || a.is_negative());
            if expired {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().into(), cookie.value().into());
            }
        }
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = strip_markers(&String::from_utf8_lossy(&bytes));
        let answer = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes() == kit::ANSWER_TYPE.as_bytes());
        let (head, body) = match body.split_once('\n') {
            Some((head, page)) if answer => (
                Some(serde_json::from_str(head).expect("an answer's head is JSON")),
                page.to_owned(),
            ),
            _ => (None, body),
        };
        TestResponse {
            status,
            headers,
            body,
            head,
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A form POST as a browser without JavaScript sends it (same-origin).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with(path, fields, &[("origin", ORIGIN)])
            .await
    }

    /// A form POST with extra headers.
    pub async fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        for (k, v) in headers {
            req.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.send(req).await
    }

    /// Registers (which logs in) and returns the session cookie.
    pub async fn register(&mut self, email: &str, password: &str) -> String {
        let res = self
            .post_form(
                "/login?/register",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        self.cookies
            .get("session")
            .cloned()
            .expect("session cookie")
    }

    /// A JSON request to the API (same-origin).
    pub async fn json(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> TestResponse {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("origin", ORIGIN);
        let req = match body {
            Some(body) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    /// An enhanced form's request: the result comes back as JSON.
    pub async fn post_enhanced(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with(
            path,
            fields,
            &[("origin", ORIGIN), ("x-leptos-action", "true")],
        )
        .await
    }

    /// What an enhanced form sends (spec R1, same-origin): its answer carries
    /// the result (`head`) and the page `show` rendered after the action (`body`).
    pub async fn post_answer(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        show: &str,
    ) -> TestResponse {
        self.post_form_with(
            path,
            fields,
            &[("origin", ORIGIN), (kit::PAGE_HEADER, show)],
        )
        .await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.post_form("/login?/login", &[("email", email), ("password", password)])
            .await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
{% endraw %}{% if demo %}        let _ = std::fs::remove_dir_all(&self.data_dir);
{% endif %}{% raw %}        if let Some(path) = &self.db_path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// A new, empty database: its URL, and the SQLite file to delete afterwards.
pub async fn fresh_database() -> (String, Option<std::path::PathBuf>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::AnyConnection::connect(&url)
                .await
                .expect("PostgreSQL");
            sqlx::raw_sql(&format!("CREATE SCHEMA {schema}"))
                .execute(&mut admin)
                .await
                .expect("create schema");
            let separator = if url.contains('?') { '&' } else { '?' };
            (
                format!("{url}{separator}options[search_path]={schema}"),
                None,
            )
        }
        _ => {
            let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("http-tests");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{}.db", uuid::Uuid::new_v4().simple()));
            (format!("sqlite://{}", path.display()), Some(path))
        }
    }
}

/// The configuration of a test app on `database_url`.
pub fn test_config(database_url: &str) -> Config {
    // The defaults, whatever this shell exports (REQUEST_TIMEOUT_SECS, say).
    let leptos = leptos::config::get_configuration(None)
        .expect("Leptos options")
        .leptos_options;
    let mut config = Config::from_vars(leptos, |_| None).expect("config");
    config.database_url = database_url.to_owned();
    config.origin = ORIGIN.into();
    config.trusted_origins = vec!["https://trusted.example".into()];
    config.body_limit = 64 * 1024;
{% endraw %}{% if demo %}{% raw %}    // Each test app keeps its files apart.
    config.data_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("http-tests")
        .join(format!("data-{}", uuid::Uuid::new_v4().simple()));
{% endraw %}{% endif %}{% raw %}    config
}

/// A real server on a free port of 127.0.0.1, serving until the test ends.
pub async fn start_server(database_url: &str) -> std::net::SocketAddr {
    start_server_with(database_url, |_| {}).await
}

/// A real server with the test configuration changed by `change`, served as
/// `main` serves it (peer addresses included).
pub async fn start_server_with(
    database_url: &str,
    change: impl FnOnce(&mut Config),
) -> std::net::SocketAddr {
    let mut config = test_config(database_url);
    change(&mut config);
    let app = server::app(&config).await.expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { kit::server::serve(listener, app, config.shutdown_timeout).await });
    addr
}

/// A plain HTTP/1.1 request over TCP (one connection, closed after), for tests
/// that talk to real servers.
pub async fn wire(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> TestResponse {
    match cookie {
        Some(cookie) => wire_with(addr, method, path, &[("cookie", cookie)], form).await,
        None => wire_with(addr, method, path, &[], form).await,
    }
}

/// [`wire`] with more request headers.
pub async fn wire_with(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    form: &[(&str, &str)],
) -> TestResponse {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nOrigin: {ORIGIN}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let mut headers = HeaderMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            headers.append(
                HeaderName::from_bytes(name.trim().as_bytes()).unwrap(),
                HeaderValue::from_str(value.trim()).unwrap(),
            );
        }
    }
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .get(header::TRANSFER_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    if chunked {
        body = dechunk(&body);
    }
    TestResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: strip_markers(&String::from_utf8_lossy(&body)),
        head: None,
    }
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    out
}

/// Removes Leptos's hydration markers (`<!>` and `<!--…-->`), so tests can look
/// for `<h1>Home</h1>` as a person reads it.
fn strip_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(after) = tail.strip_prefix("<!>") {
            rest = after;
        } else if tail.starts_with("<!--") {
            rest = tail.find("-->").map_or("", |end| &tail[end + 3..]);
        } else {
            // <!DOCTYPE html>
            out.push_str("<!");
            rest = &tail[2..];
        }
    }
    out.push_str(rest);
    out
}

/// The server's log lines, written where a test can read them.
#[derive(Clone, Default)]
pub struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// The capture of the test that runs on this thread, and its level.
    static CAPTURE: std::cell::RefCell<Option<(CapturedLog, tracing::Level)>> =
        const { std::cell::RefCell::new(None) };
}

/// Writes a log line to the capture of the thread that logs it.
struct ThisThread;

impl std::io::Write for ThisThread {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|capture| match capture.borrow_mut().as_mut() {
            Some((log, _)) => log.write(bytes),
            None => Ok(bytes.len()),
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Ends a capture when dropped.
pub struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|capture| capture.borrow_mut().take());
    }
}

impl CapturedLog {
    /// Captures what the app logs up to `level` on this thread until the guard
    /// is dropped. `#[tokio::test]` runs the app on the test's thread.
    ///
    /// One global subscriber serves every test, and asks per event whether its
    /// thread captures. A subscriber per test (`set_default`) lost lines: a
    /// callsite first reached by another test's thread at the moment this one's
    /// subscriber was set could be cached as of interest to no one.
    pub fn install(level: tracing::Level) -> (Self, CaptureGuard) {
        use tracing_subscriber::prelude::*;
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            // Dynamic: asked at every event (`filter_fn` would cache its first
            // answer per callsite, for all threads).
            let capturing = tracing_subscriber::filter::dynamic_filter_fn(|meta, _| {
                CAPTURE.with(|capture| {
                    capture
                        .borrow()
                        .as_ref()
                        .is_some_and(|(_, level)| meta.level() <= level)
                })
            });
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(|| ThisThread)
                .with_filter(capturing);
            tracing_subscriber::registry()
                .with(layer)
                .try_init()
                .expect("no other global subscriber in the tests");
        });
        let log = Self::default();
        CAPTURE.with(|capture| *capture.borrow_mut() = Some((log.clone(), level)));
        (log, CaptureGuard)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
{% endraw %}