//! Users, password hashing, sessions and the failed-login limit.
//!
//! Server only. Everything lives in the database (spec H3): a token of 256 random
//! bits in the cookie, only its SHA-256 stored; failed-login counters in a table,
//! so several instances on one database behave as one site.

use argon2::{
    password_hash::{
        rand_core::{OsRng, RngCore},
        PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
    },
    Argon2,
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use cookie::time::Duration;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

use super::{domain::Email, domain::Password, User};
use crate::db::{now, Db};
use crate::kit::server::{Cookies, Locals};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "session";
const SESSION_DAYS: i64 = 30;
/// Failed logins for one email allowed within [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES: i64 = 10;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// Hashes with Argon2id and its recommended parameters, off the async runtime
/// (a hash takes tens of milliseconds of CPU).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await?
}

async fn verify_password(password: String, hash: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let hash =
            PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash is invalid: {e}"))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok())
    })
    .await?
}

/// Verified against when the email is unknown, so that an unknown email and a wrong
/// password take as long (spec H5: the two must not be told apart).
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(b"not anyone's password", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Creates a user; `None` when the email is taken.
pub async fn create_user(
    db: &Db,
    email: &Email,
    password: &Password,
) -> anyhow::Result<Option<User>> {
    let hash = hash_password(password.expose().to_owned()).await?;
    // ON CONFLICT instead of catching the unique violation: concurrent registrations
    // of one email give one account and a clean answer to the others.
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email.as_str())
    .bind(hash)
    .bind(now())
    .fetch_optional(db.write())
    .await?;
    Ok(row.map(|(id,)| User {
        id,
        email: email.as_str().to_owned(),
    }))
}

/// The user with this email and password, if both match.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> anyhow::Result<Option<User>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db.read())
            .await?;
    let Some((id, email, hash)) = row else {
        let dummy = tokio::task::spawn_blocking(|| DUMMY_HASH.clone()).await?;
        verify_password(password.to_owned(), dummy).await?;
        return Ok(None);
    };
    Ok(verify_password(password.to_owned(), hash)
        .await?
        .then_some(User { id, email }))
}

/// Starts a session: a new token (the one the browser had stops working), the
/// cookie, and the user in `locals` for the rest of the request.
pub async fn start_session(
    db: &Db,
    cookies: &Cookies,
    locals: &Locals,
    user: User,
) -> anyhow::Result<()> {
    if let Some(old) = cookies.get(SESSION_COOKIE) {
        end_session(db, &old).await?;
    }
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token))
        .bind(user.id)
        .bind(now() + SESSION_DAYS * 24 * 3600)
        .execute(db.write())
        .await?;
    cookies.set_with(SESSION_COOKIE, &token, |c| {
        c.max_age(Duration::days(SESSION_DAYS))
    });
    locals.insert(user);
    Ok(())
}

/// Deletes the session row, so the token stops working everywhere.
pub async fn end_session(db: &Db, token: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.write())
        .await?;
    Ok(())
}

/// The user of a live session.
pub async fn session_user(db: &Db, token: &str) -> anyhow::Result<Option<User>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(db.read())
    .await?;
    Ok(row.map(|(id, email)| User { id, email }))
}

/// Whether this email has had [`MAX_FAILURES`] failed logins within the window.
pub async fn too_many_failures(db: &Db, email: &str) -> anyhow::Result<bool> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND failed_at > $2")
            .bind(email)
            .bind(now() - FAILURE_WINDOW_SECS)
            .fetch_one(db.read())
            .await?;
    Ok(count >= MAX_FAILURES)
}

/// Counts a failed login (and forgets this email's failures older than the window).
pub async fn record_failure(db: &Db, email: &str) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO login_failures (email, failed_at) VALUES ($1, $2)")
        .bind(email)
        .bind(now())
        .execute(db.write())
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE email = $1 AND failed_at <= $2")
        .bind(email)
        .bind(now() - FAILURE_WINDOW_SECS)
        .execute(db.write())
        .await?;
    Ok(())
}

/// Forgets the failures of an email after a successful login.
pub async fn clear_failures(db: &Db, email: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(db.write())
        .await?;
    Ok(())
}

/// The `handle` hook (spec H1): runs before every action and load, and puts the
/// session's user into `locals`. A cookie that names no live session is deleted.
pub async fn handle(State(db): State<Db>, req: Request, next: Next) -> Response {
    let cookies = req.extensions().get::<Cookies>().cloned();
    let locals = req.extensions().get::<Locals>().cloned();
    if let (Some(cookies), Some(locals)) = (cookies, locals) {
        if let Some(token) = cookies.get(SESSION_COOKIE) {
            match session_user(&db, &token).await {
                Ok(Some(user)) => locals.insert(user),
                Ok(None) => cookies.delete(SESSION_COOKIE),
                // The page still renders, logged out; the cause is in the log.
                Err(e) => tracing::error!(error = ?e, "session lookup failed"),
            }
        }
    }
    next.run(req).await
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse".into(), hash.clone())
            .await
            .unwrap());
        assert!(!verify_password("wrong horse".into(), hash).await.unwrap());
    }

    #[test]
    fn the_stored_token_hash_is_not_the_token() {
        let hashed = token_hash("abc");
        assert_eq!(hashed.len(), 64);
        assert_ne!(hashed, "abc");
    }
}
