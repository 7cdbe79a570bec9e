//! Sends announcements: queues the recipients of those whose time has come,
//! then works through the deliveries at the channel's rate, each in its
//! subscriber's language with the links to change or stop the
//! subscription. A delivery is marked once its mail is handed over; one
//! that was being sent when the process stopped is sent again after its
//! claim runs out (two minutes), so nothing is lost, and the mail carries
//! the delivery's number for a receiver to tell a repeat.

use std::collections::HashMap;
use std::time::Duration;

use kernel::i18n::{Lang, Message};
use mail::{Failure, Mailer, Outgoing};

use crate::Notify;
use crate::announcements::{self, Announcement, Due, Outcome};
use crate::store::{self, EMAIL, Status};

/// Tries before a delivery is given up.
const MAX_ATTEMPTS: i64 = 8;
/// Deliveries claimed at once.
const BATCH: i64 = 200;
/// How often the queue is looked at when idle.
const POLL: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Sender {
    notify: Notify,
    mailer: Mailer,
    /// Mails handed over a second at most (the relay's limit).
    per_second: u32,
}

impl Sender {
    pub fn new(notify: Notify, mailer: Mailer, per_second: u32) -> Self {
        Sender {
            notify,
            mailer,
            per_second: per_second.max(1),
        }
    }

    /// Sends in the background for as long as the runtime runs.
    pub fn start(self) {
        tokio::spawn(async move {
            loop {
                match self.run_once().await {
                    Ok(0) => tokio::time::sleep(POLL).await,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(error = %format!("{error:#}"), "announcements could not be sent");
                        tokio::time::sleep(POLL).await;
                    }
                }
            }
        });
    }

    /// Queues what is due and sends one batch; how many deliveries it
    /// worked on.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let db = &self.notify.db;
        announcements::queue_due(db).await?;
        let due = announcements::claim(db, EMAIL, BATCH).await?;
        let mut pace =
            tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(self.per_second)));
        pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut texts: HashMap<i64, Option<Announcement>> = HashMap::new();
        let worked = due.len();
        for delivery in due {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                texts.entry(delivery.announcement_id)
            {
                slot.insert(announcements::get(db, delivery.announcement_id).await?);
            }
            let announcement = texts
                .get(&delivery.announcement_id)
                .and_then(Option::as_ref);
            let outcome = match announcement {
                Some(a) if delivery.subscription.status == Status::Active => {
                    pace.tick().await;
                    self.send(a, &delivery).await
                }
                _ => Outcome::Skipped,
            };
            if let Outcome::Failed { error } = &outcome
                && error.starts_with("refused for good")
            {
                // The address is dead: stop mailing it.
                store::end(db, delivery.subscription.id, Status::Bounced).await?;
                tracing::info!(
                    subscription = delivery.subscription.id,
                    "address bounced; subscription ended"
                );
            }
            announcements::mark(db, delivery.id, outcome).await?;
        }
        announcements::finish(db).await?;
        Ok(worked)
    }

    async fn send(&self, announcement: &Announcement, delivery: &Due) -> Outcome {
        let subscription = &delivery.subscription;
        let lang = subscription.lang;
        let Some(text) = announcement.text_for(lang.code()) else {
            return Outcome::Failed {
                error: "no text to send".into(),
            };
        };
        let Some(token) = self.notify.link_token(subscription) else {
            return Outcome::Retry {
                error: "no data key for the links".into(),
                wait: time::Duration::minutes(5),
            };
        };
        let manage = self.mailer.url(&format!("/notify/manage/{token}"));
        let unsubscribe = self.mailer.url(&format!("/unsubscribe/{token}"));
        let body = format!(
            "{}\n\n--\n{}\n{manage}\n\n{}",
            text.body,
            Message::new("mail-notify-announcement-footer").plain(lang),
            Message::new("mail-footer").plain(lang)
        );
        let subject = format!("{}{}", subject_prefix(lang), text.title);
        let link = announcement.link_path.as_ref().map(|p| self.mailer.url(p));
        let outgoing = Outgoing {
            to: &subscription.address,
            subject: &subject,
            body: &body,
            link: link.as_deref(),
            unsubscribe: Some(&unsubscribe),
        };
        match self
            .mailer
            .deliver(&outgoing, &format!("n{:010}", delivery.id))
            .await
        {
            Ok(()) => Outcome::Sent,
            Err(failure @ Failure::Permanent(_)) => Outcome::Failed {
                error: failure.to_string(),
            },
            Err(failure) if delivery.attempts + 1 >= MAX_ATTEMPTS => Outcome::Failed {
                error: failure.to_string(),
            },
            Err(failure) => Outcome::Retry {
                error: failure.to_string(),
                wait: time::Duration::try_from(mail::backoff(delivery.attempts))
                    .unwrap_or(time::Duration::hours(1)),
            },
        }
    }
}

/// The city's name before an announcement's title, as its other mails have.
fn subject_prefix(lang: Lang) -> String {
    Message::new("mail-notify-announcement-prefix").plain(lang)
}
