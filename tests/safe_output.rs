//! Nothing lost, nothing leaked through the paths a user gives: the output
//! folder, the configured folders and links, page names, and the command
//! line's paths. Each test drives the real CLI on a copy of the sample.

mod common;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `itreg --lang en ARGS`: the refusals below are matched in English
/// (`cli_habits` checks that each is said in one language only).
fn run_en(root: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    common::run(root, &all)
}

fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_en(root, &args)
}

/// A refusal: exit 2, a message that says why, and nothing touched.
fn assert_refused(output: &Output, why: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    let message = stderr(output);
    assert!(message.contains(why), "expected `{why}` in: {message}");
}

fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    common::site_files(dir)
}

#[test]
fn build_refuses_to_replace_sources_or_a_foreign_folder() {
    let repo = common::sample_copy();
    let root = repo.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    common::write_file(root, ".git/HEAD", "ref: refs/heads/main\n");
    common::write_file(root, "mydocs/thesis.txt", "mine");
    let before = snapshot(root);
    let cases: [(&Path, &str); 6] = [
        (&root.join("records"), "sources"),
        (&root.join("records/assets/site"), "sources"),
        (&root.join("procedures"), "sources"),
        (&root.join("mydocs"), ".itreg-site"),
        (root, "repository root"),
        (&root.join("records/.."), "repository root"),
    ];
    for (out, why) in cases {
        let output = build_into(root, out, &[]);
        assert_refused(&output, why);
    }
    // The parent of the repository holds it: refused too.
    assert_refused(
        &build_into(root, root.parent().unwrap(), &[]),
        "repository root",
    );
    assert_eq!(snapshot(root), before, "a refused build changed nothing");
}

#[test]
fn build_refuses_another_repository_even_outside_this_one() {
    let repo = common::sample_copy();
    let other = common::sample_copy();
    let before = snapshot(other.path());
    let output = build_into(repo.path(), other.path(), &[]);
    assert_refused(&output, "records");
    assert_eq!(snapshot(other.path()), before);
}

