//! M3 (QC1114 Đ4.2.3, Đ13.2.3): passwords never go in the repository. Any
//! record holding a password or secret is an error, whatever its schema
//! says: a key named like a password (`password`, `db_password`, `mat_khau`,
//! `token`, `api_key`…, at any depth), or a string that carries a private
//! key, an AWS access key, a GitHub token, a JWT, or `password: …` text.
//! Messages show at most the first four characters of what they found.
//!
//! The rule reads every parsed record, schema-valid or not; [`secrets_in`]
//! gives the same diagnostics for one record outside the rule runner.

use super::{Context, Finding, Rule};
use crate::diagnostic::{Bilingual, Diagnostic, Severity};
use crate::load::Record;
use crate::load::yaml::{push_pointer_index, push_pointer_segment};
use crate::text::fold_char;
use crate::value::Value;
use rayon::prelude::*;

pub const RULE: Rule = Rule {
    clause: "M3",
    citation: "QC1114 Đ4.2.3, Đ13.2.3",
    severity: Severity::Error,
    threshold: None,
    check,
};

const HINT: (&str, &str) = (
    "Xóa giá trị này khỏi hồ sơ (và khỏi lịch sử Git), rồi đổi ngay mật khẩu hoặc khóa đó vì nó đã bị lộ; mật khẩu không bao giờ được ghi vào kho",
    "Remove it from the record (and from the Git history), then rotate that password or key at once, since it is exposed; passwords never go in the repository",
);

/// Key names, compacted (folded, only letters and digits), that hold
/// secrets when a key ends with them.
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "matkhau",
    "secret",
    "token",
    "apikey",
    "privatekey",
];

/// Words, folded, that introduce a password inside free text.
const PASSWORD_WORDS: &[&str] = &[
    "password", "passwd", "pwd", "pass", "mat khau", "matkhau", "mat_khau", "mk", "secret",
    "token", "api_key", "api-key", "apikey",
];

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Key(String),
    PrivateKey,
    AwsKey,
    GitHubToken,
    Jwt,
    PasswordText,
}

/// One secret: where it is, what it is, and the start of it.
#[derive(Debug)]
struct Secret {
    pointer: String,
    kind: Kind,
    preview: Option<String>,
}

impl Secret {
    fn message(&self) -> (String, String) {
        let shown = |vi: &str, en: &str| match &self.preview {
            Some(p) => (format!(" ({vi} `{p}`)"), format!(" ({en} `{p}`)")),
            None => (String::new(), String::new()),
        };
        let (what_vi, what_en) = match &self.kind {
            Kind::Key(key) => {
                let (vi, en) = shown("giá trị bắt đầu bằng", "value starting");
                (
                    format!("mật khẩu hoặc khóa bí mật trong trường `{key}`{vi}"),
                    format!("a password or secret in field `{key}`{en}"),
                )
            }
            Kind::PrivateKey => (
                "một khóa riêng (private key)".into(),
                "a private key".into(),
            ),
            Kind::AwsKey => {
                let (vi, en) = shown("bắt đầu bằng", "starting");
                (
                    format!("một khóa truy cập AWS{vi}"),
                    format!("an AWS access key{en}"),
                )
            }
            Kind::GitHubToken => {
                let (vi, en) = shown("bắt đầu bằng", "starting");
                (
                    format!("một mã truy cập GitHub{vi}"),
                    format!("a GitHub token{en}"),
                )
            }
            Kind::Jwt => {
                let (vi, en) = shown("bắt đầu bằng", "starting");
                (format!("một mã JWT{vi}"), format!("a JWT{en}"))
            }
            Kind::PasswordText => {
                let (vi, en) = shown("bắt đầu bằng", "starting");
                (
                    format!("một mật khẩu ghi trong nội dung{vi}"),
                    format!("a password written in the text{en}"),
                )
            }
        };
        (
            format!("Hồ sơ chứa {what_vi}"),
            format!("The record holds {what_en}"),
        )
    }
}

/// At most the first four characters, and never more than half, then "…".
fn preview(secret: &str) -> Option<String> {
    let chars: Vec<char> = secret.trim().chars().collect();
    if chars.is_empty() {
        return None;
    }
    let shown = (chars.len() / 2).min(4);
    Some(chars[..shown].iter().collect::<String>() + "…")
}

