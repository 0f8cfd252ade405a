//! Rows of the software log book (QĐ3582 II.2.2) as software records.
//!
//! A unit's log book lists the software it runs. Each row becomes (or,
//! with `--update`, adds to) a software record, with one installation for
//! the importing unit: servers, workstation copies, installer, version,
//! acceptance minutes. Software is one register for the whole agency, so
//! a name that already exists is the same software, not a new record.

use super::assets::merge;
use super::columns::SOFTWARE;
use super::header::DataRow;
use super::row::{Fields, Phrases, best_phrase, reads_as_formula};
use super::{Context, Planned, Rows, resolve};
use crate::diagnostic::Bilingual;
use crate::ids;
use crate::load::Record;
use crate::register::Register;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;

const KINDS: Phrases = &[
    (
        "system",
        &[
            "phan mem he thong",
            "he thong",
            "he dieu hanh",
            "operating system",
        ],
    ),
    (
        "dbms",
        &[
            "he quan tri co so du lieu",
            "he quan tri csdl",
            "quan tri co so du lieu",
            "co so du lieu",
        ],
    ),
    ("office", &["phan mem van phong", "van phong"]),
    (
        "communication",
        &["phan mem truyen thong", "truyen thong", "thu dien tu"],
    ),
    ("utility", &["phan mem tien ich", "tien ich"]),
    (
        "security",
        &[
            "phan mem bao mat",
            "bao mat",
            "diet virus",
            "an toan thong tin",
            "antivirus",
        ],
    ),
    (
        "business-national",
        &[
            "ung dung nghiep vu thong nhat toan nganh",
            "toan nganh",
            "nghiep vu toan nganh",
        ],
    ),
    (
        "business-local",
        &[
            "ung dung nghiep vu do dia phuong xay dung",
            "dia phuong",
            "tai dia phuong",
        ],
    ),
];

const KINDS_VI: &str = "phần mềm hệ thống, hệ quản trị CSDL, văn phòng, truyền thông, tiện ích, bảo mật, ứng dụng nghiệp vụ toàn ngành, ứng dụng nghiệp vụ do địa phương xây dựng";
const KINDS_EN: &str =
    "system, dbms, office, communication, utility, security, business-national, business-local";

const STATUSES: Phrases = &[
    ("in-use", &["dang su dung", "su dung"]),
    ("trial", &["dang thu nghiem", "thu nghiem", "dung thu"]),
    (
        "retired",
        &["ngung su dung", "khong su dung", "ngung", "het su dung"],
    ),
];

pub fn build(context: &mut Context, rows: &[DataRow]) -> Rows {
    let existing = Existing::of(&context.model.records);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Rows::default();
    for row in rows {
        let mut fields = Fields::new(row, SOFTWARE);
        let read = read(context, &mut fields);
        let placed = read
            .filter(|_| fields.problems.is_empty())
            .map(|software| place(context, software, &existing, &mut seen, row.number));
        match placed {
            Some(Ok(planned)) => out.planned.push(planned),
            Some(Err(problem)) => out.reject(row.number, vec![problem]),
            None => out.reject(row.number, fields.problems),
        }
    }
    out
}

struct SoftwareRow {
    id: Option<String>,
    name: String,
    /// Software-level fields.
    fields: Map<String, Value>,
    /// This unit's installation.
    installation: Map<String, Value>,
}

fn text(fields: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value {
        fields.insert(key.to_owned(), Value::String(value));
    }
}

