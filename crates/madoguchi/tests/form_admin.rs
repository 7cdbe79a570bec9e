//! The DX office edits forms as text: problems named by JSON path, a
//! preview, saving as the draft, which a second administrator reviews and
//! publishes as a new version that the API serves; import and export as
//! JSON files; and sets a procedure's workflow, which the case page then
//! follows. Nobody else may.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, login, no_redirects};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sqlx::Row;

/// The demo's second DX office administrator, who reviews what the first
/// one wrote.
async fn second_admin(app: &TestApp, demo: &demo::DemoFile) -> String {
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.email == "dx.reviewer@city.example.jp")
        .expect("the demo's second DX office administrator");
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("login")
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Submits the draft for review as `author` and publishes it as `reviewer`;
/// the redirect's location.
async fn review_and_publish(app: &TestApp, author: &str, reviewer: &str, id: &str) -> String {
    let (_, page, _) = get_with(app, &format!("/staff/forms/{id}"), author).await;
    let revision = common::hidden(&page, "revision");
    let (status, _, _) = common::post_with(
        app,
        &format!("/staff/forms/{id}/submit"),
        author,
        &pairs(&[
            ("csrf_token", &token(&page)),
            ("revision", &revision),
            ("note", "確認をお願いします"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    // The author cannot publish their own draft.
    let (_, review, _) = get_with(app, &format!("/staff/forms/{id}/review"), author).await;
    let revision = common::hidden(&review, "revision");
    let (status, _, _) = common::post_with(
        app,
        &format!("/staff/forms/{id}/review"),
        author,
        &pairs(&[
            ("csrf_token", &token(&review)),
            ("revision", &revision),
            ("decision", "publish"),
        ]),
    )
    .await;
    assert_eq!(status, 403, "the author may not publish their own form");
    let (status, review, _) = get_with(app, &format!("/staff/forms/{id}/review"), reviewer).await;
    assert_eq!(status, 200);
    assert!(
        review.contains("確認をお願いします"),
        "the reviewer reads the note"
    );
    let (status, _, location) = common::post_with(
        app,
        &format!("/staff/forms/{id}/review"),
        reviewer,
        &pairs(&[
            ("csrf_token", &token(&review)),
            ("revision", &revision),
            ("decision", "publish"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    location.expect("location")
}

async fn staff(app: &TestApp, demo: &demo::DemoFile, role: &str) -> String {
    let account = demo
        .staff_logins
        .iter()
        .find(|l| {
            l.role == role
                && (role == "dx_admin" || l.section.as_deref() == Some("kodomo-kosodate"))
        })
        .unwrap_or_else(|| panic!("no {role}"));
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("login")
}

fn token(page: &str) -> String {
    page.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("token")
        .to_string()
}

async fn publish(
    app: &TestApp,
    cookie: &str,
    id: &str,
    form: Form,
) -> (u16, String, Option<String>) {
    let response = no_redirects()
        .post(app.url(&format!("/staff/forms/{id}/json")))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("request");
    common::answer_of(response).await
}

#[tokio::test]
async fn the_dx_office_edits_previews_publishes_and_exports_a_form() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let clerk = staff(&app, &demo, "clerk").await;
    let (status, _, _) = get_with(&app, "/staff/forms", &clerk).await;
    assert_eq!(status, 403, "clerks do not edit forms");

    let admin = staff(&app, &demo, "dx_admin").await;
    let (status, list, _) = get_with(&app, "/staff/forms", &admin).await;
    assert_eq!(status, 200);
    assert!(list.contains("href=\"/staff/forms/sodaigomi\""), "{list}");
    let reviewer = second_admin(&app, &demo).await;
    let (status, editor, _) = get_with(&app, "/staff/forms/sodaigomi/json", &admin).await;
    assert_eq!(status, 200);
    assert!(editor.contains("<textarea id=\"definition\""));
    assert!(
        editor.contains("id=\"f-applicant_name-family_name\""),
        "the preview shows the form"
    );
    let csrf = token(&editor);

    // The live preview names problems by their path.
    let (_, current) = app.get_json("/api/v1/procedures/sodaigomi/form").await;
    assert_eq!(current["version"], 1);
    let mut broken = current.clone();
    broken["sections"][0]["fields"][0]["type"] = json!("texts");
    let fragment = no_redirects()
        .post(app.url("/staff/forms/sodaigomi/json/preview"))
        .header("cookie", &admin)
        .form(&[
            ("definition", broken.to_string()),
            ("csrf_token", csrf.clone()),
        ])
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(
        fragment.contains("error-summary") && fragment.contains("texts"),
        "{fragment}"
    );

    let (status, page, _) = publish(
        &app,
        &admin,
        "sodaigomi",
        Form::new()
            .text("csrf_token", csrf.clone())
            .text("step", "save")
            .text("definition", "{ not json"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("line 1"), "{page}");

    // Publishing another procedure's definition here is refused.
    let mut elsewhere = current.clone();
    elsewhere["procedure_id"] = json!("doro-sonsho");
    let (status, _, _) = publish(
        &app,
        &admin,
        "sodaigomi",
        Form::new()
            .text("csrf_token", csrf.clone())
            .text("step", "save")
            .text("definition", elsewhere.to_string()),
    )
    .await;
    assert_eq!(status, 422);

    let mut edited = current.clone();
    edited["sections"][0]["fields"]
        .as_array_mut()
        .expect("fields")
        .push(json!({"id": "floor", "type": "number", "label": {"ja": "搬出する階", "en": "Floor"}, "min": 1, "max": 60}));
    let (status, _, location) = publish(
        &app,
        &admin,
        "sodaigomi",
        Form::new()
            .text("csrf_token", csrf.clone())
            .text("step", "save")
            .text(
                "definition",
                serde_json::to_string_pretty(&edited).expect("json"),
            ),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/staff/forms/sodaigomi?saved=json")
    );
    // Saved, not published: residents still get version 1 until review.
    let (_, served) = app.get_json("/api/v1/procedures/sodaigomi/form").await;
    assert_eq!(served["version"], 1);
    let location = review_and_publish(&app, &admin, &reviewer, "sodaigomi").await;
    assert_eq!(location, "/staff/forms/sodaigomi/versions/2?published=1");
    let (_, served) = app.get_json("/api/v1/procedures/sodaigomi/form").await;
    assert_eq!(served["version"], 2);
    assert!(served.to_string().contains("搬出する階"));

    // Import from a file (with a BOM, as Windows editors save it).
    let mut imported = edited.clone();
    imported["title"]["ja"] = json!("粗大ごみ収集の申込（新）");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(imported.to_string().as_bytes());
    let (status, _, _) = publish(
        &app,
        &admin,
        "sodaigomi",
        Form::new()
            .text("csrf_token", csrf.clone())
            .text("step", "save")
            .text("definition", "")
            .part("file", Part::bytes(bytes).file_name("sodaigomi.json")),
    )
    .await;
    assert_eq!(status, 303);
    review_and_publish(&app, &admin, &reviewer, "sodaigomi").await;

    let response = no_redirects()
        .get(app.url("/staff/forms/sodaigomi/export"))
        .header("cookie", &admin)
        .send()
        .await
        .expect("request");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("sodaigomi.v3.form.json")
    );
    let exported: Value = response.json().await.expect("json");
    assert_eq!(exported["version"], 3);
    // An earlier version, as it was published.
    let (status, first, _) =
        get_with(&app, "/staff/forms/sodaigomi/export?version=1", &admin).await;
    assert_eq!(status, 200);
    let first: Value = serde_json::from_str(&first).expect("json");
    assert_eq!(first["version"], 1);
    assert!(!first.to_string().contains("搬出する階"));
    assert_eq!(exported["title"]["ja"], "粗大ごみ収集の申込（新）");

    let (_, editor, _) = get_with(&app, "/staff/forms/sodaigomi", &admin).await;
    assert!(
        editor.contains("第3版") && editor.contains("第1版"),
        "history lists versions"
    );
    // A published version is never changed: version 2 still reads as it was.
    let (status, version2, _) = get_with(&app, "/staff/forms/sodaigomi/versions/2", &admin).await;
    assert_eq!(status, 200);
    assert!(
        version2.contains("搬出する階") && !version2.contains("（新）"),
        "{version2}"
    );
    let published: i64 = sqlx::query(
        "SELECT COUNT(*) FROM audit_log WHERE target_id = 'sodaigomi' AND action = 'procedure.form_published'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count")
    .try_get(0)
    .expect("n");
    assert_eq!(published, 2);
}

#[tokio::test]
async fn a_procedures_workflow_is_set_by_the_dx_office_and_followed_by_the_case_page() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let admin = staff(&app, &demo, "dx_admin").await;
    let (_, editor, _) = get_with(&app, "/staff/forms/ninshin-todoke", &admin).await;
    let csrf = token(&editor);
    let status = no_redirects()
        .post(app.url("/staff/forms/ninshin-todoke/workflow"))
        .header("cookie", &admin)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("notice", "1"),
            ("withdrawal", "1"),
            ("decision_by", "clerk"),
        ])
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, 303);

    let body = json!({
        "applicant_name": {"family_name": "栄", "given_name": "花子", "family_name_kana": "サカエ", "given_name_kana": "ハナコ"},
        "birth_date": "平成6年7月8日", "postal_code": "4600008", "address": "名古屋市中区栄四丁目1番8号",
        "phone": "052-000-0000", "due_date": "2027-05-01", "weeks": 10, "multiple": "no",
        "clinic": "栄クリニック", "interview": "ward"
    });
    let receipt: Value = app
        .client
        .post(app.url("/api/v1/procedures/ninshin-todoke/applications"))
        .bearer_auth(&demo.api_token)
        .json(&body)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let receipt = receipt["receipt_number"].as_str().expect("receipt");
    let clerk = staff(&app, &demo, "clerk").await;
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    let step = |action: &'static str, token: String| {
        let clerk = clerk.clone();
        let url = app.url(&format!("/staff/applications/{receipt}/transitions"));
        async move {
            no_redirects()
                .post(url)
                .header("cookie", clerk)
                .form(&[
                    ("action", action),
                    ("csrf_token", token.as_str()),
                    // Past the confirmation of a decision.
                    ("confirm", "1"),
                ])
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    assert_eq!(step("start_review", token(&case)).await, 303);
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(
        case.contains("value=\"approve\""),
        "a clerk decides this procedure"
    );
    assert!(
        !case.contains("value=\"request_correction\""),
        "no corrections in this workflow"
    );
    assert_eq!(step("request_correction", token(&case)).await, 409);
    assert_eq!(step("approve", token(&case)).await, 303);

    let changed: i64 = sqlx::query(
        "SELECT COUNT(*) FROM audit_log WHERE target_id = 'ninshin-todoke' AND action = 'procedure.workflow_changed'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count")
    .try_get(0)
    .expect("n");
    assert_eq!(changed, 1);
}
