-- The key that signs cookies (flash messages), PostgreSQL: one row, made by the first
-- server to start on this database (`db::cookie_key` in src/db.rs), so that every
-- instance signs and checks with the same key, and a restart keeps it.
CREATE TABLE cookie_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key BYTEA NOT NULL
);
