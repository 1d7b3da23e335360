//! A counter on one route: the floor our wasm is compared with (see Cargo.toml).

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

#[component]
fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Counter" />
        <Router>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=path!("") view=Counter />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    view! {
        <h1>"Counter"</h1>
        <button on:click=move |_| *count.write() += 1>"Clicked " {count} " times"</button>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
