//! Any bytes as a spreadsheet to import: the first byte picks the format
//! (CSV, XLSX, ODS), the kind of log book and `--update`; the rest is the
//! file. Reading it and turning its rows into records never panics, stays
//! within the caps of `itreg::import::table`, and no planned record holds
//! text starting with `=` (a formula, which a spreadsheet opening the
//! register's exports would run).
//!
//! The repository is a few sample records (units, a staff member, an
//! asset, a software record), so names, tags and updates resolve.
#![no_main]

use itreg::import::table::{self, Format};
use itreg::import::{ImportKind, plan};
use itreg::load::{LoadOptions, RawFile, parse_files};
use itreg::model::Model;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

const FORMATS: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Ods];
const KINDS: [ImportKind; 3] = [
    ImportKind::Assets,
    ImportKind::Software,
    ImportKind::MailRequests,
];

const RECORDS: [(&str, &str); 5] = [
    (
        "records/units/hn.yaml",
        include_str!("../../records/units/hn.yaml"),
    ),
    (
        "records/units/hn-bd.yaml",
        include_str!("../../records/units/hn-bd.yaml"),
    ),
    (
        "records/staff/nguyen-van-anh-bd.yaml",
        include_str!("../../records/staff/nguyen-van-anh-bd.yaml"),
    ),
    (
        "records/assets/hn-bd/HN-BD-PC-0001.yaml",
        include_str!("../../records/assets/hn-bd/HN-BD-PC-0001.yaml"),
    ),
    (
        "records/software/ms-office-2010.yaml",
        include_str!("../../records/software/ms-office-2010.yaml"),
    ),
];

static MODEL: OnceLock<Model> = OnceLock::new();

fn model() -> &'static Model {
    MODEL.get_or_init(|| {
        let files = RECORDS
            .iter()
            .map(|(path, text)| RawFile::new(*path, text.as_bytes().to_vec()))
            .collect();
        let loaded = parse_files(files, &LoadOptions::default());
        let valid = vec![true; loaded.records.len()];
        Model::build(loaded.records, &valid)
    })
}

/// Whether any text in `value` starts with `=`.
fn has_formula(value: &Value) -> bool {
    match value {
        Value::String(text) => text.trim_start().starts_with('='),
        Value::Array(items) => items.iter().any(has_formula),
        Value::Object(map) => map.values().any(has_formula),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector) % 3];
    let kind = KINDS[usize::from(selector / 3) % 3];
    let update = selector & 0x80 != 0;
    let Ok(sheets) = table::read_bytes(file, format) else {
        return;
    };
    for sheet in &sheets {
        let last = sheet.rows.last().map_or(0, |row| row.number);
        assert!(last <= table::MAX_ROWS);
        for row in &sheet.rows {
            assert!(row.cells.len() <= table::MAX_COLUMNS);
        }
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let root = Path::new("/nonexistent/itreg-fuzz");
    let Ok(rows) = plan(root, model(), kind, &sheets, "hn-bd", update, today) else {
        return;
    };
    for planned in &rows.planned {
        assert!(
            !planned.fields.values().any(has_formula),
            "{:?}",
            planned.fields
        );
    }
});
