//! The label sheet as HTML: one language-neutral page (bilingual headings),
//! its labels already laid out in sheets of the default stock, which
//! `labels.js` lays out again when the stock, the date or the chosen
//! devices change.

use super::{Label, Stock};
use crate::render::push_escaped;

const CSS: &str = include_str!("../../site-templates/static/labels.css");
const JS: &str = include_str!("../../site-templates/static/labels.js");

/// Where the QR codes come from.
pub enum QrSource {
    /// The site's files, `qr/<unit>.svg#<tag>` from the sheet.
    Files,
    /// Written into the page (a single file from `itreg labels`).
    Inline,
}

/// Where the styles and script come from.
pub enum Assets {
    /// The site's `static/` folder, at this path from the sheet.
    Linked(&'static str),
    /// Written into the page.
    Inline,
}

pub struct Sheet<'a> {
    pub unit: &'a str,
    pub unit_name: &'a str,
    pub labels: &'a [Label],
    pub stock: Stock,
    pub qr: QrSource,
    pub assets: Assets,
    /// (href, text) of the pages around the sheet.
    pub links: Vec<(String, String)>,
    /// (href, name, labels) of sub-unit sheets, when the sub-tree is too
    /// long for one page and only the unit's own devices are here.
    pub sub_sheets: Vec<(String, String, usize)>,
    pub warnings: Vec<&'a str>,
}

const SITE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";
const FILE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'";

fn push_head(html: &mut String, title: &str, assets: &Assets) {
    let csp = match assets {
        Assets::Linked(_) => SITE_CSP,
        Assets::Inline => FILE_CSP,
    };
    html.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    html.push_str(csp);
    html.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    push_escaped(html, title);
    html.push_str("</title>\n<link rel=\"icon\" href=\"data:,\">\n");
    match assets {
        Assets::Linked(prefix) => {
            html.push_str("<link rel=\"stylesheet\" href=\"");
            html.push_str(prefix);
            html.push_str("labels.css\">\n");
        }
        Assets::Inline => {
            html.push_str("<style>\n");
            html.push_str(CSS);
            html.push_str("</style>\n");
        }
    }
    html.push_str("</head>\n");
}

fn push_script(html: &mut String, assets: &Assets) {
    match assets {
        Assets::Linked(prefix) => {
            html.push_str("<script src=\"");
            html.push_str(prefix);
            html.push_str("labels.js\" defer></script>\n");
        }
        Assets::Inline => {
            html.push_str("<script>\n");
            html.push_str(JS);
            html.push_str("</script>\n");
        }
    }
}

fn push_links(html: &mut String, links: &[(String, String)]) {
    if links.is_empty() {
        return;
    }
    html.push_str("<nav class=\"labels-links\"><ul>");
    for (href, text) in links {
        html.push_str("<li>");
        crate::render::push_link(html, Some(href), text);
        html.push_str("</li>");
    }
    html.push_str("</ul></nav>\n");
}

const PRINT_NOTE: &str = "Khi in: khổ A4, tỉ lệ 100% (không chọn “Vừa trang”), lề “Không”, tắt đầu trang và chân trang. / When printing: A4, scale 100% (not “Fit to page”), margins “None”, headers and footers off.";

/// The controls above the sheets, hidden on paper.
fn push_controls(html: &mut String, sheet: &Sheet) {
    html.push_str(
        "<form class=\"labels-form\" id=\"labels-form\"><p class=\"labels-print-note\"><strong>",
    );
    push_escaped(html, PRINT_NOTE);
    html.push_str("</strong></p>\n<div class=\"labels-fields\">\n<label>Loại giấy nhãn / Label stock <select name=\"stock\">");
    for stock in Stock::ALL {
        html.push_str("<option value=\"");
        html.push_str(stock.name());
        html.push('"');
        if stock == sheet.stock {
            html.push_str(" selected");
        }
        html.push('>');
        html.push_str(stock.description());
        html.push_str("</option>");
    }
    html.push_str("</select></label>\n<label>Trang bị từ ngày / Acquired since <input type=\"date\" name=\"since\"></label>\n<label>Bắt đầu ở ô số / Start at position <input type=\"number\" name=\"start\" min=\"1\" value=\"1\" inputmode=\"numeric\"></label>\n<label><input type=\"checkbox\" name=\"chosen\"> Chỉ các thiết bị đã đánh dấu / Only the ticked devices</label>\n");
    if !sheet.labels.iter().all(|l| l.unit == sheet.unit) {
        html.push_str("<label><input type=\"checkbox\" name=\"own\"> Chỉ thiết bị của riêng đơn vị này / Only this unit's own devices</label>\n");
    }
    html.push_str("<button type=\"button\" data-action=\"print\">In / Print</button>\n</div>\n<p class=\"labels-count\" aria-live=\"polite\">");
    let count = sheet.labels.len();
    let sheets = count.div_ceil(sheet.stock.per_sheet());
    html.push_str(&format!(
        "{count} nhãn, {sheets} tờ / {count} labels, {sheets} sheet(s)"
    ));
    html.push_str("</p>\n</form>\n");
}

