//! The eight languages residents read, and the message catalogs.
//!
//! Every text a resident sees comes from a Project Fluent file in
//! `crates/kernel/locales/<language>/<area>.ftl`, which translators edit
//! without touching code. A test fails when a key is missing in any language.
//! Easy Japanese (やさしい日本語) texts may carry furigana in the Aozora Bunko
//! notation (`｜漢字《かんじ》`, or `漢字《かんじ》` for a run of kanji), shown as
//! `<ruby>` when the resident wants furigana and dropped otherwise.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    Ja,
    En,
    /// やさしい日本語: short sentences, common words, furigana.
    EasyJa,
    /// 中文（简体）
    Zh,
    Ko,
    /// Brazilian Portuguese, the form most residents from Brazil read.
    Pt,
    Vi,
    Tl,
}

impl Lang {
    pub const ALL: [Lang; 8] = [
        Lang::Ja,
        Lang::En,
        Lang::EasyJa,
        Lang::Zh,
        Lang::Ko,
        Lang::Pt,
        Lang::Vi,
        Lang::Tl,
    ];

    /// The BCP 47 tag, used in URLs, cookies, `lang` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
            Lang::EasyJa => "ja-x-easy",
            Lang::Zh => "zh-Hans",
            Lang::Ko => "ko",
            Lang::Pt => "pt-BR",
            Lang::Vi => "vi",
            Lang::Tl => "tl",
        }
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
            Lang::EasyJa => "やさしい日本語",
            Lang::Zh => "中文(简体)",
            Lang::Ko => "한국어",
            Lang::Pt => "Português",
            Lang::Vi => "Tiếng Việt",
            Lang::Tl => "Tagalog",
        }
    }

    /// The directory of the language's catalogs.
    fn catalog_dir(self) -> &'static str {
        self.code()
    }

    /// A link inside the platform that opens in this language (Japanese,
    /// the default, needs no parameter).
    pub fn link(self, path: &str) -> String {
        if self == Lang::Ja {
            return path.to_string();
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}lang={}", self.code())
    }

    /// Japanese readers (including easy Japanese) see Japanese data as is.
    pub fn reads_japanese(self) -> bool {
        matches!(self, Lang::Ja | Lang::EasyJa)
    }

    /// A language tag as residents, browsers and business systems write it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase().replace('_', "-");
        let lang = match code.as_str() {
            "ja" | "ja-jp" => Lang::Ja,
            "ja-x-easy" | "easy-ja" | "ja-easy" | "easy" => Lang::EasyJa,
            "zh" | "zh-cn" | "zh-sg" | "zh-hans" | "zh-hans-cn" => Lang::Zh,
            "ko" | "ko-kr" => Lang::Ko,
            "pt" | "pt-br" | "pt-pt" => Lang::Pt,
            "vi" | "vi-vn" => Lang::Vi,
            "tl" | "tl-ph" | "fil" | "fil-ph" => Lang::Tl,
            _ if code == "en" || code.starts_with("en-") => Lang::En,
            _ => return None,
        };
        Some(lang)
    }

    /// The first supported language in an `Accept-Language` header, by weight.
    /// Traditional Chinese (zh-TW, zh-Hant) is not offered, so it is skipped
    /// rather than answered in simplified characters.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut choices: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                if weight <= 0.0 || tag.starts_with("zh-tw") || tag.starts_with("zh-hk") {
                    return None;
                }
                if tag.starts_with("zh-hant") {
                    return None;
                }
                let lang = Lang::from_code(&tag)
                    .or_else(|| Lang::from_code(tag.split('-').next().unwrap_or_default()))?;
                Some((weight, position, lang))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.first().map(|(_, _, lang)| *lang)
    }

    /// Where a missing text is looked up next: easy Japanese falls back to
    /// Japanese, the other languages to English and then Japanese.
    fn fallbacks(self) -> &'static [Lang] {
        match self {
            Lang::Ja => &[],
            Lang::EasyJa => &[Lang::Ja],
            Lang::En => &[Lang::Ja],
            _ => &[Lang::En, Lang::Ja],
        }
    }
}

/// The catalog areas: one file per area and language.
pub const AREAS: [&str; 5] = ["pages", "messages", "mail", "site", "notify"];

