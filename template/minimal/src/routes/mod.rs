//! The app's pages, one file each: the page's form type, its server-only actions
//! (`mod server`, behind the `ssr` feature), its declaration (`page()`, listed
//! in `app::pages`) and its view, side by side.

pub mod hello;
