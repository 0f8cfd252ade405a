//! D3 (QĐ3582 II.4.2): backup media are managed centrally and labelled. A
//! media label names one backup only, across every database.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    clause: "D3",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Error,
    threshold: None,
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    // normalized label → (database id, backup date) of its first use
    let mut first_use: HashMap<String, (&str, chrono::NaiveDate)> = HashMap::new();
    let mut findings = Vec::new();
    for database in context.model.databases.values() {
        for (index, backup) in database.backups.iter().enumerate() {
            let Some(media) = &backup.media else {
                continue;
            };
            let label = media.label.trim();
            match first_use.get(&label.to_uppercase()) {
                None => {
                    first_use.insert(label.to_uppercase(), (&database.id, backup.date));
                }
                Some((other, date)) => {
                    findings.push(
                        Finding::on(database, format!("/backups/{index}/media/label")).say(
                            (
                                format!(
                                    "Nhãn phương tiện lưu trữ `{label}` đã dùng cho bản sao lưu ngày {date} của CSDL `{other}`"
                                ),
                                format!(
                                    "Media label `{label}` is already used by the {date} backup of database `{other}`"
                                ),
                            ),
                            (
                                "Dán nhãn riêng cho từng phương tiện lưu trữ và ghi đúng nhãn đó vào `media.label`",
                                "Give each storage medium its own label and record that label in `media.label`",
                            ),
                        ),
                    );
                }
            }
        }
    }
    findings
}
