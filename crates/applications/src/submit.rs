//! Submitting an application. The answers are validated against the current
//! form; then one transaction takes a receipt number, stores the application
//! with the form version, queues `application.submitted` and writes the audit
//! entry — all or nothing. A repeated `Idempotency-Key` from the same
//! submitter returns the first application instead of making a second.

use forms::FormDefinition;
use forms::definition::DuplicatePeriod;
use kernel::db::Backend;
use kernel::{Db, FieldError};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use crate::model::{Application, Submitter};
use crate::store;

pub const MAX_IDEMPOTENCY_KEY: usize = 200;

/// What a submission answers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Receipt {
    pub receipt_number: String,
    pub status: &'static str,
    pub procedure_id: String,
    pub form_version: i64,
    pub submitted_at: String,
    /// Another application that looks like the same request (same person or
    /// household in the same period); the clerk sees it flagged.
    pub possible_duplicate_of: Option<String>,
}

#[derive(Debug)]
pub enum SubmitError {
    Invalid(Vec<FieldError>),
    /// The same idempotency key came with different answers.
    KeyReused,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for SubmitError {
    fn from(error: anyhow::Error) -> Self {
        SubmitError::Internal(error)
    }
}

impl From<sqlx::Error> for SubmitError {
    fn from(error: sqlx::Error) -> Self {
        SubmitError::Internal(error.into())
    }
}

/// The outcome: a new application, or the one an earlier identical request made.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    Created(Receipt),
    Replayed(Receipt),
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The key two applications share when they are the same request under the
/// form's duplicate rule (e.g. the same person in the same fiscal year).
pub fn duplicate_key(
    form: &FormDefinition,
    answers: &serde_json::Map<String, Value>,
    fiscal_year: i32,
) -> Option<String> {
    let rule = form.duplicate_rule.as_ref()?;
    let period = match rule.period {
        DuplicatePeriod::FiscalYear => fiscal_year.to_string(),
        DuplicatePeriod::Ever => "ever".to_string(),
    };
    let values: Vec<Value> = rule
        .key_fields
        .iter()
        .map(|key| answers.get(key).cloned().unwrap_or(Value::Null))
        .collect();
    // Compare names by their reading-insensitive folded form.
    let folded = kernel::text::fold(&Value::Array(values).to_string());
    Some(sha256(&format!("{}|{period}|{folded}", form.procedure_id)))
}

fn receipt_of(application: &Application) -> Receipt {
    Receipt {
        receipt_number: application.receipt_number.clone(),
        status: application.status.code(),
        procedure_id: application.procedure_id.clone(),
        form_version: application.form_version,
        submitted_at: application.submitted_at.clone(),
        possible_duplicate_of: application.possible_duplicate_of.clone(),
    }
}

async fn next_receipt_number(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    fiscal_year: i32,
) -> anyhow::Result<String> {
    let next: i64 = match backend {
        Backend::Sqlite => sqlx::query("UPDATE receipt_counter SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value")
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?,
        Backend::Postgres => sqlx::query("SELECT nextval('receipt_numbers')").fetch_one(&mut **tx).await?.try_get(0)?,
    };
    Ok(format!(
        "{}-{next:07}",
        kernel::wareki::fiscal_year_short(fiscal_year)
    ))
}

pub struct Submission<'a> {
    pub form: &'a FormDefinition,
    pub section_id: Option<&'a str>,
    pub submitter: &'a Submitter,
    pub idempotency_key: Option<&'a str>,
    pub answers: &'a Value,
}

