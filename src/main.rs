//! The `itreg` command line: parse arguments, call the library, set the exit code.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use itreg::check::{self, CheckOptions};
use itreg::diagnostic::{Lang, Severity};
use itreg::output::{self, Format};
use itreg::render::{self, BuildError, BuildOptions};
use itreg::serve;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "itreg",
    version,
    about = "Sổ theo dõi CNTT dưới dạng mã — IT registers as code for BHXH"
)]
struct Cli {
    /// Repository root (the folder holding records/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value = "vi")]
    lang: LangArg,
    /// The date rules and reports treat as today (YYYY-MM-DD); defaults to the system date.
    #[arg(long, global = true)]
    today: Option<NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Vi,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every record: schema, references and regulation rules.
    Check {
        /// Report only these files (references still resolve against the whole repository).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check, then publish the static intranet site.
    Build {
        /// Output folder (default `public/`, or `public-restricted/` with --include-confidential).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include confidential records and fields, with a "MẬT" banner on every page.
        #[arg(long)]
        include_confidential: bool,
    },
    /// Build, serve on 127.0.0.1, and rebuild when records, procedures, schemas or templates change.
    Serve {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        include_confidential: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => run_check(&cli.root, paths, format, deny_warnings, lang, today),
        Command::Build {
            out,
            include_confidential,
        } => run_build(&cli.root, out, include_confidential, lang, today),
        Command::Serve {
            port,
            open,
            include_confidential,
        } => run_serve(&cli.root, port, open, include_confidential, lang, today),
    }
}

fn run_serve(
    root: &std::path::Path,
    port: u16,
    open: bool,
    include_confidential: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("itreg: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::from(2);
        }
    };
    let out = root.join(".itreg-cache/serve");
    let options = BuildOptions {
        today,
        out: Some(out.clone()),
        include_confidential,
        progress: false,
    };
    let state = std::sync::Arc::new(std::sync::Mutex::new(serve::State::default()));
    let url = format!("http://127.0.0.1:{port}/");
    eprintln!("itreg: {url}");
    let server_state = std::sync::Arc::clone(&state);
    std::thread::spawn(move || serve::serve_dir(listener, out, server_state, true));
    if open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    serve::watch_and_rebuild(root, &options, &state, lang)
}

fn run_build(
    root: &std::path::Path,
    out: Option<PathBuf>,
    include_confidential: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    let options = BuildOptions {
        today,
        out,
        include_confidential,
        progress: std::io::stderr().is_terminal(),
    };
    match render::build(root, &options) {
        Ok(summary) => {
            println!(
                "{} trang, {} hồ sơ, {:.2} giây → {} / {} pages, {} records, {:.2} s",
                summary.pages,
                summary.records,
                summary.seconds,
                summary.out.display(),
                summary.pages,
                summary.records,
                summary.seconds
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(count, diagnostics)) => {
            let source = |path: &std::path::Path| std::fs::read_to_string(root.join(path)).ok();
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!(
                "{}",
                output::render(Format::Human, &diagnostics, lang, color, &source)
            );
            eprintln!(
                "itreg: không dựng trang vì hồ sơ có {count} lỗi; trang cũ được giữ nguyên / not building: {count} error(s) in the records; the previous site is untouched"
            );
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("itreg: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_check(
    root: &std::path::Path,
    paths: Vec<PathBuf>,
    format: Format,
    deny_warnings: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    let only = (!paths.is_empty()).then(|| paths.iter().map(|p| relative_to(root, p)).collect());
    let options = CheckOptions { today, only };
    let checked = match check::check_dir(root, &options) {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("itreg: {error}");
            return ExitCode::from(2);
        }
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let source = |path: &std::path::Path| std::fs::read_to_string(root.join(path)).ok();
    print!(
        "{}",
        output::render(format, &checked.diagnostics, lang, color, &source)
    );
    let failing = checked.diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Paths on the command line are relative to the current folder; diagnostics
/// name files relative to the repository root.
fn relative_to(root: &std::path::Path, path: &std::path::Path) -> PathBuf {
    let absolute_root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    absolute
        .strip_prefix(&absolute_root)
        .map(|p| p.to_owned())
        .unwrap_or_else(|_| path.to_owned())
}
