//! Names that would collide with the site's own pages or fail on other
//! systems. A record's id and a procedure's file name become file names on
//! the site (`assets/<tag>.html`, `procedures/<slug>.html`), so an id
//! `index` would replace its register's list page, `con` cannot be written
//! on Windows, and two names that differ only by case or Unicode
//! normalisation are one file on most desktops.

use crate::diagnostic::{Bilingual, Diagnostic};
use crate::load::Record;
use crate::load::procedures::Procedure;
use crate::register::{Naming, Register};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Every folder of the site has its own `index.html`.
const GENERATED: &[&str] = &["index"];

/// Device names Windows reserves whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Records whose page name is reserved, or collides with another record's
/// of the same register.
pub fn check_records(records: &[Record]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: HashMap<(Register, String), &Record> = HashMap::new();
    for record in records {
        let stem = page_stem(record.register, &record.key);
        let position = record.position("/id");
        if let Some(problem) = reserved(&stem) {
            diagnostics.push(problem.located(record.path.clone()).at(position));
            continue;
        }
        let folded = (record.register, fold(&stem));
        match seen.get(&folded) {
            Some(first) if first.key != record.key => diagnostics.push(
                collision(&record.key, &first.key, &first.path.display().to_string())
                    .located(record.path.clone())
                    .at(position),
            ),
            _ => {
                seen.entry(folded).or_insert(record);
            }
        }
    }
    diagnostics
}

/// Procedures whose file name cannot be a page name: only lowercase
/// letters, digits and hyphens keep a name clear of every collision, and of
/// a link such as `javascript:alert(1).html`.
pub fn check_procedures(procedures: &[Procedure]) -> Vec<Diagnostic> {
    procedures
        .iter()
        .filter_map(|procedure| {
            let problem = if !is_slug(&procedure.slug) {
                Problem {
                    message: Bilingual::new(
                        format!(
                            "Tên tệp quy trình `{}` có ký tự không dùng được cho tên trang",
                            procedure.slug
                        ),
                        format!(
                            "Procedure file name `{}` has characters a page name cannot have",
                            procedure.slug
                        ),
                    ),
                    hint: (
                        "Đổi tên tệp chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ `sao-luu-du-lieu.md`",
                        "Rename the file to lowercase letters, digits and hyphens, e.g. `sao-luu-du-lieu.md`",
                    ),
                }
            } else {
                reserved(&procedure.slug)?
            };
            Some(problem.located(procedure.path.clone()))
        })
        .collect()
}

struct Problem {
    message: Bilingual,
    hint: (&'static str, &'static str),
}

impl Problem {
    fn located(self, file: std::path::PathBuf) -> Diagnostic {
        Diagnostic::error("reserved-name", file, self.message).with_hint(self.hint.0, self.hint.1)
    }
}

/// The name a record's page gets in its register's folder.
fn page_stem(register: Register, key: &str) -> String {
    match register.naming() {
        Naming::YearThenUnit => key.replace('/', "-"),
        _ => key.to_owned(),
    }
}

fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Case and Unicode normalisation folded away, as a case-insensitive file
/// system compares names.
fn fold(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).collect()
}

fn reserved(stem: &str) -> Option<Problem> {
    let folded = fold(stem);
    let device = folded.split('.').next().unwrap_or_default();
    if GENERATED.contains(&folded.as_str()) {
        return Some(Problem {
            message: Bilingual::new(
                format!("Tên `{stem}` trùng với trang danh sách do itreg tạo"),
                format!("The name `{stem}` is the name of a list page itreg generates"),
            ),
            hint: (
                "Chọn mã hoặc tên tệp khác",
                "Choose another id or file name",
            ),
        });
    }
    WINDOWS_RESERVED.contains(&device).then(|| Problem {
        message: Bilingual::new(
            format!(
                "Tên `{stem}` là tên thiết bị Windows dành riêng, không tạo được tệp mang tên này"
            ),
            format!(
                "The name `{stem}` is a device name Windows reserves; no file can have it there"
            ),
        ),
        hint: (
            "Chọn mã hoặc tên tệp khác",
            "Choose another id or file name",
        ),
    })
}

fn collision(key: &str, first: &str, first_path: &str) -> Problem {
    Problem {
        message: Bilingual::new(
            format!(
                "Mã `{key}` chỉ khác `{first}` ({first_path}) ở chữ hoa, chữ thường hoặc cách mã hóa Unicode: hai trang sẽ trùng một tệp"
            ),
            format!(
                "The id `{key}` differs from `{first}` ({first_path}) only by case or Unicode normalisation: both pages would be one file"
            ),
        ),
        hint: ("Đổi một trong hai mã", "Rename one of the two"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_windows_devices_are_reserved_in_any_case() {
        for name in ["index", "INDEX", "con", "Nul", "com1.x", "lpt9"] {
            assert!(reserved(name).is_some(), "{name}");
        }
        for name in ["indexes", "console", "com10", "hn-q1"] {
            assert!(reserved(name).is_none(), "{name}");
        }
    }

    #[test]
    fn names_fold_across_case_and_normalisation() {
        assert_eq!(fold("Sao-Lưu"), fold("sao-lu\u{31b}u"));
        assert_eq!(fold("Đ\u{301}"), fold("đ\u{301}"));
        assert_ne!(fold("luu"), fold("lưu"));
    }

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert!(is_slug("sao-luu-du-lieu"));
        for name in [
            "javascript:alert(1)",
            "Sao-luu",
            "a--b",
            "-a",
            "",
            "sao luu",
        ] {
            assert!(!is_slug(name), "{name}");
        }
    }
}
