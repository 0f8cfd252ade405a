//! D4 (QĐ3582 II.4.3): every data access request is approved by the unit's
//! leadership. An `approved` or `fulfilled` request names `approved_by`.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D4",
    citation: "QĐ3582 II.4.3",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for request in context.model.data_requests.values() {
        let status = request.status.as_deref().unwrap_or("");
        let approved = !blank(request.approved_by.as_deref());
        if !matches!(status, "approved" | "fulfilled") || approved {
            continue;
        }
        findings.push(Finding::on(request, "/status").say(
            (
                format!("Yêu cầu khai thác dữ liệu ở trạng thái `{status}` nhưng không ghi người phê duyệt"),
                format!("The data request is `{status}` but names no approver"),
            ),
            (
                "Ghi `approved_by: <mã cán bộ lãnh đạo>` và `approved_on: <ngày>`, hoặc để `status: pending` cho đến khi được duyệt",
                "Record `approved_by: <leader's staff id>` and `approved_on: <date>`, or keep `status: pending` until it is approved",
            ),
        ));
    }
    findings
}
