//! Human output: each diagnostic with the source lines around it.

use crate::diagnostic::{Diagnostic, Lang, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn render(
    diagnostics: &[Diagnostic],
    lang: Lang,
    color: bool,
    source: &dyn Fn(&Path) -> Option<String>,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut texts: HashMap<PathBuf, Option<Lines>> = HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let text = texts
            .entry(d.file.clone())
            .or_insert_with(|| source(&d.file).map(Lines::new));
        out.push_str(&render_one(&renderer, d, lang, text.as_ref()));
        out.push_str("\n\n");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    out.push_str(&match lang {
        Lang::Vi => format!("{errors} lỗi, {warnings} cảnh báo\n"),
        Lang::En => format!("{errors} error(s), {warnings} warning(s)\n"),
    });
    out
}

/// A file's text with where each line starts, found once per file: a file
/// with thousands of diagnostics was split into lines for each of them.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .filter(|&start| start < text.len())
            .collect();
        Lines { text, starts }
    }

    /// Line `number` (1-based) without its line ending, as `str::lines` gives it.
    fn line(&self, number: usize) -> Option<&str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self
            .starts
            .get(number)
            .map_or(self.text.len(), |&next| next);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

fn render_one(renderer: &Renderer, d: &Diagnostic, lang: Lang, text: Option<&Lines>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d.file_display();
    let title = level.primary_title(d.message.get(lang)).id(&d.code);
    let excerpt = text.and_then(|text| excerpt(text, d.line, d.column));
    let group = match &excerpt {
        Some((lines, first_line, span)) => title.element(
            Snippet::source(lines.as_str())
                .line_start(*first_line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span.clone())),
        ),
        None => title.element(
            annotate_snippets::Origin::path(path.as_str())
                .line(d.line.max(1))
                .char_column(d.column.max(1)),
        ),
    };
    let mut report = vec![group];
    if let Some(hint) = &d.hint {
        report.push(Group::with_title(
            Level::HELP.secondary_title(hint.get(lang)),
        ));
    }
    renderer.render(&report).to_string()
}

/// Up to two lines before the target line and the target itself, with the
/// byte span of the token at (line, column).
fn excerpt(
    text: &Lines,
    line: usize,
    column: usize,
) -> Option<(String, usize, std::ops::Range<usize>)> {
    let target = text.line(line)?;
    let first = line.saturating_sub(2).max(1);
    let mut excerpt = String::new();
    for number in first..line {
        excerpt.push_str(text.line(number)?);
        excerpt.push('\n');
    }
    let start_of_line = excerpt.len();
    excerpt.push_str(target);
    let offset = target
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(target.len(), |(i, _)| i);
    let rest = &target[offset..];
    let token = rest
        .find([' ', ',', '}', ']'])
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len());
    let start = start_of_line + offset;
    let end = (start + token).min(excerpt.len());
    Some((excerpt, first, start..end.max(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_as_str_lines_gives_them() {
        for text in ["a\nb\r\n\nlast", "one\n", "", "\n\n", "x\r\ny\r\n"] {
            let lines = Lines::new(text.to_owned());
            let expected: Vec<&str> = text.lines().collect();
            let found: Vec<&str> = (1..=expected.len())
                .map(|number| lines.line(number).unwrap())
                .collect();
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(lines.line(expected.len() + 1), None, "{text:?}");
            assert_eq!(lines.line(0), None);
        }
    }
}
