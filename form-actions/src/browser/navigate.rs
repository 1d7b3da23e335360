//! Navigations and renders without a document load. Browser only.
//!
//! A navigation (a link, a GET form, a redirect, the back button) fetches the
//! page's HTML like the browser would, and puts it in the document. A render
//! (after an action) posts the page state to the current URL with
//! `x-leptos-render: true`: the server renders the page with that state, its
//! loads run again (spec A10), and what changed is put in the document.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, DomParser, HtmlElement, HtmlFormElement, MouseEvent, PopStateEvent, Response,
    ScrollRestoration, SupportedType, Url,
};

use super::{fetch::request, morph, pending};
use crate::{
    page::{use_page, Page, PageSnapshot, ANNOUNCER_ID},
    protocol::{ActionResult, RENDER_HEADER},
};

/// How a navigation treats history, scroll and focus (spec G1's options).
#[derive(Clone, Copy, Debug, Default)]
pub struct Visit {
    /// Replace the current history entry instead of pushing one.
    pub replace: bool,
    /// Keep the scroll position.
    pub noscroll: bool,
    /// Keep focus where it is.
    pub keep_focus: bool,
    /// A step through history (the entry is already current): scroll back here.
    pub(crate) restore: Option<f64>,
}

thread_local! {
    /// The number of the latest fetch of a page: an older one that answers late
    /// is dropped.
    static LATEST: Cell<u32> = const { Cell::new(0) };
    /// The path and query of the page the document shows.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
}

fn ticket() -> u32 {
    LATEST.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    })
}

fn is_latest(ticket: u32) -> bool {
    LATEST.with(|latest| latest.get() == ticket)
}

/// The path and query of a URL.
fn path_of(url: &str) -> String {
    Url::new(url)
        .map(|u| format!("{}{}", u.pathname(), u.search()))
        .unwrap_or_default()
}

