//! Attachments: a resident attaches a file to a form on a phone (multipart,
//! no JavaScript), the section reads it from the case page, and nobody else
//! can; types are judged from the bytes, and an API caller cannot put
//! another caller's upload into an application.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, hidden, login, no_redirects};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00";

/// 児童手当 認定請求, as a resident fills it in (the file comes separately).
const CHILD_ALLOWANCE: &[(&str, &str)] = &[
    ("applicant_name.family_name", "名古屋"),
    ("applicant_name.given_name", "花子"),
    ("applicant_name.family_name_kana", "なごや"),
    ("applicant_name.given_name_kana", "はなこ"),
    ("birth_date", "平成2年4月1日"),
    ("postal_code", "4608508"),
    ("address", "名古屋市中区三の丸三丁目1番1号"),
    ("phone", "052-961-1111"),
    ("relationship", "mother"),
    ("pension", "kosei"),
    ("children[0].name.family_name", "名古屋"),
    ("children[0].name.given_name", "一郎"),
    ("children[0].name.family_name_kana", "ナゴヤ"),
    ("children[0].name.given_name_kana", "イチロウ"),
    ("children[0].birth_date", "令和5年6月1日"),
    ("children[0].living_together", "together"),
    ("account.bank_code", "0001"),
    ("account.branch_code", "001"),
    ("account.account_type", "ordinary"),
    ("account.account_number", "1234567"),
    ("account.account_holder", "ナゴヤ ハナコ"),
    ("consent", "true"),
];

