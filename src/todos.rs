//! The demo's todos: the shared type, the rules for a title, and the queries.
//!
//! `Todo` is shared by both sides; `Title` and `store` are server only, and are
//! used by the `/todos` actions and by the JSON API alike, so both apply the same
//! rules with the same messages.

use serde::{Deserialize, Serialize};

use crate::i18n::{Msg, Text};
use crate::kit::fields::{Choice, Date, Echo, FieldValue, Form, Kind, Rules, Upload};

/// A todo, as pages and the JSON API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    pub done: bool,
    pub notes: Option<String>,
    /// `YYYY-MM-DD` in JSON.
    pub due: Option<Date>,
    pub priority: Priority,
    /// Hours, 0 to 999.
    pub estimate: Option<u16>,
    pub tags: Vec<Tag>,
    /// Its subtasks, in order.
    pub subtasks: Vec<Subtask>,
    /// Its files (spec U1), in the order they were attached.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file attached to a todo: `{"id": 1, "name": "…", "size": 1234, "type":
/// "image/png"}` in JSON. Where it is stored is the server's only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    /// The name the file was sent with: shown, never a path.
    pub name: String,
    /// In bytes.
    pub size: i64,
    #[serde(rename = "type")]
    pub content_type: String,
}

impl Attachment {
    /// Its size as the page shows it in `lang`: `512 bytes`, `12 KB`, `1.2 MB`
    /// (units of 1000, one decimal under 10).
    pub fn size_text(&self, lang: crate::i18n::Lang) -> String {
        let size = self.size.max(0) as f64;
        let (value, unit) = if size < 1000.0 {
            let n = u64::try_from(self.size).unwrap_or(0);
            return Text::SizeBytes(crate::i18n::count(lang, n))
                .in_lang(lang)
                .into_owned();
        } else if size < 1000.0 * 1000.0 {
            (size / 1000.0, "KB")
        } else if size < 1000.0 * 1000.0 * 1000.0 {
            (size / 1_000_000.0, "MB")
        } else {
            (size / 1_000_000_000.0, "GB")
        };
        if value < 10.0 {
            format!("{:.1} {unit}", (value * 10.0).floor() / 10.0)
        } else {
            format!("{} {unit}", value.floor())
        }
    }
}

/// A step of a todo: `{"title": "…", "done": false}` in JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subtask {
    pub title: String,
    pub done: bool,
}

/// What the list of todos shows of each: read with only these columns, since
/// a list page renders many and the rest (notes, estimate, tags) only on the
/// edit page and in the JSON API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoSummary {
    pub id: i64,
    pub title: String,
    pub done: bool,
    pub due: Option<Date>,
    pub priority: Priority,
    /// How many files it has (a paperclip count on the list).
    #[serde(default)]
    pub attachments: i64,
}

/// The files a todo may have at most (spec U1): one submission's limit too.
pub const MAX_ATTACHMENTS: usize = 10;

/// The Attachments form of `/todos/{id}` (spec U1-U3): several files at once,
/// each a PNG, JPEG, PDF or plain text of at most 5 MB.
#[derive(Debug, Form)]
#[form(name = "attach")]
pub struct AttachFiles {
    #[field(
        label = Text::AttachFiles,
        accept = "image/png,image/jpeg,application/pdf,text/plain",
        wrong_type = Text::ChooseFileType,
        max_size = 5_000_000,
        too_large = Text::FileTooLarge,
        max_files = 10,
        too_many = Text::TooManyAttachments,
        required = Text::ChooseFile
    )]
    pub files: Vec<Upload>,
}

/// The body of `POST /api/todos/{id}/attachments`: one file, `file`, with the
/// Attachments form's rules and messages.
#[derive(Debug, Form)]
#[form(name = "attachment")]
pub struct AttachFile {
    #[field(
        label = Text::File,
        accept = "image/png,image/jpeg,application/pdf,text/plain",
        wrong_type = Text::ChooseFileType,
        max_size = 5_000_000,
        too_large = Text::FileTooLarge,
        required = Text::ChooseFile
    )]
    pub file: Upload,
}

