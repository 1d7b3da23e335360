//! What a valid email and password are. Parse, don't validate.
//!
//! Server only: the rules live here, where users cannot skip them.

use std::fmt;

use crate::i18n::{Msg, Text};
use crate::kit::fields::{Echo, FieldValue, Kind};

/// An email address: trimmed, lower-case, `local@domain` with a dot in the domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, Text> {
        const INVALID: Text = Text::InvalidEmail;
        let email = input.trim().to_lowercase();
        let (local, domain) = email.split_once('@').ok_or(INVALID)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        let chars_ok = !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if local.is_empty() || !domain_ok || !chars_ok || email.len() > 254 {
            return Err(INVALID);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email field checked by these rules (registration's).
impl FieldValue for Email {
    const KIND: Kind = Kind::input("email");

    fn parse(raw: &str) -> Result<Self, Msg> {
        Email::parse(raw).map_err(|_| Msg::App(&Text::InvalidEmail))
    }

    fn echo(&self, out: &mut Vec<String>) {
        out.push(self.0.clone());
    }
}
impl Echo for Email {}

/// A new password: at least 8 characters. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Self, Text> {
        if input.chars().count() < 8 {
            return Err(Text::PasswordTooShort);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(\"[redacted]\")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn an_email_needs_a_local_part_and_a_dotted_domain() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@.com",
            "ada@example.",
            "a b@c.d",
            "a@b..c",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_password_shorter_than_8_characters_is_rejected() {
        assert_eq!(
            Password::parse("1234567").unwrap_err(),
            Text::PasswordTooShort
        );
        assert!(Password::parse("12345678").is_ok());
        // Characters, not bytes.
        assert!(Password::parse("éééé").is_err());
    }

    #[test]
    fn a_password_is_never_printed() {
        let p = Password::parse("correct horse").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
