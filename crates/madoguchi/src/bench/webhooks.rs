//! `madoguchi bench webhooks`: event delivery to a local receiver.
//!
//! Throughput: events already in the outbox (one per application, a burst
//! that just arrived) fanned out and delivered, signed, by the relay, beside
//! a ceiling measured in the same run: the same number of signed POSTs sent
//! straight to the same receiver by the same HTTP client, with no database.
//! Lag: applications submitted over HTTP at a fixed rate, each timed from
//! its 201 to the arrival of its `application.submitted` event.
//! Everything — server, relay, receiver — runs in this one process on this
//! machine. A delivery that fails or an event that never arrives fails the
//! benchmark.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use futures_util::StreamExt;
use kernel::Db;
use serde_json::{Value, json};

use super::{ms, percentile};

/// The receiver: counts deliveries and notes when each receipt's event came.
#[derive(Clone, Default)]
struct Receiver {
    delivered: Arc<AtomicU64>,
    arrived: Arc<Mutex<HashMap<String, Instant>>>,
}

async fn receiver() -> anyhow::Result<(Receiver, String)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    let state = Receiver::default();
    let shared = state.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| {
            let state = shared.clone();
            async move {
                state.delivered.fetch_add(1, Ordering::Relaxed);
                if let Ok(event) = serde_json::from_slice::<Value>(&body)
                    && let Some(receipt) = event
                        .pointer("/data/receipt_number")
                        .and_then(Value::as_str)
                {
                    let mut arrived = state.arrived.lock().unwrap_or_else(|p| p.into_inner());
                    arrived
                        .entry(receipt.to_string())
                        .or_insert_with(Instant::now);
                }
                StatusCode::NO_CONTENT
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok((state, url))
}

async fn open(dir: &std::path::Path) -> anyhow::Result<Db> {
    let db = Db::open(dir, None)
        .await?
        .with_keys(kernel::keys::Keyring::load_or_create(&dir.join("keys"))?);
    db.migrate().await?;
    crate::app::unlock(db, &dir.join("keys")).await
}

async fn subscribe(db: &Db, url: &str) -> anyhow::Result<()> {
    integration::store::create(
        db,
        &integration::store::NewSubscription {
            url: url.to_string(),
            created_by: "bench".into(),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// `events` events of as many applications, written as a burst of
/// submissions writes them.
async fn fill_outbox(db: &Db, events: usize) -> anyhow::Result<()> {
    for chunk in (0..events).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<(String, Value)> = chunk
            .iter()
            .map(|n| {
                let receipt = format!("B8-{n:07}");
                let data = json!({
                    "receipt_number": receipt,
                    "procedure_id": "jidou-teate-nintei",
                    "section_id": "kodomo-kosodate",
                    "form_version": 1,
                    "submitted_at": kernel::clock::now_text(),
                    "possible_duplicate_of": null,
                });
                (receipt, data)
            })
            .collect();
        let events: Vec<(&str, &str, &Value)> = rows
            .iter()
            .map(|(receipt, data)| ("application.submitted", receipt.as_str(), data))
            .collect();
        let mut tx = db.begin().await?;
        kernel::outbox::enqueue_many(&mut tx, &events).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The ceiling: `count` signed POSTs of a same-sized body, straight to the
/// receiver, `concurrency` at a time, by a client built as the relay's.
async fn ceiling(url: &str, count: usize, concurrency: usize) -> anyhow::Result<(Duration, usize)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let body = json!({
        "id": "0123456789abcdef0123456789abcdef",
        "type": "application.submitted",
        "occurred_at": kernel::clock::now_text(),
        "data": {"receipt_number": "C8-0000000", "procedure_id": "jidou-teate-nintei", "section_id": "kodomo-kosodate", "form_version": 1, "submitted_at": kernel::clock::now_text(), "possible_duplicate_of": null},
    })
    .to_string()
    .into_bytes();
    let started = Instant::now();
    let failed = futures_util::stream::iter(0..count)
        .map(|_| {
            let (client, body) = (client.clone(), body.clone());
            async move {
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                let signature = integration::signature::sign(b"whsec_bench", now, &body);
                client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("madoguchi-signature", signature)
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
            }
        })
        .buffer_unordered(concurrency)
        .filter(|ok| std::future::ready(!ok))
        .count()
        .await;
    Ok((started.elapsed(), failed))
}

/// Deliveries of the benchmark's subscription not delivered, and dead ones.
async fn undelivered(db: &Db) -> anyhow::Result<(i64, i64)> {
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'")
            .fetch_one(db.pool())
            .await?;
    let dead: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'dead'")
            .fetch_one(db.pool())
            .await?;
    let unrelayed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE relayed_at IS NULL")
        .fetch_one(db.pool())
        .await?;
    Ok((pending + unrelayed, dead))
}

pub async fn run(events: usize, seconds: u64, rate: u64) -> anyhow::Result<()> {
    let root =
        std::env::temp_dir().join(format!("madoguchi-bench-webhooks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let relay = integration::relay::RelaySettings::default();

    // Throughput.
    let dir = root.join("throughput");
    std::fs::create_dir_all(&dir)?;
    let db = open(&dir).await?;
    let (hook, url) = receiver().await?;
    subscribe(&db, &url).await?;
    fill_outbox(&db, events).await?;
    let (ceiling_time, ceiling_failed) = ceiling(&url, events, relay.concurrency).await?;
    hook.delivered.store(0, Ordering::SeqCst);
    let started = Instant::now();
    integration::relay::start(db.clone(), relay.clone());
    let deadline = Duration::from_secs(120);
    loop {
        let (waiting, dead) = undelivered(&db).await?;
        if waiting == 0 || dead > 0 || started.elapsed() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let relay_time = started.elapsed();
    let (waiting, dead) = undelivered(&db).await?;
    let received = hook.delivered.load(Ordering::SeqCst);

    // Lag at a fixed submission rate, through the whole server.
    let dir = root.join("lag");
    std::fs::create_dir_all(&dir)?;
    let db2 = Db::open(&dir, None).await?;
    let mut settings = crate::app::Settings::in_dir(&dir);
    // The benchmark is one busy business system: no per-token limit.
    settings.api_rate = kernel::tokens::RateLimit {
        per_second: 1_000_000.0,
        burst: 1_000_000.0,
    };
    let platform = crate::app::Platform::open(db2, &settings).await?;
    let info = demo::prepare(&platform.db, &dir, "127.0.0.1:0").await?;
    platform.catalog.refresh().await?;
    let (lag_hook, lag_url) = receiver().await?;
    subscribe(&platform.db, &lag_url).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = platform.router();
    tokio::spawn(async move {
        let _ = crate::app::serve_on(listener, router, Default::default(), std::future::pending())
            .await;
    });
    let client = reqwest::Client::new();
    let submit_url = format!(
        "http://{addr}/api/v1/procedures/{}/applications",
        info.demo.sample_application.procedure_id
    );
    let body = info.demo.sample_application.body.clone();
    let token = info.demo.api_token.clone();
    let acknowledged: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let failed = Arc::new(AtomicU64::new(0));
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(1) as f64));
    let total = rate * seconds;
    let mut requests = Vec::new();
    for _ in 0..total {
        ticks.tick().await;
        let (client, url, body, token, acknowledged, failed) = (
            client.clone(),
            submit_url.clone(),
            body.clone(),
            token.clone(),
            acknowledged.clone(),
            failed.clone(),
        );
        requests.push(tokio::spawn(async move {
            let answer = client
                .post(&url)
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await;
            let receipt = match answer {
                Ok(response) if response.status().as_u16() == 201 => {
                    response.json::<Value>().await.ok().and_then(|r| {
                        r.get("receipt_number")
                            .and_then(Value::as_str)
                            .map(String::from)
                    })
                }
                _ => None,
            };
            match receipt {
                Some(receipt) => acknowledged
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((receipt, Instant::now())),
                None => {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for request in requests {
        let _ = request.await;
    }
    let acknowledged = acknowledged
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let waited = Instant::now();
    while lag_hook
        .arrived
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .len()
        < acknowledged.len()
        && waited.elapsed() < Duration::from_secs(30)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let arrived = lag_hook
        .arrived
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut lags: Vec<Duration> = Vec::new();
    let mut missing = 0usize;
    for (receipt, at) in &acknowledged {
        match arrived.get(receipt) {
            // An event may arrive before the 201 is read: no lag then.
            Some(came) => lags.push(came.saturating_duration_since(*at)),
            None => missing += 1,
        }
    }
    lags.sort();
    let _ = std::fs::remove_dir_all(&root);

    let ceiling_rate = events as f64 / ceiling_time.as_secs_f64();
    let relay_rate = received as f64 / relay_time.as_secs_f64();
    println!(
        "bench webhooks: SQLite, one subscription, a local receiver in this process, this machine ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  signed POSTs straight to the receiver, {} at a time  {ceiling_rate:>8.0} /s   (the ceiling; {ceiling_failed} failed)",
        relay.concurrency
    );
    println!(
        "  {events} outbox events fanned out and delivered     {relay_rate:>8.0} /s   ({:.0} % of the ceiling; target ≥ 5,000/s); {waiting} undelivered, {dead} dead",
        relay_rate / ceiling_rate * 100.0
    );
    println!(
        "  at {rate} submissions/s for {seconds} s: {} acknowledged, {} failed, {missing} events missing; lag 201 → delivery p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms (target p99 < 1,000 ms)",
        acknowledged.len(),
        failed.load(Ordering::Relaxed),
        ms(percentile(&lags, 0.5)),
        ms(percentile(&lags, 0.99)),
        ms(lags.last().copied().unwrap_or_default()),
    );
    let pass = relay_rate >= 5_000.0
        && waiting == 0
        && dead == 0
        && ceiling_failed == 0
        && failed.load(Ordering::Relaxed) == 0
        && missing == 0
        && ms(percentile(&lags, 0.99)) < 1_000.0;
    println!("  result: {}", if pass { "PASS" } else { "FAIL" });
    if !pass {
        anyhow::bail!("bench webhooks: below target (see the figures above)");
    }
    Ok(())
}
