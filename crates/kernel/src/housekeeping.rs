//! What the platform no longer needs is removed on a schedule, so that the
//! database keeps no personal data or secret longer than its purpose:
//! ended sessions, spent or expired mailed links, old login failures,
//! abandoned drafts, and the bodies of mail sent long ago.

use time::{Duration, OffsetDateTime};

use crate::Db;

/// A draft nobody has touched for this long is abandoned.
pub const DRAFTS_KEPT: Duration = Duration::days(180);
/// A sent mail's row (address and body) is kept this long, for questions
/// like "did the notice go out"; the audit log keeps that it was sent.
pub const SENT_MAIL_KEPT: Duration = Duration::days(30);
/// Failed logins matter for throttling only.
pub const LOGIN_FAILURES_KEPT: Duration = Duration::days(1);
/// Mailed links are kept a day past their expiry (a late click is told
/// it expired rather than that it never existed).
pub const LINKS_KEPT_AFTER_EXPIRY: Duration = Duration::days(1);

/// Questions asked of the assistant (scrubbed of personal data) serve the
/// FAQ's review for a year.
pub const QUESTIONS_KEPT: Duration = Duration::days(365);

/// How many rows each purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub login_failures: u64,
    pub links: u64,
    pub drafts: u64,
    pub sent_mail: u64,
    /// Sign-ins begun and not finished: a staff password step waiting for
    /// its code, a trip to the OpenID Connect provider never come back.
    pub unfinished_sign_ins: u64,
    /// Questions asked of the assistant, past a year.
    pub questions: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.sessions
            + self.login_failures
            + self.links
            + self.drafts
            + self.sent_mail
            + self.unfinished_sign_ins
            + self.questions
    }
}

async fn delete(db: &Db, sql: &'static str, before: OffsetDateTime) -> anyhow::Result<u64> {
    Ok(sqlx::query(sql)
        .bind(crate::clock::to_text(before))
        .execute(db.pool())
        .await?
        .rows_affected())
}

/// Removes what is past its time as of `now`.
pub async fn purge(db: &Db, now: OffsetDateTime) -> anyhow::Result<Purged> {
    let links_before = now - LINKS_KEPT_AFTER_EXPIRY;
    let purged = Purged {
        sessions: delete(db, "DELETE FROM sessions WHERE expires_at < $1", now).await?,
        login_failures: delete(
            db,
            "DELETE FROM login_failures WHERE failed_at < $1",
            now - LOGIN_FAILURES_KEPT,
        )
        .await?,
        links: delete(
            db,
            "DELETE FROM email_verifications WHERE expires_at < $1",
            links_before,
        )
        .await?
            + delete(
                db,
                "DELETE FROM password_resets WHERE expires_at < $1",
                links_before,
            )
            .await?,
        drafts: delete(
            db,
            "DELETE FROM drafts WHERE updated_at < $1",
            now - DRAFTS_KEPT,
        )
        .await?,
        sent_mail: delete(
            db,
            "DELETE FROM mail_queue WHERE sent_at IS NOT NULL AND sent_at < $1",
            now - SENT_MAIL_KEPT,
        )
        .await?,
        unfinished_sign_ins: delete(db, "DELETE FROM pending_logins WHERE expires_at < $1", now)
            .await?
            + delete(db, "DELETE FROM oidc_logins WHERE expires_at < $1", now).await?,
        questions: delete(
            db,
            "DELETE FROM assistant_questions WHERE asked_at < $1",
            now - QUESTIONS_KEPT,
        )
        .await?,
    };
    // The files abandoned drafts named go with them (the purge of unused
    // uploads then removes the files).
    sqlx::query(
        "DELETE FROM draft_files WHERE NOT EXISTS (SELECT 1 FROM drafts d \
         WHERE d.resident_id = draft_files.resident_id AND d.procedure_id = draft_files.procedure_id)",
    )
    .execute(db.pool())
    .await?;
    if purged.total() > 0 {
        tracing::info!(
            sessions = purged.sessions,
            login_failures = purged.login_failures,
            links = purged.links,
            drafts = purged.drafts,
            sent_mail = purged.sent_mail,
            unfinished_sign_ins = purged.unfinished_sign_ins,
            questions = purged.questions,
            "housekeeping: expired data removed"
        );
    }
    Ok(purged)
}

/// A task other capabilities give the schedule to run once a day (the
/// kernel knows no applications): it is handed the time to act as of, and
/// logs what it did itself.
pub struct DailyJob {
    pub name: &'static str,
    pub run: Box<dyn Fn(OffsetDateTime) -> JobFuture + Send + Sync>,
}

pub type JobFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>>;

/// Purges once an hour, from now on, and runs `daily` at start and every
/// 24 hours after.
pub fn start(db: Db, daily: Vec<DailyJob>) {
    tokio::spawn(async move {
        let mut hours = 0u32;
        loop {
            let now = OffsetDateTime::now_utc();
            if let Err(error) = purge(&db, now).await {
                tracing::warn!(error = %format!("{error:#}"), "housekeeping failed; trying again in an hour");
            }
            if hours.is_multiple_of(24) {
                for job in &daily {
                    if let Err(error) = (job.run)(now).await {
                        tracing::warn!(job = job.name, error = %format!("{error:#}"), "a daily housekeeping job failed; trying again tomorrow");
                    }
                }
            }
            hours = hours.wrapping_add(1);
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}
