//! Schema validation: every record against the JSON Schema of its register.
//!
//! The schemas ship inside the binary, so `itreg check` works on any folder of
//! records; a repository's own `schema/` folder overrides them file by file.

use crate::diagnostic::{Bilingual, Diagnostic, Lang};
use crate::load::Record;
use crate::register::Register;
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Registry, ValidationError, Validator};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Schema errors listed one by one in a file; the rest are counted in one
/// more. A file that far from its schema needs rewriting rather than a
/// list, and placing every error of a file with 90,000 stray keys took 13 s.
const MAX_SCHEMA_ERRORS_PER_FILE: usize = 100;

/// Where the schemas are registered for validation; never fetched. The
/// files themselves have no `$id`, so their relative `$ref`s
/// (`common.schema.json#/…`) resolve against wherever they are read from:
/// `schema/`, the copies `itreg schema --out` writes, or the `schema/`
/// folder of the published site, with no network.
pub const SCHEMA_BASE: &str = "https://itreg.invalid/schema/";

/// The schema files itreg knows, with their built-in text.
const BUILT_IN: &[(&str, &str)] = &[
    ("common", include_str!("../../schema/common.schema.json")),
    ("unit", include_str!("../../schema/unit.schema.json")),
    ("staff", include_str!("../../schema/staff.schema.json")),
    ("asset", include_str!("../../schema/asset.schema.json")),
    (
        "inventory",
        include_str!("../../schema/inventory.schema.json"),
    ),
    (
        "software",
        include_str!("../../schema/software.schema.json"),
    ),
    ("network", include_str!("../../schema/network.schema.json")),
    ("access", include_str!("../../schema/access.schema.json")),
    (
        "database",
        include_str!("../../schema/database.schema.json"),
    ),
    (
        "data-request",
        include_str!("../../schema/data-request.schema.json"),
    ),
    (
        "mail-account",
        include_str!("../../schema/mail-account.schema.json"),
    ),
    (
        "mail-request",
        include_str!("../../schema/mail-request.schema.json"),
    ),
    (
        "training",
        include_str!("../../schema/training.schema.json"),
    ),
    (
        "incident",
        include_str!("../../schema/incident.schema.json"),
    ),
    (
        "procedure",
        include_str!("../../schema/procedure.schema.json"),
    ),
];

/// All schemas, parsed, with a compiled validator per register.
pub struct SchemaSet {
    documents: HashMap<String, Value>,
    validators: HashMap<String, Validator>,
    /// Every `$ref` into another schema file, resolved once: pages follow
    /// them for every field they show.
    external_refs: HashMap<String, Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    Invalid { name: String, message: String },
}

impl crate::term::Localized for SchemaError {
    fn say(&self, lang: Lang) -> String {
        let SchemaError::Invalid { name, message } = self;
        crate::say!(
            lang,
            "schema/{name}.schema.json không dùng được: {message}; sửa tệp, hoặc xoá để dùng lược đồ có sẵn",
            "schema/{name}.schema.json cannot be used: {message}; fix the file, or delete it to use the built-in schema"
        )
    }
}

crate::display_both_languages!(SchemaError);

