//! Texts in the request's language (spec L1–L7): the app's languages, how a
//! request's is chosen, and the messages a form declares.
//!
//! The layer does not hold translations: an app names its languages with a
//! type of its own that implements [`Locale`] (an enum, `Lang::En`, `Lang::Ja`),
//! and its messages with types that implement [`Message`] (an enum, `Text`),
//! each translated by one exhaustive `match` per language. A text missing in
//! one language is then a non-exhaustive `match`, a compile error, not a
//! fallback found at run time (spec L4). The layer's own texts (the error
//! summary's heading, the `Error: ` prefix, the network error, the derive's
//! default messages) are [`KitText`], which the app's [`Locale`] translates the
//! same way.
//!
//! A request's language is a value of that request, never a global (spec L3):
//! `FormActions::locales` chooses it for each request (the `locale` cookie,
//! else the best match of `Accept-Language`, else the first language), and
//! views, actions, loads and the app's other routes read it with
//! [`use_locale`]. A form's messages ([`Msg`]) are rendered in it when a
//! submission is checked and when a page is rendered.
//!
//! Compiled on both sides; in the browser the page's language is `<html
//! lang>`, read once by [`start_locale`].

use std::{borrow::Cow, fmt};

/// A language of the app, by its place in [`Locale::ALL`]: what the layer
/// keeps of a request's language, whatever the app's type for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LocaleId(pub u8);

/// The app's languages: implemented by an enum of the app, one variant each.
///
/// ```
/// use leptos_form_actions::i18n::{KitText, Locale};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// enum Lang { En, Ja }
///
/// impl Locale for Lang {
///     const ALL: &'static [Self] = &[Lang::En, Lang::Ja];
///     fn tag(self) -> &'static str {
///         match self { Lang::En => "en", Lang::Ja => "ja" }
///     }
///     fn kit(self, text: KitText) -> &'static str {
///         match self {
///             Lang::En => text.english(),
///             Lang::Ja => match text {
///                 KitText::ErrorSummary => "入力内容に問題があります",
///                 KitText::ErrorPrefix => "エラー: ",
///                 _ => text.english(),
///             },
///         }
///     }
/// }
///
/// assert_eq!(Lang::Ja.tag(), "ja");
/// assert_eq!(Lang::of(Lang::Ja.id()), Lang::Ja);
/// ```
pub trait Locale: Copy + PartialEq + Send + Sync + 'static {
    /// Every language, the default first (a request that asks for none of
    /// them gets it).
    const ALL: &'static [Self];

    /// Its BCP 47 tag (`"en"`, `"ja"`): the `locale` cookie's value, what
    /// `Accept-Language` is matched against, and `<html lang>`.
    fn tag(self) -> &'static str;

    /// The layer's own text `text` in this language.
    fn kit(self, text: KitText) -> &'static str;

    /// Its place in [`Locale::ALL`].
    fn id(self) -> LocaleId {
        let at = Self::ALL.iter().position(|l| *l == self).unwrap_or(0);
        LocaleId(u8::try_from(at).unwrap_or(0))
    }

    /// The language at `id` (the default for an id of no language).
    fn of(id: LocaleId) -> Self {
        Self::ALL
            .get(usize::from(id.0))
            .or(Self::ALL.first())
            .copied()
            .expect("Locale::ALL names at least one language")
    }

    /// The language whose tag is `tag` (exactly, ignoring ASCII case).
    fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }
}

mod kit_text;
pub use kit_text::KitText;

impl KitText {
    /// This text in the current request's language (English outside one).
    pub fn text(self) -> &'static str {
        match current() {
            Some(locale) => (locale.kit)(locale.id, self),
            None => self.english(),
        }
    }
}

/// A message of the app, in each of its languages: implemented by an enum
/// whose `text` is one exhaustive `match` per language (spec L4).
pub trait Message: Send + Sync + fmt::Debug {
    /// This message in the language `locale` ([`Locale::of`] makes it the
    /// app's type).
    fn text(&self, locale: LocaleId) -> Cow<'static, str>;
}

