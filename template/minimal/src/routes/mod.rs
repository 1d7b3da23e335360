//! The app's pages, one file each: the page's form type, its actions, its
//! declaration (`page()`, listed in [`pages`]) and its view, side by side.

pub mod hello;

#[cfg(feature = "ssr")]
use crate::{kit::server::PageRoutes, state::AppState};

/// Every page of the app, each declared once in its own file (its path, its view
/// and its actions): the router (`app.rs`) and the action dispatcher
/// (`server.rs`) both read this table. Made once per process.
/// A new page is a file here with its `page()`, listed below (and linked from
/// the layout's nav).
#[cfg(feature = "ssr")]
pub fn pages() -> &'static PageRoutes<AppState> {
    static PAGES: std::sync::OnceLock<PageRoutes<AppState>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| PageRoutes::new().page(hello::page()))
}
