//! M12 (QC1114 Đ5.2, Đ13.2.3): a stolen or misused account is locked at
//! once. A `compromised` event is followed by a `locked` event within N
//! hours (24); one still not locked is reported once N hours have passed by
//! the start of `--today`. Dates without a time count from their start.

use super::time::{hours_text, parse_date_or_datetime, start_of_day};
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M12",
    citation: "QC1114 Đ5.2",
    severity: Severity::Warning,
    threshold: Some(24),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let hours = context.threshold;
    let now = start_of_day(context.today);
    let mut findings = Vec::new();
    for account in context.model.mail_accounts.values() {
        let dated = |kind: &'static str| {
            account
                .events
                .iter()
                .enumerate()
                .filter(move |(_, e)| e.kind == kind)
                .filter_map(|(i, e)| Some((i, parse_date_or_datetime(&e.date)?)))
        };
        for (index, compromised) in dated("compromised") {
            let locked = dated("locked")
                .map(|(_, at)| at)
                .filter(|&at| at >= compromised)
                .min();
            let minutes = (locked.unwrap_or(now) - compromised).num_minutes();
            if minutes <= hours * 60 {
                continue;
            }
            let (took_vi, took_en) = hours_text(minutes);
            let message = match locked {
                Some(_) => (
                    format!(
                        "Tài khoản bị đánh cắp hoặc lạm dụng được khóa sau {took_vi}, quá {hours} giờ"
                    ),
                    format!(
                        "The stolen or misused account was locked {took_en} later, over {hours} hours"
                    ),
                ),
                None => (
                    format!(
                        "Tài khoản bị đánh cắp hoặc lạm dụng chưa bị khóa sau {took_vi}, quá {hours} giờ"
                    ),
                    format!(
                        "The stolen or misused account is still not locked {took_en} later, over {hours} hours"
                    ),
                ),
            };
            findings.push(Finding::on(account, format!("/events/{index}")).say(
                message,
                (
                    "Khóa tài khoản ngay, ghi sự kiện `{ date: …, kind: locked, reason: …, notice: <số Mẫu 02> }` và thông báo Thủ trưởng đơn vị",
                    "Lock the account at once, record `{ date: …, kind: locked, reason: …, notice: <Mẫu 02 number> }` and notify the unit head",
                ),
            ));
        }
    }
    findings
}
