//! Fees and cashless payment (手数料等の電子決済, キャッシュレス決済; SPEC C5):
//! fee schedules per procedure, the amount computed from the answers,
//! payment requests before acceptance or after review, providers behind one
//! trait with a sandbox that behaves like a hosted payment page,
//! reconciliation that does not trust callbacks alone, refunds, receipts and
//! payments taken at a counter.

pub mod api;
pub mod extras;
pub mod fees;
pub mod hosted;
pub mod ledger;
pub mod pages;
pub mod provider;
pub mod receipt;
pub mod reconcile;
pub mod report;
pub mod sandbox;
pub mod schedules;
pub mod setup;
pub mod state;

use std::sync::Arc;

use applications::Applications;
use axum::Router;
use kernel::Db;

pub use ledger::Providers;

/// The provider id of payments taken at a counter terminal.
pub const COUNTER: &str = "counter";

#[derive(Clone)]
pub struct Payments {
    apps: Applications,
    pub providers: Providers,
    /// The platform's public address: providers send residents back here
    /// and post their notifications to it.
    pub base_url: String,
    /// The notices' font, for receipts (none: receipts are not offered as PDF).
    pub font: Option<Arc<notices::pdf::NoticeFont>>,
    /// Who the receipt says took the money.
    pub issuer: String,
}

impl axum::extract::FromRef<Payments> for identity::Identity {
    fn from_ref(payments: &Payments) -> Self {
        identity::Identity::from_ref(&payments.apps)
    }
}

impl axum::extract::FromRef<Payments> for kernel::tokens::TokenGuard {
    fn from_ref(payments: &Payments) -> Self {
        kernel::tokens::TokenGuard::from_ref(&payments.apps)
    }
}

impl axum::extract::FromRef<Payments> for Applications {
    fn from_ref(payments: &Payments) -> Self {
        payments.apps.clone()
    }
}

impl Payments {
    /// Also sets the fee and payment blocks on the application pages.
    pub fn new(
        apps: Applications,
        providers: Providers,
        base_url: String,
        font: Option<Arc<notices::pdf::NoticeFont>>,
    ) -> Self {
        let payments = Payments {
            apps,
            providers,
            base_url: base_url.trim_end_matches('/').to_string(),
            font,
            issuer: "名古屋市長".to_string(),
        };
        payments
            .apps
            .set_extras(Arc::new(extras::PaymentExtras(payments.db().clone())));
        payments
    }

    pub fn db(&self) -> &Db {
        self.apps.db()
    }

    pub fn apps(&self) -> &Applications {
        &self.apps
    }

    pub fn router(&self) -> Router {
        pages::routes().with_state(self.clone())
    }

    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }
}
