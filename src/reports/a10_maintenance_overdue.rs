//! A10 (QĐ3582 II.1.4): equipment is maintained every quarter and the
//! maintenance is logged. Lists the equipment of the unit and the units
//! below it that was in use during the quarter — acquired before it began
//! and in use on its last day — with no `maintenance` event inside it, as
//! the A10 rule does for the last completed quarter.

use super::labels;
use super::{Cell, Ctx, Meta, PeriodKind, Report, ReportDef, asset_status_at, asset_unit_at};
use crate::diagnostic::Bilingual;
use crate::register::Register;

pub const DEF: ReportDef = ReportDef {
    id: "a10-maintenance-overdue",
    clause: "A10",
    citation: "QĐ3582 II.1.4",
    title_vi: "Thiết bị chưa được bảo dưỡng trong quý",
    title_en: "Equipment not maintained in the quarter",
    period: Some(PeriodKind::Quarter),
    reads: &[Register::Asset],
    build,
};

fn build(ctx: &Ctx) -> Report {
    let quarter = ctx.quarter();
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Mã thiết bị", "Asset tag"),
        Bilingual::new("Tên thiết bị", "Name"),
        Bilingual::new("Loại thiết bị", "Type"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Người sử dụng", "Assigned to"),
        Bilingual::new(
            "Bảo dưỡng gần nhất trước cuối quý",
            "Last maintenance by quarter end",
        ),
        Bilingual::new("Bảo dưỡng sau quý", "Maintained after the quarter"),
    ];
    let order = ctx.unit_order();
    let mut due = 0;
    let mut found = Vec::new();
    for asset in ctx.assets() {
        if asset.acquired >= quarter.start() {
            continue;
        }
        let Some(unit) = asset_unit_at(asset, quarter.end()).filter(|u| ctx.in_scope(u)) else {
            continue;
        };
        if asset_status_at(asset, quarter.end()) != "in-use" {
            continue;
        }
        due += 1;
        let maintenance = asset.events.iter().filter(|e| e.kind == "maintenance");
        if maintenance.clone().any(|e| quarter.contains(e.date)) {
            continue;
        }
        let last = maintenance
            .clone()
            .filter(|e| e.date <= quarter.end())
            .map(|e| e.date)
            .max();
        let after = maintenance
            .filter(|e| e.date > quarter.end())
            .map(|e| e.date)
            .min();
        let position = order.get(&unit).copied().unwrap_or(usize::MAX);
        found.push((
            position,
            asset.id.clone(),
            vec![
                ctx.asset_cell(asset),
                Cell::text(asset.name.clone()),
                Cell::Label(labels::asset_type(&asset.kind)),
                ctx.unit_cell(&unit),
                ctx.staff_cell(asset.assigned_to.as_deref()),
                last.map_or_else(|| Cell::label("chưa từng", "never"), Cell::Date),
                Cell::opt_date(after),
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let missed = found.len();
    report.rows = found.into_iter().map(|(_, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new(
            "Thiết bị phải bảo dưỡng trong quý",
            "Equipment due for maintenance",
        ),
        value: Cell::Int(due),
    });
    report.meta.push(Meta {
        label: Bilingual::new("Chưa được bảo dưỡng", "Not maintained"),
        value: Cell::Int(missed as i64),
    });
    report.notes.push(Bilingual::new(
        "Tính các thiết bị trang bị trước ngày đầu quý và đang sử dụng vào ngày cuối quý; thiết bị trong kho, đang sửa chữa hoặc đã thanh lý không thuộc diện bảo dưỡng định kỳ.",
        "Counts equipment acquired before the quarter began and in use on its last day; equipment in stock, under repair or disposed is not due for routine maintenance.",
    ));
    if quarter.end() >= ctx.today {
        report.notes.push(Bilingual::new(
            "Quý chưa kết thúc: các thiết bị trong danh sách vẫn có thể được bảo dưỡng trước ngày cuối quý.",
            "The quarter is not over: the equipment listed can still be maintained before it ends.",
        ));
    }
    report
}
