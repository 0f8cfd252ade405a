//! M2 (QC1114 Đ4.2): the account is created within 48 hours of the request.
//! Each entry's `result.done` is at most N hours (48) after the request was
//! `received`, or `submitted` when no receipt time is recorded.

use super::time::{hours_text, parse_datetime};
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
            let Some(done) = entry
                .result
                .as_ref()
                .and_then(|r| r.done.as_deref())
                .and_then(parse_datetime)
            else {
                continue;
            };
            let minutes = (done - start).num_minutes();
            if minutes <= hours * 60 {
                continue;
            }
            let (took_vi, took_en) = hours_text(minutes);
            findings.push(
                Finding::on(request, format!("/entries/{index}/result/done")).say(
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
                    (
                        &format!("Xử lý yêu cầu trong {hours} giờ; nếu chậm vì lý do chính đáng, ghi lý do vào `note` của mục yêu cầu"),
                        &format!("Handle requests within {hours} hours; if a delay had good reason, record it in the entry's `note`"),
                    ),
                ),
            );
        }
    }
    findings
}
