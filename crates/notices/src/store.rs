//! Notice templates and issued notices in the database. A notice's PDF and
//! text are sealed at rest like the answers they come from.

use kernel::Db;
use sqlx::{Any, Row, Transaction};

use crate::content::{Content, Decision};
use crate::template::{self, NoticeTemplate};

fn template_of(row: &sqlx::any::AnyRow) -> anyhow::Result<NoticeTemplate> {
    let decision: String = row.try_get("decision")?;
    Ok(NoticeTemplate {
        id: row.try_get("id")?,
        procedure_id: row.try_get("procedure_id")?,
        decision: Decision::parse(&decision)
            .ok_or_else(|| anyhow::anyhow!("unknown decision {decision:?}"))?,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        items: row.try_get("items")?,
        disposition: row.try_get::<i64, _>("disposition")? != 0,
        appeal: row.try_get("appeal")?,
        issuer: row.try_get("issuer")?,
        revision: row.try_get("revision")?,
    })
}

const TEMPLATE_COLUMNS: &str =
    "id, procedure_id, decision, kind, title, body, items, disposition, appeal, issuer, revision";

/// The template id for a procedure (or the city default) and decision.
pub fn template_id(procedure_id: Option<&str>, decision: Decision) -> String {
    format!("{}/{}", procedure_id.unwrap_or("default"), decision.code())
}

/// The template a notice of `procedure_id` uses: the procedure's own, else
/// the city's default as edited, else the built-in one.
pub async fn template_for(
    db: &Db,
    procedure_id: &str,
    decision: Decision,
) -> anyhow::Result<NoticeTemplate> {
    for id in [
        template_id(Some(procedure_id), decision),
        template_id(None, decision),
    ] {
        if let Some(found) = template(db, &id).await? {
            return Ok(found);
        }
    }
    Ok(template::default_for(decision))
}

