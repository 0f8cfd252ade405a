//! The used range of each sheet of an ODS file, found before calamine
//! reads it.
//!
//! calamine reads every sheet of an ODS file when it opens it, into dense
//! ranges, expanding `table:number-rows-repeated` and
//! `table:number-columns-repeated` as it goes; its own cap is 100 million
//! cells, several gigabytes. A few hundred bytes of compressed XML can
//! ask for that. So `content.xml` is walked here first, keeping only
//! counters, and the file is refused with the same message as an XLSX
//! sheet when a sheet's data reaches beyond the caps of [`super::limits`].
//!
//! The same goes for `<text:s text:c="…"/>`, which calamine expands into
//! that many spaces: the spaces of a sheet are counted and capped.
//!
//! The walk counts a cell as data when it has a value or formula
//! attribute or any child element (its text): more than calamine keeps,
//! never less, so whatever passes here fits the caps in calamine too.
//! A file the walk cannot read is left to calamine, which reports it.

use super::limits::{Extent, grouped};
use crate::diagnostic::Bilingual;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// Refuse an ODS file (its bytes) with a sheet whose data goes beyond the caps.
pub fn check(bytes: &[u8]) -> Result<(), Bilingual> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    walk(BufReader::new(content))
}

fn walk(content: impl std::io::BufRead) -> Result<(), Bilingual> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut scan = Scan::default();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(element)) => scan.open(&element)?,
            Ok(Event::Empty(element)) => {
                scan.open(&element)?;
                scan.close(element.name().as_ref())?;
            }
            Ok(Event::End(element)) => scan.close(element.name().as_ref())?,
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// Spaces `text:s` elements may add up to in one sheet: far more than any
/// cell text, far less than memory.
const MAX_SPACES: usize = 16 << 20;

/// Where the walk is: the sheet, the row (0-based, repeats counted), the
/// column, and the cell being read.
#[derive(Default)]
struct Scan {
    sheet: String,
    extent: Extent,
    row: usize,
    row_repeats: usize,
    column: usize,
    /// The open cell: its column repeats, and whether it holds data.
    cell: Option<(usize, bool)>,
    /// The last column with data in the open row, 0-based.
    row_last: Option<usize>,
    /// Spaces the sheet's `text:s` elements ask for so far.
    spaces: usize,
}

/// Attributes that give a cell a value.
const VALUE_ATTRIBUTES: &[&str] = &[
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
];

impl Scan {
    fn open(&mut self, element: &BytesStart) -> Result<(), Bilingual> {
        match element.name().as_ref() {
            "table:table" => {
                self.sheet = attribute(element, "table:name").unwrap_or_default();
                self.extent = Extent::default();
                self.row = 0;
                self.spaces = 0;
            }
            "table:table-row" => {
                self.row_repeats = repeats(element, "table:number-rows-repeated");
                self.column = 0;
                self.row_last = None;
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let has_value = VALUE_ATTRIBUTES
                    .iter()
                    .any(|name| attribute(element, name).is_some());
                let columns = repeats(element, "table:number-columns-repeated");
                self.cell = Some((columns, has_value));
            }
            "text:s" => {
                self.spaces = self.spaces.saturating_add(repeats(element, "text:c"));
                if self.spaces > MAX_SPACES {
                    return Err(too_many_spaces(&self.sheet));
                }
                self.mark_data();
            }
            // Text, a line break, a note: the open cell holds something.
            _ => self.mark_data(),
        }
        Ok(())
    }

    fn mark_data(&mut self) {
        if let Some((_, has_data)) = &mut self.cell {
            *has_data = true;
        }
    }

    fn close(&mut self, name: &str) -> Result<(), Bilingual> {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some((columns, has_data)) = self.cell.take() {
                    let end = self.column.saturating_add(columns);
                    if has_data && columns > 0 {
                        self.row_last = Some(end - 1);
                    }
                    self.column = end;
                }
            }
            "table:table-row" => {
                if let (Some(last), true) = (self.row_last, self.row_repeats > 0) {
                    let bottom = self.row.saturating_add(self.row_repeats - 1);
                    self.extent.reach(&self.sheet, self.row, last)?;
                    self.extent.reach(&self.sheet, bottom, last)?;
                }
                self.row = self.row.saturating_add(self.row_repeats);
            }
            _ => {}
        }
        Ok(())
    }
}

fn too_many_spaces(sheet: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "Trang tính \"{sheet}\" yêu cầu hơn {} dấu cách (thẻ text:s), vượt mức itreg đọc; tệp có thể đã hỏng, hãy mở và lưu lại bằng LibreOffice",
            grouped(MAX_SPACES, '.')
        ),
        format!(
            "Sheet \"{sheet}\" asks for more than {} spaces (text:s elements), beyond what itreg reads; the file may be damaged: open and save it again in LibreOffice",
            grouped(MAX_SPACES, ',')
        ),
    )
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    let attribute = element.try_get_attribute(name).ok()??;
    let value = attribute
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| attribute.value.clone().into_owned());
    Some(value)
}

/// A repeat count; 1 when absent or unreadable (calamine then reports it).
fn repeats(element: &BytesStart, name: &str) -> usize {
    attribute(element, name)
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(1)
}

/// Walk `content.xml` given as text.
#[cfg(test)]
fn walk_text(xml: &str) -> Result<(), Bilingual> {
    walk(BufReader::new(xml.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Sổ &amp; máy">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn a_real_table_passes() {
        let xml = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Tên</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
               <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert!(walk_text(&xml).is_ok());
    }

    #[test]
    fn repeated_rows_and_columns_with_data_are_counted() {
        let far_row = table(
            r#"<table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>
               <table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>
               <table:table-row><table:table-cell office:value="1"/></table:table-row>"#,
        );
        let error = walk_text(&far_row).unwrap_err();
        assert!(
            error
                .en
                .starts_with("Sheet \"Sổ & máy\" has data in cell A1048576"),
            "{}",
            error.en
        );
        let wide = table(
            r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384" office:value="1"/></table:table-row>"#,
        );
        assert!(walk_text(&wide).unwrap_err().en.contains("cell XFD1"));
        let dense = table(
            r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="100" table:formula="of:=1"/></table:table-row>"#,
        );
        assert!(walk_text(&dense).unwrap_err().en.contains("A1:CV100000"));
    }

    #[test]
    fn spaces_asked_for_are_capped() {
        let spaces = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        );
        let error = walk_text(&spaces).unwrap_err();
        assert!(
            error.en.contains("more than 16,777,216 spaces"),
            "{}",
            error.en
        );
    }
}
