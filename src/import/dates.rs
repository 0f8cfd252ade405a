//! Dates as log books write them: `dd/mm/yyyy` (the Vietnamese order, so
//! `03/04/2024` is 3 April), `ngày 15 tháng 3 năm 2023`, ISO `2023-03-15`,
//! and Excel serial numbers, whether the cell is formatted as a date or
//! not. Anything else is refused rather than guessed: `31/02/2024`,
//! two-digit years, and month-first American dates whose "month" is over 12.

use super::table::Cell;
use chrono::{Months, NaiveDate};

/// Serial numbers accepted as dates: 1950-01-01 to 2100-12-31. Smaller
/// numbers are far more likely counts or months than dates.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 18_264.0..=73_415.0;

/// A cell as a date, if it holds one in an accepted form.
pub fn parse_cell(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(date) => Some(*date),
        Cell::Number(n) => from_serial(*n),
        Cell::Text(text) => parse_text(text),
        _ => None,
    }
}

/// An Excel serial day number (1900 date system) as a date.
pub fn from_serial(serial: f64) -> Option<NaiveDate> {
    if !SERIAL_RANGE.contains(&serial) {
        return None;
    }
    // Day 0 is 1899-12-30 once past Excel's phantom 1900-02-29 (serial 60).
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

pub fn parse_text(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = iso(text)
        .or_else(|| day_first(text))
        .or_else(|| long_form(text))
    {
        return Some(date);
    }
    // A serial number typed or exported as text.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<f64>().ok().and_then(from_serial);
    }
    None
}

/// `2023-03-15`, `2023/03/15`, or an ISO date-time whose date part is that.
fn iso(text: &str) -> Option<NaiveDate> {
    let date_part = text.split(['T', ' ']).next()?;
    let parts = numbers(date_part, &['-', '/'])?;
    match parts[..] {
        [y, m, d]
            if date_part.len() >= 8
                && date_part
                    .chars()
                    .nth(4)
                    .is_some_and(|c| !c.is_ascii_digit()) =>
        {
            ymd(y, m, d)
        }
        _ => None,
    }
}

/// `15/03/2023`, `15-03-2023`, `15.03.2023`, `5/3/2023`.
fn day_first(text: &str) -> Option<NaiveDate> {
    let parts = numbers(text, &['/', '-', '.'])?;
    match parts[..] {
        [d, m, y] if y >= 1000 && d <= 31 => ymd(y, m, d),
        _ => None,
    }
}

/// `ngày 15 tháng 3 năm 2023` (or without diacritics).
fn long_form(text: &str) -> Option<NaiveDate> {
    let tokens = crate::text::tokens(text);
    let after = |word: &str| -> Option<u32> {
        let at = tokens.iter().position(|t| t == word)?;
        tokens.get(at + 1)?.parse().ok()
    };
    ymd(after("nam")?, after("thang")?, after("ngay")?)
}

/// Exactly three numbers separated by one of `separators`.
fn numbers(text: &str, separators: &[char]) -> Option<Vec<u32>> {
    let separator = text.chars().find(|c| separators.contains(c))?;
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    parts.iter().map(|p| p.parse().ok()).collect()
}

fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if year < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A warranty column: an end date, or a length such as `12 tháng`,
/// `3 năm`, `36` (months).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warranty {
    Until(NaiveDate),
    Months(u32),
}

impl Warranty {
    /// The end date, counting a length from `acquired`.
    pub fn until(self, acquired: NaiveDate) -> Option<NaiveDate> {
        match self {
            Warranty::Until(date) => Some(date),
            Warranty::Months(months) => acquired.checked_add_months(Months::new(months)),
        }
    }
}

/// Longest warranty length accepted, in months.
const MAX_WARRANTY_MONTHS: u32 = 600;

pub fn parse_warranty(cell: &Cell) -> Option<Warranty> {
    if let Some(date) = parse_cell(cell) {
        return Some(Warranty::Until(date));
    }
    let months = match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 => Some(*n as u32),
        Cell::Text(text) => length_in_months(text),
        _ => None,
    }?;
    (months <= MAX_WARRANTY_MONTHS).then_some(Warranty::Months(months))
}

fn length_in_months(text: &str) -> Option<u32> {
    let tokens = crate::text::tokens(text);
    match tokens.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [n] => n.parse().ok(),
        [n, "thang" | "month" | "months"] => n.parse().ok(),
        [n, "nam" | "year" | "years"] => n.parse::<u32>().ok()?.checked_mul(12),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_the_forms_log_books_use() {
        for (text, expected) in [
            ("15/03/2023", date(2023, 3, 15)),
            ("5/3/2023", date(2023, 3, 5)),
            ("03/04/2024", date(2024, 4, 3)),
            ("15-03-2023", date(2023, 3, 15)),
            ("15.03.2023", date(2023, 3, 15)),
            ("2023-03-15", date(2023, 3, 15)),
            ("2023/03/15", date(2023, 3, 15)),
            ("2023-03-15T00:00:00", date(2023, 3, 15)),
            ("ngày 15 tháng 3 năm 2023", date(2023, 3, 15)),
            ("Ngay 02 thang 11 nam 2026", date(2026, 11, 2)),
            ("45000", date(2023, 3, 15)),
            (" 29/02/2024 ", date(2024, 2, 29)),
        ] {
            assert_eq!(parse_text(text), expected, "{text}");
        }
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for text in [
            "31/02/2024",
            "29/02/2023",
            "03/15/2023",
            "15/03/23",
            "2023",
            "15/03",
            "",
            "hôm qua",
            "1/2/3/2024",
            "99999999999999999999",
        ] {
            assert_eq!(parse_text(text), None, "{text}");
        }
    }

    #[test]
    fn serials_are_excel_days() {
        assert_eq!(from_serial(45000.0), date(2023, 3, 15));
        assert_eq!(from_serial(45000.75), date(2023, 3, 15));
        assert_eq!(from_serial(36526.0), date(2000, 1, 1));
        assert_eq!(from_serial(12.0), None);
        assert_eq!(from_serial(f64::NAN), None);
        assert_eq!(parse_cell(&Cell::Number(45000.0)), date(2023, 3, 15));
    }

    #[test]
    fn warranty_is_a_date_or_a_length() {
        let acquired = NaiveDate::from_ymd_opt(2023, 3, 15).unwrap();
        let until = |cell: Cell| parse_warranty(&cell).and_then(|w| w.until(acquired));
        assert_eq!(until(Cell::Text("36 tháng".into())), date(2026, 3, 15));
        assert_eq!(until(Cell::Text("3 năm".into())), date(2026, 3, 15));
        assert_eq!(until(Cell::Number(12.0)), date(2024, 3, 15));
        assert_eq!(until(Cell::Text("15/03/2025".into())), date(2025, 3, 15));
        assert_eq!(parse_warranty(&Cell::Text("trọn đời".into())), None);
        assert_eq!(parse_warranty(&Cell::Number(9000.0)), None);
    }
}
