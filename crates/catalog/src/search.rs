//! Catalog search, in memory: every procedure's name, reading, tags and
//! other words are folded once (NFKC, katakana → hiragana, no spaces), and a
//! query's words must each occur in them. Matches in the name rank above the
//! reading, the reading above tags, tags above the rest; busier procedures
//! first among equals. Thousands of procedures take well under a
//! millisecond, so no external search engine is needed.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Category, OnlineStatus, Procedure};
use crate::registry::{Registry, Row};
use crate::store::Organisation;
use crate::words::Words;

/// A procedure as lists and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureSummary {
    pub id: String,
    pub name: String,
    pub kana: String,
    pub name_en: String,
    pub category: Category,
    pub category_label: &'static str,
    pub bureau_id: String,
    pub bureau_name: String,
    pub section_name: Option<String>,
    /// What residents see: `online` only when there is a way to apply
    /// online (see [`crate::way`]), never the registry's word alone.
    pub online_status: &'static str,
    pub online_status_label: &'static str,
    /// How residents apply: form, external, post, counter or unstated.
    pub apply_way: &'static str,
    /// The other service's name, when done on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_service: Option<String>,
    /// Where the apply button goes (a madoguchi form or another service).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_url: Option<String>,
    pub online_fy: Option<i32>,
    pub planned_fy: Option<i32>,
    pub annual_count: Option<i64>,
    pub tags: Vec<String>,
    pub life_events: Vec<String>,
    /// The name in further languages (`ko`, `zh-Hans` …), when translated.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
}

impl ProcedureSummary {
    /// The summary of `p`, which has a published madoguchi form when
    /// `has_form`.
    pub fn of(p: &Procedure, org: &Organisation, has_form: bool) -> Self {
        let resolution = crate::way::resolve(&p.id, &p.apply, &p.online, has_form);
        let online_fy = match &p.online {
            OnlineStatus::Online { fiscal_year, .. } if !resolution.gap => *fiscal_year,
            _ => None,
        };
        let planned_fy = p.planned_fy;
        ProcedureSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            kana: p.kana.clone(),
            name_en: p.name_en.clone(),
            category: p.category,
            category_label: p.category.label_ja(),
            bureau_id: p.bureau_id.clone(),
            bureau_name: org
                .bureau(&p.bureau_id)
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            section_name: p
                .section_id
                .as_deref()
                .and_then(|id| org.section(id))
                .map(|s| s.name.clone()),
            online_status: resolution.status,
            online_status_label: crate::way::status_label_ja(resolution.status),
            apply_way: resolution.way.code(),
            apply_service: match &resolution.way {
                crate::way::Way::External { service, .. } => Some(service.clone()),
                _ => None,
            },
            apply_url: resolution.way.url().map(str::to_string),
            online_fy,
            planned_fy,
            annual_count: p.annual_count,
            tags: p.tags.clone(),
            life_events: p.life_events.clone(),
            names: Default::default(),
        }
    }
}

/// Which part of a procedure a word was found in; a posting carries the
/// parts as bits beside the procedure's number.
const NAME: u32 = 1;
const KANA: u32 = 2;
const TAGS: u32 = 4;
const NAMES: u32 = 8;
const OTHER: u32 = 16;
const FIELD_BITS: u32 = 5;

/// What search keeps of a procedure; the procedure itself is the
/// registry's, at the same position, and its summary is made for the
/// results shown.
struct Entry {
    /// Folded, one after another: the name, the reading, the reading with
    /// long vowels folded (じゅうみんひょう → じゅみんひょ, which romaji typed
    /// by ear matches), the tags and the translated names. One buffer, not
    /// five strings: at the national registry that is 7 MB less.
    text: Box<str>,
    /// Where each part but the last ends in `text`.
    ends: [u32; 4],
    /// Words of the English and other translated names, lower case.
    words: Box<[Box<str>]>,
    /// How much more a busy procedure weighs: 1 + 0.08 per power of ten
    /// of its annual cases.
    boost: f32,
}

impl Entry {
    fn new(parts: [&str; 5], words: Vec<String>, boost: f32) -> Entry {
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u32; 4];
        for (i, part) in parts.iter().enumerate() {
            text.push_str(part);
            if let Some(end) = ends.get_mut(i) {
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        Entry {
            text: text.into_boxed_str(),
            ends,
            words: words.into_iter().map(String::into_boxed_str).collect(),
            boost,
        }
    }

    fn part(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .and_then(|j| self.ends.get(j))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(i).map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.part(0)
    }

    fn kana(&self) -> &str {
        self.part(1)
    }

    fn kana_short(&self) -> &str {
        self.part(2)
    }

    fn tags(&self) -> &str {
        self.part(3)
    }

    fn names(&self) -> &str {
        self.part(4)
    }
}

/// What a visitor asked for. `page` counts from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub q: String,
    pub tag: Option<String>,
    pub category: Option<Category>,
    pub bureau: Option<String>,
    pub life_event: Option<String>,
    pub online_only: bool,
    pub page: usize,
    pub per_page: usize,
}

pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;

pub struct SearchResults {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub items: Vec<ProcedureSummary>,
    /// A near miss's likely meaning (じゅうみんひょ → 住民票), offered when
    /// the words as typed found nothing.
    pub did_you_mean: Option<String>,
    /// True when `items` are those of `did_you_mean`, a word as typed
    /// having found nothing.
    pub corrected: bool,
    /// True when no procedure has every word, and `items` have some of
    /// them (the page says so).
    pub partial: bool,
    /// True when every word was found whole somewhere (as typed, as a
    /// reading, a translated name or a search word), not only by its parts:
    /// what the assistant needs before it answers from a search.
    pub whole: bool,
}

