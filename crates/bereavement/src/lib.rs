//! The bereavement corner (おくやみコーナー): a family answers a few
//! questions about the deceased — age, health insurance, pensions, care,
//! certificates, property, vehicles, a dog — and gets its list of
//! procedures: where each is done, what to bring, by when, with the
//! procedure's page and its online form where there is one. The list
//! prints as a checklist; at the counter the clerk works through it,
//! entering each application that has a form. The rules are data the DX
//! office edits (`rules`), every version kept.

pub mod pages;
pub mod rules;
pub mod store;

use axum::Router;
use axum::extract::FromRef;
use catalog::Catalog;
use identity::Identity;
use kernel::Db;

/// The capability's state.
#[derive(Clone)]
pub struct Bereavement {
    pub db: Db,
    pub catalog: Catalog,
    pub identity: Identity,
}

impl FromRef<Bereavement> for Identity {
    fn from_ref(state: &Bereavement) -> Self {
        state.identity.clone()
    }
}

impl FromRef<Bereavement> for kernel::client::TrustedProxies {
    fn from_ref(state: &Bereavement) -> Self {
        kernel::client::TrustedProxies::from_ref(&state.identity)
    }
}

impl Bereavement {
    pub fn new(db: Db, catalog: Catalog, identity: Identity) -> Self {
        Bereavement {
            db,
            catalog,
            identity,
        }
    }

    pub fn router(&self) -> Router {
        pages::routes().with_state(self.clone())
    }
}

/// Whether the page's reader reads Japanese (the pages' own words are
/// Japanese, else English; the rules' texts follow the reader's language
/// where they are translated).
pub fn en(chrome: &kernel::web::Chrome) -> bool {
    !chrome.lang.reads_japanese()
}
