//! The forms of QC1114's appendix as [`Paper`]s (M2, M12): a mail
//! request as its Mẫu 01, its result as Mẫu 02, a lock for a violation
//! (a `locked` event with no request behind it, Đ5.2.2) as Mẫu 02 to the
//! unit's head, and a blank Mẫu 01.
//!
//! They read the model as given: the masked one has no mobile numbers
//! (`x-classification: confidential`), so the public form leaves that
//! column's cells empty; the restricted build's model has them.

use super::labels::enum_label;
use super::paper::{
    AGENCY, DOTS, Orientation, Paper, PaperTable, Signature, long_date, place_and_date, unit_place,
};
use super::{root_unit, value_date, value_str};
use crate::model::{MailAccount, Model, Typed};
use crate::value::Value;
use chrono::NaiveDate;

pub const MAU_01_TITLE: &str = "DANH SÁCH ĐỀ NGHỊ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ";
pub const MAU_02_TITLE: &str = "THÔNG BÁO KẾT QUẢ CẤP PHÁT/KHÓA/THAY ĐỔI TÀI KHOẢN THƯ ĐIỆN TỬ";
const TO_IT_CENTRE: &str = "Kính gửi: Trung tâm Công nghệ thông tin - BHXH Việt Nam";
const IT_CENTRE: &str = "TRUNG TÂM CÔNG NGHỆ THÔNG TIN";
/// Mẫu 02 for a lock is named after the account and the lock's place
/// among its events: `khoa-anhnv-2`.
const LOCK_PREFIX: &str = "khoa-";

/// The day QC1114 (and its appendix of forms) was issued: the date of a
/// blank form's Word file, which has no date of its own.
pub const FORMS_ISSUED: NaiveDate = match NaiveDate::from_ymd_opt(2017, 7, 4) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// A form of the appendix: the paper and the date it is dated (the DOCX
/// creation date).
pub struct Form {
    pub paper: Paper,
    pub date: NaiveDate,
}

/// The six columns of Mẫu 01 after `STT`, in the seed's order.
fn mau_01_columns() -> Vec<String> {
    [
        "Họ và Tên người dùng",
        "Chức vụ",
        "Số ĐTDĐ",
        "Tài khoản thư điện tử đang dùng (Nếu có)",
        "Nội dung yêu cầu",
    ]
    .map(str::to_owned)
    .into()
}

fn mau_02_columns() -> Vec<String> {
    [
        "Họ và tên người dùng",
        "Tài khoản đang dùng (hoặc cấp mới)",
        "Nội dung đã yêu cầu",
        "Kết quả thực hiện",
        "Lý do",
    ]
    .map(str::to_owned)
    .into()
}

fn text(value: &Value, key: &str) -> String {
    value_str(value.get(key)).unwrap_or("").to_owned()
}

fn request_label(kind: &str) -> String {
    enum_label(
        "mail-request",
        "/properties/entries/items/properties/request",
        kind,
    )
    .vi
    .to_string()
}

/// "Nội dung yêu cầu": the request, the quota asked for, the reason.
fn request_content(entry: &Value) -> String {
    let mut content = request_label(&text(entry, "request"));
    if let Some(quota) = entry.get("quota_gb").map(Value::to_json) {
        content.push_str(&format!(" ({quota} GB)"));
    }
    let reason = text(entry, "reason");
    if !reason.is_empty() {
        content.push_str(&format!(": {reason}"));
    }
    content
}

fn raw<'m, T>(model: &'m Model, typed: &Typed<T>) -> Option<&'m Value> {
    model.records.get(typed.index).map(|r| &r.value)
}

fn unit_name(model: &Model, unit: &str) -> String {
    model
        .units
        .get(unit)
        .map_or_else(|| unit.to_owned(), |u| u.name.to_string())
}

