//! A part of a page rendered at once into the page's HTML: see [`at_once`].

use leptos::tachys::{
    html::attribute::{any_attribute::AnyAttribute, Attribute},
    hydration::Cursor,
    ssr::StreamBuilder,
    view::{add_attr::AddAnyAttr, Position, PositionState, Render, RenderHtml},
};

/// `view`, rendered by the server straight into the page's HTML, as
/// `to_html` renders it, rather than element by element as a page that waits
/// for its loads is rendered (each element's tag built in a string of its own,
/// grown as its attributes are written, then copied into the page). The HTML
/// is the same; in the browser nothing changes.
///
/// For a part of a page with nothing to wait for: no `Suspend`, no resource
/// read in it (one would render only if its value were already there), such
/// as the rows of a list, built from the page's load:
///
/// ```ignore
/// <ul>{at_once(todos.into_iter().map(|todo| view! { <TodoItem todo /> }).collect_view())}</ul>
/// ```
///
/// It saves about a tenth of the server's work for `/todos` with 20 rows
/// (docs/benchmarks.md).
pub fn at_once<V: RenderHtml>(view: V) -> AtOnce<V> {
    AtOnce(view)
}

/// A view rendered at once: see [`at_once`].
#[derive(Debug, Clone)]
pub struct AtOnce<V>(V);

impl<V: Render> Render for AtOnce<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: RenderHtml> RenderHtml for AtOnce<V> {
    type AsyncOutput = AtOnce<V::AsyncOutput>;
    type Owned = AtOnce<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        AtOnce(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    /// The point of the type: the page's buffer is written as by `to_html`.
    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        let view = self.0;
        buf.reserve(view.html_len());
        buf.with_buf(|buf| {
            view.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
        });
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        AtOnce(self.0.into_owned())
    }
}

impl<V: AddAnyAttr> AddAnyAttr for AtOnce<V> {
    type Output<SomeNewAttr: Attribute> = AtOnce<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        AtOnce(self.0.add_any_attr(attr))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos::prelude::*;

    fn rows() -> impl IntoView {
        (1..=3)
            .map(|i| {
                view! {
                    <li id=format!("row-{i}") class:done=i == 2>
                        <a href=format!("/todos/{i}") aria-label=format!("Todo {i}")>{i}</a>
                    </li>
                }
            })
            .collect_view()
    }

    /// What the page's render (in order, as a page waiting for its loads is
    /// rendered) writes for `view`.
    async fn in_order(view: impl IntoView + 'static) -> String {
        use futures::StreamExt;
        view! { <ul>{view}</ul> }
            .to_html_stream_in_order()
            .collect::<String>()
            .await
    }

    #[tokio::test]
    async fn the_html_is_the_same_as_the_element_by_element_render() {
        let owner = Owner::new();
        let (plain, at_once) = owner
            .with(|| async { (in_order(rows()).await, in_order(at_once(rows())).await) })
            .await;
        assert!(plain.contains(r#"<li id="row-2" class="done">"#), "{plain}");
        assert_eq!(plain, at_once);
    }
}
