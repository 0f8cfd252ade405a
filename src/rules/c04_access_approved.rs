//! C4 (QĐ3582 II.3.2, II.4.4): access rights are set on the approval of the
//! unit's head. Every grant names `approved_by`, a leader of the network's
//! unit (see [`crate::model::Model::leads`]) on the day of the grant.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "C4",
    citation: "QĐ3582 II.3.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for access in model.access.values() {
        let Some(unit) = model.networks.get(access.network.as_str()).map(|n| &n.unit) else {
            continue;
        };
        for (index, grant) in access.grants.iter().enumerate() {
            let date = grant.date.unwrap_or(context.today);
            let (pointer, message) = match grant.approved_by.as_deref() {
                None => (
                    format!("/grants/{index}"),
                    (
                        format!("Quyền của nhóm “{}” không ghi người phê duyệt", grant.group),
                        format!("The grant to “{}” names no approver", grant.group),
                    ),
                ),
                // An unknown staff id is already a `ref-missing` error.
                Some(approver)
                    if model.staff.contains_key(approver) && !model.leads(approver, unit, date) =>
                {
                    (
                        format!("/grants/{index}/approved_by"),
                        (
                            format!(
                                "`{approver}` không phải thủ trưởng đơn vị `{unit}` (hay đơn vị cấp trên) vào ngày {date}"
                            ),
                            format!(
                                "`{approver}` was not the head of unit `{unit}` (or a unit above it) on {date}"
                            ),
                        ),
                    )
                }
                Some(_) => continue,
            };
            findings.push(Finding::on(access, pointer).say(
                message,
                (
                    "Trình Thủ trưởng đơn vị phê duyệt và ghi `approved_by: <mã cán bộ có vai trò unit-head>`",
                    "Have the unit head approve and record `approved_by: <staff id with the unit-head role>`",
                ),
            ));
        }
    }
    findings
}
