//! `/todos`: named actions `add`, `toggle`, `delete` and `clear`; several forms on
//! one page; an optimistic add (spec E6) and a custom submit listener (E7, E8),
//! each in an island.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::auth::RequireLogin;
use crate::kit::fields::{use_fields, Choice, Form, FormField};
use crate::kit::{self, ActionResult, Enhance, EnhancedForm, Reset};
use crate::todos::{AddTodo, Priority, TodoSummary};
use crate::ui::LoadFailed;

/// The form of each row (Done and Delete): one instance per todo, told apart by
/// its `id` (spec F7), so a refused toggle shows in its own row only.
#[derive(Debug, Form)]
#[form(name = "row", key = "id", status = 400)]
pub struct TodoRow {
    #[field(hidden)]
    pub id: i64,
    /// Sent by the Done button: the state it asks for. Without it, Done flips.
    #[field(hidden, invalid = "The field `done` must be true or false")]
    pub done: Option<bool>,
}

/// The load: the user's todos as the list shows them, `None` when nobody is
/// logged in.
#[server]
pub async fn load_todos() -> Result<Option<Vec<TodoSummary>>, ServerFnError> {
    use crate::{auth::User, kit::server, state::AppState, todos::store};
    let Some(user) = server::locals().get::<User>() else {
        return Ok(None);
    };
    let state = expect_context::<AppState>();
    let todos = store::summaries(&state.db, user.id)
        .await
        .map_err(server::load_error)?;
    Ok(Some(todos))
}

/// Server only: the actions.
#[cfg(feature = "ssr")]
pub mod server {
    use super::TodoRow;
    use crate::auth::User;
    use crate::kit::server::{success, ActionError, ActionResponse, Actions, Event};
    use crate::state::AppState;
    use crate::todos::{store, AddTodo};
    use axum::http::StatusCode;

    const LOGIN: &str = "/login?redirectTo=/todos";

    pub fn actions() -> Actions<AppState> {
        Actions::named()
            .action("add", add)
            .action("toggle", toggle)
            .action("delete", delete)
            .action("clear", clear)
            .into()
    }

    /// The logged-in user, or the redirect to log in.
    fn user(ev: &Event<AppState>) -> Result<User, ActionError> {
        ev.locals
            .get::<User>()
            .ok_or_else(|| ActionError::redirect(LOGIN))
    }

    /// The `id` field: missing is a bad request; one that is not a number names no todo.
    fn id(ev: &Event<AppState>) -> Result<i64, ActionError> {
        let raw = ev.form.get("id")?.ok_or_else(|| {
            ActionError::new(StatusCode::BAD_REQUEST, "The field `id` is required")
        })?;
        raw.trim().parse().map_err(|_| ActionError::not_found())
    }

    async fn add(ev: Event<AppState>) -> ActionResponse<()> {
        let user = user(&ev)?;
        // The end-to-end tests' way to an unexpected error (feature `e2e` only).
        #[cfg(feature = "e2e")]
        if ev.state.fault_title.as_deref() == Some(ev.form.text("title")?.as_str()) {
            return Err(anyhow::anyhow!("injected fault (FAULT_INJECTION_TITLE)").into());
        }
        let form: AddTodo = ev.parse()?;
        store::add(&ev.state.db, user.id, &form.title).await?;
        success(())
    }

    /// Sets the todo to the `done` its Done button sends (the submitter's own
    /// `name=value`, spec A2), so a form sent twice, or again from a stale page,
    /// leaves it as the person saw it. Without `done` it flips.
    async fn toggle(ev: Event<AppState>) -> ActionResponse<()> {
        let user = user(&ev)?;
        // The id first: missing is a 400, and one that names no todo of theirs a 404.
        let id = id(&ev)?;
        let row: TodoRow = ev.parse()?;
        let updated = match row.done {
            Some(done) => store::set_done(&ev.state.db, user.id, id, done).await?,
            None => store::toggle(&ev.state.db, user.id, id).await?,
        };
        updated.ok_or_else(ActionError::not_found)?;
        success(())
    }

    async fn delete(ev: Event<AppState>) -> ActionResponse<()> {
        let user = user(&ev)?;
        store::delete(&ev.state.db, user.id, id(&ev)?)
            .await?
            .ok_or_else(ActionError::not_found)?;
        success(())
    }

