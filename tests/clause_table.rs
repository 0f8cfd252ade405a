//! The clause → rule → test table in `docs/dieu-khoan.md` stays in step
//! with `docs/design/regulations.md` and the source: one row per clause
//! id, every file and test it names exists, and every rule in `src/rules/`
//! is named in its clause's row with its `-trips` and `-passes` fixtures.

mod common;

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a cell says when another branch is still building that part.
const PENDING: &str = "chưa có / pending";

fn read(relative: &str) -> String {
    std::fs::read_to_string(common::repo_root().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The cells of each table row whose first cell is a clause id.
fn rows(markdown: &str) -> Vec<Vec<String>> {
    let id = Regex::new(r"^[A-Z][0-9]{1,2}$").unwrap();
    markdown
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|cells| id.is_match(&cells[0]))
        .collect()
}

/// The backticked tokens of a cell that name a file, folder or test of
/// this repository.
fn paths(cell: &str) -> Vec<String> {
    let token = Regex::new(r"`([^`]+)`").unwrap();
    token
        .captures_iter(cell)
        .map(|c| c[1].to_owned())
        .filter(|t| {
            ["src/", "tests/", "procedures/", "schema/", "docs/"]
                .iter()
                .any(|p| t.starts_with(p))
        })
        .collect()
}

/// `a07_repair_minutes.rs` → `A7`.
fn clause_of(rule_file: &str) -> String {
    let prefix = rule_file.split('_').next().unwrap();
    let (letter, number) = prefix.split_at(1);
    format!(
        "{}{}",
        letter.to_uppercase(),
        number
            .parse::<u32>()
            .expect("rule files start with a clause id")
    )
}

fn table() -> BTreeMap<String, Vec<String>> {
    let mut table = BTreeMap::new();
    for cells in rows(&read("docs/dieu-khoan.md")) {
        assert_eq!(cells.len(), 5, "five cells: {cells:?}");
        let id = cells[0].clone();
        assert!(
            table.insert(id.clone(), cells).is_none(),
            "{id} has two rows"
        );
    }
    table
}

#[test]
fn every_clause_of_the_regulations_has_one_row() {
    let regulations: BTreeSet<String> = rows(&read("docs/design/regulations.md"))
        .into_iter()
        .map(|cells| cells[0].clone())
        .collect();
    assert_eq!(regulations.len(), 44, "{regulations:?}");
    let table: BTreeSet<String> = table().into_keys().collect();
    assert_eq!(table, regulations);
}

#[test]
fn every_file_and_test_named_exists() {
    let root = common::repo_root();
    for (id, cells) in table() {
        for (column, cell) in cells.iter().enumerate().skip(2).take(2) {
            assert!(
                !paths(cell).is_empty() || cell.contains(PENDING),
                "{id}: column {column} names nothing: {cell}"
            );
        }
        for token in cells.iter().flat_map(|c| paths(c)) {
            match token.split_once("::") {
                Some((file, test)) => {
                    let text = std::fs::read_to_string(root.join(file))
                        .unwrap_or_else(|e| panic!("{id}: {file}: {e}"));
                    assert!(
                        text.contains(&format!("fn {test}(")),
                        "{id}: {file} has no test {test}"
                    );
                }
                None => assert!(root.join(&token).exists(), "{id}: {token} does not exist"),
            }
        }
    }
}

/// Each rule is named in the row of its own clause, with both fixtures,
/// and a row names only rules of its clause.
#[test]
fn every_rule_is_in_its_row_with_a_tripping_and_a_passing_fixture() {
    let table = table();
    let dir = common::repo_root().join("src/rules");
    let mut rules = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if matches!(name.as_str(), "mod.rs" | "time.rs") {
            continue;
        }
        rules += 1;
        let clause = clause_of(&name);
        let row = table
            .get(&clause)
            .unwrap_or_else(|| panic!("{name}: no row {clause}"));
        let named = paths(&row[2])
            .into_iter()
            .chain(paths(&row[3]))
            .collect::<Vec<_>>();
        assert!(
            named.contains(&format!("src/rules/{name}")),
            "{clause} does not name src/rules/{name}"
        );
        let case = name.trim_end_matches(".rs").replace('_', "-");
        for kind in ["trips", "passes"] {
            let fixture = format!("tests/fixtures/rules/{case}-{kind}");
            assert!(named.contains(&fixture), "{clause} does not name {fixture}");
        }
    }
    assert!(rules >= 40, "only {rules} rules");
    for (id, cells) in &table {
        for token in cells.iter().flat_map(|c| paths(c)) {
            let file = Path::new(&token).file_name().unwrap().to_string_lossy();
            if token.starts_with("src/rules/") {
                assert_eq!(&clause_of(&file), id, "{id} names {token}");
            }
        }
    }
}
