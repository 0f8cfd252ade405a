//! How much of a spreadsheet itreg reads, and building a sheet within it.
//!
//! calamine keeps a sheet as a dense range: rows × columns from the first
//! cell with data to the last. A 1.6 KB workbook with one stray value at
//! XFD1048576 is then 17 billion cells, and the import ran the machine out
//! of memory (issue 21). Sheets are therefore built here, cell by cell,
//! and refused with a message naming the sheet, the cell and the caps
//! once their data reaches beyond them; nothing grows past the caps first.
//!
//! The caps are far above a real log book (a unit's equipment book runs
//! to a few thousand rows of about twenty columns) and keep the largest
//! sheet read to a few hundred megabytes.

use super::{Cell, Row, Sheet};
use crate::diagnostic::Bilingual;

/// The last row (as Excel numbers it) that may hold data.
pub const MAX_ROWS: usize = 200_000;
/// The last column that may hold data: 200 is column GR.
pub const MAX_COLUMNS: usize = 200;
/// Cells in a sheet's used range, counted as itreg stores them: the rows
/// from the first to the last with data, times the columns from A to the
/// last with data. 6 million is 200,000 rows of 30 columns.
pub const MAX_CELLS: usize = 6_000_000;
/// Cells that merged regions may cover in one sheet, each copied the
/// merged value, and the text those copies may add up to. A log book
/// merges its title and group headers, perhaps a unit's name down its
/// rows: a few hundred thousand cells at most. (Fuzzing found fifty
/// regions over 200,000 rows each took 11 s under the sanitizer with a
/// cap of 6 million.)
pub const MAX_MERGED_CELLS: usize = 1_000_000;
pub const MAX_MERGED_TEXT_BYTES: usize = 64 << 20;
/// The largest file read (a 200,000-row log book is about 30 MB as XLSX
/// and 60 MB as CSV).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// The rows and columns a sheet's data spans so far, checked against the
/// caps each time it grows.
#[derive(Debug, Default)]
pub struct Extent {
    /// First and last row with data (0-based), and the columns from A to
    /// the last one with data.
    span: Option<(usize, usize, usize)>,
}

impl Extent {
    /// Take in data at (`row`, `column`), 0-based; refused when the used
    /// range would then exceed the caps.
    pub fn reach(&mut self, sheet: &str, row: usize, column: usize) -> Result<(), Bilingual> {
        let (first, last, width) = match self.span {
            Some((first, last, width)) => (first.min(row), last.max(row), width.max(column + 1)),
            None => (row, row, column.saturating_add(1)),
        };
        let cells = (last - first + 1).saturating_mul(width);
        if row >= MAX_ROWS || column >= MAX_COLUMNS || cells > MAX_CELLS {
            return Err(outside(sheet, (row, column), (first, last, width)));
        }
        self.span = Some((first, last, width));
        Ok(())
    }

    pub fn first_row(&self) -> Option<usize> {
        self.span.map(|(first, _, _)| first)
    }
}

/// A sheet under construction: rows by index (0 is Excel's row 1), each
/// with its cells from column A.
pub struct Builder {
    name: String,
    rows: Vec<Vec<Cell>>,
    extent: Extent,
    merged_cells: usize,
    merged_bytes: usize,
}

impl Builder {
    pub fn new(name: impl Into<String>) -> Self {
        Builder {
            name: name.into(),
            rows: Vec::new(),
            extent: Extent::default(),
            merged_cells: 0,
            merged_bytes: 0,
        }
    }

    /// Put a cell, 0-based. Blank cells are dropped: a formatted but empty
    /// cell far from the table neither counts nor costs anything.
    pub fn put(&mut self, row: usize, column: usize, cell: Cell) -> Result<(), Bilingual> {
        if cell.is_blank() {
            return Ok(());
        }
        self.extent.reach(&self.name, row, column)?;
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
        Ok(())
    }

