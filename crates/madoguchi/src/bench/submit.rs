//! `madoguchi bench submit`: durable application submissions over HTTP —
//! validated, stored, audited, event queued, receipt returned — measured
//! against a raw loop doing the same writes one transaction each, on the
//! same machine in the same run; then latency at a fixed rate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use kernel::Db;
use serde_json::{Value, json};
use sqlx::Row;

use super::{Server, free_port, ms, percentile, wait_healthy};

const PROCEDURE: &str = "shiminzei-shinkoku";

/// A 20-field form: the municipal tax return.
fn form() -> anyhow::Result<forms::FormDefinition> {
    let text = json!({
        "procedure_id": PROCEDURE,
        "title": {"ja": "市民税・県民税申告書", "en": "Municipal tax return"},
        "sections": [
            {"id": "taxpayer", "title": {"ja": "申告者"}, "fields": [
                {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}, "required": true},
                {"id": "birth_date", "type": "date", "label": {"ja": "生年月日"}, "required": true, "max": "today"},
                {"id": "postal_code", "type": "postal_code", "label": {"ja": "郵便番号"}, "required": true},
                {"id": "address", "type": "text", "label": {"ja": "住所"}, "required": true, "max_length": 120},
                {"id": "phone", "type": "phone", "label": {"ja": "電話番号"}, "required": true},
                {"id": "email", "type": "email", "label": {"ja": "メールアドレス"}, "required": false},
                {"id": "occupation", "type": "text", "label": {"ja": "職業"}, "required": true, "max_length": 40},
                {"id": "household_head", "type": "text", "label": {"ja": "世帯主の氏名"}, "required": true, "max_length": 40},
                {"id": "relationship", "type": "select", "label": {"ja": "世帯主との続柄"}, "required": true,
                 "options": [{"value": "self", "label": {"ja": "本人"}}, {"value": "spouse", "label": {"ja": "妻・夫"}}, {"value": "child", "label": {"ja": "子"}}]}
            ]},
            {"id": "income", "title": {"ja": "収入・所得"}, "fields": [
                {"id": "salary", "type": "number", "label": {"ja": "給与収入"}, "required": true, "min": 0, "integer": true},
                {"id": "pension", "type": "number", "label": {"ja": "公的年金等"}, "required": true, "min": 0, "integer": true},
                {"id": "business", "type": "number", "label": {"ja": "営業等所得"}, "required": false, "min": 0, "integer": true},
                {"id": "other_income", "type": "number", "label": {"ja": "雑所得"}, "required": false, "min": 0, "integer": true}
            ]},
            {"id": "deductions", "title": {"ja": "所得控除"}, "fields": [
                {"id": "social_insurance", "type": "number", "label": {"ja": "社会保険料控除"}, "required": true, "min": 0, "integer": true},
                {"id": "life_insurance", "type": "number", "label": {"ja": "生命保険料控除"}, "required": false, "min": 0, "integer": true},
                {"id": "medical", "type": "number", "label": {"ja": "医療費控除"}, "required": false, "min": 0, "integer": true},
                {"id": "spouse_deduction", "type": "radio", "label": {"ja": "配偶者控除"}, "required": true,
                 "options": [{"value": "yes", "label": {"ja": "あり"}}, {"value": "no", "label": {"ja": "なし"}}]},
                {"id": "dependents", "type": "number", "label": {"ja": "扶養親族の数"}, "required": true, "min": 0, "max": 20, "integer": true},
                {"id": "disability", "type": "checkbox", "label": {"ja": "障害者控除"}, "required": false,
                 "options": [{"value": "self", "label": {"ja": "本人"}}, {"value": "dependent", "label": {"ja": "扶養親族"}}]},
                {"id": "declaration", "type": "checkbox", "label": {"ja": "記載内容に誤りがありません"}, "required": true}
            ]}
        ]
    })
    .to_string();
    forms::FormDefinition::from_json(&text).map_err(|e| anyhow::anyhow!("bench form: {e:?}"))
}

