//! Signed notices through the real HTTP stack: a decided case's notice is
//! issued (from the case page and by API), signed, delivered to the
//! applicant, and checked on the public verification page, which tells a
//! valid notice from an altered copy, an unknown signer and a revoked one;
//! bad uploads get a clear 4xx.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, hidden, issue_token, login, post_with, submit_child_allowance};
use serde_json::{Value, json};

async fn api(app: &TestApp, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let request = match body {
        Some(body) => app.client.post(app.url(path)).json(&body),
        None => app.client.get(app.url(path)),
    };
    let response = request.bearer_auth(token).send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn decide(app: &TestApp, token: &str, receipt: &str, decision: &str) {
    for action in ["start_review", decision] {
        let (status, body) = api(
            app,
            token,
            &format!("/api/v1/applications/{receipt}/transitions"),
            Some(json!({"action": action, "comment": "所得が限度額を超えているため。"})),
        )
        .await;
        assert_eq!(status, 200, "{action}: {body}");
    }
}

async fn verify_pdf(app: &TestApp, pdf: Vec<u8>) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/notices/verify"))
        .header("content-type", "application/pdf")
        .body(pdf)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

/// A business system's token that submits, reads and decides cases.
async fn case_token(app: &TestApp) -> String {
    issue_token(
        &app.platform.db,
        "kosodate",
        &[
            "applications:write",
            "applications:read",
            "transitions:write",
            "decisions:write",
        ],
        None,
    )
    .await
}

/// A signed-in clerk of 子育て支援課 (the section of 児童手当).
async fn kosodate_clerk(app: &TestApp) -> String {
    let demo = common::demo_file(app);
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kodomo-kosodate"))
        .expect("a clerk of 子育て支援課");
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("clerk")
}

/// The check code as the notice prints it (the database keeps its hash).
async fn check_code_of(app: &TestApp, number: &str) -> String {
    let notice = notices::store::by_number(&app.platform.db, number)
        .await
        .unwrap()
        .expect("notice");
    notices::store::content(&app.platform.db, &notice.id)
        .await
        .unwrap()
        .check_code
}

#[tokio::test]
async fn an_approved_case_gets_a_signed_notice_that_the_verification_page_accepts() {
    let app = TestApp::with_demo().await;
    let token = case_token(&app).await;
    let receipt = submit_child_allowance(&app, &token, "名古屋", "id.pdf").await;
    decide(&app, &token, &receipt, "approve").await;

    // A bare status change is refused: the notice is a document.
    let (status, body) = api(
        &app,
        &token,
        &format!("/api/v1/applications/{receipt}/transitions"),
        Some(json!({"action": "issue_notice"})),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "notice_required", "{body}");

    // The section clerk issues it from the case page.
    let clerk = kosodate_clerk(&app).await;
    let (status, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("/staff/applications/{receipt}/notice")),
        "a link to issue it"
    );
    let path = format!("/staff/applications/{receipt}/notice");
    let (status, page, _) = get_with(&app, &path, &clerk).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("名古屋 花子"),
        "the preview addresses the applicant"
    );
    assert!(
        page.contains("教示"),
        "the preview carries the appeal instruction"
    );
    let csrf = hidden(&page, "csrf_token");
    let (status, _, location) =
        post_with(&app, &path, &clerk, &[("csrf_token".into(), csrf)]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(path.as_str()));

    let (status, case) = api(
        &app,
        &token,
        &format!("/api/v1/applications/{receipt}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(case["status"], "notice_issued", "{case}");
    let (_, page, _) = get_with(&app, &path, &clerk).await;
    let number = page
        .split("/notices/")
        .nth(1)
        .and_then(|rest| rest.split(['"', '/']).next())
        .expect("the notice's number")
        .to_string();
    assert!(number.starts_with("N-R"), "{number}");

    // Business systems fetch it; the signed PDF is what was delivered.
    let (status, record) = api(&app, &token, &format!("/api/v1/notices/{number}"), None).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["level"], "B-LT");
    assert_eq!(record["decision"], "approved");
    let pdf = app
        .client
        .get(app.url(&format!("/api/v1/notices/{number}/pdf")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert!(pdf.starts_with(b"%PDF-"));

    let (status, verdict) = verify_pdf(&app, pdf.clone()).await;
    assert_eq!(status, 200, "{verdict}");
    assert_eq!(verdict["result"], "valid", "{verdict}");
    assert_eq!(verdict["number"], number.as_str());
    assert_eq!(verdict["procedure"], "児童手当 認定請求", "{verdict}");
    assert!(
        verdict["signer"].as_str().unwrap().contains("名古屋市長"),
        "{verdict}"
    );
    assert!(
        !verdict.to_string().contains("花子"),
        "no personal data: {verdict}"
    );

    // One byte changed inside the signed range.
    let mut altered = pdf.clone();
    let at = altered
        .windows(4)
        .position(|w| w == b"/Pag")
        .expect("a page object");
    altered[at + 1] = b'Q';
    let (status, verdict) = verify_pdf(&app, altered).await;
    assert_eq!(
        (status, verdict["result"].as_str()),
        (200, Some("altered")),
        "{verdict}"
    );

    // By number and check code, as printed.
    let code = check_code_of(&app, &number).await;
    let (status, verdict) = api(
        &app,
        "",
        &format!(
            "/api/v1/notices/verify?number={number}&code={}",
            code.to_lowercase()
        ),
        None,
    )
    .await;
    assert_eq!(
        (status, verdict["result"].as_str()),
        (200, Some("valid")),
        "{verdict}"
    );
    let (_, verdict) = api(
        &app,
        "",
        &format!("/api/v1/notices/verify?number={number}&code=2222-2222"),
        None,
    )
    .await;
    assert_eq!(verdict["result"], "not_found");

    // The section revokes it with a reason; the verification page says so.
    let (_, page, _) = get_with(&app, &path, &clerk).await;
    let csrf = hidden(&page, "csrf_token");
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/applications/{receipt}/notices/{number}/revoke"),
        &clerk,
        &[
            ("csrf_token".into(), csrf.clone()),
            ("reason".into(), "支給開始月の誤り".into()),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, verdict) = verify_pdf(&app, pdf).await;
    assert_eq!(verdict["result"], "revoked", "{verdict}");
    // A corrected notice replaces it.
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/applications/{receipt}/notices/{number}/reissue"),
        &clerk,
        &[("csrf_token".into(), csrf)],
    )
    .await;
    assert_eq!(status, 303);
    let (_, record) = api(&app, &token, &format!("/api/v1/notices/{number}"), None).await;
    let corrected = record["replaced_by"]
        .as_str()
        .expect("replaced")
        .to_string();
    let (_, verdict) = api(
        &app,
        "",
        &format!("/api/v1/notices/verify?number={number}&code={code}"),
        None,
    )
    .await;
    assert_eq!(verdict["result"], "revoked");
    assert_eq!(verdict["replaced_by"], corrected.as_str(), "{verdict}");
}

#[tokio::test]
async fn a_refusal_is_issued_only_with_its_reasons_and_by_api() {
    let app = TestApp::with_demo().await;
    let token = case_token(&app).await;
    let receipt = submit_child_allowance(&app, &token, "栄", "id.pdf").await;
    decide(&app, &token, &receipt, "reject").await;
    let path = format!("/api/v1/applications/{receipt}/notice");
    let (status, body) = api(&app, &token, &path, Some(json!({"reasons": "  "}))).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("行政手続法第8条"),
        "{body}"
    );
    let (status, notice) = api(
        &app,
        &token,
        &path,
        Some(json!({"reasons": "世帯の所得が所得上限限度額を超えているため。"})),
    )
    .await;
    assert_eq!(status, 201, "{notice}");
    assert_eq!(notice["decision"], "rejected");
    assert_eq!(notice["kind"], "却下通知書");
    // Issued once: the case has moved on.
    let (status, _) = api(&app, &token, &path, Some(json!({"reasons": "x"}))).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn uploads_that_are_not_signed_notices_get_a_clear_answer() {
    let app = TestApp::spawn().await;
    let (status, body) = verify_pdf(&app, b"hello, this is not a PDF".to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "not_pdf");
    let (status, body) = verify_pdf(&app, common::PDF.to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "no_signature");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("電子署名がありません")
    );
    let (status, _) = verify_pdf(&app, vec![b'%'; 11 * 1024 * 1024]).await;
    assert_eq!(status, 413);
    // The page answers in words, never a 5xx.
    let form = reqwest::multipart::Form::new().part(
        "pdf",
        reqwest::multipart::Part::bytes(b"not a pdf".to_vec()).file_name("x.pdf"),
    );
    let response = app
        .client
        .post(app.url("/verify"))
        .header("cookie", common::CSRF_COOKIE)
        .multipart(form.text("csrf_token", common::CSRF))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("PDF ファイルではありません")
    );

    // Signed, intact, but by a CA the city does not trust.
    let stranger = signatures::DemoPki::generate_with(
        "どこかの市",
        "どこかの市長",
        signatures::Algorithm::P256,
    )
    .unwrap();
    let signed = signatures::sign(
        &one_page_pdf(),
        &stranger.signer_credentials().unwrap(),
        &signatures::SignOptions::default(),
    )
    .unwrap();
    let (status, verdict) = verify_pdf(&app, signed).await;
    assert_eq!(
        (status, verdict["result"].as_str()),
        (200, Some("unknown_signer")),
        "{verdict}"
    );
}