/// A text a form declares (a label, a rule's message, a choice's label): the
/// app's [`Message`], one of the layer's own, or a text in no particular
/// language (a string literal, for an app with one language).
///
/// `#[field(label = Text::Email, required = Text::EmailRequired)]` declares
/// `Msg::App(&Text::Email)`…; `label = "Email"` declares `Msg::Plain("Email")`.
/// A label or a row's name may hold `{row}` or `{n}`, replaced after
/// translation.
#[derive(Clone, Copy)]
pub enum Msg {
    /// As written, in every language.
    Plain(&'static str),
    /// One of the layer's own texts.
    Kit(KitText),
    /// One of the app's messages.
    App(&'static dyn Message),
}

impl Msg {
    /// The text in the current request's language (on the server: the
    /// request's; in the browser: the page's; elsewhere the default).
    pub fn text(self) -> Cow<'static, str> {
        match self {
            Msg::Plain(text) => Cow::Borrowed(text),
            Msg::Kit(text) => Cow::Borrowed(text.text()),
            Msg::App(message) => message.text(current().map(|l| l.id).unwrap_or_default()),
        }
    }

    /// The text in `locale`, whatever the current request's.
    pub fn text_in<L: Locale>(self, locale: L) -> Cow<'static, str> {
        match self {
            Msg::Plain(text) => Cow::Borrowed(text),
            Msg::Kit(text) => Cow::Borrowed(locale.kit(text)),
            Msg::App(message) => message.text(locale.id()),
        }
    }

    /// Whether the text (in the current language) contains `pattern`.
    pub fn contains(self, pattern: &str) -> bool {
        self.text().contains(pattern)
    }
}

impl From<&'static str> for Msg {
    fn from(text: &'static str) -> Self {
        Msg::Plain(text)
    }
}

impl From<KitText> for Msg {
    fn from(text: KitText) -> Self {
        Msg::Kit(text)
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::Plain(text) => fmt::Debug::fmt(text, f),
            Msg::Kit(text) => fmt::Debug::fmt(text, f),
            Msg::App(message) => fmt::Debug::fmt(message, f),
        }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl PartialEq for Msg {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Msg::Plain(a), Msg::Plain(b)) => a == b,
            (Msg::Kit(a), Msg::Kit(b)) => a == b,
            // The same message is the same static value.
            (Msg::App(a), Msg::App(b)) => std::ptr::addr_eq(*a, *b),
            _ => false,
        }
    }
}

impl Eq for Msg {}

impl PartialEq<&str> for Msg {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

/// A request's language as the layer keeps it: its id, its tag, and how the
/// app translates the layer's texts, whatever the app's [`Locale`] type.
#[derive(Clone, Copy, Debug)]
pub struct RequestLocale {
    pub id: LocaleId,
    pub tag: &'static str,
    kit: fn(LocaleId, KitText) -> &'static str,
}

impl RequestLocale {
    /// `locale` of the app's type `L`.
    pub fn new<L: Locale>(locale: L) -> Self {
        Self {
            id: locale.id(),
            tag: locale.tag(),
            kit: |id, text| L::of(id).kit(text),
        }
    }
}

/// The current request's language (the page's, in the browser); `None` in an
/// app without `FormActions::locales` and outside a request.
pub fn current() -> Option<RequestLocale> {
    #[cfg(feature = "ssr")]
    {
        // The request's own task first: code polled as part of the request's
        // future (an action, a route of the app) always has it, whatever
        // Leptos owner the thread was left with. A render in a task of its
        // own has not: it reads the request in its Leptos context.
        crate::server::task_locale()
            .or_else(|| crate::server::request_extension::<RequestLocale>().flatten())
    }
    #[cfg(not(feature = "ssr"))]
    {
        PAGE_LOCALE.with(|l| l.get())
    }
}

/// The current request's language, of the app's type: in a view, an action, a
/// load, or a route of the app behind `FormActions::locales` (on the server);
/// the page's in the browser. The default (`L::ALL[0]`) outside one.
pub fn use_locale<L: Locale>() -> L {
    L::of(current().map(|l| l.id).unwrap_or_default())
}

/// The current language's tag (`<html lang>`); the default's outside a request.
pub fn lang<L: Locale>() -> &'static str {
    use_locale::<L>().tag()
}

#[cfg(not(feature = "ssr"))]
thread_local! {
    static PAGE_LOCALE: std::cell::Cell<Option<RequestLocale>> = const { std::cell::Cell::new(None) };
}

