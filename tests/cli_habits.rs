//! Command-line habits: closed pipes, colour, language, usage errors, and
//! the CI formats' extras (GitLab fingerprints, GitHub step summary).

mod common;

use std::path::Path;
use std::process::Command;

/// The sample records plus `count` unit files whose id does not match their
/// name, each a few problems: output far larger than a pipe's buffer.
fn many_problems(count: usize) -> tempfile::TempDir {
    let dir = common::sample_copy();
    for i in 0..count {
        common::write_file(
            dir.path(),
            format!("records/units/x{i:04}.yaml"),
            format!("id: wrong-{i}\nname: Đơn vị {i}\nlevel: nowhere\n"),
        );
    }
    dir
}

/// `itreg ARGS | head -1` through a real shell pipe: the status of itreg
/// itself (pipefail) and what it wrote on standard error.
fn piped_into_head(root: &Path, args: &str) -> (i32, String) {
    let script = format!(
        "set -o pipefail; \"$ITREG\" --root \"$ROOT\" --today {} {args} | head -1 >/dev/null",
        common::TODAY
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .env("ITREG", env!("CARGO_BIN_EXE_itreg"))
        .env("ROOT", root)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    let repo = many_problems(1500);
    for args in [
        "check --format human",
        "check --format json",
        "check --format gitlab",
        "check --format github",
        "codeowners",
        "completions bash",
        "completions zsh",
        "man",
        "report a10-maintenance-overdue --unit vn",
    ] {
        // `check` fails with 1 on these records when it gets to finish; a
        // closed pipe is not a failure of the check, so it is 0 (or 1 when
        // the reader got everything before leaving).
        let (status, stderr) = piped_into_head(repo.path(), args);
        assert!(!stderr.contains("panicked"), "{args}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args}: {stderr}");
        let fits_in_pipe = !args.starts_with("check");
        assert!(
            status == 0 || (fits_in_pipe && status == 1),
            "{args}: status {status}, {stderr}"
        );
    }
}

#[test]
fn the_check_output_is_larger_than_a_pipe_so_the_pipe_test_means_something() {
    let repo = many_problems(1500);
    let output = common::run(repo.path(), &["check"]);
    assert!(output.stdout.len() > 256 << 10, "{}", output.stdout.len());
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let output = common::itreg()
        .args(["--root", "/no/such/folder", "check"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/no/such/folder"), "{stderr}");
    assert!(stderr.contains("không có thư mục"), "{stderr}");
    assert!(!stderr.contains("no such folder"), "one language: {stderr}");
}

fn check_with(env: &[(&str, &str)], args: &[&str]) -> String {
    let repo = many_problems(1);
    let mut command = common::itreg();
    command
        .arg("--root")
        .arg(repo.path())
        .args(["--today", common::TODAY]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.args(args).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    common::stdout(&output)
}

const ESCAPE: &str = "\u{1b}[";

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    // Standard output is a pipe here: no colour unless asked for.
    assert!(!check_with(&[("NO_COLOR", "")], &[]).contains(ESCAPE));
    // An empty NO_COLOR is not set; CLICOLOR_FORCE colours a pipe.
    assert!(check_with(&[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")], &[]).contains(ESCAPE));
    assert!(!check_with(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], &[]).contains(ESCAPE));
    assert!(!check_with(&[("NO_COLOR", ""), ("CLICOLOR_FORCE", "0")], &[]).contains(ESCAPE));
    assert!(check_with(&[("NO_COLOR", "1")], &["--color", "always"]).contains(ESCAPE));
    assert!(
        !check_with(
            &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")],
            &["--color", "never"]
        )
        .contains(ESCAPE)
    );
}

#[test]
fn the_language_comes_from_the_flag_then_itreg_lang_then_lang() {
    let english = |out: &str| out.contains("error(s)") && !out.contains(" lỗi, ");
    let vietnamese = |out: &str| out.contains(" lỗi, ") && !out.contains("error(s)");
    assert!(vietnamese(&check_with(&[], &[])));
    assert!(english(&check_with(&[("LANG", "en_US.UTF-8")], &[])));
    assert!(english(&check_with(&[("ITREG_LANG", "en")], &[])));
    assert!(vietnamese(&check_with(
        &[("ITREG_LANG", "vi"), ("LANG", "en_US.UTF-8")],
        &[]
    )));
    assert!(vietnamese(&check_with(
        &[("ITREG_LANG", "en")],
        &["--lang", "vi"]
    )));
    assert!(english(&check_with(
        &[("LANG", "C.UTF-8")],
        &["--lang", "en"]
    )));
}

fn fingerprints(root: &Path) -> Vec<(String, String, u64)> {
    let output = common::run(root, &["check", "--format", "gitlab"]);
    let issues: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    issues
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| {
            (
                issue["fingerprint"].as_str().unwrap().to_owned(),
                issue["location"]["path"].as_str().unwrap().to_owned(),
                issue["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_line_added_at_the_top_of_a_file_keeps_every_gitlab_fingerprint() {
    let repo = common::sample_copy();
    // Several problems in one file, two of them of the same code.
    let asset = repo.path().join("records/assets/hn-bd/HN-BD-PC-0001.yaml");
    let text = std::fs::read_to_string(&asset).unwrap();
    let broken = text
        .replace("status: in-use", "status: lost-in-space")
        .replace("category: computer", "category: toaster")
        + "colour: blue\nsize: large\n";
    std::fs::write(&asset, &broken).unwrap();
    common::write_file(
        repo.path(),
        "records/units/x1.yaml",
        "id: wrong\nlevel: nowhere\n",
    );
    let before = fingerprints(repo.path());
    assert!(before.len() >= 5, "{before:?}");
    let unique: std::collections::HashSet<_> = before.iter().map(|f| &f.0).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique");

    for path in [&asset, &repo.path().join("records/units/x1.yaml")] {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("# một dòng mới / a new line\n{text}")).unwrap();
    }
    let after = fingerprints(repo.path());
    assert_eq!(after.len(), before.len());
    for ((fingerprint, path, line), (moved, moved_path, moved_line)) in before.iter().zip(&after) {
        assert_eq!(fingerprint, moved, "{path}:{line}");
        assert_eq!(path, moved_path);
        if path.ends_with("HN-BD-PC-0001.yaml") || path.ends_with("x1.yaml") {
            assert_eq!(moved_line, &(line + 1), "the problem did move: {path}");
        }
    }
}

#[test]
fn check_for_github_writes_a_step_summary_and_says_when_annotations_were_capped() {
    let repo = many_problems(12);
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = common::itreg()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .arg("--root")
        .arg(repo.path())
        .args(["--today", common::TODAY, "--lang", "en"])
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = common::stdout(&output);
    let annotations = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(annotations, 10, "{stdout}");
    assert!(
        stdout.contains("::notice title=itreg::GitHub shows only 10 errors"),
        "{stdout}"
    );
    // The rest are in the log, as plain lines.
    assert!(
        stdout.contains("records/units/x0011.yaml:1:5: error[id-mismatch]"),
        "{stdout}"
    );

    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n## itreg check"),
        "{written}"
    );
    assert!(
        written.contains("| code | errors | warnings |"),
        "{written}"
    );
    assert!(
        written.contains("| unit | errors | warnings |"),
        "{written}"
    );
    assert!(written.contains("| `id-mismatch` | 12 |"), "{written}");
    assert!(written.contains("### First problems"), "{written}");
    assert!(written.contains("GitHub shows only 10 errors"), "{written}");
    // A unit is named by its records: the asset folder's unit has rows.
    assert!(
        written.contains("| `wrong-0` |") || written.contains("| `—` |"),
        "{written}"
    );

    // Without the variable, nothing is written anywhere else.
    let plain = common::run(repo.path(), &["check", "--format", "github"]);
    assert!(!common::stdout(&plain).contains("## itreg check"));
}

#[test]
fn the_version_names_the_commit() {
    let output = common::itreg().arg("--version").output().unwrap();
    let version = common::stdout(&output);
    let commit = Command::new("git")
        .current_dir(common::repo_root())
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let expected = format!(
        "itreg {} ({})\n",
        env!("CARGO_PKG_VERSION"),
        commit.as_deref().unwrap_or("unknown")
    );
    assert_eq!(version, expected);
}

/// Vietnamese letters with their marks, and đ: none may appear in an
/// English message.
fn has_vietnamese(text: &str) -> bool {
    text.to_lowercase()
        .chars()
        .any(|c| "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ".contains(c))
}

/// Errors from the library (configuration, schemas, git, the output
/// folder, import) are said in the run's language only.
#[test]
fn every_error_is_said_in_one_language() {
    type Setup = fn(&Path);
    let no_setup: Setup = |_| {};
    let cases: [(&str, Setup, &[&str], &str, &str); 6] = [
        (
            "a link that is not a web address",
            |root| common::write_file(root, "itreg.toml", "[site]\nbase_url = \"javascript:x\"\n"),
            &["check"],
            "phải là địa chỉ http://",
            "must be an http://",
        ),
        (
            "a configuration that does not parse",
            |root| common::write_file(root, "itreg.toml", "[site\n"),
            &["build"],
            "sai cú pháp",
            "syntax error",
        ),
        (
            "a broken schema",
            |root| common::write_file(root, "schema/unit.schema.json", "{"),
            &["check"],
            "không dùng được",
            "cannot be used",
        ),
        (
            "a revision outside git",
            no_setup,
            &["--at", "v9", "check"],
            "không nằm trong kho git",
            "is not inside a git repository",
        ),
        (
            "an output folder that is not itreg's",
            |root| common::write_file(root, "elsewhere/notes.txt", "mine"),
            &["build", "--out", "elsewhere"],
            "không ghi trang vào thư mục này",
            "refusing to write the site here",
        ),
        (
            "an import into an unknown unit",
            |root| {
                common::write_file(
                    root,
                    "x.csv",
                    "Tên thiết bị,Số seri,Ngày trang bị\nA,B,01/01/2025\n",
                )
            },
            &["import", "assets", "x.csv", "--unit", "khong-co"],
            "Không có đơn vị 'khong-co'",
            "There is no unit 'khong-co'",
        ),
    ];
    for (what, setup, args, vi, en) in cases {
        let repo = common::sample_copy();
        setup(repo.path());
        let said = |lang: &str| {
            let output = common::itreg()
                .current_dir(repo.path())
                .args(["--root", ".", "--today", common::TODAY, "--lang", lang])
                .args(args)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{what}");
            String::from_utf8_lossy(&output.stderr).into_owned()
        };
        let (vietnamese, english) = (said("vi"), said("en"));
        assert!(vietnamese.contains(vi), "{what}: {vietnamese}");
        assert!(
            !vietnamese.contains(en),
            "{what}, one language: {vietnamese}"
        );
        assert!(english.contains(en), "{what}: {english}");
        assert!(!has_vietnamese(&english), "{what}, one language: {english}");
    }
}