impl SchemaSet {
    /// Load the built-in schemas, replaced by `<root>/schema/*.schema.json`
    /// where those exist.
    pub fn load(root: Option<&Path>) -> Result<SchemaSet, SchemaError> {
        let mut documents = HashMap::new();
        for (name, built_in) in BUILT_IN {
            let invalid = |message: String| SchemaError::Invalid {
                name: name.to_string(),
                message,
            };
            let own = root
                .map(|root| root.join("schema").join(format!("{name}.schema.json")))
                .filter(|path| path.is_file());
            let text = match own {
                Some(path) => std::fs::read_to_string(&path).map_err(|e| invalid(e.to_string()))?,
                None => built_in.to_string(),
            };
            let document: Value =
                serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
            documents.insert(name.to_string(), document);
        }
        let mut builder = Registry::new();
        for (name, document) in &documents {
            builder = builder
                .add(format!("{SCHEMA_BASE}{name}.schema.json"), document.clone())
                .map_err(|e| SchemaError::Invalid {
                    name: name.clone(),
                    message: e.to_string(),
                })?;
        }
        let registry = builder.prepare().map_err(|e| SchemaError::Invalid {
            name: "common".into(),
            message: e.to_string(),
        })?;
        let mut validators = HashMap::new();
        for (name, document) in &documents {
            if name == "common" {
                continue;
            }
            let validator = jsonschema::options()
                .with_base_uri(format!("{SCHEMA_BASE}{name}.schema.json"))
                .with_registry(&registry)
                .should_validate_formats(true)
                .build(document)
                .map_err(|e| SchemaError::Invalid {
                    name: name.clone(),
                    message: e.to_string(),
                })?;
            validators.insert(name.clone(), validator);
        }
        let mut external_refs = HashMap::new();
        for document in documents.values() {
            collect_external_refs(&documents, document, &mut external_refs);
        }
        Ok(SchemaSet {
            documents,
            validators,
            external_refs,
        })
    }

    /// Every schema file as it is published (`schema/<name>.schema.json`
    /// on the site, or by `itreg schema --out`), by name, in name order.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = self
            .documents
            .iter()
            .map(|(name, document)| {
                let text =
                    serde_json::to_string_pretty(document).expect("JSON values always serialize");
                (format!("{name}.schema.json"), text + "\n")
            })
            .collect();
        files.sort();
        files
    }

    pub fn document(&self, name: &str) -> Option<&Value> {
        self.documents.get(name)
    }

    /// The node a `$ref` into another file (`common.schema.json#/$defs/date`) points at.
    pub fn external_ref(&self, reference: &str) -> Option<&Value> {
        self.external_refs.get(reference)
    }

    pub fn register_schema(&self, register: Register) -> &Value {
        &self.documents[register.slug()]
    }

    /// Validate a value against the named schema, returning JSON pointers
    /// with bilingual messages.
    pub fn validate(&self, name: &str, value: &Value) -> Vec<SchemaViolation> {
        let Some(validator) = self.validators.get(name) else {
            return Vec::new();
        };
        // Most records are valid, and a yes/no answer skips building errors.
        if validator.is_valid(value) {
            return Vec::new();
        }
        let errors: Vec<ValidationError<'_>> = validator.iter_errors(value).collect();
        // An empty field breaks both its type and its allowed values. One
        // message says so, and the one that lists the allowed values wins.
        let empty_enums: HashSet<String> = errors
            .iter()
            .filter(|e| matches!(e.kind(), ValidationErrorKind::Enum { .. }))
            .filter(|e| e.instance().is_null())
            .map(|e| e.instance_path().as_str().to_owned())
            .collect();
        let mut empty_reported = HashSet::new();
        errors
            .into_iter()
            .filter(|e| {
                if !e.instance().is_null() {
                    return true;
                }
                let path = e.instance_path().as_str();
                let type_beside_enum = matches!(e.kind(), ValidationErrorKind::Type { .. })
                    && empty_enums.contains(path);
                !type_beside_enum && empty_reported.insert(path.to_owned())
            })
            .flat_map(violations)
            .collect()
    }

    /// Validate a record and turn every violation into a diagnostic. A
    /// `TODO` placeholder is reported as such rather than as the schema
    /// error it causes.
    pub fn check_record(&self, record: &Record) -> Vec<Diagnostic> {
        let placeholders = super::placeholder::pointers(&record.value);
        let mut violations: Vec<SchemaViolation> = self
            .validate(record.register.slug(), &record.value.to_json())
            .into_iter()
            .filter(|violation| !placeholders.contains(&violation.pointer))
            .collect();
        let unlisted = violations.split_off(violations.len().min(MAX_SCHEMA_ERRORS_PER_FILE));
        let position = |violation: &SchemaViolation| {
            if violation.at_key {
                record
                    .source_map
                    .key_position(&record.value, &violation.pointer)
            } else {
                record
                    .source_map
                    .value_position(&record.value, &violation.pointer)
            }
        };
        let mut diagnostics: Vec<Diagnostic> = violations
            .into_iter()
            .map(|violation| {
                let at = position(&violation);
                Diagnostic::error("schema", &record.path, violation.message)
                    .at_field(at, &violation.pointer)
                    .with_hint(violation.hint.vi, violation.hint.en)
            })
            .collect();
        if let Some(first) = unlisted.first() {
            let more = unlisted.len();
            diagnostics.push(
                Diagnostic::error(
                    "schema",
                    &record.path,
                    Bilingual::new(
                        format!("Còn {more} lỗi lược đồ khác trong tệp này, một lỗi ở đây"),
                        format!("{more} more schema errors in this file, one of them here"),
                    ),
                )
                .at(position(first))
                .with_hint(
                    "Sửa các lỗi trên rồi chạy lại itreg check để xem các lỗi còn lại",
                    "Fix the errors above, then run itreg check again to see the rest",
                ),
            );
        }
        diagnostics.extend(super::placeholder::diagnostics(record, &placeholders));
        diagnostics
    }
}

