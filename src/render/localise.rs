//! Dates and times as the reader writes them. Records, reports and Git
//! keep ISO dates (`2026-03-04`) and timestamps (`2026-03-04T08:30:00+07:00`),
//! and every renderer writes them so; a Vietnamese page shows them as
//! `04/03/2026` and `04/03/2026 08:30`, an English one as `2026-03-04` and
//! `2026-03-04 08:30`, times always in Vietnam's time zone, where every
//! unit is. Rewriting the finished page once, in its text only, reaches
//! every table, field, report and procedure alike: attributes (`<time
//! datetime>`, form values, links) keep the ISO form that scripts sort and
//! filter by, and so do code, scripts and styles. Machine files (CSV,
//! JSON, XLSX) never pass through here.

use crate::diagnostic::Lang;
use chrono::{DateTime, FixedOffset, NaiveDateTime};

/// Elements whose text is machine text, left as written.
const VERBATIM: &[&[u8]] = &[b"script", b"style", b"code", b"pre", b"textarea"];

/// `html` with every ISO date and timestamp in its text written as
/// readers of `lang` write them. A date or timestamp is never written
/// longer than it was (`2026-11-23` → `23/11/2026`), so the page is
/// rewritten in place: the bytes between rewrites move only once a
/// timestamp has come out shorter, and a page without dates is not
/// touched at all.
pub fn dates(mut html: Vec<u8>, lang: Lang) -> Vec<u8> {
    let rewrites = rewrites(&html, lang);
    if rewrites.is_empty() {
        return html;
    }
    // Bytes before `read` are done; the page so far ends at `written`.
    let (mut read, mut written) = (0, 0);
    for (start, len, local) in rewrites {
        move_back(&mut html, read..start, written);
        written += start - read;
        html[written..written + local.len()].copy_from_slice(local.as_bytes());
        written += local.len();
        read = start + len;
    }
    let end = html.len();
    move_back(&mut html, read..end, written);
    html.truncate(written + end - read);
    html
}

/// Move `bytes` to start at `to`, unless they are there already (every
/// rewrite so far kept its length).
fn move_back(html: &mut [u8], bytes: std::ops::Range<usize>, to: usize) {
    if bytes.start != to {
        html.copy_within(bytes, to);
    }
}

/// Each date to rewrite: (start, length, as `lang` writes it), in order.
/// A page holds a thousand tags and a few dozen dates, so the scan jumps
/// from one `-` to the next and looks at the tags around a date only.
fn rewrites(html: &[u8], lang: Lang) -> Vec<(usize, usize, String)> {
    let mut rewrites = Vec::new();
    let mut verbatim: Option<Vec<(usize, usize)>> = None;
    let mut from = 4;
    while let Some(dash) = html.get(from..).and_then(|rest| memchr::memchr(b'-', rest)) {
        let start = from + dash - 4;
        from += dash + 1;
        let Some((local, len)) = date_at(html, start, lang) else {
            continue;
        };
        let verbatim = verbatim.get_or_insert_with(|| verbatim_ranges(html));
        if local.len() <= len && in_text(html, start, verbatim) {
            rewrites.push((start, len, local));
            from = start + len;
        }
    }
    rewrites
}

/// Whether `at` is in the page's text: outside every tag, comment and
/// [`VERBATIM`] element. Text holds no bare `<`, so the tag that opened
/// last before `at` tells, read with its quotes.
fn in_text(html: &[u8], at: usize, verbatim: &[(usize, usize)]) -> bool {
    if verbatim
        .iter()
        .any(|&(start, end)| (start..end).contains(&at))
    {
        return false;
    }
    memchr::memrchr(b'<', &html[..at]).is_none_or(|open| tag_end(html, open) <= at)
}

/// Where each comment and [`VERBATIM`] element runs, from its opening tag
/// to the end of its closing one (or of the page, when it is not closed).
/// Tags are found as itreg and its templates write them, in lower case.
fn verbatim_ranges(html: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(at) = find(html, from, b"<!--") {
        let end = tag_end(html, at);
        ranges.push((at, end));
        from = end;
    }
    for name in VERBATIM {
        let open = [b"<", *name].concat();
        let close = [b"</", *name].concat();
        let mut from = 0;
        while let Some(at) = find(html, from, &open) {
            from = at + open.len();
            if !opens(&html[at..], name) {
                continue;
            }
            let end = find(html, from, &close).map_or(html.len(), |close| tag_end(html, close));
            ranges.push((at, end));
            from = end;
        }
    }
    ranges
}

