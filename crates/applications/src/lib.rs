//! Online applications (SPEC C2, C3): stored form versions, idempotent
//! submission with duplicate flags, status changes through the workflow,
//! each with its outbox event and audit entry; the API for business systems.

pub mod api;
pub mod api_tokens;
pub mod applicant_history;
pub mod apply;
pub mod attachments;
pub mod casework;
pub mod disposals;
pub mod drafts;
pub mod extras;
pub mod form_store;
pub mod guest_status;
pub mod holds;
pub mod inbox;
pub mod model;
pub mod my_page;
pub mod notices;
pub mod prefill_pages;
pub mod prefills;
pub mod retention;
pub mod sealing;
pub mod section_case;
pub mod store;
pub mod submit;
pub mod transition;
pub mod workflow_store;
pub mod writer;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use kernel::Db;
use kernel::cache::TtlCache;

#[derive(Clone)]
pub struct Applications {
    db: Db,
    writer: writer::Writer,
    identity: identity::Identity,
    attachments: attachments::Attachments,
    /// API tokens, checked (and cached) by the platform's one guard.
    tokens: kernel::tokens::TokenGuard,
    /// Forms are read on every submission and change rarely.
    forms: Arc<TtlCache<String, FormAndSection>>,
    /// Set once at start-up by the platform (payments).
    extras: Arc<std::sync::OnceLock<Arc<dyn extras::Extras>>>,
    /// Guests' tries at a receipt number and check code, per client.
    status_checks: Arc<kernel::client::RateLimiter>,
}

/// What a submission needs of its procedure: the current form, the owning
/// section and the standard processing period.
#[derive(Debug, Clone)]
pub struct FormTarget {
    pub form: forms::FormDefinition,
    pub section_id: Option<String>,
    pub standard_days: Option<i64>,
}

/// `None` when the procedure does not exist or has no form.
pub type FormAndSection = Option<FormTarget>;

/// How long a cached form is trusted: a new form version takes effect within
/// this time on every node (tokens: `kernel::tokens::CACHE_TTL`).
pub const CACHE_TTL: Duration = Duration::from_secs(2);

impl axum::extract::FromRef<Applications> for kernel::tokens::TokenGuard {
    fn from_ref(apps: &Applications) -> Self {
        apps.tokens.clone()
    }
}

impl axum::extract::FromRef<Applications> for identity::Identity {
    fn from_ref(apps: &Applications) -> Self {
        apps.identity.clone()
    }
}

impl Applications {
    /// Must be called inside the async runtime: it starts the writer tasks.
    pub fn new(
        db: Db,
        identity: identity::Identity,
        attachments: attachments::Attachments,
        tokens: kernel::tokens::TokenGuard,
    ) -> Self {
        let writer = writer::Writer::start(db.clone());
        Applications {
            db,
            writer,
            identity,
            attachments,
            tokens,
            forms: Arc::new(TtlCache::new(CACHE_TTL, 10_000)),
            extras: Arc::new(std::sync::OnceLock::new()),
            status_checks: guest_status::limiter(),
        }
    }

    /// What another capability adds to the application pages (once).
    pub fn set_extras(&self, extras: Arc<dyn extras::Extras>) {
        if self.extras.set(extras).is_err() {
            tracing::warn!("application page extras were set twice; the first stay");
        }
    }

    pub fn extras(&self) -> Option<&Arc<dyn extras::Extras>> {
        self.extras.get()
    }

    pub fn attachments(&self) -> &attachments::Attachments {
        &self.attachments
    }

    pub fn writer(&self) -> &writer::Writer {
        &self.writer
    }

    /// The current form of a procedure and the section that owns it; `None`
    /// when the procedure does not exist or has no form.
    pub async fn form_of(&self, procedure_id: &str) -> anyhow::Result<Arc<FormAndSection>> {
        if let Some(cached) = self.forms.get(&procedure_id.to_string()) {
            return Ok(cached);
        }
        let found = match catalog::store::procedure(&self.db, procedure_id).await? {
            Some(procedure) => form_store::current(&self.db, procedure_id)
                .await?
                .map(|form| FormTarget {
                    form,
                    section_id: procedure.section_id,
                    standard_days: procedure.standard_days,
                }),
            None => None,
        };
        Ok(self.forms.put(procedure_id.to_string(), found))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The `/api/v1` routes, with their OpenAPI operations.
    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }

    /// The pages (the API is in [`Self::api_router`]).
    pub fn router(&self) -> Router {
        Router::new()
            .merge(inbox::routes())
            .merge(apply::routes())
            .merge(prefill_pages::routes())
            .merge(my_page::routes())
            .merge(guest_status::routes())
            .merge(disposals::routes())
            .merge(api_tokens::routes())
            .with_state(self.clone())
            .merge(banks::routes::routes().with_state(self.db().clone()))
            .route(
                "/static/forms.js",
                axum::routing::get(|| async {
                    kernel::web::script(include_str!("../static/forms.js"))
                }),
            )
    }
}
