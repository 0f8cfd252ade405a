//! M5 (QC1114 Đ6): a password is reset within 24 hours. A `password-reset`
//! event's `done_at` is at most N hours (24) after its `requested_at`; one
//! with no `done_at` yet is reported once N hours have passed by the start
//! of `--today`.

use super::time::{hours_text, parse_datetime, start_of_day};
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M5",
    citation: "QC1114 Đ6",
    severity: Severity::Warning,
    threshold: Some(24),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let hours = context.threshold;
    let now = start_of_day(context.today);
    let mut findings = Vec::new();
    for account in context.model.mail_accounts.values() {
        for (index, event) in account.events.iter().enumerate() {
            if event.kind != "password-reset" {
                continue;
            }
            let Some(requested) = event.requested_at.as_deref().and_then(parse_datetime) else {
                continue;
            };
            let done = event.done_at.as_deref().and_then(parse_datetime);
            let minutes = (done.unwrap_or(now) - requested).num_minutes();
            if minutes <= hours * 60 {
                continue;
            }
            let (took_vi, took_en) = hours_text(minutes);
            let (pointer, message) = match done {
                Some(_) => (
                    format!("/events/{index}/done_at"),
                    (
                        format!(
                            "Đặt lại mật khẩu mất {took_vi} kể từ khi yêu cầu, quá {hours} giờ"
                        ),
                        format!(
                            "The password reset took {took_en} from the request, over {hours} hours"
                        ),
                    ),
                ),
                None => (
                    format!("/events/{index}"),
                    (
                        format!(
                            "Mật khẩu chưa được đặt lại sau {took_vi} kể từ khi yêu cầu, quá {hours} giờ"
                        ),
                        format!(
                            "The password is still not reset {took_en} after the request, over {hours} hours"
                        ),
                    ),
                ),
            };
            findings.push(Finding::on(account, pointer).say(
                message,
                (
                    &format!("Đặt lại mật khẩu trong {hours} giờ và ghi `done_at`; nếu chậm vì lý do chính đáng, ghi lý do vào `note` của sự kiện"),
                    &format!("Reset passwords within {hours} hours and record `done_at`; if a delay had good reason, record it in the event's `note`"),
                ),
            ));
        }
    }
    findings
}
