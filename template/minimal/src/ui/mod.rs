//! What every page shares: the layout around the pages, and the error pages.
//!
//! Below the pages (which use these). Server only in effect: the app is built as
//! islands, so none of this is hydrated.

mod errors;
mod layout;

pub use errors::{ErrorPage, NotFound};
pub use layout::Layout;
