//! C4 (QĐ3582 II.3.2, II.4.4): access rights are kept current. A grant
//! whose `expires` date has passed is still on the record: withdraw it on
//! the network and remove it, or renew it with a new approval.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "C4",
    citation: "QĐ3582 II.4.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for access in context.model.access.values() {
        for (index, grant) in access.grants.iter().enumerate() {
            let Some(expires) = grant.expires.filter(|&e| e < context.today) else {
                continue;
            };
            findings.push(Finding::on(access, format!("/grants/{index}/expires")).say(
                (
                    format!("Quyền của nhóm “{}” đã hết hạn ngày {expires} nhưng vẫn còn trong hồ sơ", grant.group),
                    format!("The grant to “{}” expired on {expires} but is still on the record", grant.group),
                ),
                (
                    "Thu hồi quyền trên hệ thống và xóa mục này, hoặc gia hạn với phê duyệt mới (`approved_by`, `date`, `expires`)",
                    "Withdraw the right on the system and remove the entry, or renew it with a new approval (`approved_by`, `date`, `expires`)",
                ),
            ));
        }
    }
    findings
}
