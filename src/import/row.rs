//! Reading one data row's cells as typed values, gathering every problem
//! with the column named as the user knows it.

use super::columns::Column;
use super::dates;
use super::header::DataRow;
use super::table::Cell;
use crate::diagnostic::Bilingual;
use chrono::NaiveDate;

pub struct Fields<'r, 'a> {
    pub row: &'r DataRow<'a>,
    columns: &'static [Column],
    pub problems: Vec<Bilingual>,
}

impl<'r, 'a> Fields<'r, 'a> {
    pub fn new(row: &'r DataRow<'a>, columns: &'static [Column]) -> Self {
        Fields {
            row,
            columns,
            problems: Vec::new(),
        }
    }

    /// The column's name in messages: the regulation's header in lower
    /// case ("ngày trang bị"), and its English name.
    pub fn label(&self, key: &str) -> (String, &'static str) {
        match self.columns.iter().find(|c| c.key == key) {
            Some(column) => (lower_first(column.vi), column.en),
            None => (key.to_owned(), "field"),
        }
    }

    pub fn problem(&mut self, vi: impl Into<String>, en: impl Into<String>) {
        self.problems.push(Bilingual::new(vi, en));
    }

    /// The cell of column `key`, unless blank. A formula error (`#N/A`)
    /// or a formula instead of a value is a problem, not a value: no
    /// record takes text starting with `=`, which a spreadsheet opening
    /// the register's exports would run.
    pub fn cell(&mut self, key: &str) -> Option<&'a Cell> {
        let cell = self.row.get(key)?;
        match cell {
            Cell::Error(error) => {
                let (vi, en) = self.label(key);
                self.problem(
                    format!("ô {vi} có lỗi công thức {error}"),
                    format!("the {en} cell holds the formula error {error}"),
                );
            }
            _ if is_formula(cell) => self.formula(key, &cell.display()),
            _ => return Some(cell),
        }
        None
    }

    /// The problem of a formula (`=…`) where a value belongs.
    pub fn formula(&mut self, key: &str, formula: &str) {
        let (vi, en) = self.label(key);
        self.problem(
            format!("ô {vi} chứa công thức '{formula}' chứ không phải giá trị; mở tệp bằng Excel hoặc LibreOffice rồi lưu lại để có giá trị, hoặc ghi giá trị thay cho công thức"),
            format!("the {en} cell holds the formula '{formula}' rather than a value: open and save the file in Excel or LibreOffice so that the value is computed, or write the value instead of the formula"),
        );
    }

    /// The cell's text (see [`Fields::cell`] for what is not text).
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.cell(key).map(Cell::display)
    }

    /// The cell's text, or a problem when it is blank.
    pub fn required(&mut self, key: &str) -> Option<String> {
        if self.row.get(key).is_none() {
            let (vi, en) = self.label(key);
            self.problem(format!("thiếu {vi}"), format!("{en} is missing"));
            return None;
        }
        self.text(key)
    }

    /// The cell as a date; a problem when it holds something else.
    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let cell = self.cell(key)?;
        let date = dates::parse_cell(cell);
        if date.is_none() {
            self.invalid(key, &cell.display(), "date");
        }
        date
    }

    pub fn required_date(&mut self, key: &str) -> Option<NaiveDate> {
        if self.row.get(key).is_none() {
            let (vi, en) = self.label(key);
            self.problem(format!("thiếu {vi}"), format!("{en} is missing"));
            return None;
        }
        self.date(key)
    }

    /// "ngày trang bị '31/02/2024' không hợp lệ / acquired date
    /// '31/02/2024' is not a valid date".
    pub fn invalid(&mut self, key: &str, value: &str, what_en: &str) {
        let (vi, en) = self.label(key);
        self.problem(
            format!("{vi} '{value}' không hợp lệ"),
            format!("{en} '{value}' is not a valid {what_en}"),
        );
    }

    /// A value outside the accepted list, with the list.
    pub fn unknown(&mut self, key: &str, value: &str, accepted_vi: &str, accepted_en: &str) {
        let (vi, en) = self.label(key);
        self.problem(
            format!("{vi} '{value}' không rõ; ghi một trong: {accepted_vi}"),
            format!("{en} '{value}' is not recognised; write one of: {accepted_en}"),
        );
    }

    /// A whole number of at least 0.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        let cell = self.cell(key)?;
        let count = match cell {
            Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => Some(*n as u64),
            Cell::Text(text) => text.trim().parse().ok(),
            _ => None,
        };
        if count.is_none() {
            self.invalid(key, &cell.display(), "number");
        }
        count
    }
}

/// A formula with no value saved, or text that reads as one (a CSV cell
/// `=HYPERLINK(…)`).
pub fn is_formula(cell: &Cell) -> bool {
    match cell {
        Cell::Formula(_) => true,
        Cell::Text(text) => reads_as_formula(text),
        _ => false,
    }
}

/// Text a spreadsheet would take for a formula.
pub fn reads_as_formula(text: &str) -> bool {
    text.trim_start().starts_with('=')
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Folded words of a cell's text joined by spaces, for matching values.
pub fn folded(text: &str) -> String {
    crate::text::tokens(text).join(" ")
}

/// Whether `phrase` (folded words) occurs as consecutive words of `words`.
pub fn has_phrase(words: &[String], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(wanted.len())
        .any(|window| window.iter().map(String::as_str).eq(wanted.iter().copied()))
}

/// Values and the folded phrases that name them.
pub type Phrases = &'static [(&'static str, &'static [&'static str])];

/// The value named by the longest phrase found among the words of `text`
/// (its slug counts, `-` read as a space). `None` when nothing matches or
/// two values tie, rather than a guess.
pub fn best_phrase(text: &str, table: Phrases) -> Option<&'static str> {
    let words = crate::text::tokens(text);
    let mut best: Option<(&'static str, usize)> = None;
    let mut tied = false;
    for (value, phrases) in table {
        let slug = value.replace('-', " ");
        let longest = std::iter::once(slug.as_str())
            .chain(phrases.iter().copied())
            .filter(|phrase| has_phrase(&words, phrase))
            .map(|phrase| phrase.split(' ').count())
            .max();
        let Some(length) = longest else {
            continue;
        };
        match best {
            Some((other, best_length)) if length == best_length && other != *value => tied = true,
            Some((_, best_length)) if length <= best_length => {}
            _ => {
                best = Some((value, length));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: Phrases = &[
        ("lock", &["khoa"]),
        ("unlock", &["mo khoa"]),
        ("a", &["x y"]),
        ("b", &["y x"]),
    ];

    #[test]
    fn longest_phrase_wins_and_ties_refuse() {
        assert_eq!(best_phrase("Khóa tài khoản", TABLE), Some("lock"));
        assert_eq!(best_phrase("Mở khóa tài khoản", TABLE), Some("unlock"));
        assert_eq!(best_phrase("unlock", TABLE), Some("unlock"));
        assert_eq!(best_phrase("x y x", TABLE), None);
        assert_eq!(best_phrase("", TABLE), None);
    }
}
