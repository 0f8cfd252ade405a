//! GitLab Code Quality report: a JSON array of issues with `description`,
//! `check_name`, `fingerprint`, `severity` and `location.path/lines.begin`.
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>

use super::message_with_hint;
use crate::diagnostic::{Diagnostic, Lang, Severity};
use serde_json::json;

/// FNV-1a: stable across Rust releases, unlike `DefaultHasher`, so a
/// fingerprint stays the same between pipelines.
fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

pub fn render(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let issues: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let description = message_with_hint(d, lang);
            let path = d.file_display();
            json!({
                "description": description,
                "check_name": d.code,
                "fingerprint": fingerprint(&format!("{}:{}:{}:{}:{}", d.code, path, d.line, d.column, d.message.en)),
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": { "path": path, "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("JSON values always serialize") + "\n"
}
