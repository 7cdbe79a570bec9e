//! Mail to residents, queued in the database in the same transaction as the
//! change it reports; the `mail` crate sends the queue (SMTP, or a folder of
//! files in the demo and tests) and retries after failures.

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
        let write = |lang: Lang| {
            let mut text = body.plain(lang);
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
