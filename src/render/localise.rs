//! Dates as a Vietnamese reader writes them. Records, reports and Git keep
//! ISO dates (`2026-03-04`), and every renderer writes them so; a
//! Vietnamese page shows them as `04/03/2026`. Rewriting the finished page
//! once, in its text only, reaches every table, field, report and
//! procedure alike: attributes (`<time datetime>`, form values, links)
//! keep the ISO date that scripts sort and filter by, and so do code,
//! scripts and styles. English pages keep ISO dates, unambiguous to any
//! reader. Machine files (CSV, JSON, XLSX) never pass through here.

/// Elements whose text is machine text, left as written.
const VERBATIM: &[&[u8]] = &[b"script", b"style", b"code", b"pre", b"textarea"];

/// `html` with every ISO date in its text written `dd/mm/yyyy`.
pub fn vietnamese_dates(html: Vec<u8>) -> Vec<u8> {
    if !html
        .windows(3)
        .any(|w| w[0] == b'-' && w[1].is_ascii_digit())
    {
        return html;
    }
    let mut out = Vec::with_capacity(html.len());
    let mut verbatim: Option<&[u8]> = None;
    let mut i = 0;
    while i < html.len() {
        if html[i] == b'<' {
            let end = tag_end(&html, i);
            let tag = &html[i..end];
            match verbatim {
                Some(name) if closes(tag, name) => verbatim = None,
                Some(_) => {}
                None => verbatim = VERBATIM.iter().copied().find(|name| opens(tag, name)),
            }
            out.extend_from_slice(tag);
            i = end;
        } else if let Some((day_first, len)) = iso_date_at(&html, i).filter(|_| verbatim.is_none())
        {
            out.extend_from_slice(day_first.as_bytes());
            i += len;
        } else {
            out.push(html[i]);
            i += 1;
        }
    }
    out
}

/// Where the tag (or comment) starting at `start` ends, quotes respected.
fn tag_end(html: &[u8], start: usize) -> usize {
    if html[start..].starts_with(b"<!--") {
        return find(html, start + 4, b"-->").map_or(html.len(), |at| at + 3);
    }
    let mut quote = None;
    for (offset, &byte) in html[start + 1..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return start + 1 + offset + 1,
            _ => {}
        }
    }
    html.len()
}

fn find(html: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    html.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// Whether `tag` (`<name …>`) opens element `name`.
fn opens(tag: &[u8], name: &[u8]) -> bool {
    tag_named(tag.get(1..).unwrap_or_default(), name)
}

/// Whether `tag` (`</name>`) closes element `name`.
fn closes(tag: &[u8], name: &[u8]) -> bool {
    tag.starts_with(b"</") && tag_named(&tag[2..], name)
}

fn tag_named(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && !rest[name.len()].is_ascii_alphanumeric()
}

/// The ISO date (`yyyy-mm-dd`, a real month and day) starting at `i` and
/// standing alone, as `dd/mm/yyyy`, with its length.
fn iso_date_at(html: &[u8], i: usize) -> Option<(String, usize)> {
    let bytes = html.get(i..i + 10)?;
    let shaped = bytes.iter().enumerate().all(|(at, b)| match at {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    let standalone =
        (i == 0 || !is_word(html[i - 1])) && html.get(i + 10).is_none_or(|&b| !is_word(b));
    if !(shaped && standalone) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let (year, month, day) = (&text[0..4], &text[5..7], &text[8..10]);
    let real = matches!(month.parse::<u8>(), Ok(1..=12)) && matches!(day.parse::<u8>(), Ok(1..=31));
    real.then(|| (format!("{day}/{month}/{year}"), 10))
}

/// Bytes that make a date part of a longer token (`BB-2025-01-01-A`).
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte == b'/'
}

#[cfg(test)]
mod tests {
    use super::vietnamese_dates;

    fn run(html: &str) -> String {
        String::from_utf8(vietnamese_dates(html.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn text_dates_become_day_first_and_attributes_stay_iso() {
        assert_eq!(
            run(r#"<td><time datetime="2026-03-04">2026-03-04</time></td>"#),
            r#"<td><time datetime="2026-03-04">04/03/2026</time></td>"#
        );
        assert_eq!(
            run(r#"<p title="a > 2026-01-02">Hạn 2026-10-09, 2026-12-31.</p>"#),
            r#"<p title="a > 2026-01-02">Hạn 09/10/2026, 31/12/2026.</p>"#
        );
    }

    #[test]
    fn code_scripts_tokens_and_impossible_dates_stay() {
        let kept = [
            "<code>date: 2026-03-04</code>",
            "<script>var d='2026-03-04';</script>",
            "<!-- 2026-03-04 -->",
            "<p>BB-2026-03-04-A 12026-03-04 2026-13-01 2026-03-4</p>",
        ];
        for html in kept {
            assert_eq!(run(html), html);
        }
        assert_eq!(
            run("<code>x</code> 2026-03-04"),
            "<code>x</code> 04/03/2026"
        );
    }
}
