//! GitHub Actions workflow commands, which GitHub shows inline on the pull
//! request: `::error file=…,line=…,col=…,title=…::message`.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use super::message_with_hint;
use crate::diagnostic::{Diagnostic, Lang, Severity};

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
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&d.file_display()),
            d.line.max(1),
            d.column.max(1),
            escape_property(&format!("itreg {}", d.code)),
            escape_data(&message_with_hint(d, lang)),
        ));
    }
    out
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
