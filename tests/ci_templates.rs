//! The CI template and the pre-commit hook `itreg init` writes, run for
//! real in scratch repositories: the GitLab merge-request job through
//! gitlab-ci-local (npm, 4.52.0) with `--shell-isolation`, and the hook
//! through pre-commit (PyPI). `.ci/run` installs both; without them these
//! tests fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_itreg"))
}

fn run_in(dir: &Path, program: &str, args: &[&str]) -> Output {
    common::tool(dir, program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (.ci/run installs it): {e}"))
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `itreg init` into a fresh git repository with one commit on main.
fn scratch_repository(host: &str) -> (tempfile::TempDir, PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    ok(run_in(
        scratch.path(),
        bin().to_str().unwrap(),
        &["init", "repo", "--host", host],
    ));
    let repo = scratch.path().join("repo");
    ok(run_in(&repo, "git", &["init", "-q", "-b", "main"]));
    ok(run_in(&repo, "git", &["add", "-A"]));
    ok(run_in(&repo, "git", &["commit", "-q", "-m", "itreg init"]));
    (scratch, repo)
}

#[test]
fn the_gitlab_merge_request_job_runs_and_leaves_a_valid_code_quality_report() {
    let version = ok(run_in(Path::new("."), "gitlab-ci-local", &["--version"]));
    assert_eq!(version.trim(), "4.52.0");
    let (_scratch, repo) = scratch_repository("gitlab");
    let base = ok(run_in(&repo, "git", &["rev-parse", "HEAD"]));
    ok(run_in(&repo, "git", &["checkout", "-q", "-b", "new-unit"]));
    common::write_file(
        &repo,
        "records/units/bhxh-x.yaml",
        "id: bhxh-x\nname: Bảo hiểm xã hội huyện X\nlevel: district\nparent: khong-co\n",
    );
    ok(run_in(&repo, "git", &["add", "-A"]));
    ok(run_in(
        &repo,
        "git",
        &["commit", "-q", "-m", "a unit under a missing parent"],
    ));

    let job = run_in(
        &repo,
        "gitlab-ci-local",
        &[
            "--shell-isolation",
            "--variable",
            "CI_PIPELINE_SOURCE=merge_request_event",
            "--variable",
            &format!("CI_MERGE_REQUEST_DIFF_BASE_SHA={}", base.trim()),
            "--variable",
            &format!("ITREG_BIN={}", bin().display()),
            "itreg-check",
        ],
    );
    let log = String::from_utf8_lossy(&job.stdout).into_owned();
    // The job fails, as the merge request should, and says why.
    assert!(!job.status.success(), "{log}");
    assert!(log.contains("ref-missing"), "{log}");
    assert!(
        log.contains("Hồ sơ thêm mới · Added records"),
        "the diff is in the log: {log}"
    );
    assert!(
        repo.join("itreg-diff.md").is_file(),
        "the diff is an artifact"
    );

    let report_path = repo.join(".gitlab-ci-local/builds/itreg-check/gl-code-quality-report.json");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_path).expect("the Code Quality file"))
            .expect("the Code Quality file is JSON");
    let issues = report.as_array().expect("an array of issues");
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        // GitLab's Code Quality format: these fields, of these types.
        assert!(
            issue["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{issue}"
        );
        assert!(issue["check_name"].as_str().is_some(), "{issue}");
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{issue}"
        );
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            repo.join(path).is_file(),
            "a path in the repository: {issue}"
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
    assert!(
        issues.iter().any(|i| i["check_name"] == "ref-missing"
            && i["location"]["path"] == "records/units/bhxh-x.yaml"
            && i["location"]["lines"]["begin"] == 4),
        "{report:#}"
    );
}

#[test]
fn the_pre_commit_hook_refuses_a_change_that_breaks_a_reference_in_another_file() {
    let (scratch, repo) = scratch_repository("gitlab");
    let home = scratch.path().join("pre-commit-home");
    let hook = |args: &[&str]| {
        common::tool(&repo, "pre-commit")
            .args(args)
            .env("PRE_COMMIT_HOME", &home)
            .output()
            .expect("pre-commit runs (.ci/run installs it)")
    };
    ok(hook(&["install"]));
    // The IT unit's data administrator (QĐ3582 II.4.2) and a district unit
    // under the root: committed, the hook passes.
    common::write_file(
        &repo,
        "records/staff/nguyen-van-an.yaml",
        "id: nguyen-van-an\nfull_name: Nguyễn Văn An\nunit: bhxh-cntt\nroles: [it-staff, data-admin]\n",
    );
    common::write_file(
        &repo,
        "records/units/bhxh-x.yaml",
        "id: bhxh-x\nname: Bảo hiểm xã hội huyện X\nlevel: district\nparent: bhxh\n",
    );
    let git = |args: &[&str]| {
        common::tool(&repo, "git")
            .args(args)
            .env("PRE_COMMIT_HOME", &home)
            .output()
            .unwrap()
    };
    ok(git(&["add", "-A"]));
    ok(git(&["commit", "-q", "-m", "a district"]));

    // Renaming the root unit's id breaks the district's `parent`, in
    // another file than the one changed: the commit is refused.
    let root = repo.join("records/units/bhxh.yaml");
    std::fs::remove_file(&root).unwrap();
    common::write_file(
        &repo,
        "records/units/bhxh-moi.yaml",
        "id: bhxh-moi\nname: Bảo hiểm xã hội tỉnh\nlevel: province\nit_unit: false\n",
    );
    ok(git(&["add", "-A"]));
    let refused = git(&["commit", "-q", "-m", "rename the root unit"]);
    let said = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the commit went through: {said}");
    assert!(said.contains("ref-missing"), "{said}");
    assert!(said.contains("records/units/bhxh-x.yaml"), "{said}");
    let log = ok(git(&["log", "--oneline"]));
    assert_eq!(log.lines().count(), 2, "{log}");
}
