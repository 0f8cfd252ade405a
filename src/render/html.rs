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

/// ` <small lang="en">gloss</small>`: `text` in the gloss language
/// beside a label, on a page both languages share. `itreg.js` leaves it
/// out of a downloaded CSV, and print hides it on official papers.
pub fn push_gloss(out: &mut String, lang: crate::diagnostic::Lang, text: &str) {
    out.push_str(" <small lang=\"");
    out.push_str(lang.code());
    out.push_str("\">");
    push_escaped(out, text);
    out.push_str("</small>");
}

/// `mailto:` for a text that is one mail address (`name@host.domain`,
/// no spaces), so mail addresses open the mail client; `None` otherwise.
pub fn mailto(text: &str) -> Option<String> {
    let (local, domain) = text.split_once('@')?;
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
    };
    let looks_like_mail = plain(local)
        && plain(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.');
    looks_like_mail.then(|| format!("mailto:{text}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn mail_addresses_and_nothing_else_get_mailto() {
        assert_eq!(
            super::mailto("anhnv@hanoi.vss.gov.vn").as_deref(),
            Some("mailto:anhnv@hanoi.vss.gov.vn")
        );
        for text in [
            "@Công ty ABC",
            "a@b",
            "a b@c.vn",
            "x@.vn",
            "plain",
            "a@b@c.vn",
        ] {
            assert_eq!(super::mailto(text), None, "{text}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href='x'>&"),
            "&lt;a href=&#39;x&#39;&gt;&amp;"
        );
    }
}
