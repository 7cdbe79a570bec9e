//! The survey rounds and answers in the database. Opening a round takes a
//! snapshot of the registry; answering records each section's words;
//! closing applies the answers to the registry in one transaction. Rounds
//! are never deleted, so every one stays readable.

use std::collections::HashMap;

use kernel::Db;
use sqlx::Row;
use time::Date;

use crate::survey::{Standing, apply};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub id: String,
    pub fiscal_year: i32,
    pub quarter: u8,
    pub deadline: Date,
    pub opened_at: String,
    pub closed_at: Option<String>,
}

/// One procedure in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub procedure_id: String,
    pub name: String,
    pub section_id: String,
    /// The procedure's category code (a clerk's page groups by it).
    pub category: String,
    pub before: Standing,
    /// None until the section answers.
    pub answer: Option<Standing>,
    pub issues: String,
}

impl Entry {
    pub fn changed(&self) -> bool {
        self.answer.as_ref().is_some_and(|a| *a != self.before)
    }
}

pub(crate) fn date_of(text: &str) -> anyhow::Result<Date> {
    Ok(Date::parse(
        text,
        &time::format_description::well_known::Iso8601::DATE,
    )?)
}

fn round_of(row: &sqlx::any::AnyRow) -> anyhow::Result<Round> {
    let fiscal_year: i64 = row.try_get("fiscal_year")?;
    let quarter: i64 = row.try_get("quarter")?;
    Ok(Round {
        id: row.try_get("id")?,
        fiscal_year: i32::try_from(fiscal_year)?,
        quarter: u8::try_from(quarter)?,
        deadline: date_of(&row.try_get::<String, _>("deadline")?)?,
        opened_at: row.try_get("opened_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

const ROUND_COLUMNS: &str = "id, fiscal_year, quarter, deadline, opened_at, closed_at";

pub async fn rounds(db: &Db) -> anyhow::Result<Vec<Round>> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM survey_rounds ORDER BY opened_at DESC");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(round_of)
        .collect()
}

pub async fn round(db: &Db, id: &str) -> anyhow::Result<Option<Round>> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM survey_rounds WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(round_of)
        .transpose()
}

/// Opens a round over every procedure with a section, and mails the staff
/// of each of those sections that it is open (in the same transaction, so
/// a round is never open without its mails); false when a round with this
/// id exists already.
pub async fn open(
    db: &Db,
    fiscal_year: i32,
    quarter: u8,
    deadline: Date,
    by: &str,
) -> anyhow::Result<bool> {
    let id = crate::survey::round_id(fiscal_year, quarter);
    if round(db, &id).await?.is_some() {
        return Ok(false);
    }
    let procedures = catalog::store::all_procedures(db).await?;
    let mut sections: Vec<String> = procedures
        .iter()
        .filter_map(|p| p.section_id.clone())
        .collect();
    sections.sort();
    sections.dedup();
    let addresses = staff_of(db, &sections).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO survey_rounds (id, fiscal_year, quarter, deadline, opened_at, opened_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(i64::from(fiscal_year))
    .bind(i64::from(quarter))
    .bind(deadline.to_string())
    .bind(kernel::clock::now_text())
    .bind(by)
    .execute(&mut *tx)
    .await?;
    let with_section: Vec<_> = procedures
        .iter()
        .filter(|p| p.section_id.is_some())
        .collect();
    for chunk in with_section.chunks(100) {
        let sql = format!(
            "INSERT INTO survey_answers (round_id, procedure_id, section_id, before_status, \
             before_planned_fy, before_annual_count) VALUES {}",
            kernel::db::value_rows(chunk.len(), 6)
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for p in chunk {
            insert = insert
                .bind(id.clone())
                .bind(p.id.clone())
                .bind(p.section_id.clone())
                .bind(p.online.code())
                .bind(p.planned_fy.map(i64::from))
                .bind(p.annual_count);
        }
        insert.execute(&mut *tx).await?;
    }
    for address in &addresses {
        kernel::mail::enqueue(
            &mut *tx,
            &crate::survey_reminders::opening_mail(&id, deadline, address),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(round = %id, sections = sections.len(), mails = addresses.len(), "survey round announced to the sections");
    Ok(true)
}

fn standing(
    row: &sqlx::any::AnyRow,
    status: &str,
    planned: &str,
    count: &str,
) -> anyhow::Result<Option<Standing>> {
    let Some(status) = row.try_get::<Option<String>, _>(status)? else {
        return Ok(None);
    };
    let planned: Option<i64> = row.try_get(planned)?;
    Ok(Some(Standing {
        status,
        planned_fy: planned.map(i32::try_from).transpose()?,
        annual_count: row.try_get(count)?,
    }))
}

/// The round's procedures, of one section or all, in registry order.
pub async fn entries(db: &Db, id: &str, section: Option<&str>) -> anyhow::Result<Vec<Entry>> {
    read_entries(db.pool(), id, section).await
}

async fn read_entries<'e, E>(
    executor: E,
    id: &str,
    section: Option<&str>,
) -> anyhow::Result<Vec<Entry>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT a.procedure_id, p.name, p.category, a.section_id, a.before_status, a.before_planned_fy, \
         a.before_annual_count, CASE WHEN a.answered_at IS NULL THEN NULL ELSE a.status END AS status, \
         a.planned_fy, a.annual_count, a.issues FROM survey_answers a \
         JOIN procedures p ON p.id = a.procedure_id \
         WHERE a.round_id = $1 AND ($2 = '' OR a.section_id = $2) ORDER BY a.section_id, a.procedure_id",
    )
    .bind(id)
    .bind(section.unwrap_or_default())
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Entry {
                procedure_id: row.try_get("procedure_id")?,
                name: row.try_get("name")?,
                section_id: row
                    .try_get::<Option<String>, _>("section_id")?
                    .unwrap_or_default(),
                category: row.try_get("category")?,
                before: standing(
                    row,
                    "before_status",
                    "before_planned_fy",
                    "before_annual_count",
                )?
                .unwrap_or(Standing {
                    status: "not_online".into(),
                    planned_fy: None,
                    annual_count: None,
                }),
                answer: standing(row, "status", "planned_fy", "annual_count")?,
                issues: row.try_get("issues")?,
            })
        })
        .collect()
}

