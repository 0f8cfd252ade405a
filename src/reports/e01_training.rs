//! E1 (QĐ3582 II.5): the annual IT training plan against what was done.
//! The courses of the year's plan organised by the unit or a unit below it
//! (courses without an organising unit count for the root), with the
//! quarter planned, participants planned and present, and whether the
//! course was held on time, late, or is overdue.

use super::{Cell, Ctx, Meta, PeriodKind, Report, ReportDef, value_date, value_int, value_str};
use crate::diagnostic::Bilingual;
use crate::register::Register;
use crate::rules::time::Quarter;
use crate::value::Value;

pub const DEF: ReportDef = ReportDef {
    id: "e1-training",
    clause: "E1",
    citation: "QĐ3582 II.5",
    title_vi: "Thực hiện kế hoạch đào tạo CNTT năm",
    title_en: "Annual IT training plan: planned and done",
    period: Some(PeriodKind::Year),
    reads: &[Register::Training],
    build,
};

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn build(ctx: &Ctx) -> Report {
    let year = ctx.year();
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Khóa đào tạo", "Course"),
        Bilingual::new("Đơn vị tổ chức", "Organised by"),
        Bilingual::new("Quý kế hoạch", "Planned quarter"),
        Bilingual::new("Số học viên kế hoạch", "Participants planned"),
        Bilingual::new("Ngày thực hiện", "Held on"),
        Bilingual::new("Số học viên", "Participants"),
        Bilingual::new("Tình trạng", "State"),
        Bilingual::new("Ghi chú", "Note"),
    ];
    let plan = ctx.model.trainings.values().find(|t| t.year == year);
    let Some(plan) = plan else {
        report.notes.push(Bilingual::new(
            format!("Chưa có kế hoạch đào tạo năm {year} (records/training/{year}.yaml)."),
            format!("There is no training plan for {year} (records/training/{year}.yaml)."),
        ));
        return report;
    };
    let raw = ctx.raw(plan);
    let (mut planned_count, mut done_count, mut overdue_count) = (0, 0, 0);
    let (mut people_planned, mut people_done) = (0, 0);
    for course in raw
        .get("courses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let unit = value_str(course.get("unit"));
        let in_scope = match unit {
            Some(unit) => ctx.in_scope(unit),
            None => ctx.unit.parent.is_none(),
        };
        if !in_scope {
            continue;
        }
        planned_count += 1;
        let quarter = value_int(course.get("planned_quarter"))
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (1..=4).contains(n))
            .map(|number| Quarter { year, number });
        let done = value_date(course.get("done_on"));
        let planned_people = value_int(course.get("planned_participants"));
        let people = value_int(course.get("participants"));
        people_planned += planned_people.unwrap_or(0);
        if done.is_some() {
            done_count += 1;
            people_done += people.unwrap_or(0);
        }
        let state = match (done, quarter) {
            (Some(day), Some(q)) if day > q.end() => {
                Cell::label("Đã thực hiện, muộn", "Done, late")
            }
            (Some(_), _) => Cell::label("Đã thực hiện", "Done"),
            (None, Some(q)) if q.end() < ctx.today => {
                overdue_count += 1;
                Cell::label("Chưa thực hiện, quá hạn", "Not done, overdue")
            }
            (None, _) => Cell::label("Chưa đến hạn", "Not yet due"),
        };
        let title = value_str(course.get("title"))
            .or_else(|| value_str(course.get("id")))
            .unwrap_or("?");
        report.rows.push(vec![
            Cell::link(title, Register::Training, plan.year.to_string()),
            unit.map_or(Cell::Empty, |u| ctx.unit_cell(u)),
            quarter.map_or(Cell::Empty, |q| {
                let roman = (q.number as usize)
                    .checked_sub(1)
                    .and_then(|i| ROMAN.get(i))
                    .copied()
                    .unwrap_or("?");
                Cell::label(format!("Quý {roman}"), format!("Q{}", q.number))
            }),
            planned_people.map_or(Cell::Empty, Cell::Int),
            Cell::opt_date(done),
            people.map_or(Cell::Empty, Cell::Int),
            state,
            value_str(course.get("note")).map_or(Cell::Empty, Cell::text),
        ]);
    }
    for (vi, en, n) in [
        ("Khóa theo kế hoạch", "Courses planned", planned_count),
        ("Khóa đã thực hiện", "Courses held", done_count),
        (
            "Khóa quá hạn chưa thực hiện",
            "Courses overdue",
            overdue_count,
        ),
        (
            "Học viên theo kế hoạch",
            "Participants planned",
            people_planned,
        ),
        ("Học viên đã tham gia", "Participants trained", people_done),
    ] {
        report.meta.push(Meta {
            label: Bilingual::new(vi, en),
            value: Cell::Int(n),
        });
    }
    if let Some(decision) = raw
        .get("approval")
        .and_then(|a| value_str(a.get("decision")))
    {
        report.notes.push(Bilingual::new(
            format!("Kế hoạch phê duyệt theo {decision}."),
            format!("Plan approved by {decision}."),
        ));
    }
    report
}
