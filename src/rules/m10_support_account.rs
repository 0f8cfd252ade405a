//! M10 (QC1114 Đ3.6): each province has a delegated admin account
//! `support@<tỉnh>.vss.gov.vn`. Every province (a unit of level `province`
//! whose parent is not itself provincial, so not a department of the
//! provincial office) has an active `support` account whose `unit` is that
//! province or one of its units.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M10",
    citation: "QC1114 Đ3.6",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for unit in model.units.values().filter(|u| u.level == "province") {
        let department = unit
            .parent
            .as_deref()
            .and_then(|parent| model.units.get(parent))
            .is_some_and(|parent| parent.level == "province");
        if department {
            continue;
        }
        let province = model.subtree(&unit.id);
        let has_support = model.mail_accounts.values().any(|account| {
            account.kind == "support"
                && account.status == "active"
                && account
                    .unit
                    .as_deref()
                    .is_some_and(|owner| province.contains(owner))
        });
        if has_support {
            continue;
        }
        let domain = unit.mail_domain.as_deref().unwrap_or("<tỉnh>.vss.gov.vn");
        let file_domain = domain.strip_suffix(".vss.gov.vn").unwrap_or(domain);
        findings.push(Finding::on(unit, "/level").say(
            (
                format!("BHXH tỉnh không có tài khoản quản trị support@{domain} đang hoạt động"),
                format!("The province has no active admin account support@{domain}"),
            ),
            (
                &format!(
                    "Tạo records/mail/accounts/support.{file_domain}.yaml với `kind: support`, `unit: {}`, `status: active`",
                    unit.id
                ),
                &format!(
                    "Create records/mail/accounts/support.{file_domain}.yaml with `kind: support`, `unit: {}`, `status: active`",
                    unit.id
                ),
            ),
        ));
    }
    findings
}
