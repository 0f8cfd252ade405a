//! C3 (QĐ3582 II.3.3): activity logs are reviewed regularly. A network's
//! latest `log_reviews` entry is at most `log_review_interval_days` old (the
//! rule's threshold, 30 days, when the network does not say).

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "C3",
    citation: "QĐ3582 II.3.3",
    severity: Severity::Warning,
    threshold: Some(30),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for network in context.model.networks.values() {
        let interval = network
            .log_review_interval_days
            .map(i64::from)
            .unwrap_or(context.threshold);
        let latest = network
            .log_reviews
            .iter()
            .enumerate()
            .max_by_key(|(_, review)| review.date);
        let (pointer, message) = match latest {
            None => (
                "/id".to_owned(),
                (
                    "Chưa ghi lần xem xét nhật ký hoạt động mạng nào".to_owned(),
                    "No review of the network's activity logs is recorded".to_owned(),
                ),
            ),
            Some((index, review)) => {
                let age = (context.today - review.date).num_days();
                if age <= interval {
                    continue;
                }
                (
                    format!("/log_reviews/{index}"),
                    (
                        format!(
                            "Lần xem xét nhật ký gần nhất ngày {} đã cách {age} ngày, quá chu kỳ {interval} ngày",
                            review.date
                        ),
                        format!(
                            "The latest log review, on {}, is {age} days old, past the {interval}-day interval",
                            review.date
                        ),
                    ),
                )
            }
        };
        findings.push(Finding::on(network, pointer).say(
            message,
            (
                "Xem xét nhật ký hoạt động và ghi `log_reviews: - { date: …, by: …, note: … }`",
                "Review the activity logs and record `log_reviews: - { date: …, by: …, note: … }`",
            ),
        ));
    }
    findings
}
