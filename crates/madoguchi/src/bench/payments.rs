//! `madoguchi bench payments`: provider notifications applied per second.
//!
//! The demo city, and large-waste applications whose fee a resident is
//! paying (an attempt open at the provider for each). The ceiling, measured
//! in the same run: the same notifications signed, verified and applied in
//! process, with no HTTP. Then the other half posted to the platform's
//! callback address over HTTP, as a provider does after a rush; then the
//! same notifications again (a provider retrying), which must change
//! nothing; then the day's reconciliation report over all of them. A
//! notification that is refused or not applied fails the benchmark.

use std::time::Instant;

use futures_util::StreamExt;
use serde_json::json;
use sqlx::Row;

use crate::app::{Platform, Settings};

const PROCEDURE: &str = "sodaigomi";
const SECRET: &str = "bench-signing-secret-0123456789abcdef";
const AT_ONCE: usize = 32;

async fn open_fees(platform: &Platform, count: usize) -> anyhow::Result<Vec<(String, String)>> {
    let target = platform.applications.form_of(PROCEDURE).await?;
    let target = Option::as_ref(&target).ok_or_else(|| anyhow::anyhow!("no form"))?;
    let submitter = applications::model::Submitter::Api {
        token_id: "bench".into(),
        name: "bench".into(),
    };
    let answers = json!({
        "applicant_name": {"family_name": "名古屋", "given_name": "太郎", "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"},
        "postal_code": "4608508", "address": "名古屋市中区三の丸三丁目1番1号", "phone": "052-961-1111",
        "email": "bench@example.jp", "items": [{"item": "sofa", "count": 1}], "preferred_date": "2099-01-05",
    });
    let receipts: Vec<anyhow::Result<String>> = futures_util::stream::iter((0..count).map(|_| {
        let submitter = submitter.clone();
        let answers = &answers;
        async move {
            match applications::submit::submit(
                &platform.db,
                platform.applications.writer(),
                applications::submit::Submission {
                    form: &target.form,
                    section_id: target.section_id.as_deref(),
                    standard_days: target.standard_days,
                    submitter: &submitter,
                    idempotency_key: None,
                    answers,
                    lang: kernel::i18n::Lang::Ja,
                    channel: applications::model::Channel::Online,
                    entered_by: None,
                },
            )
            .await
            {
                Ok(applications::submit::Submitted::Created(r)) => Ok(r.receipt_number),
                other => Err(anyhow::anyhow!("an application was refused: {other:?}")),
            }
        }
    }))
    .buffer_unordered(64)
    .collect()
    .await;
    let mut open = Vec::new();
    for receipt in receipts {
        let receipt = receipt?;
        let payment = payments::extras::first_fee(&platform.db, &receipt, &serde_json::Value::Null)
            .await?
            .ok_or_else(|| anyhow::anyhow!("{receipt} owes no fee"))?;
        // The resident is at the provider's page: an attempt is open.
        let order = format!("bench{}", open.len());
        let reference = format!("ref-{}", open.len());
        sqlx::query(
            "INSERT INTO payment_attempts (id, payment_id, provider, method, provider_ref, state, amount_yen, started_at, expires_at) \
             VALUES ($1, $2, 'sandbox', 'card', $3, 'started', $4, $5, $6)",
        )
        .bind(&order)
        .bind(&payment.id)
        .bind(&reference)
        .bind(payment.amount_yen)
        .bind(kernel::clock::now_text())
        .bind(kernel::clock::to_text(
            time::OffsetDateTime::now_utc() + time::Duration::HOUR,
        ))
        .execute(platform.db.pool())
        .await?;
        sqlx::query("UPDATE payments SET state = 'pending' WHERE id = $1")
            .bind(&payment.id)
            .execute(platform.db.pool())
            .await?;
        open.push((order, reference));
    }
    Ok(open)
}

fn notification(order: &str, reference: &str, event: &str) -> String {
    json!({
        "event_id": event,
        "status": {"provider_ref": reference, "order_id": order, "state": "paid",
                   "amount_yen": 1000, "refunded_yen": 0,
                   "paid_at": kernel::clock::now_text()}
    })
    .to_string()
}

fn signed(body: &str) -> Vec<(String, String)> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    vec![
        (
            payments::hosted::TIMESTAMP_HEADER.to_string(),
            now.to_string(),
        ),
        (
            payments::hosted::SIGNATURE_HEADER.to_string(),
            payments::hosted::sign(SECRET, now, body.as_bytes()),
        ),
    ]
}

