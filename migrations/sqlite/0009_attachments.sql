-- The files of a todo (the edit page's Attachments, spec U1-U7), SQLite: where
-- each is stored (`object_id`, a random id in the object store, never the
-- file's name), the name it was sent with, its size and checked type. A row
-- goes with its todo; its object is deleted by the app (and by the sweep of
-- objects that have no row).
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    todo_id BIGINT NOT NULL REFERENCES todos (id) ON DELETE CASCADE,
    object_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_todo_id ON attachments (todo_id, id);
