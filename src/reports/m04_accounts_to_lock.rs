//! M4 (QC1114 Đ5.1): an account is locked after 90 days without a login,
//! when its holder leaves, or after a violation. The active mail accounts
//! of the unit and the units below it whose last login is more than 90
//! days old, or whose staff member has left; longest idle first.

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef, format_date};
use crate::diagnostic::{Bilingual, Lang};
use crate::register::Register;

pub const DEF: ReportDef = ReportDef {
    id: "m4-accounts-to-lock",
    clause: "M4",
    citation: "QC1114 Đ5.1",
    title_vi: "Tài khoản thư điện tử cần khóa",
    title_en: "Mail accounts to lock",
    period: None,
    reads: &[Register::MailAccount],
    build,
};

/// The M4 rule's default.
pub const IDLE_DAYS: i64 = 90;

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Tài khoản", "Account"),
        Bilingual::new("Loại", "Kind"),
        Bilingual::new("Người sử dụng", "Holder"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Đăng nhập gần nhất", "Last login"),
        Bilingual::new("Số ngày không đăng nhập", "Days without login"),
        Bilingual::new("Lý do khóa", "Reason"),
    ];
    let order = ctx.unit_order();
    let mut found = Vec::new();
    for (account, unit) in ctx.active_accounts() {
        let staff = account
            .staff
            .as_deref()
            .and_then(|id| ctx.model.staff.get(id));
        let left = staff.and_then(|s| s.left_date_by(ctx.today));
        let idle = account.last_login.map(|last| (ctx.today - last).num_days());
        let mut reasons_vi = Vec::new();
        let mut reasons_en = Vec::new();
        if let Some(left) = left {
            reasons_vi.push(format!(
                "cán bộ đã thôi việc từ {}",
                format_date(left, Lang::Vi)
            ));
            reasons_en.push(format!(
                "the holder left on {}",
                format_date(left, Lang::En)
            ));
        }
        if let Some(days) = idle.filter(|d| *d > IDLE_DAYS) {
            reasons_vi.push(format!("không đăng nhập {days} ngày, quá {IDLE_DAYS} ngày"));
            reasons_en.push(format!("no login for {days} days, over {IDLE_DAYS}"));
        }
        if reasons_vi.is_empty() {
            continue;
        }
        let holder = match staff {
            Some(s) => Cell::link(ctx.staff_name(&s.id), Register::Staff, &s.id),
            None => ctx.unit_cell(unit),
        };
        found.push((
            std::cmp::Reverse(idle.unwrap_or(i64::MAX)),
            order.get(unit).copied().unwrap_or(usize::MAX),
            account.id.clone(),
            vec![
                Cell::link(account.address.clone(), Register::MailAccount, &account.id),
                Cell::Label(labels::mail_kind(&account.kind)),
                holder,
                ctx.unit_cell(unit),
                account
                    .last_login
                    .map_or_else(|| Cell::label("không có dữ liệu", "no data"), Cell::Date),
                idle.map_or(Cell::Empty, Cell::Int),
                Cell::label(
                    capitalise(&reasons_vi.join("; ")),
                    capitalise(&reasons_en.join("; ")),
                ),
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let count = found.len() as i64;
    report.rows = found.into_iter().map(|(_, _, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new("Số tài khoản cần khóa", "Accounts to lock"),
        value: Cell::Int(count),
    });
    report.notes.push(Bilingual::new(
        format!(
            "Khóa tài khoản không đăng nhập quá {IDLE_DAYS} ngày hoặc của cán bộ đã thôi việc (Điều 5 Quy chế 1114); ghi trạng thái đã khóa (`status: locked`) và sự kiện khóa (`kind: locked`). Ngày đăng nhập lấy từ máy chủ thư (`last_login`)."
        ),
        format!(
            "Lock accounts idle for over {IDLE_DAYS} days or held by staff who left (QC1114 Đ5); record `status: locked` and a `kind: locked` event. Logins come from the mail server (`last_login`)."
        ),
    ));
    report
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
