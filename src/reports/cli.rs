//! The `itreg report` and `itreg mail` commands: load the records the way
//! `itreg check` does, then build and write a report, or suggest an
//! address. Usage errors (unknown report, unit or period) exit with 2.

use super::{Params, Period, ReportError};
use crate::check::{self, CheckOptions, Checked};
use crate::diagnostic::{Lang, Severity};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The report (see --list), e.g. f1-equipment.
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// List the reports with their titles.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
    /// The unit (with every unit below it); defaults to the root unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// 2026Q3, 2026H2 or 2026; defaults to the last completed period.
    #[arg(long, value_parser = Period::parse)]
    pub period: Option<Period>,
    /// md (Markdown), csv, xlsx (needs --out) or json.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include confidential records (C2); never publish the result on the default site.
    #[arg(long)]
    pub include_confidential: bool,
}

#[derive(Debug, clap::Args)]
pub struct MailArgs {
    #[command(subcommand)]
    pub command: MailCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum MailCommand {
    /// Print the next free address for a full name (QC1114 Đ7): anhnv, anhnv1, anhnv2…
    Suggest {
        /// The full name, e.g. "Trần Thị Thu Hà".
        full_name: String,
        /// The mail domain of the address printed.
        #[arg(long, default_value = "vss.gov.vn")]
        domain: String,
    },
}

/// Check the records of the working tree, or of git revision `at` (the
/// global `--at REV`, e.g. a tag closing a quarter, for archived reports);
/// warn when the records have errors, as the report then uses only the
/// records that passed their schema.
fn load(root: &Path, at: Option<&str>, lang: Lang, today: NaiveDate) -> Result<Checked, ExitCode> {
    let options = CheckOptions { today, only: None };
    let checked = match at {
        Some(rev) => check::check_git(root, rev, &options),
        None => check::check_dir(root, &options),
    };
    match checked {
        Ok(checked) => {
            let errors = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            if errors > 0 {
                eprintln!(
                    "itreg: {}",
                    crate::say!(
                        lang,
                        "cảnh báo: hồ sơ có {errors} lỗi (xem `itreg check`); chỉ dùng các hồ sơ hợp lệ theo lược đồ",
                        "warning: the records have {errors} error(s) (see `itreg check`); only schema-valid records are used"
                    )
                );
            }
            Ok(checked)
        }
        Err(error) => {
            eprintln!("itreg: {error}");
            Err(ExitCode::from(2))
        }
    }
}

pub fn run_report(
    root: &Path,
    at: Option<&str>,
    args: ReportArgs,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    if args.list {
        for def in super::all() {
            let period = match def.period {
                Some(kind) => format!(" [--period {}]", kind.example()),
                None => String::new(),
            };
            crate::outln!(
                "{:<24} {:<11} {}{period}",
                def.id,
                def.clause,
                def.title().get(lang)
            );
        }
        return ExitCode::SUCCESS;
    }
    let Some(name) = args.name.as_deref() else {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "thiếu tên báo cáo (xem `itreg report --list`)",
                "missing report name (see `itreg report --list`)"
            )
        );
        return ExitCode::from(2);
    };
    let Some(def) = super::find(name) else {
        eprintln!("itreg: {}", ReportError::UnknownReport(name.to_owned()));
        return ExitCode::from(2);
    };
    if args.format == ReportFormat::Xlsx && args.out.is_none() {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "định dạng xlsx cần `--out TỆP.xlsx`",
                "the xlsx format needs `--out FILE.xlsx`"
            )
        );
        return ExitCode::from(2);
    }
    let mut checked = match load(root, at, lang, today) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    // The report reads the masked model unless the full one was asked
    // for (C2); the unit head's copy is never published.
    if !args.include_confidential {
        crate::mask::mask_checked(&mut checked);
    }
    let params = Params {
        unit: args.unit.clone(),
        period: args.period,
        today,
    };
    let report = match super::build_def(&checked.model, &def, &params) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("itreg: {error}");
            return ExitCode::from(2);
        }
    };
    let bytes = match args.format {
        ReportFormat::Md => super::render_markdown(&report, lang).into_bytes(),
        ReportFormat::Csv => super::render_csv(&report, lang),
        ReportFormat::Json => super::render_json(&report).into_bytes(),
        ReportFormat::Xlsx => match super::render_xlsx(&report, lang) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("itreg: xlsx: {error}");
                return ExitCode::from(2);
            }
        },
    };
    let written = match &args.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
                // `itreg report … | head`: the reader has all it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| e.to_string()),
            }
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("itreg: {error}");
            ExitCode::from(2)
        }
    }
}

pub fn run_mail(
    root: &Path,
    at: Option<&str>,
    args: MailArgs,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    match args.command {
        MailCommand::Suggest { full_name, domain } => {
            // Every address, confidential or not, is taken: no mask.
            let model = match load(root, at, lang, today) {
                Ok(checked) => checked.model,
                Err(code) => return code,
            };
            match super::mail::suggest_local_part(&model, &full_name) {
                Some(local) => {
                    let domain = domain.trim().trim_start_matches('@');
                    if domain.is_empty() {
                        crate::outln!("{local}");
                    } else {
                        crate::outln!("{local}@{domain}");
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "itreg: {}",
                        crate::say!(
                            lang,
                            "tên `{full_name}` không có chữ cái nào",
                            "the name `{full_name}` has no letters"
                        )
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}
