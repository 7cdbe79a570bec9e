//! Stored form definitions: every version is kept, a new one gets the next
//! number, and a submission names the version it was made against.

use anyhow::Context;
use forms::FormDefinition;
use kernel::Db;
use sqlx::Row;

/// Stores `definition` as the procedure's next version and returns it.
pub async fn save(
    db: &Db,
    definition: &FormDefinition,
    created_by: &str,
) -> anyhow::Result<FormDefinition> {
    let mut tx = db.begin().await?;
    let stored = save_in(&mut tx, definition, created_by, created_by).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Stores the next version inside the caller's transaction: `created_by`
/// published it, `authored_by` wrote it (the same person only where no
/// review is asked, as in the demo's seeding).
pub async fn save_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    definition: &FormDefinition,
    created_by: &str,
    authored_by: &str,
) -> anyhow::Result<FormDefinition> {
    let current: Option<i64> =
        sqlx::query("SELECT MAX(version) FROM form_definitions WHERE procedure_id = $1")
            .bind(&definition.procedure_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
    let mut stored = definition.clone();
    stored.version = current.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO form_definitions (procedure_id, version, definition, created_at, created_by, authored_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&stored.procedure_id)
    .bind(stored.version)
    .bind(serde_json::to_string(&stored)?)
    .bind(kernel::clock::now_text())
    .bind(created_by)
    .bind(authored_by)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("cannot store the form of {}", stored.procedure_id))?;
    catalog::store::form_published(tx).await?;
    Ok(stored)
}

fn parse(text: &str) -> anyhow::Result<FormDefinition> {
    serde_json::from_str(text).context("a stored form definition does not parse")
}

/// Every stored version: number, when, published by whom; newest first.
pub async fn versions(db: &Db, procedure_id: &str) -> anyhow::Result<Vec<(i64, String, String)>> {
    Ok(version_list(db, procedure_id)
        .await?
        .into_iter()
        .map(|v| (v.version, v.created_at, v.created_by))
        .collect())
}

/// A published version as its history shows it.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    pub version: i64,
    pub created_at: String,
    /// Who published it (the reviewer).
    pub created_by: String,
    /// Who wrote it.
    pub authored_by: String,
}

/// Every stored version with its author and publisher; newest first.
pub async fn version_list(db: &Db, procedure_id: &str) -> anyhow::Result<Vec<VersionInfo>> {
    let rows = sqlx::query(
        "SELECT CAST(version AS BIGINT) AS version, created_at, created_by, authored_by FROM form_definitions \
         WHERE procedure_id = $1 ORDER BY version DESC",
    )
    .bind(procedure_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(VersionInfo {
                version: row.try_get("version")?,
                created_at: row.try_get("created_at")?,
                created_by: row.try_get("created_by")?,
                authored_by: row.try_get("authored_by")?,
            })
        })
        .collect()
}

/// The newest version of a procedure's form.
pub async fn current(db: &Db, procedure_id: &str) -> anyhow::Result<Option<FormDefinition>> {
    sqlx::query("SELECT definition FROM form_definitions WHERE procedure_id = $1 ORDER BY version DESC LIMIT 1")
        .bind(procedure_id)
        .fetch_optional(db.pool())
        .await?
        .map(|row| parse(&row.try_get::<String, _>("definition")?))
        .transpose()
}

/// One exact version.
pub async fn version(
    db: &Db,
    procedure_id: &str,
    version: i64,
) -> anyhow::Result<Option<FormDefinition>> {
    sqlx::query("SELECT definition FROM form_definitions WHERE procedure_id = $1 AND version = $2")
        .bind(procedure_id)
        .bind(version)
        .fetch_optional(db.pool())
        .await?
        .map(|row| parse(&row.try_get::<String, _>("definition")?))
        .transpose()
}

/// The form version an application was made against. Versions are never
/// removed, so a missing one is an internal error.
pub async fn of_application(
    db: &Db,
    application: &crate::model::Application,
) -> anyhow::Result<FormDefinition> {
    version(db, &application.procedure_id, application.form_version)
        .await?
        .with_context(|| {
            format!(
                "version {} of the form of {} is missing",
                application.form_version, application.procedure_id
            )
        })
}

/// The application's answers as a person reads them, labelled by the form
/// version they were given against (no rows if that version is missing).
pub async fn answer_rows(
    db: &Db,
    application: &crate::model::Application,
    lang: kernel::i18n::Lang,
) -> anyhow::Result<Vec<forms::display::Row>> {
    Ok(
        version(db, &application.procedure_id, application.form_version)
            .await?
            .map(|form| forms::display::rows(&form, &application.answers, lang))
            .unwrap_or_default(),
    )
}