/// Where the tag (or comment) starting at `start` ends, quotes respected.
fn tag_end(html: &[u8], start: usize) -> usize {
    if html[start..].starts_with(b"<!--") {
        return find(html, start + 4, b"-->").map_or(html.len(), |at| at + 3);
    }
    let mut at = start + 1;
    while let Some(offset) = memchr::memchr3(b'>', b'"', b'\'', &html[at..]) {
        let found = at + offset;
        let quote = html[found];
        if quote == b'>' {
            return found + 1;
        }
        match memchr::memchr(quote, &html[found + 1..]) {
            Some(close) => at = found + 1 + close + 1,
            None => break,
        }
    }
    html.len()
}

fn find(html: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(html.get(from..)?, needle).map(|at| from + at)
}

/// Whether `tag` (`<name …>`) opens element `name`.
fn opens(tag: &[u8], name: &[u8]) -> bool {
    tag_named(tag.get(1..).unwrap_or_default(), name)
}

fn tag_named(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && !rest[name.len()].is_ascii_alphanumeric()
}

/// The time zone times are shown in: UTC+7, Vietnam's, every unit's.
fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The ISO date or timestamp starting at `i` and standing alone, written
/// for `lang`, with its length. English pages keep dates as they are.
fn date_at(html: &[u8], i: usize, lang: Lang) -> Option<(String, usize)> {
    let bytes = html.get(i..i + 10)?;
    let shaped = bytes.iter().enumerate().all(|(at, b)| match at {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped || (i > 0 && is_word(html[i - 1])) {
        return None;
    }
    let day_format = match lang {
        Lang::Vi => "%d/%m/%Y",
        Lang::En => "%Y-%m-%d",
    };
    if html.get(i + 10) == Some(&b'T') {
        let len = html[i..]
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b":+-.TZ".contains(&b)))
            .unwrap_or(html.len() - i);
        if html.get(i + len).is_some_and(|&b| is_word(b)) {
            return None;
        }
        let at = vietnam_time(std::str::from_utf8(&html[i..i + len]).ok()?)?;
        return Some((at.format(&format!("{day_format} %H:%M")).to_string(), len));
    }
    if html.get(i + 10).is_some_and(|&b| is_word(b)) || lang == Lang::En {
        return None;
    }
    let date = crate::iso_date::parse(std::str::from_utf8(bytes).ok()?)?;
    Some((crate::reports::format_date(date, lang), 10))
}

/// A timestamp as a time in Vietnam; one without an offset is taken to be
/// in Vietnam already.
fn vietnam_time(timestamp: &str) -> Option<NaiveDateTime> {
    if let Ok(at) = DateTime::parse_from_rfc3339(timestamp) {
        return Some(at.with_timezone(&vietnam()).naive_local());
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(timestamp, format).ok())
}

/// Bytes that make a date part of a longer token (`BB-2025-01-01-A`).
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte == b'/'
}

#[cfg(test)]
mod tests {
    use super::dates;
    use crate::diagnostic::Lang;

    fn run(html: &str) -> String {
        String::from_utf8(dates(html.as_bytes().to_vec(), Lang::Vi)).unwrap()
    }

    #[test]
    fn timestamps_show_day_and_minutes_in_vietnam_time() {
        assert_eq!(
            run("<td>2026-10-20T08:30:00+07:00</td><td>2026-10-20T20:30:00Z</td>"),
            "<td>20/10/2026 08:30</td><td>21/10/2026 03:30</td>"
        );
        let english = dates(
            b"<td>2026-10-20T08:30:00+07:00, 2026-10-20</td>".to_vec(),
            Lang::En,
        );
        assert_eq!(
            String::from_utf8(english).unwrap(),
            "<td>2026-10-20 08:30, 2026-10-20</td>"
        );
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
            "<!-- <b>note</b> 2026-03-04 -->",
            "<pre>a <b>b</b> 2026-03-04</pre>",
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
