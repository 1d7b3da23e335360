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
mod locale;
mod locals;
mod page_cache;
mod page_routes;
mod security;
mod serve;
mod site;
mod site_files;
#[cfg(feature = "storage")]
mod storage;
mod submissions;
mod uploads;

pub use actions::{ActionBody, Event};
pub(crate) use context::extension as request_extension;
pub use context::{cookies, locals, query};
pub use cookies::{Cookies, Key};
pub use csrf::Origins;
pub use error::log_with_id;
pub use form_data::FormData;
/// What [`Submissions`]' methods return: a boxed future, as `futures` has it.
pub use futures::future::BoxFuture;
pub use layers::FormActions;
pub(crate) use locale::task_locale;
pub use locale::LOCALE_COOKIE;
pub use locals::Locals;
pub use page_routes::{PageRoute, PageRoutes};
pub use serve::{runtime, serve, BLOCKING_THREADS, READ_BUFFER};
pub use site::LeptosSite;
pub use site_files::check_site_files;
#[cfg(feature = "storage")]
pub use storage::Storage;
pub use submissions::{Claimed, Submissions, TOKEN_LIFETIME};
pub use uploads::UploadDir;

// The plumbing of the layer's own parts (the render of a bare router, the
// page cache's header, the script nonce, the error guards), for its tests and
// its other halves: not what an app is written with.
#[doc(hidden)]
pub use build::build_of_files;
#[doc(hidden)]
pub use context::take_flash;
#[doc(hidden)]
pub use dispatch::Render;
#[doc(hidden)]
pub use error::{internal_error, panic_message};
#[doc(hidden)]
pub use page_cache::CACHE_HEADER;
#[doc(hidden)]
pub use security::{provide_nonce, CspNonce};
