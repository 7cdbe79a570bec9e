//! Push-type information (プッシュ型の情報配信): residents choose the topics
//! and wards they want to hear about and the language, and the city tells
//! them before they have to search. A subscription exists only once its
//! address has confirmed it (double opt-in); every mail carries a link to
//! change it and a one-click unsubscribe (RFC 8058) that works without a
//! session. What can be chosen is data the DX office edits (`rules`).

pub mod announce;
pub mod announcements;
pub mod pages;
pub mod rules;
pub mod sender;
pub mod staff;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use kernel::Db;
use kernel::client::RateLimiter;

/// The capability's state.
#[derive(Clone)]
pub struct Notify {
    pub db: Db,
    pub topics: Arc<rules::Topics>,
    /// Sign-ups per client: each sends a mail to an address typed by anyone.
    sign_ups: Arc<RateLimiter>,
}

impl Notify {
    pub fn new(db: Db) -> Self {
        Notify {
            db,
            topics: Arc::new(rules::Topics::shipped()),
            sign_ups: Arc::new(RateLimiter::new(5, Duration::from_secs(60))),
        }
    }

    /// The residents' pages and, guarded by `identity`, the DX office's.
    pub fn router(&self, identity: identity::Identity) -> Router {
        pages::routes()
            .with_state(self.clone())
            .merge(staff::routes().with_state(staff::Desk {
                notify: self.clone(),
                identity,
            }))
    }

    /// The token of a subscription's links; `None` without a data key
    /// (never the case in a running installation).
    pub fn link_token(&self, subscription: &store::Subscription) -> Option<String> {
        let key = self.db.keys().first(kernel::keys::Purpose::Data)?;
        Some(rules::link_token(
            key.secret(),
            subscription.id,
            subscription.generation,
        ))
    }

    /// The subscription a link's token names, while the link is live.
    pub async fn by_link(&self, token: &str) -> anyhow::Result<Option<store::Subscription>> {
        let Some(key) = self.db.keys().first(kernel::keys::Purpose::Data) else {
            return Ok(None);
        };
        match rules::read_link_token(key.secret(), token) {
            Some((id, generation)) => store::by_link(&self.db, id, generation).await,
            None => Ok(None),
        }
    }
}
