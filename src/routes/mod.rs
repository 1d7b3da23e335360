//! The demo's pages, one file each: the page's form type, its server-only actions
//! (`mod server`, behind the `ssr` feature) and its view, side by side.

pub mod home;
pub mod login;
pub mod logout;
pub mod search;
pub mod todos;
