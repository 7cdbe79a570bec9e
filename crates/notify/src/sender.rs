//! Sends announcements: queues the recipients of those whose time has come,
//! then works through the deliveries at the channel's rate, each in its
//! subscriber's language with the links to change or stop the
//! subscription. A delivery is marked once its mail is handed over; one
//! that was being sent when the process stopped is sent again after its
//! claim runs out (two minutes), so nothing is lost, and the mail carries
//! the delivery's number for a receiver to tell a repeat.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use kernel::i18n::{Lang, Message};
use mail::{Failure, Mailer, Outgoing};

use crate::Notify;
use crate::announcements::{self, Announcement, Due, Outcome, Text};
use crate::store::{self, EMAIL, Status};

/// Tries before a delivery is given up.
const MAX_ATTEMPTS: i64 = 8;
/// Deliveries claimed at once.
const BATCH: i64 = 1_000;
/// How often the queue is looked at when idle.
const POLL: Duration = Duration::from_secs(1);
/// Outcomes written together (one write to the disk for the group): a
/// process stopped mid-group leaves at most this many mails handed over but
/// not marked, which are sent again once their claim runs out.
const MARK_EVERY: usize = 20;
/// … or this often, whichever comes first.
const MARK_WITHIN: Duration = Duration::from_millis(250);
/// Mails being handed over at once.
const IN_FLIGHT: usize = 24;

#[derive(Clone)]
pub struct Sender {
    notify: Notify,
    mailer: Mailer,
    /// Mails handed over a second at most (the relay's limit).
    pace: Arc<tokio::sync::Mutex<Pace>>,
}

/// A token bucket at the relay's rate holding a tenth of a second's mails,
/// so a pause of the sender's own (writing outcomes to the disk) is made
/// up without the rate over any second going more than a tenth above it.
struct Pace {
    per_second: f64,
    tokens: f64,
    at: Instant,
}

impl Pace {
    fn new(per_second: u32) -> Self {
        Pace {
            per_second: f64::from(per_second.max(1)),
            tokens: 1.0,
            at: Instant::now(),
        }
    }

    /// Waits for the next mail's turn. Time overslept (timers wake late by
    /// a millisecond or so) counts towards the next mails.
    async fn take(&mut self) {
        let capacity = (self.per_second / 10.0).max(1.0);
        loop {
            let now = Instant::now();
            self.tokens = (self.tokens
                + now.duration_since(self.at).as_secs_f64() * self.per_second)
                .min(capacity);
            self.at = now;
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                return;
            }
            let wait = (1.0 - self.tokens) / self.per_second;
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }
}

impl Sender {
    pub fn new(notify: Notify, mailer: Mailer, per_second: u32) -> Self {
        Sender {
            notify,
            mailer,
            pace: Arc::new(tokio::sync::Mutex::new(Pace::new(per_second))),
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
        let worked = due.len();
        let mut texts: HashMap<i64, Option<Announcement>> = HashMap::new();
        for delivery in &due {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                texts.entry(delivery.announcement_id)
            {
                slot.insert(announcements::get(db, delivery.announcement_id).await?);
            }
        }
        // Mails start at the rate, several in flight at once: one SMTP
        // connection hands over a few dozen a second at most.
        let texts = &texts;
        let pace = &self.pace;
        let mut sending = futures_util::stream::iter(due)
            .map(|delivery| async move {
                let announcement = texts
                    .get(&delivery.announcement_id)
                    .and_then(Option::as_ref);
                let outcome = match announcement {
                    Some(a) if delivery.subscription.status == Status::Active => {
                        pace.lock().await.take().await;
                        self.send(a, &delivery).await
                    }
                    _ => Outcome::Skipped,
                };
                (delivery, outcome)
            })
            .buffer_unordered(IN_FLIGHT);
        let mut outcomes: Vec<(i64, Outcome)> = Vec::new();
        let mut marked = Instant::now();
        while let Some((delivery, outcome)) = sending.next().await {
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
            outcomes.push((delivery.id, outcome));
            if outcomes.len() >= MARK_EVERY || marked.elapsed() >= MARK_WITHIN {
                announcements::mark_many(db, &outcomes).await?;
                outcomes.clear();
                marked = Instant::now();
            }
        }
        announcements::mark_many(db, &outcomes).await?;
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
        let (subject, body) = compose(text, lang, &manage);
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

/// The subject and text of an announcement's mail to a reader of `lang`,
/// with the link to change or stop the subscription (`manage`): what the
/// sender sends and the staff's preview shows.
pub fn compose(text: &Text, lang: Lang, manage: &str) -> (String, String) {
    let subject = format!(
        "{}{}",
        Message::new("mail-notify-announcement-prefix").plain(lang),
        text.title
    );
    let body = format!(
        "{}\n\n--\n{}\n{manage}\n\n{}",
        text.body,
        Message::new("mail-notify-announcement-footer").plain(lang),
        Message::new("mail-footer").plain(lang)
    );
    (subject, body)
}
