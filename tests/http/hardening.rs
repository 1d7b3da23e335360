//! Hardening (spec S1–S3, S5): the login limits under concurrency and across
//! instances, bounded hashing, a graceful stop on SIGTERM, the session cookie.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use futures::future::join_all;
use std::time::Duration;
use tower::ServiceExt;

use crate::common::{
    fresh_database, start_server_with, wire_with, TestApp, TestResponse, ORIGIN, PASSWORD,
};

fn login_request(email: &str, password: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("email", email), ("password", password)])
        .finish();
    let mut req = Request::post("/login?/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", ORIGIN);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::from(body)).unwrap()
}

/// Sends `n` logins at once through the router; their statuses.
async fn concurrent_logins(
    app: &TestApp,
    n: usize,
    email: &str,
    password: &str,
) -> Vec<StatusCode> {
    let requests = (0..n).map(|_| {
        let router = app.router.clone();
        let req = login_request(email, password, &[]);
        tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
    });
    answers(requests).await
}

/// What tasks sent at once got back, in order.
async fn answers<T>(tasks: impl IntoIterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s1_concurrent_wrong_passwords_get_at_most_ten_checks_and_the_rest_429() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;

    let statuses = concurrent_logins(&app, 40, "ada@example.com", "wrong password").await;
    // Exactly the limit's worth were checked against the hash (and failed).
    assert_eq!(
        count(&statuses, StatusCode::BAD_REQUEST),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        30,
        "{statuses:?}"
    );
    // And the right password is refused too until the window has passed.
    app.cookies.clear();
    let res = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s1_the_limit_holds_across_two_instances_under_concurrency() {
    let (database_url, _file) = fresh_database().await;
    let a = start_server_with(&database_url, |_| {}).await;
    let b = start_server_with(&database_url, |_| {}).await;
    let fields = [("email", "ada@example.com"), ("password", "wrong")];
    let requests = (0..30).map(|i| {
        let server = if i % 2 == 0 { a } else { b };
        tokio::spawn(async move {
            wire_with(server, "POST", "/login?/login", &[], &fields)
                .await
                .status
        })
    });
    let statuses: Vec<StatusCode> = answers(requests).await;
    assert_eq!(
        count(&statuses, StatusCode::BAD_REQUEST),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        20,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn s1_failed_logins_from_one_client_address_are_limited_whatever_the_emails() {
    let mut app = TestApp::spawn_with(|config| {
        config.login_ip_limit = 3;
        config.client_ip_header = Some("x-forwarded-for".parse().unwrap());
    })
    .await;
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    for i in 0..3 {
        let email = format!("user{i}@example.com");
        let res = app
            .send(login_request(&email, "wrong", &from("198.51.100.7")))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    }
    let res = app
        .send(login_request(
            "other@example.com",
            "wrong",
            &from("198.51.100.7"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    res.assert_contains("Too many attempts, try again later");
    // Another address is not affected.
    let res = app
        .send(login_request(
            "other@example.com",
            "wrong",
            &from("203.0.113.9"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s1_the_client_address_header_is_ignored_unless_configured_and_counts_across_instances() {
    let (database_url, _file) = fresh_database().await;
    let limit = |config: &mut crate::app::config::Config| config.login_ip_limit = 3;
    let a = start_server_with(&database_url, limit).await;
    let b = start_server_with(&database_url, limit).await;
    // Not configured: every request is the peer's, 127.0.0.1, whatever the
    // header claims; three failures through two servers use the limit up.
    for (i, server) in [a, b, a].into_iter().enumerate() {
        let email = format!("user{i}@example.com");
        let claimed = format!("203.0.113.{i}");
        let res = wire_with(
            server,
            "POST",
            "/login?/login",
            &[("x-forwarded-for", &claimed)],
            &[("email", &email), ("password", "wrong")],
        )
        .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    }
    let res = wire_with(
        b,
        "POST",
        "/login?/login",
        &[("x-forwarded-for", "192.0.2.99")],
        &[("email", "fresh@example.com"), ("password", "wrong")],
    )
    .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s2_past_the_hash_bound_a_login_answers_503_with_retry_after_and_is_not_counted() {
    let mut app = TestApp::spawn_with(|config| {
        config.hash_concurrency = 1;
        config.hash_wait = Duration::ZERO;
    })
    .await;
    let requests = (0..8).map(|_| {
        let router = app.router.clone();
        let req = login_request("nobody@example.com", "wrong", &[]);
        tokio::spawn(async move {
            let res = router.oneshot(req).await.unwrap();
            let retry = res.headers().get(header::RETRY_AFTER).cloned();
            (res.status(), retry)
        })
    });
    let replies: Vec<_> = answers(requests).await;
    let busy: Vec<_> = replies
        .iter()
        .filter(|(s, _)| *s == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    let checked = count(
        &replies.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        StatusCode::BAD_REQUEST,
    );
    assert!(!busy.is_empty(), "{replies:?}");
    assert_eq!(busy.len() + checked, 8, "{replies:?}");
    assert!(busy.iter().all(|(_, retry)| retry.is_some()), "{replies:?}");
    // The busy answers were not failures: the email has 10 - checked left.
    for _ in checked..10 {
        let res = app
            .send(login_request("nobody@example.com", "wrong", &[]))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    let res = app
        .send(login_request("nobody@example.com", "wrong", &[]))
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn s2_the_busy_page_says_so_and_keeps_the_email() {
    let mut app = TestApp::spawn_with(|config| {
        config.hash_concurrency = 1;
        config.hash_wait = Duration::ZERO;
    })
    .await;
    // Hold the one turn with a registration in flight, then log in. With no
    // wait, whichever of the two asks second is busy: when the registration is
    // (it answers at once), the next round starts another. Each login uses an
    // email of its own: ten failures of one email lock it (429) before any hash.
    let mut busy = None;
    'rounds: for round in 0..20 {
        let router = app.router.clone();
        let body = format!(
            "email=ada{round}%40example.com&password={}",
            PASSWORD.replace(' ', "+")
        );
        let held = tokio::spawn(async move {
            let req = Request::post("/login?/register")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("origin", ORIGIN)
                .body(Body::from(body))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        });
        for attempt in 0..4 {
            let email = format!("bob{round}-{attempt}@example.com");
            let res = app.send(login_request(&email, "x", &[])).await;
            if res.status == StatusCode::SERVICE_UNAVAILABLE {
                busy = Some((email, res));
                let _ = held.await;
                break 'rounds;
            }
            if held.is_finished() {
                break;
            }
        }
        let _ = held.await;
    }
    let (email, res): (String, TestResponse) = busy.expect("a 503 while the only turn was taken");
    assert_eq!(res.headers[header::RETRY_AFTER], "5");
    res.assert_contains("The server is busy, try again in a moment");
    res.assert_contains(&format!(r#"value="{email}""#));
}

#[tokio::test]
async fn s5_on_https_the_session_cookie_is_host_prefixed_and_deleted_as_such() {
    let mut app = TestApp::spawn_with(|config| {
        config.origin = "https://app.example".into();
    })
    .await;
    let res = app
        .post_form_with(
            "/login?/register",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
            &[("origin", "https://app.example")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let set = res.set_cookie("__Host-session").expect("__Host-session");
    assert!(set.contains("Secure") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Domain"), "{set}");
    assert!(res.set_cookie("session").is_none());
    // The session works, and logging out deletes the cookie with Secure.
    let res = app.get("/").await;
    res.assert_contains("Welcome, ada");
    let res = app
        .post_form_with("/logout", &[], &[("origin", "https://app.example")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let set = res.set_cookie("__Host-session").expect("a deletion");
    assert!(set.contains("Max-Age=0") && set.contains("Secure"), "{set}");
}

#[tokio::test]
async fn s5_the_sweep_deletes_expired_sessions_and_old_login_counts_only() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.login("bob@example.com", "wrong").await;
    let db = app.db.clone();
    // One session and one count made long ago, beside the live ones.
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, expires_at) SELECT 'old', id, 1 FROM users",
    )
    .execute(db.write())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO login_attempts (key, window_start, attempts) VALUES ('email:old', 1, 3)",
    )
    .execute(db.write())
    .await
    .unwrap();
    crate::app::auth::server::sweep(&db).await.unwrap();
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(db.read())
        .await
        .unwrap();
    let keys: Vec<(String,)> = sqlx::query_as("SELECT key FROM login_attempts ORDER BY key")
        .fetch_all(db.read())
        .await
        .unwrap();
    assert_eq!(sessions, 1);
    assert_eq!(keys, vec![("email:bob@example.com".to_owned(),)]);
    // The live session still works.
    app.get("/").await.assert_contains("Welcome, ada");
}

/// A child process killed if the test ends before it does.
struct KillOnDrop(Option<std::process::Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
        }
    }
}

/// The server binary that `cargo test` builds beside the tests.
fn server_binary() -> std::path::PathBuf {
    // target/debug/deps/http-… → target/debug/<package>
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    dir.join(env!("CARGO_PKG_NAME"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_on_sigterm_the_requests_in_flight_are_answered_and_the_server_exits_0() {
    let (database_url, _file) = fresh_database().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let server = std::process::Command::new(server_binary())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LEPTOS_SITE_ADDR", addr.to_string())
        .env("LEPTOS_OUTPUT_NAME", env!("CARGO_PKG_NAME"))
        .env("LEPTOS_HASH_FILES", "false")
        .env("DATABASE_URL", &database_url)
        .env("ORIGIN", ORIGIN)
        // One hash at a time, so the logins below are in flight for a while.
        .env("HASH_CONCURRENCY", "1")
        .env("HASH_WAIT_SECS", "30")
        .env("SHUTDOWN_TIMEOUT_SECS", "30")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("the server binary (built by cargo test)");
    let mut server = KillOnDrop(Some(server));
    // Ready when it answers.
    let mut ready = false;
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the server did not start");

    let logins = (0..12).map(|i| {
        tokio::spawn(async move {
            let email = format!("user{i}@example.com");
            wire_with(
                addr,
                "POST",
                "/login?/login",
                &[],
                &[("email", &email), ("password", "wrong")],
            )
            .await
            .status
        })
    });
    let logins: Vec<_> = logins.collect();
    // Every connection is accepted and waiting for its turn to hash.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.0.as_ref().unwrap().id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(sent.success());

    let statuses: Vec<StatusCode> = answers(logins).await;
    assert_eq!(
        count(&statuses, StatusCode::BAD_REQUEST),
        12,
        "every request in flight gets its answer: {statuses:?}"
    );
    let mut child = server.0.take().unwrap();
    let exit = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || child.wait()),
    )
    .await
    .expect("the server exits")
    .unwrap()
    .unwrap();
    assert!(exit.success(), "{exit:?}");
    // And it accepts nothing more.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

/// The nonce a Content-Security-Policy allows scripts by.
fn csp_nonce(res: &TestResponse) -> String {
    let csp = res.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let start = csp.find("'nonce-").expect("a script nonce") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_owned()
}

fn assert_security_headers(res: &TestResponse, what: &str) {
    let csp = res
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap();
    for part in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "script-src 'self' 'nonce-",
    ] {
        assert!(csp.contains(part), "{what}: {part} in {csp}");
    }
    assert_eq!(
        res.headers[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff",
        "{what}"
    );
    assert_eq!(
        res.headers[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin",
        "{what}"
    );
}

#[tokio::test]
async fn s4_every_kind_of_answer_carries_the_security_headers() {
    let mut app = TestApp::spawn().await;
    let kinds = [
        ("a page", app.get("/search").await),
        ("a kept page, rendered", app.get("/login").await),
        ("a kept page, from the cache", app.get("/login").await),
        ("the 404 page", app.get("/nowhere").await),
        (
            "a failure",
            app.post_form("/login?/login", &[("email", "")]).await,
        ),
        (
            "a redirect",
            app.post_form("/todos?/add", &[("title", "x")]).await,
        ),
        (
            "a JSON result",
            app.post_enhanced("/login?/login", &[("email", "")]).await,
        ),
        ("the JSON API", app.json("GET", "/api/todos", None).await),
        (
            "a cross-site refusal",
            app.post_form_with("/logout", &[], &[("origin", "https://evil.example")])
                .await,
        ),
    ];
    for (what, res) in &kinds {
        assert_security_headers(res, what);
    }
    assert_eq!(kinds[2].1.headers["x-page-cache"], "hit");
    // Over plain http, no Strict-Transport-Security.
    assert!(kinds[0]
        .1
        .headers
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_none());
}

#[tokio::test]
async fn s4_the_scripts_carry_the_nonce_of_the_policy_a_new_one_each_render() {
    let mut app = TestApp::spawn().await;
    let first = app.get("/search").await;
    let second = app.get("/search").await;
    let (a, b) = (csp_nonce(&first), csp_nonce(&second));
    assert_ne!(a, b);
    first.assert_contains(&format!(r#"nonce="{a}""#));
    second.assert_contains(&format!(r#"nonce="{b}""#));
    first.assert_lacks(&format!(r#"nonce="{b}""#));

    // A kept page's policy names the nonce it was rendered with.
    let rendered = app.get("/login").await;
    let kept = app.get("/login").await;
    assert_eq!(kept.headers["x-page-cache"], "hit");
    let nonce = csp_nonce(&kept);
    assert_eq!(nonce, csp_nonce(&rendered));
    kept.assert_contains(&format!(r#"nonce="{nonce}""#));
}

#[tokio::test]
async fn s4_an_https_site_sends_strict_transport_security() {
    let mut app = TestApp::spawn_with(|config| config.origin = "https://app.example".into()).await;
    let res = app.get("/login").await;
    assert_eq!(
        res.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}
