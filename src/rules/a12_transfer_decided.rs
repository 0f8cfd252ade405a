//! A12 (QĐ3582 II.1.6): transfers are decided by leadership. A `transfer`
//! event names `decided_by`; its minutes are `a12_handover_minutes`'s.

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
            let decided = !blank(event.decided_by.as_deref());
            if event.kind != "transfer" || decided {
                continue;
            }
            findings.push(Finding::on(asset, format!("/events/{index}")).say(
                (
                    format!("Sự kiện điều chuyển ngày {} không ghi người quyết định", event.date),
                    format!("The transfer of {} does not record who decided it", event.date),
                ),
                (
                    "Ghi `decided_by:` với lãnh đạo quyết định điều chuyển và số quyết định",
                    "Record `decided_by:` with the leader who decided the transfer and the decision number",
                ),
            ));
        }
    }
    findings
}
