//! Sealing what was stored before personal data was sealed at rest (see
//! `kernel::sealed`): run at the first start of a version that seals, until
//! it has finished once (`sealing_done`); from then on a value found unsealed
//! is refused. Audit entries keep what they recorded: rewriting them would
//! break the chain that proves them; the files their answers named are kept.

use kernel::Db;
use serde_json::Value;
use sqlx::Row;

use crate::attachments::{self, Attachments};
use crate::store;

/// Rows sealed per transaction.
const BATCH: i64 = 500;

/// What was sealed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sealed {
    pub applications: usize,
    pub drafts: usize,
    pub files: usize,
}

pub async fn seal_existing(db: &Db, files: &Attachments) -> anyhow::Result<Sealed> {
    keep_files_named_in_audit(db).await?;
    let sealed = Sealed {
        applications: seal_applications(db).await?,
        drafts: seal_drafts(db).await?,
        files: files.seal_existing(db).await?,
    };
    if sealed != Sealed::default() {
        tracing::info!(
            applications = sealed.applications,
            drafts = sealed.drafts,
            files = sealed.files,
            "personal data stored before sealing is now sealed"
        );
    }
    Ok(sealed)
}

/// The files that answers replaced by a correction named, as the audit
/// entries from before sealing hold them: the purge of unused uploads keeps
/// them as before.
async fn keep_files_named_in_audit(db: &Db) -> anyhow::Result<()> {
    let rows = sqlx::query(
        "SELECT target_id, before, after FROM audit_log WHERE target_type = 'application' \
         AND (before LIKE '%attachment_id%' OR after LIKE '%attachment_id%')",
    )
    .fetch_all(db.pool())
    .await?;
    let mut named: Vec<(String, String)> = Vec::new();
    for row in &rows {
        let application: String = row.try_get("target_id")?;
        for column in ["before", "after"] {
            let text: Option<String> = row.try_get(column)?;
            let value: Value = text
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null);
            for id in attachments::ids_in(&value) {
                named.push((application.clone(), id));
            }
        }
    }
    let mut tx = db.begin().await?;
    for chunk in named.chunks(500) {
        let pairs: Vec<(&str, &str)> = chunk
            .iter()
            .map(|(a, f)| (a.as_str(), f.as_str()))
            .collect();
        store::name_files(&mut tx, &pairs).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn seal_applications(db: &Db) -> anyhow::Result<usize> {
    let mut done = 0;
    loop {
        let rows = sqlx::query(
            "SELECT id, answers FROM applications WHERE answers NOT LIKE 'sealed1.%' AND answers <> '{}' \
             ORDER BY id LIMIT $1",
        )
        .bind(BATCH)
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = db.begin().await?;
        for row in &rows {
            let id: String = row.try_get("id")?;
            let stored: String = row.try_get("answers")?;
            // Sealed as stored, whatever it holds: nothing is lost.
            let answers: Value = serde_json::from_str(&stored).unwrap_or(Value::Null);
            sqlx::query(
                "UPDATE applications SET answers = $1, search_terms = $2 WHERE id = $3 AND answers = $4",
            )
            .bind(
                db.vault()
                    .seal_text(&store::answers_context(&id), &stored)?,
            )
            .bind(db.vault().terms_of(&answers))
            .bind(&id)
            .bind(&stored)
            .execute(&mut *tx)
            .await?;
            let named = attachments::ids_in(&answers);
            let pairs: Vec<(&str, &str)> =
                named.iter().map(|f| (id.as_str(), f.as_str())).collect();
            store::name_files(&mut tx, &pairs).await?;
        }
        tx.commit().await?;
        done += rows.len();
    }
}

async fn seal_drafts(db: &Db) -> anyhow::Result<usize> {
    let rows = sqlx::query(
        "SELECT resident_id, procedure_id, answers FROM drafts WHERE answers NOT LIKE 'sealed1.%'",
    )
    .fetch_all(db.pool())
    .await?;
    for row in &rows {
        let resident: String = row.try_get("resident_id")?;
        let procedure: String = row.try_get("procedure_id")?;
        let stored: String = row.try_get("answers")?;
        crate::drafts::reseal(db, &resident, &procedure, &stored).await?;
    }
    Ok(rows.len())
}
