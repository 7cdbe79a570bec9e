//! Subscriptions and their confirmations in the database.

use kernel::Db;
use kernel::i18n::Lang;
use kernel::mail::Mail;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::rules::Interests;

/// The only channel so far; browsers' push and the messaging app follow.
pub const EMAIL: &str = "email";

/// How long a confirmation link works.
pub const CONFIRM_FOR: Duration = Duration::hours(24);
/// Confirmation mails one address may be sent within an hour, so the form
/// cannot flood a mailbox.
pub const MAX_REQUESTS_PER_HOUR: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Unsubscribed,
    Bounced,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Unsubscribed => "unsubscribed",
            Status::Bounced => "bounced",
        }
    }

    fn parse(text: &str) -> Status {
        match text {
            "active" => Status::Active,
            "bounced" => Status::Bounced,
            _ => Status::Unsubscribed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub channel: String,
    pub address: String,
    pub lang: Lang,
    pub interests: Interests,
    pub status: Status,
    pub generation: i64,
}

/// A choice waiting for its address to confirm it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub address: String,
    pub lang: Lang,
    pub interests: Interests,
}

fn lang_of(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::Ja)
}

/// Stores `request` and queues its confirmation mail (the link's token is
/// minted when the mail goes out). Nothing when the address has had its
/// hour's allowance of confirmation mails: the page says the same either
/// way, so the form tells no one whether an address is subscribed.
pub async fn request(db: &Db, request: &Request) -> anyhow::Result<bool> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    let recent: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_confirmations WHERE address = $1 AND created_at > $2",
    )
    .bind(&request.address)
    .bind(kernel::clock::to_text(now - Duration::hours(1)))
    .fetch_one(&mut *tx)
    .await?;
    if recent >= MAX_REQUESTS_PER_HOUR {
        return Ok(false);
    }
    let pending = kernel::mail::pending_token_hash();
    let (topics, wards) = request.interests.stored();
    sqlx::query(
        "INSERT INTO notify_confirmations (token_hash, channel, address, lang, topics, wards, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&pending)
    .bind(EMAIL)
    .bind(&request.address)
    .bind(request.lang.code())
    .bind(&topics)
    .bind(&wards)
    .bind(kernel::clock::to_text(now))
    .bind(kernel::clock::to_text(now + CONFIRM_FOR))
    .execute(&mut *tx)
    .await?;
    let mail = Mail::localized(
        &request.address,
        request.lang,
        kernel::i18n::Message::new("mail-notify-confirm-subject"),
        kernel::i18n::Message::new("mail-notify-confirm-body"),
        None,
        Some(format!("/notify/confirm/{}", kernel::mail::TOKEN_SLOT)),
    );
    kernel::mail::enqueue_with_token(&mut *tx, &mail, "notify_confirmations", &pending).await?;
    tx.commit().await?;
    Ok(true)
}

/// The request a confirmation link names, while it is live.
pub async fn pending(db: &Db, token: &str) -> anyhow::Result<Option<Request>> {
    let row = sqlx::query(
        "SELECT address, lang, topics, wards FROM notify_confirmations
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(kernel::tokens::digest(token))
    .bind(kernel::clock::now_text())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<Request> {
        Ok(Request {
            address: row.try_get("address")?,
            lang: lang_of(&row.try_get::<String, _>("lang")?),
            interests: Interests::from_stored(
                &row.try_get::<String, _>("topics")?,
                &row.try_get::<String, _>("wards")?,
            ),
        })
    })
    .transpose()
}

