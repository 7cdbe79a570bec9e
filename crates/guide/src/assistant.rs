//! The FAQ assistant (24時間の案内): a resident's question answered from the
//! sections' FAQ and the catalog, citing the procedure pages used — or, when
//! nothing answers it with confidence, saying so and giving the contact
//! instead. It never composes a procedure: every answer is a FAQ entry the
//! city wrote or a procedure the catalog holds. Pure: no I/O.
//!
//! How a question is read:
//! 1. Folded (NFKC, kana, case) and stripped of the words of asking
//!    (教えてください, どうすればいいですか, how do I …).
//! 2. Matched against the FAQ's ways of asking, by shared character pairs;
//!    a close match answers with its entry.
//! 3. Else searched in the catalog, first as asked, then by its content
//!    words (runs of kanji, katakana and letters). A search answers only when
//!    every word was found whole (not only by its parts) — otherwise the
//!    assistant abstains.

use std::collections::{BTreeSet, HashMap};

use catalog::search::{ProcedureSummary, SearchIndex, SearchQuery};
use kernel::documents::{Problem, problem, valid_id};
use kernel::i18n::{Lang, Localized, Message};
use serde::{Deserialize, Serialize};

/// The FAQ a city starts from; the DX office and the sections keep theirs.
pub const DEFAULT_FAQ: &str = include_str!("../faq/nagoya.toml");

/// Longest FAQ document accepted.
pub const MAX_SOURCE_BYTES: usize = 512 * 1024;
/// Most entries, ways of asking an entry, procedures an entry cites.
pub const MAX_ENTRIES: usize = 2_000;
pub const MAX_ASKS: usize = 40;
pub const MAX_CITED: usize = 10;
/// Words naming an entry's topic, at most (see [`Entry::keys`]).
pub const MAX_KEYS: usize = 64;
/// Words for questions none of the city's, at most (the document's
/// `unless`).
pub const MAX_UNLESS: usize = 500;
/// Longest question read (characters).
pub const MAX_QUESTION_CHARS: usize = 300;
/// Procedures an answer from the catalog cites at most.
pub const MAX_CITATIONS: usize = 3;

/// How alike a question and a way of asking must be (see [`dice`]) for the
/// entry to answer before the catalog is searched; and after, when the
/// catalog has no answer either.
const FAQ_CLOSE: f64 = 0.7;
const FAQ_NEAR: f64 = 0.42;
/// A long question answers to a way of asking it holds this share of
/// (weighted), when the way of asking weighs enough to say something.
const ASK_COVER: f64 = 0.8;
const ASK_COVER_MIN_WEIGHT: f64 = 5.0;
/// A search word that finds more procedures than this is too general to
/// be a question's topic.
const MAX_TOPIC_PROCEDURES: usize = 50;
/// Characters from which a key is a phrase rather than a word.
const PHRASE_KEY: usize = 5;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Document {
    /// Words that say a question is none of the city's, whatever else it
    /// holds (自由研究, 慰謝料, joke): written before the entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unless: Vec<String>,
    #[serde(rename = "faq", default)]
    entries: Vec<Entry>,
}

/// One question the city answers.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// The section that keeps it (the organisation's section id).
    pub section: String,
    /// Ways residents ask it, in any language.
    pub ask: Vec<String>,
    pub answer: Localized,
    /// The catalog's procedures the answer rests on, cited with it.
    #[serde(default)]
    pub procedures: Vec<String>,
    /// Words that name the entry's topic (国保, 亡くなりました, 学童): a
    /// question holding one, whose other words are all words of city life
    /// the FAQ knows, is answered with this entry, however it is put.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Words that say a question reading like this entry is about
    /// something else the city does not handle (会社の健康診断 beside the
    /// city's screenings; a passport asked from abroad, which an embassy
    /// issues): the assistant then gives the contact instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
}

/// The FAQ, with each way of asking folded into its character pairs.
#[derive(Debug, Clone, Default)]
pub struct Faq {
    pub entries: Vec<Entry>,
    /// (entry, pairs of a way of asking)
    asks: Vec<(usize, Features)>,
    /// The content words of each way of asking (two characters or more,
    /// folded), in the order of `asks`.
    ask_words: Vec<Vec<String>>,
    /// The folded words of the asks, keys and Japanese answers (runs of
    /// kanji and katakana, and their parts of two): the words of city life
    /// the FAQ knows.
    vocabulary: std::collections::HashSet<String>,
    /// (entry, folded key).
    keys: Vec<(usize, String)>,
    /// The document's words for questions none of the city's, folded.
    unless: Vec<String>,
    /// Each entry's `unless` words, folded, in the order of `entries`.
    entry_unless: Vec<Vec<String>>,
}

