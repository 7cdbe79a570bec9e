//! Sealing what was stored before personal data was sealed at rest (see
//! `kernel::sealed`): run at every start, it finds nothing to do once done.
//! Audit entries keep what they recorded: rewriting them would break the
//! chain that proves them.

use kernel::Db;
use kernel::sealed::Vault;
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

async fn seal_applications(db: &Db) -> anyhow::Result<usize> {
    let mut done = 0;
    loop {
        let rows = sqlx::query(
            "SELECT id, answers FROM applications WHERE answers NOT LIKE 'sealed1.%' AND answers <> '{}' ORDER BY id LIMIT $1",
        )
        .bind(BATCH)
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = db.pool().begin().await?;
        for row in &rows {
            let id: String = row.try_get("id")?;
            let stored: String = row.try_get("answers")?;
            let answers: Value = serde_json::from_str(&stored).unwrap_or(Value::Null);
            sqlx::query(
                "UPDATE applications SET answers = $1, search_terms = $2 WHERE id = $3 AND answers = $4",
            )
            .bind(store::seal_answers(db, &id, &answers)?)
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
        if Vault::is_sealed_text(&stored) {
            continue;
        }
        let answers: Value = serde_json::from_str(&stored).unwrap_or(Value::Null);
        crate::drafts::reseal(db, &resident, &procedure, &answers).await?;
    }
    Ok(rows.len())
}
