//! B4 (QĐ3582 II.2.2): no modification may make installed versions differ.
//! The deployed installations of one application run one version.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use std::collections::BTreeMap;

pub const RULE: Rule = Rule {
    clause: "B4",
    citation: "QĐ3582 II.2.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        // version → the units running it
        let mut versions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for installation in software
            .installations
            .iter()
            .filter(|i| i.status == "deployed")
        {
            if let Some(version) = installation.version.as_deref().map(str::trim) {
                versions
                    .entry(version)
                    .or_default()
                    .push(installation.unit.as_str());
            }
        }
        if versions.len() < 2 {
            continue;
        }
        let list = versions
            .iter()
            .map(|(version, units)| format!("{version} ({})", units.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        findings.push(Finding::on(software, "/installations").say(
            (
                format!("Các đơn vị đang chạy các phiên bản khác nhau của cùng phần mềm: {list}"),
                format!("Units run different versions of this one application: {list}"),
            ),
            (
                "Cập nhật mọi nơi triển khai lên cùng một phiên bản và ghi lại `version` của từng `installations`",
                "Bring every installation to the same version and record each `installations` entry's `version`",
            ),
        ));
    }
    findings
}
