//! The DX office's dashboard (`/staff/progress`, Japanese and English like
//! the rest of the back office): plan against actual year by year, the
//! procedures that are late or early, those out of scope, the gaps (called
//! online in the registry with no way to apply online), and what online use
//! the platform and the inventories show.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use identity::StaffSession;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::indicators::{Indicators, Rate};

pub fn routes() -> Router<crate::Progress> {
    Router::new().route("/staff/progress", get(dashboard))
}

/// How many late or early procedures the page lists (the CSV has them all).
const LISTED: usize = 200;

/// A procedure the registry calls online that residents cannot apply for
/// online.
struct Gap {
    id: String,
    name: String,
    owner: String,
    annual_count: Option<i64>,
}

#[derive(Template)]
#[template(path = "staff_progress.html")]
struct Dashboard {
    chrome: Chrome,
    figures: Indicators,
    listed: usize,
    gaps: Vec<Gap>,
}

impl Dashboard {
    fn cell(&self, rate: &Rate) -> String {
        format!(
            "{} / {} ({}%)",
            catalog::pages::group_digits(rate.numerator),
            catalog::pages::group_digits(rate.denominator),
            rate.percent
        )
    }

    fn year(&self, year: Option<i32>) -> String {
        match year {
            Some(y) => format!("{}（{y}）", kernel::wareki::fiscal_year_short(y)),
            None => self.chrome.pick("未", "not yet").to_string(),
        }
    }
}

async fn dashboard(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    StaffSession(_session): StaffSession,
) -> Result<Response, PageError> {
    let chrome = chrome.clone().titled(chrome.pick(
        "オンライン化の進捗（管理）",
        "Online-ization progress (staff)",
    ));
    let figures = crate::api::current(&state.catalog)
        .await
        .map_err(|e| PageError::new(&chrome, ApiError::from(e)))?;
    let index = state
        .catalog
        .index()
        .await
        .map_err(|e| PageError::new(&chrome, ApiError::from(e)))?;
    let organisation = &index.organisation;
    let gaps = index
        .gaps()
        .into_iter()
        .map(|p| Gap {
            id: p.id.clone(),
            name: p.name.clone(),
            owner: p
                .section_id
                .as_deref()
                .and_then(|s| organisation.section(s))
                .map(|s| s.name.clone())
                .or_else(|| organisation.bureau(&p.bureau_id).map(|b| b.name.clone()))
                .unwrap_or_else(|| p.bureau_id.clone()),
            annual_count: p.annual_count,
        })
        .collect();
    Ok(render(&Dashboard {
        chrome,
        figures,
        listed: LISTED,
        gaps,
    }))
}