async fn post_multipart(
    app: &TestApp,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (u16, String) {
    let mut form = Form::new();
    for (name, value) in pairs {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((field, file_name, bytes)) = file {
        form = form.part(
            field.to_string(),
            Part::bytes(bytes.to_vec()).file_name(file_name.to_string()),
        );
    }
    let response = no_redirects()
        .post(app.url(path))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

async fn download(app: &TestApp, path: &str, cookie: &str) -> (u16, Vec<u8>, String) {
    let response = no_redirects()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("ascii").to_string())
        .unwrap_or_default();
    (
        status,
        response.bytes().await.expect("body").to_vec(),
        content_type,
    )
}

fn attachment_link(page: &str, prefix: &str) -> String {
    let start = page
        .find(prefix)
        .unwrap_or_else(|| panic!("no link {prefix} in {page}"));
    let rest = &page[start..];
    rest[..rest.find('"').expect("quote")].to_string()
}

#[tokio::test]
async fn a_residents_attachment_reaches_the_section_and_nobody_else() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("resident login");
    let path = "/procedures/jidou-teate-nintei/apply";
    let (_, form, _) = get_with(&app, path, &cookie).await;
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.contains("type=\"file\" id=\"f-id_document\""),
        "{form}"
    );

    // A program renamed to .pdf is refused for what it is.
    let (status, page) = post_multipart(
        &app,
        path,
        &cookie,
        CHILD_ALLOWANCE,
        Some(("id_document", "保険証.pdf", EXE)),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("このファイルの形式は添付できません"),
        "{page}"
    );

    let (status, confirm) = post_multipart(
        &app,
        path,
        &cookie,
        CHILD_ALLOWANCE,
        Some(("id_document", "保険証.pdf", PDF)),
    )
    .await;
    assert_eq!(status, 200, "{confirm}");
    assert!(confirm.contains("保険証.pdf（PDF、1 KB）"), "{confirm}");
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let (status, receipt_page) = post_multipart(
        &app,
        path,
        &cookie,
        &[
            ("__answers", &answers),
            ("__key", &key),
            ("__step", "submit"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{receipt_page}");
    let receipt = receipt_page
        .split("<p class=\"receipt-number\"><strong>")
        .nth(1)
        .map(|r| r[..r.find('<').expect("end")].to_string())
        .expect("receipt number");

    // The owning section reads it from the case page.
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kodomo-kosodate"))
        .expect("clerk");
    let clerk_cookie = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("clerk login");
    let (status, case, _) = get_with(
        &app,
        &format!("/staff/applications/{receipt}"),
        &clerk_cookie,
    )
    .await;
    assert_eq!(status, 200);
    let link = attachment_link(
        &case,
        &format!("/staff/applications/{receipt}/attachments/"),
    );
    let (status, bytes, content_type) = download(&app, &link, &clerk_cookie).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, PDF, "the file as the resident sent it");
    assert_eq!(content_type, "application/pdf");

    // Another section's clerk does not.
    let other = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kenko-kaigo"))
        .expect("other clerk");
    let other_cookie = login(&app, "/staff/login", &other.email, &other.password)
        .await
        .expect("login");
    let (status, _, _) = download(&app, &link, &other_cookie).await;
    assert_eq!(status, 404);

    // The resident reads it from the my page; another resident does not.
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{receipt}"), &cookie).await;
    let mine = attachment_link(&detail, &format!("/my/applications/{receipt}/attachments/"));
    let (status, bytes, _) = download(&app, &mine, &cookie).await;
    assert_eq!((status, bytes.as_slice()), (200, PDF));
    let stranger = &demo.resident_logins[1];
    let stranger_cookie = login(&app, "/login", &stranger.email, &stranger.password)
        .await
        .expect("login");
    let (status, _, _) = download(&app, &mine, &stranger_cookie).await;
    assert_eq!(status, 404);
    // An id the answers do not name is not served, even to the section.
    let (status, _, _) = download(
        &app,
        &format!("/staff/applications/{receipt}/attachments/00000000000000000000000000000000"),
        &clerk_cookie,
    )
    .await;
    assert_eq!(status, 404);
}

async fn upload(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/attachments?file_name={name}")))
        .bearer_auth(token)
        .body(bytes.to_vec())
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

fn child_allowance_json(attachment_id: &str) -> Value {
    json!({
        "applicant_name": {"family_name": "名古屋", "given_name": "花子", "family_name_kana": "ナゴヤ", "given_name_kana": "ハナコ"},
        "birth_date": "1990-04-01", "postal_code": "4608508", "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111", "relationship": "mother", "pension": "kosei",
        "children": [{"name": {"family_name": "名古屋", "given_name": "一郎", "family_name_kana": "ナゴヤ", "given_name_kana": "イチロウ"},
                      "birth_date": "2023-06-01", "living_together": "together"}],
        "account": {"bank_code": "0001", "branch_code": "001", "account_type": "ordinary", "account_number": "1234567", "account_holder": "ナゴヤ ハナコ"},
        // What the client claims about the file is ignored.
        "id_document": {"attachment_id": attachment_id, "content_type": "application/pdf", "size": 1},
        "consent": true
    })
}

async fn submit(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/procedures/jidou-teate-nintei/applications"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn api_uploads_are_judged_by_content_and_kept_to_their_uploader() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;

    let (status, body) = upload(&app, &token, "program.pdf", EXE).await;
    assert_eq!(status, 415, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("形式"),
        "{body}"
    );
    let (status, _) = upload(&app, &token, "empty.pdf", b"").await;
    assert_eq!(status, 400);

    // A GIF is a real image, but this field takes PDF, JPEG or PNG.
    let (status, gif) = upload(&app, &token, "scan.gif", GIF).await;
    assert_eq!(status, 201, "{gif}");
    assert_eq!(gif["content_type"], "image/gif");
    let (status, body) = submit(
        &app,
        &token,
        &child_allowance_json(gif["attachment_id"].as_str().expect("id")),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("id_document"), "{body}");

    // Another system's upload cannot be put into this caller's application.
    let other_token = common::issue_token(
        &app.platform.db,
        "other system",
        &["applications:read", "applications:write"],
        None,
    )
    .await;
    let (_, theirs) = upload(&app, &other_token, "theirs.pdf", PDF).await;
    let (status, body) = submit(
        &app,
        &token,
        &child_allowance_json(theirs["attachment_id"].as_str().expect("id")),
    )
    .await;
    assert_eq!(status, 422, "{body}");

    let (status, pdf) = upload(&app, &token, "住民票.pdf", PDF).await;
    assert_eq!(status, 201, "{pdf}");
    assert_eq!(pdf["size"], PDF.len());
    let id = pdf["attachment_id"].as_str().expect("id");
    let (status, receipt) = submit(&app, &token, &child_allowance_json(id)).await;
    assert_eq!(status, 201, "{receipt}");
    let receipt = receipt["receipt_number"].as_str().expect("receipt");
    let (_, application) = {
        let response = app
            .client
            .get(app.url(&format!("/api/v1/applications/{receipt}")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("request");
        (
            response.status().as_u16(),
            response.json::<Value>().await.expect("json"),
        )
    };
    let stored = &application["answers"]["id_document"];
    assert_eq!(
        stored["size"],
        PDF.len(),
        "the stored size, not the claimed one"
    );
    assert_eq!(stored["file_name"], "住民票.pdf");
    let response = app
        .client
        .get(app.url(&format!("/api/v1/applications/{receipt}/attachments/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.expect("bytes").as_ref(), PDF);
}

#[tokio::test]
async fn an_oversized_upload_is_refused_with_a_reason_and_nothing_kept() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let mut big = PDF.to_vec();
    big.resize(21 * 1024 * 1024 + 1, b' ');
    let (status, page) = post_multipart(
        &app,
        "/procedures/jidou-teate-nintei/apply",
        &cookie,
        CHILD_ALLOWANCE,
        Some(("id_document", "scan.pdf", &big)),
    )
    .await;
    assert!((400..500).contains(&status), "{status}");
    assert!(page.contains("大きすぎます"), "{page}");
    let (status, _) = upload(&app, &demo.api_token, "scan.pdf", &big).await;
    assert_eq!(status, 413);
    let kept = std::fs::read_dir(app.dir.path().join("attachments"))
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert_eq!(kept, 0, "no file was stored");
}

#[tokio::test]
async fn uploads_no_application_names_are_purged_after_a_week() {
    let app = TestApp::with_demo().await;
    let token = demo_file(&app).api_token;
    let (_, abandoned) = upload(&app, &token, "abandoned.pdf", PDF).await;
    let (_, used) = upload(&app, &token, "used.pdf", PDF).await;
    let (_, recent) = upload(&app, &token, "recent.pdf", PDF).await;
    let used_id = used["attachment_id"].as_str().expect("id").to_string();
    let (status, _) = submit(&app, &token, &child_allowance_json(&used_id)).await;
    assert_eq!(status, 201);
    let db = &app.platform.db;
    for id in [&abandoned["attachment_id"], &used["attachment_id"]] {
        sqlx::query("UPDATE attachments SET created_at = '2020-01-01T00:00:00Z' WHERE id = $1")
            .bind(id.as_str().expect("id"))
            .execute(db.pool())
            .await
            .expect("backdate");
    }
    let removed = app
        .platform
        .applications
        .attachments()
        .purge_unused(db, applications::attachments::UNUSED_KEPT_FOR)
        .await
        .expect("purge");
    assert_eq!(removed, 1, "only the abandoned upload");
    let left: Vec<String> = sqlx::query("SELECT id FROM attachments ORDER BY id")
        .fetch_all(db.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| sqlx::Row::try_get(r, "id").expect("id"))
        .collect();
    let mut expected = vec![
        used_id.clone(),
        recent["attachment_id"].as_str().expect("id").to_string(),
    ];
    expected.sort();
    assert_eq!(left, expected);
    let files = std::fs::read_dir(app.dir.path().join("attachments"))
        .expect("folder")
        .count();
    assert_eq!(files, 2, "the abandoned file is gone from disk");
}
