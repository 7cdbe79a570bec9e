//! A guest follows an application without an account: the receipt page and
//! mail give a check code; number and code open the status; a wrong code is
//! refused and guessing is bounded; a guest who signs in later keeps the
//! application on their my page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, element_text, get_with, hidden, login, no_redirects};
use sqlx::Row;

const BULKY_WASTE: &[(&str, &str)] = &[
    ("applicant_name.family_name", "名古屋"),
    ("applicant_name.given_name", "太郎"),
    ("applicant_name.family_name_kana", "ナゴヤ"),
    ("applicant_name.given_name_kana", "タロウ"),
    ("postal_code", "460-8508"),
    ("address", "名古屋市中区三の丸三丁目1番1号"),
    ("phone", "052-961-1111"),
    ("email", "guest-status@example.jp"),
    ("items[0].item", "sofa"),
    ("items[0].count", "1"),
    ("preferred_date", "2099-01-05"),
];

async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let response = no_redirects()
        .post(app.url(path))
        .header("cookie", cookie)
        .form(pairs)
        .send()
        .await
        .expect("request");
    common::answer_of(response).await
}

/// A guest's 粗大ごみ application: its receipt page.
async fn apply_as_guest(app: &TestApp) -> String {
    let path = "/procedures/sodaigomi/apply";
    let (status, confirm, _) = post(app, path, common::CSRF_COOKIE, BULKY_WASTE).await;
    assert_eq!(status, 200, "{confirm}");
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let submit = [
        ("__answers", answers.as_str()),
        ("__key", key.as_str()),
        ("__step", "submit"),
    ];
    let (status, receipt, _) = post(app, path, common::CSRF_COOKIE, &submit).await;
    assert_eq!(status, 200, "{receipt}");
    receipt
}

fn receipt_number(page: &str) -> String {
    page.split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .expect("receipt number")
        .to_string()
}

#[tokio::test]
async fn a_guest_checks_the_status_with_the_receipt_number_and_code() {
    let app = TestApp::with_demo().await;
    let receipt = apply_as_guest(&app).await;
    let number = receipt_number(&receipt);
    let code = element_text(&receipt, "check-code");
    assert_eq!(code.len(), 11, "{receipt}");
    assert!(
        !receipt.contains("マイページ"),
        "a guest has no my page to be sent to: {receipt}"
    );
    assert!(receipt.contains(&format!("href=\"/status?receipt={number}\"")));

    // The mail carries the code and a link that opens the status.
    let mail = common::mail_matching(app.dir.path(), |m| {
        m.contains("guest-status@example.jp") && m.contains(&number)
    })
    .await;
    assert!(mail.contains(&format!("確認コード: {code}")), "{mail}");
    let link = format!("/status?receipt={number}&code={code}");
    assert!(mail.contains(&link), "{mail}");
    let (status, page, _) = get_with(&app, &link, "").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("粗大ごみ"), "{page}");
    assert!(page.contains(&number));
    assert!(page.contains("受付済み"), "the status: {page}");

    // Typed by hand, in lower case with spaces, it is found as well.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, page, _) = post(
        &app,
        "/status",
        common::CSRF_COOKIE,
        &[("receipt", &number.to_lowercase()), ("code", &typed)],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("粗大ごみ"));

    // A wrong code shows nothing of the application.
    let (status, page, _) = post(
        &app,
        "/status",
        common::CSRF_COOKIE,
        &[("receipt", &number), ("code", "00000-00000")],
    )
    .await;
    assert_eq!(status, 404);
    assert!(page.contains("正しくありません"));
    assert!(!page.contains("粗大ごみ"));
}

#[tokio::test]
async fn guessing_codes_is_stopped_after_a_few_tries() {
    let app = TestApp::with_demo().await;
    let number = receipt_number(&apply_as_guest(&app).await);
    let mut statuses = Vec::new();
    for n in 0..12 {
        let guess = format!("AAAAA-{n:05}");
        let (status, _, _) =
            get_with(&app, &format!("/status?receipt={number}&code={guess}"), "").await;
        statuses.push(status);
    }
    assert_eq!(&statuses[..10], &[404; 10]);
    assert_eq!(statuses[10], 429, "{statuses:?}");
}

