//! D5 (QĐ3582 II.4.4): a suspected loss or leak of data is reported at
//! once to the unit's leadership and to the level above. An incident has,
//! on the day it was `detected`, a report to `unit-leadership` and one to
//! `level-above`.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D5",
    citation: "QĐ3582 II.4.4",
    severity: Severity::Warning,
    threshold: None,
    check,
};

/// Whom an incident is reported to, as the register names them.
const RECIPIENTS: [(&str, &str, &str); 2] = [
    (
        "unit-leadership",
        "lãnh đạo đơn vị",
        "the unit's leadership",
    ),
    ("level-above", "cấp trên", "the level above"),
];

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for incident in context.model.incidents.values() {
        for (to, vi, en) in RECIPIENTS {
            let first = incident
                .reports
                .iter()
                .enumerate()
                .filter(|(_, r)| r.to == to)
                .min_by_key(|(_, r)| r.date);
            let pointer = first.map_or("/reports".to_owned(), |(i, _)| format!("/reports/{i}"));
            let message = match first.map(|(_, r)| r.date) {
                Some(date) if date <= incident.detected => continue,
                Some(date) => (
                    format!(
                        "Sự cố phát hiện ngày {} nhưng đến ngày {date} mới báo cáo {vi}",
                        incident.detected
                    ),
                    format!(
                        "The incident was detected on {} but reported to {en} only on {date}",
                        incident.detected
                    ),
                ),
                None => (
                    format!(
                        "Sự cố phát hiện ngày {} chưa được báo cáo {vi}",
                        incident.detected
                    ),
                    format!(
                        "The incident detected on {} has not been reported to {en}",
                        incident.detected
                    ),
                ),
            };
            findings.push(Finding::on(incident, pointer).say(
                message,
                (
                    "Báo cáo ngay trong ngày cho lãnh đạo đơn vị và cấp trên; ghi `reports: - { to: unit-leadership|level-above, date: …, recipient: … }`",
                    "Report the same day to the unit's leadership and the level above; record `reports: - { to: unit-leadership|level-above, date: …, recipient: … }`",
                ),
            ));
        }
    }
    findings
}
