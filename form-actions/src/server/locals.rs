//! `locals`: per-request values set by the `handle` hook (spec H1).
//!
//! Server only. A typed map shared by the hook, the action and the render of the
//! page after it, so an action that logs in or out updates what the page shows.

use std::sync::{Arc, Mutex, MutexGuard};

/// Values the app puts on a request (the current user, …), one per type.
#[derive(Clone, Default)]
pub struct Locals(Arc<Mutex<http::Extensions>>);

impl Locals {
    fn map(&self) -> MutexGuard<'_, http::Extensions> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of the value of type `T`, if one was set.
    pub fn get<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.map().get::<T>().cloned()
    }

    /// Sets the value of type `T`, replacing the previous one.
    pub fn insert<T: Clone + Send + Sync + 'static>(&self, value: T) {
        self.map().insert(value);
    }

    /// Removes the value of type `T`.
    pub fn remove<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.map().remove::<T>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_sees_what_the_original_sets() {
        let locals = Locals::default();
        let seen_by_render = locals.clone();
        locals.insert(42u32);
        assert_eq!(seen_by_render.get::<u32>(), Some(42));
        assert_eq!(locals.remove::<u32>(), Some(42));
        assert_eq!(seen_by_render.get::<u32>(), None);
    }
}
