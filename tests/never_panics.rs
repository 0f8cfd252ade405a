//! Property tests: mutated records never make itreg panic, and every refusal
//! names the file and a line; any text in a valid record is published as
//! text.

mod common;

use itreg::check::{CheckOptions, check_files};
use itreg::config::Config;
use itreg::load::RawFile;
use itreg::render::{BuildError, BuildOptions};
use itreg::validate::schema::SchemaSet;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Pieces of text that break naive pages: markup, entities, template and
/// Markdown syntax, bidi and zero-width characters, Vietnamese.
const PIECES: &[&str] = &[
    "<script>window.x=1</script>",
    "</dd></dl></main>",
    "<img src=x onerror=alert(1)>",
    "\"",
    "'",
    "&",
    "&amp;",
    "&#x3C;",
    "{{ title }}",
    "{% raw %}",
    "{#",
    "]]>",
    "<!--",
    "*đậm* _nghiêng_",
    "[x](javascript:alert(1))",
    "`code`",
    "\\",
    "\u{202e}",
    "\u{200b}",
    "Đặng Đình Đức",
    "Máy in",
    " ",
];

/// Text a person could type or paste into a free-text field.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,60}",
        proptest::collection::vec(proptest::sample::select(PIECES), 1..6)
            .prop_map(|pieces| pieces.concat()),
    ]
}

/// `html` with the entities itreg's escapers write turned back into text.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Free text of any kind in the text fields of a valid device and its unit
/// (a title, plain text, a nested field, Markdown), through the whole
/// build: the site is either built, each page well formed with the text
/// shown as text, or refused with diagnostics that name a file and a line,
/// and no site written. Never a panic.
#[test]
fn any_text_in_a_valid_record_is_published_as_text() {
    let built = AtomicUsize::new(0);
    let mut runner = TestRunner::new(ProptestConfig::with_cases(40));
    let fields = (text(), text(), text(), text(), text());
    let outcome = runner.run(&fields, |(name, config, room, note, unit_name)| {
        let repo = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: String| common::write_file(repo.path(), relative, text);
        // JSON strings are YAML double-quoted scalars.
        let quoted = |text: &str| serde_json::to_string(text).unwrap();
        write(
            "records/units/vn.yaml",
            format!("id: vn\nname: {}\nlevel: central\n", quoted(&unit_name)),
        );
        write(
            "records/assets/vn/VN-PC-0001.yaml",
            format!(
                "id: VN-PC-0001\nname: {}\ncategory: computer\ntype: desktop\nunit: vn\n\
                 serial: SN-1\nconfig: {}\nacquired: 2024-01-10\n\
                 location: {{ room: {}, server_room: false }}\nstatus: in-stock\nnote: {}\n",
                quoted(&name),
                quoted(&config),
                quoted(&room),
                quoted(&note)
            ),
        );
        let out = repo.path().join("site");
        let options = BuildOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            out: Some(out.clone()),
            include_confidential: false,
            progress: None,
            at: None,
        };
        match itreg::render::build(repo.path(), &options) {
            Ok(_) => {
                built.fetch_add(1, Ordering::Relaxed);
                for (path, bytes) in common::site_files(&out) {
                    if path.extension().is_some_and(|e| e == "html") {
                        common::assert_well_formed(&path, &String::from_utf8(bytes).unwrap());
                    }
                }
                let page = std::fs::read_to_string(out.join("assets/VN-PC-0001.html")).unwrap();
                let heading = &page[page.find("<h1>").unwrap() + 4..page.find("</h1>").unwrap()];
                prop_assert!(
                    unescape(heading).starts_with(&format!("{name} <span")),
                    "heading {heading:?} for name {name:?}"
                );
            }
            Err(BuildError::Invalid(_, diagnostics)) => {
                prop_assert!(!out.exists(), "a refused build wrote a site");
                for d in &diagnostics {
                    prop_assert!(d.line >= 1 && !d.file.as_os_str().is_empty(), "{d:?}");
                }
            }
            Err(other) => prop_assert!(false, "build failed: {other}"),
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    // Refusals are allowed, but most of this text is fine and must publish.
    assert!(built.load(Ordering::Relaxed) >= 30, "built {built:?} of 40");
}