#[test]
fn a_site_folder_is_rebuilt_and_carries_its_marker() {
    let repo = common::sample_copy();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    for _ in 0..2 {
        let output = build_into(repo.path(), &site, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let marker = std::fs::read_to_string(site.join(".itreg-site")).unwrap();
    assert_eq!(marker, "itreg public site\n");
    // An empty folder that exists is fine too.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(build_into(repo.path(), &empty, &[]).status.success());
}

#[test]
fn the_restricted_site_never_goes_where_the_public_one_lives() {
    let repo = common::sample_copy();
    let root = repo.path();
    // `--out public` is the configured public folder, built or not.
    let public = root.join("public");
    let output = build_into(root, &public, &["--include-confidential"]);
    assert_refused(
        &output,
        "restricted site never goes where the public site lives",
    );
    assert!(!public.exists());
    // A folder elsewhere that holds a public site is refused as well.
    let elsewhere = tempfile::tempdir().unwrap();
    let site = elsewhere.path().join("site");
    assert!(build_into(root, &site, &[]).status.success());
    let before = snapshot(&site);
    let output = build_into(root, &site, &["--include-confidential"]);
    assert_refused(&output, "holds the public site");
    assert_eq!(snapshot(&site), before);
    // And the restricted site's own folder takes it.
    let output = run_en(root, &["build", "--include-confidential"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let marker = std::fs::read_to_string(root.join("public-restricted/.itreg-site")).unwrap();
    assert!(marker.starts_with("itreg restricted site"));
}

#[test]
fn configured_folders_stay_inside_the_repository() {
    let repo = common::sample_copy();
    let root = repo.path();
    let config = std::fs::read_to_string(root.join("itreg.toml")).unwrap();
    let settings = [
        ("out_dir = \"../elsewhere\"", "out_dir"),
        ("out_dir = \"/tmp/itreg-anywhere\"", "out_dir"),
        ("templates_dir = \"/etc\"", "templates_dir"),
        ("templates_dir = \"site/../../up\"", "templates_dir"),
        ("restricted_out_dir = \"..\"", "restricted_out_dir"),
    ];
    for (setting, key) in settings {
        let text = config.replace("[site]\n", &format!("[site]\n{setting}\n"));
        std::fs::write(root.join("itreg.toml"), text).unwrap();
        for command in [&["build"][..], &["check"]] {
            let output = run_en(root, command);
            assert_refused(&output, key);
            assert!(stderr(&output).contains("inside the repository"));
        }
    }
    assert!(!Path::new("/tmp/itreg-anywhere").exists());
    // A folder inside the sources is refused when the build starts.
    let text = config.replace("[site]\n", "[site]\nout_dir = \"records/site\"\n");
    std::fs::write(root.join("itreg.toml"), text).unwrap();
    assert_refused(&run_en(root, &["build"]), "sources");
    assert!(!root.join("records/site").exists());
}

#[test]
fn links_must_be_web_addresses() {
    let repo = common::sample_copy();
    let root = repo.path();
    let config = std::fs::read_to_string(root.join("itreg.toml")).unwrap();
    for (key, url) in [
        ("edit_url", "javascript:alert(1)//{path}"),
        ("commit_url", " JavaScript:alert(document.cookie)//{commit}"),
        ("edit_url", "file:///etc/passwd#{path}"),
    ] {
        let text = config
            .lines()
            .filter(|line| !line.starts_with(key))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("[site]\n", &format!("[site]\n{key} = \"{url}\"\n"));
        std::fs::write(root.join("itreg.toml"), text).unwrap();
        let output = run_en(root, &["build"]);
        assert_refused(&output, "http:// or https://");
        assert!(!root.join("public").exists());
    }
}

#[test]
fn templates_are_read_only_from_inside_the_repository() {
    let repo = common::sample_copy();
    let root = repo.path();
    let config = std::fs::read_to_string(root.join("itreg.toml")).unwrap();
    let text = config.replace("[site]\n", "[site]\ntemplates_dir = \"theme\"\n");
    std::fs::write(root.join("itreg.toml"), text).unwrap();
    std::fs::create_dir(root.join("theme")).unwrap();
    let secret = tempfile::tempdir().unwrap();
    common::write_file(secret.path(), "passwd", "root:x:0:0:SECRET-OUTSIDE-4471");
    std::os::unix::fs::symlink(secret.path().join("passwd"), root.join("theme/404.html")).unwrap();
    let output = run_en(root, &["build"]);
    assert_refused(&output, "outside the repository");
    assert!(stderr(&output).contains("theme/404.html"));
    assert!(!root.join("public").exists());
    // A folder link that leaves the repository is refused the same way.
    std::fs::remove_dir_all(root.join("theme")).unwrap();
    std::os::unix::fs::symlink(secret.path(), root.join("theme")).unwrap();
    std::fs::rename(secret.path().join("passwd"), secret.path().join("404.html")).unwrap();
    assert_refused(&run_en(root, &["build"]), "outside the repository");
    // A link that stays inside is an ordinary template.
    std::fs::remove_file(root.join("theme")).unwrap();
    std::fs::create_dir(root.join("theme")).unwrap();
    common::write_file(
        root,
        "mine/404.html",
        "{% extends \"base.html\" %}{% block content %}OWN-404-PAGE{% endblock %}",
    );
    std::os::unix::fs::symlink(root.join("mine/404.html"), root.join("theme/404.html")).unwrap();
    let output = run_en(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(root.join("public/404.html")).unwrap();
    assert!(page.contains("OWN-404-PAGE"));
}

#[test]
fn a_source_folder_that_links_out_is_not_read() {
    let repo = common::sample_copy();
    let root = repo.path();
    let outside = tempfile::tempdir().unwrap();
    common::copy_tree(&root.join("procedures"), outside.path());
    std::fs::remove_dir_all(root.join("procedures")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("procedures")).unwrap();
    let output = common::run(root, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = common::stdout(&output);
    assert!(text.contains("symlink-escape"), "{text}");
}

#[test]
fn page_names_that_collide_with_generated_pages_are_refused() {
    let repo = common::sample_copy();
    let root = repo.path();
    let procedure = std::fs::read(root.join("procedures/sao-luu-du-lieu.md")).unwrap();
    for name in ["index.md", "Sao-Luu.md", "javascript:alert(1).md", "con.md"] {
        common::write_file(root, Path::new("procedures").join(name), &procedure);
        let output = common::run(root, &["check", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let refused = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "reserved-name" && d["file"] == format!("procedures/{name}"));
        assert!(refused, "{name}: {report}");
        std::fs::remove_file(root.join("procedures").join(name)).unwrap();
    }
    assert!(common::run(root, &["check"]).status.success());
}

#[test]
fn check_of_a_missing_path_fails() {
    let repo = common::sample_copy();
    let output = common::run(repo.path(), &["check", "records/units/no-such-unit.yaml"]);
    assert_refused(&output, "không có tệp hay thư mục");
}

#[test]
fn max_depth_is_capped_where_the_reader_is_safe() {
    let repo = common::sample_copy();
    let root = repo.path();
    let config = std::fs::read_to_string(root.join("itreg.toml")).unwrap();
    let raised = config.replace("[check]\n", "[check]\nmax_depth = 1000000\n");
    std::fs::write(root.join("itreg.toml"), raised).unwrap();
    assert_refused(&run_en(root, &["check"]), "max_depth");
    // At the cap, a record nested far deeper is refused, not a crash.
    let capped = config.replace("[check]\n", "[check]\nmax_depth = 64\n");
    std::fs::write(root.join("itreg.toml"), capped).unwrap();
    let deep = format!("id: deep\nx: {}1{}\n", "[".repeat(200), "]".repeat(200));
    common::write_file(root, "records/units/deep.yaml", deep);
    let deep_map: String = (0..62)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    common::write_file(
        root,
        "records/units/deeper.yaml",
        format!("id: deeper\n{deep_map}"),
    );
    let output = common::run(root, &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(common::stdout(&output).contains("too-deep"));
    let output = run_en(root, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}
