//! The one-stop counter (総合窓口): one visit, several procedures. The clerk
//! keeps the resident's list — brought from the bereavement checklist, a
//! visit booking, or added by name — and works through it: each procedure
//! with a form is entered at the counter and goes to its own section; the
//! list shows what is done, with its receipt number.
//!
//! The list lives in the page's address (`p` for each procedure, `done` for
//! each receipt), so nothing is stored about a visit that ends half-way, a
//! reload keeps it, and the entry page carries it there and back.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use catalog::model::Office;
use identity::SectionStaff;
use kernel::web::{Chrome, PageError, render};

use crate::Counter;
use crate::pages::{internal, office_or_404};

pub fn routes() -> Router<Counter> {
    Router::new().route("/staff/counters/{office}/onestop", get(list))
}

/// Most procedures one visit's list holds.
pub const MAX_ITEMS: usize = 30;

/// A visit's list as its address carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    /// Procedure ids, in the order taken.
    pub procedures: Vec<String>,
    /// (procedure id, receipt number) of what is done.
    pub done: Vec<(String, String)>,
    /// The resident's language, shown beside the Japanese.
    pub beside: String,
}

fn plain_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Visit {
    /// Reads `p`, `done` and `beside` from query pairs, bounded: what is not
    /// a plain id is dropped, repeats are kept once.
    pub fn from_pairs(pairs: &[(String, String)]) -> Visit {
        let mut visit = Visit::default();
        for (key, value) in pairs.iter().take(4 * MAX_ITEMS) {
            match key.as_str() {
                "p" if plain_id(value)
                    && !visit.procedures.contains(value)
                    && visit.procedures.len() < MAX_ITEMS =>
                {
                    visit.procedures.push(value.clone());
                }
                "done" => {
                    if let Some((id, receipt)) = value.split_once(':')
                        && plain_id(id)
                        && plain_id(receipt)
                        && !visit.done.iter().any(|(d, _)| d == id)
                        && visit.done.len() < MAX_ITEMS
                    {
                        visit.done.push((id.to_string(), receipt.to_string()));
                    }
                }
                "beside" if kernel::i18n::Lang::from_code(value).is_some() => {
                    visit.beside = value.clone();
                }
                _ => {}
            }
        }
        visit
    }

    /// The list as a query string (without `?`).
    pub fn query(&self) -> String {
        let mut parts: Vec<String> = self
            .procedures
            .iter()
            .map(|p| format!("p={}", kernel::web::encode(p)))
            .collect();
        parts.extend(
            self.done
                .iter()
                .map(|(p, r)| format!("done={}", kernel::web::encode(&format!("{p}:{r}")))),
        );
        if !self.beside.is_empty() {
            parts.push(format!("beside={}", kernel::web::encode(&self.beside)));
        }
        parts.join("&")
    }

    /// The list after `procedure` was received as `receipt`.
    pub fn with_done(&self, procedure: &str, receipt: &str) -> Visit {
        let mut next = self.clone();
        if !next.procedures.iter().any(|p| p == procedure) && next.procedures.len() < MAX_ITEMS {
            next.procedures.push(procedure.to_string());
        }
        if !next.done.iter().any(|(p, _)| p == procedure) {
            next.done.push((procedure.to_string(), receipt.to_string()));
        }
        next
    }

    pub fn receipt_of(&self, procedure: &str) -> Option<&str> {
        self.done
            .iter()
            .find(|(p, _)| p == procedure)
            .map(|(_, r)| r.as_str())
    }
}

/// The list's address at `office`.
pub fn link(office: &str, visit: &Visit) -> String {
    format!("/staff/counters/{office}/onestop?{}", visit.query())
}

pub struct Row {
    pub id: String,
    pub name: String,
    pub section: String,
    /// A madoguchi form the clerk can fill.
    pub has_form: bool,
    pub receipt: Option<String>,
}

#[derive(Template)]
#[template(path = "onestop.html")]
struct ListPage {
    chrome: Chrome,
    office: Office,
    rows: Vec<Row>,
    /// The list's query, carried to each entry.
    query: String,
    beside: String,
    q: String,
    /// Procedures found by name to add: (id, name, the list with it).
    found: Vec<(String, String, String)>,
    remaining: usize,
}

impl ListPage {
    /// A query value as the hidden field sends it again.
    fn decoded(&self, value: &str) -> String {
        form_urlencoded::parse(format!("x={value}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    }
}

async fn list(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office_id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let visit = Visit::from_pairs(&pairs);
    let index = counter.catalog.index().await.map_err(internal(&chrome))?;
    let with_forms = catalog::store::procedures_with_forms(&counter.db)
        .await
        .map_err(internal(&chrome))?;
    let rows: Vec<Row> = visit
        .procedures
        .iter()
        .filter_map(|id| {
            let summary = index.get(id)?;
            Some(Row {
                id: id.clone(),
                name: summary.name.clone(),
                section: summary.section_name.clone().unwrap_or_default(),
                has_form: with_forms.contains(id),
                receipt: visit.receipt_of(id).map(str::to_string),
            })
        })
        .collect();
    let q: String = kernel::web::posted(&pairs, "q")
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect();
    let found = if q.is_empty() {
        Vec::new()
    } else {
        index
            .search(&catalog::search::SearchQuery {
                q: q.clone(),
                tag: None,
                category: None,
                bureau: None,
                life_event: None,
                online_only: false,
                page: 1,
                per_page: 20,
            })
            .items
            .iter()
            .filter(|s| !visit.procedures.contains(&s.id))
            .map(|s| {
                let mut with = visit.clone();
                with.procedures.push(s.id.clone());
                (s.id.clone(), s.name.clone(), link(&office.id, &with))
            })
            .collect()
    };
    let title = chrome.pick("総合窓口", "One-stop counter").to_string();
    Ok(render(&ListPage {
        chrome: chrome.clone().titled(title),
        remaining: rows.iter().filter(|r| r.receipt.is_none()).count(),
        rows,
        query: visit.query(),
        beside: visit.beside.clone(),
        q,
        found,
        office,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_visit_goes_to_its_address_and_back() {
        let visit = Visit::from_pairs(&pairs(&[
            ("p", "kokuho-kanyu"),
            ("p", "jidou-teate-nintei"),
            ("p", "kokuho-kanyu"),
            ("p", "<script>"),
            ("done", "kokuho-kanyu:R8-0000012"),
            ("done", "broken"),
            ("beside", "vi"),
            ("beside", "xx"),
        ]));
        assert_eq!(visit.procedures, ["kokuho-kanyu", "jidou-teate-nintei"]);
        assert_eq!(visit.receipt_of("kokuho-kanyu"), Some("R8-0000012"));
        assert_eq!(visit.beside, "vi");
        let again: Vec<(String, String)> = visit
            .query()
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_string(), v.replace("%3A", ":"))
            })
            .collect();
        assert_eq!(Visit::from_pairs(&again), visit);
        let next = visit.with_done("jidou-teate-nintei", "R8-0000013");
        assert_eq!(next.receipt_of("jidou-teate-nintei"), Some("R8-0000013"));
        assert_eq!(
            next.with_done("jidou-teate-nintei", "R8-9"),
            next,
            "a receipt is kept once"
        );
    }

    #[test]
    fn a_list_is_bounded() {
        let many: Vec<(String, String)> = (0..500)
            .map(|n| ("p".to_string(), format!("p{n}")))
            .collect();
        assert_eq!(Visit::from_pairs(&many).procedures.len(), MAX_ITEMS);
    }
}
