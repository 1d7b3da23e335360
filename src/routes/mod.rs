//! The demo's pages, one file each: the page's form type, its server-only actions
//! (`mod server`, behind the `ssr` feature), its declaration (`page()`, listed in
//! [`pages`]) and its view, side by side.

pub mod edit_todo;
pub mod home;
pub mod language;
pub mod login;
pub mod logout;
pub mod search;
pub mod todos;

#[cfg(feature = "ssr")]
use crate::{kit::server::PageRoutes, state::AppState};

/// Every page of the app, each declared once in its own file (its path, its view
/// and its actions): the router (`app.rs`) and the action dispatcher
/// (`server.rs`) both read this table. Made once per process.
#[cfg(feature = "ssr")]
pub fn pages() -> &'static PageRoutes<AppState> {
    static PAGES: std::sync::OnceLock<PageRoutes<AppState>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| {
        PageRoutes::new()
            .page(home::page())
            .page(login::page())
            .page(logout::page())
            .page(todos::page())
            .page(edit_todo::page())
            .page(search::page())
            .page(language::page())
    })
}
