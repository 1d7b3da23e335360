-- The title as search compares it (spec G1: ignoring case), PostgreSQL: written by
-- the server, lower-cased by Rust for every script (SQLite's LOWER() folds
-- ASCII only, so "é" did not find "École"). NULL in rows from before it; search
-- folds those itself (todos::store::search).
ALTER TABLE todos ADD COLUMN title_folded TEXT;