#[tokio::test]
async fn a_guest_who_signs_in_keeps_the_application_on_the_my_page() {
    let app = TestApp::with_demo().await;
    let receipt = apply_as_guest(&app).await;
    let number = receipt_number(&receipt);
    let code = element_text(&receipt, "check-code");
    let link = format!("/status?receipt={number}&code={code}");

    // Not signed in: the page offers to sign in and come back.
    let (_, page, _) = get_with(&app, &link, "").await;
    assert!(
        page.contains("/login?next=%2Fstatus%3Freceipt%3D"),
        "{page}"
    );

    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let (_, page, _) = get_with(&app, &link, &cookie).await;
    assert!(page.contains("action=\"/status/keep\""), "{page}");
    let token = hidden(&page, "csrf_token");
    let (status, _, location) = post(
        &app,
        "/status/keep",
        &cookie,
        &[
            ("csrf_token", &token),
            ("receipt", &number),
            ("code", &code),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some(format!("/my/applications/{number}").as_str())
    );
    let (status, list, _) = get_with(&app, "/my/applications", &cookie).await;
    assert_eq!(status, 200);
    assert!(list.contains(&number), "{list}");
    let kind: String =
        sqlx::query("SELECT submitter_kind FROM applications WHERE receipt_number = $1")
            .bind(&number)
            .fetch_one(app.platform.db.pool())
            .await
            .expect("row")
            .try_get(0)
            .expect("kind");
    assert_eq!(kind, "resident");
    // It is no guest's any more: the code no longer opens it.
    let (status, _, _) = get_with(&app, &link, "").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_guest_asked_for_a_correction_corrects_it_with_the_code() {
    let app = TestApp::with_demo().await;
    // 妊娠の届出, opened to guests for this test (it has no fee to wait for).
    sqlx::query("UPDATE procedures SET guest_allowed = (1 = 1) WHERE id = 'ninshin-todoke'")
        .execute(app.platform.db.pool())
        .await
        .expect("guests allowed");
    let path = "/procedures/ninshin-todoke/apply";
    let fields = [
        ("applicant_name.family_name", "名古屋"),
        ("applicant_name.given_name", "花子"),
        ("applicant_name.family_name_kana", "ナゴヤ"),
        ("applicant_name.given_name_kana", "ハナコ"),
        ("birth_date", "平成6年7月8日"),
        ("postal_code", "4608508"),
        ("address", "名古屋市中区三の丸三丁目1番1号"),
        ("phone", "052-961-1111"),
        ("due_date", "2099-05-01"),
        ("weeks", "10"),
        ("multiple", "no"),
        ("clinic", "まちがいクリニック"),
        ("interview", "ward"),
    ];
    let (status, confirm, _) = post(&app, path, common::CSRF_COOKIE, &fields).await;
    assert_eq!(status, 200, "{confirm}");
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let submit = [
        ("__answers", answers.as_str()),
        ("__key", key.as_str()),
        ("__step", "submit"),
    ];
    let (_, receipt, _) = post(&app, path, common::CSRF_COOKIE, &submit).await;
    let number = receipt_number(&receipt);
    let code = element_text(&receipt, "check-code");

    let demo = common::demo_file(&app);
    for (action, comment) in [
        ("start_review", None),
        ("request_correction", Some("医療機関名を確認してください")),
    ] {
        let response = app
            .client
            .post(app.url(&format!("/api/v1/applications/{number}/transitions")))
            .bearer_auth(&demo.api_token)
            .json(&serde_json::json!({ "action": action, "comment": comment }))
            .send()
            .await
            .expect("transition");
        assert_eq!(response.status(), 200, "{action}");
    }

    let status_page = format!("/status?receipt={number}&code={code}");
    let (_, page, _) = get_with(&app, &status_page, "").await;
    assert!(page.contains("医療機関名を確認してください"), "{page}");
    let correct = format!("/status/correct?receipt={number}&code={code}");
    assert!(page.contains(&correct.replace('&', "&#38;")), "{page}");
    let (status, form, _) = get_with(&app, &correct, common::CSRF_COOKIE).await;
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("value=\"まちがいクリニック\""), "{form}");
    let token = hidden(&form, "csrf_token");
    let mut corrected: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| {
            if *k == "clinic" {
                (*k, "名古屋中央クリニック")
            } else {
                (*k, *v)
            }
        })
        .collect();
    corrected.push(("csrf_token", token.as_str()));
    // Without the code, nothing is corrected.
    let (status, _, _) = post(
        &app,
        &format!("/status/correct?receipt={number}&code=00000-00000"),
        common::CSRF_COOKIE,
        &corrected,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, location) = post(&app, &correct, common::CSRF_COOKIE, &corrected).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(status_page.as_str()));
    let (_, page, _) = get_with(&app, &status_page, "").await;
    assert!(page.contains("補正済み"), "{page}");
}

#[tokio::test]
async fn every_public_page_leads_a_guest_to_the_status_check_but_staff_pages_do_not() {
    let app = TestApp::with_demo().await;
    for (path, label) in [
        ("/", "申請の状況確認"),
        ("/?lang=en", "Check an application"),
    ] {
        let page = app.get(path).await.text().await.expect("page");
        let footer = &page[page.find("<footer").expect("a footer")..];
        assert!(footer.contains("href=\"/status"), "{path}: {footer}");
        assert!(footer.contains(label), "{path}: {footer}");
    }
    let sitemap = app.get("/sitemap").await.text().await.expect("sitemap");
    assert!(sitemap.contains("href=\"/status\""), "{sitemap}");
    let demo = common::demo_file(&app);
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk")
        .expect("a clerk");
    let cookie = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("login");
    let (_, staff, _) = get_with(&app, "/staff", &cookie).await;
    let footer = &staff[staff.find("<footer").expect("a footer")..];
    assert!(!footer.contains("/status"), "{footer}");
}
