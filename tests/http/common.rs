//! The HTTP-level test harness: the real router, a fresh database per test, and a
//! client that keeps cookies and does not follow redirects.

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderName, HeaderValue, Request, StatusCode},
    Router,
};
use std::collections::BTreeMap;
use tower::ServiceExt;

use starter::{config::Config, db::Db};

/// The origin the test app believes it is served from.
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// A password that passes the rules.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    /// Cookies kept between requests, as a browser would.
    pub cookies: BTreeMap<String, String>,
    db_path: std::path::PathBuf,
}

/// What came back: status, headers and the body as text.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
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
    /// A new app on its own new SQLite file.
    pub async fn spawn() -> Self {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("http-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let db_path = dir.join(format!("{}.db", uuid::Uuid::new_v4().simple()));
        let mut config = Config::from_env().expect("config");
        config.database_url = format!("sqlite://{}", db_path.display());
        config.origin = ORIGIN.into();
        config.trusted_origins = vec!["https://trusted.example".into()];
        config.body_limit = 64 * 1024;
        let db = starter::db::connect(&config.database_url)
            .await
            .expect("database");
        let router = starter::server::router(&config, db.clone());
        Self {
            router,
            db,
            cookies: BTreeMap::new(),
            db_path,
        }
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
        TestResponse {
            status,
            headers,
            body: strip_markers(&String::from_utf8_lossy(&bytes)),
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

    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.post_form("/login?/login", &[("email", email), ("password", password)])
            .await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db_path.display()));
        }
    }
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