impl Faq {
    /// Reads and checks a FAQ; every problem at once.
    pub fn parse(source: &str) -> Result<Faq, Vec<Problem>> {
        let document: Document = kernel::documents::read_toml(source, MAX_SOURCE_BYTES)?;
        let mut problems = Vec::new();
        if document.entries.len() > MAX_ENTRIES {
            problems.push(problem(
                format!("よくある質問は{MAX_ENTRIES}件までです。"),
                format!("At most {MAX_ENTRIES} entries."),
            ));
        }
        if !words_fit(&document.unless, MAX_UNLESS) {
            problems.push(problem(
                format!("unless は{MAX_UNLESS}個まで、それぞれ2文字以上で書いてください。"),
                format!("At most {MAX_UNLESS} words in unless, each of two characters or more."),
            ));
        }
        let mut ids = BTreeSet::new();
        for entry in &document.entries {
            let id = &entry.id;
            if !valid_id(id) {
                problems.push(problem(
                    format!("質問のid「{id}」は英小文字・数字・-・_で書いてください。"),
                    format!("Entry id \"{id}\": use a-z, 0-9, - and _."),
                ));
            }
            if !ids.insert(id.as_str()) {
                problems.push(problem(
                    format!("質問のid「{id}」が重複しています。"),
                    format!("Entry id \"{id}\" is used twice."),
                ));
            }
            if entry.ask.is_empty() || entry.ask.len() > MAX_ASKS {
                problems.push(problem(
                    format!("質問「{id}」の ask は1個から{MAX_ASKS}個までです。"),
                    format!("Entry \"{id}\": ask takes 1 to {MAX_ASKS} ways of asking."),
                ));
            }
            if entry
                .ask
                .iter()
                .any(|a| features(&fold_question(a)).is_empty())
            {
                problems.push(problem(
                    format!("質問「{id}」の ask に、聞き方の言葉がない項目があります。"),
                    format!("Entry \"{id}\": a way of asking has no words to match."),
                ));
            }
            if entry.answer.ja.trim().is_empty() {
                problems.push(problem(
                    format!("質問「{id}」に日本語の answer がありません。"),
                    format!("Entry \"{id}\" has no Japanese answer."),
                ));
            }
            if entry.section.trim().is_empty() {
                problems.push(problem(
                    format!("質問「{id}」に担当の section がありません。"),
                    format!("Entry \"{id}\" names no section."),
                ));
            }
            if !words_fit(&entry.keys, MAX_KEYS) {
                problems.push(problem(
                    format!("質問「{id}」の keys は{MAX_KEYS}個まで、それぞれ2文字以上で書いてください。"),
                    format!("Entry \"{id}\": at most {MAX_KEYS} keys, each of two characters or more."),
                ));
            }
            if !words_fit(&entry.unless, MAX_KEYS) {
                problems.push(problem(
                    format!("質問「{id}」の unless は{MAX_KEYS}個まで、それぞれ2文字以上で書いてください。"),
                    format!("Entry \"{id}\": at most {MAX_KEYS} words in unless, each of two characters or more."),
                ));
            }
            if entry.procedures.len() > MAX_CITED {
                problems.push(problem(
                    format!("質問「{id}」の procedures は{MAX_CITED}個までです。"),
                    format!("Entry \"{id}\": at most {MAX_CITED} procedures."),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let asks = document
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.ask.iter().map(move |a| (i, features(&fold_question(a)))))
            .collect();
        let ask_words = document
            .entries
            .iter()
            .flat_map(|e| {
                e.ask.iter().map(|a| {
                    content_words(&fold_question(a))
                        .iter()
                        .map(|w| kernel::text::fold(w))
                        .filter(|w| w.chars().count() >= 2)
                        .collect()
                })
            })
            .collect();
        let mut vocabulary = std::collections::HashSet::new();
        for entry in &document.entries {
            for text in entry
                .ask
                .iter()
                .chain(&entry.keys)
                .chain(std::iter::once(&entry.answer.ja))
            {
                for word in content_words(&fold_question(text)) {
                    let chars: Vec<char> = kernel::text::fold(&word).chars().collect();
                    for n in 2..=chars.len() {
                        for window in chars.windows(n) {
                            vocabulary.insert(window.iter().collect::<String>());
                        }
                    }
                }
            }
        }
        let keys: Vec<(usize, String)> = document
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.keys.iter().map(move |k| (i, folded_word(k))))
            .collect();
        let entry_unless = document
            .entries
            .iter()
            .map(|e| e.unless.iter().map(|u| folded_word(u)).collect())
            .collect();
        Ok(Faq {
            entries: document.entries,
            asks,
            ask_words,
            vocabulary,
            keys,
            unless: document.unless.iter().map(|u| folded_word(u)).collect(),
            entry_unless,
        })
    }

    /// Procedures the entries cite that the catalog does not hold: an
    /// answer must not cite a page that is not there.
    pub fn unknown_procedures(&self, index: &SearchIndex) -> Vec<Problem> {
        self.entries
            .iter()
            .flat_map(|e| e.procedures.iter().map(move |p| (e, p)))
            .filter(|(_, p)| index.get(p).is_none())
            .map(|(e, p)| {
                problem(
                    format!("質問「{}」の手続「{p}」は手続一覧にありません。", e.id),
                    format!(
                        "Entry \"{}\": procedure \"{p}\" is not in the catalog.",
                        e.id
                    ),
                )
            })
            .collect()
    }

    /// The entry that answers `folded`, with how alike they are.
    /// True when the question holds one of the content words of way of
    /// asking `n` whole (区役所, 粗大ごみ): sharing only pieces (カード, 申請)
    /// is no sign of the same question. A way of asking without such words
    /// (English) is not held to it.
    fn shares_word(&self, n: usize, text: &str) -> bool {
        self.ask_words
            .get(n)
            .is_none_or(|words| words.is_empty() || words.iter().any(|w| text.contains(w.as_str())))
    }

    /// The entry one of whose ways of asking the question holds nearly all
    /// of (a long question around a short way of asking: 会社やめたので国保に
    /// 入りたいです。何持っていけばいい？ holds 国保の加入), every kanji of it
    /// included.
    fn covering(&self, folded: &str) -> Option<&Entry> {
        let asked = features(folded);
        let text = kernel::text::fold(folded);
        self.asks
            .iter()
            .enumerate()
            .filter(|(n, _)| self.shares_word(*n, &text))
            .map(|(_, ask)| ask)
            .filter_map(|(i, ask)| {
                let total: f64 = ask.values().sum();
                if total < ASK_COVER_MIN_WEIGHT {
                    return None;
                }
                let kanji_all = ask
                    .keys()
                    .filter(|f| matches!(f, Feature::One(c) if is_kanji(*c)))
                    .all(|k| asked.contains_key(k));
                let shared: f64 = ask
                    .iter()
                    .filter(|(f, _)| asked.contains_key(*f))
                    .map(|(_, w)| *w)
                    .sum();
                (kanji_all && shared / total >= ASK_COVER).then_some((*i, shared / total))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .and_then(|(i, _)| self.entries.get(i))
    }

    /// The entry one of whose keys the question holds (the one said first;
    /// none when two entries' keys are found at one place and as long), when every other
    /// word of the question is a word of city life the FAQ knows: 子犬 in
    /// 子犬を飼い始めました is the dog entry's, but beside ペットショップ the
    /// question is about something else.
    fn keyed(&self, folded: &str, city_word: &dyn Fn(&str) -> bool) -> Option<(&Entry, usize)> {
        let text = kernel::text::fold(folded);
        // The key said first is the question's subject (所得証明がほしいです。
        // 去年引っ越してきたんですが… is about the certificate) unless it is
        // said as the setting; at one place, the longer key.
        let found: Vec<(usize, usize, &String)> = self
            .keys
            .iter()
            .filter_map(|(entry, key)| {
                text.find(key.as_str()).map(|at| {
                    (
                        text.get(..at).unwrap_or_default().chars().count(),
                        *entry,
                        key,
                    )
                })
            })
            .collect();
        let mut order: Vec<&(usize, usize, &String)> = found.iter().collect();
        order.sort_by_key(|(at, _, key)| (*at, std::cmp::Reverse(key.chars().count())));
        let chars: Vec<char> = text.chars().collect();
        // A key whose phrase ends in で before the next key is said is the
        // setting, not the subject (保育園の申込で課税証明書がいる,
        // 引っ越してきたばかりでごみの収集日が, 生まれたので児童手当は).
        let setting = |n: usize| -> bool {
            let (Some((at, _, key)), Some((next, _, _))) = (order.get(n), order.get(n + 1)) else {
                return false;
            };
            let end = at + key.chars().count();
            if *next <= end {
                return false;
            }
            let between: Vec<char> = chars.get(end..*next).unwrap_or_default().to_vec();
            // で as a particle or ので, not です, でき or でしょう.
            let clause = between.iter().enumerate().any(|(i, &c)| {
                c == 'で'
                    && !between
                        .get(i + 1)
                        .is_some_and(|n| matches!(n, 'す' | 'き' | 'し'))
            });
            clause && !between.iter().any(|c| matches!(c, 'が' | 'を' | 'は'))
        };
        let mut pick = 0;
        while setting(pick) {
            pick += 1;
        }
        let first = order.get(pick)?;
        let (at, entry, key) = (first.0, first.1, first.2);
        let length = key.chars().count();
        if found
            .iter()
            .any(|(a, e, k)| *a == at && *e != entry && k.chars().count() == length)
        {
            return None;
        }
        self.about_city(folded, key, city_word)
            .then(|| self.entries.get(entry).map(|e| (e, length)))?
    }

    /// True when every content word of a question is one the FAQ uses or
    /// of a resident's own life, or part of `key` (see [`Faq::known_word`]):
    /// a word it does not know (ペットショップ, ドコモ) says the question is
    /// about something else. Chinese has no kana to tell words apart, and a
    /// question all in hiragana (こんいんとどけ どようびでもだせる) no kanji:
    /// those are not held to it.
    fn about_city(&self, folded: &str, key: &str, city_word: &dyn Fn(&str) -> bool) -> bool {
        let katakana = folded.chars().any(is_katakana);
        let kanji_and_hiragana = folded.chars().any(is_kanji) && folded.chars().any(is_hiragana);
        if !katakana && !kanji_and_hiragana {
            return true;
        }
        let mut weighed_words = 0;
        let mut unknown: Vec<&str> = Vec::new();
        let words = content_words_before(folded);
        for (word, next) in &words {
            let weighed = !word
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_ascii_alphabetic())
                && word.chars().count() >= 2;
            if !weighed {
                continue;
            }
            weighed_words += 1;
            if !self.known_word(word, key, city_word)
                && !self.known_before_verb(word, *next, key, city_word)
            {
                unknown.push(word);
            }
        }
        // One word of kanji it does not know beside a key of three
        // characters or two kanji is a detail or a slip of the
        // keyboard (離婚届 証認 いないとだめ): not a word of katakana, which
        // names a shop, a product or a company (ドコモ).
        match unknown.as_slice() {
            [] => true,
            [word] => {
                (key.chars().count() >= 3
                    || (key.chars().count() == 2 && key.chars().all(is_kanji)))
                    && weighed_words >= 2
                    && word.chars().all(is_kanji)
            }
            _ => false,
        }
    }

    /// A word of kanji ending in a verb's stem, its ending after it (車買う,
    /// 本借りた): the word without the stem is what is weighed — 車. Not
    /// before particles, nor する's endings (申請し is a noun and する).
    fn known_before_verb(
        &self,
        word: &str,
        next: Option<char>,
        key: &str,
        city_word: &dyn Fn(&str) -> bool,
    ) -> bool {
        const ENDINGS: &str = "うくぐつぬぶむるわがたまらりれきぎちみびいえけめべてっん";
        let Some(last) = word.chars().last() else {
            return false;
        };
        if !is_kanji(last) || !next.is_some_and(|n| ENDINGS.contains(n)) {
            return false;
        }
        let noun: String = word.chars().take(word.chars().count() - 1).collect();
        match noun.chars().count() {
            0 => false,
            // 天気って is no verb.
            1 => noun.chars().all(is_kanji) && next != Some('っ'),
            _ => self.known_word(&noun, key, city_word),
        }
    }

    /// A content word of a question (folded) that keeps it about `key`:
    /// part of the key, a word the FAQ or the search words (`city_word`)
    /// use, or of a resident's own life
    /// (共働 is 共働き cut at its ending), or made of the key and everyday
    /// words with never two unknown characters together (あぱーと変 of
    /// アパート変わった). A
    /// longer word around the key (海外旅行 around 海外) is another topic.
    fn known_word(&self, word: &str, key: &str, city_word: &dyn Fn(&str) -> bool) -> bool {
        let word = word.strip_prefix('何').unwrap_or(word);
        let everyday = |piece: &str| {
            EVERYDAY_FOLDED
                .iter()
                .any(|e| e == piece || (piece.chars().count() >= 2 && e.starts_with(piece)))
        };
        let folded = kernel::text::fold(word);
        if folded.chars().count() < 2
            || key.contains(folded.as_str())
            || everyday(&folded)
            || self.vocabulary.contains(&folded)
            || city_word(&folded)
        {
            return true;
        }
        // Pieced together: the FAQ's vocabulary holds every two characters
        // of its words, so a piece from it is three characters long or two
        // kanji (申請, 水道); hiragana between pieces is an ending.
        let chars: Vec<char> = word.chars().collect();
        let known = |piece: &[char]| {
            let text: String = piece.iter().collect();
            let folded = kernel::text::fold(&text);
            key.contains(folded.as_str())
                || everyday(&folded)
                || ((piece.len() >= 3 || piece.iter().all(|&c| is_kanji(c)))
                    && self.vocabulary.contains(&folded))
        };
        let mut i = 0;
        let mut unknown_run = 0;
        while let Some(&c) = chars.get(i) {
            if is_hiragana(c) {
                unknown_run = 0;
                i += 1;
                continue;
            }
            let step = (i + 2..=chars.len())
                .rev()
                .find(|&j| known(chars.get(i..j).unwrap_or_default()));
            match step {
                Some(j) => {
                    unknown_run = 0;
                    i = j;
                }
                None => {
                    unknown_run += 1;
                    if unknown_run >= 2 {
                        return false;
                    }
                    i += 1;
                }
            }
        }
        true
    }

    /// The entry that answers `folded`, with how alike they are; when
    /// `every_kanji`, only a way of asking that holds every kanji of the
    /// question (納税証明書 is not 課税証明書).
    fn best(&self, folded: &str, threshold: f64, every_kanji: bool) -> Option<(&Entry, f64)> {
        let asked = features(folded);
        if asked.is_empty() {
            return None;
        }
        let kanji: Vec<&Feature> = asked
            .keys()
            .filter(|f| matches!(f, Feature::One(c) if is_kanji(*c)))
            .collect();
        let text = kernel::text::fold(folded);
        self.asks
            .iter()
            .enumerate()
            .filter(|(n, _)| self.shares_word(*n, &text))
            .map(|(_, ask)| ask)
            .filter(|(_, ask)| !every_kanji || kanji.iter().all(|k| ask.contains_key(*k)))
            .map(|(i, ask)| (*i, dice(&asked, ask)))
            .filter(|(_, score)| *score >= threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .and_then(|(i, score)| self.entries.get(i).map(|e| (e, score)))
    }
}

/// A word as keys and `unless` words are matched: folded, the words of
/// asking out.
fn folded_word(word: &str) -> String {
    kernel::text::fold(&fold_question(word))
}

/// True when a list of keys or `unless` words holds at most `max`, each of
/// two characters or more once folded.
fn words_fit(words: &[String], max: usize) -> bool {
    words.len() <= max && words.iter().all(|w| folded_word(w).chars().count() >= 2)
}

/// An entry as TOML, to append to a FAQ document.
pub fn entry_toml(entry: Entry) -> anyhow::Result<String> {
    Ok(toml::to_string(&Document {
        unless: Vec::new(),
        entries: vec![entry],
    })?)
}

/// The words of asking, folded, removed from a question: they say that it
/// is a question, not what it is about (いくら, いつまで and どこ stay: they
/// say what is asked). Longest first.
/// [`ASKING`] longest first, so that を出したい goes whole rather than as
/// したい; sorted once, not for every question.
static ASKING_LONGEST_FIRST: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        let mut words = ASKING.to_vec();
        words.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
        words
    });

const ASKING: [&str; 71] = [
    "にはどうすればいいですか",
    "はどうすればいいですか",
    "どうすればいいですか",
    "どうしたらいいですか",
    "どうすればよいですか",
    "どうしたらよいですか",
    "どうすればいい",
    "どうしたらいい",
    "どうやったら",
    "どうやって",
    "を教えてください",
    "をおしえてください",
    "について教えて",
    "教えてください",
    "おしえてください",
    "教えて下さい",
    "教えて",
    "おしえて",
    "知りたいです",
    "しりたいです",
    "知りたい",
    "しりたい",
    "できますか",
    "ありますか",
    "したいのですが",
    "したいんですが",
    "ほしいのですが",
    "ほしいんですが",
    "欲しいのですが",
    "のですが",
    "んですが",
    "したいです",
    "したい",
    "しました",
    "したら",
    "ください",
    "ですか",
    "ますか",
    "ました",
    "です",
    "ます",
    "の仕方",
    "のしかた",
    "の取り方",
    "のとりかた",
    "を取りたい",
    "をとりたい",
    "を申請したい",
    "の申請をしたい",
    "を申し込みたい",
    "に申し込みたい",
    "を受けたい",
    "を受けるには",
    "を出したい",
    "するには",
    "が欲しい",
    "がほしい",
    "how do i",
    "how can i",
    "where can i",
    "what do i need",
    "i want to",
    "i need to",
    "i would like to",
    "can i",
    "please",
    "tell me",
    "about",
    "what is",
    "do i need",
    "how to",
];

/// A question as matched: NFKC, lower case, punctuation as spaces, and the
/// words of asking removed (katakana kept: it marks content words).
pub fn fold_question(question: &str) -> String {
    let folded: String = kernel::text::nfkc(question)
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == 'ー' || c == '々' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut text = format!(
        " {} ",
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    for &asking in ASKING_LONGEST_FIRST.iter() {
        let latin = asking.is_ascii();
        loop {
            // Latin phrases only as whole words.
            let found = if latin {
                text.find(&format!(" {asking} "))
                    .map(|at| (at + 1, asking.len()))
            } else {
                text.find(asking).map(|at| (at, asking.len()))
            };
            let Some((at, len)) = found else { break };
            text.replace_range(at..at + len, " ");
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a question is matched by: in Japanese, its character pairs word by
/// word and each kanji or katakana on its own (作る and 作り方 share 作); in
/// languages written with spaces, its words. A pair of hiragana only
/// (particles, endings) weighs a quarter, a katakana alone a half.
type Features = HashMap<Feature, f64>;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Feature {
    Pair(char, char),
    One(char),
    Word(String),
}

fn features(folded: &str) -> Features {
    let mut out = HashMap::new();
    for word in kernel::text::to_hiragana(folded).split_whitespace() {
        if word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || !c.is_alphabetic())
        {
            if !STOP_WORDS.contains(&word) {
                out.insert(Feature::Word(word.to_string()), 1.0);
            }
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        for c in &chars {
            if is_kanji(*c) {
                out.insert(Feature::One(*c), 1.0);
            } else if !is_hiragana(*c) && !c.is_ascii() && c.is_alphabetic() {
                out.insert(Feature::One(*c), 0.5);
            }
        }
        for pair in chars.windows(2) {
            if let [a, b] = pair {
                let weight = if is_hiragana(*a) && is_hiragana(*b) {
                    0.25
                } else {
                    1.0
                };
                out.insert(Feature::Pair(*a, *b), weight);
            }
        }
    }
    out
}

/// Words of languages written with spaces that say nothing of what is
/// asked.
const STOP_WORDS: [&str; 40] = [
    "a", "an", "the", "to", "of", "for", "in", "on", "at", "my", "i", "me", "do", "does", "is",
    "are", "it", "get", "can", "with", "and", "or", "be", "what", "where", "when", "how", "who",
    "want", "need", "please", "de", "o", "a", "um", "uma", "meu", "minha", "como", "eu",
];

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c) || c == '々'
}

/// How alike two texts are: the weighted Dice coefficient of their
/// features.
fn dice(a: &Features, b: &Features) -> f64 {
    let shared: f64 = a
        .iter()
        .filter(|(f, _)| b.contains_key(*f))
        .map(|(_, w)| *w)
        .sum();
    let total: f64 = a.values().sum::<f64>() + b.values().sum::<f64>();
    if total == 0.0 {
        0.0
    } else {
        2.0 * shared / total
    }
}

use kernel::text::is_hiragana_char as is_hiragana;

/// The content words of a folded question: runs of anything but hiragana
/// (kanji, katakana, letters, digits; 引っ越し keeps its っ), single kanji
/// included — a dropped 犬 would turn 犬の登録 into any 登録. A question
/// written in hiragana only (じゅうみんひょう) is split at its particles.
fn content_words(folded: &str) -> Vec<String> {
    content_words_before(folded)
        .into_iter()
        .map(|(word, _)| word)
        .collect()
}

/// [`content_words`], each with the character after it.
fn content_words_before(folded: &str) -> Vec<(String, Option<char>)> {
    let all_hiragana = folded
        .chars()
        .all(|c| is_hiragana(c) || c == 'ー' || c == ' ');
    if all_hiragana {
        return folded
            .split([' ', 'を', 'が', 'は', 'に', 'で', 'へ'])
            .filter(|w| w.chars().count() >= 2)
            .map(|w| (w.to_string(), None))
            .collect();
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        if c == ' ' || is_hiragana(c) {
            i += 1;
            continue;
        }
        let start = i;
        // っ inside a word (引っ越し) stays; before an ending (援助って) not.
        while chars.get(i).is_some_and(|&c| {
            c != ' '
                && (!is_hiragana(c)
                    || (c == 'っ'
                        && i > start
                        && chars
                            .get(i + 1)
                            .is_some_and(|&n| !is_hiragana(n) && n != ' ')))
        }) {
            i += 1;
        }
        let run: String = chars.get(start..i).unwrap_or_default().iter().collect();
        // A hiragana word just before, from the start of a word and not
        // ending in a particle, belongs to the run (がん検診).
        let mut from = start;
        while from > 0 && chars.get(from - 1).is_some_and(|&c| is_hiragana(c)) {
            from -= 1;
        }
        let at_boundary = from == 0 || chars.get(from - 1) == Some(&' ');
        let ends_in_particle =
            start > 0 && chars.get(start - 1).is_some_and(|c| PARTICLES.contains(c));
        let prefix: String = if at_boundary && start - from >= 2 && !ends_in_particle {
            chars.get(from..start).unwrap_or_default().iter().collect()
        } else {
            String::new()
        };
        // A lone kanji with an ending after it is a verb's stem (出したい,
        // 受けたい): it says what is done, not to what.
        let next = chars.get(i).copied();
        let stem = run.chars().count() == 1
            && run.chars().all(is_kanji)
            && next.is_some_and(|n| is_hiragana(n) && !PARTICLES.contains(&n));
        if !stem {
            words.push((format!("{prefix}{run}"), next));
        }
    }
    words
}

/// A question written all in katakana (half-width input: ｿﾀﾞｲｺﾞﾐ ﾓｳｼｺﾐ
/// ﾃﾞﾝﾜﾊﾞﾝｺﾞｳ) in hiragana, so it is read as one written all in kana
/// (split at its particles, keys alone deciding) — not as katakana words
/// (shops, products) the FAQ does not know.
fn as_kana_sentence(folded: &str) -> String {
    let katakana = |c: char| is_katakana(c) || c == 'ー';
    let letters = folded.chars().filter(|c| *c != ' ');
    let all_kana = letters.clone().all(|c| katakana(c) || is_hiragana(c));
    let words = folded.split(' ').count();
    if all_kana && words >= 2 && letters.clone().any(katakana) {
        kernel::text::to_hiragana(folded)
    } else {
        folded.to_string()
    }
}

/// [`EVERYDAY`] and the city's own wards ([`WARDS`]: 本籍は中区), folded, once.
static EVERYDAY_FOLDED: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    EVERYDAY
        .iter()
        .chain(WARDS.iter())
        .map(|e| kernel::text::fold(e))
        .collect()
});

/// Words of a resident's own life that say nothing of the topic (主人が
/// 亡くなりました). Other places than the city's wards are not among them:
/// 横浜の粗大ごみ asks another city.
const EVERYDAY: [&str; 86] = [
    "主人",
    "家族",
    "子ども",
    "子供",
    "こども",
    "両親",
    "父親",
    "母親",
    "祖父",
    "祖母",
    "息子",
    "旦那",
    "自分",
    "本人",
    "一人暮らし",
    "共働き",
    "仕事",
    "会社",
    "転勤",
    "学生",
    "アパート",
    "マンション",
    "部屋",
    "先日",
    "先週",
    "先月",
    "去年",
    "昨日",
    "最近",
    "今度",
    "来月",
    "来年",
    "今年",
    "大丈夫",
    "更新",
    "新居",
    "タダ",
    "病院",
    "里帰り",
    "ハガキ",
    "実家",
    "近所",
    "公務員",
    "転職",
    "退職",
    "就職",
    "失業",
    "民間",
    "正社員",
    "パート",
    "アルバイト",
    "バイト",
    "派遣",
    "自営業",
    "無職",
    "専業主婦",
    "留学",
    "単身赴任",
    "義母",
    "義父",
    "高齢",
    "友人",
    "知人",
    "年金生活",
    "出産",
    "入院",
    "今月",
    "今週",
    "今日",
    "明日",
    "来週",
    "毎月",
    "毎年",
    "至急",
    "初めて",
    "外国人",
    "留学生",
    "大学生",
    "高校生",
    "中学生",
    "小学生",
    "妊娠中",
    "夫婦",
    "彼女",
    "親戚",
    "相談",
];

/// Prefectures and the cities residents most often move from or to.
const PLACES: [&str; 63] = [
    "北海道",
    "青森",
    "岩手",
    "宮城",
    "秋田",
    "山形",
    "福島",
    "茨城",
    "栃木",
    "群馬",
    "埼玉",
    "千葉",
    "東京",
    "神奈川",
    "新潟",
    "富山",
    "石川",
    "福井",
    "山梨",
    "長野",
    "岐阜",
    "静岡",
    "愛知",
    "三重",
    "滋賀",
    "京都",
    "大阪",
    "兵庫",
    "奈良",
    "和歌山",
    "鳥取",
    "島根",
    "岡山",
    "広島",
    "山口",
    "徳島",
    "香川",
    "愛媛",
    "高知",
    "福岡",
    "佐賀",
    "長崎",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "沖縄",
    "横浜",
    "川崎",
    "札幌",
    "仙台",
    "神戸",
    "北九州",
    "浜松",
    "豊田",
    "豊橋",
    "岡崎",
    "一宮",
    "春日井",
    "四日市",
    "金沢",
    "実家",
    "地元",
];

/// A question with the places a resident moves from or to said as 市外
/// (大阪に引っ越す → 市外に引っ越す, 東京都から → 市外から): which city
/// is no topic of its own, but that it is another one is (転出, 転入). A
/// place said otherwise stays, and as a word the FAQ does not know keeps
/// the question from being answered: 大阪市の粗大ごみ asks another city's
/// rules.
fn without_moving_places(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    'scan: while i < chars.len() {
        for place in PLACES {
            let place: Vec<char> = place.chars().collect();
            if chars.get(i..i + place.len()) != Some(&place[..]) {
                continue;
            }
            let mut end = i + place.len();
            if chars
                .get(end)
                .is_some_and(|c| matches!(c, '都' | '府' | '県' | '市' | '町' | '村'))
            {
                end += 1;
            }
            for particle in ["から", "まで", "に", "へ"] {
                let particle: Vec<char> = particle.chars().collect();
                if chars.get(end..end + particle.len()) == Some(&particle[..]) {
                    out.push_str("市外");
                    i = end;
                    continue 'scan;
                }
            }
        }
        if let Some(&c) = chars.get(i) {
            out.push(c);
        }
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a question asks about another city's own rules: a place of
/// [`PLACES`] (not 実家 or 地元) followed by の or では, or a city named as
/// such followed by で, as in 大阪市の粗大ごみの出し方 or 大阪市で住民票を —
/// which the city's FAQ cannot answer.
fn names_another_city(folded: &str) -> bool {
    another_municipality(folded)
        || PLACES
            .iter()
            .filter(|p| !matches!(**p, "実家" | "地元"))
            .any(|place| {
                folded.match_indices(place).any(|(at, _)| {
                    let rest = folded.get(at + place.len()..).unwrap_or_default();
                    let (rest, municipality) =
                        match rest.strip_prefix(['都', '府', '県', '市', '町', '村']) {
                            Some(after) => (after, true),
                            None => (rest, false),
                        };
                    // 大阪市で住民票を取る is there; 大阪で生まれた may be a birth here.
                    rest.starts_with('の')
                        || rest.starts_with("では")
                        || (municipality && rest.starts_with('で'))
                })
            })
}

/// The city's own wards.
const WARDS: [&str; 16] = [
    "千種区",
    "東区",
    "北区",
    "西区",
    "中村区",
    "中区",
    "昭和区",
    "瑞穂区",
    "熱田区",
    "中川区",
    "港区",
    "南区",
    "守山区",
    "緑区",
    "名東区",
    "天白区",
];

/// Words ending in 市 or 区 that name no other city (小学校区の, 大都市で).
const NOT_MUNICIPALITIES: [&str; 8] = [
    "学区",
    "校区",
    "地区",
    "選挙区",
    "行政区",
    "都市",
    "政令市",
    "中核市",
];

/// Whether a question names a city or ward other than this one's (of two
/// characters or more before 市 or 区) followed by の, では or で: 世田谷区の
/// 粗大ごみ, 春日井市で住民票. 名古屋市, its wards (名古屋市中区の) and words
/// like 各区 or 他市 are not one.
fn another_municipality(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c != '市' && c != '区' {
            return false;
        }
        let rest: String = chars.get(i + 1..).unwrap_or_default().iter().collect();
        // 大阪市北区役所って… names the other city's office.
        if !(rest.starts_with('の') || rest.starts_with('で') || rest.starts_with("役所")) {
            return false;
        }
        let mut start = i;
        while start > 0
            && chars
                .get(start - 1)
                .is_some_and(|&p| is_kanji(p) || is_katakana(p))
        {
            start -= 1;
        }
        let name: String = chars.get(start..=i).unwrap_or_default().iter().collect();
        name.chars().count() >= 3
            && !name.ends_with("名古屋市")
            && !WARDS.iter().any(|w| {
                name.strip_suffix(w).is_some_and(|city| {
                    city.is_empty() || city.ends_with("名古屋市") || city.ends_with("名古屋")
                })
            })
            && !NOT_MUNICIPALITIES.iter().any(|w| name.ends_with(w))
    })
}

/// Particles: where a word ends.
const PARTICLES: [char; 9] = ['を', 'が', 'は', 'に', 'で', 'へ', 'の', 'と', 'も'];

/// A procedure an answer cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub procedure_id: String,
    /// In the reader's language where translated, else Japanese.
    pub name: String,
    pub url: String,
}

