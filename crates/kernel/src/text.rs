//! Japanese text folding for search and validation: NFKC (full-width and
//! half-width forms, half-width katakana), lower case, katakana to hiragana,
//! and no spaces or punctuation, so that 児童手当, じどうてあて, ジドウテアテ
//! and ｼﾞﾄﾞｳﾃｱﾃ compare as the same words.

use unicode_normalization::UnicodeNormalization;

const KATAKANA_TO_HIRAGANA: u32 = 0x60;

fn katakana_to_hiragana(c: char) -> char {
    // ァ (U+30A1) … ヶ (U+30F6) have hiragana twins 0x60 below; ー, ヷ… do not.
    if ('\u{30A1}'..='\u{30F6}').contains(&c) {
        char::from_u32(c as u32 - KATAKANA_TO_HIRAGANA).unwrap_or(c)
    } else {
        c
    }
}

fn hiragana_to_katakana(c: char) -> char {
    if ('\u{3041}'..='\u{3096}').contains(&c) {
        char::from_u32(c as u32 + KATAKANA_TO_HIRAGANA).unwrap_or(c)
    } else {
        c
    }
}

/// The search form of `text`: NFKC, lower case, hiragana, letters and digits only.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .map(katakana_to_hiragana)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Splits a query on spaces (full-width too), commas and 、 after NFKC, as
/// typed; words with nothing to search by vanish.
pub fn query_words(query: &str) -> Vec<String> {
    let normalized: String = query.nfkc().collect();
    normalized
        .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
        .filter(|word| !fold(word).is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a query as [`query_words`] does and folds each word.
pub fn query_terms(query: &str) -> Vec<String> {
    query_words(query).iter().map(|w| fold(w)).collect()
}

/// Characters that change how text around them is shown without being
/// seen: right-to-left overrides make `gpj.exe` read as `exe.jpg`, and
/// zero-width ones make two different names look the same.
pub fn is_hidden_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// NFKC alone: full-width letters and digits to ASCII, half-width katakana to full-width.
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// NFKC and katakana → hiragana, keeping spaces: how readings are stored.
pub fn to_hiragana(text: &str) -> String {
    text.nfkc().map(katakana_to_hiragana).collect()
}

/// NFKC and hiragana → katakana: how furigana (フリガナ) are stored.
pub fn to_katakana(text: &str) -> String {
    text.nfkc().map(hiragana_to_katakana).collect()
}

/// True when `text` is katakana, the long-vowel mark, middle dot and spaces only.
pub fn is_katakana(text: &str) -> bool {
    !text.trim().is_empty()
        && text
            .chars()
            .all(|c| ('\u{30A1}'..='\u{30FC}').contains(&c) || c == ' ' || c == '\u{3000}')
}

/// True for one hiragana character (ぁ to ゟ, with the iteration marks).
pub fn is_hiragana_char(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// True when `text` is hiragana, the long-vowel mark and spaces only.
pub fn is_hiragana(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().all(|c| {
            ('\u{3041}'..='\u{3096}').contains(&c) || c == 'ー' || c == ' ' || c == '\u{3000}'
        })
}

/// A text cell as a spreadsheet must show it, never run it: a cell starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return that is not a plain
/// number gets a leading apostrophe, so Excel shows `=HYPERLINK(…)` typed by
/// someone instead of following it (CSV injection).
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A row of text cells made safe with [`spreadsheet_text`], for `csv`.
pub fn spreadsheet_row<'a, T: AsRef<str> + ?Sized + 'a>(
    cells: impl IntoIterator<Item = &'a T>,
) -> Vec<std::borrow::Cow<'a, [u8]>> {
    cells
        .into_iter()
        .map(|cell| match spreadsheet_text(cell.as_ref()) {
            std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.as_bytes()),
            std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.into_bytes()),
        })
        .collect()
}

/// The text of a cell written by [`spreadsheet_text`], as it was typed.
pub fn from_spreadsheet_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_writing_a_word_folds_to_one() {
        let expected = "じどうてあて";
        for written in [
            "じどうてあて",
            "ジドウテアテ",
            "ｼﾞﾄﾞｳﾃｱﾃ",
            "じどう てあて",
            "ジドウ・テアテ",
        ] {
            assert_eq!(fold(written), expected, "{written}");
        }
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
        assert_eq!(fold("要介護・要支援（新規）"), "要介護要支援新規");
        assert_eq!(fold("パスポート"), "ぱすぽーと");
    }

    #[test]
    fn queries_split_on_full_width_spaces() {
        assert_eq!(query_terms("児童　手当 "), vec!["児童", "手当"]);
        assert!(query_terms(" 　・ ").is_empty());
    }

    #[test]
    fn readings_convert_between_the_two_kana() {
        assert_eq!(to_katakana("やまだ たろう"), "ヤマダ タロウ");
        assert_eq!(to_katakana("ﾔﾏﾀﾞ"), "ヤマダ");
        assert_eq!(to_hiragana("ヤマダ"), "やまだ");
        assert!(is_katakana("ヤマダ タロウ"));
        assert!(!is_katakana("山田"));
        assert!(is_hiragana("じどうてあて"));
        assert!(!is_hiragana("児童"));
    }

    #[test]
    fn formulas_typed_into_a_cell_stay_text() {
        assert_eq!(
            spreadsheet_text("=HYPERLINK(\"http://x\",\"x\")"),
            "'=HYPERLINK(\"http://x\",\"x\")"
        );
        assert_eq!(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_text("+81 52-961-1111"), "'+81 52-961-1111");
        assert_eq!(spreadsheet_text("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_text("-1.5"), "-1.5");
        assert_eq!(spreadsheet_text("住民票の写し"), "住民票の写し");
        for typed in ["=1+1", "-x", "普通", "'quoted"] {
            assert_eq!(from_spreadsheet_text(&spreadsheet_text(typed)), typed);
        }
    }
}
