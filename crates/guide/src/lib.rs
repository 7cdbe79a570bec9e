//! Helping residents find their procedures (SPEC C9): the search words
//! (検索用語辞書) the DX office keeps, so that 引っ越し finds 転入届 and
//! パスポート finds 旅券. The search itself is the catalog's; this crate
//! owns what the DX office edits about it.

pub mod words_page;

use axum::Router;
use axum::extract::FromRef;
use catalog::Catalog;
use identity::Identity;

/// The capability's state.
#[derive(Clone)]
pub struct Guide {
    pub catalog: Catalog,
    pub identity: Identity,
}

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
        Guide { catalog, identity }
    }

    pub fn router(&self) -> Router {
        words_page::routes().with_state(self.clone())
    }
}