/// The catalog sources, compiled in so a deployment is one binary.
fn source(lang: Lang, area: &str) -> &'static str {
    macro_rules! files {
        ($($lang:literal),*) => {
            match (lang.catalog_dir(), area) {
                $(
                    ($lang, "pages") => include_str!(concat!("../locales/", $lang, "/pages.ftl")),
                    ($lang, "messages") => include_str!(concat!("../locales/", $lang, "/messages.ftl")),
                    ($lang, "mail") => include_str!(concat!("../locales/", $lang, "/mail.ftl")),
                    ($lang, "site") => include_str!(concat!("../locales/", $lang, "/site.ftl")),
                    ($lang, "notify") => include_str!(concat!("../locales/", $lang, "/notify.ftl")),
                )*
                _ => "",
            }
        };
    }
    files!(
        "ja",
        "en",
        "ja-x-easy",
        "zh-Hans",
        "ko",
        "pt-BR",
        "vi",
        "tl"
    )
}

struct Catalog {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);

impl Catalog {
    fn load() -> Catalog {
        let bundles = Lang::ALL
            .iter()
            .map(|&lang| {
                // Plural rules follow the language; easy Japanese is Japanese.
                let tag = if lang == Lang::EasyJa {
                    "ja"
                } else {
                    lang.code()
                };
                let langid = tag.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                // Unicode isolation marks around values would end up in HTML
                // attributes and e-mail subjects; none of our scripts is RTL.
                bundle.set_use_isolating(false);
                for area in AREAS {
                    match FluentResource::try_new(source(lang, area).to_string()) {
                        Ok(resource) => bundle.add_resource_overriding(resource),
                        Err((resource, errors)) => {
                            tracing::error!(
                                lang = lang.code(),
                                area,
                                ?errors,
                                "catalog has syntax errors"
                            );
                            bundle.add_resource_overriding(resource);
                        }
                    }
                }
                (lang, bundle)
            })
            .collect();
        Catalog { bundles }
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(&lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                lang = lang.code(),
                id,
                ?errors,
                "message formatted with errors"
            );
        }
        Some(text.into_owned())
    }

    fn keys(&self, lang: Lang) -> Vec<String> {
        let mut keys = Vec::new();
        for area in AREAS {
            if let Ok(resource) = FluentResource::try_new(source(lang, area).to_string()) {
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(message) = entry {
                        keys.push(message.id.name.to_string());
                    }
                }
            }
        }
        keys
    }
}

/// A value placed into a message: text, a number (which also chooses plural
/// forms), or a text that itself exists in several languages (a field label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Localized(Localized),
    /// A value written one way for Japanese readers and another for the
    /// rest (a 和暦 date and its ISO form, a term and its English).
    Pair(String, String),
    /// Another catalog text (the name of a part of a field, say).
    Key(&'static str),
}

impl Arg {
    pub fn pair(ja: impl Into<String>, other: impl Into<String>) -> Arg {
        Arg::Pair(ja.into(), other.into())
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_string())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}

impl From<u64> for Arg {
    fn from(value: u64) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<&Localized> for Arg {
    fn from(value: &Localized) -> Self {
        Arg::Localized(value.clone())
    }
}

/// A message by key with its arguments, kept so it can be shown in whichever
/// language the reader picks later (an error, a mail, a status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in a language, furigana markup kept.
    pub fn marked_up(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            match value {
                Arg::Text(text) => args.set(*name, FluentValue::from(text.clone())),
                Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
                Arg::Localized(text) => {
                    args.set(*name, FluentValue::from(text.get(lang).text.to_string()))
                }
                Arg::Key(id) => {
                    args.set(*name, FluentValue::from(Message::new(id).marked_up(lang)))
                }
                Arg::Pair(ja, other) => {
                    let value = if lang.reads_japanese() { ja } else { other };
                    args.set(*name, FluentValue::from(value.clone()))
                }
            }
        }
        for candidate in std::iter::once(lang).chain(lang.fallbacks().iter().copied()) {
            if let Some(text) = CATALOG.format(candidate, self.id, Some(&args)) {
                return text;
            }
        }
        tracing::error!(id = self.id, "message missing in every language");
        self.id.to_string()
    }

    /// The message in a language as plain text (mail, attributes, JSON).
    pub fn plain(&self, lang: Lang) -> String {
        strip_furigana(&self.marked_up(lang))
    }

    /// The message as HTML, with furigana as `<ruby>` when asked for.
    pub fn html(&self, lang: Lang, furigana: bool) -> String {
        rich_html(&self.marked_up(lang), furigana)
    }
}

