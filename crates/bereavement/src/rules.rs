//! The bereavement corner's rules (おくやみコーナー), kept as data the DX
//! office edits: the questions asked about the deceased, and for each
//! procedure the family may need, when it applies, where it is done, what
//! to bring and by when. Pure: parsing, checking and evaluating, no I/O.
//!
//! A rule applies when every condition of its `when` holds and, if it has
//! `when_any`, at least one of those tables holds entirely. A condition
//! names a question and says, by its shape:
//!
//! - a list of option values: the answer (one choice, or any of several)
//!   is among them;
//! - `true` / `false`: the yes-or-no answer is that;
//! - `{ min = 65 }`, `{ max = 39 }`, both: the number lies in the range
//!   (inclusive).
//!
//! An unanswered question holds no condition, so a family that does not
//! know is shown only what applies to everyone.

use std::collections::{BTreeMap, BTreeSet};

use kernel::i18n::Localized;
use serde::{Deserialize, Serialize};

/// The rules a city starts from (Nagoya's ward offices); the DX office
/// saves its own versions over it.
pub const DEFAULT_RULES: &str = include_str!("../rules/nagoya.toml");

/// Longest rules document accepted.
pub const MAX_SOURCE_BYTES: usize = 256 * 1024;
/// Most questions and rules a document may hold.
pub const MAX_QUESTIONS: usize = 60;
pub const MAX_RULES: usize = 300;
/// Largest number a number question takes.
pub const MAX_NUMBER: i64 = 150;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(rename = "question", default)]
    pub questions: Vec<Question>,
    /// Places, by id, as residents read them.
    #[serde(rename = "place", default)]
    pub places: Vec<Place>,
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub label: Localized,
    #[serde(default)]
    pub help: Option<Localized>,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A whole number (an age, a count).
    Number,
    /// One of the options.
    Choice,
    /// Any of the options.
    Choices,
    YesNo,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    pub value: String,
    pub label: Localized,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: String,
    pub name: Localized,
    /// Where it is, or how to reach it (a ward office's floor, a phone line).
    #[serde(default)]
    pub detail: Option<Localized>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: Localized,
    /// The place's id.
    pub place: String,
    /// The catalog's procedure, when there is one: its page, and its form.
    #[serde(default)]
    pub procedure: Option<String>,
    #[serde(default)]
    pub bring: Vec<Localized>,
    #[serde(default)]
    pub deadline: Option<Localized>,
    #[serde(default)]
    pub note: Option<Localized>,
    #[serde(default)]
    pub when: BTreeMap<String, Condition>,
    #[serde(default)]
    pub when_any: Vec<BTreeMap<String, Condition>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Condition {
    Is(bool),
    OneOf(Vec<String>),
    Range {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
}

/// What the family answered, by question id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(pub BTreeMap<String, Answer>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Number(i64),
    Chosen(BTreeSet<String>),
    Yes(bool),
}

pub use kernel::documents::Problem;
use kernel::documents::{problem, valid_id};

