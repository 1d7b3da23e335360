//! The demo's todos: the shared type, the rules for a title, and the queries.
//!
//! `Todo` is shared by both sides; `Title` and `store` are server only, and are
//! used by the `/todos` actions and by the JSON API alike, so both apply the same
//! rules with the same messages.

use serde::{Deserialize, Serialize};

/// A todo, as pages and the JSON API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

/// A todo's title: trimmed, not empty, at most 200 characters.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

#[cfg(feature = "ssr")]
impl Title {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let title = input.trim();
        if title.is_empty() {
            return Err("Title is required");
        }
        if title.chars().count() > Self::MAX_CHARS {
            return Err("Title must be at most 200 characters");
        }
        Ok(Self(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The queries, always scoped to one user: another user's id is simply not found.
/// Every value is bound as a parameter (spec B3).
#[cfg(feature = "ssr")]
pub mod store {
    use super::{Title, Todo};
    use crate::db::{now, Db};

    type Row = (i64, String, i64);

    fn todo((id, title, done): Row) -> Todo {
        Todo {
            id,
            title,
            done: done != 0,
        }
    }

    pub async fn list(db: &Db, user_id: i64) -> anyhow::Result<Vec<Todo>> {
        let rows: Vec<Row> =
            sqlx::query_as("SELECT id, title, done FROM todos WHERE user_id = $1 ORDER BY id")
                .bind(user_id)
                .fetch_all(db.read())
                .await?;
        Ok(rows.into_iter().map(todo).collect())
    }

    /// The todos whose title contains `text`, ignoring case.
    pub async fn search(db: &Db, user_id: i64, text: &str) -> anyhow::Result<Vec<Todo>> {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, title, done FROM todos \
             WHERE user_id = $1 AND LOWER(title) LIKE $2 ESCAPE '\\' ORDER BY id",
        )
        .bind(user_id)
        .bind(pattern)
        .fetch_all(db.read())
        .await?;
        Ok(rows.into_iter().map(todo).collect())
    }

    pub async fn add(db: &Db, user_id: i64, title: &Title) -> anyhow::Result<Todo> {
        let row: Row = sqlx::query_as(
            "INSERT INTO todos (user_id, title, done, created_at) VALUES ($1, $2, 0, $3) \
             RETURNING id, title, done",
        )
        .bind(user_id)
        .bind(title.as_str())
        .bind(now())
        .fetch_one(db.write())
        .await?;
        Ok(todo(row))
    }

    /// Flips `done`; `None` when the todo does not exist or is someone else's.
    pub async fn toggle(db: &Db, user_id: i64, id: i64) -> anyhow::Result<Option<Todo>> {
        let row: Option<Row> = sqlx::query_as(
            "UPDATE todos SET done = 1 - done WHERE id = $1 AND user_id = $2 RETURNING id, title, done",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional(db.write())
        .await?;
        Ok(row.map(todo))
    }

    /// Sets `done`; `None` when the todo does not exist or is someone else's.
    pub async fn set_done(
        db: &Db,
        user_id: i64,
        id: i64,
        done: bool,
    ) -> anyhow::Result<Option<Todo>> {
        let row: Option<Row> = sqlx::query_as(
            "UPDATE todos SET done = $3 WHERE id = $1 AND user_id = $2 RETURNING id, title, done",
        )
        .bind(id)
        .bind(user_id)
        .bind(i64::from(done))
        .fetch_optional(db.write())
        .await?;
        Ok(row.map(todo))
    }

    /// Deletes a todo; false when it does not exist or is someone else's.
    pub async fn delete(db: &Db, user_id: i64, id: i64) -> anyhow::Result<bool> {
        let result = sqlx::query("DELETE FROM todos WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(db.write())
            .await?;
        Ok(result.rows_affected() > 0)
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

#[cfg(all(test, feature = "ssr"))]
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
