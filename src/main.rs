//! The `itreg` command line: parse arguments, call the library, set the exit code.

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};
use itreg::check::{self, CheckOptions};
use itreg::diagnostic::{Lang, Severity};
use itreg::output::{self, Format};
use itreg::render::{self, BuildError, BuildOptions};
use itreg::serve;
use itreg::term::{self, ColorChoice, Localized};
use itreg::{out, outln, say};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "itreg",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ITREG_COMMIT"), ")"),
    about = "Sổ theo dõi CNTT dưới dạng mã — IT registers as code for BHXH"
)]
struct Cli {
    /// Repository root (the folder holding records/); it must exist.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Language of messages; defaults to $ITREG_LANG, then $LANG, then vi.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorChoice,
    /// The date rules and reports treat as today (YYYY-MM-DD); defaults to the system date.
    #[arg(long, global = true)]
    today: Option<NaiveDate>,
    /// Read records, procedures, schemas and itreg.toml from this git revision (tag, branch, commit) instead of the working tree.
    #[arg(long, global = true, value_name = "REV")]
    at: Option<String>,
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
        /// Report these files, and the problems in other files at a field naming one of their records (a deleted file's name works too; references resolve against the whole repository).
        paths: Vec<PathBuf>,
        /// Output: human (with source lines), github (workflow annotations and a step summary), gitlab (Code Quality JSON), json.
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
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Anything but a loopback address lets other machines read the site.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include confidential records and fields, with a "MẬT" banner on every page.
        #[arg(long)]
        include_confidential: bool,
    },
    /// Semantic diff of the records between two revisions, with the problems the change introduces and fixes.
    ///
    /// HEAD defaults to --at REV if given, else the working tree. BASE defaults to the merge base
    /// with origin/main when HEAD is not on it, else to HEAD (for the working tree) or HEAD~1.
    Diff {
        /// The revision to compare from.
        base: Option<String>,
        /// The revision to compare to.
        head: Option<String>,
        /// Output: markdown (for a merge request or step summary) or json.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
    },
    /// Print a CODEOWNERS file that routes each unit's records to its IT staff.
    Codeowners {
        /// Compare with .github/CODEOWNERS instead of printing; exit 1 if it is stale.
        #[arg(long)]
        check: bool,
    },
    /// Build a report (F1, F2, A4, A10, B6, C3, D2, D4, E1, M3, M4, M9, calendar) for one unit.
    Report(itreg::reports::cli::ReportArgs),
    /// In nhãn tài sản có mã QR / Asset label sheet with QR codes for one unit and the units below it, as one HTML file.
    Labels(itreg::labels::cli::LabelsArgs),
    /// Mail helpers: `mail suggest "Full Name"` prints the next free address (QC1114 Đ7).
    Mail(itreg::reports::cli::MailArgs),
    /// In mẫu QC1114 / Print a form: `form mau-01 ID`, `form mau-02 ID`, `form mau-01 --blank --unit U`, as HTML or DOCX.
    Form(itreg::reports::cli::FormArgs),
    /// In mã tự hoàn thành lệnh cho shell / Print shell completions, e.g. `itreg completions bash`.
    Completions {
        /// The shell to print completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Trang hướng dẫn man / Man pages: itreg.1 to standard output, or every page into --out.
    Man {
        /// Write itreg.1 and one page per subcommand (itreg-check.1, …) into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Write the JSON Schemas (the repository's own where it has them) for editors and other validators.
    Schema {
        /// The folder to write `<register>.schema.json` files into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Import a log book kept in Excel or CSV (assets, software, Mẫu 01 requests) as records.
    Import(itreg::import::ImportArgs),
    /// Create a records repository for one agency or province in an empty folder.
    Init(itreg::init::InitArgs),
    /// Write a new record with the next free id and every required field to fill in.
    New(itreg::scaffold::NewArgs),
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help`, `--version` and usage errors; a closed pipe after
            // `itreg --help | head -1` is no failure.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let lang = term::lang(cli.lang.map(|lang| match lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    }));
    if !cli.root.is_dir() {
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "không có thư mục {root} (--root)",
                "no such folder: {root} (--root)",
                root = cli.root.display()
            )
        );
        return ExitCode::from(2);
    }
    let today = cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let color = cli.color;
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => run_check(
            &cli.root,
            cli.at.as_deref(),
            paths,
            (format, color),
            deny_warnings,
            lang,
            today,
        ),
        Command::Build {
            out,
            include_confidential,
        } => run_build(
            &cli.root,
            cli.at,
            out,
            include_confidential,
            (lang, color),
            today,
        ),
        Command::Serve { .. } if cli.at.is_some() => {
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "serve dựng từ thư mục làm việc, không nhận --at; dùng `itreg build --at REV`",
                    "serve builds the working tree and takes no --at; use `itreg build --at REV`"
                )
            );
            ExitCode::from(2)
        }
        Command::Serve {
            port,
            bind,
            open,
            include_confidential,
        } => run_serve(
            &cli.root,
            (bind, port).into(),
            open,
            include_confidential,
            lang,
            today,
        ),
        Command::Diff { base, head, format } => run_diff(
            &cli.root,
            cli.at.as_deref(),
            (base, head),
            format,
            lang,
            today,
        ),
        Command::Codeowners { check } => {
            run_codeowners(&cli.root, cli.at.as_deref(), check, lang, today)
        }
        Command::Report(args) => {
            itreg::reports::cli::run_report(&cli.root, cli.at.as_deref(), args, lang, today)
        }
        Command::Labels(args) => {
            itreg::labels::cli::run(&cli.root, cli.at.as_deref(), &args, lang, today)
        }
        Command::Mail(args) => {
            itreg::reports::cli::run_mail(&cli.root, cli.at.as_deref(), args, lang, today)
        }
        Command::Form(args) => {
            itreg::reports::cli::run_form(&cli.root, cli.at.as_deref(), args, lang, today)
        }
        Command::Import(args) => {
            itreg::import::run(&cli.root, cli.at.as_deref(), &args, (lang, color), today)
        }
        Command::New(args) => {
            itreg::scaffold::run(&cli.root, cli.at.as_deref(), &args, lang, today)
        }
        Command::Init(args) => itreg::init::run(&args, lang, today),
        Command::Schema { out } => write_schemas(&cli.root, &out, lang),
        Command::Completions { shell } => print_completions(shell),
        Command::Man { out } => write_man_pages(out.as_deref(), lang),
    }
}

fn write_schemas(root: &std::path::Path, out: &std::path::Path, lang: Lang) -> ExitCode {
    let written = itreg::validate::schema::SchemaSet::load(Some(root))
        .map_err(|error| error.say(lang))
        .and_then(|schemas| {
            itreg::validate::schema::write_files(&schemas, out)
                .map_err(|error| format!("{}: {error}", out.display()))
        });
    match written {
        Ok(names) => {
            for name in names {
                outln!("{}", out.join(name).display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "không ghi được lược đồ: {error}",
                    "cannot write the schemas: {error}"
                )
            );
            ExitCode::from(2)
        }
    }
}

/// Completions and man pages come from the same clap definition that parses
/// the arguments, so they cannot drift from the real command line.
fn print_completions(shell: clap_complete::Shell) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "itreg", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    ExitCode::SUCCESS
}

fn write_man_pages(out: Option<&std::path::Path>, lang: Lang) -> ExitCode {
    let written = match out {
        Some(dir) => std::fs::create_dir_all(dir).and_then(|()| {
            let mut command = Cli::command().disable_help_subcommand(true);
            command.build();
            write_man_page_tree(command, dir)
        }),
        None => man_page(Cli::command()).render(&mut std::io::stdout()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // `itreg man | head`: the reader has all it wanted.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "không ghi được trang man: {error}",
                    "cannot write the man pages: {error}"
                )
            );
            ExitCode::from(2)
        }
    }
}

/// A command's page and, first, its subcommands' pages, as
/// `clap_mangen::generate_to` writes them but with every page's footer
/// naming itreg and its version.
fn write_man_page_tree(command: clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_man_page_tree(subcommand.clone(), dir)?;
    }
    man_page(command).generate_to(dir).map(drop)
}

/// A subcommand has no version of its own, so clap_mangen's footer would
/// read "check " instead of "itreg 0.1.0".
fn man_page(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(concat!("itreg ", env!("CARGO_PKG_VERSION")))
}

fn run_diff(
    root: &std::path::Path,
    at: Option<&str>,
    (base, head): (Option<String>, Option<String>),
    format: DiffFormat,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    use itreg::diff::{self, Side};
    let head = match head.or_else(|| at.map(str::to_owned)) {
        Some(rev) => Side::Rev(rev),
        None => Side::WorkTree,
    };
    let base = match base {
        Some(rev) => Ok(Side::Rev(rev)),
        None => diff::default_base(root, &head),
    };
    let options = CheckOptions { today, only: None };
    let result = base.and_then(|base| diff::diff(root, &base, &head, &options));
    match result {
        Ok(found) => {
            match format {
                DiffFormat::Markdown => out!("{}", diff::markdown(&found)),
                DiffFormat::Json => out!("{}", diff::json(&found)),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            term::fail(lang, &error);
            ExitCode::from(2)
        }
    }
}

fn run_codeowners(
    root: &std::path::Path,
    at: Option<&str>,
    check_only: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    use itreg::codeowners;
    let options = CheckOptions { today, only: None };
    let checked = match at {
        Some(rev) => check::check_git(root, rev, &options),
        None => check::check_dir(root, &options),
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(error) => {
            term::fail(lang, &error);
            return ExitCode::from(2);
        }
    };
    let generated = codeowners::codeowners(&checked.model);
    if !check_only {
        out!("{generated}");
        return ExitCode::SUCCESS;
    }
    let Some((path, existing)) = codeowners::find(root) else {
        let path = codeowners::CODEOWNERS_PATH;
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "chưa có {path}; chạy `itreg codeowners > {path}`",
                "{path} is missing; run `itreg codeowners > {path}`"
            )
        );
        return ExitCode::from(1);
    };
    if codeowners::is_current(&checked.model, &existing) {
        outln!(
            "{}",
            say!(lang, "{path} đã cập nhật", "{path} is up to date")
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "{path} đã cũ so với hồ sơ đơn vị và cán bộ; chạy `itreg codeowners > {path}`",
                "{path} is stale against the unit and staff records; run `itreg codeowners > {path}`"
            )
        );
        ExitCode::from(1)
    }
}

fn run_serve(
    root: &std::path::Path,
    address: std::net::SocketAddr,
    open: bool,
    include_confidential: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    let listener = match std::net::TcpListener::bind(address) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "không mở được cổng {address}: {error}; chọn cổng khác bằng --port",
                    "cannot listen on {address}: {error}; pick another port with --port"
                )
            );
            return ExitCode::from(2);
        }
    };
    if !address.ip().is_loopback() {
        let secret = match (include_confidential, lang) {
            (false, _) => "",
            (true, Lang::Vi) => ", kể cả hồ sơ mật",
            (true, Lang::En) => ", confidential records included",
        };
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "cảnh báo: đang phục vụ trên {address}, các máy khác trong mạng đọc được trang{secret}; dùng --bind 127.0.0.1 nếu chỉ xem trên máy này",
                "warning: serving on {address}, other machines on the network can read the site{secret}; use --bind 127.0.0.1 to keep it on this machine"
            )
        );
    }
    // Not `.itreg-cache/serve`: versions before the site marker left an
    // unmarked folder there, which the output-folder check would refuse.
    let out = root.join(".itreg-cache/preview");
    let options = BuildOptions {
        today,
        out: Some(out.clone()),
        include_confidential,
        progress: None,
        at: None,
    };
    let state = std::sync::Arc::new(std::sync::Mutex::new(serve::State::default()));
    let url = format!("http://{address}/");
    eprintln!("itreg: {url}");
    let server_state = std::sync::Arc::clone(&state);
    std::thread::spawn(move || serve::serve_dir(listener, out, server_state, true));
    if open && open_in_browser(&url).is_err() {
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "không mở được trình duyệt; hãy tự mở {url}",
                "could not open a browser; open {url} yourself"
            )
        );
    }
    serve::watch_and_rebuild(root, &options, &state, lang)
}

/// Open `url` with the desktop's own opener.
fn open_in_browser(url: &str) -> std::io::Result<std::process::Child> {
    use std::process::Command;
    if cfg!(target_os = "windows") {
        // `start`'s first quoted argument is a window title.
        Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else if cfg!(target_os = "macos") {
        Command::new("open").arg(url).spawn()
    } else {
        Command::new("xdg-open").arg(url).spawn()
    }
}

fn run_build(
    root: &std::path::Path,
    at: Option<String>,
    out: Option<PathBuf>,
    include_confidential: bool,
    (lang, color): (Lang, ColorChoice),
    today: NaiveDate,
) -> ExitCode {
    let options = BuildOptions {
        today,
        out,
        include_confidential,
        progress: std::io::stderr().is_terminal().then_some(lang),
        at: at.clone(),
    };
    match render::build(root, &options) {
        Ok(summary) => {
            for notice in &summary.notices {
                let notice = notice.get(lang);
                eprintln!("{}", say!(lang, "cảnh báo: {notice}", "warning: {notice}"));
            }
            let published = summary.published;
            let (pages, written, kept) = (published.pages, published.written, published.kept);
            let (records, seconds) = (summary.records, summary.seconds);
            let out = summary.out.display();
            outln!(
                "{}",
                say!(
                    lang,
                    "{pages} trang, {records} hồ sơ, {seconds:.2} giây → {out} ({written} tệp ghi mới, {kept} giữ nguyên)",
                    "{pages} pages, {records} records, {seconds:.2} s → {out} ({written} files written, {kept} unchanged)"
                )
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(count, diagnostics)) => {
            let snapshot = at.and_then(|rev| itreg::git::Snapshot::open(root, &rev).ok());
            let source = |path: &std::path::Path| match &snapshot {
                Some(snapshot) => snapshot.read_text(path),
                None => std::fs::read_to_string(root.join(path)).ok(),
            };
            let color = term::use_color(color, std::io::stderr().is_terminal());
            eprint!(
                "{}",
                output::render(Format::Human, &diagnostics, lang, color, &source)
            );
            eprintln!(
                "itreg: {}",
                say!(
                    lang,
                    "không dựng trang vì hồ sơ có {count} lỗi; trang cũ được giữ nguyên",
                    "not building: {count} error(s) in the records; the previous site is untouched"
                )
            );
            ExitCode::from(1)
        }
        Err(error) => {
            term::fail(lang, &error);
            ExitCode::from(2)
        }
    }
}

fn run_check(
    root: &std::path::Path,
    at: Option<&str>,
    paths: Vec<PathBuf>,
    (format, color): (Format, ColorChoice),
    deny_warnings: bool,
    lang: Lang,
    today: NaiveDate,
) -> ExitCode {
    if let Some(missing) = at
        .is_none()
        .then(|| {
            paths
                .iter()
                .find(|p| !p.exists() && !deleted_since_head(root, &relative_to(root, p)))
        })
        .flatten()
    {
        eprintln!(
            "itreg: {}",
            say!(
                lang,
                "không có tệp hay thư mục {path}; kiểm tra lại đường dẫn",
                "no such file or folder: {path}; check the path",
                path = missing.display()
            )
        );
        return ExitCode::from(2);
    }
    let only = (!paths.is_empty()).then(|| paths.iter().map(|p| relative_to(root, p)).collect());
    let options = CheckOptions { today, only };
    let checked = match at {
        Some(rev) => check::check_git(root, rev, &options),
        None => check::check_dir(root, &options),
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(error) => {
            term::fail(lang, &error);
            return ExitCode::from(2);
        }
    };
    let color = term::use_color(color, std::io::stdout().is_terminal());
    let snapshot = at.and_then(|rev| itreg::git::Snapshot::open(root, rev).ok());
    let source = |path: &std::path::Path| match &snapshot {
        Some(snapshot) => snapshot.read_text(path),
        None => std::fs::read_to_string(root.join(path)).ok(),
    };
    if format == Format::Github
        && let Some(summary_file) =
            std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty())
    {
        let summary = output::github::step_summary(&checked.diagnostics, &checked.model, lang);
        if let Err(error) = append_to(std::path::Path::new(&summary_file), &summary) {
            eprintln!("itreg: $GITHUB_STEP_SUMMARY: {error}");
        }
    }
    out!(
        "{}",
        output::render(format, &checked.diagnostics, lang, color, &source)
    );
    let failing = checked.diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    // Freeing the model of a large register is a tenth of a check's time,
    // spent on one core; the process ends now and frees it anyway.
    std::mem::forget(checked);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Add `text` to the end of a file (the step summary other steps also write).
fn append_to(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Whether `relative` (to `root`) is a file of the last commit: a record
/// deleted or renamed since, which `check PATH…` takes so that it reports
/// what the deletion breaks elsewhere. A typo is still refused.
fn deleted_since_head(root: &std::path::Path, relative: &std::path::Path) -> bool {
    itreg::git::Snapshot::open(root, "HEAD")
        .ok()
        .and_then(|snapshot| snapshot.read(relative))
        .is_some()
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

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand, argument and flag says what it is for in `--help`,
    /// the man pages and shell completions.
    #[test]
    fn every_flag_has_help_text() {
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, "itreg", &mut missing);
        assert!(missing.is_empty(), "no help text for: {missing:#?}");
    }

    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        if command.get_about().is_none() && path != "itreg" {
            missing.push(path.to_owned());
        }
        for arg in command.get_arguments() {
            let builtin = matches!(arg.get_id().as_str(), "help" | "version");
            if !builtin && !arg.is_hide_set() && arg.get_help().is_none() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

    #[test]
    fn the_walk_finds_an_undocumented_flag() {
        let command = clap::Command::new("x").arg(clap::Arg::new("bare").long("bare"));
        let mut missing = Vec::new();
        walk(&command, "itreg", &mut missing);
        assert_eq!(missing, ["itreg bare"]);
    }
}
