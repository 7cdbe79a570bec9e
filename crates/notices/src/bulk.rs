//! Bulk issue: every approved case of a section (or of one of its
//! procedures) awaiting its notice, issued by a background job — annual
//! notices to thousands of households. A batch records its progress and
//! resumes after a restart; a case that fails is counted with the error and
//! left for the section (it stays approved), never retried in a loop.
//! Refusals are not issued in bulk: each needs its own reasons.

use std::collections::HashSet;

use applications::model::Application;
use futures_util::StreamExt;
use kernel::Db;
use sqlx::Row;

use crate::issue::{IssueError, Issuer};

/// Cases one query hands to the job.
const CHUNK: i64 = 200;
/// Notices stored in one transaction.
const GROUP: usize = 100;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Batch {
    pub id: String,
    pub section_id: String,
    pub procedure_id: String,
    pub state: String,
    pub issued: i64,
    pub failed: i64,
    pub last_error: Option<String>,
    pub requested_by: String,
    pub requested_at: String,
    pub finished_at: Option<String>,
}

fn batch_of(row: &sqlx::any::AnyRow) -> anyhow::Result<Batch> {
    Ok(Batch {
        id: row.try_get("id")?,
        section_id: row.try_get("section_id")?,
        procedure_id: row.try_get("procedure_id")?,
        state: row.try_get("state")?,
        issued: row.try_get("issued")?,
        failed: row.try_get("failed")?,
        last_error: row.try_get("last_error")?,
        requested_by: row.try_get("requested_by")?,
        requested_at: row.try_get("requested_at")?,
        finished_at: row.try_get("finished_at")?,
    })
}

const COLUMNS: &str = "id, section_id, procedure_id, state, issued, failed, last_error, requested_by, requested_at, finished_at";

pub async fn batches(db: &Db, section_id: &str) -> anyhow::Result<Vec<Batch>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notice_batches WHERE section_id = $1 ORDER BY requested_at DESC LIMIT 20"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(section_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(batch_of)
        .collect()
}

pub async fn batch(db: &Db, id: &str) -> anyhow::Result<Option<Batch>> {
    let sql = format!("SELECT {COLUMNS} FROM notice_batches WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(batch_of)
        .transpose()
}

/// The section's procedures whose workflow issues notices (all of them, or
/// `only` when it is one of them).
pub async fn procedures_with_notices(
    db: &Db,
    section_id: &str,
    only: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT id, name FROM procedures WHERE section_id = $1 ORDER BY id")
        .bind(section_id)
        .fetch_all(db.pool())
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let id: String = row.try_get("id")?;
        if !only.is_empty() && id != only {
            continue;
        }
        if applications::workflow_store::config(db, &id).await?.notice {
            found.push((id, row.try_get("name")?));
        }
    }
    Ok(found)
}

/// How many approved cases await their notice.
pub async fn waiting(db: &Db, section_id: &str, procedure_id: &str) -> anyhow::Result<i64> {
    let mut total = 0;
    for (id, _) in procedures_with_notices(db, section_id, procedure_id).await? {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM applications WHERE section_id = $1 AND procedure_id = $2 AND status = 'approved'",
        )
        .bind(section_id)
        .bind(&id)
        .fetch_one(db.pool())
        .await?;
        total += count;
    }
    Ok(total)
}

/// Starts a batch; its id. One batch per section runs at a time.
pub async fn start(
    issuer: &Issuer,
    section_id: &str,
    procedure_id: &str,
    requested_by: &str,
    parallel: usize,
) -> anyhow::Result<Result<String, String>> {
    let db = &issuer.db;
    let running: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notice_batches WHERE section_id = $1 AND state = 'running'",
    )
    .bind(section_id)
    .fetch_one(db.pool())
    .await?;
    if running > 0 {
        return Ok(Err("running".into()));
    }
    let id = hex::encode(rand::random::<[u8; 12]>());
    sqlx::query(
        "INSERT INTO notice_batches (id, section_id, procedure_id, state, requested_by, requested_at) \
         VALUES ($1, $2, $3, 'running', $4, $5)",
    )
    .bind(&id)
    .bind(section_id)
    .bind(procedure_id)
    .bind(requested_by)
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    spawn(issuer.clone(), id.clone(), parallel);
    Ok(Ok(id))
}

/// Batches that were running when the server stopped go on.
pub async fn resume(issuer: &Issuer, parallel: usize) -> anyhow::Result<usize> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM notice_batches WHERE state = 'running'")
            .fetch_all(issuer.db.pool())
            .await?;
    for id in &ids {
        spawn(issuer.clone(), id.clone(), parallel);
    }
    Ok(ids.len())
}

