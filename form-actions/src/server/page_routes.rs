//! One declaration per page: its path, its view and its actions, read by both
//! the Leptos router (GET) and the action dispatcher (POST), so that a page
//! cannot be routed without its actions or the other way round.
//!
//! Server only: in an islands app the route table is never hydrated.
//!
//! ```ignore
//! // src/routes/todos.rs
//! route!(pub Todos = "/todos");
//! pub fn page() -> PageRoute<AppState, Todos> {
//!     PageRoute::new(Todos, TodosPage).action(add).action(toggle)
//! }
//! // src/routes/mod.rs: the table, read by <Routes> and by the dispatcher
//! PageRoutes::new().page(home::page()).page(todos::page())
//! ```

use axum::routing::MethodRouter;
use leptos::{
    children::ToChildren,
    prelude::{AnyView, IntoAny, IntoView},
};
use leptos_router::{
    any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute},
    components::{RouteChildren, Routes, RoutesProps},
    MatchNestedRoutes, NestedRoute, ParamSegment, PartialPathMatch, PathSegment,
    PossibleRouteMatch, SsrMode, StaticSegment,
};
use std::{borrow::Cow, marker::PhantomData, sync::Arc};

use super::actions::{erase, ActionBody, Actions};
use crate::action::Route;

/// A page: its path (from its [`Route`] `P`), its view, its actions and what
/// else it answers besides GET.
pub struct PageRoute<S, P> {
    entry: PageEntry<S>,
    actions: Option<Actions<S>>,
    page: PhantomData<fn() -> P>,
}

/// A page as the table holds it, whatever its route type.
pub(super) struct PageEntry<S> {
    path: RoutePath,
    view: Arc<dyn Fn() -> AnyView + Send + Sync>,
    pub(super) actions: Option<Arc<Actions<S>>>,
    pub(super) endpoint: Option<MethodRouter<S>>,
}

impl<S, P: Route> PageRoute<S, P> {
    /// The page `P` (its path: axum's syntax, `/todos`, `/todos/{id}`),
    /// rendered by `view` (a component). Without actions it answers a POST
    /// with 405.
    ///
    /// # Panics
    /// At start-up, with a message, when `P::PATH` is not `/` followed by
    /// segments that are either plain or one `{param}`.
    pub fn new<V, IV>(page: P, view: V) -> Self
    where
        V: Fn() -> IV + Send + Sync + 'static,
        IV: IntoView + 'static,
    {
        let _ = page;
        Self {
            entry: PageEntry::new(P::PATH, view),
            actions: None,
            page: PhantomData,
        }
    }

    /// Adds one of the page's actions, declared with `#[action(P)]` (spec T1):
    /// `.action(add)`.
    ///
    /// ```
    /// use leptos_form_actions::prelude::*;
    ///
    /// route!(Notes = "/notes");
    ///
    /// #[action(Notes)]
    /// async fn add(_ev: Event<()>) -> Result<(), Stop> {
    ///     Ok(())
    /// }
    ///
    /// let _page = PageRoute::<(), Notes>::new(Notes, || ()).action(add);
    /// ```
    ///
    /// Another page's action does not compile here (T1):
    ///
    /// ```compile_fail,E0271
    /// use leptos_form_actions::prelude::*;
    ///
    /// route!(Notes = "/notes");
    /// route!(Login = "/login");
    ///
    /// #[action(Login)]
    /// async fn login(_ev: Event<()>) -> Result<(), Stop> {
    ///     Ok(())
    /// }
    ///
    /// let _page = PageRoute::<(), Notes>::new(Notes, || ()).action(login);
    /// ```
    ///
    /// nor does an action that does not exist (`ad` for `add`):
    ///
    /// ```compile_fail,E0425
    /// use leptos_form_actions::prelude::*;
    ///
    /// route!(Notes = "/notes");
    ///
    /// #[action(Notes)]
    /// async fn add(_ev: Event<()>) -> Result<(), Stop> {
    ///     Ok(())
    /// }
    ///
    /// let _page = PageRoute::<(), Notes>::new(Notes, || ()).action(ad);
    /// ```
    ///
    /// # Panics
    /// At start-up, with a message, when a default action meets another one,
    /// or an action is listed twice.
    pub fn action<A>(mut self, action: impl Fn() -> A) -> Self
    where
        S: Send + 'static,
        A: ActionBody<S, Page = P>,
    {
        let handler = erase::<S, A>(action());
        self.actions = Some(Actions::add(self.actions, P::PATH, A::NAME, handler));
        self
    }

