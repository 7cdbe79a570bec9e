//! Helping residents find their procedures (SPEC C9): the search words
//! (検索用語辞書) the DX office keeps, so that 引っ越し finds 転入届 and
//! パスポート finds 旅券 (the search itself is the catalog's); the
//! life-event guide (手続ガイド), a few questions per event giving the
//! household's list; and the FAQ assistant, which answers from the catalog
//! and the sections' FAQ and cites what it used, or says it does not know.

pub mod assistant;
pub mod assistant_page;
pub mod assistant_store;
pub mod events;
pub mod events_page;
pub mod words_page;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use catalog::Catalog;
use identity::Identity;
use kernel::client::RateLimiter;

/// The capability's state.
#[derive(Clone)]
pub struct Guide {
    pub catalog: Catalog,
    pub identity: Identity,
    /// Questions to the assistant per client: 60 at once, then one a
    /// second (each is a few searches and a written log row; a ward office
    /// behind one address is many residents).
    pub questions: Arc<RateLimiter>,
    /// The FAQ as last read, with its version: read again only when
    /// another version is in force (on any node).
    pub faq: Arc<std::sync::Mutex<Option<FaqRead>>>,
}

/// The FAQ's version in force when it was read, and what was read.
pub type FaqRead = (Option<i64>, Arc<assistant::Faq>);

impl FromRef<Guide> for Identity {
    fn from_ref(state: &Guide) -> Self {
        state.identity.clone()
    }
}

impl FromRef<Guide> for kernel::client::TrustedProxies {
    fn from_ref(state: &Guide) -> Self {
        kernel::client::TrustedProxies::from_ref(&state.identity)
    }
}

impl Guide {
    pub fn new(catalog: Catalog, identity: Identity) -> Self {
        Guide {
            catalog,
            identity,
            questions: Arc::new(RateLimiter::new(60, Duration::from_secs(1))),
            faq: Arc::new(std::sync::Mutex::new(None)),
        }
    }

    pub fn router(&self) -> Router {
        words_page::routes()
            .merge(events_page::routes())
            .merge(assistant_page::routes())
            .with_state(self.clone())
    }

    /// The assistant's API, registered with its OpenAPI operation.
    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        assistant_page::api_routes().with_state(self.clone())
    }
}
