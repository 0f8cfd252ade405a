//! The guides in `docs/`: `chan-doan.md` explains every diagnostic code
//! itreg can emit, and the code list it is checked against is the source's.

mod common;

use itreg::diagnostic::CODES;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every code itreg can emit: the loader, schema, integrity and check codes,
/// and the clause id of every regulation rule.
fn all_codes() -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = CODES.iter().map(|c| c.to_string()).collect();
    codes.extend(itreg::rules::all().iter().map(|r| r.clause.to_owned()));
    codes
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(common::repo_root().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The sections of `docs/chan-doan.md` that document a code: a heading
/// whose first backticked word is the code, with the text up to the next
/// heading (outside code blocks, where `#` starts a YAML comment).
fn documented() -> Vec<(String, String)> {
    let guide = read("docs/chan-doan.md");
    let heading = Regex::new(r"^#{2,4} `([^`]+)`").unwrap();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut open = false;
    let mut in_code = false;
    for line in guide.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            open = false;
            if let Some(found) = heading.captures(line) {
                sections.push((found[1].to_owned(), String::new()));
                open = true;
            }
            continue;
        }
        if let (true, Some((_, body))) = (open, sections.last_mut()) {
            body.push_str(line);
            body.push('\n');
        }
    }
    sections
}

#[test]
fn every_code_has_a_section_in_the_guide() {
    let sections = documented();
    let titles: Vec<&str> = sections.iter().map(|(code, _)| code.as_str()).collect();
    for code in all_codes() {
        let count = titles.iter().filter(|t| **t == code).count();
        assert_eq!(count, 1, "docs/chan-doan.md needs one section `{code}`");
    }
    for title in &titles {
        assert!(
            all_codes().contains(*title),
            "section `{title}` names no code itreg emits"
        );
    }
}

/// Each section says, in both languages, what the code means and how to
/// fix it, with an example.
#[test]
fn every_section_is_complete_in_both_languages() {
    for (code, body) in documented() {
        for marker in ["Ý nghĩa", "Meaning", "Ví dụ", "Example", "Cách sửa", "Fix"] {
            assert!(body.contains(marker), "`{code}`: no “{marker}”");
        }
    }
}

fn source_files() -> Vec<PathBuf> {
    walkdir::WalkDir::new(common::repo_root().join("src"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// Codes reach `Diagnostic::error`/`warning` as a literal, as a rule's
/// clause, or through a `code` parameter fed by the parse-error table and
/// `unique_values`. Any other form is new: teach this test about it.
fn codes_in_source() -> BTreeSet<String> {
    let call = Regex::new(r"Diagnostic::(?:error|warning)\(\s*([^,]+),").unwrap();
    let literal = Regex::new(r#"^"([^"]+)"$"#).unwrap();
    let parse_table = Regex::new(r#"ParseErrorKind::\w+\s*=>\s*\(\s*"([^"]+)""#).unwrap();
    let unique = Regex::new(r#"unique_values\([^;]*?"([a-z]+(?:-[a-z]+)+)""#).unwrap();
    let mut codes = BTreeSet::new();
    for path in source_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for found in call.captures_iter(&text) {
            let argument = found[1].trim();
            match literal.captures(argument) {
                Some(code) => {
                    codes.insert(code[1].to_owned());
                }
                None => assert!(
                    ["code", "rule.clause", "RULE.clause"].contains(&argument),
                    "{}: diagnostic code `{argument}` of an unknown form",
                    path.display()
                ),
            }
        }
        for table in [&parse_table, &unique] {
            codes.extend(table.captures_iter(&text).map(|c| c[1].to_owned()));
        }
    }
    codes
}

#[test]
fn the_code_list_matches_the_source() {
    let in_source = codes_in_source();
    let listed: BTreeSet<String> = CODES.iter().map(|c| c.to_string()).collect();
    let unlisted: Vec<&String> = in_source.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "add to diagnostic::CODES: {unlisted:?}"
    );
    let stale: Vec<&String> = listed.difference(&in_source).collect();
    assert!(stale.is_empty(), "no longer emitted: {stale:?}");
}

/// The guides link to each other from `docs/README.md` and the README.
#[test]
fn the_guides_are_linked_from_the_index_and_the_readme() {
    let index = read("docs/README.md");
    let readme = read("README.md");
    for guide in [
        "chinh-sua-tren-web.md",
        "chay-cuc-bo.md",
        "chan-doan.md",
        "nhap-excel.md",
        "dieu-khoan.md",
        "nghi-viec.md",
    ] {
        assert!(
            common::repo_root().join("docs").join(guide).is_file(),
            "{guide}"
        );
        assert!(
            index.contains(&format!("({guide})")),
            "docs/README.md links {guide}"
        );
        assert!(
            readme.contains(&format!("(docs/{guide})")),
            "README.md links {guide}"
        );
    }
}
