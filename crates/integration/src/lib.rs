//! The integration hub (SPEC C6): the events the outbox holds leave the
//! platform as signed webhooks — retried with backoff for a day, then
//! dead-lettered and replayable — and, when configured, on NATS JetStream.
//! Subscriptions are managed by the DX office in the back office
//! (`/staff/webhooks`), by API and by `madoguchi webhooks`.

pub mod api;
pub mod backoff;
pub mod bulk_export;
pub mod entry_names;
pub mod event;
pub mod layout_files;
pub mod layout_io;
pub mod layout_pages;
pub mod layout_schedule;
pub mod nats;
pub mod pages;
pub mod relay;
pub mod rules;
pub mod signature;
pub mod store;
pub mod zipstream;

use axum::Router;
use kernel::Db;

/// The hub's state, for its routes.
#[derive(Clone)]
pub struct Integration {
    db: Db,
    identity: identity::Identity,
    tokens: kernel::tokens::TokenGuard,
    /// Applications and their files, read for exports through the
    /// applications capability's own functions (answers and files are
    /// sealed at rest).
    applications: applications::Applications,
    /// Where layout files are kept (its `layouts/` folder).
    data_dir: std::path::PathBuf,
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
    pub fn new(
        db: Db,
        identity: identity::Identity,
        tokens: kernel::tokens::TokenGuard,
        applications: applications::Applications,
        data_dir: &std::path::Path,
    ) -> Self {
        Integration {
            db,
            identity,
            tokens,
            applications,
            data_dir: data_dir.to_path_buf(),
        }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn applications(&self) -> &applications::Applications {
        &self.applications
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The back-office pages (the API is in [`Self::api_router`]).
    pub fn router(&self) -> Router {
        pages::routes()
            .merge(layout_pages::routes())
            .route(
                "/staff/exports/applications.zip",
                axum::routing::get(bulk_export::applications_zip),
            )
            .with_state(self.clone())
    }

    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }
}
