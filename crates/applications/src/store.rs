//! Applications in the database.

use anyhow::Context;
use kernel::Db;
use sqlx::Row;
use sqlx::any::AnyRow;
use workflow::Status;

use crate::model::{Application, Submitter};

const COLUMNS: &str = "id, receipt_number, procedure_id, form_version, section_id, submitter_kind, submitter_id, \
    request_hash, answers, status, possible_duplicate_of, fiscal_year, submitted_at, updated_at";

fn from_row(row: &AnyRow) -> anyhow::Result<Application> {
    let status: String = row.try_get("status")?;
    let answers: String = row.try_get("answers")?;
    Ok(Application {
        id: row.try_get("id")?,
        receipt_number: row.try_get("receipt_number")?,
        procedure_id: row.try_get("procedure_id")?,
        form_version: row.try_get("form_version")?,
        section_id: row.try_get("section_id")?,
        submitter_kind: row.try_get("submitter_kind")?,
        submitter_id: row.try_get("submitter_id")?,
        request_hash: row.try_get("request_hash")?,
        answers: serde_json::from_str(&answers).context("stored answers are not JSON")?,
        status: Status::parse(&status).with_context(|| format!("unknown status {status:?}"))?,
        possible_duplicate_of: row.try_get("possible_duplicate_of")?,
        fiscal_year: row.try_get("fiscal_year")?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn by_idempotency_key(
    db: &Db,
    submitter: &Submitter,
    key: &str,
) -> anyhow::Result<Option<Application>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM applications WHERE submitter_kind = $1 AND submitter_id = $2 AND idempotency_key = $3"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(submitter.kind())
        .bind(submitter.id())
        .bind(key)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_receipt(db: &Db, receipt_number: &str) -> anyhow::Result<Option<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE receipt_number = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(receipt_number)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The receipt of a live application with the same duplicate key.
pub async fn receipt_with_duplicate_key(db: &Db, key: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT receipt_number FROM applications WHERE duplicate_key = $1 AND status <> 'withdrawn' \
         ORDER BY submitted_at LIMIT 1",
    )
    .bind(key)
    .fetch_optional(db.pool())
    .await?
    .map(|row| row.try_get("receipt_number"))
    .transpose()?)
}

/// A line of a section's inbox.
#[derive(Debug, Clone)]
pub struct InboxLine {
    pub receipt_number: String,
    pub procedure_name: String,
    pub status: Status,
    pub submitted_at: String,
    pub possible_duplicate_of: Option<String>,
    pub due_on: Option<String>,
}

fn inbox_line(row: &AnyRow) -> anyhow::Result<InboxLine> {
    let status: String = row.try_get("status")?;
    Ok(InboxLine {
        receipt_number: row.try_get("receipt_number")?,
        procedure_name: row.try_get("procedure_name")?,
        status: Status::parse(&status).with_context(|| format!("unknown status {status:?}"))?,
        submitted_at: row.try_get("submitted_at")?,
        possible_duplicate_of: row.try_get("possible_duplicate_of")?,
        due_on: row.try_get("due_on")?,
    })
}

/// The newest applications of a section, optionally of one status.
pub async fn inbox(
    db: &Db,
    section_id: &str,
    status: Option<Status>,
    limit: i64,
) -> anyhow::Result<Vec<InboxLine>> {
    let rows = sqlx::query(
        "SELECT a.receipt_number, p.name AS procedure_name, a.status, a.submitted_at, a.possible_duplicate_of, a.due_on \
         FROM applications a JOIN procedures p ON p.id = a.procedure_id \
         WHERE a.section_id = $1 AND ($2 = '' OR a.status = $2) \
         ORDER BY a.submitted_at DESC, a.receipt_number DESC LIMIT $3",
    )
    .bind(section_id)
    .bind(status.map(Status::code).unwrap_or_default())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(inbox_line).collect()
}

/// A resident's own applications, newest first.
pub async fn of_submitter(
    db: &Db,
    submitter: &Submitter,
    limit: i64,
) -> anyhow::Result<Vec<InboxLine>> {
    let rows = sqlx::query(
        "SELECT a.receipt_number, p.name AS procedure_name, a.status, a.submitted_at, a.possible_duplicate_of, a.due_on \
         FROM applications a JOIN procedures p ON p.id = a.procedure_id \
         WHERE a.submitter_kind = $1 AND a.submitter_id = $2 \
         ORDER BY a.submitted_at DESC, a.receipt_number DESC LIMIT $3",
    )
    .bind(submitter.kind())
    .bind(submitter.id())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(inbox_line).collect()
}
