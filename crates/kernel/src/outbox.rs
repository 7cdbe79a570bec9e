//! The transactional outbox: an event is written in the same transaction as
//! the change it reports, so none is lost and none reports a change that
//! was rolled back. The integration hub delivers them in `id` order.

use serde_json::Value;
use sqlx::{Any, Transaction};

/// Several events in one statement (a batch of submissions).
pub async fn enqueue_many(
    tx: &mut Transaction<'_, Any>,
    events: &[(&str, &str, &Value)],
) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO outbox (event_type, aggregate_id, payload, created_at) VALUES {}",
        crate::db::value_rows(events.len(), 4)
    );
    let now = crate::clock::now_text();
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (event_type, aggregate_id, payload) in events {
        query = query
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
    sqlx::query("INSERT INTO outbox (event_type, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4)")
        .bind(event_type)
        .bind(aggregate_id)
        .bind(payload.to_string())
        .bind(crate::clock::now_text())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
