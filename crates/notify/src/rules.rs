//! The rules of subscriptions, without I/O: the topics and wards a resident
//! can choose (data the DX office edits, `data/topics.toml`), reading a
//! choice from a posted form, whether an announcement reaches a
//! subscription, and the links that manage one.

use std::collections::BTreeSet;

use hmac::{Hmac, Mac};
use kernel::i18n::Localized;
use serde::Deserialize;
use sha2::Sha256;

/// The topics and wards shipped with the platform.
pub const TOPICS: &str = include_str!("../data/topics.toml");

/// Most topics, and most wards, a city may list.
pub const MAX_CHOICES: usize = 64;
/// Most fields read from a posted choice (every box ticked is well under).
pub const MAX_FIELDS: usize = 200;

/// One thing to choose: its stable id and its name in each language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub name: Localized,
}

/// What residents can choose to hear about, and where.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    #[serde(rename = "topic")]
    pub topics: Vec<Choice>,
    #[serde(rename = "ward", default)]
    pub wards: Vec<Choice>,
}

impl Topics {
    /// Reads and checks a topics file; every mistake is named.
    pub fn parse(text: &str) -> Result<Topics, Vec<String>> {
        let topics: Topics = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
        let mut problems = Vec::new();
        for (kind, list) in [("topic", &topics.topics), ("ward", &topics.wards)] {
            if list.len() > MAX_CHOICES {
                problems.push(format!("more than {MAX_CHOICES} of kind {kind}"));
            }
            let mut seen = BTreeSet::new();
            for choice in list {
                if !is_id(&choice.id) {
                    problems.push(format!(
                        "{kind} id {:?}: 1–32 lower-case letters, digits or -",
                        choice.id
                    ));
                }
                if !seen.insert(choice.id.as_str()) {
                    problems.push(format!("{kind} id {:?} is listed twice", choice.id));
                }
                if choice.name.ja.trim().is_empty() {
                    problems.push(format!("{kind} {:?} has no Japanese name", choice.id));
                }
            }
        }
        if topics.topics.is_empty() {
            problems.push("no topic to choose".to_string());
        }
        if problems.is_empty() {
            Ok(topics)
        } else {
            Err(problems)
        }
    }

    /// The platform's own topics.
    pub fn shipped() -> Topics {
        // Checked by a test; an empty list would only mean nothing to choose.
        Topics::parse(TOPICS).unwrap_or(Topics {
            topics: Vec::new(),
            wards: Vec::new(),
        })
    }

    pub fn topic(&self, id: &str) -> Option<&Choice> {
        self.topics.iter().find(|c| c.id == id)
    }

    pub fn ward(&self, id: &str) -> Option<&Choice> {
        self.wards.iter().find(|c| c.id == id)
    }
}

fn is_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What one subscription wants to hear about: at least one topic, and the
/// wards it cares for (none: the whole city).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interests {
    pub topics: BTreeSet<String>,
    pub wards: BTreeSet<String>,
}

/// Why a posted choice cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceProblem {
    /// No topic ticked.
    NoTopic,
    /// A topic or ward the city does not list (a forged or stale form).
    Unknown,
    /// More fields than any form of ours sends.
    TooMany,
}

impl Interests {
    /// The topics (`topic` fields) and wards (`ward` fields) of a posted
    /// form, each one the city lists.
    pub fn from_form(topics: &Topics, pairs: &[(String, String)]) -> Result<Self, ChoiceProblem> {
        if pairs.len() > MAX_FIELDS {
            return Err(ChoiceProblem::TooMany);
        }
        let mut interests = Interests::default();
        for (name, value) in pairs {
            match name.as_str() {
                "topic" if topics.topic(value).is_some() => {
                    interests.topics.insert(value.clone());
                }
                "ward" if topics.ward(value).is_some() => {
                    interests.wards.insert(value.clone());
                }
                "topic" | "ward" => return Err(ChoiceProblem::Unknown),
                _ => {}
            }
        }
        if interests.topics.is_empty() {
            return Err(ChoiceProblem::NoTopic);
        }
        Ok(interests)
    }

    /// As stored: comma-separated ids (ids hold no comma).
    pub fn stored(&self) -> (String, String) {
        (join(&self.topics), join(&self.wards))
    }

    pub fn from_stored(topics: &str, wards: &str) -> Self {
        Interests {
            topics: split(topics),
            wards: split(wards),
        }
    }
}

/// Ids as stored: comma-separated (ids hold no comma).
pub(crate) fn join(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(",")
}

/// Stored ids read back.
pub(crate) fn split(text: &str) -> BTreeSet<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whom an announcement is for: its topics, the wards it concerns (none:
/// the whole city), and the languages it is sent in (none: every one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub topics: BTreeSet<String>,
    pub wards: BTreeSet<String>,
    pub langs: BTreeSet<String>,
}

/// Whether an announcement for `target` reaches a subscription with
/// `interests` in `lang`: a topic in common; and a city-wide announcement
/// reaches every ward, while a ward's announcement reaches those who chose
/// that ward or the whole city.
pub fn reaches(target: &Target, interests: &Interests, lang: &str) -> bool {
    let topic = target.topics.iter().any(|t| interests.topics.contains(t));
    let ward = target.wards.is_empty()
        || interests.wards.is_empty()
        || target.wards.iter().any(|w| interests.wards.contains(w));
    let language = target.langs.is_empty() || target.langs.contains(lang);
    topic && ward && language
}

/// The bytes of a manage link's tag kept: 128 bits.
const TAG_BYTES: usize = 16;

fn tag(key: &[u8; 32], id: i64, generation: i64) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(b"madoguchi subscription link\0");
    mac.update(&id.to_be_bytes());
    mac.update(&generation.to_be_bytes());
    Some(mac)
}

