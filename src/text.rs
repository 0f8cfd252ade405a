//! Folding Vietnamese text to unaccented lower-case ASCII, shared by the
//! mail naming rule (M6), the secret scanner (M3) and search, so `may in`
//! finds "Máy in" and `dia chi` finds "Địa chỉ".

/// Every precomposed Vietnamese letter (lower case), by its base letter.
/// Decomposed input reaches the same base because its combining marks
/// (U+0300–U+036F: grave, acute, hook, tilde, dot below, breve, circumflex,
/// horn) are dropped.
pub const LETTERS: &[(char, &str)] = &[
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('d', "đ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
];

/// One character folded to lower case without diacritics; `None` for a
/// combining mark, which folding drops.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match folded_latin().get(c as usize - 0x80) {
        Some(&folded) => folded,
        None => fold_slowly(c),
    }
}

/// [`fold_slowly`] of every non-ASCII character up to U+1EFF, by its offset
/// from U+0080: Latin-1, Latin Extended, the combining marks and Latin
/// Extended Additional, where Vietnamese's precomposed letters live.
/// Folding is on the hot path of search indexing and the secret scan, so
/// these are looked up, not worked out.
fn folded_latin() -> &'static [Option<char>] {
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80..0x1F00)
            .map(|code| char::from_u32(code).and_then(fold_slowly))
            .collect()
    })
}

/// [`fold_char`] worked out: combining marks dropped, lower case, and a
/// Vietnamese letter's base letter.
fn fold_slowly(c: char) -> Option<char> {
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return Some(lower);
    }
    let table = base_letters();
    Some(
        table
            .binary_search_by_key(&lower, |(accented, _)| *accented)
            .map_or(lower, |found| table[found].1),
    )
}

/// `LETTERS` as (accented, base) pairs sorted for binary search.
fn base_letters() -> &'static [(char, char)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(char, char)> = LETTERS
            .iter()
            .flat_map(|(base, accented)| accented.chars().map(move |c| (c, *base)))
            .collect();
        table.sort_unstable();
        table
    })
}

/// `text` in lower case with Vietnamese diacritics removed, from NFC or NFD
/// (or mixed) input: "Đặng Đình Đức" → "dang dinh duc".
pub fn fold(text: &str) -> String {
    // Folded text is rarely longer than its source, so one allocation
    // almost always holds it.
    let mut folded = String::with_capacity(text.len());
    folded.extend(text.chars().filter_map(fold_char));
    folded
}

/// How many words `text` has once folded, `words(&fold(text)).count()`,
/// without making the folded text: the search index counts every field.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for folded in text.chars().filter_map(fold_char) {
        let letter = folded.is_ascii_alphanumeric();
        count += usize::from(letter && !in_word);
        in_word = letter;
    }
    count
}

/// Folded words of `text`: runs of ASCII letters and digits.
pub fn tokens(text: &str) -> Vec<String> {
    words(&fold(text)).map(str::to_owned).collect()
}

/// The words of already folded text, borrowed: the search index takes
/// them without an allocation per word.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folding_table_says_what_folding_works_out() {
        let characters = (0x80..0x2100).filter_map(char::from_u32);
        for c in characters.chain(['Ω', '中', '\u{1F600}']) {
            assert_eq!(fold_char(c), fold_slowly(c), "{c:?}");
        }
        assert_eq!(fold_char('Ặ'), Some('a'));
        assert_eq!(fold_char('\u{303}'), None);
    }

    #[test]
    fn word_count_counts_the_folded_words() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A\u{300}nh";
        for (text, words) in [
            ("", 0),
            ("Máy in HP LaserJet M404dn", 5),
            (nfd, 3),
            ("HN-BD-PC-0001", 4),
            ("  Đà Nẵng, 3/2026 — ổ cứng ", 6),
        ] {
            assert_eq!(word_count(text), words, "{text}");
            assert_eq!(super::words(&fold(text)).count(), words, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn word_count_is_the_count_of_folded_words(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(word_count(&text), super::words(&fold(&text)).count());
        }

        #[test]
        fn word_count_is_the_count_of_folded_vietnamese_words(
            text in "[a-zA-Z0-9đĐàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễÀÁẠƠỚỜƯỨỪ \\-,./\u{300}-\u{36f}]{0,40}"
        ) {
            proptest::prop_assert_eq!(word_count(&text), super::words(&fold(&text)).count());
        }
    }

    #[test]
    fn every_vietnamese_letter_folds_to_ascii() {
        for (base, accented) in LETTERS {
            for c in accented.chars() {
                assert_eq!(fold_char(c), Some(*base), "{c}");
                let upper: String = c.to_uppercase().collect();
                assert_eq!(fold(&upper), base.to_string(), "{upper}");
            }
        }
        let all = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
        assert!(
            fold(all).chars().all(|c| c.is_ascii_lowercase()),
            "{}",
            fold(all)
        );
        for mark in '\u{300}'..='\u{36f}' {
            assert_eq!(fold_char(mark), None);
        }
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Máy in"), "may in");
        assert_eq!(fold("Địa chỉ"), "dia chi");
        assert_eq!(fold("ĐẶNG ĐÌNH ĐỨC"), "dang dinh duc");
        // NFD: "ế" written as e + U+0302 + U+0301
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
    }

    #[test]
    fn splits_tokens() {
        let t = tokens("HN-Q1-PC-0012, Máy tính");
        assert_eq!(t, ["hn", "q1", "pc", "0012", "may", "tinh"]);
    }
}
