//! The regulation rules, end to end through the real CLI. Each folder under
//! `tests/fixtures/rules/` is a small repository named
//! `<clause>-<what>-trips` or `<clause>-<what>-passes`:
//!
//! - a `-trips` case must report its clause at every `CODE file:line` listed
//!   in its `expected.txt`, and its snapshot lists every diagnostic as
//!   `severity code file:line:col`;
//! - a `-passes` case must report nothing under its clause.

mod common;

use serde_json::Value;
use std::path::Path;

/// The clause a case folder is named for: `a04-…` → `A4`, `m10-…` → `M10`.
fn clause(case: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy();
    let prefix = name.split('-').next().unwrap();
    let (letter, number) = prefix.split_at(1);
    format!(
        "{}{}",
        letter.to_uppercase(),
        number.parse::<u32>().expect("cases start with a clause id")
    )
}

fn check(root: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let output = common::run(root, &args);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json prints JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .clone();
    (output.status.code().unwrap_or(-1), diagnostics)
}

fn line(d: &Value) -> String {
    format!(
        "{} {} {}:{}:{}",
        d["severity"].as_str().unwrap_or_default(),
        d["code"].as_str().unwrap_or_default(),
        d["file"].as_str().unwrap_or_default(),
        d["line"],
        d["column"],
    )
}

fn summarize(exit: i32, diagnostics: &[Value]) -> String {
    let mut lines = vec![format!("exit: {exit}")];
    lines.extend(diagnostics.iter().map(line));
    lines.join("\n") + "\n"
}

#[test]
fn rules_trip() {
    insta::glob!("fixtures/rules/*-trips", |case| {
        let clause = clause(case);
        let (exit, diagnostics) = check(case, &[]);
        let summary = summarize(exit, &diagnostics);
        let expected = std::fs::read_to_string(case.join("expected.txt"))
            .expect("every -trips case lists its expected.txt");
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{}",
                    d["code"].as_str().unwrap(),
                    d["file"].as_str().unwrap(),
                    d["line"]
                )
            })
            .collect();
        for want in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                want.starts_with(&format!("{clause} ")),
                "{}: expected.txt names another clause: {want}",
                case.display()
            );
            assert!(
                found.iter().any(|f| f == want),
                "{}: missing `{want}` in\n{summary}",
                case.display()
            );
        }
        let tripped = diagnostics
            .iter()
            .filter(|d| d["code"] == clause.as_str())
            .count();
        assert_eq!(
            tripped,
            expected.lines().filter(|l| !l.trim().is_empty()).count(),
            "{}: {clause} reported a different number of times than expected.txt says:\n{summary}",
            case.display()
        );
        // Messages carry the clause's citation and a hint, in both languages.
        for d in diagnostics.iter().filter(|d| d["code"] == clause.as_str()) {
            for lang in ["vi", "en"] {
                let message = d["message"][lang].as_str().unwrap();
                assert!(
                    message.ends_with(')') && message.contains(" (Q"),
                    "{message}"
                );
                assert!(
                    !d["hint"][lang].as_str().unwrap_or_default().is_empty(),
                    "{d}"
                );
            }
        }
        insta::assert_snapshot!(summary);
    });
}

#[test]
fn rules_pass() {
    let root = common::repo_root().join("tests/fixtures/rules");
    let mut cases = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let case = entry.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with("-passes") {
            continue;
        }
        assert!(
            root.join(name.replace("-passes", "-trips")).is_dir(),
            "{name} has no -trips twin"
        );
        cases += 1;
        let clause = clause(&case);
        let (_, diagnostics) = check(&case, &[]);
        let hits: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["code"] == clause.as_str())
            .map(line)
            .collect();
        assert!(
            hits.is_empty(),
            "{name} must not report {clause}: {hits:#?}"
        );
        let schema: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["code"] == "schema" || d["code"] == "ref-missing")
            .map(line)
            .collect();
        assert!(
            schema.is_empty(),
            "{name} should be schema-valid: {schema:#?}"
        );
    }
    assert!(cases >= 27, "only {cases} -passes cases");
}

fn copy_case(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo_root().join("tests/fixtures/rules").join(name),
        dir.path(),
    );
    dir
}

/// `[rules.<clause>] threshold` in `itreg.toml` replaces a rule's default.
#[test]
fn thresholds_come_from_itreg_toml() {
    let dir = copy_case("c03-log-review-trips");
    std::fs::write(
        dir.path().join("itreg.toml"),
        "[rules.C3]\nthreshold = 90\n",
    )
    .unwrap();
    let (_, diagnostics) = check(dir.path(), &[]);
    let c3: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["code"] == "C3")
        .map(line)
        .collect();
    // vn-lan's 83 days now pass; a network's own interval still wins, up
    // to the maximum: vn-yearly's 365 days are still capped at 90.
    assert_eq!(
        c3,
        [
            "warning C3 records/networks/vn-dmz.yaml:8:5",
            "warning C3 records/networks/vn-wan.yaml:1:5",
            "warning C3 records/networks/vn-yearly.yaml:6:27",
            "warning C3 records/networks/vn-yearly.yaml:8:5",
        ],
        "{c3:#?}"
    );
}