    /// Copy a merged region's value (Excel keeps it in the top-left cell
    /// only) into every cell of the region, so a header spanning two
    /// columns labels both and a unit name merged down several rows
    /// belongs to each. Only the rows and columns with data are filled.
    /// `top_left` and `bottom_right` are 0-based (row, column).
    pub fn merge(
        &mut self,
        top_left: (usize, usize),
        bottom_right: (usize, usize),
    ) -> Result<(), Bilingual> {
        let ((top, left), (bottom, right)) = (top_left, bottom_right);
        let bottom = bottom.min(self.rows.len().saturating_sub(1));
        let right = right.min(MAX_COLUMNS - 1);
        if top > bottom || left > right {
            return Ok(());
        }
        let value = self.rows[top].get(left).cloned().unwrap_or(Cell::Empty);
        let covered = (bottom - top + 1) * (right - left + 1);
        self.charge_merge(covered, text_len(&value))?;
        for cells in &mut self.rows[top..=bottom] {
            fill(cells, left, right, &value);
        }
        Ok(())
    }

    fn charge_merge(&mut self, cells: usize, text_bytes: usize) -> Result<(), Bilingual> {
        self.merged_cells = self.merged_cells.saturating_add(cells);
        self.merged_bytes = self
            .merged_bytes
            .saturating_add(cells.saturating_mul(text_bytes));
        if self.merged_cells > MAX_MERGED_CELLS || self.merged_bytes > MAX_MERGED_TEXT_BYTES {
            return Err(too_merged(&self.name));
        }
        Ok(())
    }

    /// The rows from the first with data to the last, numbered as Excel
    /// numbers them.
    pub fn finish(self) -> Sheet {
        let first = self.extent.first_row().unwrap_or(self.rows.len());
        let rows = self
            .rows
            .into_iter()
            .enumerate()
            .skip(first)
            .map(|(index, cells)| Row {
                number: index + 1,
                cells,
            })
            .collect();
        Sheet {
            name: self.name,
            rows,
        }
    }
}

/// Write `value` over columns `left..=right` of a row. A blank value only
/// clears the cells the row has: Excel shows nothing there.
fn fill(cells: &mut Vec<Cell>, left: usize, right: usize, value: &Cell) {
    if value.is_blank() {
        let end = cells.len().min(right + 1);
        for cell in cells.iter_mut().take(end).skip(left) {
            *cell = Cell::Empty;
        }
        return;
    }
    if cells.len() <= right {
        cells.resize(right + 1, Cell::Empty);
    }
    for cell in &mut cells[left..=right] {
        *cell = value.clone();
    }
}

fn text_len(cell: &Cell) -> usize {
    match cell {
        Cell::Text(text) | Cell::Formula(text) | Cell::Error(text) => text.len(),
        _ => 0,
    }
}

/// `A`, `Z`, `AA`… `XFD`, for a 0-based column.
pub fn column_name(column: usize) -> String {
    let mut name = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `B7` for 0-based row 6, column 1.
pub fn cell_name(row: usize, column: usize) -> String {
    format!("{}{}", column_name(column), row.saturating_add(1))
}

/// 200000 as `200.000` (Vietnamese) or `200,000` (English).
pub fn grouped(n: usize, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Data at `cell` would take the sheet's used range (first row, last row,
/// width) beyond the caps.
fn outside(sheet: &str, cell: (usize, usize), span: (usize, usize, usize)) -> Bilingual {
    let (first, last, width) = span;
    let at = cell_name(cell.0, cell.1);
    let range = format!("A{}:{}", first + 1, cell_name(last, width - 1));
    let last_column = column_name(MAX_COLUMNS - 1);
    Bilingual::new(
        format!(
            "Trang tính \"{sheet}\" có dữ liệu ở ô {at}, làm vùng dữ liệu thành {range}, vượt mức itreg đọc (tối đa {} dòng, {MAX_COLUMNS} cột (tới cột {last_column}) và {} ô). Nếu đó là ô thừa nằm xa bên dưới hoặc bên phải bảng, hãy xoá nó (chọn các dòng, cột trống sau bảng rồi Delete) và lưu lại; nếu bảng thật sự lớn hơn, hãy chia thành nhiều tệp",
            grouped(MAX_ROWS, '.'),
            grouped(MAX_CELLS, '.'),
        ),
        format!(
            "Sheet \"{sheet}\" has data in cell {at}, making its data range {range}, beyond what itreg reads (at most {} rows, {MAX_COLUMNS} columns (up to column {last_column}) and {} cells). If it is a stray cell far below or to the right of the table, delete it (select the empty rows and columns after the table, then Delete) and save again; if the table really is that large, split it into several files",
            grouped(MAX_ROWS, ','),
            grouped(MAX_CELLS, ','),
        ),
    )
}

fn too_merged(sheet: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "Trang tính \"{sheet}\" có các vùng ô gộp phủ hơn {} ô hoặc chép hơn {} MB chữ, vượt mức itreg đọc; hãy bỏ gộp các vùng thừa (Merge & Center → Unmerge) rồi lưu lại",
            grouped(MAX_MERGED_CELLS, '.'),
            MAX_MERGED_TEXT_BYTES >> 20,
        ),
        format!(
            "Sheet \"{sheet}\" has merged regions covering more than {} cells or copying more than {} MB of text, beyond what itreg reads; unmerge the stray regions (Merge & Center → Unmerge) and save again",
            grouped(MAX_MERGED_CELLS, ','),
            MAX_MERGED_TEXT_BYTES >> 20,
        ),
    )
}