    /// A JSON endpoint on the page's own path (SvelteKit's `+server` beside its
    /// `+page`, spec E8). A POST goes to the page's actions when it carries
    /// `x-leptos-action: true` or a form body (urlencoded or multipart); any other
    /// POST, PUT, PATCH or DELETE to the path goes to `endpoint`. GET stays the page.
    pub fn endpoint(mut self, endpoint: MethodRouter<S>) -> Self {
        self.entry.endpoint = Some(endpoint);
        self
    }
}

impl<S> PageEntry<S> {
    fn new<V, IV>(path: &'static str, view: V) -> Self
    where
        V: Fn() -> IV + Send + Sync + 'static,
        IV: IntoView + 'static,
    {
        Self {
            path: RoutePath::parse(path),
            view: Arc::new(move || view().into_any()),
            actions: None,
            endpoint: None,
        }
    }

    /// The path, as declared.
    pub fn path(&self) -> &'static str {
        self.path.raw
    }
}

/// Every page of an app.
pub struct PageRoutes<S> {
    pub(super) pages: Vec<PageEntry<S>>,
}

impl<S> Default for PageRoutes<S> {
    fn default() -> Self {
        Self { pages: Vec::new() }
    }
}

impl<S> PageRoutes<S> {
    /// No pages yet: add them with [`PageRoutes::page`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page.
    ///
    /// # Panics
    /// At start-up, with a message, when two pages have the same path (or paths
    /// that differ only in the names of their parameters).
    pub fn page<P>(mut self, page: PageRoute<S, P>) -> Self {
        let PageRoute {
            mut entry, actions, ..
        } = page;
        entry.actions = actions.map(Arc::new);
        if let Some(other) = self
            .pages
            .iter()
            .find(|p| p.path.shape() == entry.path.shape())
        {
            panic!(
                "two pages are declared for the path {} (the other is {}): each path has one page",
                entry.path.raw, other.path.raw
            );
        }
        self.pages.push(entry);
        self
    }

    /// The pages as Leptos's `<Routes>`, with `fallback` (a component, such
    /// as the app's 404 page) for any other path: what the app's `<Router>`
    /// holds, `{pages().view(NotFound)}`. Every page renders in
    /// `SsrMode::Async`, so the whole page, loads included, is in the HTML and
    /// works without JavaScript (streamed chunks would need it).
    pub fn view<F, FV>(&self, fallback: F) -> impl IntoView
    where
        F: FnOnce() -> FV + Clone + Send + 'static,
        FV: IntoView + 'static,
    {
        let routes = self.routes();
        Routes(
            RoutesProps::builder()
                .fallback(fallback)
                .children(RouteChildren::to_children(move || routes))
                .build(),
        )
    }

    /// Leptos's routes of the pages.
    fn routes(&self) -> impl MatchNestedRoutes + Clone + Send + 'static {
        let routes: Vec<AnyNestedRoute> = self
            .pages
            .iter()
            .map(|page| {
                let view = page.view.clone();
                NestedRoute::new(page.path.clone(), move || view())
                    .ssr_mode(SsrMode::Async)
                    .into_any_nested_route()
            })
            .collect();
        leptos::tachys::view::iterators::StaticVec::from(routes)
    }

    /// The declared paths.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.pages.iter().map(PageEntry::path)
    }
}

/// A page's path: plain segments and `{param}`s, matched the way Leptos's own
/// `StaticSegment` and `ParamSegment` match them.
#[derive(Clone, Debug)]
struct RoutePath {
    raw: &'static str,
    segments: Vec<Segment>,
}

