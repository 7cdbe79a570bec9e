//! 保存期間 and 廃棄: a case's record is kept for its procedure's retention
//! period, counted in fiscal years from the 1 April after the case ended
//! (起算日), and then disposed of: its answers, files and internal comments
//! are deleted, and what statistics count (receipt number, procedure,
//! section, status, dates, fiscal year) stays. Each disposal is written to
//! the register (廃棄簿, `disposals`) and the audit log. See docs/retention.md.

use kernel::Db;
use serde_json::json;
use sqlx::Row;
use time::{Date, Month, OffsetDateTime};
use workflow::Status;

use crate::attachments::Attachments;

/// How long a procedure's case records are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    Years(u32),
    /// 永年・常用: never disposed of.
    Permanent,
}

impl Retention {
    /// The procedure's own period (`None`: the city's default; `0`: for
    /// good), as the catalog stores it.
    pub fn of(procedure_years: Option<i64>, default_years: u32) -> Retention {
        match procedure_years {
            None => Retention::Years(default_years),
            Some(0) => Retention::Permanent,
            Some(years) => Retention::Years(u32::try_from(years).unwrap_or(u32::MAX)),
        }
    }

    /// As the register and the catalog write it: 0 for permanent.
    pub fn years(self) -> i64 {
        match self {
            Retention::Years(years) => i64::from(years),
            Retention::Permanent => 0,
        }
    }
}

/// 起算日: the 1 April after the day a case ended (the start of the next
/// fiscal year), as Japanese public records count their retention.
pub fn counted_from(completed_on: Date) -> Option<Date> {
    let next_fiscal_year = kernel::wareki::fiscal_year_of(completed_on).checked_add(1)?;
    Date::from_calendar_date(next_fiscal_year, Month::April, 1).ok()
}

/// The first day a case that ended on `completed_on` (a day in Japan) may
/// be disposed of: 起算日 plus the retention period. A case completed in
/// FY2025 (R7) with 5 years is disposable from 1 April 2031, the start of
/// FY2031 (R13 = R7 + 1 + 5). `None` when it is kept for good.
pub fn disposable_from(completed_on: Date, retention: Retention) -> Option<Date> {
    let Retention::Years(years) = retention else {
        return None;
    };
    let from = counted_from(completed_on)?;
    let year = from.year().checked_add(i32::try_from(years).ok()?)?;
    Date::from_calendar_date(year, Month::April, 1).ok()
}

/// The day before which a case must have ended (in Japan) to be
/// disposable on `today`: the 1 April `years` fiscal years before today's.
/// Equivalent to `disposable_from(completed) <= today`; used to ask the
/// database for candidates only.
pub fn completed_before(today: Date, retention: Retention) -> Option<Date> {
    let Retention::Years(years) = retention else {
        return None;
    };
    let year = kernel::wareki::fiscal_year_of(today).checked_sub(i32::try_from(years).ok()?)?;
    Date::from_calendar_date(year, Month::April, 1).ok()
}

/// The day in Japan of a stored time.
fn day_in_japan(at: OffsetDateTime) -> Date {
    at.to_offset(time::macros::offset!(+9)).date()
}

/// What one run of the disposal job did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Receipt numbers of the cases disposed of.
    pub disposed: Vec<String>,
    /// Receipt numbers of cases due that could not be disposed of; they
    /// stay as they were and are tried again on the next run.
    pub failed: Vec<String>,
    /// Files removed from storage (this run's and any left by an earlier one).
    pub files_removed: usize,
}

/// A final case whose retention period may have ended.
struct Candidate {
    id: String,
    receipt_number: String,
    procedure_id: String,
    section_id: Option<String>,
    status: String,
    completed_at: String,
}

/// Cases looked at per query.
const BATCH: i64 = 200;

