//! D3 (QĐ3582 II.4.2): the ability to restore from backup is checked. A
//! database with backups has a `restore_checked` date within the last N
//! months (6 by default).

use super::time::months_before;
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    clause: "D3",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Warning,
    threshold: Some(6),
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let months = context.threshold;
    let since = months_before(context.today, months);
    let mut findings = Vec::new();
    for database in context.model.databases.values() {
        // A database with no backup at all is D2's to report.
        if database.backups.is_empty() {
            continue;
        }
        let latest = database
            .backups
            .iter()
            .enumerate()
            .filter_map(|(index, b)| b.restore_checked.map(|date| (index, date)))
            .max_by_key(|(_, date)| *date);
        let (pointer, message) = match latest {
            Some((_, date)) if date >= since => continue,
            Some((index, date)) => (
                format!("/backups/{index}/restore_checked"),
                (
                    format!(
                        "Lần kiểm tra khả năng phục hồi gần nhất ngày {date}, đã quá {months} tháng"
                    ),
                    format!(
                        "The latest restore check, on {date}, is more than {months} months old"
                    ),
                ),
            ),
            None => (
                "/backups".to_owned(),
                (
                    "Chưa từng kiểm tra khả năng phục hồi từ bản sao lưu".to_owned(),
                    "Restoring from backup has never been checked".to_owned(),
                ),
            ),
        };
        findings.push(Finding::on(database, pointer).say(
            message,
            (
                "Thử phục hồi từ một bản sao lưu gần đây và ghi `restore_checked: <ngày>` vào bản sao lưu đó",
                "Test a restore from a recent backup and record `restore_checked: <date>` on that backup",
            ),
        ));
    }
    findings
}
