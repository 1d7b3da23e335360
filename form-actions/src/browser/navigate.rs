//! Navigations without a document load, and merging a page the server
//! rendered into the document. Browser only.
//!
//! A navigation (a link, a GET form, a redirect, the back button) fetches the
//! page's HTML like the browser would, and puts it in the document. After an
//! action the page comes in the action's own answer (spec R1, see `submit`);
//! [`merge`] puts it in. Rerunning the loads without an action
//! (`invalidate_all`) is a GET of the page shown.
//!
//! Every fetch stays on this origin and this build (spec R4, R6): anything else
//! is left to the browser, as a document load. A request that fails on the
//! network shows a message and changes nothing (spec R5).

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, DomParser, Element, HtmlElement, HtmlFormElement, MouseEvent, PopStateEvent,
    RequestRedirect, Response, ScrollRestoration, SupportedType, Url,
};

use super::{
    fetch::{self, Checked},
    guard, morph, pending,
};
use crate::{
    page::{snapshot_in, use_page, PageSnapshot, PageState, ANNOUNCER_ID},
    protocol::ActionResult,
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
    /// The number of the latest navigation: an older one that answers late is
    /// dropped, and so is the result of a submission made before it (spec R3).
    static LATEST: Cell<u32> = const { Cell::new(0) };
    /// The path and query of the page the document shows.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Starts a navigation; its number.
fn ticket() -> u32 {
    LATEST.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    })
}

/// The number of the latest navigation begun: a submission keeps it, and its
/// result applies only if no navigation began since (spec R3).
pub(super) fn navigations() -> u32 {
    LATEST.with(Cell::get)
}

/// The path and query of a URL.
fn path_of(url: &str) -> String {
    Url::new(url)
        .map(|u| format!("{}{}", u.pathname(), u.search()))
        .unwrap_or_default()
}

