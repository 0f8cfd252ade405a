//! A report as Markdown (to read and print), CSV (UTF-8 with a BOM so
//! Excel shows Vietnamese), XLSX (real dates, frozen header) and JSON.
//! Links render as their text everywhere but JSON.

use super::{Cell, Report, format_date};
use crate::diagnostic::{Bilingual, Lang};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use serde::Serialize;

/// The labelled facts above the table: unit, period, due date, recipient,
/// date of the report, then the report's own.
fn facts(report: &Report, lang: Lang) -> Vec<(String, Cell)> {
    let vi = lang == Lang::Vi;
    let mut facts = Vec::new();
    let below = report.units_covered.saturating_sub(1);
    let unit = if below == 0 {
        format!("{} ({})", report.unit_name, report.unit)
    } else if vi {
        format!(
            "{} ({}) và {below} đơn vị trực thuộc",
            report.unit_name, report.unit
        )
    } else {
        format!(
            "{} ({}) and {below} unit(s) below it",
            report.unit_name, report.unit
        )
    };
    facts.push((pick(lang, "Đơn vị", "Unit"), Cell::Text(unit)));
    if let Some(period) = report.period {
        let text = format!(
            "{} ({} – {})",
            period.label().get(lang),
            format_date(period.start(), lang),
            format_date(period.end(), lang)
        );
        facts.push((pick(lang, "Kỳ báo cáo", "Period"), Cell::Text(text)));
    }
    if let Some(due) = report.due {
        facts.push((pick(lang, "Hạn nộp", "Due"), Cell::Date(due)));
    }
    if report.due.is_some() || report.sent_to.is_some() {
        let to = match &report.sent_to {
            Some(unit) => Cell::Text(format!("{} ({})", unit.name, unit.id)),
            None => Cell::label(
                "— (đơn vị cao nhất, không gửi lên)",
                "— (top unit, nothing above it)",
            ),
        };
        facts.push((pick(lang, "Nơi nhận", "Send to"), to));
    }
    facts.push((
        pick(lang, "Ngày lập", "Prepared on"),
        Cell::Date(report.today),
    ));
    for meta in &report.meta {
        facts.push((meta.label.get(lang).to_owned(), meta.value.clone()));
    }
    facts
}

fn pick(lang: Lang, vi: &str, en: &str) -> String {
    Bilingual::new(vi, en).get(lang).to_owned()
}

fn basis(report: &Report, lang: Lang) -> String {
    format!(
        "{}: {} — {}",
        pick(lang, "Căn cứ", "Basis"),
        report.clause,
        report.citation
    )
}

/// Whether every non-empty cell of column `index` is a number.
pub fn numeric_column(report: &Report, index: usize) -> bool {
    let mut cells = report
        .rows_with_total()
        .filter_map(|row| row.get(index))
        .filter(|cell| **cell != Cell::Empty)
        .peekable();
    cells.peek().is_some() && cells.all(|cell| matches!(cell, Cell::Int(_)))
}

fn escape_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The report as Markdown: title, facts, the table, notes.
pub fn render_markdown(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", report.title.get(lang)));
    out.push_str(&format!("{}\n\n", basis(report, lang)));
    for (label, value) in facts(report, lang) {
        out.push_str(&format!("- **{label}:** {}\n", value.display(lang)));
    }
    out.push('\n');
    let header: Vec<String> = report
        .columns
        .iter()
        .map(|c| escape_cell(c.get(lang)))
        .collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let rule: Vec<&str> = (0..report.columns.len())
        .map(|i| {
            if numeric_column(report, i) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in report.rows_with_total() {
        let cells: Vec<String> = (0..report.columns.len())
            .map(|i| {
                row.get(i)
                    .map(|cell| escape_cell(&cell.display(lang)))
                    .unwrap_or_default()
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if report.rows.is_empty() && report.total.is_none() {
        out.push_str(&format!(
            "\n_{}_\n",
            pick(lang, "Không có dòng nào.", "No rows.")
        ));
    }
    if !report.notes.is_empty() {
        out.push_str(&format!("\n**{}:**\n\n", pick(lang, "Ghi chú", "Notes")));
        for note in &report.notes {
            out.push_str(&format!("- {}\n", note.get(lang)));
        }
    }
    out
}

/// A text cell as a spreadsheet may read it without running it: a text
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a
/// formula to Excel and LibreOffice (OWASP "CSV injection"), so it gets a
/// leading `'`, which they show as text. Record values are typed by
/// anyone who can open a pull request.
fn neutralise(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The table as CSV: a UTF-8 BOM, a header row of column labels, then the
/// rows; dates as YYYY-MM-DD, which Excel reads as dates in any locale.
/// Every text cell is neutralised; numbers and dates are the report's own.
pub fn render_csv(report: &Report, lang: Lang) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        let header: Vec<String> = report
            .columns
            .iter()
            .map(|c| neutralise(c.get(lang).to_owned()))
            .collect();
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&header);
        for row in report.rows_with_total() {
            let cells: Vec<String> = (0..report.columns.len())
                .map(|i| match row.get(i) {
                    // ISO in both languages: spreadsheets read it as a date.
                    Some(Cell::Date(date)) => format_date(*date, Lang::En),
                    Some(Cell::Int(n)) => n.to_string(),
                    Some(cell) => neutralise(cell.display(lang)),
                    None => String::new(),
                })
                .collect();
            let _ = writer.write_record(&cells);
        }
        let _ = writer.flush();
    }
    bytes
}

/// The report as JSON (every field, cells tagged with their type, links
/// with their register and key).
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_owned()) + "\n"
}

fn excel_date(date: chrono::NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).ok()?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).ok()
}

