//! D2 (QĐ3582 II.4.2): monthly, quarterly and year-end backups to storage
//! media; D3: the ability to restore is checked. For each database of the
//! unit and the units below it and one year: whether each month, each
//! quarter and the year has its backup, as the D2 rule judges them (a
//! `monthly` backup dated in the month, a `quarterly` one in the quarter, a
//! `yearly` one in the year or the January after), and the last restore
//! check with its age against D3's six months.

use super::{Cell, Ctx, Meta, PeriodKind, Report, ReportDef};
use crate::diagnostic::Bilingual;
use crate::model::Backup;
use crate::register::Register;
use crate::rules::time::{Quarter, month_start, months_before};
use chrono::{Datelike, NaiveDate};

pub const DEF: ReportDef = ReportDef {
    id: "d2-backups",
    clause: "D2, D3",
    citation: "QĐ3582 II.4.2",
    title_vi: "Tình hình sao lưu dữ liệu theo tháng, quý, năm",
    title_en: "Backups by month, quarter and year",
    period: Some(PeriodKind::Year),
    reads: &[Register::Database],
    build,
};

/// D3's default: a restore check within the last six months.
pub const RESTORE_MONTHS: i64 = 6;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Done,
    Missing,
    NotDue,
    BeforeRecords,
}

impl State {
    fn cell(self) -> Cell {
        match self {
            State::Done => Cell::label("✓", "✓"),
            State::Missing => Cell::label("THIẾU", "MISSING"),
            State::NotDue => Cell::label("…", "…"),
            State::BeforeRecords => Cell::label("–", "–"),
        }
    }
}

fn judge(
    backups: &[Backup],
    period: &str,
    end: NaiveDate,
    records_from: Option<NaiveDate>,
    accepted: impl Fn(NaiveDate) -> bool,
    today: NaiveDate,
) -> State {
    let done = backups
        .iter()
        .any(|b| b.period == period && b.date <= today && accepted(b.date));
    if done {
        State::Done
    } else if end >= today {
        State::NotDue
    } else if records_from.is_some_and(|from| end < from) {
        State::BeforeRecords
    } else {
        State::Missing
    }
}

fn build(ctx: &Ctx) -> Report {
    let year = ctx.year();
    let today = ctx.today;
    let mut report = ctx.report(&DEF);
    let mut columns = vec![
        Bilingual::new("CSDL", "Database"),
        Bilingual::new("Đơn vị", "Unit"),
    ];
    for month in 1..=12 {
        columns.push(Bilingual::new(format!("T{month}"), format!("M{month}")));
    }
    for (number, roman) in ["I", "II", "III", "IV"].iter().enumerate() {
        columns.push(Bilingual::new(
            format!("Quý {roman}"),
            format!("Q{}", number + 1),
        ));
    }
    columns.extend([
        Bilingual::new("Cuối năm", "Year-end"),
        Bilingual::new("Số kỳ thiếu", "Periods missing"),
        Bilingual::new("Kiểm tra phục hồi gần nhất", "Last restore check"),
        Bilingual::new("Số ngày từ lần kiểm tra", "Days since the check"),
    ]);
    report.columns = columns;

    let order = ctx.unit_order();
    let mut databases: Vec<_> = ctx
        .model
        .databases
        .values()
        .filter(|d| ctx.in_scope(&d.unit))
        .collect();
    databases.sort_by_key(|d| (order.get(d.unit.as_str()).copied(), d.id.clone()));
    let (mut total_missing, mut stale) = (0, 0);
    for database in databases {
        let backups = &database.backups;
        let first = backups.iter().map(|b| b.date).min();
        let mut states = Vec::new();
        for month in 1..=12 {
            let Some(start) = NaiveDate::from_ymd_opt(year, month, 1) else {
                continue;
            };
            let end = next_month(start).pred_opt().unwrap_or(start);
            states.push(judge(
                backups,
                "monthly",
                end,
                first.map(month_start),
                |d| month_start(d) == start,
                today,
            ));
        }
        for number in 1..=4 {
            let quarter = Quarter { year, number };
            states.push(judge(
                backups,
                "quarterly",
                quarter.end(),
                first.map(|f| Quarter::of(f).start()),
                |d| quarter.contains(d),
                today,
            ));
        }
        let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        states.push(judge(
            backups,
            "yearly",
            year_end,
            first.and_then(|f| NaiveDate::from_ymd_opt(f.year(), 1, 1)),
            |d| d.year() == year || (d.year() == year + 1 && d.month() == 1),
            today,
        ));
        let missing = states.iter().filter(|s| **s == State::Missing).count() as i64;
        total_missing += missing;
        let restore = backups
            .iter()
            .filter_map(|b| b.restore_checked)
            .filter(|d| *d <= today)
            .max();
        if restore.is_none_or(|d| d < months_before(today, RESTORE_MONTHS)) {
            stale += 1;
        }
        let mut row = vec![
            Cell::link(database.name.clone(), Register::Database, &database.id),
            ctx.unit_cell(&database.unit),
        ];
        row.extend(states.iter().map(|s| s.cell()));
        row.push(Cell::Int(missing));
        row.push(restore.map_or_else(|| Cell::label("chưa kiểm tra", "never"), Cell::Date));
        row.push(restore.map_or(Cell::Empty, |d| Cell::Int((today - d).num_days())));
        report.rows.push(row);
    }
    report.meta.push(Meta {
        label: Bilingual::new("Tổng số kỳ thiếu bản sao lưu", "Backup periods missing"),
        value: Cell::Int(total_missing),
    });
    report.meta.push(Meta {
        label: Bilingual::new(
            format!("CSDL chưa kiểm tra phục hồi trong {RESTORE_MONTHS} tháng"),
            format!("Databases without a restore check in {RESTORE_MONTHS} months"),
        ),
        value: Cell::Int(stale),
    });
    report.notes.push(Bilingual::new(
        "✓: có bản sao lưu; THIẾU: kỳ đã kết thúc mà không có bản sao lưu; …: kỳ chưa kết thúc; –: trước bản sao lưu đầu tiên được ghi trong sổ. Bản sao lưu cuối năm có thể ghi trong tháng 1 năm sau.",
        "✓: backed up; MISSING: the period is over with no backup; …: the period is not over; –: before the first backup in the log. The year-end backup may be dated in the following January.",
    ));
    report
}

fn next_month(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}
