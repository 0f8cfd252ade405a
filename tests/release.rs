//! The release packaging that `.github/workflows/release.yml` runs, run here
//! on the test build: binary, man pages, completions and checksums that verify.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn package(cwd: &Path, dist: &Path) -> Output {
    Command::new("bash")
        .current_dir(cwd)
        .arg(common::repo_root().join("scripts/package-release.sh"))
        .arg(env!("CARGO_BIN_EXE_itreg"))
        .arg(dist)
        .output()
        .unwrap()
}

fn sh(cwd: &Path, script: &str) -> Output {
    Command::new("sh")
        .current_dir(cwd)
        .args(["-c", script])
        .output()
        .unwrap()
}

#[test]
fn a_release_holds_the_binary_its_man_pages_completions_and_checksums() {
    let dist = tempfile::tempdir().unwrap();
    let output = package(&common::repo_root(), dist.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let verified = sh(dist.path(), "sha256sum -c SHA256SUMS");
    assert!(verified.status.success(), "{}", common::stdout(&verified));
    assert_eq!(
        common::stdout(&verified),
        "itreg-x86_64-linux: OK\nitreg-man-and-completions.tar.gz: OK\n"
    );

    let listing = common::stdout(&sh(
        dist.path(),
        "tar -tzf itreg-man-and-completions.tar.gz | sort",
    ));
    for expected in [
        "man/itreg.1",
        "man/itreg-check.1",
        "man/itreg-build.1",
        "completions/itreg.bash",
        "completions/itreg.zsh",
        "completions/itreg.fish",
        "completions/itreg.powershell",
        "completions/itreg.elvish",
    ] {
        assert!(
            listing.lines().any(|l| l == expected),
            "{expected} missing from:\n{listing}"
        );
    }
    let bash = std::fs::read_to_string(dist.path().join("completions/itreg.bash")).unwrap();
    assert!(bash.contains("complete -F _itreg"), "{bash}");

    // The packaged binary is the one that runs.
    let version = sh(dist.path(), "./itreg-x86_64-linux --version");
    assert!(
        common::stdout(&version).starts_with("itreg "),
        "{version:?}"
    );
}

#[test]
fn a_binary_built_from_another_commit_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let made = sh(
        scratch.path(),
        "git init -q && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m other",
    );
    assert!(made.status.success(), "{made:?}");
    let dist = scratch.path().join("dist");
    let output = package(scratch.path(), &dist);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not name the commit"), "{stderr}");
    assert!(!dist.join("SHA256SUMS").exists());
}
