//! The `itreg` command line: parse arguments, call the library, set the exit code.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use itreg::check::{self, CheckOptions};
use itreg::diagnostic::{Lang, Severity};
use itreg::output::{self, Format};
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
