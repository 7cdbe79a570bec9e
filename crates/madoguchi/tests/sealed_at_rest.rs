//! Personal data sealed at rest: answers, files and staff sign-in keys are
//! unreadable in a copy of the database or the attachments folder, read back
//! as they were through the platform, survive a rotation of the key that
//! wraps them, and — when the keys folder is lost — come back with the
//! city's offline recovery key, not otherwise.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file};
use madoguchi::app::{Platform, Settings};
use serde_json::{Value, json};
use sqlx::Row;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Title (Nagoya Hanako) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(app: &TestApp, token: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/v1/attachments?file_name=id.pdf"))
        .bearer_auth(token)
        .body(PDF.to_vec())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    body["attachment_id"].as_str().expect("id").to_string()
}

/// 児童手当 認定請求 through the API, naming an uploaded file.
async fn submit(app: &TestApp, token: &str, attachment: &str) -> String {
    let body = json!({
        "applicant_name": {"family_name": "名古屋", "given_name": "花子", "family_name_kana": "ナゴヤ", "given_name_kana": "ハナコ"},
        "birth_date": "1990-04-01", "postal_code": "4608508", "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111", "relationship": "mother", "pension": "kosei",
        "children": [{"name": {"family_name": "名古屋", "given_name": "一郎", "family_name_kana": "ナゴヤ", "given_name_kana": "イチロウ"},
                      "birth_date": "2023-06-01", "living_together": "together"}],
        "account": {"bank_code": "0001", "branch_code": "001", "account_type": "ordinary", "account_number": "7654321", "account_holder": "ナゴヤ ハナコ"},
        "id_document": {"attachment_id": attachment},
        "consent": true
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/jidou-teate-nintei/applications"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.expect("json");
    receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string()
}

async fn read_back(app: &TestApp, token: &str, receipt: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/applications/{receipt}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn stored_answers(app: &TestApp, receipt: &str) -> String {
    sqlx::query("SELECT answers FROM applications WHERE receipt_number = $1")
        .bind(receipt)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("row")
        .get("answers")
}

/// Opens the platform again on the same database and folders, as a restart
/// does.
async fn restart(app: &TestApp) -> anyhow::Result<Platform> {
    Platform::open(app.platform.db.clone(), &Settings::in_dir(app.dir.path())).await
}

fn keys_dir(app: &TestApp) -> std::path::PathBuf {
    app.dir.path().join("keys")
}

#[tokio::test]
async fn answers_files_and_staff_keys_are_unreadable_at_rest_and_read_back_as_given() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let attachment = upload(&app, &token).await;
    let receipt = submit(&app, &token, &attachment).await;

    let stored = stored_answers(&app, &receipt).await;
    assert!(stored.starts_with("sealed1."), "{stored}");
    for secret in ["7654321", "名古屋", "ナゴヤ", "052-961-1111"] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
    }
    let file = std::fs::read(app.dir.path().join("attachments").join(&attachment)).expect("file");
    assert!(!file.windows(4).any(|w| w == b"%PDF"), "the file is sealed");
    assert!(!file.windows(6).any(|w| w == b"Nagoya"));
    let keys: Vec<String> = sqlx::query("SELECT secret FROM staff_totp")
        .fetch_all(app.platform.db.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| r.get("secret"))
        .collect();
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| k.starts_with("sealed1.")), "{keys:?}");

    // Through the platform, everything reads as it was given.
    let (status, application) = read_back(&app, &token, &receipt).await;
    assert_eq!(status, 200);
    assert_eq!(
        application["answers"]["account"]["account_number"],
        "7654321"
    );
    let response = app
        .client
        .get(app.url(&format!(
            "/api/v1/applications/{receipt}/attachments/{attachment}"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), PDF);

    // A sealed value copied onto another application does not open there:
    // answers cannot be moved between cases in the database unnoticed.
    let other = submit(&app, &token, &upload(&app, &token).await).await;
    sqlx::query("UPDATE applications SET answers = $1 WHERE receipt_number = $2")
        .bind(&stored)
        .bind(&other)
        .execute(app.platform.db.pool())
        .await
        .expect("update");
    let (status, body) = read_back(&app, &token, &other).await;
    assert_ne!(status, 200, "{body}");
    assert!(!body.to_string().contains("7654321"));
    // Nor is an unsealed value written in its place taken as the answers.
    sqlx::query("UPDATE applications SET answers = $1 WHERE receipt_number = $2")
        .bind(json!({"account": {"account_number": "0000001"}}).to_string())
        .bind(&other)
        .execute(app.platform.db.pool())
        .await
        .expect("update");
    let (status, body) = read_back(&app, &token, &other).await;
    assert_ne!(status, 200, "{body}");
    assert!(!body.to_string().contains("0000001"));
    // The file's name is sealed too.
    let name: String = sqlx::query("SELECT file_name FROM attachments WHERE id = $1")
        .bind(&attachment)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("row")
        .get("file_name");
    assert!(name.starts_with("sealed1."), "{name}");
}

