//! F2 (QĐ3582 III.2): the quarterly report on business data and IT
//! activity, due with F1 before the 10th of the next quarter's first month
//! and sent to the IT unit above. One line per activity of the quarter in
//! the unit and the units below it: software deployed (B5) and updated
//! (B2), backups done per database with restore checks (D2, D3), data
//! access requests (D4), training done (E1), and mail accounts created or
//! locked (M2, M4).

use super::labels;
use super::period::quarterly_due;
use super::{
    Cell, Ctx, Meta, PeriodKind, Report, ReportDef, format_date, value_date, value_int, value_str,
};
use crate::diagnostic::{Bilingual, Lang};
use crate::register::Register;
use crate::value::Value;
use chrono::NaiveDate;

pub const DEF: ReportDef = ReportDef {
    id: "f2-it-activity",
    clause: "F2",
    citation: "QĐ3582 III.2",
    title_vi: "Báo cáo tình hình dữ liệu nghiệp vụ và hoạt động CNTT hàng quý",
    title_en: "Quarterly report on business data and IT activity",
    period: Some(PeriodKind::Quarter),
    reads: &[
        Register::Software,
        Register::Database,
        Register::DataRequest,
        Register::Training,
        Register::MailAccount,
    ],
    build,
};

/// Sections in the order they are listed.
const DEPLOYED: usize = 0;
const UPDATED: usize = 1;
const BACKUPS: usize = 2;
const REQUESTS: usize = 3;
const TRAINING: usize = 4;
const MAIL_CREATED: usize = 5;
const MAIL_LOCKED: usize = 6;

fn section(index: usize) -> Bilingual {
    let (vi, en) = match index {
        DEPLOYED => ("Triển khai phần mềm", "Software deployed"),
        UPDATED => ("Cập nhật phần mềm", "Software updated"),
        BACKUPS => ("Sao lưu dữ liệu", "Data backups"),
        REQUESTS => ("Yêu cầu khai thác dữ liệu", "Data access requests"),
        TRAINING => ("Đào tạo CNTT", "IT training"),
        MAIL_CREATED => ("Tạo tài khoản thư điện tử", "Mail accounts created"),
        _ => ("Khóa tài khoản thư điện tử", "Mail accounts locked"),
    };
    Bilingual::new(vi, en)
}

struct Line {
    section: usize,
    date: Option<NaiveDate>,
    unit: Cell,
    subject: Cell,
    details: Bilingual,
}

