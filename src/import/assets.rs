//! Rows of the equipment log book (QĐ3582 II.1.2) as asset records.
//!
//! The log book has no type column, so the type comes from a "Loại thiết
//! bị" column when there is one, else from the device name ("Máy in laser
//! HP…" is a laser printer). A name that names no type, or two, is a row
//! error: the user adds the type rather than itreg guessing it.

use super::columns::ASSETS;
use super::dates::{self, Warranty};
use super::header::DataRow;
use super::row::{Fields, Phrases, best_phrase};
use super::{Context, Planned, Rows, resolve};
use crate::diagnostic::Bilingual;
use crate::ids;
use crate::load::Record;
use crate::register::Register;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;

/// Asset types and the words log books name them by (folded).
const TYPES: Phrases = &[
    ("server", &["may chu", "server"]),
    (
        "desktop",
        &[
            "may tinh de ban",
            "may vi tinh",
            "may tinh",
            "may tram",
            "desktop",
            "pc",
        ],
    ),
    (
        "laptop",
        &["may tinh xach tay", "xach tay", "laptop", "notebook"],
    ),
    ("dot-matrix", &["may in kim", "in kim"]),
    (
        "special",
        &[
            "may in chuyen dung",
            "may in the",
            "may in ma vach",
            "may in hoa don",
        ],
    ),
    ("inkjet", &["may in phun", "in phun"]),
    ("laser", &["may in laser", "in laser", "laserjet"]),
    ("switch", &["bo chuyen mach", "chuyen mach"]),
    ("hub", &["bo chia kenh"]),
    ("router", &["bo dinh tuyen", "dinh tuyen"]),
    ("modem", &["bo chuyen doi tin hieu"]),
    ("avr", &["on ap"]),
    ("ups", &["luu dien", "bo luu dien"]),
    ("generator", &["may phat dien", "may phat"]),
    ("tape", &["o bang tu", "bang tu"]),
    ("magneto-optical", &["o quang tu", "quang tu"]),
    (
        "optical-drive",
        &["o doc ghi cd", "doc ghi cd", "o cd", "o dvd", "o dia quang"],
    ),
    (
        "external-disk",
        &[
            "o dia cung ngoai",
            "o cung ngoai",
            "o cung di dong",
            "o cung gan ngoai",
        ],
    ),
    ("scanner", &["may quet", "may scan"]),
    ("card-reader", &["dau doc the", "card reader"]),
    ("dehumidifier", &["may hut am", "hut am"]),
    ("other", &["thiet bi khac"]),
];

const TYPES_VI: &str = "máy chủ, máy tính để bàn, máy tính xách tay, máy in kim/phun/laser/chuyên dụng, switch, hub, router, modem, ổn áp, lưu điện (UPS), máy phát điện, ổ băng từ, ổ quang từ, ổ đọc ghi CD, ổ cứng ngoài, máy quét, đầu đọc thẻ, máy hút ẩm, thiết bị khác";
const TYPES_EN: &str = "server, desktop, laptop, dot-matrix, inkjet, laser, special (printers), switch, hub, router, modem, avr, ups, generator, tape, magneto-optical, optical-drive, external-disk, scanner, card-reader, dehumidifier, other";

const CATEGORIES: Phrases = &[
    ("computer", &["may tinh"]),
    ("printer", &["may in"]),
    ("network", &["thiet bi mang", "mang"]),
    ("power", &["thiet bi nguon", "nguon"]),
    ("storage", &["thiet bi luu tru", "luu tru"]),
    (
        "other",
        &["thiet bi chuyen dung khac", "chuyen dung", "khac"],
    ),
];

const STATUSES: Phrases = &[
    ("in-use", &["dang su dung", "su dung", "hoat dong"]),
    ("in-stock", &["trong kho", "chua su dung", "luu kho"]),
    (
        "under-repair",
        &["dang sua chua", "sua chua", "dang bao hanh"],
    ),
    ("disposed", &["da thanh ly", "thanh ly"]),
    ("lost", &["bi mat", "da mat", "mat"]),
];

