//! API tokens scoped by section and action: what a token of one section
//! sees of another's cases, expiry, revocation, missing scopes (logged),
//! the rate limit, internal comments and the record of last use.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::sync::{Arc, Mutex, OnceLock};

use common::{TestApp, demo_file, issue_token};
use serde_json::Value;

/// Everything the server logs in this test binary, for the tests that check
/// a refusal was logged. Installed before any server starts.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn,sqlx=error")
            .with_ansi(false)
            .with_writer(move || Capture(writer.clone()))
            .try_init();
        buffer
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn logged() -> String {
    String::from_utf8_lossy(&logs().lock().unwrap_or_else(|p| p.into_inner())).into_owned()
}

async fn demo_app() -> TestApp {
    logs();
    TestApp::with_demo().await
}

/// A section other than `section`.
async fn other_section(app: &TestApp, section: &str) -> String {
    let org = catalog::store::organisation(&app.platform.db)
        .await
        .expect("organisation");
    org.sections
        .iter()
        .find(|s| s.id != section)
        .expect("two sections")
        .id
        .clone()
}

/// Submits the demo's sample application with `token`: (status, body).
async fn submit(app: &TestApp, token: &str) -> (u16, Value) {
    let demo = demo_file(app);
    let response = app
        .client
        .post(app.url(&format!(
            "/api/v1/procedures/{}/applications",
            demo.sample_application.procedure_id
        )))
        .bearer_auth(token)
        .json(&demo.sample_application.body)
        .send()
        .await
        .expect("submit");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str, token: &str) -> (u16, Value, reqwest::header::HeaderMap) {
    let response = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        response.json().await.unwrap_or(Value::Null),
        headers,
    )
}

