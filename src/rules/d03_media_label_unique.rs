//! D3 (QĐ3582 II.4.2): backup media are managed centrally and labelled. A
//! label names one medium, across every database. The seed asks for a
//! label on each medium, not for one backup per medium: an external disk
//! or a NAS holds many backups, so its label may recur on them all, as long
//! as every use says the same kind of medium. Tapes and optical discs keep
//! one backup per label, the units' labelling convention.

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

/// Media that hold many backups under one label.
fn holds_many(kind: Option<&str>) -> bool {
    matches!(kind, Some("external-disk" | "nas"))
}

/// The first backup that used a label.
struct FirstUse<'m> {
    database: &'m str,
    date: chrono::NaiveDate,
    kind: Option<&'m str>,
}

fn check(context: &Context) -> Vec<Finding> {
    // normalized label → its first use
    let mut first_use: HashMap<String, FirstUse> = HashMap::new();
    let mut findings = Vec::new();
    for database in context.model.databases.values() {
        for (index, backup) in database.backups.iter().enumerate() {
            let Some(media) = &backup.media else {
                continue;
            };
            let label = media.label.trim();
            let kind = media.kind.as_deref();
            let Some(first) = first_use.get(&label.to_uppercase()) else {
                first_use.insert(
                    label.to_uppercase(),
                    FirstUse {
                        database: &database.id,
                        date: backup.date,
                        kind,
                    },
                );
                continue;
            };
            if holds_many(kind) && first.kind == kind {
                continue;
            }
            let (other, date) = (first.database, first.date);
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
                        "Dán nhãn riêng cho từng phương tiện lưu trữ và ghi đúng nhãn đó vào `media.label` (đĩa cứng ngoài, NAS được dùng một nhãn cho nhiều bản sao lưu)",
                        "Give each storage medium its own label and record that label in `media.label` (an external disk or NAS keeps one label for its many backups)",
                    ),
                ),
            );
        }
    }
    findings
}
