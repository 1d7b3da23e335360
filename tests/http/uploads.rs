//! File uploads (spec U1-U7): the Attachments form of `/todos/{id}`, its
//! limits as field issues, the downloads, the JSON API's uploads, and no
//! stored file left behind.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};

use crate::common::{TestApp, TestResponse, ORIGIN, PASSWORD};

/// The first bytes of a PNG (the type is read from them).
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A file sent: its name, type and bytes.
type File<'a> = (&'a str, &'a str, &'a [u8]);

/// A multipart body of `files` as (field, file name, type, bytes).
fn multipart(files: &[(&str, &str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, name, content_type, bytes) in files {
        body.extend_from_slice(
            format!(
                "--B0undary\r\nContent-Disposition: form-data; name=\"{field}\"; \
                 filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--B0undary--\r\n");
    body
}

async fn post_multipart(app: &mut TestApp, path: &str, body: Vec<u8>) -> TestResponse {
    let req = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=B0undary",
        )
        .header("origin", ORIGIN)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

/// A logged-in user with one todo: the app and the todo's page.
async fn with_todo(email: &str) -> (TestApp, String) {
    let mut app = TestApp::spawn().await;
    app.register(email, PASSWORD).await;
    let res = app
        .json(
            "POST",
            "/api/todos",
            Some(serde_json::json!({ "title": "Trip" })),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = res.json()["id"].as_i64().unwrap();
    (app, format!("/todos/{id}"))
}

/// Attaches `files` (name, type, bytes) with the Attachments form.
async fn attach(app: &mut TestApp, page: &str, files: &[(&str, &str, &[u8])]) -> TestResponse {
    let parts: Vec<_> = files
        .iter()
        .map(|(name, content_type, bytes)| ("files", *name, *content_type, *bytes))
        .collect();
    post_multipart(app, &format!("{page}?/attach"), multipart(&parts)).await
}

/// The files kept in the app's store.
fn stored(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.join("files").join("uploads"))
        .map(|dir| dir.count())
        .unwrap_or(0)
}

/// The files being uploaded, left in the app's spool directory.
fn spooled(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.join("tmp")).unwrap().count()
}

/// The attachments of a todo, through the API.
async fn attachments(app: &mut TestApp, page: &str) -> Vec<serde_json::Value> {
    let res = app.json("GET", &format!("/api{page}"), None).await;
    res.json()["attachments"].as_array().cloned().unwrap()
}

#[tokio::test]
async fn u1_the_attachments_form_posts_multipart_with_a_file_field() {
    let (mut app, page) = with_todo("u1@example.com").await;
    let res = app.get(&page).await;
    assert_eq!(res.status, StatusCode::OK);
    let at = res
        .body
        .find(r#"aria-label="Attachments""#)
        .expect("the form");
    let start = res.body[..at].rfind("<form").unwrap();
    let form = &res.body[start..start + res.body[start..].find("</form>").unwrap()];
    for part in [
        r#"enctype="multipart/form-data""#,
        r#"type="file" name="files" accept="image/png,image/jpeg,application/pdf,text/plain" multiple"#,
        ">Attach files</label>",
        ">Upload</button>",
    ] {
        assert!(form.contains(part), "{part} in {form}");
    }
    // The edit form is not multipart.
    let edit = &res.body[..start];
    assert!(!edit.contains("enctype"), "{edit}");
}

#[tokio::test]
async fn u4_the_file_input_carries_its_limits_and_the_servers_messages_in_the_pages_language() {
    let (mut app, page) = with_todo("u4@example.com").await;
    let input = |body: &str| {
        let at = body.find(r#"type="file""#).expect("the file input");
        let start = body[..at].rfind("<input").unwrap();
        body[start..start + body[start..].find('>').unwrap()].to_owned()
    };
    // One attribute, JSON, its quotes escaped as HTML escapes them.
    let checks = |input: &str| -> serde_json::Value {
        let at = input.find(r#"data-kit-file=""#).expect("data-kit-file") + 15;
        let value = &input[at..at + input[at..].find('"').unwrap()];
        serde_json::from_str(&value.replace("&quot;", "\"")).unwrap()
    };
    let english = checks(&input(&app.get(&page).await.body));
    assert_eq!(
        english,
        serde_json::json!({
            "max_files": 10,
            "too_many": "At most 10 attachments per todo",
            "max_size": 5_000_000,
            "too_large": "File must be at most 5 MB",
            "wrong_type": "Choose a PNG, JPEG, PDF or text file",
            "uploading": "Uploading",
            "cancel": "Cancel upload",
            "cancelled": "The upload was cancelled. Nothing was saved.",
        })
    );
    // In Japanese, the same messages as the server's own issues.
    let req = Request::get(&page)
        .header(header::ACCEPT_LANGUAGE, "ja")
        .body(Body::empty())
        .unwrap();
    let japanese = checks(&input(&app.send(req).await.body));
    assert_eq!(japanese["too_large"], "ファイルは5MB以下にしてください");
    assert_eq!(japanese["uploading"], "アップロード中");
}

#[tokio::test]
async fn u1_u5_files_are_attached_listed_downloaded_and_removed() {
    let (mut app, page) = with_todo("u5@example.com").await;
    let text = vec![b'a'; 12_345];
    let res = attach(
        &mut app,
        &page,
        &[
            ("a.txt", "text/plain", &text),
            ("pixel.png", "image/png", PNG),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(page.as_str()));
    let shown = app.get(&page).await;
    shown.assert_contains("Attached 2 files");
    shown.assert_contains(">a.txt</a>");
    shown.assert_contains("12 KB");
    shown.assert_contains(r#"aria-label="Remove pixel.png""#);
    // Shown once (F8).
    app.get(&page).await.assert_lacks("Attached 2 files");
    app.get("/todos").await.assert_contains("2 attachments");
    // Stored under random ids, never their names (U5).
    assert_eq!(stored(&app), 2);
    let names: Vec<String> = std::fs::read_dir(app.data_dir.join("files").join("uploads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.len() == 32 && !n.contains('.')),
        "{names:?}"
    );

    let files = attachments(&mut app, &page).await;
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], "a.txt");
    assert_eq!(files[0]["size"], 12_345);
    assert_eq!(files[0]["type"], "text/plain");
    assert_eq!(files[1]["type"], "image/png");
    let download = app
        .get(&format!("{page}/attachments/{}", files[0]["id"]))
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.len(), 12_345);

    let one = attach(
        &mut app,
        &page,
        &[("b.pdf", "application/pdf", b"%PDF-1.7\n")],
    )
    .await;
    assert_eq!(one.status, StatusCode::SEE_OTHER, "{}", one.body);
    app.get(&page).await.assert_contains("Attached 1 file<");

    let id = files[0]["id"].to_string();
    let res = app
        .post_form(&format!("{page}?/detach"), &[("attachment", &id)])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let shown = app.get(&page).await;
    shown.assert_contains("Removed “a.txt”");
    shown.assert_lacks(">a.txt</a>");
    // U7: its stored file went with it.
    assert_eq!(stored(&app), 2);
    assert_eq!(attachments(&mut app, &page).await.len(), 2);
}

#[tokio::test]
async fn u3_each_limit_is_the_fields_issue_with_422_and_nothing_is_kept() {
    let (mut app, page) = with_todo("u3@example.com").await;
    let big = vec![b'a'; 5_000_001];
    let eleven: Vec<(String, &str, &[u8])> = (0..11)
        .map(|i| (format!("{i}.txt"), "text/plain", b"x" as &[u8]))
        .collect();
    let eleven: Vec<(&str, &str, &[u8])> = eleven
        .iter()
        .map(|(n, t, b)| (n.as_str(), *t, *b))
        .collect();
    let cases: Vec<(Vec<File>, &str)> = vec![
        (
            vec![("big.txt", "text/plain", &big)],
            "File must be at most 5 MB",
        ),
        (
            vec![(
                "logo.svg",
                "image/svg+xml",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )],
            "Choose a PNG, JPEG, PDF or text file",
        ),
        // Declared as text, but its first bytes are HTML.
        (
            vec![("page.txt", "text/plain", b"<html><script>alert(1)</script>")],
            "Choose a PNG, JPEG, PDF or text file",
        ),
        // Declared as a PNG, but it is not one.
        (
            vec![("fake.png", "image/png", b"not a png")],
            "Choose a PNG, JPEG, PDF or text file",
        ),
        (eleven, "At most 10 attachments per todo"),
        // No file chosen: the browser sends an empty part without a name.
        (vec![("", "application/octet-stream", b"")], "Choose a file"),
    ];
    for (files, issue) in cases {
        let res = attach(&mut app, &page, &files).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{issue}: {}",
            res.body
        );
        res.assert_contains(&format!(r#"role="alert" class="error">{issue}</p>"#));
        res.assert_contains(r#"<p id="attach-files-error""#);
        res.assert_contains(r#"aria-describedby="attach-files-error""#);
        // The rest of the page is as it was: the edit form shows the todo.
        res.assert_contains(r#"value="Trip""#);
        assert_eq!(stored(&app), 0, "{issue}");
        assert_eq!(
            spooled(&app),
            0,
            "{issue}: its temporary files are deleted (U7)"
        );
    }
    assert!(attachments(&mut app, &page).await.is_empty());

    // At most 10 per todo, counting those it has.
    let nine: Vec<(String, &str, &[u8])> = (0..9)
        .map(|i| (format!("{i}.txt"), "text/plain", b"x" as &[u8]))
        .collect();
    let nine: Vec<(&str, &str, &[u8])> =
        nine.iter().map(|(n, t, b)| (n.as_str(), *t, *b)).collect();
    assert_eq!(
        attach(&mut app, &page, &nine).await.status,
        StatusCode::SEE_OTHER
    );
    let two = [
        ("a.txt", "text/plain", b"a" as &[u8]),
        ("b.txt", "text/plain", b"b"),
    ];
    let res = attach(&mut app, &page, &two).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("At most 10 attachments per todo");
    assert_eq!(stored(&app), 9);
    assert_eq!(spooled(&app), 0);
}

#[tokio::test]
async fn u2_a_body_past_its_bound_is_a_413_with_the_fields_issue_read_to_its_end() {
    use crate::common::{start_server, wire};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (database_url, _path) = crate::common::fresh_database().await;
    let addr = start_server(&database_url).await;
    let res = wire(
        addr,
        "POST",
        "/login?/register",
        None,
        &[("email", "u2@example.com"), ("password", PASSWORD)],
    )
    .await;
    let cookie = res.set_cookie("session").expect("a session");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let res = wire(
        addr,
        "POST",
        "/todos?/add",
        Some(&cookie),
        &[("title", "Trip")],
    )
    .await;
    assert!(res.status.is_success() || res.status.is_redirection());
    // The form's bound: the body limit and 10 files of 5 MB (50 MB). One of
    // 62 MB, written whole before anything is read: 12 MB past the bound, more
    // than the sockets' buffers hold.
    let body = multipart(&[("files", "huge.txt", "text/plain", &vec![b'a'; 62_000_000])]);
    let head = format!(
        "POST /todos/1?/attach HTTP/1.1\r\nHost: {addr}\r\nOrigin: {ORIGIN}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
        .write_all(&body)
        .await
        .expect("the server reads the whole body");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("the answer, not a reset connection");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains(">File must be at most 5 MB</p>"),
        "{answer}"
    );
    assert!(
        answer.contains(r#"value="Trip""#),
        "the page again: {answer}"
    );
}

#[tokio::test]
async fn u6_a_download_is_an_attachment_that_never_runs_and_a_range_is_a_206() {
    let (mut app, page) = with_todo("u6@example.com").await;
    let files = [
        (
            "page.html",
            "text/plain",
            b"hello <script>alert(1)</script>" as &[u8],
        ),
        ("logo.svg", "text/plain", b"hello <svg onload=alert(1)>"),
        ("résumé 1.txt", "text/plain", b"0123456789"),
        ("pixel.png", "image/png", PNG),
    ];
    let res = attach(&mut app, &page, &files).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let listed = attachments(&mut app, &page).await;
    let url = |i: usize| format!("{page}/attachments/{}", listed[i]["id"]);
    for (i, name) in [(0, "page.html"), (1, "logo.svg")] {
        let res = app.get(&url(i)).await;
        assert_eq!(res.status, StatusCode::OK);
        let h = |name: header::HeaderName| res.headers[name].to_str().unwrap().to_owned();
        assert_eq!(
            h(header::CONTENT_TYPE),
            "text/plain; charset=utf-8",
            "{name}"
        );
        assert_eq!(
            h(header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"{name}\"; filename*=UTF-8''{name}")
        );
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(
            h(header::CONTENT_SECURITY_POLICY).starts_with("sandbox"),
            "{name}"
        );
        assert_eq!(h(header::ACCEPT_RANGES), "bytes");
    }
    let res = app.get(&url(2)).await;
    assert_eq!(
        res.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"r_sum_ 1.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt"
    );
    assert_eq!(res.headers[header::CONTENT_LENGTH], "10");
    let png = app.get(&url(3)).await;
    assert_eq!(png.headers[header::CONTENT_TYPE], "image/png");

    let ranged = app
        .send(
            Request::get(url(2))
                .header(header::RANGE, "bytes=2-5")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(ranged.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(ranged.headers[header::CONTENT_RANGE], "bytes 2-5/10");
    assert_eq!(ranged.body, "2345");
    let past = app
        .send(
            Request::get(url(2))
                .header(header::RANGE, "bytes=50-60")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
}

#[tokio::test]
async fn u6_another_users_file_is_a_404_and_logged_out_is_the_way_to_log_in() {
    let (mut app, page) = with_todo("owner@example.com").await;
    let res = attach(&mut app, &page, &[("a.txt", "text/plain", b"mine")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let file = attachments(&mut app, &page).await[0]["id"].to_string();
    let url = format!("{page}/attachments/{file}");
    assert_eq!(app.get(&url).await.status, StatusCode::OK);

    let owner = std::mem::take(&mut app.cookies);
    let res = app.get(&url).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        Some(format!("/login?redirectTo={url}").as_str())
    );

    app.register("other@example.com", PASSWORD).await;
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{page}/attachments/x")).await.status,
        StatusCode::NOT_FOUND
    );
    // Nor can they remove it, or attach to the todo.
    let res = app
        .post_form(&format!("{page}?/detach"), &[("attachment", &file)])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = attach(&mut app, &page, &[("b.txt", "text/plain", b"theirs")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&app), 1);

    app.cookies = owner;
    assert_eq!(app.get(&url).await.body, "mine");
}

#[tokio::test]
async fn u7_deleting_a_todo_or_clearing_done_ones_deletes_their_stored_files() {
    let (mut app, page) = with_todo("u7@example.com").await;
    let id = page.trim_start_matches("/todos/").to_owned();
    attach(
        &mut app,
        &page,
        &[("a.txt", "text/plain", b"a"), ("b.txt", "text/plain", b"b")],
    )
    .await;
    assert_eq!(stored(&app), 2);
    app.get("/todos").await.assert_contains("2 attachments");
    let res = app.post_form("/todos?/delete", &[("id", &id)]).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    assert_eq!(stored(&app), 0);

    // Clear completed, and the edit page's Delete.
    let second = app
        .json(
            "POST",
            "/api/todos",
            Some(serde_json::json!({ "title": "Done" })),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    attach(
        &mut app,
        &format!("/todos/{second}"),
        &[("c.txt", "text/plain", b"c")],
    )
    .await;
    app.json(
        "PATCH",
        &format!("/api/todos/{second}"),
        Some(serde_json::json!({ "done": true })),
    )
    .await;
    let third = app
        .json(
            "POST",
            "/api/todos",
            Some(serde_json::json!({ "title": "Kept" })),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    attach(
        &mut app,
        &format!("/todos/{third}"),
        &[("d.txt", "text/plain", b"d")],
    )
    .await;
    assert_eq!(stored(&app), 2);
    app.post_form("/todos?/clear", &[]).await;
    assert_eq!(stored(&app), 1);
    let res = app.post_form(&format!("/todos/{third}?/delete"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(stored(&app), 0);
    assert_eq!(spooled(&app), 0);
}

#[tokio::test]
async fn u7_the_sweep_deletes_stored_files_that_have_no_row() {
    let (mut app, page) = with_todo("sweep@example.com").await;
    attach(&mut app, &page, &[("a.txt", "text/plain", b"a")]).await;
    let folder = app.data_dir.join("files").join("uploads");
    // What a crash between the store and the database leaves.
    std::fs::write(folder.join("0123456789abcdef0123456789abcdef"), b"orphan").unwrap();
    assert_eq!(stored(&app), 2);
    let storage = crate::app::kit::server::Storage::local(&app.data_dir.join("files")).unwrap();
    // A young file may be an upload whose row is on its way.
    let young =
        crate::app::attachments::sweep(&app.db, &storage, std::time::Duration::from_secs(3600))
            .await
            .unwrap();
    assert_eq!(young, 0);
    let swept = crate::app::attachments::sweep(&app.db, &storage, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert_eq!(stored(&app), 1);
    assert_eq!(attachments(&mut app, &page).await.len(), 1);
}

#[tokio::test]
async fn u1_the_api_attaches_a_file_and_lists_it() {
    let (mut app, page) = with_todo("api@example.com").await;
    let api = format!("/api{page}/attachments");
    let res = post_multipart(
        &mut app,
        &api,
        multipart(&[("file", "a.png", "image/png", PNG)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let created = res.json();
    assert_eq!(created["name"], "a.png");
    assert_eq!(created["size"], PNG.len());
    assert_eq!(created["type"], "image/png");
    assert!(created["id"].is_i64());
    assert_eq!(attachments(&mut app, &page).await, vec![created]);

    let res = post_multipart(
        &mut app,
        &api,
        multipart(&[("file", "a.gif", "image/gif", b"GIF89a")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"], "Choose a PNG, JPEG, PDF or text file");
    let res = app.json("POST", &api, Some(serde_json::json!({}))).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = post_multipart(
        &mut app,
        "/api/todos/999999/attachments",
        multipart(&[("file", "a.png", "image/png", PNG)]),
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&app), 1);
    assert_eq!(spooled(&app), 0);
}

/// moto's S3 server on a free port of 127.0.0.1, stopped when dropped
/// (`scripts/bootstrap.sh` installs it).
struct Moto {
    child: std::process::Child,
    port: u16,
}

impl Moto {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("moto_server, the S3-compatible server (scripts/bootstrap.sh installs it)");
        let moto = Self { child, port };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return moto;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("moto_server did not answer on port {port}");
    }

    /// A plain request to the store: the status line and the body.
    async fn request(&self, method: &str, path: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// How many objects the bucket holds.
    async fn objects(&self, bucket: &str) -> usize {
        self.request("GET", &format!("/{bucket}?list-type=2"))
            .await
            .matches("<Key>")
            .count()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn u5_an_s3_store_keeps_serves_and_deletes_files_for_every_instance() {
    let moto = Moto::start().await;
    let bucket = "attachments";
    let created = moto.request("PUT", &format!("/{bucket}")).await;
    assert!(created.starts_with("HTTP/1.1 200"), "{created}");
    let url = format!(
        "s3://{bucket}?endpoint=http://127.0.0.1:{}&region=us-east-1\
         &access_key_id=test&secret_access_key=test",
        moto.port
    );
    let storage_url = url.clone();
    let mut app = TestApp::spawn_with(move |config| config.storage_url = Some(storage_url)).await;
    app.register("s3@example.com", PASSWORD).await;
    let id = app
        .json(
            "POST",
            "/api/todos",
            Some(serde_json::json!({ "title": "Trip" })),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let page = format!("/todos/{id}");
    let res = attach(
        &mut app,
        &page,
        &[
            ("a.txt", "text/plain", b"0123456789"),
            ("pixel.png", "image/png", PNG),
        ],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(moto.objects(bucket).await, 2);
    assert_eq!(stored(&app), 0, "nothing on the local disk");

    // A second instance on the same database and store serves the same files.
    let mut config = crate::common::test_config("unused");
    config.storage_url = Some(url);
    let key = crate::app::db::cookie_key(&app.db).await.unwrap();
    let second = crate::app::server::router(&config, app.db.clone(), key);
    let first = std::mem::replace(&mut app.router, second);
    let files = attachments(&mut app, &page).await;
    let ranged = app
        .send(
            Request::get(format!("{page}/attachments/{}", files[0]["id"]))
                .header(header::RANGE, "bytes=2-5")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(ranged.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(ranged.body, "2345");
    let _ = std::fs::remove_dir_all(&config.data_dir);
    app.router = first;

    let res = app
        .post_form(
            &format!("{page}?/detach"),
            &[("attachment", &files[0]["id"].to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(moto.objects(bucket).await, 1);
    let res = app.post_form(&format!("{page}?/delete"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(moto.objects(bucket).await, 0);
}
