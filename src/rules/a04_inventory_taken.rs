//! A4 (QĐ3582 II.1.2): every unit holding equipment takes a year-end
//! inventory. Once January is over, last year's inventory of such a unit
//! must be recorded.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::register::Register;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

pub const RULE: Rule = Rule {
    clause: "A4",
    citation: "QĐ3582 II.1.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let today = context.today;
    let last_year = today.year() - 1;
    // The inventory is due by the end of January.
    if today.month() == 1 {
        return Vec::new();
    }
    let Some(year_end) = NaiveDate::from_ymd_opt(last_year, 12, 31) else {
        return Vec::new();
    };
    // Units that held equipment at the end of last year, with how many.
    let mut held: BTreeMap<&str, usize> = BTreeMap::new();
    for asset in model.assets.values() {
        let still_held = !matches!(asset.status.as_str(), "disposed" | "lost");
        if still_held && asset.acquired <= year_end {
            *held.entry(asset.unit.as_str()).or_default() += 1;
        }
    }
    let mut findings = Vec::new();
    for (unit_id, count) in held {
        let key = format!("{last_year}/{unit_id}");
        if model.exists(Register::Inventory, &key) {
            continue;
        }
        let Some(unit) = model.units.get(unit_id) else {
            continue; // a missing unit is integrity's to report
        };
        let file = format!("records/inventories/{key}.yaml");
        findings.push(Finding::on(unit, "/id").say(
            (
                format!(
                    "Đơn vị có {count} thiết bị vào cuối năm {last_year} nhưng chưa có biên bản kiểm kê cuối năm đó"
                ),
                format!(
                    "The unit held {count} device(s) at the end of {last_year} but has no year-end inventory for that year"
                ),
            ),
            (
                &format!("Kiểm kê thiết bị và ghi kết quả vào {file}"),
                &format!("Take the inventory and record it in {file}"),
            ),
        ));
    }
    findings
}
