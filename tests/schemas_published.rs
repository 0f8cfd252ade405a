//! The JSON Schemas resolve anywhere: the site publishes them under
//! `schema/`, `itreg schema --out` writes the same files, and a generic
//! validator (check-jsonschema, from PyPI; `.ci/run` installs it) checks
//! every sample record against the published copies with no network.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Each register's folder under `records/` and its schema, as
/// `.vscode/settings.json` maps them.
const REGISTERS: &[(&str, &str)] = &[
    ("units", "unit"),
    ("staff", "staff"),
    ("assets", "asset"),
    ("inventories", "inventory"),
    ("software", "software"),
    ("networks", "network"),
    ("access", "access"),
    ("databases", "database"),
    ("data-requests", "data-request"),
    ("mail/accounts", "mail-account"),
    ("mail/requests", "mail-request"),
    ("training", "training"),
];

fn yaml_files(folder: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

#[test]
fn check_jsonschema_validates_every_sample_record_against_the_published_schemas_offline() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = common::run(
        &common::repo_root(),
        &["build", "--out", site.to_str().unwrap()],
    );
    assert!(built.status.success(), "{built:?}");
    let mut checked = 0;
    for (folder, schema) in REGISTERS {
        let files = yaml_files(&common::repo_root().join("records").join(folder));
        assert!(!files.is_empty(), "no sample records in {folder}");
        let output = Command::new("check-jsonschema")
            .arg("--no-cache")
            .arg("--schemafile")
            .arg(site.join(format!("schema/{schema}.schema.json")))
            .args(&files)
            // Any attempt to fetch a schema over the network fails.
            .env("http_proxy", "http://127.0.0.1:9")
            .env("https_proxy", "http://127.0.0.1:9")
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .output()
            .expect("check-jsonschema is installed (pip install check-jsonschema; .ci/run does)");
        assert!(
            output.status.success(),
            "{folder} against {schema}.schema.json:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        checked += files.len();
    }
    assert!(checked > 100, "{checked} records checked");
}

#[test]
fn a_published_schema_still_refuses_a_bad_record() {
    let out = tempfile::tempdir().unwrap();
    let written = common::itreg()
        .arg("schema")
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(written.status.success(), "{written:?}");
    let record = out.path().join("bad.yaml");
    std::fs::write(&record, "id: HN\nlevel: nowhere\n").unwrap();
    let output = Command::new("check-jsonschema")
        .arg("--no-cache")
        .arg("--schemafile")
        .arg(out.path().join("unit.schema.json"))
        .arg(&record)
        .env("https_proxy", "http://127.0.0.1:9")
        .output()
        .expect("check-jsonschema is installed");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn itreg_schema_writes_what_the_site_publishes() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(
        common::run(
            &common::repo_root(),
            &["build", "--out", site.to_str().unwrap()]
        )
        .status
        .success()
    );
    let editors = out.path().join("editors");
    let written = common::run(
        &common::repo_root(),
        &["schema", "--out", editors.to_str().unwrap()],
    );
    assert!(written.status.success(), "{written:?}");
    let listed = common::stdout(&written);
    // Every schema in `schema/`: the registers', common and procedure.
    let schemas = std::fs::read_dir(common::repo_root().join("schema"))
        .unwrap()
        .count();
    assert_eq!(schemas, 15);
    assert_eq!(listed.lines().count(), schemas, "{listed}");
    let names: Vec<_> = std::fs::read_dir(&editors)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), schemas);
    for name in names {
        let own = std::fs::read(editors.join(&name)).unwrap();
        let published = std::fs::read(site.join("schema").join(&name)).unwrap();
        assert_eq!(own, published, "{name:?}");
        let text = String::from_utf8(own).unwrap();
        // Nothing to resolve on a host that may not exist.
        assert!(!text.contains("\"$id\""), "{name:?}");
        assert!(!text.contains("itreg.vss.gov.vn"), "{name:?}");
    }
}
