//! Asset label sheets (A3, QĐ3582 II.1.2: a tag on every device): one label
//! per device, with the asset tag, the device name, the unit, and a QR code
//! of the record page's full address, laid out for common A4 label stock.
//!
//! The site writes each device's QR code once, in its unit's file of codes
//! (`labels/qr/<unit>.svg#<tag>`), and every sheet refers to it, so a
//! device listed on its unit's sheet and on each sheet above it costs one
//! small line per sheet. `itreg labels` writes one sheet as a single file,
//! with its codes, styles and script inside. Sheets are read from the
//! masked model (C2) like every other published page.

pub mod cli;
pub mod qr;
mod sheet;

pub use sheet::{Assets, QrSource, Sheet, index_html, sheet_html};

use crate::model::Model;
use crate::register::Register;
use serde::Deserialize;

/// Where the label pages live, from the site root.
pub const FOLDER: &str = "labels";

/// A sheet of A4 label stock: its grid, label size and margins, in mm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
pub enum Stock {
    /// 3 × 8 labels of 70 × 37 mm.
    #[default]
    #[serde(rename = "3x8")]
    #[value(name = "3x8")]
    S3x8,
    /// 2 × 7 labels of 99.1 × 38.1 mm.
    #[serde(rename = "2x7")]
    #[value(name = "2x7")]
    S2x7,
    /// 3 × 7 labels of 63.5 × 38.1 mm.
    #[serde(rename = "3x7")]
    #[value(name = "3x7")]
    S3x7,
}

impl Stock {
    pub const ALL: [Stock; 3] = [Stock::S3x8, Stock::S2x7, Stock::S3x7];

    pub fn name(self) -> &'static str {
        match self {
            Stock::S3x8 => "3x8",
            Stock::S2x7 => "2x7",
            Stock::S3x7 => "3x7",
        }
    }

    /// (columns, rows).
    pub fn grid(self) -> (usize, usize) {
        match self {
            Stock::S3x8 => (3, 8),
            Stock::S2x7 => (2, 7),
            Stock::S3x7 => (3, 7),
        }
    }

    pub fn per_sheet(self) -> usize {
        let (columns, rows) = self.grid();
        columns * rows
    }

    /// The choice as the page's select shows it.
    fn description(self) -> &'static str {
        match self {
            Stock::S3x8 => "3 × 8 — 70 × 37 mm",
            Stock::S2x7 => "2 × 7 — 99,1 × 38,1 mm",
            Stock::S3x7 => "3 × 7 — 63,5 × 38,1 mm",
        }
    }
}

/// One device's label.
#[derive(Debug, Clone)]
pub struct Label {
    pub tag: String,
    pub name: String,
    pub unit: String,
    pub unit_name: String,
    /// `acquired` (Ngày trang bị), ISO, for "added since".
    pub acquired: String,
    /// What the QR code holds: the record page's full address, or the tag
    /// when the site's address is not configured.
    pub qr_text: String,
}

/// Devices that need no label: gone from the unit.
fn labelled(status: &str) -> bool {
    !matches!(status, "disposed" | "lost")
}

/// `unit`'s own devices that need a label, by tag, acquired on or after
/// `since` when given.
fn unit_devices<'m>(
    model: &'m Model,
    unit: &'m str,
    since: Option<chrono::NaiveDate>,
) -> impl Iterator<Item = &'m crate::model::Typed<crate::model::records::Asset>> + 'm {
    let mut tags: Vec<&String> = model
        .assets_by_unit
        .get(unit)
        .map(|tags| tags.iter().collect())
        .unwrap_or_default();
    tags.sort_unstable();
    tags.into_iter()
        .filter_map(|tag| model.assets.get(tag.as_str()))
        .filter(move |asset| asset.unit.as_str() == unit && labelled(&asset.status))
        .filter(move |asset| since.is_none_or(|since| asset.acquired >= since))
}

/// How many of `unit`'s own devices need a label.
pub fn unit_label_count(model: &Model, unit: &str) -> usize {
    unit_devices(model, unit, None).count()
}

/// The labels of `unit`'s own devices, by tag, acquired on or after
/// `since` when given.
pub fn unit_labels(
    model: &Model,
    unit: &str,
    base_url: Option<&str>,
    since: Option<chrono::NaiveDate>,
) -> Vec<Label> {
    let unit_name = model
        .units
        .get(unit)
        .map_or(unit, |u| u.name.as_str())
        .to_owned();
    unit_devices(model, unit, since)
        .map(|asset| Label {
            tag: asset.id.to_string(),
            name: asset.name.to_string(),
            unit: unit.to_owned(),
            unit_name: unit_name.clone(),
            acquired: asset.acquired.to_string(),
            qr_text: qr_text(base_url, &asset.id),
        })
        .collect()
}

