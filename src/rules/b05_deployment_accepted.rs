//! B5 (QĐ3582 II.2.3): a deployment is complete only with signed acceptance
//! minutes. A `deployed` installation records its `acceptance`.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use serde_json::Value;

pub const RULE: Rule = Rule {
    clause: "B5",
    citation: "QĐ3582 II.2.3",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for software in context.model.software.values() {
        for (index, installation) in software.installations.iter().enumerate() {
            if installation.status != "deployed" {
                continue;
            }
            let accepted = installation
                .acceptance
                .as_ref()
                .and_then(|acceptance| acceptance.get("minutes"))
                .and_then(Value::as_str)
                .is_some_and(|minutes| !minutes.trim().is_empty());
            if accepted {
                continue;
            }
            findings.push(Finding::on(software, format!("/installations/{index}")).say(
                (
                    format!(
                        "Phần mềm đã triển khai tại `{}` nhưng chưa có biên bản nghiệm thu",
                        installation.unit
                    ),
                    format!(
                        "The installation at `{}` is deployed without signed acceptance minutes",
                        installation.unit
                    ),
                ),
                (
                    "Ghi `acceptance: { minutes: …, signed_by: …, date: … }`, hoặc để `status: planned` cho đến khi nghiệm thu",
                    "Record `acceptance: { minutes: …, signed_by: …, date: … }`, or keep `status: planned` until it is accepted",
                ),
            ));
        }
    }
    findings
}
