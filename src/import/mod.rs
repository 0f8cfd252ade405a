//! `itreg import`: log books kept in Excel (or CSV) into records.
//!
//! read the sheets → find the header row → map columns by their folded
//! headers → turn each data row into a record → check the records in
//! memory together with the repository → write them.
//!
//! Nothing is written while any row is bad: the user fixes the sheet and
//! runs the import again, instead of sorting out which half went in. An
//! existing record is only rewritten with `--update`, and then keeps every
//! field the sheet does not fill.

mod assets;
pub mod columns;
pub mod dates;
pub mod header;
mod mail_requests;
mod patch;
mod resolve;
mod row;
mod software;
pub mod table;

use crate::check::{self, CheckOptions, Checked};
use crate::config::Config;
use crate::diagnostic::{self, Bilingual, Diagnostic, Lang};
use crate::ids::Ids;
use crate::load::{self, RawFile, files::Collected};
use crate::model::Model;
use crate::output::{self, Format};
use crate::register::Register;
use crate::term::{ColorChoice, Localized};
use crate::validate::schema::SchemaSet;
use chrono::NaiveDate;
use columns::Column;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the sheet holds: the equipment log book (II.1.2), the software
    /// log book (II.2.2) or a Mẫu 01 request list.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The spreadsheet: .xlsx, .xlsm, .xlsb, .xls, .ods, or .csv (UTF-8, separated by `,`, `;` or tab).
    pub file: PathBuf,
    /// The unit whose log book this is (its id, e.g. hn-q1).
    #[arg(long)]
    pub unit: String,
    /// Show the records that would be written, and check them, without writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Rewrite existing records the sheet matches (by id or serial), keeping
    /// the fields the sheet does not fill.
    #[arg(long)]
    pub update: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    Assets,
    Software,
    MailRequests,
}

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Assets => columns::ASSETS,
            ImportKind::Software => columns::SOFTWARE,
            ImportKind::MailRequests => columns::MAIL_REQUESTS,
        }
    }
}

/// A bad row, by its number in the spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub message: Bilingual,
}

impl Localized for RowError {
    fn say(&self, lang: Lang) -> String {
        let (row, message) = (self.row, self.message.get(lang));
        crate::say!(lang, "Dòng {row}: {message}", "Row {row}: {message}")
    }
}

crate::display_both_languages!(RowError);

/// A record to write.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The spreadsheet row it came from (the first, for a Mẫu 01 list).
    pub row: usize,
    /// Relative to the repository root.
    pub path: PathBuf,
    pub register: Register,
    pub fields: Map<String, Value>,
    /// It replaces an existing record (`--update`).
    pub update: bool,
    /// The YAML written, once rendered.
    pub text: String,
}

/// What the row builders share: the repository as it is, and the ids
/// handed out so far.
pub struct Context<'a> {
    pub root: &'a Path,
    pub model: &'a Model,
    pub unit: &'a str,
    pub update: bool,
    pub today: NaiveDate,
    pub ids: Ids,
    /// Units and staff by the names a sheet gives them.
    pub lookup: resolve::Lookup<'a>,
}

impl<'a> Context<'a> {
    pub fn new(
        root: &'a Path,
        model: &'a Model,
        unit: &'a str,
        update: bool,
        today: NaiveDate,
    ) -> Self {
        Context {
            root,
            model,
            unit,
            update,
            today,
            ids: Ids::from_model(model),
            lookup: resolve::Lookup::new(model),
        }
    }

    /// Whether a file already sits at `path`, parsed as a record or not.
    /// Refuse a new record whose file is already there: only `--update`
    /// may overwrite, and it matches records by id or serial first.
    pub fn refuse_existing(&self, path: &Path) -> Result<(), Bilingual> {
        if !self.root.join(path).exists() {
            return Ok(());
        }
        Err(Bilingual::new(
            format!("đã có tệp {}; dùng --update để ghi đè", path.display()),
            format!(
                "{} already exists; use --update to overwrite it",
                path.display()
            ),
        ))
    }
}