/// Every device that gets a label, by unit (in unit order, then tag order):
/// what each unit's file of QR codes holds.
pub fn labelled_tags(model: &Model) -> Vec<(&str, Vec<&str>)> {
    let mut by_unit: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for asset in model.assets.values().filter(|a| labelled(&a.status)) {
        by_unit.entry(&asset.unit).or_default().push(&asset.id);
    }
    by_unit.into_iter().collect()
}

/// `unit` and the units below it, the unit first, then depth first in id
/// order, as the unit tree lists them. Safe on cyclic trees.
pub fn subtree_order(model: &Model, unit: &str) -> Vec<String> {
    let mut order = Vec::new();
    let mut stack = vec![unit.to_owned()];
    let mut seen = std::collections::HashSet::new();
    while let Some(current) = stack.pop() {
        if !seen.insert(current.clone()) {
            continue;
        }
        let children = model.children(&current);
        stack.extend(children.iter().rev().map(|u| u.id.to_string()));
        order.push(current);
    }
    order
}

/// The QR code's text for the device `tag`: its page under `base_url`.
pub fn qr_text(base_url: Option<&str>, tag: &str) -> String {
    match base_url {
        Some(base) => join_url(
            base,
            &crate::render::site::record_path(Register::Asset, tag),
        ),
        None => tag.to_owned(),
    }
}

/// `base` with `path` under it; bytes outside the unreserved set (and
/// `/`) percent-encoded, so a scanner reads one address.
fn join_url(base: &str, path: &str) -> String {
    let mut url = base.trim().to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// The warning when `[site] base_url` is missing, in Vietnamese and in
/// English; [`NO_BASE_URL`] is both, for the label sheet, which is bilingual.
pub const NO_BASE_URL_VI: &str = "[site] base_url chưa được đặt trong itreg.toml: mã QR trên nhãn tài sản chỉ chứa mã tài sản, không chứa địa chỉ trang hồ sơ";
pub const NO_BASE_URL_EN: &str = "[site] base_url is not set in itreg.toml: the QR codes on asset labels hold only the asset tag, not the record page's address";
pub const NO_BASE_URL: &str = "[site] base_url chưa được đặt trong itreg.toml: mã QR trên nhãn tài sản chỉ chứa mã tài sản, không chứa địa chỉ trang hồ sơ / [site] base_url is not set in itreg.toml: the QR codes on asset labels hold only the asset tag, not the record page's address";

/// A sheet's file, from the site root.
pub fn sheet_path(unit: &str) -> String {
    format!("{FOLDER}/{}", page_name(Register::Unit, unit, ".html"))
}

/// A unit's file of QR codes (see [`qr::sprite`]), from the site root.
pub fn qr_path(unit: &str) -> String {
    format!("{FOLDER}/qr/{}", page_name(Register::Unit, unit, ".svg"))
}

/// A device's QR code in its unit's file, from a sheet: `qr/<unit>.svg#<tag>`.
pub fn qr_href(unit: &str, tag: &str) -> String {
    format!(
        "qr/{}#{}",
        page_name(Register::Unit, unit, ".svg"),
        qr_id(tag)
    )
}

/// The id of a device's code in its unit's file: the tag as its page's file
/// name has it, safe in an address.
pub fn qr_id(tag: &str) -> String {
    page_name(Register::Asset, tag, "")
}

/// A record's page file name with `extension` in place of `.html`.
fn page_name(register: Register, key: &str, extension: &str) -> String {
    let path = crate::render::site::record_path(register, key);
    let file = path.rsplit('/').next().unwrap_or(&path);
    format!("{}{extension}", file.trim_end_matches(".html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_join_the_base_and_the_record_page() {
        assert_eq!(
            qr_text(Some("http://itreg.bhxh.local"), "HN-Q1-PC-0012"),
            "http://itreg.bhxh.local/assets/HN-Q1-PC-0012.html"
        );
        assert_eq!(
            qr_text(Some("https://x.example/itreg/"), "A B"),
            "https://x.example/itreg/assets/A-B.html"
        );
        assert_eq!(qr_text(None, "HN-Q1-PC-0012"), "HN-Q1-PC-0012");
        assert_eq!(join_url("http://h/", "a/Đ.html"), "http://h/a/%C4%90.html");
    }

    #[test]
    fn files_are_named_after_the_unit_and_the_tag() {
        assert_eq!(sheet_path("hn-q1"), "labels/hn-q1.html");
        assert_eq!(qr_path("hn-q1"), "labels/qr/hn-q1.svg");
        assert_eq!(
            qr_href("hn-q1", "HN-Q1-PC-0012"),
            "qr/hn-q1.svg#HN-Q1-PC-0012"
        );
    }
}
