//! Applications through the API as a business system sends them: the demo's
//! sample body is accepted, a retried or doubled request makes one
//! application, bad input changes nothing, the workflow refuses steps out of
//! order, and an edited audit entry is detected.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::TestApp;
use serde_json::{Value, json};
use sqlx::Row;

struct Api {
    app: TestApp,
    token: String,
    sample: demo::SampleApplication,
}

async fn api() -> Api {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    Api {
        token: demo.api_token,
        sample: demo.sample_application,
        app,
    }
}

impl Api {
    async fn post(&self, path: &str, body: &Value, key: Option<&str>) -> (u16, Value, bool) {
        let mut request = self
            .app
            .client
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let replayed = response.headers().get("idempotent-replayed").is_some();
        (
            status,
            response.json().await.unwrap_or(Value::Null),
            replayed,
        )
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request");
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    fn submit_path(&self) -> String {
        format!(
            "/api/v1/procedures/{}/applications",
            self.sample.procedure_id
        )
    }

    /// Rows of `table` (the audit log: entries about applications).
    async fn count(&self, table: &str) -> i64 {
        let sql = if table == "audit_log" {
            "SELECT COUNT(*) FROM audit_log WHERE target_type = 'application'".to_string()
        } else {
            format!("SELECT COUNT(*) FROM {table}")
        };
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(self.app.platform.db.pool())
            .await
            .expect("count")
            .try_get(0)
            .expect("n")
    }
}

#[tokio::test]
async fn the_sample_application_is_accepted_and_recorded_whole() {
    let api = api().await;
    let (status, form) = api
        .app
        .get_json(&format!(
            "/api/v1/procedures/{}/form",
            api.sample.procedure_id
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(form["version"], 1);
    let (status, receipt, _) = api
        .post(&api.submit_path(), &api.sample.body, Some("k-1"))
        .await;
    assert_eq!(status, 201, "{receipt}");
    let number = receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    assert!(number.starts_with('R') && number.contains('-'), "{number}");
    assert_eq!(receipt["form_version"], 1);
    let (status, stored) = api.get(&format!("/api/v1/applications/{number}")).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["status"], "received");
    assert_eq!(stored["status_label"], "受付済み");
    assert_eq!(stored["answers"]["postal_code"], "4608508", "normalized");
    assert_eq!(
        stored["section_id"], "kankyo-sagyo",
        "routed to the owning section"
    );
    assert_eq!(stored["history"][0]["action"], "application.submitted");
    assert_eq!(
        api.count("outbox").await,
        1,
        "one application.submitted event"
    );
    let (_, audit) = api
        .get(&format!("/api/v1/applications/{number}/audit"))
        .await;
    assert_eq!(audit["chain_intact"], true);
}

#[tokio::test]
async fn a_retry_or_a_double_tap_makes_one_application() {
    let api = api().await;
    let (first, receipt, replayed) = api
        .post(&api.submit_path(), &api.sample.body, Some("same-key"))
        .await;
    assert_eq!((first, replayed), (201, false));
    let (again, replay, replayed) = api
        .post(&api.submit_path(), &api.sample.body, Some("same-key"))
        .await;
    assert_eq!((again, replayed), (200, true));
    assert_eq!(replay["receipt_number"], receipt["receipt_number"]);
    // Two identical requests at the same moment.
    let path = api.submit_path();
    let (a, b) = tokio::join!(
        api.post(&path, &api.sample.body, Some("race")),
        api.post(&path, &api.sample.body, Some("race"))
    );
    assert_eq!(a.1["receipt_number"], b.1["receipt_number"], "{a:?} {b:?}");
    assert_eq!(api.count("applications").await, 2);
    assert_eq!(api.count("outbox").await, 2);
    // The same key with other answers is refused, not silently replayed.
    let mut other = api.sample.body.clone();
    other["address"] = json!("名古屋市北区清水四丁目17番1号");
    let (status, error, _) = api.post(&api.submit_path(), &other, Some("same-key")).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn bad_input_is_named_field_by_field_and_changes_nothing() {
    let api = api().await;
    let mut bad = api.sample.body.clone();
    bad["postal_code"] = json!("460-85");
    bad["applicant_name"]["family_name_kana"] = json!("Nagoya");
    bad["items"] = json!([]);
    bad["unknown"] = json!(1);
    let (status, error, _) = api.post(&api.submit_path(), &bad, None).await;
    assert_eq!(status, 422, "{error}");
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default())
        .collect();
    for expected in [
        "postal_code",
        "applicant_name.family_name_kana",
        "items",
        "unknown",
    ] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .any(|c| c > '\u{3000}'),
        "Japanese messages"
    );
    for body in [json!([1, 2, 3]), json!("text"), json!(null)] {
        let (status, _, _) = api.post(&api.submit_path(), &body, None).await;
        assert_eq!(status, 422, "{body}");
    }
    let raw = api
        .app
        .client
        .post(api.app.url(&api.submit_path()))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{\"postal_code\": ")
        .send()
        .await
        .expect("request");
    assert_eq!(raw.status(), 400);
    let huge = api
        .app
        .client
        .post(api.app.url(&api.submit_path()))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(format!("{{\"address\": \"{}\"}}", "あ".repeat(600_000)))
        .send()
        .await
        .expect("request");
    assert_eq!(huge.status(), 413);
    let long_field = {
        let mut b = api.sample.body.clone();
        b["address"] = json!("あ".repeat(5000));
        b
    };
    assert_eq!(api.post(&api.submit_path(), &long_field, None).await.0, 422);
    assert_eq!(api.count("applications").await, 0);
    assert_eq!(api.count("outbox").await, 0);
    assert_eq!(api.count("audit_log").await, 0);
}

#[tokio::test]
async fn tokens_are_required_and_unknown_things_are_404() {
    let api = api().await;
    let anonymous = api
        .app
        .client
        .post(api.app.url(&api.submit_path()))
        .json(&api.sample.body)
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);
    let forged = api
        .app
        .client
        .post(api.app.url(&api.submit_path()))
        .bearer_auth("mdg_forged")
        .json(&api.sample.body)
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), 401);
    let read_only =
        common::issue_token(&api.app.platform.db, "reader", &["applications:read"], None).await;
    let refused = api
        .app
        .client
        .post(api.app.url(&api.submit_path()))
        .bearer_auth(&read_only)
        .json(&api.sample.body)
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), 403);
    assert_eq!(
        api.post(
            "/api/v1/procedures/NOPE/applications",
            &api.sample.body,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        api.post(
            "/api/v1/procedures/P00001/applications",
            &api.sample.body,
            None
        )
        .await
        .0,
        404,
        "no form"
    );
    assert_eq!(api.get("/api/v1/applications/R8-9999999").await.0, 404);
    let (status, _) = api.app.get_json("/api/v1/applications/R8-0000001").await;
    assert_eq!(status, 401, "reading applications needs a token too");
}

