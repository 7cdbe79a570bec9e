//! The demo's push-type information: subscribers with a spread of topics,
//! wards and languages, one announcement already sent (its deliveries
//! recorded as sent, with no mail written: it went out before the demo
//! began) and one scheduled for next week. Made once.

use kernel::Db;
use notify::announce::Action;
use notify::announcements::{self, Draft, Text};
use notify::rules::Target;
use time::{Duration, OffsetDateTime};

/// Demo subscribers (addresses at example.jp, which no one receives).
const SUBSCRIBERS: usize = 240;

fn ids(list: &[&str]) -> std::collections::BTreeSet<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

fn text(title: &str, body: &str) -> Text {
    Text {
        title: title.into(),
        body: body.into(),
    }
}

pub async fn seed(db: &Db, author: &str, approver: &str) -> anyhow::Result<()> {
    let any: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM notify_subscriptions")
        .fetch_one(db.pool())
        .await?;
    if any > 0 {
        return Ok(());
    }
    let topics = notify::rules::Topics::shipped();
    let langs = [
        "ja",
        "ja",
        "ja",
        "ja",
        "en",
        "zh-Hans",
        "ko",
        "pt-BR",
        "vi",
        "tl",
        "ja-x-easy",
    ];
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    for n in 0..SUBSCRIBERS {
        // Two or three topics each, a ward for half of them.
        let chosen: Vec<&str> = topics
            .topics
            .iter()
            .enumerate()
            .filter(|(i, _)| (n + i * 7) % 4 == 0 || *i == n % topics.topics.len())
            .map(|(_, t)| t.id.as_str())
            .collect();
        let ward = if n % 2 == 0 {
            topics
                .wards
                .get(n % topics.wards.len().max(1))
                .map(|w| w.id.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        sqlx::query(
            "INSERT INTO notify_subscriptions (channel, address, lang, topics, wards, status, generation, created_at, changed_at)
             VALUES ('email', $1, $2, $3, $4, 'active', 0, $5, $5)",
        )
        .bind(format!("subscriber{n:04}@example.jp"))
        .bind(langs.get(n % langs.len()).copied().unwrap_or("ja"))
        .bind(chosen.join(","))
        .bind(ward)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    // Sent a week ago to the whole city: approved by a second person.
    let sent = announcements::create(
        db,
        &Draft {
            texts: [
                ("ja".to_string(), text("年末年始のごみの収集について", "12月31日から1月3日まで、ごみの収集はお休みです。1月4日から通常どおり収集します。")),
                ("en".to_string(), text("Rubbish collection over the New Year", "There is no collection from 31 December to 3 January. Collection is as usual from 4 January.")),
            ]
            .into(),
            target: Target {
                topics: ids(&["gomi"]),
                ..Target::default()
            },
            link_path: Some("/procedures?q=%E3%81%94%E3%81%BF".into()),
            send_at: Some(kernel::clock::to_text(OffsetDateTime::now_utc() - Duration::days(7))),
        },
        author,
    )
    .await?;
    announcements::act(db, sent, Action::Submit, author, None)
        .await?
        .ok();
    announcements::act(db, sent, Action::Approve, approver, None)
        .await?
        .ok();
    announcements::queue_due(db).await?;
    sqlx::query("UPDATE notify_deliveries SET status = 'sent', attempts = 1, sent_at = $1 WHERE announcement_id = $2")
        .bind(kernel::clock::to_text(OffsetDateTime::now_utc() - Duration::days(7)))
        .bind(sent)
        .execute(db.pool())
        .await?;
    announcements::finish(db).await?;

    // Scheduled for next week, for one ward (needs no second person).
    let scheduled = announcements::create(
        db,
        &Draft {
            texts: [
                (
                    "ja".to_string(),
                    text(
                        "中区 子育て応援フェスタのご案内",
                        "中区役所で子育て応援フェスタを開きます。相談コーナーもあります。",
                    ),
                ),
                (
                    "en".to_string(),
                    text(
                        "Naka Ward family festival",
                        "A festival for families at the Naka Ward Office, with advice desks.",
                    ),
                ),
            ]
            .into(),
            target: Target {
                topics: ids(&["kosodate", "event"]),
                wards: ids(&["naka"]),
                ..Target::default()
            },
            link_path: None,
            send_at: Some(kernel::clock::to_text(
                OffsetDateTime::now_utc() + Duration::days(7),
            )),
        },
        author,
    )
    .await?;
    announcements::act(db, scheduled, Action::Submit, author, None)
        .await?
        .ok();
    Ok(())
}