fn entries(request: &Value) -> &[Value] {
    request
        .get("entries")
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

/// Mẫu 01 of mail request `id`; `None` when there is no such request.
pub fn mau_01(model: &Model, id: &str) -> Option<Form> {
    let typed = model.mail_requests.get(id)?;
    let request = raw(model, typed)?;
    let date = value_date(request.get("submitted"))?;
    let rows = entries(request)
        .iter()
        .map(|entry| {
            vec![
                text(entry, "full_name"),
                text(entry, "position"),
                text(entry, "mobile"),
                text(entry, "current_account"),
                request_content(entry),
            ]
        })
        .collect();
    let paper = Paper {
        signing_date: Some(capitalised(&long_date(date))),
        signatures: mau_01_signatures(text(request, "prepared_by"), text(request, "signed_by")),
        ..mau_01_paper(unit_name(model, &typed.unit).to_uppercase(), rows)
    };
    Some(Form { paper, date })
}

/// A Mẫu 01 to fill in by hand: the unit, ten empty rows, the date and
/// the names left as dots. `unit` is the unit's name, or `None` for dots.
pub fn blank_mau_01(unit: Option<&str>) -> Paper {
    let unit = unit.map_or_else(|| DOTS.to_owned(), str::to_uppercase);
    Paper {
        table: PaperTable::numbered(mau_01_columns(), Vec::new()).with_blank_rows(10),
        signing_date: Some("Ngày …… tháng …… năm 20……".to_owned()),
        signatures: mau_01_signatures(String::new(), String::new()),
        ..mau_01_paper(unit, Vec::new())
    }
}

fn mau_01_paper(unit: String, rows: Vec<Vec<String>>) -> Paper {
    Paper {
        orientation: Orientation::Portrait,
        agency: AGENCY.to_owned(),
        unit: format!("ĐƠN VỊ: {unit}"),
        number: None,
        place_date: None,
        title: MAU_01_TITLE.to_owned(),
        subtitle: Vec::new(),
        recipient: Some(TO_IT_CENTRE.to_owned()),
        table: PaperTable::numbered(mau_01_columns(), rows),
        notes: Vec::new(),
        signing_date: None,
        signatures: Vec::new(),
    }
}

fn mau_01_signatures(prepared_by: String, signed_by: String) -> Vec<Signature> {
    vec![
        Signature::new("Người lập", "(Ký viết rõ họ tên)", prepared_by),
        Signature::new("Thủ trưởng đơn vị", "(Ký tên và đóng dấu)", signed_by),
    ]
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The IT centre: the root unit's IT unit (itself, or its first child of
/// the same level that is one).
fn it_centre(model: &Model) -> Option<String> {
    let root = model.units.get(root_unit(model)?)?;
    if root.it_unit {
        return Some(root.id.to_string());
    }
    model
        .children(&root.id)
        .into_iter()
        .find(|child| child.it_unit && child.level == root.level)
        .map(|child| child.id.to_string())
}

/// Mẫu 02 as the IT centre writes it, dated `date`, to `unit`.
fn mau_02_paper(model: &Model, unit: &str, date: NaiveDate, rows: Vec<Vec<String>>) -> Paper {
    let place = it_centre(model).and_then(|centre| unit_place(model, &centre));
    Paper {
        orientation: Orientation::Portrait,
        agency: AGENCY.to_owned(),
        unit: IT_CENTRE.to_owned(),
        number: None,
        place_date: Some(place_and_date(place.as_deref(), date)),
        title: MAU_02_TITLE.to_owned(),
        subtitle: Vec::new(),
        recipient: Some(format!("Kính gửi: {}", unit_name(model, unit))),
        table: PaperTable::numbered(mau_02_columns(), rows),
        notes: Vec::new(),
        signing_date: None,
        signatures: Vec::new(),
    }
}

fn director(name: String) -> Vec<Signature> {
    vec![Signature::new("Giám đốc", "(Ký tên và đóng dấu)", name)]
}

fn outcome_label(outcome: &str) -> String {
    enum_label(
        "mail-request",
        "/properties/entries/items/properties/result/properties/outcome",
        outcome,
    )
    .vi
    .to_string()
}

/// Mẫu 02 of mail request `id`: the entries that have a result, dated the
/// last of them. `None` when the request has no result yet.
pub fn mau_02(model: &Model, id: &str) -> Option<Form> {
    if let Some(lock) = id.strip_prefix(LOCK_PREFIX) {
        return lock_mau_02(model, lock);
    }
    let typed = model.mail_requests.get(id)?;
    let request = raw(model, typed)?;
    let mut date = None;
    let rows: Vec<Vec<String>> = entries(request)
        .iter()
        .filter_map(|entry| {
            let result = entry.get("result")?;
            let done = value_date(result.get("done"));
            date = date.max(done);
            let account = value_str(result.get("account"))
                .or(value_str(entry.get("current_account")))
                .unwrap_or("");
            let outcome = value_str(result.get("outcome")).unwrap_or("done");
            let when = done.map_or(String::new(), |d| {
                format!(" ({})", super::format_date(d, crate::diagnostic::Lang::Vi))
            });
            Some(vec![
                text(entry, "full_name"),
                account.to_owned(),
                request_content(entry),
                format!("{}{when}", outcome_label(outcome)),
                text(result, "reason"),
            ])
        })
        .collect();
    let date = date?;
    let paper = Paper {
        signatures: director(text(request, "result_signed_by")),
        ..mau_02_paper(model, &typed.unit, date, rows)
    };
    Some(Form { paper, date })
}

/// The locks of `account` that no request asked for, each with the id of
/// its Mẫu 02 and its date.
pub fn violation_locks(model: &Model, account: &Typed<MailAccount>) -> Vec<(String, NaiveDate)> {
    let Some(value) = raw(model, account) else {
        return Vec::new();
    };
    let events = value.get("events").and_then(Value::as_array).unwrap_or(&[]);
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| value_str(e.get("kind")) == Some("locked"))
        .filter(|(_, e)| value_str(e.get("request")).is_none())
        .filter_map(|(index, e)| {
            let date = value_date(e.get("date"))?;
            Some((format!("{LOCK_PREFIX}{}-{}", account.id, index + 1), date))
        })
        .collect()
}

/// Mẫu 02 for lock `lock` (`<account>-<event number>`), to the head of
/// the account's unit.
fn lock_mau_02(model: &Model, lock: &str) -> Option<Form> {
    let (account_id, number) = lock.rsplit_once('-')?;
    let index = number.parse::<usize>().ok()?.checked_sub(1)?;
    let account = model.mail_accounts.get(account_id)?;
    let value = raw(model, account)?;
    let event = value.get("events")?.as_array()?.get(index)?;
    if value_str(event.get("kind")) != Some("locked") || value_str(event.get("request")).is_some() {
        return None;
    }
    let date = value_date(event.get("date"))?;
    let holder = account
        .staff
        .as_deref()
        .map(|id| {
            model
                .staff
                .get(id)
                .map_or_else(|| id.to_owned(), |s| s.full_name.to_string())
        })
        .unwrap_or_default();
    let row = vec![
        holder,
        account.address.to_string(),
        request_label("lock"),
        outcome_label("done"),
        text(event, "reason"),
    ];
    let unit = model.account_unit(account).unwrap_or("").to_owned();
    let paper = Paper {
        signatures: director(String::new()),
        ..mau_02_paper(model, &unit, date, vec![row])
    };
    Some(Form { paper, date })
}

/// Mẫu 02 of a request has a result; the id of its form is the request's.
pub fn has_mau_02(model: &Model, request: &str) -> bool {
    model.mail_requests.get(request).is_some_and(|r| {
        r.entries
            .iter()
            .any(|entry| entry.result.as_ref().is_some_and(|r| r.done.is_some()))
    })
}
