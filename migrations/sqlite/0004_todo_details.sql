-- The fields of the todo edit page (/todos/{id}, spec F3), SQLite.
-- `due` is an ISO date (YYYY-MM-DD) as text, `tags` the tags' values joined by
-- commas, `priority` one of low, normal, high: the same types on both databases,
-- so that sqlx's Any driver decodes them the same way.
ALTER TABLE todos ADD COLUMN notes TEXT;
ALTER TABLE todos ADD COLUMN due TEXT;
ALTER TABLE todos ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE todos ADD COLUMN estimate BIGINT;
ALTER TABLE todos ADD COLUMN tags TEXT NOT NULL DEFAULT '';
