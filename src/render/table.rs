//! Tables (register lists, related records on record pages, reports) as
//! HTML built in Rust, like the field lists. A register's list at 100k
//! records has 700k cells; as Tera values, one map per cell, they took
//! about 450 MB at the 100k build's peak and a tenth of the 10k build's
//! time. The rows are written as they come and the page's template places
//! the finished table.

use super::html::{push_escaped, push_gloss};
use crate::diagnostic::Lang;
use std::collections::BTreeSet;

pub struct Column {
    pub label: String,
    /// English beside the label, on a page both languages share.
    pub gloss: Option<String>,
    /// How the browser sorts the column (`text`, `date`, `number`).
    pub sort: &'static str,
}

/// Rows left out of a capped table: how many, and where to see them all.
struct More {
    count: usize,
    href: String,
}

pub struct Table {
    id: String,
    heading: String,
    columns: Vec<Column>,
    /// The `<tr>` elements written so far.
    body: String,
    rows: usize,
    /// Per column, what its select offers, or `None` for a column without
    /// a filter.
    filters: Vec<Option<Filter>>,
    more: Option<More>,
    /// Whether a `<tr>` is open, waiting for its cells.
    row_open: bool,
    /// Whether the table starts with an `STT` column, numbered by the
    /// print CSS so that sorting and filtering keep the numbers in order.
    numbered: bool,
    /// The total row, in a `<tfoot>`: `itreg.js` sorts, filters and
    /// counts the body rows only, so it stays last and is not a record.
    footer: Option<String>,
    /// The column the next cell goes in.
    column: usize,
}

/// The distinct texts of a filterable column.
#[derive(Default)]
struct Filter {
    values: BTreeSet<String>,
    /// Rows whose cell in the column is empty.
    blank_rows: usize,
}

impl Filter {
    /// A select with one choice and no empty cells would hide nothing,
    /// as on most record pages' short tables: it is left out.
    fn narrows(&self) -> bool {
        self.values.len() > 1 || (self.values.len() == 1 && self.blank_rows > 0)
    }
}

impl Table {
    /// An empty table; `filterable(column)` says which columns get a select.
    pub fn new(
        id: impl Into<String>,
        heading: String,
        columns: Vec<Column>,
        filterable: impl Fn(usize) -> bool,
    ) -> Table {
        let filters = (0..columns.len())
            .map(|column| filterable(column).then(Filter::default))
            .collect();
        Table {
            id: id.into(),
            heading,
            columns,
            body: String::new(),
            rows: 0,
            filters,
            more: None,
            row_open: false,
            numbered: false,
            footer: None,
            column: 0,
        }
    }

    /// Put an `STT` column first (official documents number their rows).
    pub fn numbered(mut self) -> Table {
        self.numbered = true;
        self
    }

    /// The total row, shown after every row, in the table's `<tfoot>`.
    pub fn set_footer(&mut self, cells: &[String]) {
        let mut row = String::from("<tr class=\"total-row\">");
        if self.numbered {
            row.push_str("<td class=\"stt\"></td>");
        }
        for (column, text) in cells.iter().enumerate() {
            let number = self.columns.get(column).is_some_and(|c| c.sort == "number");
            row.push_str(if number { "<td class=\"num\">" } else { "<td>" });
            push_escaped(&mut row, text);
            row.push_str("</td>");
        }
        row.push_str("</tr>\n");
        self.footer = Some(row);
    }

    /// Begin a row; [`Table::push_cell`] fills it.
    pub fn start_row(&mut self) {
        self.end_row();
        self.body.push_str(if self.numbered {
            "<tr><td class=\"stt\"></td>"
        } else {
            "<tr>"
        });
        self.row_open = true;
        self.rows += 1;
        self.column = 0;
    }

    fn end_row(&mut self) {
        if self.row_open {
            self.body.push_str("</tr>\n");
            self.row_open = false;
        }
    }

    /// The next cell of the current row: `text`, linked to `root` + `path`
    /// when `link` is given (`root` leads back to the language root).
    pub fn push_cell(&mut self, text: &str, link: Option<(&str, &str)>) {
        self.push_glossed_cell(text, None, link);
    }

