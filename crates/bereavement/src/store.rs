//! The rules' versions: the DX office saves a new one, the newest is in
//! force, and the platform's own rules stand until the first is saved.

use kernel::Db;
use sqlx::Row;

use crate::rules::{self, Problem, Rules};

/// A saved version, newest first in lists.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i64,
    pub saved_by: String,
    pub saved_at: String,
}

/// The source in force: the newest saved, else the default.
pub async fn current_source(db: &Db) -> anyhow::Result<(Option<i64>, String)> {
    let row =
        sqlx::query("SELECT version, source FROM bereavement_rules ORDER BY version DESC LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    Ok(match row {
        Some(row) => (Some(row.try_get("version")?), row.try_get("source")?),
        None => (None, rules::DEFAULT_RULES.to_string()),
    })
}

/// The rules in force. A saved version was checked when saved; should it
/// no longer read (a newer platform), the default stands and it is logged.
pub async fn current(db: &Db) -> anyhow::Result<Rules> {
    let (version, source) = current_source(db).await?;
    match rules::parse(&source) {
        Ok(rules) => Ok(rules),
        Err(problems) => {
            tracing::error!(
                ?version,
                ?problems,
                "saved bereavement rules do not read; the default stands"
            );
            rules::parse(rules::DEFAULT_RULES)
                .map_err(|p| anyhow::anyhow!("the default bereavement rules do not read: {p:?}"))
        }
    }
}

pub async fn versions(db: &Db) -> anyhow::Result<Vec<Version>> {
    sqlx::query(
        "SELECT version, saved_by, saved_at FROM bereavement_rules ORDER BY version DESC LIMIT 50",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(Version {
            version: row.try_get("version")?,
            saved_by: row.try_get("saved_by")?,
            saved_at: row.try_get("saved_at")?,
        })
    })
    .collect()
}

/// Saves a checked source as the next version, with an audit entry; the
/// problems when it does not check.
pub async fn save(db: &Db, source: &str, actor: &str) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    if let Err(problems) = rules::parse(source) {
        return Ok(Err(problems));
    }
    let mut tx = db.begin().await?;
    let next: i64 =
        sqlx::query("SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM bereavement_rules")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
    sqlx::query(
        "INSERT INTO bereavement_rules (version, source, saved_by, saved_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(next)
    .bind(source)
    .bind(actor)
    .bind(kernel::clock::now_text())
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "bereavement_rules",
            target_id: "rules",
            actor,
            action: "bereavement_rules.saved",
            before: None,
            after: Some(serde_json::json!({ "version": next })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(next))
}
