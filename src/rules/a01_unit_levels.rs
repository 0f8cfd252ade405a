//! A1 (QĐ3582 I.1–I.2): units nest central > province > district. A unit's
//! parent is one level above it (a district under a province, a province
//! under the central agency) or at its own level (a department such as a
//! province's IT office under its province); never below it, and no level
//! is skipped.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "A1",
    citation: "QĐ3582 I.1",
    severity: Severity::Error,
    threshold: None,
    check,
};

/// Central is 0, province 1, district 2.
fn rank(level: &str) -> Option<u8> {
    match level {
        "central" => Some(0),
        "province" => Some(1),
        "district" => Some(2),
        _ => None,
    }
}

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for unit in model.units.values() {
        let Some(own) = rank(&unit.level) else {
            continue; // the schema's to report
        };
        // The root may be any level: a province that keeps its own
        // registers (`itreg init`) has its own office at the top.
        let Some(parent_id) = unit.parent.as_deref() else {
            continue;
        };
        let Some(parent) = model.units.get(parent_id) else {
            continue; // a missing parent is integrity's to report
        };
        let Some(above) = rank(&parent.level) else {
            continue;
        };
        if own == above || own == above + 1 {
            continue;
        }
        findings.push(Finding::on(unit, "/parent").say(
            (
                format!(
                    "Đơn vị cấp `{}` không thể trực thuộc `{parent_id}` cấp `{}`; các cấp lồng nhau trung ương > tỉnh > huyện",
                    unit.level, parent.level
                ),
                format!(
                    "A `{}` unit cannot sit under `{parent_id}`, a `{}` unit; units nest central > province > district",
                    unit.level, parent.level
                ),
            ),
            (
                "Đơn vị cấp huyện trực thuộc BHXH tỉnh, BHXH tỉnh trực thuộc BHXH Việt Nam; sửa `parent` hoặc `level`",
                "A district unit sits under its province, a province under the central agency; fix `parent` or `level`",
            ),
        ));
    }
    findings
}
