//! M6 (QC1114 Đ7): the mail naming rule. A personal address is the
//! unaccented given name, then the initial of the family name, then the
//! initials of the middle names, in lower case, with `đ` written `d`; a
//! clash adds 1, 2, 3… Nguyễn Văn Anh is `anhnv`, the next one `anhnv1`.

use super::{Context, Finding, Rule};
use crate::diagnostic::Severity;
use crate::text::fold;

pub const RULE: Rule = Rule {
    clause: "M6",
    citation: "QC1114 Đ7",
    severity: Severity::Error,
    threshold: None,
    check,
};

/// The base local part the naming rule gives a full name, without the clash
/// number: "Nguyễn Văn Anh" → "anhnv", "Trần Thị Thu Hà" → "hattt".
pub fn mail_local_part(full_name: &str) -> String {
    let words: Vec<String> = full_name
        .split_whitespace()
        .map(|word| {
            fold(word)
                .chars()
                .filter(char::is_ascii_lowercase)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let Some((given, rest)) = words.split_last() else {
        return String::new();
    };
    let mut local = given.clone();
    // `rest` is the family name, then the middle names, in order.
    local.extend(rest.iter().filter_map(|word| word.chars().next()));
    local
}

/// Whether `local` is `base` followed by nothing or a clash number 1, 2, 3…
pub(super) fn follows_rule(local: &str, base: &str) -> bool {
    let Some(number) = local.strip_prefix(base) else {
        return false;
    };
    number.is_empty() || (number.bytes().all(|b| b.is_ascii_digit()) && !number.starts_with('0'))
}

fn check(context: &Context) -> Vec<Finding> {
    let model = context.model;
    let mut findings = Vec::new();
    for account in model.mail_accounts.values() {
        if account.kind != "personal" {
            continue;
        }
        let Some(staff) = account.staff.as_deref().and_then(|id| model.staff.get(id)) else {
            continue;
        };
        let base = mail_local_part(&staff.full_name);
        if base.is_empty() {
            continue;
        }
        let id_local = account.id.split('.').next().unwrap_or(&account.id);
        let address_local = account.address.split('@').next().unwrap_or("");
        let mut places = vec![("/id", id_local)];
        if address_local != id_local {
            places.push(("/address", address_local));
        }
        for (pointer, local) in places {
            if follows_rule(local, &base) {
                continue;
            }
            findings.push(Finding::on(account, pointer).say(
                (
                    format!(
                        "Tên `{local}` không theo quy tắc đặt tên cho {}: phải là `{base}`, thêm 1, 2, 3… nếu trùng",
                        staff.full_name
                    ),
                    format!(
                        "`{local}` breaks the naming rule for {}: it must be `{base}`, with 1, 2, 3… added on a clash",
                        staff.full_name
                    ),
                ),
                (
                    &format!(
                        "Đặt tên tài khoản `{base}` (hoặc `{base}1`, `{base}2`… nếu đã có), đổi tên tệp và `id`, `address` cho khớp"
                    ),
                    &format!(
                        "Name the account `{base}` (or `{base}1`, `{base}2`… when taken), and rename the file, `id` and `address` to match"
                    ),
                ),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decompose a string the way NFD does for the letters used here.
    fn nfd(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                'ễ' => out.push_str("e\u{302}\u{303}"),
                'ă' => out.push_str("a\u{306}"),
                'ầ' => out.push_str("a\u{302}\u{300}"),
                'ị' => out.push_str("i\u{323}"),
                'à' => out.push_str("a\u{300}"),
                'ặ' => out.push_str("a\u{306}\u{323}"),
                'ì' => out.push_str("i\u{300}"),
                'ứ' => out.push_str("u\u{31b}\u{301}"),
                'ờ' => out.push_str("o\u{31b}\u{300}"),
                'Ư' => out.push_str("U\u{31b}"),
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn the_regulation_examples() {
        assert_eq!(mail_local_part("Nguyễn Văn Anh"), "anhnv");
        assert_eq!(mail_local_part("Trần Thị Thu Hà"), "hattt");
        assert_eq!(mail_local_part("Đặng Đình Đức"), "ducdd");
    }

    #[test]
    fn decomposed_input_gives_the_same() {
        for name in [
            "Nguyễn Văn Anh",
            "Trần Thị Thu Hà",
            "Đặng Đình Đức",
            "Ưng Thị Lờ",
        ] {
            let decomposed = nfd(name);
            assert_ne!(decomposed, name);
            assert_eq!(
                mail_local_part(&decomposed),
                mail_local_part(name),
                "{name}"
            );
        }
        assert_eq!(mail_local_part(&nfd("Ưng Thị Lờ")), "lout");
    }

    #[test]
    fn spacing_and_case_do_not_matter() {
        assert_eq!(mail_local_part("  NGUYỄN   văn  anh "), "anhnv");
        assert_eq!(mail_local_part("Tôn Nữ Thị Hồng Nhung"), "nhungtnth");
        assert_eq!(mail_local_part("\tLê\u{a0}Minh Đức\n"), "duclm");
        assert_eq!(mail_local_part("Anh"), "anh");
        assert_eq!(mail_local_part("   "), "");
    }

    #[test]
    fn clash_numbers() {
        assert!(follows_rule("anhnv", "anhnv"));
        assert!(follows_rule("anhnv1", "anhnv"));
        assert!(follows_rule("anhnv12", "anhnv"));
        assert!(!follows_rule("anhnv0", "anhnv"));
        assert!(!follows_rule("anhnva", "anhnv"));
        assert!(!follows_rule("anhn", "anhnv"));
        assert!(!follows_rule("nvanh", "anhnv"));
    }
}