const ONSITE: Phrases = &[
    (
        "true",
        &[
            "tai cho",
            "co",
            "x",
            "onsite",
            "on site",
            "yes",
            "tai don vi",
        ],
    ),
    (
        "false",
        &[
            "khong tai cho",
            "khong",
            "trung tam bao hanh",
            "mang den",
            "tai hang",
            "no",
        ],
    ),
];

/// Existing assets, by tag and by serial (upper case).
struct Existing<'m> {
    by_id: HashMap<&'m str, &'m Record>,
    by_serial: HashMap<String, &'m Record>,
}

impl<'m> Existing<'m> {
    fn of(records: &'m [Record]) -> Self {
        let assets = records.iter().filter(|r| r.register == Register::Asset);
        let mut existing = Existing {
            by_id: HashMap::new(),
            by_serial: HashMap::new(),
        };
        for record in assets {
            existing.by_id.entry(record.key.as_str()).or_insert(record);
            if let Some(serial) = record.str_field("serial") {
                existing
                    .by_serial
                    .entry(serial.trim().to_uppercase())
                    .or_insert(record);
            }
        }
        existing
    }
}

pub fn build(context: &mut Context, rows: &[DataRow]) -> Rows {
    let existing = Existing::of(&context.model.records);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Rows::default();
    for row in rows {
        let mut fields = Fields::new(row, ASSETS);
        let read = read(context, &mut fields);
        if let Some(problem) = read
            .as_ref()
            .and_then(|asset| repeated(&mut seen, &asset.serial, row.number))
        {
            fields.problems.push(problem);
        }
        let matched = read.as_ref().map(|asset| existing.matching(asset));
        // Said with the row's other problems rather than after them.
        if let Some((asset, Ok(found))) = read.as_ref().zip(matched.as_ref())
            && let Some(problem) = type_problem(asset, found.is_none())
        {
            fields.problems.push(problem);
        }
        if !fields.problems.is_empty() {
            out.reject(row.number, fields.problems);
            continue;
        }
        let (Some(asset), Some(matched)) = (read, matched) else {
            continue;
        };
        let placed = match matched {
            Err(problem) => Err(problem),
            Ok(Some(record)) => update(context, asset, record, row.number),
            Ok(None) => create(context, asset, row.number),
        };
        match placed {
            Ok(planned) => out.planned.push(planned),
            Err(problem) => out.reject(row.number, vec![problem]),
        }
    }
    out
}

/// One row's values, by record field.
struct AssetRow {
    tag: Option<String>,
    serial: String,
    unit: String,
    /// From a type column; the name decides only for a new record.
    asset_type: Option<&'static str>,
    /// From a category column, only to be checked against the type.
    category: Option<&'static str>,
    fields: Map<String, Value>,
}

