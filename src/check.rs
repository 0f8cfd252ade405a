//! `itreg check`: load → validate → model, gathering every diagnostic.

use crate::config::Config;
use crate::diagnostic::Bilingual;
use crate::diagnostic::{self, Diagnostic};
use crate::load::procedures::{self, Procedure};
use crate::load::{self, Attachment, LoadOptions, ParseLimits, RawFile};
use crate::model::Model;
use crate::register::{Naming, Register};
use crate::rules;
use crate::timings;
use crate::validate::schema::{SchemaError, SchemaSet};
use crate::validate::{integrity, page_names};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub today: NaiveDate,
    /// Report only diagnostics in these files (relative to the root); the
    /// whole repository is still loaded so references resolve.
    pub only: Option<Vec<PathBuf>>,
}

/// Everything `check` learned: the model for later stages, and diagnostics.
pub struct Checked {
    pub model: Model,
    pub procedures: Vec<Procedure>,
    pub schemas: SchemaSet,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    Schema(#[from] SchemaError),
    Config(crate::diagnostic::Bilingual),
    Git(#[from] crate::git::GitError),
}

impl crate::term::Localized for CheckError {
    fn say(&self, lang: crate::diagnostic::Lang) -> String {
        match self {
            CheckError::Schema(error) => error.say(lang),
            CheckError::Config(message) => message.get(lang).to_owned(),
            CheckError::Git(error) => error.say(lang),
        }
    }
}

crate::display_both_languages!(CheckError);

pub fn load_options(config: &Config) -> LoadOptions {
    LoadOptions {
        max_file_bytes: config.check.max_file_bytes,
        max_files: config.check.max_files,
        limits: ParseLimits {
            max_depth: config.check.max_depth,
            max_string_chars: config.check.max_string_chars,
            ..ParseLimits::default()
        },
    }
}

/// Check the working tree at `root`.
pub fn check_dir(root: &Path, options: &CheckOptions) -> Result<Checked, CheckError> {
    let config = Config::load(root).map_err(CheckError::Config)?;
    let schemas = SchemaSet::load(Some(root))?;
    let load_options = load_options(&config);
    let collected = {
        let _timing = timings::phase("read files");
        load::files::collect_dir(root, &load_options)
    };
    let mut checked = check_files(
        collected.files,
        collected.attachments,
        collected.diagnostics,
        schemas,
        &config,
        options,
    );
    let (procedures, diagnostics) = procedures::collect(root, &load_options);
    let codeowners = stale_codeowners(root, &checked.model);
    add_procedures(
        &mut checked,
        procedures,
        diagnostics.into_iter().chain(codeowners).collect(),
        options,
    );
    Ok(checked)
}

/// Check the repository around `repo_root` as it was at `rev` (a tag such
/// as `2026-Q3-close`, a branch, a commit id: anything `git rev-parse`
/// accepts), reading records, procedures, schemas and `itreg.toml` from the
/// git objects without a checkout. See [`crate::git`] for the refusals.
pub fn check_git(
    repo_root: &Path,
    rev: &str,
    options: &CheckOptions,
) -> Result<Checked, CheckError> {
    let snapshot = crate::git::Snapshot::open(repo_root, rev)?;
    let config = snapshot.config().map_err(CheckError::Config)?;
    let schemas = snapshot.schemas()?;
    let load_options = load_options(&config);
    let collected = snapshot.collect_records(&load_options);
    let mut checked = check_files(
        collected.files,
        collected.attachments,
        collected.diagnostics,
        schemas,
        &config,
        options,
    );
    let (procedures, diagnostics) = snapshot.procedures(&load_options);
    add_procedures(&mut checked, procedures, diagnostics, options);
    Ok(checked)
}

/// Check the procedures and add them, with `extra` diagnostics, to a check
/// of the records; then apply `only` and sort.
fn add_procedures(
    checked: &mut Checked,
    procedures: Vec<Procedure>,
    mut extra: Vec<Diagnostic>,
    options: &CheckOptions,
) {
    for procedure in &procedures {
        extra.extend(check_procedure(&checked.schemas, procedure));
    }
    extra.extend(page_names::check_procedures(&procedures));
    if let Some(only) = &options.only {
        keep_only(&mut extra, only);
    }
    checked.diagnostics.extend(extra);
    diagnostic::sort(&mut checked.diagnostics);
    checked.procedures = procedures;
}

/// Drop the diagnostics of files outside `only`. An import checks every
/// record it plans, so both lists grow with the sheet: a set keeps this
/// linear (issue 21).
fn keep_only(diagnostics: &mut Vec<Diagnostic>, only: &[PathBuf]) {
    let only: HashSet<&Path> = only.iter().map(PathBuf::as_path).collect();
    diagnostics.retain(|d| only.contains(d.file.as_path()));
}

/// Keep the diagnostics of the files in `only`, and those of other files
/// placed at a field that names a record of these files (by its key, or,
/// for a file no longer there, by the id its name gives): deleting or
/// renaming a staff record shows the `assigned_to` it leaves dangling.
fn keep_only_and_related(diagnostics: &mut Vec<Diagnostic>, only: &[PathBuf], model: &Model) {
    let only: HashSet<&Path> = only.iter().map(PathBuf::as_path).collect();
    let mut named: HashSet<&str> = HashSet::new();
    let mut by_file: HashMap<&Path, &load::Record> = HashMap::new();
    for record in &model.records {
        if only.contains(record.path.as_path()) {
            named.insert(&record.key);
            named.extend(record.str_field("id"));
        }
        by_file.entry(record.path.as_path()).or_insert(record);
    }
    let gone = only.iter().filter(|path| !by_file.contains_key(*path));
    named.extend(gone.filter_map(|path| id_from_file_name(path)));
    let points_at_named = |d: &Diagnostic| {
        let Some(pointer) = d.pointer.as_deref() else {
            return false;
        };
        by_file
            .get(d.file.as_path())
            .and_then(|record| record.value.pointer(pointer))
            .and_then(crate::value::Value::as_str)
            .is_some_and(|value| named.contains(value))
    };
    diagnostics.retain(|d| only.contains(d.file.as_path()) || points_at_named(d));
}

/// The id a record file's name gives, in the registers whose files are
/// named by id (an inventory's file is named by its unit, not itself).
fn id_from_file_name(path: &Path) -> Option<&str> {
    let within = path.strip_prefix(load::RECORDS_DIR).ok()?;
    let (register, _) = Register::classify(within)?;
    matches!(register.naming(), Naming::Id | Naming::IdUnderUnit)
        .then(|| path.file_stem()?.to_str())
        .flatten()
}

/// CODEOWNERS (`.github/`, `.gitlab/`, `.gitea/`, …) routes each unit's
/// records to its IT staff; when the unit or staff records change, it must
/// be generated again.
fn stale_codeowners(root: &Path, model: &Model) -> Option<Diagnostic> {
    let (path, existing) = crate::codeowners::find(root)?;
    if crate::codeowners::is_current(model, &existing) {
        return None;
    }
    Some(
        Diagnostic::warning(
            "codeowners-stale",
            path,
            Bilingual::new(
                "CODEOWNERS không còn khớp với hồ sơ đơn vị và cán bộ",
                "CODEOWNERS no longer matches the unit and staff records",
            ),
        )
        .with_hint(
            format!("Chạy `itreg codeowners > {path}` rồi commit"),
            format!("Run `itreg codeowners > {path}` and commit it"),
        ),
    )
}

/// A procedure's front matter against its schema. The schema's clause
/// pattern admits only the clause ids of `regulations.md`.
fn check_procedure(schemas: &SchemaSet, procedure: &Procedure) -> Vec<Diagnostic> {
    schemas
        .validate("procedure", &procedure.front.to_json())
        .into_iter()
        .map(|violation| {
            let position = procedure.position(&violation.pointer);
            let message = Bilingual::new(
                format!("Phần khai báo quy trình: {}", violation.message.vi),
                format!("Procedure front matter: {}", violation.message.en),
            );
            Diagnostic::error("schema", &procedure.path, message)
                .at(position)
                .with_hint(violation.hint.vi, violation.hint.en)
        })
        .collect()
}

/// Check files from any source (a folder or a git tree).
pub fn check_files(
    files: Vec<RawFile>,
    attachments: Vec<Attachment>,
    mut diagnostics: Vec<Diagnostic>,
    schemas: SchemaSet,
    config: &Config,
    options: &CheckOptions,
) -> Checked {
    let loaded = {
        let _timing = timings::phase("parse");
        load::parse_files(files, &load_options(config))
    };
    diagnostics.extend(loaded.diagnostics);
    let schema_results: Vec<Vec<Diagnostic>> = {
        let _timing = timings::phase("schemas");
        loaded
            .records
            .par_iter()
            .map(|record| schemas.check_record(record))
            .collect()
    };
    let valid: Vec<bool> = schema_results.iter().map(Vec::is_empty).collect();
    diagnostics.extend(schema_results.into_iter().flatten());
    let mut model = {
        let _timing = timings::phase("model");
        Model::build(loaded.records, &valid)
    };
    model.attachments = attachments;
    diagnostics.extend(model.unread_diagnostics());
    {
        // Both only read the model: one runs while the other waits on a
        // record-by-record pass of its own.
        let _timing = timings::phase("integrity and rules");
        let (integrity, rules) = rayon::join(
            || {
                let mut found = integrity::check(&model, options.today);
                found.extend(page_names::check_records(&model.records));
                found
            },
            || rules::run(&model, options.today, config),
        );
        diagnostics.extend(integrity);
        diagnostics.extend(rules);
    }
    if let Some(only) = &options.only {
        keep_only_and_related(&mut diagnostics, only, &model);
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        model,
        procedures: Vec::new(),
        schemas,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::id_from_file_name;
    use std::path::Path;

    /// A deleted staff or asset file names its record; an inventory's file
    /// name is its unit's id and a training plan's its year, not theirs.
    #[test]
    fn only_files_named_by_id_give_an_id() {
        fn id(path: &str) -> Option<&str> {
            id_from_file_name(Path::new(path))
        }
        assert_eq!(
            id("records/staff/tran-thi-binh.yaml"),
            Some("tran-thi-binh")
        );
        assert_eq!(id("records/assets/hn/HN-PC-0001.yaml"), Some("HN-PC-0001"));
        assert_eq!(id("records/inventories/2025/hn-bd.yaml"), None);
        assert_eq!(id("records/training/2026.yaml"), None);
        assert_eq!(id("procedures/sao-luu.md"), None);
    }
}
