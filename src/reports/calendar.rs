//! The calendar of reports a unit owes (F1, F2: QĐ3582 III.2, before the
//! 10th of the month after each quarter, to the IT unit above; M9: QC1114
//! Đ13.2.2, every six months, to the IT centre): for each, the latest due
//! date already past and every due date in the next 120 days.

use super::period::{half_due, quarterly_due};
use super::{Cell, Ctx, Meta, Period, PeriodKind, Report, ReportDef, UnitRef};
use crate::diagnostic::Bilingual;
use chrono::{Days, NaiveDate};

pub const DEF: ReportDef = ReportDef {
    id: "calendar",
    clause: "F1, F2, M9",
    citation: "QĐ3582 III.2, QC1114 Đ13.2.2",
    title_vi: "Lịch nộp báo cáo",
    title_en: "Calendar of reports due",
    period: None,
    reads: &[],
    build,
};

pub const HORIZON_DAYS: u64 = 120;
/// "Due soon" within this many days.
pub const SOON_DAYS: i64 = 14;

fn due_of(kind: PeriodKind, period: Period) -> NaiveDate {
    match (kind, period) {
        (PeriodKind::Quarter, Period::Quarter(quarter)) => quarterly_due(quarter),
        _ => half_due(period),
    }
}

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    let horizon = ctx
        .today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    report.columns = vec![
        Bilingual::new("Báo cáo", "Report"),
        Bilingual::new("Căn cứ", "Clause"),
        Bilingual::new("Kỳ báo cáo", "Period"),
        Bilingual::new("Hạn nộp", "Due"),
        Bilingual::new("Số ngày còn lại", "Days left"),
        Bilingual::new("Tình trạng", "State"),
        Bilingual::new("Nơi nhận", "Send to"),
        Bilingual::new("Lệnh lập báo cáo", "Command"),
    ];
    let above = ctx.it_unit_above().map(|id| ctx.unit_ref(&id));
    let centre = ctx.it_centre().map(|id| ctx.unit_ref(&id));
    let owed: [(&ReportDef, PeriodKind, &Option<UnitRef>); 3] = [
        (&super::f01_equipment::DEF, PeriodKind::Quarter, &above),
        (&super::f02_it_activity::DEF, PeriodKind::Quarter, &above),
        (&super::m09_mailbox_list::DEF, PeriodKind::Half, &centre),
    ];
    let mut entries = Vec::new();
    for (def, kind, to) in owed {
        // The latest period already due, then every one due within the horizon.
        // (Bounded, so dates at the edge of the calendar cannot loop.)
        let mut period = Period::of(kind, ctx.today);
        for _ in 0..4 {
            if due_of(kind, period) <= ctx.today {
                break;
            }
            period = period.previous();
        }
        for _ in 0..8 {
            if due_of(kind, period) > horizon {
                break;
            }
            entries.push((due_of(kind, period), def, period, to));
            period = period.next();
        }
    }
    entries.sort_by(|a, b| (a.0, a.1.id).cmp(&(b.0, b.1.id)));
    let mut past = 0;
    for (due, def, period, to) in entries {
        let left = (due - ctx.today).num_days();
        let state = if left < 0 {
            past += 1;
            Cell::label(
                "Đã qua hạn nộp: kiểm tra đã gửi chưa",
                "Past due: check it was sent",
            )
        } else if period.end() >= ctx.today {
            Cell::label("Kỳ đang diễn ra", "Period under way")
        } else if left <= SOON_DAYS {
            Cell::label("Sắp đến hạn", "Due soon")
        } else {
            Cell::label("Chờ nộp", "To send")
        };
        report.rows.push(vec![
            Cell::Label(def.title()),
            Cell::text(def.clause),
            Cell::Label(period.label()),
            Cell::Date(due),
            Cell::Int(left),
            state,
            match to {
                Some(unit) => Cell::text(format!("{} ({})", unit.name, unit.id)),
                None => Cell::label("—", "—"),
            },
            Cell::text(format!(
                "itreg report {} --unit {} --period {period}",
                def.id, ctx.unit.id
            )),
        ]);
    }
    report.meta.push(Meta {
        label: Bilingual::new("Xét đến ngày", "Looking ahead to"),
        value: Cell::Date(horizon),
    });
    report.meta.push(Meta {
        label: Bilingual::new("Hạn nộp đã qua", "Due dates passed"),
        value: Cell::Int(past),
    });
    report.notes.push(Bilingual::new(
        format!(
            "Gồm hạn nộp gần nhất đã qua của mỗi báo cáo và mọi hạn nộp trong {HORIZON_DAYS} ngày tới. Báo cáo quý nộp trước ngày 10 của tháng đầu quý sau (mục III.2 QĐ3582); danh sách hòm thư nộp Trung tâm CNTT 6 tháng một lần (Điều 13 Quy chế 1114). Sổ không ghi việc đã gửi: đối chiếu với sổ công văn đi."
        ),
        format!(
            "Shows each report's latest due date already past and every due date in the next {HORIZON_DAYS} days. Quarterly reports are due before the 10th of the month after the quarter (QĐ3582 III.2); the mailbox list goes to the IT centre every six months (QC1114 Đ13). The registers do not record sending: check the outgoing mail log."
        ),
    ));
    report
}

/// How many reports a unit owes within the next [`SOON_DAYS`] days, from
/// the calendar of the root unit (every unit owes the same reports).
pub fn due_soon(model: &crate::model::Model, today: NaiveDate) -> usize {
    let params = super::Params {
        unit: None,
        period: None,
        today,
    };
    let Ok(report) = super::build_def(model, &DEF, &params) else {
        return 0;
    };
    report
        .rows
        .iter()
        .filter(|row| matches!(row.get(4), Some(Cell::Int(left)) if (0..=SOON_DAYS).contains(left)))
        .count()
}
