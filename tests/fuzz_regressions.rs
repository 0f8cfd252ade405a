//! The fuzz targets' inputs as ordinary tests: every input that once made a
//! target fail (`tests/fixtures/fuzz-regressions/<target>/`) and every
//! committed seed (`fuzz/corpus/<target>/`, the hostile ones included) goes
//! through the same library calls as `fuzz/fuzz_targets/<target>.rs`, so a
//! regression shows in `cargo test` without cargo-fuzz.

mod common;

use itreg::check::{CheckOptions, check_files};
use itreg::config::Config;
use itreg::import::table::{self, Format};
use itreg::import::{ImportKind, plan};
use itreg::load::{LoadOptions, RawFile, parse_files, parse_record};
use itreg::model::Model;
use itreg::validate::schema::SchemaSet;
use std::path::{Path, PathBuf};

/// The regression inputs and the committed seeds of one target.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = common::repo_root();
    let mut found = Vec::new();
    for folder in [
        root.join("tests/fixtures/fuzz-regressions").join(target),
        root.join("fuzz/corpus").join(target),
    ] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if is_committed(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Skips dot files (`.gitkeep`) and the inputs a local fuzzing run adds
/// to the corpus, which libFuzzer names by their SHA-1 and git ignores.
fn is_committed(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    let generated = name.len() == 40 && name.chars().all(|c| c.is_ascii_hexdigit());
    !name.starts_with('.') && !generated
}

#[test]
fn loader_inputs() {
    let inputs = inputs("loader");
    assert!(inputs.len() >= 15, "{} loader inputs", inputs.len());
    for path in inputs {
        let file = RawFile::new(
            "records/assets/hn-q1/HN-Q1-PC-0001.yaml",
            std::fs::read(&path).unwrap(),
        );
        if let Err(diagnostic) = parse_record(file, &LoadOptions::default()) {
            assert!(diagnostic.line >= 1, "{}: {diagnostic:?}", path.display());
        }
    }
}

const PATHS: [&str; 4] = [
    "records/units/hn-q1.yaml",
    "records/assets/hn-q1/HN-Q1-PC-0001.yaml",
    "records/staff/nguyen-van-anh.yaml",
    "records/mail/accounts/anhnv.yaml",
];

/// Two files cut from one input as the `check` target cuts them: the first
/// byte picks their paths, a 0xff byte separates them.
fn split(data: &[u8]) -> Vec<RawFile> {
    let Some((&selector, rest)) = data.split_first() else {
        return Vec::new();
    };
    let cut = rest.iter().position(|b| *b == 0xff).unwrap_or(rest.len());
    vec![
        RawFile::new(PATHS[usize::from(selector) % 4], rest[..cut].to_vec()),
        RawFile::new(PATHS[usize::from(selector / 4) % 4], rest[cut..].to_vec()),
    ]
}

#[test]
fn check_inputs() {
    let inputs = inputs("check");
    assert!(inputs.len() >= 3, "{} check inputs", inputs.len());
    let options = CheckOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        only: None,
    };
    for path in inputs {
        let files = split(&std::fs::read(&path).unwrap());
        let schemas = SchemaSet::load(None).expect("built-in schemas compile");
        let checked = check_files(
            files,
            Vec::new(),
            Vec::new(),
            schemas,
            &Config::default(),
            &options,
        );
        for d in &checked.diagnostics {
            assert!(
                d.line >= 1 && !d.file.as_os_str().is_empty(),
                "{}: {d:?}",
                path.display()
            );
        }
    }
}

/// The sample records the `import` target imports into.
const IMPORT_RECORDS: [&str; 5] = [
    "records/units/hn.yaml",
    "records/units/hn-bd.yaml",
    "records/staff/nguyen-van-anh-bd.yaml",
    "records/assets/hn-bd/HN-BD-PC-0001.yaml",
    "records/software/ms-office-2010.yaml",
];

fn import_model() -> Model {
    let root = common::repo_root();
    let files = IMPORT_RECORDS
        .iter()
        .map(|path| RawFile::new(*path, std::fs::read(root.join(path)).unwrap()))
        .collect();
    let loaded = parse_files(files, &LoadOptions::default());
    let valid = vec![true; loaded.records.len()];
    Model::build(loaded.records, &valid)
}

fn has_formula(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => text.trim_start().starts_with('='),
        serde_json::Value::Array(items) => items.iter().any(has_formula),
        serde_json::Value::Object(map) => map.values().any(has_formula),
        _ => false,
    }
}

/// As `fuzz/fuzz_targets/import.rs`: the first byte picks the format, the
/// kind and `--update`; the sheets stay within the caps and no planned
/// record holds text starting with `=`. The hostile seeds (a value at
/// XFD1048576, merged regions over 200,000 rows, repeated ODS rows and
/// spaces, a huge shared-formula index, a CSV row 300 columns wide) must
/// be refused, not read.
#[test]
fn import_inputs() {
    let inputs = inputs("import");
    assert!(inputs.len() >= 5, "{} import inputs", inputs.len());
    let model = import_model();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let formats = [Format::Csv, Format::Xlsx, Format::Ods];
    let kinds = [
        ImportKind::Assets,
        ImportKind::Software,
        ImportKind::MailRequests,
    ];
    let mut planned = 0;
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let Some((&selector, file)) = data.split_first() else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let read = table::read_bytes(file, formats[usize::from(selector) % 3]);
        let refused = ["far-cell", "merges", "repeats", "spaces", "wide"];
        if refused.iter().any(|word| name.contains(word)) {
            assert!(read.is_err(), "{name} was read");
        }
        let Ok(sheets) = read else { continue };
        for sheet in &sheets {
            assert!(sheet.rows.last().map_or(0, |r| r.number) <= table::MAX_ROWS);
            assert!(
                sheet
                    .rows
                    .iter()
                    .all(|r| r.cells.len() <= table::MAX_COLUMNS)
            );
        }
        let kind = kinds[usize::from(selector / 3) % 3];
        let root = std::path::Path::new("/nonexistent/itreg-fuzz");
        let update = selector & 0x80 != 0;
        let Ok(rows) = plan(root, &model, kind, &sheets, "hn-bd", update, today) else {
            continue;
        };
        for record in &rows.planned {
            assert!(
                !record.fields.values().any(has_formula),
                "{name}: {record:?}"
            );
        }
        planned += rows.planned.len();
    }
    // The valid seeds reach the records.
    assert!(planned >= 4, "{planned} records planned");
}

/// As `fuzz/fuzz_targets/yaml_readers.rs`: each fast YAML reader declines
/// the text or reads what serde-saphyr reads, value and positions, on
/// every regression input and seed, and on every sample record.
#[test]
fn yaml_readers_inputs() {
    let inputs = inputs("yaml_readers");
    assert!(inputs.len() >= 30, "{} yaml_readers inputs", inputs.len());
    let samples = walk_yaml(&common::repo_root().join("records"));
    assert!(samples.len() >= 200, "{} sample records", samples.len());
    for path in inputs.iter().chain(&samples) {
        let bytes = std::fs::read(path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let difference = itreg::load::yaml::fast_reader_difference(text);
        assert!(difference.is_none(), "{}: {difference:?}", path.display());
    }
}

fn walk_yaml(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk_yaml(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
    found
}
