//! M11 (QC1114 Đ13.2.2): a manager who hands over passes on the mailbox,
//! its password and its data to the person the head names. A unit
//! mailbox whose `manager_since` is later than its `created` date has a
//! `handover` event on that date to the manager; and the latest handover
//! went to the present manager.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::model::{MailAccount, Typed};

pub const RULE: Rule = Rule {
    clause: "M11",
    citation: "QC1114 Đ13.2.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    context
        .model
        .mail_accounts
        .values()
        .filter(|a| matches!(a.kind.as_str(), "unit" | "support"))
        .filter_map(unhanded_change)
        .collect()
}

fn unhanded_change(account: &Typed<MailAccount>) -> Option<Finding> {
    let manager = account.manager.as_deref()?;
    let handovers: Vec<(usize, &crate::model::MailEvent)> = account
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "handover")
        .collect();
    let latest = handovers.iter().max_by_key(|(_, e)| e.date.as_str());
    if let Some((index, event)) = latest.filter(|(_, e)| e.to.as_deref() != Some(manager)) {
        let to = event.to.as_deref().unwrap_or("?");
        return Some(say(
            account,
            format!("/events/{index}"),
            (
                format!(
                    "Lần bàn giao gần nhất giao hòm thư cho `{to}`, nhưng người quản lý ghi là `{manager}`"
                ),
                format!(
                    "The latest handover passed the mailbox to `{to}`, but the manager recorded is `{manager}`"
                ),
            ),
        ));
    }
    let since = account.manager_since?;
    let changed = account.created.is_some_and(|created| since > created);
    let handed = handovers
        .iter()
        .any(|(_, e)| e.date.starts_with(&since.to_string()) && e.to.as_deref() == Some(manager));
    if !changed || handed {
        return None;
    }
    Some(say(
        account,
        "/manager_since".to_owned(),
        (
            format!(
                "Người quản lý đổi thành `{manager}` từ ngày {since} nhưng không có sự kiện bàn giao ngày đó"
            ),
            format!("The manager changed to `{manager}` on {since} with no handover that day"),
        ),
    ))
}

fn say(account: &Typed<MailAccount>, pointer: String, message: (String, String)) -> Finding {
    Finding::on(account, pointer).say(
        message,
        (
            "Lập biên bản bàn giao hòm thư, mật khẩu và dữ liệu; ghi sự kiện `{ date: …, kind: handover, from: …, to: … }`",
            "Hand over the mailbox, its password and data with minutes; record an event `{ date: …, kind: handover, from: …, to: … }`",
        ),
    )
}