#[tokio::test]
async fn file_answers_must_name_an_uploaded_file() {
    let api = api().await;
    let body = json!({
        "report": null,
        "place": "名古屋市中区三の丸三丁目1番1号の前", "kind": "pothole", "danger": "urgent",
        "photo": {"attachment_id": "made-up", "content_type": "image/jpeg", "size": 1000}
    });
    let mut body = body;
    body.as_object_mut().unwrap().remove("report");
    let (status, error, _) = api
        .post("/api/v1/procedures/doro-sonsho/applications", &body, None)
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["fields"][0]["field"], "photo");
}

#[tokio::test]
async fn the_workflow_takes_steps_in_order_only() {
    let api = api().await;
    let (_, receipt, _) = api.post(&api.submit_path(), &api.sample.body, None).await;
    let number = receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    let path = format!("/api/v1/applications/{number}/transitions");
    // A token that moves cases may not decide them: that takes decisions:write.
    let api = Api {
        token: common::issue_token(
            &api.app.platform.db,
            "受付システム",
            &["applications:read", "transitions:write"],
            None,
        )
        .await,
        ..api
    };
    let (status, refused, _) = api.post(&path, &json!({"action": "approve"}), None).await;
    assert_eq!(status, 403, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("decisions:write")
    );
    let api = Api {
        token: common::issue_token(
            &api.app.platform.db,
            "審査システム",
            &[
                "applications:read",
                "applications:write",
                "transitions:write",
                "decisions:write",
            ],
            None,
        )
        .await,
        ..api
    };
    let (status, refused, _) = api.post(&path, &json!({"action": "approve"}), None).await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("受付済み"),
        "{refused}"
    );
    // 粗大ごみ follows its own workflow: decided without a notice.
    for (action, expected) in [
        ("start_review", Some("reviewing")),
        ("approve", Some("approved")),
        ("issue_notice", None),
        ("close", Some("closed")),
    ] {
        let (status, body, _) = api
            .post(
                &path,
                &json!({"action": action, "comment": "確認しました"}),
                None,
            )
            .await;
        match expected {
            Some(expected) => assert_eq!(
                (status, body["status"].as_str()),
                (200, Some(expected)),
                "{action}: {body}"
            ),
            None => assert_eq!(status, 409, "this procedure issues no notice: {body}"),
        }
    }
    let (status, _, _) = api.post(&path, &json!({"action": "withdraw"}), None).await;
    assert_eq!(status, 409);
    let (status, error, _) = api.post(&path, &json!({"action": "teleport"}), None).await;
    assert_eq!(status, 400);
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("start_review")
    );
    let events: Vec<String> = sqlx::query("SELECT event_type FROM outbox ORDER BY id")
        .fetch_all(api.app.platform.db.pool())
        .await
        .expect("outbox")
        .iter()
        .map(|r| r.try_get("event_type").expect("type"))
        .collect();
    assert_eq!(
        events,
        vec![
            "application.submitted",
            "application.status_changed",
            "application.status_changed",
            "application.status_changed"
        ]
    );
    let (_, stored) = api.get(&format!("/api/v1/applications/{number}")).await;
    assert_eq!(stored["history"].as_array().expect("history").len(), 4);
}

