//! One effect per submission (spec P3): every form of an action carries a
//! single-use token, and the same submission sent twice (a double click without
//! JavaScript, back and send again, a retried request) runs its action once.
//! The repeat is answered as the first was.
//!
//! Server only. Three parts:
//! - **Tokens in pages.** A page renders a placeholder in each form
//!   (`SubmissionToken`), the same in every render, so a kept page can be kept;
//!   every page the server sends gets a fresh random token in place of each
//!   ([`fill`] for a rendered page, [`Stamped`] for a kept one, whose
//!   compressed copies are made once with each token in a block of its own, so
//!   that a response only copies them and writes its tokens over the
//!   placeholder's bytes).
//! - **Claims.** Before an action runs, its token is claimed in the app's
//!   database through [`Submissions`] (an insert that does nothing when the
//!   token is already there), so two copies of one submission cannot both run,
//!   on one instance or on several. A token whose claim is older than a day is
//!   forgotten.
//! - **Answers.** When the action succeeds or redirects, its result (and its
//!   flash message) is kept with the claim, and a repeat is answered from it: a
//!   303 to the same place, or the page rendered again with the same result. A
//!   failure or an error releases the token, so the corrected form can be sent
//!   again; so does an answer that set a cookie (logging in), which could not be
//!   repeated without keeping the cookie: a repeat then runs again. A repeat
//!   that comes while the first copy still runs waits for its answer.
//!
//! A request without a token (the JSON API, curl, a page from before) is served
//! as before, and so is every request when the app gives no store.

use axum::body::Bytes;
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use std::{
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc, Mutex, PoisonError,
    },
    time::{Duration, Instant},
};
use tokio::sync::oneshot;
use tracing::Instrument;

use super::{context::set_flash, cookies::Cookies};
use crate::{
    action::Stop,
    protocol::{ActionResult, RawJson, SUBMISSION_FIELD, SUBMISSION_PLACEHOLDER},
};

/// Where the claims of submission tokens are kept: a table of the app's
/// database, so that every instance of the site sees every claim. Times are
/// Unix seconds. The demo's `Db` implements it in a few queries (`src/db.rs`,
/// the table `submissions`).
pub trait Submissions: Send + Sync + 'static {
    /// Claims each of `tokens` (all different) at `now`, and returns those this
    /// call claimed: each that had no claim, or only one made before `expired`
    /// (which it replaces). Must be atomic: of two calls at once, at most one
    /// claims a token (one statement: `INSERT … VALUES (…), (…) ON CONFLICT
    /// (token) DO UPDATE … WHERE created < $expired RETURNING token`). The
    /// layer gathers the claims of requests that arrive together into one call.
    fn claim<'a>(
        &'a self,
        tokens: &'a [&'a str],
        now: i64,
        expired: i64,
    ) -> BoxFuture<'a, anyhow::Result<Vec<String>>>;

    /// The claim of `token`, if there is one: still running, or answered with
    /// the outcome given to [`Submissions::finish`].
    fn claimed<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Claimed>>>;

    /// Keeps each answer's outcome (JSON text) with the claim of its token:
    /// `answers` holds (token, outcome) pairs, the tokens all different.
    fn finish<'a>(&'a self, answers: &'a [(&'a str, &'a str)])
        -> BoxFuture<'a, anyhow::Result<()>>;

    /// Deletes the claim of `token`, so that the token can be used again.
    fn release<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;

    /// Deletes the claims made before `expired`; the number deleted.
    fn sweep(&self, expired: i64) -> BoxFuture<'_, anyhow::Result<u64>>;
}

/// A claim, as [`Submissions::claimed`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claimed {
    /// The action of the first copy is still running.
    Running,
    /// It was answered: the outcome given to [`Submissions::finish`].
    Answered(String),
}

/// How long a claim holds: a submission sent again later than this runs again.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a repeat waits for the first copy's answer before it is told to
/// reload (409).
const WAIT: Duration = Duration::from_secs(10);

/// How often each process deletes the expired claims (on a claim, at most this
/// often, so an idle site does nothing).
const SWEEP_EVERY: i64 = 10 * 60;

/// The most claims (or answers) written in one call to the store: a statement
/// with one row per token, and a few shapes of it for the database to keep
/// prepared.
const BATCH: usize = 32;