/// The token of a subscription's links (preferences, one-click
/// unsubscribe): its id, its generation and a tag under the data key, so it
/// is never stored and a million mails need no million rows. Raising the
/// generation makes every earlier link dead.
pub fn link_token(key: &[u8; 32], id: i64, generation: i64) -> String {
    let digest = tag(key, id, generation)
        .map(|mac| mac.finalize().into_bytes().to_vec())
        .unwrap_or_default();
    let kept = digest.get(..TAG_BYTES).unwrap_or_default();
    format!("{id}.{generation}.{}", hex::encode(kept))
}

/// The subscription id and generation a link's token names, when its tag
/// is right (compared in constant time).
pub fn read_link_token(key: &[u8; 32], token: &str) -> Option<(i64, i64)> {
    if token.len() > 80 {
        return None;
    }
    let mut parts = token.split('.');
    let id: i64 = parts.next()?.parse().ok()?;
    let generation: i64 = parts.next()?.parse().ok()?;
    let given = hex::decode(parts.next()?).ok()?;
    if parts.next().is_some() || given.len() != TAG_BYTES || id < 1 || generation < 0 {
        return None;
    }
    tag(key, id, generation)?
        .verify_truncated_left(&given)
        .ok()
        .map(|()| (id, generation))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_string()).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    }

    #[test]
    fn the_shipped_topics_are_well_formed_and_name_every_ward() {
        let topics = Topics::parse(TOPICS).expect("topics");
        assert!(topics.topic("kosodate").is_some());
        assert_eq!(topics.wards.len(), 16);
        assert_eq!(
            topics.ward("naka").map(|w| w.name.ja.as_str()),
            Some("中区")
        );
    }

    #[test]
    fn a_topics_file_with_mistakes_names_each() {
        let text = r#"
[[topic]]
id = "Kosodate"
name = { ja = "子育て" }
[[topic]]
id = "gomi"
name = { ja = "" }
[[topic]]
id = "gomi"
name = { ja = "ごみ" }
"#;
        let problems = Topics::parse(text).expect_err("mistakes");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("\"Kosodate\"")));
        assert!(problems.iter().any(|p| p.contains("listed twice")));
        assert!(problems.iter().any(|p| p.contains("no Japanese name")));
    }

    #[test]
    fn a_choice_needs_a_topic_and_takes_only_what_the_city_lists() {
        let topics = Topics::shipped();
        let chosen = Interests::from_form(
            &topics,
            &pairs(&[("topic", "gomi"), ("ward", "naka"), ("email", "a@b.jp")]),
        )
        .expect("choice");
        assert_eq!(chosen.topics, set(&["gomi"]));
        assert_eq!(chosen.wards, set(&["naka"]));
        assert_eq!(
            Interests::from_form(&topics, &pairs(&[("ward", "naka")])),
            Err(ChoiceProblem::NoTopic)
        );
        assert_eq!(
            Interests::from_form(&topics, &pairs(&[("topic", "gomi"), ("ward", "shibuya")])),
            Err(ChoiceProblem::Unknown)
        );
        let many: Vec<(String, String)> = (0..=MAX_FIELDS)
            .map(|_| ("topic".to_string(), "gomi".to_string()))
            .collect();
        assert_eq!(
            Interests::from_form(&topics, &many),
            Err(ChoiceProblem::TooMany)
        );
        let (t, w) = chosen.stored();
        assert_eq!(Interests::from_stored(&t, &w), chosen);
        assert_eq!(Interests::from_stored("", ""), Interests::default());
    }

    #[test]
    fn an_announcement_reaches_its_topics_wards_and_languages() {
        let naka_gomi = Interests {
            topics: set(&["gomi"]),
            wards: set(&["naka"]),
        };
        let whole_city = Interests {
            topics: set(&["gomi", "bousai"]),
            wards: BTreeSet::new(),
        };
        let city_gomi = Target {
            topics: set(&["gomi"]),
            ..Target::default()
        };
        assert!(reaches(&city_gomi, &naka_gomi, "ja"));
        assert!(reaches(&city_gomi, &whole_city, "en"));
        let kita_gomi = Target {
            topics: set(&["gomi"]),
            wards: set(&["kita"]),
            ..Target::default()
        };
        assert!(!reaches(&kita_gomi, &naka_gomi, "ja"), "another ward's");
        assert!(reaches(&kita_gomi, &whole_city, "ja"), "the whole city's");
        let tax = Target {
            topics: set(&["zei"]),
            ..Target::default()
        };
        assert!(!reaches(&tax, &whole_city, "ja"), "another topic");
        let in_english = Target {
            topics: set(&["bousai"]),
            langs: set(&["en"]),
            ..Target::default()
        };
        assert!(reaches(&in_english, &whole_city, "en"));
        assert!(!reaches(&in_english, &whole_city, "ja"));
    }

    #[test]
    fn a_link_token_names_its_subscription_and_nothing_else() {
        let key = [7u8; 32];
        let token = link_token(&key, 42, 3);
        assert_eq!(read_link_token(&key, &token), Some((42, 3)));
        assert_eq!(read_link_token(&[8u8; 32], &token), None, "another key");
        let forged = token.replacen("42.", "43.", 1);
        assert_eq!(read_link_token(&key, &forged), None, "another subscription");
        let older = token.replacen(".3.", ".2.", 1);
        assert_eq!(read_link_token(&key, &older), None, "another generation");
        for bad in ["", "42", "42.3", "42.3.zz", "x.3.00", &format!("{token}.1")] {
            assert_eq!(read_link_token(&key, bad), None, "{bad:?}");
        }
    }
}