pub async fn template(db: &Db, id: &str) -> anyhow::Result<Option<NoticeTemplate>> {
    let sql = format!("SELECT {TEMPLATE_COLUMNS} FROM notice_templates WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(template_of)
        .transpose()
}

/// Every template the city has edited, with who changed it last.
pub async fn templates(db: &Db) -> anyhow::Result<Vec<(NoticeTemplate, String, String)>> {
    let sql = format!(
        "SELECT {TEMPLATE_COLUMNS}, updated_at, updated_by FROM notice_templates ORDER BY procedure_id IS NOT NULL, procedure_id, decision"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| {
            Ok((
                template_of(row)?,
                row.try_get("updated_at")?,
                row.try_get("updated_by")?,
            ))
        })
        .collect()
}

#[derive(Debug)]
pub enum SaveError {
    Invalid(Vec<template::Problem>),
    /// Someone saved it meanwhile.
    Stale,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for SaveError {
    fn from(e: anyhow::Error) -> Self {
        SaveError::Internal(e)
    }
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> Self {
        SaveError::Internal(e.into())
    }
}

/// Saves a template the DX office edited. `template.revision` is the one
/// the edit started from (0 for a new one); the audit log keeps both texts.
pub async fn save_template(db: &Db, template: &NoticeTemplate, by: &str) -> Result<i64, SaveError> {
    let problems = template::problems(template);
    if !problems.is_empty() {
        return Err(SaveError::Invalid(problems));
    }
    let before = self::template(db, &template.id).await?;
    if before.as_ref().map_or(0, |t| t.revision) != template.revision {
        return Err(SaveError::Stale);
    }
    let now = kernel::clock::now_text();
    let revision = template.revision + 1;
    let mut tx = db.begin().await?;
    let changed = if before.is_some() {
        sqlx::query(
            "UPDATE notice_templates SET kind = $1, title = $2, body = $3, items = $4, disposition = $5, \
             appeal = $6, issuer = $7, revision = $8, updated_at = $9, updated_by = $10 \
             WHERE id = $11 AND revision = $12",
        )
        .bind(&template.kind)
        .bind(&template.title)
        .bind(&template.body)
        .bind(&template.items)
        .bind(i64::from(template.disposition))
        .bind(&template.appeal)
        .bind(&template.issuer)
        .bind(revision)
        .bind(&now)
        .bind(by)
        .bind(&template.id)
        .bind(template.revision)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "INSERT INTO notice_templates (id, procedure_id, decision, kind, title, body, items, disposition, \
             appeal, issuer, revision, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&template.id)
        .bind(&template.procedure_id)
        .bind(template.decision.code())
        .bind(&template.kind)
        .bind(&template.title)
        .bind(&template.body)
        .bind(&template.items)
        .bind(i64::from(template.disposition))
        .bind(&template.appeal)
        .bind(&template.issuer)
        .bind(revision)
        .bind(&now)
        .bind(by)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if changed != 1 {
        return Err(SaveError::Stale);
    }
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "notice_template",
            target_id: &template.id,
            actor: by,
            action: "notice_template.saved",
            before: before.map(|t| serde_json::json!(t)),
            after: Some(serde_json::json!({ "revision": revision, "template": template })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(revision)
}

/// The next notice number of `fiscal_year`, in its own short transaction so
/// no lock is held while the notice is signed. A number whose notice then
/// fails is left unused and the audit log says why.
pub async fn next_serial(db: &Db, fiscal_year: i32) -> anyhow::Result<i64> {
    next_serials(db, fiscal_year, 1)
        .await?
        .first()
        .copied()
        .ok_or_else(|| anyhow::anyhow!("no notice number taken"))
}

/// `count` consecutive numbers of `fiscal_year` in one transaction (a
/// bulk group); their serials.
pub async fn next_serials(db: &Db, fiscal_year: i32, count: usize) -> anyhow::Result<Vec<i64>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(count)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO notice_counters (fiscal_year, last_value) VALUES ($1, 0) ON CONFLICT (fiscal_year) DO NOTHING",
    )
    .bind(i64::from(fiscal_year))
    .execute(&mut *tx)
    .await?;
    let last: i64 = sqlx::query(
        "UPDATE notice_counters SET last_value = last_value + $1 WHERE fiscal_year = $2 RETURNING last_value",
    )
    .bind(count)
    .bind(i64::from(fiscal_year))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    tx.commit().await?;
    Ok((last - count + 1..=last).collect())
}

/// A notice as listed (no PDF, no personal data).
#[derive(Debug, Clone, serde::Serialize)]
pub struct NoticeRow {
    #[serde(skip)]
    pub id: String,
    pub number: String,
    #[serde(skip)]
    pub code_hash: String,
    #[serde(skip)]
    pub application_id: String,
    pub receipt_number: String,
    pub procedure_id: String,
    #[serde(skip)]
    pub section_id: Option<String>,
    pub decision: String,
    pub kind: String,
    pub procedure_name: String,
    pub level: String,
    pub signer: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub issued_at: String,
    #[serde(skip)]
    pub issued_by: String,
    pub read_at: Option<String>,
    pub revoked_at: Option<String>,
    #[serde(skip)]
    pub revoke_reason: Option<String>,
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
}

const ROW_COLUMNS: &str = "n.id, n.number, n.code_hash, n.application_id, n.receipt_number, n.procedure_id, \
     n.section_id, n.decision, n.kind, n.procedure_name, n.level, n.signer, n.sha256, n.size_bytes, \
     n.issued_at, n.issued_by, n.read_at, n.revoked_at, n.revoke_reason, \
     (SELECT r.number FROM notices r WHERE r.id = n.replaces) AS replaces, \
     (SELECT r.number FROM notices r WHERE r.id = n.replaced_by) AS replaced_by";

fn row_of(row: &sqlx::any::AnyRow) -> anyhow::Result<NoticeRow> {
    Ok(NoticeRow {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        code_hash: row.try_get("code_hash")?,
        application_id: row.try_get("application_id")?,
        receipt_number: row.try_get("receipt_number")?,
        procedure_id: row.try_get("procedure_id")?,
        section_id: row.try_get("section_id")?,
        decision: row.try_get("decision")?,
        kind: row.try_get("kind")?,
        procedure_name: row.try_get("procedure_name")?,
        level: row.try_get("level")?,
        signer: row.try_get("signer")?,
        sha256: row.try_get("sha256")?,
        size_bytes: row.try_get("size_bytes")?,
        issued_at: row.try_get("issued_at")?,
        issued_by: row.try_get("issued_by")?,
        read_at: row.try_get("read_at")?,
        revoked_at: row.try_get("revoked_at")?,
        revoke_reason: row.try_get("revoke_reason")?,
        replaces: row.try_get("replaces")?,
        replaced_by: row.try_get("replaced_by")?,
    })
}

pub async fn by_number(db: &Db, number: &str) -> anyhow::Result<Option<NoticeRow>> {
    let sql = format!("SELECT {ROW_COLUMNS} FROM notices n WHERE n.number = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(number)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(row_of)
        .transpose()
}

pub async fn of_application(db: &Db, application_id: &str) -> anyhow::Result<Vec<NoticeRow>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM notices n WHERE n.application_id = $1 ORDER BY n.issued_at, n.number"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(application_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(row_of)
        .collect()
}

fn pdf_context(id: &str) -> String {
    format!("notice.pdf/{id}")
}

fn content_context(id: &str) -> String {
    format!("notice.content/{id}")
}

/// A notice about to be stored.
pub struct NewNotice<'a> {
    pub id: &'a str,
    pub content: &'a Content,
    pub code_hash: &'a str,
    pub application: &'a applications::model::Application,
    pub procedure_name: &'a str,
    pub template_id: &'a str,
    pub level: &'a str,
    pub signer: &'a str,
    pub pdf: &'a [u8],
    pub issued_at: &'a str,
    pub issued_by: &'a str,
    pub replaces: Option<&'a str>,
    pub archive_due_at: Option<time::OffsetDateTime>,
}

pub async fn insert(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    notice: &NewNotice<'_>,
) -> anyhow::Result<()> {
    use sha2::Digest;
    let sealed_pdf = db.vault().seal(&pdf_context(notice.id), notice.pdf)?;
    let sealed_content = db.vault().seal_text(
        &content_context(notice.id),
        &serde_json::to_string(notice.content)?,
    )?;
    sqlx::query(
        "INSERT INTO notices (id, number, code_hash, application_id, receipt_number, procedure_id, section_id, \
         decision, kind, procedure_name, template_id, level, signer, pdf, content, sha256, size_bytes, \
         issued_at, issued_by, replaces, archive_due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
    )
    .bind(notice.id)
    .bind(&notice.content.number)
    .bind(notice.code_hash)
    .bind(&notice.application.id)
    .bind(&notice.application.receipt_number)
    .bind(&notice.application.procedure_id)
    .bind(&notice.application.section_id)
    .bind(notice.content.decision.code())
    .bind(&notice.content.kind)
    .bind(notice.procedure_name)
    .bind(notice.template_id)
    .bind(notice.level)
    .bind(notice.signer)
    .bind(sealed_pdf)
    .bind(sealed_content)
    .bind(hex::encode(sha2::Sha256::digest(notice.pdf)))
    .bind(i64::try_from(notice.pdf.len())?)
    .bind(notice.issued_at)
    .bind(notice.issued_by)
    .bind(notice.replaces)
    .bind(notice.archive_due_at.map(kernel::clock::to_text))
    .execute(&mut **tx)
    .await?;
    if let Some(replaced) = notice.replaces {
        sqlx::query("UPDATE notices SET replaced_by = $1 WHERE id = $2")
            .bind(notice.id)
            .bind(replaced)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The signed PDF as delivered (`Disposed` once the case's retention
/// period ended and its personal data was erased).
pub async fn pdf(db: &Db, id: &str) -> anyhow::Result<Vec<u8>> {
    let stored: Vec<u8> = sqlx::query_scalar("SELECT pdf FROM notices WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    if stored.is_empty() {
        return Err(Disposed.into());
    }
    Ok(db.vault().open(&pdf_context(id), &stored)?.into_owned())
}

/// A notice whose PDF and text were disposed of with its case.
#[derive(Debug, thiserror::Error)]
#[error("this notice was disposed of with its case after the retention period")]
pub struct Disposed;

impl Disposed {
    pub fn api_error() -> kernel::ApiError {
        kernel::ApiError::new(
            axum::http::StatusCode::GONE,
            "disposed",
            "この通知書は保存期間が過ぎたため、申請とともに廃棄されました。",
            "This notice was disposed of with its case after the retention period.",
        )
    }
}

/// `Disposed` as a 410, anything else as it is.
pub fn answer(error: anyhow::Error) -> kernel::ApiError {
    if error.is::<Disposed>() {
        Disposed::api_error()
    } else {
        kernel::ApiError::from(error)
    }
}

/// Replaces the stored PDF with a later revision of itself (validation
/// data or an archive timestamp appended; the signed bytes unchanged).
pub async fn extend_pdf(
    db: &Db,
    id: &str,
    pdf: &[u8],
    level: &str,
    archive_due_at: Option<time::OffsetDateTime>,
) -> anyhow::Result<()> {
    use sha2::Digest;
    let sealed = db.vault().seal(&pdf_context(id), pdf)?;
    sqlx::query(
        "UPDATE notices SET pdf = $1, level = $2, sha256 = $3, size_bytes = $4, archive_due_at = $5 WHERE id = $6",
    )
    .bind(sealed)
    .bind(level)
    .bind(hex::encode(sha2::Sha256::digest(pdf)))
    .bind(i64::try_from(pdf.len())?)
    .bind(archive_due_at.map(kernel::clock::to_text))
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn content(db: &Db, id: &str) -> anyhow::Result<Content> {
    let stored: String = sqlx::query_scalar("SELECT content FROM notices WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    if stored.is_empty() {
        return Err(Disposed.into());
    }
    let text = db.vault().open_text(&content_context(id), &stored)?;
    Ok(serde_json::from_str(&text)?)
}

/// The first time the resident opens the notice; later openings change
/// nothing.
pub async fn mark_read(db: &Db, id: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE notices SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
        .bind(kernel::clock::now_text())
        .bind(id)
        .execute(db.pool())
        .await?
        .rows_affected();
    Ok(done == 1)
}

/// Revokes a notice with the section's reason, once.
pub async fn revoke(db: &Db, notice: &NoticeRow, by: &str, reason: &str) -> anyhow::Result<bool> {
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE notices SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(&now)
    .bind(by)
    .bind(reason)
    .bind(&notice.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "notice",
            target_id: &notice.number,
            actor: by,
            action: "notice.revoked",
            before: None,
            after: Some(
                serde_json::json!({ "reason": reason, "receipt_number": notice.receipt_number }),
            ),
        },
    )
    .await?;
    kernel::outbox::enqueue(
        &mut tx,
        "notice.revoked",
        &notice.receipt_number,
        &serde_json::json!({
            "number": notice.number,
            "receipt_number": notice.receipt_number,
            "procedure_id": notice.procedure_id,
            "section_id": notice.section_id,
            "at": now,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
