//! Reading the zengin-code source data format. Pure: the caller reads the
//! files; every size and count is bounded, and an entry whose code is not
//! 4 (bank) or 3 (branch) digits, or whose key and `code` disagree, is refused.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Largest file read (the whole banks.json is about 200 KB, a branch file
/// of the largest bank about 150 KB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// More banks than Japan has (about 1,200).
pub const MAX_BANKS: usize = 5_000;
/// More branches than any bank has (about 800).
pub const MAX_BRANCHES: usize = 5_000;
const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Raw {
    code: String,
    name: String,
    #[serde(default)]
    kana: String,
    #[serde(default)]
    hira: String,
    #[serde(default)]
    roma: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    pub code: String,
    pub name: String,
    pub kana: String,
    pub roma: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub bank_code: String,
    pub code: String,
    pub name: String,
    pub kana: String,
    pub roma: String,
}

/// What a directory or file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub banks: Vec<Bank>,
    pub branches: Vec<Branch>,
}

fn digits(code: &str, n: usize) -> bool {
    code.len() == n && code.bytes().all(|b| b.is_ascii_digit())
}

fn entries(text: &str, what: &str, max: usize) -> Result<Vec<(String, Raw)>, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{what}: {} バイトは大きすぎます / larger than {MAX_FILE_BYTES} bytes",
            text.len()
        ));
    }
    let map: BTreeMap<String, Raw> = serde_json::from_str(text).map_err(|e| {
        format!("{what}: zengin-code の形式として読めません / not in the zengin-code format: {e}")
    })?;
    if map.len() > max {
        return Err(format!(
            "{what}: {} 件は多すぎます / more than {max} entries",
            map.len()
        ));
    }
    let mut out = Vec::with_capacity(map.len());
    for (key, raw) in map {
        if key != raw.code {
            return Err(format!(
                "{what}: キー {key:?} とコード {:?} が違います / key and code differ",
                raw.code
            ));
        }
        for text in [&raw.name, &raw.kana, &raw.hira, &raw.roma] {
            if text.chars().count() > MAX_NAME_CHARS || text.chars().any(char::is_control) {
                return Err(format!(
                    "{what} {key}: 名前が長すぎるか制御文字を含みます / a name is too long or has control characters"
                ));
            }
        }
        if raw.name.trim().is_empty() {
            return Err(format!("{what} {key}: 名前がありません / no name"));
        }
        out.push((key, raw));
    }
    Ok(out)
}

/// Banks from `banks.json`.
pub fn banks(text: &str) -> Result<Vec<Bank>, String> {
    entries(text, "banks.json", MAX_BANKS)?
        .into_iter()
        .map(|(code, raw)| {
            if !digits(&code, 4) {
                return Err(format!(
                    "banks.json: 金融機関コード {code:?} は4桁の数字ではありません / a bank code is 4 digits"
                ));
            }
            Ok(Bank {
                code,
                name: raw.name,
                kana: raw.kana,
                roma: raw.roma,
            })
        })
        .collect()
}

/// Branches of `bank_code` from `branches/<bank_code>.json`.
pub fn branches(bank_code: &str, text: &str) -> Result<Vec<Branch>, String> {
    let what = format!("branches/{bank_code}.json");
    if !digits(bank_code, 4) {
        return Err(format!(
            "{what}: ファイル名が金融機関コードではありません / the file is not named by a bank code"
        ));
    }
    entries(text, &what, MAX_BRANCHES)?
        .into_iter()
        .map(|(code, raw)| {
            if !digits(&code, 3) {
                return Err(format!(
                    "{what}: 支店コード {code:?} は3桁の数字ではありません / a branch code is 3 digits"
                ));
            }
            Ok(Branch {
                bank_code: bank_code.to_string(),
                code,
                name: raw.name,
                kana: raw.kana,
                roma: raw.roma,
            })
        })
        .collect()
}

