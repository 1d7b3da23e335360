//! Every text of the app, in each of its languages (spec L1–L7).
//!
//! A text is a value of [`Text`], never a string key, and each language is one
//! file ([`en`], [`ja`]) with one exhaustive `match` over it. So:
//! - a text missing in one language is a `match` that is not exhaustive: the
//!   build fails (E0004), it does not fall back at run time (spec L4);
//! - a text's values (`ItemsLeft(n)`, `Deleted { title }`) are bound by name
//!   in each language, and those files deny unused variables: a translation
//!   that leaves one out fails the build too.
//!
//! The request's language is chosen by the layer (`FormActions::locales`:
//! the `locale` cookie, else `Accept-Language`, else English) and read with
//! [`lang`]; [`t`] gives a text in it. The layer's own texts (the error
//! summary's heading, the `Error: ` prefix, the network error, the default
//! messages of fields) are `KitText`s, translated in each file's `kit`.
//!
//! A third language: a file beside these two (a copy of `en.rs`, translated)
//! and one line in `languages!` below (docs/guide.md, "Languages").
//!
//! Numbers, plurals and dates: format them with ICU4X crates (`icu_plurals`,
//! `icu_decimal`, `icu_datetime`) where the server renders, and give a text
//! what they made; the demo app of this template shows how
//! (`src/i18n/format.rs` there).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

mod text;
pub use text::Text;

pub use crate::kit::i18n::{use_locale, KitText, Locale, LocaleId, Message, Msg};

/// Declares the app's languages, each `Variant = "bcp-47 tag" => module`,
/// the default first: the enum [`Lang`], its `Locale` impl, and which file
/// translates [`Text`] and the layer's texts in each.
macro_rules! languages {
    ($($variant:ident = $tag:literal => $module:ident),+ $(,)?) => {
        $(mod $module;)+

        /// The app's languages, the default first.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Lang {
            $($variant),+
        }

        impl Locale for Lang {
            const ALL: &'static [Self] = &[$(Lang::$variant),+];

            fn tag(self) -> &'static str {
                match self {
                    $(Lang::$variant => $tag),+
                }
            }

            fn kit(self, text: KitText) -> &'static str {
                match self {
                    $(Lang::$variant => $module::kit(text)),+
                }
            }
        }

        impl Lang {
            /// The language's name in itself ("日本語"), for the Language form.
            pub fn name(self) -> &'static str {
                match self {
                    $(Lang::$variant => $module::NAME),+
                }
            }
        }

        impl Text {
            /// This text in `lang`.
            pub fn in_lang(&self, lang: Lang) -> Cow<'static, str> {
                match lang {
                    $(Lang::$variant => $module::text(self)),+
                }
            }
        }
    };
}

languages! {
    En = "en" => en,
    Ja = "ja" => ja,
}

/// The current request's language (the page's, in the browser).
pub fn lang() -> Lang {
    use_locale::<Lang>()
}

/// `text` in the current request's language.
pub fn t(text: Text) -> String {
    text.in_lang(lang()).into_owned()
}

/// A form's messages and labels are `Text`s (`#[field(label = Text::Email)]`),
/// rendered by the layer in each request's language.
impl Message for Text {
    fn text(&self, locale: LocaleId) -> Cow<'static, str> {
        self.in_lang(Lang::of(locale))
    }
}

/// L4, seen at build time: the translations compiled alone with `rustc`
/// (`text.rs`, the layer's `kit_text.rs`, one language's file), as they are
/// and with one mistake each. The mistakes must fail to build.
#[cfg(all(test, feature = "ssr"))]
mod build_check;
