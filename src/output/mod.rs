//! Diagnostic output formats: human snippets, GitHub workflow commands,
//! GitLab Code Quality JSON, and plain JSON.

pub mod github;
mod gitlab;
mod human;
mod json;

use crate::diagnostic::{Diagnostic, Lang};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Github,
    Gitlab,
    Json,
}

/// Render diagnostics. `source` returns a file's text for snippets.
pub fn render(
    format: Format,
    diagnostics: &[Diagnostic],
    lang: Lang,
    color: bool,
    source: &dyn Fn(&Path) -> Option<String>,
) -> String {
    match format {
        Format::Human => human::render(diagnostics, lang, color, source),
        Format::Github => github::render(diagnostics, lang),
        Format::Gitlab => gitlab::render(diagnostics, lang),
        Format::Json => json::render(diagnostics),
    }
}

/// Message and hint in one line, for formats without a separate hint field.
fn message_with_hint(diagnostic: &Diagnostic, lang: Lang) -> String {
    match &diagnostic.hint {
        Some(hint) => format!("{} — {}", diagnostic.message.get(lang), hint.get(lang)),
        None => diagnostic.message.get(lang).to_owned(),
    }
}
