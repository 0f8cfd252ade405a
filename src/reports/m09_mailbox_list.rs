//! M9 (QC1114 Đ13.2.2): every six months the list of staff using official
//! mailboxes goes to the IT centre. The mailboxes of the unit and the units
//! below it that were active at the end of the half (or on the report's
//! date, while the half runs), worked out from each account's creation and
//! lock events; due on 30 June and 31 December.

use super::labels;
use super::period::half_due;
use super::{Cell, Ctx, Meta, PeriodKind, Report, ReportDef, format_date, value_date, value_str};
use crate::diagnostic::{Bilingual, Lang};
use crate::model::MailAccount;
use crate::register::Register;
use crate::value::Value;
use chrono::NaiveDate;

pub const DEF: ReportDef = ReportDef {
    id: "m9-mailbox-list",
    clause: "M9",
    citation: "QC1114 Đ13.2.2",
    title_vi: "Danh sách cán bộ sử dụng hòm thư điện tử công vụ (6 tháng)",
    title_en: "Half-yearly list of staff using official mailboxes",
    period: Some(PeriodKind::Half),
    reads: &[Register::MailAccount],
    build,
};

/// Whether `account` was active on `day`: created by then, and not locked
/// on that day according to its lock and unlock events (the current status
/// when it has none).
fn active_on(account: &MailAccount, raw: &Value, day: NaiveDate) -> bool {
    let events: Vec<(NaiveDate, &str)> = raw
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| Some((value_date(e.get("date"))?, value_str(e.get("kind"))?)))
        .collect();
    let created = value_date(raw.get("created")).or_else(|| {
        events
            .iter()
            .find(|(_, kind)| *kind == "created")
            .map(|(date, _)| *date)
    });
    if created.is_some_and(|created| created > day) {
        return false;
    }
    let locks: Vec<&(NaiveDate, &str)> = events
        .iter()
        .filter(|(_, kind)| matches!(*kind, "locked" | "unlocked"))
        .collect();
    if let Some((_, kind)) = locks.iter().rev().find(|(date, _)| *date <= day) {
        return *kind == "unlocked";
    }
    match locks.iter().find(|(date, _)| *date > day) {
        Some((_, kind)) => *kind == "locked",
        None => account.status == "active",
    }
}

fn build(ctx: &Ctx) -> Report {
    let period = ctx.period_or(PeriodKind::Half);
    let due = half_due(period);
    let on = period.end().min(ctx.today);
    let mut report = ctx.report(&DEF);
    report.due = Some(due);
    report.sent_to = ctx.it_centre().map(|id| ctx.unit_ref(&id));
    report.columns = vec![
        Bilingual::new("STT", "No."),
        Bilingual::new("Họ và tên", "Name"),
        Bilingual::new("Chức vụ", "Position"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Địa chỉ thư điện tử", "Address"),
        Bilingual::new("Loại hòm thư", "Mailbox kind"),
        Bilingual::new("Ngày tạo", "Created"),
    ];
    let order = ctx.unit_order();
    let mut found = Vec::new();
    for (account, unit) in ctx.accounts() {
        let raw = ctx.raw(account);
        if !active_on(account, raw, on) {
            continue;
        }
        let staff = account
            .staff
            .as_deref()
            .and_then(|id| ctx.model.staff.get(id));
        let (name, position) = match staff {
            Some(s) => (
                Cell::link(ctx.staff_name(&s.id), Register::Staff, &s.id),
                s.position.as_deref().map_or(Cell::Empty, Cell::text),
            ),
            None => (ctx.unit_cell(unit), Cell::Empty),
        };
        let kind_position = ["personal", "unit", "support"]
            .iter()
            .position(|k| *k == account.kind)
            .unwrap_or(usize::MAX);
        found.push((
            order.get(unit).copied().unwrap_or(usize::MAX),
            kind_position,
            account.address.clone(),
            vec![
                name,
                position,
                ctx.unit_cell(unit),
                Cell::link(account.address.clone(), Register::MailAccount, &account.id),
                Cell::Label(labels::mail_kind(&account.kind)),
                Cell::opt_date(value_date(raw.get("created"))),
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let personal = found.iter().filter(|f| f.1 == 0).count() as i64;
    let count = found.len() as i64;
    report.rows = found
        .into_iter()
        .enumerate()
        .map(|(n, (_, _, _, cells))| {
            let mut row = vec![Cell::Int(n as i64 + 1)];
            row.extend(cells);
            row
        })
        .collect();
    report.meta.push(Meta {
        label: Bilingual::new("Danh sách tính đến ngày", "List as of"),
        value: Cell::Date(on),
    });
    report.meta.push(Meta {
        label: Bilingual::new("Số hòm thư đang sử dụng", "Mailboxes in use"),
        value: Cell::Int(count),
    });
    report.meta.push(Meta {
        label: Bilingual::new("Trong đó hòm thư cá nhân", "Of which personal"),
        value: Cell::Int(personal),
    });
    if period.end() > ctx.today {
        report.notes.push(Bilingual::new(
            format!(
                "Kỳ chưa kết thúc: danh sách tính đến ngày lập {}, cập nhật lại trước hạn nộp {}.",
                format_date(on, Lang::Vi),
                format_date(due, Lang::Vi)
            ),
            format!(
                "The half is not over: the list runs to {}; update it before it is due on {}.",
                format_date(on, Lang::En),
                format_date(due, Lang::En)
            ),
        ));
    }
    report.notes.push(Bilingual::new(
        "Gửi Trung tâm CNTT 6 tháng một lần (điểm 2.2 khoản 2 Điều 13 Quy chế 1114). Tài khoản đang hoạt động suy ra từ ngày tạo và các sự kiện khóa, mở khóa.",
        "Sent to the IT centre every six months (QC1114 Đ13.2.2). Whether an account was active comes from its creation date and its lock and unlock events.",
    ));
    report
}
