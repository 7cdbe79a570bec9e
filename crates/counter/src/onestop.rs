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
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use catalog::model::Office;
use identity::SectionStaff;
use kernel::web::{Chrome, PageError, render};

use crate::Counter;
use crate::pages::{internal, office_or_404};

pub fn routes() -> Router<Counter> {
    Router::new()
        .route("/staff/counters/{office}/onestop", get(list))
        .route(
            "/staff/counters/{office}/onestop/visitor",
            post(take_visitor),
        )
        .route(
            "/staff/counters/{office}/onestop/from-booking/{id}",
            post(from_booking),
        )
}

/// How long a visitor's details are kept: to the end of the next day at
/// most (a visit that goes on after lunch, not a register of residents).
const VISITOR_HOURS: i64 = 36;

fn visitor_context(id: &str) -> String {
    format!("counter_visitors.profile/{id}")
}

fn profile_json(profile: &forms::prefill::Profile) -> serde_json::Value {
    serde_json::json!({
        "name": profile.name,
        "name_kana": profile.name_kana,
        "email": profile.email,
        "phone": profile.phone,
        "postal_code": profile.postal_code,
        "address": profile.address,
        "birth_date": profile.birth_date,
    })
}

fn profile_of(value: &serde_json::Value) -> forms::prefill::Profile {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    forms::prefill::Profile {
        name: text("name"),
        name_kana: text("name_kana"),
        email: text("email"),
        phone: text("phone"),
        postal_code: text("postal_code"),
        address: text("address"),
        birth_date: text("birth_date"),
    }
}

/// Keeps a visitor's details (sealed) for the visit; their id.
pub async fn save_visitor(
    db: &kernel::Db,
    profile: &forms::prefill::Profile,
    actor: &str,
    now: time::OffsetDateTime,
) -> anyhow::Result<String> {
    let id = hex::encode(rand::random::<[u8; 16]>());
    let sealed = db
        .vault()
        .seal_text(&visitor_context(&id), &profile_json(profile).to_string())?;
    sqlx::query(
        "INSERT INTO counter_visitors (id, profile, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(sealed)
    .bind(actor)
    .bind(now.unix_timestamp())
    .bind((now + time::Duration::hours(VISITOR_HOURS)).unix_timestamp())
    .execute(db.pool())
    .await?;
    Ok(id)
}

/// A visitor's details while they are kept.
pub async fn visitor(
    db: &kernel::Db,
    id: &str,
    now: time::OffsetDateTime,
) -> anyhow::Result<Option<forms::prefill::Profile>> {
    use sqlx::Row;
    let row = sqlx::query("SELECT profile FROM counter_visitors WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now.unix_timestamp())
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row.try_get("profile")?;
    let text = db.vault().open_text(&visitor_context(id), &stored)?;
    Ok(Some(profile_of(&serde_json::from_str(&text)?)))
}

/// Deletes the details of visits that are over.
pub async fn purge_visitors(db: &kernel::Db, now: time::OffsetDateTime) -> anyhow::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM counter_visitors WHERE expires_at <= $1")
            .bind(now.unix_timestamp())
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

/// Takes the applicant's details for the visit and returns to the list
/// with them: every application of the visit opens with them filled in.
async fn take_visitor(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path(office_id): Path<String>,
    axum::extract::Form(pairs): axum::extract::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let field = |name: &str| {
        kernel::web::posted(&pairs, name)
            .unwrap_or_default()
            .trim()
            .chars()
            .take(200)
            .collect::<String>()
    };
    let profile = forms::prefill::Profile {
        name: field("name"),
        name_kana: field("name_kana"),
        email: field("email"),
        phone: field("phone"),
        postal_code: field("postal_code"),
        address: field("address"),
        birth_date: field("birth_date"),
    };
    let mut visit = Visit::from_pairs(
        &form_urlencoded::parse(field_raw(&pairs, "list").as_bytes())
            .into_owned()
            .collect::<Vec<_>>(),
    );
    visit.visitor = save_visitor(
        &counter.db,
        &profile,
        &staff.staff.actor(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(internal(&chrome))?;
    Ok(axum::response::Redirect::to(&chrome.link(&link(&office.id, &visit))).into_response())
}

/// A booked visitor at the one-stop counter: the visit starts with the
/// name and address they booked with.
async fn from_booking(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let booking = crate::visits::by_id(&counter.db, &id)
        .await
        .map_err(internal(&chrome))?
        .filter(|b| b.office_id == office.id)
        .ok_or_else(|| {
            PageError::new(
                &chrome,
                kernel::ApiError::not_found(
                    "その予約は見つかりません。",
                    "There is no such booking.",
                ),
            )
        })?;
    let profile = forms::prefill::Profile {
        name: booking.name.clone(),
        email: booking.email.clone(),
        ..Default::default()
    };
    let visit = Visit {
        visitor: save_visitor(
            &counter.db,
            &profile,
            &staff.staff.actor(),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .map_err(internal(&chrome))?,
        ..Visit::default()
    };
    Ok(axum::response::Redirect::to(&chrome.link(&link(&office.id, &visit))).into_response())
}

fn field_raw(pairs: &[(String, String)], name: &str) -> String {
    kernel::web::posted(pairs, name)
        .unwrap_or_default()
        .chars()
        .take(8 * 1024)
        .collect()
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
    /// The applicant's details, taken once for the visit (its id).
    pub visitor: String,
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
                "visitor" if value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    visit.visitor = value.to_ascii_lowercase();
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
        if !self.visitor.is_empty() {
            parts.push(format!("visitor={}", self.visitor));
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
    /// The applicant's details taken for the visit.
    visitor: Option<forms::prefill::Profile>,
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
        counter
            .find_procedures(&q)
            .await
            .map_err(internal(&chrome))?
            .into_iter()
            .filter(|s| !visit.procedures.contains(&s.id))
            .take(20)
            .map(|s| {
                let mut with = visit.clone();
                with.procedures.push(s.id.clone());
                let added = link(&office.id, &with);
                (s.id, s.name, added)
            })
            .collect()
    };
    let visitor = if visit.visitor.is_empty() {
        None
    } else {
        visitor(&counter.db, &visit.visitor, time::OffsetDateTime::now_utc())
            .await
            .map_err(internal(&chrome))?
    };
    let title = chrome.pick("総合窓口", "One-stop counter").to_string();
    Ok(render(&ListPage {
        visitor,
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
