-- The claims of submission tokens (spec P3), PostgreSQL: one row per token a form
-- was sent with, so that the same submission sent twice runs its action once,
-- on any instance (`impl Submissions for Db` in src/db.rs). `outcome` is the
-- first answer (JSON), NULL while its action runs; a failed submission deletes
-- its row. `created` is Unix seconds: a row older than a day no longer counts,
-- and is deleted by the layer's sweep (by `created`, hence the index).
CREATE TABLE submissions (
    token TEXT PRIMARY KEY,
    created BIGINT NOT NULL,
    outcome TEXT
);
CREATE INDEX submissions_created ON submissions (created);
