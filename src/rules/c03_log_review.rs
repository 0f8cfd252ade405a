//! C3 (QĐ3582 II.3.3): activity logs are reviewed regularly. A network's
//! latest `log_reviews` entry is at most `log_review_interval_days` old (the
//! rule's threshold, 30 days, when the network does not say). "Regularly"
//! is not once a year: a network's own interval may not exceed the maximum
//! (90 days, `[rules.C3] maximum` in `itreg.toml`); a longer one is reported
//! and the maximum applies instead.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::model::{Network, Typed};

pub const RULE: Rule = Rule {
    clause: "C3",
    citation: "QĐ3582 II.3.3",
    severity: Severity::Warning,
    threshold: Some(30),
    check,
};

/// The longest review interval a network may set when `itreg.toml` does
/// not say: a quarter.
pub const DEFAULT_MAXIMUM_DAYS: i64 = 90;

fn check(context: &Context) -> Vec<Finding> {
    let maximum = context.maximum.unwrap_or(DEFAULT_MAXIMUM_DAYS);
    let mut findings = Vec::new();
    for network in context.model.networks.values() {
        let own = network.log_review_interval_days.map(i64::from);
        if let Some(own) = own.filter(|&own| own > maximum) {
            findings.push(interval_too_long(network, own, maximum));
        }
        let interval = own.unwrap_or(context.threshold).min(maximum);
        findings.extend(review_overdue(context, network, interval));
    }
    findings
}

fn interval_too_long(network: &Typed<Network>, own: i64, maximum: i64) -> Finding {
    Finding::on(network, "/log_review_interval_days").say(
        (
            format!("Chu kỳ xem xét nhật ký {own} ngày dài hơn mức tối đa {maximum} ngày: xem xét \"thường xuyên\" không phải mỗi năm một lần"),
            format!("The log review interval of {own} days is longer than the maximum of {maximum} days: \"regularly\" is not once a year"),
        ),
        (
            "Rút ngắn `log_review_interval_days` (mức tối đa đặt ở `[rules.C3] maximum` trong itreg.toml)",
            "Shorten `log_review_interval_days` (the maximum is `[rules.C3] maximum` in itreg.toml)",
        ),
    )
}

fn review_overdue(context: &Context, network: &Typed<Network>, interval: i64) -> Option<Finding> {
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
                return None;
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
    Some(Finding::on(network, pointer).say(
        message,
        (
            "Xem xét nhật ký hoạt động và ghi `log_reviews: - { date: …, by: …, note: … }`",
            "Review the activity logs and record `log_reviews: - { date: …, by: …, note: … }`",
        ),
    ))
}
