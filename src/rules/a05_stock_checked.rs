//! A5 (QĐ3582 II.1.3): stored equipment is checked periodically. An
//! in-stock device needs an `inventory-check` or `maintenance` event (or a
//! year-end inventory listing) within the last N months; the months count
//! from its acquisition when it is newer than that.

use super::time::months_before;
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::model::Model;
use chrono::NaiveDate;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    clause: "A5",
    citation: "QĐ3582 II.1.3",
    severity: Severity::Warning,
    threshold: Some(6),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let months = context.threshold;
    let since = months_before(context.today, months);
    let last_listed = last_inventory_listing(model);
    let mut findings = Vec::new();
    for asset in model.assets.values() {
        if asset.status != "in-stock" {
            continue;
        }
        let by_event = asset
            .events
            .iter()
            .filter(|e| matches!(e.kind.as_str(), "inventory-check" | "maintenance"))
            .map(|e| e.date)
            .max();
        let by_inventory = last_listed.get(asset.id.as_str()).copied();
        let last_check = by_event.max(by_inventory);
        let baseline = last_check.unwrap_or(asset.acquired).max(asset.acquired);
        if baseline >= since {
            continue;
        }
        let (last_vi, last_en) = match last_check {
            Some(date) => (
                format!("lần kiểm tra gần nhất ngày {date}"),
                format!("last checked on {date}"),
            ),
            None => (
                "chưa từng được kiểm tra".to_owned(),
                "never checked".to_owned(),
            ),
        };
        findings.push(Finding::on(asset, "/status").say(
            (
                format!("Thiết bị trong kho quá {months} tháng không được kiểm tra ({last_vi})"),
                format!("This in-stock device has not been checked for over {months} months ({last_en})"),
            ),
            (
                "Kiểm tra thiết bị trong kho và ghi sự kiện `{ date: …, kind: inventory-check, by: … }`",
                "Check the stored device and record an event `{ date: …, kind: inventory-check, by: … }`",
            ),
        ));
    }
    findings
}

/// Each asset's latest year-end inventory listing, read in one pass rather
/// than once per stored device (quadratic at 100k assets).
fn last_inventory_listing(model: &Model) -> HashMap<&str, NaiveDate> {
    let mut last: HashMap<&str, NaiveDate> = HashMap::new();
    for inventory in model.inventories.values() {
        for item in &inventory.items {
            let date = last.entry(item.asset.as_str()).or_insert(inventory.date);
            *date = (*date).max(inventory.date);
        }
    }
    last
}
