//! Announcements in the database: drafts, their steps (`announce`), the
//! recipients queued all at once when one is due, and the deliveries the
//! sender works through.

use std::collections::BTreeMap;

use kernel::Db;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use time::OffsetDateTime;

use crate::announce::{self, Action, Refusal, State};
use crate::rules::{Target, join, split};

/// An announcement's title and text in one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Text {
    pub title: String,
    pub body: String,
}

/// Longest title and text, in characters.
pub const MAX_TITLE: usize = 120;
pub const MAX_BODY: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: i64,
    /// By language code; Japanese is required to send.
    pub texts: BTreeMap<String, Text>,
    pub target: Target,
    pub link_path: Option<String>,
    pub state: State,
    pub send_at: Option<String>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub sent_back_why: Option<String>,
    pub recipients: Option<i64>,
}

impl Announcement {
    /// Something to send: a topic, and a Japanese title and text.
    pub fn complete(&self) -> bool {
        !self.target.topics.is_empty()
            && self
                .texts
                .get("ja")
                .is_some_and(|t| !t.title.trim().is_empty() && !t.body.trim().is_empty())
    }

    /// The text a reader of `lang` gets: theirs, else the Japanese.
    pub fn text_for(&self, lang: &str) -> Option<&Text> {
        self.texts
            .get(lang)
            .filter(|t| !t.title.trim().is_empty())
            .or_else(|| self.texts.get("ja"))
    }
}

const SELECT: &str = "SELECT id, texts, topics, wards, langs, link_path, state, send_at, created_by, approved_by, sent_back_why, CAST(recipients AS BIGINT) AS recipients FROM notify_announcements";

fn from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<Announcement> {
    let texts: String = row.try_get("texts")?;
    let state: String = row.try_get("state")?;
    Ok(Announcement {
        id: row.try_get("id")?,
        texts: serde_json::from_str(&texts)?,
        target: Target {
            topics: split(&row.try_get::<String, _>("topics")?),
            wards: split(&row.try_get::<String, _>("wards")?),
            langs: split(&row.try_get::<String, _>("langs")?),
        },
        link_path: row.try_get("link_path")?,
        state: State::parse(&state).ok_or_else(|| anyhow::anyhow!("unknown state {state:?}"))?,
        send_at: row.try_get("send_at")?,
        created_by: row.try_get("created_by")?,
        approved_by: row.try_get("approved_by")?,
        sent_back_why: row.try_get("sent_back_why")?,
        recipients: row.try_get("recipients")?,
    })
}

/// What staff write: texts, target, link and time (none: as soon as it
/// may go).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub texts: BTreeMap<String, Text>,
    pub target: Target,
    pub link_path: Option<String>,
    pub send_at: Option<String>,
}

/// The audit log's record of what `actor` did to announcement `id`.
async fn audit(
    db: &Db,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    actor: &str,
    action: &str,
    after: serde_json::Value,
) -> anyhow::Result<()> {
    kernel::audit::append(
        db.keys(),
        tx,
        kernel::audit::Entry {
            target_type: "announcement",
            target_id: &id.to_string(),
            actor,
            action,
            before: None,
            after: Some(after),
        },
    )
    .await
}

fn recorded(draft: &Draft) -> serde_json::Value {
    serde_json::json!({
        "texts": draft.texts,
        "topics": join(&draft.target.topics),
        "wards": join(&draft.target.wards),
        "langs": join(&draft.target.langs),
        "link_path": draft.link_path,
        "send_at": draft.send_at,
    })
}

/// Saves a new draft by `by`; its id.
pub async fn create(db: &Db, draft: &Draft, by: &str) -> anyhow::Result<i64> {
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO notify_announcements (texts, topics, wards, langs, link_path, state, send_at, created_by, created_at, changed_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $8) RETURNING id",
    )
    .bind(serde_json::to_string(&draft.texts)?)
    .bind(join(&draft.target.topics))
    .bind(join(&draft.target.wards))
    .bind(join(&draft.target.langs))
    .bind(&draft.link_path)
    .bind(&draft.send_at)
    .bind(by)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    audit(db, &mut tx, id, by, "announcement.drafted", recorded(draft)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> anyhow::Result<Option<Announcement>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// The newest announcements first.
pub async fn list(db: &Db, limit: i64) -> anyhow::Result<Vec<Announcement>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY id DESC LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Changes a draft's content (by `by`); refused past the draft step.
pub async fn edit(
    db: &Db,
    id: i64,
    draft: &Draft,
    by: &str,
) -> anyhow::Result<Result<(), Refusal>> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE notify_announcements SET texts = $1, topics = $2, wards = $3, langs = $4, link_path = $5, send_at = $6, changed_at = $7
         WHERE id = $8 AND state = 'draft'",
    )
    .bind(serde_json::to_string(&draft.texts)?)
    .bind(join(&draft.target.topics))
    .bind(join(&draft.target.wards))
    .bind(join(&draft.target.langs))
    .bind(&draft.link_path)
    .bind(&draft.send_at)
    .bind(kernel::clock::now_text())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(Err(Refusal::NotNow));
    }
    audit(db, &mut tx, id, by, "announcement.edited", recorded(draft)).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Takes an announcement a step (`announce::next`) for `actor`; the
