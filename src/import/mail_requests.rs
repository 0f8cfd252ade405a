//! A Mẫu 01 request list (QC1114 Phụ lục 1) as one mail request record:
//! each row is an entry. The form's date ("Ngày … tháng … năm …") becomes
//! the submission time, and the names under "Người lập" and "Thủ trưởng
//! đơn vị" the preparer and signatory. The Mẫu 02 results are added later.

use super::assets::merge;
use super::columns::MAIL_REQUESTS;
use super::header::DataRow;
use super::row::{Fields, Phrases, best_phrase, folded};
use super::table::{Cell, Sheet, number_text};
use super::{Context, Planned, Rows, dates};
use crate::diagnostic::Bilingual;
use crate::load::Record;
use crate::register::Register;
use crate::value::Value as RecordValue;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

const REQUESTS: Phrases = &[
    (
        "create",
        &[
            "cap moi",
            "cap moi tai khoan",
            "tao moi",
            "cap phat",
            "tao tai khoan",
            "cap tai khoan",
        ],
    ),
    ("lock", &["khoa", "khoa tai khoan"]),
    ("unlock", &["mo khoa", "mo khoa tai khoan"]),
    (
        "password-reset",
        &[
            "cap lai mat khau",
            "dat lai mat khau",
            "reset mat khau",
            "mat khau",
        ],
    ),
    (
        "quota-change",
        &["thay doi dung luong", "tang dung luong", "dung luong"],
    ),
    ("rename", &["doi ten", "doi ten tai khoan"]),
];

const REQUESTS_VI: &str = "cấp mới, khóa, mở khóa, cấp lại mật khẩu, thay đổi dung lượng, đổi tên";
const REQUESTS_EN: &str = "create, lock, unlock, password-reset, quota-change, rename";

