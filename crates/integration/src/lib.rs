//! The integration hub (SPEC C6): the events the outbox holds leave the
//! platform as signed webhooks — retried with backoff for a day, then
//! dead-lettered and replayable — and, when configured, on NATS JetStream.
//! Subscriptions are managed by the DX office in the back office
//! (`/staff/webhooks`), by API and by `madoguchi webhooks`.

pub mod api;
pub mod backoff;
pub mod event;
pub mod nats;
pub mod pages;
pub mod relay;
pub mod rules;
pub mod signature;
pub mod store;

use axum::Router;
use kernel::Db;

/// The hub's state, for its routes.
#[derive(Clone)]
pub struct Integration {
    db: Db,
    identity: identity::Identity,
    tokens: kernel::tokens::TokenGuard,
}

impl axum::extract::FromRef<Integration> for kernel::tokens::TokenGuard {
    fn from_ref(hub: &Integration) -> Self {
        hub.tokens.clone()
    }
}

impl axum::extract::FromRef<Integration> for identity::Identity {
    fn from_ref(hub: &Integration) -> Self {
        hub.identity.clone()
    }
}

impl Integration {
    pub fn new(db: Db, identity: identity::Identity, tokens: kernel::tokens::TokenGuard) -> Self {
        Integration {
            db,
            identity,
            tokens,
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The back-office pages (the API is in [`Self::api_router`]).
    pub fn router(&self) -> Router {
        pages::routes().with_state(self.clone())
    }

    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }
}
