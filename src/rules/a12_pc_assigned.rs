//! A12 (QĐ3582 II.1.6): one responsible person for each PC. An in-use
//! desktop or laptop names the staff member it is assigned to.

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
        let personal = matches!(asset.kind.as_str(), "desktop" | "laptop");
        let assigned = !blank(asset.assigned_to.as_deref());
        if !personal || asset.status != "in-use" || assigned {
            continue;
        }
        let (kind_vi, kind_en) = if asset.kind == "laptop" {
            ("Máy tính xách tay", "laptop")
        } else {
            ("Máy tính để bàn", "desktop")
        };
        findings.push(Finding::on(asset, "/status").say(
            (
                format!("{kind_vi} đang sử dụng nhưng không ghi người chịu trách nhiệm sử dụng"),
                format!("This in-use {kind_en} has no responsible user recorded"),
            ),
            (
                "Ghi `assigned_to: <mã cán bộ>` cho đúng một người sử dụng, kèm sự kiện `handover` có biên bản",
                "Record `assigned_to: <staff id>` for exactly one user, with a `handover` event and its minutes",
            ),
        ));
    }
    findings
}