/// What a sheet's rows became.
#[derive(Debug, Default)]
pub struct Rows {
    pub planned: Vec<Planned>,
    pub errors: Vec<RowError>,
    pub notes: Vec<Bilingual>,
}

impl Rows {
    fn reject(&mut self, row: usize, problems: Vec<Bilingual>) {
        self.errors.extend(
            problems
                .into_iter()
                .map(|message| RowError { row, message }),
        );
    }
}

/// A log book read and checked, before anything is written.
#[derive(Debug)]
pub struct Import {
    pub notes: Vec<Bilingual>,
    pub errors: Vec<RowError>,
    pub planned: Vec<Planned>,
    /// `itreg check` on the repository with the planned records in it,
    /// limited to those records.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum ImportError {
    /// The command cannot run: a missing file, an unknown unit.
    Usage(Bilingual),
    /// The sheet is not a log book of this kind.
    Table(Bilingual),
}

impl Localized for ImportError {
    fn say(&self, lang: Lang) -> String {
        match self {
            ImportError::Usage(message) | ImportError::Table(message) => {
                message.get(lang).to_owned()
            }
        }
    }
}

/// Read `args.file` and turn it into records, checked but not written.
pub fn prepare(root: &Path, args: &ImportArgs, today: NaiveDate) -> Result<Import, ImportError> {
    let repo = Repo::load(root, today).map_err(ImportError::Usage)?;
    if !repo.checked.model.exists(Register::Unit, &args.unit) {
        return Err(ImportError::Usage(Bilingual::new(
            format!("Không có đơn vị '{}' trong records/units", args.unit),
            format!("There is no unit '{}' in records/units", args.unit),
        )));
    }
    let sheets = table::read(&args.file).map_err(ImportError::Usage)?;
    let layout = header::find(&sheets, args.kind.columns()).map_err(ImportError::Table)?;
    let sheet = &sheets[layout.sheet];
    let rows = header::data_rows(sheet, &layout);
    if rows.is_empty() {
        return Err(ImportError::Table(Bilingual::new(
            format!(
                "Bảng không có dòng dữ liệu nào dưới dòng tiêu đề {}",
                layout.header_row
            ),
            format!(
                "The table has no data rows under the header on row {}",
                layout.header_row
            ),
        )));
    }
    let mut built = build_rows(&repo, root, args, today, sheet, &rows);
    let mut notes = vec![found_note(&args.file, sheet, &layout)];
    notes.extend(ignored_note(&layout));
    notes.append(&mut built.notes);
    for planned in &mut built.planned {
        let (text, rewritten) = render(&repo.checked.schemas, root, planned);
        planned.text = text;
        notes.extend(rewritten);
    }
    let diagnostics = if built.errors.is_empty() {
        repo.check_with(&built.planned, today)
    } else {
        Vec::new()
    };
    Ok(Import {
        notes,
        errors: built.errors,
        planned: built.planned,
        diagnostics,
    })
}

fn build_rows(
    repo: &Repo,
    root: &Path,
    args: &ImportArgs,
    today: NaiveDate,
    sheet: &table::Sheet,
    rows: &[header::DataRow],
) -> Rows {
    let mut context = Context::new(root, &repo.checked.model, &args.unit, args.update, today);
    build(&mut context, args.kind, sheet, rows)
}

fn build(
    context: &mut Context,
    kind: ImportKind,
    sheet: &table::Sheet,
    rows: &[header::DataRow],
) -> Rows {
    match kind {
        ImportKind::Assets => assets::build(context, rows),
        ImportKind::Software => software::build(context, rows),
        ImportKind::MailRequests => mail_requests::build(context, sheet, rows),
    }
}

/// What `sheets` would become in a repository at `root` holding `model`:
/// the table found and each data row turned into a planned record or a
/// row error, as `itreg import` does before rendering, checking and
/// writing (`update` as `--update`). The fuzz target runs this on any
/// sheets.
pub fn plan(
    root: &Path,
    model: &Model,
    kind: ImportKind,
    sheets: &[table::Sheet],
    unit: &str,
    update: bool,
    today: NaiveDate,
) -> Result<Rows, Bilingual> {
    let layout = header::find(sheets, kind.columns())?;
    let sheet = &sheets[layout.sheet];
    let rows = header::data_rows(sheet, &layout);
    let mut context = Context::new(root, model, unit, update, today);
    Ok(build(&mut context, kind, sheet, &rows))
}