#[derive(Clone, Copy, Debug)]
enum Segment {
    Static(&'static str),
    Param(&'static str),
}

impl RoutePath {
    fn parse(raw: &'static str) -> Self {
        assert!(
            raw.starts_with('/'),
            "a page's path starts with `/`: {raw:?}"
        );
        let segments = if raw == "/" {
            vec![Segment::Static("")]
        } else {
            raw[1..]
                .split('/')
                .map(|segment| match segment.strip_prefix('{') {
                    Some(rest) => {
                        let name = rest.strip_suffix('}').filter(|n| {
                            !n.is_empty()
                                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        });
                        Segment::Param(name.unwrap_or_else(|| {
                            panic!("a parameter of a page's path is `{{name}}`, in {raw:?}")
                        }))
                    }
                    None => {
                        assert!(
                            !segment.is_empty() && !segment.contains(['{', '}', '*', ':']),
                            "a page's path has plain segments and `{{name}}`s only: {raw:?}"
                        );
                        Segment::Static(segment)
                    }
                })
                .collect()
        };
        Self { raw, segments }
    }

    /// The path with its parameters unnamed: two paths of one shape match the same URLs.
    fn shape(&self) -> Vec<Option<&'static str>> {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Static(s) => Some(*s),
                Segment::Param(_) => None,
            })
            .collect()
    }
}

impl PossibleRouteMatch for RoutePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut remaining = path;
        let mut matched_len = 0;
        let mut params: Vec<(Cow<'static, str>, String)> = Vec::new();
        for segment in &self.segments {
            let found = match segment {
                Segment::Static(s) => StaticSegment(*s).test(remaining),
                Segment::Param(name) => ParamSegment(name).test(remaining),
            }?;
            matched_len += found.matched().len();
            remaining = found.remaining();
            params.extend(found.params());
        }
        Some(PartialPathMatch::new(
            remaining,
            params,
            &path[..matched_len],
        ))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in &self.segments {
            match segment {
                Segment::Static(s) => StaticSegment(*s).generate_path(path),
                Segment::Param(name) => ParamSegment(name).generate_path(path),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(path: &'static str, url: &str) -> Option<Vec<(String, String)>> {
        let found = RoutePath::parse(path).test(url)?;
        found.is_complete().then(|| {
            found
                .params()
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect()
        })
    }

    #[test]
    fn a_path_matches_its_urls_and_reads_its_parameters() {
        assert_eq!(params("/", "/"), Some(vec![]));
        assert_eq!(params("/todos", "/todos"), Some(vec![]));
        assert_eq!(
            params("/todos/{id}", "/todos/7"),
            Some(vec![("id".into(), "7".into())])
        );
        assert_eq!(params("/todos", "/todos/7"), None);
        assert_eq!(params("/todos", "/todosx"), None);
        assert_eq!(params("/todos/{id}", "/todos"), None);
    }

    #[test]
    fn a_path_generates_the_axum_route_of_its_segments() {
        let mut segments = Vec::new();
        RoutePath::parse("/todos/{id}").generate_path(&mut segments);
        assert_eq!(
            segments,
            vec![
                PathSegment::Static("todos".into()),
                PathSegment::Param("id".into())
            ]
        );
    }

    #[test]
    #[should_panic(expected = "two pages are declared for the path /todos/{todo}")]
    fn two_pages_for_one_path_are_refused() {
        crate::route!(One = "/todos/{id}");
        crate::route!(Two = "/todos/{todo}");
        let _ = PageRoutes::<()>::new()
            .page(PageRoute::new(One, || ()))
            .page(PageRoute::new(Two, || ()));
    }

    #[test]
    #[should_panic(expected = "a page's path starts with `/`")]
    fn a_path_without_its_slash_is_refused() {
        PageEntry::<()>::new("todos", || ());
    }

    #[test]
    #[should_panic(expected = "plain segments and `{name}`s only")]
    fn a_leptos_style_parameter_is_refused() {
        PageEntry::<()>::new("/todos/:id", || ());
    }
}