fn spawn(issuer: Issuer, id: String, parallel: usize) {
    tokio::spawn(async move {
        if let Err(error) = run(&issuer, &id, parallel).await {
            tracing::error!(batch = %id, "bulk issue stopped: {error:#}");
            let _ = sqlx::query(
                "UPDATE notice_batches SET state = 'stopped', last_error = $1, finished_at = $2 WHERE id = $3",
            )
            .bind(format!("{error:#}"))
            .bind(kernel::clock::now_text())
            .bind(&id)
            .execute(issuer.db.pool())
            .await;
        }
    });
}

/// Runs a batch to its end; `Ok` with the totals.
pub async fn run(issuer: &Issuer, id: &str, parallel: usize) -> anyhow::Result<(i64, i64)> {
    let db = &issuer.db;
    let batch = batch(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no batch {id}"))?;
    let actor = format!("{} (bulk {id})", batch.requested_by);
    let procedures = procedures_with_notices(db, &batch.section_id, &batch.procedure_id).await?;
    // Cases that failed in this run are not tried again by it.
    let mut failed_here: HashSet<String> = HashSet::new();
    for (procedure_id, _) in &procedures {
        loop {
            let receipts: Vec<String> = sqlx::query_scalar(
                "SELECT receipt_number FROM applications WHERE section_id = $1 AND procedure_id = $2 \
                 AND status = 'approved' ORDER BY receipt_number LIMIT $3",
            )
            .bind(&batch.section_id)
            .bind(procedure_id)
            .bind(CHUNK + i64::try_from(failed_here.len())?)
            .fetch_all(db.pool())
            .await?;
            let todo: Vec<String> = receipts
                .into_iter()
                .filter(|r| !failed_here.contains(r))
                .collect();
            if todo.is_empty() {
                break;
            }
            let mut cases = Vec::new();
            for receipt in &todo {
                if let Some(application) = applications::store::by_receipt(db, receipt).await? {
                    cases.push(application);
                }
            }
            // Two groups at once: one is laid out and signed while the
            // other is stored.
            let groups: Vec<anyhow::Result<(Vec<Application>, Vec<crate::many::Outcome>)>> =
                futures_util::stream::iter(cases.chunks(GROUP).map(<[Application]>::to_vec).map(
                    |group| {
                        let actor = actor.clone();
                        let issuer = issuer.clone();
                        async move {
                            let outcomes = issuer
                                .issue_many(&group, workflow::Actor::Clerk, &actor, parallel)
                                .await?;
                            anyhow::Ok((group, outcomes))
                        }
                    },
                ))
                .buffer_unordered(2)
                .collect()
                .await;
            let mut group = Vec::new();
            let mut outcomes = Vec::new();
            for done in groups {
                let (cases, results) = done?;
                group.extend(cases);
                outcomes.extend(results);
            }
            let results: Vec<(String, Result<(), String>)> = group
                .iter()
                .zip(outcomes)
                .map(|(application, outcome)| {
                    let result = match outcome {
                        Ok(_) => Ok(()),
                        // Someone issued it meanwhile: nothing left to do.
                        Err(IssueError::Transition(
                            applications::transition::TransitionError::Conflict,
                        )) => Ok(()),
                        Err(IssueError::Invalid(problems)) => Err(problems
                            .into_iter()
                            .map(|p| p.message_ja)
                            .collect::<Vec<_>>()
                            .join(" ")),
                        Err(error) => Err(format!("{error:?}")),
                    };
                    (application.receipt_number.clone(), result)
                })
                .collect();
            let mut issued = 0i64;
            let mut failed = 0i64;
            let mut last_error = None;
            for (receipt, result) in results {
                match result {
                    Ok(()) => issued += 1,
                    Err(error) => {
                        failed += 1;
                        last_error = Some(format!("{receipt}: {error}"));
                        failed_here.insert(receipt);
                    }
                }
            }
            sqlx::query(
                "UPDATE notice_batches SET issued = issued + $1, failed = failed + $2, \
                 last_error = COALESCE($3, last_error) WHERE id = $4",
            )
            .bind(issued)
            .bind(failed)
            .bind(last_error)
            .bind(id)
            .execute(db.pool())
            .await?;
        }
    }
    sqlx::query("UPDATE notice_batches SET state = 'done', finished_at = $1 WHERE id = $2")
        .bind(kernel::clock::now_text())
        .bind(id)
        .execute(db.pool())
        .await?;
    let done = batch_of_totals(db, id).await?;
    tracing::info!(batch = %id, issued = done.0, failed = done.1, "bulk issue done");
    Ok(done)
}

async fn batch_of_totals(db: &Db, id: &str) -> anyhow::Result<(i64, i64)> {
    let row = sqlx::query("SELECT issued, failed FROM notice_batches WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?;
    Ok((row.try_get("issued")?, row.try_get("failed")?))
}