/// A notice-shaped PDF made by the platform's own layout.
fn one_page_pdf() -> Vec<u8> {
    let font = notices::pdf::NoticeFont::find(None).expect("a Japanese font (fonts-ipaexfont)");
    let template = notices::template::default_for(notices::Decision::Approved);
    let content = notices::template::content(
        &template,
        &notices::template::Facts::sample(notices::Decision::Approved),
        "N-R8-999999",
        "ABCD-EFGH",
        "http://127.0.0.1/verify",
    )
    .unwrap();
    notices::pdf::render(&content, &font, time::OffsetDateTime::now_utc()).unwrap()
}

#[tokio::test]
async fn a_section_issues_its_approved_cases_in_bulk_and_notices_get_archive_timestamps() {
    let app = TestApp::with_demo().await;
    let token = case_token(&app).await;
    let mut receipts = Vec::new();
    for name in ["栄", "大須", "金山"] {
        let receipt = submit_child_allowance(&app, &token, name, "id.pdf").await;
        decide(&app, &token, &receipt, "approve").await;
        receipts.push(receipt);
    }
    let clerk = kosodate_clerk(&app).await;
    let (status, page, _) = get_with(&app, "/staff/notices", &clerk).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("児童手当"), "{page}");
    let csrf = hidden(&page, "csrf_token");
    let (status, _, _) = post_with(
        &app,
        "/staff/notices/bulk",
        &clerk,
        &[
            ("csrf_token".into(), csrf),
            ("procedure_id".into(), "jidou-teate-nintei".into()),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let started = std::time::Instant::now();
    loop {
        let batches = notices::bulk::batches(&app.platform.db, "kodomo-kosodate")
            .await
            .unwrap();
        if batches[0].state != "running" {
            assert_eq!(
                (batches[0].issued, batches[0].failed),
                (3, 0),
                "{batches:?}"
            );
            break;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "the bulk issue never ended"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for receipt in &receipts {
        let (_, case) = api(
            &app,
            &token,
            &format!("/api/v1/applications/{receipt}"),
            None,
        )
        .await;
        assert_eq!(case["status"], "notice_issued", "{case}");
    }

    // Before the last timestamp's certificate expires, the daily job adds
    // an archive timestamp; the notice stays valid.
    let number: String = sqlx::query_scalar("SELECT number FROM notices WHERE receipt_number = $1")
        .bind(&receipts[0])
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap();
    let due: Option<String> =
        sqlx::query_scalar("SELECT archive_due_at FROM notices WHERE number = $1")
            .bind(&number)
            .fetch_one(app.platform.db.pool())
            .await
            .unwrap();
    assert!(
        due.is_some(),
        "a B-LT notice has its archive timestamp planned"
    );
    let signing = app.platform.notices.issuer.signing.clone().unwrap();
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(
        notices::archive::renew_due(&app.platform.db, &signing, &app.platform.notices.trust, now)
            .await
            .unwrap(),
        0,
        "nothing is due yet"
    );
    sqlx::query("UPDATE notices SET archive_due_at = $1 WHERE number = $2")
        .bind(kernel::clock::to_text(now - time::Duration::days(1)))
        .bind(&number)
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    assert_eq!(
        notices::archive::renew_due(&app.platform.db, &signing, &app.platform.notices.trust, now)
            .await
            .unwrap(),
        1
    );
    let (_, record) = api(&app, &token, &format!("/api/v1/notices/{number}"), None).await;
    assert_eq!(record["level"], "B-LTA", "{record}");
    let pdf = app
        .client
        .get(app.url(&format!("/api/v1/notices/{number}/pdf")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let report = signatures::verify::verify(&pdf, &app.platform.notices.trust).unwrap();
    assert!(report.valid(), "{report:?}");
    assert!(
        report
            .signatures
            .iter()
            .any(|s| s.kind == signatures::verify::Kind::DocumentTimestamp),
        "{report:?}"
    );
    let (_, verdict) = verify_pdf(&app, pdf).await;
    assert_eq!(verdict["result"], "valid", "{verdict}");
}

#[tokio::test]
async fn the_dx_office_edits_a_procedures_template_and_the_next_notice_follows_it() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let admin = demo
        .staff_logins
        .iter()
        .find(|l| l.email == "dx.admin@city.example.jp")
        .expect("the DX office");
    let dx = login(&app, "/staff/login", &admin.email, &admin.password)
        .await
        .expect("dx");
    let (status, body, location) = get_with(
        &app,
        "/staff/notice-templates?procedure=jidou-teate-nintei&decision=approved",
        &dx,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let path = location.expect("to the template");
    assert_eq!(path, "/staff/notice-templates/jidou-teate-nintei/approved");
    let (status, page, _) = get_with(&app, &path, &dx).await;
    assert_eq!(status, 200, "{page}");
    let csrf = hidden(&page, "csrf_token");
    let revision = hidden(&page, "revision");
    let form = |body: &str| -> Vec<(String, String)> {
        vec![
            ("csrf_token".into(), csrf.clone()),
            ("revision".into(), revision.clone()),
            ("kind".into(), "児童手当認定通知書".into()),
            ("title".into(), "児童手当の認定について（通知）".into()),
            ("body".into(), body.into()),
            (
                "items".into(),
                "受付番号: {{ receipt_number }}\n支給開始月: 令和8年12月".into(),
            ),
            ("disposition".into(), "1".into()),
            ("appeal".into(), notices::template::DEFAULT_APPEAL.into()),
            ("issuer".into(), "名古屋市長".into()),
        ]
    };
    // A mistake is told in Japanese and nothing is saved.
    let (status, page, _) =
        post_with(&app, &path, &dx, &form("{{ applicant }}様 {{ 申請日 }}")).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("書き方に誤り") || page.contains("使えない差し込み項目"),
        "{page}"
    );
    let (status, page, _) = post_with(
        &app,
        &path,
        &dx,
        &form(
            "{{ applicant }}様から{{ submitted_on }}に申請のあった児童手当について、認定しました。",
        ),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("保存しました"), "{page}");
    // Saving again from the old revision is refused: someone changed it.
    let (status, _, _) = post_with(&app, &path, &dx, &form("古い版からの変更")).await;
    assert_eq!(status, 409);

    let token = case_token(&app).await;
    let receipt = submit_child_allowance(&app, &token, "鶴舞", "id.pdf").await;
    decide(&app, &token, &receipt, "approve").await;
    let (status, notice) = api(
        &app,
        &token,
        &format!("/api/v1/applications/{receipt}/notice"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 201, "{notice}");
    assert_eq!(notice["kind"], "児童手当認定通知書");
    let number = notice["number"].as_str().unwrap();
    let stored = notices::store::by_number(&app.platform.db, number)
        .await
        .unwrap()
        .unwrap();
    let content = notices::store::content(&app.platform.db, &stored.id)
        .await
        .unwrap();
    assert!(
        content.body[0].starts_with("鶴舞 花子様から"),
        "{:?}",
        content.body
    );
    assert!(
        content
            .items
            .iter()
            .any(|(l, v)| l == "支給開始月" && v == "令和8年12月")
    );
}