/// A plain text by key: `text(lang, "layout-skip-main-content")`.
pub fn text(lang: Lang, id: &'static str) -> String {
    Message::new(id).plain(lang)
}

/// Every key of every catalog area in a language.
pub fn keys(lang: Lang) -> Vec<String> {
    CATALOG.keys(lang)
}

/// A text written by the city (a procedure name, a form label) in Japanese,
/// English and any other language it has been translated into.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Localized {
    pub ja: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    /// Further translations by language tag (`zh-Hans`, `ko`, `pt-BR`, `vi`,
    /// `tl`, `ja-x-easy`).
    #[serde(flatten)]
    pub more: BTreeMap<String, String>,
}

/// A city text as shown in one language: when it is not translated, the
/// Japanese original, marked so the page can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    /// The text is the Japanese original standing in for a missing translation.
    pub fallback: bool,
}

impl Localized {
    pub fn ja(text: impl Into<String>) -> Self {
        Localized {
            ja: text.into(),
            ..Localized::default()
        }
    }

    pub fn get(&self, lang: Lang) -> Shown<'_> {
        let translated = match lang {
            Lang::Ja => Some(self.ja.as_str()),
            Lang::En => Some(self.en.as_str()),
            other => self.more.get(other.code()).map(String::as_str),
        }
        .filter(|t| !t.trim().is_empty());
        match translated {
            Some(text) => Shown {
                text,
                fallback: false,
            },
            // Easy Japanese readers read the original as it is.
            None => Shown {
                text: &self.ja,
                fallback: lang != Lang::EasyJa,
            },
        }
    }

    /// Language tags used for translations that madoguchi does not know.
    pub fn unknown_languages(&self) -> Vec<&str> {
        self.more
            .keys()
            .filter(|code| !matches!(Lang::from_code(code), Some(l) if l.code() == code.as_str()))
            .map(String::as_str)
            .collect()
    }
}

impl<'a> Shown<'a> {
    /// The text as HTML: a fallback carries `lang="ja"` and a mark; an easy
    /// Japanese text gets its furigana as ruby when `furigana` is on.
    pub fn html_with(&self, furigana: bool) -> String {
        if self.fallback {
            format!(
                r#"<span lang="ja" class="ja-fallback">{}</span>"#,
                escape(self.text)
            )
        } else {
            rich_html(self.text, furigana)
        }
    }

    /// The text as HTML, furigana markup dropped.
    pub fn html(&self) -> String {
        self.html_with(false)
    }

    /// The text without furigana markup, for attributes, options and mail.
    pub fn plain(&self) -> String {
        strip_furigana(self.text)
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆' | 'ヶ')
        || ('\u{20000}'..='\u{2FFFF}').contains(&c)
}

/// One piece of a text with furigana markup.
enum Piece<'a> {
    Plain(&'a str),
    Ruby { base: &'a str, reading: &'a str },
}

/// Splits Aozora Bunko ruby notation: `｜base《reading》`, or `base《reading》`
/// where the base is the run of kanji before the reading.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('《') {
        let Some(close_rel) = rest[open..].find('》') else {
            break;
        };
        let close = open + close_rel;
        let before = &rest[..open];
        let reading = &rest[open + '《'.len_utf8()..close];
        let (plain, base) = match before.rfind('｜') {
            Some(bar) => (&before[..bar], &before[bar + '｜'.len_utf8()..]),
            None => {
                let start = before
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| is_kanji(*c))
                    .last()
                    .map(|(i, _)| i)
                    .unwrap_or(before.len());
                (&before[..start], &before[start..])
            }
        };
        if !plain.is_empty() {
            out.push(Piece::Plain(plain));
        }
        if base.is_empty() {
            out.push(Piece::Plain(&rest[open..=close + '》'.len_utf8() - 1]));
        } else {
            out.push(Piece::Ruby { base, reading });
        }
        rest = &rest[close + '》'.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Plain(rest));
    }
    out
}