/// Where an answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A FAQ entry, by id.
    Faq(String),
    /// The catalog's search, with the words that found it.
    Catalog(String),
    None,
}

/// The assistant's reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Plain text in the reader's language.
    pub answer: String,
    pub citations: Vec<Citation>,
    pub abstained: bool,
    pub source: Source,
}

fn name_in(summary: &ProcedureSummary, lang: Lang) -> String {
    match lang {
        Lang::Ja | Lang::EasyJa => summary.name.clone(),
        Lang::En if !summary.name_en.is_empty() => summary.name_en.clone(),
        _ => summary
            .names
            .get(lang.code())
            .cloned()
            .or_else(|| (!summary.name_en.is_empty()).then(|| summary.name_en.clone()))
            .unwrap_or_else(|| summary.name.clone()),
    }
}

fn cite(summary: &ProcedureSummary, lang: Lang) -> Citation {
    Citation {
        procedure_id: summary.id.clone(),
        name: name_in(summary, lang),
        url: format!("/procedures/{}", summary.id),
    }
}

/// Answers a question, or abstains.
pub fn reply(index: &SearchIndex, faq: &Faq, question: &str, lang: Lang) -> Reply {
    let question: String = question.chars().take(MAX_QUESTION_CHARS).collect();
    let folded = as_kana_sentence(&without_moving_places(&fold_question(&question)));
    let text = kernel::text::fold(&folded);
    if names_another_city(&folded) || faq.unless.iter().any(|u| text.contains(u.as_str())) {
        return abstain(lang);
    }
    // A single word (住民票) is a search: the catalog's page answers it
    // better than an entry about one side of it (its fee).
    let single_word = !folded.contains(' ') && content_words(&folded).concat() == folded;
    if !single_word && let Some((entry, _)) = faq.best(&folded, FAQ_CLOSE, true) {
        return from_faq(index, faq, entry, &text, lang);
    }
    // A word of the city's search words (自転車, 犬) is one of city life.
    let city_word = |word: &str| !index.words().exact(word).is_empty();
    let keyed = faq.keyed(&folded, &city_word);
    // A key as long as a phrase (納付書を紛失, 印鑑登録証をなく) was written
    // for just such a question, and is surer than the catalog's procedure
    // named by its words (印鑑登録証明書) or a way of asking the question
    // holds most of (納付書 コンビニ).
    // A question that is the key and nothing more (じゅうみんひょう) is a
    // search, as a single word is.
    if let Some((entry, length)) = keyed
        && length >= PHRASE_KEY
        && kernel::text::fold(&folded).chars().count() > length
    {
        return from_faq(index, faq, entry, &text, lang);
    }
    if let Some((reply, literal)) = from_catalog(index, &folded, lang) {
        // A procedure found only through what the search words say a word
        // means (療育手帳 → 療育, which finds 療育の給付) is less sure than
        // the entry whose key the question names.
        match keyed {
            Some((entry, _)) if !literal => return from_faq(index, faq, entry, &text, lang),
            _ => return reply,
        }
    }
    if let Some(entry) = faq.covering(&folded) {
        return from_faq(index, faq, entry, &text, lang);
    }
    if let Some((entry, _)) = keyed {
        return from_faq(index, faq, entry, &text, lang);
    }
    // Merely near: only when the question holds no word the FAQ does not
    // know (ドコモ 解約 手数料 is near 住民票の手数料, and about a phone).
    if let Some((entry, _)) = faq.best(&folded, FAQ_NEAR, false)
        && faq.about_city(&folded, "", &city_word)
    {
        return from_faq(index, faq, entry, &text, lang);
    }
    if let Some(reply) = from_topic(index, faq, &folded, lang) {
        return reply;
    }
    abstain(lang)
}

