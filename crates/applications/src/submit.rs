//! Submitting an application. The answers are validated against the current
//! form; then the writer (see `writer`) takes a receipt number, stores the
//! application with the form version, queues `application.submitted` and
//! writes the audit entry — all or nothing, acknowledged after the commit. A repeated `Idempotency-Key` from the same
//! submitter returns the first application instead of making a second.

use forms::FormDefinition;
use forms::definition::DuplicatePeriod;
use kernel::{Db, FieldError};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::model::{Application, Submitter};
use crate::store;
use crate::writer::{Prepared, Writer};

pub const MAX_IDEMPOTENCY_KEY: usize = 200;

/// What a submission answers.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
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
    index: &kernel::sealed::Vault,
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
    // Keyed (the blind index's key): a copy of the database cannot be asked
    // whether a named person applied by hashing their name and birth date.
    index.term(&sha256(&format!("{}|{period}|{folded}", form.procedure_id)))
}

/// An application id that sorts by time: the milliseconds since 1970, then
/// random bytes. New rows land at the end of the id indexes (of applications
/// and of the audit log) instead of on a random page each, which keeps the
/// pages a batch writes few.
pub fn time_ordered_id(at: OffsetDateTime) -> String {
    let millis = u64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    let time = millis.to_be_bytes();
    let random: [u8; 6] = rand::random();
    let mut bytes = Vec::with_capacity(12);
    bytes.extend_from_slice(time.get(2..).unwrap_or_default());
    bytes.extend_from_slice(&random);
    hex::encode(bytes)
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

pub struct Submission<'a> {
    pub form: &'a FormDefinition,
    pub section_id: Option<&'a str>,
    /// 標準処理期間: sets the date a decision is due.
    pub standard_days: Option<i64>,
    pub submitter: &'a Submitter,
    pub idempotency_key: Option<&'a str>,
    pub answers: &'a Value,
    /// The language the applicant used (mail follows it).
    pub lang: kernel::i18n::Lang,
    /// Online, or at a counter.
    pub channel: crate::model::Channel,
    /// Who made it when not the applicant: the clerk at the counter, as the
    /// audit log names staff. `None`: the submitter.
    pub entered_by: Option<String>,
}

pub async fn submit(
    db: &Db,
    writer: &Writer,
    submission: Submission<'_>,
) -> Result<Submitted, SubmitError> {
    let Submission {
        form,
        section_id,
        standard_days,
        submitter,
        idempotency_key,
        answers,
        lang,
        channel,
        entered_by,
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
    // A repeated key is found by the database's uniqueness when the writer
    // stores it, so the common case costs no lookup; the lookup happens only
    // when something fails, to tell a repeat from a real problem.
    let earlier = || async {
        match idempotency_key {
            Some(key) => store::by_idempotency_key(db, submitter, key).await,
            None => Ok(None),
        }
    };
    let now = OffsetDateTime::now_utc();
    let today = now.to_offset(time::macros::offset!(+9)).date();
    let fiscal_year = kernel::wareki::fiscal_year_of(today);
    let answers = crate::attachments::resolve(
        db,
        form,
        std::borrow::Cow::Borrowed(answers),
        &submitter.upload_owner(),
    )
    .await?;
    let answers = answers.as_ref();
    let normalized = match forms::validate(form, answers, forms::validate::Context { today }) {
        Ok(normalized) => normalized,
        Err(errors) => {
            // A retry after the form changed still gets its first receipt.
            if let Some(existing) = earlier().await? {
                return replay(existing, &request_hash);
            }
            return Err(SubmitError::Invalid(errors));
        }
    };
    let duplicate_key = duplicate_key(db.vault(), form, &normalized, fiscal_year);
    let possible_duplicate_of = match &duplicate_key {
        Some(key) => store::receipt_with_duplicate_key(db, key).await?,
        None => None,
    };
    let id = time_ordered_id(now);
    let answers = Value::Object(normalized);
    let prepared = Prepared {
        answers: db
            .vault()
            .seal_text(&store::answers_context(&id), &answers.to_string())?,
        search_terms: db.vault().terms_of(&answers),
        files: crate::attachments::ids_in(&answers),
        id,
        procedure_id: form.procedure_id.clone(),
        form_version: form.version,
        section_id: section_id.map(str::to_owned),
        submitter_kind: submitter.kind(),
        submitter_id: submitter.id().to_string(),
        actor: entered_by.unwrap_or_else(|| submitter.actor()),
        idempotency_key: idempotency_key.map(str::to_owned),
        request_hash: request_hash.clone(),
        duplicate_key,
        possible_duplicate_of: possible_duplicate_of.clone(),
        fiscal_year,
        submitted_at: kernel::clock::to_text(now),
        due_on: crate::model::due_on(today, standard_days).map(|d| d.to_string()),
        notify: crate::notices::recipient_of(submitter),
        title: form.title.clone(),
        lang,
        channel,
    };
    let submitted_at = prepared.submitted_at.clone();
    match writer.write(prepared).await {
        Ok(receipt_number) => Ok(Submitted::Created(Receipt {
            receipt_number,
            status: workflow::Status::Received.code(),
            procedure_id: form.procedure_id.clone(),
            form_version: form.version,
            submitted_at,
            possible_duplicate_of,
        })),
        Err(error) => {
            // The key was used before (or by a request racing this one):
            // answer with that application.
            if let Some(existing) = earlier().await? {
                return replay(existing, &request_hash);
            }
            Err(SubmitError::Internal(error))
        }
    }
}

fn replay(existing: Application, request_hash: &str) -> Result<Submitted, SubmitError> {
    if existing.request_hash == request_hash {
        Ok(Submitted::Replayed(receipt_of(&existing)))
    } else {
        Err(SubmitError::KeyReused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_ids_sort_by_time_and_do_not_repeat() {
        let first = OffsetDateTime::now_utc();
        let later = first + time::Duration::milliseconds(1);
        let a = time_ordered_id(first);
        let b = time_ordered_id(later);
        assert_eq!(a.len(), 24);
        assert!(a < b, "{a} {b}");
        assert_ne!(time_ordered_id(first), time_ordered_id(first));
    }
}
