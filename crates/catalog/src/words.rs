//! Search words (検索用語辞書): the words residents use, and what the catalog
//! calls the same thing — 引っ越し → 転入・転出・転居, パスポート → 旅券,
//! ハンコ → 印鑑. Kept as a TOML document the DX office edits; the city
//! starts from [`DEFAULT_WORDS`]. Pure: parsing, checking and looking up.
//!
//! An entry says what residents `say` (any script: kanji, kana, romaji,
//! English and other languages) and what the catalog's names `find` in its
//! place. Every form is folded (NFKC, katakana → hiragana, no spaces), so
//! 「ヒッコシ」 and 「ひっこし」 are one key.

use std::collections::HashMap;

use serde::Deserialize;

/// The dictionary a city starts from.
pub const DEFAULT_WORDS: &str = include_str!("../words/nagoya.toml");

/// Longest document accepted.
pub const MAX_SOURCE_BYTES: usize = 512 * 1024;
/// Most entries a document may hold.
pub const MAX_ENTRIES: usize = 5_000;
/// Most words on either side of one entry.
pub const MAX_WORDS_PER_ENTRY: usize = 80;
/// Longest word, in characters.
pub const MAX_WORD_CHARS: usize = 60;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(default)]
    words: Vec<RawEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    say: Vec<String>,
    find: Vec<String>,
}

/// One entry, as written and folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub say: Vec<String>,
    pub find: Vec<String>,
    /// `find`, folded.
    pub find_folded: Vec<String>,
}

pub use kernel::documents::Problem;
use kernel::documents::problem;

/// The dictionary, ready to look words up in.
#[derive(Debug, Clone, Default)]
pub struct Words {
    entries: Vec<Entry>,
    /// Folded `say` word → entries.
    keys: HashMap<String, Vec<usize>>,
    /// Keys worth finding inside a longer query (ソファを捨てたい → ソファ),
    /// longest first.
    spottable: Vec<(String, usize)>,
}

/// True for a key that can be looked for inside other words without
/// finding it by accident: two characters with a kanji or katakana among
/// them, three of hiragana, four Latin letters; a single kanji only where a
/// particle follows it (犬を飼った, not 木造).
fn spottable(folded: &str) -> bool {
    let chars = folded.chars().count();
    if folded.chars().all(|c| c.is_ascii_alphanumeric()) {
        chars >= 4
    } else if folded.chars().all(is_hiragana) {
        chars >= 3
    } else {
        chars >= 1
    }
}

use kernel::text::is_hiragana_char as is_hiragana;

/// Particles after which a single kanji stands as a word of its own.
const PARTICLES: [char; 8] = ['を', 'が', 'の', 'に', 'は', 'で', 'と', 'も'];

impl Words {
    /// Reads and checks a document; every problem at once.
    pub fn parse(source: &str) -> Result<Words, Vec<Problem>> {
        let document: Document = kernel::documents::read_toml(source, MAX_SOURCE_BYTES)?;
        let mut problems = Vec::new();
        if document.words.len() > MAX_ENTRIES {
            problems.push(problem(
                format!("項目が多すぎます（{MAX_ENTRIES} まで）。"),
                format!("Too many entries (at most {MAX_ENTRIES})."),
            ));
        }
        let mut entries = Vec::with_capacity(document.words.len());
        for (i, raw) in document.words.into_iter().enumerate() {
            let n = i + 1;
            if raw.say.is_empty() || raw.find.is_empty() {
                problems.push(problem(
                    format!("{n} 番目の項目: say と find に一つ以上の語が要ります。"),
                    format!("Entry {n}: say and find need one word or more each."),
                ));
                continue;
            }
            if raw.say.len() > MAX_WORDS_PER_ENTRY || raw.find.len() > MAX_WORDS_PER_ENTRY {
                problems.push(problem(
                    format!("{n} 番目の項目: 語が多すぎます（{MAX_WORDS_PER_ENTRY} まで）。"),
                    format!("Entry {n}: too many words (at most {MAX_WORDS_PER_ENTRY})."),
                ));
                continue;
            }
            for word in raw.say.iter().chain(&raw.find) {
                if word.chars().count() > MAX_WORD_CHARS {
                    problems.push(problem(
                        format!(
                            "{n} 番目の項目:「{word}」が長すぎます（{MAX_WORD_CHARS} 字まで）。"
                        ),
                        format!(
                            "Entry {n}: {word:?} is too long (at most {MAX_WORD_CHARS} characters)."
                        ),
                    ));
                } else if kernel::text::fold(word).is_empty() {
                    problems.push(problem(
                        format!("{n} 番目の項目:「{word}」には文字がありません。"),
                        format!("Entry {n}: {word:?} has no letters."),
                    ));
                }
            }
            let find_folded = raw.find.iter().map(|w| kernel::text::fold(w)).collect();
            entries.push(Entry {
                say: raw.say,
                find: raw.find,
                find_folded,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Words::from_entries(entries))
    }

    fn from_entries(entries: Vec<Entry>) -> Words {
        let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            for word in &entry.say {
                let folded = kernel::text::fold(word);
                let list = keys.entry(folded).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut spottable: Vec<(String, usize)> = keys
            .iter()
            .filter(|(k, _)| spottable(k))
            .flat_map(|(k, list)| list.iter().map(move |&i| (k.clone(), i)))
            .collect();
        spottable.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.cmp(b))
        });
        Words {
            entries,
            keys,
            spottable,
        }
    }

