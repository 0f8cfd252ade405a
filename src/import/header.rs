//! Finding the table in a sheet: the header row (below any title rows, one
//! or two rows high when headers are grouped under merged cells), which
//! column holds which field, and the data rows under it.

use super::columns::{Column, SKIPPED};
use super::table::{Cell, Row, Sheet};
use crate::diagnostic::Bilingual;

/// How far down the header may sit.
const SEARCH_ROWS: usize = 30;

/// Where the table is and what its columns mean.
#[derive(Debug)]
pub struct Layout {
    pub sheet: usize,
    /// Excel number of the header's last row.
    pub header_row: usize,
    /// Index in the sheet's rows of the first row under the header.
    first_data: usize,
    /// Sheet column → log book column.
    pub columns: Vec<(usize, &'static Column)>,
    /// Headers that matched no column, or a column already taken.
    pub ignored: Vec<String>,
}

impl Layout {
    pub fn has(&self, key: &str) -> bool {
        self.columns.iter().any(|(_, column)| column.key == key)
    }
}

/// The best table across `sheets`, or why there is none.
pub fn find(sheets: &[Sheet], columns: &'static [Column]) -> Result<Layout, Bilingual> {
    let best = sheets
        .iter()
        .enumerate()
        .flat_map(|(index, sheet)| candidates(index, sheet, columns))
        .max_by_key(|candidate| candidate.score)
        .filter(|candidate| candidate.score.found > 0);
    let Some(best) = best else {
        return Err(no_header(columns));
    };
    let missing: Vec<&Column> = columns
        .iter()
        .filter(|c| c.required && !best.layout.has(c.key))
        .collect();
    if !missing.is_empty() {
        return Err(missing_columns(
            &missing,
            &sheets[best.layout.sheet],
            best.layout.header_row,
        ));
    }
    Ok(best.layout)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    required: usize,
    found: usize,
    exact: usize,
    /// Prefer one header row, then the topmost.
    shorter: std::cmp::Reverse<usize>,
    higher: std::cmp::Reverse<usize>,
}

struct Candidate {
    score: Score,
    layout: Layout,
}

fn candidates<'a>(
    sheet_index: usize,
    sheet: &'a Sheet,
    columns: &'static [Column],
) -> impl Iterator<Item = Candidate> + 'a {
    let rows = &sheet.rows;
    (0..rows.len().min(SEARCH_ROWS))
        .flat_map(move |start| [1, 2].map(move |height| (start, height)))
        .filter(move |(start, height)| start + height <= rows.len())
        .map(move |(start, height)| {
            let labels = header_labels(&rows[start..start + height]);
            evaluate(sheet_index, rows, start, height, &labels, columns)
        })
}

/// Each column's header text. With two header rows, a group header
/// (copied across its merged cells) is joined with the header under it:
/// "Bảo hành" over "Thời hạn" reads "Bảo hành Thời hạn".
fn header_labels(rows: &[Row]) -> Vec<String> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            let top = rows[0].cell(c).display();
            let bottom = rows.get(1).map(|r| r.cell(c).display()).unwrap_or_default();
            if bottom.is_empty() || bottom == top {
                top
            } else if top.is_empty() {
                bottom
            } else {
                format!("{top} {bottom}")
            }
        })
        .collect()
}