/// In the browser: takes the page's language from `<html lang>` (which the
/// server set from the request), for the messages islands render. Call it in
/// the app's `hydrate`, before the islands start. Does nothing on the server.
pub fn start_locale<L: Locale>() {
    #[cfg(not(feature = "ssr"))]
    {
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|html| html.get_attribute("lang"));
        let locale = lang
            .as_deref()
            .and_then(L::from_tag)
            .unwrap_or(L::of(LocaleId(0)));
        PAGE_LOCALE.with(|l| l.set(Some(RequestLocale::new(locale))));
    }
}

/// The language of a request: the `locale` cookie's when it names one of
/// `L`'s, else the best match of the `Accept-Language` header (by quality,
/// then order; `ja-JP` matches `ja`), else the default (spec L2).
pub fn negotiate<L: Locale>(cookie: Option<&str>, accept_language: Option<&str>) -> L {
    if let Some(locale) = cookie.and_then(L::from_tag) {
        return locale;
    }
    accept_language
        .and_then(best_match::<L>)
        .unwrap_or(L::of(LocaleId(0)))
}

/// The best of `L`'s languages for an `Accept-Language` value (RFC 9110
/// §12.5.4: ranges by quality, `q=0` refuses, then each range matches a tag
/// equal to it or starting with it and `-`).
fn best_match<L: Locale>(header: &str) -> Option<L> {
    let mut ranges: Vec<(&str, u16)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), quality)?;
            (!range.is_empty() && q > 0).then_some((range, q))
        })
        .collect();
    // Stable: equal qualities keep the header's order.
    ranges.sort_by_key(|r| std::cmp::Reverse(r.1));
    ranges.iter().find_map(|(range, _)| {
        L::ALL.iter().copied().find(|l| {
            let tag = l.tag();
            // `ja-JP` asks for `ja`; a tag `zh-Hant` answers a range `zh`.
            let (a, b) = (range.to_ascii_lowercase(), tag.to_ascii_lowercase());
            a == b
                || a.strip_prefix(b.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
                || b.strip_prefix(a.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    })
}

/// A quality value (`0`, `0.8`, `1.000`) in thousandths; `None` when malformed.
fn quality(text: &str) -> Option<u16> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Lang {
        En,
        Ja,
    }

    impl Locale for Lang {
        const ALL: &'static [Self] = &[Lang::En, Lang::Ja];
        fn tag(self) -> &'static str {
            match self {
                Lang::En => "en",
                Lang::Ja => "ja",
            }
        }
        fn kit(self, text: KitText) -> &'static str {
            match (self, text) {
                (Lang::Ja, KitText::ErrorSummary) => "入力内容に問題があります",
                _ => text.english(),
            }
        }
    }

    #[test]
    fn l2_the_cookie_wins_then_accept_language_then_the_default() {
        assert_eq!(negotiate::<Lang>(Some("ja"), Some("en")), Lang::Ja);
        assert_eq!(negotiate::<Lang>(Some("fr"), Some("ja")), Lang::Ja);
        assert_eq!(negotiate::<Lang>(None, Some("ja-JP,en;q=0.5")), Lang::Ja);
        assert_eq!(
            negotiate::<Lang>(None, Some("fr, ja;q=0.3, en;q=0.8")),
            Lang::En
        );
        assert_eq!(negotiate::<Lang>(None, Some("fr, ja;q=0.3")), Lang::Ja);
        assert_eq!(negotiate::<Lang>(None, Some("ja;q=0, fr")), Lang::En);
        assert_eq!(negotiate::<Lang>(None, Some("JA")), Lang::Ja);
        assert_eq!(negotiate::<Lang>(None, Some("jav, *")), Lang::En);
        assert_eq!(negotiate::<Lang>(None, Some("ja;q=2")), Lang::En);
        assert_eq!(negotiate::<Lang>(None, None), Lang::En);
    }

    #[test]
    fn l1_a_kit_text_is_in_the_current_language_and_english_outside_a_request() {
        assert_eq!(KitText::ErrorSummary.text(), "There is a problem");
        let ja = RequestLocale::new(Lang::Ja);
        assert_eq!(
            (ja.kit)(ja.id, KitText::ErrorSummary),
            "入力内容に問題があります"
        );
        assert_eq!(Lang::of(LocaleId(9)), Lang::En);
    }
}
