//! Typed references (`ref-kind`, `ref-left`) on references that are right:
//! `tests/fixtures/typed-refs/` names servers, storage and network
//! equipment where each belongs, and staff member `tran-thi-ha`, who leaves
//! on 2026-06-30 (docs/nghi-viec.md), in work she did before that day and
//! as a current network admin. The tripping cases are in the invalid
//! corpus (`tests/fixtures/check/ref-kind-*`, `ref-left-*`).

mod common;

use serde_json::Value;

/// `code file:line` of each typed-reference, schema or missing-reference
/// diagnostic when the fixture is checked on `today`.
fn reference_diagnostics(today: &str) -> Vec<String> {
    let root = common::repo_root().join("tests/fixtures/typed-refs");
    // Not `common::run`: these cases need their own `--today`.
    let output = common::itreg()
        .arg("--root")
        .arg(&root)
        .args(["check", "--format", "json", "--today", today])
        .output()
        .expect("the itreg binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| {
            matches!(
                d["code"].as_str(),
                Some("ref-kind" | "ref-left" | "ref-missing" | "schema")
            )
        })
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or_default(),
                d["file"].as_str().unwrap_or_default(),
                d["line"]
            )
        })
        .collect()
}

#[test]
fn right_kinds_and_staff_still_working_pass() {
    assert_eq!(reference_diagnostics("2026-06-29"), Vec::<String>::new());
}

/// On her `left` day she has left: the current role is flagged, while the
/// backup, grant and disposal she did before stay valid.
#[test]
fn a_current_role_is_lost_on_the_left_day_itself() {
    assert_eq!(
        reference_diagnostics("2026-06-30"),
        ["ref-left records/networks/hn-lan.yaml:8"]
    );
}
