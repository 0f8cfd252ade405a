//! The few pieces of HTML built in Rust (field lists, the unit tree). Every
//! text goes through `escape`; templates escape everything else.

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Append `text` to `out` with `& < > " '` escaped, which is safe in text
/// and in quoted attributes alike.
pub fn push_escaped(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).expect("writing to a String cannot fail");
}

/// `<a href="…">text</a>`, or the escaped text alone without a link.
pub fn link(href: Option<&str>, text: &str) -> String {
    let mut out = String::new();
    push_link(&mut out, href, text);
    out
}

/// [`link`], appended to `out`.
pub fn push_link(out: &mut String, href: Option<&str>, text: &str) {
    if let Some(href) = href {
        out.push_str("<a href=\"");
        push_escaped(out, href);
        out.push_str("\">");
        push_escaped(out, text);
        out.push_str("</a>");
    } else {
        push_escaped(out, text);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
    }
}
