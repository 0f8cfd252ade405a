//! A12 (QĐ3582 II.1.6): transfers are decided by leadership and handed over
//! with minutes. A `transfer` event names `decided_by` and `minutes`.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A12",
    citation: "QĐ3582 II.1.6",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn blank(value: Option<&str>) -> bool {
    value.is_none_or(|s| s.trim().is_empty())
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for asset in context.model.assets.values() {
        for (index, event) in asset.events.iter().enumerate() {
            if event.kind != "transfer" {
                continue;
            }
            let (no_decision, no_minutes) = (
                blank(event.decided_by.as_deref()),
                blank(event.minutes.as_deref()),
            );
            let (missing_vi, missing_en, hint_vi, hint_en) = match (no_decision, no_minutes) {
                (false, false) => continue,
                (true, true) => (
                    "người quyết định và biên bản giao nhận",
                    "who decided it and the handover minutes",
                    "Ghi `decided_by:` (lãnh đạo quyết định, số quyết định) và `minutes: BB-…`",
                    "Record `decided_by:` (the deciding leader and decision number) and `minutes: BB-…`",
                ),
                (true, false) => (
                    "người quyết định",
                    "who decided it",
                    "Ghi `decided_by:` với lãnh đạo quyết định điều chuyển và số quyết định",
                    "Record `decided_by:` with the leader who decided the transfer and the decision number",
                ),
                (false, true) => (
                    "biên bản giao nhận",
                    "the handover minutes",
                    "Ghi `minutes: BB-…` với số biên bản giao nhận khi điều chuyển",
                    "Record `minutes: BB-…` with the number of the transfer's handover minutes",
                ),
            };
            findings.push(Finding::on(asset, format!("/events/{index}")).say(
                (
                    format!("Sự kiện điều chuyển ngày {} thiếu {missing_vi}", event.date),
                    format!(
                        "The transfer of {} does not record {missing_en}",
                        event.date
                    ),
                ),
                (hint_vi, hint_en),
            ));
        }
    }
    findings
}