/// The layer's side of the store: the store, when this process last swept it,
/// and the claims and answers waiting to be written.
///
/// They are written in batches, by one task at a time: under load many
/// requests wait on the site's one database writer at once, and a statement
/// for all of them costs little more than one for each (the token's A/B in
/// `make bench`). With one request at a time, each batch holds one.
pub(super) struct Tokens {
    store: Arc<dyn Submissions>,
    last_sweep: AtomicI64,
    queue: Mutex<Queue>,
}

/// What a store call failed with, as each of the batch's requests gets it.
type Failed = String;

/// Where a queued write's outcome goes: the request that waits for it.
type Reply<T> = oneshot::Sender<Result<T, Failed>>;

/// A claim waiting to be written: its token.
type QueuedClaim = (String, Reply<bool>);

/// An answer waiting to be written: its token and outcome.
type QueuedAnswer = (String, String, Reply<()>);

/// The writes waiting for the writing task, and whether one runs.
#[derive(Default)]
struct Queue {
    claims: Vec<QueuedClaim>,
    answers: Vec<QueuedAnswer>,
    writing: bool,
}

impl Tokens {
    pub(super) fn new(store: Arc<dyn Submissions>) -> Arc<Self> {
        Arc::new(Self {
            store,
            last_sweep: AtomicI64::new(0),
            queue: Mutex::default(),
        })
    }

    /// Claims `token`: `true` when this request made the claim.
    async fn claim(self: &Arc<Self>, token: &str) -> anyhow::Result<bool> {
        let (reply, answer) = oneshot::channel();
        self.enqueue(|queue| queue.claims.push((token.to_owned(), reply)));
        written(answer.await)
    }

    /// Keeps `outcome` with the claim of `token`.
    async fn finish(self: &Arc<Self>, token: String, outcome: String) -> anyhow::Result<()> {
        let (reply, answer) = oneshot::channel();
        self.enqueue(|queue| queue.answers.push((token, outcome, reply)));
        written(answer.await)
    }

    /// Adds a write to the queue, and starts the writing task if none runs.
    fn enqueue(self: &Arc<Self>, push: impl FnOnce(&mut Queue)) {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        push(&mut queue);
        if !std::mem::replace(&mut queue.writing, true) {
            drop(queue);
            tokio::spawn(self.clone().write());
        }
    }

    /// The writing task: writes what waits, a batch at a time, until nothing
    /// does. (Its own task, so that a request that goes away does not stop
    /// the others' writes.)
    async fn write(self: Arc<Self>) {
        let _panic = WritingEnds(&self.queue);
        loop {
            let (claims, answers) = {
                let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
                if queue.claims.is_empty() && queue.answers.is_empty() {
                    // Under the lock: a write queued after this starts a task.
                    queue.writing = false;
                    return;
                }
                let claims = queue.claims.len().min(BATCH);
                let answers = queue.answers.len().min(BATCH);
                (
                    queue.claims.drain(..claims).collect::<Vec<_>>(),
                    queue.answers.drain(..answers).collect::<Vec<_>>(),
                )
            };
            if !answers.is_empty() {
                self.write_answers(answers).await;
            }
            if !claims.is_empty() {
                self.write_claims(claims).await;
            }
        }
    }

    async fn write_answers(&self, answers: Vec<QueuedAnswer>) {
        // A token is answered once (by the copy that claimed it), so the
        // tokens of a batch are all different.
        let pairs: Vec<(&str, &str)> = answers
            .iter()
            .map(|(token, outcome, _)| (token.as_str(), outcome.as_str()))
            .collect();
        let done = self
            .store
            .finish(&pairs)
            .await
            .map_err(|error| format!("{error:#}"));
        for (_, _, reply) in answers {
            let _ = reply.send(done.clone());
        }
    }

    async fn write_claims(&self, claims: Vec<QueuedClaim>) {
        // Two copies of one submission in the same batch: the first asks, the
        // second gets `false` (it then waits for the first's answer).
        let mut asked: Vec<&str> = Vec::with_capacity(claims.len());
        let first: Vec<bool> = claims
            .iter()
            .map(|(token, _)| {
                let new = !asked.contains(&token.as_str());
                if new {
                    asked.push(token);
                }
                new
            })
            .collect();
        let now = unix_now();
        let expired = now - TOKEN_LIFETIME.as_secs() as i64;
        let done = self
            .store
            .claim(&asked, now, expired)
            .await
            .map_err(|error| format!("{error:#}"));
        for ((token, reply), first) in claims.into_iter().zip(first) {
            let answer = match &done {
                Ok(claimed) => Ok(first && claimed.contains(&token)),
                Err(error) => Err(error.clone()),
            };
            let _ = reply.send(answer);
        }
    }

