//! The HTML shell, and the app: the layout around the page of the URL, from
//! the page table (`routes::pages`).
//!
//! Server only: the app is built as islands, so none of this is hydrated; only
//! the `#[island]` components of the pages run in the browser. Above the pages
//! (it routes them) and the layout; below the composition root (`server.rs`),
//! which serves them.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::Router;

use crate::i18n::{lang, t, Locale, Text};
use crate::kit;
use crate::routes::pages;
use crate::ui::{Layout, NotFound};

/// The document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // The request's language (spec L1).
        <html lang=lang().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // What the layer needs here: the build that rendered the page
                // (an answer from another one is loaded as a document, spec R6).
                <kit::Head />
                // id=leptos: cargo-leptos watch reloads this stylesheet in place.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                // Islands: the script hydrates each `#[island]` of the page, and
                // calls `hydrate` (lib.rs), which starts the layer's browser half.
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text=t(Text::AppTitle) />
        <Router>
            // The page of the URL, from the page table; `NotFound` for any other path.
            <Layout>{pages().view(NotFound)}</Layout>
        </Router>
    }
}
