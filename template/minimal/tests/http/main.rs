//! HTTP-level tests against the real router (every layer included), with a fresh
//! database per test and a client that keeps cookies and does not follow
//! redirects.

// The app's library, as `crate::app` in every test file: this line is the only one
// of the tests that names the package.
use starter as app;

// The harness has more helpers than these tests use yet.
#[allow(dead_code)]
mod common;
mod health;
mod hello;
