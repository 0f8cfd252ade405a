//! D4 (QĐ3582 II.4.3): every data access request is approved by the
//! unit's leadership. The requests handled by the unit and the units below
//! it, oldest first, with their status, approver and dates; a request
//! without an approver that is not rejected is flagged.

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef, value_date, value_str};
use crate::diagnostic::Bilingual;
use crate::register::Register;

pub const DEF: ReportDef = ReportDef {
    id: "d4-data-requests",
    clause: "D4",
    citation: "QĐ3582 II.4.3",
    title_vi: "Yêu cầu khai thác dữ liệu",
    title_en: "Data access requests",
    period: None,
    reads: &[Register::DataRequest],
    build,
};

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Số yêu cầu", "Request"),
        Bilingual::new("Ngày yêu cầu", "Requested on"),
        Bilingual::new("Đơn vị xử lý", "Handled by"),
        Bilingual::new("Bên yêu cầu", "Requested by"),
        Bilingual::new("CSDL", "Database"),
        Bilingual::new("Trạng thái", "Status"),
        Bilingual::new("Người phê duyệt", "Approved by"),
        Bilingual::new("Ngày phê duyệt", "Approved on"),
        Bilingual::new("Ngày cung cấp", "Fulfilled on"),
        Bilingual::new("Cảnh báo", "Warning"),
    ];
    let mut found = Vec::new();
    let mut unapproved = 0;
    for request in ctx.model.data_requests.values() {
        if !ctx.in_scope(&request.unit) {
            continue;
        }
        let raw = ctx.raw(request);
        let date = value_date(raw.get("date"));
        let status = request.status.as_deref().unwrap_or("pending");
        let warning = if request.approved_by.is_none() && !matches!(status, "rejected" | "pending")
        {
            unapproved += 1;
            Cell::label("Chưa có người phê duyệt", "No approver")
        } else {
            Cell::Empty
        };
        let database = match value_str(raw.get("database")) {
            Some(id) => match ctx.model.databases.get(id) {
                Some(db) => Cell::link(db.name.clone(), Register::Database, id),
                None => Cell::text(id),
            },
            None => Cell::Empty,
        };
        found.push((
            date,
            request.id.clone(),
            vec![
                Cell::link(request.id.clone(), Register::DataRequest, &request.id),
                Cell::opt_date(date),
                ctx.unit_cell(&request.unit),
                value_str(raw.get("requested_by")).map_or(Cell::Empty, Cell::text),
                database,
                Cell::Label(labels::request_status(status)),
                ctx.staff_cell(request.approved_by.as_deref()),
                Cell::opt_date(value_date(raw.get("approved_on"))),
                Cell::opt_date(value_date(raw.get("fulfilled_on"))),
                warning,
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let count = found.len() as i64;
    report.rows = found.into_iter().map(|(_, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new("Số yêu cầu", "Requests"),
        value: Cell::Int(count),
    });
    report.meta.push(Meta {
        label: Bilingual::new(
            "Đã xử lý mà chưa có người phê duyệt",
            "Handled without an approver",
        ),
        value: Cell::Int(unapproved),
    });
    report
}