pub(super) fn start() {
    if let Ok(history) = window().history() {
        // Scroll positions are restored here, once the page is in place.
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    let here = window().location().href().unwrap_or_default();
    SHOWN.with(|shown| *shown.borrow_mut() = path_of(&here));
}

/// A page the server answered.
struct Answer {
    url: String,
    redirected: bool,
    document: Document,
}

/// Fetches a page; `None` when the answer is not HTML (a file, say).
async fn fetch_page(request: web_sys::Request) -> Result<Option<Answer>, JsValue> {
    let response: Response = JsFuture::from(window().fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let is_html = response
        .headers()
        .get("content-type")?
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_html {
        return Ok(None);
    }
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let document = DomParser::new()?.parse_from_string(&text, SupportedType::TextHtml)?;
    Ok(Some(Answer {
        url: response.url(),
        redirected: response.redirected(),
        document,
    }))
}

/// Navigates to `url` without a document load (SvelteKit's `goto`): the page is
/// fetched and put in the document as if a link had been followed. Done when the
/// page shows. What is not a page of this app is loaded by the browser.
pub async fn goto(url: &str, visit: Visit) {
    if visit.restore.is_none() {
        remember_scroll();
    }
    let request = request("GET", url, None, &[("accept", "text/html")]);
    if let Some(answer) = fetch_for_document(url, request).await {
        navigated(answer, visit);
    }
}

/// Shows the page of a navigation, which forgets the result: `form` is
/// ephemeral (spec A6).
fn navigated(answer: Answer, visit: Visit) {
    use_page().set(PageSnapshot::default());
    show(answer, visit);
}

/// Fetches the page at `url` for the document. `None` when a later fetch began
/// meanwhile (the latest wins), or when there is no page to merge in: then the
/// browser loads `url` itself.
async fn fetch_for_document(
    url: &str,
    request: Result<web_sys::Request, JsValue>,
) -> Option<Answer> {
    let ticket = ticket();
    let answer = match request {
        Ok(request) => fetch_page(request).await,
        Err(e) => Err(e),
    };
    match answer {
        Ok(Some(answer)) => is_latest(ticket).then_some(answer),
        _ => {
            let _ = window().location().assign(url);
            None
        }
    }
}

/// Renders the current page again with this state, and puts what changed in the
/// document; what the person is doing on the page stays (spec E2).
pub(super) async fn render(snapshot: PageSnapshot) {
    let here = window().location().href().unwrap_or_default();
    render_at(&here, snapshot, None).await
}

/// Renders the page at `url` with this state; with a `visit`, as a navigation to
/// it (history, scroll and focus too).
pub(super) async fn render_at(url: &str, snapshot: PageSnapshot, visit: Option<Visit>) {
    if visit.is_some() {
        remember_scroll();
    }
    let body = serde_json::to_string(&snapshot).unwrap_or_default();
    let headers = [
        (RENDER_HEADER, "true"),
        ("content-type", "application/json"),
        ("accept", "text/html"),
    ];
    let request = request("POST", url, Some(&JsValue::from_str(&body)), &headers);
    let Some(answer) = fetch_for_document(url, request).await else {
        return;
    };
    match visit {
        Some(visit) => show(answer, visit),
        // The visitor went elsewhere meanwhile (a server function's redirect
        // races the loads it reran): this page is no longer shown, and
        // neither its HTML nor a redirect in it applies (spec R3).
        None if path_of(&window().location().href().unwrap_or_default()) != path_of(url) => {}
        // The page sent the visitor elsewhere (a load's redirect: the session is
        // gone, say): that is a navigation.
        None if answer.redirected => navigated(answer, Visit::default()),
        None => {
            let islands = morph::document(&document(), &answer.document);
            after_morph(islands);
        }
    }
}

/// Applies an action's result to the page (spec E7).
pub(super) async fn apply(page: Page, result: ActionResult) {
    match PageSnapshot::after(result) {
        Ok(snapshot) => {
            page.set(snapshot.clone());
            render(snapshot).await
        }
        Err((_, location)) => goto(&location, Visit::default()).await,
    }
}

/// Puts a new page in the document, as a navigation.
fn show(answer: Answer, visit: Visit) {
    let focused = document().active_element();
    let islands = morph::document(&document(), &answer.document);
    // A new page's fields show what the server rendered, not what was typed on
    // the last one (islands keep their own).
    let forms = document().forms();
    for i in 0..forms.length() {
        if let Some(form) = forms.item(i) {
            if form.closest("leptos-island").ok().flatten().is_none() {
                form.unchecked_into::<HtmlFormElement>().reset();
            }
        }
    }
    if let Ok(history) = window().history() {
        let here = window().location().href().unwrap_or_default();
        let url = &answer.url;
        let _ = match visit.restore {
            // Back or forward: the entry is current already, unless a redirect
            // moved it.
            Some(_) if !answer.redirected => Ok(()),
            Some(_) => history.replace_state_with_url(&JsValue::NULL, "", Some(url)),
            // A link to the page the document shows replaces its entry, as in a browser.
            None if visit.replace || *url == here => {
                history.replace_state_with_url(&JsValue::NULL, "", Some(url))
            }
            None => history.push_state_with_url(&JsValue::NULL, "", Some(url)),
        };
    }
    SHOWN.with(|shown| *shown.borrow_mut() = path_of(&answer.url));
    after_morph(islands);
    if let Some(announcer) = document().get_element_by_id(ANNOUNCER_ID) {
        announcer.set_text_content(Some(&document().title()));
    }

    match visit.restore {
        Some(y) => window().scroll_to_with_x_and_y(0.0, y),
        None if visit.noscroll => {}
        None => {
            let target = Url::new(&answer.url)
                .ok()
                .map(|u| u.hash())
                .filter(|hash| hash.len() > 1)
                .and_then(|hash| document().get_element_by_id(&hash[1..]));
            match target {
                Some(el) => el.scroll_into_view(),
                None => window().scroll_to_with_x_and_y(0.0, 0.0),
            }
        }
    }

    if visit.keep_focus {
        if let Some(el) = focused.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
            let target = if el.is_connected() {
                Some(el)
            } else {
                el.get_attribute("id")
                    .and_then(|id| document().get_element_by_id(&id))
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        }
    } else {
        reset_focus();
    }
}

/// What every change of the document ends with.
fn after_morph(islands: Vec<web_sys::Element>) {
    morph::hydrate(islands);
    // The server's page knows nothing of submissions still in flight.
    pending::mark_pending();
}

/// After a navigation, focus starts over (as after a document load): on the new
/// page's `autofocus` element, or at the top of the page.
fn reset_focus() {
    let autofocus = document()
        .query_selector("[autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(el) = autofocus {
        let _ = el.focus();
    } else if let Some(body) = document().body() {
        let _ = body.set_attribute("tabindex", "-1");
        let _ = body.focus();
        let _ = body.remove_attribute("tabindex");
    }
}

/// Keeps the scroll position in the history entry being left, for the back button.
fn remember_scroll() {
    if let (Ok(history), Ok(y)) = (window().history(), window().scroll_y()) {
        let _ = history.replace_state(&JsValue::from_f64(y), "");
    }
}

/// Follows a click on a link of this site without a document load.
pub(super) fn on_click(ev: MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let elsewhere = link
        .get_attribute("target")
        .is_some_and(|t| !t.is_empty() && t != "_self");
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if elsewhere
        || external
        || link.has_attribute("download")
        || link.has_attribute("data-kit-reload")
    {
        return;
    }
    let location = window().location();
    let (Ok(here), Ok(origin)) = (location.href(), location.origin()) else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    // A link to a part of this page (`#top`, or `#`): the browser scrolls to it.
    if href.starts_with('#') {
        return;
    }
    let Ok(url) = Url::new_with_base(&href, &here) else {
        return;
    };
    if url.origin() != origin {
        return;
    }
    if !url.hash().is_empty() && path_of(&url.href()) == path_of(&here) {
        return;
    }
    ev.prevent_default();
    let href = url.href();
    leptos::task::spawn_local(async move { goto(&href, Visit::default()).await });
}

/// Back and forward: shows the entry's page.
pub(super) fn on_popstate(ev: PopStateEvent) {
    let here = window().location().href().unwrap_or_default();
    // Only the fragment changed: the page is the same.
    if SHOWN.with(|shown| *shown.borrow() == path_of(&here)) {
        return;
    }
    let visit = Visit {
        restore: Some(ev.state().as_f64().unwrap_or(0.0)),
        ..Visit::default()
    };
    leptos::task::spawn_local(async move { goto(&here, visit).await });
}
