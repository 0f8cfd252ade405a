//! M3 (QC1114 Đ4.2.3, Đ13.2.3): passwords are changed at least every six
//! months. The active mail accounts of the unit and the units below it
//! whose `password_changed` is more than 180 days old, or not recorded;
//! oldest first. (Passwords themselves never go in the records.)

use super::labels;
use super::{Cell, Ctx, Meta, Report, ReportDef};
use crate::diagnostic::Bilingual;
use crate::register::Register;
use chrono::Days;

pub const DEF: ReportDef = ReportDef {
    id: "m3-password-age",
    clause: "M3",
    citation: "QC1114 Đ4.2.3, Đ13.2.3",
    title_vi: "Tài khoản thư điện tử quá hạn đổi mật khẩu",
    title_en: "Mail accounts due a password change",
    period: None,
    reads: &[Register::MailAccount],
    build,
};

pub const MAX_AGE_DAYS: i64 = 180;

fn build(ctx: &Ctx) -> Report {
    let mut report = ctx.report(&DEF);
    report.columns = vec![
        Bilingual::new("Tài khoản", "Account"),
        Bilingual::new("Loại", "Kind"),
        Bilingual::new("Người sử dụng", "Holder"),
        Bilingual::new("Đơn vị", "Unit"),
        Bilingual::new("Đổi mật khẩu gần nhất", "Password last changed"),
        Bilingual::new("Số ngày", "Days since"),
        Bilingual::new("Hạn đổi", "Change due"),
    ];
    let order = ctx.unit_order();
    let mut found = Vec::new();
    for (account, unit) in ctx.active_accounts() {
        let age = account
            .password_changed
            .map(|changed| (ctx.today - changed).num_days());
        if age.is_some_and(|days| days <= MAX_AGE_DAYS) {
            continue;
        }
        let holder = match account.staff.as_deref() {
            Some(id) => Cell::link(ctx.staff_name(id), Register::Staff, id),
            None => ctx.unit_cell(unit),
        };
        let due = account
            .password_changed
            .and_then(|d| d.checked_add_days(Days::new(MAX_AGE_DAYS as u64)));
        found.push((
            std::cmp::Reverse(age.unwrap_or(i64::MAX)),
            order.get(unit).copied().unwrap_or(usize::MAX),
            account.id.clone(),
            vec![
                Cell::link(account.address.clone(), Register::MailAccount, &account.id),
                Cell::Label(labels::mail_kind(&account.kind)),
                holder,
                ctx.unit_cell(unit),
                account.password_changed.map_or_else(
                    || Cell::label("không có dữ liệu", "not recorded"),
                    Cell::Date,
                ),
                age.map_or(Cell::Empty, Cell::Int),
                Cell::opt_date(due),
            ],
        ));
    }
    found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let count = found.len() as i64;
    report.rows = found.into_iter().map(|(_, _, _, row)| row).collect();
    report.meta.push(Meta {
        label: Bilingual::new("Số tài khoản quá hạn đổi mật khẩu", "Accounts due a change"),
        value: Cell::Int(count),
    });
    report.notes.push(Bilingual::new(
        format!(
            "Mật khẩu phải đổi ít nhất 6 tháng một lần: danh sách gồm tài khoản đang hoạt động có ngày đổi mật khẩu (`password_changed`) quá {MAX_AGE_DAYS} ngày hoặc chưa ghi. Không bao giờ ghi mật khẩu vào hồ sơ."
        ),
        format!(
            "Passwords change at least every 6 months: listed are active accounts whose `password_changed` is over {MAX_AGE_DAYS} days old or missing. Never put a password in the records."
        ),
    ));
    report
}
