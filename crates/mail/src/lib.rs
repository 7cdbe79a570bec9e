//! Sends the mail queue (`kernel::mail`): through SMTP when `smtp_url` is
//! set, otherwise into a folder, one readable file per mail, with a log line
//! — what the demo and the tests use. A failed send is retried with growing
//! waits (up to an hour apart) until it goes through; nothing is dropped.
//! Several nodes can send the same queue: each mail is claimed before it is
//! sent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use kernel::Db;
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;
use time::OffsetDateTime;

/// How long a claimed mail is left to its sender before another may try.
const CLAIM: Duration = Duration::from_secs(120);
/// How often the queue is looked at.
const POLL: Duration = Duration::from_secs(1);

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    db: Db,
    transport: Transport,
    from: Mailbox,
    public_url: String,
}

/// The wait before the next attempt after `attempts` failures: 30 s,
/// doubling, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.clamp(0, 7)).unwrap_or(7);
    Duration::from_secs((30u64 << doublings).min(3600))
}

/// The one-click unsubscribe headers (RFC 8058) of a mail to a subscriber.
pub fn unsubscribe_headers(url: &str) -> [(&'static str, String); 2] {
    [
        ("List-Unsubscribe", format!("<{url}>")),
        (
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_string(),
        ),
    ]
}

/// A queued mail as a person reads it: headers, body, then the link.
pub fn readable(
    to: &str,
    from: &str,
    subject: &str,
    body: &str,
    link: Option<&str>,
    unsubscribe: Option<&str>,
) -> String {
    let mut text = format!("To: {to}\nFrom: {from}\nSubject: {subject}\n");
    for (name, value) in unsubscribe.map(unsubscribe_headers).into_iter().flatten() {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push_str(&format!("\n{body}\n"));
    if let Some(link) = link {
        text.push('\n');
        text.push_str(link);
        text.push('\n');
    }
    text
}

struct Queued {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    link_path: Option<String>,
    /// The link whose token is minted at sending (`kernel::mail::mint_token`).
    link_token: Option<String>,
    /// The path of the subscriber's one-click unsubscribe (RFC 8058).
    unsubscribe_path: Option<String>,
    attempts: i64,
    next_attempt_at: String,
}

impl Mailer {
    /// `smtp_url` like `smtps://user:password@mail.example.jp` or
    /// `smtp://relay.internal:25`; without it, mail goes to `folder`.
    pub fn new(
        db: Db,
        smtp_url: Option<&str>,
        from: &str,
        public_url: &str,
        folder: &Path,
    ) -> anyhow::Result<Self> {
        let transport = match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("smtp_url is not usable: {e}"))?
                    // Announcements keep several mails in flight: one
                    // connection hands over a few dozen a second at most.
                    .pool_config(lettre::transport::smtp::PoolConfig::new().max_size(32))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(folder).map_err(|e| {
                    anyhow::anyhow!("cannot create the mail folder {}: {e}", folder.display())
                })?;
                Transport::Folder(folder.to_path_buf())
            }
        };
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail_from {from:?} is not an address: {e}"))?;
        Ok(Mailer {
            db,
            transport,
            from,
            public_url: public_url.trim_end_matches('/').to_string(),
        })
    }

    /// Sends the queue in the background for as long as the runtime runs.
    pub fn start(&self) {
        let mailer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = mailer.send_due().await {
                    tracing::warn!(error = %format!("{error:#}"), "the mail queue could not be read");
                }
                tokio::time::sleep(POLL).await;
            }
        });
    }

    /// Sends every mail that is due; returns how many went out.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        let now = kernel::clock::now_text();
        let rows = sqlx::query(
            "SELECT id, recipient, subject, body, link_path, link_token, unsubscribe_path, CAST(attempts AS BIGINT) AS attempts, next_attempt_at
             FROM mail_queue WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT 50",
        )
        .bind(&now)
        .fetch_all(self.db.pool())
        .await?;
        let mut sent = 0;
        for row in rows {
            let queued = Queued {
                id: row.try_get("id")?,
                recipient: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                link_path: row.try_get("link_path")?,
                link_token: row.try_get("link_token")?,
                unsubscribe_path: row.try_get("unsubscribe_path")?,
                attempts: row.try_get("attempts")?,
                next_attempt_at: row.try_get("next_attempt_at")?,
            };
            if !self.claim(&queued).await? {
                continue;
            }
            match self.send(&queued).await {
                Ok(false) => {
                    // Its link was used or revoked meanwhile: nothing to send.
                    tracing::info!(
                        mail = queued.id,
                        "mail not sent: its link is no longer live"
                    );
                    sqlx::query(
                        "UPDATE mail_queue SET sent_at = $1, last_error = $2 WHERE id = $3",
                    )
                    .bind(kernel::clock::now_text())
                    .bind("not sent: the link was no longer live")
                    .bind(queued.id)
                    .execute(self.db.pool())
                    .await?;
                }
                Ok(true) => {
                    sqlx::query(
                        "UPDATE mail_queue SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
                    )
                    .bind(kernel::clock::now_text())
                    .bind(queued.id)
                    .execute(self.db.pool())
                    .await?;
                    sent += 1;
                }
                Err(error) => {
                    let wait = backoff(queued.attempts);
                    tracing::warn!(mail = queued.id, attempts = queued.attempts + 1, retry_in_s = wait.as_secs(), error = %format!("{error:#}"), "mail not sent; will retry");
                    sqlx::query(
                        "UPDATE mail_queue SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
                    )
                    .bind(format!("{error:#}"))
                    .bind(kernel::clock::to_text(OffsetDateTime::now_utc() + wait))
                    .bind(queued.id)
                    .execute(self.db.pool())
                    .await?;
                }
            }
        }
        Ok(sent)
    }

    /// Takes the mail for this sender, unless another already has.
    async fn claim(&self, queued: &Queued) -> anyhow::Result<bool> {
        let until = kernel::clock::to_text(OffsetDateTime::now_utc() + CLAIM);
        let claimed = sqlx::query(
            "UPDATE mail_queue SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL",
        )
        .bind(until)
        .bind(queued.id)
        .bind(&queued.next_attempt_at)
        .execute(self.db.pool())
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn address(&self, recipient: &str) -> anyhow::Result<String> {
        match recipient.strip_prefix("resident:") {
            Some(id) => {
                let row = sqlx::query("SELECT email FROM residents WHERE id = $1")
                    .bind(id)
                    .fetch_optional(self.db.pool())
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("resident {id} no longer exists"))?;
                Ok(row.try_get("email")?)
            }
            None => Ok(recipient.to_string()),
        }
    }

    /// Sends one mail; false when its one-use link is no longer live.
    async fn send(&self, queued: &Queued) -> anyhow::Result<bool> {
        let to = self.address(&queued.recipient).await?;
        let token = match &queued.link_token {
            Some(link_token) => {
                match kernel::mail::mint_token(&self.db, queued.id, link_token).await? {
                    Some(token) => Some(token),
                    None => return Ok(false),
                }
            }
            None => None,
        };
        let link = queued.link_path.as_ref().map(|path| {
            let path = match &token {
                Some(token) => path.replace(kernel::mail::TOKEN_SLOT, token),
                None => path.clone(),
            };
            format!("{}{path}", self.public_url)
        });
        let unsubscribe = queued
            .unsubscribe_path
            .as_ref()
            .map(|path| format!("{}{path}", self.public_url));
        self.transmit(
            &Outgoing {
                to: &to,
                subject: &queued.subject,
                body: &queued.body,
                link: link.as_deref(),
                unsubscribe: unsubscribe.as_deref(),
            },
            &format!("{:08}", queued.id),
        )
        .await
        .map_err(|e| match e {
            Failure::Permanent(e) | Failure::Temporary(e) => e,
        })?;
        Ok(true)
    }

    /// The public address a path becomes in a mail.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Sends one mail now, outside the queue (for senders that keep their
    /// own durable list, as the announcements' deliveries do). `name` tells
    /// the mail apart in the folder and the log.
    pub async fn deliver(&self, mail: &Outgoing<'_>, name: &str) -> Result<(), Failure> {
        self.transmit(mail, name).await
    }

    async fn transmit(&self, mail: &Outgoing<'_>, name: &str) -> Result<(), Failure> {
        let temporary = |e: anyhow::Error| Failure::Temporary(e);
        match &self.transport {
            Transport::Folder(folder) => {
                let text = readable(
                    mail.to,
                    &self.from.to_string(),
                    mail.subject,
                    mail.body,
                    mail.link,
                    mail.unsubscribe,
                );
                let file = folder.join(format!("{name}.txt"));
                tokio::fs::write(&file, text)
                    .await
                    .map_err(|e| temporary(e.into()))?;
                // The log names the mail, never its recipient.
                tracing::info!(mail = name, file = %file.display(), "mail written");
            }
            Transport::Smtp(smtp) => {
                let mut body = mail.body.to_string();
                if let Some(link) = mail.link {
                    body.push_str("\n\n");
                    body.push_str(link);
                }
                let mut builder = Message::builder();
                for (name, value) in mail
                    .unsubscribe
                    .map(unsubscribe_headers)
                    .into_iter()
                    .flatten()
                {
                    builder = builder.raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str(name),
                        value,
                    ));
                }
                let to = mail.to.parse().map_err(|e| {
                    Failure::Permanent(anyhow::anyhow!(
                        "the recipient's address is not usable: {e}"
                    ))
                })?;
                let message = builder
                    .from(self.from.clone())
                    .to(to)
                    .subject(mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .map_err(|e| temporary(e.into()))?;
                smtp.send(message).await.map_err(|e| {
                    // A 5xx answer (no such mailbox …) will not change on retry.
                    if e.is_permanent() {
                        Failure::Permanent(e.into())
                    } else {
                        Failure::Temporary(e.into())
                    }
                })?;
                tracing::info!(mail = name, "mail sent");
            }
        }
        Ok(())
    }
}

/// One mail to send now.
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
    /// The one-click unsubscribe address (RFC 8058), for mail to subscribers.
    pub unsubscribe: Option<&'a str>,
}

/// Why a mail did not go.
#[derive(Debug)]
pub enum Failure {
    /// The receiving server refused it for good (a 5xx answer: no such
    /// mailbox, …): the address is dead.
    Permanent(anyhow::Error),
    /// Worth trying again later.
    Temporary(anyhow::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Permanent(e) => write!(f, "refused for good: {e:#}"),
            Failure::Temporary(e) => write!(f, "{e:#}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(0), Duration::from_secs(30));
        assert_eq!(backoff(1), Duration::from_secs(60));
        assert_eq!(backoff(6), Duration::from_secs(1920));
        assert_eq!(backoff(7), Duration::from_secs(3600));
        assert_eq!(backoff(500), Duration::from_secs(3600));
    }
}