fn found_note(file: &Path, sheet: &table::Sheet, layout: &header::Layout) -> Bilingual {
    Bilingual::new(
        format!(
            "Đọc {}: trang tính \"{}\", dòng tiêu đề {}",
            file.display(),
            sheet.name,
            layout.header_row
        ),
        format!(
            "read {}: sheet \"{}\", header on row {}",
            file.display(),
            sheet.name,
            layout.header_row
        ),
    )
}

/// Extra columns are fine; say once which ones were left out.
fn ignored_note(layout: &header::Layout) -> Option<Bilingual> {
    if layout.ignored.is_empty() {
        return None;
    }
    let list = layout
        .ignored
        .iter()
        .map(|label| format!("\"{label}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Bilingual::new(
        format!("Bỏ qua các cột không dùng: {list}"),
        format!("ignored unused columns: {list}"),
    ))
}

/// The record's YAML. An update edits the existing file in place where it
/// can (see [`patch`]); otherwise the record is written whole: the schema
/// modeline, then the fields in the schema's order. The note says when an
/// update had to rewrite a file whole.
fn render(schemas: &SchemaSet, root: &Path, planned: &Planned) -> (String, Option<Bilingual>) {
    let schema = schemas.register_schema(planned.register);
    let ordered = crate::emit::in_schema_order(&planned.fields, schema);
    let whole = || {
        let depth = planned.path.components().count().saturating_sub(1);
        format!(
            "{}{}",
            crate::emit::modeline(planned.register.slug(), depth),
            crate::emit::record(&ordered)
        )
    };
    if !planned.update {
        return (whole(), None);
    }
    let old_text = std::fs::read_to_string(root.join(&planned.path));
    if let Some(text) = old_text
        .ok()
        .and_then(|old| patch::in_place(&old, &ordered))
    {
        return (text, None);
    }
    let path = planned.path.display();
    let note = Bilingual::new(
        format!(
            "{path} không sửa tại chỗ được nên được ghi lại cả tệp; chú thích `#` trong tệp (nếu có) bị mất"
        ),
        format!(
            "{path} could not be edited in place, so the whole file was rewritten; any `#` comments in it are lost"
        ),
    );
    (whole(), Some(note))
}

/// The repository as `itreg check` loads it.
struct Repo {
    config: Config,
    collected: Collected,
    checked: Checked,
}

impl Repo {
    fn load(root: &Path, today: NaiveDate) -> Result<Repo, Bilingual> {
        let config = Config::load(root)?;
        let schemas = SchemaSet::load(Some(root))
            .map_err(|e| Bilingual::new(e.say(Lang::Vi), e.say(Lang::En)))?;
        let collected = load::files::collect_dir(root, &check::load_options(&config));
        let checked = check::check_files(
            collected.files.clone(),
            collected.attachments.clone(),
            collected.diagnostics.clone(),
            schemas,
            &config,
            &CheckOptions {
                today,
                only: Some(Vec::new()),
            },
        );
        Ok(Repo {
            config,
            collected,
            checked,
        })
    }

    /// Check the repository with `planned` written into it, reporting only
    /// the planned files.
    fn check_with(self, planned: &[Planned], today: NaiveDate) -> Vec<Diagnostic> {
        let mut files = self.collected.files;
        // By path, so a sheet of n rows is not n scans of every file (issue 21).
        let mut index: HashMap<PathBuf, usize> = HashMap::with_capacity(files.len());
        for (i, file) in files.iter().enumerate() {
            index.entry(file.path.clone()).or_insert(i);
        }
        for record in planned {
            let file = RawFile::new(record.path.clone(), record.text.clone().into_bytes());
            match index.get(&record.path) {
                Some(&at) => files[at] = file,
                None => {
                    index.insert(record.path.clone(), files.len());
                    files.push(file);
                }
            }
        }
        let only = planned.iter().map(|p| p.path.clone()).collect();
        check::check_files(
            files,
            self.collected.attachments,
            self.collected.diagnostics,
            self.checked.schemas,
            &self.config,
            &CheckOptions {
                today,
                only: Some(only),
            },
        )
        .diagnostics
    }
}