fn read(context: &Context, f: &mut Fields) -> Option<SoftwareRow> {
    let mut fields = Map::new();
    let name = f.required("name");
    let id = f.text("id").and_then(|id| slug(f, &id));
    let kind = f
        .required("kind")
        .and_then(|k| choose(f, "kind", &k, KINDS, KINDS_VI, KINDS_EN));
    let status = f.text("status").and_then(|s| {
        choose(
            f,
            "status",
            &s,
            STATUSES,
            "đang sử dụng, thử nghiệm, ngừng sử dụng",
            "in-use, trial, retired",
        )
    });
    text(&mut fields, "name", name.clone());
    text(&mut fields, "description", f.text("description"));
    text(&mut fields, "kind", kind.map(str::to_owned));
    text(&mut fields, "vendor", f.text("vendor"));
    text(&mut fields, "supplier", f.text("supplier"));
    text(
        &mut fields,
        "in_use_since",
        f.date("in_use_since").map(|d| d.to_string()),
    );
    text(&mut fields, "status", status.map(str::to_owned));
    let mut license = Map::new();
    text(&mut license, "number", f.text("license"));
    if let Some(seats) = f.count("seats") {
        license.insert("seats".into(), Value::from(seats));
    }
    if !license.is_empty() {
        fields.insert("license".into(), Value::Object(license));
    }
    if let Some(decision) = f.text("approval") {
        fields.insert("approval".into(), single("decision", decision));
    }
    text(&mut fields, "note", f.text("note"));
    let (updates, undated) = history(f);
    if !updates.is_empty() {
        fields.insert("updates".into(), Value::Array(updates));
    }
    let mut installation = installation(context, f, status);
    text(&mut installation, "note", undated);
    Some(SoftwareRow {
        id,
        name: name?,
        fields,
        installation,
    })
}

fn single(key: &str, value: String) -> Value {
    let mut map = Map::new();
    map.insert(key.to_owned(), Value::String(value));
    Value::Object(map)
}

fn choose(
    f: &mut Fields,
    key: &str,
    value: &str,
    table: Phrases,
    vi: &str,
    en: &str,
) -> Option<&'static str> {
    let found = best_phrase(value, table);
    if found.is_none() {
        f.unknown(key, value, vi, en);
    }
    found
}

fn slug(f: &mut Fields, text: &str) -> Option<String> {
    let id = text.trim().to_lowercase();
    let valid = id.len() <= 64
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !valid {
        f.invalid("id", text, "software id (e.g. vssid-thu)");
    }
    valid.then_some(id)
}

/// The importing unit's installation. A retired program counts as removed.
fn installation(context: &Context, f: &mut Fields, status: Option<&str>) -> Map<String, Value> {
    let mut installation = Map::new();
    installation.insert("unit".into(), Value::String(context.unit.to_owned()));
    if let Some(servers) = f.text("servers").map(|s| servers(context, f, &s)) {
        installation.insert("servers".into(), Value::Array(servers));
    }
    if let Some(count) = f.count("workstations") {
        installation.insert("workstations".into(), Value::from(count));
    }
    if let Some(name) = f.text("installed_by") {
        let staff = resolve::staff(
            &context.lookup,
            &name,
            context.unit,
            ("cán bộ cài đặt", "installer"),
        );
        text(
            &mut installation,
            "installed_by",
            staff.map_err(|p| f.problems.push(p)).ok(),
        );
    }
    text(
        &mut installation,
        "installed_on",
        f.date("installed_on").map(|d| d.to_string()),
    );
    text(&mut installation, "version", f.text("version"));
    let state = if status == Some("retired") {
        "removed"
    } else {
        "deployed"
    };
    installation.insert("status".into(), Value::String(state.into()));
    // A signer without minutes has nothing to sign: the schema needs both.
    if let Some(minutes) = f.text("acceptance") {
        let mut acceptance = Map::new();
        text(&mut acceptance, "minutes", Some(minutes));
        text(&mut acceptance, "signed_by", f.text("acceptance_signed_by"));
        installation.insert("acceptance".into(), Value::Object(acceptance));
    }
    installation
}