/// C3: "regularly" is not once a year. A network's own review interval is
/// capped at 90 days unless `[rules.C3] maximum` in `itreg.toml` allows more.
#[test]
fn c03_review_interval_maximum_comes_from_itreg_toml() {
    let dir = copy_case("c03-log-review-trips");
    let yearly = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics
            .iter()
            .filter(|d| d["code"] == "C3" && d["file"] == "records/networks/vn-yearly.yaml")
            .map(line)
            .collect()
    };
    let (_, diagnostics) = check(dir.path(), &[]);
    assert_eq!(
        yearly(&diagnostics),
        [
            "warning C3 records/networks/vn-yearly.yaml:6:27",
            "warning C3 records/networks/vn-yearly.yaml:8:5",
        ]
    );
    std::fs::write(dir.path().join("itreg.toml"), "[rules.C3]\nmaximum = 366\n").unwrap();
    let (_, diagnostics) = check(dir.path(), &[]);
    assert!(yearly(&diagnostics).is_empty(), "{diagnostics:#?}");
}

/// Severity overrides and `off` apply to every rule of a clause.
#[test]
fn severity_comes_from_itreg_toml() {
    let dir = copy_case("a10-quarterly-maintenance-trips");
    std::fs::write(
        dir.path().join("itreg.toml"),
        "[rules.A10]\nseverity = \"error\"\n",
    )
    .unwrap();
    let (exit, diagnostics) = check(dir.path(), &[]);
    assert_eq!(exit, 1);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "A10" && d["severity"] == "error")
    );

    let dir = copy_case("m02-result-within-48h-trips");
    std::fs::write(
        dir.path().join("itreg.toml"),
        "[rules.M2]\nseverity = \"off\"\n",
    )
    .unwrap();
    let (_, diagnostics) = check(dir.path(), &[]);
    assert!(
        diagnostics.iter().all(|d| d["code"] != "M2"),
        "{diagnostics:#?}"
    );
}

/// M3 never prints a secret it found.
#[test]
fn secrets_are_not_echoed() {
    let case = common::repo_root().join("tests/fixtures/rules/m03-no-secrets-trips");
    let output = common::run(&case, &["check", "--format", "json"]);
    let text = common::stdout(&output);
    for secret in [
        "hunter22",
        "Vss@2026",
        "AKIAIOSFODNN7EXAMPLE",
        "eyJhbGciOiJIUzI1NiJ9",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
    ] {
        assert!(!text.contains(secret), "output echoes {secret}:\n{text}");
    }
}

/// `secrets_in` gives, for one parsed record, what the M3 rule reports.
#[test]
fn secrets_in_matches_the_rule() {
    use itreg::load::{LoadOptions, RawFile, parse_record};
    use itreg::rules::m03_no_secrets::secrets_in;

    let case = common::repo_root().join("tests/fixtures/rules/m03-no-secrets-trips");
    let (_, diagnostics) = check(&case, &[]);
    let relative = "records/staff/nguyen-van-anh.yaml";
    let bytes = std::fs::read(case.join(relative)).unwrap();
    let record = parse_record(RawFile::new(relative, bytes), &LoadOptions::default()).unwrap();
    let direct: Vec<String> = secrets_in(&record)
        .iter()
        .map(|d| serde_json::to_value(d).unwrap())
        .map(|d| line(&d))
        .collect();
    let via_rule: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["code"] == "M3" && d["file"] == relative)
        .map(line)
        .collect();
    assert_eq!(direct, via_rule);
    assert_eq!(direct, ["error M3 records/staff/nguyen-van-anh.yaml:4:14"]);
}

/// B4 names units by name, and at most three per version: a national
/// application runs in hundreds of districts and the message is read on a
/// page. Five more units on 3.1.0 are counted, not listed.
#[test]
fn b04_names_a_few_units_per_version_and_counts_the_rest() {
    let dir = copy_case("b04-version-drift-trips");
    let mut software =
        std::fs::read_to_string(dir.path().join("records/software/qlkho.yaml")).unwrap();
    for n in 1..=5 {
        let unit = format!("vn-q{n}");
        common::write_file(
            dir.path(),
            format!("records/units/{unit}.yaml"),
            format!("id: {unit}\nname: Bảo hiểm xã hội quận {n}\nlevel: district\nparent: vn\n"),
        );
        software.push_str(&format!(
            "  - unit: {unit}\n    version: \"3.1.0\"\n    status: deployed\n    acceptance: {{ minutes: NT-{unit}, signed_by: Giám đốc, date: 2026-03-02 }}\n"
        ));
    }
    std::fs::write(dir.path().join("records/software/qlkho.yaml"), software).unwrap();
    let (_, diagnostics) = check(dir.path(), &[]);
    let b4: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["code"] == "B4")
        .filter_map(|d| d["message"]["vi"].as_str())
        .collect();
    let [message] = b4[..] else {
        panic!("one B4 warning: {diagnostics:#?}");
    };
    assert!(
        message.contains("3.1.0: 6 đơn vị (")
            && message.contains("và 3 đơn vị khác")
            && message.contains("3.2.1: 1 đơn vị (Bảo hiểm xã hội Việt Nam)"),
        "{message}"
    );
    assert!(!message.contains("vn-q"), "ids are not listed: {message}");
}
