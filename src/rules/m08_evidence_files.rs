//! M8 (QC1114 Đ9): no executable attachments and at most 25 MB in total.
//! Applied to the evidence files (scanned minutes, photos) that records
//! reference under `records/`: each must exist, be a document or image, and
//! a record's files together stay within the limit. The files themselves
//! are judged by [`super::m08_executable_files`] (programs, scripts,
//! archives, the executable bit) and [`super::m08_unreferenced_files`].

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use serde_json::Value;

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
pub(super) fn evidence_paths(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{key}");
                if key == "evidence"
                    && let Some(items) = child.as_array()
                {
                    for (index, item) in items.iter().enumerate() {
                        if let Some(path) = item.as_str() {
                            out.push((format!("{child_pointer}/{index}"), path.to_owned()));
                        }
                    }
                } else {
                    evidence_paths(child, child_pointer, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                evidence_paths(item, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let limit = context.threshold.max(0) as u64 * 1024 * 1024;
    let mut findings = Vec::new();
    for (index, record) in model.records.iter().enumerate() {
        let mut paths = Vec::new();
        evidence_paths(&record.value, String::new(), &mut paths);
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
            match model
                .attachments
                .iter()
                .find(|a| a.path.to_string_lossy() == full)
            {
                Some(attachment) => total += attachment.size,
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
