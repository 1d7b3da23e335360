//! `/todos`: named actions `add`, `toggle`, `delete` and `clear`; several forms on
//! one page; an optimistic add (spec E6) and a custom submit listener (E7, E8),
//! each in an island.

use crate::auth::RequireLogin;
use crate::i18n::{count, date, lang, t, Text};
use crate::kit::fields::Choice;
use crate::kit::prelude::*;
use crate::kit::{self, ActionResult, Enhance};
#[cfg(feature = "ssr")]
use crate::state::AppState;
use crate::todos::{AddTodo, Priority, TodoSummary};
use crate::ui::ErrorPage;

/// The form of each row (Done and Delete): one instance per todo, told apart by
/// its `id` (spec F7), so a refused toggle shows in its own row only.
#[derive(Debug, Form)]
#[form(name = "row", key = "id", status = 400)]
pub struct TodoRow {
    #[field(hidden, required = Text::IdRequired)]
    pub id: String,
    /// Sent by the Done button: the state it asks for. Without it, Done flips.
    #[field(hidden, invalid = Text::DoneTrueOrFalse)]
    pub done: Option<bool>,
}

/// The load: the user's todos as the list shows them, `None` when nobody is
/// logged in. Server only.
#[kit::load]
pub async fn load_todos() -> Result<Option<Vec<TodoSummary>>, kit::PageError> {
    use crate::{auth::User, kit::server, todos::store};
    let Some(user) = server::locals().get::<User>() else {
        return Ok(None);
    };
    let state = expect_context::<AppState>();
    Ok(Some(store::summaries(&state.db, user.id).await?))
}

route!(
    /// The page at `/todos`.
    pub Todos = "/todos"
);

/// The logged-in user, or the redirect to log in (and back here).
#[cfg(feature = "ssr")]
fn user(ev: &Event<AppState>) -> Result<crate::auth::User, Stop> {
    ev.locals
        .get::<crate::auth::User>()
        .ok_or_else(|| Stop::redirect(crate::auth::login_url(Todos::PATH)))
}

/// The row's todo: an id that is not a number names no todo, a 404 as one of
/// another user's.
#[cfg(feature = "ssr")]
fn todo_id(row: &TodoRow) -> Result<i64, Stop> {
    row.id.trim().parse().map_err(|_| Stop::not_found())
}

/// Adds a todo.
#[action(Todos)]
pub async fn add(ev: Event<AppState>, form: AddTodo) -> Result<(), Stop> {
    let user = user(&ev)?;
    // The end-to-end tests' way to an unexpected error (feature `e2e` only).
    #[cfg(feature = "e2e")]
    if ev.state.fault_title.as_deref() == Some(form.title.as_str()) {
        return Err(anyhow::anyhow!("injected fault (FAULT_INJECTION_TITLE)").into());
    }
    crate::todos::store::add(&ev.state.db, user.id, &form.title).await?;
    Ok(())
}

/// Sets the todo to the `done` its Done button sends (the submitter's own
/// `name=value`, spec A2), so a form sent twice, or again from a stale page,
/// leaves it as the person saw it. Without `done` it flips. An id that names
/// no todo of theirs is a 404.
#[action(Todos)]
pub async fn toggle(ev: Event<AppState>, row: TodoRow) -> Result<(), Stop> {
    use crate::todos::store;
    let user = user(&ev)?;
    let db = &ev.state.db;
    let id = todo_id(&row)?;
    let updated = match row.done {
        Some(done) => store::set_done(db, user.id, id, done).await?,
        None => store::toggle(db, user.id, id).await?,
    };
    updated.ok_or_else(Stop::not_found)?;
    Ok(())
}

/// Deletes the todo of the row.
#[action(Todos)]
pub async fn delete(ev: Event<AppState>, row: TodoRow) -> Result<(), Stop> {
    let user = user(&ev)?;
    crate::attachments::delete_todo(&ev.state, user.id, todo_id(&row)?)
        .await?
        .ok_or_else(Stop::not_found)?;
    Ok(())
}

