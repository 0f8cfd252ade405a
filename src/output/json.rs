//! Plain JSON: every diagnostic with both languages, plus a summary.

use crate::diagnostic::{Diagnostic, Severity};
use serde_json::json;

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let report = json!({
        "diagnostics": diagnostics,
        "summary": { "errors": errors, "warnings": diagnostics.len() - errors },
    });
    serde_json::to_string_pretty(&report).expect("JSON values always serialize") + "\n"
}