    async fn clear(ev: Event<AppState>) -> ActionResponse<()> {
        let user = user(&ev)?;
        store::clear_done(&ev.state.db, user.id).await?;
        success(())
    }
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> crate::kit::server::PageRoute<crate::state::AppState> {
    crate::kit::server::PageRoute::new("/todos", TodosPage)
        .actions(server::actions())
        // JSON on the page's own path: POST /todos {"title":…} creates a todo.
        .endpoint(axum::routing::post(crate::api::create))
}

#[component]
pub fn TodosPage() -> impl IntoView {
    let todos = kit::load(|| (), |_| load_todos());
    view! {
        <Title text="Todos" />
        <Meta name="description" content="Your todo list: add todos, mark them done, edit and delete them." />
        <h1>"Todos"</h1>
        <Transition>
            {move || Suspend::new(async move {
                match todos.await {
                    Ok(Some(list)) => view! { <TodoList list /> }.into_any(),
                    Ok(None) => view! { <RequireLogin path="/todos" /> }.into_any(),
                    Err(error) => view! { <LoadFailed error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TodoList(list: Vec<TodoSummary>) -> impl IntoView {
    let left = list.iter().filter(|t| !t.done).count();
    let any_done = list.iter().any(|t| t.done);
    view! {
        <TodoEditor>
            <ul aria-label="Todo list">
                {list.into_iter().map(|todo| view! { <TodoItem todo /> }).collect_view()}
            </ul>
        </TodoEditor>
        <p>{format!("{left} {} left", if left == 1 { "item" } else { "items" })}</p>
        {any_done.then(|| view! { <ClearCompleted /> })}
    }
}

/// The Add form and the list, with an optimistic add (spec E6): the title shows
/// in the list as soon as Add is pressed, and goes when the server refuses it or
/// once the page shows the list again. An island, so this runs in the browser
/// too; the list (`children`) is the server's HTML, and the pending row is put
/// into it by hand, so that the list holds nothing but rows (an island's own
/// element inside a `<ul>` would not be a list item for a screen reader). Kept as
/// it is when the page changes around it, so what is typed in Title survives
/// actions on other forms.
#[island(lazy)]
fn TodoEditor(children: Children) -> impl IntoView {
    let add = use_fields::<AddTodo>().fields();
    let enhance = Enhance::new(move |submit| {
        let title = submit.get("title").map(|t| t.trim().to_owned());
        let row = title.and_then(|title| pending_row(&submit.form, &title));
        // This submission's pending row goes, unless the merge has already
        // made the node a row of the server's (its class is then the server's).
        let done = move || {
            if let Some(row) = row.as_ref().filter(|r| r.class_list().contains("pending")) {
                row.remove();
            }
        };
        Some(kit::after(move |result, update| async move {
            if !matches!(result, ActionResult::Success { .. }) {
                done();
            }
            update.apply().await;
            done();
        }))
    });

    view! {
        <EnhancedForm action="?/add" label="Add todo" enhance novalidate=true>
            <FormField field=add.title />
            <button type="submit">"Add"</button>
        </EnhancedForm>
        {children()}
    }
}

/// Adds the pending row `<li class="pending" aria-busy="true">` to the end of
/// the list beside `form`, and returns it.
fn pending_row(form: &web_sys::HtmlFormElement, title: &str) -> Option<web_sys::Element> {
    let list = form
        .closest("leptos-island")
        .ok()??
        .query_selector("ul[aria-label=\"Todo list\"]")
        .ok()??;
    let row = document().create_element("li").ok()?;
    row.set_class_name("pending");
    row.set_attribute("aria-busy", "true").ok()?;
    row.set_text_content(Some(title));
    list.append_child(&row).ok()?;
    Some(row)
}

/// One form per todo, named by its title: Done posts `?/toggle`, Delete `?/delete`;
/// the title links to its edit page. The row's id keeps it (and focus in it)
/// when rows before it come or go.
#[component]
fn TodoItem(todo: TodoSummary) -> impl IntoView {
    let id = todo.id;
    // Shared by the form's name and the link, not copied.
    let title: std::sync::Arc<str> = todo.title.into();
    let row = use_fields::<TodoRow>().key(id);
    let f = row.fields();
    let error = move || f.done.issue().or_else(|| row.message());
    let due = todo.due.map(|due| {
        let (date, text) = (due.to_string(), due.to_string());
        view! { <span class="due">"Due " <time datetime=date>{text}</time></span> }
    });
    let priority = (todo.priority != Priority::Normal).then(
        || view! { <span class="priority">{format!("{} priority", todo.priority.label())}</span> },
    );
    view! {
        <li id=format!("todo-{id}") class:done=todo.done>
            <EnhancedForm action="?/toggle" label=title.clone() reset=Reset::Never>
                <input type="hidden" name=f.id.name() value=id.to_string() />
                <a class="title" href=format!("/todos/{id}")>{title}</a>
                {due}
                {priority}
                <button
                    type="submit"
                    name=f.done.name()
                    value=(!todo.done).to_string()
                    aria-pressed=todo.done.to_string()
                >
                    "Done"
                </button>
                <button type="submit" formaction="?/delete">
                    "Delete"
                </button>
                {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </EnhancedForm>
        </li>
    }
}

/// A form posted by its own listener (spec E8): it asks for the result as JSON,
/// decodes it with the typed decoder, and applies it to the page
/// (spec E7). An island, for the listener; without JavaScript a plain form.
#[island]
fn ClearCompleted() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let on_submit = {
        use wasm_bindgen::JsCast;
        let page = kit::use_page();
        move |ev: leptos::ev::SubmitEvent| {
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            ev.prevent_default();
            leptos::task::spawn_local(async move {
                let result = kit::fetch_action::<()>(&form.action(), &data).await;
                page.apply_action(result).await;
            });
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = |_: leptos::ev::SubmitEvent| {};
    view! {
        <form method="post" action="?/clear" aria-label="Clear completed" on:submit=on_submit>
            <button type="submit">"Clear completed"</button>
        </form>
    }
}
