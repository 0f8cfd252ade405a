//! Procedures: `procedures/<slug>.md`, YAML front matter between `---`
//! lines, then Markdown whose task lists become checklists.

use super::LoadOptions;
use super::files::{self, decode};
use super::yaml::{self, ParseLimits, SourceMap};
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::value::Value;
use std::path::{Path, PathBuf};

pub const PROCEDURES_DIR: &str = "procedures";

#[derive(Debug, Clone)]
pub struct Procedure {
    pub slug: String,
    pub path: PathBuf,
    pub front: Value,
    pub source_map: SourceMap,
    /// The Markdown after the front matter.
    pub body: String,
    /// Line of the first front-matter line, to shift source positions.
    pub front_line: usize,
}

impl Procedure {
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.front.get(key).and_then(Value::as_str)
    }

    pub fn list_field(&self, key: &str) -> Vec<&str> {
        self.front
            .get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Position of a front-matter node in the Markdown file.
    pub fn position(&self, pointer: &str) -> (usize, usize) {
        let (line, column) = self.source_map.value_position(&self.front, pointer);
        (line + self.front_line - 1, column)
    }
}

/// Read every `procedures/*.md` under `root`, in name order, with the
/// working-tree refusals of records: links out of the repository, pipes
/// and devices, files over the size limit.
pub fn collect(root: &Path, options: &LoadOptions) -> (Vec<Procedure>, Vec<Diagnostic>) {
    let mut procedures = Vec::new();
    let mut diagnostics = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let folder = root.join(PROCEDURES_DIR);
    if let Some(refusal) = files::folder_escapes(root, &canonical_root, &folder) {
        return (procedures, vec![refusal]);
    }
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return (procedures, diagnostics);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for absolute in paths {
        let relative = absolute.strip_prefix(root).unwrap_or(&absolute).to_owned();
        match read_one(root, &canonical_root, &absolute, options) {
            Ok(Some(bytes)) => match decode(&relative, bytes)
                .and_then(|text| parse(&relative, &text, &options.limits))
            {
                Ok(procedure) => procedures.push(procedure),
                Err(diagnostic) => diagnostics.push(diagnostic),
            },
            Ok(None) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (procedures, diagnostics)
}

/// The bytes of one procedure file, or why it is not read.
fn read_one(
    root: &Path,
    canonical_root: &Path,
    absolute: &Path,
    options: &LoadOptions,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let relative = absolute.strip_prefix(root).unwrap_or(absolute);
    let Some(metadata) = files::regular_file(root, canonical_root, absolute)? else {
        return Ok(None);
    };
    if metadata.len() > options.max_file_bytes {
        return Err(files::too_large(
            relative,
            metadata.len(),
            options.max_file_bytes,
        ));
    }
    std::fs::read(absolute).map(Some).map_err(|error| {
        Diagnostic::error(
            "io",
            relative,
            Bilingual::new(
                format!("Không đọc được tệp: {error}"),
                format!("Could not read the file: {error}"),
            ),
        )
    })
}

pub fn parse(path: &Path, text: &str, limits: &ParseLimits) -> Result<Procedure, Diagnostic> {
    let missing = || {
        Diagnostic::error(
            "front-matter",
            path,
            Bilingual::new(
                "Quy trình phải bắt đầu bằng phần khai báo YAML giữa hai dòng ---",
                "A procedure must start with YAML front matter between two --- lines",
            ),
        )
        .with_hint(
            "Thêm ---, title, clauses, performed_by, applies_to, summary, rồi --- ở đầu tệp",
            "Add ---, title, clauses, performed_by, applies_to, summary, then --- at the top",
        )
    };
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(missing)?;
    let end = rest.find("\n---").ok_or_else(missing)?;
    let front_text = &rest[..end + 1];
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']).to_owned();
    let (front, source_map) = yaml::parse(front_text, limits).map_err(|error| {
        let mut diagnostic = super::files::parse_error_diagnostic(path, error);
        diagnostic.line += 1;
        diagnostic
    })?;
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Procedure {
        slug,
        path: path.to_owned(),
        front,
        source_map,
        body,
        front_line: 2,
    })
}
