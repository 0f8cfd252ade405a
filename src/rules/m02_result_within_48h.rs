//! M2 (QC1114 Đ4.2): the account is created within 48 hours of the request.
//! Each entry's `result.done` is at most N hours (48) after the request was
//! `received`, or `submitted` when no receipt time is recorded; an entry
//! with no `done` yet is reported once N hours have passed by the start of
//! `--today`.

use super::time::{hours_text, parse_datetime, start_of_day};
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "M2",
    citation: "QC1114 Đ4.2",
    severity: Severity::Warning,
    threshold: Some(48),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let hours = context.threshold;
    let now = start_of_day(context.today);
    let mut findings = Vec::new();
    for request in context.model.mail_requests.values() {
        let (start_text, start_vi, start_en) = match &request.received {
            Some(received) => (
                received.as_str(),
                "nhận yêu cầu",
                "the request was received",
            ),
            None => (
                request.submitted.as_str(),
                "gửi yêu cầu",
                "the request was submitted",
            ),
        };
        let Some(start) = parse_datetime(start_text) else {
            continue;
        };
        for (index, entry) in request.entries.iter().enumerate() {
            let done = entry
                .result
                .as_ref()
                .and_then(|r| r.done.as_deref())
                .and_then(parse_datetime);
            let minutes = (done.unwrap_or(now) - start).num_minutes();
            if minutes <= hours * 60 {
                continue;
            }
            let (took_vi, took_en) = hours_text(minutes);
            let (pointer, message) = match done {
                Some(_) => (
                    format!("/entries/{index}/result/done"),
                    (
                        format!(
                            "Yêu cầu cho {} được xử lý sau {took_vi} kể từ khi {start_vi}, quá {hours} giờ",
                            entry.full_name
                        ),
                        format!(
                            "The request for {} was handled {took_en} after {start_en}, over {hours} hours",
                            entry.full_name
                        ),
                    ),
                ),
                None => (
                    format!("/entries/{index}"),
                    (
                        format!(
                            "Yêu cầu cho {} chưa được xử lý sau {took_vi} kể từ khi {start_vi}, quá {hours} giờ",
                            entry.full_name
                        ),
                        format!(
                            "The request for {} is still not handled {took_en} after {start_en}, over {hours} hours",
                            entry.full_name
                        ),
                    ),
                ),
            };
            findings.push(Finding::on(request, pointer).say(
                message,
                (
                    &format!("Xử lý yêu cầu trong {hours} giờ và ghi `result: {{ done: …, outcome: … }}`; nếu chậm vì lý do chính đáng, ghi lý do vào `note` của mục yêu cầu"),
                    &format!("Handle requests within {hours} hours and record `result: {{ done: …, outcome: … }}`; if a delay had good reason, record it in the entry's `note`"),
                ),
            ));
        }
    }
    findings
}