impl SearchResults {
    pub fn page_count(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// Postings of every character pair in one allocation: a national
/// registry has hundreds of thousands of pairs, and a list each would cost
/// its own header and spare capacity.
#[derive(Default)]
struct Postings {
    at: HashMap<u64, (u32, u32)>,
    all: Vec<u32>,
}

impl Postings {
    fn get(&self, key: u64) -> &[u32] {
        self.at
            .get(&key)
            .and_then(|&(start, len)| self.all.get(start as usize..(start + len) as usize))
            .unwrap_or_default()
    }
}

/// A word of the vocabulary near misses are compared with.
struct Known {
    folded: Vec<char>,
    shown: String,
}

/// A value of [`SearchIndex::derived`]: its type, the caller's key, itself.
type Derived = (TypeId, u64, Arc<dyn Any + Send + Sync>);

/// The value of type `T` kept for `key` in `list`.
fn find_kept<T: Any + Send + Sync>(list: &[Derived], key: u64) -> Option<Arc<T>> {
    let id = TypeId::of::<T>();
    list.iter()
        .find(|(t, k, _)| *t == id && *k == key)
        .and_then(|(_, _, value)| Arc::clone(value).downcast::<T>().ok())
}

/// The searchable catalog at one revision.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Procedure numbers in the order of their ids, to find one by binary
    /// search (a map of id strings cost 5 MB at the national registry).
    by_id: Vec<u32>,
    /// Character pairs (and single characters) → postings (procedure
    /// number << FIELD_BITS | parts).
    grams: Postings,
    /// Translated-name words → procedure numbers.
    word_index: BTreeMap<String, Vec<u32>>,
    vocabulary: Vec<Known>,
    words: Words,
    pub organisation: Organisation,
    pub revision: i64,
    /// Procedure names in further languages, by procedure id.
    pub names: crate::translations::Names,
    /// The registry at this revision, whole (the progress figures read it
    /// on every view; loading it from the database each time cost ~80 ms
    /// for 5,000 procedures), packed.
    pub procedures: std::sync::Arc<Registry>,
    /// The procedures with a published madoguchi form at this revision.
    pub forms: HashSet<String>,
    /// What other capabilities compute from this registry alone, kept with
    /// it: a new revision is a new index, so nothing here goes stale.
    derived: std::sync::Mutex<Vec<Derived>>,
}

fn gram(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b))
}

fn unigram(a: char) -> u64 {
    u64::from(u32::from(a)) << 32
}

/// The vowel a kana ends on, for folding long vowels.
fn vowel(c: char) -> Option<char> {
    const ROWS: [(&str, char); 5] = [
        ("あかさたなはまやらわがざだばぱぁゃゎ", 'a'),
        ("いきしちにひみりぎじぢびぴぃ", 'i'),
        ("うくすつぬふむゆるぐずづぶぷぅゅ", 'u'),
        ("えけせてねへめれげぜでべぺぇ", 'e'),
        ("おこそとのほもよろをごぞどぼぽぉょ", 'o'),
    ];
    ROWS.iter()
        .find(|(row, _)| row.contains(c))
        .map(|(_, v)| *v)
}

/// Folded kana without long vowels: じゅうみんひょう → じゅみんひょ,
/// とうろく → とろく, せいかつ → せかつ, so that romaji typed by ear
/// (juminhyo, toroku) meets the reading.
pub fn short_vowels(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut previous: Option<char> = None;
    for c in folded.chars() {
        let long = c == 'ー'
            || matches!(
                (previous.and_then(vowel), c),
                (Some('o' | 'u'), 'う') | (Some('o'), 'お') | (Some('e'), 'い') | (Some('a'), 'あ')
            );
        if !long {
            out.push(c);
            previous = Some(c);
        }
    }
    out
}

/// Romaji as hiragana (hikkoshi → ひっこし), or nothing when the word does
/// not read as romaji (passport).
fn romaji_kana(folded: &str) -> Option<String> {
    use wana_kana::ConvertJapanese;
    if folded.is_empty() || !folded.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let kana = folded.to_hiragana();
    (!kana.chars().any(|c| c.is_ascii_alphabetic())).then_some(kana)
}

/// Words that carry no meaning in an English question.
const ENGLISH_FILLER: [&str; 24] = [
    "a", "an", "the", "to", "of", "for", "in", "on", "at", "my", "i", "me", "how", "do", "does",
    "can", "want", "where", "what", "is", "it", "get", "please", "with",
];

/// Words residents add to a query that no procedure name needs (引越し
/// 手続き, 保育園 申し込み方法), folded.
const JAPANESE_FILLER: [&str; 14] = [
    "手続き",
    "手続",
    "てつづき",
    "方法",
    "ほうほう",
    "やり方",
    "やりかた",
    "したい",
    "について",
    "どこ",
    "いつ",
    "必要",
    "ひつよう",
    "知りたい",
];

/// True for a folded word a query can do without (手続き, how, do …).
pub fn is_filler(folded: &str) -> bool {
    ENGLISH_FILLER.contains(&folded) || JAPANESE_FILLER.contains(&folded)
}

/// Words of a name in a language written with spaces, lower case.
fn name_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .map(kernel::text::fold)
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| !is_cjk(c)))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// How a form of a query word is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Inside names, readings, tags and the rest.
    Plain,
    /// Romaji as kana, against readings with long vowels folded.
    Romaji,
    /// A word of a translated name.
    Word,
}

#[derive(Debug, Clone)]
struct Alt {
    text: String,
    chars: Vec<char>,
    form: Form,
    weight: f32,
}

impl Alt {
    fn new(text: String, form: Form, weight: f32) -> Self {
        Alt {
            chars: text.chars().collect(),
            text,
            form,
            weight,
        }
    }
}

/// One word of a query with the forms it is looked for in.
#[derive(Debug, Clone)]
struct Term {
    shown: String,
    alts: Vec<Alt>,
}

/// The share of `term` found in `field` in pieces of two characters or
/// more (印鑑証明 in 印鑑登録証明書: 印鑑 + 証明, all of it), with the
/// number of pieces; kana between kanji (の, を) need not be found.
fn parts(term: &[char], field: &str) -> (f32, usize) {
    let needed = term
        .iter()
        .filter(|c| !('\u{3041}'..='\u{309F}').contains(*c))
        .count();
    let needed = if needed == 0 { term.len() } else { needed };
    let mut covered = 0usize;
    let mut pieces = 0usize;
    let mut i = 0;
    let mut piece = String::new();
    while i < term.len() {
        let mut best = 0;
        let mut l = 2;
        while i + l <= term.len() {
            piece.clear();
            piece.extend(term.get(i..i + l).unwrap_or_default());
            if field.contains(piece.as_str()) {
                best = l;
                l += 1;
            } else {
                break;
            }
        }
        if best >= 2 {
            covered += term
                .get(i..i + best)
                .unwrap_or_default()
                .iter()
                .filter(|c| needed == term.len() || !('\u{3041}'..='\u{309F}').contains(*c))
                .count();
            pieces += 1;
            i += best;
        } else {
            i += 1;
        }
    }
    ((covered as f32 / needed as f32).min(1.0), pieces)
}