/// Disposes of every final case whose retention period ended on or before
/// `now` (the city's day), a transaction per case, with `default_years`
/// for procedures that set no period. One case failing leaves it whole
/// and does not stop the others.
pub async fn dispose_due(
    db: &Db,
    attachments: &Attachments,
    now: OffsetDateTime,
    default_years: u32,
) -> anyhow::Result<Report> {
    let mut report = Report {
        files_removed: remove_pending_files(db, attachments).await?,
        ..Report::default()
    };
    let today = day_in_japan(now);
    // A scan of the whole registry: read without the memory map (see
    // `Db::scanning`), or a national registry stays mapped after the job.
    let mut scan = db.scanning().await?;
    let rows = sqlx::query("SELECT DISTINCT retention_years FROM procedures")
        .fetch_all(scan.connection())
        .await;
    scan.done().await?;
    let periods: Vec<Option<i64>> = rows?
        .iter()
        .map(|row| row.try_get("retention_years"))
        .collect::<Result<_, _>>()?;
    for stored in periods {
        let retention = Retention::of(stored, default_years);
        let Some(before) = completed_before(today, retention) else {
            continue;
        };
        let cutoff =
            kernel::clock::to_text(before.midnight().assume_offset(time::macros::offset!(+9)));
        // Keyset pages, so a case that fails is passed over, not met again.
        let mut after = (String::new(), String::new());
        loop {
            let candidates = candidates(db, stored, &cutoff, &after).await?;
            let Some(last) = candidates.last() else { break };
            after = (last.completed_at.clone(), last.id.clone());
            let full_page = candidates.len() as i64 == BATCH;
            for candidate in candidates {
                match dispose_one(db, attachments, &candidate, retention, now).await {
                    Ok(Some(removed)) => {
                        report.files_removed += removed;
                        report.disposed.push(candidate.receipt_number);
                    }
                    Ok(None) => {}
                    Err(error) => {
                        tracing::warn!(
                            receipt = %candidate.receipt_number,
                            error = %format!("{error:#}"),
                            "retention: the case could not be disposed of; it is left whole and tried again tomorrow"
                        );
                        report.failed.push(candidate.receipt_number);
                    }
                }
            }
            if !full_page {
                break;
            }
        }
    }
    if !report.disposed.is_empty() || !report.failed.is_empty() {
        tracing::info!(
            disposed = report.disposed.len(),
            failed = report.failed.len(),
            files_removed = report.files_removed,
            "retention: cases past their retention period disposed of"
        );
    }
    Ok(report)
}

async fn candidates(
    db: &Db,
    stored: Option<i64>,
    cutoff: &str,
    after: &(String, String),
) -> anyhow::Result<Vec<Candidate>> {
    let period = match stored {
        Some(_) => "p.retention_years = $5",
        None => "(p.retention_years IS NULL AND $5 = 0)",
    };
    let sql = format!(
        "SELECT a.id, a.receipt_number, a.procedure_id, a.section_id, a.status, a.completed_at \
         FROM applications a JOIN procedures p ON p.id = a.procedure_id \
         WHERE a.completed_at IS NOT NULL AND a.disposed_at IS NULL AND a.completed_at < $1 \
         AND (a.completed_at > $2 OR (a.completed_at = $2 AND a.id > $3)) AND {period} \
         ORDER BY a.completed_at, a.id LIMIT $4"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(cutoff)
        .bind(&after.0)
        .bind(&after.1)
        .bind(BATCH)
        .bind(stored.unwrap_or(0))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Candidate {
                id: row.try_get("id")?,
                receipt_number: row.try_get("receipt_number")?,
                procedure_id: row.try_get("procedure_id")?,
                section_id: row.try_get("section_id")?,
                status: row.try_get("status")?,
                completed_at: row.try_get("completed_at")?,
            })
        })
        .collect()
}

