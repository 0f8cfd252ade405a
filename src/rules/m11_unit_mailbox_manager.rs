//! M11 (QC1114 Đ13.2.1, Đ13.2.2): each unit head names the manager of the
//! unit mailbox, and in a province the IT officer who holds the admin
//! account. An active `unit` or `support` mailbox names a `manager` who
//! still works in the mailbox's unit or a unit below it.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M11",
    citation: "QC1114 Đ13.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        let shared = matches!(account.kind.as_str(), "unit" | "support");
        let Some(unit) = account.unit.as_deref().filter(|_| shared) else {
            continue;
        };
        if account.status != "active" {
            continue;
        }
        let (pointer, message) = match account.manager.as_deref() {
            None => (
                "/kind",
                (
                    "Hòm thư đơn vị không ghi người quản lý".to_owned(),
                    "The unit mailbox names no manager".to_owned(),
                ),
            ),
            // An unknown staff id is already a `ref-missing` error.
            Some(manager)
                if model.staff.contains_key(manager) && !works_in(context, manager, unit) =>
            {
                (
                    "/manager",
                    (
                        format!("Người quản lý `{manager}` không còn công tác tại đơn vị `{unit}`"),
                        format!("The manager `{manager}` no longer works in unit `{unit}`"),
                    ),
                )
            }
            Some(_) => continue,
        };
        findings.push(Finding::on(account, pointer).say(
            message,
            (
                "Thủ trưởng đơn vị giao người quản lý; ghi `manager: <mã cán bộ>` và `manager_since`, kèm sự kiện `handover` nếu đổi người",
                "The unit head names the manager; record `manager: <staff id>` and `manager_since`, with a `handover` event when it changes",
            ),
        ));
    }
    findings
}

/// Whether `staff_id` works, today, in `unit` or a unit below it.
fn works_in(context: &Context, staff_id: &str, unit: &str) -> bool {
    let model = context.model;
    model.staff.get(staff_id).is_some_and(|staff| {
        !staff.left_by(context.today) && model.ancestors(&staff.unit).iter().any(|u| u == unit)
    })
}