pub fn build(context: &mut Context, sheet: &Sheet, rows: &[DataRow]) -> Rows {
    let mut out = Rows::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut entries = Vec::new();
    for row in rows {
        let mut fields = Fields::new(row, MAIL_REQUESTS);
        let entry = entry(&mut fields);
        if !fields.problems.is_empty() {
            out.reject(row.number, fields.problems);
            continue;
        }
        let Some(entry) = entry else { continue };
        let key = (
            folded(
                entry
                    .get("full_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            ),
            entry
                .get("request")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        );
        if let Some(first) = seen.get(&key) {
            out.reject(
                row.number,
                vec![Bilingual::new(
                    format!("đề nghị trùng với dòng {first}"),
                    format!("the same request as row {first}"),
                )],
            );
            continue;
        }
        seen.insert(key, row.number);
        entries.push(Value::Object(entry));
    }
    if !out.errors.is_empty() {
        return out;
    }
    let first_row = rows.first().map_or(0, |r| r.number);
    let form = Form::read(sheet, rows);
    if form.date.is_none() {
        out.notes.push(Bilingual::new(
            "Không thấy dòng \"Ngày … tháng … năm …\" trên Mẫu 01; thời điểm gửi lấy ngày hôm nay, sửa `submitted` nếu cần",
            "no \"Ngày … tháng … năm …\" line on the Mẫu 01; the submission time is today, correct `submitted` if needed",
        ));
    }
    match place(context, form, entries, first_row) {
        Ok(planned) => out.planned.push(planned),
        Err(problem) => out.reject(first_row, vec![problem]),
    }
    out
}

fn entry(f: &mut Fields) -> Option<Map<String, Value>> {
    let mut entry = Map::new();
    let name = f.required("full_name");
    let request = f.required("request").and_then(|text| {
        let found = best_phrase(&text, REQUESTS);
        if found.is_none() {
            f.unknown("request", &text, REQUESTS_VI, REQUESTS_EN);
        }
        found
    });
    entry.insert("full_name".into(), Value::String(name?));
    if let Some(position) = f.text("position") {
        entry.insert("position".into(), Value::String(position));
    }
    if let Some(mobile) = mobile(f) {
        entry.insert("mobile".into(), Value::String(mobile));
    }
    let account = current_account(f);
    entry.insert(
        "current_account".into(),
        account.map_or(Value::Null, Value::String),
    );
    entry.insert("request".into(), Value::String(request?.to_owned()));
    if let Some(quota) = quota(f) {
        entry.insert("quota_gb".into(), quota);
    }
    if let Some(reason) = f.text("reason") {
        entry.insert("reason".into(), Value::String(reason));
    }
    Some(entry)
}

/// A mobile number as the schema wants it, `0912345678`. Excel drops the
/// leading zero of a number typed without quotes; it is put back.
fn mobile(f: &mut Fields) -> Option<String> {
    let cell = f.cell("mobile")?;
    let raw = match cell {
        Cell::Number(n) => number_text(*n),
        other => other.display(),
    };
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let number = if digits.len() == 9 && !digits.starts_with('0') {
        format!("0{digits}")
    } else {
        digits
    };
    let national = number
        .strip_prefix("+84")
        .or_else(|| number.strip_prefix('0'));
    let valid = national.is_some_and(|rest| {
        rest.len() == 9 && !rest.starts_with('0') && rest.bytes().all(|b| b.is_ascii_digit())
    });
    if !valid {
        f.invalid("mobile", &raw, "mobile number (e.g. 0912345678)");
        return None;
    }
    Some(number)
}

fn current_account(f: &mut Fields) -> Option<String> {
    let text = f.text("current_account")?;
    let address = text.trim().to_lowercase();
    let (local, domain) = address.split_once('@').unwrap_or((&address, ""));
    let valid = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && local.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && (domain == "vss.gov.vn" || domain.ends_with(".vss.gov.vn"));
    if !valid {
        f.invalid("current_account", &text, "address (e.g. anhnv@vss.gov.vn)");
        return None;
    }
    Some(address)
}

fn quota(f: &mut Fields) -> Option<Value> {
    let cell = f.cell("quota_gb")?;
    let words = crate::text::tokens(&cell.display());
    let number = match cell {
        Cell::Number(n) => serde_json::Number::from_f64(*n),
        // "2", "2 GB"
        _ => words
            .first()
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|_| words.len() == 1 || (words.len() == 2 && words[1] == "gb"))
            .map(serde_json::Number::from),
    };
    if number.is_none() {
        f.invalid("quota_gb", &cell.display(), "size in GB");
    }
    number.map(Value::Number)
}

/// What the form says around the table.
struct Form {
    date: Option<NaiveDate>,
    prepared_by: Option<String>,
    /// The signer's title as written ("Giám đốc"), and their name.
    signed_by: Option<(String, String)>,
}

/// Titles, folded, under which the head of the requesting unit signs.
const SIGNER_TITLES: &[&str] = &[
    "thu truong",
    "giam doc",
    "pho giam doc",
    "truong phong",
    "pho truong phong",
    "truong bo phan",
];

impl Form {
    fn read(sheet: &Sheet, rows: &[DataRow]) -> Form {
        let table: BTreeSet<usize> = rows.iter().map(|r| r.number).collect();
        let outside = || sheet.rows.iter().filter(|r| !table.contains(&r.number));
        let date = outside()
            .flat_map(|r| r.cells.iter())
            .filter_map(|c| match c {
                Cell::Text(text) if folded(text).contains("thang") => dates::parse_text(text),
                _ => None,
            })
            .next();
        Form {
            date,
            prepared_by: name_under(sheet, "nguoi lap").map(|(_, name)| name),
            signed_by: SIGNER_TITLES
                .iter()
                .find_map(|title| name_under(sheet, title)),
        }
    }
}

/// The title cell as written (without its "(Ký …)" instruction) and the
/// name under it: the first cell below in the same column that is not an
/// instruction.
fn name_under(sheet: &Sheet, title: &str) -> Option<(String, String)> {
    let rows = &sheet.rows;
    for (index, row) in rows.iter().enumerate() {
        for (column, cell) in row.cells.iter().enumerate() {
            let text = cell.display();
            let folded_text = folded(&text);
            if !folded_text.starts_with(title) {
                continue;
            }
            // "Thủ trưởng đơn vị (Ký tên và đóng dấu)" may sit in one cell.
            let below = rows[index + 1..]
                .iter()
                .map(|r| r.cell(column).display())
                .filter(|t| !t.is_empty())
                .find(|t| !t.starts_with('(') && !folded(t).starts_with("ky "))
                // A formula is no name (see `Fields::cell`).
                .filter(|t| !t.trim_start().starts_with('='));
            if let Some(name) = below {
                let written = text.split('(').next().unwrap_or_default().trim();
                return Some((sentence_case(written), name));
            }
        }
    }
    None
}

/// "GIÁM ĐỐC" → "Giám đốc"; forms print titles in capitals.
fn sentence_case(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn place(
    context: &mut Context,
    form: Form,
    entries: Vec<Value>,
    row: usize,
) -> Result<Planned, Bilingual> {
    let date = form.date.unwrap_or(context.today);
    let submitted = format!("{date}T00:00:00+07:00");
    let names: BTreeSet<String> = entries
        .iter()
        .filter_map(|e| e.get("full_name").and_then(Value::as_str))
        .map(folded)
        .collect();
    let mut fields = Map::new();
    fields.insert("unit".into(), Value::String(context.unit.to_owned()));
    fields.insert("submitted".into(), Value::String(submitted));
    if let Some(name) = form.prepared_by {
        fields.insert("prepared_by".into(), Value::String(name));
    }
    if let Some((title, name)) = form.signed_by {
        fields.insert("signed_by".into(), Value::String(name));
        fields.insert("signed_by_title".into(), Value::String(title));
    }
    match same_request(context, date, &names) {
        Some(record) => update(context, record, fields, entries, row),
        None => {
            let id = context
                .ids
                .next_request_id(Register::MailRequest, date.year(), context.unit);
            let mut record = Map::new();
            record.insert("id".into(), Value::String(id.clone()));
            record.extend(fields);
            record.insert("entries".into(), Value::Array(entries));
            Ok(Planned {
                row,
                path: PathBuf::from(format!("records/mail/requests/{id}.yaml")),
                register: Register::MailRequest,
                fields: record,
                update: false,
                text: String::new(),
            })
        }
    }
}

/// A request already recorded for this unit, on the same day, for the
/// same people: the same Mẫu 01, imported before.
fn same_request<'m>(
    context: &Context<'m>,
    date: NaiveDate,
    names: &BTreeSet<String>,
) -> Option<&'m Record> {
    let day = date.to_string();
    context.model.records.iter().find(|r| {
        r.register == Register::MailRequest
            && r.str_field("unit") == Some(context.unit)
            && r.str_field("submitted")
                .is_some_and(|s| s.starts_with(&day))
            && entry_names(r) == *names
    })
}

