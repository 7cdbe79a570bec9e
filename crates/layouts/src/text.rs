//! The character conversions a field may ask for, in the order it lists them:
//! half-width (ｶﾅ as legacy systems want it), full-width, upper case, digits
//! only, katakana, trimming, and the Windows-31J folding of the characters that
//! JIS-based input methods (macOS, iOS) write differently from Windows.

use serde::Deserialize;

/// One conversion step of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// Full-width katakana, hiragana, ASCII and space to their half-width
    /// forms: パ → ﾊﾟ (two characters), ｶﾞ, Ａ → A, 　 → space. Characters
    /// without a half-width form (kanji) are left as they are. The small
    /// ヵ ヶ ヮ and the old ヰ ヱ become ｶ ｹ ﾜ ｲ ｴ, as bank and legacy layouts do.
    Halfwidth,
    /// ASCII, space and half-width katakana to full width: ﾊﾟ → パ, A → Ａ.
    Fullwidth,
    /// Latin letters (half- and full-width) to upper case.
    Upper,
    /// Keeps the digits only (full-width digits folded to ASCII first).
    DigitsOnly,
    /// Hiragana to katakana.
    Katakana,
    /// Leading and trailing spaces (half- and full-width) removed.
    Trim,
    /// The characters Windows-31J spells differently from JIS (〜 U+301C →
    /// ～ U+FF5E, ‖ → ∥, — → ―, − → －, ¢ £ ¬ → ￠ ￡ ￢), so that text typed on a
    /// Mac can be written in Shift_JIS.
    Windows31j,
}

impl Conversion {
    pub fn apply(self, text: &str) -> String {
        match self {
            Conversion::Halfwidth => to_halfwidth(text),
            Conversion::Fullwidth => to_fullwidth(text),
            Conversion::Upper => text
                .chars()
                .map(|c| match c {
                    'ａ'..='ｚ' => shift(c, -0x20),
                    _ => c.to_ascii_uppercase(),
                })
                .collect(),
            Conversion::DigitsOnly => text
                .chars()
                .map(|c| match c {
                    '０'..='９' => shift(c, -0xFEE0),
                    _ => c,
                })
                .filter(char::is_ascii_digit)
                .collect(),
            Conversion::Katakana => text.chars().map(hiragana_to_katakana).collect(),
            Conversion::Trim => text.trim_matches([' ', '\u{3000}']).to_string(),
            Conversion::Windows31j => text
                .chars()
                .map(|c| match c {
                    '\u{301C}' => '\u{FF5E}',
                    '\u{2016}' => '\u{2225}',
                    '\u{2014}' => '\u{2015}',
                    '\u{2212}' => '\u{FF0D}',
                    '\u{00A2}' => '\u{FFE0}',
                    '\u{00A3}' => '\u{FFE1}',
                    '\u{00AC}' => '\u{FFE2}',
                    _ => c,
                })
                .collect(),
        }
    }
}

/// Full-width counterparts of U+FF61..=U+FF9F (｡ to ﾟ), in code point order.
const FULL_OF_HALF: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴヷヺ";
const VOICED_BASE: &str = "カキクケコサシスセソタチツテトハヒフヘホウワヲ";
const SEMI_VOICED: &str = "パピプペポ";
const SEMI_VOICED_BASE: &str = "ハヒフヘホ";
const HALF_VOICED_MARK: char = '\u{FF9E}';
const HALF_SEMI_VOICED_MARK: char = '\u{FF9F}';

fn shift(c: char, by: i64) -> char {
    u32::try_from(i64::from(u32::from(c)) + by)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(c)
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => shift(c, 0x60),
        _ => c,
    }
}

/// The half-width form of one full-width katakana (or punctuation) without
/// a voiced mark.
fn half_of(c: char) -> Option<char> {
    let index = FULL_OF_HALF.chars().position(|f| f == c)?;
    char::from_u32(0xFF61 + u32::try_from(index).ok()?)
}

fn base_of(c: char, marked: &str, bases: &str) -> Option<char> {
    let index = marked.chars().position(|m| m == c)?;
    bases.chars().nth(index)
}