    /// A cell with English `gloss` beside its text (see `push_cell`).
    pub fn push_glossed_cell(
        &mut self,
        text: &str,
        gloss: Option<&str>,
        link: Option<(&str, &str)>,
    ) {
        self.body.push_str("<td>");
        match link {
            Some((root, path)) => {
                self.body.push_str("<a href=\"");
                push_escaped(&mut self.body, root);
                push_escaped(&mut self.body, path);
                self.body.push_str("\">");
                push_escaped(&mut self.body, text);
                self.body.push_str("</a>");
            }
            None => push_escaped(&mut self.body, text),
        }
        if let Some(gloss) = gloss {
            push_gloss(&mut self.body, Lang::En, gloss);
        }
        self.body.push_str("</td>");
        if let Some(Some(filter)) = self.filters.get_mut(self.column) {
            if text.is_empty() {
                filter.blank_rows += 1;
            } else if !filter.values.contains(text) {
                filter.values.insert(text.to_owned());
            }
        }
        self.column += 1;
    }

    /// Say that the table shows only some of `total` rows; the rest are at
    /// `href`.
    pub fn cap(&mut self, total: usize, href: String) {
        self.more = Some(More {
            count: total.saturating_sub(self.rows),
            href,
        });
    }

    /// Rows in the whole table, shown or not.
    fn total(&self) -> usize {
        self.rows + self.more.as_ref().map_or(0, |more| more.count)
    }

