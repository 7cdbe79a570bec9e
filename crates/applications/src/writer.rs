//! Group commit for submissions, on SQLite and PostgreSQL alike. Every
//! accepted submission is written by a writer task; while one batch commits,
//! the next gathers, so a single commit (and fsync) covers many
//! applications, with one statement per table for the whole batch. If the
//! batch fails (a repeated idempotency key racing its first use, say), it is
//! written again one submission at a time, each in its own savepoint, so
//! one failure does not undo the others. Each submission is acknowledged
//! only after the commit that holds it — a receipt is never returned for an
//! application that is not on disk.

use kernel::Db;
use serde_json::{Value, json};
use sqlx::{Acquire, Any, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

/// Most submissions one transaction carries.
pub const MAX_BATCH: usize = 256;
/// Submissions waiting for a writer before new ones wait to be queued.
const QUEUE: usize = 4096;

/// Everything a submission writes, decided before it reaches the writer.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub id: String,
    pub procedure_id: String,
    pub form_version: i64,
    pub section_id: Option<String>,
    pub submitter_kind: &'static str,
    pub submitter_id: String,
    pub actor: String,
    pub idempotency_key: Option<String>,
    pub request_hash: String,
    /// Sealed (see `kernel::sealed`).
    pub answers: String,
    /// The blind index of the answers' words.
    pub search_terms: String,
    /// The attachments the answers name.
    pub files: Vec<String>,
    pub duplicate_key: Option<String>,
    pub possible_duplicate_of: Option<String>,
    pub fiscal_year: i32,
    pub submitted_at: String,
    pub due_on: Option<String>,
    /// Whom the receipt mail goes to, and the procedure's title for it.
    pub notify: Option<String>,
    /// The form's title, named in the receipt mail.
    pub title: kernel::i18n::Localized,
    /// The applicant's language: mail about the application is written in it.
    pub lang: kernel::i18n::Lang,
    pub channel: crate::model::Channel,
}

struct Job {
    prepared: Prepared,
    reply: oneshot::Sender<anyhow::Result<String>>,
}

#[derive(Clone)]
pub struct Writer {
    sender: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task.
    pub fn start(db: Db) -> Self {
        let (sender, mut receiver) = mpsc::channel::<Job>(QUEUE);
        let writer_db = db;
        tokio::spawn(async move {
            while let Some(first) = receiver.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match receiver.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                write_batch(&writer_db, batch).await;
            }
        });
        Writer { sender }
    }

    /// Writes one submission; returns its receipt number once committed.
    pub async fn write(&self, prepared: Prepared) -> anyhow::Result<String> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Job { prepared, reply })
            .await
            .map_err(|_| anyhow::anyhow!("the submission writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the submission writer dropped a submission"))?
    }
}

async fn write_batch(db: &Db, batch: Vec<Job>) {
    // A batch is written with one statement per table; if that fails (a
    // repeated idempotency key, say), it is written again one submission at
    // a time, each in a savepoint, so one bad submission fails alone.
    if batch.len() > 1 {
        match write_together(db, &batch).await {
            Ok(receipts) => {
                for (job, receipt) in batch.into_iter().zip(receipts) {
                    let _ = job.reply.send(Ok(receipt));
                }
                return;
            }
            Err(error) => {
                tracing::debug!(%error, size = batch.len(), "batch written one by one");
            }
        }
    }
    write_one_by_one(db, batch).await;
}

/// The whole batch in one transaction, a statement per table.
async fn write_together(db: &Db, batch: &[Job]) -> anyhow::Result<Vec<String>> {
    let mut tx = db.begin().await?;
    let prepared: Vec<&Prepared> = batch.iter().map(|job| &job.prepared).collect();
    let receipts = write_many(&mut tx, db, &prepared).await?;
    tx.commit().await?;
    Ok(receipts)
}