fn evaluate(
    sheet: usize,
    rows: &[Row],
    start: usize,
    height: usize,
    labels: &[String],
    columns: &'static [Column],
) -> Candidate {
    let mut mapped: Vec<(usize, &'static Column)> = Vec::new();
    let mut ignored = Vec::new();
    let mut exact = 0;
    for (index, label) in labels.iter().enumerate() {
        let words = crate::text::tokens(label);
        if words.is_empty() || SKIPPED.contains(&words.join(" ").as_str()) {
            continue;
        }
        match best_column(&words, columns) {
            Some((column, is_exact)) if !mapped.iter().any(|(_, c)| c.key == column.key) => {
                exact += usize::from(is_exact);
                mapped.push((index, column));
            }
            _ => ignored.push(label.clone()),
        }
    }
    let score = Score {
        required: mapped.iter().filter(|(_, c)| c.required).count(),
        found: mapped.len(),
        exact,
        shorter: std::cmp::Reverse(height),
        higher: std::cmp::Reverse(start),
    };
    let last = start + height - 1;
    Candidate {
        score,
        layout: Layout {
            sheet,
            header_row: rows[last].number,
            first_data: last + 1,
            columns: mapped,
            ignored,
        },
    }
}

/// The column a header names, and whether it names it exactly. A header
/// may also contain a synonym of two words or more among other words
/// ("Điều kiện bảo hành (tại chỗ hay không)"); the longest such wins.
fn best_column(words: &[String], columns: &'static [Column]) -> Option<(&'static Column, bool)> {
    let mut best: Option<(&'static Column, (bool, usize))> = None;
    for column in columns {
        let folded_vi = crate::text::tokens(column.vi).join(" ");
        for synonym in std::iter::once(folded_vi.as_str()).chain(column.synonyms.iter().copied()) {
            let wanted: Vec<&str> = synonym.split(' ').collect();
            let exact = words.iter().map(String::as_str).eq(wanted.iter().copied());
            let contained =
                wanted.len() >= 2 && wanted.iter().all(|w| words.iter().any(|word| word == w));
            if !exact && !contained {
                continue;
            }
            let rank = (exact, wanted.len());
            if best.is_none_or(|(_, best_rank)| rank > best_rank) {
                best = Some((column, rank));
            }
        }
    }
    best.map(|(column, (exact, _))| (column, exact))
}

fn column_list(columns: &[&Column]) -> (String, String) {
    let vi = columns.iter().map(|c| c.vi).collect::<Vec<_>>().join(", ");
    let en = columns.iter().map(|c| c.en).collect::<Vec<_>>().join(", ");
    (vi, en)
}

fn no_header(columns: &[Column]) -> Bilingual {
    let required: Vec<&Column> = columns.iter().filter(|c| c.required).collect();
    let (vi, en) = column_list(&required);
    Bilingual::new(
        format!("Không tìm thấy dòng tiêu đề của bảng; cần có các cột: {vi}"),
        format!("No table header found; the table needs the columns: {en}"),
    )
}

fn missing_columns(missing: &[&Column], sheet: &Sheet, row: usize) -> Bilingual {
    let (vi, en) = column_list(missing);
    Bilingual::new(
        format!(
            "Bảng thiếu cột bắt buộc: {vi} (dòng tiêu đề là dòng {row}, trang tính \"{}\")",
            sheet.name
        ),
        format!(
            "The table lacks required columns: {en} (header on row {row}, sheet \"{}\")",
            sheet.name
        ),
    )
}

/// One row under the header, with its cells by column key.
#[derive(Debug)]
pub struct DataRow<'a> {
    pub number: usize,
    cells: Vec<(&'static str, &'a Cell)>,
}

impl<'a> DataRow<'a> {
    /// The cell of column `key`, unless the column is absent or the cell blank.
    pub fn get(&self, key: &str) -> Option<&'a Cell> {
        self.cells
            .iter()
            .find(|(k, cell)| *k == key && !cell.is_blank())
            .map(|(_, cell)| *cell)
    }

    /// The cell's text, trimmed, unless absent or blank.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(Cell::display)
    }
}

/// The data rows: blank rows and a row of column numbers ("(1) (2) (3)")
/// are skipped, and the table ends at the signature block.
pub fn data_rows<'a>(sheet: &'a Sheet, layout: &Layout) -> Vec<DataRow<'a>> {
    let mut found = Vec::new();
    for row in sheet.rows.iter().skip(layout.first_data) {
        if is_signature_block(row) {
            break;
        }
        let cells: Vec<(&'static str, &Cell)> = layout
            .columns
            .iter()
            .map(|(index, column)| (column.key, row.cell(*index)))
            .collect();
        if cells.iter().all(|(_, cell)| cell.is_blank()) || is_column_numbers(row) {
            continue;
        }
        found.push(DataRow {
            number: row.number,
            cells,
        });
    }
    found
}

/// Words that open the signature block under a Vietnamese form.
const SIGNATURE_WORDS: &[&str] = &[
    "nguoi lap",
    "thu truong",
    "giam doc",
    "truong phong",
    "ky ten",
    "ky ghi ro",
    "xac nhan",
];

/// A short row whose first cell is a signature title, or the "Ngày …
/// tháng … năm …" line above one.
fn is_signature_block(row: &Row) -> bool {
    let mut filled = row.cells.iter().filter(|c| !c.is_blank());
    let Some(first) = filled.next() else {
        return false;
    };
    let first = crate::text::tokens(&first.display()).join(" ");
    filled.count() < 3
        && (SIGNATURE_WORDS.iter().any(|w| first.starts_with(w)) || is_place_and_date(&first))
}

