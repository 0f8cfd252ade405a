//! M4 (QC1114 Đ5.1): an account is locked when its holder leaves. An
//! `active` account of a staff member whose `left` date is on or before
//! today is an error.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M4",
    citation: "QC1114 Đ5.1",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        if account.status != "active" {
            continue;
        }
        let Some(staff) = account.staff.as_deref().and_then(|id| model.staff.get(id)) else {
            continue;
        };
        let Some(left) = staff.left_date_by(context.today) else {
            continue;
        };
        findings.push(Finding::on(account, "/status").say(
            (
                format!(
                    "Tài khoản còn hoạt động nhưng cán bộ `{}` đã thôi việc từ ngày {left}",
                    staff.id
                ),
                format!(
                    "The account is active but `{}` left the agency on {left}",
                    staff.id
                ),
            ),
            (
                "Khóa tài khoản trên máy chủ thư, ghi `status: locked` và sự kiện `{ date: …, kind: locked, reason: … }`",
                "Lock the account on the mail server, record `status: locked` and an event `{ date: …, kind: locked, reason: … }`",
            ),
        ));
    }
    findings
}
