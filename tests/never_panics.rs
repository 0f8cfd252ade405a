//! Property test: mutated records never make itreg panic, and every refusal
//! names the file and a line.

use itreg::check::{CheckOptions, check_files};
use itreg::config::Config;
use itreg::load::RawFile;
use itreg::validate::schema::SchemaSet;
use proptest::prelude::*;
use std::path::PathBuf;

const SEED: &str = r#"id: HN-Q1-PC-0012
name: Máy tính để bàn Dell OptiPlex 7010
category: computer
type: desktop
unit: hn-q1
serial: 7X2K9Q2
config: "Core i5-3470, RAM 8 GB"
acquired: 2023-03-15
supplier: Công ty TNHH Tin học ABC
warranty: { until: 2026-03-15, onsite: true }
assigned_to: nguyen-van-anh
location: { room: "Phòng 203", server_room: false }
status: in-use
events:
  - { date: 2023-03-20, kind: handover, to: nguyen-van-anh, minutes: BB-2023-014 }
  - date: 2026-04-03
    kind: repair-out
    repair_at: Công ty TNHH Tin học ABC
    minutes: BB-2026-031
    data_wiped: true
"#;

/// Pieces of YAML syntax that tend to break parsers when spliced in.
const FRAGMENTS: &[&str] = &[
    ":",
    "- ",
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "\n",
    "\t",
    "---\n",
    "!!binary ",
    "? ",
    "|",
    ">",
    "#",
    "~",
    "0x1F",
    "1e999",
    "2026-02-30",
    "\u{feff}",
    "\0",
    "đ",
    "<<: *a\n",
    "    ",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..SEED.len(), 0..FRAGMENTS.len()).prop_map(|(at, f)| Mutation::Insert(at, f)),
        (0..SEED.len(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0..20usize).prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        match *m {
            Mutation::Insert(at, f) => {
                let at = at.min(bytes.len());
                bytes.splice(at..at, FRAGMENTS[f].bytes());
            }
            Mutation::Delete(at, n) => {
                let at = at.min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::DuplicateLine(line) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if let Some(l) = lines.get(line % lines.len().max(1)).copied() {
                    lines.insert(line % lines.len().max(1), l);
                }
                bytes = (lines.join("\n") + "\n").into_bytes();
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_records_never_panic(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let path = PathBuf::from("records/assets/hn-q1/HN-Q1-PC-0012.yaml");
        let file = RawFile::new(path.clone(), apply(SEED, &mutations));
        let schemas = SchemaSet::load(None).expect("built-in schemas compile");
        let options = CheckOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
            only: None,
        };
        let checked = check_files(vec![file], Vec::new(), Vec::new(), schemas, &Config::default(), &options);
        let record_loaded = !checked.model.records.is_empty();
        for d in &checked.diagnostics {
            prop_assert_eq!(&d.file, &path);
            prop_assert!(d.line >= 1, "diagnostic without a line: {:?}", d);
        }
        // Either the file became a record, or a diagnostic explains why not.
        prop_assert!(record_loaded || !checked.diagnostics.is_empty());
    }
}
