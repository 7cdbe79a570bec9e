//! The form builder (SPEC C2): the DX office builds a procedure's form
//! without writing JSON — questions of every kind added, edited, reordered,
//! duplicated and deleted, sections and repeatable groups, conditions on
//! earlier answers, labels per language, a phone-sized preview — starting
//! from a template or the published version. A draft goes to review and is
//! published by a second person; every version stays readable. The JSON
//! editor stays for power users and saves into the same draft.

pub mod diff;
pub mod json;
pub mod ops;
pub mod pages;
pub mod review;
pub mod store;

use applications::Applications;
use axum::Router;
use kernel::Db;

pub use review::Reviewers;

#[derive(Clone)]
pub struct FormBuilder {
    apps: Applications,
    /// The catalog's search index, for finding a procedure by name.
    catalog: catalog::Catalog,
    reviewers: Reviewers,
}

impl axum::extract::FromRef<FormBuilder> for identity::Identity {
    fn from_ref(builder: &FormBuilder) -> Self {
        identity::Identity::from_ref(&builder.apps)
    }
}

impl FormBuilder {
    pub fn new(apps: Applications, catalog: catalog::Catalog, reviewers: Reviewers) -> Self {
        FormBuilder {
            apps,
            catalog,
            reviewers,
        }
    }

    pub fn catalog(&self) -> &catalog::Catalog {
        &self.catalog
    }

    pub fn db(&self) -> &Db {
        self.apps.db()
    }

    pub fn reviewers(&self) -> Reviewers {
        self.reviewers
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(pages::routes())
            .merge(json::routes())
            .with_state(self.clone())
    }
}