/// "Ngày 5 tháng 9 năm 2024", folded, perhaps after the place: "Hà Nội,
/// ngày … tháng … năm …".
fn is_place_and_date(folded: &str) -> bool {
    let words: Vec<&str> = folded.split(' ').collect();
    let after = |word: &str, from: usize| {
        words[from..]
            .iter()
            .position(|w| *w == word)
            .map(|at| from + at + 1)
    };
    after("ngay", 0)
        .filter(|&at| at <= 5)
        .and_then(|at| after("thang", at))
        .and_then(|at| after("nam", at))
        .is_some()
}

/// A row numbering the columns under the header: 1, 2, 3… or (1), (2)…
fn is_column_numbers(row: &Row) -> bool {
    let numbers: Option<Vec<u32>> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| {
            c.display()
                .trim_matches(|ch| ch == '(' || ch == ')')
                .parse()
                .ok()
        })
        .collect();
    numbers.is_some_and(|n| n.len() >= 3 && n.windows(2).all(|w| w[0] < w[1]))
}

#[cfg(test)]
mod tests {
    use super::super::columns::ASSETS;
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 1,
                    cells: cells
                        .iter()
                        .map(|t| match *t {
                            "" => Cell::Empty,
                            t => Cell::Text(t.into()),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn keys(layout: &Layout) -> Vec<(usize, &str)> {
        layout.columns.iter().map(|(i, c)| (*i, c.key)).collect()
    }

    #[test]
    fn finds_the_header_under_a_title_in_any_order_without_diacritics() {
        let sheet = sheet(&[
            &["SỔ THEO DÕI THIẾT BỊ CNTT", "SỔ THEO DÕI THIẾT BỊ CNTT", ""],
            &[""],
            &["STT", "So seri", "TEN THIET BI", "Ngay trang bi", "Mã vạch"],
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["1", "ABC", "Máy in", "01/02/2024", "x"],
            &[],
            &["", "", "", "Người lập biểu"],
        ]);
        let layout = find(std::slice::from_ref(&sheet), ASSETS).unwrap();
        assert_eq!(layout.header_row, 3);
        assert_eq!(keys(&layout), [(1, "serial"), (2, "name"), (3, "acquired")]);
        assert_eq!(layout.ignored, ["Mã vạch"]);
        let rows = data_rows(&sheet, &layout);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].number, 5);
        assert_eq!(rows[0].text("name").as_deref(), Some("Máy in"));
    }

    #[test]
    fn joins_two_header_rows_under_a_merged_group() {
        let sheet = sheet(&[
            &[
                "Tên thiết bị",
                "Số seri",
                "Ngày trang bị",
                "Bảo hành",
                "Bảo hành",
            ],
            &[
                "Tên thiết bị",
                "Số seri",
                "Ngày trang bị",
                "Thời hạn",
                "Tại chỗ hay không",
            ],
            &["Máy chủ", "S1", "01/02/2024", "36 tháng", "Tại chỗ"],
        ]);
        let layout = find(std::slice::from_ref(&sheet), ASSETS).unwrap();
        assert_eq!(layout.header_row, 2);
        assert_eq!(
            keys(&layout),
            [
                (0, "name"),
                (1, "serial"),
                (2, "acquired"),
                (3, "warranty"),
                (4, "onsite")
            ]
        );
    }

    #[test]
    fn names_missing_columns() {
        let sheet = sheet(&[&["Tên thiết bị", "Đơn vị cung cấp"], &["Máy in", "ABC"]]);
        let error = find(std::slice::from_ref(&sheet), ASSETS).unwrap_err();
        assert_eq!(
            &*error.vi,
            "Bảng thiếu cột bắt buộc: Số seri, Ngày trang bị (dòng tiêu đề là dòng 1, trang tính \"Sheet1\")"
        );
        let empty = super::super::table::Sheet {
            name: "x".into(),
            rows: Vec::new(),
        };
        assert!(
            find(&[empty], ASSETS)
                .unwrap_err()
                .en
                .starts_with("No table header")
        );
    }

    #[test]
    fn the_place_and_date_line_opens_the_signature_block() {
        for line in [
            "Ngày 5 tháng 9 năm 2024",
            "Hà Nội, ngày 05 tháng 09 năm 2024",
            "Quận Ba Đình, ngày … tháng … năm 20…",
        ] {
            let row = &sheet(&[&["", "", line]]).rows[0];
            assert!(is_signature_block(row), "{line}");
        }
        for line in ["Máy tính Dell ngày mua tháng 5", "Ngày trang bị"] {
            let row = &sheet(&[&[line, "x", "y", "z"]]).rows[0];
            assert!(!is_signature_block(row), "{line}");
        }
    }
}
