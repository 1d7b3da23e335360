//! The form-actions contract on `/`, `/login` and `/logout`.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};

use crate::common::{TestApp, TestResponse, ORIGIN, PASSWORD};
use futures::StreamExt;

// ---- pages, 404, 405 -------------------------------------------------------------

#[tokio::test]
async fn home_renders_logged_out() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("<h1>Home</h1>");
    res.assert_contains("You are not logged in");
    res.assert_contains(r#"aria-label="Quick log in""#);
}

#[tokio::test]
async fn an_unknown_path_is_a_404_page() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    res.assert_contains("<h1>Not found</h1>");
}

#[tokio::test]
async fn a3_post_to_a_page_without_actions_is_405_with_allow() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/search", &[("a", "b")]).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers.get(header::ALLOW).unwrap(), "GET, HEAD");
}

#[tokio::test]
async fn a3_a_page_with_named_actions_refuses_a_post_without_a_name() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/login", &[("email", "a@b.co")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("only named actions");
}

#[tokio::test]
async fn a3_an_unknown_action_name_is_a_clear_404() {
    let mut app = TestApp::spawn().await;
    let res = app.post_form("/login?/nope", &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    res.assert_contains("No action named `nope`");
    // A page with only a default action has no named ones either.
    let res = app.post_form("/logout?/nope", &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

// ---- login failures ----------------------------------------------------------------

#[tokio::test]
async fn a7_login_without_email_or_password_is_400_with_both_messages() {
    let mut app = TestApp::spawn().await;
    let res = app.login("", "").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("Email is required");
    res.assert_contains("Password is required");
    res.assert_contains(r#"role="alert""#);
}

#[tokio::test]
async fn a7_h5_unknown_email_and_wrong_password_say_the_same_and_keep_the_email() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();

    let unknown = app.login("nobody@example.com", "secret-typed-1").await;
    let wrong = app.login("ada@example.com", "secret-typed-2").await;
    for (res, email, typed) in [
        (&unknown, "nobody@example.com", "secret-typed-1"),
        (&wrong, "ada@example.com", "secret-typed-2"),
    ] {
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        res.assert_contains("Invalid email or password");
        res.assert_contains(&format!(r#"value="{email}""#));
        // The password is never sent back.
        res.assert_lacks(typed);
    }
    assert!(!app.cookies.contains_key("session"));
}

#[tokio::test]
async fn a6_the_form_value_is_gone_after_a_reload() {
    let mut app = TestApp::spawn().await;
    let res = app.login("", "").await;
    res.assert_contains("Email is required");
    let res = app.get("/login").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_lacks("Email is required");
}

// ---- register and login --------------------------------------------------------------

#[tokio::test]
async fn register_validates_email_and_password() {
    let mut app = TestApp::spawn().await;
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "not-an-email"), ("password", "short")],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("Enter a valid email address");
    res.assert_contains("Password must be at least 8 characters");
    res.assert_contains(r#"value="not-an-email""#);
    res.assert_lacks("short");

    let res = app
        .post_form("/login?/register", &[("password", PASSWORD)])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("Enter a valid email address");
}

#[tokio::test]
async fn h2_h3_register_starts_a_session_with_a_secure_cookie() {
    let mut app = TestApp::spawn().await;
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "  Ada@Example.com "), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Welcome, ada! Your account was created.");
    // H1: the page rendered after the action already shows the logged-in nav.
    res.assert_contains("ada@example.com");
    res.assert_contains(r#"aria-label="Log out""#);

    let cookie = res.set_cookie("session").expect("Set-Cookie: session");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    // The test site is plain http:// (development), so no Secure.
    assert!(!cookie.contains("Secure"), "{cookie}");
    // At least 128 random bits: 64 hex digits here.
    let token = app.cookies["session"].clone();
    assert!(token.len() >= 32, "{token}");
    // Stored hashed: the token itself is not in the database.
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let home = app.get("/").await;
    home.assert_contains("Welcome, ada");
}

#[tokio::test]
async fn register_refuses_an_email_that_exists() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "ADA@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("An account with this email already exists");
}

#[tokio::test]
async fn h3_login_rotates_the_session_and_logout_kills_it() {
    let mut app = TestApp::spawn().await;
    let first = app.register("ada@example.com", PASSWORD).await;

    let res = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Welcome back, ada!");
    let second = app.cookies["session"].clone();
    assert_ne!(first, second, "a new token at every login");

    // The token from before the login no longer works.
    app.cookies.insert("session".into(), first.clone());
    app.get("/").await.assert_contains("You are not logged in");

    // Log out with the live one: 303 to /, cookie deleted, row gone.
    app.cookies.insert("session".into(), second.clone());
    let res = app.post_form("/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/"));
    let deleted = res.set_cookie("session").expect("cookie deleted");
    assert!(deleted.contains("Max-Age=0"), "{deleted}");

    // Replaying the old cookie value after logout: logged out.
    app.cookies.insert("session".into(), second);
    app.get("/").await.assert_contains("You are not logged in");
}

// ---- redirectTo (B4) ---------------------------------------------------------------------

#[tokio::test]
async fn a8_b4_login_redirects_to_a_local_redirect_to_from_form_or_query() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;

    let res = app
        .post_form(
            "/login?/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("redirectTo", "/todos"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/todos"));

    let res = app
        .post_form(
            "/login?/login&redirectTo=/search",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/search"));
}

#[tokio::test]
async fn b4_a_foreign_redirect_to_is_ignored() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    for target in ["//evil.example", "/\\evil.example", "https://evil.example/"] {
        let res = app
            .post_form(
                "/login?/login",
                &[
                    ("email", "ada@example.com"),
                    ("password", PASSWORD),
                    ("redirectTo", target),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{target}");
        res.assert_contains("Welcome back, ada!");
    }
}

#[tokio::test]
async fn login_page_carries_redirect_to_in_a_hidden_field() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/login?redirectTo=/todos").await;
    res.assert_contains(r#"name="redirectTo""#);
    res.assert_contains(r#"value="/todos""#);
    let res = app.get("/login?redirectTo=//evil.example").await;
    // (The layout's Language form carries the page's own path back, spec L2.)
    res.assert_lacks(r#"name="redirectTo" value="//evil.example""#);
    res.assert_contains(r#"name="redirectTo" value="/login?redirectTo=//evil.example""#);
    assert_eq!(res.body.matches(r#"name="redirectTo""#).count(), 1);
}

// ---- rate limit ----------------------------------------------------------------------------

#[tokio::test]
async fn ten_failed_logins_lock_the_email_with_429() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.register("bob@example.com", PASSWORD).await;
    app.cookies.clear();
    for _ in 0..10 {
        let res = app.login("ada@example.com", "wrong password").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    // Even the right password is refused now.
    let res = app.login("ADA@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    res.assert_contains("Too many attempts, try again later");
    assert!(!app.cookies.contains_key("session"));
    // Another email is not affected: Bob still logs in.
    let res = app.login("bob@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(app.cookies.contains_key("session"));
}

// ---- CSRF (H4) -----------------------------------------------------------------------------

#[tokio::test]
async fn h4_a_foreign_origin_is_refused_before_the_action_runs() {
    let mut app = TestApp::spawn().await;
    let fields = [("email", "eve@example.com"), ("password", PASSWORD)];
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "null")][..],
        &[("sec-fetch-site", "cross-site")][..],
    ] {
        let res = app
            .post_form_with("/login?/register", &fields, headers)
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{headers:?}");
        res.assert_contains("Cross-site");
    }
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(users, 0, "no action ran");
}

#[tokio::test]
async fn h4_same_origin_trusted_origins_and_scripts_pass() {
    let mut app = TestApp::spawn().await;
    let res = app
        .post_form_with(
            "/login?/login",
            &[],
            &[("origin", "https://trusted.example")],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    // Neither Origin nor Sec-Fetch-Site: curl or a script.
    let res = app.post_form_with("/login?/login", &[], &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app
        .post_form_with("/login?/login", &[], &[("origin", ORIGIN)])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

// ---- bad input (B1, B2) ---------------------------------------------------------------------

#[tokio::test]
async fn b1_a_duplicated_field_is_a_400() {
    let mut app = TestApp::spawn().await;
    let res = app
        .post_form(
            "/login?/login",
            &[
                ("email", "a@example.com"),
                ("email", "b@example.com"),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("sent more than once");
}

#[tokio::test]
async fn b1_a_non_form_content_type_is_a_415() {
    let mut app = TestApp::spawn().await;
    let res = app
        .send(
            Request::post("/login?/login")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"email":"a"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn b1_invalid_utf8_never_causes_a_5xx() {
    let mut app = TestApp::spawn().await;
    // Raw invalid bytes in a urlencoded body decode lossily; the action answers 4xx.
    let res = app
        .send(
            Request::post("/login?/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(&b"email=\xff\xfe&password=%FF"[..]))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    // In multipart the field is refused as not UTF-8.
    let body: &'static [u8] =
        b"--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n\xff\r\n--B--\r\n";
    let res = app
        .send(
            Request::post("/login?/login")
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("not valid UTF-8");
}

#[tokio::test]
async fn a1_multipart_bodies_are_accepted() {
    let mut app = TestApp::spawn().await;
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nada@example.com\r\n\
         --B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{PASSWORD}\r\n--B--\r\n"
    );
    let res = app
        .send(
            Request::post("/login?/register")
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.assert_contains("Welcome, ada! Your account was created.");
}

#[tokio::test]
async fn b2_a_request_whose_body_stalls_times_out_with_a_408() {
    // Long enough for any honest request on a loaded machine (the page below is
    // held to it too), far below the default of 30 s.
    let mut app = TestApp::spawn_with(|config| {
        config.request_timeout = std::time::Duration::from_secs(2);
    })
    .await;
    // The first bytes of a form, then nothing: a slow client holding the request open.
    let stalled = futures::stream::once(async {
        Ok::<_, std::convert::Infallible>(axum::body::Bytes::from_static(b"email=ada"))
    })
    .chain(futures::stream::pending());
    let request = Request::post("/login?/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from_stream(stalled))
        .unwrap();
    // Given up at the configured time (not the default of 30 s, and not never).
    let res = tokio::time::timeout(std::time::Duration::from_secs(10), app.send(request))
        .await
        .expect("the server answered a stalled request");
    assert_eq!(res.status, StatusCode::REQUEST_TIMEOUT);

    // The app is still serving.
    let res = app.get("/login").await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn b2_a_body_over_the_limit_is_a_413() {
    let mut app = TestApp::spawn().await;
    let big = "x".repeat(100 * 1024);
    let res = app.post_form("/login?/login", &[("email", &big)]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

// ---- the JSON protocol (E8) and errors (A9) ---------------------------------------------------

#[tokio::test]
async fn e8_an_enhanced_request_gets_the_action_result_as_json() {
    let mut app = TestApp::spawn().await;
    let json = [("origin", ORIGIN), ("x-leptos-action", "true")];

    let res = app.post_form_with("/login?/login", &[], &json).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let body = res.json();
    assert_eq!(body["type"], "failure");
    assert_eq!(body["status"], 400);
    // The typed form's failure: what was sent (never the password) and each issue.
    assert_eq!(body["data"]["form"], "login");
    assert_eq!(
        body["data"]["issues"],
        serde_json::json!([
            ["email", "Email is required"],
            ["password", "Password is required"]
        ])
    );

    let res = app
        .post_form_with(
            "/login?/register",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
            &json,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["type"], "success");
    assert_eq!(
        res.json()["data"]["welcome"],
        "Welcome, ada! Your account was created."
    );
    assert!(res.set_cookie("session").is_some());

    // A redirect is a 200 carrying it, since fetch would follow a real 303.
    let res = app.post_form_with("/logout", &[], &json).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        serde_json::json!({"type": "redirect", "status": 303, "location": "/"})
    );
}

#[tokio::test]
async fn a9_an_unexpected_error_is_a_500_with_an_id_and_no_detail() {
    let (log, _guard) = crate::common::CapturedLog::install(tracing::Level::INFO);
    let mut app = TestApp::spawn().await;
    // The database going away is an error no action expects.
    app.db.close().await;
    let res = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    res.assert_contains("Something went wrong");
    res.assert_contains("Error id:");
    res.assert_lacks("pool");
    res.assert_lacks("closed");
    // The id on the page is the id of the log line that holds the detail.
    let id = res
        .body
        .split("Error id: <code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("an error id on the page");
    assert_eq!(id.len(), 32, "{id}");
    let line = log
        .text()
        .lines()
        .find(|line| line.contains(id))
        .map(str::to_owned)
        .expect("the id in the server log");
    assert!(line.contains("ERROR") && line.contains("closed"), "{line}");

    let res = app
        .post_form_with(
            "/login?/login",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
            &[("x-leptos-action", "true")],
        )
        .await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = res.json();
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["message"], "Internal error");
    let id = body["error"]["id"].as_str().expect("an error id");
    assert_eq!(id.len(), 32);
    assert!(
        log.text().contains(&format!("error_id={id}")),
        "{}",
        log.text()
    );
}

// ---- T2: Quick log in, a form for /login's action -----------------------------------

/// A form posted by a browser without JavaScript, from Home.
async fn post_from_home(app: &mut TestApp, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let referer = format!("{ORIGIN}/");
    let headers = [
        ("origin", ORIGIN),
        ("accept", "text/html,application/xhtml+xml"),
        ("referer", referer.as_str()),
    ];
    app.post_form_with(path, fields, &headers).await
}

#[tokio::test]
async fn t2_quick_log_in_posts_to_the_login_pages_action() {
    let mut app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains(r#"action="/login?/login""#);
    res.assert_lacks("/api/login");
    res.assert_contains(r#"method="post""#);
    res.assert_contains(r#"aria-label="Quick log in""#);
    res.assert_contains(r#"<label for="quick-email">Email</label>"#);
    res.assert_contains(r#"<label for="quick-password">Password</label>"#);
    res.assert_contains(">Log in</button>");
}

#[tokio::test]
async fn t2_there_is_no_api_detour_and_no_307() {
    let mut app = TestApp::spawn().await;
    let fields = [("email", "ada@example.com"), ("password", "x")];
    // The action's one URL answers itself, with the page.
    let res = post_from_home(&mut app, "/login?/login", &fields).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    res.assert_contains("<h1>Log in</h1>");
    // The server function's path of old is no action at all.
    let res = post_from_home(&mut app, "/api/login", &fields).await;
    assert_ne!(res.status, StatusCode::TEMPORARY_REDIRECT, "{}", res.body);
    assert!(res.status.is_client_error(), "{}", res.status);
}

#[tokio::test]
async fn f1_a_failed_quick_log_in_lands_on_login_with_a_400_the_email_and_never_the_password() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();
    let fields = [("email", "ada@example.com"), ("password", "secret-typed-3")];
    let res = post_from_home(&mut app, "/login?/login", &fields).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("<h1>Log in</h1>");
    res.assert_contains("Invalid email or password");
    res.assert_contains(r#"value="ada@example.com""#);
    res.assert_lacks("secret-typed-3");
    // The action that ran is in the page state: its handles alone show the result (T4).
    res.assert_contains(r#""action":"/login?/login""#);
    assert!(!app.cookies.contains_key("session"));

    // Nothing sent: the form's messages, and the same status.
    let res = post_from_home(&mut app, "/login?/login", &[]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("Email is required");
    res.assert_contains("Password is required");
    // An argument sent twice is a client error (B1), not a guess.
    let twice = [("email", "a@example.com"), ("email", "b@example.com")];
    let res = post_from_home(&mut app, "/login?/login", &twice).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn f1_the_login_function_starts_a_session_and_welcomes_or_redirects_with_a_303() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();
    let fields = [("email", "ada@example.com"), ("password", PASSWORD)];
    let res = post_from_home(&mut app, "/login?/login", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.assert_contains("Welcome back, ada!");
    assert!(res.set_cookie("session").is_some());
    app.get("/").await.assert_contains("Welcome, ada");

    app.cookies.clear();
    let res = app
        .post_form("/login?/login&redirectTo=/todos", &fields)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/todos"));
}

#[tokio::test]
async fn e8_the_login_action_answers_its_json_protocol() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();
    let json = [("origin", ORIGIN), ("x-leptos-action", "true")];
    let wrong = [("email", "ada@example.com"), ("password", "nope-nope")];
    let res = app.post_form_with("/login?/login", &wrong, &json).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let error = res.json();
    assert_eq!(error["type"], "failure");
    assert_eq!(error["data"]["message"], "Invalid email or password");
    res.assert_lacks("nope-nope");

    let right = [("email", "ada@example.com"), ("password", PASSWORD)];
    let res = app.post_form_with("/login?/login", &right, &json).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["data"]["welcome"], "Welcome back, ada!");
    assert!(res.set_cookie("session").is_some());

    app.cookies.clear();
    let to = [
        ("email", "ada@example.com"),
        ("password", PASSWORD),
        ("redirectTo", "/todos"),
    ];
    let res = app.post_form_with("/login?/login", &to, &json).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.json(),
        serde_json::json!({"type": "redirect", "status": 303, "location": "/todos"})
    );
}

// ---- T6: a session that cannot be looked up ----------------------------------------

#[tokio::test]
async fn t6_a_failed_session_lookup_is_a_503_never_logged_out() {
    let (log, _guard) = crate::common::CapturedLog::install(tracing::Level::INFO);
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    // From now on the lookup of the session's user is an error.
    sqlx::query("DROP TABLE sessions")
        .execute(app.db.write())
        .await
        .unwrap();

    let res = app.get("/todos").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert_eq!(res.headers[header::RETRY_AFTER], "5");
    assert!(res.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    res.assert_contains("The service is unavailable, try again in a moment");
    res.assert_lacks("sessions");
    assert!(res.set_cookie("session").is_none(), "the cookie is kept");
    // The id shown is the id of the log line that holds the cause.
    let id = res
        .body
        .split("Error id: ")
        .nth(1)
        .expect("an error id")
        .trim();
    let line = log
        .text()
        .lines()
        .find(|line| line.contains(id))
        .map(str::to_owned)
        .expect("the id in the server log");
    assert!(
        line.contains("ERROR") && line.contains("session lookup failed"),
        "{line}"
    );

    // An action does not run either, with or without JavaScript, nor the API.
    let res = app.post_form("/todos?/add", &[("title", "eggs")]).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    assert_eq!(res.headers[header::RETRY_AFTER], "5");
    let res = app.post_enhanced("/todos?/add", &[("title", "eggs")]).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    let res = app.json("GET", "/api/todos", None).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.body);
    let (todos,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM todos")
        .fetch_one(app.db.read())
        .await
        .unwrap();
    assert_eq!(todos, 1, "nothing was added");
    assert!(app.cookies.contains_key("session"));

    // Without a session cookie nothing is looked up: the site works, logged out.
    app.cookies.clear();
    let res = app.get("/todos").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?redirectTo=/todos"));
    let res = app.get("/login").await;
    assert_eq!(res.status, StatusCode::OK);
    let res = app.login("ada@example.com", "not the password").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    res.assert_contains("Invalid email or password");
}

// ---- T4: a result belongs to its action ---------------------------------------------

/// The markup of the form named `label`, from `<form` to `</form>`.
fn form_named<'a>(res: &'a TestResponse, label: &str) -> &'a str {
    let at = res
        .body
        .find(&format!(r#"aria-label="{label}""#))
        .unwrap_or_else(|| panic!("no form named {label}:\n{}", res.body));
    let start = res.body[..at].rfind("<form").expect("its <form>");
    let end = at + res.body[at..].find("</form>").expect("its </form>");
    &res.body[start..end]
}

/// `/login` has two actions and, as its contract says, one form for both (Log
/// in and Register are its two buttons), so each failure shows in that form;
/// this checks that it is that action's failure and nothing of the other's,
/// and that Quick log in, the same action's form on Home, keeps its result to
/// itself with JavaScript. That two forms of one page each show only their own
/// action's failure is proved where a page has two: the layer's
/// `one_result_per_action` tests, and `t4_a_failure_shows_only_in_its_own_form_and_row`
/// (tests/http/todos.rs) for the rows.
#[tokio::test]
async fn t4_login_and_register_each_show_their_own_failure_and_quick_log_in_keeps_its_own() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.cookies.clear();
    let taken = "An account with this email already exists";
    let invalid = "Invalid email or password";

    // Register's failure: its issue by the Email field, the email kept, and
    // nothing of login's.
    let again = [("email", "ada@example.com"), ("password", PASSWORD)];
    let res = app.post_form("/login?/register", &again).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    res.assert_contains(r#""action":"/login?/register""#);
    let form = form_named(&res, "Log in");
    assert!(form.contains(taken), "{form}");
    assert!(form.contains(r#"value="ada@example.com""#), "{form}");
    assert!(!form.contains(invalid), "{form}");
    assert_eq!(res.body.matches(&format!(">{taken}<")).count(), 1);

    // Login's failure: its message, and nothing of register's.
    let wrong = [("email", "ada@example.com"), ("password", "wrong-password")];
    let res = app.post_form("/login?/login", &wrong).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    res.assert_contains(r#""action":"/login?/login""#);
    let form = form_named(&res, "Log in");
    assert!(form.contains(invalid), "{form}");
    assert!(form.contains(r#"value="ada@example.com""#), "{form}");
    assert!(!form.contains(taken), "{form}");
    res.assert_lacks("wrong-password");

    // Quick log in with JavaScript: the answer carries the failure, and Home,
    // rendered after it, does not show it (the island does, from the result):
    // the page's own state names no action.
    let res = app.post_answer("/login?/login", &wrong, "/").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let head = res.head.clone().expect("an enhanced answer");
    assert_eq!(head["result"]["type"], "failure");
    assert_eq!(head["result"]["data"]["message"], invalid);
    let quick = form_named(&res, "Quick log in");
    assert!(quick.contains(r#"action="/login?/login""#), "{quick}");
    assert!(!quick.contains(invalid), "{quick}");
    assert!(!quick.contains("ada@example.com"), "{quick}");
    assert!(!quick.contains("role=\"alert\""), "{quick}");
    res.assert_lacks(r#""action":"#);
    assert!(!app.cookies.contains_key("session"));
}
