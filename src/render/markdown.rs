//! Markdown from records and procedures: pulldown-cmark renders it, ammonia
//! removes anything that could run (scripts, handlers, `javascript:` URLs).

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;

pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    clean(&unsafe_html)
}

/// One line of Markdown (a report note) as inline HTML: `code` spans for
/// the field names an IT officer edits, no paragraph around it.
pub fn inline_to_safe_html(markdown: &str) -> String {
    let html = to_safe_html(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// Sanitise HTML: ammonia's defaults plus the checkboxes task lists need.
pub fn clean(unsafe_html: &str) -> String {
    CLEANER.clean(unsafe_html).to_string()
}

/// Made once: a builder is a dozen sets of tags and attributes, and every
/// record page and report page cleans its notes.
static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .attribute_filter(|element, attribute, value| {
            // Only checkboxes survive as inputs.
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            Some(value.into())
        })
        .url_schemes(HashSet::from(["http", "https", "mailto"]));
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_inline_with_its_code_spans() {
        assert_eq!(
            inline_to_safe_html("ghi `status: locked` <b onclick=x>và</b>"),
            "ghi <code>status: locked</code> <b>và</b>"
        );
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_safe_html(
            "hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <a href=\"data:text/html,x\">d</a>",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("data:"));
    }

    #[test]
    fn task_lists_and_tables_render() {
        let html = to_safe_html("- [ ] một\n- [x] hai\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(!to_safe_html("<input type=\"text\" value=\"x\">").contains("text"));
    }
}
