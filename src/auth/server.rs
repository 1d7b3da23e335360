//! Users, password hashing, sessions and the failed-login limits.
//!
//! Server only. Everything lives in the database (spec H3): a token of 256 random
//! bits in the cookie, only its SHA-256 stored; login attempts counted in a table,
//! so several instances on one database behave as one site. Hashing runs a
//! bounded number at a time (spec S2), each on a blocking thread.

use argon2::{
    password_hash::{
        rand_core::{OsRng, RngCore},
        PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
    },
    Argon2,
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header::RETRY_AFTER, HeaderMap, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use cookie::time::Duration as CookieDuration;
use sha2::{Digest, Sha256};
use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, LazyLock},
    time::Duration,
};
use tokio::sync::Semaphore;

use super::{domain::Email, domain::Password, User};
use crate::db::{now, Db};
use crate::kit::server::{Cookies, Locals};

/// Failed logins for one email allowed within [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES: i64 = 10;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// The session cookie's name: `__Host-session` on an `https://` site (the
/// browser then keeps it to this host, path `/`, secure only), `session` in
/// development over plain `http://`, where a `__Host-` cookie cannot be set.
pub fn session_cookie(cookies: &Cookies) -> &'static str {
    if cookies.is_secure() {
        "__Host-session"
    } else {
        "session"
    }
}

/// Password hashing, at most a bounded number at a time (spec S2): each Argon2id
/// hash holds 19 MiB and a core for tens of milliseconds, so an unbounded number
/// of concurrent logins would take the server's memory with them.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    wait: Duration,
}

/// The answer of a [`Hasher`] that found no turn within its wait: the server is
/// busy (a 503 with `Retry-After`).
#[derive(Debug)]
pub struct Busy;

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no turn to hash a password within the wait")
    }
}

impl std::error::Error for Busy {}

impl Hasher {
    /// At most `concurrency` hashes at once; a request waits up to `wait` for a turn.
    pub fn new(concurrency: usize, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            wait,
        }
    }

    /// Runs `work` on a blocking thread once a turn is free; [`Busy`] when none
    /// is free within the wait. The turn is held until the work ends, even if the
    /// request is given up meanwhile.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Busy)??;
        tokio::task::spawn_blocking(move || {
            let _turn = permit;
            work()
        })
        .await?
    }

    /// Hashes with Argon2id and its recommended parameters.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
        })
        .await
    }

    /// Whether `password` is the one `hash` was made from.
    pub async fn verify(&self, password: String, hash: String) -> anyhow::Result<bool> {
        self.run(move || {
            let hash = PasswordHash::new(&hash)
                .map_err(|e| anyhow::anyhow!("stored hash is invalid: {e}"))?;
            Ok(Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok())
        })
        .await
    }
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
    hasher: &Hasher,
    email: &Email,
    password: &Password,
) -> anyhow::Result<Option<User>> {
    let hash = hasher.hash(password.expose().to_owned()).await?;
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

/// The user with this email and password, if both match. An unknown email is
/// checked against a dummy hash, through the same bound, so that it takes as long.
pub async fn authenticate(
    db: &Db,
    hasher: &Hasher,
    email: &str,
    password: &str,
) -> anyhow::Result<Option<User>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db.read())
            .await?;
    let Some((id, email, hash)) = row else {
        let dummy = tokio::task::spawn_blocking(|| DUMMY_HASH.clone()).await?;
        hasher.verify(password.to_owned(), dummy).await?;
        return Ok(None);
    };
    Ok(hasher
        .verify(password.to_owned(), hash)
        .await?
        .then_some(User { id, email }))
}

/// Starts a session: a new token (the one the browser had stops working), the
/// cookie, and the user in `locals` for the rest of the request.
/// The session lives `days` days; use does not extend it.
pub async fn start_session(
    db: &Db,
    cookies: &Cookies,
    locals: &Locals,
    user: User,
    days: i64,
) -> anyhow::Result<()> {
    let name = session_cookie(cookies);
    if let Some(old) = cookies.get(name) {
        end_session(db, &old).await?;
    }
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token))
        .bind(user.id)
        .bind(now() + days * 24 * 3600)
        .execute(db.write())
        .await?;
    cookies.set_with(name, &token, |c| c.max_age(CookieDuration::days(days)));
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

/// Reserves a login attempt under `key` (`email:…` or `ip:…`) before the
/// password is checked (spec S1): `true` when it is within `max` attempts of the
/// current window. One statement, atomic on SQLite and PostgreSQL alike, so
/// however many attempts arrive at once, at most `max` are let through; a window
/// starts with the first attempt after the last one ended.
pub async fn reserve_attempt(db: &Db, key: &str, max: i64) -> anyhow::Result<bool> {
    let now = now();
    let (attempts,): (i64,) = sqlx::query_as(
        "INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1 \
                      ELSE login_attempts.attempts + 1 END, \
           window_start = CASE WHEN login_attempts.window_start <= $3 THEN $2 \
                          ELSE login_attempts.window_start END \
         RETURNING attempts",
    )
    .bind(key)
    .bind(now)
    .bind(now - FAILURE_WINDOW_SECS)
    .fetch_one(db.write())
    .await?;
    Ok(attempts <= max)
}

