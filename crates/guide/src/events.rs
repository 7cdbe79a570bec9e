//! The life-event guide (手続ガイド), kept as data the DX office edits: for
//! each event — moving in, out or within the city, a birth, a marriage, a
//! divorce, starting school, turning 65 — a few questions, and the
//! procedures that follow with where, what to bring and by when. Each
//! event is written as the bereavement corner writes its rules (the same
//! questions, conditions and places; see `bereavement::rules`), and a death
//! is the corner's own. Pure: parsing, checking, no I/O.

use std::collections::BTreeSet;

use bereavement::rules::{self, Place, Question, Rule, Rules};
use kernel::documents::{Problem, problem, valid_id};
use kernel::i18n::Localized;
use serde::Deserialize;

/// The events a city starts from (Nagoya's ward offices).
pub const DEFAULT_EVENTS: &str = include_str!("../events/nagoya.toml");

/// Longest document accepted.
pub const MAX_SOURCE_BYTES: usize = 512 * 1024;
/// Most events a document may hold.
pub const MAX_EVENTS: usize = 40;

/// The event a death is: the bereavement corner's questions, not these.
pub const DEATH: &str = "shibou";

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(rename = "place", default)]
    places: Vec<Place>,
    #[serde(rename = "event", default)]
    events: Vec<RawEvent>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: String,
    title: Localized,
    /// What the event is, in a line, on the list of events.
    lead: Localized,
    /// Words residents use for it, shown under the title (and found by
    /// the browser's find).
    #[serde(default)]
    also: Option<Localized>,
    #[serde(rename = "question", default)]
    questions: Vec<Question>,
    #[serde(rename = "rule", default)]
    rules: Vec<Rule>,
}

/// One event, with its questions and rules as the corner reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: Localized,
    pub lead: Localized,
    pub also: Option<Localized>,
    pub rules: Rules,
}

/// The guide: its events in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub events: Vec<Event>,
}

impl Guide {
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }
}