#[tokio::test]
async fn an_edited_audit_entry_is_detected() {
    let api = api().await;
    let (_, receipt, _) = api.post(&api.submit_path(), &api.sample.body, None).await;
    let number = receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    api.post(
        &format!("/api/v1/applications/{number}/transitions"),
        &json!({"action": "start_review"}),
        None,
    )
    .await;
    let (_, audit) = api
        .get(&format!("/api/v1/applications/{number}/audit"))
        .await;
    assert_eq!(audit["chain_intact"], true);
    sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
        .execute(api.app.platform.db.pool())
        .await
        .expect("tamper");
    let (_, audit) = api
        .get(&format!("/api/v1/applications/{number}/audit"))
        .await;
    assert_eq!(audit["chain_intact"], false);
    assert_eq!(audit["broken_at"]["seq"], 1);
}

/// The SHA-256 chain hash the audit log used before it was keyed: what
/// someone rewriting the database could compute.
fn unkeyed_hash(row: &sqlx::any::AnyRow, prev_hash: &str) -> String {
    use sha2::Digest;
    let json = |name: &str| -> Value {
        row.try_get::<Option<String>, _>(name)
            .expect("column")
            .map(|t| serde_json::from_str(&t).expect("json"))
            .unwrap_or(Value::Null)
    };
    let content = json!([
        row.try_get::<String, _>("target_type").expect("type"),
        row.try_get::<String, _>("target_id").expect("id"),
        row.try_get::<i64, _>("seq").expect("seq"),
        row.try_get::<String, _>("at").expect("at"),
        row.try_get::<String, _>("actor").expect("actor"),
        row.try_get::<String, _>("action").expect("action"),
        json("before"),
        json("after"),
        prev_hash
    ]);
    hex::encode(sha2::Sha256::digest(content.to_string().as_bytes()))
}

#[tokio::test]
async fn a_rewrite_with_recomputed_hashes_is_detected() {
    let api = api().await;
    let (_, receipt, _) = api.post(&api.submit_path(), &api.sample.body, None).await;
    let number = receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    let audit_path = format!("/api/v1/applications/{number}/audit");
    let pool = api.app.platform.db.pool();
    // Someone with the database rewrites who acted, and recomputes the
    // hash as the chain used to be computed.
    sqlx::query("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")
        .execute(pool)
        .await
        .expect("tamper");
    let row = sqlx::query("SELECT * FROM audit_log WHERE seq = 1 AND target_type = 'application'")
        .fetch_one(pool)
        .await
        .expect("row");
    let forged = unkeyed_hash(
        &row,
        "0000000000000000000000000000000000000000000000000000000000000000",
    );
    sqlx::query("UPDATE audit_log SET hash = $1 WHERE seq = 1")
        .bind(&forged)
        .execute(pool)
        .await
        .expect("rehash");
    let (_, audit) = api.get(&audit_path).await;
    assert_eq!(audit["chain_intact"], false, "{audit}");
    // Passing it off as an entry from before keys does not help either.
    sqlx::query("UPDATE audit_log SET key_id = NULL WHERE seq = 1")
        .execute(pool)
        .await
        .expect("unkey");
    let (_, audit) = api.get(&audit_path).await;
    assert_eq!(audit["chain_intact"], false, "{audit}");
}

