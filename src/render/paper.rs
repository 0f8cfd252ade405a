//! A [`Paper`] as HTML: the heading, title and recipient; the table; the
//! signature blocks. Form pages show all three; a report page prints the
//! heading and signatures around its own (sortable) table. The print CSS
//! (`style.css`, "papers") lays them out on A4 as `papers.md` says.

use super::html::push_escaped;
use crate::reports::paper::{MOTTO, NATION, Orientation, Paper, PaperTable};

/// The class that selects the page size in print.
pub fn orientation_class(paper: &Paper) -> &'static str {
    match paper.orientation {
        Orientation::Portrait => "paper-portrait",
        Orientation::Landscape => "paper-landscape",
    }
}

fn push_p(html: &mut String, class: &str, text: &str) {
    html.push_str("<p class=\"");
    html.push_str(class);
    html.push_str("\">");
    push_escaped(html, text);
    html.push_str("</p>\n");
}

/// The two-column heading, then the title, subtitle and recipient. The
/// unit line has the id `paper-unit`, which the blank form's unit choice
/// fills in.
pub fn heading_html(paper: &Paper) -> String {
    let mut html = String::from("<div class=\"paper-heading\">\n<div class=\"paper-issuer\">\n");
    push_p(&mut html, "paper-agency", &paper.agency);
    html.push_str("<p class=\"paper-unit\" id=\"paper-unit\">");
    push_escaped(&mut html, &paper.unit);
    html.push_str("</p>\n");
    if let Some(number) = &paper.number {
        push_p(&mut html, "paper-number", number);
    }
    html.push_str("</div>\n<div class=\"paper-nation\">\n");
    push_p(&mut html, "paper-country", NATION);
    push_p(&mut html, "paper-motto", MOTTO);
    if let Some(place_date) = &paper.place_date {
        push_p(&mut html, "paper-date", place_date);
    }
    html.push_str("</div>\n</div>\n");
    push_p(&mut html, "paper-title", &paper.title);
    for line in &paper.subtitle {
        push_p(&mut html, "paper-subtitle", line);
    }
    if let Some(recipient) = &paper.recipient {
        push_p(&mut html, "paper-recipient", recipient);
    }
    html
}

fn push_row(html: &mut String, cells: &[String], numeric: &[bool], cell: &str) {
    html.push_str("<tr>");
    for (column, text) in cells.iter().enumerate() {
        html.push('<');
        html.push_str(cell);
        if numeric.get(column).copied().unwrap_or(false) {
            html.push_str(" class=\"num\"");
        }
        html.push('>');
        push_escaped(html, text);
        html.push_str("</");
        html.push_str(cell);
        html.push('>');
    }
    html.push_str("</tr>\n");
}

/// The table as printed: header (repeated on every page), rows, total.
pub fn table_html(table: &PaperTable) -> String {
    let mut html = String::from("<table class=\"paper-table\">\n<thead>");
    let header_numeric = vec![false; table.columns.len()];
    push_row(&mut html, &table.columns, &header_numeric, "th");
    html.push_str("</thead>\n<tbody>\n");
    for row in &table.rows {
        push_row(&mut html, row, &table.numeric, "td");
    }
    html.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        html.push_str("<tfoot>");
        push_row(&mut html, total, &table.numeric, "td");
        html.push_str("</tfoot>\n");
    }
    html.push_str("</table>\n");
    html
}

/// The date line over the signatures, then the blocks side by side.
pub fn signatures_html(paper: &Paper) -> String {
    let mut html = String::new();
    if let Some(date) = &paper.signing_date {
        push_p(&mut html, "paper-signing-date", date);
    }
    html.push_str("<div class=\"paper-signatures\">\n");
    for block in &paper.signatures {
        html.push_str("<div class=\"paper-signature\">\n");
        push_p(&mut html, "paper-role", &block.role);
        push_p(&mut html, "paper-sign-note", &block.note);
        push_p(&mut html, "paper-name", &block.name);
        html.push_str("</div>\n");
    }
    html.push_str("</div>\n");
    html
}

/// The whole paper, for a form page.
pub fn paper_html(paper: &Paper) -> String {
    let mut html = format!("<article class=\"paper {}\">\n", orientation_class(paper));
    html.push_str(&heading_html(paper));
    html.push_str(&table_html(&paper.table));
    for note in &paper.notes {
        push_p(&mut html, "paper-note", note);
    }
    html.push_str(&signatures_html(paper));
    html.push_str("</article>\n");
    html
}

/// The paper as a page of its own, with the site's stylesheet inside
/// (`itreg form --format html`): it prints the same as the site's page.
pub fn standalone_html(paper: &Paper) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
    );
    push_escaped(&mut html, &paper.title);
    html.push_str("</title>\n<style>\n");
    html.push_str(super::templates::STYLESHEET);
    html.push_str("</style>\n</head>\n<body>\n<main id=\"main\">\n<div class=\"paper-page ");
    html.push_str(orientation_class(paper));
    html.push_str("\">\n");
    html.push_str(&paper_html(paper));
    html.push_str("</div>\n</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::forms::blank_mau_01;

    #[test]
    fn a_blank_form_has_its_heading_columns_and_signatures_escaped_in_place() {
        let html = paper_html(&blank_mau_01(Some("BHXH <quận> 1")));
        assert!(html.contains("ĐƠN VỊ: BHXH &lt;QUẬN&gt; 1"));
        assert!(html.contains(NATION) && html.contains(MOTTO));
        assert!(html.contains("<th>STT</th><th>Họ và Tên người dùng</th>"));
        assert!(html.contains("<p class=\"paper-role\">THỦ TRƯỞNG ĐƠN VỊ</p>"));
        assert_eq!(html.matches("<tr>").count(), 11);
    }
}
