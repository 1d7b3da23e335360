//! Two instances of the server on one database behave as one site (spec H3):
//! nothing that serving needs lives in one process's memory.

use axum::http::StatusCode;

use crate::common::{fresh_database, start_server, wire, PASSWORD};

/// The `name=value` of the `session` cookie a response sets.
fn session_cookie(res: &crate::common::TestResponse) -> String {
    let set = res.set_cookie("session").expect("a session cookie");
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h3_two_servers_share_sessions_and_failed_login_counts() {
    let (database_url, _file) = fresh_database().await;
    let a = start_server(&database_url).await;
    let b = start_server(&database_url).await;
    assert_ne!(a.port(), b.port());

    // Register (and so log in) through A; the session works through B.
    let res = wire(
        a,
        "POST",
        "/login?/register",
        None,
        &[("email", "ada@example.com"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = session_cookie(&res);
    let res = wire(b, "GET", "/", Some(&cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Welcome, ada");

    // A todo added through B is seen through A.
    let res = wire(
        b,
        "POST",
        "/todos?/add",
        Some(&cookie),
        &[("title", "shared milk")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    wire(a, "GET", "/todos", Some(&cookie), &[])
        .await
        .assert_contains("shared milk");

    // Logging out through B ends the session for A too.
    let res = wire(b, "POST", "/logout", Some(&cookie), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    wire(a, "GET", "/", Some(&cookie), &[])
        .await
        .assert_contains("You are not logged in");

    // Failed logins count across both: 5 through each, then even the right
    // password is refused by either.
    for server in [a, b] {
        for _ in 0..5 {
            let res = wire(
                server,
                "POST",
                "/login?/login",
                None,
                &[("email", "ada@example.com"), ("password", "wrong")],
            )
            .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST);
        }
    }
    for server in [a, b] {
        let res = wire(
            server,
            "POST",
            "/login?/login",
            None,
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    }
}