/// Procedure numbers ranked for a query's words.
struct Ranked {
    hits: Vec<(f32, u32)>,
    /// True when `hits` hold every word.
    every_word: bool,
    /// The words (by position) that found nothing, or only parts of
    /// themselves: near misses, perhaps.
    empty: Vec<usize>,
}

/// Scores of one query word over the catalog, by procedure number, with
/// the numbers touched.
struct Scores {
    score: Vec<f32>,
    touched: Vec<u32>,
    /// Some procedure holds a form of the word whole, not only in parts.
    whole: bool,
}

impl Scores {
    fn new(n: usize) -> Self {
        Scores {
            score: vec![0.0; n],
            touched: Vec::new(),
            whole: false,
        }
    }

    fn offer(&mut self, id: u32, score: f32) {
        self.whole = true;
        self.offer_part(id, score);
    }

    /// Offers a procedure holding the word only in parts.
    fn offer_part(&mut self, id: u32, score: f32) {
        if let Some(slot) = self.score.get_mut(id as usize) {
            if *slot == 0.0 {
                self.touched.push(id);
            }
            if score > *slot {
                *slot = score;
            }
        }
    }
}

/// Levenshtein distance, giving up above `bound`.
fn distance(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row.first().copied().unwrap_or_default();
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        let mut smallest = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = if ca == cb { previous } else { previous + 1 };
            let value = cost.min(above + 1).min(left + 1);
            previous = above;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = value;
            }
            smallest = smallest.min(value);
        }
        if smallest > bound {
            return None;
        }
    }
    row.last().copied().filter(|d| *d <= bound)
}

impl SearchIndex {
    /// The index of a registry none of whose procedures has a form.
    pub fn build(
        procedures: impl Into<Registry>,
        organisation: Organisation,
        revision: i64,
    ) -> Self {
        Self::build_with_forms(procedures, organisation, revision, HashSet::new())
    }

    /// The index, with the procedures that have a published form.
    pub fn build_with_forms(
        procedures: impl Into<Registry>,
        organisation: Organisation,
        revision: i64,
        forms: HashSet<String>,
    ) -> Self {
        Self::build_named(
            procedures,
            organisation,
            revision,
            forms,
            Default::default(),
            Words::default_words(),
        )
    }

    /// The index, with the procedures that have a published form, the
    /// names translated (shown on pages and found by search: a Korean
    /// resident can type the Korean name) and the city's search words.
    pub fn build_named(
        procedures: impl Into<Registry>,
        organisation: Organisation,
        revision: i64,
        forms: HashSet<String>,
        names: crate::translations::Names,
        words: Words,
    ) -> Self {
        let procedures: Registry = procedures.into();
        let entries = procedures
            .rows()
            .map(|p| {
                let kana = kernel::text::fold(p.kana());
                let count = p.annual_count().unwrap_or(0).max(0) as f32;
                let mut folded_names = String::new();
                let mut words: Vec<String> = name_words(p.name_en()).collect();
                if let Some(translated) = names.get(p.id()) {
                    for name in translated.values() {
                        folded_names.push('\u{1F}');
                        folded_names.push_str(&kernel::text::fold(name));
                        words.extend(name_words(name));
                    }
                }
                let tags = p
                    .tags()
                    .map(kernel::text::fold)
                    .collect::<Vec<_>>()
                    .join("\u{1F}");
                Entry::new(
                    [
                        &kernel::text::fold(p.name()),
                        &kana,
                        &short_vowels(&kana),
                        &tags,
                        &folded_names,
                    ],
                    words,
                    1.0 + 0.08 * (count + 1.0).log10(),
                )
            })
            .collect();
        let mut index = SearchIndex {
            entries,
            by_id: Vec::new(),
            grams: Postings::default(),
            word_index: BTreeMap::new(),
            vocabulary: Vec::new(),
            words,
            organisation,
            revision,
            names,
            procedures: std::sync::Arc::new(procedures),
            forms,
            derived: Default::default(),
        };
        index.reindex();
        index
    }