/// The Remove form of an attachment: one per row, told apart by its id.
#[derive(Debug, Form)]
#[form(name = "detach", key = "attachment")]
pub struct Detach {
    #[field(hidden, invalid = Text::AttachmentIdNumber)]
    pub attachment: i64,
}

/// How much a todo matters: a select on the edit page, `"low"`, `"normal"` or
/// `"high"` in JSON and in the database.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Choice)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[choice(label = Text::Low)]
    Low,
    #[default]
    #[choice(label = Text::Normal)]
    Normal,
    #[choice(label = Text::High)]
    High,
}

/// A todo's tags: repeated checkboxes on the edit page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Choice)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    #[choice(label = Text::TagHome)]
    Home,
    #[choice(label = Text::TagWork)]
    Work,
    #[choice(label = Text::TagErrand)]
    Errand,
}

/// A todo's title: trimmed, not empty, at most 200 characters. The same rules,
/// and texts, for the Add form, the edit page and the JSON API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub const MAX_CHARS: u32 = 200;
    const REQUIRED: Msg = Msg::App(&Text::TitleRequired);
    const TOO_LONG: Msg = Msg::App(&Text::TitleTooLong);

    pub fn parse(input: &str) -> Result<Self, Msg> {
        let title = input.trim();
        if title.is_empty() {
            return Err(Self::REQUIRED);
        }
        if title.chars().count() > Self::MAX_CHARS as usize {
            return Err(Self::TOO_LONG);
        }
        Ok(Self(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A title is a form field with its rules as HTML constraints (`required`,
/// `maxlength="200"`), so the browser checks them before the server does.
impl FieldValue for Title {
    const KIND: Kind = Kind::TEXT.with_rules(Rules {
        required: Some(Self::REQUIRED),
        max_length: Some((Self::MAX_CHARS, Self::TOO_LONG)),
        ..Rules::NONE
    });

    fn parse(raw: &str) -> Result<Self, Msg> {
        Title::parse(raw)
    }

    fn echo(&self, out: &mut Vec<String>) {
        out.push(self.0.clone());
    }
}
impl Echo for Title {}

/// The Add form of `/todos` (and the body of `POST /api/todos`).
#[derive(Debug, Form)]
#[form(name = "add")]
pub struct AddTodo {
    #[field(label = Text::Title, autocomplete = "off")]
    pub title: Title,
}

/// A row of the edit form's Subtasks (spec P1): its fields are labelled
/// "Subtask 2" and "Subtask 2 done", and its issues say "Subtask 2: Title is
/// required". The title has the rules and texts of a todo's.
#[derive(Debug, Form)]
#[form(name = "subtask")]
pub struct EditSubtask {
    #[field(label = Text::SubtaskTitle)]
    pub title: Title,
    #[field(label = Text::SubtaskDone)]
    pub done: bool,
}

/// The edit form of `/todos/{id}` (and the body of `PATCH /api/todos/{id}`,
/// over the todo's current values). A failure shows the error summary.
#[derive(Debug, Form)]
#[form(name = "edit", summary)]
pub struct EditTodo {
    #[field(label = Text::Title)]
    pub title: Title,
    #[field(
        label = Text::Notes,
        textarea,
        max_length = 2000,
        too_long = Text::NotesTooLong
    )]
    pub notes: Option<String>,
    #[field(label = Text::Due, invalid = Text::EnterRealDate)]
    pub due: Option<Date>,
    #[field(label = Text::Priority, invalid = Text::ChoosePriority)]
    pub priority: Priority,
    #[field(
        label = Text::Estimate,
        min = 0,
        max = 999,
        invalid = Text::EstimateRange,
        out_of_range = Text::EstimateRange
    )]
    pub estimate: Option<u16>,
    #[field(label = Text::Done)]
    pub done: bool,
    #[field(label = Text::Tags, invalid = Text::ChooseTags)]
    pub tags: Vec<Tag>,
    #[field(
        rows,
        label = Text::Subtasks,
        row = Text::SubtaskRow,
        max_rows = 20,
        too_many = Text::TooManySubtasks
    )]
    pub subtasks: Vec<EditSubtask>,
}

