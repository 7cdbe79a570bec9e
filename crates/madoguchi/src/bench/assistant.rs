//! `madoguchi bench assistant`: resident questions with what a right answer
//! cites (`assistant.toml`), asked of the assistant over the demo catalog
//! and the platform's FAQ: right answers per kind, the abstention rate, and
//! out-of-scope questions answered (which must be none). Beside it, in the
//! same run, the floor: the first search result for the question as typed,
//! never abstaining (what a plain search box would "answer").

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use catalog::search::{SearchIndex, SearchQuery};
use guide::assistant::{self, Faq, Source};
use kernel::i18n::Lang;
use serde::Deserialize;

const QUESTIONS: &str = include_str!("assistant.toml");

/// The share of questions answered right.
const TARGET_RIGHT: f64 = 0.90;

#[derive(Deserialize)]
struct File {
    question: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    q: String,
    kind: String,
    #[serde(default)]
    want: Vec<String>,
    #[serde(default)]
    faq: Option<String>,
    #[serde(default)]
    abstain: bool,
    /// What the question is about, for a file without expected answers
    /// (printed, not scored).
    #[serde(default)]
    topic: Option<String>,
}

#[derive(Default)]
struct Tally {
    questions: usize,
    right: usize,
    abstained: usize,
    floor_right: usize,
}

pub fn run(verbose: bool, questions: Option<&std::path::Path>) -> anyhow::Result<()> {
    let text = match questions {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
        None => QUESTIONS.to_string(),
    };
    let file: File = toml::from_str(&text).context("the questions")?;
    let (org, procedures) = demo::city()?;
    let by_name: HashMap<&str, &str> = procedures
        .iter()
        .map(|p| (p.name.as_str(), p.id.as_str()))
        .collect();
    let index = SearchIndex::build_named(
        procedures.clone(),
        org,
        0,
        Default::default(),
        demo::names()?,
        catalog::words::Words::default_words(),
    );
    let faq = Faq::parse(assistant::DEFAULT_FAQ)
        .map_err(|p| anyhow::anyhow!("the platform's FAQ does not read: {p:?}"))?;
    let unknown = faq.unknown_procedures(&index);
    anyhow::ensure!(
        unknown.is_empty(),
        "the FAQ cites procedures the demo catalog lacks: {unknown:?}"
    );
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut out_of_scope_answered = 0usize;
    let mut lines = Vec::new();
    for question in &file.question {
        let wanted: Vec<&str> = question
            .want
            .iter()
            .map(|name| {
                by_name
                    .get(name.as_str())
                    .copied()
                    .with_context(|| format!("assistant.toml: {name:?} is not in the demo catalog"))
            })
            .collect::<anyhow::Result<_>>()?;
        if let Some(id) = &question.faq {
            anyhow::ensure!(
                faq.entries.iter().any(|e| &e.id == id),
                "assistant.toml: {id:?} is no FAQ entry"
            );
        }
        let lang = if question.kind == "english" {
            Lang::En
        } else {
            Lang::Ja
        };
        let reply = assistant::reply(&index, &faq, &question.q, lang);
        if question.want.is_empty() && question.faq.is_none() && !question.abstain {
            let said = match &reply.source {
                Source::Faq(id) => format!("faq {id}"),
                Source::Catalog(words) => format!("catalog {words:?}"),
                Source::None => "abstained".to_string(),
            };
            let names: Vec<&str> = reply.citations.iter().map(|c| c.name.as_str()).collect();
            println!(
                "  [{}] {:?} ({}) → {said} {names:?}",
                question.kind,
                question.q,
                question.topic.as_deref().unwrap_or("")
            );
            continue;
        }
        let first = reply.citations.first().map(|c| c.procedure_id.as_str());
        let right = if question.abstain {
            reply.abstained
        } else if let Some(id) = &question.faq {
            // The entry, or the procedure page the entry rests on.
            let entry_cites = faq
                .entries
                .iter()
                .find(|e| &e.id == id)
                .and_then(|e| e.procedures.first());
            reply.source == Source::Faq(id.clone())
                || (first.is_some() && first == entry_cites.map(String::as_str))
        } else {
            first.is_some_and(|f| wanted.contains(&f))
        };
        if question.abstain && !reply.abstained {
            out_of_scope_answered += 1;
        }
        // The floor: the first search result, whatever it is.
        let floor_first = index
            .search(&SearchQuery {
                q: question.q.clone(),
                page: 1,
                per_page: 1,
                ..Default::default()
            })
            .items
            .first()
            .map(|s| s.id.clone());
        let floor_right = if question.abstain {
            floor_first.is_none()
        } else if question.faq.is_some() {
            false
        } else {
            floor_first.is_some_and(|f| wanted.contains(&f.as_str()))
        };
        for tally in [kinds.entry(question.kind.clone()).or_default(), &mut all] {
            tally.questions += 1;
            tally.right += usize::from(right);
            tally.abstained += usize::from(reply.abstained);
            tally.floor_right += usize::from(floor_right);
        }
        if !right || verbose {
            let said = match &reply.source {
                Source::Faq(id) => format!("faq {id}"),
                Source::Catalog(words) => format!(
                    "catalog {words:?} → {:?}",
                    reply
                        .citations
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                ),
                Source::None => "abstained".to_string(),
            };
            lines.push(format!(
                "  {} [{}] {:?} → {said}",
                if right { "ok   " } else { "WRONG" },
                question.kind,
                question.q
            ));
        }
    }
    let share = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    println!(
        "bench assistant: {} questions over {} procedures and {} FAQ entries",
        all.questions,
        index.len(),
        faq.entries.len()
    );
    println!(
        "  {:<10} {:>9} {:>8} {:>10} {:>12}",
        "kind", "questions", "right", "abstained", "floor right"
    );
    for (kind, t) in kinds.iter().chain([(&"all".to_string(), &all)]) {
        println!(
            "  {:<10} {:>9} {:>7.1}% {:>9.1}% {:>11.1}%",
            kind,
            t.questions,
            share(t.right, t.questions),
            share(t.abstained, t.questions),
            share(t.floor_right, t.questions)
        );
    }
    println!("  floor: the first search result for the question as typed, never abstaining");
    for line in &lines {
        println!("{line}");
    }
    if all.questions == 0 {
        println!("  result: no scored question (want, faq or abstain) in the file");
        return Ok(());
    }
    let right = all.right as f64 / all.questions.max(1) as f64;
    let pass = right >= TARGET_RIGHT && out_of_scope_answered == 0 && all.right > all.floor_right;
    println!(
        "  result: {} (right {:.1} %, target ≥ {:.0} %; out-of-scope answered: {}, target 0; above the floor)",
        if pass { "PASS" } else { "FAIL" },
        right * 100.0,
        TARGET_RIGHT * 100.0,
        out_of_scope_answered
    );
    if !pass {
        anyhow::bail!("assistant below target");
    }
    Ok(())
}
