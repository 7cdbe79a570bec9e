//! Events leave the platform as signed webhooks: each submission and each
//! step of a case reaches the subscriptions that asked for it, signed over
//! the body, in order per application, retried while the receiver fails,
//! dead-lettered after the retry window and delivered again on replay.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/receiver.rs"]
mod receiver;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::TestApp;
use integration::backoff::Retry;
use integration::event::Filter;
use integration::store::{self, NewSubscription};
use receiver::{Received, Receiver};
use serde_json::{Value, json};

async fn app_with(retry: Retry) -> TestApp {
    TestApp::with_demo_settings(Default::default(), |settings| {
        settings.relay.retry = retry;
        settings.relay.poll = Duration::from_millis(20);
    })
    .await
}

fn quick_retry() -> Retry {
    Retry {
        first_ms: 30,
        max_ms: 120,
        give_up_after_ms: 60_000,
    }
}

async fn subscribe(app: &TestApp, url: &str, filter: Filter) -> (String, String) {
    let (subscription, secret) = store::create(
        &app.platform.db,
        &NewSubscription {
            url: url.to_string(),
            filter,
            description: "受付システム".into(),
            created_by: "test".into(),
        },
    )
    .await
    .expect("subscription");
    (subscription.id, secret)
}

/// Submits the demo's sample application by API; its receipt number.
async fn submit(app: &TestApp) -> String {
    let demo = common::demo_file(app);
    let response = app
        .client
        .post(app.url(&format!(
            "/api/v1/procedures/{}/applications",
            demo.sample_application.procedure_id
        )))
        .bearer_auth(&demo.api_token)
        .json(&demo.sample_application.body)
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    body["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string()
}

async fn step(app: &TestApp, receipt: &str, action: &str) {
    let demo = common::demo_file(app);
    let response = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(&demo.api_token)
        // A correction request carries what to correct (required).
        .json(&json!({ "action": action, "comment": "添付書類を確認してください" }))
        .send()
        .await
        .expect("transition");
    assert_eq!(
        response.status(),
        200,
        "{}",
        response.text().await.unwrap_or_default()
    );
}

fn verified(secret: &str, received: &Received) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert_eq!(
        integration::signature::verify(
            secret.as_bytes(),
            &received.signature,
            &received.body,
            now,
            300
        ),
        Ok(()),
        "signature {}",
        received.signature
    );
}

