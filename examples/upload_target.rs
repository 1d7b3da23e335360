//! The benchmark's upload target (issue 31): the form-actions layer with one
//! page and one action, whose typed form takes one file of up to 128 MiB and
//! keeps it the way the demo keeps an attachment (`Storage::put`, the local
//! filesystem under DIR/files). `scripts/bench-uploads.sh` posts a 100 MiB
//! file to it, without JavaScript, to measure the server's peak memory and the
//! upload's speed against `cp`.
//!
//! Why not the demo itself: its Attachments form allows 5 MB per file and its
//! `UPLOAD_LIMIT` is 64 MiB, so it refuses a 100 MiB file, and the bench does
//! not change the demo's limits to measure it. This server takes the same
//! path through the layer as the demo's `attach` action (its middleware, the
//! CSRF check, the body limits, the multipart reader spooling to DIR/tmp, the
//! typed form, the action, the copy to the object store, the temporary file's
//! deletion), without the database row and the page render: a redirect
//! answers, as the demo's action does.
//!
//! `cargo run --release --example upload_target --features ssr -- 127.0.0.1:3104 DIR`

/// The demo server's allocator (src/main.rs), so that its peak memory is
/// measured as the demo's would be.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(feature = "ssr")]
mod target {
    use axum::{
        extract::Request,
        response::{IntoResponse, Response},
        routing::get,
        Router,
    };
    use leptos_form_actions::{
        action,
        fields::{Form, Upload},
        route,
        server::{BoxFuture, Event, FormActions, Origins, PageRoute, PageRoutes, Render, Storage},
        PageSnapshot, Route, Stop,
    };
    use std::{path::Path, sync::Arc};

    route!(pub Files = "/files");

    /// One file of any of the demo's types, up to 128 MiB.
    #[derive(Debug, Form)]
    pub struct BigFile {
        #[field(
            label = "File",
            accept = "image/png,image/jpeg,application/pdf,text/plain",
            wrong_type = "Choose a PNG, JPEG, PDF or text file",
            max_size = 134_217_728,
            too_large = "File must be at most 128 MiB",
            required = "Choose a file"
        )]
        pub file: Upload,
    }

    /// Keeps the file in the store, as the demo's `attach` does, and comes
    /// back to the page.
    #[action(Files)]
    pub async fn attach(ev: Event<Storage>, form: BigFile) -> Result<(), Stop> {
        ev.state.put(&form.file).await?;
        Err(Stop::redirect(Files::PATH))
    }

    /// The router: the page's GET answers text, and so does its render after
    /// a refused upload (the bench expects none: a 303 is the only success).
    pub fn app(site: &str, dir: &Path) -> anyhow::Result<Router> {
        let storage = Storage::local(&dir.join("files"))?;
        let spool = dir.join("tmp");
        std::fs::create_dir_all(&spool)?;
        let render: Render = Arc::new(|_req: Request, snapshot: PageSnapshot| {
            Box::pin(async move {
                let form = snapshot.form.map(|f| f.as_str().to_owned());
                form.unwrap_or_default().into_response()
            }) as BoxFuture<'static, Response>
        });
        let table = PageRoutes::new().page(PageRoute::new(Files, || ()).action(attach));
        let pages = Router::new().route(Files::PATH, get(|| async { "files" }));
        Ok(FormActions::new(render, Origins::new(site, []))
            // A 100 MiB file and its multipart framing; the form's own bound
            // (the body limit and 128 MiB) holds it to one file.
            .upload_limit(130 * 1024 * 1024)
            .upload_dir(spool)
            .router(pages, &table, Router::new())
            .with_state(storage))
    }
}

/// On the demo's runtime (src/main.rs), the layer's.
#[cfg(feature = "ssr")]
fn main() -> anyhow::Result<()> {
    leptos_form_actions::server::runtime()?.block_on(run())
}

#[cfg(feature = "ssr")]
async fn run() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(dir)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: upload_target ADDR DIR");
    };
    let app = target::app(&format!("http://{addr}"), std::path::Path::new(&dir))?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    leptos_form_actions::server::serve(listener, app, std::time::Duration::from_secs(5)).await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
