//! D1 (QĐ3582 II.4.2): each IT unit has one data administrator. An IT unit
//! has exactly one current staff member with the `data-admin` role; staff
//! who have left by today (`Staff::left_by`, docs/nghi-viec.md) do not count.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    clause: "D1",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    // Current data administrators by unit, in one pass over the staff
    // (asking every unit about every staff member is quadratic at 100k).
    let mut admins_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let current_admins = model
        .staff
        .values()
        .filter(|s| s.has_role("data-admin"))
        .filter(|s| !s.left_by(context.today));
    for staff in current_admins {
        admins_of.entry(&staff.unit).or_default().push(&staff.id);
    }
    let mut findings = Vec::new();
    for unit in model.units.values().filter(|u| u.it_unit) {
        let admins = admins_of
            .get(unit.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let message = match admins.len() {
            1 => continue,
            0 => (
                "Đơn vị CNTT không có cán bộ quản trị dữ liệu".to_owned(),
                "This IT unit has no data administrator".to_owned(),
            ),
            n => (
                format!(
                    "Đơn vị CNTT có {n} cán bộ quản trị dữ liệu ({}); quy định chỉ một người",
                    admins.join(", ")
                ),
                format!(
                    "This IT unit has {n} data administrators ({}); the rule is exactly one",
                    admins.join(", ")
                ),
            ),
        };
        findings.push(Finding::on(unit, "/it_unit").say(
            message,
            (
                "Giao vai trò `data-admin` (trong `roles` của hồ sơ cán bộ) cho đúng một cán bộ của đơn vị",
                "Give the `data-admin` role (in the staff record's `roles`) to exactly one staff member of the unit",
            ),
        ));
    }
    findings
}
