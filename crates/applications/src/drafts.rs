//! Drafts: a signed-in resident can keep an unfinished application and come
//! back to it; the form opens with what was kept. One draft per procedure,
//! removed when the application is sent.

use kernel::Db;
use serde_json::Value;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct Draft {
    pub procedure_id: String,
    /// In every language the procedure's name has.
    pub procedure_name: kernel::i18n::Localized,
    pub updated_at: String,
}

/// Where a draft's sealed answers belong.
fn context(resident_id: &str, procedure_id: &str) -> String {
    format!("drafts.answers/{resident_id}/{procedure_id}")
}

/// Keeps the answers (sealed), and which attachments they name, so the
/// purge of unused uploads keeps those.
pub async fn save(
    db: &Db,
    resident_id: &str,
    procedure_id: &str,
    answers: &Value,
) -> anyhow::Result<()> {
    keep(db, resident_id, procedure_id, answers).await
}

/// Seals a draft kept before sealing, as it was stored, leaving when it was
/// kept as it was; a draft saved or removed meanwhile is left alone.
pub(crate) async fn reseal(
    db: &Db,
    resident_id: &str,
    procedure_id: &str,
    stored: &str,
) -> anyhow::Result<()> {
    let sealed = db
        .vault()
        .seal_text(&context(resident_id, procedure_id), stored)?;
    let answers: Value = serde_json::from_str(stored).unwrap_or(Value::Null);
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE drafts SET answers = $1 WHERE resident_id = $2 AND procedure_id = $3 AND answers = $4",
    )
    .bind(sealed)
    .bind(resident_id)
    .bind(procedure_id)
    .bind(stored)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 1 {
        name_files(&mut tx, resident_id, procedure_id, &answers).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn keep(
    db: &Db,
    resident_id: &str,
    procedure_id: &str,
    answers: &Value,
) -> anyhow::Result<()> {
    let sealed = db
        .vault()
        .seal_text(&context(resident_id, procedure_id), &answers.to_string())?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO drafts (resident_id, procedure_id, answers, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (resident_id, procedure_id) DO UPDATE SET answers = excluded.answers, \
         updated_at = excluded.updated_at",
    )
    .bind(resident_id)
    .bind(procedure_id)
    .bind(sealed)
    .bind(kernel::clock::now_text())
    .execute(&mut *tx)
    .await?;
    forget_files(&mut tx, resident_id, procedure_id).await?;
    name_files(&mut tx, resident_id, procedure_id, answers).await?;
    tx.commit().await?;
    Ok(())
}

/// Records the attachments a draft's answers name.
async fn name_files(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    resident_id: &str,
    procedure_id: &str,
    answers: &Value,
) -> anyhow::Result<()> {
    for attachment in crate::attachments::ids_in(answers) {
        sqlx::query(
            "INSERT INTO draft_files (resident_id, procedure_id, attachment_id) VALUES ($1, $2, $3) \
             ON CONFLICT (resident_id, procedure_id, attachment_id) DO NOTHING",
        )
        .bind(resident_id)
        .bind(procedure_id)
        .bind(attachment)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn forget_files(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    resident_id: &str,
    procedure_id: &str,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM draft_files WHERE resident_id = $1 AND procedure_id = $2")
        .bind(resident_id)
        .bind(procedure_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The kept answers and when they were kept.
pub async fn load(
    db: &Db,
    resident_id: &str,
    procedure_id: &str,
) -> anyhow::Result<Option<(Value, String)>> {
    let row = sqlx::query(
        "SELECT answers, updated_at FROM drafts WHERE resident_id = $1 AND procedure_id = $2",
    )
    .bind(resident_id)
    .bind(procedure_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<(Value, String)> {
        let stored: String = row.try_get("answers")?;
        let answers = db
            .vault()
            .open_text(&context(resident_id, procedure_id), &stored)?;
        Ok((
            serde_json::from_str(&answers).unwrap_or(Value::Null),
            row.try_get("updated_at")?,
        ))
    })
    .transpose()
}

pub async fn delete(db: &Db, resident_id: &str, procedure_id: &str) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM drafts WHERE resident_id = $1 AND procedure_id = $2")
        .bind(resident_id)
        .bind(procedure_id)
        .execute(&mut *tx)
        .await?;
    forget_files(&mut tx, resident_id, procedure_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The resident's drafts, latest first.
pub async fn of_resident(db: &Db, resident_id: &str) -> anyhow::Result<Vec<Draft>> {
    let rows = sqlx::query(
        "SELECT drafts.procedure_id, procedures.name, procedures.name_en, drafts.updated_at FROM drafts \
         JOIN procedures ON procedures.id = drafts.procedure_id \
         WHERE drafts.resident_id = $1 ORDER BY drafts.updated_at DESC",
    )
    .bind(resident_id)
    .fetch_all(db.pool())
    .await?;
    let ids: Vec<String> = rows
        .iter()
        .map(|row| row.try_get("procedure_id"))
        .collect::<Result<_, _>>()?;
    let translated = catalog::translations::of_procedures(
        db,
        &ids.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await?;
    rows.iter()
        .zip(ids)
        .map(|(row, procedure_id)| {
            let name: String = row.try_get("name")?;
            let name_en: Option<String> = row.try_get("name_en")?;
            Ok(Draft {
                procedure_name: catalog::translations::localized(
                    &name,
                    name_en.as_deref().unwrap_or_default(),
                    translated.get(&procedure_id).unwrap_or(&Default::default()),
                ),
                procedure_id,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect()
}