    /// The platform's own dictionary.
    pub fn default_words() -> Words {
        // The file is checked by a test; should it ever not read, search
        // still works, without the dictionary.
        Words::parse(DEFAULT_WORDS).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// What the catalog calls a folded word residents say, when the
    /// dictionary knows the whole word.
    pub fn exact(&self, folded: &str) -> Vec<&Entry> {
        self.keys
            .get(folded)
            .map(|list| list.iter().filter_map(|&i| self.entries.get(i)).collect())
            .unwrap_or_default()
    }

    /// Entries whose words occur inside a longer folded text, longest
    /// first, never two over the same characters (ソファをすてたい →
    /// ソファ, すて).
    pub fn spot(&self, folded: &str) -> Vec<&Entry> {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut found: Vec<usize> = Vec::new();
        for (key, i) in &self.spottable {
            if key.len() > folded.len() {
                continue;
            }
            let mut from = 0;
            while let Some(at) = folded.get(from..).and_then(|rest| rest.find(key.as_str())) {
                let start = from + at;
                let end = start + key.len();
                let alone = key.chars().count() > 1
                    || folded
                        .get(end..)
                        .and_then(|rest| rest.chars().next())
                        .is_none_or(|next| PARTICLES.contains(&next));
                if alone && taken.iter().all(|&(s, e)| end <= s || start >= e) {
                    taken.push((start, end));
                    if !found.contains(i) {
                        found.push(*i);
                    }
                    break;
                }
                from = start + key.chars().next().map_or(1, char::len_utf8);
            }
        }
        found
            .into_iter()
            .filter_map(|i| self.entries.get(i))
            .collect()
    }

    /// Every word residents say, as written: the near-miss suggestions
    /// draw on them.
    pub fn said(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .flat_map(|e| e.say.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_dictionary_reads_and_has_its_starter_set() {
        let words = Words::parse(DEFAULT_WORDS).expect("the default dictionary reads");
        assert!(words.len() >= 300, "{} entries", words.len());
    }

    #[test]
    fn every_script_of_a_word_finds_the_same_entry() {
        let words = Words::parse(
            r#"words = [ { say = ["引っ越し", "ひっこし", "moving"], find = ["転入", "転出"] } ]"#,
        )
        .unwrap();
        for said in ["引っ越し", "ヒッコシ", "ﾋｯｺｼ", "Moving"] {
            let found = words.exact(&kernel::text::fold(said));
            assert_eq!(found.len(), 1, "{said}");
            assert_eq!(found[0].find, vec!["転入", "転出"]);
        }
        assert!(words.exact("ひっこ").is_empty());
    }

    #[test]
    fn words_inside_a_sentence_are_spotted_longest_first() {
        let words = Words::parse(
            r#"words = [
                { say = ["ソファ"], find = ["粗大ごみ"] },
                { say = ["捨て"], find = ["ごみ"] },
                { say = ["ソファー"], find = ["粗大ごみ"] },
                { say = ["ごみ"], find = ["ごみ"] },
            ]"#,
        )
        .unwrap();
        let found: Vec<&str> = words
            .spot(&kernel::text::fold("ソファーを捨てたい"))
            .iter()
            .map(|e| e.find[0].as_str())
            .collect();
        assert_eq!(found, vec!["粗大ごみ", "ごみ"]);
        // Two kana alone are too easily found by accident.
        assert!(words.spot("ごみばこ").is_empty());
        let words = Words::parse(r#"words = [ { say = ["犬"], find = ["犬の登録"] } ]"#).unwrap();
        assert_eq!(words.spot(&kernel::text::fold("犬を飼い始めた")).len(), 1);
        assert_eq!(words.spot(&kernel::text::fold("大きな犬")).len(), 1);
        assert!(words.spot(&kernel::text::fold("犬山市")).is_empty());
    }

    #[test]
    fn a_bad_document_names_every_problem() {
        let problems = Words::parse(
            r#"words = [ { say = [], find = ["x"] }, { say = ["・"], find = ["転入"] } ]"#,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(Words::parse("words = 3").is_err());
        assert!(Words::parse(&"#".repeat(MAX_SOURCE_BYTES + 1)).is_err());
    }
}
