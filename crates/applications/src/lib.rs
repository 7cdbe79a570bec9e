//! Online applications (SPEC C2, C3): stored form versions, idempotent
//! submission with duplicate flags, status changes through the workflow,
//! each with its outbox event and audit entry; the API for business systems.

pub mod api;
pub mod apply;
pub mod form_store;
pub mod inbox;
pub mod model;
pub mod my_page;
pub mod store;
pub mod submit;
pub mod transition;
pub mod writer;

use axum::Router;
use kernel::Db;

#[derive(Clone)]
pub struct Applications {
    db: Db,
    writer: writer::Writer,
    identity: identity::Identity,
}

impl axum::extract::FromRef<Applications> for identity::Identity {
    fn from_ref(apps: &Applications) -> Self {
        apps.identity.clone()
    }
}

impl Applications {
    /// Must be called inside the async runtime: it starts the writer tasks.
    pub fn new(db: Db, identity: identity::Identity) -> Self {
        let writer = writer::Writer::start(db.clone());
        Applications {
            db,
            writer,
            identity,
        }
    }

    pub fn writer(&self) -> &writer::Writer {
        &self.writer
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn router(&self) -> Router {
        api::routes()
            .merge(inbox::routes())
            .merge(apply::routes())
            .merge(my_page::routes())
            .with_state(self.clone())
    }
}
