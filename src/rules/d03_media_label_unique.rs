//! D3 (QĐ3582 II.4.2): backup media are managed centrally and labelled. A
//! label names one medium, across every database. The seed asks for a
//! label on each medium, not for one backup per medium: a disk, a NAS or a
//! tape may hold many backups, of several databases, so its label may recur
//! on them all, as long as every use says the same kind of medium. A label
//! used for two kinds of medium names two media, and is flagged.

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
            if first.kind == kind {
                continue;
            }
            let (other, date) = (first.database, first.date);
            let (was, is) = (first.kind.unwrap_or("?"), kind.unwrap_or("?"));
            findings.push(
                Finding::on(database, format!("/backups/{index}/media/label")).say(
                    (
                        format!(
                            "Nhãn `{label}` ghi cho vật chứa loại `{is}` nhưng đã là nhãn của vật chứa loại `{was}` (bản sao lưu ngày {date} của CSDL `{other}`)"
                        ),
                        format!(
                            "Label `{label}` is given to a medium of kind `{is}` but already names one of kind `{was}` (the {date} backup of database `{other}`)"
                        ),
                    ),
                    (
                        "Dán nhãn riêng cho từng vật chứa dữ liệu và ghi đúng nhãn đó vào `media.label` (một vật chứa giữ nhiều bản sao lưu thì dùng một nhãn cho tất cả)",
                        "Give each storage medium its own label and record that label in `media.label` (a medium that holds many backups keeps one label for them all)",
                    ),
                ),
            );
        }
    }
    findings
}