/// Reads and checks a guide; every problem at once, each naming its event.
pub fn parse(source: &str) -> Result<Guide, Vec<Problem>> {
    let document: Document = kernel::documents::read_toml(source, MAX_SOURCE_BYTES)?;
    let mut problems = Vec::new();
    if document.events.is_empty() {
        problems.push(problem(
            "出来事（[[event]]）が一つもありません。",
            "There is no event ([[event]]).",
        ));
    }
    if document.events.len() > MAX_EVENTS {
        problems.push(problem(
            format!("出来事は{MAX_EVENTS}個までです。"),
            format!("At most {MAX_EVENTS} events."),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut events = Vec::with_capacity(document.events.len());
    for raw in document.events {
        if !valid_id(&raw.id) {
            problems.push(problem(
                format!(
                    "出来事のid「{}」は英小文字・数字・-・_で書いてください。",
                    raw.id
                ),
                format!("Event id \"{}\": use a-z, 0-9, - and _.", raw.id),
            ));
        }
        if raw.id == DEATH {
            problems.push(problem(
                format!("出来事のid「{DEATH}」はおくやみコーナーのものです（/staff/bereavement で編集します）。"),
                format!("Event id \"{DEATH}\" is the bereavement corner's (edited at /staff/bereavement)."),
            ));
        }
        if !seen.insert(raw.id.clone()) {
            problems.push(problem(
                format!("出来事のid「{}」が重複しています。", raw.id),
                format!("Event id \"{}\" is used twice.", raw.id),
            ));
        }
        if raw.title.ja.trim().is_empty() || raw.lead.ja.trim().is_empty() {
            problems.push(problem(
                format!("出来事「{}」に日本語の title と lead が要ります。", raw.id),
                format!("Event \"{}\" needs a Japanese title and lead.", raw.id),
            ));
        }
        let rules = Rules {
            questions: raw.questions,
            places: document.places.clone(),
            rules: raw.rules,
        };
        for p in rules::check(&rules) {
            problems.push(problem(
                format!("出来事「{}」: {}", raw.id, p.ja),
                format!("Event \"{}\": {}", raw.id, p.en),
            ));
        }
        events.push(Event {
            id: raw.id,
            title: raw.title,
            lead: raw.lead,
            also: raw.also,
            rules,
        });
    }
    if problems.is_empty() {
        Ok(Guide { events })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn guide() -> Guide {
        parse(DEFAULT_EVENTS).unwrap_or_else(|p| panic!("the default guide: {p:?}"))
    }

    /// The rule ids a household with these answers is shown for `event`.
    fn shown(event: &str, pairs: &[(&str, &str)]) -> BTreeSet<String> {
        let guide = guide();
        let event = guide.event(event).unwrap();
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        rules::checklist(&event.rules, &rules::answers_from(&event.rules, &pairs))
            .into_iter()
            .flat_map(|(_, items)| items.into_iter().map(|r| r.id.clone()))
            .collect()
    }

    fn has(list: &BTreeSet<String>, ids: &[&str]) {
        for id in ids {
            assert!(list.contains(*id), "{id} missing from {list:?}");
        }
    }

    fn lacks(list: &BTreeSet<String>, ids: &[&str]) {
        for id in ids {
            assert!(!list.contains(*id), "{id} should not be in {list:?}");
        }
    }

    #[test]
    fn the_default_guide_has_every_event_of_a_life() {
        let guide = guide();
        for id in [
            "tennyu",
            "tenshutsu",
            "tenkyo",
            "shussei",
            "kekkon",
            "rikon",
            "shugaku",
            "65sai",
        ] {
            let event = guide.event(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(!event.rules.rules.is_empty(), "{id} has no rules");
        }
    }

    #[test]
    fn a_family_moving_in_with_a_child_and_a_dog() {
        let list = shown(
            "tennyu",
            &[
                ("from", "other-city"),
                ("insurance", "kokuho"),
                ("children", "yes"),
                ("school_age", "yes"),
                ("dog", "yes"),
                ("care_certified", "no"),
                ("mynumber", "yes"),
            ],
        );
        has(
            &list,
            &[
                "tennyu-todoke",
                "kokuho-kanyu",
                "jidou-teate",
                "tengaku",
                "inu",
                "mynumber-card",
            ],
        );
        lacks(&list, &["kaigo-jusho-iten"]);
    }

    #[test]
    fn a_single_worker_moving_in_from_abroad() {
        let list = shown("tennyu", &[("from", "abroad"), ("insurance", "shaho")]);
        has(&list, &["tennyu-todoke", "suido"]);
        lacks(
            &list,
            &[
                "kokumin-nenkin",
                "kokuho-kanyu",
                "jidou-teate",
                "tengaku",
                "inu",
            ],
        );
        // Self-employed from abroad: health insurance and the pension.
        let list = shown("tennyu", &[("from", "abroad"), ("insurance", "kokuho")]);
        has(&list, &["kokuho-kanyu", "kokumin-nenkin"]);
        // From another city, no pension to join.
        let list = shown("tennyu", &[("from", "other-city"), ("insurance", "kokuho")]);
        lacks(&list, &["kokumin-nenkin"]);
    }

    #[test]
    fn a_move_within_the_city_needs_no_notice_of_moving_out() {
        let list = shown("tenkyo", &[("children", "yes"), ("school_age", "yes")]);
        has(&list, &["tenkyo-todoke"]);
        lacks(&list, &["tenshutsu-todoke", "tennyu-todoke"]);
    }

    #[test]
    fn a_birth_on_national_health_insurance() {
        let list = shown("shussei", &[("insurance", "kokuho")]);
        has(
            &list,
            &[
                "shussei-todoke",
                "jidou-teate",
                "kokuho-kanyu",
                "shussan-ikuji",
                "kodomo-iryo",
            ],
        );
    }

    #[test]
    fn turning_65_on_national_health_insurance() {
        let list = shown("65sai", &[("insurance", "kokuho")]);
        has(&list, &["kaigo-hokensho", "keiro-pass", "kokuho-kaigo"]);
        lacks(&list, &["youkaigo"]);
    }

    #[test]
    fn a_marriage_with_a_new_surname_and_a_move_within_the_city() {
        let list = shown(
            "kekkon",
            &[
                ("surname", "yes"),
                ("move", "within"),
                ("mynumber", "yes"),
                ("seal", "yes"),
            ],
        );
        has(
            &list,
            &[
                "konin-todoke",
                "mynumber-card",
                "tenkyo",
                "inkan",
                "name-elsewhere",
            ],
        );
        lacks(&list, &["tennyu", "passport", "kokuho-kanyu"]);
        // Neither the surname nor the address changes: no card to update.
        let list = shown(
            "kekkon",
            &[("surname", "no"), ("move", "none"), ("mynumber", "yes")],
        );
        lacks(&list, &["mynumber-card", "inkan"]);
    }

    #[test]
    fn a_divorce_by_agreement_raising_a_child() {
        let list = shown(
            "rikon",
            &[("kind", "kyogi"), ("raising", "yes"), ("surname", "yes")],
        );
        has(
            &list,
            &[
                "rikon-todoke",
                "jidou-teate",
                "jidou-fuyou",
                "hitorioya-iryo",
                "ko-no-uji",
            ],
        );
        lacks(&list, &["rikon-todoke-saiban"]);
    }

    #[test]
    fn every_problem_names_its_event_and_the_death_event_is_the_corners() {
        let source = r#"
[[place]]
id = "ward"
name = { ja = "区役所" }

[[event]]
id = "shibou"
title = { ja = "死亡" }
lead = { ja = "…" }

[[event.rule]]
id = "a"
title = { ja = "手続A" }
place = "ward"

[[event]]
id = "kekkon"
title = { ja = "結婚" }
lead = { ja = "" }

[[event.rule]]
id = "b"
title = { ja = "手続B" }
place = "nowhere"
when = { married = true }
"#;
        let problems = parse(source).unwrap_err();
        let text: Vec<&str> = problems.iter().map(|p| p.ja.as_str()).collect();
        for expected in [
            "出来事のid「shibou」はおくやみコーナーのものです（/staff/bereavement で編集します）。",
            "出来事「kekkon」に日本語の title と lead が要ります。",
            "出来事「kekkon」: 手続「b」の場所「nowhere」が [[place]] にありません。",
            "出来事「kekkon」: 手続「b」の条件が、ない質問「married」を使っています。",
        ] {
            assert!(text.contains(&expected), "{expected} in {text:?}");
        }
    }
}
