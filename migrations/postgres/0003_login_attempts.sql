-- Login attempts, counted before the password is checked (spec S1, PostgreSQL): one row per
-- key (`email:<address>` or `ip:<address>`), the attempts of its current window.
-- A single upsert reserves an attempt, so concurrent attempts cannot pass the
-- limit. It replaces the table of failures, which was checked, then written.
CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);
DROP TABLE login_failures;
