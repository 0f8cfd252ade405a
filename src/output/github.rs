//! GitHub Actions workflow commands, which GitHub shows inline on the pull
//! request: `::error file=…,line=…,col=…,title=…::message`.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use super::message_with_hint;
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::model::Model;
use crate::register::Register;
use std::collections::BTreeMap;

/// GitHub shows at most 10 error and 10 warning annotations of a step and
/// drops the rest without a word: past that, problems go to the log as
/// plain lines, and a notice says so.
/// <https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message>
pub const ANNOTATIONS_PER_SEVERITY: usize = 10;

/// Problems the step summary lists one by one.
const SUMMARY_PROBLEMS: usize = 20;

/// Escape the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for d in diagnostics {
        let (command, shown) = match d.severity {
            Severity::Error => ("error", &mut errors),
            Severity::Warning => ("warning", &mut warnings),
        };
        *shown += 1;
        if *shown > ANNOTATIONS_PER_SEVERITY {
            out.push_str(&format!(
                "{}:{}:{}: {command}[{}]: {}\n",
                d.file_display(),
                d.line.max(1),
                d.column.max(1),
                d.code,
                message_with_hint(d, lang).replace(['\r', '\n'], " "),
            ));
            continue;
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&d.file_display()),
            d.line.max(1),
            d.column.max(1),
            escape_property(&format!("itreg {}", d.code)),
            escape_data(&message_with_hint(d, lang)),
        ));
    }
    let unshown = errors.saturating_sub(ANNOTATIONS_PER_SEVERITY)
        + warnings.saturating_sub(ANNOTATIONS_PER_SEVERITY);
    if unshown > 0 {
        out.push_str(&format!(
            "::notice title=itreg::{}\n",
            escape_data(&capped_note(unshown, lang))
        ));
    }
    out
}

fn capped_note(unshown: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "GitHub chỉ hiện {ANNOTATIONS_PER_SEVERITY} lỗi và {ANNOTATIONS_PER_SEVERITY} cảnh báo trên yêu cầu hợp nhất; {unshown} vấn đề còn lại có trong nhật ký của bước này"
        ),
        Lang::En => format!(
            "GitHub shows only {ANNOTATIONS_PER_SEVERITY} errors and {ANNOTATIONS_PER_SEVERITY} warnings on the pull request; the other {unshown} problem(s) are in this step's log"
        ),
    }
}

/// Markdown for `$GITHUB_STEP_SUMMARY`: the counts by code and by unit,
/// then the first problems.
pub fn step_summary(diagnostics: &[Diagnostic], model: &Model, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let mut out = format!(
        "## itreg check\n\n{errors} {}, {warnings} {}\n",
        t("lỗi", "error(s)"),
        t("cảnh báo", "warning(s)")
    );
    if diagnostics.is_empty() {
        return out;
    }
    let units = units_by_file(model);
    let mut by_code: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_unit: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let unit = units.get(d.file.as_path()).copied().unwrap_or("—");
        for count in [
            by_code.entry(&d.code).or_default(),
            by_unit.entry(unit).or_default(),
        ] {
            match d.severity {
                Severity::Error => count.0 += 1,
                Severity::Warning => count.1 += 1,
            }
        }
    }
    let (errors_head, warnings_head) = (t("lỗi", "errors"), t("cảnh báo", "warnings"));
    for (heading, counts) in [(t("mã", "code"), &by_code), (t("đơn vị", "unit"), &by_unit)] {
        out.push_str(&format!(
            "\n| {heading} | {errors_head} | {warnings_head} |\n| --- | ---: | ---: |\n"
        ));
        for (key, (e, w)) in counts {
            out.push_str(&format!("| `{}` | {e} | {w} |\n", cell(key)));
        }
    }
    out.push_str(&format!(
        "\n### {}\n\n",
        t("Các vấn đề đầu tiên", "First problems")
    ));
    for d in diagnostics.iter().take(SUMMARY_PROBLEMS) {
        out.push_str(&format!(
            "- `{}:{}` **{}** {}\n",
            cell(&d.file_display()),
            d.line.max(1),
            d.code,
            cell(&message_with_hint(d, lang))
        ));
    }
    if diagnostics.len() > SUMMARY_PROBLEMS {
        let more = diagnostics.len() - SUMMARY_PROBLEMS;
        out.push_str(&match lang {
            Lang::Vi => format!("- … và {more} vấn đề khác (xem nhật ký)\n"),
            Lang::En => format!("- … and {more} more (see the log)\n"),
        });
    }
    let unshown = [Severity::Error, Severity::Warning]
        .iter()
        .map(|s| {
            let n = diagnostics.iter().filter(|d| d.severity == *s).count();
            n.saturating_sub(ANNOTATIONS_PER_SEVERITY)
        })
        .sum::<usize>();
    if unshown > 0 {
        out.push_str(&format!("\n> {}\n", capped_note(unshown, lang)));
    }
    out
}

/// Each record file's unit: its `unit` field, or its own id for a unit.
fn units_by_file(model: &Model) -> std::collections::HashMap<&std::path::Path, &str> {
    model
        .records
        .iter()
        .filter_map(|record| {
            let unit = match record.register {
                Register::Unit => Some(record.key.as_str()),
                _ => record.str_field("unit"),
            };
            unit.map(|unit| (record.path.as_path(), unit))
        })
        .collect()
}

/// Text safe inside a Markdown table cell or list item on one line.
fn cell(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_published_rules() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