/// Gives back an attempt that was not a failure (a login that succeeded, or
/// one the server was too busy to check).
pub async fn release_attempt(db: &Db, key: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
    )
    .bind(key)
    .execute(db.write())
    .await?;
    Ok(())
}

/// Forgets the attempts under `key` (an email, after its successful login).
pub async fn forget_attempts(db: &Db, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_attempts WHERE key = $1")
        .bind(key)
        .execute(db.write())
        .await?;
    Ok(())
}

/// Deletes what has expired (spec S5): sessions past their end, and attempt
/// counts whose window has passed. Run now and then by the server.
pub async fn sweep(db: &Db) -> anyhow::Result<()> {
    let now = now();
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db.write())
        .await?;
    sqlx::query("DELETE FROM login_attempts WHERE window_start <= $1")
        .bind(now - FAILURE_WINDOW_SECS)
        .execute(db.write())
        .await?;
    Ok(())
}

/// The client's address, in `locals` for the per-client login limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// What the `handle` hook needs.
#[derive(Clone)]
pub struct HookState {
    pub db: Db,
    /// The header that names the client behind the proxy, if one is configured.
    pub client_ip_header: Option<HeaderName>,
}

/// The client's address: from the configured header (its last address, the one
/// the proxy added), else the peer's. A header that is not configured is never
/// read: any client could send it.
fn client_ip(
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    header: Option<&HeaderName>,
) -> Option<IpAddr> {
    if let Some(header) = header {
        return headers
            .get_all(header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|v| v.trim().parse().ok());
    }
    peer.map(|p| p.ip())
}

/// How long to wait before trying again after a failed session lookup.
const UNAVAILABLE_RETRY_AFTER_SECS: &str = "5";

/// The `handle` hook (spec H1): runs before every action and load, and puts the
/// session's user and the client's address into `locals`. A cookie that names no
/// live session is deleted. When the lookup itself fails (the database is down,
/// say), the request is answered 503 with `Retry-After` and does not run: run
/// logged out, it would show a signed-in person the logged-out site, or send them
/// to log in again.
pub async fn handle(State(hook): State<HookState>, req: Request, next: Next) -> Response {
    let cookies = req.extensions().get::<Cookies>().cloned();
    let locals = req.extensions().get::<Locals>().cloned();
    if let (Some(cookies), Some(locals)) = (cookies, locals) {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        if let Some(ip) = client_ip(req.headers(), peer, hook.client_ip_header.as_ref()) {
            locals.insert(ClientIp(ip));
        }
        let name = session_cookie(&cookies);
        if let Some(token) = cookies.get(name) {
            match session_user(&hook.db, &token).await {
                Ok(Some(user)) => locals.insert(user),
                Ok(None) => cookies.delete(name),
                Err(e) => return unavailable(e.context("session lookup failed")),
            }
        }
    }
    next.run(req).await
}

/// The answer to a request that cannot be served for now: a 503 with
/// `Retry-After`, and the error logged under an id, the only part of it shown.
fn unavailable(error: anyhow::Error) -> Response {
    let id = crate::kit::server::log_with_id(&error);
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(
            RETRY_AFTER,
            HeaderValue::from_static(UNAVAILABLE_RETRY_AFTER_SECS),
        )],
        format!("The service is unavailable, try again in a moment. Error id: {id}"),
    )
        .into_response()
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
        let hasher = Hasher::new(1, Duration::from_secs(10));
        let hash = hasher.hash("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(hasher
            .verify("correct horse".into(), hash.clone())
            .await
            .unwrap());
        assert!(!hasher.verify("wrong horse".into(), hash).await.unwrap());
    }

    #[tokio::test]
    async fn s2_a_hash_that_finds_no_turn_within_the_wait_is_busy() {
        let hasher = Hasher::new(1, Duration::from_millis(10));
        let turn = hasher.permits.clone().acquire_owned().await.unwrap();
        let error = hasher.hash("x".into()).await.unwrap_err();
        assert!(error.is::<Busy>(), "{error:?}");
        drop(turn);
        assert!(hasher.hash("x".into()).await.is_ok());
    }

    #[test]
    fn the_client_ip_header_is_read_only_when_configured() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let peer: Option<SocketAddr> = Some("127.0.0.1:4000".parse().unwrap());
        let header = HeaderName::from_static("x-forwarded-for");
        // Not configured: the peer, whatever the header says.
        assert_eq!(
            client_ip(&headers, peer, None),
            Some("127.0.0.1".parse().unwrap())
        );
        // Configured: the last address, the one the proxy added.
        assert_eq!(
            client_ip(&headers, peer, Some(&header)),
            Some("198.51.100.7".parse().unwrap())
        );
        // Configured but absent or not an address: no client address at all.
        assert_eq!(client_ip(&HeaderMap::new(), peer, Some(&header)), None);
    }

    #[test]
    fn the_stored_token_hash_is_not_the_token() {
        let hashed = token_hash("abc");
        assert_eq!(hashed.len(), 64);
        assert_ne!(hashed, "abc");
    }
}