    /// The finished table: a panel with its heading, the filter tools, and
    /// the rows, in the markup `itreg.js` filters and sorts. `t` gives the
    /// UI strings of the page's language.
    pub fn into_html<'l>(mut self, t: impl Fn(&'static str) -> &'l str) -> String {
        self.end_row();
        let id = &self.id;
        let mut html = String::with_capacity(self.body.len() + 1024);
        html.push_str("<section class=\"panel\" aria-labelledby=\"");
        push_escaped(&mut html, id);
        html.push_str("-heading\">\n<h2 id=\"");
        push_escaped(&mut html, id);
        html.push_str("-heading\">");
        push_escaped(&mut html, &self.heading);
        html.push_str(&format!(
            " <span class=\"muted\">({})</span></h2>\n",
            self.total()
        ));
        if self.rows == 0 && self.footer.is_none() {
            html.push_str("<p class=\"muted\">");
            push_escaped(&mut html, t("empty_table"));
            html.push_str("</p>\n</section>");
            return html;
        }
        html.push_str("<div class=\"table-tools\">\n  <label>");
        push_escaped(&mut html, t("filter"));
        html.push_str(" <input type=\"search\" class=\"table-filter\" data-table=\"");
        push_escaped(&mut html, id);
        html.push_str("\"></label>\n");
        for (column, filter) in self.filters.iter().enumerate() {
            let Some(filter) = filter.as_ref().filter(|f| f.narrows()) else {
                continue;
            };
            html.push_str("  <label>");
            push_escaped(&mut html, &self.columns[column].label);
            html.push_str(" <select class=\"table-filter-select\" data-table=\"");
            push_escaped(&mut html, id);
            html.push_str(&format!("\" data-column=\"{column}\"><option value=\"\">"));
            push_escaped(&mut html, t("all"));
            html.push_str("</option>");
            for value in &filter.values {
                html.push_str("<option>");
                push_escaped(&mut html, value);
                html.push_str("</option>");
            }
            html.push_str("</select></label>\n");
        }
        html.push_str("  <span class=\"table-count\" data-table=\"");
        push_escaped(&mut html, id);
        html.push_str("\" data-template=\"");
        push_escaped(&mut html, t("shown_of"));
        html.push_str("\"></span>\n</div>\n<div class=\"table-scroll\">\n<table id=\"");
        push_escaped(&mut html, id);
        html.push_str("\" class=\"data-table\">\n<thead><tr>");
        if self.numbered {
            html.push_str("<th scope=\"col\" class=\"stt\">STT</th>");
        }
        for column in &self.columns {
            html.push_str("<th scope=\"col\" data-sort=\"");
            html.push_str(column.sort);
            html.push_str("\">");
            push_escaped(&mut html, &column.label);
            if let Some(gloss) = &column.gloss {
                push_gloss(&mut html, Lang::En, gloss);
            }
            html.push_str("</th>");
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        html.push_str(&self.body);
        html.push_str("</tbody>\n");
        if let Some(footer) = &self.footer {
            html.push_str("<tfoot>");
            html.push_str(footer);
            html.push_str("</tfoot>\n");
        }
        html.push_str("</table>\n</div>\n");
        if let Some(more) = &self.more {
            html.push_str("<p class=\"table-more\"><a href=\"");
            push_escaped(&mut html, &more.href);
            html.push_str("\">");
            let text = t("more_rows").replace("{n}", &more.count.to_string());
            push_escaped(&mut html, &text);
            html.push_str("</a></p>\n");
        }
        html.push_str("</section>");
        html
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Table};

    fn labels(key: &str) -> &str {
        match key {
            "filter" => "Lọc",
            "all" => "Tất cả",
            "shown_of" => "{shown} / {total}",
            "empty_table" => "Chưa có hồ sơ.",
            "more_rows" => "… và {n} hồ sơ khác",
            _ => "?",
        }
    }

    fn table() -> Table {
        let columns = ["Mã", "Đơn vị"].map(|label| Column {
            label: label.to_owned(),
            gloss: None,
            sort: "text",
        });
        Table::new("t-x", "Thiết bị".into(), columns.into(), |column| {
            column == 1
        })
    }

    #[test]
    fn cells_are_escaped_and_linked() {
        let mut t = table();
        t.start_row();
        t.push_cell(
            "<script>alert(1)</script>",
            Some(("../", "assets/a\"x.html")),
        );
        t.push_cell("Phòng \"A\" & B", None);
        let html = t.into_html(labels);
        assert!(html.contains(
            "<tr><td><a href=\"../assets/a&quot;x.html\">&lt;script&gt;alert(1)&lt;/script&gt;</a></td><td>Phòng &quot;A&quot; &amp; B</td></tr>\n"
        ));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn filter_lists_each_text_once_in_order_and_only_where_asked() {
        let mut t = table();
        for (key, unit) in [
            ("1", "Hà Nội"),
            ("2", "Cần Thơ"),
            ("3", "Hà Nội"),
            ("4", ""),
        ] {
            t.start_row();
            t.push_cell(key, None);
            t.push_cell(unit, None);
        }
        let html = t.into_html(labels);
        assert_eq!(html.matches("<select").count(), 1);
        assert!(html.contains(
            "data-column=\"1\"><option value=\"\">Tất cả</option><option>Cần Thơ</option><option>Hà Nội</option></select>"
        ));
        assert_eq!(html.matches("<tr><td>").count(), 4);
        assert!(html.contains("<span class=\"muted\">(4)</span>"));
    }

    #[test]
    fn a_filter_with_one_choice_is_left_out_unless_some_cells_are_empty() {
        let one_unit = |units: &[&str]| {
            let mut t = table();
            for (key, unit) in units.iter().enumerate() {
                t.start_row();
                t.push_cell(&key.to_string(), None);
                t.push_cell(unit, None);
            }
            t.into_html(labels)
        };
        let html = one_unit(&["Hà Nội", "Hà Nội"]);
        assert!(!html.contains("<select"), "{html}");
        assert!(html.contains("class=\"table-filter\""), "{html}");
        let html = one_unit(&["Hà Nội", ""]);
        assert!(html.contains("<option>Hà Nội</option></select>"), "{html}");
    }

    #[test]
    fn capped_table_counts_every_row_and_links_to_the_rest() {
        let mut t = table();
        t.start_row();
        t.push_cell("1", None);
        t.push_cell("Hà Nội", None);
        t.cap(51, "../assets/index.html?filter=H%C3%A0".into());
        let html = t.into_html(labels);
        assert!(html.contains("<span class=\"muted\">(51)</span>"));
        assert!(html.contains(
            "<p class=\"table-more\"><a href=\"../assets/index.html?filter=H%C3%A0\">… và 50 hồ sơ khác</a></p>"
        ));
    }

    #[test]
    fn a_numbered_table_keeps_its_total_row_out_of_the_body() {
        let columns = vec![
            Column {
                label: "Loại".into(),
                gloss: None,
                sort: "text",
            },
            Column {
                label: "Số lượng".into(),
                gloss: None,
                sort: "number",
            },
        ];
        let mut t = Table::new("t-r", "Báo cáo".into(), columns, |_| false).numbered();
        t.start_row();
        t.push_cell("Máy in", None);
        t.push_cell("3", None);
        t.set_footer(&["Tổng cộng".into(), "3".into()]);
        let html = t.into_html(labels);
        assert!(html.contains("<thead><tr><th scope=\"col\" class=\"stt\">STT</th>"));
        assert!(html.contains(
            "<tbody>\n<tr><td class=\"stt\"></td><td>Máy in</td><td>3</td></tr>\n</tbody>"
        ));
        assert!(html.contains(
            "<tfoot><tr class=\"total-row\"><td class=\"stt\"></td><td>Tổng cộng</td><td class=\"num\">3</td></tr>\n</tfoot>"
        ));
        assert!(
            html.contains("<span class=\"muted\">(1)</span>"),
            "the total is no record"
        );
    }

    #[test]
    fn empty_table_says_so_without_tools() {
        let html = table().into_html(labels);
        assert!(html.contains("<p class=\"muted\">Chưa có hồ sơ.</p>"));
        assert!(!html.contains("<table"));
        assert!(!html.contains("table-filter"));
    }
}
