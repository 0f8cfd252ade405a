//! M2 (QC1114 Đ4.2): a request is made on Mẫu 01 and signed by the head of
//! the requesting unit. A mail request names `signed_by`.

use super::{Context, Finding, Rule, blank};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M2",
    citation: "QC1114 Đ4.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for request in context.model.mail_requests.values() {
        let signed = !blank(request.signed_by.as_deref());
        if signed {
            continue;
        }
        findings.push(Finding::on(request, "/submitted").say(
            (
                "Phiếu yêu cầu (Mẫu 01) không ghi thủ trưởng đơn vị ký".to_owned(),
                "The request form (Mẫu 01) does not say which head of unit signed it".to_owned(),
            ),
            (
                "Ghi `signed_by:` (họ tên thủ trưởng đơn vị ký) và `signed_by_title:` theo phiếu đã ký",
                "Record `signed_by:` (the signing head of unit) and `signed_by_title:` from the signed form",
            ),
        ));
    }
    findings
}