/// The update history cell, one update per line: a line opening with a
/// date ("01/06/2025: nâng cấp lên 2.1") is an entry of `updates`; other
/// lines, which `updates` cannot hold without a date, go to the unit's
/// installation note.
fn history(f: &mut Fields) -> (Vec<Value>, Option<String>) {
    let Some(cell) = f.text("history") else {
        return (Vec::new(), None);
    };
    let mut updates = Vec::new();
    let mut undated = Vec::new();
    for line in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // Each line becomes a value of its own: none may be a formula.
        let value = dated(line).map_or(line, |(_, note)| note);
        if reads_as_formula(value) {
            f.formula("history", value);
            continue;
        }
        match dated(line) {
            Some((date, note)) => {
                let mut update = Map::new();
                update.insert("date".into(), Value::String(date.to_string()));
                if !note.is_empty() {
                    update.insert("note".into(), Value::String(note.to_owned()));
                }
                updates.push(Value::Object(update));
            }
            None => undated.push(line),
        }
    }
    let undated = (!undated.is_empty()).then(|| undated.join("\n"));
    (updates, undated)
}

/// A line's leading date and the text after it.
fn dated(line: &str) -> Option<(chrono::NaiveDate, &str)> {
    let end = line.find([' ', ':', ',', '\t']).unwrap_or(line.len());
    let date = super::dates::parse_text(&line[..end])?;
    let note = line[end..].trim_start_matches([' ', ':', ',', '-', '–', '\t']);
    Some((date, note.trim()))
}

/// Asset tags of the servers, separated by commas, semicolons or lines;
/// each must be a recorded asset.
fn servers(context: &Context, f: &mut Fields, text: &str) -> Vec<Value> {
    let mut tags = Vec::new();
    for tag in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let tag = tag.to_uppercase();
        if !context.model.exists(Register::Asset, &tag) {
            let (vi, en) = f.label("servers");
            f.problem(
                format!(
                    "{vi} '{tag}' không có trong records/assets; ghi số tem tài sản của máy chủ"
                ),
                format!("{en} '{tag}' is not in records/assets; write the server's asset tag"),
            );
        }
        tags.push(Value::String(tag));
    }
    tags
}

/// Recorded software by id and by folded name (the first of each), looked
/// up once per row instead of scanning the register (issue 21).
struct Existing<'m> {
    by_id: HashMap<&'m str, &'m Record>,
    by_name: HashMap<String, &'m Record>,
}

impl<'m> Existing<'m> {
    fn of(records: &'m [Record]) -> Self {
        let mut existing = Existing {
            by_id: HashMap::new(),
            by_name: HashMap::new(),
        };
        for record in records.iter().filter(|r| r.register == Register::Software) {
            existing.by_id.entry(record.key.as_str()).or_insert(record);
            if let Some(name) = record.str_field("name") {
                existing.by_name.entry(name_key(name)).or_insert(record);
            }
        }
        existing
    }
}

fn name_key(name: &str) -> String {
    crate::text::tokens(name).join(" ")
}

fn place(
    context: &mut Context,
    software: SoftwareRow,
    existing: &Existing,
    seen: &mut HashMap<String, usize>,
    row: usize,
) -> Result<Planned, Bilingual> {
    let key = name_key(&software.name);
    if let Some(first) = seen.insert(key.clone(), row) {
        seen.insert(key, first);
        return Err(Bilingual::new(
            format!("phần mềm '{}' trùng với dòng {first}", software.name),
            format!("software '{}' repeats row {first}", software.name),
        ));
    }
    let found = match &software.id {
        Some(id) => existing.by_id.get(id.as_str()),
        None => existing.by_name.get(&key),
    };
    match found.copied() {
        Some(record) => update(context, software, record, row),
        None => create(context, software, row),
    }
}

