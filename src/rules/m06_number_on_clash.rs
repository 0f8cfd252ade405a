//! M6 (QC1114 Đ7): the clash number is added only on a clash. A personal
//! address `<base>N` needs `<base>`, `<base>1` … `<base>(N-1)` in the same
//! domain all taken by other accounts: `datdq1` while `datdq` is free
//! breaks the rule. Locked accounts keep their address, so they count.

use super::m06_mail_naming::{follows_rule, mail_local_part};
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    clause: "M6",
    citation: "QC1114 Đ7",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let taken: HashSet<String> = model
        .mail_accounts
        .values()
        .map(|a| a.address.trim().to_lowercase())
        .collect();
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        if account.kind != "personal" {
            continue;
        }
        let Some(staff) = account.staff.as_deref().and_then(|id| model.staff.get(id)) else {
            continue;
        };
        let address = account.address.trim().to_lowercase();
        let Some((local, domain)) = address.split_once('@') else {
            continue;
        };
        let base = mail_local_part(&staff.full_name);
        if base.is_empty() || local == base || !follows_rule(local, &base) {
            continue;
        }
        let Ok(number) = local[base.len()..].parse::<usize>() else {
            continue;
        };
        let Some(free) = first_free(&base, domain, number, &taken) else {
            continue;
        };
        findings.push(Finding::on(account, "/address").say(
            (
                format!("Địa chỉ `{address}` có số thứ tự nhưng `{free}@{domain}` chưa ai dùng: chỉ thêm số khi trùng tên"),
                format!("`{address}` has a number although `{free}@{domain}` is free: the number is added only on a clash"),
            ),
            (
                &format!("Dùng `{free}@{domain}` (lệnh `itreg mail suggest \"Họ và tên\"` gợi ý địa chỉ trống tiếp theo)"),
                &format!("Use `{free}@{domain}` (`itreg mail suggest \"Full Name\"` suggests the next free address)"),
            ),
        ));
    }
    findings
}

/// The first of `base`, `base1`, … below `base<number>` that no account
/// holds in `domain`. Past as many candidates as there are addresses one
/// must be free, so the search stops there.
fn first_free(base: &str, domain: &str, number: usize, taken: &HashSet<String>) -> Option<String> {
    (0..number.min(taken.len() + 1))
        .map(|n| {
            if n == 0 {
                base.to_owned()
            } else {
                format!("{base}{n}")
            }
        })
        .find(|candidate| !taken.contains(&format!("{candidate}@{domain}")))
}
