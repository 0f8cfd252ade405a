//! C3 (QĐ3582 II.3.3): network activity logs are reviewed regularly. The
//! networks of the unit and the units below it with their last log review,
//! review interval (`log_review_interval_days`, 30 days by default as in
//! the C3 rule), when the next review is due and how many days it is
//! overdue; overdue networks first.

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef};
use crate::diagnostic::Bilingual;
use crate::register::Register;
use chrono::Days;

pub const DEF: ReportDef = ReportDef {
    id: "c3-log-reviews",
    clause: "C3",
    citation: "QĐ3582 II.3.3",
    title_vi: "Xem xét nhật ký hoạt động mạng",
    title_en: "Network log reviews",
    period: None,
    reads: &[Register::Network],
    build,
};

/// The C3 rule's default interval.
pub const DEFAULT_INTERVAL_DAYS: u32 = 30;

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Mạng", "Network"),
        Bilingual::new("Phạm vi", "Scope"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Người quản trị", "Administrators"),
        Bilingual::new("Lần xem xét gần nhất", "Last review"),
        Bilingual::new("Chu kỳ (ngày)", "Interval (days)"),
        Bilingual::new("Hạn xem xét tiếp theo", "Next review due"),
        Bilingual::new("Số ngày quá hạn", "Days overdue"),
        Bilingual::new("Tình trạng", "State"),
    ];
    let order = ctx.unit_order();
    let mut found = Vec::new();
    let mut overdue_count = 0;
    for network in ctx.model.networks.values() {
        if !ctx.in_scope(&network.unit) {
            continue;
        }
        let interval = network
            .log_review_interval_days
            .unwrap_or(DEFAULT_INTERVAL_DAYS);
        let last = network.log_reviews.iter().map(|r| r.date).max();
        let next = last.and_then(|d| d.checked_add_days(Days::new(u64::from(interval))));
        let overdue = match next {
            Some(next) => (ctx.today - next).num_days().max(0),
            None => 0,
        };
        let state = match last {
            None => Cell::label("Chưa xem xét lần nào", "Never reviewed"),
            Some(_) if overdue > 0 => Cell::label("Quá hạn", "Overdue"),
            Some(_) => Cell::label("Đúng hạn", "On time"),
        };
        if last.is_none() || overdue > 0 {
            overdue_count += 1;
        }
        let admins = network
            .admins
            .iter()
            .map(|id| ctx.staff_name(id))
            .collect::<Vec<_>>()
            .join(", ");
        let rank = if last.is_none() { i64::MAX } else { overdue };
        found.push((
            std::cmp::Reverse(rank),
            order
                .get(network.unit.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            network.id.clone(),
            vec![
                Cell::link(network.name.clone(), Register::Network, &network.id),
                Cell::Label(labels::network_scope(&network.scope)),
                ctx.unit_cell(&network.unit),
                Cell::Text(admins),
                Cell::opt_date(last),
                Cell::Int(i64::from(interval)),
                Cell::opt_date(next),
                Cell::Int(overdue),
                state,
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    report.rows = found.into_iter().map(|(_, _, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new("Mạng quá hạn xem xét nhật ký", "Networks overdue"),
        value: Cell::Int(overdue_count),
    });
    report.notes.push(Bilingual::new(
        format!(
            "Chu kỳ lấy từ số ngày giữa hai lần xem nhật ký ghi cho từng mạng (`log_review_interval_days`), mặc định {DEFAULT_INTERVAL_DAYS} ngày. Quá hạn tính đến ngày lập báo cáo."
        ),
        format!(
            "The interval is each network's `log_review_interval_days`, {DEFAULT_INTERVAL_DAYS} days by default. Overdue days run to the date of the report."
        ),
    ));
    report
}
