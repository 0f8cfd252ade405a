//! Names the commit the binary was built from, for `itreg --version`:
//! `git rev-parse` when building inside a git checkout, else
//! `$ITREG_COMMIT` (a source tarball's build script may set it), else
//! "unknown". No dependency: git is asked through the command line.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn main() {
    println!("cargo:rerun-if-env-changed=ITREG_COMMIT");
    let commit = std::env::var("ITREG_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    // A new commit or checkout moves HEAD's log; rebuild the version then.
    for path in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!(
        "cargo:rustc-env=ITREG_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
}
