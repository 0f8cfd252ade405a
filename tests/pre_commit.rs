//! `.pre-commit-hooks.yaml`: the hooks run a real `itreg check` on exactly
//! the record files a commit changes, the way pre-commit calls them.

mod common;

use regex::Regex;
use serde::Deserialize;
use std::path::Path;
use std::process::Output;

/// The fields of a hook definition that decide what runs
/// (<https://pre-commit.com/#creating-new-hooks>).
#[derive(Debug, Deserialize)]
struct Hook {
    id: String,
    name: String,
    entry: String,
    language: String,
    files: String,
    #[serde(default = "yes")]
    pass_filenames: bool,
}

fn yes() -> bool {
    true
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(common::repo_root().join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml at the repository root");
    serde_saphyr::from_str(&text).expect("a list of hooks")
}

fn hook(id: &str) -> Hook {
    hooks()
        .into_iter()
        .find(|h| h.id == id)
        .unwrap_or_else(|| panic!("no hook {id}"))
}

/// Run a hook's entry in `repo` with `files`, as pre-commit does: the entry
/// split on whitespace, then the file names. `--today` keeps date rules fixed.
fn run_entry(hook: &Hook, repo: &Path, files: &[&str]) -> Output {
    let words: Vec<&str> = hook.entry.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"itreg"), "{}: runs itreg", hook.id);
    common::itreg()
        .current_dir(repo)
        .args(&words[1..])
        .args(["--today", common::TODAY])
        .args(files)
        .output()
        .expect("the itreg binary runs")
}

#[test]
fn both_hooks_run_itreg_check_on_record_files() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["itreg-check", "itreg-check-cargo"]);
    let languages: Vec<&str> = hooks.iter().map(|h| h.language.as_str()).collect();
    assert_eq!(languages, ["system", "rust"]);
    for hook in &hooks {
        assert!(
            hook.entry.split_whitespace().eq(["itreg", "check"]),
            "{}",
            hook.entry
        );
        assert!(
            hook.pass_filenames,
            "{}: itreg needs the changed files",
            hook.id
        );
        assert!(hook.name.contains("itreg check"));
    }
}

/// pre-commit tests `files` with Python's `re.search` on the path relative to
/// the repository root, with `/` separators.
#[test]
fn the_files_pattern_selects_records_only() {
    let files = Regex::new(&hook("itreg-check").files).expect("a valid pattern");
    let root = common::repo_root();
    let mut samples = 0;
    for entry in walkdir::WalkDir::new(root.join("records")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(files.is_match(&relative), "{relative}");
            samples += 1;
        }
    }
    assert!(samples > 100);
    // A misnamed record still goes to itreg, which explains the `extension` error.
    assert!(files.is_match("records/assets/hn/HN-PC-0001.yml"));
    for other in [
        "README.md",
        "itreg.toml",
        "schema/asset.schema.json",
        "procedures/sua-chua-thiet-bi.md",
        ".github/workflows/check.yml",
        "records/assets/hn/BB-2026-031.pdf",
        "tests/fixtures/check/loader-bom/records/units/hn.yaml",
    ] {
        assert!(!files.is_match(other), "{other}");
    }
}

#[test]
fn the_entry_passes_clean_records_and_fails_on_a_breach() {
    let hook = hook("itreg-check");
    let sample = run_entry(
        &hook,
        &common::repo_root(),
        &["records/units/hn.yaml", "records/assets/hn/HN-PC-0001.yaml"],
    );
    assert_eq!(sample.status.code(), Some(0), "{}", common::stdout(&sample));

    let fixture = common::repo_root().join("tests/fixtures/check/rule-a8-desktop-not-wiped");
    let breach = run_entry(&hook, &fixture, &["records/assets/hn/HN-PC-0001.yaml"]);
    assert_eq!(breach.status.code(), Some(1));
    assert!(common::stdout(&breach).contains("error[A8]"));

    // Only the files passed are reported: the unit file of the same
    // repository is clean, though the asset next to it is not.
    let other = run_entry(&hook, &fixture, &["records/units/hn.yaml"]);
    assert_eq!(other.status.code(), Some(0), "{}", common::stdout(&other));
    assert!(!common::stdout(&other).contains("A8"));
}
