//! A `Diagnostic` is the one currency of `itreg check`: every loader refusal,
//! schema error, broken reference and regulation rule reports through it, so
//! every output format sees the same facts.

use serde::Serialize;
use std::path::PathBuf;

/// Every code itreg reports apart from the regulation rules, whose codes are
/// the `clause` of each rule in [`crate::rules::all`]. `docs/chan-doan.md`
/// explains each one; `tests/docs.rs` checks this list against the source
/// and the guide, so a new code must be added here.
pub const CODES: &[&str] = &[
    // load: files that cannot be read or trusted
    "io",
    "too-many-files",
    "symlink-escape",
    "special-file",
    "extension",
    "file-too-large",
    "encoding",
    "bom",
    "tab-indent",
    "yaml-syntax",
    "duplicate-key",
    "multiple-documents",
    "too-deep",
    "alias-limit",
    "too-large",
    "string-too-long",
    "unknown-register",
    "misplaced-file",
    "empty-file",
    "not-a-mapping",
    "id-mismatch",
    "front-matter",
    // validate: the schema, then integrity across records
    "schema",
    "placeholder",
    // model: a schema-valid record the typed model cannot read
    "model",
    "ref-missing",
    "ref-kind",
    "ref-left",
    "duplicate-id",
    "duplicate-serial",
    "unit-root",
    "unit-cycle",
    "date-order",
    "future-date",
    "event-order",
    "reserved-name",
    // check: files generated from the records
    "codeowners-stale",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A text in both languages the UI speaks. Vietnamese comes first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    pub vi: Box<str>,
    pub en: Box<str>,
}

impl Bilingual {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            vi: vi.into().into_boxed_str(),
            en: en.into().into_boxed_str(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code: `schema`, `ref-missing`, … or a clause id such as `A7`.
    pub code: String,
    pub message: Bilingual,
    /// Boxed to keep `Result<_, Diagnostic>` small on the hot load path.
    pub hint: Option<Box<Bilingual>>,
    /// Path relative to the repository root, with `/` separators.
    pub file: PathBuf,
    /// 1-based; 1:1 when the problem concerns the whole file, so every
    /// annotation format can place it.
    pub line: usize,
    pub column: usize,
    /// The JSON pointer of the field concerned, where there is one: what
    /// identifies the problem when lines move (GitLab fingerprints). A
    /// thin box, like `hint`, to keep `Result<_, Diagnostic>` small.
    #[serde(skip)]
    pub pointer: Option<Box<String>>,
}

impl Diagnostic {
    pub fn error(code: impl Into<String>, file: impl Into<PathBuf>, message: Bilingual) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message,
            hint: None,
            file: file.into(),
            line: 1,
            column: 1,
            pointer: None,
        }
    }

    pub fn warning(code: impl Into<String>, file: impl Into<PathBuf>, message: Bilingual) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Place the diagnostic at a field: its position, and its pointer.
    pub fn at_field(self, position: (usize, usize), pointer: &str) -> Self {
        Diagnostic {
            pointer: Some(Box::new(pointer.to_owned())),
            ..self.at(position)
        }
    }

    pub fn with_hint(mut self, vi: impl Into<String>, en: impl Into<String>) -> Self {
        self.hint = Some(Box::new(Bilingual::new(vi, en)));
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn file_display(&self) -> String {
        self.file.to_string_lossy().replace('\\', "/")
    }
}

/// Sort diagnostics so output is stable whatever order the parallel stages
/// produced them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.code, &a.message.en).cmp(&(
            &b.file,
            b.line,
            b.column,
            &b.code,
            &b.message.en,
        ))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