/// Disposes of one case; `Ok(None)` when on a closer look it is not due.
/// Returns how many of its files were removed from storage.
async fn dispose_one(
    db: &Db,
    attachments: &Attachments,
    case: &Candidate,
    retention: Retention,
    now: OffsetDateTime,
) -> anyhow::Result<Option<usize>> {
    // The database chose by a cutoff; the rule itself decides.
    let status = Status::parse(&case.status);
    let completed = kernel::clock::parse(&case.completed_at)
        .ok_or_else(|| anyhow::anyhow!("completed_at {:?} is no time", case.completed_at))?;
    let Some(from) = disposable_from(day_in_japan(completed), retention) else {
        return Ok(None);
    };
    if !status.is_some_and(Status::is_final) || day_in_japan(now) < from {
        return Ok(None);
    }
    let files = own_files(db, case).await?;
    let disposed_at = kernel::clock::to_text(now);
    let mut tx = db.begin().await?;
    // The resident's id stays so their my page can say what happened; a
    // guest's e-mail, the request's hash and the duplicate key (both made
    // from answers) go.
    let changed = sqlx::query(
        "UPDATE applications SET submitter_id = CASE WHEN submitter_kind = 'guest' THEN '' ELSE submitter_id END, \
         idempotency_key = NULL, request_hash = '', duplicate_key = NULL, search_terms = '', disposed_at = $1 \
         WHERE id = $2 AND disposed_at IS NULL AND status IN ('closed', 'withdrawn')",
    )
    .bind(&disposed_at)
    .bind(&case.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    anyhow::ensure!(changed == 1, "the case changed meanwhile");
    crate::store::erase_answers(&mut tx, &case.id).await?;
    sqlx::query("DELETE FROM application_files WHERE application_id = $1")
        .bind(&case.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM application_comments WHERE application_id = $1")
        .bind(&case.id)
        .execute(&mut *tx)
        .await?;
    for id in &files {
        sqlx::query("DELETE FROM attachments WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO disposed_files (attachment_id, disposed_at) VALUES ($1, $2)")
            .bind(id)
            .bind(&disposed_at)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO disposals (receipt_number, procedure_id, section_id, completed_at, retention_years, \
         disposable_from, disposed_at, attachments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&case.receipt_number)
    .bind(&case.procedure_id)
    .bind(&case.section_id)
    .bind(&case.completed_at)
    .bind(retention.years())
    .bind(from.to_string())
    .bind(&disposed_at)
    .bind(i64::try_from(files.len())?)
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &case.id,
            actor: "system:retention",
            action: "application.disposed",
            before: Some(json!({ "status": case.status })),
            // No status in `after`: the status did not change, and the
            // resident's history lists entries that carry one.
            after: Some(json!({
                "retention_years": retention.years(),
                "completed_at": case.completed_at,
                "disposable_from": from.to_string(),
                "attachments_deleted": files.len(),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    // Files go only once nothing names them any more; a crash before this
    // leaves them listed in disposed_files for the next run.
    match remove_pending_files(db, attachments).await {
        Ok(removed) => Ok(Some(removed)),
        Err(error) => {
            tracing::warn!(error = %format!("{error:#}"), "retention: files of disposed cases are left for the next run");
            Ok(Some(0))
        }
    }
}

/// The stored files this case has named, now or before a correction (as
/// recorded when its answers were written: they are sealed), that no other
/// application or draft names.
async fn own_files(db: &Db, case: &Candidate) -> anyhow::Result<Vec<String>> {
    let named: Vec<String> = sqlx::query(
        "SELECT f.attachment_id FROM application_files f JOIN attachments a ON a.id = f.attachment_id \
         WHERE f.application_id = $1 ORDER BY f.attachment_id",
    )
    .bind(&case.id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| row.try_get("attachment_id"))
    .collect::<Result<_, _>>()?;
    let mut own = Vec::new();
    for id in named {
        let elsewhere = sqlx::query(
            "SELECT 1 FROM application_files WHERE attachment_id = $1 AND application_id <> $2 \
             UNION ALL SELECT 1 FROM draft_files WHERE attachment_id = $1 LIMIT 1",
        )
        .bind(&id)
        .bind(&case.id)
        .fetch_optional(db.pool())
        .await?
        .is_some();
        if !elsewhere {
            own.push(id);
        }
    }
    Ok(own)
}

/// Removes the files of disposed cases still listed, and their list rows.
/// A file that cannot be removed stays listed for the next run.
async fn remove_pending_files(db: &Db, attachments: &Attachments) -> anyhow::Result<usize> {
    let pending: Vec<String> = sqlx::query("SELECT attachment_id FROM disposed_files")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| row.try_get("attachment_id"))
        .collect::<Result<_, _>>()?;
    let mut removed = 0;
    for id in pending {
        if let Err(error) = attachments.remove(&id).await {
            tracing::warn!(error = %format!("{error:#}"), "retention: a disposed file could not be removed; trying again tomorrow");
            continue;
        }
        sqlx::query("DELETE FROM disposed_files WHERE attachment_id = $1")
            .bind(&id)
            .execute(db.pool())
            .await?;
        removed += 1;
    }
    Ok(removed)
}

/// A line of the register (廃棄簿).
#[derive(Debug, Clone)]
pub struct Disposal {
    pub receipt_number: String,
    pub procedure_id: String,
    pub procedure_name: String,
    pub section_name: String,
    pub completed_at: String,
    pub retention_years: i64,
    pub disposable_from: String,
    pub disposed_at: String,
    pub attachments: i64,
}

/// The register, latest disposals first.
pub async fn register(db: &Db, limit: i64) -> anyhow::Result<Vec<Disposal>> {
    sqlx::query(
        "SELECT d.receipt_number, d.procedure_id, COALESCE(p.name, d.procedure_id) AS procedure_name, \
         COALESCE(s.name, '') AS section_name, d.completed_at, d.retention_years, d.disposable_from, \
         d.disposed_at, d.attachments \
         FROM disposals d LEFT JOIN procedures p ON p.id = d.procedure_id \
         LEFT JOIN sections s ON s.id = d.section_id \
         ORDER BY d.disposed_at DESC, d.receipt_number DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(Disposal {
            receipt_number: row.try_get("receipt_number")?,
            procedure_id: row.try_get("procedure_id")?,
            procedure_name: row.try_get("procedure_name")?,
            section_name: row.try_get("section_name")?,
            completed_at: row.try_get("completed_at")?,
            retention_years: row.try_get("retention_years")?,
            disposable_from: row.try_get("disposable_from")?,
            disposed_at: row.try_get("disposed_at")?,
            attachments: row.try_get("attachments")?,
        })
    })
    .collect()
}

/// The retention period (years) a case was disposed of under, if it was.
pub async fn disposal_of(db: &Db, receipt_number: &str) -> anyhow::Result<Option<i64>> {
    Ok(
        sqlx::query("SELECT retention_years FROM disposals WHERE receipt_number = $1")
            .bind(receipt_number)
            .fetch_optional(db.pool())
            .await?
            .map(|row| row.try_get("retention_years"))
            .transpose()?,
    )
}

/// The disposal job for the housekeeping schedule.
pub fn daily_job(
    db: Db,
    attachments: Attachments,
    default_years: u32,
) -> kernel::housekeeping::DailyJob {
    kernel::housekeeping::DailyJob {
        name: "retention",
        run: Box::new(move |now| {
            let db = db.clone();
            let attachments = attachments.clone();
            Box::pin(async move {
                dispose_due(&db, &attachments, now, default_years)
                    .await
                    .map(|_| ())
            })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const FIVE: Retention = Retention::Years(5);

    #[test]
    fn the_period_counts_from_the_first_of_april_after_the_case_ended() {
        // FY2025 (R7) runs 1 April 2025 – 31 March 2026.
        assert_eq!(
            counted_from(date!(2025 - 04 - 01)),
            Some(date!(2026 - 04 - 01))
        );
        assert_eq!(
            counted_from(date!(2025 - 12 - 24)),
            Some(date!(2026 - 04 - 01))
        );
        assert_eq!(
            counted_from(date!(2026 - 03 - 31)),
            Some(date!(2026 - 04 - 01))
        );
        assert_eq!(
            counted_from(date!(2026 - 04 - 01)),
            Some(date!(2027 - 04 - 01))
        );
    }

    #[test]
    fn a_case_ended_in_r7_with_five_years_is_disposable_from_the_start_of_r13() {
        assert_eq!(
            disposable_from(date!(2025 - 07 - 10), FIVE),
            Some(date!(2031 - 04 - 01))
        );
        // 31 March is still R7; 1 April is R8 and waits a year more.
        assert_eq!(
            disposable_from(date!(2026 - 03 - 31), FIVE),
            Some(date!(2031 - 04 - 01))
        );
        assert_eq!(
            disposable_from(date!(2026 - 04 - 01), FIVE),
            Some(date!(2032 - 04 - 01))
        );
        assert_eq!(
            disposable_from(date!(2025 - 07 - 10), Retention::Years(1)),
            Some(date!(2027 - 04 - 01))
        );
        assert_eq!(
            disposable_from(date!(2025 - 07 - 10), Retention::Years(30)),
            Some(date!(2056 - 04 - 01))
        );
    }

    #[test]
    fn records_kept_for_good_are_never_disposable() {
        assert_eq!(
            disposable_from(date!(2025 - 07 - 10), Retention::Permanent),
            None
        );
        assert_eq!(
            completed_before(date!(2099 - 04 - 01), Retention::Permanent),
            None
        );
    }

    #[test]
    fn the_procedure_period_wins_over_the_default_and_zero_is_for_good() {
        assert_eq!(Retention::of(None, 5), FIVE);
        assert_eq!(Retention::of(Some(10), 5), Retention::Years(10));
        assert_eq!(Retention::of(Some(0), 5), Retention::Permanent);
        assert_eq!(Retention::Permanent.years(), 0);
    }

    #[test]
    fn the_cutoff_agrees_with_the_rule_on_both_sides_of_the_year_boundary() {
        for today in [
            date!(2031 - 03 - 31),
            date!(2031 - 04 - 01),
            date!(2031 - 12 - 31),
            date!(2032 - 03 - 31),
            date!(2032 - 04 - 01),
        ] {
            let before = completed_before(today, FIVE).expect("a cutoff");
            for completed in [
                date!(2025 - 03 - 31),
                date!(2025 - 04 - 01),
                date!(2026 - 03 - 31),
                date!(2026 - 04 - 01),
                date!(2027 - 03 - 31),
                date!(2027 - 04 - 01),
            ] {
                let due = disposable_from(completed, FIVE).is_some_and(|from| from <= today);
                assert_eq!(completed < before, due, "{completed} on {today}");
            }
        }
    }
}