fn abstain(lang: Lang) -> Reply {
    Reply {
        answer: Message::new("assistant-abstain").plain(lang),
        citations: Vec::new(),
        abstained: true,
        source: Source::None,
    }
}

/// The entry's answer, unless the question (`text`, folded for search)
/// holds one of the entry's words for something else.
fn from_faq(index: &SearchIndex, faq: &Faq, entry: &Entry, text: &str, lang: Lang) -> Reply {
    let gives_way = faq
        .entries
        .iter()
        .position(|e| std::ptr::eq(e, entry))
        .and_then(|n| faq.entry_unless.get(n))
        .is_some_and(|words| words.iter().any(|u| text.contains(u.as_str())));
    if gives_way {
        return abstain(lang);
    }
    Reply {
        answer: entry.answer.get(lang).text.to_string(),
        citations: entry
            .procedures
            .iter()
            .filter_map(|id| index.get(id))
            .map(|s| cite(&s, lang))
            .collect(),
        abstained: false,
        source: Source::Faq(entry.id.clone()),
    }
}

/// The catalog's answer by the question's topic: the longest word of the
/// search words (検索用語辞書) found inside the question (学童 in
/// 小1の子を学童に入れたい, 国保 in 会社やめたので国保に入りたい), searched as
/// the search box would.
fn from_topic(index: &SearchIndex, faq: &Faq, folded: &str, lang: Lang) -> Option<Reply> {
    let text = kernel::text::fold(folded);
    let entry = index.words().spot(&text).into_iter().next()?;
    let said = entry
        .say
        .iter()
        .filter(|say| {
            let key = kernel::text::fold(say);
            !key.is_empty() && text.contains(&key)
        })
        .max_by_key(|say| kernel::text::fold(say).chars().count())?
        .clone();
    let known = |word: &str| {
        let found = index.search(&SearchQuery {
            q: word.to_string(),
            page: 1,
            per_page: 1,
            ..Default::default()
        });
        (found.total > 0 && found.whole && !found.partial && !found.corrected)
            .then_some(found.total)
    };
    let everyday = |word: &str| faq.vocabulary.contains(&kernel::text::fold(word));
    // A word that finds a great many procedures (保険, 会社, 届け) names no
    // topic of its own.
    if known(&said).is_none_or(|total| total > MAX_TOPIC_PROCEDURES) {
        return None;
    }
    // Any other word must be one of city life the FAQ knows (区役所, スマホ):
    // another (ポイントカード, 住宅ローン, 自動車保険 — which a national
    // registry may well hold) says the question is about something else.
    let topic = kernel::text::fold(&said);
    let english = folded.is_ascii();
    for word in content_words(folded) {
        let folded_word = kernel::text::fold(&word);
        // A part of the topic is the topic; a longer word holding it
        // (自動車保険 around 自動車, 住宅ローン around ローン) is a question
        // about something else unless the city knows it too.
        let inside = topic.contains(&folded_word);
        // Digits (小1) are not weighed. A word in Latin letters is, unless
        // it is a filler (how, my) or one the FAQ uses: "extend my visa …
        // status of residence" holds the search word residence and is
        // about immigration.
        // (Only in English: Vietnamese and Portuguese, with their accents,
        // share no words with the FAQ's English to be weighed by.)
        let latin = word.chars().all(|c| c.is_ascii_alphabetic());
        let weighed = if latin {
            english && word.len() >= 3 && !catalog::search::is_filler(&folded_word)
        } else {
            !word.chars().any(|c| c.is_ascii_digit()) && word.chars().count() >= 2
        };
        if !inside && weighed && !everyday(&word) {
            return None;
        }
        // Another word the search words know whole names a topic of its
        // own (軽自動車 beside ハイシャ, which they read as 歯医者): which
        // of the two is asked is not for a guess.
        if !inside && weighed && !index.words().exact(&folded_word).is_empty() {
            return None;
        }
    }
    answer_from_search(index, &said, lang)
}