/// A submitted sample application: its receipt and section.
async fn sample_case(app: &TestApp) -> (String, String) {
    let (status, body) = submit(app, &demo_file(app).api_token).await;
    assert_eq!(status, 201, "{body}");
    let receipt = body["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    let application = applications::store::by_receipt(&app.platform.db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    (receipt, application.section_id.expect("a section"))
}

#[tokio::test]
async fn a_token_of_one_section_sees_nothing_of_another_and_cannot_submit_there() {
    let app = demo_app().await;
    let (receipt, section) = sample_case(&app).await;
    let elsewhere = other_section(&app, &section).await;
    let scopes = [
        "applications:read",
        "applications:write",
        "transitions:write",
        "decisions:write",
    ];
    let ours = issue_token(&app.platform.db, "ours", &scopes, Some(&[section.as_str()])).await;
    let theirs = issue_token(
        &app.platform.db,
        "theirs",
        &scopes,
        Some(&[elsewhere.as_str()]),
    )
    .await;

    let (status, body, _) = get(&app, &format!("/api/v1/applications/{receipt}"), &ours).await;
    assert_eq!(status, 200, "{body}");

    // Another section's case is answered exactly as a missing one.
    let (status, body, _) = get(&app, &format!("/api/v1/applications/{receipt}"), &theirs).await;
    let (missing_status, missing, _) =
        get(&app, "/api/v1/applications/R0000-000000", &theirs).await;
    assert_eq!((status, missing_status), (404, 404), "{body}");
    assert_eq!(body["error"]["code"], missing["error"]["code"]);
    let (status, _, _) = get(
        &app,
        &format!("/api/v1/applications/{receipt}/audit"),
        &theirs,
    )
    .await;
    assert_eq!(status, 404);
    let moved = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(&theirs)
        .json(&serde_json::json!({"action": "start_review"}))
        .send()
        .await
        .expect("transition");
    assert_eq!(moved.status().as_u16(), 404);
    let unchanged = applications::store::by_receipt(&app.platform.db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(unchanged.status, workflow::Status::Received);

    // Submitting to a procedure of another section is refused.
    let (status, body) = submit(&app, &theirs).await;
    assert_eq!(status, 403, "{body}");
    assert!(logged().contains("outside the token's sections"));

    // A token with no section at all covers nothing.
    let nowhere = kernel::tokens::issue(
        &app.platform.db,
        &kernel::tokens::NewToken {
            name: "nowhere".into(),
            actions: vec![kernel::tokens::Action::ApplicationsRead],
            ..Default::default()
        },
    )
    .await
    .expect("token")
    .secret;
    let (status, _, _) = get(&app, &format!("/api/v1/applications/{receipt}"), &nowhere).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_bureau_token_covers_its_sections() {
    let app = demo_app().await;
    let (receipt, section) = sample_case(&app).await;
    let org = catalog::store::organisation(&app.platform.db)
        .await
        .expect("organisation");
    let bureau = org.section(&section).expect("section").bureau_id.clone();
    let token = kernel::tokens::issue(
        &app.platform.db,
        &kernel::tokens::NewToken {
            name: "bureau".into(),
            actions: vec![kernel::tokens::Action::ApplicationsRead],
            bureaus: vec![bureau],
            ..Default::default()
        },
    )
    .await
    .expect("token")
    .secret;
    let (status, body, _) = get(&app, &format!("/api/v1/applications/{receipt}"), &token).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn expired_and_revoked_tokens_are_refused_with_401() {
    let app = demo_app().await;
    let (receipt, _) = sample_case(&app).await;
    let path = format!("/api/v1/applications/{receipt}");
    let expired = kernel::tokens::issue(
        &app.platform.db,
        &kernel::tokens::NewToken {
            name: "expired".into(),
            actions: vec![kernel::tokens::Action::ApplicationsRead],
            all_sections: true,
            expires_at: Some(time::OffsetDateTime::now_utc() - time::Duration::days(1)),
            ..Default::default()
        },
    )
    .await
    .expect("token");
    let (status, body, _) = get(&app, &path, &expired.secret).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "unauthorized");

    let token = issue_token(
        &app.platform.db,
        "soon revoked",
        &["applications:read"],
        None,
    )
    .await;
    let (status, _, _) = get(&app, &path, &token).await;
    assert_eq!(status, 200);
    let id = kernel::tokens::list(&app.platform.db)
        .await
        .expect("list")
        .into_iter()
        .find(|t| t.name == "soon revoked")
        .expect("listed")
        .id;
    assert!(
        kernel::tokens::revoke(&app.platform.db, &id)
            .await
            .expect("revoke")
    );
    // Known tokens are cached for kernel::tokens::CACHE_TTL.
    tokio::time::sleep(kernel::tokens::CACHE_TTL + std::time::Duration::from_millis(200)).await;
    let (status, _, _) = get(&app, &path, &token).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_missing_scope_is_a_logged_403() {
    let app = demo_app().await;
    let (receipt, _) = sample_case(&app).await;
    let reader = issue_token(
        &app.platform.db,
        "reader only",
        &["applications:read"],
        None,
    )
    .await;
    let moved = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(&reader)
        .json(&serde_json::json!({"action": "start_review"}))
        .send()
        .await
        .expect("transition");
    assert_eq!(moved.status().as_u16(), 403);
    let body: Value = moved.json().await.expect("json");
    assert_eq!(body["error"]["code"], "forbidden");
    let id = kernel::tokens::list(&app.platform.db)
        .await
        .expect("list")
        .into_iter()
        .find(|t| t.name == "reader only")
        .expect("listed")
        .id;
    let logs = logged();
    assert!(
        logs.lines().any(|l| l.contains("token lacks the scope")
            && l.contains(&id)
            && l.contains("transitions:write")
            && l.contains("127.0.0.1")),
        "{logs}"
    );

    // A decision needs decisions:write besides transitions:write.
    let mover = issue_token(&app.platform.db, "mover", &["transitions:write"], None).await;
    let decided = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(&mover)
        .json(&serde_json::json!({"action": "approve"}))
        .send()
        .await
        .expect("transition");
    assert_eq!(decided.status().as_u16(), 403);
}

#[tokio::test]
async fn a_token_past_its_burst_gets_429_with_retry_after() {
    logs();
    let app = TestApp::with_demo_settings(Default::default(), |settings| {
        settings.api_rate = kernel::tokens::RateLimit {
            per_second: 0.5,
            burst: 3.0,
        };
    })
    .await;
    let token = issue_token(&app.platform.db, "eager", &["applications:read"], None).await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let (status, body, headers) = get(&app, "/api/v1/applications/R0000-000000", &token).await;
        statuses.push(status);
        last = Some((body, headers));
    }
    assert_eq!(statuses, vec![404, 404, 404, 429, 429]);
    let (body, headers) = last.expect("answers");
    assert_eq!(body["error"]["code"], "rate_limited");
    let wait: u64 = headers["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&wait), "{wait}");
    // Another token has its own bucket.
    let other = issue_token(&app.platform.db, "calm", &["applications:read"], None).await;
    let (status, _, _) = get(&app, "/api/v1/applications/R0000-000000", &other).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn internal_comments_need_comments_read_and_last_use_is_recorded() {
    let app = demo_app().await;
    let (receipt, _) = sample_case(&app).await;
    let application = applications::store::by_receipt(&app.platform.db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    let secret_note = "申請者の勤務先に確認済み（内部メモ）";
    applications::casework::add_comment(
        &app.platform.db,
        &application,
        "staff-1",
        "窓口 太郎",
        secret_note,
    )
    .await
    .expect("comment");
    let plain = issue_token(&app.platform.db, "plain", &["applications:read"], None).await;
    let trusted = issue_token(
        &app.platform.db,
        "trusted",
        &["applications:read", "comments:read"],
        None,
    )
    .await;
    for path in [
        format!("/api/v1/applications/{receipt}"),
        format!("/api/v1/applications/{receipt}/audit"),
    ] {
        let (status, body, _) = get(&app, &path, &plain).await;
        assert_eq!(status, 200, "{body}");
        assert!(!body.to_string().contains(secret_note), "{path}: {body}");
        let (status, body, _) = get(&app, &path, &trusted).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.to_string().contains(secret_note), "{path}: {body}");
    }

    let listed = kernel::tokens::list(&app.platform.db).await.expect("list");
    let plain_row = listed.iter().find(|t| t.name == "plain").expect("plain");
    let used = plain_row.last_used_at.clone().expect("last use recorded");
    let unused = issue_token(&app.platform.db, "unused", &["applications:read"], None).await;
    drop(unused);
    let listed = kernel::tokens::list(&app.platform.db).await.expect("list");
    assert!(
        listed
            .iter()
            .any(|t| t.name == "unused" && t.last_used_at.is_none())
    );
    // Written at most once a minute: the second use leaves it as it was.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    get(&app, &format!("/api/v1/applications/{receipt}"), &plain).await;
    let listed = kernel::tokens::list(&app.platform.db).await.expect("list");
    let again = listed.iter().find(|t| t.name == "plain").expect("plain");
    assert_eq!(again.last_used_at.as_deref(), Some(used.as_str()));
}

#[tokio::test]
async fn the_demo_gives_a_city_wide_token_and_one_for_a_section() {
    let app = demo_app().await;
    let demo = demo_file(&app);
    let (receipt, _) = sample_case(&app).await;
    let section = demo.section_api_token.expect("a section token");
    assert_eq!(section.section_name, "子育て支援課");
    let (status, body, _) = get(
        &app,
        &format!("/api/v1/applications/{receipt}"),
        &section.token,
    )
    .await;
    let application = applications::store::by_receipt(&app.platform.db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    let expected = if application.section_id.as_deref() == Some(section.section_id.as_str()) {
        200
    } else {
        404
    };
    assert_eq!(status, expected, "{body}");
}
