//! The transactional outbox: an event is written in the same transaction as
//! the change it reports, so none is lost and none reports a change that
//! was rolled back. The integration crate relays them to webhooks and NATS,
//! in order per aggregate (the application).

use rand::RngCore;
use serde_json::Value;
use sqlx::{Any, Transaction};

/// A new event's id: random, so ids never repeat across databases (a
/// receiver or NATS deduplicates on it).
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Several events in one statement (a batch of submissions).
pub async fn enqueue_many(
    tx: &mut Transaction<'_, Any>,
    events: &[(&str, &str, &Value)],
) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO outbox (event_id, event_type, aggregate_id, payload, created_at) VALUES {}",
        crate::db::value_rows(events.len(), 5)
    );
    let now = crate::clock::now_text();
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (event_type, aggregate_id, payload) in events {
        query = query
            .bind(new_event_id())
            .bind(event_type.to_string())
            .bind(aggregate_id.to_string())
            .bind(payload.to_string())
            .bind(now.clone());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

pub async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    event_type: &str,
    aggregate_id: &str,
    payload: &Value,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO outbox (event_id, event_type, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(new_event_id())
        .bind(event_type)
        .bind(aggregate_id)
        .bind(payload.to_string())
        .bind(crate::clock::now_text())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
