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
        let (list_vi, list_en) = version_lists(context, &versions);
        findings.push(Finding::on(software, "/installations").say(
            (
                format!("Các đơn vị đang chạy các phiên bản khác nhau của cùng phần mềm: {list_vi}"),
                format!("Units run different versions of this one application: {list_en}"),
            ),
            (
                "Cập nhật mọi nơi triển khai lên cùng một phiên bản và ghi lại `version` của từng `installations`",
                "Bring every installation to the same version and record each `installations` entry's `version`",
            ),
        ));
    }
    findings
}

/// At most this many units are named per version: a national application
/// runs in hundreds of districts, and the message is read on a page.
const NAMED_UNITS: usize = 3;

/// "version: n units (names…, and k more)", in Vietnamese and in English.
fn version_lists(context: &Context, versions: &BTreeMap<&str, Vec<&str>>) -> (String, String) {
    let mut vi = Vec::new();
    let mut en = Vec::new();
    for (version, units) in versions {
        let names: Vec<&str> = units
            .iter()
            .take(NAMED_UNITS)
            .map(|id| {
                context
                    .model
                    .units
                    .get(*id)
                    .map_or(*id, |u| u.name.as_str())
            })
            .collect();
        let names = names.join(", ");
        let more = units.len().saturating_sub(NAMED_UNITS);
        let n = units.len();
        let unit_s = if n == 1 { "unit" } else { "units" };
        if more == 0 {
            vi.push(format!("{version}: {n} đơn vị ({names})"));
            en.push(format!("{version}: {n} {unit_s} ({names})"));
        } else {
            vi.push(format!(
                "{version}: {n} đơn vị ({names} và {more} đơn vị khác)"
            ));
            en.push(format!("{version}: {n} units ({names} and {more} more)"));
        }
    }
    (vi.join("; "), en.join("; "))
}
