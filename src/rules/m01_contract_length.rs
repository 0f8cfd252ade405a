//! M1 (QC1114 Đ4.1): mail accounts go to staff with contracts of at least
//! one year. An active personal account whose staff member has a
//! `fixed-term` contract shorter than N months (12) is reported.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M1",
    citation: "QC1114 Đ4.1",
    severity: Severity::Warning,
    threshold: Some(12),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        if account.kind != "personal" || account.status != "active" {
            continue;
        }
        let Some(staff) = account.staff.as_deref().and_then(|id| model.staff.get(id)) else {
            continue;
        };
        if staff.contract.as_deref() != Some("fixed-term") {
            continue;
        }
        let Some(months) = staff.contract_months else {
            continue;
        };
        if i64::from(months) >= context.threshold {
            continue;
        }
        findings.push(Finding::on(account, "/staff").say(
            (
                format!(
                    "Tài khoản cấp cho cán bộ `{}` có hợp đồng {months} tháng, ngắn hơn một năm",
                    staff.id
                ),
                format!(
                    "The account belongs to `{}`, whose contract of {months} months is shorter than a year",
                    staff.id
                ),
            ),
            (
                "Chỉ cấp thư cho cán bộ có hợp đồng từ một năm trở lên: khóa tài khoản (`status: locked`), hoặc cập nhật hợp đồng trong hồ sơ cán bộ",
                "Accounts are for staff with contracts of a year or more: lock the account (`status: locked`), or update the contract in the staff record",
            ),
        ));
    }
    findings
}
