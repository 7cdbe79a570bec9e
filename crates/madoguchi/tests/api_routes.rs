//! Tests made from the route table: every `/api/v1` operation of the served
//! OpenAPI document (which the router is built from) is called, so an
//! operation added later is covered without anyone writing a test for it.
//! - an operation not named public here must demand a token: 401 without;
//! - a token of section A reads and changes nothing of section B: each
//!   operation that names B's things answers 404 or 403, and B's case is as
//!   it was.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, issue_token};
use serde_json::{Value, json};

/// The operations anyone may call (method, path).
const PUBLIC: [(&str, &str); 8] = [
    ("get", "/api/v1/indicators"),
    ("get", "/api/v1/notices/verify"),
    ("post", "/api/v1/notices/verify"),
    // Signed by the payment provider, not a token (see docs/payments.md).
    ("post", "/api/v1/payments/callbacks/{provider}"),
    ("get", "/api/v1/procedures"),
    ("get", "/api/v1/assistant"),
    ("get", "/api/v1/procedures/{id}"),
    ("get", "/api/v1/procedures/{id}/form"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

struct Operation {
    method: String,
    path: String,
    secured: bool,
    body_type: Option<String>,
}

async fn operations(app: &TestApp) -> Vec<Operation> {
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            found.push(Operation {
                method: method.to_string(),
                path: path.clone(),
                secured: operation.get("security").is_some(),
                body_type: operation["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.keys().next().cloned()),
            });
        }
    }
    assert!(found.len() >= 9, "the document lists the API");
    found
}

/// Section B's things, by the name of the path parameter that names them.
struct Things {
    receipt: String,
    procedure: String,
    attachment: String,
    webhook: String,
    notice: String,
}

fn fill(path: &str, things: &Things) -> String {
    let mut filled = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        filled.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closing brace") + start;
        let name = &rest[start + 1..end];
        let value = match name {
            "receipt" => &things.receipt,
            "id" if path.starts_with("/api/v1/procedures/") => &things.procedure,
            "id" => &things.attachment,
            "webhook" => &things.webhook,
            "number" => &things.notice,
            other => panic!(
                "{path}: no value for the parameter {{{other}}}: teach tests/api_routes.rs which of section B's things it names"
            ),
        };
        filled.push_str(value);
        rest = &rest[end + 1..];
    }
    filled.push_str(rest);
    filled
}