    /// Builds the postings, the word index and the vocabulary from the
    /// entries (and the search words).
    fn reindex(&mut self) {
        // Two passes over the entries: the first counts each pair's
        // postings, the second writes them into one list sized for them. A
        // list per pair, grown as it went, held some 35 MB more at the
        // national registry while the index was built.
        let mut counts: HashMap<u64, u32> = HashMap::new();
        let mut seen: HashMap<u64, u32> = HashMap::new();
        for (entry, p) in self.entries.iter().zip(self.procedures.rows()) {
            self.grams_of(entry, p, &mut seen);
            for &key in seen.keys() {
                *counts.entry(key).or_default() += 1;
            }
        }
        let mut at: HashMap<u64, (u32, u32)> = HashMap::with_capacity(counts.len());
        let mut total = 0u32;
        for (key, count) in counts {
            at.insert(key, (total, 0));
            total += count;
        }
        let mut all = vec![0u32; total as usize];
        let mut word_index: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (n, (entry, p)) in self.entries.iter().zip(self.procedures.rows()).enumerate() {
            let id = n as u32;
            self.grams_of(entry, p, &mut seen);
            for (key, &bits) in &seen {
                // Entries in order: each list comes out sorted.
                if let Some((start, len)) = at.get_mut(key)
                    && let Some(slot) = all.get_mut((*start + *len) as usize)
                {
                    *slot = (id << FIELD_BITS) | bits;
                    *len += 1;
                }
            }
            for word in &entry.words {
                let list = word_index.entry(word.to_string()).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        self.grams = Postings { at, all };
        self.word_index = word_index;
        let procedures = &self.procedures;
        let id_of = |n: &u32| procedures.row(*n as usize).map_or("", Row::id);
        let mut by_id: Vec<u32> = (0..self.entries.len() as u32).collect();
        by_id.sort_unstable_by(|a, b| id_of(a).cmp(id_of(b)));
        self.by_id = by_id;
        self.revocabulary();
    }

    /// The character pairs (and single characters) of an entry, with the
    /// parts (name, reading …) each is in, into `seen`.
    fn grams_of(&self, entry: &Entry, p: Row<'_>, seen: &mut HashMap<u64, u32>) {
        seen.clear();
        let other = self.other_text(p);
        for (bit, text) in [
            (NAME, entry.name()),
            (KANA, entry.kana()),
            (KANA, entry.kana_short()),
            (TAGS, entry.tags()),
            (NAMES, entry.names()),
            (OTHER, other.as_str()),
        ] {
            let mut previous: Option<char> = None;
            for c in text.chars() {
                if c == '\u{1F}' {
                    previous = None;
                    continue;
                }
                if bit != OTHER {
                    *seen.entry(unigram(c)).or_default() |= bit;
                }
                if let Some(p) = previous {
                    *seen.entry(gram(p, c)).or_default() |= bit;
                }
                previous = Some(c);
            }
        }
    }

    /// The rest of a procedure (legal basis, bureau, section, documents),
    /// folded: found through its character pairs alone and not kept, for in
    /// a national registry it is most of the text.
    fn other_text(&self, p: Row<'_>) -> String {
        let organisation = &self.organisation;
        let bureau_name = organisation
            .bureau(p.bureau_id())
            .map(|b| b.name.as_str())
            .unwrap_or_default();
        let section_name = p
            .section_id()
            .and_then(|id| organisation.section(id))
            .map(|s| s.name.as_str())
            .unwrap_or_default();
        [
            p.legal_basis(),
            bureau_name,
            section_name,
            p.category().label_ja(),
            &p.life_events().collect::<Vec<_>>().join(" "),
            &p.documents().collect::<Vec<_>>().join(" "),
        ]
        .iter()
        .map(|s| kernel::text::fold(s))
        .collect::<Vec<_>>()
        .join("\u{1F}")
    }

    /// The vocabulary near misses are compared with: what residents say,
    /// tags, short names (and their readings) and translated-name words.
    fn revocabulary(&mut self) {
        let mut vocabulary: Vec<Known> = Vec::new();
        let mut known: HashSet<String> = HashSet::new();
        let mut add = |folded: String, shown: &str| {
            if folded.chars().count() >= 2 && known.insert(folded.clone()) {
                vocabulary.push(Known {
                    folded: folded.chars().collect(),
                    shown: shown.to_string(),
                });
            }
        };
        for said in self.words.said() {
            add(kernel::text::fold(said), said);
        }
        for (entry, p) in self.entries.iter().zip(self.procedures.rows()) {
            for tag in p.tags() {
                add(kernel::text::fold(tag), tag);
            }
            if entry.name().chars().count() <= 12 {
                add(entry.name().to_string(), p.name());
                add(entry.kana().to_string(), p.name());
            }
        }
        for word in self.word_index.keys() {
            if word.chars().count() >= 4 {
                add(word.clone(), word);
            }
        }
        self.vocabulary = vocabulary;
    }

    /// `T` as `make` computes it from this index, for `key` (a fiscal year,
    /// say), computed once: for figures over the whole registry that a
    /// public page shows on every view. While two callers race, each may
    /// compute it; the first kept wins.
    /// What [`Self::derived`] kept for `key`, if it has been computed.
    pub fn kept<T: Any + Send + Sync>(&self, key: u64) -> Option<Arc<T>> {
        find_kept(&self.derived.lock().unwrap_or_else(|p| p.into_inner()), key)
    }

    pub fn derived<T: Any + Send + Sync>(&self, key: u64, make: impl FnOnce(&Self) -> T) -> Arc<T> {
        if let Some(value) = self.kept(key) {
            return value;
        }
        let made = Arc::new(make(self));
        let mut list = self.derived.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(value) = find_kept(&list, key) {
            return value;
        }
        let id = TypeId::of::<T>();
        // Keys are few (this fiscal year); drop those of other years.
        list.retain(|(t, _, _)| *t != id);
        list.push((id, key, Arc::clone(&made) as Arc<dyn Any + Send + Sync>));
        made
    }

    /// Uses the city's search words instead of the platform's own.
    pub fn with_words(mut self, words: Words) -> Self {
        self.words = words;
        self.revocabulary();
        self
    }

    /// What residents see of procedure `p` of this registry.
    pub fn resolve(&self, p: &Procedure) -> crate::way::Resolution {
        crate::way::resolve(&p.id, &p.apply, &p.online, self.forms.contains(&p.id))
    }

    /// [`Self::resolve`] for a procedure of this index's registry.
    fn resolve_row(&self, p: Row<'_>) -> crate::way::Resolution {
        crate::way::resolve(p.id(), &p.apply(), &p.online(), self.forms.contains(p.id()))
    }

    /// The procedures the registry calls online that residents cannot
    /// apply for online (the DX office's gap list), busiest first.
    pub fn gaps(&self) -> Vec<Procedure> {
        let mut gaps: Vec<Procedure> = self
            .procedures
            .rows()
            .filter(|p| p.registered_online() && self.resolve_row(*p).gap)
            .map(Row::procedure)
            .collect();
        gaps.sort_by(|a, b| {
            b.annual_count
                .unwrap_or(-1)
                .cmp(&a.annual_count.unwrap_or(-1))
                .then_with(|| a.id.cmp(&b.id))
        });
        gaps
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Bytes held, roughly, by part: the procedures' entries (folded text
    /// and summaries), the pair postings, and the registry kept whole.
    pub fn footprint(&self) -> Vec<(&'static str, usize)> {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.text.len()
                    + e.words.len() * 16
                    + e.words.iter().map(|w| w.len()).sum::<usize>()
            })
            .sum();
        let postings = self.grams.all.capacity() * 4 + self.grams.at.capacity() * 24;
        vec![
            ("entries", entries),
            ("postings", postings),
            ("by id", self.by_id.capacity() * 4),
            ("registry", self.procedures.footprint()),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The search words in force.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The words of a query with the forms each is looked for in: as
    /// typed, as kana when typed in romaji, as a translated-name word, and
    /// what the search words say the catalog calls it.
    fn plan(&self, q: &str) -> Vec<Term> {
        let whole = kernel::text::fold(q);
        let mut shown: Vec<String> = if !whole.is_empty() && !self.words.exact(&whole).is_empty() {
            vec![kernel::text::nfkc(q).trim().to_string()]
        } else {
            kernel::text::query_words(q)
        };
        if shown.len() > 1 {
            let meaningful: Vec<String> = shown
                .iter()
                .filter(|w| {
                    let folded = kernel::text::fold(w);
                    !ENGLISH_FILLER.contains(&folded.as_str())
                        && !JAPANESE_FILLER.contains(&folded.as_str())
                })
                .cloned()
                .collect();
            if !meaningful.is_empty() {
                shown = meaningful;
            }
        }
        shown
            .into_iter()
            .map(|word| {
                let folded = kernel::text::fold(&word);
                let mut alts = vec![Alt::new(folded.clone(), Form::Plain, 1.0)];
                let kana = romaji_kana(&folded);
                if folded.chars().all(|c| !is_cjk(c)) {
                    alts.push(Alt::new(folded.clone(), Form::Word, 1.0));
                }
                if let Some(kana) = &kana {
                    alts.push(Alt::new(short_vowels(kana), Form::Romaji, 0.95));
                }
                let mut said: Vec<&crate::words::Entry> = self.words.exact(&folded);
                if let Some(kana) = &kana {
                    said.extend(self.words.exact(kana));
                }
                if said.is_empty() {
                    said = self.words.spot(&folded);
                    if let Some(kana) = &kana
                        && said.is_empty()
                    {
                        said = self.words.spot(kana);
                    }
                    for entry in said {
                        for find in &entry.find_folded {
                            alts.push(Alt::new(find.clone(), Form::Plain, 0.8));
                        }
                    }
                } else {
                    for entry in said {
                        for find in &entry.find_folded {
                            alts.push(Alt::new(find.clone(), Form::Plain, 0.92));
                        }
                    }
                }
                // One search per form of a word (申請 is also what 申請 finds).
                let mut unique: Vec<Alt> = Vec::with_capacity(alts.len());
                for alt in alts {
                    match unique
                        .iter_mut()
                        .find(|u| u.form == alt.form && u.text == alt.text)
                    {
                        Some(u) => u.weight = u.weight.max(alt.weight),
                        None => unique.push(alt),
                    }
                }
                Term {
                    shown: word,
                    alts: unique,
                }
            })
            .collect()
    }

    /// Offers every procedure `alt` is found in, with how well.
    fn score_alt(&self, alt: &Alt, scores: &mut Scores) {
        match alt.form {
            Form::Word => self.score_word(alt, scores),
            Form::Plain | Form::Romaji => self.score_text(alt, scores),
        }
    }

    fn score_word(&self, alt: &Alt, scores: &mut Scores) {
        let word = alt.text.as_str();
        let stem = word.strip_suffix('s').filter(|s| s.len() >= 3);
        for (key, list) in self.word_index.range(word.to_string()..) {
            let score = if key == word {
                50.0
            } else if key.starts_with(word) && word.len() >= 3 {
                40.0
            } else {
                break;
            };
            for &id in list {
                scores.offer(id, score * alt.weight);
            }
        }
        if let Some(stem) = stem
            && let Some(list) = self.word_index.get(stem)
        {
            for &id in list {
                scores.offer(id, 45.0 * alt.weight);
            }
        }
    }

    fn score_text(&self, alt: &Alt, scores: &mut Scores) {
        let chars = &alt.chars;
        let romaji = alt.form == Form::Romaji;
        let Some(&first) = chars.first() else { return };
        if chars.len() == 1 {
            for &posting in self.grams.get(unigram(first)) {
                let (id, bits) = (posting >> FIELD_BITS, posting & ((1 << FIELD_BITS) - 1));
                if let Some(entry) = self.entries.get(id as usize) {
                    let score = if romaji {
                        0.0
                    } else if bits & NAME != 0 {
                        self.name_score(entry, alt)
                    } else if bits & KANA != 0 {
                        30.0
                    } else if bits & (TAGS | NAMES) != 0 {
                        25.0
                    } else {
                        8.0
                    };
                    if score > 0.0 {
                        scores.offer(id, score * alt.weight);
                    }
                }
            }
            return;
        }
        let mut keys: Vec<u64> = chars
            .iter()
            .zip(chars.iter().skip(1))
            .map(|(&a, &b)| gram(a, b))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let needed = keys.len();
        // Procedures holding at least half of the word's pairs: those with
        // all of them may hold the word, the rest parts of it.
        let mut counts = vec![0u16; self.entries.len()];
        // The parts holding every pair seen so far: a part missing one
        // cannot hold the word, and is not looked in.
        let mut fields = vec![0u8; self.entries.len()];
        let mut candidates: Vec<u32> = Vec::new();
        let mut lists: Vec<&[u32]> = keys.iter().map(|&k| self.grams.get(k)).collect();
        lists.sort_by_key(|l| l.len());
        let least = needed.div_ceil(2).max(1);
        // A procedure missing from the `needed - least + 1` shortest lists
        // cannot reach `least`: only those lists start candidates.
        let starters = needed - least + 1;
        for (i, list) in lists.iter().enumerate() {
            for &posting in *list {
                let id = posting >> FIELD_BITS;
                let bits = (posting & ((1 << FIELD_BITS) - 1)) as u8;
                if let (Some(count), Some(mask)) =
                    (counts.get_mut(id as usize), fields.get_mut(id as usize))
                {
                    if i < starters && *count == 0 {
                        candidates.push(id);
                        *count = 1;
                        *mask = bits;
                    } else if *count > 0 {
                        *count += 1;
                        *mask &= bits;
                    }
                }
            }
        }
        let mut whole = 0usize;
        let mut partial: Vec<u32> = Vec::new();
        for &id in &candidates {
            let count = counts.get(id as usize).copied().unwrap_or(0);
            let Some(entry) = self.entries.get(id as usize) else {
                continue;
            };
            let mask = u32::from(fields.get(id as usize).copied().unwrap_or(0));
            if usize::from(count) == needed {
                let has = |field: u32| mask & field != 0;
                let score = if romaji {
                    if entry.kana_short().starts_with(&alt.text) {
                        50.0
                    } else if entry.kana_short().contains(&alt.text) {
                        45.0
                    } else {
                        0.0
                    }
                } else if has(NAME)
                    && ((needed == 1 && chars.len() == 2) || entry.name().contains(&alt.text))
                {
                    self.name_score(entry, alt)
                } else if has(KANA) && entry.kana().starts_with(&alt.text) {
                    50.0
                } else if (has(KANA) && entry.kana().contains(&alt.text))
                    || (has(NAMES) && entry.names().contains(&alt.text))
                {
                    45.0
                } else if has(TAGS) && entry.tags().contains(&alt.text) {
                    30.0
                } else if has(OTHER) {
                    // Every pair of the word is in the rest (legal basis,
                    // section, documents), which is not kept to look in.
                    10.0
                } else {
                    0.0
                };
                if score > 0.0 {
                    whole += 1;
                    scores.offer(id, score * alt.weight);
                    continue;
                }
            }
            if chars.len() >= 3 && !romaji && usize::from(count) >= least {
                partial.push(id);
            }
        }
        // Parts of a word (印鑑証明 → 印鑑登録証明書) only when the word
        // itself is nowhere: 児童手当 must not find 児童扶養手当, which
        // holds both its parts.
        if whole == 0 {
            for id in partial {
                if let Some(entry) = self.entries.get(id as usize) {
                    let (share, pieces) = parts(chars, entry.name());
                    if share >= 0.6 && pieces > 0 {
                        let score = 45.0 * share - 4.0 * (pieces as f32 - 1.0);
                        scores.offer_part(id, score * alt.weight);
                    }
                }
            }
        }
    }

    /// A word found in a name: the whole name above its start, its start
    /// above its middle, and the more of the name it is, the better.
    fn name_score(&self, entry: &Entry, alt: &Alt) -> f32 {
        let name_chars = entry.name().chars().count().max(1);
        let share = alt.chars.len() as f32 / name_chars as f32;
        if entry.name() == alt.text {
            100.0
        } else if entry.name().starts_with(&alt.text) {
            70.0 + 20.0 * share
        } else {
            55.0 + 20.0 * share
        }
    }

    /// Ranked procedure numbers for the words: those with every word when
    /// there are any, else those with the most.
    fn ranked(&self, terms: &[Term]) -> Ranked {
        if terms.is_empty() {
            let hits = (0..self.entries.len() as u32)
                .map(|id| {
                    let boost = self.entries.get(id as usize).map_or(1.0, |e| e.boost);
                    (boost, id)
                })
                .collect();
            return Ranked {
                hits,
                every_word: true,
                empty: Vec::new(),
            };
        }
        let n = self.entries.len();
        let mut total = vec![0.0f32; n];
        let mut matched = vec![0u8; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut empty = Vec::new();
        for (t, term) in terms.iter().enumerate() {
            let mut scores = Scores::new(n);
            for alt in &term.alts {
                self.score_alt(alt, &mut scores);
            }
            if !scores.whole {
                empty.push(t);
            }
            for &id in &scores.touched {
                let i = id as usize;
                if let (Some(sum), Some(m), Some(s)) =
                    (total.get_mut(i), matched.get_mut(i), scores.score.get(i))
                {
                    if *m == 0 {
                        touched.push(id);
                    }
                    *sum += s;
                    *m = m.saturating_add(1);
                }
            }
        }
        let most = touched
            .iter()
            .filter_map(|&id| matched.get(id as usize).copied())
            .max()
            .unwrap_or(0);
        let hits = touched
            .into_iter()
            .filter(|&id| matched.get(id as usize).copied() == Some(most))
            .map(|id| {
                let i = id as usize;
                let boost = self.entries.get(i).map_or(1.0, |e| e.boost);
                (total.get(i).copied().unwrap_or(0.0) * boost, id)
            })
            .collect();
        Ranked {
            hits,
            every_word: usize::from(most) == terms.len(),
            empty,
        }
    }

    /// The likely meaning of a word that found nothing, from the
    /// vocabulary (what residents say, tags, short names, translated-name
    /// words).
    fn near_miss(&self, word: &str) -> Option<String> {
        let folded: Vec<char> = kernel::text::fold(word).chars().collect();
        let mut forms = vec![folded.clone()];
        if let Some(kana) = romaji_kana(&folded.iter().collect::<String>()) {
            forms.push(kana.chars().collect());
        }
        let mut best: Option<(usize, &Known)> = None;
        for form in &forms {
            if form.len() < 2 {
                continue;
            }
            let bound = match form.len() {
                0..=4 => 1,
                5..=8 => 2,
                _ => 3,
            };
            for known in &self.vocabulary {
                if let Some(d) = distance(form, &known.folded, bound)
                    && d > 0
                    && best.is_none_or(|(b, _)| d < b)
                {
                    best = Some((d, known));
                }
            }
        }
        best.map(|(_, known)| known.shown.clone())
    }

    pub fn search(&self, query: &SearchQuery) -> SearchResults {
        let terms = self.plan(&query.q);
        let mut ranked = self.ranked(&terms);
        let mut did_you_mean = None;
        let mut corrected = false;
        // A word that found nothing, or only its parts, may be a near miss:
        // when the words with it corrected find procedures with every word,
        // those are shown.
        if !ranked.empty.is_empty() {
            let mut changed = false;
            let words: Vec<String> = terms
                .iter()
                .enumerate()
                .map(|(t, term)| {
                    if ranked.empty.contains(&t)
                        && let Some(better) = self.near_miss(&term.shown)
                    {
                        changed = true;
                        return better;
                    }
                    term.shown.clone()
                })
                .collect();
            if changed {
                let suggestion = words.join(" ");
                let again = self.ranked(&self.plan(&suggestion));
                if again.every_word && !again.hits.is_empty() {
                    ranked = again;
                    corrected = true;
                }
                did_you_mean = Some(suggestion);
            }
        }
        let partial = !ranked.every_word && !ranked.hits.is_empty();
        let whole = ranked.empty.is_empty();
        let hits = ranked.hits;
        let tag = query.tag.as_deref().map(kernel::text::fold);
        let life_event = query.life_event.as_deref().map(kernel::text::fold);
        let mut hits: Vec<(f32, Row<'_>)> = hits
            .into_iter()
            .filter_map(|(score, id)| self.procedures.row(id as usize).map(|p| (score, p)))
            .filter(|(_, p)| query.category.is_none_or(|c| p.category() == c))
            .filter(|(_, p)| query.bureau.as_deref().is_none_or(|b| p.bureau_id() == b))
            .filter(|(_, p)| !query.online_only || self.resolve_row(*p).status == "online")
            .filter(|(_, p)| {
                tag.as_deref()
                    .is_none_or(|t| p.tags().any(|x| kernel::text::fold(x) == t))
            })
            .filter(|(_, p)| {
                life_event
                    .as_deref()
                    .is_none_or(|l| p.life_events().any(|x| kernel::text::fold(x) == l))
            })
            .collect();
        let order = |(score_a, a): &(f32, Row<'_>), (score_b, b): &(f32, Row<'_>)| {
            score_b
                .total_cmp(score_a)
                .then(
                    b.annual_count()
                        .unwrap_or(-1)
                        .cmp(&a.annual_count().unwrap_or(-1)),
                )
                .then_with(|| a.id().cmp(b.id()))
        };
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        // Only the pages up to this one need their order: a common word
        // finds tens of thousands of procedures in a national registry.
        let total = hits.len();
        let needed = page.saturating_mul(per_page);
        if needed < hits.len() && needed > 0 {
            hits.select_nth_unstable_by(needed - 1, order);
            hits.truncate(needed);
        }
        hits.sort_by(order);
        let items = hits
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|(_, p)| self.summary_of(&p.procedure()))
            .collect();
        SearchResults {
            total,
            page,
            per_page,
            items,
            did_you_mean,
            corrected,
            partial,
            whole,
        }
    }

    /// What residents see of a procedure of this registry.
    fn summary_of(&self, p: &Procedure) -> ProcedureSummary {
        let mut summary = ProcedureSummary::of(p, &self.organisation, self.forms.contains(&p.id));
        if let Some(translated) = self.names.get(&p.id) {
            summary.names = translated.clone();
        }
        summary
    }

    pub fn get(&self, id: &str) -> Option<ProcedureSummary> {
        let at = self
            .by_id
            .binary_search_by(|&n| self.procedures.row(n as usize).map_or("", Row::id).cmp(id))
            .ok()?;
        let n = *self.by_id.get(at)?;
        self.procedures.get(n as usize).map(|p| self.summary_of(&p))
    }

    /// Tags with the number of procedures carrying each, most used first.
    pub fn tags(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for p in self.procedures.rows() {
            for tag in p.tags() {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut tags: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tags
    }

    /// A plain scan of names only: the least any search must do, used by the
    /// benchmark as its ceiling.
    pub fn baseline_name_scan(&self, folded_term: &str) -> usize {
        self.entries
            .iter()
            .filter(|e| e.name().contains(folded_term))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure(id: &str, name: &str, kana: &str, count: i64) -> Procedure {
        let mut p = Procedure::named(id, name, "b");
        p.kana = kana.to_string();
        p.annual_count = Some(count);
        p
    }

    fn index(procedures: &[Procedure], words: &str) -> SearchIndex {
        SearchIndex::build(procedures.to_vec(), Organisation::default(), 0)
            .with_words(Words::parse(words).expect("words read"))
    }

    fn first(index: &SearchIndex, q: &str, n: usize) -> Vec<String> {
        index
            .search(&SearchQuery {
                q: q.to_string(),
                page: 1,
                per_page: n,
                ..Default::default()
            })
            .items
            .iter()
            .map(|s| s.id.clone())
            .collect()
    }

    #[test]
    fn a_derived_figure_is_computed_once_per_key() {
        let index = index(&[procedure("a", "転入届", "てんにゅうとどけ", 1)], "");
        let mut made = 0;
        let mut count = |key: u64| {
            *index.derived(key, |i| {
                made += 1;
                i.len() + key as usize
            })
        };
        assert_eq!(count(2026), 2027);
        assert_eq!(count(2026), 2027);
        assert_eq!(count(2027), 2028);
        assert_eq!(made, 2);
    }

    #[test]
    fn every_procedure_is_found_by_its_id_whatever_order_it_came_in() {
        let procedures = vec![
            procedure("z-last", "転入届", "てんにゅうとどけ", 1),
            procedure("a-first", "転出届", "てんしゅつとどけ", 1),
            procedure("m-middle", "転居届", "てんきょとどけ", 1),
        ];
        let index = index(&procedures, "");
        for p in &procedures {
            assert_eq!(index.get(&p.id).map(|s| s.name), Some(p.name.clone()));
        }
        assert!(index.get("nothing").is_none());
        assert!(index.get("").is_none());
    }

    fn town() -> Vec<Procedure> {
        let mut passport = procedure(
            "passport",
            "一般旅券の発給の申請",
            "いっぱんりょけん の はっきゅう の しんせい",
            30_000,
        );
        passport.name_en = "Application for a general passport".into();
        let mut allowance = procedure(
            "allowance",
            "児童手当 認定請求",
            "じどうてあて にんていせいきゅう",
            52_000,
        );
        allowance.name_en = "Child Allowance: application for certification".into();
        allowance.tags = vec!["児童手当".into()];
        vec![
            procedure(
                "juminhyo",
                "住民票の写しの交付請求",
                "じゅうみんひょう の うつし の こうふ せいきゅう",
                900_000,
            ),
            procedure(
                "juminhyo-code",
                "住民票コードの記載の変更請求",
                "じゅうみんひょうこーど の きさい の へんこう せいきゅう",
                40,
            ),
            procedure(
                "juminhyo-notice",
                "住所地市町村長以外の市町村長に対する住民票の写しの交付の請求",
                "",
                12,
            ),
            procedure(
                "inkan",
                "印鑑登録証明書の交付申請",
                "いんかんとうろくしょうめいしょ の こうふ しんせい",
                400_000,
            ),
            procedure("tennyu", "転入届", "てんにゅうとどけ", 120_000),
            procedure("tenshutsu", "転出届", "てんしゅつとどけ", 110_000),
            procedure("tenkyo", "転居届", "てんきょとどけ", 90_000),
            procedure(
                "sodai",
                "粗大ごみ収集の申込",
                "そだいごみ しゅうしゅう の もうしこみ",
                300_000,
            ),
            passport,
            allowance,
        ]
    }

    const WORDS: &str = r#"words = [
        { say = ["引っ越し", "ひっこし", "moving"], find = ["転入", "転出", "転居"] },
        { say = ["パスポート", "passport"], find = ["旅券"] },
        { say = ["ソファ", "捨て"], find = ["粗大ごみ"] },
        { say = ["住民票"], find = ["住民票の写し"] },
    ]"#;

    #[test]
    fn a_word_is_found_by_its_parts() {
        let index = index(&town(), "words = []");
        // 印鑑証明 is not in 印鑑登録証明書, but both its parts are.
        assert_eq!(first(&index, "印鑑証明", 1), vec!["inkan"]);
        // A word with only a part of a name finds nothing by it.
        assert!(first(&index, "印刷証書", 3).is_empty());
    }

    #[test]
    fn everyday_words_find_what_the_catalog_calls_them() {
        let plain = index(&town(), "words = []");
        assert!(first(&plain, "引っ越し", 3).is_empty());
        let index = index(&town(), WORDS);
        let mut moving = first(&index, "引っ越し", 3);
        moving.sort();
        assert_eq!(moving, vec!["tenkyo", "tennyu", "tenshutsu"]);
        assert_eq!(first(&index, "ヒッコシ", 3).len(), 3);
        assert_eq!(first(&index, "パスポート", 1), vec!["passport"]);
        assert_eq!(first(&index, "ソファを捨てたい", 1), vec!["sodai"]);
    }

    #[test]
    fn busy_procedures_rank_above_obscure_ones_that_match_as_well() {
        let index = index(&town(), "words = []");
        let found = first(&index, "住民票", 3);
        assert_eq!(
            found.first().map(String::as_str),
            Some("juminhyo"),
            "{found:?}"
        );
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn kanji_kana_half_width_and_romaji_give_the_same_first_result() {
        let index = index(&town(), "words = []");
        for q in [
            "住民票",
            "じゅうみんひょう",
            "ジュウミンヒョウ",
            "ｼﾞｭｳﾐﾝﾋｮｳ",
            "juminhyo",
            "juuminhyou",
            "JUMINHYO",
        ] {
            assert_eq!(first(&index, q, 1), vec!["juminhyo"], "{q}");
        }
        assert_eq!(first(&index, "tennyu", 1), vec!["tennyu"]);
        assert_eq!(first(&index, "sodai gomi", 1), vec!["sodai"]);
    }

    #[test]
    fn english_words_find_translated_names() {
        let index = index(&town(), "words = []");
        assert_eq!(first(&index, "passport", 1), vec!["passport"]);
        assert_eq!(first(&index, "Child allowance", 1), vec!["allowance"]);
        assert_eq!(first(&index, "allowances", 1), vec!["allowance"]);
        assert_eq!(
            first(&index, "how do I get a passport", 1),
            vec!["passport"]
        );
    }

    #[test]
    fn a_near_miss_is_corrected_and_said() {
        let index = index(&town(), WORDS);
        let results = index.search(&SearchQuery {
            q: "住民表".into(),
            page: 1,
            per_page: 3,
            ..Default::default()
        });
        assert_eq!(results.did_you_mean.as_deref(), Some("住民票"));
        assert!(results.corrected);
        assert_eq!(
            results.items.first().map(|s| s.id.as_str()),
            Some("juminhyo")
        );
        let results = index.search(&SearchQuery {
            q: "pasport".into(),
            page: 1,
            per_page: 3,
            ..Default::default()
        });
        assert_eq!(
            results.items.first().map(|s| s.id.as_str()),
            Some("passport")
        );
        // Nothing near: nothing offered, nothing found.
        let results = index.search(&SearchQuery {
            q: "xylophone".into(),
            page: 1,
            per_page: 3,
            ..Default::default()
        });
        assert_eq!(results.total, 0);
        assert_eq!(results.did_you_mean, None);
    }

    #[test]
    fn procedures_with_every_word_come_alone_else_some_are_shown_as_such() {
        let index = index(&town(), WORDS);
        let results = index.search(&SearchQuery {
            q: "住民票 コード".into(),
            page: 1,
            per_page: 10,
            ..Default::default()
        });
        assert_eq!(results.total, 1);
        assert!(!results.partial);
        let results = index.search(&SearchQuery {
            q: "転入 旅券".into(),
            page: 1,
            per_page: 10,
            ..Default::default()
        });
        assert!(results.partial);
        assert_eq!(results.total, 2);
    }

    #[test]
    fn long_vowels_fold_for_romaji() {
        assert_eq!(short_vowels("じゅうみんひょう"), "じゅみんひょ");
        assert_eq!(short_vowels("とうろく"), "とろく");
        assert_eq!(short_vowels("けいろうぱす"), "けろぱす");
        assert_eq!(short_vowels("まいなんばー"), "まいなんば");
        assert_eq!(romaji_kana("hikkoshi").as_deref(), Some("ひっこし"));
        assert_eq!(romaji_kana("passport"), None);
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "じゅうみんひょう".chars().collect();
        let b: Vec<char> = "じゅうみんひょ".chars().collect();
        assert_eq!(distance(&a, &b, 1), Some(1));
        assert_eq!(distance(&a, &b[..5], 1), None);
    }
}
