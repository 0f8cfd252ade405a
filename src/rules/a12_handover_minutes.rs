//! A12 (QĐ3582 II.1.6): every handover is recorded in minutes ("việc giao
//! nhận phải được tiến hành lập biên bản"). A `handover`, `transfer` or
//! `disposal` event names its `minutes`; A7 asks the same of repairs.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A12",
    citation: "QĐ3582 II.1.6",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        for (index, event) in asset.events.iter().enumerate() {
            let (kind_vi, kind_en) = match event.kind.as_str() {
                "handover" => ("bàn giao", "handover"),
                "transfer" => ("điều chuyển", "transfer"),
                "disposal" => ("thanh lý", "disposal"),
                _ => continue,
            };
            if !blank(event.minutes.as_deref()) {
                continue;
            }
            findings.push(Finding::on(asset, format!("/events/{index}")).say(
                (
                    format!("Sự kiện {kind_vi} ngày {} không có biên bản", event.date),
                    format!("The {kind_en} of {} has no minutes", event.date),
                ),
                (
                    "Ghi `minutes: BB-…` với số biên bản giao nhận (đính kèm bản quét trong `evidence` nếu có)",
                    "Record `minutes: BB-…` with the number of the minutes (attach the scan under `evidence` if you have it)",
                ),
            ));
        }
    }
    findings
}
