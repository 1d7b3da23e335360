//! Numbers, plurals and dates as each language writes them, through ICU4X with
//! its compiled data (CLDR): nothing here is a rule of our own.
//!
//! Called by views that only the server renders: the browser shows what the
//! server wrote.

use std::sync::LazyLock;

use icu_calendar::{Date, Gregorian};
use icu_datetime::{fieldsets::YMD, FixedCalendarDateTimeFormatter};
use icu_decimal::{input::Decimal, DecimalFormatter};
use icu_locale_core::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};

use super::{Count, Lang, Locale, Plural};

/// One language's formatters, made once.
struct Formats {
    plurals: PluralRules,
    numbers: DecimalFormatter,
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

impl Formats {
    fn new(lang: Lang) -> Self {
        let locale: IcuLocale = lang.tag().parse().expect("a language's tag is BCP 47");
        Self {
            plurals: PluralRules::try_new_cardinal((&locale).into())
                .expect("compiled data has every locale"),
            numbers: DecimalFormatter::try_new((&locale).into(), Default::default())
                .expect("compiled data has every locale"),
            dates: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())
                .expect("compiled data has every locale"),
        }
    }
}

/// Each language's, in the order of `Lang::ALL`.
static FORMATS: LazyLock<Vec<Formats>> =
    LazyLock::new(|| Lang::ALL.iter().map(|l| Formats::new(*l)).collect());

fn formats(lang: Lang) -> &'static Formats {
    &FORMATS[usize::from(lang.id().0)]
}

/// `n` in `lang`: its text (`1,234`) and plural category.
pub fn count(lang: Lang, n: u64) -> Count {
    let f = formats(lang);
    let plural = match f.plurals.category_for(n) {
        PluralCategory::Zero => Plural::Zero,
        PluralCategory::One => Plural::One,
        PluralCategory::Two => Plural::Two,
        PluralCategory::Few => Plural::Few,
        PluralCategory::Many => Plural::Many,
        _ => Plural::Other,
    };
    let text = f.numbers.format(&Decimal::from(n)).to_string();
    Count { n, text, plural }
}

/// A date in `lang` (`Dec 24, 2026`, `2026/12/24`).
pub fn date(lang: Lang, date: crate::kit::fields::Date) -> String {
    let d = date.get();
    match Date::try_new_gregorian(d.year(), u8::from(d.month()), d.day()) {
        Ok(gregorian) => formats(lang).dates.format(&gregorian).to_string(),
        // Out of ICU4X's range: as the form writes it.
        Err(_) => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn l5_plurals_and_numbers_follow_the_language() {
        assert_eq!(count(Lang::En, 1).plural, Plural::One);
        assert_eq!(count(Lang::En, 2).plural, Plural::Other);
        assert_eq!(count(Lang::En, 0).plural, Plural::Other);
        assert_eq!(count(Lang::Ja, 1).plural, Plural::Other);
        assert_eq!(count(Lang::En, 1234).text, "1,234");
        assert_eq!(count(Lang::Ja, 1234).text, "1,234");
    }

    #[test]
    fn l5_dates_follow_the_language() {
        let d = crate::kit::fields::Date::new(2026, 12, 24).unwrap();
        assert_eq!(date(Lang::En, d), "Dec 24, 2026");
        assert_eq!(date(Lang::Ja, d), "2026/12/24");
    }
}
