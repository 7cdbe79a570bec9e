//! Pre-input (事前入力, 書かなくてよい窓口): a resident fills in a form on a
//! phone and chooses to hand it in at a counter. The checked answers are
//! kept (sealed) under a 128-bit random id, which is all the QR code
//! carries; at the counter the console reads the code, shows the answers to
//! check, and accepts them as an application made at the counter. A
//! pre-input lasts [`DAYS`] days, then it and its answers are deleted.

use kernel::Db;
use serde_json::Value;
use sqlx::Row;
use time::OffsetDateTime;

use crate::model::{Channel, Submitter};
use crate::submit::{Receipt, Submission, SubmitError, Submitted};
use crate::writer::Writer;

/// How long a pre-input is kept for its counter visit.
pub const DAYS: i64 = 14;

/// A kept pre-input.
#[derive(Debug, Clone)]
pub struct Prefill {
    pub id: String,
    pub procedure_id: String,
    pub form_version: i64,
    pub submitter: Submitter,
    pub answers: Value,
    pub lang: kernel::i18n::Lang,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    /// The application it became, once accepted at a counter.
    pub receipt_number: Option<String>,
}

impl Prefill {
    pub fn expired(&self, now: OffsetDateTime) -> bool {
        self.receipt_number.is_none() && now.unix_timestamp() >= self.expires_at
    }

    /// As pages show times (see `kernel::clock`).
    pub fn expires_text(&self) -> String {
        OffsetDateTime::from_unix_timestamp(self.expires_at)
            .map(kernel::clock::to_text)
            .unwrap_or_default()
    }

    pub fn created_text(&self) -> String {
        OffsetDateTime::from_unix_timestamp(self.created_at)
            .map(kernel::clock::to_text)
            .unwrap_or_default()
    }
}

/// The id in a code as a counter reads it: the bare 32 hex digits (in any
/// case, spaced or hyphenated as the slip prints them, or typed by a
/// handheld scanner with a keyboard layout's full-width digits), or a link
/// ending in them. Anything else is no code.
pub fn parse_code(text: &str) -> Option<String> {
    let folded = kernel::text::nfkc(text.trim());
    let tail = folded
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let digits: String = tail
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (digits.len() == 32 && digits.bytes().all(|b| b.is_ascii_hexdigit())).then_some(digits)
}

/// The id in groups of four, as the slip prints it for reading aloud.
pub fn grouped(id: &str) -> String {
    id.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).to_uppercase())
        .collect::<Vec<_>>()
        .join("-")
}

fn context(id: &str) -> String {
    format!("prefills.answers/{id}")
}

fn request_key(submitter: &Submitter, key: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        format!("{}\n{}\n{key}", submitter.kind(), submitter.id()).as_bytes(),
    ))
}

/// Keeps checked answers for the counter. The same confirm page sent twice
/// (`key`) keeps one pre-input and answers with it.
pub async fn create(
    db: &Db,
    form: &forms::FormDefinition,
    submitter: &Submitter,
    answers: &Value,
    lang: kernel::i18n::Lang,
    key: &str,
    now: OffsetDateTime,
) -> anyhow::Result<Prefill> {
    let (kind, submitter_id) = match submitter {
        Submitter::Resident { id } => ("resident", id.as_str()),
        Submitter::Guest { email } => ("guest", email.as_str()),
        Submitter::Api { .. } => anyhow::bail!("a business system does not pre-fill for a counter"),
    };
    let id = hex::encode(rand::random::<[u8; 16]>());
    let sealed = db.vault().seal_text(&context(&id), &answers.to_string())?;
    let request_key = request_key(submitter, key);
    sqlx::query(
        "INSERT INTO counter_prefills (id, procedure_id, form_version, submitter_kind, submitter_id, \
         answers, lang, request_key, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (request_key) DO NOTHING",
    )
    .bind(&id)
    .bind(&form.procedure_id)
    .bind(form.version)
    .bind(kind)
    .bind(submitter_id)
    .bind(sealed)
    .bind(lang.code())
    .bind(&request_key)
    .bind(now.unix_timestamp())
    .bind((now + time::Duration::days(DAYS)).unix_timestamp())
    .execute(db.pool())
    .await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM counter_prefills WHERE request_key = $1"
    )))
    .bind(&request_key)
    .fetch_one(db.pool())
    .await?;
    from_row(db, &row)
}

const COLUMNS: &str = "id, procedure_id, form_version, submitter_kind, submitter_id, answers, lang, \
    created_at, expires_at, receipt_number";

fn from_row(db: &Db, row: &sqlx::any::AnyRow) -> anyhow::Result<Prefill> {
    let id: String = row.try_get("id")?;
    let stored: String = row.try_get("answers")?;
    let answers = db.vault().open_text(&context(&id), &stored)?;
    let kind: String = row.try_get("submitter_kind")?;
    let submitter_id: String = row.try_get("submitter_id")?;
    let submitter = match kind.as_str() {
        "resident" => Submitter::Resident { id: submitter_id },
        _ => Submitter::Guest {
            email: submitter_id,
        },
    };
    Ok(Prefill {
        procedure_id: row.try_get("procedure_id")?,
        form_version: row.try_get("form_version")?,
        submitter,
        answers: serde_json::from_str(&answers)?,
        lang: kernel::i18n::Lang::from_code(&row.try_get::<String, _>("lang")?)
            .unwrap_or(kernel::i18n::Lang::Ja),
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        receipt_number: row.try_get("receipt_number")?,
        id,
    })
}

