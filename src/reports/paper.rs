//! A paper: one official document as BHXH offices file it
//! (`shared/design/papers.md`). The two-column heading, the title, the
//! "Kính gửi" line, one table with a numbered first column, and the
//! signature blocks. Forms (Mẫu 01, Mẫu 02) and the printable reports are
//! each described once as a [`Paper`]; `render::paper` writes it as HTML
//! and [`super::docx`] as a Word file, so the two cannot drift apart.

use super::{Cell, Report, format_date};
use crate::diagnostic::Lang;
use crate::model::Model;
use chrono::{Datelike, NaiveDate};

/// The parent agency of every unit, as the heading writes it.
pub const AGENCY: &str = "BẢO HIỂM XÃ HỘI VIỆT NAM";
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// What stands for a value written in by hand on a blank form.
pub const DOTS: &str = "………………………";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    /// For tables too wide for a portrait A4 page.
    Landscape,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Paper {
    pub orientation: Orientation,
    /// Left column, first line: the parent agency, upper case.
    pub agency: String,
    /// Left column, second line: the issuing unit, upper case and bold.
    pub unit: String,
    /// Left column, third line: `Số: …/BC-CNTT` (reports).
    pub number: Option<String>,
    /// Right column, third line, in italics: `Hà Nội, ngày 05 tháng 10 năm 2026`.
    pub place_date: Option<String>,
    /// Upper case and bold, centred.
    pub title: String,
    /// Lines under the title (the period of a report).
    pub subtitle: Vec<String>,
    /// The whole line, `Kính gửi: …`.
    pub recipient: Option<String>,
    pub table: PaperTable,
    pub notes: Vec<String>,
    /// A date line over the signature blocks, right (Mẫu 01).
    pub signing_date: Option<String>,
    /// Left to right.
    pub signatures: Vec<Signature>,
}

/// A table whose first column is `STT`; the total row, if any, comes last
/// and is not numbered.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PaperTable {
    /// Every column, `STT` first.
    pub columns: Vec<String>,
    /// Every row, its number first.
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
    /// Per column, whether it holds numbers (right-aligned).
    pub numeric: Vec<bool>,
}

impl PaperTable {
    /// A table of `rows` under `columns`, with an `STT` column put first.
    pub fn numbered(columns: Vec<String>, rows: Vec<Vec<String>>) -> PaperTable {
        let width = columns.len();
        let mut all = vec!["STT".to_owned()];
        all.extend(columns);
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(index, mut row)| {
                row.resize(width, String::new());
                let mut numbered = vec![(index + 1).to_string()];
                numbered.extend(row);
                numbered
            })
            .collect();
        PaperTable {
            numeric: vec![false; all.len()],
            columns: all,
            rows,
            total: None,
        }
    }

    /// `count` empty rows to fill in by hand (a blank form).
    pub fn with_blank_rows(mut self, count: usize) -> PaperTable {
        let width = self.columns.len();
        self.rows
            .extend((0..count).map(|_| vec![String::new(); width]));
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// Upper case and bold: `NGƯỜI LẬP`, `THỦ TRƯỞNG ĐƠN VỊ`, `GIÁM ĐỐC`.
    pub role: String,
    /// In italics: `(Ký, ghi rõ họ tên)`.
    pub note: String,
    /// The signer's full name; empty to write in by hand.
    pub name: String,
}

impl Signature {
    pub fn new(role: &str, note: &str, name: impl Into<String>) -> Signature {
        Signature {
            role: role.to_uppercase(),
            note: note.to_owned(),
            name: name.into(),
        }
    }
}

/// `ngày 05 tháng 10 năm 2026`, as official documents write a date.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// `Hà Nội, ngày 05 tháng 10 năm 2026`; dots for an unknown place.
pub fn place_and_date(place: Option<&str>, date: NaiveDate) -> String {
    format!("{}, {}", place.unwrap_or("……"), long_date(date))
}

/// The line a blank form leaves for the date.
pub fn blank_date() -> String {
    "……, ngày …… tháng …… năm 20……".to_owned()
}

/// The place an official document of `unit` is dated at: its province or
/// city, read from the last part of its address (`…, tỉnh Nam Định` →
/// `Nam Định`), or from the nearest unit above it that has an address.
pub fn unit_place(model: &Model, unit: &str) -> Option<String> {
    model
        .ancestors(unit)
        .iter()
        .filter_map(|id| model.units.get(id.as_str()))
        .filter_map(|unit| model.records.get(unit.index))
        .filter_map(|record| record.value.get("address")?.as_str())
        .find_map(place_of_address)
}

/// The province or city an address ends with, without its kind.
fn place_of_address(address: &str) -> Option<String> {
    let without_note = address.split('(').next().unwrap_or(address);
    let last = without_note.rsplit(',').next()?.trim();
    let lower = last.to_lowercase();
    let place = ["thành phố ", "tỉnh ", "tp. ", "tp "]
        .iter()
        .find(|prefix| lower.starts_with(*prefix))
        .map_or(last, |prefix| last[prefix.len()..].trim());
    (!place.is_empty()).then(|| place.to_owned())
}