/// Write every planned record, each through a temporary file renamed into
/// place. Returns how many were written before any failure.
pub fn write(root: &Path, planned: &[Planned]) -> Result<usize, (usize, Bilingual)> {
    for (written, record) in planned.iter().enumerate() {
        write_one(root, record).map_err(|e| {
            let path = record.path.display();
            (
                written,
                Bilingual::new(
                    format!("Không ghi được {path}: {e}"),
                    format!("Cannot write {path}: {e}"),
                ),
            )
        })?;
    }
    Ok(planned.len())
}

fn write_one(root: &Path, record: &Planned) -> std::io::Result<()> {
    let target = root.join(&record.path);
    if !record.update && target.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "tệp đã có / the file exists",
        ));
    }
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.itreg-tmp"));
    std::fs::write(&temporary, &record.text)?;
    std::fs::rename(&temporary, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// `itreg import`: read, report, write unless `--dry-run`, and check.
pub fn run(
    root: &Path,
    at: Option<&str>,
    args: &ImportArgs,
    (lang, color): (Lang, ColorChoice),
    today: NaiveDate,
) -> ExitCode {
    if at.is_some() {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "import ghi vào thư mục làm việc, không dùng được với --at",
                "import writes to the working tree and cannot take --at"
            )
        );
        return ExitCode::from(2);
    }
    let import = match prepare(root, args, today) {
        Ok(import) => import,
        Err(error) => {
            crate::term::fail(lang, &error);
            return ExitCode::from(match error {
                ImportError::Usage(_) => 2,
                ImportError::Table(_) => 1,
            });
        }
    };
    for note in &import.notes {
        crate::outln!("itreg: {}", note.get(lang));
    }
    if !import.errors.is_empty() {
        for error in &import.errors {
            eprintln!("{}", error.say(lang));
        }
        let rows = count_rows(&import.errors);
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "không ghi tệp nào vì {rows} dòng có lỗi; sửa bảng rồi nhập lại",
                "nothing written: {rows} row(s) have errors; fix the sheet and import again"
            )
        );
        return ExitCode::from(1);
    }
    if args.dry_run {
        print_preview(&import.planned, lang);
    } else if let Err(code) = write_and_list(root, &import.planned, lang) {
        return code;
    }
    let color = crate::term::use_color(color, std::io::stdout().is_terminal());
    print_check(root, &import, lang, color);
    if args.dry_run {
        crate::outln!(
            "itreg: {}",
            crate::say!(
                lang,
                "chạy thử, không ghi tệp nào",
                "dry run: nothing written"
            )
        );
    }
    if diagnostic::has_errors(&import.diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn count_rows(errors: &[RowError]) -> usize {
    let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

/// "new" or "updated", in the run's language.
fn action(planned: &Planned, lang: Lang) -> &'static str {
    match (planned.update, lang) {
        (true, Lang::Vi) => "cập nhật",
        (true, Lang::En) => "updated",
        (false, Lang::Vi) => "mới",
        (false, Lang::En) => "new",
    }
}

fn print_preview(planned: &[Planned], lang: Lang) {
    for record in planned {
        let (path, row, action) = (record.path.display(), record.row, action(record, lang));
        crate::outln!(
            "--- {}",
            crate::say!(
                lang,
                "{path} (dòng {row}, {action})",
                "{path} (row {row}, {action})"
            )
        );
        crate::out!("{}", record.text);
    }
}

fn write_and_list(root: &Path, planned: &[Planned], lang: Lang) -> Result<(), ExitCode> {
    match write(root, planned) {
        Ok(_) => {
            for record in planned {
                let (path, row, action) = (record.path.display(), record.row, action(record, lang));
                crate::outln!(
                    "{}",
                    crate::say!(
                        lang,
                        "{action}: {path} (dòng {row})",
                        "{action}: {path} (row {row})"
                    )
                );
            }
            let count = planned.len();
            let updated = planned.iter().filter(|p| p.update).count();
            let new = count - updated;
            crate::outln!(
                "itreg: {}",
                crate::say!(
                    lang,
                    "đã ghi {count} hồ sơ ({new} mới, {updated} cập nhật)",
                    "wrote {count} record(s) ({new} new, {updated} updated)"
                )
            );
            Ok(())
        }
        Err((written, message)) => {
            eprintln!("itreg: {}", message.get(lang));
            for record in &planned[..written] {
                let path = record.path.display();
                eprintln!(
                    "  {}",
                    crate::say!(lang, "đã ghi: {path}", "written: {path}")
                );
            }
            Err(ExitCode::from(2))
        }
    }
}

/// The check of the imported records, as `itreg check` prints it.
fn print_check(root: &Path, import: &Import, lang: Lang, color: bool) {
    // Every planned record may have a warning: look them up by path.
    let planned: HashMap<&Path, &str> = import
        .planned
        .iter()
        .map(|p| (p.path.as_path(), p.text.as_str()))
        .collect();
    let source = |path: &Path| {
        planned
            .get(path)
            .map(|text| (*text).to_owned())
            .or_else(|| std::fs::read_to_string(root.join(path)).ok())
    };
    crate::out!(
        "{}",
        output::render(Format::Human, &import.diagnostics, lang, color, &source)
    );
}

#[cfg(test)]
mod tests {
    use super::table::{Cell, Row, Sheet};
    use super::*;
    use proptest::prelude::*;

    /// Cells that are mostly noise, with enough real headers and values
    /// mixed in that some tables are found and their rows built.
    fn cell() -> impl Strategy<Value = Cell> {
        let words = vec![
            "Tên thiết bị",
            "Số seri",
            "Ngày trang bị",
            "Thời hạn bảo hành",
            "Điều kiện bảo hành",
            "Đơn vị sử dụng",
            "Tên cán bộ sử dụng",
            "Tên phần mềm",
            "Loại phần mềm",
            "Máy chủ cài đặt",
            "Họ và tên người dùng",
            "Nội dung yêu cầu",
            "Số ĐTDĐ",
            "31/02/2024",
            "15/03/2024",
            "Máy in laser",
            "Khóa",
            "Người lập",
            "(1)",
        ];
        prop_oneof![
            Just(Cell::Empty),
            "[ -~àđĐêơư\n]{0,12}".prop_map(Cell::Text),
            any::<f64>().prop_map(Cell::Number),
            any::<bool>().prop_map(Cell::Bool),
            prop::sample::select(words).prop_map(|s| Cell::Text(s.to_owned())),
        ]
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "Sheet1".into(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 1,
                    cells,
                })
                .collect(),
        }
    }

    proptest! {
        #[test]
        fn any_table_is_read_without_panicking(
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..12),
            update in any::<bool>(),
        ) {
            let sheet = sheet(rows);
            let model = Model::default();
            let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
            for kind in [ImportKind::Assets, ImportKind::Software, ImportKind::MailRequests] {
                let Ok(layout) = header::find(std::slice::from_ref(&sheet), kind.columns()) else {
                    continue;
                };
                let rows = header::data_rows(&sheet, &layout);
                let mut context = Context {
                    root: Path::new("/nonexistent"),
                    model: &model,
                    unit: "hn",
                    update,
                    today,
                    ids: Ids::default(),
                    lookup: resolve::Lookup::new(&model),
                };
                let built = match kind {
                    ImportKind::Assets => assets::build(&mut context, &rows),
                    ImportKind::Software => software::build(&mut context, &rows),
                    ImportKind::MailRequests => mail_requests::build(&mut context, &sheet, &rows),
                };
                // Every row is either planned or reported, never silently lost.
                prop_assert!(built.planned.len() + built.errors.len() > 0 || rows.is_empty());
            }
        }

        #[test]
        fn any_bytes_read_as_csv_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = table::read_csv(&bytes);
        }
    }
}
