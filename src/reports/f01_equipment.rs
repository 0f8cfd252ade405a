//! F1 (QĐ3582 III.2): the quarterly report on IT equipment, due before the
//! 10th of the first month of the next quarter and sent to the IT unit
//! above. For the unit and every unit below it, per equipment type (the
//! A2 list): how many are in use, in stock, under repair or lost on the
//! quarter's last day, and what happened in the quarter — acquisitions,
//! incidents, repairs out and back (A6, A7), transfers (A12) and disposals
//! (A4).

use super::labels;
use super::period::quarterly_due;
use super::{
    Cell, Ctx, Meta, PeriodKind, Report, ReportDef, asset_status_at, asset_unit_at, format_date,
};
use crate::diagnostic::{Bilingual, Lang};
use crate::model::{Asset, AssetEvent};
use crate::register::Register;
use crate::value::SharedText;
use std::collections::BTreeMap;

pub const DEF: ReportDef = ReportDef {
    id: "f1-equipment",
    clause: "F1",
    citation: "QĐ3582 III.2",
    title_vi: "Báo cáo tình hình thiết bị CNTT hàng quý",
    title_en: "Quarterly IT equipment report",
    period: Some(PeriodKind::Quarter),
    reads: &[Register::Asset],
    build,
};

/// Stock on the last day, by status.
const STOCK: [&str; 4] = ["in-use", "in-stock", "under-repair", "lost"];
/// Columns: 4 stock, total, then 7 movements.
const ACQUIRED: usize = 5;
const INCIDENT: usize = 6;
const REPAIR_OUT: usize = 7;
const REPAIR_IN: usize = 8;
const TRANSFER_IN: usize = 9;
const TRANSFER_OUT: usize = 10;
const DISPOSAL: usize = 11;
const COUNTS: usize = 12;