fn read(context: &Context, f: &mut Fields) -> Option<AssetRow> {
    let mut fields = Map::new();
    let name = f.required("name");
    let serial = f.required("serial");
    let acquired = f.required_date("acquired");
    let unit = match f.text("unit") {
        Some(text) => resolve::unit(&context.lookup, &text)
            .map_err(|problem| f.problems.push(problem))
            .ok(),
        None => Some(context.unit.to_owned()),
    };
    let tag = f.text("tag").and_then(|text| tag(f, &text));
    let asset_type = f.text("type").and_then(|text| asset_type(f, "type", &text));
    let category = f.text("category").and_then(|text| category(f, &text));
    put(&mut fields, "name", name.clone());
    if let Some(t) = asset_type {
        put(
            &mut fields,
            "category",
            ids::asset_category(t).map(str::to_owned),
        );
        put(&mut fields, "type", Some(t.to_owned()));
    }
    put(&mut fields, "unit", unit.clone());
    put(&mut fields, "serial", serial.clone());
    put(&mut fields, "config", f.text("config"));
    put(&mut fields, "acquired", acquired.map(|d| d.to_string()));
    put(&mut fields, "supplier", f.text("supplier"));
    if let Some(warranty) = warranty(f, acquired) {
        fields.insert("warranty".into(), Value::Object(warranty));
    }
    if let (Some(name), Some(unit)) = (f.text("assigned_to"), unit.as_deref()) {
        let staff = resolve::staff(&context.lookup, &name, unit, ("cán bộ sử dụng", "user"));
        put(
            &mut fields,
            "assigned_to",
            staff.map_err(|p| f.problems.push(p)).ok(),
        );
    }
    if let Some(room) = f.text("room") {
        fields.insert("location".into(), object([("room", Value::String(room))]));
    }
    put(&mut fields, "status", status(f));
    if let Some(decision) = f.text("decision") {
        fields.insert(
            "procurement".into(),
            object([("decision", Value::String(decision))]),
        );
    }
    put(&mut fields, "note", f.text("note"));
    Some(AssetRow {
        tag,
        serial: serial?,
        unit: unit?,
        asset_type,
        category,
        fields,
    })
}

fn put(fields: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value {
        fields.insert(key.to_owned(), Value::String(value));
    }
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// An asset tag as written on the sticker, in capitals.
fn tag(f: &mut Fields, text: &str) -> Option<String> {
    let tag = text.trim().to_uppercase();
    let valid = !tag.is_empty()
        && tag.len() <= 64
        && tag
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !valid {
        f.invalid("tag", text, "asset tag (e.g. HN-Q1-PC-0012)");
        return None;
    }
    Some(tag)
}

fn asset_type(f: &mut Fields, key: &str, text: &str) -> Option<&'static str> {
    let found = best_phrase(text, TYPES);
    if found.is_none() {
        f.unknown(key, text, TYPES_VI, TYPES_EN);
    }
    found
}

fn category(f: &mut Fields, text: &str) -> Option<&'static str> {
    let found = best_phrase(text, CATEGORIES);
    if found.is_none() {
        f.unknown(
            "category",
            text,
            "máy tính, máy in, thiết bị mạng, thiết bị nguồn, thiết bị lưu trữ, thiết bị chuyên dụng khác",
            "computer, printer, network, power, storage, other",
        );
    }
    found
}

/// A new device must have a type, and a category column must agree with it.
fn type_problem(asset: &AssetRow, new: bool) -> Option<Bilingual> {
    let asset_type = match asset.asset_type {
        Some(t) => t,
        None if new => match type_from_name(&asset.fields) {
            Ok(t) => t,
            Err(problem) => return Some(problem),
        },
        None => return None,
    };
    let category = asset.category?;
    let expected = ids::asset_category(asset_type)?;
    (category != expected).then(|| {
        Bilingual::new(
            format!("nhóm thiết bị '{category}' không khớp loại thiết bị '{asset_type}' (thuộc nhóm '{expected}')"),
            format!("device category '{category}' does not match device type '{asset_type}' (of category '{expected}')"),
        )
    })
}

fn status(f: &mut Fields) -> Option<String> {
    let text = f.text("status")?;
    let found = best_phrase(&text, STATUSES);
    if found.is_none() {
        f.unknown(
            "status",
            &text,
            "đang sử dụng, trong kho, đang sửa chữa, đã thanh lý, bị mất",
            "in-use, in-stock, under-repair, disposed, lost",
        );
    }
    found.map(str::to_owned)
}