    /// Deletes the expired claims, in the background, if this process has not
    /// done so for `SWEEP_EVERY`.
    fn sweep_now_and_then(self: &Arc<Self>, now: i64) {
        let last = self.last_sweep.load(Ordering::Relaxed);
        if now - last < SWEEP_EVERY
            || self
                .last_sweep
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let tokens = self.clone();
        tokio::spawn(async move {
            let expired = now - TOKEN_LIFETIME.as_secs() as i64;
            if let Err(error) = tokens.store.sweep(expired).await {
                tracing::warn!(?error, "deleting expired submission tokens failed");
            }
        });
    }
}

/// Marks the writing task ended if it panics (in the store): then the writes
/// still waiting fail (their requests answer 500) rather than wait for a task
/// that is gone, and the next write starts a new one.
struct WritingEnds<'a>(&'a Mutex<Queue>);

impl Drop for WritingEnds<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            queue.writing = false;
            queue.claims.clear();
            queue.answers.clear();
        }
    }
}

/// A write's outcome, as the writing task sent it.
fn written<T>(answer: Result<Result<T, Failed>, oneshot::error::RecvError>) -> anyhow::Result<T> {
    match answer {
        Ok(done) => done.map_err(anyhow::Error::msg),
        Err(_) => Err(anyhow::anyhow!("the writing of submission tokens stopped")),
    }
}

/// What is kept of a first copy's answer, for its repeats.
#[derive(Serialize, Deserialize)]
struct Outcome {
    result: ActionResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flash: Option<String>,
}

/// The token a form sent: `None` without one, or with the placeholder (a form
/// rendered in the browser) or an empty value; a value that no page of this
/// site could have sent is a 400.
pub(super) fn token_of(form: &super::FormData) -> Result<Option<String>, Stop> {
    let value = match form.get(SUBMISSION_FIELD)? {
        None | Some("") | Some(SUBMISSION_PLACEHOLDER) => return Ok(None),
        Some(value) => value,
    };
    if is_token(value) {
        Ok(Some(value.to_owned()))
    } else {
        Err(Stop::error(
            400,
            format!(
                "The field `{SUBMISSION_FIELD}` is not a submission token of this site: \
                 reload the page and send the form again"
            ),
        ))
    }
}