/// change is made only if no one else moved it meanwhile.
pub async fn act(
    db: &Db,
    id: i64,
    action: Action,
    actor: &str,
    reason: Option<&str>,
) -> anyhow::Result<Result<State, Refusal>> {
    let Some(announcement) = get(db, id).await? else {
        return Ok(Err(Refusal::NotNow));
    };
    let next = match announce::next(
        announcement.state,
        action,
        &announcement.created_by,
        actor,
        &announcement.target,
        announcement.complete(),
    ) {
        Ok(next) => next,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let now = kernel::clock::now_text();
    let approved = matches!(action, Action::Approve).then_some(actor);
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE notify_announcements SET state = $1, changed_at = $2,
         approved_by = COALESCE($3, approved_by), approved_at = CASE WHEN $3 IS NULL THEN approved_at ELSE $2 END,
         sent_back_why = $4
         WHERE id = $5 AND state = $6",
    )
    .bind(next.code())
    .bind(&now)
    .bind(approved)
    .bind(reason)
    .bind(id)
    .bind(announcement.state.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(Err(Refusal::NotNow));
    }
    let what = match action {
        Action::Edit => "announcement.edited",
        Action::Submit => "announcement.submitted",
        Action::Approve => "announcement.approved",
        Action::SendBack => "announcement.sent_back",
        Action::Cancel => "announcement.cancelled",
    };
    audit(
        db,
        &mut tx,
        id,
        actor,
        what,
        serde_json::json!({ "state": next.code(), "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(next))
}

/// The SQL condition and its values for the subscriptions `target`
/// reaches (`rules::reaches`, said in SQL), with placeholders from `$first`.
fn reached(target: &Target, first: usize) -> (String, Vec<String>) {
    let mut values = Vec::new();
    let mut placeholder = |value: String| {
        values.push(value);
        format!("${}", first + values.len() - 1)
    };
    let like = |column: &str, p: String| format!("(',' || {column} || ',') LIKE {p}");
    let topics: Vec<String> = target
        .topics
        .iter()
        .map(|t| like("topics", placeholder(format!("%,{t},%"))))
        .collect();
    let mut condition = format!("status = 'active' AND ({})", topics.join(" OR "));
    if !target.wards.is_empty() {
        let wards: Vec<String> = target
            .wards
            .iter()
            .map(|w| like("wards", placeholder(format!("%,{w},%"))))
            .collect();
        condition.push_str(&format!(" AND (wards = '' OR {})", wards.join(" OR ")));
    }
    if !target.langs.is_empty() {
        let langs: Vec<String> = target
            .langs
            .iter()
            .map(|l| placeholder(l.clone()))
            .collect();
        condition.push_str(&format!(" AND lang IN ({})", langs.join(", ")));
    }
    (condition, values)
}

/// How many active subscriptions `target` reaches now (the preview's count).
pub async fn reach(db: &Db, target: &Target) -> anyhow::Result<i64> {
    if target.topics.is_empty() {
        return Ok(0);
    }
    let (condition, values) = reached(target, 1);
    let sql =
        format!("SELECT CAST(COUNT(*) AS BIGINT) FROM notify_subscriptions WHERE {condition}");
    let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for value in values {
        query = query.bind(value);
    }
    Ok(query.fetch_one(db.pool()).await?)
}

/// Queues the recipients of every scheduled announcement whose time has
/// come, each in one transaction with its step to `sending`: a restart
/// finds either nothing queued or every recipient queued once. Returns how
/// many announcements were queued.
pub async fn queue_due(db: &Db) -> anyhow::Result<usize> {
    let now = kernel::clock::now_text();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM notify_announcements WHERE state = 'scheduled' AND (send_at IS NULL OR send_at <= $1) ORDER BY id",
    )
    .bind(&now)
    .fetch_all(db.pool())
    .await?;
    let mut queued = 0;
    for id in due {
        let Some(announcement) = get(db, id).await? else {
            continue;
        };
        let mut tx = db.begin().await?;
        let moved = sqlx::query(
            "UPDATE notify_announcements SET state = 'sending', queued_at = $1, changed_at = $1 WHERE id = $2 AND state = 'scheduled'",
        )
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            // Another node queued it.
            continue;
        }
        let (condition, values) = reached(&announcement.target, 3);
        let sql = format!(
            "INSERT INTO notify_deliveries (announcement_id, subscription_id, channel, status, next_attempt_at)
             SELECT $1, id, channel, 'queued', $2 FROM notify_subscriptions WHERE {condition}"
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(&now);
        for value in values {
            insert = insert.bind(value);
        }
        let recipients = insert.execute(&mut *tx).await?.rows_affected();
        sqlx::query("UPDATE notify_announcements SET recipients = $1 WHERE id = $2")
            .bind(i64::try_from(recipients).unwrap_or(i64::MAX))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(announcement = id, recipients, "announcement queued");
        queued += 1;
    }
    Ok(queued)
}

/// A delivery due now, with what its sending needs.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: i64,
    pub announcement_id: i64,
    pub subscription: crate::store::Subscription,
    pub attempts: i64,
}

/// How long a claimed delivery is left to its sender before another may try.
const CLAIM: time::Duration = time::Duration::minutes(2);

/// Claims up to `limit` deliveries due on `channel` for this sender, in one
/// transaction (one write to the disk for the batch).
pub async fn claim(db: &Db, channel: &str, limit: i64) -> anyhow::Result<Vec<Due>> {
    let now = OffsetDateTime::now_utc();
    let rows = sqlx::query(
        "SELECT d.id, d.announcement_id, d.subscription_id, CAST(d.attempts AS BIGINT) AS attempts, d.next_attempt_at
         FROM notify_deliveries d WHERE d.status = 'queued' AND d.channel = $1 AND d.next_attempt_at <= $2
         ORDER BY d.next_attempt_at LIMIT $3",
    )
    .bind(channel)
    .bind(kernel::clock::to_text(now))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let until = kernel::clock::to_text(now + CLAIM);
    let mut taken = Vec::new();
    let mut tx = db.begin().await?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let was: String = row.try_get("next_attempt_at")?;
        let claimed = sqlx::query(
            "UPDATE notify_deliveries SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3 AND status = 'queued'",
        )
        .bind(&until)
        .bind(id)
        .bind(&was)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 1 {
            taken.push((
                id,
                row.try_get::<i64, _>("announcement_id")?,
                row.try_get::<i64, _>("subscription_id")?,
                row.try_get::<i64, _>("attempts")?,
            ));
        }
    }
    tx.commit().await?;
    let mut claimed = Vec::new();
    let mut gone = Vec::new();
    for (id, announcement_id, subscription_id, attempts) in taken {
        match crate::store::by_id(db, subscription_id).await? {
            Some(subscription) => claimed.push(Due {
                id,
                announcement_id,
                subscription,
                attempts,
            }),
            None => gone.push((id, Outcome::Skipped)),
        }
    }
    mark_many(db, &gone).await?;
    Ok(claimed)
}

