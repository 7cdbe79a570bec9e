//! `madoguchi bench relevance`: resident queries with the procedures they
//! mean (`relevance.toml`), searched in the demo catalog; top-1 and top-3 per
//! kind of query, beside a plain substring search over names and readings
//! (what the catalog did before it had search words, parts and romaji),
//! measured in the same run.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use catalog::search::{SearchIndex, SearchQuery};
use serde::Deserialize;

const QUERIES: &str = include_str!("relevance.toml");

/// The share of queries whose procedure is among the first three.
const TARGET_TOP3: f64 = 0.95;

#[derive(Deserialize)]
struct File {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    q: String,
    kind: String,
    want: Vec<String>,
}

#[derive(Default)]
struct Tally {
    queries: usize,
    top1: usize,
    top3: usize,
    floor_top3: usize,
}

/// Ids of the first `n` procedures a plain substring search finds: every
/// word inside the name or the reading, busiest first.
fn substring_floor(procedures: &[(String, String, String, i64)], q: &str, n: usize) -> Vec<String> {
    let terms = kernel::text::query_terms(q);
    let mut hits: Vec<&(String, String, String, i64)> = procedures
        .iter()
        .filter(|(_, name, kana, _)| {
            !terms.is_empty()
                && terms
                    .iter()
                    .all(|t| name.contains(t.as_str()) || kana.contains(t.as_str()))
        })
        .collect();
    hits.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
    hits.into_iter().take(n).map(|p| p.0.clone()).collect()
}

/// The queries alone, for timing.
pub fn queries() -> anyhow::Result<Vec<String>> {
    let file: File = toml::from_str(QUERIES).context("relevance.toml")?;
    Ok(file.query.into_iter().map(|q| q.q).collect())
}

pub fn run(verbose: bool) -> anyhow::Result<()> {
    let file: File = toml::from_str(QUERIES).context("relevance.toml")?;
    let (org, procedures) = demo::city()?;
    let by_name: HashMap<&str, &str> = procedures
        .iter()
        .map(|p| (p.name.as_str(), p.id.as_str()))
        .collect();
    let plain: Vec<(String, String, String, i64)> = procedures
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                kernel::text::fold(&p.name),
                kernel::text::fold(&p.kana),
                p.annual_count.unwrap_or(-1),
            )
        })
        .collect();
    let index = SearchIndex::build_named(
        procedures.clone(),
        org,
        0,
        Default::default(),
        demo::names()?,
        catalog::words::Words::default_words(),
    );
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut misses = Vec::new();
    for query in &file.query {
        let wanted: Vec<&str> = query
            .want
            .iter()
            .map(|name| {
                by_name
                    .get(name.as_str())
                    .copied()
                    .with_context(|| format!("relevance.toml: {name:?} is not in the demo catalog"))
            })
            .collect::<anyhow::Result<_>>()?;
        let results = index.search(&SearchQuery {
            q: query.q.clone(),
            page: 1,
            per_page: 3,
            ..Default::default()
        });
        let ids: Vec<&str> = results.items.iter().map(|s| s.id.as_str()).collect();
        let top1 = ids.first().is_some_and(|id| wanted.contains(id));
        let top3 = ids.iter().any(|id| wanted.contains(id));
        let floor = substring_floor(&plain, &query.q, 3)
            .iter()
            .any(|id| wanted.contains(&id.as_str()));
        for tally in [kinds.entry(query.kind.clone()).or_default(), &mut all] {
            tally.queries += 1;
            tally.top1 += usize::from(top1);
            tally.top3 += usize::from(top3);
            tally.floor_top3 += usize::from(floor);
        }
        if !top3 || verbose {
            let names: Vec<&str> = results.items.iter().map(|s| s.name.as_str()).collect();
            misses.push(format!(
                "  {} [{}] {:?} → {:?}{}",
                if top3 { "ok  " } else { "MISS" },
                query.kind,
                query.q,
                names,
                results
                    .did_you_mean
                    .as_deref()
                    .map(|d| format!(" (did you mean {d:?})"))
                    .unwrap_or_default()
            ));
        }
    }
    let share = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    println!(
        "bench relevance: {} resident queries over {} procedures, {} search-word entries",
        all.queries,
        index.len(),
        index.words().len()
    );
    println!(
        "  {:<10} {:>7} {:>8} {:>8} {:>16}",
        "kind", "queries", "top-1", "top-3", "floor top-3"
    );
    for (kind, t) in kinds.iter().chain([(&"all".to_string(), &all)]) {
        println!(
            "  {:<10} {:>7} {:>7.1}% {:>7.1}% {:>15.1}%",
            kind,
            t.queries,
            share(t.top1, t.queries),
            share(t.top3, t.queries),
            share(t.floor_top3, t.queries)
        );
    }
    println!("  floor: a substring search over names and readings, busiest first");
    for line in &misses {
        println!("{line}");
    }
    let top3 = all.top3 as f64 / all.queries.max(1) as f64;
    let pass = top3 >= TARGET_TOP3 && all.top3 > all.floor_top3;
    println!(
        "  result: {} (top-3 {:.1} %, target ≥ {:.0} % and above the floor)",
        if pass { "PASS" } else { "FAIL" },
        top3 * 100.0,
        TARGET_TOP3 * 100.0
    );
    if !pass {
        anyhow::bail!("relevance below target");
    }
    Ok(())
}