/// The catalog's answer: the procedures with every content word of the
/// question, each found whole — never a near miss's correction (a guess)
/// nor a search that found only some of the words; with whether the first
/// procedure holds every word itself (not only what the search words say
/// it means).
fn from_catalog(index: &SearchIndex, folded: &str, lang: Lang) -> Option<(Reply, bool)> {
    let mut content = content_words(folded);
    // What the search words know in the question is content too, though it
    // holds hiragana (はんこ, はんこの登録, そだいごみ): the longest each
    // entry says there, unless a content word is just that.
    let text = kernel::text::fold(folded);
    for entry in index.words().spot(&text) {
        let said = entry
            .say
            .iter()
            .filter(|say| {
                let key = kernel::text::fold(say);
                key.chars().count() >= 3 && key.chars().any(is_hiragana) && text.contains(&key)
            })
            .max_by_key(|say| say.chars().count());
        if let Some(say) = said
            && !content
                .iter()
                .any(|w| kernel::text::fold(w) == kernel::text::fold(say))
        {
            content.push(say.clone());
        }
    }
    // A lone kanji (株, 家) is no question the catalog can answer alone.
    if !content.iter().any(|w| w.chars().count() >= 2) {
        return None;
    }
    let reply = answer_from_search(index, &content.join(" "), lang)?;
    // Each word must be in the first procedure's name, reading, tags or
    // translated names — itself, or what the search words say it is called
    // (母子手帳 → 妊娠の届出) — not only pieces of it (生命保険 is not
    // 介護給付費の請求).
    let first = index.get(&reply.citations.first()?.procedure_id)?;
    let shown = kernel::text::fold(&format!(
        "{} {} {} {} {}",
        first.name,
        first.kana.replace(' ', ""),
        first.tags.join(" "),
        first.name_en,
        first.names.values().cloned().collect::<Vec<_>>().join(" ")
    ));
    let mut literal = true;
    for word in &content {
        let key = kernel::text::fold(word);
        if key.chars().count() < 2 || catalog::search::is_filler(&key) {
            continue;
        }
        if shown.contains(&key) {
            continue;
        }
        let named = index
            .words()
            .exact(&key)
            .iter()
            .any(|e| e.find_folded.iter().any(|f| shown.contains(f.as_str())));
        if !named {
            return None;
        }
        literal = false;
    }
    Some((reply, literal))
}