/// Uses a confirmation link: the subscription of its address is made, or
/// takes the confirmed choice and is active again. `None` when the link is
/// used, expired or unknown. `welcome` makes the mail that says so, given
/// the subscription (it carries the links to change or stop it).
pub async fn confirm(
    db: &Db,
    token: &str,
    welcome: impl FnOnce(&Subscription) -> (Mail, String),
) -> anyhow::Result<Option<Subscription>> {
    let now = kernel::clock::now_text();
    let hash = kernel::tokens::digest(token);
    let mut tx = db.begin().await?;
    // Claimed first, so two clicks at once confirm once.
    let claimed = sqlx::query(
        "UPDATE notify_confirmations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(&now)
    .bind(&hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT channel, address, lang, topics, wards FROM notify_confirmations WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await?;
    let channel: String = row.try_get("channel")?;
    let address: String = row.try_get("address")?;
    let lang: String = row.try_get("lang")?;
    let topics: String = row.try_get("topics")?;
    let wards: String = row.try_get("wards")?;
    let updated = sqlx::query(
        "UPDATE notify_subscriptions SET lang = $1, topics = $2, wards = $3, status = 'active', changed_at = $4,
         ended_at = NULL, ended_why = NULL WHERE channel = $5 AND address = $6",
    )
    .bind(&lang)
    .bind(&topics)
    .bind(&wards)
    .bind(&now)
    .bind(&channel)
    .bind(&address)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO notify_subscriptions (channel, address, lang, topics, wards, status, generation, created_at, changed_at)
             VALUES ($1, $2, $3, $4, $5, 'active', 0, $6, $6)",
        )
        .bind(&channel)
        .bind(&address)
        .bind(&lang)
        .bind(&topics)
        .bind(&wards)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE channel = $1 AND address = $2"
    )))
    .bind(&channel)
    .bind(&address)
    .fetch_one(&mut *tx)
    .await?;
    let subscription = from_row(&row)?;
    let (mail, unsubscribe_path) = welcome(&subscription);
    kernel::mail::enqueue_to_subscriber(&mut *tx, &mail, &unsubscribe_path).await?;
    tx.commit().await?;
    Ok(Some(subscription))
}

const SELECT: &str = "SELECT id, channel, address, lang, topics, wards, status, CAST(generation AS BIGINT) AS generation FROM notify_subscriptions";

fn from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<Subscription> {
    Ok(Subscription {
        id: row.try_get("id")?,
        channel: row.try_get("channel")?,
        address: row.try_get("address")?,
        lang: lang_of(&row.try_get::<String, _>("lang")?),
        interests: Interests::from_stored(
            &row.try_get::<String, _>("topics")?,
            &row.try_get::<String, _>("wards")?,
        ),
        status: Status::parse(&row.try_get::<String, _>("status")?),
        generation: row.try_get("generation")?,
    })
}

/// The subscription a link names, when the link's generation is its own.
pub async fn by_link(db: &Db, id: i64, generation: i64) -> anyhow::Result<Option<Subscription>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row
        .map(|row| from_row(&row))
        .transpose()?
        .filter(|s| s.generation == generation))
}

/// Changes the language and choice of an active subscription.
pub async fn change(db: &Db, id: i64, lang: Lang, interests: &Interests) -> anyhow::Result<()> {
    let (topics, wards) = interests.stored();
    sqlx::query(
        "UPDATE notify_subscriptions SET lang = $1, topics = $2, wards = $3, changed_at = $4 WHERE id = $5 AND status = 'active'",
    )
    .bind(lang.code())
    .bind(&topics)
    .bind(&wards)
    .bind(kernel::clock::now_text())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Ends a subscription (`why`: unsubscribed or bounced); ending an ended
/// one changes nothing, so a repeated one-click post is harmless.
pub async fn end(db: &Db, id: i64, why: Status) -> anyhow::Result<bool> {
    let now = kernel::clock::now_text();
    let ended = sqlx::query(
        "UPDATE notify_subscriptions SET status = $1, ended_at = $2, ended_why = $1, changed_at = $2
         WHERE id = $3 AND status = 'active'",
    )
    .bind(why.code())
    .bind(&now)
    .bind(id)
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok(ended == 1)
}

/// Active subscriptions, for the DX office's figures.
pub async fn active_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_subscriptions WHERE status = 'active'",
    )
    .fetch_one(db.pool())
    .await?)
}

/// A subscription by its id, whatever its state.
pub async fn by_id(db: &Db, id: i64) -> anyhow::Result<Option<Subscription>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|row| from_row(&row)).transpose()
}
