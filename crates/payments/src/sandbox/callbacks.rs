//! The sandbox's signed callbacks, delivered the way the tester chose so
//! the platform's handling of late, repeated, reordered and lost
//! notifications can be tried.

use std::time::Duration;

use serde::Deserialize;
use time::OffsetDateTime;

use super::{Sandbox, new_id};
use crate::hosted::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};
use crate::provider::{Notification, RemoteStatus};

pub(super) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The waits before the three retries of a failed delivery.
const BACKOFF: [Duration; 3] = [
    Duration::from_millis(500),
    Duration::from_secs(2),
    Duration::from_secs(5),
];
/// How much older the stale notification of `out_of_order` claims to be:
/// clearly older, yet inside the receiver's tolerance so it is read.
const STALE_BY_SECONDS: i64 = 30;

/// How the callback of a change arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// At once.
    #[default]
    Normal,
    /// After the configured `late_by`.
    Late,
    /// The same notification (same `event_id`) twice.
    Twice,
    /// The final state first, then a stale `pending` one.
    OutOfOrder,
    /// Never.
    Lost,
}

impl Delivery {
    pub const ALL: [Delivery; 5] = [
        Delivery::Normal,
        Delivery::Late,
        Delivery::Twice,
        Delivery::OutOfOrder,
        Delivery::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::Normal => "normal",
            Delivery::Late => "late",
            Delivery::Twice => "twice",
            Delivery::OutOfOrder => "out_of_order",
            Delivery::Lost => "lost",
        }
    }

    pub fn parse(code: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Delivery::Normal => "通常",
            Delivery::Late => "遅れて届く",
            Delivery::Twice => "二度届く",
            Delivery::OutOfOrder => "順序が入れ替わる",
            Delivery::Lost => "届かない",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Delivery::Normal => "normal",
            Delivery::Late => "late",
            Delivery::Twice => "twice",
            Delivery::OutOfOrder => "out of order",
            Delivery::Lost => "lost",
        }
    }
}

impl Sandbox {
    /// Sends the notification of a change from `before` to `after` in a
    /// task of its own, so the page or the API answers at once.
    pub(super) fn notify(
        &self,
        callback_url: String,
        before: RemoteStatus,
        after: RemoteStatus,
        delivery: Delivery,
    ) {
        if delivery == Delivery::Lost {
            tracing::info!(provider_ref = %after.provider_ref, "sandbox callback lost on purpose");
            return;
        }
        let sandbox = self.clone();
        tokio::spawn(async move {
            sandbox
                .deliver(&callback_url, before, after, delivery)
                .await;
        });
    }

    async fn deliver(
        &self,
        url: &str,
        before: RemoteStatus,
        after: RemoteStatus,
        delivery: Delivery,
    ) {
        let Some(body) = body_of(after) else { return };
        match delivery {
            Delivery::Normal => self.post_with_retries(url, &body).await,
            Delivery::Late => {
                tokio::time::sleep(self.config().late_by).await;
                self.post_with_retries(url, &body).await;
            }
            Delivery::Twice => {
                self.post_with_retries(url, &body).await;
                self.post_with_retries(url, &body).await;
            }
            Delivery::OutOfOrder => {
                let now = unix_now();
                self.post_once(url, &body, now).await;
                if let Some(stale) = body_of(before) {
                    self.post_once(url, &stale, now - STALE_BY_SECONDS).await;
                }
            }
            Delivery::Lost => {}
        }
    }

    async fn post_with_retries(&self, url: &str, body: &[u8]) {
        if self.post_once(url, body, unix_now()).await {
            return;
        }
        for wait in BACKOFF {
            tokio::time::sleep(wait).await;
            // Signed again: the timestamp is the time of each attempt.
            if self.post_once(url, body, unix_now()).await {
                return;
            }
        }
        tracing::warn!(%url, "sandbox callback not delivered after retries");
    }

    /// Whether the receiver took it (a 2xx answer).
    async fn post_once(&self, url: &str, body: &[u8], timestamp: i64) -> bool {
        let signature = sign(&self.config().signing_secret, timestamp, body);
        let sent = self
            .inner
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body.to_vec())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => true,
            Ok(response) => {
                tracing::info!(%url, status = %response.status(), "sandbox callback refused");
                false
            }
            Err(error) => {
                tracing::info!(%url, %error, "sandbox callback failed");
                false
            }
        }
    }
}

/// A notification with a fresh event id, as JSON.
fn body_of(status: RemoteStatus) -> Option<Vec<u8>> {
    serde_json::to_vec(&Notification {
        event_id: new_id("evt_"),
        status,
    })
    .ok()
}

fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_codes_read_back() {
        for delivery in Delivery::ALL {
            assert_eq!(Delivery::parse(delivery.code()), Some(delivery));
        }
        assert_eq!(Delivery::parse("sometimes"), None);
    }
}
