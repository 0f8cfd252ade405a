//! Warranties ending soon (QĐ3582 II.1.4, A9: a device under warranty is
//! repaired at the supplier, so the IT unit needs to know when warranties
//! end). Lists equipment of the unit and the units below it, not disposed
//! or lost, whose warranty ends within the next 90 days, or ended in the
//! last 30.

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef};
use crate::diagnostic::Bilingual;
use crate::register::Register;
use chrono::Days;

pub const DEF: ReportDef = ReportDef {
    id: "warranty-expiring",
    clause: "A9",
    citation: "QĐ3582 II.1.4",
    title_vi: "Thiết bị sắp hết hạn bảo hành",
    title_en: "Warranties ending soon",
    period: None,
    reads: &[Register::Asset],
    build,
};

pub const AHEAD_DAYS: u64 = 90;
pub const BEHIND_DAYS: u64 = 30;

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    let from = ctx
        .today
        .checked_sub_days(Days::new(BEHIND_DAYS))
        .unwrap_or(ctx.today);
    let to = ctx
        .today
        .checked_add_days(Days::new(AHEAD_DAYS))
        .unwrap_or(ctx.today);
    report.columns = vec![
        Bilingual::new("Mã thiết bị", "Asset tag"),
        Bilingual::new("Tên thiết bị", "Name"),
        Bilingual::new("Loại thiết bị", "Type"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Nhà cung cấp", "Supplier"),
        Bilingual::new("Bảo hành đến", "Warranty until"),
        Bilingual::new("Số ngày còn lại", "Days left"),
        Bilingual::new("Bảo hành tại chỗ", "On-site"),
        Bilingual::new("Tình trạng", "State"),
    ];
    let mut found = Vec::new();
    for asset in ctx.assets() {
        if !ctx.in_scope(&asset.unit) || matches!(asset.status.as_str(), "disposed" | "lost") {
            continue;
        }
        let Some(warranty) = &asset.warranty else {
            continue;
        };
        if warranty.until < from || warranty.until > to {
            continue;
        }
        let left = (warranty.until - ctx.today).num_days();
        let state = if left < 0 {
            Cell::label("Đã hết hạn", "Expired")
        } else {
            Cell::label("Sắp hết hạn", "Ending soon")
        };
        found.push((
            warranty.until,
            asset.id.clone(),
            vec![
                ctx.asset_cell(asset),
                Cell::text(asset.name.clone()),
                Cell::Label(labels::asset_type(&asset.kind)),
                ctx.unit_cell(&asset.unit),
                asset.supplier.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::Date(warranty.until),
                Cell::Int(left),
                if warranty.onsite {
                    Cell::label("Có", "Yes")
                } else {
                    Cell::label("Không", "No")
                },
                state,
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    report.rows = found.into_iter().map(|(_, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new("Khoảng thời gian xét", "Window"),
        value: Cell::label(
            format!(
                "từ {} đến {}",
                super::format_date(from, crate::diagnostic::Lang::Vi),
                super::format_date(to, crate::diagnostic::Lang::Vi)
            ),
            format!(
                "{} to {}",
                super::format_date(from, crate::diagnostic::Lang::En),
                super::format_date(to, crate::diagnostic::Lang::En)
            ),
        ),
    });
    report.notes.push(Bilingual::new(
        format!(
            "Gồm thiết bị hết bảo hành trong {AHEAD_DAYS} ngày tới và thiết bị đã hết bảo hành trong {BEHIND_DAYS} ngày qua. Thiết bị còn bảo hành phải sửa chữa tại nhà cung cấp (mục II.1.4 QĐ3582)."
        ),
        format!(
            "Equipment whose warranty ends in the next {AHEAD_DAYS} days or ended in the last {BEHIND_DAYS}. Equipment under warranty is repaired at the supplier (QĐ3582 II.1.4)."
        ),
    ));
    report
}
