//! The fee schedules as stored, one per procedure, edited by the DX office.

use kernel::Db;
use sqlx::Row;

use crate::fees::Schedule;

pub async fn of(db: &Db, procedure_id: &str) -> anyhow::Result<Option<(Schedule, i64)>> {
    let Some(row) =
        sqlx::query("SELECT schedule, revision FROM fee_schedules WHERE procedure_id = $1")
            .bind(procedure_id)
            .fetch_optional(db.pool())
            .await?
    else {
        return Ok(None);
    };
    let text: String = row.try_get("schedule")?;
    Ok(Some((
        serde_json::from_str(&text)?,
        row.try_get("revision")?,
    )))
}

/// Every schedule: (procedure id, procedure name, schedule, revision).
pub async fn all(db: &Db) -> anyhow::Result<Vec<(String, String, Schedule, i64)>> {
    sqlx::query(
        "SELECT f.procedure_id, p.name, f.schedule, f.revision FROM fee_schedules f JOIN procedures p ON p.id = f.procedure_id ORDER BY f.procedure_id",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        let text: String = row.try_get("schedule")?;
        Ok((
            row.try_get("procedure_id")?,
            row.try_get("name")?,
            serde_json::from_str(&text)?,
            row.try_get("revision")?,
        ))
    })
    .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}", .0.join(" "))]
    Problems(Vec<String>),
    #[error("この手数料表は他の人が先に更新しました。開き直してください。")]
    Stale,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Saves a schedule after checking it against the procedure's form;
/// `expected` is the revision the editor started from (`None`: a new one).
pub async fn save(
    db: &Db,
    procedure_id: &str,
    schedule: &Schedule,
    form: Option<&forms::FormDefinition>,
    expected: Option<i64>,
    actor: &str,
) -> Result<i64, SaveError> {
    let problems = crate::fees::problems(schedule, form);
    if !problems.is_empty() {
        return Err(SaveError::Problems(problems));
    }
    let text = serde_json::to_string(schedule).map_err(anyhow::Error::from)?;
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await.map_err(anyhow::Error::from)?;
    let changed = match expected {
        None => sqlx::query(
            "INSERT INTO fee_schedules (procedure_id, schedule, revision, updated_at, updated_by) VALUES ($1, $2, 1, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(procedure_id)
        .bind(&text)
        .bind(&now)
        .bind(actor)
        .execute(&mut *tx)
        .await,
        Some(revision) => sqlx::query(
            "UPDATE fee_schedules SET schedule = $1, revision = revision + 1, updated_at = $2, updated_by = $3 WHERE procedure_id = $4 AND revision = $5",
        )
        .bind(&text)
        .bind(&now)
        .bind(actor)
        .bind(procedure_id)
        .bind(revision)
        .execute(&mut *tx)
        .await,
    }
    .map_err(anyhow::Error::from)?
    .rows_affected();
    if changed != 1 {
        return Err(SaveError::Stale);
    }
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "fee_schedule",
            target_id: procedure_id,
            actor,
            action: "fee_schedule.saved",
            before: None,
            after: Some(serde_json::to_value(schedule).map_err(anyhow::Error::from)?),
        },
    )
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(expected.unwrap_or(0) + 1)
}
