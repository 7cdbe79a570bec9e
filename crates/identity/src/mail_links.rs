//! One-use links mailed to a resident — the address check after
//! registration, the password reset — stored only as SHA-256 hashes, with a
//! lifetime and at most a few per hour so the forms cannot flood a mailbox.
//! The token itself is minted by the mail sender when the mail goes out
//! (`kernel::mail::mint_token`), so it is never in the database in clear.

use kernel::Db;
use kernel::i18n::{Lang, Message};
use kernel::mail::Mail;
use sqlx::{Any, Row, Transaction};
use time::{Duration, OffsetDateTime};

/// Links per resident and purpose within an hour.
pub const MAX_PER_HOUR: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Proves the address after registration (24 hours).
    CheckAddress,
    /// Sets a new password (1 hour).
    ResetPassword,
}

impl Purpose {
    fn table(self) -> &'static str {
        match self {
            Purpose::CheckAddress => "email_verifications",
            Purpose::ResetPassword => "password_resets",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::CheckAddress => Duration::hours(24),
            Purpose::ResetPassword => Duration::hours(1),
        }
    }

    /// The mail's subject and body in the message catalogs, and the page
    /// the link opens.
    fn mail(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Purpose::CheckAddress => (
                "mail-check-address-subject",
                "mail-check-address-body",
                "/register/verify",
            ),
            Purpose::ResetPassword => (
                "mail-reset-password-subject",
                "mail-reset-password-body",
                "/password/reset",
            ),
        }
    }
}

/// Queues the mail with a new link for `purpose` to the resident in
/// `lang`, in the same transaction as the link; nothing when the hour's
/// allowance is used up.
pub async fn send(db: &Db, purpose: Purpose, resident_id: &str, lang: Lang) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let Some(pending) = issue(&mut tx, purpose, resident_id).await? else {
        return Ok(());
    };
    let (subject, body, path) = purpose.mail();
    kernel::mail::enqueue_with_token(
        &mut *tx,
        &Mail::localized(
            &Mail::to_resident(resident_id),
            lang,
            Message::new(subject),
            Message::new(body),
            None,
            Some(lang.link(&format!("{path}?token={}", kernel::mail::TOKEN_SLOT))),
        ),
        purpose.table(),
        &pending,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new link for `resident_id`, stored under a placeholder hash that is
/// returned (its token is minted when mailed), or `None` when the hour's
/// allowance is used up. The caller queues the mail in the same
/// transaction.
pub async fn issue(
    tx: &mut Transaction<'_, Any>,
    purpose: Purpose,
    resident_id: &str,
) -> anyhow::Result<Option<String>> {
    // A link made within the last hour expires more than a lifetime less
    // one hour from now.
    let made_within_the_hour =
        kernel::clock::to_text(OffsetDateTime::now_utc() + purpose.lifetime() - Duration::hours(1));
    let sql = format!(
        "SELECT COUNT(*) FROM {} WHERE resident_id = $1 AND expires_at > $2",
        purpose.table()
    );
    let recent: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(resident_id)
        .bind(made_within_the_hour)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    if recent >= MAX_PER_HOUR {
        tracing::warn!(
            resident = resident_id,
            ?purpose,
            "link not sent: too many this hour"
        );
        return Ok(None);
    }
    let pending = kernel::mail::pending_token_hash();
    let sql = format!(
        "INSERT INTO {} (token_hash, resident_id, expires_at) VALUES ($1, $2, $3)",
        purpose.table()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&pending)
        .bind(resident_id)
        .bind(kernel::clock::to_text(
            OffsetDateTime::now_utc() + purpose.lifetime(),
        ))
        .execute(&mut **tx)
        .await?;
    Ok(Some(pending))
}

/// Ends every live link of `resident_id` for `purpose`: a new password
/// makes earlier reset links worthless.
pub async fn revoke_all(
    tx: &mut Transaction<'_, Any>,
    purpose: Purpose,
    resident_id: &str,
) -> anyhow::Result<()> {
    let sql = format!(
        "UPDATE {} SET used_at = $1 WHERE resident_id = $2 AND used_at IS NULL",
        purpose.table()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kernel::clock::now_text())
        .bind(resident_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether `token` could be one of ours, before hashing and looking it up.
fn plausible(token: &str) -> bool {
    !token.is_empty() && token.len() <= 100
}

/// The resident whose live link `token` is, marking it used; `None` for a
/// link that is unknown, expired or used.
pub async fn redeem(
    tx: &mut Transaction<'_, Any>,
    purpose: Purpose,
    token: &str,
) -> anyhow::Result<Option<String>> {
    if !plausible(token) {
        return Ok(None);
    }
    let sql = format!(
        "UPDATE {} SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         RETURNING resident_id",
        purpose.table()
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kernel::clock::now_text())
        .bind(crate::store::token_hash(token))
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| r.try_get("resident_id")).transpose()?)
}

/// Whether `token` is a live link, without using it.
pub async fn is_live(db: &kernel::Db, purpose: Purpose, token: &str) -> anyhow::Result<bool> {
    if !plausible(token) {
        return Ok(false);
    }
    let sql = format!(
        "SELECT 1 FROM {} WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        purpose.table()
    );
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(crate::store::token_hash(token))
        .bind(kernel::clock::now_text())
        .fetch_optional(db.pool())
        .await?
        .is_some())
}
