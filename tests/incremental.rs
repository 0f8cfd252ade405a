//! A rebuild after a small change leaves every file whose bytes did not
//! change as it was (same file, same modification time), so that a deploy
//! with `rsync` copies only what the change touched.

mod common;

use common::{run, sample_copy, stdout};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Every file of a site with its inode.
fn inodes(site: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(|entry| entry.expect("site readable"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(site).unwrap().to_owned();
            (relative, entry.metadata().unwrap().ino())
        })
        .collect()
}

/// Replace `from` with `to` in a file of the repository, which must hold it.
fn edit(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} holds {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// The files of `after` that are not the very files of `before`.
fn rewritten(before: &BTreeMap<PathBuf, u64>, after: &BTreeMap<PathBuf, u64>) -> Vec<PathBuf> {
    after
        .iter()
        .filter(|(path, inode)| before.get(*path) != Some(inode))
        .map(|(path, _)| path.clone())
        .collect()
}

fn build(root: &Path, out: &Path) -> String {
    let output = run(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    stdout(&output)
}

#[test]
fn a_rebuild_after_a_one_record_change_rewrites_only_what_changed() {
    let repo = sample_copy();
    let out = repo.path().join("public");
    build(repo.path(), &out);
    let before = inodes(&out);

    let unchanged = build(repo.path(), &out);
    assert_eq!(
        inodes(&out),
        before,
        "an unchanged rebuild keeps every file"
    );
    assert!(
        unchanged.contains("(0 tệp ghi mới"),
        "the summary says nothing was written: {unchanged}"
    );

    let record = "records/assets/hn/HN-PC-0001.yaml";
    edit(
        repo.path(),
        record,
        "RAM 8 GB, SSD 256 GB",
        "RAM 16 GB, SSD 256 GB",
    );
    build(repo.path(), &out);
    let after = inodes(&out);

    let rewritten = rewritten(&before, &after);
    let page = PathBuf::from("assets/HN-PC-0001.html");
    assert!(
        rewritten.contains(&page),
        "the changed record's page is written again: {rewritten:?}"
    );
    assert!(
        std::fs::read_to_string(out.join(&page))
            .unwrap()
            .contains("RAM 16 GB"),
        "and holds the change"
    );
    let untouched = PathBuf::from("assets/HN-NB-0001.html");
    assert!(before.contains_key(&untouched), "{untouched:?} is written");
    assert_eq!(before.get(&untouched), after.get(&untouched));
    assert!(
        rewritten.len() * 20 < after.len(),
        "{} of {} files rewritten: {rewritten:?}",
        rewritten.len(),
        after.len()
    );
}

/// As CI builds it: from git, after a commit that changes one record. The
/// build stamp (date and commit) is on the home page alone, so a commit
/// leaves the pages it does not touch byte for byte as they were.
#[test]
fn a_committed_one_record_change_rewrites_only_what_it_touched() {
    let repo = sample_copy();
    let git = |args: &[&str]| {
        let output = common::tool(repo.path(), "git")
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Sổ theo dõi"]);
    let out = repo.path().join("public");
    build(repo.path(), &out);
    let before = inodes(&out);

    edit(
        repo.path(),
        "records/assets/hn/HN-PC-0001.yaml",
        "RAM 8 GB",
        "RAM 16 GB",
    );
    git(&["commit", "-q", "-am", "Nâng RAM máy HN-PC-0001"]);
    build(repo.path(), &out);
    let after = inodes(&out);

    let rewritten = rewritten(&before, &after);
    for page in ["assets/HN-PC-0001.html", "en/units/hn.html"] {
        assert!(
            rewritten.contains(&PathBuf::from(page)),
            "{page} shows the change and its commit: {rewritten:?}"
        );
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("build-stamp"),
        "the home page keeps the stamp"
    );
    for page in [
        "assets/HN-NB-0001.html",
        "units/nd.html",
        "reports/index.html",
    ] {
        let page = PathBuf::from(page);
        assert!(before.contains_key(&page), "{page:?} is written");
        assert_eq!(before.get(&page), after.get(&page), "{page:?} stays");
    }
    assert!(
        rewritten.len() < 20,
        "{} of {} files rewritten: {rewritten:?}",
        rewritten.len(),
        after.len()
    );
}

/// Reports whose contents did not change are taken from the previous site
/// instead of being rendered again (`src/render/reuse.rs`), and the site is
/// then the same, byte for byte, as one built from nothing.
#[test]
fn a_rebuild_reuses_unchanged_reports_and_equals_a_build_from_nothing() {
    let repo = sample_copy();
    let out = repo.path().join("public");
    build(repo.path(), &out);
    let before = inodes(&out);

    edit(
        repo.path(),
        "records/units/nd-yy.yaml",
        "huyện Ý Yên",
        "huyện Ý Yên (mới)",
    );
    build(repo.path(), &out);
    let after = inodes(&out);

    let changed = PathBuf::from("reports/nd-yy/f1-equipment.html");
    assert_ne!(before.get(&changed), after.get(&changed));
    assert!(
        std::fs::read_to_string(out.join(&changed))
            .unwrap()
            .contains("Ý Yên (mới)")
    );
    for kept in [
        "reports/hn-bd/f1-equipment.html",
        "en/reports/hn-bd/index.html",
        "reports/hn-bd/f1-equipment.docx",
    ] {
        let kept = PathBuf::from(kept);
        assert!(before.contains_key(&kept), "{kept:?} is written");
        assert_eq!(before.get(&kept), after.get(&kept), "{kept:?} kept");
    }

    assert_same_as_a_fresh_build(repo.path(), &out);
}

/// Mark the file `relative` of the site at `out` by hand after `tag` and
/// rebuild the site from `root`: a reused file is taken as it was, so the
/// mark stays. The file's text before the edit.
fn hand_edit_survives_a_rebuild(root: &Path, out: &Path, relative: &str, tag: &str) -> String {
    let path = out.join(relative);
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = original.replacen(tag, &format!("{tag} data-edited"), 1);
    assert_ne!(edited, original, "{relative} has {tag}");
    std::fs::write(&path, edited).unwrap();
    build(root, out);
    let reused = std::fs::read_to_string(&path).unwrap();
    assert!(reused.contains("data-edited"), "{relative} taken as it was");
    original
}

/// The site at `out` is, byte for byte, the site built from nothing.
fn assert_same_as_a_fresh_build(root: &Path, out: &Path) {
    let fresh = root.join("fresh");
    build(root, &fresh);
    assert!(
        common::site_files(out) == common::site_files(&fresh),
        "the rebuilt site is the site built from nothing"
    );
}

/// What the reuse trusts: the site folder is itreg's own. A report file
/// edited there by hand stays while its report does not change, and
/// deleting the fingerprint list renders everything again.
#[test]
fn reports_come_from_the_previous_site_until_the_fingerprint_list_is_gone() {
    let repo = sample_copy();
    let out = repo.path().join("public");
    build(repo.path(), &out);
    let page = "reports/hn-bd/f1-equipment.html";
    let original = hand_edit_survives_a_rebuild(repo.path(), &out, page, "<h1");

    std::fs::remove_file(out.join(".itreg-reuse")).unwrap();
    build(repo.path(), &out);
    assert_eq!(std::fs::read_to_string(out.join(page)).unwrap(), original);
}

/// A unit's QR codes come from the previous site while its tags are the
/// same; a new device's tag gets its code in its unit's file, and the site
/// is then the site built from nothing.
#[test]
fn qr_codes_are_reused_until_their_tags_change() {
    let repo = sample_copy();
    let out = repo.path().join("public");
    build(repo.path(), &out);
    let qr = "labels/qr/hn-bd.svg";
    let original = hand_edit_survives_a_rebuild(repo.path(), &out, qr, "<svg");
    std::fs::write(out.join(qr), &original).unwrap();

    let device =
        std::fs::read_to_string(repo.path().join("records/assets/hn-bd/HN-BD-PC-0001.yaml"))
            .unwrap()
            .replace("HN-BD-PC-0001", "HN-BD-PC-0999")
            .replace("BHTCNXL", "BHTCNXZ");
    common::write_file(
        repo.path(),
        "records/assets/hn-bd/HN-BD-PC-0999.yaml",
        device,
    );
    let other = out.join("labels/qr/hn-cg.svg");
    let other_before = std::fs::metadata(&other).unwrap().modified().unwrap();
    build(repo.path(), &out);
    let codes = std::fs::read_to_string(out.join(qr)).unwrap();
    assert!(codes.contains("<view id=\"HN-BD-PC-0999\" "), "{codes}");
    let other_after = std::fs::metadata(&other).unwrap().modified().unwrap();
    assert_eq!(other_before, other_after, "another unit's codes are kept");

    assert_same_as_a_fresh_build(repo.path(), &out);
}
