//! `<GetForm>`: a `method="get"` form (a search box) that runs no action (spec G1).
//!
//! Without JavaScript it is a plain GET: the browser loads `action?field=value`.
//! Once hydrated it navigates with the client-side router instead, so the route's
//! load runs with the new query and the page is not reloaded.

use leptos::prelude::*;

/// A GET form; each option changes how the enhanced navigation behaves.
#[component]
pub fn GetForm(
    /// The path to navigate to (the fields become its query).
    #[prop(into)]
    action: String,
    /// The accessible name of the form.
    #[prop(into)]
    label: String,
    /// Replace the current history entry instead of pushing one.
    #[prop(optional)]
    replace: bool,
    /// Keep the scroll position.
    #[prop(optional)]
    noscroll: bool,
    /// Give focus back to the element that had it (the search field) after navigating.
    #[prop(optional)]
    keep_focus: bool,
    /// Load the page in full, as without JavaScript.
    #[prop(optional)]
    reload: bool,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let navigate = leptos_router::hooks::use_navigate();
        move |ev: leptos::ev::SubmitEvent| {
            if !reload {
                browser::navigate_to(ev, replace, noscroll, keep_focus, navigate.clone());
            }
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = move |_: leptos::ev::SubmitEvent| {
        // Never called: on the server there are no events.
        let _ = (replace, noscroll, keep_focus, reload);
    };

    view! {
        <form method="get" action=action aria-label=label on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos_router::NavigateOptions;
    use wasm_bindgen::JsCast;
    use web_sys::{FormData, HtmlElement, HtmlFormElement, SubmitEvent, Url, UrlSearchParams};

    pub(super) fn navigate_to(
        ev: SubmitEvent,
        replace: bool,
        noscroll: bool,
        keep_focus: bool,
        navigate: impl Fn(&str, NavigateOptions),
    ) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(target) = target(&form) else { return };
        ev.prevent_default();
        let focused_id = document()
            .active_element()
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        navigate(
            &target,
            NavigateOptions {
                replace,
                scroll: !noscroll,
                ..NavigateOptions::default()
            },
        );
        if keep_focus {
            if let Some(id) = focused_id {
                request_animation_frame(move || {
                    if let Some(el) = document()
                        .get_element_by_id(&id)
                        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                });
            }
        }
    }

    /// `action?field=value&…`, as the browser would build it, relative to this site.
    fn target(form: &HtmlFormElement) -> Option<String> {
        let here = window().location().href().ok()?;
        let action = form.get_attribute("action").unwrap_or_default();
        let url = Url::new_with_base(&action, &here).ok()?;
        let data = FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let query = params.to_string().as_string().unwrap_or_default();
        Some(format!("{}?{query}", url.pathname()))
    }
}
