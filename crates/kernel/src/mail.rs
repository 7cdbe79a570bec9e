//! Mail to residents, queued in the database in the same transaction as the
//! change it reports; the `mail` crate sends the queue (SMTP, or a folder of
//! files in the demo and tests) and retries after failures.

use rand::RngCore;
use sqlx::{Any, Executor};

use crate::i18n::{Lang, Message};

/// One message: plain text in the reader's language (see [`Mail::localized`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// An address, or `resident:<id>` to reach a resident's current address.
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// A path on the platform (`/my/applications/R8-0000001`) the sender
    /// turns into a link with the public address.
    pub link_path: Option<String>,
}

impl Mail {
    pub fn to_resident(resident_id: &str) -> String {
        format!("resident:{resident_id}")
    }

    /// A mail from the catalogs in the reader's language. The section's own
    /// words (`note`) follow the text as written. Readers of a language
    /// other than Japanese also get the Japanese original below, which is
    /// the authoritative text and what the section can read.
    pub fn localized(
        recipient: &str,
        lang: Lang,
        subject: Message,
        body: Message,
        note: Option<&str>,
        link_path: Option<String>,
    ) -> Mail {
        Self::localized_parts(recipient, lang, subject, &[body], note, link_path)
    }

    /// [`Mail::localized`] with a body of several paragraphs.
    pub fn localized_parts(
        recipient: &str,
        lang: Lang,
        subject: Message,
        body: &[Message],
        note: Option<&str>,
        link_path: Option<String>,
    ) -> Mail {
        let write = |lang: Lang| {
            let mut text = body
                .iter()
                .map(|part| part.plain(lang))
                .collect::<Vec<_>>()
                .join("\n\n");
            if let Some(note) = note {
                text.push_str(&format!(
                    "\n\n{}\n{note}",
                    Message::new("mail-from-section").plain(lang)
                ));
            }
            text.push_str("\n\n");
            text.push_str(&Message::new("mail-footer").plain(lang));
            text
        };
        let mut text = write(lang);
        if !lang.reads_japanese() {
            text.push_str(&format!(
                "\n\n---\n{}\n\n{}",
                Message::new("mail-japanese-original").plain(lang),
                write(Lang::Ja)
            ));
        }
        Mail {
            recipient: recipient.to_string(),
            subject: subject.plain(lang),
            body: text,
            link_path,
        }
    }
}

/// Queues `mail` with `executor` (a transaction, normally).
pub async fn enqueue<'e, E>(executor: E, mail: &Mail) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    insert(executor, mail, None).await
}

/// Queues `mail` to a subscriber of the city's announcements, whose
/// one-click unsubscribe (RFC 8058) is at `unsubscribe_path`: the sender
/// adds the `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
pub async fn enqueue_to_subscriber<'e, E>(
    executor: E,
    mail: &Mail,
    unsubscribe_path: &str,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    insert_with(executor, mail, None, Some(unsubscribe_path)).await
}

async fn insert<'e, E>(executor: E, mail: &Mail, link_token: Option<&str>) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    insert_with(executor, mail, link_token, None).await
}

async fn insert_with<'e, E>(
    executor: E,
    mail: &Mail,
    link_token: Option<&str>,
    unsubscribe_path: Option<&str>,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    let now = crate::clock::now_text();
    sqlx::query(
        "INSERT INTO mail_queue (recipient, subject, body, link_path, link_token, unsubscribe_path, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.link_path)
    .bind(link_token)
    .bind(unsubscribe_path)
    .bind(&now)
    .execute(executor)
    .await?;
    Ok(())
}

// One-use link tokens (address checks, password resets) never reach the
// database in clear, not even in the mail queue: the link's row is stored
// with a placeholder hash, the queued mail names that row
// (`table:hash`) and carries `{token}` in its link path, and the sender
// mints the token when it sends: the row gets the new token's hash, the
// mail the token. A retry or a restart mints a new one (the earlier
// attempt's token dies with it); a link used or revoked meanwhile is not
// sent.

/// Tables of one-use links whose tokens are minted when mailed.
pub const TOKEN_TABLES: [&str; 4] = [
    "email_verifications",
    "password_resets",
    "visit_confirmations",
    "notify_confirmations",
];
/// Where the minted token goes in a mail's link path.
pub const TOKEN_SLOT: &str = "{token}";

/// A placeholder to store as a new link's `token_hash` until its mail is
/// sent; no token hashes to it.
pub fn pending_token_hash() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("pending:{}", hex::encode(bytes))
}

/// Queues `mail`, whose link path holds [`TOKEN_SLOT`], for the link
/// stored in `table` under `pending_hash`.
pub async fn enqueue_with_token<'e, E>(
    executor: E,
    mail: &Mail,
    table: &str,
    pending_hash: &str,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    anyhow::ensure!(TOKEN_TABLES.contains(&table), "no link table {table:?}");
    insert(executor, mail, Some(&format!("{table}:{pending_hash}"))).await
}

/// Mints the token of queued mail `mail_id`, whose link is `link_token`
/// (`table:hash`): the link's row and the queue then hold only the new
/// token's hash. `None` when the link is used, expired or gone.
pub async fn mint_token(
    db: &crate::Db,
    mail_id: i64,
    link_token: &str,
) -> anyhow::Result<Option<String>> {
    let Some((table, old_hash)) = link_token.split_once(':') else {
        anyhow::bail!("mail {mail_id}: malformed link token");
    };
    let Some(table) = TOKEN_TABLES.iter().find(|t| **t == table) else {
        anyhow::bail!("mail {mail_id}: no link table {table:?}");
    };
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let new_hash = crate::tokens::digest(&token);
    let mut tx = db.begin().await?;
    let sql = format!(
        "UPDATE {table} SET token_hash = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3"
    );
    let live = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&new_hash)
        .bind(old_hash)
        .bind(crate::clock::now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if live != 1 {
        return Ok(None);
    }
    sqlx::query("UPDATE mail_queue SET link_token = $1 WHERE id = $2")
        .bind(format!("{table}:{new_hash}"))
        .bind(mail_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(token))
}
