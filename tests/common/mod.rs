//! One helper that drives the real `itreg` binary, as mdBook's test suite does.

#![allow(dead_code)]

pub mod chrome;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixed "today" every test runs with, so date rules are reproducible.
pub const TODAY: &str = "2026-11-23";

pub fn itreg() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_itreg"));
    command
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CLICOLOR_FORCE")
        // Messages in the default language whatever the machine's locale.
        .env_remove("ITREG_LANG")
        .env_remove("LANG");
    command
}

/// Run `itreg --root ROOT --today TODAY ARGS…`.
pub fn run(root: &Path, args: &[&str]) -> Output {
    itreg()
        .arg("--root")
        .arg(root)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("the itreg binary runs")
}

/// An external tool (`git`, `pre-commit`…) run in `dir` as a member of
/// staff would: a fixed author, no colour, messages in the default language,
/// and the `itreg` under test first on `PATH`, since hooks and CI jobs run
/// the `itreg` they find there.
pub fn tool(dir: &Path, program: &str) -> Command {
    let itreg = Path::new(env!("CARGO_BIN_EXE_itreg"));
    let path = format!(
        "{}:{}",
        itreg.parent().expect("the binary is in a folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Nguyễn Văn An")
        .env("GIT_AUTHOR_EMAIL", "annv@bhxh.vss.gov.vn")
        .env("GIT_COMMITTER_NAME", "Nguyễn Văn An")
        .env("GIT_COMMITTER_EMAIL", "annv@bhxh.vss.gov.vn")
        .env("NO_COLOR", "1")
        .env_remove("ITREG_LANG")
        .env_remove("LANG");
    command
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy a folder tree (fixtures are copied so tests can change them).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let relative = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_symlink() {
            let link = std::fs::read_link(entry.path()).expect("readlink");
            std::os::unix::fs::symlink(link, &target).expect("symlink");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The sample repository (records, procedures, schemas and `itreg.toml`)
/// copied into a temporary folder, so a test can change it.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["records", "procedures", "schema"] {
        copy_tree(&repo_root().join(folder), &dir.path().join(folder));
    }
    std::fs::copy(
        repo_root().join("itreg.toml"),
        dir.path().join("itreg.toml"),
    )
    .unwrap();
    dir
}

/// Write `bytes` to `relative` under `root`, creating its folders.
pub fn write_file(root: &Path, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn site_files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every file under `dir` as text, XLSX workbooks and DOCX documents
/// unzipped, so a test can search every byte a site publishes.
pub fn site_text(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    site_files(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let text = if path.extension().is_some_and(|e| e == "xlsx" || e == "docx") {
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut all = String::new();
                for i in 0..archive.len() {
                    let mut entry = archive.by_index(i).unwrap();
                    std::io::Read::read_to_string(&mut entry, &mut all).unwrap();
                }
                all
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (path, text)
        })
        .collect()
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Structural validity: a doctype, a `lang`, balanced non-void elements,
/// unique ids, and no raw `<script>` with inline code.
pub fn assert_well_formed(path: &Path, html: &str) {
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}: no doctype",
        path.display()
    );
    assert!(
        html.contains("<html lang=\""),
        "{}: no lang",
        path.display()
    );
    let mut stack: Vec<String> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('!') {
            continue;
        }
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("{}: unclosed tag", path.display()));
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if let Some(id_at) = tag.find(" id=\"") {
            let id = &tag[id_at + 5..];
            let id = &id[..id.find('"').unwrap()];
            assert!(
                ids.insert(id.to_owned()),
                "{}: duplicate id {id}",
                path.display()
            );
        }
        if name == "script" && !closing {
            assert!(tag.contains("src="), "{}: inline script", path.display());
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if closing {
            let open = stack.pop().unwrap_or_default();
            assert_eq!(open, name, "{}: </{name}> closes <{open}>", path.display());
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "{}: unclosed {stack:?}", path.display());
}
