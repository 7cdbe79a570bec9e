//! Public pages of the catalog: the search page (also the home page) and a
//! page per procedure. Server-rendered HTML that works without JavaScript.

use crate::translations::localized;
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, FieldError};

use crate::Catalog;
use crate::api::{ProcedureDetail, load_detail, parse_search_query, query_rejection};
use crate::model::{Category, LIFE_EVENTS};
use crate::search::{ProcedureSummary, SearchQuery};

pub fn routes() -> Router<Catalog> {
    Router::new()
        .route("/", get(catalog_page))
        .route("/procedures", get(catalog_page))
        .route("/procedures/{id}", get(procedure_page))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    /// A filter beyond the words is set: the filter panel opens.
    filtered: bool,
    total: usize,
    items: Vec<ProcedureSummary>,
    categories: Vec<Choice>,
    bureaus: Vec<Choice>,
    life_events: Vec<Choice>,
    /// Procedures after a death: the bereavement corner's guide is offered.
    bereavement: bool,
    tags: Vec<Choice>,
    popular_tags: Vec<(String, String)>,
    online_only: bool,
    /// A near miss's likely meaning, with its search's address.
    did_you_mean: Option<(String, String)>,
    /// The results are those of `did_you_mean`.
    corrected: bool,
    /// No procedure has every word; these have some.
    partial: bool,
    errors: Vec<FieldError>,
    page: usize,
    page_count: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

impl CatalogPage {
    /// The procedure's name as HTML: translated, or the Japanese marked.
    fn display_name(&self, s: &ProcedureSummary) -> String {
        self.chrome
            .city_text(&localized(&s.name, &s.name_en, &s.names))
    }

    fn category_label(&self, c: &Category) -> String {
        category_label(&self.chrome, *c)
    }

    fn error_message(&self, e: &FieldError) -> String {
        self.chrome.field_error(e)
    }

    fn status_label(&self, s: &ProcedureSummary) -> String {
        status_label(&self.chrome, s.online_status)
    }

    fn tag_url(&self, tag: &str) -> String {
        self.chrome
            .link(&format!("/procedures?tag={}", encode(tag)))
    }
}

pub use kernel::web::encode;

fn page_url(pairs: &[(String, String)], page: usize) -> String {
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k != "page" && !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    parts.push(format!("page={page}"));
    format!("/procedures?{}", parts.join("&"))
}

async fn catalog_page(
    State(catalog): State<Catalog>,
    chrome: Chrome,
    params: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, PageError> {
    let title = chrome.marked_up("common-find-procedure");
    let chrome = chrome.titled(title);
    let pairs = match params {
        Ok(Query(pairs)) => pairs,
        Err(rejection) => return Err(PageError::new(&chrome, query_rejection(rejection))),
    };
    let index = catalog
        .index()
        .await
        .map_err(|e| PageError::new(&chrome, ApiError::from(e)))?;
    let (query, errors) = match parse_search_query(&pairs, &index) {
        Ok(query) => (query, Vec::new()),
        Err(errors) => (
            SearchQuery {
                page: 1,
                per_page: 20,
                ..Default::default()
            },
            errors,
        ),
    };
    let results = index.search(&query);
    let is_en = chrome.is_en();
    let categories = Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.code().to_string(),
            label: chrome.attr(c.message_id()),
            selected: query.category == Some(*c),
        })
        .collect();
    let bureaus = index
        .organisation
        .bureaus
        .iter()
        .map(|b| Choice {
            value: b.id.clone(),
            label: if is_en && !b.name_en.is_empty() {
                b.name_en.clone()
            } else {
                b.name.clone()
            },
            selected: query.bureau.as_deref() == Some(b.id.as_str()),
        })
        .collect();
    let life_events = LIFE_EVENTS
        .iter()
        .map(|l| Choice {
            value: l.to_string(),
            label: l.to_string(),
            selected: query.life_event.as_deref() == Some(*l),
        })
        .collect();
    let all_tags = index.tags();
    let tags = all_tags
        .iter()
        .take(200)
        .map(|(t, n)| Choice {
            value: t.clone(),
            label: format!("{t} ({n})"),
            selected: query.tag.as_deref() == Some(t.as_str()),
        })
        .collect();
    let filtered = query.tag.is_some()
        || query.category.is_some()
        || query.bureau.is_some()
        || query.life_event.is_some()
        || query.online_only;
    let searched = !query.q.is_empty() || filtered;
    let page_count = results.page_count();
    let page = CatalogPage {
        popular_tags: all_tags
            .iter()
            .take(16)
            .map(|(t, _)| {
                (
                    t.clone(),
                    chrome.link(&format!("/procedures?tag={}", encode(t))),
                )
            })
            .collect(),
        q: query.q.clone(),
        searched,
        filtered,
        total: results.total,
        items: results.items,
        categories,
        bureaus,
        bereavement: query.life_event.as_deref() == Some("死亡・相続"),
        life_events,
        tags,
        online_only: query.online_only,
        did_you_mean: results.did_you_mean.as_ref().map(|words| {
            (
                words.clone(),
                chrome.link(&format!("/procedures?q={}", encode(words))),
            )
        }),
        corrected: results.corrected,
        partial: results.partial,
        page: results.page,
        page_count,
        prev_url: (results.page > 1).then(|| page_url(&pairs, results.page - 1)),
        next_url: (results.page < page_count).then(|| page_url(&pairs, results.page + 1)),
        errors,
        chrome,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    chrome: Chrome,
    p: ProcedureDetail,
    /// The procedure's name in every language it has.
    name: kernel::i18n::Localized,
}

impl ProcedurePage {
    fn fee_text(&self) -> String {
        match self.p.fee_yen {
            Some(0) => self.chrome.t("procedure-fee-free"),
            Some(n) => self
                .chrome
                .ts("procedure-fee-yen", "amount", &group_digits(n)),
            None => self.chrome.t("procedure-fee-depends"),
        }
    }

    fn online_label(&self) -> String {
        status_label(&self.chrome, self.p.online.status)
    }

    /// Whether the title is a translation (then the Japanese name follows).
    fn name_translated(&self) -> bool {
        !self.chrome.lang.reads_japanese() && !self.name.get(self.chrome.lang).fallback
    }

    fn tag_url(&self, tag: &str) -> String {
        self.chrome
            .link(&format!("/procedures?tag={}", encode(tag)))
    }

    /// An office or section's name in the page's language.
    fn place_name(&self, place: &crate::api::NamedRef) -> String {
        if !self.chrome.lang.reads_japanese() && !place.name_en.is_empty() {
            place.name_en.clone()
        } else {
            place.name.clone()
        }
    }

    /// The opening hours when every counter listed keeps the same ones and
    /// the list is folded (so they are said once under it).
    fn common_hours(&self) -> Option<&str> {
        let first = self.p.counters.first()?.hours.as_str();
        (self.p.counters.len() > 4
            && !first.is_empty()
            && self.p.counters.iter().all(|c| c.hours == first))
        .then_some(first)
    }
}

fn category_label(chrome: &Chrome, category: Category) -> String {
    chrome.t(category.message_id())
}

/// Whether and how a procedure can be done online, as the catalog says it.
fn status_label(chrome: &Chrome, status: &str) -> String {
    chrome.t(match status {
        "online" => "status-online",
        "planned" => "status-planned",
        "impossible" => "status-impossible",
        _ => "status-not-online",
    })
}

/// 18937514 → 18,937,514
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

async fn procedure_page(
    State(catalog): State<Catalog>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let p = load_detail(&catalog, &id)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    let name = localized(&p.name, &p.name_en, &p.names);
    let lang = chrome.lang;
    Ok(render(&ProcedurePage {
        chrome: chrome.titled_city(name.get(lang)),
        p,
        name,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_are_grouped_by_thousands() {
        assert_eq!(group_digits(18_937_514), "18,937,514");
        assert_eq!(group_digits(300), "300");
        assert_eq!(group_digits(1000), "1,000");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("児童 手当&x"),
            "%E5%85%90%E7%AB%A5%20%E6%89%8B%E5%BD%93%26x"
        );
    }
}
