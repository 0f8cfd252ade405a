//! Reading a spreadsheet (XLSX, XLS, ODS through calamine) or a CSV file
//! into rows of cells, numbered as the user sees them in Excel.

use crate::diagnostic::Bilingual;
use calamine::{Data, Dimensions, Reader, Sheets};
use chrono::NaiveDate;
use std::path::Path;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date.
    Date(NaiveDate),
    Bool(bool),
    /// A formula error such as `#N/A`.
    Error(String),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user reads it: trimmed text, whole numbers without
    /// `.0`, dates as `YYYY-MM-DD`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().replace("\r\n", "\n"),
            Cell::Number(n) => number_text(*n),
            Cell::Date(date) => date.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Whole numbers without a decimal point (serials, phone numbers, counts).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based, counting every row above, as Excel shows it.
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Read every sheet of `path`, by its extension.
pub fn read(path: &Path) -> Result<Vec<Sheet>, Bilingual> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => {
            let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e.to_string()))?;
            Ok(vec![read_csv(&bytes)?])
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => read_workbook(path),
        _ => Err(Bilingual::new(
            format!(
                "Không đọc được {}: chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv",
                path.display()
            ),
            format!(
                "Cannot read {}: only .xlsx, .xls, .ods and .csv files are accepted",
                path.display()
            ),
        )),
    }
}

fn cannot_read(path: &Path, error: &str) -> Bilingual {
    Bilingual::new(
        format!("Không đọc được {}: {error}", path.display()),
        format!("Cannot read {}: {error}", path.display()),
    )
}

fn read_workbook(path: &Path) -> Result<Vec<Sheet>, Bilingual> {
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| cannot_read(path, &e.to_string()))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| cannot_read(path, &e.to_string()))?;
        let merged = merged_regions(&mut workbook, &name);
        sheets.push(sheet_from_range(name, &range, &merged));
    }
    Ok(sheets)
}

/// Merged cells, where the format records them; a sheet without that
/// information reads as if nothing were merged.
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Rows with absolute column positions. Excel keeps a merged cell's value
/// in its top-left cell only; it is copied into the whole region, so a
/// header spanning two columns labels both and a unit name merged down
/// several rows belongs to each of them.
fn sheet_from_range(name: String, range: &calamine::Range<Data>, merged: &[Dimensions]) -> Sheet {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = vec![Cell::Empty; first_col as usize];
            row.extend(cells.iter().map(cell_from_data));
            Row {
                number: first_row as usize + i + 1,
                cells: row,
            }
        })
        .collect();
    for region in merged {
        fill_merged(&mut rows, first_row as usize, region);
    }
    Sheet { name, rows }
}

/// Widest table read; a region merged across a whole row stops here.
const MAX_COLUMNS: usize = 1024;

fn fill_merged(rows: &mut [Row], first_row: usize, region: &Dimensions) {
    let (top, left) = (region.start.0 as usize, region.start.1 as usize);
    let bottom = region.end.0 as usize;
    let right = (region.end.1 as usize).min(MAX_COLUMNS - 1);
    if left > right {
        return;
    }
    let Some(top_index) = top.checked_sub(first_row) else {
        return;
    };
    let Some(value) = rows.get(top_index).map(|row| row.cell(left).clone()) else {
        return;
    };
    for index in top_index..=bottom.saturating_sub(first_row) {
        let Some(row) = rows.get_mut(index) else {
            break;
        };
        if row.cells.len() <= right {
            row.cells.resize(right + 1, Cell::Empty);
        }
        for cell in &mut row.cells[left..=right] {
            *cell = value.clone();
        }
    }
}

fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e}")),
    }
}

/// A CSV file as Excel saves it: UTF-8 with or without a byte-order mark,
/// separated by `,` or (with Vietnamese regional settings) `;`, or tabs.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, Bilingual> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Bilingual::new(
            "Tệp CSV không phải UTF-8; trong Excel hãy lưu bằng \"CSV UTF-8 (Comma delimited)\"",
            "The CSV file is not UTF-8; in Excel, save it as \"CSV UTF-8 (Comma delimited)\"",
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(guess_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Bilingual::new(
                format!("Tệp CSV lỗi ở dòng {}: {e}", i + 1),
                format!("The CSV file is malformed at row {}: {e}", i + 1),
            )
        })?;
        let cells = record
            .iter()
            .map(|field| match field.trim() {
                "" => Cell::Empty,
                _ => Cell::Text(field.to_owned()),
            })
            .collect();
        rows.push(Row {
            number: i + 1,
            cells,
        });
    }
    Ok(Sheet {
        name: "CSV".into(),
        rows,
    })
}

/// The separator that occurs most in the first lines, outside quotes.
fn guess_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in text.bytes().take(8192) {
        match c {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                for (delimiter, count) in &mut counts {
                    if c == *delimiter {
                        *count += 1;
                    }
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, count)| *count)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons() {
        let sheet = read_csv("\u{feff}Tên;Số seri\n\"Máy; in\";123\n\n;x\n".as_bytes()).unwrap();
        let texts: Vec<Vec<String>> = sheet
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::display).collect())
            .collect();
        assert_eq!(texts[0], ["Tên", "Số seri"]);
        assert_eq!(texts[1], ["Máy; in", "123"]);
        assert_eq!(sheet.rows.last().unwrap().number, 3);
    }

    #[test]
    fn csv_must_be_utf8() {
        assert!(read_csv(b"T\xean;x\n").is_err());
    }

    #[test]
    fn merged_regions_fill_every_cell() {
        let mut rows = vec![
            Row {
                number: 3,
                cells: vec![Cell::Text("Bảo hành".into()), Cell::Empty],
            },
            Row {
                number: 4,
                cells: vec![Cell::Empty],
            },
        ];
        fill_merged(
            &mut rows,
            2,
            &Dimensions {
                start: (2, 0),
                end: (3, 1),
            },
        );
        assert!(
            rows.iter().all(|r| r.cells.len() == 2
                && r.cells.iter().all(|c| c == &Cell::Text("Bảo hành".into())))
        );
        // A region outside the sheet's rows is ignored, not a panic.
        fill_merged(
            &mut rows,
            2,
            &Dimensions {
                start: (0, 0),
                end: (9, 9),
            },
        );
    }

    #[test]
    fn whole_numbers_print_without_decimals() {
        assert_eq!(number_text(912345678.0), "912345678");
        assert_eq!(number_text(1.5), "1.5");
    }
}