/// A token as [`fresh`] makes them: 32 lowercase hexadecimal digits.
fn is_token(value: &str) -> bool {
    value.len() == 32
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The length of a token, and of the placeholder it replaces.
const TOKEN_LEN: usize = SUBMISSION_PLACEHOLDER.len();

/// A token's bytes: see [`fresh`].
type Token = [u8; TOKEN_LEN];

/// A new token: 128 random bits, as 32 lowercase hexadecimal digits, as long
/// as the placeholder. Written digit by digit: a page asks for one per form.
fn fresh() -> Token {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bits = rand::random::<u128>();
    let mut token = [0; TOKEN_LEN];
    for digit in token.iter_mut().rev() {
        *digit = HEX[(bits & 0xf) as usize];
        bits >>= 4;
    }
    token
}

/// Unix seconds.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The result of an action run, and the flash message it set: the flash of a
/// redirect is set here, on the request's cookies (spec F8).
pub(super) fn settle(
    result: Result<RawJson, Stop>,
    cookies: &Cookies,
) -> (ActionResult, Option<String>) {
    match result {
        Ok(data) => (ActionResult::Success { status: 200, data }, None),
        Err(mut stop) => {
            let flash = match &mut stop {
                Stop::Redirect { flash, .. } => flash.take(),
                _ => None,
            };
            if let Some(message) = &flash {
                set_flash(cookies, message);
            }
            (stop.into_result(), flash)
        }
    }
}

/// Runs `action` once for `token`: claims it, runs the action and keeps its
/// answer; or, when another copy claimed it, answers as that copy did. The
/// action runs in a task of its own, so that a browser that gives up on the
/// request (a second click stops the first) does not stop it half-way: its
/// answer is kept for the copy the browser waits for.
pub(super) async fn once(
    tokens: Arc<Tokens>,
    token: String,
    cookies: Cookies,
    action: BoxFuture<'static, Result<RawJson, Stop>>,
) -> ActionResult {
    let store = &tokens.store;
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    let mut action = Some(action);
    loop {
        match tokens.claim(&token).await {
            Err(error) => {
                return Stop::internal(error.context("claiming a submission token")).into_result()
            }
            Ok(true) => {
                tokens.sweep_now_and_then(unix_now());
                let Some(action) = action.take() else {
                    return Stop::internal(anyhow::anyhow!("a submission ran twice")).into_result();
                };
                // A task of its own (it finishes even if the client goes), in
                // the request's language (spec L3).
                let first = first(tokens.clone(), token, cookies, action).in_current_span();
                let task = tokio::spawn(super::locale::in_current_locale(first));
                return task.await.unwrap_or_else(|error| {
                    Stop::internal(anyhow::anyhow!("the action's task failed: {error}"))
                        .into_result()
                });
            }
            Ok(false) => {}
        }
        // Another copy has the claim: its answer, once there is one.
        loop {
            match store.claimed(&token).await {
                Err(error) => {
                    return Stop::internal(error.context("reading a submission token"))
                        .into_result()
                }
                Ok(Some(Claimed::Answered(outcome))) => return repeat(&outcome, &cookies),
                Ok(Some(Claimed::Running)) if started.elapsed() < WAIT => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                Ok(Some(Claimed::Running)) => {
                    return Stop::error(
                        409,
                        "This form was already sent and its answer is not ready yet: \
                         reload the page to see what it did",
                    )
                    .into_result()
                }
                // Released (it failed, or set a cookie): this copy may run.
                Ok(None) => break,
            }
        }
    }
}

/// The first copy: runs the action, then keeps its answer or releases the token.
async fn first(
    tokens: Arc<Tokens>,
    token: String,
    cookies: Cookies,
    action: BoxFuture<'static, Result<RawJson, Stop>>,
) -> ActionResult {
    let before = cookies.changes();
    let (result, flash) = settle(action.await, &cookies);
    let mut after = cookies.changes();
    // The flash goes with the kept answer; any other cookie could not.
    if flash.is_some() {
        after.retain(|change| !change.starts_with("flash="));
    }
    let kept = matches!(
        result,
        ActionResult::Success { .. } | ActionResult::Redirect { .. }
    ) && after == before;
    let outcome = Outcome {
        result: result.clone(),
        flash,
    };
    let done = match serde_json::to_string(&outcome) {
        Ok(json) if kept => tokens.finish(token, json).await,
        _ => tokens.store.release(&token).await,
    };
    if let Err(error) = done {
        // The action ran: its answer stands. A repeat waits, then is told to reload.
        tracing::warn!(?error, "keeping the answer of a submission failed");
    }
    result
}

/// The answer of a repeat: the first copy's, with its flash message set again.
fn repeat(outcome: &str, cookies: &Cookies) -> ActionResult {
    match serde_json::from_str::<Outcome>(outcome) {
        Ok(Outcome { result, flash }) => {
            if let Some(message) = &flash {
                set_flash(cookies, message);
            }
            result
        }
        Err(error) => {
            Stop::internal(anyhow::anyhow!("a kept answer is not one: {error}")).into_result()
        }
    }
}

/// The hidden input as `SubmissionToken` renders it; the token goes in place of
/// the placeholder. Only the whole tag is matched: nothing a user typed can
/// hold it (text escapes `<`, an attribute value `"`, a script's JSON `"`).
const TAG_START: &str = r#"<input type="hidden" name="_submission" value=""#;

/// Where each placeholder's value starts in `html`: each placeholder found
/// whose bytes around it are the rest of the tag. (Its underscores are rare in
/// a page, so the search skips ahead fast; the tag's `<` and `"` are not.)
fn slots(html: &[u8]) -> Vec<usize> {
    // The searcher, made once: making it costs more than a page's scan.
    static PLACEHOLDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let placeholder =
        PLACEHOLDER.get_or_init(|| memchr::memmem::Finder::new(SUBMISSION_PLACEHOLDER.as_bytes()));
    placeholder
        .find_iter(html)
        .filter(|&at| {
            html[..at].ends_with(TAG_START.as_bytes()) && html.get(at + TOKEN_LEN) == Some(&b'"')
        })
        .collect()
}

/// A rendered page with a fresh token in place of each placeholder (the body
/// itself when it has none). The tokens are written over the page's own bytes
/// when nothing else holds them (a page just rendered), else over a copy.
pub(super) fn fill(html: Bytes) -> Bytes {
    let Stamped { bytes, slots } = Stamped::new(html);
    if slots.is_empty() {
        return bytes;
    }
    let tokens = slots.iter().map(|_| fresh());
    write_tokens(Vec::from(bytes), &slots, tokens)
}

/// `page` with `tokens` written over its `slots`, in order.
fn write_tokens(
    mut page: Vec<u8>,
    slots: &[usize],
    tokens: impl IntoIterator<Item = Token>,
) -> Bytes {
    for (&at, token) in slots.iter().zip(tokens) {
        page[at..at + TOKEN_LEN].copy_from_slice(&token);
    }
    page.into()
}

/// A body and where in it each placeholder's bytes are, to be overwritten by
/// fresh tokens in each copy sent.
#[derive(Clone)]
pub(super) struct Stamped {
    bytes: Bytes,
    slots: Vec<usize>,
}

impl Stamped {
    /// `bytes`, whose placeholders are found (a page as rendered).
    pub(super) fn new(bytes: Bytes) -> Self {
        let slots = slots(&bytes);
        Self { bytes, slots }
    }

    /// Whether the body has tokens to fill.
    pub(super) fn has_tokens(&self) -> bool {
        !self.slots.is_empty()
    }

    /// A copy with a fresh token in each slot.
    pub(super) fn stamp(&self) -> Bytes {
        self.stamp_with(&self.fresh_tokens())
    }

    fn fresh_tokens(&self) -> Vec<Token> {
        self.slots.iter().map(|_| fresh()).collect()
    }

    fn stamp_with(&self, tokens: &[Token]) -> Bytes {
        if self.slots.is_empty() {
            return self.bytes.clone();
        }
        write_tokens(self.bytes.to_vec(), &self.slots, tokens.iter().copied())
    }

    /// The body's gzip (the best compression), made once: each placeholder is
    /// a stored block of its own, between parts compressed on their own, so a
    /// response only writes its tokens over the placeholders and its checksum
    /// over the last 8 bytes ([`GzipStamped::stamp`]).
    pub(super) fn gzip(&self) -> GzipStamped {
        use flate2::{Compress, Compression, FlushCompress};
        // Each part is a raw deflate stream: the parts before a placeholder end
        // with a sync flush (byte-aligned, not the last block), the last with
        // the final block; none refers back to another's bytes.
        fn deflate(data: &[u8], last: bool) -> Vec<u8> {
            let mut compress = Compress::new(Compression::best(), false);
            let flush = if last {
                FlushCompress::Finish
            } else {
                FlushCompress::Sync
            };
            let mut out = Vec::with_capacity(data.len() / 2 + 64);
            loop {
                if out.capacity() - out.len() < 64 {
                    out.reserve(out.capacity().max(64));
                }
                let read = compress.total_in() as usize;
                let status = compress.compress_vec(&data[read..], &mut out, flush);
                let room_left = out.capacity() > out.len();
                match status {
                    Ok(flate2::Status::StreamEnd) => break,
                    Ok(_) if !last && compress.total_in() as usize == data.len() && room_left => {
                        break
                    }
                    Ok(_) => {}
                    // Compressing into a Vec with room cannot fail.
                    Err(_) => break,
                }
            }
            out
        }
        if self.slots.is_empty() {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), Compression::best());
            // Writing to a Vec cannot fail.
            let _ = encoder.write_all(&self.bytes);
            return GzipStamped {
                gzip: Stamped::new(encoder.finish().unwrap_or_default().into()),
                identity: self.clone(),
            };
        }
        // The gzip header: deflate, no flags, no time, unknown system.
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        let mut slots = Vec::with_capacity(self.slots.len());
        let mut from = 0;
        for &at in &self.slots {
            out.extend(deflate(&self.bytes[from..at], false));
            // A stored block, not the last: its header, its length and the
            // length's complement, then the bytes as they are.
            let len = SUBMISSION_PLACEHOLDER.len() as u16;
            out.push(0);
            out.extend(len.to_le_bytes());
            out.extend((!len).to_le_bytes());
            slots.push(out.len());
            out.extend_from_slice(SUBMISSION_PLACEHOLDER.as_bytes());
            from = at + SUBMISSION_PLACEHOLDER.len();
        }
        out.extend(deflate(&self.bytes[from..], true));
        // The checksum and length, written again for each copy's tokens.
        out.extend([0; 8]);
        GzipStamped {
            gzip: Stamped {
                bytes: out.into(),
                slots,
            },
            identity: self.clone(),
        }
    }

    /// The body's brotli (quality 11), made once: the parts between the
    /// placeholders compressed to be joined (`appendable`, and `catable` after
    /// the first), and each placeholder a stream of one uncompressed block,
    /// joined by `brotli::concat`. `None` if they could not be joined.
    pub(super) fn brotli(&self) -> Option<Stamped> {
        use brotli::concat::{BroCatli, BroCatliResult};
        const WINDOW: i32 = 22;
        // How a part is compressed: `first`, it may use brotli's dictionary
        // (its references stand as they are in the joined stream, which starts
        // where it does) and only needs to allow a stream after it; a later
        // part refers to nothing before itself (`catable`).
        let part = |data: &[u8], first: bool| {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: WINDOW,
                catable: !first,
                appendable: true,
                use_dictionary: first,
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
            Some(out)
        };
        if !self.has_tokens() {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: WINDOW,
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &self.bytes[..], &mut out, &params).ok()?;
            return Some(Stamped {
                bytes: out.into(),
                slots: Vec::new(),
            });
        }
        // A stream of its own for the placeholder: window 2^16 (one 0 bit),
        // a meta-block that is not the last, of 4 length nibbles, the length
        // less one, uncompressed (then padding to the byte); the bytes; then the
        // empty last meta-block.
        let placeholder = {
            let len = SUBMISSION_PLACEHOLDER.len() as u32;
            let header = ((len - 1) << 4) | (1 << 20);
            let mut stream = header.to_le_bytes()[..3].to_vec();
            stream.extend_from_slice(SUBMISSION_PLACEHOLDER.as_bytes());
            stream.push(0b11);
            stream
        };
        let mut streams = Vec::with_capacity(self.slots.len() * 2 + 1);
        let mut from = 0;
        for &at in &self.slots {
            streams.push(part(&self.bytes[from..at], from == 0)?);
            streams.push(placeholder.clone());
            from = at + SUBMISSION_PLACEHOLDER.len();
        }
        streams.push(part(&self.bytes[from..], false)?);
        let mut joiner = BroCatli::new();
        let mut out = vec![0; streams.iter().map(Vec::len).sum::<usize>() + 16];
        let mut written = 0;
        for stream in &streams {
            joiner.new_brotli_file();
            let mut read = 0;
            match joiner.stream(stream, &mut read, &mut out, &mut written) {
                BroCatliResult::Success | BroCatliResult::NeedsMoreInput => {}
                _ => return None,
            }
        }
        if joiner.finish(&mut out, &mut written) != BroCatliResult::Success {
            return None;
        }
        out.truncate(written);
        // Each placeholder's bytes stand as they are in the joined stream.
        let found: Vec<usize> =
            memchr::memmem::find_iter(&out, SUBMISSION_PLACEHOLDER.as_bytes()).collect();
        (found.len() == self.slots.len()).then(|| Stamped {
            bytes: out.into(),
            slots: found,
        })
    }
}