fn answers(n: usize) -> Value {
    json!({
        "name": {"family_name": "名古屋", "given_name": format!("太郎{n}"), "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"},
        "birth_date": "昭和60年4月1日",
        "postal_code": "460-8508",
        "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111",
        "email": "taro@example.jp",
        "occupation": "会社員",
        "household_head": "名古屋 太郎",
        "relationship": "self",
        "salary": 4_500_000,
        "pension": 0,
        "business": 0,
        "other_income": 12_000,
        "social_insurance": 650_000,
        "life_insurance": 40_000,
        "medical": 0,
        "spouse_deduction": "yes",
        "dependents": 2,
        "disability": [],
        "declaration": true
    })
}

/// The same writes a submission makes, without HTTP, JSON parsing or
/// validation: the ceiling the server is measured against.
async fn raw_loop(db: &Db, duration: Duration) -> anyhow::Result<(usize, Duration)> {
    let body = answers(0);
    let started = Instant::now();
    let mut done = 0usize;
    while started.elapsed() < duration {
        let mut tx = db.begin().await?;
        // The receipt counter row, as the writer moves it (a year of its
        // own, so the server's numbers stay consecutive).
        let next: i64 = sqlx::query(
            "INSERT INTO application_numbers (fiscal_year, last_value) VALUES (0, 1) \
             ON CONFLICT (fiscal_year) DO UPDATE \
             SET last_value = application_numbers.last_value + excluded.last_value \
             RETURNING last_value",
        )
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        let id = format!("raw{done}");
        let receipt = format!("RAW-{next:07}");
        let now = kernel::clock::now_text();
        sqlx::query(
            "INSERT INTO applications (id, receipt_number, procedure_id, form_version, section_id, submitter_kind, \
             submitter_id, idempotency_key, request_hash, answers, status, fiscal_year, submitted_at, updated_at) \
             VALUES ($1, $2, $3, 1, NULL, 'api', 'raw', $4, 'x', $5, 'received', 2026, $6, $6)",
        )
        .bind(&id)
        .bind(&receipt)
        .bind(PROCEDURE)
        .bind(&id)
        // Sealed, as the server seals answers: the ceiling pays for it too.
        .bind(applications::store::seal_answers(db, &id, &body)?)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        kernel::outbox::enqueue(
            &mut tx,
            "application.submitted",
            &receipt,
            &json!({"receipt_number": receipt}),
        )
        .await?;
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "application",
                target_id: &id,
                actor: "bench",
                action: "application.submitted",
                before: None,
                after: Some(json!({"status": "received"})),
            },
        )
        .await?;
        tx.commit().await?;
        done += 1;
    }
    Ok((done, started.elapsed()))
}

struct Phase {
    ok: usize,
    failed: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

async fn post(client: &reqwest::Client, url: &str, token: &str, key: String, body: &Value) -> bool {
    client
        .post(url)
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .is_ok_and(|r| r.status().as_u16() == 201)
}

/// One keep-alive HTTP/1.1 connection that posts prepared requests. The
/// load generator shares the machine with the server, so it is kept lean:
/// no client library, the request written as bytes, the answer read only as
/// far as its status and length.
struct Connection {
    stream: tokio::io::BufReader<tokio::net::TcpStream>,
}

impl Connection {
    async fn open(addr: &str) -> std::io::Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: tokio::io::BufReader::new(stream),
        })
    }

    /// Sends `request` and returns the response's status code.
    async fn exchange(&mut self, request: &[u8]) -> std::io::Result<u16> {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        self.stream.get_mut().write_all(request).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}