/// Whether a mapping key names a secret: `password`, `DB_Password`,
/// `mật_khẩu`, `apiKey`, `client-secret`… but not `password_changed`.
fn secret_key(key: &str) -> bool {
    // Every secret key name ends in one of these letters; most keys do not.
    let last = key.chars().rev().find_map(fold_char);
    if !matches!(last, Some('d' | 'u' | 't' | 'n' | 'y')) {
        return false;
    }
    // Whether the key's folded letters and digits end in a secret's name,
    // compared from the end without building the folded key.
    let compact_reversed = || {
        key.chars()
            .rev()
            .filter_map(fold_char)
            .filter(char::is_ascii_alphanumeric)
    };
    SECRET_KEYS.iter().any(|name| {
        let mut tail = compact_reversed();
        name.chars().rev().all(|c| tail.next() == Some(c))
    })
}

fn scan(value: &Value) -> Vec<Secret> {
    let mut found = Vec::new();
    walk(value, &mut String::new(), &mut found);
    found
}

/// Visit every key and string; `pointer` is extended and truncated in
/// place, so nothing is allocated for the values that hold no secret.
fn walk(value: &Value, pointer: &mut String, found: &mut Vec<Secret>) {
    let depth = pointer.len();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                push_pointer_segment(pointer, key);
                if secret_key(key) {
                    let shown = match child {
                        Value::String(s) => preview(s),
                        Value::Number(n) => preview(&n.to_string()),
                        _ => None,
                    };
                    found.push(Secret {
                        pointer: pointer.clone(),
                        kind: Kind::Key(key.to_owned()),
                        preview: shown,
                    });
                } else {
                    walk(child, pointer, found);
                }
                pointer.truncate(depth);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                push_pointer_index(pointer, index);
                walk(item, pointer, found);
                pointer.truncate(depth);
            }
        }
        Value::String(text) => {
            if let Some((kind, shown)) = secret_in_text(text) {
                found.push(Secret {
                    pointer: pointer.clone(),
                    kind,
                    preview: shown,
                });
            }
        }
        _ => {}
    }
}

/// The first secret in a string value, with the start of it.
fn secret_in_text(text: &str) -> Option<(Kind, Option<String>)> {
    let may_hold = Candidates::of(text);
    if may_hold.private_key && has_private_key(text) {
        return Some((Kind::PrivateKey, None));
    }
    if may_hold.aws_key
        && let Some(key) = aws_key(text)
    {
        return Some((Kind::AwsKey, preview(key)));
    }
    if may_hold.github_token
        && let Some(token) = github_token(text)
    {
        return Some((Kind::GitHubToken, preview(token)));
    }
    if may_hold.jwt
        && let Some(jwt) = jwt(text)
    {
        return Some((Kind::Jwt, preview(jwt)));
    }
    if !may_introduce_password(text) {
        return None;
    }
    password_text(text).map(|secret| (Kind::PasswordText, preview(&secret)))
}

/// The token kinds a string may hold, from one pass over its bytes. Each
/// kind's prefix holds a byte or pair of bytes that ordinary text seldom
/// has; testing for them first spares almost every string the searches
/// below, each of which sets up a substring searcher.
#[derive(Default)]
struct Candidates {
    /// `--`, from `-----BEGIN `.
    private_key: bool,
    /// `AK`, from `AKIA`.
    aws_key: bool,
    /// `_`, from `ghp_` and the other GitHub prefixes.
    github_token: bool,
    /// `yJ`, from `eyJ`.
    jwt: bool,
}

impl Candidates {
    fn of(text: &str) -> Candidates {
        let mut found = Candidates::default();
        let mut previous = 0u8;
        for &byte in text.as_bytes() {
            match (previous, byte) {
                (b'-', b'-') => found.private_key = true,
                (b'A', b'K') => found.aws_key = true,
                (_, b'_') => found.github_token = true,
                (b'y', b'J') => found.jwt = true,
                _ => {}
            }
            previous = byte;
        }
        found
    }
}

