//! Survey reminders by mail: the ones the DX office sends from the round page,
//! and the ones the platform sends on its own — three days before the
//! deadline, the day after it, then weekly until the round closes — to the
//! staff of every section with procedures still unanswered. Each automatic
//! reminder is recorded in the same transaction as its mails, one a round a
//! day at most, so a restart or a second server never sends it twice.

use std::time::Duration;

use kernel::Db;
use kernel::mail::Mail;
use sqlx::Row;
use time::Date;

use crate::survey::{Reminder, reminder_due};
use crate::survey_store::{self, Round};

/// How often a running server looks for reminders due.
const CHECK_EVERY: Duration = Duration::from_secs(3600);
/// The first look waits a little after start-up, so a server that restarts
/// in a loop does not hammer the database.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(120);

/// The mail to one member of a section's staff.
pub fn mail(round: &Round, kind: Reminder, recipient: &str) -> Mail {
    let (id, deadline) = (&round.id, round.deadline);
    let body = match kind {
        Reminder::DueSoon => format!(
            "四半期照会 {id} の回答期限（{deadline}）が近づいています。担当の手続について、状況・予定年度・年間件数・課題を確認し、回答してください。\n\n\
             The quarterly survey {id} is due on {deadline}. Please confirm or update the status, planned year, annual count and issues of your section's procedures."
        ),
        Reminder::Overdue => format!(
            "四半期照会 {id} の回答期限（{deadline}）を過ぎています。担当の手続について、状況・予定年度・年間件数・課題を確認し、回答してください。\n\n\
             The quarterly survey {id} was due on {deadline}. Please confirm or update the status, planned year, annual count and issues of your section's procedures."
        ),
    };
    Mail {
        recipient: recipient.to_string(),
        subject: format!("【四半期照会】{id} の回答のお願い / Please answer the quarterly survey"),
        body,
        link_path: Some(format!("/staff/survey/{id}")),
    }
}

/// The mail that tells a member of a section's staff that a round is open.
pub fn opening_mail(id: &str, deadline: Date, recipient: &str) -> Mail {
    Mail {
        recipient: recipient.to_string(),
        subject: format!("【四半期照会】{id} を開始しました / The quarterly survey is open"),
        body: format!(
            "四半期照会 {id} を開始しました。回答期限は {deadline} です。担当の手続について、状況・予定年度・年間件数・課題を確認し、回答してください。変更がなければ、そのまま送信すれば確認済みになります。\n\n\
             The quarterly survey {id} is open until {deadline}. Please confirm or update the status, planned year, annual count and issues of your section's procedures; sending a page unchanged confirms it."
        ),
        link_path: Some(format!("/staff/survey/{id}")),
    }
}

/// The sections of the round with procedures still unanswered.
pub async fn unanswered_sections(db: &Db, round: &Round) -> anyhow::Result<Vec<String>> {
    let mut sections: Vec<String> = survey_store::entries(db, &round.id, None)
        .await?
        .into_iter()
        .filter(|e| e.answer.is_none())
        .map(|e| e.section_id)
        .collect();
    sections.sort();
    sections.dedup();
    Ok(sections)
}

/// One automatic reminder sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub round_id: String,
    pub kind: Reminder,
    pub recipients: usize,
}

/// Sends every reminder due `today` for the open rounds. A round whose
/// reminder fails is logged and left for the next look; the others go on.
pub async fn send_due(db: &Db, today: Date) -> anyhow::Result<Vec<Sent>> {
    let mut sent = Vec::new();
    for round in survey_store::rounds(db).await? {
        if round.closed_at.is_some() {
            continue;
        }
        match remind_if_due(db, &round, today).await {
            Ok(Some(reminder)) => sent.push(reminder),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(round = %round.id, error = %format!("{error:#}"), "survey reminder not sent");
            }
        }
    }
    Ok(sent)
}

async fn remind_if_due(db: &Db, round: &Round, today: Date) -> anyhow::Result<Option<Sent>> {
    let last = last_sent(db, &round.id).await?;
    let Some(kind) = reminder_due(round.deadline, today, last) else {
        return Ok(None);
    };
    let Some(recipients) = send(db, round, kind, today, Claim::OnlyOnceADay).await? else {
        return Ok(None);
    };
    tracing::info!(round = %round.id, kind = kind.code(), recipients, "survey reminder sent");
    Ok(Some(Sent {
        round_id: round.id.clone(),
        kind,
        recipients,
    }))
}

/// Sends a reminder now (the DX office's button): "due soon" until the
/// deadline, "overdue" after. It counts as the day's reminder, so the
/// platform does not send the same one again that day. Returns the number
/// of mails.
pub async fn send_now(db: &Db, round: &Round, today: Date) -> anyhow::Result<usize> {
    let kind = if today > round.deadline {
        Reminder::Overdue
    } else {
        Reminder::DueSoon
    };
    Ok(send(db, round, kind, today, Claim::Always)
        .await?
        .unwrap_or_default())
}

enum Claim {
    /// The platform's own: skipped when the day's reminder was sent.
    OnlyOnceADay,
    /// Somebody asked for it: sent, and recorded as the day's reminder.
    Always,
}

/// Mails the staff of every section with answers missing and records the
/// reminder, in one transaction; `None` when there is nobody to remind, the
/// round has closed, or the day's reminder was already sent.
async fn send(
    db: &Db,
    round: &Round,
    kind: Reminder,
    today: Date,
    claim: Claim,
) -> anyhow::Result<Option<usize>> {
    let sections = unanswered_sections(db, round).await?;
    if sections.is_empty() {
        return Ok(None);
    }
    let addresses = survey_store::staff_of(db, &sections).await?;
    let on_conflict = match claim {
        Claim::OnlyOnceADay => "DO NOTHING",
        Claim::Always => {
            "DO UPDATE SET kind = excluded.kind, \
             recipients = survey_reminders.recipients + excluded.recipients"
        }
    };
    let mut tx = db.begin().await?;
    // A round closed meanwhile is left alone.
    if !survey_store::hold_open_round(&mut tx, &round.id).await? {
        return Ok(None);
    }
    let recorded = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO survey_reminders (round_id, sent_on, kind, recipients) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (round_id, sent_on) {on_conflict}"
    )))
    .bind(&round.id)
    .bind(today.to_string())
    .bind(kind.code())
    .bind(i64::try_from(addresses.len())?)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !recorded {
        return Ok(None);
    }
    for address in &addresses {
        kernel::mail::enqueue(&mut *tx, &mail(round, kind, address)).await?;
    }
    tx.commit().await?;
    Ok(Some(addresses.len()))
}

async fn last_sent(db: &Db, round_id: &str) -> anyhow::Result<Option<Date>> {
    let row =
        sqlx::query("SELECT MAX(sent_on) AS sent_on FROM survey_reminders WHERE round_id = $1")
            .bind(round_id)
            .fetch_one(db.pool())
            .await?;
    let sent_on: Option<String> = row.try_get("sent_on")?;
    sent_on.as_deref().map(survey_store::date_of).transpose()
}

/// Looks for reminders due every hour while the server runs.
pub fn start(db: Db) {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_AFTER).await;
        loop {
            if let Err(error) = send_due(&db, kernel::clock::today_in_japan()).await {
                tracing::warn!(error = %format!("{error:#}"), "survey reminders could not be sent");
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}
