//! The whole check pipeline (schema, integrity, every rule) over two fuzzed
//! files that may refer to each other: it never panics, and every
//! diagnostic names a file and a line. Schemas compile once; the stages are
//! the ones `check_files` runs.
#![no_main]

use itreg::config::Config;
use itreg::load::{LoadOptions, RawFile, parse_files};
use itreg::model::Model;
use itreg::validate::{integrity, schema::SchemaSet};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const PATHS: [&str; 4] = [
    "records/units/hn-q1.yaml",
    "records/assets/hn-q1/HN-Q1-PC-0001.yaml",
    "records/staff/nguyen-van-anh.yaml",
    "records/mail/accounts/anhnv.yaml",
];

static SCHEMAS: OnceLock<SchemaSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let cut = rest.iter().position(|b| *b == 0xff).unwrap_or(rest.len());
    let files = vec![
        RawFile::new(PATHS[usize::from(selector) % 4], rest[..cut].to_vec()),
        RawFile::new(PATHS[usize::from(selector / 4) % 4], rest[cut..].to_vec()),
    ];
    let schemas = SCHEMAS.get_or_init(|| SchemaSet::load(None).expect("built-in schemas compile"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let loaded = parse_files(files, &LoadOptions::default());
    let mut diagnostics = loaded.diagnostics;
    let mut valid = Vec::new();
    for record in &loaded.records {
        let found = schemas.check_record(record);
        valid.push(found.is_empty());
        diagnostics.extend(found);
    }
    let model = Model::build(loaded.records, &valid);
    diagnostics.extend(integrity::check(&model, today));
    diagnostics.extend(itreg::rules::run(&model, today, &Config::default()));
    for d in &diagnostics {
        assert!(d.line >= 1 && !d.file.as_os_str().is_empty());
    }
});