/// A cheap test that rules out most strings before the full scan: a
/// password in free text follows `:` or `=`, or the word "là" / "is".
fn may_introduce_password(text: &str) -> bool {
    if text.contains([':', '=']) {
        return true;
    }
    let mut previous = (' ', ' ');
    for c in text.chars() {
        if c == ' ' {
            let (first, second) = previous;
            let is = matches!(first, 'i' | 'I') && matches!(second, 's' | 'S');
            let la = matches!(first, 'l' | 'L') && fold_char(second) == Some('a');
            if is || la {
                return true;
            }
        }
        previous = (previous.1, c);
    }
    false
}

/// `-----BEGIN RSA PRIVATE KEY-----` and its kin.
fn has_private_key(text: &str) -> bool {
    text.match_indices("-----BEGIN ").any(|(at, marker)| {
        let rest = &text[at + marker.len()..];
        rest.find("-----")
            .is_some_and(|end| end <= 40 && rest[..end].trim_end().ends_with("PRIVATE KEY"))
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The run of bytes from `start` that satisfy `allowed`.
fn run_from(text: &str, start: usize, allowed: impl Fn(u8) -> bool) -> usize {
    text.as_bytes()[start..]
        .iter()
        .take_while(|b| allowed(**b))
        .count()
}

/// Occurrences of `prefix` that start a word.
fn word_starts<'t>(text: &'t str, prefix: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(prefix)
        .map(|(at, _)| at)
        .filter(move |at| *at == 0 || !is_word_byte(text.as_bytes()[at - 1]))
}

/// `AKIA` and 16 upper-case letters or digits, as a whole word.
fn aws_key(text: &str) -> Option<&str> {
    let upper = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    word_starts(text, "AKIA").find_map(|at| {
        let body = run_from(text, at + 4, upper);
        (body == 16).then(|| &text[at..at + 20])
    })
}

/// `ghp_…` (and `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`) tokens.
fn github_token(text: &str) -> Option<&str> {
    let classic = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
        .into_iter()
        .find_map(|prefix| {
            word_starts(text, prefix).find_map(|at| {
                let body = run_from(text, at + prefix.len(), |b| b.is_ascii_alphanumeric());
                (body >= 20).then(|| &text[at..at + prefix.len() + body])
            })
        });
    classic.or_else(|| {
        word_starts(text, "github_pat_").find_map(|at| {
            let body = run_from(text, at + 11, is_word_byte);
            (body >= 20).then(|| &text[at..at + 11 + body])
        })
    })
}

/// `eyJ….….…`: three base64url segments, the first a JSON header.
fn jwt(text: &str) -> Option<&str> {
    let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    text.match_indices("eyJ")
        .map(|(at, _)| at)
        .filter(|at| *at == 0 || !base64url(text.as_bytes()[at - 1]))
        .find_map(|at| {
            let header = run_from(text, at, base64url);
            let mut end = at + header;
            if header < 10 || text.as_bytes().get(end) != Some(&b'.') {
                return None;
            }
            let payload = run_from(text, end + 1, base64url);
            end += 1 + payload;
            if payload < 4 || text.as_bytes().get(end) != Some(&b'.') {
                return None;
            }
            end += 1 + run_from(text, end + 1, base64url);
            Some(&text[at..end])
        })
}

/// `password: xyz`, `mật khẩu = Abc@123`, `MK: 123456`, `pass là abc123` in
/// free text; the secret found. A password is one run of ASCII without
/// spaces; after a colon or `=` it counts when it holds a digit or symbol or
/// ends the line, after "là"/"is" only when it holds a digit or symbol, so
/// prose such as "Quên mật khẩu." or "Mật khẩu: theo quy định" passes.
fn password_text(text: &str) -> Option<String> {
    let original: Vec<char> = text.chars().collect();
    // Folded characters with the index of the original character each came from.
    let folded: Vec<(char, usize)> = original
        .iter()
        .enumerate()
        .filter_map(|(i, c)| fold_char(*c).map(|f| (f, i)))
        .collect();
    let chars: Vec<char> = folded.iter().map(|(c, _)| *c).collect();
    let is_alnum = |c: char| c.is_alphanumeric();
    let words: Vec<Vec<char>> = PASSWORD_WORDS.iter().map(|w| w.chars().collect()).collect();
    for start in 0..chars.len() {
        if start > 0 && is_alnum(chars[start - 1]) {
            continue;
        }
        for word in &words {
            let end = start + word.len();
            if end > chars.len() || chars[start..end] != word[..] {
                continue;
            }
            if chars.get(end).is_some_and(|c| is_alnum(*c)) {
                continue;
            }
            if let Some(secret) = secret_after(&chars, end, &folded, &original) {
                return Some(secret);
            }
        }
    }
    None
}

/// After a password word at `at` (in folded characters): the separator,
/// then a secret-looking token.
fn secret_after(
    chars: &[char],
    mut at: usize,
    folded: &[(char, usize)],
    original: &[char],
) -> Option<String> {
    let skip = |at: &mut usize, set: &[char]| {
        while chars.get(*at).is_some_and(|c| set.contains(c)) {
            *at += 1;
        }
    };
    skip(&mut at, &['"', '\'', ' ', '\t']);
    let strict = match chars.get(at) {
        Some(':' | '=') => {
            at += 1;
            false
        }
        Some('l') if chars.get(at..at + 3) == Some(&['l', 'a', ' ']) => {
            at += 2;
            true
        }
        Some('i') if chars.get(at..at + 3) == Some(&['i', 's', ' ']) => {
            at += 2;
            true
        }
        _ => return None,
    };
    skip(&mut at, &[' ', '\t', '"', '\'']);
    let start = at;
    while chars
        .get(at)
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ',' | ';'))
    {
        at += 1;
    }
    if start == at {
        return None;
    }
    // The token in the original characters, less trailing sentence marks.
    let token: String = original[folded[start].1..=folded[at - 1].1]
        .iter()
        .collect();
    let token = token.trim_end_matches(['.', ')', '!', '?', ':']);
    let length = token.chars().count();
    let ascii = token.chars().all(|c| c.is_ascii_graphic());
    if length < 3 || !ascii {
        return None;
    }
    let marked = token.chars().any(|c| !c.is_ascii_alphabetic());
    let rest_of_line_empty = {
        let mut after = at;
        skip(&mut after, &[' ', '\t', '"', '\'', '.']);
        chars
            .get(after)
            .is_none_or(|c| matches!(c, '\n' | '\r' | ',' | ';' | ')'))
    };
    (marked || (!strict && rest_of_line_empty)).then(|| token.to_owned())
}

