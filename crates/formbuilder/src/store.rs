//! Drafts of a procedure's next form, and the steps of their review: one
//! draft per procedure, edited under a revision number (an edit made on an
//! older revision is refused, not merged), frozen while in review, and
//! published by a second person into a new version in one transaction with
//! its audit entry. Published versions are never changed.

use anyhow::Context;
use forms::FormDefinition;
use kernel::Db;
use serde_json::json;
use sqlx::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    Review,
}

impl State {
    fn parse(code: &str) -> State {
        if code == "review" {
            State::Review
        } else {
            State::Draft
        }
    }
}

#[derive(Debug, Clone)]
pub struct Draft {
    pub procedure_id: String,
    pub definition: FormDefinition,
    pub base_version: i64,
    pub state: State,
    pub revision: i64,
    pub origin: String,
    pub updated_at: String,
    pub updated_by: String,
    /// The staff id of who asked for review.
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub note: String,
    pub returned_note: String,
}

/// Why a step could not be taken: the draft moved on meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// Someone changed it since the page was shown.
    Changed,
    /// It is in review (edits wait) or no longer in review (a review step).
    WrongState,
    /// There is no draft (published or discarded meanwhile).
    Gone,
}

pub async fn get(db: &Db, procedure_id: &str) -> anyhow::Result<Option<Draft>> {
    let row = sqlx::query(
        "SELECT procedure_id, definition, CAST(base_version AS BIGINT) AS base_version, state, \
         CAST(revision AS BIGINT) AS revision, origin, updated_at, updated_by, submitted_by, \
         submitted_at, note, returned_note FROM form_drafts WHERE procedure_id = $1",
    )
    .bind(procedure_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<Draft> {
        let text: String = row.try_get("definition")?;
        Ok(Draft {
            procedure_id: row.try_get("procedure_id")?,
            definition: serde_json::from_str(&text).context("a stored draft does not parse")?,
            base_version: row.try_get("base_version")?,
            state: State::parse(&row.try_get::<String, _>("state")?),
            revision: row.try_get("revision")?,
            origin: row.try_get("origin")?,
            updated_at: row.try_get("updated_at")?,
            updated_by: row.try_get("updated_by")?,
            submitted_by: row.try_get("submitted_by")?,
            submitted_at: row.try_get("submitted_at")?,
            note: row.try_get("note")?,
            returned_note: row.try_get("returned_note")?,
        })
    })
    .transpose()
}

/// Drafts waiting for review, and drafts being edited: (procedure id, its
/// name, state, updated_at, updated_by).
pub async fn all(db: &Db) -> anyhow::Result<Vec<(String, String, State, String, String)>> {
    let rows = sqlx::query(
        "SELECT d.procedure_id, p.name, d.state, d.updated_at, d.updated_by FROM form_drafts d \
         JOIN procedures p ON p.id = d.procedure_id ORDER BY d.updated_at DESC LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("procedure_id")?,
                row.try_get("name")?,
                State::parse(&row.try_get::<String, _>("state")?),
                row.try_get("updated_at")?,
                row.try_get("updated_by")?,
            ))
        })
        .collect()
}

async fn audit(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    procedure_id: &str,
    actor: &str,
    action: &str,
    after: serde_json::Value,
) -> anyhow::Result<()> {
    kernel::audit::append(
        db.keys(),
        tx,
        kernel::audit::Entry {
            target_type: "procedure",
            target_id: procedure_id,
            actor,
            action,
            before: None,
            after: Some(after),
        },
    )
    .await
}