/// Reads and checks a rules document; every problem at once.
pub fn parse(source: &str) -> Result<Rules, Vec<Problem>> {
    let rules: Rules = kernel::documents::read_toml(source, MAX_SOURCE_BYTES)?;
    let problems = check(&rules);
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

/// Every problem of a parsed document: ids unique, conditions naming real
/// questions in the shape their kind takes, places that exist.
pub fn check(rules: &Rules) -> Vec<Problem> {
    let mut problems = Vec::new();
    if rules.questions.len() > MAX_QUESTIONS {
        problems.push(problem(
            format!("質問は{MAX_QUESTIONS}個までです。"),
            format!("At most {MAX_QUESTIONS} questions."),
        ));
    }
    if rules.rules.len() > MAX_RULES {
        problems.push(problem(
            format!("手続のルールは{MAX_RULES}個までです。"),
            format!("At most {MAX_RULES} rules."),
        ));
    }
    if rules.rules.is_empty() {
        problems.push(problem(
            "手続のルール（[[rule]]）が一つもありません。",
            "There is no rule ([[rule]]).",
        ));
    }
    let mut seen = BTreeSet::new();
    for q in &rules.questions {
        if !valid_id(&q.id) {
            problems.push(problem(
                format!(
                    "質問のid「{}」は英小文字・数字・-・_で書いてください。",
                    q.id
                ),
                format!("Question id \"{}\": use a-z, 0-9, - and _.", q.id),
            ));
        }
        if !seen.insert(q.id.as_str()) {
            problems.push(problem(
                format!("質問のid「{}」が重複しています。", q.id),
                format!("Question id \"{}\" is used twice.", q.id),
            ));
        }
        if q.label.ja.trim().is_empty() {
            problems.push(problem(
                format!("質問「{}」に日本語の label がありません。", q.id),
                format!("Question \"{}\" has no Japanese label.", q.id),
            ));
        }
        let needs_options = matches!(q.kind, QuestionKind::Choice | QuestionKind::Choices);
        if needs_options && q.options.is_empty() {
            problems.push(problem(
                format!("質問「{}」に選択肢（options）がありません。", q.id),
                format!("Question \"{}\" has no options.", q.id),
            ));
        }
        if !needs_options && !q.options.is_empty() {
            problems.push(problem(
                format!(
                    "質問「{}」は選択式ではないので options は使えません。",
                    q.id
                ),
                format!(
                    "Question \"{}\" is not a choice: it takes no options.",
                    q.id
                ),
            ));
        }
        let mut values = BTreeSet::new();
        for option in &q.options {
            if !values.insert(option.value.as_str()) {
                problems.push(problem(
                    format!(
                        "質問「{}」の選択肢「{}」が重複しています。",
                        q.id, option.value
                    ),
                    format!(
                        "Question \"{}\": option \"{}\" is used twice.",
                        q.id, option.value
                    ),
                ));
            }
        }
    }
    let places: BTreeSet<&str> = rules.places.iter().map(|p| p.id.as_str()).collect();
    let mut rule_ids = BTreeSet::new();
    for rule in &rules.rules {
        if !valid_id(&rule.id) {
            problems.push(problem(
                format!(
                    "手続のid「{}」は英小文字・数字・-・_で書いてください。",
                    rule.id
                ),
                format!("Rule id \"{}\": use a-z, 0-9, - and _.", rule.id),
            ));
        }
        if !rule_ids.insert(rule.id.as_str()) {
            problems.push(problem(
                format!("手続のid「{}」が重複しています。", rule.id),
                format!("Rule id \"{}\" is used twice.", rule.id),
            ));
        }
        if rule.title.ja.trim().is_empty() {
            problems.push(problem(
                format!("手続「{}」に日本語の title がありません。", rule.id),
                format!("Rule \"{}\" has no Japanese title.", rule.id),
            ));
        }
        if !places.contains(rule.place.as_str()) {
            problems.push(problem(
                format!(
                    "手続「{}」の場所「{}」が [[place]] にありません。",
                    rule.id, rule.place
                ),
                format!(
                    "Rule \"{}\": place \"{}\" is not among the places.",
                    rule.id, rule.place
                ),
            ));
        }
        for table in std::iter::once(&rule.when).chain(&rule.when_any) {
            for (question, condition) in table {
                check_condition(rules, &rule.id, question, condition, &mut problems);
            }
        }
    }
    problems
}

fn check_condition(
    rules: &Rules,
    rule: &str,
    question: &str,
    condition: &Condition,
    problems: &mut Vec<Problem>,
) {
    let Some(q) = rules.questions.iter().find(|q| q.id == question) else {
        problems.push(problem(
            format!("手続「{rule}」の条件が、ない質問「{question}」を使っています。"),
            format!("Rule \"{rule}\" has a condition on \"{question}\", which is no question."),
        ));
        return;
    };
    let fits = match (q.kind, condition) {
        (QuestionKind::YesNo, Condition::Is(_)) => true,
        (QuestionKind::Number, Condition::Range { min, max }) => min.is_some() || max.is_some(),
        (QuestionKind::Choice | QuestionKind::Choices, Condition::OneOf(values)) => {
            for value in values {
                if !q.options.iter().any(|o| &o.value == value) {
                    problems.push(problem(
                        format!("手続「{rule}」の条件の「{value}」は、質問「{question}」の選択肢にありません。"),
                        format!("Rule \"{rule}\": \"{value}\" is not an option of \"{question}\"."),
                    ));
                }
            }
            !values.is_empty()
        }
        _ => false,
    };
    if !fits {
        let shape = match q.kind {
            QuestionKind::YesNo => ("true か false", "true or false"),
            QuestionKind::Number => ("{ min = … } や { max = … }", "{ min = … } or { max = … }"),
            QuestionKind::Choice | QuestionKind::Choices => (
                "選択肢の値のリスト（[\"…\"]）",
                "a list of option values ([\"…\"])",
            ),
        };
        problems.push(problem(
            format!(
                "手続「{rule}」の質問「{question}」の条件は {} で書いてください。",
                shape.0
            ),
            format!(
                "Rule \"{rule}\": write the condition on \"{question}\" as {}.",
                shape.1
            ),
        ));
    }
}

fn holds(condition: &Condition, answer: Option<&Answer>) -> bool {
    match (condition, answer) {
        (Condition::Is(wanted), Some(Answer::Yes(given))) => wanted == given,
        (Condition::OneOf(values), Some(Answer::Chosen(chosen))) => {
            values.iter().any(|v| chosen.contains(v))
        }
        (Condition::Range { min, max }, Some(Answer::Number(n))) => {
            min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m)
        }
        _ => false,
    }
}

