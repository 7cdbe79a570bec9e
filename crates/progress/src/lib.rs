//! Online-ization progress (名古屋市行政手続オンライン化計画 §8–10): the two
//! indicators the city steers by — ① annual cases of procedures available
//! online over all annual cases, ② procedures available online over all
//! procedures — cumulative by fiscal year, overall, per category and per
//! bureau, on the plan's years and on what actually happened.
//!
//! `indicators` is the arithmetic (plain functions, no I/O); `inventory`
//! reads the Digital Agency's inventory format; `api` serves the figures.

pub mod api;
pub mod charts;
pub mod indicators;
pub mod inventory;
pub mod open_data;
pub mod pages;
pub mod procedure_pages;
pub mod staff;
pub mod survey;
pub mod survey_pages;
pub mod survey_reminders;
pub mod survey_store;

use axum::Router;
use axum::extract::FromRef;

/// The capability's state: the registry, and accounts for the staff pages.
#[derive(Clone)]
pub struct Progress {
    pub catalog: catalog::Catalog,
    pub identity: identity::Identity,
}

impl FromRef<Progress> for catalog::Catalog {
    fn from_ref(state: &Progress) -> Self {
        state.catalog.clone()
    }
}

impl FromRef<Progress> for identity::Identity {
    fn from_ref(state: &Progress) -> Self {
        state.identity.clone()
    }
}

impl Progress {
    pub fn new(catalog: catalog::Catalog, identity: identity::Identity) -> Self {
        Progress { catalog, identity }
    }

    /// The public page, open data, the API and the staff dashboard.
    /// The open-data API (the pages are in [`Self::router`]).
    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(pages::routes())
            .merge(open_data::routes())
            .merge(staff::routes())
            .merge(procedure_pages::routes())
            .merge(survey_pages::routes())
            .with_state(self.clone())
    }
}