/// A name, reading and romaji folded as a search compares them: NFKC,
/// katakana, small kana large (全銀 readings write キヨウ for キョウ), the
/// long-vowel marks as `-`, lower case, no spaces.
pub fn fold(text: &str) -> String {
    kernel::text::to_katakana(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'ァ' => 'ア',
            'ィ' => 'イ',
            'ゥ' => 'ウ',
            'ェ' => 'エ',
            'ォ' => 'オ',
            'ッ' => 'ツ',
            'ャ' => 'ヤ',
            'ュ' => 'ユ',
            'ョ' => 'ヨ',
            'ヮ' => 'ワ',
            'ー' | '－' | '‐' | '−' => '-',
            other => other,
        })
        .collect()
}

/// What a resident types, folded, and without the words the list leaves
/// out of names (銀行, 信用金庫 …): 「名古屋銀行」 finds 名古屋.
pub fn query(text: &str) -> String {
    let mut folded = fold(text);
    for suffix in [
        "信用金庫",
        "信用組合",
        "シンヨウキンコ",
        "ギンコウ",
        "銀行",
        "bank",
        "ginkou",
        "ginko",
    ] {
        let suffix = fold(suffix);
        if folded.len() > suffix.len()
            && let Some(stripped) = folded.strip_suffix(&suffix)
        {
            folded = stripped.to_string();
        }
    }
    folded
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANKS: &str = r#"{
      "0005":{"code":"0005","name":"三菱ＵＦＪ","kana":"ミツビシユ－エフジエイ","hira":"みつびしゆ－えふじえい","roma":"mitsubishiyu-efujiei"},
      "0543":{"code":"0543","name":"名古屋","kana":"ナゴヤ","hira":"なごや","roma":"nagoya"}
    }"#;

    #[test]
    fn banks_and_branches_read_in_the_zengin_code_format() {
        let banks = banks(BANKS).expect("banks");
        assert_eq!(banks.len(), 2);
        assert_eq!(banks[1].code, "0543");
        assert_eq!(banks[1].name, "名古屋");
        let branches = branches(
            "0543",
            r#"{"101":{"code":"101","name":"本店営業部","kana":"ホンテンエイギヨウブ","hira":"ほんてんえいぎようぶ","roma":"hontenneigiyoubu"}}"#,
        )
        .expect("branches");
        assert_eq!(branches[0].bank_code, "0543");
        assert_eq!(branches[0].code, "101");
    }

    #[test]
    fn malformed_codes_keys_and_sizes_are_refused() {
        assert!(banks(r#"{"543":{"code":"543","name":"x"}}"#).is_err());
        assert!(banks(r#"{"0543":{"code":"0544","name":"x"}}"#).is_err());
        assert!(banks(r#"{"0543":{"code":"0543","name":""}}"#).is_err());
        assert!(banks("[1, 2]").is_err());
        assert!(branches("0543", r#"{"1":{"code":"1","name":"x"}}"#).is_err());
        assert!(branches("../x", "{}").is_err());
        let long = format!(
            r#"{{"0001":{{"code":"0001","name":"{}"}}}}"#,
            "あ".repeat(500)
        );
        assert!(banks(&long).is_err());
        let huge = " ".repeat(MAX_FILE_BYTES + 1);
        assert!(banks(&huge).is_err());
    }

    #[test]
    fn names_fold_so_kanji_kana_and_romaji_find_the_bank() {
        assert_eq!(
            fold("ミツビシユ－エフジエイ"),
            fold("みつびしゅーえふじえい")
        );
        assert_eq!(query("名古屋銀行"), "名古屋");
        assert_eq!(query("ナゴヤギンコウ"), "ナゴヤ");
        assert_eq!(query(" Nagoya Bank "), "nagoya");
        assert_eq!(query("ｵｵｶﾞｷ"), "オオガキ");
        assert_eq!(query("三菱ＵＦＪ"), "三菱ufj");
        assert_eq!(query("100%_"), "100");
        assert_eq!(
            query("銀行"),
            "銀行",
            "a name that is only the suffix is kept"
        );
    }
}