async fn call(
    app: &TestApp,
    operation: &Operation,
    url_path: &str,
    token: Option<&str>,
    sample: &Value,
) -> (u16, String) {
    let url = app.url(url_path);
    let mut request = match operation.method.as_str() {
        "get" => app.client.get(url),
        "post" => app.client.post(url),
        "put" => app.client.put(url),
        "patch" => app.client.patch(url),
        "delete" => app.client.delete(url),
        other => panic!("method {other}"),
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request = match operation.body_type.as_deref() {
        Some("application/json") if operation.path.ends_with("/transitions") => {
            request.json(&json!({"action": "start_review", "comment": "B の案件"}))
        }
        Some("application/json") => request.json(sample),
        Some(kind) => request
            .header("content-type", kind)
            .body(b"%PDF-1.4\n%%EOF\n".to_vec()),
        None => request,
    };
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn every_operation_without_a_token_is_refused_unless_public() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let things = Things {
        receipt: "R0000-000000".into(),
        procedure: demo.sample_application.procedure_id.clone(),
        attachment: "nosuch".into(),
        webhook: "wh_nosuch".into(),
        notice: "N-R0-000000".into(),
    };
    for operation in operations(&app).await {
        let public = PUBLIC.contains(&(operation.method.as_str(), operation.path.as_str()));
        assert_eq!(
            operation.secured, !public,
            "{} {}: an operation is public only when listed so here, and then takes no token",
            operation.method, operation.path
        );
        if public {
            continue;
        }
        let path = fill(&operation.path, &things);
        let (status, body) =
            call(&app, &operation, &path, None, &demo.sample_application.body).await;
        assert_eq!(
            status, 401,
            "{} {}: {body}",
            operation.method, operation.path
        );
        let (status, body) = call(
            &app,
            &operation,
            &path,
            Some("mdg_not-a-token"),
            &demo.sample_application.body,
        )
        .await;
        assert_eq!(
            status, 401,
            "{} {}: {body}",
            operation.method, operation.path
        );
    }
}

#[tokio::test]
async fn a_token_of_section_a_reads_and_changes_nothing_of_section_b() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let db = &app.platform.db;
    // Section B's case, submitted by the city-wide token, with a file.
    let upload: Value = app
        .client
        .post(app.url("/api/v1/attachments?file_name=b.pdf"))
        .bearer_auth(&demo.api_token)
        .body(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec())
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
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
    assert_eq!(response.status().as_u16(), 201);
    let receipt: Value = response.json().await.expect("receipt");
    let receipt = receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string();
    let before = applications::store::by_receipt(db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    let section_b = before.section_id.clone().expect("a section");
    let org = catalog::store::organisation(db)
        .await
        .expect("organisation");
    let section_a = org
        .sections
        .iter()
        .find(|s| s.id != section_b)
        .expect("another section")
        .id
        .clone();
    // A subscription of section B's events.
    let (webhook, _) = integration::store::create(
        db,
        &integration::store::NewSubscription {
            url: "http://127.0.0.1:9/hook".into(),
            filter: integration::event::Filter {
                sections: vec![section_b.clone()],
                ..Default::default()
            },
            created_by: "test".into(),
            ..Default::default()
        },
    )
    .await
    .expect("a subscription");
    // B's case decided and its signed notice issued (its procedure made to
    // issue notices for this).
    let mut config = applications::workflow_store::config(db, &before.procedure_id)
        .await
        .expect("workflow");
    config.notice = true;
    applications::workflow_store::save(db, &before.procedure_id, &config, "test")
        .await
        .expect("saved");
    for action in ["start_review", "approve"] {
        let response = app
            .client
            .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
            .bearer_auth(&demo.api_token)
            .json(&json!({ "action": action }))
            .send()
            .await
            .expect("step");
        assert_eq!(response.status().as_u16(), 200, "{action}");
    }
    let notice: Value = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/notice")))
        .bearer_auth(&demo.api_token)
        .json(&json!({}))
        .send()
        .await
        .expect("notice")
        .json()
        .await
        .expect("json");
    let before = applications::store::by_receipt(db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    let things = Things {
        notice: notice["number"]
            .as_str()
            .unwrap_or_else(|| panic!("a notice: {notice}"))
            .to_string(),
        webhook: webhook.id.clone(),
        receipt: receipt.clone(),
        procedure: demo.sample_application.procedure_id.clone(),
        attachment: upload["attachment_id"]
            .as_str()
            .unwrap_or("none")
            .to_string(),
    };
    let every_scope: Vec<&str> = kernel::tokens::Action::ALL
        .iter()
        .map(|a| a.code())
        .collect();
    let token_a = issue_token(db, "section A", &every_scope, Some(&[section_a.as_str()])).await;
    let history_before = kernel::audit::entries(db, "application", &before.id)
        .await
        .expect("audit")
        .len();

    let mut walked = 0;
    for operation in operations(&app).await {
        if !operation.secured || !operation.path.contains('{') {
            // Public, or names nothing of any section (an upload of one's own).
            continue;
        }
        walked += 1;
        let path = fill(&operation.path, &things);
        let (status, body) = call(
            &app,
            &operation,
            &path,
            Some(&token_a),
            &demo.sample_application.body,
        )
        .await;
        assert!(
            status == 404 || status == 403,
            "{} {} with a token of another section: {status} {body}",
            operation.method,
            operation.path
        );
        assert!(
            !body.contains(&before.submitted_at) && !body.contains("applicant_name"),
            "{} {}: nothing of B's case in {body}",
            operation.method,
            operation.path
        );
        // The city-wide token does reach B's case through the same call: the
        // refusal above is the section check, not a bad parameter.
        if operation.method == "get" && operation.path.ends_with("{receipt}") {
            let (status, body) = call(
                &app,
                &operation,
                &path,
                Some(&demo.api_token),
                &demo.sample_application.body,
            )
            .await;
            assert_eq!(
                status, 200,
                "{} {}: {body}",
                operation.method, operation.path
            );
        }
    }
    assert!(walked >= 5, "the walk reached the operations on cases");

    let after = applications::store::by_receipt(db, &receipt)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(after.status, before.status);
    assert_eq!(after.updated_at, before.updated_at);
    let history_after = kernel::audit::entries(db, "application", &before.id)
        .await
        .expect("audit")
        .len();
    assert_eq!(
        history_after, history_before,
        "nothing was recorded on B's case"
    );
}
