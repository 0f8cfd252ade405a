//! D2 (QĐ3582 II.4.2): monthly, quarterly and year-end backups to storage
//! media. From a database's first recorded backup onward, every completed
//! month of the last twelve needs a `monthly` backup dated in it, each of
//! the last four completed quarters a `quarterly` one, and the last
//! completed year a `yearly` one (dated in that year or the January after,
//! when the year's books close). A database with no backup at all is
//! reported too.

use super::time::{Quarter, month_start, months_before};
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::model::Backup;
use chrono::{Datelike, NaiveDate};

pub const RULE: Rule = Rule {
    clause: "D2",
    citation: "QĐ3582 II.4.2",
    severity: Severity::Warning,
    threshold: None,
    check,
};

fn of_period<'a>(backups: &'a [Backup], period: &'a str) -> impl Iterator<Item = NaiveDate> + 'a {
    backups
        .iter()
        .filter(move |b| b.period == period)
        .map(|b| b.date)
}

fn check(context: &Context) -> Vec<Finding> {
    let today = context.today;
    let this_month = month_start(today);
    let this_quarter = Quarter::of(today);
    let last_year = today.year() - 1;
    let mut findings = Vec::new();
    for database in context.model.databases.values() {
        let Some(first) = database.backups.iter().map(|b| b.date).min() else {
            findings.push(Finding::on(database, "/id").say(
                (
                    "CSDL chưa ghi bản sao lưu nào".to_owned(),
                    "The database has no backup recorded".to_owned(),
                ),
                (
                    "Sao lưu định kỳ và ghi `backups: - { date: …, period: monthly, media: { kind: …, label: … } }`",
                    "Back it up on schedule and record `backups: - { date: …, period: monthly, media: { kind: …, label: … } }`",
                ),
            ));
            continue;
        };
        let backups = &database.backups;

        let months: Vec<String> = (1..=12)
            .rev()
            .map(|k| months_before(this_month, k))
            .filter(|month| *month >= month_start(first))
            .filter(|month| !of_period(backups, "monthly").any(|d| month_start(d) == *month))
            .map(|month| month.format("%Y-%m").to_string())
            .collect();

        let mut quarters = Vec::new();
        let mut quarter = this_quarter;
        for _ in 0..4 {
            quarter = quarter.previous();
            if quarter >= Quarter::of(first)
                && !of_period(backups, "quarterly").any(|d| quarter.contains(d))
            {
                quarters.push(quarter.to_string());
            }
        }
        quarters.reverse();

        let year_missing = first.year() <= last_year
            && !of_period(backups, "yearly")
                .any(|d| d.year() == last_year || (d.year() == last_year + 1 && d.month() == 1));

        let mut missing = |what_vi: &str, what_en: &str, periods: &[String], hint_period: &str| {
            if periods.is_empty() {
                return;
            }
            let list = periods.join(", ");
            findings.push(Finding::on(database, "/backups").say(
                (
                    format!("Không có bản sao lưu {what_vi} cho: {list}"),
                    format!("No {what_en} backup for: {list}"),
                ),
                (
                    &format!(
                        "Sao lưu bù và ghi `- {{ date: …, period: {hint_period}, media: {{ kind: …, label: … }} }}` vào `backups`"
                    ),
                    &format!(
                        "Take the backup and record `- {{ date: …, period: {hint_period}, media: {{ kind: …, label: … }} }}` in `backups`"
                    ),
                ),
            ));
        };
        missing("hàng tháng", "monthly", &months, "monthly");
        missing("hàng quý", "quarterly", &quarters, "quarterly");
        if year_missing {
            missing("cuối năm", "year-end", &[last_year.to_string()], "yearly");
        }
    }
    findings
}
