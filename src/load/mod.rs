//! The load stage: find record files, refuse what cannot be trusted, and parse
//! the rest into JSON values with source maps. It knows nothing of schemas,
//! references or HTML.

mod block_yaml;
pub mod content;
pub mod files;
mod plain_yaml;
pub mod procedures;
pub mod yaml;

use crate::diagnostic::{Bilingual, Diagnostic};
use crate::register::{Naming, Register};
use crate::value::Value;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
pub use yaml::{ParseLimits, Position, SourceMap};

/// Where records live inside a repository.
pub const RECORDS_DIR: &str = "records";

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Largest record file accepted, in bytes (1 MiB by default).
    pub max_file_bytes: u64,
    /// Most record files read from one repository.
    pub max_files: usize,
    pub limits: ParseLimits,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 1024 * 1024,
            max_files: 1_000_000,
            limits: ParseLimits::default(),
        }
    }
}

/// A file as read from disk or from a git tree, before any parsing.
#[derive(Clone, Debug)]
pub struct RawFile {
    /// Relative to the repository root, e.g. `records/units/hn.yaml`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// The executable permission bit (unix mode, or git's 100755).
    pub executable: bool,
}

impl RawFile {
    /// A file without the executable bit, as most are.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        RawFile {
            path: path.into(),
            bytes,
            executable: false,
        }
    }
}

/// A file under `records/` that is not YAML: scanned minutes and the like.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub path: PathBuf,
    pub size: u64,
    /// The executable permission bit (unix mode, or git's 100755).
    pub executable: bool,
    /// What its first bytes say it is, whatever its name says.
    pub content: content::Content,
}

/// One parsed record.
#[derive(Clone, Debug)]
pub struct Record {
    pub register: Register,
    /// Relative to the repository root.
    pub path: PathBuf,
    /// The record's identity within its register: the id, or `year/unit` for
    /// inventories and the year for training plans.
    pub key: String,
    pub value: Value,
    pub source_map: SourceMap,
    /// The file's executable permission bit, which no record should have.
    pub executable: bool,
}

impl Record {
    pub fn str_field(&self, name: &str) -> Option<&str> {
        self.value.get(name).and_then(Value::as_str)
    }

    pub fn position(&self, pointer: &str) -> Position {
        self.source_map.value_position(&self.value, pointer)
    }
}

/// What the load stage hands on: records that parsed, the files around them,
/// and every refusal.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    pub attachments: Vec<Attachment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse every raw file in parallel. Results keep the input's order.
pub fn parse_files(files: Vec<RawFile>, options: &LoadOptions) -> Loaded {
    let results: Vec<Result<Record, Diagnostic>> = files
        .into_par_iter()
        .map(|file| parse_record(file, options))
        .collect();
    rayon::broadcast(|_| crate::value::forget_shared_texts());
    crate::value::forget_shared_texts();
    let mut loaded = Loaded::default();
    for result in results {
        match result {
            Ok(record) => loaded.records.push(record),
            Err(diagnostic) => loaded.diagnostics.push(diagnostic),
        }
    }
    loaded
}

/// Turn one file into a record, or into the single diagnostic that says why not.
pub fn parse_record(file: RawFile, options: &LoadOptions) -> Result<Record, Diagnostic> {
    let RawFile {
        path,
        bytes,
        executable,
    } = file;
    let within_records = path.strip_prefix(RECORDS_DIR).unwrap_or(&path).to_owned();
    let (register, middle) = Register::classify(&within_records).ok_or_else(|| {
        Diagnostic::error(
            "unknown-register",
            &path,
            Bilingual::new(
                "Tệp không thuộc sổ nào trong records/",
                "This file is not in any register folder under records/",
            ),
        )
        .with_hint(
            "Chuyển tệp vào đúng thư mục sổ, ví dụ records/assets/<đơn vị>/",
            "Move the file into its register's folder, e.g. records/assets/<unit>/",
        )
    })?;
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(files::too_large(
            &path,
            bytes.len() as u64,
            options.max_file_bytes,
        ));
    }
    let text = files::decode(&path, bytes)?;
    let (value, source_map) = yaml::parse(&text, &options.limits).map_err(|error| {
        files::tab_indentation(&path, &text, error.position.0)
            .unwrap_or_else(|| files::parse_error_diagnostic(&path, error))
    })?;
    if let Some((pointer, is_key)) = overlong_string(&value, options.limits.max_string_chars) {
        let limit = options.limits.max_string_chars;
        let (what_vi, what_en, position) = if is_key {
            (
                "Tên trường",
                "A key",
                source_map.key_position(&value, &pointer),
            )
        } else {
            (
                "Giá trị văn bản",
                "A text value",
                source_map.value_position(&value, &pointer),
            )
        };
        return Err(Diagnostic::error(
            "string-too-long",
            &path,
            Bilingual::new(
                format!("{what_vi} dài quá {limit} ký tự"),
                format!("{what_en} is longer than {limit} characters"),
            ),
        )
        .at(position)
        .with_hint(
            "Rút gọn nội dung; tài liệu dài nên đính kèm dưới dạng tệp minh chứng",
            "Shorten it; attach long documents as evidence files instead",
        ));
    }
    if value.is_null() {
        return Err(Diagnostic::error(
            "empty-file",
            &path,
            Bilingual::new("Tệp hồ sơ trống", "The record file is empty"),
        )
        .with_hint(
            "Điền các trường của hồ sơ, hoặc xóa tệp",
            "Fill in the record's fields, or delete the file",
        ));
    }
    if !value.is_object() {
        return Err(Diagnostic::error(
            "not-a-mapping",
            &path,
            Bilingual::new(
                "Hồ sơ phải là một ánh xạ YAML (các cặp khóa: giá trị)",
                "A record must be a YAML mapping of key: value pairs",
            ),
        )
        .with_hint(
            "Bắt đầu tệp bằng `id: ...` và các trường của hồ sơ",
            "Start the file with `id: ...` and the record's fields",
        ));
    }
    let key = identify(register, &middle, &path, &value, &source_map)?;
    Ok(Record {
        register,
        path,
        key,
        value,
        source_map,
        executable,
    })
}

