//! The relay: a task that hands new outbox events to their subscriptions,
//! and one worker per subscription that delivers them — a signed POST, or
//! a JetStream publish — retrying with backoff until the 24-hour window
//! closes. Every node runs it; leases in the database keep two nodes off
//! the same delivery, and order per application holds across nodes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use kernel::Db;
use tokio::sync::Notify;

use crate::backoff::Retry;
use crate::store::{self, Claimed, Next, Outcome};

/// How the relay runs; tests and the benchmark shorten the waits.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// How often an idle relay looks for new events (other nodes' and its own).
    pub poll: Duration,
    /// Events fanned out, and deliveries claimed, per round.
    pub batch: i64,
    /// How long a node holds a delivery it works on; a node that dies
    /// holding one frees it after this.
    pub lease: Duration,
    /// Longest wait for a receiver's answer.
    pub timeout: Duration,
    /// Requests in flight per subscription.
    pub concurrency: usize,
    pub retry: Retry,
    /// Where events are also published, when set.
    pub nats_url: Option<String>,
    /// Off for one-off commands: only servers relay.
    pub enabled: bool,
}

impl Default for RelaySettings {
    fn default() -> Self {
        RelaySettings {
            poll: Duration::from_millis(100),
            batch: 500,
            lease: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
            concurrency: 64,
            retry: Retry::default(),
            nats_url: None,
            enabled: true,
        }
    }
}

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Wakes a subscription's worker when the fan-out gave it work, and the
/// supervisor when work came for a subscription with no worker yet (one
/// just made), so its first events do not wait for the next look.
#[derive(Default, Clone)]
struct Bells {
    workers: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
    supervisor: Arc<Notify>,
}

impl Bells {
    fn of(&self, id: &str) -> Arc<Notify> {
        let mut bells = self.workers.lock().unwrap_or_else(|p| p.into_inner());
        bells.entry(id.to_string()).or_default().clone()
    }

    fn ring(&self, ids: &[String]) {
        let bells = self.workers.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            match bells.get(id) {
                Some(bell) => bell.notify_one(),
                None => self.supervisor.notify_one(),
            }
        }
    }
}

/// Starts the relay on this node. Must be called inside the runtime.
pub fn start(db: Db, settings: RelaySettings) {
    if !settings.enabled {
        return;
    }
    let bells = Bells::default();
    let http = match reqwest::Client::builder()
        .timeout(settings.timeout)
        .connect_timeout(Duration::from_secs(5))
        // A receiver's redirect is not followed: the signed body goes only
        // where the subscription says.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("madoguchi-webhooks/1")
        .pool_max_idle_per_host(settings.concurrency)
        .build()
    {
        Ok(http) => http,
        Err(error) => {
            tracing::error!(%error, "webhook relay not started: no HTTP client");
            return;
        }
    };
    tokio::spawn(fan_out_loop(db.clone(), settings.clone(), bells.clone()));
    tokio::spawn(supervise(db, settings, bells, http));
}

async fn bureaus(db: &Db) -> HashMap<String, String> {
    match catalog::store::organisation(db).await {
        Ok(org) => org
            .sections
            .into_iter()
            .map(|s| (s.id, s.bureau_id))
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "webhook relay: organisation not read");
            HashMap::new()
        }
    }
}

async fn fan_out_loop(db: Db, settings: RelaySettings, bells: Bells) {
    let mut bureau_of = HashMap::new();
    let mut refreshed: Option<Instant> = None;
    loop {
        // Sections rarely move between bureaus: read every half minute.
        if refreshed.is_none_or(|at| at.elapsed() > Duration::from_secs(30)) {
            bureau_of = bureaus(&db).await;
            refreshed = Some(Instant::now());
        }
        let lookup = |section: &str| bureau_of.get(section).cloned();
        match store::fan_out(&db, &lookup, now_ms(), settings.batch).await {
            Ok((count, woken)) => {
                bells.ring(&woken);
                if count as i64 >= settings.batch {
                    continue;
                }
            }
            Err(error) => tracing::warn!(%error, "webhook relay: fan-out failed; retrying"),
        }
        tokio::time::sleep(settings.poll).await;
    }
}

/// Keeps one worker per active subscription: started when one appears,
/// stopped when it is disabled.
async fn supervise(db: Db, settings: RelaySettings, bells: Bells, http: reqwest::Client) {
    // NATS is a subscription of every event as soon as it is configured,
    // so events queue for it even while the server cannot be reached.
    if let Some(url) = &settings.nats_url
        && let Err(error) = store::ensure_nats(&db, url).await
    {
        tracing::error!(%error, "NATS publishing not recorded");
    }
    let mut nats: Option<crate::nats::Publisher> = None;
    let mut nats_tried: Option<Instant> = None;
    let mut workers: HashMap<String, tokio::task::JoinHandle<()>> = HashMap::new();
    loop {
        if let Some(url) = &settings.nats_url
            && nats.is_none()
            && nats_tried.is_none_or(|at| at.elapsed() > Duration::from_secs(30))
        {
            nats_tried = Some(Instant::now());
            match crate::nats::Publisher::connect(url).await {
                Ok(publisher) => nats = Some(publisher),
                Err(error) => tracing::error!(
                    %error, url,
                    "NATS JetStream unreachable: events wait for it; trying again in 30 s"
                ),
            }
        }
        match store::active(&db).await {
            Ok(active) => {
                workers.retain(|id, handle| {
                    let keep = active.iter().any(|s| &s.id == id) && !handle.is_finished();
                    if !keep {
                        handle.abort();
                    }
                    keep
                });
                for subscription in active {
                    if workers.contains_key(&subscription.id) {
                        continue;
                    }
                    let target = if subscription.kind == "nats" {
                        match &nats {
                            Some(publisher) => Target::Nats(publisher.clone()),
                            // This node has no NATS: another one publishes.
                            // (Its bell rings for nobody, not the supervisor.)
                            None => {
                                bells.of(&subscription.id);
                                continue;
                            }
                        }
                    } else {
                        match store::secret_of(&db, &subscription.id).await {
                            Ok(secret) => Target::Webhook {
                                http: http.clone(),
                                url: subscription.url.clone(),
                                secret: secret.into_bytes(),
                            },
                            Err(error) => {
                                tracing::error!(%error, subscription = %subscription.id, "webhook secret not opened");
                                continue;
                            }
                        }
                    };
                    let worker = Worker {
                        db: db.clone(),
                        settings: settings.clone(),
                        subscription: subscription.id.clone(),
                        bell: bells.of(&subscription.id),
                        target,
                    };
                    workers.insert(subscription.id, tokio::spawn(worker.run()));
                }
            }
            Err(error) => tracing::warn!(%error, "webhook relay: subscriptions not read"),
        }
        let _ = tokio::time::timeout(Duration::from_secs(2), bells.supervisor.notified()).await;
    }
}