impl Todo {
    /// The todo as its edit form shows it.
    pub fn edit_values(&self) -> crate::kit::fields::Values {
        EditTodo {
            title: Title(self.title.clone()),
            notes: self.notes.clone(),
            due: self.due,
            priority: self.priority,
            estimate: self.estimate,
            done: self.done,
            tags: self.tags.clone(),
            subtasks: self
                .subtasks
                .iter()
                .map(|s| EditSubtask {
                    title: Title(s.title.clone()),
                    done: s.done,
                })
                .collect(),
        }
        .values()
    }

    /// The tags as the database keeps them: their values, comma-separated.
    pub fn tags_text(tags: &[Tag]) -> String {
        tags.iter().map(Choice::value).collect::<Vec<_>>().join(",")
    }
}

/// The queries, always scoped to one user: another user's id is simply not found.
/// Every value is bound as a parameter (spec B3).
#[cfg(feature = "ssr")]
pub mod store {
    use std::collections::HashMap;

    use super::{Attachment, EditTodo, Priority, Subtask, Tag, Title, Todo, TodoSummary};
    use crate::db::{now, Db};
    use crate::kit::fields::{Choice, Date};

    /// A row of `todos`, as the Any driver decodes it on both databases.
    type Row = (
        i64,
        String,
        i64,
        Option<String>,
        Option<String>,
        String,
        Option<i64>,
        String,
    );
    const COLUMNS: &str = "id, title, done, notes, due, priority, estimate, tags";

    /// A row of `todos` as the list shows it.
    type SummaryRow = (i64, String, i64, Option<String>, String);
    const SUMMARY_COLUMNS: &str = "id, title, done, due, priority";

    /// A row as a todo, without its subtasks (read apart). The columns are only
    /// written from checked values, so a value that does not read back (edited
    /// by hand) is shown as unset.
    fn todo((id, title, done, notes, due, priority, estimate, tags): Row) -> Todo {
        Todo {
            id,
            title,
            done: done != 0,
            notes,
            due: due.and_then(|d| d.parse::<Date>().ok()),
            priority: Priority::from_value(&priority).unwrap_or_default(),
            estimate: estimate.and_then(|e| u16::try_from(e).ok()),
            tags: tags.split(',').filter_map(Tag::from_value).collect(),
            subtasks: Vec::new(),
            attachments: Vec::new(),
        }
    }

    fn summary((id, title, done, due, priority): SummaryRow) -> TodoSummary {
        TodoSummary {
            id,
            title,
            done: done != 0,
            due: due.and_then(|d| d.parse::<Date>().ok()),
            priority: Priority::from_value(&priority).unwrap_or_default(),
            attachments: 0,
        }
    }