async fn write_one_by_one(db: &Db, batch: Vec<Job>) {
    let mut tx = match db.begin().await {
        Ok(tx) => tx,
        Err(error) => {
            let message = format!("cannot begin a transaction: {error}");
            for job in batch {
                let _ = job.reply.send(Err(anyhow::anyhow!(message.clone())));
            }
            return;
        }
    };
    if batch.len() == 1 {
        let Some(job) = batch.into_iter().next() else {
            return;
        };
        // Alone in its transaction, a submission needs no savepoint; if it
        // fails the transaction is rolled back, not committed, or the
        // receipt number it took (SQLite keeps a transaction's earlier
        // statements after a failed one) would be missing from the year's.
        let result = match write_one(&mut tx, db, &job.prepared).await {
            Ok(receipt) => tx
                .commit()
                .await
                .map(|()| receipt)
                .map_err(|error| anyhow::anyhow!("commit failed: {error}")),
            Err(error) => {
                let _ = tx.rollback().await;
                Err(error)
            }
        };
        if let Err(error) = &result {
            tracing::debug!(%error, "a submission alone in its batch failed");
        }
        let _ = job.reply.send(result);
        return;
    }
    let mut results = Vec::with_capacity(batch.len());
    for job in &batch {
        let outcome = async {
            let mut savepoint = tx.begin().await?;
            match write_one(&mut savepoint, db, &job.prepared).await {
                Ok(receipt) => {
                    savepoint.commit().await?;
                    Ok(receipt)
                }
                Err(error) => {
                    savepoint.rollback().await?;
                    Err(error)
                }
            }
        }
        .await;
        results.push(outcome);
    }
    match tx.commit().await {
        Ok(()) => {
            for (job, result) in batch.into_iter().zip(results) {
                let _ = job.reply.send(result);
            }
        }
        Err(error) => {
            tracing::error!(%error, size = batch.len(), "a batch of submissions failed to commit");
            let message = format!("commit failed: {error}");
            for job in batch {
                let _ = job.reply.send(Err(anyhow::anyhow!(message.clone())));
            }
        }
    }
}

const APPLICATION_COLUMNS: usize = 20;

/// Receipt numbers for the batch, in its order: each fiscal year's counter
/// row moves on by the batch's count for that year, in the batch's
/// transaction. A rolled-back batch gives its numbers back, so the numbers
/// of a fiscal year run without gaps (auditors ask about a missing one);
/// the row's lock orders the writers of several nodes.
async fn receipt_numbers(
    tx: &mut Transaction<'_, Any>,
    batch: &[&Prepared],
) -> anyhow::Result<Vec<i64>> {
    let mut numbers = vec![0; batch.len()];
    for (fiscal_year, places) in by_fiscal_year(batch) {
        let count = i64::try_from(places.len())?;
        let last: i64 = sqlx::query(
            "INSERT INTO application_numbers (fiscal_year, last_value) VALUES ($1, $2) \
             ON CONFLICT (fiscal_year) DO UPDATE \
             SET last_value = application_numbers.last_value + excluded.last_value \
             RETURNING last_value",
        )
        .bind(i64::from(fiscal_year))
        .bind(count)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        for (place, number) in places.into_iter().zip(last - count + 1..=last) {
            if let Some(slot) = numbers.get_mut(place) {
                *slot = number;
            }
        }
    }
    Ok(numbers)
}

/// The batch's places grouped by fiscal year (a batch spans two only
/// around midnight on 1 April).
fn by_fiscal_year(batch: &[&Prepared]) -> std::collections::BTreeMap<i32, Vec<usize>> {
    let mut years = std::collections::BTreeMap::<i32, Vec<usize>>::new();
    for (place, p) in batch.iter().enumerate() {
        years.entry(p.fiscal_year).or_default().push(place);
    }
    years
}

/// The writes of several submissions: their receipt numbers, then one
/// insert per table.
async fn write_many(
    tx: &mut Transaction<'_, Any>,
    db: &Db,
    batch: &[&Prepared],
) -> anyhow::Result<Vec<String>> {
    let numbers = receipt_numbers(tx, batch).await?;
    let receipts: Vec<String> = batch
        .iter()
        .zip(numbers)
        .map(|(p, number)| {
            format!(
                "{}-{number:07}",
                kernel::wareki::fiscal_year_short(p.fiscal_year)
            )
        })
        .collect();
    // SQLite finds a `$n` parameter by a walk over all of a statement's
    // parameters, so statements are kept to a few dozen rows.
    for (part, part_receipts) in batch
        .chunks(ROWS_PER_STATEMENT)
        .zip(receipts.chunks(ROWS_PER_STATEMENT))
    {
        insert_rows(tx, db.keys(), part, part_receipts).await?;
    }
    count_received(tx, batch).await?;
    for (p, receipt) in batch.iter().zip(&receipts) {
        if let Some(recipient) = &p.notify {
            let code = crate::guest_status::check_code(db.keys(), receipt);
            let mail =
                crate::notices::received(recipient, p.lang, &p.title, receipt, code.as_deref());
            kernel::mail::enqueue(&mut **tx, &mail).await?;
        }
    }
    Ok(receipts)
}

const ROWS_PER_STATEMENT: usize = 32;

