//! One helper that drives the real `itreg` binary, as mdBook's test suite does.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixed "today" every test runs with, so date rules are reproducible.
pub const TODAY: &str = "2026-11-23";

pub fn itreg() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_itreg"));
    command.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
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
