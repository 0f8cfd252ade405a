//! B8 (QĐ3582 II.2.2): a local application is used only within the units
//! its approval names ("chỉ được sử dụng trong phạm vi đơn vị đã được BHXH
//! Việt Nam cho phép"). The approval of `business-local` software lists
//! `units`, each covering its sub-units; an installation planned or
//! deployed anywhere else is flagged.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "B8",
    citation: "QĐ3582 II.2.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for software in model.software.values() {
        if software.kind != "business-local" {
            continue;
        }
        // No approval at all is B3's to report.
        let Some(approval) = &software.approval else {
            continue;
        };
        if approval.units.is_empty() {
            findings.push(Finding::on(software, "/approval").say(
                (
                    "Quyết định phê duyệt không ghi các đơn vị được phép sử dụng".to_owned(),
                    "The approval does not name the units allowed to use the software".to_owned(),
                ),
                (
                    "Ghi `units: [<mã đơn vị>, …]` trong `approval` theo phạm vi quyết định cho phép",
                    "Record `units: [<unit id>, …]` in `approval`, as the decision allows",
                ),
            ));
            continue;
        }
        let allowed: Vec<_> = approval.units.iter().map(|u| model.subtree(u)).collect();
        for (index, installation) in software.installations.iter().enumerate() {
            let unit = installation.unit.as_str();
            if installation.status == "removed" || allowed.iter().any(|set| set.contains(unit)) {
                continue;
            }
            findings.push(Finding::on(software, format!("/installations/{index}/unit")).say(
                (
                    format!(
                        "Phần mềm được cài đặt tại `{unit}`, ngoài phạm vi quyết định phê duyệt ({})",
                        approval.units.join(", ")
                    ),
                    format!(
                        "The software is installed at `{unit}`, outside the units its approval names ({})",
                        approval.units.join(", ")
                    ),
                ),
                (
                    "Không triển khai ra ngoài phạm vi được phép; muốn mở rộng thì trình Tổng Giám đốc phê duyệt và bổ sung `approval.units`",
                    "Do not deploy beyond the approved units; to extend it, seek the General Director's approval and add the unit to `approval.units`",
                ),
            ));
        }
    }
    findings
}