/// Adds the batch to the applications received per procedure and fiscal
/// year (one statement; a batch seldom spans more than a few procedures).
async fn count_received(tx: &mut Transaction<'_, Any>, batch: &[&Prepared]) -> anyhow::Result<()> {
    // (received, of which at a counter)
    let mut counts: std::collections::BTreeMap<(&str, i32), (i64, i64)> =
        std::collections::BTreeMap::new();
    for p in batch {
        let entry = counts
            .entry((p.procedure_id.as_str(), p.fiscal_year))
            .or_default();
        entry.0 += 1;
        if p.channel == crate::model::Channel::Counter {
            entry.1 += 1;
        }
    }
    for chunk in counts
        .into_iter()
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_STATEMENT)
    {
        let sql = format!(
            "INSERT INTO application_counts (procedure_id, fiscal_year, received, at_counter) VALUES {} \
             ON CONFLICT (procedure_id, fiscal_year) \
             DO UPDATE SET received = application_counts.received + excluded.received, \
             at_counter = application_counts.at_counter + excluded.at_counter",
            kernel::db::value_rows(chunk.len(), 4)
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((procedure_id, fiscal_year), (received, at_counter)) in chunk {
            insert = insert
                .bind(procedure_id.to_string())
                .bind(i64::from(*fiscal_year))
                .bind(*received)
                .bind(*at_counter);
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    keys: &kernel::keys::Keyring,
    batch: &[&Prepared],
    receipts: &[String],
) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO applications (id, receipt_number, procedure_id, form_version, section_id, submitter_kind, \
         submitter_id, idempotency_key, request_hash, answers, status, duplicate_key, possible_duplicate_of, \
         fiscal_year, submitted_at, updated_at, due_on, lang, search_terms, channel) VALUES {}",
        kernel::db::value_rows(batch.len(), APPLICATION_COLUMNS)
    );
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (p, receipt) in batch.iter().zip(receipts) {
        insert = insert
            .bind(p.id.clone())
            .bind(receipt.clone())
            .bind(p.procedure_id.clone())
            .bind(p.form_version)
            .bind(p.section_id.clone())
            .bind(p.submitter_kind)
            .bind(p.submitter_id.clone())
            .bind(p.idempotency_key.clone())
            .bind(p.request_hash.clone())
            .bind(p.answers.clone())
            .bind(workflow::Status::Received.code())
            .bind(p.duplicate_key.clone())
            .bind(p.possible_duplicate_of.clone())
            .bind(i64::from(p.fiscal_year))
            .bind(p.submitted_at.clone())
            .bind(p.submitted_at.clone())
            .bind(p.due_on.clone())
            .bind(p.lang.code())
            .bind(p.search_terms.clone())
            .bind(p.channel.code());
    }
    insert.execute(&mut **tx).await?;
    let files: Vec<(&str, &str)> = batch
        .iter()
        .flat_map(|p| p.files.iter().map(|f| (p.id.as_str(), f.as_str())))
        .collect();
    crate::store::name_files(tx, &files).await?;
    let events: Vec<Value> = batch
        .iter()
        .zip(receipts)
        .map(|(p, receipt)| submitted_event(p, receipt))
        .collect();
    let outbox: Vec<(&str, &str, &Value)> = receipts
        .iter()
        .zip(&events)
        .map(|(receipt, event)| ("application.submitted", receipt.as_str(), event))
        .collect();
    kernel::outbox::enqueue_many(tx, &outbox).await?;
    let audit = batch
        .iter()
        .zip(receipts)
        .map(|(p, receipt)| submitted_audit(p, receipt))
        .collect();
    kernel::audit::append_first_many(keys, tx, audit).await?;
    Ok(())
}

fn submitted_event(p: &Prepared, receipt_number: &str) -> Value {
    json!({
        "receipt_number": receipt_number,
        "procedure_id": p.procedure_id,
        "form_version": p.form_version,
        "section_id": p.section_id,
        "submitted_at": p.submitted_at,
        "possible_duplicate_of": p.possible_duplicate_of,
        "channel": p.channel.code(),
    })
}

fn submitted_audit<'a>(p: &'a Prepared, receipt_number: &str) -> kernel::audit::Entry<'a> {
    kernel::audit::Entry {
        target_type: "application",
        target_id: &p.id,
        actor: &p.actor,
        action: "application.submitted",
        before: None,
        after: Some(
            json!({ "status": "received", "receipt_number": receipt_number, "form_version": p.form_version }),
        ),
    }
}

/// The writes of one submission: a batch of one.
async fn write_one(tx: &mut Transaction<'_, Any>, db: &Db, p: &Prepared) -> anyhow::Result<String> {
    write_many(tx, db, &[p])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("a submission got no receipt number"))
}