fn request_bytes(addr: &str, path: &str, token: &str, key: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn throughput(
    addr: &str,
    path: &str,
    token: &str,
    connections: usize,
    duration: Duration,
) -> Phase {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..connections {
        let (addr, path, token, stop) = (
            addr.to_string(),
            path.to_string(),
            token.to_string(),
            stop.clone(),
        );
        workers.push(tokio::spawn(async move {
            let (mut ok, mut failed, mut latencies) = (0, 0, Vec::new());
            let Ok(mut connection) = Connection::open(&addr).await else {
                return (0, 1, latencies);
            };
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let request = request_bytes(
                    &addr,
                    &path,
                    &token,
                    &format!("t-{worker}-{n}"),
                    &answers(n).to_string(),
                );
                let t = Instant::now();
                match connection.exchange(&request).await {
                    Ok(201) => {
                        ok += 1;
                        latencies.push(t.elapsed());
                    }
                    Ok(_) => failed += 1,
                    Err(_) => {
                        failed += 1;
                        match Connection::open(&addr).await {
                            Ok(fresh) => connection = fresh,
                            Err(_) => break,
                        }
                    }
                }
                n += 1;
            }
            (ok, failed, latencies)
        }));
    }
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut phase = Phase {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for worker in workers {
        if let Ok((ok, failed, latencies)) = worker.await {
            phase.ok += ok;
            phase.failed += failed;
            phase.latencies.extend(latencies);
        }
    }
    phase.elapsed = started.elapsed();
    phase.latencies.sort();
    phase
}

/// Requests sent on a fixed schedule; latency counts from the scheduled
/// moment, so a stalled server is not hidden by requests sent late.
async fn fixed_rate(url: &str, token: &str, rate: u64, duration: Duration) -> Phase {
    let client = reqwest::Client::new();
    let interval = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
    let started = Instant::now();
    let total = (duration.as_secs_f64() * rate as f64) as usize;
    let mut tasks = Vec::with_capacity(total);
    for n in 0..total {
        let scheduled = started + interval * n as u32;
        tokio::time::sleep_until(scheduled.into()).await;
        let (client, url, token) = (client.clone(), url.to_string(), token.to_string());
        tasks.push(tokio::spawn(async move {
            let ok = post(&client, &url, &token, format!("r-{n}"), &answers(n)).await;
            (ok, scheduled.elapsed())
        }));
    }
    let mut phase = Phase {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        match task.await {
            Ok((true, latency)) => {
                phase.ok += 1;
                phase.latencies.push(latency);
            }
            _ => phase.failed += 1,
        }
    }
    phase.elapsed = started.elapsed();
    phase.latencies.sort();
    phase
}

/// How the fiscal year's receipt numbers ran after the load.
struct Numbering {
    issued: usize,
    /// Numbers between 1 and the highest that no application has.
    missing: usize,
}

async fn receipt_gaps(db: &Db) -> anyhow::Result<Numbering> {
    let year = kernel::wareki::fiscal_year_of(kernel::clock::today_in_japan());
    let prefix = format!("{}-", kernel::wareki::fiscal_year_short(year));
    let rows = sqlx::query("SELECT receipt_number FROM applications WHERE fiscal_year = $1")
        .bind(i64::from(year))
        .fetch_all(db.pool())
        .await?;
    let mut numbers = Vec::with_capacity(rows.len());
    for row in rows {
        let receipt: String = row.try_get(0)?;
        if let Some(n) = receipt
            .strip_prefix(&prefix)
            .and_then(|n| n.parse::<usize>().ok())
        {
            numbers.push(n);
        }
    }
    let highest = numbers.iter().copied().max().unwrap_or(0);
    numbers.sort_unstable();
    numbers.dedup();
    Ok(Numbering {
        issued: numbers.len(),
        missing: highest.saturating_sub(numbers.len()),
    })
}

pub async fn run(
    database_url: Option<&str>,
    seconds: u64,
    connections: usize,
    rate: u64,
) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let dir = std::env::temp_dir().join(format!("madoguchi-bench-submit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // On PostgreSQL, a database of its own, dropped afterwards.
    let (db_url, admin) = match database_url {
        Some(url) => {
            let name = format!("madoguchi_bench_{}", std::process::id());
            let admin = Db::connect(url, None).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(admin.pool())
                .await?;
            let base = url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .context("the URL names no database")?;
            (Some(format!("{base}/{name}")), Some((admin, name)))
        }
        None => (None, None),
    };
    let db = Db::open(&dir, db_url.as_deref())
        .await?
        .with_keys(kernel::keys::Keyring::load_or_create(&dir.join("keys"))?);
    db.migrate().await?;
    let db = crate::app::unlock(db, &dir.join("keys")).await?;
    let info = demo::prepare(&db, &dir, "127.0.0.1:0").await?;
    applications::form_store::save(&db, &form()?, "bench").await?;
    let duration = Duration::from_secs(seconds);

    let (raw_done, raw_elapsed) = raw_loop(&db, duration).await?;
    let ceiling = raw_done as f64 / raw_elapsed.as_secs_f64();
    db.close().await;

    // The benchmark is one busy business system: the per-token limit is
    // lifted for it.
    std::fs::write(
        dir.join(kernel::config::CONFIG_FILE_NAME),
        "api_rate_per_second = 1000000.0\napi_rate_burst = 1000000.0\n",
    )?;
    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let mut command = std::process::Command::new(&exe);
    command
        .args(["serve", "--addr", &addr, "--data-dir"])
        .arg(&dir)
        .env("MADOGUCHI_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match &db_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    let server = Server {
        child: command.spawn().context("cannot start the server")?,
    };
    let client = reqwest::Client::new();
    wait_healthy(
        &client,
        &format!("http://{addr}/healthz"),
        Duration::from_secs(30),
    )
    .await?;
    let url = format!("http://{addr}/api/v1/procedures/{PROCEDURE}/applications");
    let token = info.demo.api_token.clone();
    if !post(&client, &url, &token, "warm-up".into(), &answers(0)).await {
        anyhow::bail!("the bench form's sample answers were refused");
    }
    let path = format!("/api/v1/procedures/{PROCEDURE}/applications");
    let load = throughput(&addr, &path, &token, connections, duration).await;
    let paced = fixed_rate(&url, &token, rate, duration).await;
    drop(server);
    let numbering = {
        let db = Db::open(&dir, db_url.as_deref()).await?;
        let numbering = receipt_gaps(&db).await;
        db.close().await;
        numbering?
    };
    if let Some((admin, name)) = admin {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .execute(admin.pool())
        .await;
    }
    let _ = std::fs::remove_dir_all(&dir);

    let achieved = load.ok as f64 / load.elapsed.as_secs_f64();
    let backend = if database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let target = if database_url.is_some() {
        2_000.0
    } else {
        5_000.0
    };
    println!(
        "bench submit: {backend}, a 20-field form, {seconds} s a phase, this machine ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  raw insert loop (same writes, one transaction each)  {ceiling:>8.0} /s   (the ceiling)"
    );
    println!(
        "  HTTP submissions, {connections} connections              {achieved:>8.0} /s   ({:.0} % of the ceiling; target ≥ {target:.0}/s{})",
        achieved / ceiling * 100.0,
        if database_url.is_none() {
            " and ≥ 50 % of the ceiling"
        } else {
            ""
        }
    );
    println!(
        "    latency p50 {:.1} ms, p99 {:.1} ms; {} failed",
        ms(percentile(&load.latencies, 0.5)),
        ms(percentile(&load.latencies, 0.99)),
        load.failed
    );
    println!(
        "  at a fixed {rate}/s: {} accepted, {} failed; latency p50 {:.1} ms, p99 {:.1} ms (target p99 < 50 ms)",
        paced.ok,
        paced.failed,
        ms(percentile(&paced.latencies, 0.5)),
        ms(percentile(&paced.latencies, 0.99))
    );
    println!(
        "  receipt numbers this fiscal year: {} issued, {}",
        numbering.issued,
        if numbering.missing == 0 {
            "consecutive from 1".to_string()
        } else {
            format!("{} missing", numbering.missing)
        }
    );
    let pass = achieved >= target
        && (database_url.is_some() || achieved >= ceiling * 0.5)
        && ms(percentile(&paced.latencies, 0.99)) < 50.0
        && load.failed == 0
        && paced.failed == 0
        && numbering.missing == 0;
    println!("  result: {}", if pass { "PASS" } else { "FAIL" });
    Ok(())
}