fn build(ctx: &Ctx) -> Report {
    let quarter = ctx.quarter();
    let within = |date: Option<NaiveDate>| date.is_some_and(|d| quarter.contains(d));
    let mut report = ctx.report(&DEF);
    report.due = Some(quarterly_due(quarter));
    report.sent_to = ctx.it_unit_above().map(|id| ctx.unit_ref(&id));
    report.columns = vec![
        Bilingual::new("Nội dung", "Activity"),
        Bilingual::new("Ngày", "Date"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Đối tượng", "Subject"),
        Bilingual::new("Chi tiết", "Details"),
    ];
    let mut lines: Vec<Line> = Vec::new();

    for software in ctx.model.software.values() {
        let raw = ctx.raw(software);
        let subject = Cell::link(software.name.clone(), Register::Software, &software.id);
        // The typed installations, borrowed: every unit's report reads
        // every software record, and a national system has an
        // installation per unit.
        let mut installed_here = false;
        for installation in &software.installations {
            let status: &str = &installation.status;
            if !ctx.in_scope(&installation.unit) || status == "removed" {
                continue;
            }
            installed_here = true;
            let date = installation.installed_on;
            if status != "deployed" || !within(date) {
                continue;
            }
            let version = installation.version.as_deref().unwrap_or("?");
            let (mut vi, mut en) = (format!("phiên bản {version}"), format!("version {version}"));
            let minutes = installation.acceptance.as_ref();
            if let Some(minutes) = minutes.and_then(|a| a.minutes.as_deref()) {
                vi.push_str(&format!("; nghiệm thu {minutes}"));
                en.push_str(&format!("; accepted, minutes {minutes}"));
            } else {
                vi.push_str("; chưa có biên bản nghiệm thu");
                en.push_str("; no acceptance minutes");
            }
            lines.push(Line {
                section: DEPLOYED,
                date,
                unit: ctx.unit_cell(&installation.unit),
                subject: subject.clone(),
                details: Bilingual::new(vi, en),
            });
        }
        if !installed_here {
            continue;
        }
        for update in raw
            .get("updates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let date = value_date(update.get("date"));
            if !within(date) {
                continue;
            }
            let version = value_str(update.get("version")).unwrap_or("?");
            let (mut vi, mut en) = (format!("phiên bản {version}"), format!("version {version}"));
            if let Some(decision) = value_str(update.get("decision")) {
                vi.push_str(&format!(" ({decision})"));
                en.push_str(&format!(" ({decision})"));
            }
            if let Some(note) = value_str(update.get("note")) {
                vi.push_str(&format!(": {note}"));
                en.push_str(&format!(": {note}"));
            }
            lines.push(Line {
                section: UPDATED,
                date,
                unit: Cell::Empty,
                subject: subject.clone(),
                details: Bilingual::new(vi, en),
            });
        }
    }

    let mut backups_taken = 0;
    for database in ctx.model.databases.values() {
        if !ctx.in_scope(&database.unit) {
            continue;
        }
        let done: Vec<_> = database
            .backups
            .iter()
            .filter(|b| quarter.contains(b.date))
            .collect();
        let count = |period: &str| done.iter().filter(|b| b.period == period).count();
        let restores: Vec<NaiveDate> = database
            .backups
            .iter()
            .filter_map(|b| b.restore_checked)
            .filter(|d| quarter.contains(*d))
            .collect();
        let (monthly, quarterly, yearly) = (count("monthly"), count("quarterly"), count("yearly"));
        backups_taken += done.len();
        let restore_vi = match restores.iter().max() {
            Some(last) => format!(
                "{} lần kiểm tra phục hồi (gần nhất {})",
                restores.len(),
                format_date(*last, Lang::Vi)
            ),
            None => "không kiểm tra phục hồi".to_owned(),
        };
        let restore_en = match restores.iter().max() {
            Some(last) => format!(
                "{} restore check(s) (last on {})",
                restores.len(),
                format_date(*last, Lang::En)
            ),
            None => "no restore check".to_owned(),
        };
        lines.push(Line {
            section: BACKUPS,
            date: done.iter().map(|b| b.date).max(),
            unit: ctx.unit_cell(&database.unit),
            subject: Cell::link(database.name.clone(), Register::Database, &database.id),
            details: Bilingual::new(
                format!(
                    "{} bản sao lưu: {monthly} hàng tháng, {quarterly} hàng quý, {yearly} cuối năm; {restore_vi}",
                    done.len()
                ),
                format!(
                    "{} backup(s): {monthly} monthly, {quarterly} quarterly, {yearly} year-end; {restore_en}",
                    done.len()
                ),
            ),
        });
    }

    for request in ctx.model.data_requests.values() {
        if !ctx.in_scope(&request.unit) {
            continue;
        }
        let raw = ctx.raw(request);
        let date = value_date(raw.get("date"));
        if !within(date) {
            continue;
        }
        let status = labels::request_status(request.status.as_deref().unwrap_or("pending"));
        let by = value_str(raw.get("requested_by")).unwrap_or("?");
        let database = value_str(raw.get("database")).unwrap_or("?");
        let approver = request.approved_by.as_deref().map(|id| ctx.staff_name(id));
        let (approved_vi, approved_en) = match &approver {
            Some(name) => (
                format!("; phê duyệt: {name}"),
                format!("; approved by {name}"),
            ),
            None => (
                "; chưa có người phê duyệt".to_owned(),
                "; no approver".to_owned(),
            ),
        };
        lines.push(Line {
            section: REQUESTS,
            date,
            unit: ctx.unit_cell(&request.unit),
            subject: Cell::link(request.id.clone(), Register::DataRequest, &request.id),
            details: Bilingual::new(
                format!(
                    "{}; CSDL {database}; bên yêu cầu: {by}{approved_vi}",
                    status.vi
                ),
                format!(
                    "{}; database {database}; requested by {by}{approved_en}",
                    status.en
                ),
            ),
        });
    }

    for training in ctx.model.trainings.values() {
        let raw = ctx.raw(training);
        for course in raw
            .get("courses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let date = value_date(course.get("done_on"));
            let unit = value_str(course.get("unit"));
            let in_scope = match unit {
                Some(unit) => ctx.in_scope(unit),
                None => ctx.unit.parent.is_none(),
            };
            if !within(date) || !in_scope {
                continue;
            }
            let title = value_str(course.get("title"))
                .or_else(|| value_str(course.get("id")))
                .unwrap_or("?");
            let people = value_int(course.get("participants"));
            let planned = value_int(course.get("planned_participants"));
            let (vi, en) = match (people, planned) {
                (Some(n), Some(p)) => (
                    format!("{n}/{p} học viên theo kế hoạch"),
                    format!("{n} of {p} planned participants"),
                ),
                (Some(n), None) => (format!("{n} học viên"), format!("{n} participants")),
                _ => (String::new(), String::new()),
            };
            lines.push(Line {
                section: TRAINING,
                date,
                unit: unit.map_or(Cell::Empty, |u| ctx.unit_cell(u)),
                subject: Cell::link(title, Register::Training, training.year.to_string()),
                details: Bilingual::new(vi, en),
            });
        }
    }

    for (account, unit) in ctx.accounts() {
        let raw = ctx.raw(account);
        for event in raw
            .get("events")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let section = match value_str(event.get("kind")) {
                Some("created") => MAIL_CREATED,
                Some("locked") => MAIL_LOCKED,
                _ => continue,
            };
            let date = value_date(event.get("date"));
            if !within(date) {
                continue;
            }
            let who = account
                .staff
                .as_deref()
                .map(|id| ctx.staff_name(id))
                .unwrap_or_else(|| labels::mail_kind(&account.kind).vi.to_string());
            let (mut vi, mut en) = (who.clone(), who);
            if let Some(request) = value_str(event.get("request")) {
                vi.push_str(&format!("; yêu cầu {request}"));
                en.push_str(&format!("; request {request}"));
            }
            if let Some(reason) = value_str(event.get("reason")) {
                vi.push_str(&format!("; lý do: {reason}"));
                en.push_str(&format!("; reason: {reason}"));
            }
            lines.push(Line {
                section,
                date,
                unit: ctx.unit_cell(unit),
                subject: Cell::link(account.address.clone(), Register::MailAccount, &account.id),
                details: Bilingual::new(vi, en),
            });
        }
    }

    let order = ctx.unit_order();
    let unit_position = |cell: &Cell| match cell {
        Cell::Link { key, .. } => order.get(key).copied().unwrap_or(usize::MAX),
        _ => 0,
    };
    lines.sort_by(|a, b| {
        (
            a.section,
            a.date,
            unit_position(&a.unit),
            a.subject.display(Lang::Vi),
        )
            .cmp(&(
                b.section,
                b.date,
                unit_position(&b.unit),
                b.subject.display(Lang::Vi),
            ))
    });
    for index in [
        DEPLOYED,
        UPDATED,
        BACKUPS,
        REQUESTS,
        TRAINING,
        MAIL_CREATED,
        MAIL_LOCKED,
    ] {
        let (label, n) = if index == BACKUPS {
            (
                Bilingual::new("Bản sao lưu đã thực hiện", "Backups taken"),
                backups_taken,
            )
        } else {
            (
                section(index),
                lines.iter().filter(|l| l.section == index).count(),
            )
        };
        report.meta.push(Meta {
            label,
            value: Cell::Int(n as i64),
        });
    }
    report.rows = lines
        .into_iter()
        .map(|line| {
            vec![
                Cell::Label(section(line.section)),
                Cell::opt_date(line.date),
                line.unit,
                line.subject,
                Cell::Label(line.details),
            ]
        })
        .collect();
    if quarter.end() >= ctx.today {
        report.notes.push(Bilingual::new(
            "Quý chưa kết thúc: số liệu tính đến ngày lập báo cáo.",
            "The quarter is not over: figures run to the date of the report.",
        ));
    }
    report.notes.push(Bilingual::new(
        "Cập nhật phần mềm là các bản cập nhật do đơn vị phát triển phát hành cho phần mềm đang triển khai tại đơn vị; sao lưu dữ liệu liệt kê mọi CSDL của đơn vị, kể cả CSDL không có bản sao lưu trong quý.",
        "Software updates are the releases of software deployed in the unit; data backups list every database of the unit, including those with no backup in the quarter.",
    ));
    report
}