#[tokio::test]
async fn a_chain_written_before_keys_is_sealed_when_the_first_key_is_made() {
    let api = api().await;
    let pool = api.app.platform.db.pool();
    let legacy_id = "legacy-1";
    let at = "2026-04-01T09:00:00Z";
    let mut prev = "0000000000000000000000000000000000000000000000000000000000000000".to_string();
    for seq in 1..=2i64 {
        sqlx::query(
            "INSERT INTO audit_log (target_type, target_id, seq, at, actor, action, before, after, prev_hash, hash) \
             VALUES ('application', $1, $2, $3, 'staff:1', 'application.status_changed', NULL, '{\"status\":\"reviewing\"}', $4, 'x')",
        )
        .bind(legacy_id)
        .bind(seq)
        .bind(at)
        .bind(&prev)
        .execute(pool)
        .await
        .expect("legacy entry");
        let row = sqlx::query("SELECT * FROM audit_log WHERE target_id = $1 AND seq = $2")
            .bind(legacy_id)
            .bind(seq)
            .fetch_one(pool)
            .await
            .expect("row");
        let hash = unkeyed_hash(&row, &prev);
        sqlx::query("UPDATE audit_log SET hash = $1 WHERE target_id = $2 AND seq = $3")
            .bind(&hash)
            .bind(legacy_id)
            .bind(seq)
            .execute(pool)
            .await
            .expect("hash");
        prev = hash;
    }
    let db = &api.app.platform.db;
    let before = kernel::audit::entries(db, "application", legacy_id)
        .await
        .expect("entries");
    assert!(kernel::audit::verify_chain(db.keys(), "application", legacy_id, &before).is_err());
    kernel::audit::seal_unkeyed(db).await.expect("seal");
    let after = kernel::audit::entries(db, "application", legacy_id)
        .await
        .expect("entries");
    assert_eq!(
        kernel::audit::verify_chain(db.keys(), "application", legacy_id, &after),
        Ok(())
    );
    assert_eq!(after[1].after, before[1].after, "content kept");
}

#[tokio::test]
async fn a_likely_duplicate_is_flagged() {
    let api = api().await;
    let body = json!({
        "applicant_name": {"family_name": "栄", "given_name": "花子", "family_name_kana": "サカエ", "given_name_kana": "ハナコ"},
        "birth_date": "平成6年7月8日", "postal_code": "4600008", "address": "名古屋市中区栄四丁目1番8号",
        "phone": "052-000-0000",
        "due_date": "2027-05-01", "weeks": 10, "multiple": "no", "clinic": "栄クリニック", "interview": "ward"
    });
    let (status, first, _) = api
        .post(
            "/api/v1/procedures/ninshin-todoke/applications",
            &body,
            None,
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert!(first["possible_duplicate_of"].is_null());
    let mut again = body.clone();
    again["applicant_name"]["family_name_kana"] = json!("さかえ");
    again["birth_date"] = json!("1994-07-08");
    let (status, second, _) = api
        .post(
            "/api/v1/procedures/ninshin-todoke/applications",
            &again,
            None,
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        second["possible_duplicate_of"], first["receipt_number"],
        "same person, same due date"
    );
}

#[tokio::test]
async fn a_burst_gets_one_receipt_event_and_audit_chain_per_application() {
    let api = api().await;
    let path = api.submit_path();
    // Submissions arriving together are written together; a repeated key
    // among them still makes one application and fails nothing else.
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..60 {
        let key = if i % 20 == 0 {
            "shared".to_string()
        } else {
            format!("burst-{i}")
        };
        let request = api
            .app
            .client
            .post(api.app.url(&path))
            .bearer_auth(&api.token)
            .header("Idempotency-Key", key)
            .json(&api.sample.body);
        requests.spawn(async move {
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("json"))
        });
    }
    let answers = requests.join_all().await;
    let mut receipts: Vec<String> = answers
        .iter()
        .map(|(status, body)| {
            assert!(*status == 201 || *status == 200, "{status}: {body}");
            body["receipt_number"]
                .as_str()
                .expect("receipt")
                .to_string()
        })
        .collect();
    receipts.sort();
    receipts.dedup();
    assert_eq!(receipts.len(), 58, "57 own keys and one shared");
    assert_eq!(api.count("applications").await, 58);
    assert_eq!(api.count("outbox").await, 58);
    assert_eq!(api.count("audit_log").await, 58);
    for receipt in receipts.iter().take(5) {
        let (status, audit) = api
            .get(&format!("/api/v1/applications/{receipt}/audit"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(audit["chain_intact"], true, "{audit}");
    }
}