/// `warranty: { until, onsite }` from the period and terms columns.
fn warranty(f: &mut Fields, acquired: Option<chrono::NaiveDate>) -> Option<Map<String, Value>> {
    let mut warranty = Map::new();
    if let Some(cell) = f.cell("warranty") {
        let until = dates::parse_warranty(cell);
        match (until, acquired) {
            (Some(Warranty::Until(date)), _) => {
                warranty.insert("until".into(), Value::String(date.to_string()));
            }
            (Some(period), Some(acquired)) => {
                if let Some(date) = period.until(acquired) {
                    warranty.insert("until".into(), Value::String(date.to_string()));
                }
            }
            // Without a valid acquired date the row is already reported.
            (Some(_), None) => {}
            (None, _) => f.invalid(
                "warranty",
                &cell.display(),
                "date or length (e.g. 31/12/2026, 36 tháng, 3 năm)",
            ),
        }
    }
    if let Some(cell) = f.cell("onsite") {
        let onsite = match cell {
            super::table::Cell::Bool(b) => Some(*b),
            _ => best_phrase(&cell.display(), ONSITE).map(|v| v == "true"),
        };
        match onsite {
            Some(onsite) => {
                warranty.insert("onsite".into(), Value::Bool(onsite));
            }
            None => f.unknown(
                "onsite",
                &cell.display(),
                "tại chỗ, không tại chỗ",
                "tại chỗ (on site), không tại chỗ (not on site)",
            ),
        }
    }
    (!warranty.is_empty()).then_some(warranty)
}

impl Existing<'_> {
    /// The recorded asset the row describes, by tag or serial; an error
    /// when its tag and serial point at two different assets.
    fn matching(&self, asset: &AssetRow) -> Result<Option<&Record>, Bilingual> {
        let serial_key = asset.serial.trim().to_uppercase();
        let by_tag = asset
            .tag
            .as_deref()
            .and_then(|t| self.by_id.get(t))
            .copied();
        let by_serial = self.by_serial.get(&serial_key).copied();
        if let (Some(tagged), Some(serialed)) = (by_tag, by_serial)
            && tagged.key != serialed.key
        {
            return Err(Bilingual::new(
                format!(
                    "số seri '{}' đã thuộc thiết bị {} ({}), không phải {}",
                    asset.serial,
                    serialed.key,
                    serialed.path.display(),
                    tagged.key
                ),
                format!(
                    "serial number '{}' already belongs to {} ({}), not {}",
                    asset.serial,
                    serialed.key,
                    serialed.path.display(),
                    tagged.key
                ),
            ));
        }
        Ok(by_tag.or(by_serial))
    }
}

/// A serial the sheet already gave on an earlier row.
fn repeated(seen: &mut HashMap<String, usize>, serial: &str, row: usize) -> Option<Bilingual> {
    let key = serial.trim().to_uppercase();
    match seen.get(&key) {
        Some(first) => Some(Bilingual::new(
            format!("số seri '{serial}' trùng với dòng {first}"),
            format!("serial number '{serial}' repeats row {first}"),
        )),
        None => {
            seen.insert(key, row);
            None
        }
    }
}

fn update(
    context: &Context,
    asset: AssetRow,
    record: &Record,
    row: usize,
) -> Result<Planned, Bilingual> {
    if !context.update {
        return Err(already_there(&asset.serial, record));
    }
    let current_unit = record.str_field("unit").unwrap_or_default();
    if current_unit != asset.unit {
        return Err(Bilingual::new(
            format!(
                "thiết bị {} thuộc đơn vị {current_unit}, bảng ghi {}; điều chuyển ghi bằng sự kiện transfer có quyết định và biên bản",
                record.key, asset.unit
            ),
            format!(
                "asset {} belongs to unit {current_unit}, the sheet says {}; record a transfer as a `transfer` event with its decision and minutes",
                record.key, asset.unit
            ),
        ));
    }
    let mut fields = record.value.to_json_object();
    merge(&mut fields, asset.fields);
    Ok(Planned {
        row,
        path: record.path.clone(),
        register: Register::Asset,
        fields,
        update: true,
        text: String::new(),
    })
}

fn already_there(serial: &str, record: &Record) -> Bilingual {
    Bilingual::new(
        format!(
            "thiết bị số seri '{serial}' đã có: {} ({}); dùng --update để cập nhật",
            record.key,
            record.path.display()
        ),
        format!(
            "the device with serial number '{serial}' already exists: {} ({}); use --update to update it",
            record.key,
            record.path.display()
        ),
    )
}