pub fn to_halfwidth(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(hiragana_to_katakana) {
        let c = match c {
            'ヵ' => 'カ',
            'ヶ' => 'ケ',
            'ヮ' => 'ワ',
            'ヰ' => 'イ',
            'ヱ' => 'エ',
            '\u{3099}' => '゛',
            '\u{309A}' => '゜',
            _ => c,
        };
        match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(shift(c, -0xFEE0)),
            '\u{3000}' => out.push(' '),
            '\u{2212}' => out.push('-'),
            _ => {
                if let Some(half) = half_of(c) {
                    out.push(half);
                } else if let Some(base) = base_of(c, VOICED, VOICED_BASE).and_then(half_of) {
                    out.push(base);
                    out.push(HALF_VOICED_MARK);
                } else if let Some(base) =
                    base_of(c, SEMI_VOICED, SEMI_VOICED_BASE).and_then(half_of)
                {
                    out.push(base);
                    out.push(HALF_SEMI_VOICED_MARK);
                } else {
                    out.push(c);
                }
            }
        }
    }
    out
}

pub fn to_fullwidth(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' => out.push('\u{3000}'),
            '!'..='~' => out.push(shift(c, 0xFEE0)),
            '\u{FF61}'..='\u{FF9F}' => {
                let index = usize::try_from(u32::from(c) - 0xFF61).unwrap_or(usize::MAX);
                let Some(full) = FULL_OF_HALF.chars().nth(index) else {
                    out.push(c);
                    continue;
                };
                let marked = match chars.peek() {
                    Some(&HALF_VOICED_MARK) => base_of(full, VOICED_BASE, VOICED),
                    Some(&HALF_SEMI_VOICED_MARK) => base_of(full, SEMI_VOICED_BASE, SEMI_VOICED),
                    _ => None,
                };
                match marked {
                    Some(m) => {
                        chars.next();
                        out.push(m);
                    }
                    None => out.push(full),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether a character is a voiced or semi-voiced mark that belongs to the
/// character before it (so a cut never separates ﾊ from its ﾟ).
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        HALF_VOICED_MARK | HALF_SEMI_VOICED_MARK | '\u{3099}' | '\u{309A}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_splits_voiced_marks() {
        assert_eq!(to_halfwidth("パ"), "ﾊﾟ");
        assert_eq!(to_halfwidth("パ").chars().count(), 2);
        assert_eq!(to_halfwidth("アイウ"), "ｱｲｳ");
        assert_eq!(to_halfwidth("ガッコウ　ヴ"), "ｶﾞｯｺｳ ｳﾞ");
        assert_eq!(to_halfwidth("やまだ　たろう"), "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert_eq!(to_halfwidth("ＡＢＣ１２３－"), "ABC123-");
        assert_eq!(to_halfwidth("霞ヶ関ー"), "霞ｹ関ｰ");
        assert_eq!(to_halfwidth("「。」"), "｢｡｣");
    }

    #[test]
    fn fullwidth_joins_voiced_marks() {
        assert_eq!(to_fullwidth("ﾊﾟﾋﾞｰ ｱ"), "パビー　ア");
        assert_eq!(to_fullwidth("A1-"), "Ａ１－");
        assert_eq!(to_fullwidth("ﾟ"), "゜");
        assert_eq!(to_fullwidth("ﾔﾏﾀﾞ"), "ヤマダ");
    }

    #[test]
    fn round_trip_of_katakana() {
        let all = "ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロワヲンヴー";
        assert_eq!(to_fullwidth(&to_halfwidth(all)), all);
    }

    #[test]
    fn other_conversions() {
        assert_eq!(Conversion::Upper.apply("abcｘ"), "ABCＸ");
        assert_eq!(Conversion::DigitsOnly.apply("〒４６０-0001"), "4600001");
        assert_eq!(Conversion::Katakana.apply("たろう"), "タロウ");
        assert_eq!(Conversion::Trim.apply("　a "), "a");
        assert_eq!(Conversion::Windows31j.apply("1〜3"), "1～3");
    }
}
