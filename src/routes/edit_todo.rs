//! `/todos/{id}`: edit one todo, a typed form with every field kind (spec F2–F8)
//! and a list of subtasks (spec P1). Named actions `save` and `delete`; both go
//! back to `/todos` with a flash message. A failure of `save` shows the error
//! summary. The Subtasks' Add and Remove buttons need no action of their own:
//! without JavaScript the layer answers them with the form one row more or
//! fewer, and with it they work in the page. A second form, Attachments
//! (spec U1-U7), uploads files (`attach`); each file has its Remove form
//! (`detach`).

use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::todos::Todos;
use crate::auth::RequireLogin;
use crate::i18n::{lang, t, Text};
use crate::kit::{self, prelude::*};
#[cfg(feature = "ssr")]
use crate::state::AppState;
use crate::todos::{AttachFiles, Attachment, Detach, EditTodo as EditTodoForm, Todo};
use crate::ui::{ErrorPage, NotFound};

/// What the load finds at `/todos/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Found {
    Todo(Todo),
    /// No such todo, or another user's: the page answers 404.
    Missing,
    LoggedOut,
}

/// The load: the user's todo `id`. Server only.
#[kit::load]
pub async fn load_todo(id: String) -> Result<Found, kit::PageError> {
    use crate::{auth::User, kit::server, todos::store};
    let Some(user) = server::locals().get::<User>() else {
        return Ok(Found::LoggedOut);
    };
    // An id that is not a number names no todo.
    let Ok(id) = id.parse::<i64>() else {
        return Ok(Found::Missing);
    };
    let state = expect_context::<AppState>();
    let todo = store::get(&state.db, user.id, id).await?;
    Ok(todo.map_or(Found::Missing, Found::Todo))
}

route!(
    /// The page at `/todos/{id}`.
    pub EditTodo = "/todos/{id}"
);

/// The user and the todo of the URL; logged out is the redirect to log in
/// (and back here), a todo that is not theirs a 404.
#[cfg(feature = "ssr")]
async fn todo(ev: &Event<AppState>) -> Result<(crate::auth::User, Todo), Stop> {
    let raw = ev.param("id").unwrap_or_default();
    let Some(user) = ev.locals.get::<crate::auth::User>() else {
        return Err(Stop::redirect(crate::auth::login_url(&format!(
            "/todos/{raw}"
        ))));
    };
    let id = raw.parse::<i64>().map_err(|_| Stop::not_found())?;
    let todo = crate::todos::store::get(&ev.state.db, user.id, id).await?;
    Ok((user, todo.ok_or_else(Stop::not_found)?))
}

/// Saves the todo and its subtasks, and goes back to the list with a flash
/// message.
#[action(EditTodo)]
pub async fn save(ev: Event<AppState>, edit: EditTodoForm) -> Result<(), Stop> {
    let (user, todo) = todo(&ev).await?;
    let saved = crate::todos::store::update(&ev.state.db, user.id, todo.id, &edit).await?;
    let saved = saved.ok_or_else(Stop::not_found)?;
    let title = saved.title;
    Err(Stop::redirect(Todos::PATH).flash(t(Text::Saved { title })))
}

/// Deletes the todo (its fields need not be valid), and goes back to the list.
#[action(EditTodo)]
pub async fn delete(ev: Event<AppState>) -> Result<(), Stop> {
    let (user, todo) = todo(&ev).await?;
    crate::attachments::delete_todo(&ev.state, user.id, todo.id)
        .await?
        .ok_or_else(Stop::not_found)?;
    let title = todo.title;
    Err(Stop::redirect(Todos::PATH).flash(t(Text::Deleted { title })))
}

/// Attaches the files sent (each already checked: size, type, count, spec
/// U3), at most 10 per todo, and comes back here with a flash message.
#[action(EditTodo)]
pub async fn attach(ev: Event<AppState>, form: AttachFiles) -> Result<(), Stop> {
    let (_, todo) = todo(&ev).await?;
    if todo.attachments.len() + form.files.len() > crate::todos::MAX_ATTACHMENTS {
        return Err(Rejected::of(&form)
            .issue(AttachFiles::names().files, t(Text::TooManyAttachments))
            .into());
    }
    let added = crate::attachments::add(&ev.state, todo.id, &form.files).await?;
    let n = u64::try_from(added.len()).unwrap_or(0);
    let message = t(Text::Attached(crate::i18n::count(lang(), n)));
    Err(Stop::redirect(format!("/todos/{}", todo.id)).flash(message))
}

