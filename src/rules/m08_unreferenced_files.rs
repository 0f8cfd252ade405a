//! M8 (QC1114 Đ9): files under `records/` are evidence for records. A file
//! that no record lists under `evidence` is a warning: it was forgotten,
//! or its record names it wrongly, and nothing checks what it holds against
//! the record it should support. Files that may not stay at all (programs,
//! scripts, archives) are left to [`super::m08_executable_files`], so each
//! file gets one message. `.gitkeep` files, which keep empty folders in Git,
//! are not evidence and are left alone.

use super::m08_evidence_files::evidence_paths;
use super::m08_executable_files::danger;
use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::load::RECORDS_DIR;
use std::collections::HashSet;
use std::path::PathBuf;

pub const RULE: Rule = Rule {
    clause: "M8",
    citation: "QC1114 Đ9",
    severity: Severity::Warning,
    threshold: None,
    check,
};

/// Every file some record lists under `evidence`, relative to the root.
fn referenced(context: &Context) -> HashSet<PathBuf> {
    context
        .model
        .records
        .iter()
        .flat_map(|record| evidence_paths(&record.value))
        .map(|(_, path)| PathBuf::from(RECORDS_DIR).join(path))
        .collect()
}

fn check(context: &Context) -> Vec<Finding> {
    // Without attachments there is nothing to find, and no need to read
    // every record's evidence.
    if context.model.attachments.is_empty() {
        return Vec::new();
    }
    let referenced = referenced(context);
    context
        .model
        .attachments
        .iter()
        .filter(|a| !referenced.contains(&a.path))
        .filter(|a| a.path.file_name().is_none_or(|n| n != ".gitkeep"))
        .filter(|a| danger(a).is_none())
        .map(|a| {
            let file = a.path.to_string_lossy().replace('\\', "/");
            let within = file.strip_prefix("records/").unwrap_or(&file);
            Finding::file(&a.path).say(
                (
                    format!("Tệp `{file}` không được hồ sơ nào tham chiếu"),
                    format!("`{file}` is not referenced by any record"),
                ),
                (
                    &format!("Ghi `{within}` vào trường `evidence` của hồ sơ mà tệp làm minh chứng, hoặc xóa tệp nếu không cần"),
                    &format!("List `{within}` under `evidence` in the record it supports, or delete the file if it is not needed"),
                ),
            )
        })
        .collect()
}
