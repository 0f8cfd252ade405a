//! A7 (QĐ3582 II.1.4): handover minutes every time a device leaves for
//! repair or comes back.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A7",
    citation: "QĐ3582 II.1.4",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for asset in model.assets.values() {
        for (index, event) in asset.events.iter().enumerate() {
            let leaves = matches!(event.kind.as_str(), "repair-out" | "repair-in");
            if leaves && event.minutes.as_deref().is_none_or(str::is_empty) {
                findings.push(Finding::on(asset, format!("/events/{index}")).say(
                    (
                        format!(
                            "Sự kiện `{}` ngày {} không có biên bản giao nhận",
                            event.kind, event.date
                        ),
                        format!(
                            "The `{}` event of {} has no handover minutes",
                            event.kind, event.date
                        ),
                    ),
                    (
                        "Thêm `minutes: BB-…` với số biên bản giao nhận",
                        "Add `minutes: BB-…` with the handover minutes' number",
                    ),
                ));
            }
        }
    }
    findings
}
