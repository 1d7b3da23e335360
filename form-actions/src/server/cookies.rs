//! Cookies, read and written through one small API (spec H2).
//!
//! Server only. The kit's middleware puts a [`Cookies`] into every request's
//! extensions; hooks, actions and loads share it, so a cookie set in an action is
//! seen by `get` for the rest of the request, and every change is sent back as
//! `Set-Cookie` on the response.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{time::Duration, Cookie, CookieBuilder, CookieJar, SameSite};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

pub use cookie::Key;

/// The request's cookies and the changes made to them.
#[derive(Clone)]
pub struct Cookies {
    jar: Arc<Mutex<CookieJar>>,
    secure: bool,
    key: Arc<Key>,
}

/// The key of signed cookies read outside a router (which gives its own, see
/// `FormActions::cookie_key`): new for each process.
fn process_key() -> Arc<Key> {
    static KEY: OnceLock<Arc<Key>> = OnceLock::new();
    KEY.get_or_init(|| Arc::new(Key::generate())).clone()
}

impl Cookies {
    /// Reads the `Cookie` headers. `secure` is the default of the `Secure` attribute
    /// for cookies set later (false only when the site's origin is plain `http://`).
    pub fn from_headers(headers: &HeaderMap, secure: bool) -> Self {
        let mut jar = CookieJar::new();
        for value in headers.get_all(header::COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            // Percent-decoded, as they are written (`set_cookie_headers`).
            for cookie in Cookie::split_parse_encoded(value.to_owned()).flatten() {
                jar.add_original(cookie);
            }
        }
        Self {
            jar: Arc::new(Mutex::new(jar)),
            secure,
            key: process_key(),
        }
    }

    /// The same cookies, signed and checked with `key`.
    pub fn with_key(mut self, key: Arc<Key>) -> Self {
        self.key = key;
        self
    }

    /// Whether cookies are set `Secure` (the site is not plain `http://`); a
    /// `__Host-` name needs it.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    fn jar(&self) -> MutexGuard<'_, CookieJar> {
        // A poisoned lock only means another holder panicked; the jar is still whole.
        self.jar.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value of a cookie, including one set earlier in this request.
    pub fn get(&self, name: &str) -> Option<String> {
        self.jar().get(name).map(|c| c.value().to_owned())
    }

    /// Sets a cookie with the defaults: `HttpOnly`, `SameSite=Lax`, `Path=/`, and
    /// `Secure` unless the site is served over plain `http://`; a session cookie.
    pub fn set(&self, name: &str, value: &str) {
        self.set_with(name, value, |c| c);
    }

    /// Sets a cookie with the defaults changed by `options` (for example
    /// `|c| c.max_age(Duration::days(30))`).
    pub fn set_with(
        &self,
        name: &str,
        value: &str,
        options: impl FnOnce(CookieBuilder<'static>) -> CookieBuilder<'static>,
    ) {
        self.jar().add(options(self.builder(name, value)).build());
    }

    /// A cookie with the defaults of [`Cookies::set`].
    fn builder(&self, name: &str, value: &str) -> CookieBuilder<'static> {
        Cookie::build((name.to_owned(), value.to_owned()))
            .http_only(true)
            .same_site(SameSite::Lax)
            .path("/")
            .secure(self.secure)
    }

    /// The value of a signed cookie ([`Cookies::set_signed`]), if its signature
    /// holds: a value someone else wrote is `None`.
    pub fn get_signed(&self, name: &str) -> Option<String> {
        let key = self.key.clone();
        let jar = self.jar();
        jar.signed(&key).get(name).map(|c| c.value().to_owned())
    }

    /// Sets a cookie with the defaults, and a signature that [`Cookies::get_signed`]
    /// checks (the value itself stays readable).
    pub fn set_signed(
        &self,
        name: &str,
        value: &str,
        options: impl FnOnce(CookieBuilder<'static>) -> CookieBuilder<'static>,
    ) {
        let cookie = options(self.builder(name, value)).build();
        let key = self.key.clone();
        self.jar().signed_mut(&key).add(cookie);
    }

    /// Deletes a cookie set with the default path (and `Secure` when cookies are,
    /// which a `__Host-` cookie needs to be deleted too).
    pub fn delete(&self, name: &str) {
        self.jar().remove(
            Cookie::build((name.to_owned(), ""))
                .path("/")
                .secure(self.secure)
                .max_age(Duration::ZERO)
                .build(),
        );
    }

    /// The `Set-Cookie` values for every change made during the request, their
    /// values percent-encoded: a header is ASCII, a flash message may not be.
    pub fn set_cookie_headers(&self) -> Vec<HeaderValue> {
        self.jar()
            .delta()
            .filter_map(|c| HeaderValue::from_str(&c.encoded().to_string()).ok())
            .collect()
    }

    /// Every change made so far in this request (each cookie set or deleted,
    /// with its value), in order of name: the submission tokens (spec P3) tell
    /// from it whether an action set a cookie.
    pub(super) fn changes(&self) -> Vec<String> {
        let mut changes: Vec<String> = self.jar().delta().map(|c| c.to_string()).collect();
        changes.sort();
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(header: &str) -> Cookies {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(header).unwrap());
        Cookies::from_headers(&headers, false)
    }

    #[test]
    fn request_cookies_are_read_and_not_sent_back() {
        let cookies = with_cookie("a=1; session=abc");
        assert_eq!(cookies.get("session").as_deref(), Some("abc"));
        assert!(cookies.set_cookie_headers().is_empty());
    }

    #[test]
    fn a_cookie_set_during_the_request_is_visible_to_get() {
        let cookies = with_cookie("a=1");
        cookies.set("session", "xyz");
        assert_eq!(cookies.get("session").as_deref(), Some("xyz"));
    }

    #[test]
    fn set_has_secure_defaults() {
        let cookies = Cookies::from_headers(&HeaderMap::new(), true);
        cookies.set("session", "xyz");
        let header = cookies.set_cookie_headers()[0].to_str().unwrap().to_owned();
        for part in [
            "session=xyz",
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Secure",
        ] {
            assert!(header.contains(part), "{header} lacks {part}");
        }
    }

    #[test]
    fn an_http_site_sets_no_secure_attribute() {
        let cookies = Cookies::from_headers(&HeaderMap::new(), false);
        cookies.set("session", "xyz");
        let header = cookies.set_cookie_headers()[0].to_str().unwrap().to_owned();
        assert!(!header.contains("Secure"), "{header}");
    }

    #[test]
    fn delete_expires_the_cookie() {
        let cookies = with_cookie("session=abc");
        cookies.delete("session");
        assert_eq!(cookies.get("session"), None);
        let header = cookies.set_cookie_headers()[0].to_str().unwrap().to_owned();
        assert!(header.starts_with("session=;"), "{header}");
        assert!(header.contains("Max-Age=0"), "{header}");
    }
}