/// Records a section's answers (only its own procedures); `None` when the
/// round is closed.
pub async fn answer(
    db: &Db,
    id: &str,
    section: &str,
    answers: &[(String, Standing, String)],
    by: &str,
) -> anyhow::Result<Option<usize>> {
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    if !hold_open_round(&mut tx, id).await? {
        return Ok(None);
    }
    let mut saved = 0;
    for (procedure_id, standing, issues) in answers {
        let done = sqlx::query(
            "UPDATE survey_answers SET status = $1, planned_fy = $2, annual_count = $3, issues = $4, \
             answered_at = $5, answered_by = $6 \
             WHERE round_id = $7 AND procedure_id = $8 AND section_id = $9",
        )
        .bind(&standing.status)
        .bind(standing.planned_fy.map(i64::from))
        .bind(standing.annual_count)
        .bind(issues)
        .bind(&now)
        .bind(by)
        .bind(id)
        .bind(procedure_id)
        .bind(section)
        .execute(&mut *tx)
        .await?;
        saved += usize::try_from(done.rows_affected())?;
    }
    tx.commit().await?;
    Ok(Some(saved))
}

/// Takes the round's row for the rest of the transaction if it is open, so
/// that answering and closing wait for each other (PostgreSQL locks the row;
/// SQLite has one writer at a time); false when the round is closed.
pub(crate) async fn hold_open_round(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
) -> anyhow::Result<bool> {
    let held = sqlx::query(
        "UPDATE survey_rounds SET closed_at = NULL WHERE id = $1 AND closed_at IS NULL",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(held.rows_affected() == 1)
}

/// Closes the round and applies every answer to the registry, in one
/// transaction; `None` when the round was closed meanwhile (by another
/// administrator), in which case nothing is applied twice.
pub async fn close(db: &Db, round: &Round, by: &str) -> anyhow::Result<Option<usize>> {
    let mut tx = db.begin().await?;
    if !hold_open_round(&mut tx, &round.id).await? {
        return Ok(None);
    }
    // Read after taking the round, so that no answer lands between reading
    // and applying.
    let entries = read_entries(&mut *tx, &round.id, None).await?;
    let answered: HashMap<&str, &Entry> = entries
        .iter()
        .filter(|e| e.answer.is_some())
        .map(|e| (e.procedure_id.as_str(), e))
        .collect();
    let updated: Vec<catalog::model::Procedure> = catalog::store::all_procedures_in(&mut tx)
        .await?
        .iter()
        .filter_map(|p| {
            let entry = answered.get(p.id.as_str())?;
            let answer = entry.answer.as_ref()?;
            Some(apply(p, answer, &entry.issues, round.fiscal_year))
        })
        .collect();
    catalog::store::save_procedures_in(&mut tx, &updated).await?;
    sqlx::query("UPDATE survey_rounds SET closed_at = $1, closed_by = $2 WHERE id = $3")
        .bind(kernel::clock::now_text())
        .bind(by)
        .bind(&round.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(updated.len()))
}

/// The addresses of the staff of `sections` (for reminders).
pub async fn staff_of(db: &Db, sections: &[String]) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for section in sections {
        let rows = sqlx::query(
            "SELECT email FROM staff WHERE section_id = $1 AND disabled_at IS NULL ORDER BY email",
        )
        .bind(section)
        .fetch_all(db.pool())
        .await?;
        for row in rows {
            out.push(row.try_get("email")?);
        }
    }
    Ok(out)
}
