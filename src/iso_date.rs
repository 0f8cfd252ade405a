//! Calendar dates as records write them (`2026-11-23`), read strictly and
//! without chrono's `parse_from_str`, which reads its format string again
//! on every call: a build reads and writes hundreds of thousands of dates.

use chrono::NaiveDate;

/// `YYYY-MM-DD` and nothing else, as a real date.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&bytes[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7])?, number(&bytes[8..])?)
}

/// The date a value starts with: a date, or an RFC 3339 timestamp's day.
pub fn parse_start(text: &str) -> Option<NaiveDate> {
    parse(text.get(..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_real_dates_in_the_iso_shape() {
        assert_eq!(parse("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
        for text in [
            "2026-02-30",
            "2026-2-28",
            "26-02-28",
            "2026/02/28",
            "2026-02-28 ",
            "२०२६-02-28",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(
            parse_start("2026-07-01T15:20:00+07:00"),
            NaiveDate::from_ymd_opt(2026, 7, 1)
        );
    }

    proptest! {
        /// Wherever chrono reads a zero-padded date, this reads the same.
        #[test]
        fn agrees_with_chrono(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            prop_assert_eq!(parse(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        }
    }
}