/// Deletes every done todo.
#[action(Todos)]
pub async fn clear(ev: Event<AppState>) -> Result<(), Stop> {
    let user = user(&ev)?;
    crate::attachments::clear_done(&ev.state, user.id).await?;
    Ok(())
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<AppState, Todos> {
    PageRoute::new(Todos, TodosPage)
        .action(add)
        .action(toggle)
        .action(delete)
        .action(clear)
        // JSON on the page's own path: POST /todos {"title":…} creates a todo.
        .endpoint(axum::routing::post(crate::api::create))
}

#[component]
pub fn TodosPage() -> impl IntoView {
    let todos = kit::load(|| (), |_| load_todos());
    view! {
        <Title text=t(Text::Todos) />
        <Meta name="description" content=t(Text::TodosDescription) />
        <h1>{t(Text::Todos)}</h1>
        <Transition>
            {move || Suspend::new(async move {
                // Loaded: nothing left to wait for, so the list is written
                // into the page at once (kit::at_once), not element by element.
                kit::at_once(match todos.await {
                    Ok(Some(list)) => view! { <TodoList list /> }.into_any(),
                    Ok(None) => view! { <RequireLogin path="/todos" /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                })
            })}
        </Transition>
    }
}

#[component]
fn TodoList(list: Vec<TodoSummary>) -> impl IntoView {
    let left = list.iter().filter(|t| !t.done).count() as u64;
    let any_done = list.iter().any(|t| t.done);
    // The island's texts come from here, in the request's language: the
    // browser then needs no translations to render them (spec L3).
    let texts = EditorTexts {
        add_todo: t(Text::AddTodo),
        add: t(Text::Add),
        adding: t(Text::Adding),
    };
    view! {
        <TodoEditor texts>
            <ul aria-label=t(Text::TodoList) data-todo-list="">
                {list.into_iter().map(|todo| view! { <TodoItem todo /> }).collect_view()}
            </ul>
        </TodoEditor>
        // "1 item left", "2 items left", "残り 2 件": ICU4X's plural rules (spec L5).
        <p>{t(Text::ItemsLeft(count(lang(), left)))}</p>
        {any_done.then(|| view! { <ClearCompleted label=t(Text::ClearCompleted) /> })}
    }
}

/// The texts of the Add form, rendered by the server in the request's
/// language and handed to the island with its props.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EditorTexts {
    add_todo: String,
    add: String,
    adding: String,
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
fn TodoEditor(texts: EditorTexts, children: Children) -> impl IntoView {
    let add = use_action(add);
    let enhance = Enhance::new(move |submit| {
        let title = submit.get("title").map(|t| t.trim().to_owned());
        let row = title.and_then(|title| pending_row(&submit.form, &title));
        // The row shows at once, so Title empties at once: what is typed next
        // is never reset by the answer, and a refusal gives the title back
        // (spec R2).
        submit.reset();
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
        <ActionForm action=add label=texts.add_todo enhance novalidate=true>
            <FormField field=add.fields().title />
            // "Adding…" only once the answer is slow (spec P5, the form's
            // `data-kit-busy`): a fast one does not flicker.
            <button type="submit">
                <span class="idle">{texts.add}</span>
                <span class="busy">{texts.adding}</span>
            </button>
        </ActionForm>
        {children()}
    }
}

/// Adds the pending row `<li class="pending" aria-busy="true">` to the end of
/// the list beside `form`, and returns it.
fn pending_row(form: &web_sys::HtmlFormElement, title: &str) -> Option<web_sys::Element> {
    let list = form
        .closest("leptos-island")
        .ok()??
        .query_selector("ul[data-todo-list]")
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
    let (toggle, delete) = (use_action(toggle), use_action(delete));
    let row = toggle.form().also(&delete).key(id);
    let f = row.fields();
    let error = move || f.done.issue().or_else(|| row.message());
    // The date as the request's language writes it (ICU4X, spec L5).
    let due = todo.due.map(|due| {
        let (datetime, text) = (due.to_string(), date(lang(), due));
        view! { <span class="due">{t(Text::Due)} " " <time datetime=datetime>{text}</time></span> }
    });
    let priority = (todo.priority != Priority::Normal).then(|| {
        let priority = todo.priority.label().into_owned();
        view! { <span class="priority">{t(Text::PriorityIs { priority })}</span> }
    });
    // A paperclip count, when it has files (spec U1).
    let files = (todo.attachments > 0).then(|| {
        let n = u64::try_from(todo.attachments).unwrap_or(0);
        view! {
            <span class="attachments">
                <span aria-hidden="true">"📎"</span>
                " "
                {t(Text::AttachmentCount(count(lang(), n)))}
            </span>
        }
    });
    view! {
        <li id=format!("todo-{id}") class:done=todo.done>
            <ActionForm action=toggle label=title.clone() reset=Reset::Never>
                <input type="hidden" name=f.id.name() value=id.to_string() />
                <a class="title" href=format!("/todos/{id}")>{title}</a>
                {due}
                {priority}
                {files}
                <button
                    type="submit"
                    name=f.done.name()
                    value=(!todo.done).to_string()
                    aria-pressed=todo.done.to_string()
                >
                    {t(Text::Done)}
                </button>
                <button type="submit" formaction=delete.url()>
                    {t(Text::Delete)}
                </button>
                {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </ActionForm>
        </li>
    }
}

/// A form posted by its own listener (spec E8): it asks for the result as JSON,
/// decodes it with the typed decoder, and applies it to the page
/// (spec E7). Written by hand, so it puts in its submission token itself. An island, for the listener; without JavaScript a plain form.
#[island]
fn ClearCompleted(
    /// Its name and its button's text, in the page's language.
    label: String,
) -> impl IntoView {
    let clear = use_action(clear);
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
    let name = label.clone();
    view! {
        <form method="post" action=clear.url() aria-label=name on:submit=on_submit>
            // Single-use, as every form of an action (spec P3).
            <SubmissionToken />
            <button type="submit">{label}</button>
        </form>
    }
}
