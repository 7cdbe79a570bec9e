//! Catalog search, in memory: every procedure's name, reading, tags and
//! other words are folded once (NFKC, katakana → hiragana, no spaces), and a
//! query's words must each occur in them. Matches in the name rank above the
//! reading, the reading above tags, tags above the rest; busier procedures
//! first among equals. Thousands of procedures take well under a
//! millisecond, so no external search engine is needed.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::model::{Category, OnlineStatus, Procedure};
use crate::store::Organisation;

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

struct Entry {
    summary: ProcedureSummary,
    name: String,
    kana: String,
    tags: String,
    other: String,
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

pub struct SearchResults<'a> {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub items: Vec<&'a ProcedureSummary>,
}

impl SearchResults<'_> {
    pub fn page_count(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// The searchable catalog at one revision.
pub struct SearchIndex {
    entries: Vec<Entry>,
    pub organisation: Organisation,
    pub revision: i64,
    /// Procedure names in further languages, by procedure id.
    pub names: crate::translations::Names,
    /// The registry at this revision, whole (the progress figures read it
    /// on every view; loading it from the database each time cost ~80 ms
    /// for 5,000 procedures).
    pub procedures: std::sync::Arc<Vec<Procedure>>,
    /// The procedures with a published madoguchi form at this revision.
    pub forms: HashSet<String>,
}

fn score_term(entry: &Entry, term: &str) -> u32 {
    if entry.name == term {
        100
    } else if entry.name.starts_with(term) {
        60
    } else if entry.name.contains(term) {
        40
    } else if entry.kana.starts_with(term) {
        35
    } else if entry.kana.contains(term) {
        30
    } else if entry.tags.contains(term) {
        20
    } else if entry.other.contains(term) {
        10
    } else {
        0
    }
}

impl SearchIndex {
    /// The index of a registry none of whose procedures has a form.
    pub fn build(procedures: &[Procedure], organisation: Organisation, revision: i64) -> Self {
        Self::build_with_forms(procedures, organisation, revision, HashSet::new())
    }

    /// The index, with the procedures that have a published form.
    pub fn build_with_forms(
        procedures: &[Procedure],
        organisation: Organisation,
        revision: i64,
        forms: HashSet<String>,
    ) -> Self {
        let entries = procedures
            .iter()
            .map(|p| {
                let summary = ProcedureSummary::of(p, &organisation, forms.contains(&p.id));
                let other = [
                    p.name_en.as_str(),
                    p.legal_basis.as_str(),
                    summary.bureau_name.as_str(),
                    summary.section_name.as_deref().unwrap_or_default(),
                    p.category.label_ja(),
                    &p.life_events.join(" "),
                    &p.documents.join(" "),
                ]
                .iter()
                .map(|s| kernel::text::fold(s))
                .collect::<Vec<_>>()
                .join("\u{1F}");
                Entry {
                    name: kernel::text::fold(&p.name),
                    kana: kernel::text::fold(&p.kana),
                    tags: p
                        .tags
                        .iter()
                        .map(|t| kernel::text::fold(t))
                        .collect::<Vec<_>>()
                        .join("\u{1F}"),
                    other,
                    summary,
                }
            })
            .collect();
        SearchIndex {
            entries,
            organisation,
            revision,
            names: Default::default(),
            procedures: Default::default(),
            forms,
        }
    }

    /// What residents see of procedure `p` of this registry.
    pub fn resolve(&self, p: &Procedure) -> crate::way::Resolution {
        crate::way::resolve(&p.id, &p.apply, &p.online, self.forms.contains(&p.id))
    }

    /// The procedures the registry calls online that residents cannot
    /// apply for online (the DX office's gap list), busiest first.
    pub fn gaps(&self) -> Vec<&Procedure> {
        let mut gaps: Vec<&Procedure> = self
            .procedures
            .iter()
            .filter(|p| self.resolve(p).gap)
            .collect();
        gaps.sort_by(|a, b| {
            b.annual_count
                .unwrap_or(-1)
                .cmp(&a.annual_count.unwrap_or(-1))
                .then_with(|| a.id.cmp(&b.id))
        });
        gaps
    }

    /// Keeps the registry the index was built from.
    pub fn with_procedures(mut self, procedures: Vec<Procedure>) -> Self {
        self.procedures = std::sync::Arc::new(procedures);
        self
    }

    /// Adds translated names: shown on pages and found by search (a
    /// Korean resident can type the Korean name).
    pub fn with_names(mut self, names: crate::translations::Names) -> Self {
        for entry in &mut self.entries {
            if let Some(translated) = names.get(&entry.summary.id) {
                for name in translated.values() {
                    entry.other.push('\u{1F}');
                    entry.other.push_str(&kernel::text::fold(name));
                }
                entry.summary.names = translated.clone();
            }
        }
        self.names = names;
        self
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn search(&self, query: &SearchQuery) -> SearchResults<'_> {
        let terms = kernel::text::query_terms(&query.q);
        let tag = query.tag.as_deref().map(kernel::text::fold);
        let life_event = query.life_event.as_deref().map(kernel::text::fold);
        let mut hits: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|e| query.category.is_none_or(|c| e.summary.category == c))
            .filter(|e| {
                query
                    .bureau
                    .as_deref()
                    .is_none_or(|b| e.summary.bureau_id == b)
            })
            .filter(|e| !query.online_only || e.summary.online_status == "online")
            .filter(|e| {
                tag.as_deref()
                    .is_none_or(|t| e.summary.tags.iter().any(|x| kernel::text::fold(x) == t))
            })
            .filter(|e| {
                life_event.as_deref().is_none_or(|l| {
                    e.summary
                        .life_events
                        .iter()
                        .any(|x| kernel::text::fold(x) == l)
                })
            })
            .filter_map(|e| {
                let mut total = 0;
                for term in &terms {
                    match score_term(e, term) {
                        0 => return None,
                        score => total += score,
                    }
                }
                Some((total, e))
            })
            .collect();
        hits.sort_by(|(score_a, a), (score_b, b)| {
            score_b
                .cmp(score_a)
                .then(
                    b.summary
                        .annual_count
                        .unwrap_or(-1)
                        .cmp(&a.summary.annual_count.unwrap_or(-1)),
                )
                .then_with(|| a.summary.id.cmp(&b.summary.id))
        });
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        let items = hits
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|(_, e)| &e.summary)
            .collect();
        SearchResults {
            total: hits.len(),
            page,
            per_page,
            items,
        }
    }

    pub fn get(&self, id: &str) -> Option<&ProcedureSummary> {
        self.entries.iter().map(|e| &e.summary).find(|s| s.id == id)
    }

    /// Tags with the number of procedures carrying each, most used first.
    pub fn tags(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for entry in &self.entries {
            for tag in &entry.summary.tags {
                *counts.entry(tag.as_str()).or_default() += 1;
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
            .filter(|e| e.name.contains(folded_term))
            .count()
    }
}
