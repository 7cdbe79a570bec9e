//! Each procedure's workflow settings: stored as JSON, the default when
//! none were set, every change written to the audit log.

use kernel::Db;
use serde_json::json;
use sqlx::Row;
use workflow::{Workflow, WorkflowConfig};

pub async fn config(db: &Db, procedure_id: &str) -> anyhow::Result<WorkflowConfig> {
    let row = sqlx::query("SELECT config FROM procedure_workflows WHERE procedure_id = $1")
        .bind(procedure_id)
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(row) => {
            let text: String = row.try_get("config")?;
            Ok(serde_json::from_str(&text)?)
        }
        None => Ok(WorkflowConfig::default()),
    }
}

/// Whether the procedure has its own settings.
pub async fn is_set(db: &Db, procedure_id: &str) -> anyhow::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM procedure_workflows WHERE procedure_id = $1")
            .bind(procedure_id)
            .fetch_optional(db.pool())
            .await?
            .is_some(),
    )
}

/// The workflow a procedure's applications follow.
pub async fn of_procedure(db: &Db, procedure_id: &str) -> anyhow::Result<Workflow> {
    Ok(config(db, procedure_id).await?.workflow())
}

pub async fn save(
    db: &Db,
    procedure_id: &str,
    config: &WorkflowConfig,
    actor: &str,
) -> anyhow::Result<()> {
    let before = self::config(db, procedure_id).await?;
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO procedure_workflows (procedure_id, config, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (procedure_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )
    .bind(procedure_id)
    .bind(serde_json::to_string(config)?)
    .bind(&now)
    .bind(actor)
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "procedure",
            target_id: procedure_id,
            actor,
            action: "procedure.workflow_changed",
            before: Some(json!(before)),
            after: Some(json!(config)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
