//! The benchmark's ceiling: plain axum answering fixed bytes, with no Leptos, no
//! database and no middleware. `scripts/bench.sh` serves the bytes of `GET /login`
//! with it, so each page's throughput can be read as a fraction of what axum
//! itself manages on the same machine in the same run.
//!
//! `cargo run --release --example ceiling --features ssr -- BODY_FILE 127.0.0.1:3101`

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    use axum::{http::header, routing::get, Router};

    let mut args = std::env::args().skip(1);
    let (Some(file), Some(addr)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: ceiling BODY_FILE ADDR");
    };
    let body: &'static [u8] = Vec::leak(std::fs::read(&file)?);
    let app = Router::new().fallback(get(move || async move {
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
    }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(not(feature = "ssr"))]
fn main() {}
