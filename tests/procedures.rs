//! Procedures: every "Checklist" clause of the regulation map has one, each
//! step cites a clause its front matter names, and `check` validates the
//! front matter.

mod common;

use std::collections::BTreeSet;

struct Procedure {
    name: String,
    clauses: BTreeSet<String>,
    body: String,
}

fn procedures() -> Vec<Procedure> {
    let dir = common::repo_root().join("procedures");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = text
            .trim_start_matches("---\n")
            .split_once("\n---\n")
            .unwrap();
        let clauses_line = front.lines().find(|l| l.starts_with("clauses:")).unwrap();
        let clauses = clauses_line
            .trim_start_matches("clauses:")
            .trim()
            .trim_matches(['[', ']'])
            .split(',')
            .map(|c| c.trim().to_owned())
            .collect();
        found.push(Procedure {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            clauses,
            body: body.to_owned(),
        });
    }
    found
}

/// Clause ids whose row in `docs/design/regulations.md` says "Checklist".
fn checklist_clauses() -> Vec<String> {
    let map =
        std::fs::read_to_string(common::repo_root().join("docs/design/regulations.md")).unwrap();
    map.lines()
        .filter(|l| l.starts_with("| ") && l.contains("Checklist"))
        .map(|l| l.split('|').nth(1).unwrap().trim().to_owned())
        .collect()
}

#[test]
fn every_checklist_clause_has_a_procedure() {
    let clauses = checklist_clauses();
    assert!(clauses.len() >= 3, "{clauses:?}");
    let procedures = procedures();
    for clause in clauses {
        assert!(
            procedures.iter().any(|p| p.clauses.contains(&clause)),
            "no procedure names the Checklist clause {clause}"
        );
    }
}

#[test]
fn every_step_cites_a_clause_of_its_procedure() {
    for procedure in procedures() {
        let steps: Vec<&str> = procedure
            .body
            .lines()
            .filter(|l| l.trim_start().starts_with("- [ ]"))
            .collect();
        assert!(
            steps.len() >= 5,
            "{} has {} steps",
            procedure.name,
            steps.len()
        );
        for step in steps {
            let cited = step
                .trim_end()
                .trim_end_matches('.')
                .rsplit_once('(')
                .map(|(_, c)| c.trim_end_matches(')'));
            let cited = cited
                .unwrap_or_else(|| panic!("{}: step without a clause: {step}", procedure.name));
            for clause in cited.split(',').map(str::trim) {
                assert!(
                    procedure.clauses.contains(clause),
                    "{}: step cites {clause}, not in its front matter: {step}",
                    procedure.name
                );
            }
        }
    }
}

#[test]
fn check_refuses_an_unknown_clause_in_front_matter() {
    let root = common::repo_root().join("tests/fixtures/procedures/bad-clause");
    let output = common::run(&root, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostic = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "procedures/thu.md")
        .expect("the procedure is reported");
    assert_eq!(diagnostic["code"], "schema");
    assert_eq!(
        diagnostic["line"], 3,
        "points at the clauses line: {diagnostic}"
    );
}

#[test]
fn the_sample_procedures_pass_check() {
    let output = common::run(
        &common::repo_root(),
        &[
            "check",
            "--format",
            "json",
            "procedures/sua-chua-thiet-bi.md",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");
}
