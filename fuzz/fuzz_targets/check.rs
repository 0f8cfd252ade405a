//! The whole check pipeline (schema, integrity, every rule) over two fuzzed
//! files that may refer to each other: it never panics, and every
//! diagnostic names a file and a line.
#![no_main]

use itreg::check::{CheckOptions, check_files};
use itreg::config::Config;
use itreg::load::RawFile;
use itreg::validate::schema::SchemaSet;
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 4] = [
    "records/units/hn-q1.yaml",
    "records/assets/hn-q1/HN-Q1-PC-0001.yaml",
    "records/staff/nguyen-van-anh.yaml",
    "records/mail/accounts/anhnv.yaml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let cut = rest.iter().position(|b| *b == 0xff).unwrap_or(rest.len());
    let files = vec![
        RawFile { path: PATHS[usize::from(selector) % 4].into(), bytes: rest[..cut].to_vec() },
        RawFile { path: PATHS[usize::from(selector / 4) % 4].into(), bytes: rest[cut.min(rest.len())..].to_vec() },
    ];
    let schemas = SchemaSet::load(None).expect("built-in schemas compile");
    let options = CheckOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
        only: None,
    };
    let checked = check_files(files, Vec::new(), Vec::new(), schemas, &Config::default(), &options);
    for d in &checked.diagnostics {
        assert!(d.line >= 1 && !d.file.as_os_str().is_empty());
    }
});
