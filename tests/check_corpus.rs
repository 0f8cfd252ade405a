//! The invalid-input corpus: each folder under `tests/fixtures/check/` is a
//! small repository, and its snapshot lists the exit code and every
//! diagnostic as `severity code file:line:col`.

mod common;

use serde_json::Value;

fn summarize(root: &std::path::Path) -> String {
    let output = common::run(root, &["check", "--format", "json"]);
    let report: Value =
        serde_json::from_slice(&output.stdout).expect("check --format json prints JSON");
    let mut lines = vec![format!("exit: {}", output.status.code().unwrap_or(-1))];
    for d in report["diagnostics"].as_array().expect("diagnostics array") {
        lines.push(format!(
            "{} {} {}:{}:{}",
            d["severity"].as_str().unwrap_or_default(),
            d["code"].as_str().unwrap_or_default(),
            d["file"].as_str().unwrap_or_default(),
            d["line"],
            d["column"],
        ));
    }
    lines.join("\n") + "\n"
}

#[test]
fn invalid_corpus() {
    insta::glob!("fixtures/check/*", |case| {
        assert!(case.is_dir(), "{} should be a folder", case.display());
        let summary = summarize(case);
        assert!(
            summary.starts_with("exit: 1\n"),
            "every corpus case must fail:\n{summary}"
        );
        insta::assert_snapshot!(summary);
    });
}
