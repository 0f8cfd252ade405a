//! B3 (QĐ3582 II.2.2): local business software needs the General
//! Director's approval. `business-local` software records its `approval`
//! decision.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "B3",
    citation: "QĐ3582 II.2.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        if software.kind != "business-local" {
            continue;
        }
        let decision = software
            .approval
            .as_ref()
            .and_then(|approval| approval.decision.as_deref());
        if !blank(decision) {
            continue;
        }
        let pointer = if software.approval.is_some() {
            "/approval"
        } else {
            "/kind"
        };
        findings.push(Finding::on(software, pointer).say(
            (
                "Phần mềm nghiệp vụ do địa phương xây dựng chưa có quyết định phê duyệt của Tổng Giám đốc".to_owned(),
                "This locally built business application has no approval decision from the General Director".to_owned(),
            ),
            (
                "Ghi `approval: { decision: \"…/QĐ-BHXH\", date: … }` theo quyết định phê duyệt",
                "Record `approval: { decision: \"…/QĐ-BHXH\", date: … }` from the approval decision",
            ),
        ));
    }
    findings
}
