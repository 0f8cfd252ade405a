//! A [`Paper`] as a Word document, through `docx-rs`: Times New Roman on
//! A4 with the margins of `papers.md`, the heading as a borderless
//! two-column table, the table with its header row repeated on every page,
//! and the signature blocks side by side.
//!
//! The bytes are reproducible, like the XLSX files: paragraph ids are
//! numbered per document (docx-rs otherwise counts them per thread), the
//! creation date is the paper's own, and itreg packs docx-rs's parts
//! itself, with fixed timestamps, deflated (docx-rs's own archive stores
//! them uncompressed and dated).

use super::paper::{MOTTO, NATION, Orientation, Paper, PaperTable, Signature};
use crate::diagnostic::Lang;
use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};
use std::io::{Cursor, Write};

/// A4 in twentieths of a point.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
/// One millimetre in twentieths of a point.
const MM: i32 = 57;
/// The margins of papers.md: 20 mm top, bottom and right, 30 mm left.
const MARGIN_SIDES: u32 = 50 * MM as u32;
/// The `STT` column's width.
const STT_WIDTH: usize = 750;
/// Font sizes in half points: body 13 pt, tables 12 pt.
const BODY: usize = 26;
const TABLE: usize = 24;
/// The document's default size: the table's, most of a report's text.
/// Empty lines are sized as body text (`Ids::spacer`), so the spaces
/// between blocks and the room to sign keep their height.
const DEFAULT_SIZE: usize = TABLE;
/// The heading's lines, 12 pt, so the national name fits on one line.
const HEADING: usize = 24;
const FONT: &str = "Times New Roman";

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    Zip(#[from] zip::result::ZipError),
    Io(#[from] std::io::Error),
    /// docx-rs made a part [`pack`] does not know, or a document that
    /// is not UTF-8.
    Parts,
}

impl crate::term::Localized for DocxError {
    fn say(&self, lang: Lang) -> String {
        let cause = match self {
            DocxError::Zip(error) => error.to_string(),
            DocxError::Io(error) => error.to_string(),
            DocxError::Parts => {
                return crate::say!(
                    lang,
                    "docx: docx-rs tạo ra phần tài liệu mà itreg không đóng gói được",
                    "docx: docx-rs made document parts itreg does not pack"
                );
            }
        };
        crate::say!(
            lang,
            "không ghi được tệp docx: {cause}",
            "cannot write the docx file: {cause}"
        )
    }
}

crate::display_both_languages!(DocxError);

/// Numbers the paragraphs of one document, so that ids do not depend on
/// what the thread built before.
struct Ids(u32);

impl Ids {
    fn paragraph(&mut self) -> Paragraph {
        self.0 += 1;
        Paragraph::new().id(format!("{:08X}", self.0))
    }

    /// An empty line as tall as the body text.
    fn spacer(&mut self) -> Paragraph {
        self.paragraph().size(BODY)
    }

    /// A paragraph of one run of `text`, centred unless said otherwise.
    /// What the document's defaults already say (its size, left
    /// alignment) is not written again: a report's table is hundreds of
    /// cells, and docx-rs's XML writer is most of a Word file's cost.
    fn line(&mut self, text: &str, style: Style) -> Paragraph {
        let mut run = Run::new().add_text(text);
        if style.size != DEFAULT_SIZE {
            run = run.size(style.size);
        }
        if style.bold {
            run = run.bold();
        }
        if style.italic {
            run = run.italic();
        }
        if style.underline {
            run = run.underline("single");
        }
        let paragraph = self.paragraph().add_run(run);
        match style.align {
            AlignmentType::Left => paragraph,
            align => paragraph.align(align),
        }
    }
}

#[derive(Clone, Copy)]
struct Style {
    size: usize,
    bold: bool,
    italic: bool,
    underline: bool,
    align: AlignmentType,
}

impl Style {
    const fn plain(size: usize) -> Style {
        Style {
            size,
            bold: false,
            italic: false,
            underline: false,
            align: AlignmentType::Center,
        }
    }
    const fn bold(size: usize) -> Style {
        Style {
            bold: true,
            ..Style::plain(size)
        }
    }
    const fn italic(size: usize) -> Style {
        Style {
            italic: true,
            ..Style::plain(size)
        }
    }
    const fn underlined(self) -> Style {
        Style {
            underline: true,
            ..self
        }
    }
    const fn left(self) -> Style {
        Style {
            align: AlignmentType::Left,
            ..self
        }
    }
    const fn right(self) -> Style {
        Style {
            align: AlignmentType::Right,
            ..self
        }
    }
}

/// The paper as the bytes of a `.docx` file, created on `date`.
pub fn render_docx(paper: &Paper, date: NaiveDate) -> Result<Vec<u8>, DocxError> {
    let mut ids = Ids(0);
    let (width, height, orient) = match paper.orientation {
        Orientation::Portrait => (A4_SHORT, A4_LONG, PageOrientationType::Portrait),
        Orientation::Landscape => (A4_LONG, A4_SHORT, PageOrientationType::Landscape),
    };
    let mut docx = Docx::new()
        .page_size(width, height)
        .page_orient(orient)
        .page_margin(
            PageMargin::new()
                .top(20 * MM)
                .bottom(20 * MM)
                .left(30 * MM)
                .right(20 * MM)
                .header(10 * MM)
                .footer(10 * MM),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(DEFAULT_SIZE)
        .created_at(&format!("{date}T00:00:00Z"))
        .add_table(heading(paper, text_width(paper), &mut ids))
        .add_paragraph(ids.spacer());
    docx = docx.add_paragraph(ids.line(&paper.title, Style::bold(28)));
    for line in &paper.subtitle {
        docx = docx.add_paragraph(ids.line(line, Style::italic(BODY)));
    }
    if let Some(recipient) = &paper.recipient {
        docx = docx.add_paragraph(ids.line(recipient, Style::plain(BODY)));
    }
    let text_width = text_width(paper);
    docx = docx
        .add_paragraph(ids.spacer())
        .add_table(table(&paper.table, text_width, &mut ids))
        .add_paragraph(ids.spacer());
    for note in &paper.notes {
        docx = docx.add_paragraph(ids.line(note, Style::italic(TABLE).left()));
    }
    if let Some(date) = &paper.signing_date {
        docx = docx.add_paragraph(ids.line(date, Style::italic(BODY).right()));
    }
    docx = docx.add_table(signatures(&paper.signatures, text_width, &mut ids));
    pack(docx.build())
}

/// The width between the margins, in twentieths of a point.
fn text_width(paper: &Paper) -> usize {
    let page = match paper.orientation {
        Orientation::Portrait => A4_SHORT,
        Orientation::Landscape => A4_LONG,
    };
    (page - MARGIN_SIDES) as usize
}

/// One row of cells without borders (the heading, the signatures), each
/// `(paragraphs, width)`; widths in twentieths of a point, which Word and
/// LibreOffice both keep.
fn borderless(cells: Vec<(Vec<Paragraph>, usize)>) -> Table {
    let grid: Vec<usize> = cells.iter().map(|(_, width)| *width).collect();
    let total = grid.iter().sum();
    let cells = cells
        .into_iter()
        .map(|(paragraphs, width)| {
            paragraphs
                .into_iter()
                .fold(TableCell::new(), TableCell::add_paragraph)
                .width(width, WidthType::Dxa)
        })
        .collect();
    Table::without_borders(vec![TableRow::new(cells)])
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
}

/// The heading: agency and unit (and number) on the left, the national
/// name and motto (and place and date) on the right.
fn heading(paper: &Paper, width: usize, ids: &mut Ids) -> Table {
    let mut left = vec![
        ids.line(&paper.agency, Style::plain(HEADING)),
        ids.line(&paper.unit, Style::bold(HEADING).underlined()),
    ];
    let mut right = vec![
        ids.line(NATION, Style::bold(HEADING)),
        ids.line(MOTTO, Style::bold(BODY).underlined()),
    ];
    if let Some(number) = &paper.number {
        left.push(ids.line(number, Style::plain(BODY)));
    }
    if let Some(place_date) = &paper.place_date {
        right.push(ids.line(place_date, Style::italic(BODY)));
    }
    // The national name takes one line in the wider right column.
    let left_width = width * 40 / 100;
    borderless(vec![(left, left_width), (right, width - left_width)])
}

/// Column widths in twentieths of a point that fill `total`: `STT`
/// narrow, the others by what they hold (their longest text, twice their
/// header's longest word, since a bold word cannot wrap, or half the
/// header), at least 10 so no column is squeezed to a letter a line, and
/// in a wide table at most 16, so text columns wrap rather than starve the
/// numbers.
fn column_widths(table: &PaperTable, total: usize) -> Vec<usize> {
    let most = if table.columns.len() > 8 { 16 } else { 24 };
    let weights: Vec<usize> = (1..table.columns.len())
        .map(|column| {
            let header = &table.columns[column];
            let word = header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let cells = table
                .rows
                .iter()
                .chain(table.total.iter())
                .filter_map(|row| row.get(column))
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0);
            (2 * word)
                .max(header.chars().count() / 2)
                .max(cells)
                .clamp(10, most)
        })
        .collect();
    let sum = weights.iter().sum::<usize>().max(1);
    let rest = total.saturating_sub(STT_WIDTH);
    std::iter::once(STT_WIDTH)
        .chain(weights.iter().map(|weight| rest * weight / sum))
        .collect()
}

/// The table: a bold header row that repeats on every page, the rows, a
/// bold total row last, its columns as wide as they need within `width`.
fn table(table: &PaperTable, width: usize, ids: &mut Ids) -> Table {
    let widths = column_widths(table, width);
    let sized = |column: usize, cell: TableCell| match widths.get(column) {
        Some(width) => cell.width(*width, WidthType::Dxa),
        None => cell,
    };
    let align = |column: usize| {
        if table.numeric.get(column).copied().unwrap_or(false) {
            Style::plain(TABLE).right()
        } else {
            Style::plain(TABLE).left()
        }
    };
    let header = TableRow::new(
        table
            .columns
            .iter()
            .enumerate()
            .map(|(column, label)| {
                sized(
                    column,
                    TableCell::new().add_paragraph(ids.line(label, Style::bold(TABLE))),
                )
            })
            .collect(),
    )
    // Marks the header row; see [`repeat_header_rows`].
    .cant_split();
    let mut rows = vec![header];
    for row in &table.rows {
        let cells = row
            .iter()
            .enumerate()
            .map(|(column, text)| {
                let style = if column == 0 {
                    Style::plain(TABLE)
                } else {
                    align(column)
                };
                sized(
                    column,
                    TableCell::new().add_paragraph(ids.line(text, style)),
                )
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    if let Some(total) = &table.total {
        let cells = total
            .iter()
            .enumerate()
            .map(|(column, text)| {
                let style = Style {
                    bold: true,
                    ..align(column)
                };
                sized(
                    column,
                    TableCell::new().add_paragraph(ids.line(text, style)),
                )
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    let line = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| {
        borders.set(line(position))
    });
    Table::new(rows)
        .set_borders(borders)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(width, WidthType::Dxa)
        // 1 mm each side, as the printed page has, instead of Word's 1.9 mm:
        // a quarterly report's fourteen columns then keep their header words
        // whole ("Trong kho", not "Tron / g kho").
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
}

/// A table cell's left and right margin, in twentieths of a point (1 mm).
const CELL_MARGIN: usize = 57;

/// The signature blocks side by side: role, note, room to sign, name.
fn signatures(blocks: &[Signature], width: usize, ids: &mut Ids) -> Table {
    let mut cells: Vec<(Vec<Paragraph>, usize)> = blocks
        .iter()
        .map(|block| {
            let mut paragraphs = vec![
                ids.line(&block.role, Style::bold(BODY)),
                ids.line(&block.note, Style::italic(BODY)),
            ];
            // About 25 mm to sign and stamp in.
            paragraphs.extend((0..4).map(|_| ids.spacer()));
            paragraphs.push(ids.line(&block.name, Style::bold(BODY)));
            (paragraphs, width / 2)
        })
        .collect();
    // One block (Mẫu 02's director) stands on the right, as in the seed.
    if cells.len() == 1 {
        cells.insert(0, (vec![ids.spacer()], width / 2));
    }
    borderless(cells)
}

/// The parts docx-rs made, as a deflated archive with fixed timestamps
/// and permissions (docx-rs's own stores them uncompressed and dated),
/// the table header rows marked to repeat. The names and order are those
/// of docx-rs's archive; a document has none of the optional parts
/// (headers, footers, images, add-ins, custom XML).
fn pack(parts: docx_rs::XMLDocx) -> Result<Vec<u8>, DocxError> {
    let optional = [
        parts.headers.len(),
        parts.footers.len(),
        parts.media.len(),
        parts.custom_items.len(),
        usize::from(parts.taskpanes.is_some()),
    ];
    if optional.iter().any(|&count| count > 0) {
        return Err(DocxError::Parts);
    }
    let document = String::from_utf8(parts.document).map_err(|_| DocxError::Parts)?;
    let document = repeat_header_rows(&document);
    let entries: [(&str, &[u8]); 14] = [
        ("[Content_Types].xml", &parts.content_type),
        ("_rels/.rels", &parts.rels),
        ("docProps/app.xml", &parts.doc_props.app),
        ("docProps/core.xml", &parts.doc_props.core),
        ("docProps/custom.xml", &parts.doc_props.custom),
        ("word/_rels/document.xml.rels", &parts.document_rels),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", &parts.styles),
        ("word/settings.xml", &parts.settings),
        ("word/fontTable.xml", &parts.font_table),
        ("word/comments.xml", &parts.comments),
        ("word/numbering.xml", &parts.numberings),
        ("word/commentsExtended.xml", &parts.comments_extended),
        ("word/footnotes.xml", &parts.footnotes),
    ];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Hundreds of Word files per build: the fastest level.
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        out.start_file(name, options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// docx-rs 0.4 cannot mark a row as a header row (`w:tblHeader`), which
/// Word repeats at the top of every page. The header row is the only row
/// written with `cantSplit`, so it gets the mark beside that one.
fn repeat_header_rows(document: &str) -> String {
    document.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::paper::{Orientation, PaperTable, Signature};
    use std::io::Read;

    fn paper() -> Paper {
        Paper {
            orientation: Orientation::Portrait,
            agency: "BẢO HIỂM XÃ HỘI VIỆT NAM".into(),
            unit: "ĐƠN VỊ: BẢO HIỂM XÃ HỘI QUẬN BA ĐÌNH".into(),
            number: None,
            place_date: None,
            title: "DANH SÁCH".into(),
            subtitle: vec![],
            recipient: Some("Kính gửi: Trung tâm".into()),
            table: PaperTable::numbered(vec!["Họ và tên".into()], vec![vec!["An <b>".into()]]),
            notes: vec![],
            signing_date: Some("Ngày 12 tháng 01 năm 2026".into()),
            signatures: vec![Signature::new("Người lập", "(Ký)", "Trịnh Thị Thu Trang")],
        }
    }

    fn document_xml(bytes: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn the_same_paper_gives_the_same_bytes() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
        let first = render_docx(&paper(), date).unwrap();
        let second = render_docx(&paper(), date).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn the_document_holds_heading_rows_and_names_with_the_header_repeated() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
        let xml = document_xml(&render_docx(&paper(), date).unwrap());
        for text in [
            "BẢO HIỂM XÃ HỘI VIỆT NAM",
            NATION,
            MOTTO,
            "Kính gửi: Trung tâm",
            "An &lt;b&gt;",
            "Trịnh Thị Thu Trang",
            "NGƯỜI LẬP",
        ] {
            assert!(xml.contains(text), "{text}");
        }
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
    }

    /// The text of the paragraph holding `text`, from its `<w:p` on.
    fn paragraph_of<'x>(xml: &'x str, text: &str) -> &'x str {
        let at = xml.find(text).unwrap_or_else(|| panic!("{text} missing"));
        &xml[xml[..at].rfind("<w:p ").unwrap()..at]
    }

    #[test]
    fn table_text_takes_the_default_size_and_empty_lines_the_body_size() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
        let bytes = render_docx(&paper(), date).unwrap();
        let mut styles = String::new();
        zip::ZipArchive::new(Cursor::new(&bytes))
            .unwrap()
            .by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(styles.contains(r#"<w:rPrDefault><w:rPr><w:sz w:val="24" />"#));
        let xml = document_xml(&bytes);
        // A left-aligned 12 pt cell says neither.
        let cell = paragraph_of(&xml, "An &lt;b&gt;");
        assert!(
            !cell.contains("<w:sz ") && !cell.contains("<w:jc "),
            "{cell}"
        );
        // Body text and its alignment are written.
        let recipient = paragraph_of(&xml, "Kính gửi: Trung tâm");
        assert!(recipient.contains(r#"<w:sz w:val="26" />"#), "{recipient}");
        assert!(
            recipient.contains(r#"<w:jc w:val="center" />"#),
            "{recipient}"
        );
        // The four empty lines to sign in are body-sized, as before.
        let signature = &xml[xml.find("(Ký)").unwrap()..xml.find("Trịnh Thị Thu Trang").unwrap()];
        let room =
            r#"<w:pPr><w:rPr><w:sz w:val="26" /><w:szCs w:val="26" /></w:rPr></w:pPr></w:p>"#;
        assert_eq!(signature.matches(room).count(), 4, "{signature}");
    }

    #[test]
    fn parts_itreg_does_not_pack_are_an_error_not_a_silent_loss() {
        let with_header = Docx::new().header(docx_rs::Header::new());
        assert!(matches!(pack(with_header.build()), Err(DocxError::Parts)));
    }
}
