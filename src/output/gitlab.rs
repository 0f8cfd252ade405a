//! GitLab Code Quality report: a JSON array of issues with `description`,
//! `check_name`, `fingerprint`, `severity` and `location.path/lines.begin`.
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>

use super::message_with_hint;
use crate::diagnostic::{Diagnostic, Lang, Severity};
use serde_json::json;
use std::collections::HashMap;

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

/// What identifies a problem whatever line it sits on: its file, code and
/// field (the message where there is no field), and how many problems with
/// the same identity came before it in the file. Adding a line above a
/// problem keeps its fingerprint, so a merge request does not show every
/// problem below the change as fixed and new.
fn identities(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let place = match &d.pointer {
                Some(pointer) => format!("field {pointer}"),
                None => format!("message {}", d.message.en),
            };
            let identity = format!("{}\0{}\0{place}", d.code, d.file_display());
            let count = seen.entry(identity.clone()).or_default();
            *count += 1;
            format!("{identity}\0{count}")
        })
        .collect()
}

pub fn render(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let issues: Vec<_> = diagnostics
        .iter()
        .zip(identities(diagnostics))
        .map(|(d, identity)| {
            let description = message_with_hint(d, lang);
            let path = d.file_display();
            json!({
                "description": description,
                "check_name": d.code,
                "fingerprint": fingerprint(&identity),
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": { "path": path, "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("JSON values always serialize") + "\n"
}