/// Starts (or restarts) the draft from `definition`. An existing draft is
/// replaced only while it is being edited and only on purpose (`replace`).
pub async fn start(
    db: &Db,
    definition: &FormDefinition,
    base_version: i64,
    origin: &str,
    actor: &str,
    replace: bool,
) -> anyhow::Result<Result<(), Stale>> {
    let mut tx = db.begin().await?;
    let existing = sqlx::query("SELECT state FROM form_drafts WHERE procedure_id = $1")
        .bind(&definition.procedure_id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = existing {
        if !replace {
            return Ok(Err(Stale::Changed));
        }
        if State::parse(&row.try_get::<String, _>("state")?) == State::Review {
            return Ok(Err(Stale::WrongState));
        }
        sqlx::query("DELETE FROM form_drafts WHERE procedure_id = $1")
            .bind(&definition.procedure_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO form_drafts (procedure_id, definition, base_version, state, revision, origin, updated_at, updated_by) \
         VALUES ($1, $2, $3, 'draft', 1, $4, $5, $6)",
    )
    .bind(&definition.procedure_id)
    .bind(serde_json::to_string(definition)?)
    .bind(base_version)
    .bind(origin)
    .bind(kernel::clock::now_text())
    .bind(actor)
    .execute(&mut *tx)
    .await?;
    audit(
        db,
        &mut tx,
        &definition.procedure_id,
        actor,
        "procedure.form_draft_started",
        json!({ "origin": origin, "base_version": base_version }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Saves an edit made on `revision`; refused when the draft changed since
/// or is in review.
pub async fn save(
    db: &Db,
    definition: &FormDefinition,
    revision: i64,
    actor: &str,
) -> anyhow::Result<Result<i64, Stale>> {
    let done = sqlx::query(
        "UPDATE form_drafts SET definition = $1, revision = revision + 1, updated_at = $2, updated_by = $3 \
         WHERE procedure_id = $4 AND revision = $5 AND state = 'draft'",
    )
    .bind(serde_json::to_string(definition)?)
    .bind(kernel::clock::now_text())
    .bind(actor)
    .bind(&definition.procedure_id)
    .bind(revision)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Ok(revision + 1));
    }
    Ok(Err(
        why_not(db, &definition.procedure_id, State::Draft).await?
    ))
}

async fn why_not(db: &Db, procedure_id: &str, wanted: State) -> anyhow::Result<Stale> {
    Ok(match get(db, procedure_id).await? {
        None => Stale::Gone,
        Some(draft) if draft.state != wanted => Stale::WrongState,
        Some(_) => Stale::Changed,
    })
}

/// Moves the draft between states: to review (with the author's note), or
/// back to editing (withdrawn by the author, or returned by a reviewer
/// with the reason).
pub async fn set_state(
    db: &Db,
    procedure_id: &str,
    revision: i64,
    to: State,
    actor: &str,
    staff_id: &str,
    note: &str,
) -> anyhow::Result<Result<(), Stale>> {
    let from = match to {
        State::Review => "draft",
        State::Draft => "review",
    };
    let mut tx = db.begin().await?;
    let now = kernel::clock::now_text();
    let done = match to {
        State::Review => {
            sqlx::query(
                "UPDATE form_drafts SET state = 'review', submitted_by = $1, submitted_at = $2, note = $3, \
                 returned_note = '', revision = revision + 1, updated_at = $2, updated_by = $4 \
                 WHERE procedure_id = $5 AND revision = $6 AND state = $7",
            )
            .bind(staff_id)
            .bind(&now)
            .bind(note)
            .bind(actor)
            .bind(procedure_id)
            .bind(revision)
            .bind(from)
            .execute(&mut *tx)
            .await?
        }
        State::Draft => {
            sqlx::query(
                "UPDATE form_drafts SET state = 'draft', submitted_by = NULL, submitted_at = NULL, \
                 returned_note = $1, revision = revision + 1, updated_at = $2, updated_by = $3 \
                 WHERE procedure_id = $4 AND revision = $5 AND state = $6",
            )
            .bind(note)
            .bind(&now)
            .bind(actor)
            .bind(procedure_id)
            .bind(revision)
            .bind(from)
            .execute(&mut *tx)
            .await?
        }
    };
    if done.rows_affected() != 1 {
        drop(tx);
        let wanted = match to {
            State::Review => State::Draft,
            State::Draft => State::Review,
        };
        return Ok(Err(why_not(db, procedure_id, wanted).await?));
    }
    let action = match to {
        State::Review => "procedure.form_submitted_for_review",
        State::Draft => "procedure.form_returned_to_draft",
    };
    audit(
        db,
        &mut tx,
        procedure_id,
        actor,
        action,
        json!({ "note": note }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Publishes the draft in review as the next version: the version stored,
/// the draft removed and the audit entry written together.
pub async fn publish(
    db: &Db,
    procedure_id: &str,
    revision: i64,
    reviewer: &str,
) -> anyhow::Result<Result<FormDefinition, Stale>> {
    let Some(draft) = get(db, procedure_id).await? else {
        return Ok(Err(Stale::Gone));
    };
    if draft.state != State::Review {
        return Ok(Err(Stale::WrongState));
    }
    if draft.revision != revision {
        return Ok(Err(Stale::Changed));
    }
    let mut tx = db.begin().await?;
    let removed = sqlx::query(
        "DELETE FROM form_drafts WHERE procedure_id = $1 AND revision = $2 AND state = 'review'",
    )
    .bind(procedure_id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() != 1 {
        return Ok(Err(Stale::Changed));
    }
    let author = draft
        .submitted_by
        .as_deref()
        .map(|id| format!("staff:{id}"))
        .unwrap_or_else(|| draft.updated_by.clone());
    let stored =
        applications::form_store::save_in(&mut tx, &draft.definition, reviewer, &author).await?;
    audit(
        db,
        &mut tx,
        procedure_id,
        reviewer,
        "procedure.form_published",
        json!({ "version": stored.version, "authored_by": author, "origin": draft.origin }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(stored))
}

/// Throws the draft away (while it is being edited).
pub async fn discard(
    db: &Db,
    procedure_id: &str,
    revision: i64,
    actor: &str,
) -> anyhow::Result<Result<(), Stale>> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "DELETE FROM form_drafts WHERE procedure_id = $1 AND revision = $2 AND state = 'draft'",
    )
    .bind(procedure_id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        drop(tx);
        return Ok(Err(why_not(db, procedure_id, State::Draft).await?));
    }
    audit(
        db,
        &mut tx,
        procedure_id,
        actor,
        "procedure.form_draft_discarded",
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