/// Where the first string longer than `limit` characters is: its JSON
/// pointer, and whether it is the key there rather than the value.
fn overlong_string(value: &Value, limit: usize) -> Option<(String, bool)> {
    let too_long = |s: &str| s.len() > limit && s.chars().count() > limit;
    let under =
        |segment: String, (rest, is_key): (String, bool)| (format!("/{segment}{rest}"), is_key);
    match value {
        Value::String(s) if too_long(s) => Some((String::new(), false)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            overlong_string(item, limit).map(|found| under(i.to_string(), found))
        }),
        // Segments are escaped only on the way out of a find: most records
        // have no overlong string, and escaping every key was a cost.
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            let segment = || yaml::escape_pointer_segment(key);
            if too_long(key) {
                return Some((format!("/{}", segment()), true));
            }
            overlong_string(item, limit).map(|found| under(segment(), found))
        }),
        _ => None,
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Check that the file's name and folders agree with the record inside, and
/// return the record's key.
fn identify(
    register: Register,
    middle: &[String],
    path: &Path,
    value: &Value,
    map: &SourceMap,
) -> Result<String, Diagnostic> {
    let stem = file_stem(path);
    let field = |name: &str| -> Option<String> {
        match value.get(name)? {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let expected_depth = match register.naming() {
        Naming::Id | Naming::Year => 0,
        Naming::IdUnderUnit | Naming::YearThenUnit => 1,
    };
    if middle.len() != expected_depth {
        return Err(misplaced(register, path));
    }
    let mismatch = |name: &str, found: &str, wanted: String| {
        Diagnostic::error(
            "id-mismatch",
            path,
            Bilingual::new(
                format!("Trường `{name}` là `{wanted}` nhưng đường dẫn tệp ghi `{found}`"),
                format!("Field `{name}` is `{wanted}` but the file path says `{found}`"),
            ),
        )
        .at(map.value_position(value, &format!("/{name}")))
        .with_hint(
            format!("Đổi tên tệp hoặc sửa `{name}` cho khớp nhau"),
            format!("Rename the file or change `{name}` so that they agree"),
        )
    };
    // A missing field is the schema's to report; identity falls back to the path.
    let check = |name: &str, found: &str| -> Result<(), Diagnostic> {
        match field(name) {
            Some(wanted) if wanted != found => Err(mismatch(name, found, wanted)),
            _ => Ok(()),
        }
    };
    match register.naming() {
        Naming::Id => {
            check("id", &stem)?;
            Ok(stem)
        }
        Naming::IdUnderUnit => {
            check("id", &stem)?;
            check("unit", &middle[0])?;
            Ok(stem)
        }
        Naming::YearThenUnit => {
            check("year", &middle[0])?;
            check("unit", &stem)?;
            Ok(format!("{}/{stem}", middle[0]))
        }
        Naming::Year => {
            check("year", &stem)?;
            Ok(stem)
        }
    }
}

fn misplaced(register: Register, path: &Path) -> Diagnostic {
    let layout = match register.naming() {
        Naming::Id => format!("records/{}/<id>.yaml", register.folder()),
        Naming::IdUnderUnit => format!("records/{}/<unit>/<id>.yaml", register.folder()),
        Naming::YearThenUnit => format!("records/{}/<year>/<unit>.yaml", register.folder()),
        Naming::Year => format!("records/{}/<year>.yaml", register.folder()),
    };
    Diagnostic::error(
        "misplaced-file",
        path,
        Bilingual::new(
            format!("Tệp nằm sai chỗ; sổ này dùng cấu trúc {layout}"),
            format!("The file is misplaced; this register is laid out as {layout}"),
        ),
    )
    .with_hint(
        format!("Chuyển tệp theo cấu trúc {layout}"),
        format!("Move the file to follow {layout}"),
    )
}

/// Records marked confidential, and the network and access registers as a
/// whole, never reach the default outputs (C2).
pub fn is_confidential(record: &Record) -> bool {
    record.register.confidential_as_a_whole()
        || record.value.get("classification").and_then(Value::as_str) == Some("confidential")
}
