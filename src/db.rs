//! The database: SQLite by default, PostgreSQL by `DATABASE_URL`.
//!
//! Server only. sqlx's `Any` driver, so the same queries serve both; they are
//! written in the SQL the two share (`$1` parameters, `RETURNING`, `ON CONFLICT`,
//! times as Unix seconds).
//!
//! Queries that write go through [`Db::write`], the others through [`Db::read`].
//! On PostgreSQL the two are one pool. On SQLite, which lets one connection write
//! at a time, writes get a pool of one connection: concurrent writers then wait
//! their turn in the pool's queue (first come, first served) instead of in
//! SQLite's busy handler, which sleeps 1 to 100 ms between retries and made the
//! slowest writes of a burst take half a second. Reads keep their own connections
//! (WAL lets them run beside the writer), opened read-only so that a write sent
//! through `read()` fails in every test instead of slipping past the queue.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;
use sqlx::Executor;
use std::{str::FromStr, time::Duration};

use crate::kit::server::{BoxFuture, Claimed, Key, Submissions};

/// The database, shared by every request: cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    read: AnyPool,
    write: AnyPool,
}

impl Db {
    /// The pool for queries that only read.
    pub fn read(&self) -> &AnyPool {
        &self.read
    }

    /// The pool for queries that write (on SQLite, one connection at a time).
    pub fn write(&self) -> &AnyPool {
        &self.write
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// Connects, creating the SQLite file (and its folder) if needed, and applies the
/// migrations.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let sqlite = url.starts_with("sqlite:");
    let url = if sqlite {
        prepare_sqlite(url)?
    } else {
        url.to_owned()
    };
    if !sqlite {
        let pool = pool(&url, 16, "", true).await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        return Ok(Db {
            read: pool.clone(),
            write: pool,
        });
    }
    // WAL lets readers work beside the writer. synchronous = NORMAL is WAL's usual
    // companion: a commit no longer waits for the disk (a power cut, not a crash
    // of the server, can lose the last commits). busy_timeout stays as the guard
    // for writers outside this process (another instance, the sqlite3 shell).
    let setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
    // No ping before each use: a SQLite connection is a file handle in this
    // process, and the ping is one more trip to its worker thread per query.
    //
    // The writer checkpoints the WAL (copies it into the database file and syncs
    // it) after every 50 pages instead of SQLite's usual 1,000. A checkpoint runs
    // inside the commit that crosses the mark, while every other write waits its
    // turn behind it, so its size is the stall: under a steady stream of plain-form
    // adds the p99 was 20-24 ms with 1,000 and mostly 13.5 ms with 50, at the same
    // requests per second. (A checkpoint on a connection of its own, beside the
    // writer, fell behind under that load: the WAL was never free to restart.)
    let write = pool(
        &url,
        1,
        &format!("{setup} PRAGMA wal_autocheckpoint = 50;"),
        false,
    )
    .await?;
    sqlx::migrate!("migrations/sqlite").run(&write).await?;
    // An in-memory database exists once per pool: reads must share the writer's.
    let read = if url.contains(":memory:") || url.contains("mode=memory") {
        write.clone()
    } else {
        pool(&url, 4, &format!("{setup} PRAGMA query_only = ON;"), false).await?
    };
    Ok(Db { read, write })
}

/// The key that signs cookies (flash messages): made by the first server to
/// start on this database and kept in it (the table `cookie_key`), so that every
/// instance on the database signs and checks with the same key, with nothing to
/// configure, and a restart keeps the flashes still on their way.
pub async fn cookie_key(db: &Db) -> anyhow::Result<Key> {
    let fresh = Key::try_generate().context("no randomness for the cookie key")?;
    // Two servers starting at once may both get here: the first insert wins,
    // the second does nothing, and both read back the key that was kept.
    sqlx::query("INSERT INTO cookie_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(fresh.master().to_vec())
        .execute(db.write())
        .await
        .context("cannot keep the cookie key")?;
    let (kept,): (Vec<u8>,) = sqlx::query_as("SELECT key FROM cookie_key WHERE id = 1")
        .fetch_one(db.write())
        .await
        .context("cannot read the cookie key")?;
    // 64 bytes, as cookie::Key needs: a shorter row was not made by this code.
    Key::try_from(kept.as_slice()).context("the cookie key kept in the database is not one")
}

/// The claims of submission tokens (spec P3), for the form-actions layer: one
/// row per token sent with a form (the table `submissions`), so that a form sent
/// twice runs its action once, on whichever instance each copy reaches. The
/// layer says when (see `kit::server::Submissions`); these are its queries.
impl Submissions for Db {
    fn claim<'a>(
        &'a self,
        tokens: &'a [&'a str],
        now: i64,
        expired: i64,
    ) -> BoxFuture<'a, anyhow::Result<Vec<String>>> {
        Box::pin(async move {
            // One statement, so two copies at once cannot both claim: the
            // second finds the row and changes nothing, unless it has expired.
            // RETURNING names the rows inserted or taken over, not those left.
            let rows = (0..tokens.len())
                .map(|i| format!("(${}, $1)", i + 3))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO submissions (token, created) VALUES {rows} \
                 ON CONFLICT (token) DO UPDATE SET created = excluded.created, outcome = NULL \
                 WHERE submissions.created < $2 RETURNING token"
            );
            let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(now).bind(expired);
            for token in tokens {
                query = query.bind(*token);
            }
            let claimed = query.fetch_all(self.write()).await?;
            Ok(claimed.into_iter().map(|(token,)| token).collect())
        })
    }

    fn claimed<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Claimed>>> {
        Box::pin(async move {
            let row: Option<(Option<String>,)> =
                sqlx::query_as("SELECT outcome FROM submissions WHERE token = $1")
                    .bind(token)
                    .fetch_optional(self.read())
                    .await?;
            Ok(row.map(|(outcome,)| outcome.map_or(Claimed::Running, Claimed::Answered)))
        })
    }

    fn finish<'a>(
        &'a self,
        answers: &'a [(&'a str, &'a str)],
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            // One statement for the batch: each token's outcome by a CASE.
            let cases: String = (0..answers.len())
                .map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2))
                .collect();
            let listed = (0..answers.len())
                .map(|i| format!("${}", 2 * i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "UPDATE submissions SET outcome = CASE token{cases} END WHERE token IN ({listed})"
            );
            let mut query = sqlx::query(&sql);
            for (token, outcome) in answers {
                query = query.bind(*token).bind(*outcome);
            }
            query.execute(self.write()).await?;
            Ok(())
        })
    }

    fn release<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            sqlx::query("DELETE FROM submissions WHERE token = $1")
                .bind(token)
                .execute(self.write())
                .await?;
            Ok(())
        })
    }

    fn sweep(&self, expired: i64) -> BoxFuture<'_, anyhow::Result<u64>> {
        Box::pin(async move {
            let done = sqlx::query("DELETE FROM submissions WHERE created < $1")
                .bind(expired)
                .execute(self.write())
                .await?;
            Ok(done.rows_affected())
        })
    }
}

