//! HTTP-level tests against the real router (every layer included), with a fresh
//! database per test and a client that keeps cookies and does not follow
//! redirects. Tests are named after the spec ids they prove
//! (../shared/spec/form-actions.md, ../shared/spec/demo-app.md).

mod api;
mod auth;
mod common;
mod concurrency;
mod instances;
mod page_cache;
mod search;
mod todos;
