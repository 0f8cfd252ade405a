//! M4 (QC1114 Đ5.1): an account unused for 90 days is locked. An `active`
//! account whose `last_login` is more than N days (90) before today is
//! reported, and so is one with no `last_login` at all more than N days
//! after it was `created`; accounts of staff who left are the error rule's.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M4",
    citation: "QC1114 Đ5.1",
    severity: Severity::Warning,
    threshold: Some(90),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let days = context.threshold;
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        if account.status != "active" {
            continue;
        }
        let left = account
            .staff
            .as_deref()
            .and_then(|id| model.staff.get(id))
            .is_some_and(|staff| staff.left_by(context.today));
        let Some(since) = account.last_login.or(account.created) else {
            continue;
        };
        let idle = (context.today - since).num_days();
        if left || idle <= days {
            continue;
        }
        let (pointer, message) = match account.last_login {
            Some(last_login) => (
                "/last_login",
                (
                    format!(
                        "Tài khoản không đăng nhập đã {idle} ngày (lần cuối {last_login}), quá {days} ngày"
                    ),
                    format!(
                        "The account has not logged in for {idle} days (last on {last_login}), over {days} days"
                    ),
                ),
            ),
            None => (
                "/created",
                (
                    format!(
                        "Tài khoản chưa từng đăng nhập sau {idle} ngày kể từ khi tạo ({since}), quá {days} ngày"
                    ),
                    format!(
                        "The account has never logged in, {idle} days after it was created ({since}), over {days} days"
                    ),
                ),
            ),
        };
        findings.push(Finding::on(account, pointer).say(
            message,
            (
                "Khóa tài khoản (`status: locked` và sự kiện `kind: locked`), hoặc cập nhật `last_login` từ máy chủ thư",
                "Lock the account (`status: locked` and a `kind: locked` event), or update `last_login` from the mail server",
            ),
        ));
    }
    findings
}