fn diagnostic_texts(secret: &Secret) -> Bilingual {
    let (vi, en) = secret.message();
    Bilingual::new(
        format!("{vi} ({})", RULE.citation),
        format!("{en} ({})", RULE.citation),
    )
}

/// Every password or secret in one record, as error diagnostics, for any
/// record the loader parsed, whether or not it passed its schema.
pub fn secrets_in(record: &Record) -> Vec<Diagnostic> {
    scan(&record.value)
        .into_iter()
        .map(|secret| {
            Diagnostic::error(RULE.clause, &record.path, diagnostic_texts(&secret))
                .at_field(record.position(&secret.pointer), &secret.pointer)
                .with_hint(HINT.0, HINT.1)
        })
        .collect()
}

fn check(context: &Context) -> Vec<Finding> {
    context
        .model
        .records
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, record)| {
            scan(&record.value).into_iter().map(move |secret| {
                let message = secret.message();
                Finding::at(index, secret.pointer).say(message, HINT)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind(text: &str) -> Option<Kind> {
        secret_in_text(text).map(|(kind, _)| kind)
    }

    #[test]
    fn keys_named_like_passwords() {
        for key in [
            "password",
            "Password",
            "db_password",
            "DB-PASSWORD",
            "passwd",
            "pwd",
            "mat_khau",
            "matkhau",
            "mật_khẩu",
            "Mật khẩu",
            "secret",
            "client_secret",
            "token",
            "access_token",
            "api_key",
            "apiKey",
            "private_key",
            "ssh-private-key",
        ] {
            assert!(secret_key(key), "{key}");
        }
        for key in [
            "password_changed",
            "last_login",
            "passwords_note",
            "tokens",
            "secretary",
            "note",
            "id",
            "address",
        ] {
            assert!(!secret_key(key), "{key}");
        }
    }

    #[test]
    fn values_that_carry_secrets() {
        assert_eq!(
            kind(
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"
            ),
            Some(Kind::PrivateKey)
        );
        assert_eq!(kind("-----BEGIN PRIVATE KEY-----"), Some(Kind::PrivateKey));
        assert_eq!(kind("-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(kind("khóa AKIAIOSFODNN7EXAMPLE đã cấp"), Some(Kind::AwsKey));
        assert_eq!(kind("XAKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(kind("AKIAIOSFODNN7EXAMPLEX"), None);
        assert_eq!(
            kind("token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
            Some(Kind::GitHubToken)
        );
        assert_eq!(
            kind(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
            ),
            Some(Kind::Jwt)
        );
        assert_eq!(kind("password: xyz"), Some(Kind::PasswordText));
        assert_eq!(
            kind("Tài khoản admin, mật khẩu: Abc@12345"),
            Some(Kind::PasswordText)
        );
        assert_eq!(
            kind("user=sa; pwd=hunter2; server=db"),
            Some(Kind::PasswordText)
        );
        assert_eq!(kind("MK: 123456"), Some(Kind::PasswordText));
        assert_eq!(
            kind("Mật khẩu là Vss@2026 (đã đổi)"),
            Some(Kind::PasswordText)
        );
        assert_eq!(kind("{\"password\": \"s3cr3t\"}"), Some(Kind::PasswordText));
        assert_eq!(
            kind("MA\u{0323}T KHA\u{0309}U: Abc@123"),
            Some(Kind::PasswordText)
        );
    }

    #[test]
    fn prose_about_passwords_passes() {
        for text in [
            "Quên mật khẩu.",
            "Cán bộ quên mật khẩu, đề nghị đặt lại mật khẩu.",
            "Mật khẩu: theo quy định phải đổi 6 tháng một lần.",
            "Mật khẩu: tối thiểu 8 ký tự, gồm chữ hoa, chữ thường và số.",
            "Mật khẩu: 12 ký tự",
            "Mật khẩu: không.",
            "Mật khẩu là bắt buộc.",
            "Đổi mật khẩu định kỳ; password_changed cập nhật theo máy chủ.",
            "Passwords are never stored here.",
            "Đã đặt lại mật khẩu theo phiếu yêu cầu 2026-hn-001.",
            "Nhãn HNTHU-202512-T, token ring cũ.",
            "Một cửa: tiếp nhận hồ sơ",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
    }

    #[test]
    fn previews_never_show_the_whole_secret() {
        assert_eq!(preview("hunter2").as_deref(), Some("hun…"));
        assert_eq!(preview("AKIAIOSFODNN7EXAMPLE").as_deref(), Some("AKIA…"));
        assert_eq!(preview("xyz").as_deref(), Some("x…"));
        assert_eq!(preview("ab").as_deref(), Some("a…"));
        assert_eq!(preview("a").as_deref(), Some("…"));
        assert_eq!(preview("  ").as_deref(), None);
    }

    #[test]
    fn scanning_reports_pointers_once_per_secret() {
        let value = json!({
            "id": "x",
            "note": "Quên mật khẩu.",
            "servers": [{ "db_password": "hunter22", "name": "a/b" }],
            "a/b": { "token": { "value": "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" } },
            "events": [{ "note": "pwd=Secret123" }]
        });
        // Key order depends on whether serde_json preserves it; compare sorted.
        let mut found: Vec<(String, Option<String>)> = scan(&Value::from(value))
            .into_iter()
            .map(|s| (s.pointer, s.preview))
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                ("/a~1b/token".to_owned(), None),
                ("/events/0/note".to_owned(), Some("Secr…".to_owned())),
                (
                    "/servers/0/db_password".to_owned(),
                    Some("hunt…".to_owned())
                ),
            ]
        );
        let message = scan(&Value::from(json!({ "password": "hunter2" })))[0].message();
        assert!(!message.0.contains("hunter2") && !message.1.contains("hunter2"));
    }
}
