//! A build that fails or dies never costs the published site: killed with
//! SIGKILL at any point, or stopped by a broken site template, `itreg build`
//! leaves the previous output byte for byte as it was, and the next build
//! succeeds and clears what the dead one left behind.

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn file_count(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    common::run(root, &["build", "--out", out.to_str().unwrap()])
}

fn assert_built(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ------------------------------------------------------- killed midway

/// Printers added to the sample: about 2,600 files to write in all.
const EXTRA_PRINTERS: usize = 200;
const LAST_PRINTER_PAGE: &str = "HN-BD-PRT-1199.html";

/// The sample plus `extra` printers in hn-bd, so that rendering and writing
/// take long enough to be interrupted at chosen points.
fn big_repository(extra: usize) -> tempfile::TempDir {
    let repo = common::sample_copy();
    let folder = repo.path().join("records/assets/hn-bd");
    let printer = std::fs::read_to_string(folder.join("HN-BD-PRT-0001.yaml")).unwrap();
    for n in 0..extra {
        let id = format!("HN-BD-PRT-{:04}", 1000 + n);
        let text = printer
            .replace("HN-BD-PRT-0001", &id)
            .replace("Q8KY068315", &format!("Q8KY{:06}", 500_000 + n));
        std::fs::write(folder.join(format!("{id}.yaml")), text).unwrap();
    }
    repo
}

/// When to send SIGKILL to a running build.
#[derive(Clone, Copy, Debug)]
enum KillPoint {
    /// After this long: while the records are checked or pages rendered.
    After(Duration),
    /// As soon as the staging folder exists: the first files are written.
    StagingAppears,
    /// Once the staging folder holds this many files: mid-write.
    StagingHolds(usize),
}

impl KillPoint {
    fn reached(self, started: Instant, staging: &Path) -> bool {
        match self {
            KillPoint::After(delay) => started.elapsed() >= delay,
            KillPoint::StagingAppears => staging.exists(),
            KillPoint::StagingHolds(files) => staging.exists() && file_count(staging) >= files,
        }
    }
}

/// How a build ended.
struct Ending {
    killed: bool,
    /// The staging folder existed when the kill was sent.
    staging_seen: bool,
}

fn kill_at(mut child: Child, point: KillPoint, staging: &Path) -> Ending {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if point.reached(started, staging) {
            let staging_seen = staging.exists();
            child.kill().unwrap();
            let status = child.wait().unwrap();
            return Ending {
                killed: status.signal() == Some(9),
                staging_seen,
            };
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the build never reached {point:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    Ending {
        killed: false,
        staging_seen: false,
    }
}

/// Put the sample's site back into `out` after a build that was not
/// killed in time replaced it.
fn restore(out: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) {
    std::fs::remove_dir_all(out).unwrap();
    for (path, bytes) in files {
        common::write_file(out, path, bytes);
    }
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_site_intact() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    let staging = work.path().join(".public.building");
    let previous = work.path().join(".public.previous");
    assert_built(&build(&common::repo_root(), &out));
    let before = common::site_files(&out);
    assert!(before.len() > 800, "the sample site has {}", before.len());

    let repo = big_repository(EXTRA_PRINTERS);
    let points = [
        KillPoint::After(Duration::from_millis(50)),
        KillPoint::After(Duration::from_millis(400)),
        KillPoint::StagingHolds(900),
        KillPoint::StagingAppears,
    ];
    let mut mid_write = 0;
    // A build that finished before its kill point published the big site.
    let mut finished_site = None;
    for point in points {
        if staging.exists() {
            // Left by the previous kill; cleared so the next kill point
            // sees this build's staging folder, not the old one.
            std::fs::remove_dir_all(&staging).unwrap();
        }
        let child = common::itreg()
            .arg("--root")
            .arg(repo.path())
            .args(["--today", common::TODAY, "build", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ending = kill_at(child, point, &staging);
        eprintln!(
            "{point:?}: killed {}, staging seen {}, {} files staged",
            ending.killed,
            ending.staging_seen,
            file_count(&staging)
        );
        assert!(out.is_dir(), "{point:?}: the site folder is gone");
        assert!(!previous.exists() || ending.killed, "{point:?}");
        let now = common::site_files(&out);
        if now == before {
            mid_write += usize::from(ending.killed && ending.staging_seen);
            continue;
        }
        // The swap happened: only a complete new site may be in place.
        assert!(
            !ending.killed || ending.staging_seen,
            "{point:?}: killed before writing, yet the site changed"
        );
        assert!(
            now.keys().any(|p| p.ends_with(LAST_PRINTER_PAGE)),
            "{point:?}: the site changed but is not the new one"
        );
        finished_site = Some(now);
        restore(&out, &before);
    }
    assert!(
        mid_write >= 1,
        "no kill landed while the staging folder was being written"
    );

    // The last kill left a half-written staging folder (or, had that build
    // won the race, a stand-in does); the next build clears it and publishes.
    if !staging.exists() {
        std::fs::create_dir_all(staging.join("units")).unwrap();
        std::fs::write(staging.join("units/hn.html"), "half written").unwrap();
    }
    let output = common::run(repo.path(), &["build", "--out", out.to_str().unwrap()]);
    assert_built(&output);
    assert!(!staging.exists(), "the staging folder was left behind");
    assert!(!previous.exists(), "the previous site was left behind");
    let after = common::site_files(&out);
    assert!(after.keys().any(|p| p.ends_with(LAST_PRINTER_PAGE)));
    if let Some(finished) = finished_site {
        assert!(finished == after, "an uninterrupted build differs");
    }
}

// ----------------------------------------------------- broken templates

/// The sample with its own templates folder, built once.
fn site_with_templates() -> (tempfile::TempDir, PathBuf, BTreeMap<PathBuf, Vec<u8>>) {
    let repo = common::sample_copy();
    std::fs::write(
        repo.path().join("itreg.toml"),
        "[site]\ntemplates_dir = \"giao-dien\"\n",
    )
    .unwrap();
    std::fs::create_dir(repo.path().join("giao-dien")).unwrap();
    let out = repo.path().join("public");
    assert_built(&build(repo.path(), &out));
    let before = common::site_files(&out);
    (repo, out, before)
}

/// The built-in `record.html` with `extra` appended to its third line.
fn broken_record_template(extra: &str) -> String {
    let text =
        std::fs::read_to_string(common::repo_root().join("site-templates/record.html")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2].push_str(extra);
    lines.join("\n") + "\n"
}

#[test]
fn a_broken_template_names_its_file_and_line_and_keeps_the_previous_site() {
    let (repo, out, before) = site_with_templates();
    let own = repo.path().join("giao-dien/record.html");
    // (what is broken, the text added to line 3, what Tera says)
    let cases = [
        (
            "a missing field, found while rendering",
            " {{ page.no_such_field.x }}",
            "no_such_field",
        ),
        (
            "an unknown filter, found when loading",
            " {{ page.key | no_such_filter }}",
            "no_such_filter",
        ),
        ("a tag that does not parse", " {% if %}", "%}"),
    ];
    for (what, extra, cause) in cases {
        std::fs::write(&own, broken_record_template(extra)).unwrap();
        let output = build(repo.path(), &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{what}: the build succeeded");
        let location = format!("{}:3:", own.display());
        assert!(
            stderr.contains(&location),
            "{what}: no {location} in\n{stderr}"
        );
        assert!(stderr.contains(cause), "{what}: no {cause} in\n{stderr}");
        assert!(
            stderr.contains("xóa tệp để dùng mẫu có sẵn"),
            "{what}: no advice in\n{stderr}"
        );
        assert!(
            !stderr.contains("delete it to use the built-in one"),
            "{what}: one language only\n{stderr}"
        );
        assert!(
            common::site_files(&out) == before,
            "{what}: the old site changed"
        );
        assert!(!repo.path().join(".public.building").exists(), "{what}");
    }
    // Deleting the broken copy falls back to the built-in template.
    std::fs::remove_file(&own).unwrap();
    assert_built(&build(repo.path(), &out));
}

#[test]
fn a_retired_table_template_is_reported_and_the_build_goes_on() {
    let (repo, out, _before) = site_with_templates();
    let own = repo.path().join("giao-dien/table.html");
    std::fs::write(&own, "<p>{{ table.heading }}</p>\n").unwrap();
    let output = build(repo.path(), &out);
    assert_built(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:", own.display())) && stderr.contains("hãy xóa tệp"),
        "no notice for the retired template in\n{stderr}"
    );
    // The tables are itreg's own, not the retired copy's.
    let list = std::fs::read_to_string(out.join("assets/index.html")).unwrap();
    assert!(list.contains("class=\"data-table\""));
    // Without the copy, nothing is said.
    std::fs::remove_file(&own).unwrap();
    let output = build(repo.path(), &out);
    assert_built(&output);
    assert!(!String::from_utf8_lossy(&output.stderr).contains("table.html"));
}
