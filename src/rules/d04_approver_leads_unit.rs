//! D4 (QĐ3582 II.4.3): the approval comes from the unit's leadership. A
//! request's `approved_by` leads the request's unit on the day of approval
//! (see [`crate::model::Model::leads`]).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D4",
    citation: "QĐ3582 II.4.3",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for request in model.data_requests.values() {
        let Some(approver) = request.approved_by.as_deref() else {
            continue;
        };
        let date = request
            .approved_on
            .or(request.date)
            .unwrap_or(context.today);
        // An unknown staff id is already a `ref-missing` error.
        if !model.staff.contains_key(approver) || model.leads(approver, &request.unit, date) {
            continue;
        }
        findings.push(Finding::on(request, "/approved_by").say(
            (
                format!(
                    "Người phê duyệt `{approver}` không phải lãnh đạo đơn vị `{}` vào ngày {date}",
                    request.unit
                ),
                format!(
                    "The approver `{approver}` did not lead unit `{}` on {date}",
                    request.unit
                ),
            ),
            (
                "Yêu cầu khai thác dữ liệu phải do Thủ trưởng đơn vị (vai trò `unit-head`) hoặc lãnh đạo cấp trên phê duyệt",
                "A data request is approved by the unit head (the `unit-head` role) or the leadership above",
            ),
        ));
    }
    findings
}
