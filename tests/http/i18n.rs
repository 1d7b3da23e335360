//! Two languages (spec L1–L7): how a request's language is chosen (the
//! `locale` cookie, the Language form, `Accept-Language`), every message of
//! the Japanese table of the demo's contract on its page with its status,
//! requests in both languages at once, and the JSON API in both.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use futures::future::join_all;
use serde_json::json;
use tower::ServiceExt;

use crate::common::{TestApp, TestResponse, ORIGIN, PASSWORD};

/// A GET with `Accept-Language: accept`.
async fn get_in(app: &mut TestApp, path: &str, accept: &str) -> TestResponse {
    let req = Request::get(path)
        .header(header::ACCEPT_LANGUAGE, accept)
        .body(Body::empty())
        .unwrap();
    app.send(req).await
}

/// An app whose visitor chose Japanese (the `locale` cookie).
async fn in_japanese() -> TestApp {
    let mut app = TestApp::spawn().await;
    app.cookies.insert("locale".into(), "ja".into());
    app
}

#[track_caller]
fn assert_all(res: &TestResponse, texts: &[&str]) {
    for text in texts {
        res.assert_contains(text);
    }
}

#[tokio::test]
async fn l2_accept_language_chooses_the_language_and_english_is_the_default() {
    let mut app = TestApp::spawn().await;
    let en = app.get("/").await;
    assert_eq!(en.status, StatusCode::OK);
    en.assert_contains(r#"<html lang="en""#);
    en.assert_contains("<h1>Home</h1>");

    let ja = get_in(&mut app, "/", "ja-JP,ja;q=0.9,en;q=0.8").await;
    ja.assert_contains(r#"<html lang="ja""#);
    ja.assert_contains("<h1>ホーム</h1>");
    ja.assert_lacks("<h1>Home</h1>");

    // Quality decides, not order; a language the app lacks is skipped.
    let en = get_in(&mut app, "/", "fr, ja;q=0.5, en;q=0.8").await;
    en.assert_contains(r#"<html lang="en""#);
    let ja = get_in(&mut app, "/", "fr, ja;q=0.5").await;
    ja.assert_contains(r#"<html lang="ja""#);

    // The same URL answers in two languages: caches are told what chose it.
    let vary: Vec<String> = ja
        .headers
        .get_all(header::VARY)
        .iter()
        .flat_map(|v| {
            v.to_str()
                .unwrap()
                .split(',')
                .map(|s| s.trim().to_ascii_lowercase())
        })
        .collect();
    assert!(vary.contains(&"cookie".into()), "{vary:?}");
    assert!(vary.contains(&"accept-language".into()), "{vary:?}");
}

#[tokio::test]
async fn l2_the_locale_cookie_wins_over_accept_language() {
    let mut app = in_japanese().await;
    let res = get_in(&mut app, "/login", "en").await;
    res.assert_contains(r#"<html lang="ja""#);
    res.assert_contains("<h1>ログイン</h1>");

    app.cookies.insert("locale".into(), "en".into());
    let res = get_in(&mut app, "/login", "ja").await;
    res.assert_contains(r#"<html lang="en""#);
    res.assert_contains("<h1>Log in</h1>");

    // A cookie naming no language of the app is ignored.
    app.cookies.insert("locale".into(), "xx".into());
    let res = get_in(&mut app, "/login", "ja").await;
    res.assert_contains(r#"<html lang="ja""#);
}

#[tokio::test]
async fn l2_the_language_form_works_without_javascript() {
    let mut app = TestApp::spawn().await;
    // In the layout of every page, the current language selected, with the
    // page to come back to.
    let page = app.get("/search?q=milk").await;
    page.assert_contains(r#"action="/language""#);
    page.assert_contains(r#"aria-label="Language""#);
    page.assert_contains(r#"<option value="en" selected"#);
    page.assert_contains(r#"<option value="ja">日本語</option>"#);
    page.assert_contains(r#"name="redirectTo" value="/search?q=milk""#);
    page.assert_contains(">Change</button>");

    let res = app
        .post_form(
            "/language",
            &[("locale", "ja"), ("redirectTo", "/search?q=milk")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/search?q=milk"));
    let cookie = res.set_cookie("locale").expect("the locale cookie");
    assert!(cookie.starts_with("locale=ja;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");

    // The same URL, now in Japanese, with Japanese selected.
    let page = app.get("/search?q=milk").await;
    page.assert_contains(r#"<html lang="ja""#);
    page.assert_contains(r#"aria-label="言語""#);
    page.assert_contains(r#"<option value="ja" selected"#);
    page.assert_contains(">変更</button>");

    // And back.
    let res = app
        .post_form("/language", &[("locale", "en"), ("redirectTo", "/")])
        .await;
    assert_eq!(res.location(), Some("/"));
    app.get("/").await.assert_contains("<h1>Home</h1>");

    // Only back to a path of this site (spec B4); without one, to `/`.
    for bad in ["//evil.example", "https://evil.example/", ""] {
        let res = app
            .post_form("/language", &[("locale", "ja"), ("redirectTo", bad)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{bad:?}");
        assert_eq!(res.location(), Some("/"), "{bad:?}");
    }
}

#[tokio::test]
async fn l2_an_unknown_language_is_a_400_and_the_language_page_shows_the_form() {
    let mut app = TestApp::spawn().await;
    let page = app.get("/language").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1>Language</h1>");
    page.assert_contains(r#"id="language-locale""#);

    for bad in ["fr", ""] {
        let res = app
            .post_form("/language", &[("locale", bad), ("redirectTo", "/todos")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}");
        res.assert_contains("Choose a language");
        res.assert_contains(r#"role="alert""#);
        assert!(res.set_cookie("locale").is_none());
    }

    let mut app = in_japanese().await;
    let res = app.post_form("/language", &[("locale", "fr")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("言語を選んでください");
}

#[tokio::test]
async fn l2_a_kept_page_is_kept_once_per_language() {
    let mut app = TestApp::spawn().await;
    let cache = crate::app::kit::server::CACHE_HEADER;
    let ja = get_in(&mut app, "/login", "ja").await;
    assert_eq!(ja.headers[&cache], "miss");
    ja.assert_contains("<h1>ログイン</h1>");
    let en = app.get("/login").await;
    assert_eq!(en.headers[&cache], "miss");
    en.assert_contains("<h1>Log in</h1>");
    let ja = get_in(&mut app, "/login", "ja").await;
    assert_eq!(ja.headers[&cache], "hit");
    ja.assert_contains("<h1>ログイン</h1>");
    let en = get_in(&mut app, "/login", "en-GB").await;
    assert_eq!(en.headers[&cache], "hit");
    en.assert_contains("<h1>Log in</h1>");
    assert!(en.headers.get_all(header::VARY).iter().count() > 0);
}

#[tokio::test]
async fn l1_the_layout_home_and_login_in_japanese() {
    let mut app = in_japanese().await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_all(
        &home,
        &[
            ">ホーム</a>",
            ">ToDo</a>",
            ">検索</a>",
            ">ログイン</a>",
            "<h1>ホーム</h1>",
            "<p>ログインしていません</p>",
            r#"aria-label="クイックログイン""#,
            ">メールアドレス</label>",
            ">パスワード</label>",
            r#"aria-label="言語""#,
            ">変更</button>",
        ],
    );

    let login = app.get("/login").await;
    assert_all(&login, &["<title>ログイン</title>", ">新規登録</button>"]);

    let cases: [(&[(&str, &str)], &str); 2] = [
        (
            &[("email", ""), ("password", "x")],
            "メールアドレスを入力してください",
        ),
        (
            &[("email", "ada@example.com"), ("password", "")],
            "パスワードを入力してください",
        ),
    ];
    for (fields, message) in cases {
        let res = app.post_form("/login?/login", fields).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{message}");
        res.assert_contains(message);
    }
    let res = app
        .post_form(
            "/login?/login",
            &[("email", "nobody@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("メールアドレスまたはパスワードが正しくありません");

    let res = app
        .post_form(
            "/login?/register",
            &[("email", "ada"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("有効なメールアドレスを入力してください");
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "ada@example.com"), ("password", "short")],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("パスワードは8文字以上で入力してください");

    let res = app
        .post_form(
            "/login?/register",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("ようこそ、adaさん！アカウントを作成しました。");
    let home = app.get("/").await;
    home.assert_contains("<p>ようこそ、adaさん</p>");
    home.assert_contains(">ログアウト</button>");

    app.cookies.remove("session");
    let res = app
        .post_form(
            "/login?/register",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("このメールアドレスのアカウントはすでに存在します");
    let res = app.login("ada@example.com", PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("おかえりなさい、adaさん！");
}

/// A form from a page carries its submission token (spec P3), and its action
/// then runs in a task of its own: still in the request's language.
#[tokio::test]
async fn l3_a_form_sent_with_its_submission_token_is_checked_in_its_language() {
    use crate::app::kit::SUBMISSION_FIELD;
    let mut app = in_japanese().await;
    let page = app.get("/login").await;
    let input = format!(r#"name="{SUBMISSION_FIELD}" value=""#);
    let token = page
        .body
        .split(&input)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let res = app
        .post_form(
            "/login?/login",
            &[("email", ""), ("password", "x"), (SUBMISSION_FIELD, token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    res.assert_contains("メールアドレスを入力してください");
    res.assert_lacks("Email is required");
}

#[tokio::test]
async fn l1_too_many_attempts_in_japanese_is_a_429() {
    let mut app = in_japanese().await;
    for _ in 0..10 {
        let res = app.login("ada@example.com", "wrong password").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    let res = app.login("ada@example.com", "wrong password").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    res.assert_contains("試行回数が多すぎます。しばらくしてからもう一度お試しください");
}

#[tokio::test]
async fn l1_l5_the_todos_in_japanese() {
    let mut app = in_japanese().await;
    app.register("ada@example.com", PASSWORD).await;
    let list = app.get("/todos").await;
    assert_all(
        &list,
        &[
            "<h1>ToDo</h1>",
            r#"aria-label="ToDoを追加""#,
            ">タイトル</label>",
            ">追加</span>",
            r#"aria-label="ToDoリスト""#,
            "残り 0 件",
        ],
    );

    let res = app.post_form("/todos?/add", &[("title", "  ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("タイトルを入力してください");
    let long = "a".repeat(201);
    let res = app.post_form("/todos?/add", &[("title", &long)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("タイトルは200文字以内で入力してください");

    for title in ["milk", "bread"] {
        let res = app.post_form("/todos?/add", &[("title", title)]).await;
        assert!(res.status.is_success() || res.status.is_redirection());
    }
    let list = app.get("/todos").await;
    // ICU4X's rules: Japanese has no plural forms.
    list.assert_contains("残り 2 件");
    assert_all(&list, &[">完了", ">削除"]);
    list.assert_lacks("完了済みを削除");
    let id = list
        .body
        .split("href=\"/todos/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let res = app
        .post_form("/todos?/toggle", &[("id", &id), ("done", "true")])
        .await;
    assert!(res.status.is_success() || res.status.is_redirection());
    let list = app.get("/todos").await;
    list.assert_contains("残り 1 件");
    list.assert_contains(">完了済みを削除</button>");

    let edit = app.get(&format!("/todos/{id}")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert_all(
        &edit,
        &[
            "<h1>ToDoを編集</h1>",
            ">メモ</label>",
            ">期限</label>",
            ">優先度</label>",
            ">見積もり（時間）</label>",
            ">タグ</legend>",
            ">保存</button>",
            ">低</option>",
            ">中</option>",
            ">高</option>",
            ">家</label>",
            ">仕事</label>",
            ">用事</label>",
            "サブタスク",
        ],
    );
    let res = app
        .post_form(
            &format!("/todos/{id}?/save"),
            &[("title", ""), ("priority", "normal")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("入力内容に問題があります");
    res.assert_contains("<title>エラー: ToDoを編集</title>");
    res.assert_contains("タイトルを入力してください");

    let res = app
        .post_form(
            &format!("/todos/{id}?/save"),
            &[
                ("title", "oat milk"),
                ("priority", "high"),
                ("due", "2027-01-31"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = app.get("/todos").await;
    list.assert_contains("「oat milk」を保存しました");
    // The date as Japanese writes it (ICU4X), the machine's in `datetime`.
    list.assert_contains(r#"<time datetime="2027-01-31">2027/01/31</time>"#);
    list.assert_contains("優先度: 高");

    let res = app
        .post_form(&format!("/todos/{id}?/delete"), &[("title", "oat milk")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    app.get("/todos")
        .await
        .assert_contains("「oat milk」を削除しました");
}

#[tokio::test]
async fn l5_plurals_and_dates_in_english() {
    let mut app = TestApp::spawn().await;
    app.register("ada@example.com", PASSWORD).await;
    app.get("/todos").await.assert_contains("0 items left");
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    app.get("/todos").await.assert_contains("1 item left");
    let res = app
        .json("POST", "/api/todos", Some(json!({"title": "bread"})))
        .await;
    let id = res.json()["id"].as_i64().unwrap();
    app.json(
        "PATCH",
        &format!("/api/todos/{id}"),
        Some(json!({"due": "2027-01-31"})),
    )
    .await;
    let list = app.get("/todos").await;
    list.assert_contains("2 items left");
    list.assert_contains(r#"<time datetime="2027-01-31">Jan 31, 2027</time>"#);
}

#[tokio::test]
async fn l1_search_and_the_error_pages_in_japanese() {
    let mut app = in_japanese().await;
    app.register("ada@example.com", PASSWORD).await;
    app.post_form("/todos?/add", &[("title", "milk")]).await;
    let found = app.get("/search?q=milk").await;
    found.assert_contains("<h1>検索</h1>");
    found.assert_contains(r#"aria-label="検索結果""#);
    let none = app.get("/search?q=zzz").await;
    none.assert_contains("「zzz」に一致するToDoはありません");

    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("<h1>ページが見つかりません</h1>");
    let missing = app.get("/todos/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("<h1>ページが見つかりません</h1>");

    // Dependents first: PostgreSQL refuses to drop a table others refer to.
    for table in ["subtasks", "attachments", "todos"] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(app.db.write())
            .await
            .unwrap();
    }
    let broken = app.get("/todos").await;
    assert_eq!(broken.status, StatusCode::INTERNAL_SERVER_ERROR);
    broken.assert_contains("<h1>エラーが発生しました</h1>");
    broken.assert_contains("エラー ID: <code>");
}

#[tokio::test]
async fn l6_the_json_api_answers_in_the_accept_language_locale() {
    let mut app = TestApp::spawn().await;
    let api = |accept: Option<&str>, body: serde_json::Value| {
        let mut req = Request::post("/api/todos")
            .header("origin", ORIGIN)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(accept) = accept {
            req = req.header(header::ACCEPT_LANGUAGE, accept);
        }
        req.body(Body::from(body.to_string())).unwrap()
    };
    let res = app.send(api(Some("ja"), json!({"title": "milk"}))).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json(),
        json!({"error": "API を使うにはログインしてください"})
    );

    app.register("ada@example.com", PASSWORD).await;
    let res = app
        .send(api(Some("ja,en;q=0.5"), json!({"title": ""})))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "タイトルを入力してください");
    assert_eq!(res.json()["issues"]["title"], "タイトルを入力してください");

    let res = app.send(api(None, json!({"title": ""}))).await;
    assert_eq!(res.json()["error"], "Title is required");
    let res = app.send(api(Some("en-US"), json!({"title": ""}))).await;
    assert_eq!(res.json()["error"], "Title is required");

    let req = Request::get("/api/todos/999999")
        .header(header::ACCEPT_LANGUAGE, "ja")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.json(), json!({"error": "ページが見つかりません"}));
}

/// Spec L3: requests in English and Japanese at once, pages and refused
/// forms: each answer is in its own request's language only.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn l3_concurrent_requests_in_two_languages_never_mix() {
    let app = TestApp::spawn().await;
    let requests = (0..120).map(|i| {
        let router = app.router.clone();
        let ja = i % 2 == 0;
        let by_cookie = i % 4 < 2;
        let req = if i % 3 == 0 {
            Request::get(if i % 6 == 0 { "/" } else { "/login" })
        } else {
            Request::post("/login?/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("origin", ORIGIN)
        };
        let lang = if ja { "ja" } else { "en" };
        let req = if by_cookie {
            req.header(header::COOKIE, format!("locale={lang}"))
        } else {
            req.header(header::ACCEPT_LANGUAGE, lang)
        };
        let body = if i % 3 == 0 { "" } else { "email=&password=x" };
        let req = req.body(Body::from(body)).unwrap();
        tokio::spawn(async move {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap();
            (i, ja, status, String::from_utf8_lossy(&bytes).into_owned())
        })
    });
    for answer in join_all(requests).await {
        let (i, ja, status, body) = answer.unwrap();
        let (own, other) = if ja {
            (r#"<html lang="ja""#, r#"<html lang="en""#)
        } else {
            (r#"<html lang="en""#, r#"<html lang="ja""#)
        };
        assert!(
            body.contains(own) && !body.contains(other),
            "answer {i}: {body}"
        );
        if i % 3 != 0 {
            assert_eq!(status, StatusCode::BAD_REQUEST, "answer {i}");
            let (own, other) = if ja {
                ("メールアドレスを入力してください", "Email is required")
            } else {
                ("Email is required", "メールアドレスを入力してください")
            };
            assert!(
                body.contains(own) && !body.contains(other),
                "answer {i}: {body}"
            );
        }
        let (own, other) = if ja {
            ("ログイン", "Log in")
        } else {
            ("Log in", "ログイン")
        };
        assert!(
            body.contains(own) && !body.contains(other),
            "answer {i}: {body}"
        );
    }
}
