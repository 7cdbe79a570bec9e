//! Publishing to NATS JetStream: stream `MADOGUCHI`, subject
//! `madoguchi.<event type>`, the event id as `Nats-Msg-Id` so the server
//! drops a duplicate published again after a lost acknowledgement.

use std::time::Instant;

use async_nats::jetstream;

use crate::relay::{Tried, short};
use crate::store::Claimed;

pub const STREAM: &str = "MADOGUCHI";

#[derive(Clone)]
pub struct Publisher {
    jetstream: jetstream::Context,
}

impl Publisher {
    /// Connects and makes sure the stream exists.
    pub async fn connect(url: &str) -> anyhow::Result<Publisher> {
        let client = async_nats::ConnectOptions::new()
            .name("madoguchi")
            .connection_timeout(std::time::Duration::from_secs(5))
            .connect(url)
            .await?;
        let jetstream = jetstream::new(client);
        jetstream
            .get_or_create_stream(jetstream::stream::Config {
                name: STREAM.to_string(),
                subjects: vec!["madoguchi.>".to_string()],
                description: Some("madoguchi events (application.submitted, …)".to_string()),
                ..Default::default()
            })
            .await?;
        Ok(Publisher { jetstream })
    }

    /// Publishes a batch (at most one event per application, so their
    /// order among themselves does not matter) and waits for every
    /// acknowledgement.
    pub async fn publish_all(&self, claimed: &[Claimed]) -> Vec<Tried> {
        let started = Instant::now();
        let mut pending = Vec::with_capacity(claimed.len());
        for delivery in claimed {
            let mut headers = async_nats::HeaderMap::new();
            headers.insert("Nats-Msg-Id", delivery.event.event_id.as_str());
            headers.insert("Madoguchi-Event-Type", delivery.event.event_type.as_str());
            let subject = format!("madoguchi.{}", delivery.event.event_type);
            pending.push(
                self.jetstream
                    .publish_with_headers(subject, headers, delivery.event.body().into())
                    .await,
            );
        }
        let mut tried = Vec::with_capacity(pending.len());
        for published in pending {
            let outcome = match published {
                Ok(ack) => ack.await.map(|_| ()).map_err(|e| short(&e.to_string())),
                Err(error) => Err(short(&error.to_string())),
            };
            tried.push(Tried {
                status: outcome.is_ok().then_some(200),
                error: outcome.err(),
                duration_ms: started.elapsed().as_millis() as i64,
            });
        }
        tried
    }
}