/// Write every schema file into `dir` (created if missing); returns the
/// file names written.
pub fn write_files(schemas: &SchemaSet, dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let files = schemas.files();
    for (name, text) in &files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}

/// One schema failure, at the JSON pointer it concerns.
#[derive(Debug, Clone)]
pub struct SchemaViolation {
    pub pointer: String,
    /// Point at the key rather than the value (for unexpected properties).
    pub at_key: bool,
    pub message: Bilingual,
    pub hint: Bilingual,
}

fn field_name(pointer: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or("");
    if last.is_empty() {
        "(gốc)".into()
    } else {
        crate::load::yaml::unescape_pointer_segment(last)
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn violations(error: ValidationError<'_>) -> Vec<SchemaViolation> {
    let pointer = error.instance_path().as_str().to_owned();
    let field = field_name(&pointer);
    let instance = error.instance().clone().into_owned();
    let one = |message: Bilingual, hint: Bilingual| {
        vec![SchemaViolation {
            pointer: pointer.clone(),
            at_key: false,
            message,
            hint,
        }]
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default().to_owned();
            one(
                Bilingual::new(
                    format!("Thiếu trường bắt buộc `{property}`"),
                    format!("Missing required field `{property}`"),
                ),
                Bilingual::new(
                    format!("Thêm `{property}: ...` vào đây"),
                    format!("Add `{property}: ...` here"),
                ),
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|name| SchemaViolation {
                pointer: format!(
                    "{pointer}/{}",
                    crate::load::yaml::escape_pointer_segment(name)
                ),
                at_key: true,
                message: Bilingual::new(
                    format!("Trường `{name}` không có trong lược đồ"),
                    format!("Field `{name}` is not part of the schema"),
                ),
                hint: Bilingual::new(
                    "Kiểm tra chính tả tên trường, hoặc xóa trường này",
                    "Check the field name's spelling, or remove it",
                ),
            })
            .collect(),
        ValidationErrorKind::Type { kind } => {
            let expected = format!("{kind:?}")
                .replace("Single(", "")
                .replace(['(', ')'], "")
                .to_lowercase();
            // `name:` with nothing after it is YAML's null: say the field is
            // empty, not that it "is the null null".
            if instance.is_null() {
                return one(
                    Bilingual::new(
                        format!("`{field}` đang để trống; cần một giá trị kiểu {expected}"),
                        format!("`{field}` is empty; it needs a {expected} value"),
                    ),
                    Bilingual::new(
                        "Ghi giá trị sau dấu `:`, hoặc xóa cả dòng nếu trường này không bắt buộc",
                        "Write a value after the `:`, or delete the line if the field is optional",
                    ),
                );
            }
            let found = json_type_name(&instance);
            one(
                Bilingual::new(
                    format!(
                        "`{field}` phải có kiểu {expected}, nhưng đang là {found} {}",
                        short(&instance)
                    ),
                    format!(
                        "`{field}` must be of type {expected}, but is the {found} {}",
                        short(&instance)
                    ),
                ),
                Bilingual::new(
                    "Đặt giá trị văn bản trong dấu ngoặc kép nếu YAML hiểu nhầm (ví dụ \"0755\", \"3.2\")",
                    "Quote text values that YAML would misread (e.g. \"0755\", \"3.2\")",
                ),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = options
                .as_array()
                .map(|values| {
                    values
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            if instance.is_null() {
                return one(
                    Bilingual::new(
                        format!("`{field}` đang để trống; cần một trong các giá trị: {allowed}"),
                        format!("`{field}` is empty; it needs one of: {allowed}"),
                    ),
                    Bilingual::new(
                        "Ghi một giá trị sau dấu `:`, hoặc xóa cả dòng nếu trường này không bắt buộc",
                        "Write one of them after the `:`, or delete the line if the field is optional",
                    ),
                );
            }
            one(
                Bilingual::new(
                    format!(
                        "`{field}` = {} không nằm trong danh sách cho phép",
                        short(&instance)
                    ),
                    format!(
                        "`{field}` = {} is not one of the allowed values",
                        short(&instance)
                    ),
                ),
                Bilingual::new(
                    format!("Chọn một trong: {allowed}"),
                    format!("Use one of: {allowed}"),
                ),
            )
        }
        ValidationErrorKind::Constant { expected_value } => one(
            Bilingual::new(
                format!("`{field}` phải là {}", short(expected_value)),
                format!("`{field}` must be {}", short(expected_value)),
            ),
            Bilingual::new(
                format!("Đặt `{field}: {}`", short(expected_value)),
                format!("Set `{field}: {}`", short(expected_value)),
            ),
        ),
        ValidationErrorKind::Format { format } => one(
            Bilingual::new(
                format!(
                    "`{field}` = {} không đúng định dạng {format}",
                    short(&instance)
                ),
                format!("`{field}` = {} is not a valid {format}", short(&instance)),
            ),
            Bilingual::new(
                "Ngày viết theo dạng YYYY-MM-DD, ví dụ 2026-03-15; thời điểm theo dạng 2026-11-02T09:00:00+07:00",
                "Write dates as YYYY-MM-DD, e.g. 2026-03-15; times as 2026-11-02T09:00:00+07:00",
            ),
        ),
        ValidationErrorKind::Pattern { pattern } => one(
            Bilingual::new(
                format!("`{field}` = {} không đúng mẫu {pattern}", short(&instance)),
                format!(
                    "`{field}` = {} does not match the pattern {pattern}",
                    short(&instance)
                ),
            ),
            Bilingual::new(
                "Xem mô tả trường trong lược đồ để biết cách viết đúng",
                "See the field's description in the schema for the expected form",
            ),
        ),
        _ => one(
            Bilingual::new(
                format!("`{field}` không hợp lệ: {error}"),
                format!("`{field}` is invalid: {error}"),
            ),
            Bilingual::new(
                "Xem mô tả trường trong lược đồ",
                "See the field's description in the schema",
            ),
        ),
    }
}

/// Resolve every `file#fragment` reference found in `node`.
fn collect_external_refs(
    documents: &HashMap<String, Value>,
    node: &Value,
    out: &mut HashMap<String, Value>,
) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && let Some((file, fragment)) = reference.split_once('#')
                && !file.is_empty()
                && let Some(target) = documents
                    .get(file.trim_end_matches(".schema.json"))
                    .and_then(|d| d.pointer(fragment))
            {
                out.insert(reference.clone(), target.clone());
            }
            map.values()
                .for_each(|child| collect_external_refs(documents, child, out));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| collect_external_refs(documents, child, out)),
        _ => {}
    }
}
