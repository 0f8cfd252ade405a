//! Folding Vietnamese text for search: drop diacritics and map đ to d, so
//! `may in` finds "Máy in" and `dia chi` finds "Địa chỉ".

/// Map one character to its unaccented lower-case ASCII letters, or keep it.
fn fold_char(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("aàáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("eèéẻẽẹêềếểễệ", 'e'),
        ("iìíỉĩị", 'i'),
        ("oòóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("uùúủũụưừứửữự", 'u'),
        ("yỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(lower))
        .map_or(lower, |(_, base)| *base)
}

/// Lower-case, unaccented text. Combining marks (text in NFD form) vanish.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(fold_char)
        .collect()
}

/// Folded words of `text`: runs of ASCII letters and digits.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let t: Vec<String> = tokens("HN-Q1-PC-0012, Máy tính").collect();
        assert_eq!(t, ["hn", "q1", "pc", "0012", "may", "tinh"]);
    }
}
