//! `.pre-commit-hooks.yaml`: the hooks run a real `itreg check` on the
//! whole repository at every commit, the way pre-commit calls them, so a
//! change that breaks a reference in another file is refused.

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
    #[serde(default)]
    always_run: bool,
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

/// Run a hook's entry in `repo`, as pre-commit does: the entry split on
/// whitespace, with no file names (`pass_filenames: false`). `--today`
/// keeps date rules fixed.
fn run_entry(hook: &Hook, repo: &Path) -> Output {
    let words: Vec<&str> = hook.entry.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"itreg"), "{}: runs itreg", hook.id);
    common::itreg()
        .current_dir(repo)
        .args(&words[1..])
        .args(["--today", common::TODAY])
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
        // A change can break another file (a record deleted that others
        // name), and a commit that only deletes files passes none.
        assert!(
            !hook.pass_filenames && hook.always_run,
            "{}: checks the whole repository",
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
    let sample = run_entry(&hook, &common::repo_root());
    assert_eq!(sample.status.code(), Some(0), "{}", common::stdout(&sample));

    let fixture = common::repo_root().join("tests/fixtures/check/rule-a8-desktop-not-wiped");
    let breach = run_entry(&hook, &fixture);
    assert_eq!(breach.status.code(), Some(1));
    assert!(common::stdout(&breach).contains("error[A8]"));
}

/// `program ARGS…` in `dir` (see [`common::tool`]), with pre-commit's
/// cache in `home`.
fn run_in(dir: &Path, program: &str, args: &[&str], home: &Path) -> Output {
    common::tool(dir, program)
        .args(args)
        .env("PRE_COMMIT_HOME", home)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (.ci/run installs it): {e}"))
}

fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Real pre-commit runs this repository's `itreg-check` hook (`try-repo`
/// takes the hook definition as it is in the working tree) in a scratch
/// records repository: a commit that only deletes a unit its staff still
/// name is refused, with the error in the staff file it did not touch.
/// `itreg check` given the deleted file's name reports it too.
#[test]
fn deleting_or_renaming_a_referenced_record_fails_the_hook_and_check_of_its_paths() {
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("pre-commit-home");
    let itreg = env!("CARGO_BIN_EXE_itreg");
    let init = run_in(
        scratch.path(),
        itreg,
        &["init", "repo", "--data-admin", "Nguyễn Văn An"],
        &home,
    );
    assert!(init.status.success(), "{}", said(&init));
    let repo = scratch.path().join("repo");
    common::write_file(
        &repo,
        "records/units/bhxh-x.yaml",
        "id: bhxh-x\nname: Bảo hiểm xã hội huyện X\nlevel: district\nparent: bhxh\n",
    );
    common::write_file(
        &repo,
        "records/staff/tran-thi-binh.yaml",
        "id: tran-thi-binh\nfull_name: Trần Thị Bình\nunit: bhxh-x\n",
    );
    let git = |args: &[&str]| {
        let output = run_in(&repo, "git", args, &home);
        assert!(output.status.success(), "git {args:?}: {}", said(&output));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "a district and its staff"]);
    let root = common::repo_root();
    let try_hook = || {
        run_in(
            &repo,
            "pre-commit",
            &["try-repo", root.to_str().unwrap(), "itreg-check"],
            &home,
        )
    };

    git(&["rm", "-q", "records/units/bhxh-x.yaml"]);
    let refused = try_hook();
    let output = said(&refused);
    assert!(!refused.status.success(), "the hook passed: {output}");
    assert!(output.contains("ref-missing"), "{output}");
    assert!(
        output.contains("records/staff/tran-thi-binh.yaml"),
        "{output}"
    );

    // `check PATH…` of the deleted file (git still knows it) shows what
    // the deletion breaks elsewhere; an unrelated file's check does not.
    let check = |path: &str| {
        common::itreg()
            .current_dir(&repo)
            .args(["--today", common::TODAY, "check", path])
            .output()
            .unwrap()
    };
    let named = check("records/units/bhxh-x.yaml");
    let report = common::stdout(&named);
    assert_eq!(named.status.code(), Some(1), "{}", said(&named));
    assert!(
        report.contains("records/staff/tran-thi-binh.yaml"),
        "{report}"
    );
    assert!(report.contains("ref-missing"), "{report}");
    let other = check("records/units/bhxh.yaml");
    assert!(!said(&other).contains("tran-thi-binh"), "{}", said(&other));
    assert_eq!(
        check("records/units/no-such-unit.yaml").status.code(),
        Some(2)
    );

    // A rename (new file name and id) breaks the same reference: the hook
    // refuses it, and `check` of the old and new names shows where.
    git(&["reset", "-q", "--hard"]);
    git(&[
        "mv",
        "records/units/bhxh-x.yaml",
        "records/units/bhxh-y.yaml",
    ]);
    common::write_file(
        &repo,
        "records/units/bhxh-y.yaml",
        "id: bhxh-y\nname: Bảo hiểm xã hội huyện X\nlevel: district\nparent: bhxh\n",
    );
    git(&["add", "-A"]);
    let renamed = try_hook();
    assert!(
        !renamed.status.success(),
        "the hook passed: {}",
        said(&renamed)
    );
    assert!(said(&renamed).contains("records/staff/tran-thi-binh.yaml"));
    let both = common::itreg()
        .current_dir(&repo)
        .args(["--today", common::TODAY, "check"])
        .args(["records/units/bhxh-x.yaml", "records/units/bhxh-y.yaml"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(1), "{}", said(&both));
    assert!(common::stdout(&both).contains("records/staff/tran-thi-binh.yaml"));
    git(&["reset", "-q", "--hard"]);
    git(&["rm", "-q", "records/units/bhxh-x.yaml"]);

    // With the staff member moved to the root unit, the deletion passes.
    common::write_file(
        &repo,
        "records/staff/tran-thi-binh.yaml",
        "id: tran-thi-binh\nfull_name: Trần Thị Bình\nunit: bhxh\n",
    );
    git(&["add", "-A"]);
    let passed = try_hook();
    assert!(passed.status.success(), "{}", said(&passed));
}
