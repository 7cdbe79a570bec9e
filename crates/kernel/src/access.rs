//! Reads of personal data, recorded: who opened which case or file, which
//! business system read which application, who exported an inbox — with
//! the client's address. Auditors ask "who saw this person's data"; the
//! audit chain answers "who changed it".

use sqlx::Row;

use crate::Db;
use crate::client::ClientAddr;

/// One read.
#[derive(Debug, Clone)]
pub struct Access<'a> {
    /// `staff:ID`, `api:TOKEN-ID:NAME`, …
    pub actor: &'a str,
    /// `application.viewed`, `attachment.downloaded`, `inbox.exported`, …
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub client: ClientAddr,
}

/// Records `access`; a read that cannot be recorded is refused by the
/// caller (the error), so no read goes unrecorded.
pub async fn record(db: &Db, access: Access<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO access_log (at, actor, action, target_type, target_id, client) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::clock::now_text())
    .bind(access.actor)
    .bind(access.action)
    .bind(access.target_type)
    .bind(access.target_id)
    .bind(access.client.to_string())
    .execute(db.pool())
    .await?;
    tracing::info!(
        target: "access",
        actor = access.actor,
        action = access.action,
        target_type = access.target_type,
        target_id = access.target_id,
        "personal data read"
    );
    Ok(())
}

/// A recorded read, as an auditor lists them.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Recorded {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub client: String,
}

/// Who read `target`, oldest first.
pub async fn of_target(
    db: &Db,
    target_type: &str,
    target_id: &str,
) -> anyhow::Result<Vec<Recorded>> {
    let rows = sqlx::query(
        "SELECT at, actor, action, client FROM access_log WHERE target_type = $1 AND target_id = $2 ORDER BY id",
    )
    .bind(target_type)
    .bind(target_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Recorded {
                at: row.try_get("at")?,
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                client: row.try_get("client")?,
            })
        })
        .collect()
}