/// Width in characters an Excel column needs for `text`.
fn width_of(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

/// What a report's sheet holds around its table: the sheet name, title,
/// basis, the labelled facts and the notes. One place for both workbooks:
/// `itreg report --format xlsx` ([`add_report_sheet`]) and the one a report
/// page makes in the browser from its own table and this frame, as JSON
/// (`itreg.js`).
#[derive(Serialize)]
pub struct SheetFrame {
    sheet: String,
    title: String,
    basis: String,
    facts: Vec<(String, Fact)>,
    notes_label: String,
    notes: Vec<String>,
}

/// A fact's value: in JSON `{"date": "YYYY-MM-DD"}`, a number or a text.
#[derive(Serialize)]
#[serde(untagged)]
enum Fact {
    Date { date: chrono::NaiveDate },
    Count(i64),
    Text(String),
}

pub fn sheet_frame(report: &Report, lang: Lang) -> SheetFrame {
    let facts = facts(report, lang)
        .into_iter()
        .map(|(label, value)| {
            let value = match value {
                Cell::Date(date) => Fact::Date { date },
                Cell::Int(n) => Fact::Count(n),
                other => Fact::Text(other.display(lang)),
            };
            (format!("{label}:"), value)
        })
        .collect();
    SheetFrame {
        sheet: report.id.chars().take(31).collect(),
        title: report.title.get(lang).to_owned(),
        basis: basis(report, lang),
        facts,
        notes_label: pick(lang, "Ghi chú:", "Notes:"),
        notes: report
            .notes
            .iter()
            .map(|note| format!("• {}", note.get(lang)))
            .collect(),
    }
}

/// The report as an XLSX workbook: title and facts on top, then a bold,
/// bordered header row that stays frozen while scrolling (and repeats on
/// every printed page), dates as real Excel dates shown dd/mm/yyyy.
pub fn render_xlsx(report: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = new_workbook(report.today)?;
    add_report_sheet(&mut workbook, report, lang)?;
    workbook.save_to_buffer()
}

/// An empty workbook dated `today`, for [`add_report_sheet`].
fn new_workbook(today: chrono::NaiveDate) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // The creation time comes from the report's date, not the clock, so the
    // same records give a byte-identical workbook.
    let created =
        ExcelDateTime::from_ymd(today.year() as u16, today.month() as u8, today.day() as u8)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

/// The report as one sheet: its [`SheetFrame`] around its table.
fn add_report_sheet(workbook: &mut Workbook, report: &Report, lang: Lang) -> Result<(), XlsxError> {
    let frame = sheet_frame(report, lang);
    let sheet = workbook.add_worksheet();
    sheet.set_name(&frame.sheet)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4

    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let fact_date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(rust_xlsxwriter::FormatAlign::Left);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(rust_xlsxwriter::Color::RGB(0xDDEBF7))
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter);
    let cell_border = Format::new().set_border(FormatBorder::Thin);
    let date_border = date_format.clone().set_border(FormatBorder::Thin);

    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, &frame.title, &title)?;
    row += 1;
    sheet.write_string(row, 0, &frame.basis)?;
    row += 1;
    for (label, value) in &frame.facts {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        match value {
            Fact::Date { date } => match excel_date(*date) {
                Some(excel) => {
                    sheet.write_datetime_with_format(row, 1, &excel, &fact_date)?;
                }
                None => {
                    sheet.write_string(row, 1, format_date(*date, lang))?;
                }
            },
            Fact::Count(n) => {
                sheet.write_number(row, 1, *n as f64)?;
            }
            Fact::Text(text) => {
                sheet.write_string(row, 1, text)?;
            }
        }
        row += 1;
    }
    row += 1;

    let header_row = row;
    let columns = report.columns.len();
    let mut widths: Vec<usize> = report
        .columns
        .iter()
        .map(|c| width_of(c.get(lang)).min(24))
        .collect();
    for (col, label) in report.columns.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, label.get(lang), &header)?;
    }
    for cells in report.rows_with_total() {
        row += 1;
        for (col, width) in widths.iter_mut().enumerate().take(columns) {
            let c = col as u16;
            let cell = cells.get(col).unwrap_or(&Cell::Empty);
            match cell {
                Cell::Empty => {
                    sheet.write_blank(row, c, &cell_border)?;
                }
                Cell::Int(n) => {
                    *width = (*width).max(width_of(&n.to_string()));
                    sheet.write_number_with_format(row, c, *n as f64, &cell_border)?;
                }
                Cell::Date(date) => {
                    *width = (*width).max(10);
                    match excel_date(*date) {
                        Some(excel) => {
                            sheet.write_datetime_with_format(row, c, &excel, &date_border)?;
                        }
                        None => {
                            sheet.write_string_with_format(
                                row,
                                c,
                                cell.display(lang),
                                &cell_border,
                            )?;
                        }
                    }
                }
                other => {
                    let text = other.display(lang);
                    *width = (*width).max(width_of(&text));
                    sheet.write_string_with_format(row, c, text, &cell_border)?;
                }
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        let width = (*width).clamp(8, 60) + 2;
        sheet.set_column_width(col as u16, width as f64)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    if report.rows.is_empty() && report.total.is_none() {
        row += 1;
        sheet.write_string(row, 0, pick(lang, "Không có dòng nào.", "No rows."))?;
    }
    if !frame.notes.is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, &frame.notes_label, &bold)?;
        for note in &frame.notes {
            row += 1;
            sheet.write_string(row, 0, note)?;
        }
    }
    Ok(())
}
