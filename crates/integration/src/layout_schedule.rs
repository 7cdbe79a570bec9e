//! Layouts run every day (docs/layouts.md): a layout set to an hour (Japan
//! time) writes the previous day's applications once that hour has come.
//! The housekeeping schedule's daily job checks at once and then every
//! hour until its next run; each day is claimed in the database before it
//! is written, so restarts and several nodes write it once.

use std::path::{Path, PathBuf};

use kernel::Db;
use sqlx::Row;
use time::OffsetDateTime;

use crate::layout_files;

const JAPAN: time::UtcOffset = time::macros::offset!(+9);

/// Writes, for every layout whose hour has come today, the day before's
/// file, unless written already; how many files were written.
pub async fn run_due(db: &Db, data_dir: &Path, now: OffsetDateTime) -> anyhow::Result<usize> {
    let here = now.to_offset(JAPAN);
    let Some(day) = here.date().previous_day() else {
        return Ok(0);
    };
    let hour = i64::from(here.hour());
    let due: Vec<String> = sqlx::query(
        "SELECT id FROM layouts WHERE daily_hour IS NOT NULL AND daily_hour <= $1 \
         AND (last_run_for IS NULL OR last_run_for < $2) ORDER BY id",
    )
    .bind(hour)
    .bind(day.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| row.try_get("id"))
    .collect::<Result<_, _>>()?;
    let mut written = 0;
    for id in due {
        // The claim: whoever changes last_run_for writes the file.
        let claimed = sqlx::query(
            "UPDATE layouts SET last_run_for = $1 WHERE id = $2 \
             AND (last_run_for IS NULL OR last_run_for < $1)",
        )
        .bind(day.to_string())
        .bind(&id)
        .execute(db.pool())
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        let Some(registered) = layout_files::by_id(db, &id).await? else {
            continue;
        };
        match layout_files::produce(
            db,
            data_dir,
            &registered,
            day,
            day,
            "schedule",
            kernel::client::ClientAddr::UNKNOWN,
        )
        .await?
        {
            Ok(_) => written += 1,
            Err(refusal) => {
                tracing::warn!(layout = %id, %day, report = %refusal, "the daily layout export wrote nothing");
            }
        }
    }
    Ok(written)
}

/// The daily job: due layouts now, then every hour until the next day's run.
pub fn daily_job(db: Db, data_dir: PathBuf) -> kernel::housekeeping::DailyJob {
    kernel::housekeeping::DailyJob {
        name: "layouts",
        run: Box::new(move |now| {
            let db = db.clone();
            let data_dir = data_dir.clone();
            Box::pin(async move {
                run_due(&db, &data_dir, now).await?;
                tokio::spawn(async move {
                    for _ in 0..23 {
                        let into_hour = OffsetDateTime::now_utc().unix_timestamp().rem_euclid(3600);
                        let wait = u64::try_from(3600 - into_hour).unwrap_or(3600) + 5;
                        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                        if let Err(error) = run_due(&db, &data_dir, OffsetDateTime::now_utc()).await
                        {
                            tracing::warn!(error = %format!("{error:#}"), "the daily layout exports failed; trying again in an hour");
                        }
                    }
                });
                Ok(())
            })
        }),
    }
}
