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
    /// A Word file laid out as an official document (Vietnamese).
    Docx,
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
    /// Write to this file instead of standard output (required for xlsx and docx).
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
/// [`load`], then the masking step (C2) unless the full model was asked
/// for: reports and forms read what the default site shows; the unit
/// head's copy is never published.
fn load_masked(
    root: &Path,
    at: Option<&str>,
    lang: Lang,
    today: NaiveDate,
    include_confidential: bool,
) -> Result<Checked, ExitCode> {
    let mut checked = load(root, at, lang, today)?;
    if !include_confidential {
        crate::mask::mask_checked(&mut checked);
    }
    Ok(checked)
}

pub(crate) fn load(
    root: &Path,
    at: Option<&str>,
    lang: Lang,
    today: NaiveDate,
) -> Result<Checked, ExitCode> {
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
            crate::term::fail(lang, &error);
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
        crate::term::fail(lang, &ReportError::UnknownReport(name.to_owned()));
        return ExitCode::from(2);
    };
    if matches!(args.format, ReportFormat::Xlsx | ReportFormat::Docx) && args.out.is_none() {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "định dạng xlsx, docx cần `--out TỆP`",
                "the xlsx and docx formats need `--out FILE`"
            )
        );
        return ExitCode::from(2);
    }
    let checked = match load_masked(root, at, lang, today, args.include_confidential) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let params = Params {
        unit: args.unit.clone(),
        period: args.period,
        today,
    };
    let report = match super::build_def(&checked.model, &def, &params) {
        Ok(report) => report,
        Err(error) => {
            crate::term::fail(lang, &error);
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
        // Official documents are Vietnamese, whatever `--lang` says.
        ReportFormat::Docx => {
            let paper = super::paper::report_paper(&checked.model, &report, Lang::Vi);
            match super::docx::render_docx(&paper, report.today) {
                Ok(bytes) => bytes,
                Err(error) => {
                    crate::term::fail(lang, &error);
                    return ExitCode::from(2);
                }
            }
        }
    };
    write_out(args.out.as_deref(), &bytes)
}

/// Write `bytes` to `out`, or to standard output.
fn write_out(out: Option<&Path>, bytes: &[u8]) -> ExitCode {
    let written = match out {
        Some(path) => std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormKind {
    /// Mẫu 01: a unit's list of requests (QC1114 Đ4.2.1).
    #[value(name = "mau-01")]
    Mau01,
    /// Mẫu 02: the IT centre's notice of the result, or of a lock (Đ4.2.2, Đ5.2.2).
    #[value(name = "mau-02")]
    Mau02,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormFormat {
    /// A printable page (A4), with the site's stylesheet inside.
    Html,
    /// A Word file.
    Docx,
}

#[derive(Debug, clap::Args)]
pub struct FormArgs {
    /// The form: mau-01 (a unit's requests) or mau-02 (the result, or a lock).
    #[arg(value_enum)]
    pub kind: FormKind,
    /// The mail request's id (e.g. 2026-hn-001); for Mẫu 02 of a lock,
    /// `khoa-<account>-<n>` (the n-th event of the account). Leave out with --blank.
    #[arg(required_unless_present = "blank")]
    pub id: Option<String>,
    /// A blank Mẫu 01 to fill in by hand (with --unit, for that unit).
    #[arg(long, conflicts_with = "id")]
    pub blank: bool,
    /// The unit a blank Mẫu 01 is for.
    #[arg(long, requires = "blank")]
    pub unit: Option<String>,
    /// html (a printable A4 page) or docx (a Word file; needs --out).
    #[arg(long, value_enum, default_value = "html")]
    pub format: FormFormat,
    /// Write to this file instead of standard output (required for docx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include confidential fields (mobile numbers); never publish the result.
    #[arg(long)]
    pub include_confidential: bool,
}

pub fn run_form(
    root: &Path,
    at: Option<&str>,
    args: FormArgs,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    if args.format == FormFormat::Docx && args.out.is_none() {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "định dạng docx cần `--out TỆP.docx`",
                "the docx format needs `--out FILE.docx`"
            )
        );
        return ExitCode::from(2);
    }
    if args.blank && args.kind != FormKind::Mau01 {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "chỉ Mẫu 01 có bản trống",
                "only Mẫu 01 has a blank form"
            )
        );
        return ExitCode::from(2);
    }
    let checked = match load_masked(root, at, lang, today, args.include_confidential) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let model = &checked.model;
    let form = match (&args.id, args.kind) {
        (_, FormKind::Mau01) if args.blank => {
            let unit = match &args.unit {
                Some(id) => match model.units.get(id) {
                    Some(unit) => Some(unit.name.to_string()),
                    None => {
                        eprintln!("itreg: {}", ReportError::UnknownUnit(id.clone()));
                        return ExitCode::from(2);
                    }
                },
                None => None,
            };
            Some(super::forms::Form {
                paper: super::forms::blank_mau_01(unit.as_deref()),
                date: super::forms::FORMS_ISSUED,
            })
        }
        (Some(id), FormKind::Mau01) => super::forms::mau_01(model, id),
        (Some(id), FormKind::Mau02) => super::forms::mau_02(model, id),
        (None, _) => None,
    };
    let Some(form) = form else {
        let id = args.id.as_deref().unwrap_or("");
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "không có hồ sơ cho mẫu này: `{id}` (yêu cầu chưa có, bị ẩn vì mật, hoặc chưa có kết quả)",
                "no record for this form: `{id}` (no such request, confidential, or no result yet)"
            )
        );
        return ExitCode::from(2);
    };
    let bytes = match args.format {
        FormFormat::Html => crate::render::paper::standalone_html(&form.paper).into_bytes(),
        FormFormat::Docx => match super::docx::render_docx(&form.paper, form.date) {
            Ok(bytes) => bytes,
            Err(error) => {
                crate::term::fail(lang, &error);
                return ExitCode::from(2);
            }
        },
    };
    write_out(args.out.as_deref(), &bytes)
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
