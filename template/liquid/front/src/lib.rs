{% raw %}//! The browser's entry point (see Cargo.toml for why it is a crate of its own).

/// Called by the script that cargo-leptos puts in every page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    {% endraw %}{{ crate_name }}::hydrate();
}