fn push_label(html: &mut String, label: &Label, qr: &QrSource) {
    html.push_str("<div class=\"label\" data-unit=\"");
    push_escaped(html, &label.unit);
    html.push_str("\" data-acquired=\"");
    html.push_str(&label.acquired);
    html.push_str("\">");
    match qr {
        QrSource::Files => {
            html.push_str("<img class=\"qr\" alt=\"QR\" src=\"");
            push_escaped(html, &super::qr_href(&label.unit, &label.tag));
            html.push_str("\">");
        }
        QrSource::Inline => {
            html.push_str("<span class=\"qr\" role=\"img\" aria-label=\"QR\">");
            html.push_str(&super::qr::svg(&label.qr_text).unwrap_or_default());
            html.push_str("</span>");
        }
    }
    html.push_str("<div class=\"label-text\"><b class=\"label-tag\">");
    push_escaped(html, &label.tag);
    html.push_str("</b><span class=\"label-name\">");
    push_escaped(html, &label.name);
    html.push_str("</span><span class=\"label-unit\">");
    push_escaped(html, &label.unit_name);
    html.push_str("</span></div></div>\n");
}

/// The label sheet page of one unit.
pub fn sheet_html(sheet: &Sheet) -> String {
    let mut html = String::with_capacity(4096 + sheet.labels.len() * 300);
    let title = format!("Nhãn tài sản / Asset labels — {}", sheet.unit_name);
    push_head(&mut html, &title, &sheet.assets);
    html.push_str("<body class=\"labels-page\">\n<header class=\"labels-header\">\n<h1>Nhãn tài sản <span lang=\"en\">/ Asset labels</span> — ");
    push_escaped(&mut html, sheet.unit_name);
    html.push_str("</h1>\n");
    push_links(&mut html, &sheet.links);
    for warning in &sheet.warnings {
        html.push_str("<p class=\"labels-warning\" role=\"note\">");
        push_escaped(&mut html, warning);
        html.push_str("</p>\n");
    }
    push_controls(&mut html, sheet);
    if !sheet.sub_sheets.is_empty() {
        html.push_str("<section class=\"labels-sub\"><h2>Đơn vị cấp dưới / Sub-units</h2><p>Đơn vị có nhiều thiết bị nên nhãn của mỗi đơn vị cấp dưới ở trang riêng. / This unit has many devices below it, so each sub-unit's labels are on a page of its own.</p><ul>");
        for (href, name, count) in &sheet.sub_sheets {
            html.push_str("<li>");
            crate::render::push_link(&mut html, Some(href), name);
            html.push_str(&format!(" ({count})</li>"));
        }
        html.push_str("</ul></section>\n");
    }
    if sheet.labels.is_empty() {
        html.push_str("<p class=\"labels-empty\">Không có thiết bị nào cần nhãn. / No device needs a label.</p>\n");
    }
    html.push_str("</header>\n<main class=\"sheets stock-");
    html.push_str(sheet.stock.name());
    html.push_str("\" data-stock=\"");
    html.push_str(sheet.stock.name());
    html.push_str("\">\n");
    for chunk in sheet.labels.chunks(sheet.stock.per_sheet()) {
        html.push_str("<div class=\"sheet\">\n");
        for label in chunk {
            push_label(&mut html, label, &sheet.qr);
        }
        html.push_str("</div>\n");
    }
    html.push_str("</main>\n");
    push_script(&mut html, &sheet.assets);
    html.push_str("</body>\n</html>\n");
    html
}

/// The list of every unit's sheet: (href, name, labels on it).
pub fn index_html(units: &[(String, String, usize)], links: &[(String, String)]) -> String {
    let mut html = String::with_capacity(1024 + units.len() * 120);
    push_head(
        &mut html,
        "Nhãn tài sản / Asset labels",
        &Assets::Linked("../static/"),
    );
    html.push_str("<body class=\"labels-page\">\n<header class=\"labels-header\">\n<h1>Nhãn tài sản <span lang=\"en\">/ Asset labels</span></h1>\n");
    push_links(&mut html, links);
    html.push_str("<p>Chọn đơn vị để in nhãn cho thiết bị của đơn vị và các đơn vị cấp dưới. / Choose a unit to print the labels of its devices and those of the units below it.</p>\n</header>\n<main class=\"labels-index\"><ul>\n");
    for (href, name, count) in units {
        html.push_str("<li>");
        crate::render::push_link(&mut html, Some(href), name);
        html.push_str(&format!(" <span class=\"muted\">({count})</span></li>\n"));
    }
    html.push_str("</ul></main>\n</body>\n</html>\n");
    html
}
