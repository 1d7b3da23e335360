//! `/todos`: named actions `add`, `toggle`, `delete` and `clear`; several forms on
//! one page; an optimistic add (spec E6) and a custom submit listener (E7, E8),
//! each in an island.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::auth::RequireLogin;
use crate::kit::{self, ActionResult, Enhance, EnhancedForm, Reset};
use crate::todos::Todo;
use crate::ui::LoadFailed;

/// The `form` value of `/todos`. `id` says which row a message is about; without
/// it the message is the Add form's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TodoForm {
    pub title: String,
    pub error: Option<String>,
    pub id: Option<i64>,
}

/// The load: the user's todos, `None` when nobody is logged in.
#[server]
pub async fn load_todos() -> Result<Option<Vec<Todo>>, ServerFnError> {
    use crate::{auth::User, kit::server, state::AppState, todos::store};
    let Some(user) = server::locals().get::<User>() else {
        return Ok(None);
    };
    let state = expect_context::<AppState>();
    let todos = store::list(&state.db, user.id)
        .await
        .map_err(server::load_error)?;
    Ok(Some(todos))
}

/// Server only: the actions.
#[cfg(feature = "ssr")]
pub mod server {
    use super::TodoForm;
    use crate::auth::User;
    use crate::kit::server::{fail, success, ActionError, ActionResponse, Actions, Event};
    use crate::state::AppState;
    use crate::todos::{store, Title};
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

    async fn add(ev: Event<AppState>) -> ActionResponse<TodoForm> {
        let user = user(&ev)?;
        let title = ev.form.text("title")?;
        // The end-to-end tests' way to an unexpected error (feature `e2e` only).
        #[cfg(feature = "e2e")]
        if ev.state.fault_title.as_deref() == Some(title.as_str()) {
            return Err(anyhow::anyhow!("injected fault (FAULT_INJECTION_TITLE)").into());
        }
        match Title::parse(&title) {
            Ok(valid) => {
                store::add(&ev.state.db, user.id, &valid).await?;
                success(TodoForm::default())
            }
            Err(message) => fail(
                422,
                TodoForm {
                    title,
                    error: Some(message.into()),
                    id: None,
                },
            ),
        }
    }

    /// Sets the todo to the `done` its Done button sends (the submitter's own
    /// `name=value`, spec A2), so a form sent twice, or again from a stale page,
    /// leaves it as the person saw it. Without `done` it flips.
    async fn toggle(ev: Event<AppState>) -> ActionResponse<TodoForm> {
        let user = user(&ev)?;
        let id = id(&ev)?;
        let updated = match ev.form.get("done")?.map(str::parse::<bool>) {
            Some(Ok(done)) => store::set_done(&ev.state.db, user.id, id, done).await?,
            Some(Err(_)) => {
                return Err(ActionError::new(
                    StatusCode::BAD_REQUEST,
                    "The field `done` must be true or false",
                ))
            }
            None => store::toggle(&ev.state.db, user.id, id).await?,
        };
        updated.ok_or_else(ActionError::not_found)?;
        success(TodoForm::default())
    }

    async fn delete(ev: Event<AppState>) -> ActionResponse<TodoForm> {
        let user = user(&ev)?;
        if !store::delete(&ev.state.db, user.id, id(&ev)?).await? {
            return Err(ActionError::not_found());
        }
        success(TodoForm::default())
    }

    async fn clear(ev: Event<AppState>) -> ActionResponse<TodoForm> {
        let user = user(&ev)?;
        store::clear_done(&ev.state.db, user.id).await?;
        success(TodoForm::default())
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
    let form = kit::use_form::<TodoForm>();
    view! {
        <Title text="Todos" />
        <h1>"Todos"</h1>
        <Transition>
            {move || Suspend::new(async move {
                match todos.await {
                    Ok(Some(list)) => view! { <TodoList list form /> }.into_any(),
                    Ok(None) => view! { <RequireLogin path="/todos" /> }.into_any(),
                    Err(error) => view! { <LoadFailed error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TodoList(list: Vec<Todo>, form: Signal<Option<TodoForm>>) -> impl IntoView {
    let left = list.iter().filter(|t| !t.done).count();
    let any_done = list.iter().any(|t| t.done);
    view! {
        <TodoEditor>
            {list.into_iter().map(|todo| view! { <TodoItem todo form /> }).collect_view()}
        </TodoEditor>
        <p>{format!("{left} {} left", if left == 1 { "item" } else { "items" })}</p>
        {any_done.then(|| view! { <ClearCompleted /> })}
    }
}

/// The Add form and the list, with an optimistic add (spec E6): the title shows
/// in the list as soon as Add is pressed, and goes when the server refuses it or
/// once the page shows the list again. An island, so this runs in the browser
/// too; the rows (`children`) are the server's HTML. Kept as it is when the page
/// changes around it, so what is typed in Title survives actions on other forms.
#[island]
fn TodoEditor(children: Children) -> impl IntoView {
    let form = kit::use_form::<TodoForm>();
    let add_form = Signal::derive(move || form.get().filter(|f| f.id.is_none()));
    let add_error = move || add_form.get().and_then(|f| f.error);

    let optimistic = RwSignal::new(None::<String>);
    let enhance = Enhance::new(move |submit| {
        optimistic.set(submit.get("title").map(|t| t.trim().to_owned()));
        Some(kit::after(move |result, update| async move {
            if !matches!(result, ActionResult::Success { .. }) {
                optimistic.set(None);
            }
            update.apply().await;
            optimistic.set(None);
        }))
    });

    view! {
        <EnhancedForm action="?/add" label="Add todo" enhance novalidate=true>
            <div class="field">
                <label for="title">"Title"</label>
                <input
                    id="title"
                    name="title"
                    autocomplete="off"
                    value=move || add_form.get().map(|f| f.title).unwrap_or_default()
                    aria-invalid=move || add_error().map(|_| "true")
                    aria-describedby=move || add_error().map(|_| "title-error")
                    autofocus=move || add_error().is_some()
                />
                {move || add_error().map(|e| view! { <p id="title-error" class="error" role="alert">{e}</p> })}
            </div>
            <button type="submit">"Add"</button>
        </EnhancedForm>
        <ul aria-label="Todo list">
            {children()}
            {move || {
                optimistic
                    .get()
                    .map(|title| view! { <li class="pending" aria-busy="true">{title}</li> })
            }}
        </ul>
    }
}

/// One form per todo, named by its title: Done posts `?/toggle`, Delete `?/delete`.
/// The row's id keeps it (and focus in it) when rows before it come or go.
#[component]
fn TodoItem(todo: Todo, form: Signal<Option<TodoForm>>) -> impl IntoView {
    let id = todo.id;
    let error = move || {
        form.get()
            .filter(|f| f.id == Some(id))
            .and_then(|f| f.error)
    };
    view! {
        <li id=format!("todo-{id}") class:done=todo.done>
            <EnhancedForm action="?/toggle" label=todo.title.clone() reset=Reset::Never>
                <input type="hidden" name="id" value=id.to_string() />
                <span class="title">{todo.title}</span>
                <button
                    type="submit"
                    name="done"
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
/// decodes it into `TodoForm` with the typed decoder, and applies it to the page
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
                let result = kit::fetch_action::<TodoForm>(&form.action(), &data).await;
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