/// The heading's left column for `unit`: its parent unit (or the agency
/// for a unit at the top) over the unit itself, both upper case.
pub fn unit_heading(model: &Model, unit: &str) -> (String, String) {
    let name = |id: &str| {
        model
            .units
            .get(id)
            .map_or_else(|| id.to_owned(), |u| u.name.to_string())
    };
    let parent = model
        .units
        .get(unit)
        .and_then(|u| u.parent.as_deref().map(str::to_owned));
    let agency = match parent {
        Some(parent) => name(&parent).to_uppercase(),
        None => AGENCY.to_owned(),
    };
    (agency, name(unit).to_uppercase())
}

/// The two signature blocks of a report: the preparer and the head of the
/// unit, names left to write in.
fn report_signatures(lang: Lang) -> Vec<Signature> {
    match lang {
        Lang::Vi => vec![
            Signature::new("Người lập", "(Ký, ghi rõ họ tên)", ""),
            Signature::new("Thủ trưởng đơn vị", "(Ký tên và đóng dấu)", ""),
        ],
        Lang::En => vec![
            Signature::new("Prepared by", "(signature and full name)", ""),
            Signature::new("Head of unit", "(signature and seal)", ""),
        ],
    }
}

/// Whether a report's table is too wide for portrait A4.
fn wide(report: &Report) -> bool {
    report.columns.len() > 6
}

/// A report as a paper: the unit's heading, the report's title and
/// period, the recipient, its table (numbered, with its total row last),
/// and the signature blocks; dated `--today` at the unit's place.
pub fn report_paper(model: &Model, report: &Report, lang: Lang) -> Paper {
    let mut paper = report_frame(model, report, lang);
    let columns: Vec<String> = report
        .columns
        .iter()
        .map(|c| c.get(lang).to_owned())
        .collect();
    let texts = |row: &[Cell]| -> Vec<String> {
        (0..columns.len())
            .map(|i| row.get(i).map(|c| c.display(lang)).unwrap_or_default())
            .collect()
    };
    let rows = report.rows.iter().map(|row| texts(row)).collect();
    let mut table = PaperTable::numbered(columns.clone(), rows);
    table.total = report.total.as_ref().map(|row| {
        let mut total = vec![String::new()];
        total.extend(texts(row));
        total
    });
    for (column, numeric) in table.numeric.iter_mut().enumerate().skip(1) {
        *numeric = super::numeric_column(report, column - 1);
    }
    paper.table = table;
    paper.notes = report
        .notes
        .iter()
        .map(|n| n.get(lang).to_owned())
        .collect();
    paper
}

/// [`report_paper`] without its table and notes: what a report's page
/// prints around its own table.
pub fn report_frame(model: &Model, report: &Report, lang: Lang) -> Paper {
    let (agency, unit) = unit_heading(model, &report.unit);
    let place = unit_place(model, &report.unit);
    let subtitle = report
        .period
        .map(|period| {
            format!(
                "{} ({} – {})",
                period.label().get(lang),
                format_date(period.start(), lang),
                format_date(period.end(), lang)
            )
        })
        .into_iter()
        .collect();
    let recipient = report.sent_to.as_ref().map(|to| match lang {
        Lang::Vi => format!("Kính gửi: {}", to.name),
        Lang::En => format!("To: {}", to.name),
    });
    Paper {
        orientation: if wide(report) {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        },
        agency,
        unit,
        number: Some("Số: ……/BC-CNTT".to_owned()),
        place_date: Some(match lang {
            Lang::Vi => place_and_date(place.as_deref(), report.today),
            Lang::En => format!(
                "{}, {}",
                place.as_deref().unwrap_or("……"),
                format_date(report.today, Lang::En)
            ),
        }),
        title: report.title.get(lang).to_uppercase(),
        subtitle,
        recipient,
        table: PaperTable::default(),
        notes: Vec::new(),
        signing_date: None,
        signatures: report_signatures(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_the_province_or_city_an_address_ends_with() {
        let place = |a: &str| place_of_address(a);
        assert_eq!(
            place("Số 86 Trần Hưng Đạo, phường Cửa Nam, thành phố Hà Nội").as_deref(),
            Some("Hà Nội")
        );
        assert_eq!(
            place("Số 85 Trần Hưng Đạo, thành phố Nam Định, tỉnh Nam Định (tầng 3)").as_deref(),
            Some("Nam Định")
        );
        assert_eq!(place("Hà Tĩnh").as_deref(), Some("Hà Tĩnh"));
        assert_eq!(place(""), None);
    }

    #[test]
    fn dates_read_as_official_documents_write_them() {
        let date = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        assert_eq!(
            place_and_date(Some("Hà Tĩnh"), date),
            "Hà Tĩnh, ngày 05 tháng 10 năm 2026"
        );
    }

    #[test]
    fn rows_are_numbered_and_padded_to_the_columns() {
        let table = PaperTable::numbered(
            vec!["A".into(), "B".into()],
            vec![vec!["x".into()], vec!["y".into(), "z".into()]],
        );
        assert_eq!(table.columns, ["STT", "A", "B"]);
        assert_eq!(table.rows[0], ["1", "x", ""]);
        assert_eq!(table.rows[1], ["2", "y", "z"]);
    }
}