/// A page's gzip with its placeholders in stored blocks ([`Stamped::gzip`]).
#[derive(Clone)]
pub(super) struct GzipStamped {
    gzip: Stamped,
    identity: Stamped,
}

impl GzipStamped {
    /// A copy with fresh tokens, and the checksum of the page they make.
    pub(super) fn stamp(&self) -> Bytes {
        if !self.identity.has_tokens() {
            return self.gzip.bytes.clone();
        }
        let tokens = self.identity.fresh_tokens();
        let mut out = self.gzip.stamp_with(&tokens).to_vec();
        let mut crc = flate2::Crc::new();
        let (page, mut from) = (&self.identity.bytes, 0);
        for (&at, token) in self.identity.slots.iter().zip(&tokens) {
            crc.update(&page[from..at]);
            crc.update(token);
            from = at + token.len();
        }
        crc.update(&page[from..]);
        let end = out.len();
        out[end - 8..end - 4].copy_from_slice(&crc.sum().to_le_bytes());
        out[end - 4..].copy_from_slice(&crc.amount().to_le_bytes());
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn page(forms: usize) -> String {
        let input = [TAG_START, SUBMISSION_PLACEHOLDER, "\">"].concat();
        let mut html = String::from("<!DOCTYPE html><html><body>");
        for i in 0..forms {
            html.push_str(&format!(
                "<form method=\"post\" action=\"/a?/{i}\">{input}<p>some text {i}</p></form>"
            ));
            html.push_str(&"<p>Lorem ipsum dolor sit amet.</p>".repeat(20));
        }
        html.push_str("</body></html>");
        html
    }

    /// The tokens of a page, in order.
    fn tokens_in(html: &str) -> Vec<String> {
        html.match_indices(TAG_START)
            .map(|(at, _)| html[at + TAG_START.len()..][..32].to_owned())
            .collect()
    }

    #[test]
    fn the_component_renders_the_tag_that_is_filled() {
        use leptos::prelude::*;
        let html = view! { <crate::SubmissionToken /> }.to_html();
        assert!(
            html.starts_with(&[TAG_START, SUBMISSION_PLACEHOLDER, "\""].concat()),
            "{html}"
        );
    }

    #[test]
    fn each_copy_of_a_page_gets_fresh_tokens_and_is_otherwise_the_same() {
        let html = page(3);
        let (a, b) = (fill(html.clone().into()), fill(html.clone().into()));
        let (a, b) = (
            String::from_utf8(a.to_vec()).unwrap(),
            String::from_utf8(b.to_vec()).unwrap(),
        );
        let (ta, tb) = (tokens_in(&a), tokens_in(&b));
        assert_eq!(ta.len(), 3);
        assert!(ta.iter().chain(&tb).all(|t| is_token(t)), "{ta:?} {tb:?}");
        let all: std::collections::HashSet<_> = ta.iter().chain(&tb).collect();
        assert_eq!(all.len(), 6, "every token differs");
        let mut back = a.clone();
        for token in &ta {
            back = back.replacen(token.as_str(), SUBMISSION_PLACEHOLDER, 1);
        }
        assert_eq!(back, html);
        // A page without a form is the same bytes.
        let plain = Bytes::from_static(b"<p>no form</p>");
        assert_eq!(fill(plain.clone()), plain);
    }

    #[test]
    fn what_users_typed_is_never_filled() {
        for html in [
            format!("<p>{SUBMISSION_PLACEHOLDER}</p>"),
            format!(
                r#"<p title="{SUBMISSION_PLACEHOLDER}">&lt;input type="hidden" name="_submission" value="{SUBMISSION_PLACEHOLDER}"</p>"#
            ),
        ] {
            assert_eq!(fill(html.clone().into()), Bytes::from(html));
        }
    }

    #[test]
    fn the_kept_gzip_and_brotli_decode_to_the_page_with_its_fresh_tokens() {
        for forms in [0, 1, 3] {
            let html = page(forms);
            let stamped = Stamped::new(html.clone().into());
            let gzip = stamped.gzip();
            let brotli = stamped.brotli().expect("joined");
            for _ in 0..2 {
                let mut unzipped = String::new();
                flate2::read::GzDecoder::new(&gzip.stamp()[..])
                    .read_to_string(&mut unzipped)
                    .unwrap();
                let mut unbrotlied = Vec::new();
                brotli::BrotliDecompress(&mut &brotli.stamp()[..], &mut unbrotlied).unwrap();
                let unbrotlied = String::from_utf8(unbrotlied).unwrap();
                for page in [&unzipped, &unbrotlied] {
                    let tokens = tokens_in(page);
                    assert_eq!(tokens.len(), forms);
                    assert!(tokens.iter().all(|t| is_token(t)), "{tokens:?}");
                    let mut back = page.clone();
                    for token in &tokens {
                        back = back.replacen(token.as_str(), SUBMISSION_PLACEHOLDER, 1);
                    }
                    assert_eq!(back, html);
                }
            }
            // Still compressed, though each part is on its own, without
            // brotli's dictionary after the first (the demo's /login: 1,310 bytes, 1,110 whole).
            let kept = brotli.bytes.len();
            assert!(kept < html.len() / 2, "{kept} of {}", html.len());
        }
    }

    #[test]
    fn a_token_is_read_only_when_it_is_one() {
        let form = |value: &str| super::super::FormData::from_pairs([(SUBMISSION_FIELD, value)]);
        let token = String::from_utf8(fresh().to_vec()).unwrap();
        assert!(is_token(&token), "{token}");
        assert_eq!(token_of(&form(&token)).unwrap(), Some(token));
        assert_eq!(token_of(&form(SUBMISSION_PLACEHOLDER)).unwrap(), None);
        assert_eq!(token_of(&form("")).unwrap(), None);
        assert_eq!(token_of(&super::super::FormData::default()).unwrap(), None);
        let refused = token_of(&form("1; DROP TABLE submissions")).unwrap_err();
        assert_eq!(refused.status_code(), 400);
    }

    /// A store in memory that records the size of each claim call and holds
    /// the first one until told, so that the next claims queue behind it.
    #[derive(Default)]
    struct Held {
        rows: Mutex<std::collections::HashMap<String, Option<String>>>,
        calls: Mutex<Vec<usize>>,
        gate: tokio::sync::Notify,
    }

    impl Submissions for Held {
        fn claim<'a>(
            &'a self,
            tokens: &'a [&'a str],
            _now: i64,
            _expired: i64,
        ) -> BoxFuture<'a, anyhow::Result<Vec<String>>> {
            Box::pin(async move {
                assert!(!tokens.contains(&"boom"), "the store fails");
                let first = {
                    let mut calls = self.calls.lock().unwrap();
                    calls.push(tokens.len());
                    calls.len() == 1
                };
                if first {
                    self.gate.notified().await;
                }
                let mut rows = self.rows.lock().unwrap();
                let mut claimed = Vec::new();
                for token in tokens {
                    if !rows.contains_key(*token) {
                        rows.insert(token.to_string(), None);
                        claimed.push(token.to_string());
                    }
                }
                Ok(claimed)
            })
        }

        fn claimed<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<Option<Claimed>>> {
            let row = self.rows.lock().unwrap().get(token).cloned();
            Box::pin(async move {
                Ok(row.map(|outcome| outcome.map_or(Claimed::Running, Claimed::Answered)))
            })
        }

        fn finish<'a>(
            &'a self,
            answers: &'a [(&'a str, &'a str)],
        ) -> BoxFuture<'a, anyhow::Result<()>> {
            let mut rows = self.rows.lock().unwrap();
            for (token, outcome) in answers {
                rows.insert(token.to_string(), Some(outcome.to_string()));
            }
            Box::pin(async { Ok(()) })
        }

        fn release<'a>(&'a self, token: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
            self.rows.lock().unwrap().remove(token);
            Box::pin(async { Ok(()) })
        }

        fn sweep(&self, _expired: i64) -> BoxFuture<'_, anyhow::Result<u64>> {
            Box::pin(async { Ok(0) })
        }
    }

    /// P3: claims that arrive while one is being written go to the store in
    /// one call; two copies of a submission in that call make one claim.
    #[tokio::test]
    async fn p3_claims_that_wait_together_are_written_together_and_a_copy_claims_nothing() {
        let store = Arc::new(Held::default());
        let tokens = Tokens::new(store.clone());
        let claim = |token: &str| {
            let (tokens, token) = (tokens.clone(), token.to_owned());
            tokio::spawn(async move { tokens.claim(&token).await.unwrap() })
        };
        let held = claim("a");
        while store.calls.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        let others: Vec<_> = (0..10).map(|i| claim(&format!("t{i}"))).collect();
        let copies = [claim("b"), claim("b")];
        let again = claim("a");
        // Every claim is queued (the tasks ran) before the first is let go.
        while tokens.queue.lock().unwrap().claims.len() < 13 {
            tokio::task::yield_now().await;
        }
        store.gate.notify_one();
        assert!(held.await.unwrap(), "the first claim is made");
        for other in others {
            assert!(other.await.unwrap(), "each other token is claimed");
        }
        let [b1, b2] = copies;
        let (b1, b2) = (b1.await.unwrap(), b2.await.unwrap());
        assert!(b1 != b2, "one copy of b claims it, the other does not");
        assert!(!again.await.unwrap(), "a copy of a claims nothing");
        assert_eq!(
            *store.calls.lock().unwrap(),
            [1, 12],
            "one call for the first, one for the 13 that waited (12 tokens)"
        );

        // Answers are written the same way, each kept with its token.
        let answers: Vec<_> = (0..3)
            .map(|i| {
                let tokens = tokens.clone();
                tokio::spawn(async move { tokens.finish(format!("t{i}"), format!("{i}")).await })
            })
            .collect();
        for answer in answers {
            answer.await.unwrap().unwrap();
        }
        for i in 0..3 {
            let kept = store.claimed(&format!("t{i}")).await.unwrap();
            assert_eq!(kept, Some(Claimed::Answered(format!("{i}"))));
        }
    }

    /// A store that panics fails the claims of its batch (their requests
    /// answer 500) and the next claim is written by a new task.
    #[tokio::test]
    async fn p3_a_store_that_panics_fails_its_batch_and_later_claims_are_written() {
        let store = Arc::new(Held::default());
        store.gate.notify_one();
        let tokens = Tokens::new(store.clone());
        assert!(tokens.claim("boom").await.is_err());
        let next = tokio::time::timeout(Duration::from_secs(5), tokens.claim("fine"));
        assert!(next.await.expect("the next claim is written").unwrap());
        assert!(!tokens.claim("fine").await.unwrap());
    }
}
