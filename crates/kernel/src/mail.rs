//! Mail to residents, queued in the database in the same transaction as the
//! change it reports; the `mail` crate sends the queue (SMTP, or a folder of
//! files in the demo and tests) and retries after failures.

use sqlx::{Any, Executor};

/// One message. Bodies are plain text, Japanese first then English.
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
}

/// Queues `mail` with `executor` (a transaction, normally).
pub async fn enqueue<'e, E>(executor: E, mail: &Mail) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    let now = crate::clock::now_text();
    sqlx::query(
        "INSERT INTO mail_queue (recipient, subject, body, link_path, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.link_path)
    .bind(&now)
    .execute(executor)
    .await?;
    Ok(())
}
