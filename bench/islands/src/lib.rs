//! /login's form as an island (see Cargo.toml). Measured for size only: it is not
//! served or tested, so it models the kit's enhanced form rather than reusing it.

use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `/login`'s `form` value, as the server sends it.
#[derive(Clone, Default, Deserialize)]
struct LoginForm {
    email: Option<String>,
    email_error: Option<String>,
    password_error: Option<String>,
    message: Option<String>,
    welcome: Option<String>,
}

/// The kit's wire format (`ActionResult`).
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Outcome {
    Success { data: LoginForm },
    Failure { data: LoginForm },
    Redirect { location: String },
    Error,
}

async fn post(action: &str, data: &web_sys::FormData) -> Result<String, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(data);
    let headers = web_sys::Headers::new()?;
    headers.set("x-leptos-action", "true")?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(action, &init)?;
    let response: web_sys::Response = JsFuture::from(window().fetch_with_request(&request))
        .await?
        .dyn_into()?;
    Ok(JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default())
}

#[island]
pub fn LoginIsland() -> impl IntoView {
    let form = RwSignal::new(LoginForm::default());
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(element) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&element) else {
            return;
        };
        ev.prevent_default();
        let action = ev
            .submitter()
            .and_then(|s| s.get_attribute("formaction"))
            .unwrap_or_else(|| element.action());
        pending.set(true);
        leptos::task::spawn_local(async move {
            let body = post(&action, &data).await;
            pending.set(false);
            match body.map(|b| serde_json::from_str::<Outcome>(&b)) {
                Ok(Ok(Outcome::Success { data } | Outcome::Failure { data })) => form.set(data),
                Ok(Ok(Outcome::Redirect { location })) => {
                    let _ = window().location().set_href(&location);
                }
                _ => {
                    let _ = window().location().reload();
                }
            }
        });
    };
    let text = move |pick: fn(&LoginForm) -> Option<String>| move || form.with(pick);
    view! {
        <form
            method="post"
            action="?/login"
            aria-label="Log in"
            aria-busy=move || pending.get().then_some("true")
            on:submit=on_submit
        >
            {move || text(|f| f.welcome.clone())().map(|w| view! { <p role="status">{w}</p> })}
            {move || text(|f| f.message.clone())().map(|m| view! { <p role="alert">{m}</p> })}
            <label for="email">"Email"</label>
            <input
                id="email"
                name="email"
                type="email"
                value=move || text(|f| f.email.clone())().unwrap_or_default()
                aria-invalid=move || form.with(|f| f.email_error.is_some()).then_some("true")
            />
            {move || text(|f| f.email_error.clone())().map(|e| view! { <p role="alert">{e}</p> })}
            <label for="password">"Password"</label>
            // Emptied after every result, as the kit does.
            <input id="password" name="password" type="password" prop:value=move || {
                form.track();
                ""
            } />
            {move || text(|f| f.password_error.clone())().map(|e| view! { <p role="alert">{e}</p> })}
            <button type="submit" disabled=pending>"Log in"</button>
            <button type="submit" formaction="?/register" disabled=pending>"Register"</button>
        </form>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
