//! The server half of the layer: action dispatch, cookies, `locals`, CSRF, the
//! page cache, the one call that installs them in order, and the Leptos app
//! served inside them (`site.rs`).
//!
//! Server only. This file only names the parts; each lives in its own file.

mod actions;
mod build;
mod context;
mod cookies;
mod csrf;
mod dispatch;
mod error;
mod form_data;
mod html;
mod layers;
mod limit;
mod locals;
mod page_cache;
mod pages;
mod security;
mod serve;
mod site;

pub use actions::{ActionBody, Event};
pub use build::build_of_files;
pub use context::{cookies, locals, query, take_flash};
pub use cookies::{Cookies, Key};
pub use csrf::Origins;
pub use dispatch::Render;
pub use error::{internal_error, log_with_id, panic_message};
pub use form_data::FormData;
pub use layers::FormActions;
pub use locals::Locals;
pub use page_cache::CACHE_HEADER;
pub use pages::{PageRoute, PageRoutes};
pub use security::{provide_nonce, CspNonce};
pub use serve::serve;
pub use site::LeptosSite;