fn table_holds(table: &BTreeMap<String, Condition>, answers: &Answers) -> bool {
    table
        .iter()
        .all(|(question, condition)| holds(condition, answers.0.get(question)))
}

impl Rule {
    pub fn applies(&self, answers: &Answers) -> bool {
        table_holds(&self.when, answers)
            && (self.when_any.is_empty() || self.when_any.iter().any(|t| table_holds(t, answers)))
    }
}

/// The family's list: the rules that apply, grouped by place in the order
/// the places are written, each group in the rules' order.
pub fn checklist<'r>(rules: &'r Rules, answers: &Answers) -> Vec<(&'r Place, Vec<&'r Rule>)> {
    rules
        .places
        .iter()
        .map(|place| {
            let items: Vec<&Rule> = rules
                .rules
                .iter()
                .filter(|r| r.place == place.id && r.applies(answers))
                .collect();
            (place, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// The answers in posted (or query) pairs, read against the questions:
/// numbers in range, options that exist; anything else is left unanswered.
pub fn answers_from(rules: &Rules, pairs: &[(String, String)]) -> Answers {
    let mut answers = BTreeMap::new();
    for q in &rules.questions {
        let given = pairs
            .iter()
            .filter(|(k, _)| k == &q.id)
            .map(|(_, v)| v.trim());
        let answer = match q.kind {
            QuestionKind::Number => given
                .filter_map(|v| kernel::text::nfkc(v).parse::<i64>().ok())
                .find(|n| (0..=MAX_NUMBER).contains(n))
                .map(Answer::Number),
            QuestionKind::YesNo => given
                .filter_map(|v| match v {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                })
                .next()
                .map(Answer::Yes),
            QuestionKind::Choice | QuestionKind::Choices => {
                let chosen: BTreeSet<String> = given
                    .filter(|v| q.options.iter().any(|o| o.value == *v))
                    .take(if q.kind == QuestionKind::Choice {
                        1
                    } else {
                        q.options.len()
                    })
                    .map(str::to_string)
                    .collect();
                (!chosen.is_empty()).then_some(Answer::Chosen(chosen))
            }
        };
        if let Some(answer) = answer {
            answers.insert(q.id.clone(), answer);
        }
    }
    Answers(answers)
}

/// The answers as query pairs again (for the printable list's address and
/// the counter's copy of it).
pub fn to_pairs(answers: &Answers) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (id, answer) in &answers.0 {
        match answer {
            Answer::Number(n) => pairs.push((id.clone(), n.to_string())),
            Answer::Yes(yes) => pairs.push((id.clone(), if *yes { "yes" } else { "no" }.into())),
            Answer::Chosen(values) => {
                pairs.extend(values.iter().map(|v| (id.clone(), v.clone())));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        parse(DEFAULT_RULES).unwrap_or_else(|p| panic!("the default rules: {p:?}"))
    }

    fn family(pairs: &[(&str, &str)]) -> BTreeSet<String> {
        let rules = rules();
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        checklist(&rules, &answers_from(&rules, &pairs))
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
    fn the_default_rules_are_valid() {
        let rules = rules();
        assert!(rules.questions.len() >= 10);
        assert!(rules.rules.len() >= 20);
    }

    #[test]
    fn an_elderly_parent_living_alone_with_a_house() {
        // 82, 後期高齢者医療, 国民年金, care certified, house and land, 敬老パス.
        let list = family(&[
            ("age", "82"),
            ("insurance", "kouki"),
            ("pension", "kokumin"),
            ("care_certified", "yes"),
            ("property", "yes"),
            ("keiro_pass", "yes"),
            ("head", "yes"),
            ("remaining", "0"),
            ("seal", "yes"),
        ]);
        has(
            &list,
            &[
                "shibou-todoke",
                "kouki-soshitsu",
                "kouki-sosaihi",
                "kaigo-soshitsu",
                "nenkin-kokumin",
                "kotei-shisan",
                "keiro-pass",
                "inkan-toroku",
            ],
        );
        lacks(
            &list,
            &[
                "kokuho-soshitsu",
                "kokuho-sosaihi",
                "setainushi-henko",
                "nenkin-kosei",
            ],
        );
    }

    #[test]
    fn a_working_father_with_young_children() {
        // 45, employer's insurance, 厚生年金, the child allowance's recipient,
        // head of a household of three who remain.
        let list = family(&[
            ("age", "45"),
            ("insurance", "shaho"),
            ("pension", "kosei"),
            ("child_allowance", "yes"),
            ("head", "yes"),
            ("remaining", "3"),
            ("vehicle", "kei"),
        ]);
        has(
            &list,
            &[
                "shibou-todoke",
                "setainushi-henko",
                "jidou-teate-shometsu",
                "nenkin-kosei",
                "shaho-maisouryo",
                "keijidosha",
            ],
        );
        lacks(
            &list,
            &[
                "kouki-soshitsu",
                "kaigo-soshitsu",
                "kokuho-soshitsu",
                "keiro-pass",
                "nenkin-kokumin",
            ],
        );
    }

    #[test]
    fn a_self_employed_person_on_national_health_insurance() {
        let list = family(&[
            ("age", "58"),
            ("insurance", "kokuho"),
            ("pension", "none"),
            ("head", "yes"),
            ("remaining", "1"),
            ("vehicle", "gentsuki"),
            ("dog", "yes"),
            ("income", "yes"),
        ]);
        has(
            &list,
            &[
                "kokuho-soshitsu",
                "kokuho-sosaihi",
                "gentsuki",
                "inu-shoyusha",
                "junkakutei",
            ],
        );
        // One remaining member becomes head by law: no notice needed.
        lacks(
            &list,
            &["setainushi-henko", "kouki-soshitsu", "nenkin-kosei"],
        );
    }

    #[test]
    fn a_person_with_disability_certificates_aged_between_40_and_64_with_care() {
        let list = family(&[
            ("age", "52"),
            ("insurance", "kokuho"),
            ("care_certified", "yes"),
            ("certificates", "shintai"),
            ("certificates", "seishin"),
        ]);
        has(
            &list,
            &[
                "techo-shintai",
                "techo-seishin",
                "kaigo-soshitsu",
                "kokuho-soshitsu",
            ],
        );
        lacks(&list, &["techo-ryoiku"]);
    }

    #[test]
    fn a_child() {
        // A child of 6 on a parent's employer insurance: no pension, no
        // care insurance, nothing of a head of household.
        let list = family(&[
            ("age", "6"),
            ("insurance", "shaho"),
            ("certificates", "ryoiku"),
        ]);
        has(&list, &["shibou-todoke", "techo-ryoiku", "shaho-maisouryo"]);
        lacks(
            &list,
            &[
                "kaigo-soshitsu",
                "nenkin-kokumin",
                "nenkin-kosei",
                "setainushi-henko",
                "keiro-pass",
                "junkakutei",
            ],
        );
    }

    #[test]
    fn a_family_that_does_not_know_yet_sees_what_applies_to_everyone() {
        let list = family(&[]);
        has(&list, &["shibou-todoke"]);
        lacks(
            &list,
            &[
                "kokuho-soshitsu",
                "kouki-soshitsu",
                "kaigo-soshitsu",
                "setainushi-henko",
            ],
        );
    }

    #[test]
    fn a_person_of_65_to_74_on_national_health_insurance_returns_the_care_insurance_card() {
        // Everyone from 65 holds a care insurance card, certified or not.
        let list = family(&[("age", "68"), ("insurance", "kokuho"), ("pension", "kosei")]);
        has(
            &list,
            &["kaigo-soshitsu", "kokuho-soshitsu", "nenkin-kosei"],
        );
        lacks(&list, &["kouki-soshitsu"]);
    }

    #[test]
    fn answers_outside_the_questions_are_not_taken() {
        let rules = rules();
        let pairs = [
            ("age", "999"),
            ("insurance", "bogus"),
            ("head", "maybe"),
            ("pension", "kokumin"),
            ("pension", "kosei"),
            ("insurance", "kokuho"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        let answers = answers_from(&rules, &pairs);
        assert!(!answers.0.contains_key("age"));
        assert!(!answers.0.contains_key("head"));
        assert_eq!(
            answers.0.get("insurance"),
            Some(&Answer::Chosen(["kokuho".to_string()].into()))
        );
        assert_eq!(
            answers.0.get("pension"),
            Some(&Answer::Chosen(
                ["kokumin".to_string(), "kosei".to_string()].into()
            ))
        );
        // And back to pairs, and read again, the same.
        assert_eq!(answers_from(&rules, &to_pairs(&answers)), answers);
    }

    #[test]
    fn every_problem_of_a_document_is_listed_in_japanese() {
        let source = r#"
[[question]]
id = "age"
kind = "number"
label = { ja = "年齢" }

[[question]]
id = "age"
kind = "choice"
label = { ja = "" }

[[place]]
id = "ward"
name = { ja = "区役所" }

[[rule]]
id = "a"
title = { ja = "手続A" }
place = "nowhere"
when = { age = true, unknown = ["x"] }
"#;
        let problems = parse(source).unwrap_err();
        let text: Vec<&str> = problems.iter().map(|p| p.ja.as_str()).collect();
        for expected in [
            "質問のid「age」が重複しています。",
            "質問「age」に日本語の label がありません。",
            "質問「age」に選択肢（options）がありません。",
            "手続「a」の場所「nowhere」が [[place]] にありません。",
            "手続「a」の条件が、ない質問「unknown」を使っています。",
        ] {
            assert!(text.contains(&expected), "{expected} in {text:?}");
        }
        let broken = parse("[[rule]]\nid = \n").unwrap_err();
        assert!(broken[0].ja.contains("2行目"), "{broken:?}");
    }
}