/// A pool of up to `size` connections, each set up with the SQL `setup`; `ping`
/// checks each connection before handing it out (for a server that may have
/// closed it).
async fn pool(url: &str, size: u32, setup: &str, ping: bool) -> anyhow::Result<AnyPool> {
    let options =
        AnyConnectOptions::from_str(url).with_context(|| format!("invalid DATABASE_URL {url}"))?;
    let setup: std::sync::Arc<str> = setup.into();
    AnyPoolOptions::new()
        .max_connections(size)
        .test_before_acquire(ping)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                if !setup.is_empty() {
                    conn.execute(&*setup).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot connect to {}", redact(url)))
}

/// Creates the folder of a SQLite file and asks sqlx to create the file.
fn prepare_sqlite(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty() && !path.starts_with(':') {
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_url_gets_create_mode() {
        assert_eq!(
            prepare_sqlite("sqlite::memory:").unwrap(),
            "sqlite::memory:?mode=rwc"
        );
        assert_eq!(
            prepare_sqlite("sqlite://target/x.db?mode=ro").unwrap(),
            "sqlite://target/x.db?mode=ro"
        );
    }

    #[tokio::test]
    async fn on_sqlite_reads_cannot_write_and_writes_share_one_connection() {
        let dir = std::env::temp_dir().join(format!(
            "{}-db-{}",
            env!("CARGO_PKG_NAME"),
            uuid::Uuid::new_v4().simple()
        ));
        let db = connect(&format!("sqlite://{}/app.db", dir.display()))
            .await
            .unwrap();
        // sqlx's own table, which every migrated database has, whatever its
        // migrations (a project without the demo has only the cookie key's).
        let write = "DELETE FROM _sqlx_migrations";
        let error = sqlx::query(write).execute(db.read()).await.unwrap_err();
        assert!(error.to_string().contains("readonly"), "{error}");
        sqlx::query(write).execute(db.write()).await.unwrap();
        assert_eq!(db.write().options().get_max_connections(), 1);
        db.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Every connection to one database gets the one key, made once: two servers
    /// starting at once, and a restart (spec H3).
    #[tokio::test]
    async fn the_cookie_key_is_made_once_and_kept_in_the_database() {
        let dir = std::env::temp_dir().join(format!(
            "{}-key-{}",
            env!("CARGO_PKG_NAME"),
            uuid::Uuid::new_v4().simple()
        ));
        let url = format!("sqlite://{}/app.db", dir.display());
        let (a, b) = (connect(&url).await.unwrap(), connect(&url).await.unwrap());
        let (key_a, key_b) = tokio::join!(cookie_key(&a), cookie_key(&b));
        let key = key_a.unwrap().master().to_vec();
        assert_eq!(key, key_b.unwrap().master());
        assert_eq!(key.len(), 64);
        a.close().await;
        b.close().await;

        let restarted = connect(&url).await.unwrap();
        assert_eq!(cookie_key(&restarted).await.unwrap().master(), key);
        restarted.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_password_is_not_printed() {
        assert_eq!(
            redact("postgres://u:secret@host/db"),
            "postgres://…@host/db"
        );
    }
}
