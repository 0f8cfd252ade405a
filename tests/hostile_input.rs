//! Hostile and odd input through the real CLI, for the limits the check
//! corpus (`tests/fixtures/check`) cannot hold as committed files: default
//! limits that need megabytes, named pipes, link loops, CRLF and tabs that
//! must be accepted. Every run has a deadline, so a hang fails the test.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A one-unit repository that checks clean.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::write_file(
        dir.path(),
        "records/units/vn.yaml",
        b"id: vn\nname: BHXH Viet Nam\nlevel: central\n",
    );
    dir
}

/// The errors of `itreg check --format json`, as `error code
/// file:line:col` lines (rule warnings such as M10 are not the point here);
/// the run is killed and failed if it takes longer than a minute.
fn check(root: &Path) -> Vec<String> {
    let mut child = common::itreg()
        .arg("--root")
        .arg(root)
        .args(["--today", common::TODAY, "check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("itreg check hung on {}", root.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{} {} {}:{}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn crlf_line_endings_are_accepted_and_lines_still_count() {
    let repo = repository();
    common::write_file(
        repo.path(),
        "records/units/hn.yaml",
        b"id: hn\r\nname: BHXH Ha Noi\r\nlevel: province\r\nparent: vn\r\ncode: \"01\"\r\n",
    );
    assert_eq!(check(repo.path()), Vec::<String>::new());
    common::write_file(
        repo.path(),
        "records/units/hn.yaml",
        b"id: hn\r\nname: BHXH Ha Noi\r\nlevel: planet\r\nparent: vn\r\n",
    );
    assert_eq!(
        check(repo.path()),
        ["error schema records/units/hn.yaml:3:8"]
    );
}

/// Tabs may not indent, but inside a block scalar they are content.
#[test]
fn a_tab_inside_a_block_scalar_is_content() {
    let repo = repository();
    common::write_file(
        repo.path(),
        "records/units/hn.yaml",
        b"id: hn\nname: BHXH Ha Noi\nlevel: province\nparent: vn\ncode: \"01\"\nnote: |\n  C\xe1\xbb\x99t 1\tC\xe1\xbb\x99t 2\n  \tth\xe1\xbb\xa5t l\xe1\xbb\x81 b\xe1\xba\xb1ng tab\n",
    );
    assert_eq!(check(repo.path()), Vec::<String>::new());
}

#[test]
fn default_limits_hold_without_configuration() {
    let repo = repository();
    // One byte over the default 1 MiB.
    let mut big = b"id: hn\nname: x\nlevel: province\nparent: vn\nnote: \"".to_vec();
    big.resize(1024 * 1024 - 1, b'a');
    big.extend_from_slice(b"\"\n");
    common::write_file(repo.path(), "records/units/hn.yaml", &big);
    // Under the size limit, over the 200,000 elements.
    let mut many = String::from("id: dn\nname: x\nlevel: province\nparent: vn\ntags: [");
    many.push_str(&"1,".repeat(200_001));
    many.push_str("]\n");
    common::write_file(repo.path(), "records/units/dn.yaml", many.as_bytes());
    // Nested by indentation, not brackets.
    let mut deep = String::from("id: hp\nname: x\nlevel: province\nparent: vn\n");
    for depth in 0..40 {
        deep.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    common::write_file(repo.path(), "records/units/hp.yaml", deep.as_bytes());
    // A key as long as a book.
    let long_key = format!(
        "id: ct\nname: x\nlevel: province\nparent: vn\n? {}\n: 1\n",
        "k".repeat(30_000)
    );
    common::write_file(repo.path(), "records/units/ct.yaml", long_key.as_bytes());
    assert_eq!(
        check(repo.path()),
        [
            "error string-too-long records/units/ct.yaml:5:3",
            "error too-large records/units/dn.yaml:5:399986",
            "error file-too-large records/units/hn.yaml:1:1",
            "error too-deep records/units/hp.yaml:29:49",
        ]
    );
}

/// A file thousands of keys off its schema gets a hundred errors and one
/// more that counts the rest, placed at one of them.
#[test]
fn a_file_far_off_its_schema_lists_a_hundred_errors_and_counts_the_rest() {
    let repo = repository();
    let mut text = String::from("id: hn\nname: Ha Noi\nlevel: province\nparent: vn\n");
    for i in 0..5_000 {
        text.push_str(&format!("k{i:05}: 1\n"));
    }
    common::write_file(repo.path(), "records/units/hn.yaml", text.as_bytes());
    let errors = check(repo.path());
    assert_eq!(errors.len(), 101, "{errors:?}");
    assert!(
        errors
            .iter()
            .all(|e| e.starts_with("error schema records/units/hn.yaml:")),
        "{errors:?}"
    );
    let output = common::itreg()
        .arg("--root")
        .arg(repo.path())
        .args(["--today", common::TODAY, "--lang", "en", "check"])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("error[schema]: 4900 more schema errors in this file, one of them here"),
        "{human}"
    );
    assert!(human.contains("101 error(s)"), "{human}");
}

/// A named pipe would block a reader forever; a link loop never resolves.
#[test]
fn pipes_and_link_loops_are_refused_without_hanging() {
    let repo = repository();
    let fifo = |relative: &str| {
        let path = repo.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
    };
    fifo("records/units/ong.yaml");
    fifo("records/evidence/ong.pdf");
    fifo("procedures/ong.md");
    std::os::unix::fs::symlink("vong.yaml", repo.path().join("records/units/vong.yaml")).unwrap();
    assert_eq!(
        check(repo.path()),
        [
            "error special-file procedures/ong.md:1:1",
            "error special-file records/evidence/ong.pdf:1:1",
            "error special-file records/units/ong.yaml:1:1",
            "error symlink-escape records/units/vong.yaml:1:1",
        ]
    );
}

/// Procedures get the records' refusals: no link out of the repository
/// (its target would be published), nothing over the size limit.
#[test]
fn procedures_cannot_link_out_or_grow_without_limit() {
    let repo = repository();
    let outside = tempfile::tempdir().unwrap();
    common::write_file(
        outside.path(),
        "secret.md",
        b"---\ntitle: Mat\nclauses: [A7]\nperformed_by: it-staff\napplies_to: [asset]\nsummary: x\n---\nSECRET\n",
    );
    std::fs::create_dir_all(repo.path().join("procedures")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        repo.path().join("procedures/lien-ket.md"),
    )
    .unwrap();
    let mut big = b"---\ntitle: To\n---\n".to_vec();
    big.resize(1024 * 1024 + 1, b'a');
    common::write_file(repo.path(), "procedures/to.md", &big);
    assert_eq!(
        check(repo.path()),
        [
            "error symlink-escape procedures/lien-ket.md:1:1",
            "error file-too-large procedures/to.md:1:1",
        ]
    );
}