pub async fn run(count: usize) -> anyhow::Result<()> {
    let root =
        std::env::temp_dir().join(format!("madoguchi-bench-payments-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;
    let result = measure(&root, count).await;
    let _ = std::fs::remove_dir_all(&root);
    result
}

async fn measure(dir: &std::path::Path, count: usize) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut settings = Settings::in_dir(dir);
    settings.relay.enabled = false;
    settings.public_url = format!("http://{addr}");
    settings.payments.providers = vec![payments::setup::ProviderSetting {
        id: "sandbox".into(),
        // Never asked: the benchmark only brings its notifications.
        url: "http://127.0.0.1:9".into(),
        api_key: "bench-api-key-0123456789".into(),
        signing_secret: SECRET.into(),
        methods: payments::provider::Method::ONLINE.to_vec(),
    }];
    settings.payments.reconcile_every = std::time::Duration::from_secs(24 * 3600);
    let db = kernel::Db::open(dir, None).await?;
    let platform = Platform::open(db, &settings).await?;
    demo::prepare(&platform.db, dir, "127.0.0.1:0").await?;
    let started = Instant::now();
    let open = open_fees(&platform, 2 * count).await?;
    println!(
        "setting: {} large-waste applications with their fee open at the provider, in {:.1} s",
        open.len(),
        started.elapsed().as_secs_f64()
    );
    let (in_process, over_http) = open.split_at(count);
    let provider = platform
        .payments
        .providers
        .by_id("sandbox")
        .ok_or_else(|| anyhow::anyhow!("no provider"))?
        .clone();

    // Ceiling: signed, verified and applied, no HTTP.
    let started = Instant::now();
    let applied: Vec<anyhow::Result<payments::ledger::Settled>> = futures_util::stream::iter(
        in_process
            .iter()
            .enumerate()
            .map(|(n, (order, reference))| {
                let provider = provider.clone();
                let db = platform.db.clone();
                async move {
                    let body = notification(order, reference, &format!("ceiling-{n}"));
                    let headers = signed(&body);
                    let verified = provider
                        .verify_callback(&headers, body.as_bytes(), time::OffsetDateTime::now_utc())
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    payments::ledger::notified(&db, "sandbox", &verified).await
                }
            }),
    )
    .buffer_unordered(AT_ONCE)
    .collect()
    .await;
    let ceiling = count as f64 / started.elapsed().as_secs_f64();
    let mut failures = Vec::new();
    let not_paid = applied
        .iter()
        .filter(|r| !matches!(r, Ok(payments::ledger::Settled::Paid)))
        .count();
    if not_paid > 0 {
        failures.push(format!("{not_paid} notifications in process not applied"));
    }
    println!(
        "ceiling: notifications verified and applied in process, {AT_ONCE} at once: {ceiling:.0}/s"
    );

    let router = platform.router();
    tokio::spawn(async move {
        let _ = crate::app::serve_on(
            listener,
            router,
            crate::app::ServerLimits::default(),
            std::future::pending(),
        )
        .await;
    });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(AT_ONCE)
        .build()?;
    let url = format!("http://{addr}/api/v1/payments/callbacks/sandbox");
    let post = |body: String| {
        let client = client.clone();
        let url = url.clone();
        async move {
            let mut request = client.post(&url).header("content-type", "application/json");
            for (name, value) in signed(&body) {
                request = request.header(name, value);
            }
            let response = request.body(body).send().await?;
            let status = response.status().as_u16();
            let answer: serde_json::Value = response.json().await.unwrap_or_default();
            anyhow::ensure!(status == 200, "callback answered {status}: {answer}");
            Ok::<bool, anyhow::Error>(answer.get("applied") == Some(&serde_json::Value::Bool(true)))
        }
    };
    let bodies: Vec<String> = over_http
        .iter()
        .enumerate()
        .map(|(n, (order, reference))| notification(order, reference, &format!("http-{n}")))
        .collect();
    let started = Instant::now();
    let answers: Vec<anyhow::Result<bool>> =
        futures_util::stream::iter(bodies.iter().cloned().map(post))
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
    let http = count as f64 / started.elapsed().as_secs_f64();
    let share = http / ceiling * 100.0;
    let refused = answers.iter().filter(|a| a.is_err()).count();
    let unapplied = answers.iter().filter(|a| matches!(a, Ok(false))).count();
    if refused + unapplied > 0 {
        failures.push(format!(
            "over HTTP: {refused} refused, {unapplied} not applied; first: {:?}",
            answers.iter().find(|a| !matches!(a, Ok(true)))
        ));
    }
    println!(
        "over HTTP, {AT_ONCE} at once: {http:.0} notifications/s ({share:.0} % of the ceiling; target ≥ 50 %)"
    );

    // The provider retries: the same notifications change nothing.
    let started = Instant::now();
    let again: Vec<anyhow::Result<bool>> =
        futures_util::stream::iter(bodies.iter().cloned().map(post))
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
    let repeat = count as f64 / started.elapsed().as_secs_f64();
    if again.iter().any(|a| !matches!(a, Ok(false))) {
        failures.push("a repeated notification was applied again or refused".into());
    }
    println!(
        "the same notifications again (a retrying provider): {repeat:.0}/s, none applied twice"
    );

    let paid: i64 = sqlx::query("SELECT COUNT(*) FROM payments WHERE state = 'paid'")
        .fetch_one(platform.db.pool())
        .await?
        .try_get(0)?;
    let events: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE event_type = 'payment.completed'")
            .fetch_one(platform.db.pool())
            .await?
            .try_get(0)?;
    if paid != 2 * count as i64 || events != paid {
        failures.push(format!(
            "{paid} payments paid and {events} payment.completed events for {} notifications",
            2 * count
        ));
    }

    let started = Instant::now();
    let today = kernel::clock::today_in_japan();
    let rows = payments::reconcile::report_rows(&platform.db, today, None).await?;
    let csv = payments::report::csv(today, &rows, payments::report::Encoding::ShiftJis)?;
    let xlsx = payments::report::xlsx(today, &rows)?;
    let total: i64 = rows.iter().map(|r| r.amount_yen).sum();
    println!(
        "daily report of {} payments ({} yen): read, CSV (Shift_JIS, {} KB) and xlsx ({} KB) in {:.0} ms",
        rows.len(),
        total,
        csv.len() / 1024,
        xlsx.len() / 1024,
        started.elapsed().as_secs_f64() * 1000.0
    );
    if total != 1000 * 2 * count as i64 {
        failures.push(format!(
            "the report's total {total} is not {}",
            1000 * 2 * count
        ));
    }
    if share < 50.0 {
        failures.push(format!(
            "notifications over HTTP are {share:.0} % of the ceiling (under 50 %)"
        ));
    }
    if failures.is_empty() {
        println!("payments: ok");
        Ok(())
    } else {
        anyhow::bail!("payments: {}", failures.join("; "))
    }
}