/// A file over [`MAX_FILE_BYTES`], named in each language.
pub fn too_big((vi, en): (&str, &str), bytes: u64) -> Bilingual {
    let mb = |n: u64| n.div_ceil(1 << 20);
    Bilingual::new(
        format!(
            "{vi} nặng {} MB, quá mức {} MB itreg đọc; hãy chia sổ thành nhiều tệp",
            mb(bytes),
            mb(MAX_FILE_BYTES)
        ),
        format!(
            "{en} is {} MB, more than the {} MB itreg reads; split the log book into several files",
            mb(bytes),
            mb(MAX_FILE_BYTES)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(MAX_COLUMNS - 1), "GR");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(grouped(6_000_000, '.'), "6.000.000");
        assert_eq!(grouped(200, ','), "200");
    }

    #[test]
    fn a_far_cell_is_refused_before_anything_grows() {
        let mut sheet = Builder::new("Sổ");
        sheet.put(0, 0, Cell::Text("Tên".into())).unwrap();
        let error = sheet.put(1_048_575, 16_383, Cell::Number(1.0)).unwrap_err();
        assert!(error.vi.starts_with("Trang tính \"Sổ\" có dữ liệu ở ô XFD1048576, làm vùng dữ liệu thành A1:XFD1048576, vượt mức itreg đọc (tối đa 200.000 dòng, 200 cột (tới cột GR) và 6.000.000 ô)"), "{}", error.vi);
        assert!(
            error.en.contains(
                "at most 200,000 rows, 200 columns (up to column GR) and 6,000,000 cells"
            ),
            "{}",
            error.en
        );
        assert_eq!(sheet.rows.len(), 1);
        // A blank far cell costs nothing.
        sheet
            .put(1_048_575, 16_383, Cell::Text(" ".into()))
            .unwrap();
        // Within the row and column caps, the used range is capped too.
        let error = sheet.put(MAX_ROWS - 1, MAX_COLUMNS - 1, Cell::Bool(true));
        assert!(error.unwrap_err().en.contains("A1:GR200000"));
        assert_eq!(sheet.finish().rows.len(), 1);
    }

    #[test]
    fn merges_fill_the_rows_with_data_and_are_capped() {
        let mut sheet = Builder::new("S");
        sheet.put(2, 0, Cell::Text("Bảo hành".into())).unwrap();
        sheet.put(3, 3, Cell::Number(1.0)).unwrap();
        sheet.merge((2, 0), (9, 1)).unwrap();
        // Above the data, or right of the column cap: nothing to fill.
        sheet.merge((0, 0), (1, 5)).unwrap();
        sheet.merge((2, MAX_COLUMNS), (3, 16_383)).unwrap();
        let built = sheet.finish();
        assert_eq!(built.rows.len(), 2);
        assert_eq!(built.rows[0].number, 3);
        for row in &built.rows {
            assert_eq!(
                row.cells[..2],
                [Cell::Text("Bảo hành".into()), Cell::Text("Bảo hành".into())]
            );
        }

        let mut sheet = Builder::new("S");
        sheet.put(0, 0, Cell::Text("x".repeat(1000))).unwrap();
        sheet.put(MAX_ROWS - 1, 0, Cell::Number(1.0)).unwrap();
        // 200,000 copies of 1000 bytes would be 200 MB.
        let error = sheet.merge((0, 0), (MAX_ROWS - 1, 0)).unwrap_err();
        assert!(
            error.en.contains("merged regions covering more than"),
            "{}",
            error.en
        );
    }
}
