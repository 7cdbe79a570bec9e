//! `madoguchi bench announce`: an announcement to a million subscribers.
//!
//! The subscribers are written straight into a new SQLite database, with a
//! spread of topics, wards and languages. Timed: queuing the city-wide
//! announcement's recipients as the sender does when it is due (target
//! < 10 s), beside the ceiling measured in the same run — the same rows
//! copied with no targeting at all. Then the sender works through the
//! deliveries for a while, handing each mail to a local SMTP sink at the
//! configured rate (targets: at least 90 % of the rate and never more than
//! 2 % above it), and the process's peak memory is read (target < 200 MB).
//! A delivery that failed, or a mail the sink did not receive, fails the
//! benchmark.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kernel::Db;
use notify::announce::Action;
use notify::announcements::{self, Draft, Text};
use notify::rules::{Target, Topics};

/// Writes `subscribers` subscriptions in one statement (rows made by the
/// database itself, so loading a million takes seconds): a spread of
/// languages, one to four topics each, a ward for half of them.
async fn load(db: &Db, subscribers: usize) -> anyhow::Result<()> {
    let topics = Topics::shipped();
    let ids: Vec<&str> = topics.topics.iter().map(|t| t.id.as_str()).collect();
    let case = |over: &str, values: &[String]| {
        let arms: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!(" WHEN {i} THEN '{v}'"))
            .collect();
        format!("CASE {over} % {}{arms} END", values.len())
    };
    // Topic sets: each topic alone, and with the next one or two.
    let sets: Vec<String> = (0..ids.len())
        .flat_map(|i| {
            let one = ids.get(i).copied().unwrap_or_default().to_string();
            let two = format!(
                "{one},{}",
                ids.get((i + 1) % ids.len()).copied().unwrap_or_default()
            );
            let three = format!(
                "{two},{}",
                ids.get((i + 2) % ids.len()).copied().unwrap_or_default()
            );
            [one, two, three]
        })
        .collect();
    let wards: Vec<String> = topics.wards.iter().map(|w| w.id.clone()).collect();
    let langs: Vec<String> = ["ja", "ja", "ja", "en", "zh-Hans", "ko", "pt-BR", "vi", "tl"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    let sql = format!(
        "INSERT INTO notify_subscriptions (channel, address, lang, topics, wards, status, generation, created_at, changed_at)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
         SELECT 'email', 's' || i || '@example.jp', {}, {}, CASE WHEN i % 2 = 0 THEN {} ELSE '' END,
                'active', 0, $2, $2 FROM n",
        case("i", &langs),
        case("(i / 9)", &sets),
        case("(i / 2)", &wards),
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i64::try_from(subscribers)?)
        .bind(kernel::clock::now_text())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A mail server on loopback that takes every mail and counts it.
async fn sink() -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            counter.fetch_add(1, Ordering::Relaxed);
                            let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    Ok((format!("smtp://{addr}"), received))
}

fn peak_mb() -> anyhow::Result<f64> {
    Ok(super::resident_kib(std::process::id(), "VmHWM:")? as f64 / 1024.0)
}

async fn count(db: &Db, status: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_deliveries WHERE status = $1",
    )
    .bind(status)
    .fetch_one(db.pool())
    .await?)
}