/// Overlay the sheet's values; nested mappings merge key by key, so
/// `warranty.onsite` survives a sheet that only gives the period.
pub fn merge(fields: &mut Map<String, Value>, sheet: Map<String, Value>) {
    for (key, value) in sheet {
        match (fields.get_mut(&key), value) {
            (Some(Value::Object(current)), Value::Object(new)) => merge(current, new),
            (_, value) => {
                fields.insert(key, value);
            }
        }
    }
}

fn create(context: &mut Context, mut asset: AssetRow, row: usize) -> Result<Planned, Bilingual> {
    let asset_type = match asset.asset_type {
        Some(t) => t,
        None => type_from_name(&asset.fields)?,
    };
    asset.fields.entry("category").or_insert_with(|| {
        Value::String(ids::asset_category(asset_type).unwrap_or("other").into())
    });
    asset
        .fields
        .entry("type")
        .or_insert_with(|| Value::String(asset_type.into()));
    asset
        .fields
        .entry("status")
        .or_insert_with(|| Value::String("in-use".into()));
    let id = match asset.tag {
        Some(tag) => {
            context.ids.claim(Register::Asset, &tag);
            tag
        }
        None => context
            .ids
            .next_asset_tag(&asset.unit, asset_type)
            .unwrap_or_default(),
    };
    let path = PathBuf::from(format!("records/assets/{}/{id}.yaml", asset.unit));
    context.refuse_existing(&path)?;
    let mut fields = Map::new();
    fields.insert("id".into(), Value::String(id));
    fields.extend(asset.fields);
    Ok(Planned {
        row,
        path,
        register: Register::Asset,
        fields,
        update: false,
        text: String::new(),
    })
}

/// The type a new device's name names, or why it cannot be told.
fn type_from_name(fields: &Map<String, Value>) -> Result<&'static str, Bilingual> {
    let name = fields
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    best_phrase(name, TYPES).ok_or_else(|| {
        Bilingual::new(
            format!("không xác định được loại thiết bị từ tên '{name}'; thêm cột \"Loại thiết bị\" ghi một trong: {TYPES_VI}"),
            format!("cannot tell the device type from the name '{name}'; add a \"Loại thiết bị\" (type) column with one of: {TYPES_EN}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_type_label_names_its_type() {
        let schemas = crate::validate::schema::SchemaSet::load(None).unwrap();
        let schema = schemas.register_schema(Register::Asset);
        let labels = schema["properties"]["type"]["x-enum-labels"]
            .as_object()
            .unwrap();
        for (slug, label) in labels {
            let label = label.as_str().unwrap();
            assert_eq!(best_phrase(label, TYPES), Some(slug.as_str()), "{label}");
            assert_eq!(best_phrase(slug, TYPES), Some(slug.as_str()), "{slug}");
        }
    }

    #[test]
    fn every_schema_category_and_status_label_names_its_value() {
        let schemas = crate::validate::schema::SchemaSet::load(None).unwrap();
        let schema = schemas.register_schema(Register::Asset);
        for (field, table) in [("category", CATEGORIES), ("status", STATUSES)] {
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

    #[test]
    fn device_names_name_their_type() {
        for (name, expected) in [
            ("Máy tính để bàn Dell OptiPlex 7010", Some("desktop")),
            ("Máy tính xách tay Dell Latitude 5420", Some("laptop")),
            ("Máy chủ Dell PowerEdge R740", Some("server")),
            ("Máy in HP LaserJet Pro M404dn", Some("laser")),
            ("Bộ lưu điện Santak 1KVA", Some("ups")),
            ("Switch Cisco 2960", Some("switch")),
            ("Máy in Canon", None),
            ("Switch/Router Mikrotik", None),
        ] {
            assert_eq!(best_phrase(name, TYPES), expected, "{name}");
        }
    }
}