#[derive(Clone)]
enum Target {
    Webhook {
        http: reqwest::Client,
        url: String,
        secret: Vec<u8>,
    },
    Nats(crate::nats::Publisher),
}

struct Worker {
    db: Db,
    settings: RelaySettings,
    subscription: String,
    bell: Arc<Notify>,
    target: Target,
}

/// How one attempt went, before it is judged.
pub struct Tried {
    pub status: Option<i64>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl Tried {
    fn succeeded(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

impl Worker {
    async fn run(self) {
        loop {
            let claimed = match store::claim(
                &self.db,
                &self.subscription,
                now_ms(),
                self.settings.lease.as_millis() as i64,
                self.settings.batch,
            )
            .await
            {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, subscription = %self.subscription, "deliveries not claimed");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                // Woken by the fan-out, or polling for retries that came due
                // and for work other nodes fanned out.
                let _ = tokio::time::timeout(self.settings.poll * 5, self.bell.notified()).await;
                continue;
            }
            let tried = self.deliver(&claimed).await;
            let now = now_ms();
            let outcomes: Vec<Outcome> = claimed
                .iter()
                .zip(tried)
                .map(|(delivery, tried)| {
                    let next = if tried.succeeded() {
                        Next::Delivered
                    } else if self.settings.retry.gives_up(delivery.retry_from, now) {
                        Next::Dead
                    } else {
                        Next::RetryAt(now + self.settings.retry.delay_ms(delivery.attempts, &mut rand::rng()))
                    };
                    if next == Next::Dead {
                        tracing::warn!(subscription = %self.subscription, event = %delivery.event.event_id, "delivery given up: dead-lettered");
                    }
                    Outcome {
                        delivery_id: delivery.id,
                        lease_until: delivery.lease_until,
                        status: tried.status,
                        error: tried.error,
                        duration_ms: tried.duration_ms,
                        next,
                    }
                })
                .collect();
            metrics::counter!("madoguchi_webhook_attempts_total").increment(outcomes.len() as u64);
            if let Err(error) = store::record(&self.db, &self.subscription, &outcomes).await {
                // Unrecorded, the leases run out and the deliveries are
                // tried again: a duplicate, never a loss.
                tracing::warn!(%error, subscription = %self.subscription, "delivery outcomes not recorded");
                tokio::time::sleep(self.settings.poll).await;
            }
        }
    }

    async fn deliver(&self, claimed: &[Claimed]) -> Vec<Tried> {
        match &self.target {
            Target::Webhook { http, url, secret } => {
                let posts: Vec<_> = claimed
                    .iter()
                    .map(|delivery| Box::pin(post(http, url, secret, delivery)))
                    .collect();
                futures_util::stream::iter(posts)
                    .buffered(self.settings.concurrency.max(1))
                    .collect()
                    .await
            }
            Target::Nats(publisher) => publisher.publish_all(claimed).await,
        }
    }
}

async fn post(http: &reqwest::Client, url: &str, secret: &[u8], delivery: &Claimed) -> Tried {
    let body = delivery.event.body();
    let signature = crate::signature::sign(
        secret,
        time::OffsetDateTime::now_utc().unix_timestamp(),
        &body,
    );
    let started = Instant::now();
    let sent = http
        .post(url)
        .header("content-type", "application/json")
        .header("madoguchi-event-id", &delivery.event.event_id)
        .header("madoguchi-event-type", &delivery.event.event_type)
        .header("madoguchi-signature", signature)
        .header("madoguchi-delivery-attempt", delivery.attempts.to_string())
        .body(body)
        .send()
        .await;
    let (status, error) = match sent {
        Ok(response) => {
            let status = response.status().as_u16() as i64;
            // Read (a little of) the body so the connection is reused.
            let mut response = response;
            let mut read = 0usize;
            while let Ok(Some(chunk)) = response.chunk().await {
                read += chunk.len();
                if read > 64 * 1024 {
                    break;
                }
            }
            (Some(status), None)
        }
        Err(error) => (None, Some(short(&error.to_string()))),
    };
    Tried {
        status,
        error,
        duration_ms: started.elapsed().as_millis() as i64,
    }
}

/// An error as kept in the history: bounded.
pub fn short(text: &str) -> String {
    text.chars().take(300).collect()
}