fn update(
    context: &Context,
    software: SoftwareRow,
    record: &Record,
    row: usize,
) -> Result<Planned, Bilingual> {
    if !context.update {
        return Err(Bilingual::new(
            format!(
                "phần mềm '{}' đã có: {}; dùng --update để cập nhật và thêm bản cài đặt của đơn vị {}",
                software.name,
                record.path.display(),
                context.unit
            ),
            format!(
                "software '{}' already exists: {}; use --update to update it and add unit {}'s installation",
                software.name,
                record.path.display(),
                context.unit
            ),
        ));
    }
    let mut fields = record.value.to_json_object();
    let mut sheet = software.fields;
    // The agency-wide status is not one unit's to change; its installation says it.
    sheet.remove("status");
    let updates = sheet.remove("updates");
    merge(&mut fields, sheet);
    if let Some(Value::Array(updates)) = updates {
        add_updates(&mut fields, updates);
    }
    add_installation(&mut fields, software.installation);
    Ok(Planned {
        row,
        path: record.path.clone(),
        register: Register::Software,
        fields,
        update: true,
        text: String::new(),
    })
}

/// Add the sheet's updates the record lacks, keeping the list in date order.
fn add_updates(fields: &mut Map<String, Value>, updates: Vec<Value>) {
    let list = fields
        .entry("updates")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(items) = list else {
        *list = Value::Array(updates);
        return;
    };
    for update in updates {
        if !items.contains(&update) {
            items.push(update);
        }
    }
    items.sort_by(|a, b| {
        let date = |v: &Value| {
            v.get("date")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        date(a).cmp(&date(b))
    });
}

/// Merge into this unit's installation, or add one.
fn add_installation(fields: &mut Map<String, Value>, installation: Map<String, Value>) {
    let list = fields
        .entry("installations")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(items) = list else {
        *list = Value::Array(vec![Value::Object(installation)]);
        return;
    };
    let unit = installation.get("unit").cloned();
    match items.iter_mut().find(|i| i.get("unit") == unit.as_ref()) {
        Some(Value::Object(current)) => merge(current, installation),
        _ => items.push(Value::Object(installation)),
    }
}

fn create(context: &mut Context, software: SoftwareRow, row: usize) -> Result<Planned, Bilingual> {
    let id = match software.id {
        Some(id) => {
            context.ids.claim(Register::Software, &id);
            id
        }
        None => {
            let base = ids::slugify(&software.name).unwrap_or_else(|| "phan-mem".into());
            context.ids.unique_slug(Register::Software, &base)
        }
    };
    let path = PathBuf::from(format!("records/software/{id}.yaml"));
    context.refuse_existing(&path)?;
    let mut fields = Map::new();
    fields.insert("id".into(), Value::String(id));
    fields.extend(software.fields);
    fields
        .entry("status")
        .or_insert_with(|| Value::String("in-use".into()));
    fields.insert(
        "installations".into(),
        Value::Array(vec![Value::Object(software.installation)]),
    );
    Ok(Planned {
        row,
        path,
        register: Register::Software,
        fields,
        update: false,
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_lines_with_a_date_are_updates() {
        assert_eq!(
            dated("01/06/2025: nâng cấp lên 2.1"),
            chrono::NaiveDate::from_ymd_opt(2025, 6, 1).map(|d| (d, "nâng cấp lên 2.1"))
        );
        assert_eq!(
            dated("2025-06-01 - Vá lỗi"),
            chrono::NaiveDate::from_ymd_opt(2025, 6, 1).map(|d| (d, "Vá lỗi"))
        );
        assert_eq!(dated("Bản 2.1 tháng 6/2025"), None);
        assert_eq!(dated(""), None);
    }

    #[test]
    fn schema_labels_name_their_kind() {
        let schemas = crate::validate::schema::SchemaSet::load(None).unwrap();
        let schema = schemas.register_schema(Register::Software);
        for field in ["kind", "status"] {
            let table = if field == "kind" { KINDS } else { STATUSES };
            let labels = schema["properties"][field]["x-enum-labels"]
                .as_object()
                .unwrap();
            for (slug, label) in labels {
                let label = label.as_str().unwrap();
                assert_eq!(best_phrase(label, table), Some(slug.as_str()), "{label}");
                assert_eq!(best_phrase(slug, table), Some(slug.as_str()), "{slug}");
            }
        }
    }
}
