//! A Leptos 0.8 + axum template with SvelteKit's form actions.
//!
//! The map, from the reusable to the specific:

/// The JSON API beside the pages (server only).
#[cfg(feature = "ssr")]
pub mod api;
/// The HTML shell, the app and its page table (server only: islands).
#[cfg(feature = "ssr")]
pub mod app;
/// The files of todos: storing, downloading and sweeping them (server only).
#[cfg(feature = "ssr")]
pub mod attachments;
/// Users, sessions and the current user (the demo's auth).
pub mod auth;
/// Configuration from the environment (server only).
#[cfg(feature = "ssr")]
pub mod config;
/// The database pool and migrations (server only).
#[cfg(feature = "ssr")]
pub mod db;
/// `/healthz`: whether the database answers (server only).
#[cfg(feature = "ssr")]
pub mod health;
/// Every text of the app in English and Japanese (`Text`, one file per
/// language), and the app's languages (`Lang`).
pub mod i18n;
/// Form actions for Leptos: load, actions, enhanced forms: the layer's crate
/// (`form-actions/`), named `kit` here for short.
pub use leptos_form_actions as kit;
/// One file per page: its load, its actions and its view (the demo; replace it).
pub mod routes;
/// Builds the axum app from a config, the composition root; used by `main` and
/// the tests (server only).
#[cfg(feature = "ssr")]
pub mod server;
/// The app's state, reached by every handler and action (server only).
#[cfg(feature = "ssr")]
pub mod state;
/// The demo's todos: the type, the title rules and the queries.
pub mod todos;
/// The layout and the error pages every page shares.
pub mod ui;

/// The browser's entry point, exported to JS by `front/` and called by Leptos's
/// island script: starts the islands' reactive system and the kit; the script
/// then hydrates the page's islands, and the kit marks `<html
/// data-hydrated="true">` (spec E1) so that tests can wait for it.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The page's language (`<html lang>`), for the texts islands render.
    kit::i18n::start_locale::<i18n::Lang>();
    leptos::mount::hydrate_islands();
    kit::start();
}
