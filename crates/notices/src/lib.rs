//! Signed notices (処分通知等, SPEC C4): a decision becomes a notice made
//! from the procedure's template, laid out as a PDF with a Japanese font
//! embedded, signed with the city's certificate (PAdES), delivered to the
//! resident's my page with an e-mail, fetched by business systems, and
//! checked by anyone on the public verification page.

pub mod api;
pub mod archive;
pub mod bulk;
pub mod content;
pub mod issue;
pub mod many;
pub mod pages;
pub mod pdf;
pub mod receipt;
pub mod setup;
pub mod signing;
pub mod store;
pub mod template;
pub mod verify;

use std::sync::Arc;

use applications::Applications;
use axum::Router;
use kernel::Db;

pub use content::{Content, Decision};
pub use issue::Issuer;
pub use signing::{Level, Signing, SigningConfig};

#[derive(Clone)]
pub struct Notices {
    apps: Applications,
    pub issuer: Issuer,
    /// What the verification page trusts: the city's roots and CRLs.
    pub trust: Arc<signatures::verify::Trust>,
}

impl axum::extract::FromRef<Notices> for identity::Identity {
    fn from_ref(notices: &Notices) -> Self {
        identity::Identity::from_ref(&notices.apps)
    }
}

impl axum::extract::FromRef<Notices> for kernel::tokens::TokenGuard {
    fn from_ref(notices: &Notices) -> Self {
        kernel::tokens::TokenGuard::from_ref(&notices.apps)
    }
}

impl axum::extract::FromRef<Notices> for Applications {
    fn from_ref(notices: &Notices) -> Self {
        notices.apps.clone()
    }
}

impl Notices {
    /// `verify_url` is the public verification page's full address.
    pub fn new(apps: Applications, ready: setup::Ready, verify_url: String) -> Self {
        let trust = Arc::new(ready.trust);
        let issuer = Issuer {
            db: apps.db().clone(),
            font: ready.font.map(Arc::new),
            signing: ready.signing.map(Arc::new),
            verify_url,
            trust: trust.clone(),
        };
        Notices {
            apps,
            issuer,
            trust,
        }
    }

    /// The daily job that adds archive timestamps (B-LTA) when due.
    pub fn archive_job(&self) -> kernel::housekeeping::DailyJob {
        archive::daily_job(
            self.db().clone(),
            self.issuer.signing.clone(),
            self.trust.clone(),
        )
    }

    /// Notices signed at once by a bulk issue: one per core.
    pub fn parallel() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }

    pub fn db(&self) -> &Db {
        self.apps.db()
    }

    pub fn apps(&self) -> &Applications {
        &self.apps
    }

    /// The `/api/v1` routes, with their OpenAPI operations.
    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(pages::routes())
            .with_state(self.clone())
    }
}