/// The pre-input with this id, while it is kept.
pub async fn find(db: &Db, id: &str) -> anyhow::Result<Option<Prefill>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM counter_prefills WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| from_row(db, &row)).transpose()
}

/// The resident takes it back before handing it in: it and its answers go.
/// False when there was nothing left to cancel (already accepted, or gone).
pub async fn cancel(db: &Db, id: &str) -> anyhow::Result<bool> {
    Ok(
        sqlx::query("DELETE FROM counter_prefills WHERE id = $1 AND receipt_number IS NULL")
            .bind(id)
            .execute(db.pool())
            .await?
            .rows_affected()
            == 1,
    )
}

/// Deletes what has expired (accepted ones too: their answers now live in
/// the application).
pub async fn purge_expired(db: &Db, now: OffsetDateTime) -> anyhow::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM counter_prefills WHERE expires_at <= $1")
            .bind(now.unix_timestamp())
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

/// Why a pre-input could not be accepted.
#[derive(Debug)]
pub enum AcceptError {
    Gone,
    Expired,
    /// The answers do not pass the form as it is today (it changed since);
    /// the counter corrects them with the resident.
    Invalid(Vec<kernel::FieldError>),
    NoForm,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for AcceptError {
    fn from(error: anyhow::Error) -> Self {
        AcceptError::Internal(error)
    }
}

/// Makes the application at the counter: the resident's own (their account,
/// or as the guest they were), entered by the clerk `staff_actor`, counted
/// as made at a counter. `answers` replaces the kept ones when the clerk
/// corrected them with the resident. Accepting twice gives the first
/// receipt: the submission's idempotency key is the pre-input's. The
/// pre-input comes back with the receipt (the desk says whose it was).
pub async fn accept(
    apps: &crate::Applications,
    id: &str,
    staff_actor: &str,
    answers: Option<&Value>,
    now: OffsetDateTime,
) -> Result<(Receipt, Prefill), AcceptError> {
    let prefill = find(apps.db(), id).await?.ok_or(AcceptError::Gone)?;
    if prefill.expired(now) {
        return Err(AcceptError::Expired);
    }
    let receipt = submit_at_counter(
        apps.db(),
        apps.writer(),
        &prefill.procedure_id,
        &prefill.submitter,
        answers.unwrap_or(&prefill.answers),
        prefill.lang,
        &format!("prefill:{id}"),
        staff_actor,
    )
    .await?;
    sqlx::query(
        "UPDATE counter_prefills SET accepted_at = $1, receipt_number = $2 \
         WHERE id = $3 AND receipt_number IS NULL",
    )
    .bind(now.unix_timestamp())
    .bind(&receipt.receipt_number)
    .bind(id)
    .execute(apps.db().pool())
    .await
    .map_err(anyhow::Error::from)?;
    Ok((receipt, prefill))
}

/// An application made at a counter with the procedure's current form:
/// validated as any other, written by the writer, counted as made at a
/// counter, with the clerk in the audit log.
#[allow(clippy::too_many_arguments)]
pub async fn submit_at_counter(
    db: &Db,
    writer: &Writer,
    procedure_id: &str,
    submitter: &Submitter,
    answers: &Value,
    lang: kernel::i18n::Lang,
    idempotency_key: &str,
    staff_actor: &str,
) -> Result<Receipt, AcceptError> {
    let procedure = catalog::store::procedure(db, procedure_id)
        .await?
        .ok_or(AcceptError::NoForm)?;
    let form = crate::form_store::current(db, procedure_id)
        .await?
        .ok_or(AcceptError::NoForm)?;
    let outcome = crate::submit::submit(
        db,
        writer,
        Submission {
            form: &form,
            section_id: procedure.section_id.as_deref(),
            standard_days: procedure.standard_days,
            submitter,
            idempotency_key: Some(idempotency_key),
            answers,
            lang,
            channel: Channel::Counter,
            entered_by: Some(staff_actor.to_string()),
        },
    )
    .await;
    match outcome {
        Ok(Submitted::Created(receipt) | Submitted::Replayed(receipt)) => Ok(receipt),
        Err(SubmitError::Invalid(errors)) => Err(AcceptError::Invalid(errors)),
        // Corrected answers after a first acceptance: the first stands.
        Err(SubmitError::KeyReused) => Err(AcceptError::Gone),
        Err(SubmitError::Internal(error)) => Err(AcceptError::Internal(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_however_the_counter_receives_it() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(parse_code(id).as_deref(), Some(id));
        assert_eq!(parse_code(&grouped(id)).as_deref(), Some(id));
        assert_eq!(grouped(id), "0123-4567-89AB-CDEF-0123-4567-89AB-CDEF");
        assert_eq!(
            parse_code("０１２３４５６７８９ＡＢＣＤＥＦ0123456789abcdef\r\n").as_deref(),
            Some(id)
        );
        assert_eq!(
            parse_code(&format!("https://city.example/prefills/{id}/")).as_deref(),
            Some(id)
        );
        for bad in [
            "",
            "0123",
            "0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0",
            "山田太郎",
        ] {
            assert_eq!(parse_code(bad), None, "{bad}");
        }
    }
}