/// The text without furigana markup.
pub fn strip_furigana(text: &str) -> String {
    if !text.contains('《') {
        return text.to_string();
    }
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Plain(t) => t,
            Piece::Ruby { base, .. } => base,
        })
        .collect()
}

/// The text as HTML: escaped, with `<ruby>` for furigana when asked for.
pub fn rich_html(text: &str, furigana: bool) -> String {
    if !furigana {
        return escape(&strip_furigana(text));
    }
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Plain(t) => escape(t),
            Piece::Ruby { base, reading } => format!(
                "<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>",
                escape(base),
                escape(reading)
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        let reference: std::collections::BTreeSet<String> = keys(Lang::Ja).into_iter().collect();
        assert!(reference.len() > 50, "the Japanese catalog is loaded");
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            let have: std::collections::BTreeSet<String> = keys(lang).into_iter().collect();
            for missing in reference.difference(&have) {
                problems.push(format!("{}: missing {missing}", lang.code()));
            }
            for extra in have.difference(&reference) {
                problems.push(format!(
                    "{}: {extra} is not in the Japanese catalog",
                    lang.code()
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "catalog keys differ:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn every_catalog_parses() {
        for lang in Lang::ALL {
            for area in AREAS {
                let parsed = FluentResource::try_new(source(lang, area).to_string());
                assert!(
                    parsed.is_ok(),
                    "{}/{area}.ftl has syntax errors: {:?}",
                    lang.code(),
                    parsed.err().map(|(_, e)| e)
                );
            }
        }
    }

    #[test]
    fn accept_language_picks_the_heaviest_supported_language() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1, ja;q=0.5, en;q=0.3"),
            Some(Lang::Ja)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(
            Lang::from_accept_language("pt-BR,pt;q=0.9,en;q=0.5"),
            Some(Lang::Pt)
        );
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9"), Some(Lang::Zh));
        assert_eq!(
            Lang::from_accept_language("zh-TW,en;q=0.5"),
            Some(Lang::En),
            "traditional Chinese is not answered in simplified characters"
        );
        assert_eq!(Lang::from_accept_language("fil-PH"), Some(Lang::Tl));
        assert_eq!(Lang::from_accept_language("vi-VN,vi;q=0.9"), Some(Lang::Vi));
        assert_eq!(
            Lang::from_accept_language("ko;q=0.2, ja;q=0"),
            Some(Lang::Ko)
        );
    }

    #[test]
    fn every_code_reads_back_as_its_language() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn furigana_becomes_ruby_or_disappears() {
        let text = "｜申請《しんせい》を 受《う》け付《つ》けました。住所《じゅうしょ》";
        assert_eq!(strip_furigana(text), "申請を 受け付けました。住所");
        assert_eq!(
            rich_html("住所《じゅうしょ》を書《か》く", true),
            "<ruby>住所<rp>（</rp><rt>じゅうしょ</rt><rp>）</rp></ruby>を<ruby>書<rp>（</rp><rt>か</rt><rp>）</rp></ruby>く"
        );
        assert_eq!(rich_html("<b>《ない》", true), "&lt;b&gt;《ない》");
        assert_eq!(rich_html("a & b", false), "a &amp; b");
    }

    #[test]
    fn untranslated_city_text_falls_back_to_marked_japanese() {
        let mut name = Localized::ja("児童手当");
        name.en = "Child allowance".into();
        name.more.insert("ko".into(), "아동수당".into());
        assert_eq!(name.get(Lang::Ko).text, "아동수당");
        assert!(!name.get(Lang::Ko).fallback);
        let shown = name.get(Lang::Vi);
        assert_eq!(shown.text, "児童手当");
        assert!(shown.fallback);
        assert_eq!(
            shown.html(),
            r#"<span lang="ja" class="ja-fallback">児童手当</span>"#
        );
        assert!(!name.get(Lang::EasyJa).fallback);
        name.more.insert("fr".into(), "Allocation".into());
        assert_eq!(name.unknown_languages(), vec!["fr"]);
    }

    #[test]
    fn messages_take_arguments_and_labels_in_the_reader_language() {
        let mut label = Localized::ja("氏名");
        label.en = "Name".into();
        let message = Message::new("form-required").with("label", &label);
        assert_eq!(message.plain(Lang::Ja), "氏名を入力してください。");
        assert_eq!(message.plain(Lang::En), "Enter Name.");
    }
}
