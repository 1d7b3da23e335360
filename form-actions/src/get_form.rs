//! `<GetForm>`: a `method="get"` form (a search box) that runs no action (spec G1).
//!
//! Without JavaScript it is a plain GET: the browser loads `action?field=value`.
//! Once the wasm has started, the kit's listener navigates without a document
//! load instead: the page for the new query is fetched and put in place. The
//! options travel as `data-kit-*` attributes, since the form is the server's HTML.

use leptos::prelude::*;

/// A GET form; each option changes how the enhanced navigation behaves.
///
/// ```
/// use leptos_form_actions::{prelude::*, GetForm};
///
/// #[component]
/// fn SearchBox() -> impl IntoView {
///     view! {
///         <GetForm action="/search" label="Search" replace=true keep_focus=true>
///             <label for="q">"Search"</label>
///             <input id="q" type="search" name="q" />
///             <button type="submit">"Search"</button>
///         </GetForm>
///     }
/// }
/// ```
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
    /// Keep focus where it is (the search field) after navigating.
    #[prop(optional)]
    keep_focus: bool,
    /// Load the page in full, as without JavaScript.
    #[prop(optional)]
    reload: bool,
    children: Children,
) -> impl IntoView {
    let flag = |on: bool| on.then_some("");
    view! {
        <form
            method="get"
            action=action
            aria-label=label
            data-kit=(!reload).then_some("get")
            data-kit-replace=flag(replace)
            data-kit-noscroll=flag(noscroll)
            data-kit-keep-focus=flag(keep_focus)
        >
            {children()}
        </form>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn render(view: impl IntoView) -> String {
        let owner = Owner::new();
        owner.with(|| view.into_view().to_html())
    }

    #[test]
    fn g1_the_options_travel_as_data_attributes_for_the_kits_listener() {
        let html = render(view! {
            <GetForm action="/search" label="Search" replace=true noscroll=true keep_focus=true>
                "fields"
            </GetForm>
        });
        for attribute in [
            r#"method="get""#,
            r#"data-kit="get""#,
            "data-kit-replace",
            "data-kit-noscroll",
            "data-kit-keep-focus",
        ] {
            assert!(html.contains(attribute), "{attribute} not in {html}");
        }

        // Without options, none; with `reload`, the kit leaves the form alone.
        let html = render(view! { <GetForm action="/search" label="Search">"fields"</GetForm> });
        assert!(
            html.contains(r#"data-kit="get""#) && !html.contains("data-kit-"),
            "{html}"
        );
        let html = render(
            view! { <GetForm action="/search" label="Search" reload=true>"fields"</GetForm> },
        );
        assert!(!html.contains("data-kit"), "{html}");
    }
}
