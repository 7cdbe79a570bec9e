//! `/staff/exports/applications.zip`: a section's bulk export of a
//! procedure's applications with their files, streamed as a zip.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Read;

use common::{TestApp, demo_file, login};
use serde_json::Value;

/// A 児童手当 claim through the API with a PDF named `file_name`.
async fn submit(app: &TestApp, token: &str, family_name: &str, file_name: &str) -> String {
    common::submit_child_allowance(app, token, family_name, file_name).await
}

async fn staff(app: &TestApp, role: &str, section: &str) -> String {
    let demo = demo_file(app);
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == role && l.section.as_deref() == Some(section))
        .expect("a demo account");
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("staff login")
}

async fn get(
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> (u16, Vec<u8>, reqwest::header::HeaderMap) {
    let response = app
        .client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        response.bytes().await.expect("body").to_vec(),
        headers,
    )
}

fn entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut bytes)
        .expect("read");
    bytes
}

#[tokio::test(flavor = "multi_thread")]
async fn a_section_exports_its_procedures_cases_with_their_files() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let first = submit(&app, &token, "名古屋", "住民票.pdf").await;
    let second = submit(&app, &token, "栄", "../../etc/passwd.pdf").await;
    let clerk = staff(&app, "clerk", "kodomo-kosodate").await;

    let today = kernel::clock::today_in_japan();
    let path = format!(
        "/staff/exports/applications.zip?procedure=jidou-teate-nintei&from={}&to={today}",
        today - time::Duration::days(30)
    );
    let (status, bytes, headers) = get(&app, &path, &clerk).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(headers["content-type"], "application/zip");
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("applications-jidou-teate-nintei-")
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();

    let json: Value =
        serde_json::from_slice(&entry(&mut archive, "applications.json")).expect("json");
    let records = json.as_array().expect("an array");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["receipt_number"], first.as_str(), "oldest first");
    assert_eq!(records[0]["status"], "received");
    assert_eq!(
        records[0]["answers"]["applicant_name"]["family_name"], "名古屋",
        "answers opened"
    );
    assert_eq!(records[0]["history"][0]["action"], "application.submitted");
    let path = records[0]["attachments"][0]["path"].as_str().expect("path");
    assert_eq!(path, format!("attachments/{first}/住民票.pdf"));
    assert_eq!(entry(&mut archive, path), common::PDF);

    // A name that would climb out of the folder stays in it.
    let theirs = records[1]["attachments"][0]["path"].as_str().expect("path");
    assert!(
        theirs.starts_with(&format!("attachments/{second}/")),
        "{theirs}"
    );
    assert!(
        !theirs.contains("..") && theirs.matches('/').count() == 2,
        "{theirs}"
    );
    assert_eq!(entry(&mut archive, theirs), common::PDF);
    for name in &names {
        assert!(!name.contains(".."), "{name}");
    }

    let csv = entry(&mut archive, "applications.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[0], "受付番号");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], first.as_str());
    assert!(
        rows[0].iter().any(|v| v.contains("名古屋")),
        "{:?}",
        rows[0]
    );
    // Answer columns in form order: the applicant before the account.
    let name_at = header
        .iter()
        .position(|h| h.contains("氏名"))
        .expect("name");
    let account_at = header
        .iter()
        .position(|h| h.contains("口座"))
        .expect("account");
    assert!(name_at < account_at, "{header:?}");

    // The export is recorded: a read of the procedure, and its count.
    let exported: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE action = 'applications.exported' AND target_id = 'jidou-teate-nintei'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count");
    assert_eq!(exported, 1);
    let audit: String = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE target_type = 'export' AND action = 'applications.exported'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("audit entry");
    assert!(audit.contains("\"count\":2"), "{audit}");

    // Another section's clerk: the procedure is not theirs to export.
    let other = staff(&app, "clerk", "kenko-kaigo").await;
    let (status, _, _) = get(
        &app,
        &format!(
            "/staff/exports/applications.zip?procedure=jidou-teate-nintei&from={today}&to={today}"
        ),
        &other,
    )
    .await;
    assert_eq!(status, 404);

    // Bad dates and periods too long are refused, with a reason.
    for query in [
        "from=2026-13-01&to=2026-12-31",
        "from=yesterday&to=today",
        "from=2026-04-02&to=2026-04-01",
        "from=2025-01-01&to=2026-12-31",
        "to=2026-04-01",
    ] {
        let (status, body, _) = get(
            &app,
            &format!("/staff/exports/applications.zip?procedure=jidou-teate-nintei&{query}"),
            &clerk,
        )
        .await;
        assert_eq!(status, 400, "{query}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            ["日付", "終了日", "期間"].iter().any(|w| body.contains(w)),
            "{query}: {body}"
        );
    }
}
