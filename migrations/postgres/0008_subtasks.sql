-- The subtasks of a todo (the edit page's Subtasks, spec P1), PostgreSQL: its
-- rows in order (`position` from 0), at most 20 per todo (the form's limit), gone
-- with their todo. `done` is 0 or 1 in an integer column on both databases, so
-- that sqlx's Any driver decodes it the same way.
CREATE TABLE subtasks (
    todo_id BIGINT NOT NULL REFERENCES todos (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (todo_id, position)
);