/// The first procedures a search finds for `words`, as an answer; none
/// when the search found only some of the words, only parts of one, or
/// only after correcting a near miss.
fn answer_from_search(index: &SearchIndex, words: &str, lang: Lang) -> Option<Reply> {
    let words = words.to_string();
    let results = index.search(&SearchQuery {
        q: words.clone(),
        page: 1,
        per_page: MAX_CITATIONS,
        ..Default::default()
    });
    if results.partial || !results.whole || results.corrected {
        return None;
    }
    let first = results.items.first()?;
    let mut answer = if first.apply_way == "form" || first.apply_way == "external" {
        Message::new("assistant-answer-online").with("name", name_in(first, lang))
    } else {
        Message::new("assistant-answer-counter")
            .with("name", name_in(first, lang))
            .with(
                "place",
                first
                    .section_name
                    .clone()
                    .unwrap_or_else(|| first.bureau_name.clone()),
            )
    }
    .plain(lang);
    if results.items.len() > 1 {
        answer.push(' ');
        answer.push_str(&Message::new("assistant-answer-more").plain(lang));
    }
    Some(Reply {
        answer,
        citations: results.items.iter().map(|s| cite(s, lang)).collect(),
        abstained: false,
        source: Source::Catalog(words),
    })
}

/// A question with what could name a person taken out, for the log: runs
/// of digits (phone, My Number, account, postal code, house numbers),
/// e-mail addresses, what follows 「私は」「名前は」「my name is」, names
/// before 「と申します」「さん」, and addresses after a ward (…区…町).
pub fn scrub(question: &str) -> String {
    let text: String = kernel::text::nfkc(question)
        .chars()
        .filter(|c| !kernel::text::is_hidden_format(*c) && !c.is_control())
        .take(MAX_QUESTION_CHARS)
        .collect();
    let mut out = String::with_capacity(text.len());
    // E-mail addresses: the word holding an @.
    for word in text.split_inclusive(char::is_whitespace) {
        if word.contains('@') {
            out.push_str("［メール］");
            if word.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        } else {
            out.push_str(word);
        }
    }
    // Digits: runs of two or more (an age of 65 stays a number's shape).
    let mut text = String::with_capacity(out.len());
    let mut digits = 0usize;
    for c in out.chars().chain(std::iter::once('\u{0}')) {
        let is_digit = c.is_ascii_digit() || matches!(c, '-' | '‐' | 'ー') && digits > 0;
        if is_digit {
            digits += 1;
            continue;
        }
        if digits > 0 {
            text.push_str("［番号］");
            digits = 0;
        }
        if c != '\u{0}' {
            text.push(c);
        }
    }
    let mut text = cut_after(
        &text,
        &["私の名前は", "名前は", "なまえは", "氏名は"],
        "［氏名］",
    );
    text = cut_after_words(&text, &["my name is", "i am", "i'm"], "[name]");
    text = cut_before(
        &text,
        &["と申します", "ともうします", "さん", "様"],
        "［氏名］",
    );
    text = cut_address(&text);
    text
}

/// Replaces what follows a marker up to the next particle, punctuation or
/// space.
fn cut_after(text: &str, markers: &[&str], with: &str) -> String {
    let mut text = text.to_string();
    for marker in markers {
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|t| t.find(marker)) {
            let start = from + at + marker.len();
            let rest = text.get(start..).unwrap_or("");
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '。' | '、'
                                | '，'
                                | '．'
                                | '?'
                                | '？'
                                | '!'
                                | '！'
                                | 'で'
                                | 'と'
                                | 'が'
                        )
                })
                .map_or(rest.len(), |(i, _)| i);
            if end == 0 {
                from = start;
                continue;
            }
            text.replace_range(start..start + end, with);
            from = start + with.len();
        }
    }
    text
}

fn cut_after_words(text: &str, markers: &[&str], with: &str) -> String {
    let lower = text.to_lowercase();
    for marker in markers {
        if let Some(at) = lower.find(marker) {
            // ASCII markers: byte offsets agree in the lower-cased copy.
            let start = at + marker.len();
            let rest = text.get(start..).unwrap_or("").trim_start();
            let skipped = text.len() - start - rest.len();
            let words: Vec<&str> = rest.split_whitespace().take(2).collect();
            let name_len = words
                .iter()
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.len() + 1)
                .sum::<usize>();
            if name_len > 0 {
                let end = (start + skipped + name_len - 1).min(text.len());
                let mut out = text.to_string();
                out.replace_range(start + skipped..end, with);
                return out;
            }
        }
    }
    text.to_string()
}

/// Replaces the kanji or katakana run before a marker (山田太郎と申します).
fn cut_before(text: &str, markers: &[&str], with: &str) -> String {
    let mut text = text.to_string();
    for marker in markers {
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|t| t.find(marker)) {
            let end = from + at;
            let before = text.get(..end).unwrap_or("");
            let start = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| {
                    !is_hiragana(*c) && !c.is_whitespace() && !"。、，．?？!！［］".contains(*c)
                })
                .last()
                .map_or(end, |(i, _)| i);
            if start < end {
                text.replace_range(start..end, with);
                from = start + with.len() + marker.len();
            } else {
                from = end + marker.len();
            }
        }
    }
    text
}

