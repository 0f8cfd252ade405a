//! B7 (QĐ3582 II.2.2): a software update is released by a decision. A change
//! of programming technique only is accepted and released by the Director
//! of the IT Centre; one touching business rules is first appraised with
//! the departments concerned. Every `updates[]` entry records its `kind`
//! (`technical` or `business`) and the `decision` that released it.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "B7",
    citation: "QĐ3582 II.2.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        for (index, update) in software.updates.iter().enumerate() {
            let missing: Vec<&str> = [
                ("`kind`", blank(update.kind.as_deref())),
                ("`decision`", blank(update.decision.as_deref())),
            ]
            .into_iter()
            .filter_map(|(field, absent)| absent.then_some(field))
            .collect();
            if missing.is_empty() {
                continue;
            }
            let missing = missing.join(", ");
            findings.push(Finding::on(software, format!("/updates/{index}")).say(
                (
                    format!("Lần cập nhật ngày {} thiếu {missing}", update.date),
                    format!("The update of {} lacks {missing}", update.date),
                ),
                (
                    "Ghi `kind: technical` (chỉ sửa kỹ thuật, Giám đốc Trung tâm CNTT nghiệm thu, ban hành) hoặc `kind: business` (liên quan nghiệp vụ, đã thẩm định cùng các Ban), và `decision:` là văn bản ban hành",
                    "Record `kind: technical` (technique only, released by the IT Centre's Director) or `kind: business` (business rules, appraised with the departments), and `decision:` with the releasing document",
                ),
            ));
        }
    }
    findings
}
