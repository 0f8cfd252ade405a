//! Reading a spreadsheet (XLSX, XLSB, XLS, ODS through calamine) or a CSV
//! file into rows of cells, numbered as the user sees them in Excel.
//!
//! A sheet is built cell by cell within the caps of [`limits`], never as
//! calamine's dense range where that can be avoided: XLSX and XLSB are
//! streamed cell by cell, an ODS file is measured before calamine expands
//! it. An XLS file is the exception: calamine parses the whole workbook
//! into dense ranges when it opens it, and offers no way to look at the
//! declared sizes first. BIFF8 keeps rows and columns to 16 bits, so the
//! worst an XLS file can ask for is 65,536 × 65,536 cells; files Excel
//! writes stop at 65,536 × 256 (about 0.5 GB dense). The caps still apply
//! to what is built from it.

mod limits;
mod ods_scan;

pub use limits::{
    MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_MERGED_CELLS, MAX_MERGED_TEXT_BYTES, MAX_ROWS,
};

use crate::diagnostic::Bilingual;
use calamine::{
    Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsb, Xlsx, XlsxError, XlsxFormulaMetadata,
};
use chrono::NaiveDate;
use limits::Builder;
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};
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
    /// A formula the file holds no value for (a workbook a program wrote
    /// and no spreadsheet has opened since), without its `=`.
    Formula(String),
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
            Cell::Formula(formula) => format!("={formula}"),
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

/// The formats read, told by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// Also `.xlsm`.
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Read every sheet of `path`, by its extension.
pub fn read(path: &Path) -> Result<Vec<Sheet>, Bilingual> {
    let format = Format::of(path).ok_or_else(|| unsupported(path))?;
    let bytes = read_file(path)?;
    sheets(&bytes, format).map_err(|problem| match problem {
        Problem::Unreadable(error) => cannot_read(&path.display().to_string(), &error),
        Problem::Refused(message) => message,
    })
}

/// Read every sheet of a file held in memory (what [`read`] does once it
/// has the bytes; the fuzz target calls it directly).
pub fn read_bytes(bytes: &[u8], format: Format) -> Result<Vec<Sheet>, Bilingual> {
    sheets(bytes, format).map_err(|problem| match problem {
        Problem::Unreadable(error) => Bilingual::new(
            format!("Không đọc được tệp: {error}"),
            format!("Cannot read the file: {error}"),
        ),
        Problem::Refused(message) => message,
    })
}

/// Why a file gave no sheets.
enum Problem {
    /// calamine could not read it; its error, in English.
    Unreadable(String),
    /// It is readable but beyond the caps.
    Refused(Bilingual),
}

impl From<Bilingual> for Problem {
    fn from(message: Bilingual) -> Self {
        Problem::Refused(message)
    }
}

fn unreadable(error: impl std::fmt::Display) -> Problem {
    Problem::Unreadable(error.to_string())
}

fn unsupported(path: &Path) -> Bilingual {
    Bilingual::new(
        format!(
            "Không đọc được {}: chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv",
            path.display()
        ),
        format!(
            "Cannot read {}: only .xlsx, .xls, .ods and .csv files are accepted",
            path.display()
        ),
    )
}

fn cannot_read(file: &str, error: &str) -> Bilingual {
    Bilingual::new(
        format!("Không đọc được {file}: {error}"),
        format!("Cannot read {file}: {error}"),
    )
}

/// The file's bytes, refusing one over [`MAX_FILE_BYTES`] before reading
/// it (and, through `take`, one that grows while it is read).
fn read_file(path: &Path) -> Result<Vec<u8>, Bilingual> {
    let name = path.display().to_string();
    let failed = |e: std::io::Error| cannot_read(&name, &e.to_string());
    let file = std::fs::File::open(path).map_err(failed)?;
    let size = file.metadata().map_err(failed)?.len();
    if size > MAX_FILE_BYTES {
        return Err(limits::too_big((&name, &name), size));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(limits::too_big((&name, &name), bytes.len() as u64));
    }
    Ok(bytes)
}

fn sheets(bytes: &[u8], format: Format) -> Result<Vec<Sheet>, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = bytes.len() as u64;
        return Err(limits::too_big(("Tệp", "The file"), size).into());
    }
    let cursor = Cursor::new(bytes);
    match format {
        Format::Csv => Ok(vec![read_csv(bytes)?]),
        Format::Xlsx => read_xlsx(calamine::open_workbook_from_rs(cursor).map_err(unreadable)?),
        Format::Xlsb => read_xlsb(calamine::open_workbook_from_rs(cursor).map_err(unreadable)?),
        Format::Xls => {
            let mut xls: Xls<_> = calamine::open_workbook_from_rs(cursor).map_err(unreadable)?;
            read_ranges(&mut xls, |xls, name| {
                xls.merge_cells_by_sheet_name(name).unwrap_or_default()
            })
        }
        Format::Ods => {
            ods_scan::check(bytes)?;
            let mut ods: Ods<_> = calamine::open_workbook_from_rs(cursor).map_err(unreadable)?;
            read_ranges(&mut ods, |_, _| Vec::new())
        }
    }
}

