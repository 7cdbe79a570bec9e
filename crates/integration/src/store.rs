//! The integration hub's tables: subscriptions, their deliveries (one per
//! event and subscription, with a lease while a node works on it) and every
//! attempt. Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL, so any
//! number of nodes relay together; SQLite has one writer at a time.

use kernel::Db;
use kernel::db::Backend;
use rand::RngCore;
use serde_json::Value;
use sqlx::Row;

use crate::event::{Filter, Stored};

/// A subscription as listed (never its secret).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Subscription {
    pub id: String,
    pub kind: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub sections: Vec<String>,
    pub bureaus: Vec<String>,
    pub description: String,
    pub created_by: String,
    pub created_at: String,
    pub disabled_at: Option<String>,
}

impl Subscription {
    pub fn filter(&self) -> Filter {
        Filter {
            event_types: self.event_types.clone(),
            sections: self.sections.clone(),
            bureaus: self.bureaus.clone(),
        }
    }
}

/// What a new subscription asks for.
#[derive(Debug, Clone, Default)]
pub struct NewSubscription {
    pub url: String,
    pub filter: Filter,
    pub description: String,
    pub created_by: String,
}

/// The id NATS JetStream publishing is kept under, as a subscription.
pub const NATS: &str = "nats";

fn secret_context(id: &str) -> String {
    format!("webhooks.secret/{id}")
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

fn list_of(row: &sqlx::any::AnyRow, column: &str) -> anyhow::Result<Vec<String>> {
    let text: String = row.try_get(column)?;
    Ok(serde_json::from_str(&text)?)
}

fn subscription(row: &sqlx::any::AnyRow) -> anyhow::Result<Subscription> {
    Ok(Subscription {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        url: row.try_get("url")?,
        event_types: list_of(row, "event_types")?,
        sections: list_of(row, "sections")?,
        bureaus: list_of(row, "bureaus")?,
        description: row.try_get("description")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        disabled_at: row.try_get("disabled_at")?,
    })
}

const COLUMNS: &str = "id, kind, url, event_types, sections, bureaus, description, created_by, created_at, disabled_at";

/// Makes a subscription; returns it with its signing secret, shown once
/// to whoever made it (stored sealed, as answers are).
pub async fn create(db: &Db, new: &NewSubscription) -> anyhow::Result<(Subscription, String)> {
    let id = format!("wh_{}", random_hex(8));
    let secret = format!("whsec_{}", random_hex(32));
    let sealed = db.vault().seal_text(&secret_context(&id), &secret)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO webhook_subscriptions (id, kind, url, secret, event_types, sections, bureaus, description, created_by, created_at) \
         VALUES ($1, 'webhook', $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&new.url)
    .bind(sealed)
    .bind(serde_json::to_string(&new.filter.event_types)?)
    .bind(serde_json::to_string(&new.filter.sections)?)
    .bind(serde_json::to_string(&new.filter.bureaus)?)
    .bind(&new.description)
    .bind(&new.created_by)
    .bind(kernel::clock::now_text())
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "webhook",
            target_id: &id,
            actor: &new.created_by,
            action: "webhook.created",
            before: None,
            after: Some(serde_json::json!({
                "url": new.url,
                "event_types": new.filter.event_types,
                "sections": new.filter.sections,
                "bureaus": new.filter.bureaus,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    let created = get(db, &id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the subscription just made is gone"))?;
    Ok((created, secret))
}

/// NATS publishing as a subscription of every event, made the first time a
/// node starts with a NATS URL; started again if it had been stopped.
pub async fn ensure_nats(db: &Db, url: &str) -> anyhow::Result<()> {
    let now = kernel::clock::now_text();
    sqlx::query(
        "INSERT INTO webhook_subscriptions (id, kind, url, secret, created_by, created_at) \
         VALUES ($1, 'nats', $2, '', 'system', $3) ON CONFLICT (id) DO UPDATE SET url = $2, disabled_at = NULL",
    )
    .bind(NATS)
    .bind(url)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<Subscription>> {
    let sql = format!("SELECT {COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(subscription).collect()
}

/// Subscriptions that receive events now.
pub async fn active(db: &Db) -> anyhow::Result<Vec<Subscription>> {
    Ok(list(db)
        .await?
        .into_iter()
        .filter(|s| s.disabled_at.is_none())
        .collect())
}

pub async fn get(db: &Db, id: &str) -> anyhow::Result<Option<Subscription>> {
    let sql = format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(subscription).transpose()
}

/// The signing secret, opened.
pub async fn secret_of(db: &Db, id: &str) -> anyhow::Result<String> {
    let sealed: String =
        sqlx::query_scalar("SELECT secret FROM webhook_subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    Ok(db
        .vault()
        .open_text(&secret_context(id), &sealed)?
        .into_owned())
}

/// Stops a subscription: no new deliveries, none retried; its history stays.
pub async fn disable(db: &Db, id: &str, actor: &str) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE webhook_subscriptions SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL",
    )
    .bind(kernel::clock::now_text())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 1 {
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "webhook",
                target_id: id,
                actor,
                action: "webhook.disabled",
                before: None,
                after: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done == 1)
}

fn stored(row: &sqlx::any::AnyRow) -> anyhow::Result<Stored> {
    let payload: String = row.try_get("payload")?;
    Ok(Stored {
        outbox_id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        event_type: row.try_get("event_type")?,
        aggregate_id: row.try_get("aggregate_id")?,
        data: serde_json::from_str::<Value>(&payload)?,
        occurred_at: row.try_get("created_at")?,
    })
}

fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn skip_locked(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    }
}

/// Hands up to `limit` events not yet relayed to every active subscription
/// they match, in one transaction; returns how many events and the
/// subscriptions that got work.
pub async fn fan_out(
    db: &Db,
    bureau_of: &(dyn Fn(&str) -> Option<String> + Sync),
    now_ms: i64,
    limit: i64,
) -> anyhow::Result<(usize, Vec<String>)> {
    let mut tx = db.begin().await?;
    let sql = format!(
        "SELECT id, event_id, event_type, aggregate_id, payload, created_at FROM outbox \
         WHERE relayed_at IS NULL ORDER BY id LIMIT $1{}",
        skip_locked(db)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
    if rows.is_empty() {
        return Ok((0, Vec::new()));
    }
    let events = rows
        .iter()
        .map(stored)
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Read in the same transaction: a subscription made a moment ago, on
    // any node, gets the events relayed from now on.
    let sql = format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE disabled_at IS NULL");
    let subscriptions = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(subscription)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let now = kernel::clock::now_text();
    let mut pairs: Vec<(&str, &Stored)> = Vec::new();
    let mut woken: Vec<String> = Vec::new();
    for event in &events {
        for subscription in &subscriptions {
            if subscription.filter().matches(event, bureau_of) {
                pairs.push((&subscription.id, event));
                if !woken.contains(&subscription.id) {
                    woken.push(subscription.id.clone());
                }
            }
        }
    }
    // Bounded statements: SQLite takes at most 32,766 parameters.
    for chunk in pairs.chunks(500) {
        let sql = format!(
            "INSERT INTO webhook_deliveries (subscription_id, outbox_id, aggregate_id, next_attempt_at, retry_from, created_at) \
             VALUES {} ON CONFLICT (subscription_id, outbox_id) DO NOTHING",
            kernel::db::value_rows(chunk.len(), 6)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (subscription, event) in chunk {
            query = query
                .bind(subscription.to_string())
                .bind(event.outbox_id)
                .bind(event.aggregate_id.clone())
                .bind(now_ms)
                .bind(now_ms)
                .bind(now.clone());
        }
        query.execute(&mut *tx).await?;
    }
    let sql = format!(
        "UPDATE outbox SET relayed_at = $1 WHERE id IN ({})",
        id_list(events.iter().map(|e| e.outbox_id))
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((events.len(), woken))
}

/// A delivery a node holds until `lease_until`.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub attempts: i64,
    pub retry_from: i64,
    pub lease_until: i64,
    pub event: Stored,
}

/// Takes up to `limit` deliveries of `subscription` that are due, at most
/// one per application, and none while an earlier event of the same
/// application is still pending — or not yet fanned out: with several
/// nodes, another node may hold that earlier event in a fan-out not yet
/// committed (seen in a test: a status change delivered before its
/// submission). Order is kept per application.
pub async fn claim(
    db: &Db,
    subscription: &str,
    now_ms: i64,
    lease_ms: i64,
    limit: i64,
) -> anyhow::Result<Vec<Claimed>> {
    let lease_until = now_ms + lease_ms;
    let sql = format!(
        "UPDATE webhook_deliveries SET lease_until = $1, attempts = attempts + 1 WHERE id IN ( \
           SELECT d.id FROM webhook_deliveries d \
           WHERE d.subscription_id = $2 AND d.state = 'pending' AND d.next_attempt_at <= $3 \
             AND (d.lease_until IS NULL OR d.lease_until < $3) \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e \
                 WHERE e.subscription_id = d.subscription_id AND e.aggregate_id = d.aggregate_id \
                   AND e.state = 'pending' AND e.outbox_id < d.outbox_id) \
             AND NOT EXISTS (SELECT 1 FROM outbox o \
                 WHERE o.aggregate_id = d.aggregate_id AND o.relayed_at IS NULL AND o.id < d.outbox_id) \
           ORDER BY d.outbox_id LIMIT $4{}) \
         RETURNING id, outbox_id, attempts, retry_from",
        skip_locked(db)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(lease_until)
        .bind(subscription)
        .bind(now_ms)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut held = Vec::with_capacity(rows.len());
    for row in &rows {
        let outbox_id: i64 = row.try_get("outbox_id")?;
        held.push((
            row.try_get::<i64, _>("id")?,
            outbox_id,
            row.try_get::<i64, _>("attempts")?,
            row.try_get::<i64, _>("retry_from")?,
        ));
    }
    let sql = format!(
        "SELECT id, event_id, event_type, aggregate_id, payload, created_at FROM outbox WHERE id IN ({})",
        id_list(held.iter().map(|h| h.1))
    );
    let events = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    let mut by_id = std::collections::HashMap::new();
    for row in &events {
        let event = stored(row)?;
        by_id.insert(event.outbox_id, event);
    }
    let mut claimed: Vec<Claimed> = held
        .into_iter()
        .filter_map(|(id, outbox_id, attempts, retry_from)| {
            by_id.remove(&outbox_id).map(|event| Claimed {
                id,
                attempts,
                retry_from,
                lease_until,
                event,
            })
        })
        .collect();
    claimed.sort_by_key(|c| c.event.outbox_id);
    Ok(claimed)
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub delivery_id: i64,
    pub lease_until: i64,
    pub status: Option<i64>,
    pub error: Option<String>,
    pub duration_ms: i64,
    pub next: Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Delivered,
    RetryAt(i64),
    Dead,
}

/// Records attempts and what follows them, in one transaction. A delivery
/// whose lease ran out and was taken by another node is left to that node.
pub async fn record(db: &Db, subscription: &str, outcomes: &[Outcome]) -> anyhow::Result<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    let delivered: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.next == Next::Delivered)
        .collect();
    // Delivered ones in bulk, by status and lease (all alike in a batch).
    let mut groups: std::collections::BTreeMap<(Option<i64>, i64), Vec<i64>> = Default::default();
    for outcome in &delivered {
        groups
            .entry((outcome.status, outcome.lease_until))
            .or_default()
            .push(outcome.delivery_id);
    }
    for ((status, lease), ids) in groups {
        let sql = format!(
            "UPDATE webhook_deliveries SET state = 'delivered', lease_until = NULL, last_status = $1, \
             last_error = NULL, finished_at = $2 WHERE lease_until = $3 AND id IN ({})",
            id_list(ids)
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(status)
            .bind(&now)
            .bind(lease)
            .execute(&mut *tx)
            .await?;
    }
    for outcome in outcomes.iter().filter(|o| o.next != Next::Delivered) {
        let (state, next_at, finished) = match outcome.next {
            Next::RetryAt(at) => ("pending", at, None),
            _ => ("dead", 0, Some(now.clone())),
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET state = $1, next_attempt_at = CASE WHEN $1 = 'dead' THEN next_attempt_at ELSE $2 END, \
             lease_until = NULL, last_status = $3, last_error = $4, finished_at = $5 WHERE id = $6 AND lease_until = $7",
        )
        .bind(state)
        .bind(next_at)
        .bind(outcome.status)
        .bind(outcome.error.as_deref())
        .bind(finished)
        .bind(outcome.delivery_id)
        .bind(outcome.lease_until)
        .execute(&mut *tx)
        .await?;
    }
    for chunk in outcomes.chunks(1000) {
        let sql = format!(
            "INSERT INTO webhook_attempts (delivery_id, subscription_id, attempted_at, status_code, duration_ms, error) VALUES {}",
            kernel::db::value_rows(chunk.len(), 6)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for outcome in chunk {
            query = query
                .bind(outcome.delivery_id)
                .bind(subscription.to_string())
                .bind(now.clone())
                .bind(outcome.status)
                .bind(outcome.duration_ms)
                .bind(outcome.error.clone());
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Puts dead-lettered deliveries of `subscription` back in the queue, all
/// or the one `delivery`; they get a new 24-hour window. Returns how many.
pub async fn replay(
    db: &Db,
    subscription: &str,
    delivery: Option<i64>,
    actor: &str,
    now_ms: i64,
) -> anyhow::Result<u64> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = $1, retry_from = $1, \
         finished_at = NULL, lease_until = NULL \
         WHERE subscription_id = $2 AND state = 'dead' AND ($3 < 0 OR id = $3)",
    )
    .bind(now_ms)
    .bind(subscription)
    .bind(delivery.unwrap_or(-1))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done > 0 {
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "webhook",
                target_id: subscription,
                actor,
                action: "webhook.replayed",
                before: None,
                after: Some(serde_json::json!({ "deliveries": done, "delivery": delivery })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// A delivery as its history shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    pub receipt_number: String,
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// The newest deliveries of a subscription, `state` if given.
pub async fn deliveries(
    db: &Db,
    subscription: &str,
    state: Option<&str>,
    limit: i64,
) -> anyhow::Result<Vec<Delivery>> {
    let rows = sqlx::query(
        "SELECT d.id, o.event_id, o.event_type, d.aggregate_id, d.state, d.attempts, d.last_status, d.last_error, \
                d.created_at, d.finished_at \
         FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id \
         WHERE d.subscription_id = $1 AND ($2 = '' OR d.state = $2) ORDER BY d.id DESC LIMIT $3",
    )
    .bind(subscription)
    .bind(state.unwrap_or(""))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Delivery {
                id: row.try_get("id")?,
                event_id: row.try_get("event_id")?,
                event_type: row.try_get("event_type")?,
                receipt_number: row.try_get("aggregate_id")?,
                state: row.try_get("state")?,
                attempts: row.try_get("attempts")?,
                last_status: row.try_get("last_status")?,
                last_error: row.try_get("last_error")?,
                created_at: row.try_get("created_at")?,
                finished_at: row.try_get("finished_at")?,
            })
        })
        .collect()
}

/// One attempt, for the history's timings.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Attempt {
    pub delivery_id: i64,
    pub attempted_at: String,
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
}

pub async fn attempts(db: &Db, subscription: &str, limit: i64) -> anyhow::Result<Vec<Attempt>> {
    let rows = sqlx::query(
        "SELECT delivery_id, attempted_at, status_code, duration_ms, error FROM webhook_attempts \
         WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(subscription)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Attempt {
                delivery_id: row.try_get("delivery_id")?,
                attempted_at: row.try_get("attempted_at")?,
                status_code: row.try_get("status_code")?,
                duration_ms: row.try_get("duration_ms")?,
                error: row.try_get("error")?,
            })
        })
        .collect()
}

/// How a subscription is doing, for the back office and its alert.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    pub pending: i64,
    pub dead: i64,
    pub delivered: i64,
    /// When the oldest delivery still pending was first tried (ms).
    pub oldest_pending_ms: Option<i64>,
    /// Whether the latest attempt failed.
    pub last_failed: bool,
}

impl Health {
    /// Failing: something was given up, or the latest attempt failed and
    /// work has waited more than five minutes.
    pub fn failing(&self, now_ms: i64) -> bool {
        self.dead > 0
            || (self.last_failed
                && self
                    .oldest_pending_ms
                    .is_some_and(|at| now_ms - at > 5 * 60_000))
    }
}

pub async fn health(db: &Db, subscription: &str) -> anyhow::Result<Health> {
    let rows = sqlx::query(
        "SELECT state, COUNT(*) AS n, MIN(retry_from) AS oldest FROM webhook_deliveries \
         WHERE subscription_id = $1 GROUP BY state",
    )
    .bind(subscription)
    .fetch_all(db.pool())
    .await?;
    let mut health = Health::default();
    for row in &rows {
        let state: String = row.try_get("state")?;
        let n: i64 = row.try_get("n")?;
        match state.as_str() {
            "pending" => {
                health.pending = n;
                health.oldest_pending_ms = row.try_get("oldest")?;
            }
            "dead" => health.dead = n,
            _ => health.delivered = n,
        }
    }
    let last: Option<(Option<i64>, Option<String>)> = sqlx::query(
        "SELECT status_code, error FROM webhook_attempts WHERE subscription_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(subscription)
    .fetch_optional(db.pool())
    .await?
    .map(|row| -> anyhow::Result<_> { Ok((row.try_get("status_code")?, row.try_get("error")?)) })
    .transpose()?;
    health.last_failed = last.is_some_and(|(status, error)| {
        error.is_some() || !status.is_some_and(|s| (200..300).contains(&s))
    });
    Ok(health)
}

/// How long delivered events and attempts are kept, for the history.
pub const KEPT: time::Duration = time::Duration::days(30);

/// What [`prune`] removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    pub deliveries: u64,
    pub attempts: u64,
    pub events: u64,
}

/// Removes deliveries delivered and attempts made before `before`, and the
/// events relayed before it that no delivery still needs. Dead letters stay
/// until they are replayed (or their subscription's history is no longer
/// wanted): they are the only copy of what a receiver missed.
pub async fn prune(db: &Db, before: time::OffsetDateTime) -> anyhow::Result<Pruned> {
    let cutoff = kernel::clock::to_text(before);
    let mut tx = db.begin().await?;
    let deliveries = sqlx::query(
        "DELETE FROM webhook_deliveries WHERE state = 'delivered' AND finished_at < $1",
    )
    .bind(&cutoff)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let attempts = sqlx::query("DELETE FROM webhook_attempts WHERE attempted_at < $1")
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let events = sqlx::query(
        "DELETE FROM outbox WHERE relayed_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = outbox.id)",
    )
    .bind(&cutoff)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(Pruned {
        deliveries,
        attempts,
        events,
    })
}

/// The daily job that keeps the hub's tables from growing without end.
pub fn daily_job(db: Db) -> kernel::housekeeping::DailyJob {
    kernel::housekeeping::DailyJob {
        name: "webhook history",
        run: Box::new(move |now| {
            let db = db.clone();
            Box::pin(async move {
                let pruned = prune(&db, now - KEPT).await?;
                tracing::info!(?pruned, "webhook history pruned");
                Ok(())
            })
        }),
    }
}