pub async fn run(subscribers: usize, seconds: u64, rate: u32) -> anyhow::Result<()> {
    let root =
        std::env::temp_dir().join(format!("madoguchi-bench-announce-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;
    let result = measure(&root, subscribers, seconds, rate).await;
    let _ = std::fs::remove_dir_all(&root);
    result
}

async fn measure(
    dir: &std::path::Path,
    subscribers: usize,
    seconds: u64,
    rate: u32,
) -> anyhow::Result<()> {
    let db = Db::open(dir, None)
        .await?
        .with_keys(kernel::keys::Keyring::ephemeral());
    db.migrate().await?;
    println!("bench announce: {subscribers} subscribers, sending for {seconds} s at {rate}/s");

    let started = Instant::now();
    load(&db, subscribers).await?;
    println!(
        "  subscribers written                 {:>8.1} s",
        started.elapsed().as_secs_f64()
    );

    // The ceiling: every subscription copied into the deliveries with no
    // targeting, in one statement, as fast as the database writes rows.
    let started = Instant::now();
    sqlx::query(
        "INSERT INTO notify_deliveries (announcement_id, subscription_id, channel, status, next_attempt_at)
         SELECT 0, id, channel, 'queued', $1 FROM notify_subscriptions",
    )
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    let ceiling = started.elapsed();
    sqlx::query("DELETE FROM notify_deliveries")
        .execute(db.pool())
        .await?;

    // A city-wide announcement on every topic: every subscriber is reached,
    // through every one of the targeting's conditions.
    let topics = Topics::shipped();
    let text = |title: &str, body: &str| Text {
        title: title.into(),
        body: body.into(),
    };
    let id = announcements::create(
        &db,
        &Draft {
            texts: [
                (
                    "ja".to_string(),
                    text("【訓練】一斉配信の確認", "これは配信の確認です。"),
                ),
                (
                    "en".to_string(),
                    text("[Drill] Sending check", "This checks the sending."),
                ),
            ]
            .into(),
            target: Target {
                topics: topics.topics.iter().map(|t| t.id.clone()).collect(),
                ..Target::default()
            },
            link_path: None,
            send_at: None,
        },
        "bench.author",
    )
    .await?;
    announcements::act(&db, id, Action::Submit, "bench.author", None)
        .await?
        .map_err(|r| anyhow::anyhow!("not submitted: {r:?}"))?;
    announcements::act(&db, id, Action::Approve, "bench.approver", None)
        .await?
        .map_err(|r| anyhow::anyhow!("not approved: {r:?}"))?;
    let started = Instant::now();
    announcements::queue_due(&db).await?;
    let queued_in = started.elapsed();
    let queued = announcements::get(&db, id)
        .await?
        .and_then(|a| a.recipients)
        .unwrap_or(0);
    anyhow::ensure!(
        usize::try_from(queued).unwrap_or(0) == subscribers,
        "{queued} recipients queued of {subscribers} subscribers"
    );
    println!(
        "  recipients queued                   {:>8.1} s  ({} rows; target < 10 s)",
        queued_in.as_secs_f64(),
        queued
    );
    println!(
        "  ceiling: the same rows copied       {:>8.1} s  (queuing takes {:.1}× as long)",
        ceiling.as_secs_f64(),
        queued_in.as_secs_f64() / ceiling.as_secs_f64().max(1e-9)
    );

    let (url, received) = sink().await?;
    let mailer = mail::Mailer::new(
        db.clone(),
        Some(&url),
        "news@city.example.jp",
        "https://www.city.example.jp",
        &dir.join("mail"),
    )?;
    let sender = notify::sender::Sender::new(notify::Notify::new(db.clone()), mailer, rate);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        sender.run_once().await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let sent = count(&db, "sent").await?;
    let failed = count(&db, "failed").await? + count(&db, "skipped").await?;
    let got = received.load(Ordering::Relaxed);
    let achieved = sent as f64 / elapsed;
    let peak = peak_mb()?;
    println!(
        "  mails handed to the relay           {:>8}    in {elapsed:.1} s = {achieved:.0}/s (limit {rate}/s)",
        sent
    );
    println!("  peak resident memory (VmHWM)        {peak:>8.1} MB (target < 200 MB)");
    let mut missed = Vec::new();
    if failed > 0 {
        missed.push(format!("{failed} deliveries failed or were skipped"));
    }
    if usize::try_from(sent).unwrap_or(0) != got {
        missed.push(format!("{sent} marked sent but the relay received {got}"));
    }
    if queued_in > Duration::from_secs(10) {
        missed.push("queuing took 10 s or more".to_string());
    }
    if achieved < 0.9 * f64::from(rate) {
        missed.push(format!("{achieved:.0}/s is under 90 % of the limit"));
    }
    if achieved > 1.02 * f64::from(rate) {
        missed.push(format!("{achieved:.0}/s is above the limit"));
    }
    if peak >= 200.0 {
        missed.push(format!("peak memory {peak:.0} MB"));
    }
    if missed.is_empty() {
        println!("PASS");
        Ok(())
    } else {
        anyhow::bail!("FAIL: {}", missed.join("; "))
    }
}
