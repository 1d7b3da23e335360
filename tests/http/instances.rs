//! Two instances of the server on one database behave as one site (spec H3):
//! nothing that serving needs lives in one process's memory.

use axum::http::StatusCode;

use crate::common::{fresh_database, start_server, wire, PASSWORD};

/// The `name=value` of the `session` cookie a response sets.
fn session_cookie(res: &crate::common::TestResponse) -> String {
    let set = res.set_cookie("session").expect("a session cookie");
    set.split(';').next().unwrap().to_owned()
}

/// Two servers on one fresh database, and the session cookie of a user
/// registered (so logged in) through the first: how every test of several
/// instances starts. The last is the SQLite file, kept until the test ends.
pub(crate) async fn two_servers_with_a_user() -> (
    std::net::SocketAddr,
    std::net::SocketAddr,
    String,
    Option<std::path::PathBuf>,
) {
    let (database_url, file) = fresh_database().await;
    let a = start_server(&database_url).await;
    let b = start_server(&database_url).await;
    assert_ne!(a.port(), b.port());
    let res = wire(
        a,
        "POST",
        "/login?/register",
        None,
        &[("email", "ada@example.com"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    (a, b, session_cookie(&res), file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h3_two_servers_share_sessions_and_failed_login_counts() {
    // Registered (and so logged in) through A; the session works through B.
    let (a, b, cookie, _file) = two_servers_with_a_user().await;
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

/// The id of the todo `title` on a page of the list (its edit link).
fn todo_id(page: &crate::common::TestResponse, title: &str) -> String {
    let row = page.row(title);
    let at = row.find(r#"href="/todos/"#).expect("an edit link") + r#"href="/todos/"#.len();
    row[at..].chars().take_while(char::is_ascii_digit).collect()
}

/// A flash (a signed cookie) set through one server is shown through the
/// other: both sign with the key kept in the database (`db::cookie_key`), as a
/// server started again after a restart does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h3_a_flash_set_through_one_server_is_shown_through_the_other() {
    let (a, b, session, _file) = two_servers_with_a_user().await;
    let list = wire(
        a,
        "POST",
        "/todos?/add",
        Some(&session),
        &[("title", "milk")],
    )
    .await;
    let id = todo_id(&list, "milk");

    let res = wire(
        a,
        "POST",
        &format!("/todos/{id}?/delete"),
        Some(&session),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let flash = res.set_cookie("flash").expect("a flash cookie");
    let flash = flash.split(';').next().unwrap();

    let res = wire(
        b,
        "GET",
        "/todos",
        Some(&format!("{session}; {flash}")),
        &[],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Deleted “milk”");
}