    /// The user's todos with their subtasks: two queries, whatever their number.
    pub async fn list(db: &Db, user_id: i64) -> anyhow::Result<Vec<Todo>> {
        let sql = format!("SELECT {COLUMNS} FROM todos WHERE user_id = $1 ORDER BY id");
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(db.read())
            .await?;
        let subtasks: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT s.todo_id, s.title, s.done FROM subtasks s \
             JOIN todos t ON t.id = s.todo_id \
             WHERE t.user_id = $1 ORDER BY s.todo_id, s.position",
        )
        .bind(user_id)
        .fetch_all(db.read())
        .await?;
        let mut by_todo: HashMap<i64, Vec<Subtask>> = HashMap::new();
        for (todo_id, title, done) in subtasks {
            by_todo.entry(todo_id).or_default().push(Subtask {
                title,
                done: done != 0,
            });
        }
        let attachments: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
            "SELECT a.todo_id, a.id, a.name, a.size, a.content_type FROM attachments a \
             JOIN todos t ON t.id = a.todo_id WHERE t.user_id = $1 ORDER BY a.todo_id, a.id",
        )
        .bind(user_id)
        .fetch_all(db.read())
        .await?;
        let mut files: HashMap<i64, Vec<Attachment>> = HashMap::new();
        for (todo_id, id, name, size, content_type) in attachments {
            let file = attachment((id, name, size, content_type));
            files.entry(todo_id).or_default().push(file);
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let mut todo = todo(row);
                todo.subtasks = by_todo.remove(&todo.id).unwrap_or_default();
                todo.attachments = files.remove(&todo.id).unwrap_or_default();
                todo
            })
            .collect())
    }

    /// The user's todos as the list shows them (`TodoSummary`), in order.
    pub async fn summaries(db: &Db, user_id: i64) -> anyhow::Result<Vec<TodoSummary>> {
        // The attachment count in the same query: this is every GET /todos.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, \
             (SELECT COUNT(*) FROM attachments a WHERE a.todo_id = todos.id) \
             FROM todos WHERE user_id = $1 ORDER BY id"
        );
        let rows: Vec<(i64, String, i64, Option<String>, String, i64)> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(db.read())
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, title, done, due, priority, attachments)| TodoSummary {
                    attachments,
                    ..summary((id, title, done, due, priority))
                },
            )
            .collect())
    }

    /// A todo's subtasks, in order.
    async fn subtasks_of(
        db: impl sqlx::Executor<'_, Database = sqlx::Any>,
        todo_id: i64,
    ) -> anyhow::Result<Vec<Subtask>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT title, done FROM subtasks WHERE todo_id = $1 ORDER BY position")
                .bind(todo_id)
                .fetch_all(db)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(title, done)| Subtask {
                title,
                done: done != 0,
            })
            .collect())
    }

    /// One todo with its subtasks; `None` when it does not exist or is someone
    /// else's.
    pub async fn get(db: &Db, user_id: i64, id: i64) -> anyhow::Result<Option<Todo>> {
        let sql = format!("SELECT {COLUMNS} FROM todos WHERE id = $1 AND user_id = $2");
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.read())
            .await?;
        let Some(mut todo) = row.map(todo) else {
            return Ok(None);
        };
        todo.subtasks = subtasks_of(db.read(), todo.id).await?;
        todo.attachments = attachments_of(db, todo.id).await?;
        Ok(Some(todo))
    }

    /// A row of `attachments`, as a todo shows it.
    type AttachmentRow = (i64, String, i64, String);

    fn attachment((id, name, size, content_type): AttachmentRow) -> Attachment {
        Attachment {
            id,
            name,
            size,
            content_type,
        }
    }

    /// A todo's files, in the order they were attached.
    pub async fn attachments_of(db: &Db, todo_id: i64) -> anyhow::Result<Vec<Attachment>> {
        let rows: Vec<AttachmentRow> = sqlx::query_as(
            "SELECT id, name, size, content_type FROM attachments WHERE todo_id = $1 ORDER BY id",
        )
        .bind(todo_id)
        .fetch_all(db.read())
        .await?;
        Ok(rows.into_iter().map(attachment).collect())
    }

    /// Records a file kept in the store as `object`, for the todo `todo_id`
    /// (whose owner the caller checked).
    pub async fn attach(
        db: &Db,
        todo_id: i64,
        object: &str,
        name: &str,
        size: u64,
        content_type: &str,
    ) -> anyhow::Result<Attachment> {
        let row: AttachmentRow = sqlx::query_as(
            "INSERT INTO attachments (todo_id, object_id, name, size, content_type, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, size, content_type",
        )
        .bind(todo_id)
        .bind(object)
        .bind(name)
        .bind(i64::try_from(size)?)
        .bind(content_type)
        .bind(now())
        .fetch_one(db.write())
        .await?;
        Ok(attachment(row))
    }

    /// A file of the user's todo `todo_id`, and where it is stored; `None`
    /// when it is not theirs or not there.
    pub async fn attachment_of(
        db: &Db,
        user_id: i64,
        todo_id: i64,
        id: i64,
    ) -> anyhow::Result<Option<(Attachment, String)>> {
        let row: Option<(i64, String, i64, String, String)> = sqlx::query_as(
            "SELECT a.id, a.name, a.size, a.content_type, a.object_id FROM attachments a \
             JOIN todos t ON t.id = a.todo_id \
             WHERE a.id = $1 AND a.todo_id = $2 AND t.user_id = $3",
        )
        .bind(id)
        .bind(todo_id)
        .bind(user_id)
        .fetch_optional(db.read())
        .await?;
        Ok(row.map(|(id, name, size, content_type, object)| {
            (attachment((id, name, size, content_type)), object)
        }))
    }

    /// Deletes a file's row, and says which file and where it is stored (the
    /// caller deletes the object); `None` when it is not the user's.
    pub async fn detach(
        db: &Db,
        user_id: i64,
        todo_id: i64,
        id: i64,
    ) -> anyhow::Result<Option<(Attachment, String)>> {
        let row: Option<(i64, String, i64, String, String)> = sqlx::query_as(
            "DELETE FROM attachments WHERE id = $1 AND todo_id = $2 \
             AND todo_id IN (SELECT id FROM todos WHERE user_id = $3) \
             RETURNING id, name, size, content_type, object_id",
        )
        .bind(id)
        .bind(todo_id)
        .bind(user_id)
        .fetch_optional(db.write())
        .await?;
        Ok(row.map(|(id, name, size, content_type, object)| {
            (attachment((id, name, size, content_type)), object)
        }))
    }

    /// Where the files of the user's todo `todo_id` are stored, or with
    /// `None`, of their done todos: what deleting them leaves behind.
    pub async fn objects_of(
        db: &Db,
        user_id: i64,
        todo_id: Option<i64>,
    ) -> anyhow::Result<Vec<String>> {
        let rows: Vec<(String,)> = match todo_id {
            Some(todo_id) => {
                sqlx::query_as(
                    "SELECT a.object_id FROM attachments a JOIN todos t ON t.id = a.todo_id \
                     WHERE t.id = $1 AND t.user_id = $2",
                )
                .bind(todo_id)
                .bind(user_id)
                .fetch_all(db.read())
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT a.object_id FROM attachments a JOIN todos t ON t.id = a.todo_id \
                     WHERE t.user_id = $1 AND t.done = 1",
                )
                .bind(user_id)
                .fetch_all(db.read())
                .await?
            }
        };
        Ok(rows.into_iter().map(|(object,)| object).collect())
    }

    /// Every stored file that has a row: what the sweep keeps.
    pub async fn all_objects(db: &Db) -> anyhow::Result<std::collections::HashSet<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT object_id FROM attachments")
            .fetch_all(db.read())
            .await?;
        Ok(rows.into_iter().map(|(object,)| object).collect())
    }

    /// A title as search compares it: lower-cased, in every script.
    fn folded(title: &str) -> String {
        title.to_lowercase()
    }

    /// The todos whose title contains `text`, ignoring case in any script. The
    /// database compares the folded title the server wrote (`title_folded`);
    /// a row written before that column existed has none, so it comes back too,
    /// and the titles are compared here (the same test: for the others it holds).
    pub async fn search(db: &Db, user_id: i64, text: &str) -> anyhow::Result<Vec<TodoSummary>> {
        let needle = folded(text);
        let pattern = format!("%{}%", escape_like(&needle));
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM todos WHERE user_id = $1 \
             AND (title_folded LIKE $2 ESCAPE '\\' OR title_folded IS NULL) ORDER BY id"
        );
        let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .bind(pattern)
            .fetch_all(db.read())
            .await?;
        Ok(rows
            .into_iter()
            .map(summary)
            .filter(|todo| folded(&todo.title).contains(&needle))
            .collect())
    }

    /// A new todo: not done, no subtasks.
    pub async fn add(db: &Db, user_id: i64, title: &Title) -> anyhow::Result<Todo> {
        let sql = format!(
            "INSERT INTO todos (user_id, title, done, created_at, title_folded) \
             VALUES ($1, $2, 0, $3, $4) RETURNING {COLUMNS}"
        );
        let row: Row = sqlx::query_as(&sql)
            .bind(user_id)
            .bind(title.as_str())
            .bind(now())
            .bind(folded(title.as_str()))
            .fetch_one(db.write())
            .await?;
        Ok(todo(row))
    }

    /// Saves every field of the edit form, its subtasks replaced by the form's,
    /// in one transaction; `None` when the todo does not exist or is someone
    /// else's.
    pub async fn update(
        db: &Db,
        user_id: i64,
        id: i64,
        edit: &EditTodo,
    ) -> anyhow::Result<Option<Todo>> {
        let sql = format!(
            "UPDATE todos SET title = $3, notes = $4, due = $5, priority = $6, \
             estimate = $7, done = $8, tags = $9, title_folded = $10 \
             WHERE id = $1 AND user_id = $2 RETURNING {COLUMNS}"
        );
        let mut tx = db.write().begin().await?;
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(id)
            .bind(user_id)
            .bind(edit.title.as_str())
            .bind(edit.notes.clone())
            .bind(edit.due.map(|d| d.to_string()))
            .bind(edit.priority.value())
            .bind(edit.estimate.map(i64::from))
            .bind(i64::from(edit.done))
            .bind(Todo::tags_text(&edit.tags))
            .bind(folded(edit.title.as_str()))
            .fetch_optional(&mut *tx)
            .await?;
        let Some(mut todo) = row.map(todo) else {
            return Ok(None);
        };
        sqlx::query("DELETE FROM subtasks WHERE todo_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // At most 20 rows (the form's limit): one statement each.
        for (position, subtask) in edit.subtasks.iter().enumerate() {
            sqlx::query(
                "INSERT INTO subtasks (todo_id, position, title, done) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(subtask.title.as_str())
            .bind(i64::from(subtask.done))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        todo.subtasks = edit
            .subtasks
            .iter()
            .map(|s| Subtask {
                title: s.title.as_str().to_owned(),
                done: s.done,
            })
            .collect();
        Ok(Some(todo))
    }

    /// Flips `done`; `None` when the todo does not exist or is someone else's.
    pub async fn toggle(db: &Db, user_id: i64, id: i64) -> anyhow::Result<Option<TodoSummary>> {
        let sql = format!(
            "UPDATE todos SET done = 1 - done WHERE id = $1 AND user_id = $2 \
             RETURNING {SUMMARY_COLUMNS}"
        );
        let row: Option<SummaryRow> = sqlx::query_as(&sql)
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.write())
            .await?;
        Ok(row.map(summary))
    }

    /// Sets `done`; `None` when the todo does not exist or is someone else's.
    pub async fn set_done(
        db: &Db,
        user_id: i64,
        id: i64,
        done: bool,
    ) -> anyhow::Result<Option<TodoSummary>> {
        let sql = format!(
            "UPDATE todos SET done = $3 WHERE id = $1 AND user_id = $2 \
             RETURNING {SUMMARY_COLUMNS}"
        );
        let row: Option<SummaryRow> = sqlx::query_as(&sql)
            .bind(id)
            .bind(user_id)
            .bind(i64::from(done))
            .fetch_optional(db.write())
            .await?;
        Ok(row.map(summary))
    }

    /// Deletes a todo (its subtasks with it), and says which; `None` when it
    /// does not exist or is someone else's.
    pub async fn delete(db: &Db, user_id: i64, id: i64) -> anyhow::Result<Option<TodoSummary>> {
        let sql =
            format!("DELETE FROM todos WHERE id = $1 AND user_id = $2 RETURNING {SUMMARY_COLUMNS}");
        let row: Option<SummaryRow> = sqlx::query_as(&sql)
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.write())
            .await?;
        Ok(row.map(summary))
    }

    /// Deletes the user's done todos.
    pub async fn clear_done(db: &Db, user_id: i64) -> anyhow::Result<u64> {
        let result = sqlx::query("DELETE FROM todos WHERE user_id = $1 AND done = 1")
            .bind(user_id)
            .execute(db.write())
            .await?;
        Ok(result.rows_affected())
    }

    /// `%`, `_` and `\` match themselves in a LIKE pattern.
    fn escape_like(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::escape_like;

        #[test]
        fn like_wildcards_are_escaped() {
            assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Title;

    #[test]
    fn a_title_is_trimmed() {
        assert_eq!(Title::parse("  milk ").unwrap().as_str(), "milk");
    }

    #[test]
    fn an_empty_or_blank_title_is_required() {
        assert_eq!(Title::parse("").unwrap_err(), "Title is required");
        assert_eq!(Title::parse("   ").unwrap_err(), "Title is required");
        assert_eq!(
            Title::parse("")
                .unwrap_err()
                .text_in::<crate::i18n::Lang>(crate::i18n::Lang::Ja),
            "タイトルを入力してください"
        );
    }

    #[test]
    fn a_title_longer_than_200_characters_is_rejected() {
        assert!(Title::parse(&"é".repeat(200)).is_ok());
        assert_eq!(
            Title::parse(&"a".repeat(201)).unwrap_err(),
            "Title must be at most 200 characters"
        );
    }
}