/// Replaces what follows a ward's name and a town (…区…町, …区…丁目) with a
/// mark: the ward stays, the street does not.
fn cut_address(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('区') {
        let (head, tail) = rest.split_at(at + '区'.len_utf8());
        out.push_str(head);
        let town_end = tail
            .char_indices()
            .take(12)
            .find(|(_, c)| matches!(c, '町' | '丁'))
            .map(|(i, c)| i + c.len_utf8());
        match town_end {
            Some(end)
                if tail
                    .get(..end)
                    .is_some_and(|t| !t.chars().any(|c| is_hiragana(c) && c != 'の')) =>
            {
                out.push_str("［住所］");
                // Whatever number followed is already a mark; 目 of 丁目 goes too.
                rest = tail.get(end..).unwrap_or("").trim_start_matches('目');
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::model::Procedure;
    use catalog::store::Organisation;

    fn procedure(id: &str, name: &str, kana: &str, en: &str, count: i64) -> Procedure {
        let mut p = Procedure::named(id, name, "b");
        p.kana = kana.into();
        p.name_en = en.into();
        p.annual_count = Some(count);
        p
    }

    fn index() -> SearchIndex {
        SearchIndex::build(
            vec![
                procedure(
                    "juminhyo",
                    "住民票の写しの交付請求",
                    "じゅうみんひょう の うつし の こうふ せいきゅう",
                    "Copy of the residence record",
                    500_000,
                ),
                procedure(
                    "tennyu",
                    "転入届",
                    "てんにゅうとどけ",
                    "Notice of moving in",
                    80_000,
                ),
                procedure(
                    "inu",
                    "犬の登録",
                    "いぬ の とうろく",
                    "Dog registration",
                    9_000,
                ),
            ],
            Organisation::default(),
            1,
        )
    }

    /// A FAQ document that must read.
    fn parsed(source: &str) -> Faq {
        Faq::parse(source).unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn faq() -> Faq {
        parsed(
            r#"
[[faq]]
id = "hours"
section = "ward-shimin"
ask = ["区役所の受付時間は", "区役所は何時から何時まで開いていますか", "ward office opening hours"]
answer = { ja = "区役所の窓口は平日8時45分から17時15分までです。", en = "Ward offices are open on weekdays, 8:45 to 17:15." }

[[faq]]
id = "juminhyo-fee"
section = "ward-shimin"
ask = ["住民票の手数料はいくら"]
answer = { ja = "住民票の写しは1通300円です。", en = "A copy of the residence record costs 300 yen." }
procedures = ["juminhyo"]
"#,
        )
    }

    #[test]
    fn a_faq_entry_answers_its_questions_however_they_are_asked() {
        let (index, faq) = (index(), faq());
        let reply = super::reply(&index, &faq, "区役所って何時まで開いてますか？", Lang::Ja);
        assert_eq!(reply.source, Source::Faq("hours".into()));
        assert!(reply.answer.contains("17時15分"));
        assert!(reply.citations.is_empty());
        let reply = super::reply(
            &index,
            &faq,
            "What are the ward office opening hours?",
            Lang::En,
        );
        assert_eq!(reply.source, Source::Faq("hours".into()));
        assert!(reply.answer.contains("weekdays"), "{reply:?}");
        // An entry's procedures are cited.
        let reply = super::reply(&index, &faq, "住民票の手数料はいくらですか", Lang::Ja);
        assert_eq!(reply.citations.len(), 1);
        assert_eq!(reply.citations[0].url, "/procedures/juminhyo");
    }

    #[test]
    fn the_catalog_answers_with_the_procedure_and_cites_it() {
        let (index, faq) = (index(), faq());
        for question in [
            "住民票の写しがほしいのですが、どうすればいいですか",
            "じゅうみんひょう",
            "ｼﾞｭｳﾐﾝﾋｮｳ",
            "住民票を取りたい",
        ] {
            let reply = super::reply(&index, &faq, question, Lang::Ja);
            assert!(!reply.abstained, "{question}: {reply:?}");
            assert_eq!(reply.citations[0].procedure_id, "juminhyo", "{question}");
            assert!(reply.answer.contains("住民票の写しの交付請求"), "{reply:?}");
        }
        let reply = super::reply(&index, &faq, "How do I register my dog?", Lang::En);
        assert_eq!(reply.citations[0].procedure_id, "inu", "{reply:?}");
        assert_eq!(reply.citations[0].name, "Dog registration");
    }

    #[test]
    fn what_it_does_not_know_it_says_and_cites_nothing() {
        let (index, faq) = (index(), faq());
        for question in [
            "明日の天気を教えてください",
            "おすすめのラーメン屋はどこですか",
            "市長の名前は",
            "What is the capital of France?",
            "",
            "？？？",
        ] {
            let reply = super::reply(&index, &faq, question, Lang::Ja);
            assert!(reply.abstained, "{question}: {reply:?}");
            assert!(reply.citations.is_empty());
            assert_eq!(reply.source, Source::None);
        }
    }

    #[test]
    fn a_key_names_the_topic_however_the_question_is_put_unless_it_is_about_something_else() {
        let faq = parsed(
            r#"
[[faq]]
id = "death"
section = "ward-shimin"
ask = ["家族が死亡したときの手続"]
keys = ["亡くな", "死亡", "しぼうとどけ"]
answer = { ja = "死亡届は、死亡を知った日から7日以内に区役所へ出してください。手続の一覧もご案内します。", en = "Give notice of a death within 7 days." }

[[faq]]
id = "abroad"
section = "ward-shimin"
ask = ["海外に住むときの届出"]
keys = ["海外"]
answer = { ja = "海外へ転出するときは、区役所に転出届を出してください。", en = "Give notice of moving out." }
"#,
        );
        let index = index();
        let answered = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        assert_eq!(
            answered("主人が亡くなりました。届けはどこに出せばいいでしょうか"),
            Source::Faq("death".into())
        );
        assert_eq!(
            answered("仕事で海外に住むことになりました。"),
            Source::Faq("abroad".into())
        );
        // A word the FAQ does not know says the question is another one;
        // so does a longer word around the key.
        assert_eq!(answered("海外旅行のおすすめ ツアー会社"), Source::None);
        assert_eq!(
            answered("海外のスマホゲームで亡くなったキャラ"),
            Source::None
        );
        // All in hiragana, the key alone decides.
        assert_eq!(
            answered("しぼうとどけ どこにだすの"),
            Source::Faq("death".into())
        );
    }

    #[test]
    fn a_word_of_the_search_words_beside_a_key_is_one_of_city_life() {
        let faq = parsed(
            r#"
[[faq]]
id = "road"
section = "ryokusei-doro"
ask = ["道路の損傷を通報したい"]
keys = ["道路に穴"]
answer = { ja = "道路の穴や損傷は、土木事務所へ連絡してください。", en = "Report road damage to the public works office." }
"#,
        );
        let index = index();
        // 自転車 is in the search words (it finds 粗大ごみ), not in this FAQ.
        let reply = super::reply(
            &index,
            &faq,
            "道路に穴があいていて自転車で危ないです",
            Lang::Ja,
        );
        assert_eq!(reply.source, Source::Faq("road".into()));
        // A word neither knows still says the question is another one.
        let reply = super::reply(&index, &faq, "道路に穴をあける工事業者の見積もり", Lang::Ja);
        assert_eq!(reply.source, Source::None);
    }

    #[test]
    fn a_phrase_key_wins_over_a_way_of_asking_the_question_holds() {
        let faq = parsed(
            r#"
[[faq]]
id = "pay"
section = "zaisei-shuno"
ask = ["納付書 コンビニ"]
keys = ["納付書"]
answer = { ja = "納付書はコンビニで払えます。", en = "Pay the slip at a convenience store." }

[[faq]]
id = "reissue"
section = "zaisei-shuno"
ask = ["納付書の再発行"]
keys = ["納付書を紛失", "lost my payment slip"]
answer = { ja = "市税事務所で再発行します。", en = "The city tax office issues a new one." }
"#,
        );
        let index = index();
        let ask = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        assert_eq!(
            ask("納付書を紛失したコンビニ"),
            Source::Faq("reissue".into())
        );
        assert_eq!(ask("I lost my payment slip"), Source::Faq("reissue".into()));
        assert_eq!(ask("納付書をコンビニで"), Source::Faq("pay".into()));
        // Another city's rules are not the city's to answer.
        assert_eq!(ask("大阪市の納付書をコンビニで"), Source::None);
    }

    #[test]
    fn where_a_resident_moves_from_or_to_is_no_topic_but_another_citys_rules_are() {
        assert_eq!(
            without_moving_places("大阪に引っ越す予定 転出届っていつから出せる"),
            "市外に引っ越す予定 転出届っていつから出せる"
        );
        assert_eq!(
            without_moving_places("東京都から名古屋に越してきた"),
            "市外から名古屋に越してきた"
        );
        assert_eq!(
            without_moving_places("大阪市の粗大ごみの出し方は"),
            "大阪市の粗大ごみの出し方は"
        );
        // 京都 inside 東京都 is not taken for a place of its own.
        assert_eq!(without_moving_places("東京都の"), "東京都の");
        assert!(names_another_city("大阪市の粗大ごみの出し方は"));
        assert!(names_another_city("横浜では印鑑証明はコンビニで取れる"));
        assert!(names_another_city("大阪市で住民票を取れるのは何時まで"));
        assert!(!names_another_city("大阪で生まれた子の出生届"));
        assert!(!names_another_city("実家の母の介護認定"));
        assert!(!names_another_city("名古屋市の粗大ごみ"));
        assert!(!names_another_city(&without_moving_places(
            "東京から引っ越してきた"
        )));
        // Any city or ward named as such, not only those listed.
        assert!(names_another_city("東京都世田谷区の粗大ごみの出し方"));
        assert!(names_another_city("春日井市で住民票を取りたい"));
        assert!(!names_another_city("名古屋市中区の区役所の受付時間"));
        assert!(!names_another_city("名東区の保健センター"));
        assert!(!names_another_city("小学校区の避難所"));
        assert!(!names_another_city("各区の区役所で"));
        // Another city's ward is not this city's, though named alike.
        assert!(names_another_city("大阪市北区役所って土曜日に住民票とれる"));
        assert!(!names_another_city("北区役所は土曜日に開いていますか"));
        assert!(!names_another_city("名古屋中区の保健センター"));
    }

    #[test]
    fn words_none_of_the_citys_make_any_question_one_it_does_not_answer() {
        let source = r#"
unless = ["自由研究", "joke"]

[[faq]]
id = "garbage"
section = "kankyo"
ask = ["ごみの分別を知りたい", "garbage collection day"]
keys = ["分別", "garbage day"]
answer = { ja = "ごみの分け方は分別アプリで確認できます。", en = "See the sorting app." }
"#;
        let faq = Faq::parse(source).unwrap_or_else(|p| panic!("{p:?}"));
        let index = index();
        let answered = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        assert_eq!(
            answered("ごみの分別を教えて"),
            Source::Faq("garbage".into())
        );
        assert_eq!(
            answered("夏休みの自由研究 ごみの分別をテーマに"),
            Source::None
        );
        assert_eq!(answered("Tell me a joke about garbage day"), Source::None);
        // An entry made on the review page keeps the document's words.
        let more = entry_toml(
            faq.entries
                .first()
                .cloned()
                .unwrap_or_else(|| panic!("entry")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let again = Faq::parse(&format!(
            "{source}\n{}",
            more.replace("id = \"garbage\"", "id = \"garbage2\"")
        ))
        .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(again.unless, faq.unless);
        // A word too short to tell is named.
        let problems = Faq::parse("unless = [\"x\"]\n").err().unwrap_or_default();
        assert!(
            problems.iter().any(|p| p.en.contains("unless")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_entry_gives_way_to_its_words_for_something_else() {
        let faq = parsed(
            r#"
[[faq]]
id = "passport"
section = "ward-shimin"
ask = ["パスポートを作りたい", "where do I apply for a passport"]
keys = ["パスポート", "passport"]
unless = ["abroad", "大使館", "海外に住"]
answer = { ja = "パスポートは県の旅券センターで申請します。", en = "Passports are issued by the prefecture." }
"#,
        );
        let index = index();
        let answered = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        assert_eq!(
            answered("パスポートの申請はどこでできますか"),
            Source::Faq("passport".into())
        );
        // Abroad a passport is the embassy's: the contact, not this answer.
        assert_eq!(
            answered("海外に住んでいますがパスポートを更新したい"),
            Source::None
        );
        assert_eq!(
            answered("I live abroad, how do I renew my passport"),
            Source::None
        );
        let reply = super::reply(&index, &faq, "大使館でパスポートの更新", Lang::Ja);
        assert!(reply.abstained && reply.citations.is_empty());
        // Words too short to tell are named, as keys are.
        let problems = Faq::parse(
            "[[faq]]\nid = \"a\"\nsection = \"s\"\nask = [\"区役所の受付時間\"]\nunless = [\"国\"]\nanswer = { ja = \"8時45分から\" }\n",
        )
        .err()
        .unwrap_or_default();
        assert!(
            problems.iter().any(|p| p.en.contains("unless")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_verb_after_a_word_leaves_the_word_to_be_weighed() {
        let faq = faq();
        let nothing = |_: &str| false;
        // 車買う: 買 is the verb's stem; 車 alone is no topic.
        assert!(faq.known_before_verb("車買", Some('う'), "", &nothing));
        assert!(faq.known_before_verb("本借", Some('り'), "", &nothing));
        // Before a particle, a quotation or する's endings it is a noun.
        assert!(!faq.known_before_verb("天気", Some('は'), "", &nothing));
        assert!(!faq.known_before_verb("天気", Some('っ'), "", &nothing));
        assert!(!faq.known_before_verb("就職", Some('し'), "", &nothing));
        // What is left must be known itself: ペットショップ is not.
        assert!(!faq.known_before_verb("株式投資買", Some('う'), "", &nothing));
        assert!(faq.known_before_verb("区役所行", Some('く'), "", &nothing));
    }

    #[test]
    fn one_unknown_word_of_kanji_beside_a_strong_key_is_a_detail() {
        let faq = parsed(
            r#"
[[faq]]
id = "divorce"
section = "ward-shimin"
ask = ["離婚届の出し方"]
keys = ["離婚", "ごみの日"]
answer = { ja = "離婚届は区役所へ出します。協議離婚には証人が2人必要です。", en = "Give the divorce registration at the ward office." }
"#,
        );
        let index = index();
        let answered = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        // 証認 (証人 mistyped) is unknown, 離婚届 says the topic.
        assert_eq!(
            answered("離婚届 証認 いないとだめ？"),
            Source::Faq("divorce".into())
        );
        // Two unknown words, or one in katakana (a shop, a product), say
        // the question is another one.
        assert_eq!(answered("離婚届の証認と弁護士費用"), Source::None);
        assert_eq!(answered("離婚届のテンプレートがほしい"), Source::None);
    }

    #[test]
    fn a_key_named_whole_beats_a_procedure_found_only_through_what_it_means() {
        let index = SearchIndex::build(
            vec![procedure(
                "ninshin",
                "妊娠の届出",
                "にんしん の とどけで",
                "Notice of pregnancy",
                15_000,
            )],
            Organisation::default(),
            1,
        );
        let faq = parsed(
            r#"
[[faq]]
id = "pregnancy"
section = "kenko"
ask = ["母子手帳はどこでもらえますか"]
keys = ["母子手帳"]
answer = { ja = "保健センターで妊娠の届出をすると母子健康手帳を渡します。", en = "Notify the health centre; the handbook is given then." }
procedures = ["ninshin"]
"#,
        );
        // The search words say 母子手帳 is found as 妊娠の届出: the entry
        // that names it answers, citing the same procedure.
        let reply = super::reply(&index, &faq, "妊娠しました。母子手帳ほしい", Lang::Ja);
        assert_eq!(reply.source, Source::Faq("pregnancy".into()));
        assert_eq!(
            reply.citations.first().map(|c| c.procedure_id.as_str()),
            Some("ninshin")
        );
        // A question naming the procedure itself is the catalog's.
        let reply = super::reply(&index, &faq, "妊娠の届出", Lang::Ja);
        assert!(
            matches!(reply.source, Source::Catalog(_)),
            "{:?}",
            reply.source
        );
    }

    #[test]
    fn a_question_all_in_katakana_is_read_as_kana() {
        // Half-width input: every word in katakana, particles and all.
        assert_eq!(
            as_kana_sentence(&fold_question("ｿﾀﾞｲｺﾞﾐ ﾓｳｼｺﾐ ﾃﾞﾝﾜﾊﾞﾝｺﾞｳ")),
            "そだいごみ もうしこみ でんわばんごう"
        );
        // One word in katakana is a name to search (パスポート); with kanji
        // it is a sentence of its own.
        assert_eq!(as_kana_sentence("パスポート"), "パスポート");
        assert_eq!(as_kana_sentence("ソファ 捨てたい"), "ソファ 捨てたい");
        let faq = parsed(
            r#"
[[faq]]
id = "sodaigomi"
section = "kankyo"
ask = ["粗大ごみの申込"]
keys = ["粗大ごみ", "そだいごみ"]
answer = { ja = "粗大ごみは申込が必要です。", en = "Book bulky waste first." }
"#,
        );
        let reply = super::reply(&index(), &faq, "ｿﾀﾞｲｺﾞﾐ ﾓｳｼｺﾐ ﾃﾞﾝﾜﾊﾞﾝｺﾞｳ ｵｼｴﾃ", Lang::Ja);
        assert_eq!(reply.source, Source::Faq("sodaigomi".into()));
    }

    #[test]
    fn a_topic_beside_another_topic_is_not_guessed() {
        let index = SearchIndex::build(
            vec![
                procedure(
                    "shika",
                    "歯科診療所の開設届",
                    "しか しんりょうじょ の かいせつ とどけ",
                    "Dental clinic",
                    300,
                ),
                procedure(
                    "kei",
                    "軽自動車税の減免申請",
                    "けいじどうしゃぜい の げんめん しんせい",
                    "Light vehicle tax relief",
                    2_000,
                ),
            ],
            Organisation::default(),
            1,
        );
        let faq = parsed(
            r#"
[[faq]]
id = "kei"
section = "zei"
ask = ["軽自動車税の納付"]
answer = { ja = "軽自動車税は4月1日の持ち主にかかり、5月に通知を送ります。", en = "Charged to the owner on 1 April." }
"#,
        );
        // はいしゃ is read as 歯医者 by the search words; beside 軽自動車 —
        // a word the FAQ knows, and a topic of its own — it is 廃車, and
        // which is asked is not for a guess.
        let reply = super::reply(&index, &faq, "軽自動車 ﾊｲｼｬしたのに通知がきた", Lang::Ja);
        assert!(reply.abstained, "{:?}", reply.source);
        // Alone it is the topic.
        let reply = super::reply(&index, &faq, "はいしゃ", Lang::Ja);
        assert_eq!(
            reply.citations.first().map(|c| c.procedure_id.as_str()),
            Some("shika")
        );
    }

    #[test]
    fn a_key_said_as_the_setting_gives_way_to_the_next() {
        let faq = parsed(
            r#"
[[faq]]
id = "nursery"
section = "kodomo"
ask = ["保育園の申込はいつ"]
keys = ["保育園"]
answer = { ja = "保育園の申込は11月までです。", en = "Apply by November." }

[[faq]]
id = "tax"
section = "zei"
ask = ["課税証明書はどこで"]
keys = ["課税証明", "所得証明"]
answer = { ja = "課税証明書は区役所で取れます。", en = "At the ward office." }

[[faq]]
id = "moving"
section = "shimin"
ask = ["引っ越してきたときの手続"]
keys = ["引っ越してき"]
answer = { ja = "転入届を出してください。", en = "Give notice of moving in." }
"#,
        );
        let index = index();
        let answered = |q: &str| super::reply(&index, &faq, q, Lang::Ja).source;
        // 引っ越してきたばかりで is when the certificate is needed: it is
        // what is asked for.
        assert_eq!(
            answered("引っ越してきたばかりで所得証明がいると言われた。どこでもらえる？"),
            Source::Faq("tax".into())
        );
        // Said first as the subject, a key keeps the question.
        assert_eq!(
            answered("所得証明がほしいです。去年引っ越してきたんですがどこで取ればいい？"),
            Source::Faq("tax".into())
        );
        assert_eq!(
            answered("保育園は所得証明がいるの"),
            Source::Faq("nursery".into())
        );
    }

    #[test]
    fn keys_too_short_or_too_many_are_named() {
        let many: Vec<String> = (0..=super::MAX_KEYS)
            .map(|n| format!("\"語{n}\""))
            .collect();
        for keys in ["[\"国\"]".to_string(), format!("[{}]", many.join(", "))] {
            let source = format!(
                "[[faq]]\nid = \"a\"\nsection = \"s\"\nask = [\"区役所の受付時間\"]\nkeys = {keys}\nanswer = {{ ja = \"8時45分から\" }}\n"
            );
            let problems = Faq::parse(&source).err().unwrap_or_default();
            assert!(
                problems.iter().any(|p| p.en.contains("keys")),
                "{keys}: {problems:?}"
            );
        }
    }

    #[test]
    fn content_words_are_the_nouns_of_a_question() {
        let words = |q: &str| content_words(&fold_question(q));
        assert_eq!(words("がん検診を受けたい"), ["がん検診"]);
        assert_eq!(words("引っ越しの届けはどこに"), ["引っ越"]);
        assert_eq!(
            words("給食費とか学用品の援助ってうけられますか"),
            ["給食費", "学用品", "援助"]
        );
        assert_eq!(words("犬の登録をしたい"), ["犬", "登録"]);
        assert_eq!(words("じゅうみんひょうがほしい"), ["じゅうみんひょう"]);
        assert_eq!(words("婚姻届を出したい"), ["婚姻届"]);
    }

    #[test]
    fn the_log_keeps_no_names_numbers_or_addresses() {
        let cases = [
            ("私の名前は山田太郎です。住民票がほしい", "山田太郎"),
            ("山田花子と申します。転入届について", "山田花子"),
            ("電話は090-1234-5678です", "1234"),
            ("マイナンバー123456789012を忘れた", "123456789012"),
            ("連絡先 taro.yamada@example.jp まで", "taro.yamada"),
            ("中区三の丸三丁目1-1に住んでいます", "三の丸"),
            ("My name is John Smith and I need a copy", "John"),
            ("鈴木さんの住民票", "鈴木"),
        ];
        for (question, secret) in cases {
            let scrubbed = scrub(question);
            assert!(!scrubbed.contains(secret), "{question} → {scrubbed}");
        }
        // What the question is about stays.
        assert_eq!(scrub("住民票がほしい"), "住民票がほしい");
        assert!(scrub("中区で転入届").contains("中区で転入届"));
        assert!(scrub("山田太郎と申します。転入届について").contains("転入届について"));
    }

    #[test]
    fn a_faq_with_mistakes_names_each() {
        let problems = Faq::parse(
            r#"
[[faq]]
id = "A"
section = ""
ask = []
answer = { ja = "" }
"#,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        let faq = faq();
        let index = SearchIndex::build(Vec::new(), Organisation::default(), 1);
        assert_eq!(faq.unknown_procedures(&index).len(), 1);
    }
}