/// The path and query of the page the document shows.
pub(super) fn shown() -> String {
    SHOWN.with(|shown| shown.borrow().clone())
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
struct Fetched {
    url: String,
    redirected: bool,
    document: Document,
}

/// What a GET of a page came to.
enum Got {
    Page(Fetched),
    /// Not a page to merge in (a file, another origin, another build): the
    /// browser loads this URL itself.
    Load(String),
    /// The request failed on the network; nothing changes but a message.
    Failed,
}

/// Fetches the page at `url`.
async fn get(url: &str) -> Got {
    let request = fetch::request("GET", url, None, &[("accept", "text/html")]);
    match fetch::send(request).await {
        Ok(Checked::Ours(response)) => match page_of(&response).await {
            Ok(Some(document)) => Got::Page(Fetched {
                url: response.url(),
                redirected: response.redirected(),
                document,
            }),
            Ok(None) => Got::Load(url.to_owned()),
            Err(_) => Got::Failed,
        },
        Ok(Checked::Elsewhere(to)) => Got::Load(to),
        Err(_) if redirects_elsewhere(url).await => Got::Load(url.to_owned()),
        Err(_) => Got::Failed,
    }
}

/// Whether a GET that failed was a redirect to another origin, which a
/// same-origin fetch refuses like a network failure: asked again without
/// following redirects (the failure path only). The browser follows it then.
async fn redirects_elsewhere(url: &str) -> bool {
    let Ok(request) = fetch::request_with("GET", url, None, &[], RequestRedirect::Manual) else {
        return false;
    };
    match JsFuture::from(window().fetch_with_request(&request)).await {
        Ok(response) => response
            .dyn_into::<Response>()
            .is_ok_and(|r| r.type_() == web_sys::ResponseType::Opaqueredirect),
        Err(_) => false,
    }
}

/// The answer's HTML as a document; `None` when it is not HTML.
pub(super) async fn page_of(response: &Response) -> Result<Option<Document>, JsValue> {
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
    parse(&text).map(Some)
}

/// Parses a page the server rendered.
pub(super) fn parse(html: &str) -> Result<Document, JsValue> {
    DomParser::new()?.parse_from_string(html, SupportedType::TextHtml)
}

/// The browser's own document load of `url`: for what is not a page of this
/// site and build.
fn load(url: &str) {
    let _ = window().location().assign(url);
}

/// Navigates to `url` without a document load (SvelteKit's `goto`): the page is
/// fetched and put in the document as if a link had been followed. Done when the
/// page shows. What is not a page of this app is loaded by the browser.
pub async fn goto(url: &str, visit: Visit) {
    let here = window().location().href().unwrap_or_default();
    let Ok(url) = Url::new_with_base(url, &here).map(|u| u.href()) else {
        return;
    };
    // Another site: the browser goes there (spec R4).
    if !fetch::same_origin(&url) {
        return load(&url);
    }
    if visit.restore.is_none() {
        remember_scroll();
    }
    let ticket = ticket();
    let got = get(&url).await;
    if navigations() != ticket {
        return;
    }
    match got {
        Got::Page(answer) => navigated(answer, visit),
        Got::Load(to) => load(&to),
        Got::Failed => show_message(
            None,
            &super::page_text(crate::i18n::KitText::PageLoadFailed),
        ),
    }
}

/// Follows an action's redirect. To the page shown (its path and query), the
/// page is fetched and merged in, as an update and not a new page: what is
/// typed in its other forms stays (spec R2), and focus and scrolling stay
/// where they are; the page state becomes the fetched page's, since the
/// redirect's result is not shown. Anywhere else, it is a navigation
/// ([`goto`]).
pub(super) async fn follow(location: &str) {
    let here = window().location().href().unwrap_or_default();
    let Ok(url) = Url::new_with_base(location, &here).map(|u| u.href()) else {
        return;
    };
    if !fetch::same_origin(&url) || path_of(&url) != path_of(&here) {
        return goto(&url, Visit::default()).await;
    }
    update(&url, true, crate::i18n::KitText::PageLoadFailed).await
}

/// Shows the page of a navigation, which forgets the result: `form` is
/// ephemeral (spec A6).
fn navigated(answer: Fetched, visit: Visit) {
    use_page().set(PageSnapshot::default());
    show(answer, visit);
}

/// Reruns the page's loads (`invalidate_all`): the page shown is fetched again
/// and what changed is merged in; the page state stays the browser's. Dropped
/// when a navigation begins meanwhile.
pub(super) async fn invalidate() {
    let here = window().location().href().unwrap_or_default();
    update(&here, false, crate::i18n::KitText::PageUpdateFailed).await
}

/// Fetches `url`, the page shown, and merges it in; with `new_state`, the
/// page state becomes the fetched page's. `failed` says a fetch that failed.
/// Dropped when a navigation begins meanwhile. The guard keeps what each form
/// was shown with: edits not saved are still edits (spec P4).
async fn update(url: &str, new_state: bool, failed: crate::i18n::KitText) {
    let at = navigations();
    let got = get(url).await;
    if navigations() != at
        || path_of(&window().location().href().unwrap_or_default()) != path_of(url)
    {
        return;
    }
    match got {
        // The page sent the visitor elsewhere (a load's redirect: the session is
        // gone, say): that is a navigation.
        Got::Page(answer) if answer.redirected => navigated(answer, Visit::default()),
        Got::Page(answer) => {
            if new_state {
                use_page().set(state_of(&answer.document));
            }
            merge(&answer.document)
        }
        Got::Load(to) => load(&to),
        Got::Failed => show_message(None, &super::page_text(failed)),
    }
}

/// Puts the page the server rendered after an action into the document, where
/// it shows already (not a navigation): what the person is doing on it stays
/// (spec E2, R2).
pub(super) fn merge(page: &Document) {
    let islands = morph::document(&document(), page);
    after_morph(islands);
}

/// Shows the page an action's answer carries as a navigation to `url` (a form
/// posting to another page's action shows that page, as without JavaScript).
pub(super) fn show_at(url: &str, page: Document) {
    remember_scroll();
    ticket();
    show(
        Fetched {
            url: url.to_owned(),
            redirected: false,
            document: page,
        },
        Visit::default(),
    );
}

/// Applies a result obtained by the page's own code to the page (spec E7). The
/// server renders pages only from results it produced (spec R1), so a result
/// from elsewhere sets the page state, which islands show, and reruns the
/// loads; an error shows as the page's message; a redirect navigates.
pub(super) async fn apply(page: PageState, result: ActionResult) {
    match PageSnapshot::after(result) {
        Ok(snapshot) => {
            let error = snapshot.error.clone();
            page.set(snapshot);
            match error {
                Some(error) => show_message(None, &error_text(&error)),
                None => invalidate().await,
            }
        }
        Err((_, location)) => goto(&location, Visit::default()).await,
    }
}

/// An error's message as shown, with the id of a 500 to quote.
pub(super) fn error_text(error: &crate::protocol::ErrorBody) -> String {
    match &error.id {
        Some(id) => format!("{} (error id {id})", error.message),
        None => error.message.clone(),
    }
}

/// The attribute that marks the message of the layer (spec R5).
const MESSAGE: &str = "data-kit-message";

/// Shows a message about a request that failed, in `form` (at its end) or at the
/// top of the page's `<main>`, as an alert; the next page or merge removes it.
pub(super) fn show_message(form: Option<&HtmlFormElement>, text: &str) {
    if let Ok(Some(old)) = document().query_selector(&format!("[{MESSAGE}]")) {
        old.remove();
    }
    let Ok(message) = document().create_element("p") else {
        return;
    };
    let _ = message.set_attribute(MESSAGE, "");
    let _ = message.set_attribute("role", "alert");
    let _ = message.set_attribute("class", "error");
    message.set_text_content(Some(text));
    match form {
        Some(form) => {
            let _ = form.append_child(&message);
        }
        None => {
            let main: Option<Element> = document()
                .query_selector("main")
                .ok()
                .flatten()
                .or_else(|| document().body().map(Into::into));
            if let Some(main) = main {
                let _ = main.prepend_with_node_1(&message);
            }
        }
    }
}

/// Puts a new page in the document, as a navigation.
fn show(answer: Fetched, visit: Visit) {
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
    guard::page_shown();
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

/// Takes from `page` only what is `form`'s own: the form at the same place
/// among the layer's forms, with the same action and name (an answer older
/// than the page shown, spec P2). Without one, nothing changes.
pub(super) fn merge_form(form: &HtmlFormElement, page: &Document) {
    const FORMS: &str = "form[data-kit=\"post\"]";
    let (Ok(live), Ok(new)) = (
        document().query_selector_all(FORMS),
        page.query_selector_all(FORMS),
    ) else {
        return;
    };
    let form: &web_sys::Node = form;
    let Some(index) = (0..live.length()).find(|&i| live.item(i).as_ref() == Some(form)) else {
        return;
    };
    let Some(new) = new
        .item(index)
        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(old) = form.dyn_ref::<web_sys::Element>() else {
        return;
    };
    let same = |attr: &str| old.get_attribute(attr) == new.get_attribute(attr);
    if same("action") && same("aria-label") {
        after_morph(morph::element(old, &new));
    }
}

/// What every change of the document ends with.
fn after_morph(islands: Vec<web_sys::Element>) {
    morph::hydrate(islands);
    // The server's page knows nothing of submissions still in flight.
    pending::mark_pending();
}

/// The page state a page was rendered with.
pub(super) fn state_of(page: &Document) -> PageSnapshot {
    snapshot_in(page)
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
    let Ok(here) = window().location().href() else {
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
    if !fetch::same_origin(&url.href()) {
        return;
    }
    if !url.hash().is_empty() && path_of(&url.href()) == path_of(&here) {
        return;
    }
    ev.prevent_default();
    if !guard::may_leave() {
        return;
    }
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
    // Edits the person keeps: the entry of the page they stay on comes back.
    if !guard::may_leave() {
        let shown = SHOWN.with(|shown| shown.borrow().clone());
        if let Ok(history) = window().history() {
            let scroll = window().scroll_y().unwrap_or(0.0);
            let _ = history.push_state_with_url(&scroll.into(), "", Some(&shown));
        }
        return;
    }
    let visit = Visit {
        restore: Some(ev.state().as_f64().unwrap_or(0.0)),
        ..Visit::default()
    };
    leptos::task::spawn_local(async move { goto(&here, visit).await });
}
