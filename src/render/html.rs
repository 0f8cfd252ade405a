//! The few pieces of HTML built in Rust (field lists, the unit tree). Every
//! text goes through `escape`; templates escape everything else.

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Append `text` to `out` with markup characters escaped, copying the runs
/// between them whole.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
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