/// What became of a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// The subscription ended before its turn.
    Skipped,
    /// Try again after `wait`.
    Retry {
        error: String,
        wait: time::Duration,
    },
    /// Given up (the address is dead, or too many tries).
    Failed {
        error: String,
    },
}

/// Records what became of deliveries, in one transaction.
pub async fn mark_many(db: &Db, outcomes: &[(i64, Outcome)]) -> anyhow::Result<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    for (id, outcome) in outcomes {
        let (status, error, next) = match outcome {
            Outcome::Sent => ("sent", None, now),
            Outcome::Skipped => ("skipped", None, now),
            Outcome::Retry { error, wait } => ("queued", Some(error.clone()), now + *wait),
            Outcome::Failed { error } => ("failed", Some(error.clone()), now),
        };
        sqlx::query(
            "UPDATE notify_deliveries SET status = $1, last_error = $2, next_attempt_at = $3,
             attempts = attempts + 1, sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END
             WHERE id = $5",
        )
        .bind(status)
        .bind(error)
        .bind(kernel::clock::to_text(next))
        .bind(kernel::clock::to_text(now))
        .bind(*id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Announcements being sent with nothing left queued become sent.
pub async fn finish(db: &Db) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE notify_announcements SET state = 'sent', finished_at = $1, changed_at = $1
         WHERE state = 'sending' AND NOT EXISTS
           (SELECT 1 FROM notify_deliveries d WHERE d.announcement_id = notify_announcements.id AND d.status = 'queued')",
    )
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// An announcement's deliveries by status (queued, sent, failed, skipped).
pub async fn delivery_counts(db: &Db, id: i64) -> anyhow::Result<BTreeMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM notify_deliveries WHERE announcement_id = $1 GROUP BY status",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String, _>("status")?, r.try_get::<i64, _>("n")?)))
        .collect()
}
