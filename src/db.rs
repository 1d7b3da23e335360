//! The database: SQLite by default, PostgreSQL by `DATABASE_URL`.
//!
//! Server only. One pool of sqlx's `Any` driver, so the same queries serve both;
//! they are written in the SQL the two share (`$1` parameters, `RETURNING`,
//! `ON CONFLICT`, times as Unix seconds).

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::Executor;
use std::{str::FromStr, time::Duration};

/// The connection pool, shared by every request.
pub type Db = sqlx::AnyPool;

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
    let options =
        AnyConnectOptions::from_str(&url).with_context(|| format!("invalid DATABASE_URL {url}"))?;
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // WAL lets readers and a writer work at once; busy_timeout makes a
                    // writer wait for another instead of failing with "database is locked".
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot connect to {}", redact(&url)))?;
    if sqlite {
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
    } else {
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
    }
    Ok(pool)
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

    #[test]
    fn a_password_is_not_printed() {
        assert_eq!(
            redact("postgres://u:secret@host/db"),
            "postgres://…@host/db"
        );
    }
}