/// Removes one file (its row and its stored object), and comes back here.
#[action(EditTodo)]
pub async fn detach(ev: Event<AppState>, form: Detach) -> Result<(), Stop> {
    let (user, todo) = todo(&ev).await?;
    let (file, object) =
        crate::todos::store::detach(&ev.state.db, user.id, todo.id, form.attachment)
            .await?
            .ok_or_else(Stop::not_found)?;
    crate::attachments::forget(&ev.state.storage, &[object]).await;
    let name = file.name;
    Err(Stop::redirect(format!("/todos/{}", todo.id)).flash(t(Text::Removed { name })))
}

/// The page: its path, its view and its actions, in the app's one page table
/// (`routes::pages`). Server only.
#[cfg(feature = "ssr")]
pub fn page() -> PageRoute<AppState, EditTodo> {
    PageRoute::new(EditTodo, EditTodoPage)
        .action(save)
        .action(delete)
        .action(attach)
        .action(detach)
}

#[component]
pub fn EditTodoPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let found = kit::load(id, load_todo);
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(Found::Todo(todo)) => view! { <EditForm todo /> }.into_any(),
                    Ok(Found::Missing) => view! { <NotFound /> }.into_any(),
                    Ok(Found::LoggedOut) => {
                        view! { <RequireLogin path=format!("/todos/{}", id()) /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form, showing the todo, or what was sent and the issues after a failed save.
#[component]
fn EditForm(todo: Todo) -> impl IntoView {
    let (save, delete) = (use_action(save), use_action(delete));
    let files = todo.attachments.clone();
    let todo_id = todo.id;
    let form = save.form().initial(todo.edit_values());
    let f = form.fields();
    view! {
        <Title text=form.title(t(Text::EditTodo)) />
        <Meta name="description" content=t(Text::EditDescription) />
        <h1>{t(Text::EditTodo)}</h1>
        // Leaving with edits not saved asks first (spec P4).
        <ActionForm action=save label=t(Text::EditTodo) guard=true>
            <ErrorSummary form />
            <FormField field=f.title />
            <FormField field=f.notes />
            <FormField field=f.due />
            <FormField field=f.priority />
            <FormField field=f.estimate />
            <FormField field=f.done />
            <FormField field=f.tags />
            <FormRows
                rows=f.subtasks
                add=t(Text::AddSubtask)
                remove=t(Text::RemoveSubtask)
                let:row
            >
                <FormField field=row.title />
                <FormField field=row.done />
            </FormRows>
            <div class="buttons">
                <button type="submit">{t(Text::Save)}</button>
                // Deleting needs no valid fields.
                <button type="submit" formaction=delete.url() formnovalidate=true>
                    {t(Text::Delete)}
                </button>
            </div>
        </ActionForm>
        <Attachments todo_id files />
        <p>
            <a href=Todos::PATH>{t(Text::BackToList)}</a>
        </p>
    }
}

/// The todo's files, each a download link with its size and a Remove form,
/// and the form that uploads more (spec U1). Without JavaScript, a refused
/// upload shows its issue under the field, and the files must be chosen again.
#[component]
fn Attachments(todo_id: i64, files: Vec<Attachment>) -> impl IntoView {
    let (attach, detach) = (use_action(attach), use_action(detach));
    let form = attach.form();
    let f = form.fields();
    let any = !files.is_empty();
    let rows = files
        .into_iter()
        .map(|file| {
            let href = format!("/todos/{todo_id}/attachments/{}", file.id);
            let size = file.size_text(lang());
            view! {
                <li id=format!("attachment-{}", file.id)>
                    <a href=href download="">{file.name.clone()}</a>
                    " "
                    <span class="size">{size}</span>
                    <ActionForm action=detach label=t(Text::RemoveFile { name: file.name.clone() })>
                        <input type="hidden" name="attachment" value=file.id />
                        <button type="submit">{t(Text::Remove)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{t(Text::Attachments)}</h2>
            {any.then(|| view! { <ul class="attachments">{rows}</ul> })}
            <ActionForm action=attach label=t(Text::Attachments)>
                <FormField field=f.files />
                <button type="submit">{t(Text::Upload)}</button>
            </ActionForm>
        </section>
    }
}