#[tokio::test]
async fn what_was_stored_before_sealing_is_sealed_at_the_next_start() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let receipt = submit(&app, &token, &upload(&app, &token).await).await;
    let (_, before) = read_back(&app, &token, &receipt).await;
    // As an installation from before sealing holds it.
    sqlx::query(
        "UPDATE applications SET answers = $1, search_terms = '' WHERE receipt_number = $2",
    )
    .bind(before["answers"].to_string())
    .bind(&receipt)
    .execute(app.platform.db.pool())
    .await
    .expect("update");
    sqlx::query("DELETE FROM application_files")
        .execute(app.platform.db.pool())
        .await
        .expect("delete");
    // An installation from before sealing has not finished sealing yet.
    sqlx::query("DELETE FROM sealing_done")
        .execute(app.platform.db.pool())
        .await
        .expect("delete");

    let platform = restart(&app).await.expect("starts");
    let stored = stored_answers(&app, &receipt).await;
    assert!(stored.starts_with("sealed1."), "{stored}");
    let application = applications::store::by_receipt(&platform.db, &receipt)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(application.answers, before["answers"]);
    // Searchable again, and its file kept by the purge of unused uploads.
    let terms: String =
        sqlx::query("SELECT search_terms FROM applications WHERE receipt_number = $1")
            .bind(&receipt)
            .fetch_one(platform.db.pool())
            .await
            .expect("row")
            .get("search_terms");
    assert!(terms.contains(&platform.db.vault().term("ナゴヤ").expect("term")));
    let files: i64 = sqlx::query("SELECT COUNT(*) AS n FROM application_files")
        .fetch_one(platform.db.pool())
        .await
        .expect("count")
        .get("n");
    assert_eq!(files, 1);
}

#[tokio::test]
async fn a_rotated_key_keeps_what_the_old_one_sealed_readable() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let receipt = submit(&app, &token, &upload(&app, &token).await).await;
    let (_, before) = read_back(&app, &token, &receipt).await;

    std::thread::sleep(std::time::Duration::from_millis(5));
    let new_key =
        kernel::keys::generate(&keys_dir(&app), kernel::keys::Purpose::Data).expect("keygen data");
    let new_id = new_key
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.strip_prefix("data-"))
        .expect("id")
        .to_string();
    let platform = restart(&app).await.expect("starts");
    let status = kernel::sealed::status(&platform.db).await.expect("status");
    assert!(
        status
            .iter()
            .all(|line| line.contains(&format!("data-{new_id}.key"))),
        "every data key rewrapped under the new key: {status:?}"
    );
    assert_eq!(
        status.iter().filter(|l| l.contains("\tdata\t")).count(),
        1,
        "the data key is rewrapped, not replaced: nodes restarted one by one seal alike: {status:?}"
    );
    let application = applications::store::by_receipt(&platform.db, &receipt)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(application.answers, before["answers"]);

    // The old key file can now go: what it wrapped is wrapped by the new one.
    for entry in std::fs::read_dir(keys_dir(&app)).expect("keys") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("data-") && !name.contains(&new_id) {
            std::fs::remove_file(&path).expect("remove");
        }
    }
    let platform = restart(&app).await.expect("starts without the old key");
    assert!(
        applications::store::by_receipt(&platform.db, &receipt)
            .await
            .expect("read")
            .is_some()
    );
}

#[tokio::test]
async fn a_lost_keys_folder_stops_the_start_and_the_recovery_key_brings_the_records_back() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let receipt = submit(&app, &token, &upload(&app, &token).await).await;
    let (_, before) = read_back(&app, &token, &receipt).await;

    // The city makes its recovery key; the private half goes offline.
    let (_, private) = kernel::sealed::generate_recovery(&keys_dir(&app)).expect("recovery key");
    let platform = restart(&app).await.expect("starts");
    let status = kernel::sealed::status(&platform.db).await.expect("status");
    assert!(
        status.iter().all(|l| l.contains("sealed to recovery-")),
        "{status:?}"
    );

    // The keys folder is lost (the disk died; the database came back from
    // its backup).
    let lost = |app: &TestApp| {
        for entry in std::fs::read_dir(keys_dir(app)).expect("keys") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("data-") {
                std::fs::remove_file(&path).expect("remove");
            }
        }
    };
    lost(&app);
    let error = restart(&app).await.err().expect("does not start");
    let message = format!("{error:#}");
    assert!(
        message.contains("data-") && message.contains("keys recover"),
        "{message}"
    );
    // The refusal leaves no stray key behind to confuse the next try.
    let data_keys = std::fs::read_dir(keys_dir(&app))
        .expect("keys")
        .filter(|e| {
            e.as_ref()
                .ok()
                .and_then(|e| e.file_name().to_str().map(|n| n.starts_with("data-")))
                .unwrap_or(false)
        })
        .count();
    assert_eq!(data_keys, 0);

    // Another recovery key opens nothing.
    let stranger = kernel::sealed::read_recovery_private(&"11".repeat(32)).expect("a key");
    let keys = kernel::keys::Keyring::load_or_create(&keys_dir(&app)).expect("keys");
    assert!(
        kernel::sealed::recover(&app.platform.db, &keys, &stranger)
            .await
            .is_err()
    );
    // The city's recovery key does.
    let private = kernel::sealed::read_recovery_private(&private).expect("the key file");
    let recovered = kernel::sealed::recover(&app.platform.db, &keys, &private)
        .await
        .expect("recovered");
    assert_eq!(recovered, status.len());
    let platform = restart(&app).await.expect("starts after recovery");
    let application = applications::store::by_receipt(&platform.db, &receipt)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(application.answers, before["answers"]);
}
