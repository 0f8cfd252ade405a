//! `itreg check` end to end: the sample passes, output formats follow their
//! published specifications, and exit codes mean what they say.

mod common;

use serde_json::Value;
use std::path::PathBuf;

fn case(name: &str) -> PathBuf {
    common::repo_root().join("tests/fixtures/check").join(name)
}

#[test]
fn the_sample_records_have_no_errors() {
    let output = common::run(&common::repo_root(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["summary"]["errors"],
        0,
        "{}",
        common::stdout(&output)
    );
    assert_eq!(output.status.code(), Some(0));
}

/// <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>:
/// `::error file={name},line={line},col={col},title={title}::{message}`, with
/// `%`, CR and LF escaped in the message and also `:` and `,` in properties.
#[test]
fn github_output_is_workflow_commands() {
    let output = common::run(
        &case("rule-a8-desktop-not-wiped"),
        &["check", "--format", "github"],
    );
    let text = common::stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let rest = line
            .strip_prefix("::error ")
            .or_else(|| line.strip_prefix("::warning "))
            .expect("each line is an ::error or ::warning command");
        let (properties, message) = rest.split_once("::").expect("properties::message");
        let props: Vec<(&str, &str)> = properties
            .split(',')
            .map(|p| p.split_once('=').expect("key=value"))
            .collect();
        let keys: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["file", "line", "col", "title"]);
        assert!(props[0].1.starts_with("records/"));
        assert!(props[1].1.parse::<u32>().unwrap() >= 1);
        assert!(props[2].1.parse::<u32>().unwrap() >= 1);
        assert!(!properties.contains(':'), "properties must escape ':'");
        assert!(!message.is_empty() && !message.contains('\n'));
    }
    let a8 = lines
        .iter()
        .find(|l| l.contains("title=itreg A8::"))
        .expect("the A8 breach is annotated");
    assert!(a8.starts_with("::error file=records/assets/"), "{a8}");
    let message = a8.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(message.contains("QĐ3582 II.1.4"), "{message}");
}

/// <https://docs.gitlab.com/ci/testing/code_quality/>: an array of objects with
/// `description`, `check_name`, `fingerprint`, `severity` (info, minor, major,
/// critical, blocker) and `location.path` / `location.lines.begin`.
#[test]
fn gitlab_output_is_a_code_quality_report() {
    let output = common::run(
        &case("integrity-duplicate-serial"),
        &["check", "--format", "gitlab"],
    );
    let issues: Value = serde_json::from_slice(&output.stdout).unwrap();
    let issues = issues.as_array().expect("a JSON array");
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(issue["check_name"].is_string());
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("records/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn english_messages_on_request() {
    let output = common::run(&case("schema-bad-enum"), &["--lang", "en", "check"]);
    let text = common::stdout(&output);
    assert!(text.contains("is not one of the allowed values"), "{text}");
    assert!(text.contains("1 error(s), 0 warning(s)"), "{text}");
}

#[test]
fn an_empty_value_is_called_empty_in_both_languages() {
    let vi = common::stdout(&common::run(&case("schema-empty-value"), &["check"]));
    assert!(
        vi.contains("`name` đang để trống; cần một giá trị kiểu string"),
        "{vi}"
    );
    assert!(vi.contains("Ghi giá trị sau dấu `:`"), "{vi}");
    let en = common::stdout(&common::run(
        &case("schema-empty-value"),
        &["--lang", "en", "check"],
    ));
    assert!(
        en.contains("`name` is empty; it needs a string value"),
        "{en}"
    );
    // An empty enum field breaks its type and its allowed values; it gets
    // one message, which lists the values.
    assert!(
        vi.contains(
            "`level` đang để trống; cần một trong các giá trị: central, province, district"
        ),
        "{vi}"
    );
    assert!(
        en.contains("`level` is empty; it needs one of: central, province, district"),
        "{en}"
    );
    assert!(vi.contains("2 lỗi, 0 cảnh báo"), "{vi}");
    assert!(en.contains("2 error(s), 0 warning(s)"), "{en}");
    for text in [&vi, &en] {
        assert!(!text.contains("null null"), "{text}");
    }
}

#[test]
fn human_output_shows_the_offending_line() {
    let output = common::run(&case("rule-a7-repair-out-without-minutes"), &["check"]);
    let text = common::stdout(&output);
    assert!(text.contains("error[A7]"), "{text}");
    assert!(
        text.contains("repair-out"),
        "the snippet quotes the source: {text}"
    );
    assert!(text.contains("help:"), "{text}");
}

#[test]
fn paths_limit_the_report_but_references_resolve() {
    let root = common::repo_root();
    let asset = "records/assets/hn-bd/HN-BD-PC-0001.yaml";
    assert!(root.join(asset).exists());
    let output = common::run(
        &root,
        &[
            "check",
            "--format",
            "json",
            &root.join(asset).to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
}

#[test]
fn usage_errors_exit_2() {
    let output = common::run(&common::repo_root(), &["check", "--format", "nonsense"]);
    assert_eq!(output.status.code(), Some(2));
}

/// `serve` always builds the working tree; a global `--at` is refused with
/// a pointer to `build --at`, rather than silently ignored.
#[test]
fn serve_refuses_a_revision() {
    let output = common::itreg()
        .args(["--at", "HEAD~1", "serve", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("itreg build --at REV"), "{stderr}");
}