pub async fn submit(db: &Db, submission: Submission<'_>) -> Result<Submitted, SubmitError> {
    let Submission {
        form,
        section_id,
        submitter,
        idempotency_key,
        answers,
    } = submission;
    if let Some(key) = idempotency_key
        && (key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY || key.chars().any(char::is_control))
    {
        return Err(SubmitError::Invalid(vec![FieldError::new(
            "Idempotency-Key",
            format!("Idempotency-Key は {MAX_IDEMPOTENCY_KEY} 文字以内の文字列にしてください。"),
            format!(
                "Idempotency-Key must be a string of at most {MAX_IDEMPOTENCY_KEY} characters."
            ),
        )]));
    }
    let request_hash = sha256(&answers.to_string());
    if let Some(key) = idempotency_key
        && let Some(existing) = store::by_idempotency_key(db, submitter, key).await?
    {
        return replay(existing, &request_hash);
    }
    let now = OffsetDateTime::now_utc();
    let today = now.to_offset(time::macros::offset!(+9)).date();
    let fiscal_year = kernel::wareki::fiscal_year_of(today);
    let normalized = forms::validate(form, answers, forms::validate::Context { today })
        .map_err(SubmitError::Invalid)?;
    let missing = unknown_attachments(form, &normalized);
    if !missing.is_empty() {
        return Err(SubmitError::Invalid(missing));
    }
    let duplicate_key = duplicate_key(form, &normalized, fiscal_year);
    let possible_duplicate_of = match &duplicate_key {
        Some(key) => store::receipt_with_duplicate_key(db, key).await?,
        None => None,
    };
    let id = hex::encode(rand::random::<[u8; 12]>());
    let submitted_at = kernel::clock::to_text(now);
    let mut tx = db.pool().begin().await?;
    // Taking the number first makes this a writing transaction from its
    // first statement (on SQLite it then never has to upgrade a read lock).
    let receipt_number = next_receipt_number(&mut tx, db.backend(), fiscal_year).await?;
    let inserted = sqlx::query(
        "INSERT INTO applications (id, receipt_number, procedure_id, form_version, section_id, submitter_kind, \
         submitter_id, idempotency_key, request_hash, answers, status, duplicate_key, possible_duplicate_of, \
         fiscal_year, submitted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
    )
    .bind(&id)
    .bind(&receipt_number)
    .bind(&form.procedure_id)
    .bind(form.version)
    .bind(section_id)
    .bind(submitter.kind())
    .bind(submitter.id())
    .bind(idempotency_key)
    .bind(&request_hash)
    .bind(Value::Object(normalized).to_string())
    .bind(workflow::Status::Received.code())
    .bind(&duplicate_key)
    .bind(&possible_duplicate_of)
    .bind(i64::from(fiscal_year))
    .bind(&submitted_at)
    .execute(&mut *tx)
    .await;
    if let Err(error) = inserted {
        drop(tx);
        // Two identical requests raced past the first check: the loser
        // answers with the winner's application.
        if let Some(key) = idempotency_key
            && let Some(existing) = store::by_idempotency_key(db, submitter, key).await?
        {
            return replay(existing, &request_hash);
        }
        return Err(SubmitError::Internal(error.into()));
    }
    let event = json!({
        "receipt_number": receipt_number,
        "procedure_id": form.procedure_id,
        "form_version": form.version,
        "section_id": section_id,
        "submitted_at": submitted_at,
        "possible_duplicate_of": possible_duplicate_of,
    });
    kernel::outbox::enqueue(&mut tx, "application.submitted", &receipt_number, &event).await?;
    kernel::audit::append(
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &id,
            actor: &submitter.actor(),
            action: "application.submitted",
            before: None,
            after: Some(json!({ "status": "received", "receipt_number": receipt_number, "form_version": form.version })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Submitted::Created(Receipt {
        receipt_number,
        status: workflow::Status::Received.code(),
        procedure_id: form.procedure_id.clone(),
        form_version: form.version,
        submitted_at,
        possible_duplicate_of,
    }))
}

/// File answers name uploaded attachments. Until an upload has been stored
/// for this submitter under that id, the answer cannot be accepted: taking a
/// reference on trust would let a case point at a file that does not exist.
fn unknown_attachments(
    form: &FormDefinition,
    answers: &serde_json::Map<String, Value>,
) -> Vec<FieldError> {
    fn walk(
        fields: &[forms::definition::Field],
        answers: &serde_json::Map<String, Value>,
        prefix: &str,
        out: &mut Vec<FieldError>,
    ) {
        for field in fields {
            let Some(value) = answers.get(&field.id) else {
                continue;
            };
            let path = format!("{prefix}{}", field.id);
            match &field.kind {
                forms::FieldKind::File { .. } => out.push(FieldError::new(
                    path,
                    format!(
                        "{}の添付ファイルが見つかりません。先にアップロードしてください。",
                        field.label.ja
                    ),
                    format!(
                        "The file for {} was not found; upload it first.",
                        field.label.pick(true)
                    ),
                )),
                forms::FieldKind::Group { fields, .. } => {
                    for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                        if let Some(item) = item.as_object() {
                            walk(fields, item, &format!("{path}[{i}]."), out);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for section in &form.sections {
        walk(&section.fields, answers, "", &mut out);
    }
    out
}

fn replay(existing: Application, request_hash: &str) -> Result<Submitted, SubmitError> {
    if existing.request_hash == request_hash {
        Ok(Submitted::Replayed(receipt_of(&existing)))
    } else {
        Err(SubmitError::KeyReused)
    }
}
