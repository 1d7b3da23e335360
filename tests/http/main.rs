//! HTTP-level tests against the real router (every layer included), with a fresh
//! database per test and a client that keeps cookies and does not follow
//! redirects. Tests are named after the ids of the rules they prove, which
//! form-actions/BEHAVIOUR.md defines (`r1_…` proves R1; the demo's pages and
//! messages are its last section).

// The app's library, as `crate::app` in every test file: this line is the only one
// of the tests that names the package (which `cargo leptos new` renames).
use starter as app;

mod api;
mod auth;
mod common;
mod concurrency;
mod forms;
mod hardening;
mod health;
mod i18n;
mod instances;
mod loads;
mod page_cache;
mod rows;
mod search;
mod submissions;
mod todos;
mod uploads;