fn entry_names(record: &Record) -> BTreeSet<String> {
    record
        .value
        .get("entries")
        .and_then(RecordValue::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("full_name").and_then(RecordValue::as_str))
        .map(folded)
        .collect()
}

/// Rewrite the entries, keeping each person's recorded result (Mẫu 02).
fn update(
    context: &Context,
    record: &Record,
    sheet: Map<String, Value>,
    entries: Vec<Value>,
    row: usize,
) -> Result<Planned, Bilingual> {
    if !context.update {
        return Err(Bilingual::new(
            format!(
                "Mẫu 01 này đã được nhập: {}; dùng --update để cập nhật",
                record.path.display()
            ),
            format!(
                "this Mẫu 01 was imported already: {}; use --update to update it",
                record.path.display()
            ),
        ));
    }
    let old: Vec<Value> = record
        .value
        .get("entries")
        .and_then(RecordValue::as_array)
        .map(|entries| entries.iter().map(RecordValue::to_json).collect())
        .unwrap_or_default();
    let entries = entries
        .into_iter()
        .map(|mut entry| {
            let name = entry.get("full_name").and_then(Value::as_str).map(folded);
            let before = old
                .iter()
                .find(|o| o.get("full_name").and_then(Value::as_str).map(folded) == name);
            if let (Some(Value::Object(before)), Value::Object(new)) = (before, &mut entry) {
                let mut kept = before.clone();
                merge(&mut kept, std::mem::take(new));
                *new = kept;
            }
            entry
        })
        .collect();
    let mut fields = record.value.to_json_object();
    let mut sheet = sheet;
    // The recorded submission time may hold the hour; the form only the day.
    sheet.remove("submitted");
    merge(&mut fields, sheet);
    fields.insert("entries".into(), Value::Array(entries));
    Ok(Planned {
        row,
        path: record.path.clone(),
        register: Register::MailRequest,
        fields,
        update: true,
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_labels_name_their_request() {
        let schemas = crate::validate::schema::SchemaSet::load(None).unwrap();
        let schema = schemas.register_schema(Register::MailRequest);
        let labels =
            schema["properties"]["entries"]["items"]["properties"]["request"]["x-enum-labels"]
                .as_object()
                .unwrap();
        for (slug, label) in labels {
            let label = label.as_str().unwrap();
            assert_eq!(best_phrase(label, REQUESTS), Some(slug.as_str()), "{label}");
            assert_eq!(best_phrase(slug, REQUESTS), Some(slug.as_str()), "{slug}");
        }
    }
}