/// XLSX sheets streamed cell by cell, so a stray far cell is refused as
/// soon as it is read instead of sizing a dense range.
fn read_xlsx<RS: Read + Seek>(mut workbook: Xlsx<RS>) -> Result<Vec<Sheet>, Problem> {
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let mut sheet = Builder::new(name.as_str());
        match workbook.worksheet_cells_reader(&name) {
            Ok(mut cells) => {
                let mut shared = HashMap::new();
                while let Some(cell) = cells
                    .next_cell_with_formula_metadata()
                    .map_err(unreadable)?
                {
                    let (row, column) = (cell.pos.0 as usize, cell.pos.1 as usize);
                    sheet.put(
                        row,
                        column,
                        xlsx_cell(cell.value, cell.formula, &mut shared),
                    )?;
                }
            }
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => {}
            Err(error) => return Err(unreadable(error)),
        }
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default();
        merge(&mut sheet, &merged)?;
        sheets.push(sheet.finish());
    }
    Ok(sheets)
}

/// A cell's value: for a formula, the value Excel computed and saved with
/// it (`=HYPERLINK("http://x","y")` reads `y`). Only a formula saved
/// without a value keeps its text, as [`Cell::Formula`], which no record
/// takes. `shared` remembers the formulas shared across a range by their
/// index, for the message about a cell of that range.
fn xlsx_cell(
    value: DataRef,
    formula: Option<XlsxFormulaMetadata>,
    shared: &mut HashMap<usize, String>,
) -> Cell {
    let text = match formula {
        Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
        Some(XlsxFormulaMetadata::Shared {
            shared_index,
            formula,
            ..
        }) => {
            shared.insert(shared_index, formula.clone());
            Some(formula)
        }
        Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
            Some(shared.get(&shared_index).cloned().unwrap_or_default())
        }
        Some(_) | None => None,
    };
    // No `<v>` at all: never computed. An empty `<v>` is a computed "".
    match (value, text) {
        (DataRef::Empty, Some(formula)) => Cell::Formula(formula),
        (value, _) => cell_from_data(&Data::from(value)),
    }
}

/// XLSB sheets, streamed like XLSX (the format records no merged cells
/// calamine reads).
fn read_xlsb<RS: Read + Seek>(mut workbook: Xlsb<RS>) -> Result<Vec<Sheet>, Problem> {
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let mut sheet = Builder::new(name.as_str());
        let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
        while let Some(cell) = cells.next_cell().map_err(unreadable)? {
            let (row, column) = cell.get_position();
            let value = cell_from_data(&Data::from(cell.get_value().clone()));
            sheet.put(row as usize, column as usize, value)?;
        }
        sheets.push(sheet.finish());
    }
    Ok(sheets)
}

/// XLS and ODS sheets from calamine's ranges (see the module comment for
/// XLS; an ODS file has been measured by [`ods_scan`] first).
fn read_ranges<RS: Read + Seek, R: Reader<RS>>(
    workbook: &mut R,
    merged: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<Vec<Sheet>, Problem>
where
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let mut sheet = Builder::new(name.as_str());
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (row, column, data) in range.used_cells() {
            let row = first_row as usize + row;
            sheet.put(row, first_column as usize + column, cell_from_data(data))?;
        }
        drop(range);
        merge(&mut sheet, &merged(workbook, &name))?;
        sheets.push(sheet.finish());
    }
    Ok(sheets)
}

fn merge(sheet: &mut Builder, regions: &[Dimensions]) -> Result<(), Bilingual> {
    for region in regions {
        let corner = |(row, column): (u32, u32)| (row as usize, column as usize);
        sheet.merge(corner(region.start), corner(region.end))?;
    }
    Ok(())
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
        // calamine prints it as Excel shows it, `#N/A`.
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A CSV file as Excel saves it: UTF-8 with or without a byte-order mark,
/// separated by `,` or (with Vietnamese regional settings) `;`, or tabs.
/// Its rows and columns have the caps of a sheet.
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
    let mut sheet = Builder::new("CSV");
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Bilingual::new(
                format!("Tệp CSV lỗi ở dòng {}: {e}", i + 1),
                format!("The CSV file is malformed at row {}: {e}", i + 1),
            )
        })?;
        for (column, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                sheet.put(i, column, Cell::Text(field.to_owned()))?;
            }
        }
    }
    Ok(sheet.finish())
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
    fn a_file_over_the_cap_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lon.csv");
        // Sparse: no disk space, and nothing is read.
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let error = read(&path).unwrap_err();
        assert!(
            error
                .vi
                .ends_with("nặng 257 MB, quá mức 256 MB itreg đọc; hãy chia sổ thành nhiều tệp"),
            "{}",
            error.vi
        );
        assert!(
            error
                .en
                .contains("is 257 MB, more than the 256 MB itreg reads"),
            "{}",
            error.en
        );
    }

    #[test]
    fn csv_beyond_the_caps_is_refused() {
        let wide = format!("{}x\n", ",".repeat(MAX_COLUMNS));
        let error = read_csv(wide.as_bytes()).unwrap_err();
        assert!(
            error.en.starts_with("Sheet \"CSV\" has data in cell GS1,"),
            "{}",
            error.en
        );
        // Trailing empty fields are no data.
        let padded = format!("x{}\n", ",".repeat(5 * MAX_COLUMNS));
        assert_eq!(read_csv(padded.as_bytes()).unwrap().rows[0].cells.len(), 1);
        let long = "x\n".repeat(MAX_ROWS + 1);
        let error = read_csv(long.as_bytes()).unwrap_err();
        assert!(
            error
                .en
                .contains("cell A200001, making its data range A1:A200001"),
            "{}",
            error.en
        );
    }

    #[test]
    fn formula_errors_read_as_excel_shows_them() {
        let error = cell_from_data(&Data::Error(calamine::CellErrorType::NA));
        assert_eq!(error, Cell::Error("#N/A".into()));
    }

    #[test]
    fn whole_numbers_print_without_decimals() {
        assert_eq!(number_text(912345678.0), "912345678");
        assert_eq!(number_text(1.5), "1.5");
    }
}
