//! The two encodings of a layout, both strict: a character the target cannot
//! hold is an error, never a replacement, and malformed input is refused.
//!
//! `shift_jis` is encoding_rs's `SHIFT_JIS`, the WHATWG Encoding Standard's
//! Shift_JIS, which is Windows-31J (CP932): JIS X 0208 with the NEC special
//! characters (①, ㈱, Ⅰ) and the IBM extensions (髙, 﨑). What it cannot
//! hold: characters outside JIS X 0208 and those extensions (𠮷, 𩸽, most
//! JIS X 0213 additions), and the characters JIS and Windows map differently
//! (〜 U+301C, ‖ U+2016, — U+2014, ¢ £ ¬), which the `windows31j` conversion
//! folds. When decoding, the NEC-selected IBM extensions (0xED40–0xEEFC) are
//! read too; half-width katakana are single bytes 0xA1–0xDF.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    #[serde(
        rename = "shift_jis",
        alias = "Shift_JIS",
        alias = "windows-31j",
        alias = "cp932",
        alias = "sjis"
    )]
    ShiftJis,
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::ShiftJis => "Shift_JIS (Windows-31J)",
            Encoding::Utf8 => "UTF-8",
        }
    }

    /// The bytes of a text, or the characters (each once, in order) the
    /// encoding cannot hold.
    pub fn encode(self, text: &str) -> Result<Vec<u8>, Vec<char>> {
        match self {
            Encoding::Utf8 => Ok(text.as_bytes().to_vec()),
            Encoding::ShiftJis => {
                let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
                if !had_errors {
                    return Ok(bytes.into_owned());
                }
                let mut missing = Vec::new();
                let mut buffer = [0u8; 4];
                for c in text.chars() {
                    let (_, _, bad) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buffer));
                    if bad && !missing.contains(&c) {
                        missing.push(c);
                    }
                }
                Err(missing)
            }
        }
    }

    /// The byte length of one character, if the encoding holds it.
    pub fn char_len(self, c: char) -> Option<usize> {
        match self {
            Encoding::Utf8 => Some(c.len_utf8()),
            Encoding::ShiftJis => {
                let mut buffer = [0u8; 4];
                let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buffer));
                (!bad).then_some(bytes.len())
            }
        }
    }

    /// The text of well-formed bytes, `None` for malformed ones.
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_owned),
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(std::borrow::Cow::into_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_windows_31j_holds() {
        let sjis = Encoding::ShiftJis;
        assert_eq!(sjis.encode("ｱ"), Ok(vec![0xB1]));
        assert_eq!(sjis.encode("ア"), Ok(vec![0x83, 0x41]));
        assert_eq!(
            sjis.encode("①髙﨑"),
            Ok(vec![0x87, 0x40, 0xFB, 0xFC, 0xFA, 0xB1])
        );
        assert_eq!(sjis.encode("吉田𠮷野"), Err(vec!['𠮷']));
        assert_eq!(sjis.encode("1〜3"), Err(vec!['〜']));
        assert_eq!(sjis.encode("1～3").map(|b| b.len()), Ok(4));
        assert_eq!(sjis.char_len('漢'), Some(2));
        assert_eq!(sjis.char_len('ﾊ'), Some(1));
        assert_eq!(sjis.char_len('𠮷'), None);
        assert_eq!(sjis.decode(&[0x83, 0x41, 0xB1]).as_deref(), Some("アｱ"));
        assert_eq!(sjis.decode(&[0x83]), None);
        assert_eq!(sjis.decode(&[0x81, 0x20]), None);
    }
}
