//! The organisation (bureaus, sections, ward offices and branches, counters)
//! and the procedure catalog (SPEC C1): storage, registry import and export,
//! search, the public pages and the JSON API.

pub mod api;
pub mod export;
pub mod import;
pub mod model;
pub mod pages;
pub mod registry;
pub mod search;
pub mod store;
pub mod translations;
pub mod way;
pub mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use kernel::Db;

use crate::import::{FileKind, ImportOptions, ImportReport};
use crate::search::SearchIndex;

/// How long a node trusts its search index before asking the database
/// whether another node changed the catalog.
const REVISION_CHECK_INTERVAL: Duration = Duration::from_secs(2);

/// The catalog capability: its database and its search index.
#[derive(Clone)]
pub struct Catalog {
    db: Db,
    index: Arc<RwLock<Arc<SearchIndex>>>,
    last_check: Arc<Mutex<Instant>>,
}

/// What an import did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub new_bureaus: Vec<String>,
    pub new_sections: Vec<String>,
    pub ignored_headers: Vec<String>,
}

#[derive(Debug)]
pub enum ImportFailure {
    /// The file was refused; the report names every bad row.
    Refused(ImportReport),
    Internal(anyhow::Error),
}

impl std::fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportFailure::Refused(report) => write!(f, "{report}"),
            ImportFailure::Internal(error) => write!(f, "{error:#}"),
        }
    }
}

impl From<anyhow::Error> for ImportFailure {
    fn from(error: anyhow::Error) -> Self {
        ImportFailure::Internal(error)
    }
}

impl Catalog {
    /// Loads the catalog from the database and builds its index.
    pub async fn load(db: Db) -> anyhow::Result<Self> {
        let index = Self::build_index(&db).await?;
        Ok(Catalog {
            db,
            index: Arc::new(RwLock::new(Arc::new(index))),
            last_check: Arc::new(Mutex::new(Instant::now())),
        })
    }

    async fn build_index(db: &Db) -> anyhow::Result<SearchIndex> {
        // Read the revision first: a change landing meanwhile makes the next
        // check rebuild again rather than be missed.
        let revision = store::revision(db).await?;
        let organisation = store::organisation(db).await?;
        let procedures = store::registry(db).await?;
        let forms = store::procedures_with_forms(db).await?;
        let names = translations::all(db).await?;
        let words = store::search_words(db).await?;
        Ok(SearchIndex::build_named(
            procedures,
            organisation,
            revision,
            forms,
            names,
            words,
        ))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    fn current(&self) -> Arc<SearchIndex> {
        match self.index.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The search index, rebuilt when the catalog changed (on any node).
    pub async fn index(&self) -> anyhow::Result<Arc<SearchIndex>> {
        let due = {
            let mut last = self.last_check.lock().unwrap_or_else(|p| p.into_inner());
            if last.elapsed() >= REVISION_CHECK_INTERVAL {
                *last = Instant::now();
                true
            } else {
                false
            }
        };
        let current = self.current();
        if due && store::revision(&self.db).await? != current.revision {
            return self.refresh().await;
        }
        Ok(current)
    }

    /// Rebuilds the index now.
    pub async fn refresh(&self) -> anyhow::Result<Arc<SearchIndex>> {
        let fresh = Arc::new(Self::build_index(&self.db).await?);
        match self.index.write() {
            Ok(mut guard) => *guard = Arc::clone(&fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&fresh),
        }
        Ok(fresh)
    }

    /// Checks a registry file and, only when every row is good, writes it.
    pub async fn import(
        &self,
        bytes: &[u8],
        kind: FileKind,
        options: ImportOptions,
    ) -> Result<ImportSummary, ImportFailure> {
        let table = import::read_table(bytes, kind).map_err(ImportFailure::Refused)?;
        let organisation = store::organisation(&self.db).await?;
        let existing: HashMap<String, model::Procedure> = store::all_procedures(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let parsed = import::parse_procedures(&table, &organisation, &existing, options)
            .map_err(ImportFailure::Refused)?;
        let updated = parsed
            .procedures
            .iter()
            .filter(|p| existing.contains_key(&p.id))
            .count();
        store::save_import(&self.db, &parsed).await?;
        self.refresh().await?;
        Ok(ImportSummary {
            created: parsed.procedures.len() - updated,
            updated,
            new_bureaus: parsed.new_bureaus.iter().map(|b| b.name.clone()).collect(),
            new_sections: parsed.new_sections.iter().map(|s| s.name.clone()).collect(),
            ignored_headers: parsed.ignored_headers,
        })
    }

    /// The catalog's `/api/v1` routes, with their OpenAPI operations.
    pub fn api_router(&self) -> utoipa_axum::router::OpenApiRouter {
        api::routes().with_state(self.clone())
    }

    /// Public pages of the catalog (the API is in [`Self::api_router`]).
    pub fn router(&self) -> Router {
        Router::new()
            .merge(pages::routes())
            .with_state(self.clone())
    }
}
