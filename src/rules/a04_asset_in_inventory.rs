//! A4 (QĐ3582 II.1.2): a year-end inventory of all equipment ("kiểm kê toàn
//! bộ thiết bị"). Every asset the agency still holds (in use, in stock or
//! under repair), acquired before the end of last year, must be listed in
//! last year's inventory of its unit, when that inventory has been recorded.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

pub const RULE: Rule = Rule {
    clause: "A4",
    citation: "QĐ3582 II.1.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let last_year = context.today.year() - 1;
    let Some(year_end) = NaiveDate::from_ymd_opt(last_year, 12, 31) else {
        return Vec::new();
    };
    // An asset moved between units this year sits in its old unit's list;
    // any of last year's inventories counts.
    let listed: BTreeSet<&str> = model
        .inventories
        .values()
        .filter(|inventory| inventory.year == last_year)
        .flat_map(|inventory| inventory.items.iter().map(|item| item.asset.as_str()))
        .collect();
    let mut findings = Vec::new();
    for asset in model.assets.values() {
        let held = !matches!(asset.status.as_str(), "disposed" | "lost");
        if !held || asset.acquired > year_end {
            continue;
        }
        let key = format!("{last_year}/{}", asset.unit);
        if !model.inventories.contains_key(&key) || listed.contains(asset.id.as_str()) {
            continue;
        }
        let file = format!("records/inventories/{key}.yaml");
        findings.push(Finding::on(asset, "/id").say(
            (
                format!(
                    "Thiết bị (tình trạng `{}`), trang bị ngày {}, không có trong biên bản kiểm kê năm {last_year} của đơn vị `{}`",
                    asset.status, asset.acquired, asset.unit
                ),
                format!(
                    "This asset (status `{}`), acquired on {}, is missing from the {last_year} inventory of unit `{}`",
                    asset.status, asset.acquired, asset.unit
                ),
            ),
            (
                &format!(
                    "Thêm `- {{ asset: {}, result: found }}` (hoặc kết quả thực tế) vào `items` của {file}",
                    asset.id
                ),
                &format!(
                    "Add `- {{ asset: {}, result: found }}` (or the actual result) to `items` in {file}",
                    asset.id
                ),
            ),
        ));
    }
    findings
}