fn build(ctx: &Ctx) -> Report {
    let quarter = ctx.quarter();
    let (start, end) = (quarter.start(), quarter.end());
    let mut report = ctx.report(&DEF);
    report.due = Some(quarterly_due(quarter));
    report.sent_to = ctx.it_unit_above().map(|id| ctx.unit_ref(&id));
    report.columns = vec![
        Bilingual::new("Nhóm thiết bị", "Category"),
        Bilingual::new("Loại thiết bị", "Type"),
        Bilingual::new("Đang sử dụng", "In use"),
        Bilingual::new("Trong kho", "In stock"),
        Bilingual::new("Đang sửa chữa", "Under repair"),
        Bilingual::new("Bị mất", "Lost"),
        Bilingual::new("Tổng số cuối quý", "Total at quarter end"),
        Bilingual::new("Mua mới trong quý", "Acquired"),
        Bilingual::new("Sự cố", "Incidents"),
        Bilingual::new("Đưa đi sửa chữa", "Sent for repair"),
        Bilingual::new("Nhận về sau sửa chữa", "Back from repair"),
        Bilingual::new("Điều chuyển đến", "Transferred in"),
        Bilingual::new("Điều chuyển đi", "Transferred out"),
        Bilingual::new("Thanh lý", "Disposed"),
    ];

    // (type position, category, type) → counts
    let mut counts: BTreeMap<(usize, SharedText, SharedText), [i64; COUNTS]> = BTreeMap::new();
    let mut details: Vec<(chrono::NaiveDate, String, Bilingual)> = Vec::new();
    let mut unknown_origin: Vec<String> = Vec::new();

    for asset in ctx.assets() {
        let key = (
            labels::asset_type_position(&asset.kind),
            asset.category.clone(),
            asset.kind.clone(),
        );
        let mut add = |column: usize| {
            counts.entry(key.clone()).or_insert([0; COUNTS])[column] += 1;
        };
        if asset.acquired <= end {
            match asset_unit_at(asset, end) {
                Some(unit) if ctx.in_scope(&unit) => {
                    let status = asset_status_at(asset, end);
                    if let Some(column) = STOCK.iter().position(|s| *s == status) {
                        add(column);
                        add(4);
                    }
                }
                Some(_) => {}
                None => unknown_origin.push(asset.id.to_string()),
            }
        }
        if start <= asset.acquired
            && asset.acquired <= end
            && asset_unit_at(asset, asset.acquired).is_some_and(|u| ctx.in_scope(&u))
        {
            add(ACQUIRED);
            details.push((
                asset.acquired,
                asset.id.to_string(),
                describe(asset, "acquired", None),
            ));
        }
        for event in asset
            .events
            .iter()
            .filter(|e| start <= e.date && e.date <= end)
        {
            let here = asset_unit_at(asset, event.date).is_some_and(|u| ctx.in_scope(&u));
            let column = match event.kind.as_str() {
                "incident" if here => INCIDENT,
                "repair-out" if here => REPAIR_OUT,
                "repair-in" if here => REPAIR_IN,
                "disposal" if here => DISPOSAL,
                "transfer" => {
                    let before = event
                        .date
                        .pred_opt()
                        .and_then(|day| asset_unit_at(asset, day))
                        .is_some_and(|u| ctx.in_scope(&u));
                    let into = event.to_unit.as_deref().is_some_and(|u| ctx.in_scope(u));
                    if into {
                        add(TRANSFER_IN);
                    }
                    if before {
                        add(TRANSFER_OUT);
                    }
                    if into || before {
                        details.push((
                            event.date,
                            asset.id.to_string(),
                            describe(asset, "transfer", Some((event, ctx))),
                        ));
                    }
                    continue;
                }
                _ => continue,
            };
            add(column);
            details.push((
                event.date,
                asset.id.to_string(),
                describe(asset, &event.kind, Some((event, ctx))),
            ));
        }
    }

    let mut total = [0i64; COUNTS];
    for ((_, category, kind), numbers) in &counts {
        for (sum, n) in total.iter_mut().zip(numbers) {
            *sum += n;
        }
        let mut row = vec![
            Cell::Label(labels::asset_category(category)),
            Cell::Label(labels::asset_type(kind)),
        ];
        row.extend(numbers.iter().map(|n| Cell::Int(*n)));
        report.rows.push(row);
    }
    let mut total_row = vec![Cell::label("Tổng cộng", "Total"), Cell::Empty];
    total_row.extend(total.iter().map(|n| Cell::Int(*n)));
    report.total = Some(total_row);

    report.meta.push(Meta {
        label: Bilingual::new("Tổng số thiết bị cuối quý", "Equipment at quarter end"),
        value: Cell::Int(total[4]),
    });

    report.notes.push(Bilingual::new(
        format!(
            "Số lượng theo trạng thái tính đến ngày cuối quý {}, suy ra từ trạng thái hiện tại và các sự kiện sửa chữa, thanh lý, điều chuyển ghi trong sổ; thiết bị đã thanh lý không tính vào tổng số.",
            format_date(end, Lang::Vi)
        ),
        format!(
            "Status counts are as of the quarter's last day, {}, worked out from the current status and the repair, disposal and transfer events in the register; disposed equipment is not in the total.",
            format_date(end, Lang::En)
        ),
    ));
    if end >= ctx.today {
        report.notes.push(Bilingual::new(
            "Quý chưa kết thúc: số liệu tính đến ngày lập báo cáo.",
            "The quarter is not over: figures run to the date of the report.",
        ));
    }
    if !unknown_origin.is_empty() {
        let list = unknown_origin.join(", ");
        report.notes.push(Bilingual::new(
            format!("Không tính các thiết bị điều chuyển sau kỳ báo cáo mà không rõ đơn vị trước đó: {list}."),
            format!("Left out, transferred after the period from a unit not recorded: {list}."),
        ));
    }
    details.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    report
        .notes
        .extend(details.into_iter().map(|(_, _, text)| text));
    report
}

/// One movement of the quarter, for the notes under the table.
fn describe(asset: &Asset, kind: &str, event: Option<(&AssetEvent, &Ctx)>) -> Bilingual {
    let (label, day) = match event {
        Some((event, _)) => (labels::asset_event(kind), event.date),
        None => (
            Bilingual::new("Mua mới, tiếp nhận", "Acquired"),
            asset.acquired,
        ),
    };
    let mut extra_vi = String::new();
    let mut extra_en = String::new();
    if let Some((event, ctx)) = event {
        if let Some(place) = &event.repair_at {
            extra_vi.push_str(&format!(", tại {place}"));
            extra_en.push_str(&format!(", at {place}"));
        }
        if let Some(to) = &event.to_unit {
            let name = ctx.unit_name(to);
            extra_vi.push_str(&format!(", đến {name}"));
            extra_en.push_str(&format!(", to {name}"));
        }
        if let Some(minutes) = &event.minutes {
            extra_vi.push_str(&format!(", biên bản {minutes}"));
            extra_en.push_str(&format!(", minutes {minutes}"));
        }
    }
    Bilingual::new(
        format!(
            "{}: {} – {}, ngày {}{extra_vi}.",
            label.vi,
            asset.id,
            asset.name,
            format_date(day, Lang::Vi)
        ),
        format!(
            "{}: {} – {}, on {}{extra_en}.",
            label.en,
            asset.id,
            asset.name,
            format_date(day, Lang::En)
        ),
    )
}
