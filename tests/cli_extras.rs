//! `itreg completions SHELL` and `itreg man [--out DIR]`, driven through the
//! real binary.

mod common;

use std::process::Output;

fn run(args: &[&str]) -> Output {
    common::itreg()
        .args(args)
        .output()
        .expect("the itreg binary runs")
}

/// The subcommands `itreg --help` lists, without clap's own `help`.
fn subcommands() -> Vec<String> {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = common::stdout(&output);
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    // Guards the parsing above: these must always be found.
    for known in [
        "check",
        "build",
        "serve",
        "diff",
        "report",
        "completions",
        "man",
    ] {
        assert!(names.iter().any(|n| n == known), "{known} in {names:?}");
    }
    names
}

#[test]
fn bash_completions_offer_every_subcommand() {
    let output = run(&["completions", "bash"]);
    assert_eq!(output.status.code(), Some(0));
    let script = common::stdout(&output);
    assert!(
        script.contains("complete -F _itreg"),
        "registers the function"
    );
    // The words offered after `itreg `: the top-level `opts="…"` line.
    let top = script
        .lines()
        .find(|line| line.trim_start().starts_with("opts=\"") && line.contains("--root"))
        .expect("the top-level option list");
    let words: Vec<&str> = top.split(['"', ' ']).collect();
    for name in subcommands() {
        assert!(
            words.contains(&name.as_str()),
            "bash completes `{name}`: {top}"
        );
        assert!(
            script.contains(&format!("itreg,{name})")),
            "bash descends into `{name}`"
        );
    }
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = common::stdout(&output);
        assert!(
            script.contains("itreg") && script.contains("check"),
            "{shell}"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = run(&["completions", "cmd.exe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid value 'cmd.exe'"), "{stderr}");
    assert!(stderr.contains("bash"), "lists the shells: {stderr}");
}

/// The first line after the apostrophe preamble roff writers add.
fn title_line(page: &str) -> &str {
    page.lines()
        .find(|line| !line.starts_with(".ie ") && !line.starts_with(".el "))
        .unwrap_or_default()
}

#[test]
fn man_writes_a_page_for_itreg_and_each_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man/man1");
    let output = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let main = std::fs::read_to_string(out.join("itreg.1")).expect("itreg.1");
    assert!(title_line(&main).starts_with(".TH itreg 1"), "{main}");
    for name in subcommands() {
        // roff escapes `-` as `\-`.
        assert!(
            main.contains(&format!("itreg\\-{name}(1)")),
            "itreg.1 lists {name}"
        );
        let page = std::fs::read_to_string(out.join(format!("itreg-{name}.1")))
            .unwrap_or_else(|e| panic!("itreg-{name}.1: {e}"));
        let title = title_line(&page);
        assert!(title.starts_with(&format!(".TH itreg-{name} 1")), "{page}");
        // The footer names the program and its version, not the subcommand.
        assert!(
            title
                .trim_end()
                .ends_with(concat!("\"itreg ", env!("CARGO_PKG_VERSION"), "\"")),
            "{title}"
        );
    }
    let check = std::fs::read_to_string(out.join("itreg-check.1")).unwrap();
    assert!(
        check.contains("deny\\-warnings"),
        "documents check's options"
    );
}

#[test]
fn man_without_out_prints_the_main_page() {
    let output = run(&["man"]);
    assert_eq!(output.status.code(), Some(0));
    let page = common::stdout(&output);
    assert!(title_line(&page).starts_with(".TH itreg 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
}

#[test]
fn man_reports_a_folder_it_cannot_create() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let output = run(&["man", "--out", blocker.join("sub").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("man"));
}
