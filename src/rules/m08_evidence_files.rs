//! M8 (QC1114 Đ9): no executable attachments and at most 25 MB in total.
//! Applied to the evidence files (scanned minutes, photos) that records
//! reference under `records/`: each must exist, be a document or image, and
//! a record's files together stay within the limit. The files themselves
//! are judged by [`super::m08_executable_files`] (programs, scripts,
//! archives, the executable bit) and [`super::m08_unreferenced_files`].

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::load::yaml::push_pointer_index;
use crate::model::Model;
use crate::value::Value;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    clause: "M8",
    citation: "QC1114 Đ9",
    severity: Severity::Error,
    // Megabytes of evidence per record.
    threshold: Some(25),
    check,
};

/// Document and image types; everything else (executables, scripts,
/// archives that could hide them) is refused.
const ALLOWED: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "tif", "tiff", "gif", "webp", "doc", "docx", "xls", "xlsx", "odt",
    "ods", "txt",
];

/// Every `evidence` path in a record, with its JSON pointer.
pub(super) fn evidence_paths(value: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    walk(value, &mut String::new(), &mut found);
    found
}

/// `pointer` is extended and truncated in place, so only the pointers of
/// the evidence paths found are allocated.
fn walk(value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) {
    let depth = pointer.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointer.push('/');
                pointer.push_str(key);
                match child.as_array() {
                    Some(items) if key == "evidence" => {
                        for (index, item) in items.iter().enumerate() {
                            if let Some(path) = item.as_str() {
                                out.push((format!("{pointer}/{index}"), path.to_owned()));
                            }
                        }
                    }
                    _ => walk(child, pointer, out),
                }
                pointer.truncate(depth);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                push_pointer_index(pointer, index);
                walk(item, pointer, out);
                pointer.truncate(depth);
            }
        }
        _ => {}
    }
}

/// Each attachment's size by its path as records spell it, so that looking
/// up every evidence path does not scan every attachment.
fn attachment_sizes(model: &Model) -> HashMap<String, u64> {
    let mut sizes = HashMap::new();
    for attachment in &model.attachments {
        let path = attachment.path.to_string_lossy().into_owned();
        sizes.entry(path).or_insert(attachment.size);
    }
    sizes
}

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let limit = context.threshold.max(0) as u64 * 1024 * 1024;
    let sizes = attachment_sizes(model);
    let mut findings = Vec::new();
    for (index, record) in model.records.iter().enumerate() {
        let paths = evidence_paths(&record.value);
        let mut total = 0u64;
        for (pointer, path) in &paths {
            let extension = path
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            if !ALLOWED.contains(&extension.as_str()) {
                findings.push(Finding::at(index, pointer.clone()).say(
                    (
                        format!("Tệp `{path}` không phải tài liệu hay ảnh; không được đính kèm tệp thực thi hay tệp nén"),
                        format!("`{path}` is not a document or image; executables and archives are not allowed"),
                    ),
                    ("Chỉ đính kèm PDF, ảnh (JPG, PNG, TIFF) hoặc văn bản Office", "Attach only PDF, images (JPG, PNG, TIFF) or office documents"),
                ));
                continue;
            }
            let full = format!("records/{path}");
            match sizes.get(full.as_str()) {
                Some(size) => total += size,
                None => findings.push(Finding::at(index, pointer.clone()).say(
                    (
                        format!("Không tìm thấy tệp minh chứng `{full}`"),
                        format!("The evidence file `{full}` does not exist"),
                    ),
                    (
                        "Thêm tệp vào kho hoặc sửa đường dẫn (tính từ records/)",
                        "Add the file to the repository or fix the path (relative to records/)",
                    ),
                )),
            }
        }
        if total > limit {
            findings.push(
                Finding::at(
                    index,
                    paths.first().map(|(p, _)| p.clone()).unwrap_or_default(),
                )
                .say(
                    (
                        format!(
                            "Tệp minh chứng của hồ sơ tổng cộng {:.1} MB, vượt {} MB",
                            total as f64 / 1048576.0,
                            limit / 1048576
                        ),
                        format!(
                            "The record's evidence files total {:.1} MB, over {} MB",
                            total as f64 / 1048576.0,
                            limit / 1048576
                        ),
                    ),
                    (
                        "Nén hoặc quét lại tài liệu ở độ phân giải thấp hơn",
                        "Compress or rescan the documents at a lower resolution",
                    ),
                ),
            );
        }
    }
    findings
}
