//! Receipt numbers run 1, 2, 3 … within a fiscal year with none missing,
//! even when submissions race on one idempotency key (a batch that fails
//! is written again one by one) — auditors ask about every missing number.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::TestApp;
use serde_json::Value;
use sqlx::Row;

/// The numbers of this fiscal year's receipts, sorted.
async fn this_years_numbers(app: &TestApp) -> Vec<u64> {
    let year = kernel::wareki::fiscal_year_of(kernel::clock::today_in_japan());
    let prefix = format!("{}-", kernel::wareki::fiscal_year_short(year));
    let rows = sqlx::query("SELECT receipt_number FROM applications WHERE fiscal_year = $1")
        .bind(i64::from(year))
        .fetch_all(app.platform.db.pool())
        .await
        .expect("receipts");
    let mut numbers: Vec<u64> = rows
        .iter()
        .map(|row| {
            let receipt: String = row.get(0);
            receipt
                .strip_prefix(&prefix)
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{receipt} is not a receipt of this year"))
        })
        .collect();
    numbers.sort_unstable();
    numbers
}

#[tokio::test]
async fn receipts_of_a_fiscal_year_run_from_one_without_gaps_when_batches_fail() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    // Last year used many numbers: this year's still start at 1.
    let year = kernel::wareki::fiscal_year_of(kernel::clock::today_in_japan());
    sqlx::query(
        "INSERT INTO application_numbers (fiscal_year, last_value) VALUES ($1, CAST(5000 AS BIGINT)) \
         ON CONFLICT (fiscal_year) DO UPDATE SET last_value = CAST(5000 AS BIGINT)",
    )
    .bind(i64::from(year - 1))
    .execute(app.platform.db.pool())
    .await
    .expect("last year's counter");

    let url = app.url(&format!(
        "/api/v1/procedures/{}/applications",
        demo.sample_application.procedure_id
    ));
    let mut workers = Vec::new();
    for worker in 0..8 {
        let (client, url, token, body) = (
            app.client.clone(),
            url.clone(),
            demo.api_token.clone(),
            demo.sample_application.body.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for n in 0..12 {
                // Every third round, all workers race on one new key: they
                // land in one batch, whose insert fails on the key.
                let key = if n % 3 == 0 {
                    format!("race-{n}")
                } else {
                    format!("own-{worker}-{n}")
                };
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .header("Idempotency-Key", key)
                    .json(&body)
                    .send()
                    .await
                    .expect("request");
                statuses.push(response.status().as_u16());
                let _: Value = response.json().await.unwrap_or(Value::Null);
            }
            statuses
        }));
    }
    let mut statuses = Vec::new();
    for worker in workers {
        statuses.extend(worker.await.expect("worker"));
    }
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 201 | 409)),
        "{statuses:?}"
    );
    let numbers = this_years_numbers(&app).await;
    assert!(numbers.len() >= 8 * 8, "only {} receipts", numbers.len());
    let expected: Vec<u64> = (1..=numbers.len() as u64).collect();
    assert_eq!(numbers, expected, "receipt numbers skip or repeat");
}

/// A retried submission (its idempotency key already used) that reaches the
/// writer alone fails its insert; the number it took must go back.
#[tokio::test]
async fn a_repeated_key_alone_in_its_batch_takes_no_number() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let url = app.url(&format!(
        "/api/v1/procedures/{}/applications",
        demo.sample_application.procedure_id
    ));
    let submit = |key: &'static str| {
        app.client
            .post(&url)
            .bearer_auth(&demo.api_token)
            .header("Idempotency-Key", key)
            .json(&demo.sample_application.body)
            .send()
    };
    let before = this_years_numbers(&app).await.len();
    assert_eq!(submit("first").await.expect("first").status().as_u16(), 201);
    for _ in 0..3 {
        // One at a time, so each is a batch of its own.
        let again = submit("first").await.expect("again").status().as_u16();
        assert!(matches!(again, 200 | 409), "{again}");
    }
    assert_eq!(
        submit("second").await.expect("second").status().as_u16(),
        201
    );
    let numbers = this_years_numbers(&app).await;
    assert_eq!(numbers.len(), before + 2);
    let expected: Vec<u64> = (1..=numbers.len() as u64).collect();
    assert_eq!(numbers, expected, "a retried key left a gap");
}
