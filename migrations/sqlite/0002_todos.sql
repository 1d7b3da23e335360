-- Todos, per user (SQLite). `done` is 0 or 1 in an integer column on both
-- databases, so that sqlx's Any driver decodes it the same way.
CREATE TABLE todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX todos_user_id ON todos (user_id, id);
