//! A4 (QĐ3582 II.1.2): the year-end inventory of all equipment, and the
//! disposal of what is unusable. Per unit of the subtree: the inventory's
//! date and minutes, how many items were found, missing, damaged or
//! proposed for disposal, how many unlisted items turned up, and how many
//! assets in use at year end (acquired by 31 December) no inventory of the
//! year lists. The items behind every number other than "found" are
//! listed in the notes.

use super::labels;
use super::{
    Cell, Ctx, Meta, PeriodKind, Report, ReportDef, asset_status_at, asset_unit_at, value_str,
};
use crate::diagnostic::{Bilingual, Lang};
use crate::register::Register;
use crate::value::Value;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub const DEF: ReportDef = ReportDef {
    id: "a4-inventory",
    clause: "A4",
    citation: "QĐ3582 II.1.2",
    title_vi: "Kết quả kiểm kê thiết bị CNTT cuối năm",
    title_en: "Year-end IT equipment inventory",
    period: Some(PeriodKind::Year),
    reads: &[Register::Inventory, Register::Asset],
    build,
};

const RESULTS: [&str; 4] = ["found", "missing", "damaged", "to-dispose"];

#[derive(Default)]
struct Row {
    date: Option<NaiveDate>,
    minutes: Option<String>,
    inventory: Option<String>,
    results: [i64; 4],
    unlisted: i64,
    absent: i64,
}

fn build(ctx: &Ctx) -> Report {
    let year = ctx.year();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Ngày kiểm kê", "Inventory date"),
        Bilingual::new("Biên bản", "Minutes"),
        Bilingual::new("Có, đúng sổ", "Found"),
        Bilingual::new("Không tìm thấy", "Missing"),
        Bilingual::new("Hỏng", "Damaged"),
        Bilingual::new("Đề nghị thanh lý", "To dispose"),
        Bilingual::new("Ngoài sổ", "Unlisted"),
        Bilingual::new("Chưa có trong biên bản", "Not in the inventory"),
    ];
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut notes: Vec<Bilingual> = Vec::new();
    let listed = ctx.model.inventoried.get(&year);
    for inventory in ctx.model.inventories.values() {
        if inventory.year != year {
            continue;
        }
        if !ctx.in_scope(&inventory.unit) {
            continue;
        }
        let raw = ctx.raw(inventory);
        let row = rows.entry(inventory.unit.to_string()).or_default();
        row.date = Some(inventory.date);
        row.minutes = value_str(raw.get("minutes")).map(str::to_owned);
        row.inventory = Some(format!("{year}/{}", inventory.unit));
        let unit_name = ctx.unit_name(&inventory.unit);
        for item in &inventory.items {
            let Some(index) = RESULTS.iter().position(|r| *r == item.result) else {
                continue;
            };
            row.results[index] += 1;
            if index > 0 {
                let label = labels::inventory_result(&item.result);
                let name = ctx
                    .model
                    .assets
                    .get(item.asset.as_str())
                    .map(|a| format!(" – {}", a.name))
                    .unwrap_or_default();
                let note = item
                    .note
                    .as_deref()
                    .map(|n| format!(" ({})", n.trim().trim_end_matches('.')))
                    .unwrap_or_default();
                notes.push(Bilingual::new(
                    format!("{}: {}{name}, {unit_name}{note}.", label.vi, item.asset),
                    format!("{}: {}{name}, {unit_name}{note}.", label.en, item.asset),
                ));
            }
        }
        for item in raw
            .get("unlisted")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            row.unlisted += 1;
            let name = value_str(item.get("name")).unwrap_or("?");
            let serial = value_str(item.get("serial"))
                .map(|s| format!(", số seri {s}"))
                .unwrap_or_default();
            let serial_en = value_str(item.get("serial"))
                .map(|s| format!(", serial {s}"))
                .unwrap_or_default();
            let note = value_str(item.get("note"))
                .map(|n| format!(" ({})", n.trim_end_matches('.')))
                .unwrap_or_default();
            notes.push(Bilingual::new(
                format!("Ngoài sổ: {name}{serial}, {unit_name}{note}."),
                format!("Unlisted: {name}{serial_en}, {unit_name}{note}."),
            ));
        }
    }
    for asset in ctx.assets() {
        if asset.acquired > year_end {
            continue;
        }
        let Some(unit) = asset_unit_at(asset, year_end).filter(|u| ctx.in_scope(u)) else {
            continue;
        };
        let status = asset_status_at(asset, year_end);
        if matches!(status.as_str(), "disposed" | "lost") {
            continue;
        }
        let row = rows.entry(unit.clone()).or_default();
        if status != "in-use" || listed.is_some_and(|l| l.contains(&asset.id)) {
            continue;
        }
        row.absent += 1;
        let unit_name = ctx.unit_name(&unit);
        notes.push(Bilingual::new(
            format!(
                "Chưa có trong biên bản kiểm kê: {} – {}, {unit_name} (đang sử dụng, trang bị {}).",
                asset.id,
                asset.name,
                super::format_date(asset.acquired, Lang::Vi)
            ),
            format!(
                "Not in the inventory: {} – {}, {unit_name} (in use, acquired {}).",
                asset.id,
                asset.name,
                super::format_date(asset.acquired, Lang::En)
            ),
        ));
    }

    let order = ctx.unit_order();
    let mut ordered: Vec<(String, Row)> = rows.into_iter().collect();
    ordered.sort_by_key(|(unit, _)| order.get(unit).copied().unwrap_or(usize::MAX));
    let mut totals = [0i64; 6];
    let mut missing_inventory = 0;
    for (unit, row) in ordered {
        let numbers = [
            row.results[0],
            row.results[1],
            row.results[2],
            row.results[3],
            row.unlisted,
            row.absent,
        ];
        for (sum, n) in totals.iter_mut().zip(numbers) {
            *sum += n;
        }
        let (date, minutes) = match (&row.inventory, row.date) {
            (Some(key), Some(date)) => (
                Cell::Date(date),
                Cell::link(
                    row.minutes.clone().unwrap_or_else(|| key.clone()),
                    Register::Inventory,
                    key.clone(),
                ),
            ),
            _ => {
                missing_inventory += 1;
                (Cell::label("Chưa kiểm kê", "No inventory"), Cell::Empty)
            }
        };
        let mut cells = vec![ctx.unit_cell(&unit), date, minutes];
        cells.extend(numbers.iter().map(|n| Cell::Int(*n)));
        report.rows.push(cells);
    }
    let mut total = vec![Cell::label("Tổng cộng", "Total"), Cell::Empty, Cell::Empty];
    total.extend(totals.iter().map(|n| Cell::Int(*n)));
    report.total = Some(total);
    report.meta.push(Meta {
        label: Bilingual::new(
            "Đơn vị chưa có biên bản kiểm kê",
            "Units without an inventory",
        ),
        value: Cell::Int(missing_inventory),
    });
    report.notes.push(Bilingual::new(
        format!(
            "\"Chưa có trong biên bản\": thiết bị đang sử dụng ngày 31/12/{year}, trang bị trước ngày đó, mà không biên bản kiểm kê năm {year} nào ghi nhận."
        ),
        format!(
            "\"Not in the inventory\": equipment in use on {year}-12-31, acquired by then, that no {year} inventory lists."
        ),
    ));
    report.notes.extend(notes);
    report
}