/// The receipt numbers' events, in the order they arrived, per receipt.
fn per_application(received: &[Received]) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in received {
        let body = r.json();
        map.entry(
            body["data"]["receipt_number"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
        .or_default()
        .push(r.event_type.clone());
    }
    map
}

#[tokio::test]
async fn submissions_and_steps_arrive_signed_with_their_section_and_without_answers() {
    let app = app_with(quick_retry()).await;
    let (receiver, url) = Receiver::start().await;
    let (_, secret) = subscribe(&app, &url, Filter::default()).await;
    let receipt = submit(&app).await;
    step(&app, &receipt, "start_review").await;
    let got = receiver.wait_for("two events", |got| got.len() >= 2).await;
    assert_eq!(got.len(), 2);
    let types: Vec<&str> = got.iter().map(|r| r.event_type.as_str()).collect();
    assert_eq!(
        types,
        ["application.submitted", "application.status_changed"]
    );
    for r in &got {
        verified(&secret, r);
        let body = r.json();
        assert_eq!(body["id"], r.event_id.as_str());
        assert_eq!(body["type"], r.event_type.as_str());
        assert!(
            body["occurred_at"]
                .as_str()
                .is_some_and(|t| t.ends_with('Z'))
        );
        assert_eq!(body["data"]["receipt_number"], receipt.as_str());
        let demo = common::demo_file(&app);
        assert_eq!(
            body["data"]["procedure_id"],
            demo.sample_application.procedure_id.as_str()
        );
        assert!(
            body["data"]["section_id"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        assert!(
            body["data"].get("answers").is_none(),
            "answers never go out: {body}"
        );
    }
    assert_eq!(got[1].json()["data"]["to"], "reviewing");
    // The history shows both, delivered, with their status code.
    let subscription = store::list(&app.platform.db).await.unwrap()[0].id.clone();
    let history = store::deliveries(&app.platform.db, &subscription, None, 10)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert!(
        history
            .iter()
            .all(|d| d.state == "delivered" && d.last_status == Some(204))
    );
}

#[tokio::test]
async fn a_failing_receiver_gets_every_event_in_order_per_application() {
    let app = app_with(quick_retry()).await;
    let (receiver, url) = Receiver::start().await;
    let (subscription, secret) = subscribe(&app, &url, Filter::default()).await;
    receiver.failing.store(7, Ordering::SeqCst);
    let mut receipts = Vec::new();
    for _ in 0..4 {
        let receipt = submit(&app).await;
        step(&app, &receipt, "start_review").await;
        step(&app, &receipt, "request_correction").await;
        receipts.push(receipt);
    }
    let got = receiver
        .wait_for("twelve events", |got| got.len() >= 12)
        .await;
    assert!(receiver.refused.load(Ordering::SeqCst) >= 7);
    let order = per_application(&got);
    for receipt in &receipts {
        assert_eq!(
            order[receipt],
            [
                "application.submitted",
                "application.status_changed",
                "application.status_changed"
            ],
            "{receipt}"
        );
    }
    for r in &got {
        verified(&secret, r);
    }
    let attempts = store::attempts(&app.platform.db, &subscription, 100)
        .await
        .unwrap();
    assert!(
        attempts.iter().any(|a| a.status_code == Some(500)),
        "failures are in the history"
    );
    assert!(attempts.iter().any(|a| a.status_code == Some(204)));
}

#[tokio::test]
async fn a_receiver_down_past_the_window_is_dead_lettered_then_replayed() {
    let app = app_with(Retry {
        first_ms: 30,
        max_ms: 100,
        give_up_after_ms: 600,
    })
    .await;
    let (receiver, url) = Receiver::start().await;
    let (subscription, secret) = subscribe(&app, &url, Filter::default()).await;
    receiver.failing.store(-1, Ordering::SeqCst);
    let receipt = submit(&app).await;
    let db = &app.platform.db;
    let started = std::time::Instant::now();
    loop {
        let health = store::health(db, &subscription).await.unwrap();
        if health.dead == 1 {
            assert!(
                health.failing(integration::relay::now_ms()),
                "a dead letter raises the alert"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never dead-lettered: {health:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(receiver.received().is_empty());
    // The receiver is fixed; one click sends everything again.
    receiver.failing.store(0, Ordering::SeqCst);
    let replayed = store::replay(
        db,
        &subscription,
        None,
        "dx-admin",
        integration::relay::now_ms(),
    )
    .await
    .unwrap();
    assert_eq!(replayed, 1);
    let got = receiver
        .wait_for("the replayed event", |got| !got.is_empty())
        .await;
    assert_eq!(got[0].json()["data"]["receipt_number"], receipt.as_str());
    verified(&secret, &got[0]);
    let health = store::health(db, &subscription).await.unwrap();
    assert_eq!((health.dead, health.pending), (0, 0));
}

#[tokio::test]
async fn a_subscription_gets_only_its_sections_and_event_types() {
    let app = app_with(quick_retry()).await;
    let demo = common::demo_file(&app);
    let section =
        catalog::store::procedure(&app.platform.db, &demo.sample_application.procedure_id)
            .await
            .unwrap()
            .unwrap()
            .section_id
            .unwrap();
    let (mine, mine_url) = Receiver::start().await;
    let (other, other_url) = Receiver::start().await;
    let (changes, changes_url) = Receiver::start().await;
    subscribe(
        &app,
        &mine_url,
        Filter {
            sections: vec![section.clone()],
            ..Filter::default()
        },
    )
    .await;
    subscribe(
        &app,
        &other_url,
        Filter {
            sections: vec!["no-such-section".into()],
            ..Filter::default()
        },
    )
    .await;
    subscribe(
        &app,
        &changes_url,
        Filter {
            event_types: vec!["application.status_changed".into()],
            ..Filter::default()
        },
    )
    .await;
    let receipt = submit(&app).await;
    step(&app, &receipt, "start_review").await;
    mine.wait_for("both events", |got| got.len() >= 2).await;
    let got = changes
        .wait_for("the status change", |got| !got.is_empty())
        .await;
    assert!(
        got.iter()
            .all(|r| r.event_type == "application.status_changed")
    );
    // Everything is fanned out by now; the other section's got nothing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(other.received().is_empty());
    assert_eq!(changes.received().len(), 1);
}

#[tokio::test]
async fn events_are_published_to_nats_jetstream_once_each() {
    let Ok(nats_url) = std::env::var("TEST_NATS_URL") else {
        eprintln!("TEST_NATS_URL not set: NATS JetStream not tested here (CI sets it)");
        return;
    };
    let app = TestApp::with_demo_settings(Default::default(), |settings| {
        settings.relay.nats_url = Some(nats_url.clone());
        settings.relay.poll = Duration::from_millis(20);
    })
    .await;
    let client = async_nats::connect(&nats_url)
        .await
        .unwrap_or_else(|e| panic!("TEST_NATS_URL is set but NATS is unreachable: {e}"));
    let jetstream = async_nats::jetstream::new(client);
    let receipt = submit(&app).await;
    step(&app, &receipt, "start_review").await;
    // This run's events, by id: the stream is shared with earlier runs,
    // whose demo cities had the same receipt numbers.
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT event_id FROM outbox WHERE aggregate_id = $1")
            .bind(&receipt)
            .fetch_all(app.platform.db.pool())
            .await
            .unwrap();
    assert_eq!(ids.len(), 2);
    let started = std::time::Instant::now();
    let stream_name = integration::nats::STREAM;
    let mut found: Vec<Value> = Vec::new();
    while found.len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "events not on NATS: {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let Ok(mut stream) = jetstream.get_stream(stream_name).await else {
            continue;
        };
        let last = stream
            .info()
            .await
            .expect("stream info")
            .state
            .last_sequence;
        found.clear();
        let first = last.saturating_sub(200).max(1);
        for sequence in first..=last {
            if let Ok(message) = stream.get_raw_message(sequence).await {
                let body: Value = serde_json::from_slice(&message.payload).unwrap_or(Value::Null);
                if ids.iter().any(|id| body["id"] == id.as_str()) {
                    assert_eq!(
                        message.subject.as_str(),
                        format!("madoguchi.{}", body["type"].as_str().unwrap())
                    );
                    found.push(body);
                }
            }
        }
    }
    let types: Vec<&str> = found.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["application.submitted", "application.status_changed"]
    );
    // Published again with the same id (a lost acknowledgement), it is
    // dropped by the server.
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", found[0]["id"].as_str().unwrap());
    let ack = jetstream
        .publish_with_headers(
            "madoguchi.application.submitted",
            headers,
            found[0].to_string().into(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(ack.duplicate, "the server deduplicates by event id");
}

fn staff<'a>(demo: &'a demo::DemoFile, role: &str) -> &'a demo::DemoLogin {
    demo.staff_logins
        .iter()
        .find(|l| l.role == role)
        .unwrap_or_else(|| panic!("a demo {role}"))
}

#[tokio::test]
async fn the_dx_office_adds_a_receiver_sees_it_fail_and_replays_in_the_back_office() {
    let app = app_with(Retry {
        first_ms: 30,
        max_ms: 100,
        give_up_after_ms: 500,
    })
    .await;
    let demo = common::demo_file(&app);
    let dx = staff(&demo, "dx_admin");
    let cookie = common::login(&app, "/staff/login", &dx.email, &dx.password)
        .await
        .expect("dx login");
    let (receiver, url) = Receiver::start().await;
    receiver.failing.store(-1, Ordering::SeqCst);
    // A bad URL and an unknown event are named, and nothing is made.
    let (status, page, _) = common::post_with(
        &app,
        "/staff/webhooks",
        &cookie,
        &[
            ("csrf_token".into(), common::CSRF.into()),
            ("url".into(), "ftp://example.jp/".into()),
            ("event".into(), "application.nope".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("http:// または https://") && page.contains("application.nope"));
    assert!(store::list(&app.platform.db).await.unwrap().is_empty());
    let (status, page, _) = common::post_with(
        &app,
        "/staff/webhooks",
        &cookie,
        &[
            ("csrf_token".into(), common::CSRF.into()),
            ("url".into(), url.clone()),
            ("description".into(), "児童手当システム".into()),
            ("event".into(), "application.submitted".into()),
            ("event".into(), "application.withdrawn".into()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let secret = common::element_text(&page, "secret");
    assert!(
        secret.starts_with("whsec_"),
        "the secret is shown once: {secret}"
    );
    let subscription = store::list(&app.platform.db).await.unwrap().remove(0);
    assert_eq!(
        subscription.event_types,
        ["application.submitted", "application.withdrawn"]
    );
    assert!(
        subscription.created_by.starts_with("staff:"),
        "{}",
        subscription.created_by
    );
    // Listed again later, the secret is not shown.
    let (_, page, _) = common::get_with(&app, "/staff/webhooks", &cookie).await;
    assert!(!page.contains(&secret));

    submit(&app).await;
    let started = std::time::Instant::now();
    while store::health(&app.platform.db, &subscription.id)
        .await
        .unwrap()
        .dead
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never dead-lettered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, page, _) = common::get_with(&app, "/staff/webhooks", &cookie).await;
    assert!(page.contains("id=\"failing\""), "the list raises the alert");
    let path = format!("/staff/webhooks/{}", subscription.id);
    let (status, page, _) = common::get_with(&app, &path, &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("HTTP 500"), "the dead letter shows why");
    assert!(page.contains(">500<"), "the attempts show their status");
    receiver.failing.store(0, Ordering::SeqCst);
    let (status, _, location) = common::post_with(
        &app,
        &format!("{path}/replay"),
        &cookie,
        &[("csrf_token".into(), common::CSRF.into())],
    )
    .await;
    assert_eq!((status, location.as_deref()), (303, Some(path.as_str())));
    let got = receiver
        .wait_for("the replayed event", |got| !got.is_empty())
        .await;
    verified(&secret, &got[0]);

    // A clerk may not see or change subscriptions.
    let clerk = staff(&demo, "clerk");
    let clerk_cookie = common::login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("clerk login");
    let (status, _, _) = common::get_with(&app, "/staff/webhooks", &clerk_cookie).await;
    assert_eq!(status, 403);
    let (status, _, _) = common::post_with(
        &app,
        &format!("{path}/disable"),
        &clerk_cookie,
        &[("csrf_token".into(), common::CSRF.into())],
    )
    .await;
    assert_eq!(status, 403);
    // The DX office stops it; nothing more is sent.
    let (status, _, _) = common::post_with(
        &app,
        &format!("{path}/disable"),
        &cookie,
        &[("csrf_token".into(), common::CSRF.into())],
    )
    .await;
    assert_eq!(status, 303);
    assert!(store::active(&app.platform.db).await.unwrap().is_empty());
}

#[test]
fn the_command_line_adds_a_subscription_and_prints_its_secret() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env_remove("DATABASE_URL")
            .env("MADOGUCHI_LOG", "warn")
            .output()
            .expect("runs")
    };
    let refused = run(&[
        "webhooks",
        "add",
        "--url",
        "https://kikan.example.jp/hook",
        "--event",
        "application.nope",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("application.nope"));
    let added = run(&[
        "webhooks",
        "add",
        "--url",
        "https://kikan.example.jp/hook",
        "--event",
        "application.submitted",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let shown: Value = serde_json::from_slice(&added.stdout).expect("JSON");
    assert!(shown["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(shown["event_types"], json!(["application.submitted"]));
    let listed = run(&["webhooks", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains(shown["id"].as_str().unwrap()));
    assert!(
        !text.contains(shown["secret"].as_str().unwrap()),
        "never listed again"
    );
}

#[tokio::test]
async fn a_business_system_manages_its_own_sections_subscriptions_by_api() {
    let app = app_with(Retry {
        first_ms: 30,
        max_ms: 100,
        give_up_after_ms: 400,
    })
    .await;
    let db = &app.platform.db;
    let demo = common::demo_file(&app);
    let mine = catalog::store::procedure(db, &demo.sample_application.procedure_id)
        .await
        .unwrap()
        .unwrap()
        .section_id
        .unwrap();
    let organisation = catalog::store::organisation(db).await.unwrap();
    let other = organisation
        .sections
        .iter()
        .find(|s| s.id != mine)
        .unwrap()
        .id
        .clone();
    let manager = common::issue_token(
        db,
        "受付システム",
        &["webhooks:manage"],
        Some(&[mine.as_str()]),
    )
    .await;
    let reader =
        common::issue_token(db, "閲覧", &["applications:read"], Some(&[mine.as_str()])).await;
    let (receiver, url) = Receiver::start().await;
    let post = |token: &str, path: &str, body: Value| {
        app.client
            .post(app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    // Without the scope: 403.
    let response = post(&reader, "/api/v1/webhooks", json!({"url": url}))
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Another section's events: 403, nothing made.
    let response = post(
        &manager,
        "/api/v1/webhooks",
        json!({"url": url, "sections": [other]}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 403);
    assert!(store::list(db).await.unwrap().is_empty());
    // A bad URL: 422 naming the field.
    let response = post(
        &manager,
        "/api/v1/webhooks",
        json!({"url": "file:///etc/passwd"}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "url");
    // Its own: made, limited to its section, the secret shown once.
    let response = post(
        &manager,
        "/api/v1/webhooks",
        json!({"url": url, "events": ["application.submitted"]}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["sections"], json!([mine]));
    let id = created["id"].as_str().unwrap().to_string();
    let secret = created["secret"].as_str().unwrap().to_string();
    let listed: Value = app
        .client
        .get(app.url("/api/v1/webhooks"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(listed[0].get("secret").is_none());
    // Fails, is dead-lettered, and is replayed by API.
    receiver.failing.store(-1, Ordering::SeqCst);
    submit(&app).await;
    let started = std::time::Instant::now();
    loop {
        let dead: Value = app
            .client
            .get(app.url(&format!("/api/v1/webhooks/{id}/deliveries?state=dead")))
            .bearer_auth(&manager)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if dead.as_array().is_some_and(|d| !d.is_empty()) {
            assert_eq!(dead[0]["last_status"], 500);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    receiver.failing.store(0, Ordering::SeqCst);
    let response = post(
        &manager,
        &format!("/api/v1/webhooks/{id}/replay"),
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["replayed"], 1);
    let got = receiver
        .wait_for("the replayed event", |got| !got.is_empty())
        .await;
    verified(&secret, &got[0]);
    // Stopped by API.
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/webhooks/{id}")))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(store::active(db).await.unwrap().is_empty());
}

#[tokio::test]
async fn old_history_is_pruned_but_dead_letters_and_the_events_they_need_stay() {
    let app = app_with(Retry {
        first_ms: 30,
        max_ms: 100,
        give_up_after_ms: 300,
    })
    .await;
    let db = &app.platform.db;
    let (ok, ok_url) = Receiver::start().await;
    let (down, down_url) = Receiver::start().await;
    down.failing.store(-1, Ordering::SeqCst);
    let (healthy, _) = subscribe(&app, &ok_url, Filter::default()).await;
    let (failing, _) = subscribe(&app, &down_url, Filter::default()).await;
    submit(&app).await;
    ok.wait_for("the event", |got| !got.is_empty()).await;
    let started = std::time::Instant::now();
    while store::health(db, &failing).await.unwrap().dead == 0
        || store::health(db, &healthy).await.unwrap().delivered == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never dead-lettered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Nothing is old yet.
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(
        store::prune(db, now - store::KEPT).await.unwrap(),
        Default::default()
    );
    // A month on: the delivered one and every attempt go; the dead letter
    // and its event stay, and can still be replayed.
    let pruned = store::prune(db, now + time::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(pruned.deliveries, 1);
    assert!(pruned.attempts >= 2, "{pruned:?}");
    assert_eq!(pruned.events, 0, "the dead letter still needs its event");
    assert_eq!(store::health(db, &healthy).await.unwrap().delivered, 0);
    down.failing.store(0, Ordering::SeqCst);
    store::replay(db, &failing, None, "dx", integration::relay::now_ms())
        .await
        .unwrap();
    down.wait_for("the replayed event", |got| !got.is_empty())
        .await;
    // The receiver has the event before the relay records its answer.
    let started = std::time::Instant::now();
    while store::health(db, &failing).await.unwrap().delivered == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the replay was never recorded as delivered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pruned = store::prune(db, now + time::Duration::days(1))
        .await
        .unwrap();
    assert_eq!((pruned.deliveries, pruned.events), (1, 1), "{pruned:?}");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn two_nodes_relay_together_and_keep_each_applications_order() {
    let app = app_with(quick_retry()).await;
    // A second node on the same database, relaying too.
    let mut settings = madoguchi::app::Settings::in_dir(app.dir.path());
    settings.relay.retry = quick_retry();
    settings.relay.poll = Duration::from_millis(20);
    let _second = madoguchi::app::Platform::open(app.platform.db.clone(), &settings)
        .await
        .expect("a second node");
    let (receiver, url) = Receiver::start().await;
    let (_, secret) = subscribe(&app, &url, Filter::default()).await;
    // Some failures, so retries and leases interleave between the nodes.
    receiver.failing.store(10, Ordering::SeqCst);
    let mut receipts = Vec::new();
    for _ in 0..15 {
        let receipt = submit(&app).await;
        step(&app, &receipt, "start_review").await;
        step(&app, &receipt, "request_correction").await;
        receipts.push(receipt);
    }
    let got = receiver
        .wait_for("45 events", |got| {
            got.iter()
                .map(|r| r.event_id.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                >= 45
        })
        .await;
    let mut seen = std::collections::BTreeSet::new();
    let deduplicated: Vec<Received> = got
        .into_iter()
        .filter(|r| seen.insert(r.event_id.clone()))
        .collect();
    let order = per_application(&deduplicated);
    for receipt in &receipts {
        assert_eq!(
            order[receipt],
            [
                "application.submitted",
                "application.status_changed",
                "application.status_changed"
            ],
            "{receipt}"
        );
    }
    for r in &deduplicated {
        verified(&secret, r);
    }
}

#[tokio::test]
async fn events_queue_for_nats_while_it_cannot_be_reached() {
    let app = TestApp::with_demo_settings(Default::default(), |settings| {
        settings.relay.nats_url = Some("nats://127.0.0.1:9".into());
        settings.relay.poll = Duration::from_millis(20);
    })
    .await;
    let receipt = submit(&app).await;
    let started = std::time::Instant::now();
    loop {
        let queued = store::deliveries(&app.platform.db, store::NATS, Some("pending"), 10)
            .await
            .unwrap();
        if queued.iter().any(|d| d.receipt_number == receipt) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the event is not queued for NATS: {:?} {:?}",
            store::list(&app.platform.db).await.unwrap(),
            store::deliveries(&app.platform.db, store::NATS, None, 10)
                .await
                .unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
