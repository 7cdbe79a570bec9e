//! Decisions on the case page, as a new clerk and a resident meet them: a
//! refusal or a correction request needs the reason the applicant reads
//! (on the page and in the API); approving, refusing, closing and
//! withdrawing ask first and change nothing until confirmed; the clerk can
//! write to the applicant; the history reads in words with names; a
//! correction shows what changed; after a step the next case is offered.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, hidden, login, mail_matching, no_redirects};
use serde_json::{Value, json};
use sqlx::Row;

async fn staff_cookie(app: &TestApp, demo: &demo::DemoFile, role: &str) -> (String, String) {
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == role && l.section.as_deref() == Some("kodomo-kosodate"))
        .unwrap_or_else(|| panic!("no {role}"));
    let cookie = login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("login");
    (cookie, account.name.clone())
}

/// A 妊娠の届出 (子育て支援課) sent by a business system.
async fn pregnancy_notice(app: &TestApp, demo: &demo::DemoFile, clinic: &str) -> String {
    let body = json!({
        "applicant_name": {"family_name": "栄", "given_name": "花子", "family_name_kana": "サカエ", "given_name_kana": "ハナコ"},
        "birth_date": "平成6年7月8日", "postal_code": "4600008", "address": "名古屋市中区栄四丁目1番8号",
        "phone": "052-000-0000", "due_date": "2027-05-01", "weeks": 10, "multiple": "no",
        "clinic": clinic, "interview": "ward"
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/ninshin-todoke/applications"))
        .bearer_auth(&demo.api_token)
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

/// A 妊娠の届出 a signed-in resident sends through the pages.
async fn resident_applies(app: &TestApp, cookie: &str) -> String {
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
    let (_, confirm, _) = post(app, path, cookie, &fields).await;
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let (_, receipt, _) = post(
        app,
        path,
        cookie,
        &[
            ("__answers", answers.as_str()),
            ("__key", key.as_str()),
            ("__step", "submit"),
        ],
    )
    .await;
    receipt
        .split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .expect("receipt number")
        .to_string()
}

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

/// Posts a step from the case page (with its token); `confirm` as given.
async fn step(
    app: &TestApp,
    cookie: &str,
    receipt: &str,
    action: &str,
    comment: &str,
    confirm: Option<&str>,
) -> (u16, String, Option<String>) {
    let (_, page, _) = get_with(app, &format!("/staff/applications/{receipt}"), cookie).await;
    let token = hidden(&page, "csrf_token");
    let mut pairs = vec![
        ("action", action),
        ("comment", comment),
        ("csrf_token", token.as_str()),
    ];
    if let Some(confirm) = confirm {
        pairs.push(("confirm", confirm));
    }
    post(
        app,
        &format!("/staff/applications/{receipt}/transitions"),
        cookie,
        &pairs,
    )
    .await
}

async fn status_of(app: &TestApp, receipt: &str) -> String {
    sqlx::query("SELECT status FROM applications WHERE receipt_number = $1")
        .bind(receipt)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("case")
        .get("status")
}

async fn api_step(app: &TestApp, token: &str, receipt: &str, body: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

#[tokio::test]
async fn a_refusal_or_a_correction_request_needs_the_reason_the_applicant_reads() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo, "栄クリニック").await;
    let (manager, _) = staff_cookie(&app, &demo, "manager").await;
    assert_eq!(
        step(&app, &manager, &receipt, "start_review", "", None)
            .await
            .0,
        303
    );

    // On the page: refused with the form shown again, in Japanese…
    let (status, page, _) = step(&app, &manager, &receipt, "reject", " \n ", None).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("不承認にするときは、申請者に伝える理由を入力してください"),
        "{page}"
    );
    assert!(
        page.contains("class=\"error-summary\"") && page.contains("href=\"#comment-reject\""),
        "the summary links the field: {page}"
    );
    assert!(page.contains("aria-invalid=\"true\""));
    let (status, page, _) = step(&app, &manager, &receipt, "request_correction", "", None).await;
    assert_eq!(status, 422);
    assert!(page.contains("何を直してほしいか"), "{page}");
    // …and in English.
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &manager).await;
    let token = hidden(&case, "csrf_token");
    let (status, page, _) = post(
        &app,
        &format!("/staff/applications/{receipt}/transitions?lang=en"),
        &manager,
        &[
            ("action", "reject"),
            ("comment", ""),
            ("csrf_token", token.as_str()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Give the reason for the refusal"), "{page}");
    assert_eq!(status_of(&app, &receipt).await, "reviewing", "nothing sent");

    // In the API: a 422 that names the field.
    let (status, body) =
        api_step(&app, &demo.api_token, &receipt, json!({"action": "reject"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "reason_required");
    assert_eq!(body["error"]["fields"][0]["field"], "comment");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("理由"),
        "{body}"
    );
    let (status, _) = api_step(
        &app,
        &demo.api_token,
        &receipt,
        json!({"action": "request_correction", "comment": "   "}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(status_of(&app, &receipt).await, "reviewing");
    let mails: i64 = sqlx::query("SELECT COUNT(*) FROM mail_queue WHERE body LIKE $1")
        .bind(format!("%{receipt}%"))
        .fetch_one(app.platform.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(mails, 0, "no mail without a reason");

    // With a reason the refusal goes through, after the confirmation.
    let reason = "所得が支給の基準を超えているため";
    let (status, confirm, _) = step(&app, &manager, &receipt, "reject", reason, None).await;
    assert_eq!(status, 200);
    assert!(
        confirm.contains(reason),
        "the reason is shown before it is sent"
    );
    assert_eq!(
        step(&app, &manager, &receipt, "reject", reason, Some("1"))
            .await
            .0,
        303
    );
    assert_eq!(status_of(&app, &receipt).await, "rejected");
}

#[tokio::test]
async fn approving_refusing_closing_and_withdrawing_ask_first() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let older = pregnancy_notice(&app, &demo, "大須クリニック").await;
    let receipt = pregnancy_notice(&app, &demo, "栄クリニック").await;
    let (manager, _) = staff_cookie(&app, &demo, "manager").await;
    step(&app, &manager, &receipt, "start_review", "", None).await;
    let audit = |receipt: String| {
        let pool = app.platform.db.pool().clone();
        async move {
            sqlx::query(
                "SELECT COUNT(*) FROM audit_log a JOIN applications p ON p.id = a.target_id \
                 WHERE a.target_type = 'application' AND p.receipt_number = $1",
            )
            .bind(receipt)
            .fetch_one(&pool)
            .await
            .expect("count")
            .get::<i64, _>(0)
        }
    };
    let before = audit(receipt.clone()).await;

    // The first post only says what will happen.
    let (status, page, _) = step(&app, &manager, &receipt, "approve", "認定しました", None).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("「承認」の前に確認してください")
            && page.contains("承認した後で取り消すことはできません")
            && page.contains("まだ何も変わっていません"),
        "{page}"
    );
    assert_eq!(
        hidden(&page, "comment"),
        "認定しました",
        "the input is carried"
    );
    assert!(page.contains("name=\"confirm\" value=\"1\""));
    assert_eq!(status_of(&app, &receipt).await, "reviewing");
    assert_eq!(audit(receipt.clone()).await, before, "nothing recorded");
    // Going back shows the case with what was typed.
    let (status, page, _) = step(
        &app,
        &manager,
        &receipt,
        "approve",
        "認定しました",
        Some("back"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains(">認定しました</textarea>"), "{page}");
    assert_eq!(status_of(&app, &receipt).await, "reviewing");

    // The confirmation's button takes the step, and the next case is offered.
    let (status, _, location) = step(
        &app,
        &manager,
        &receipt,
        "approve",
        "認定しました",
        Some("1"),
    )
    .await;
    assert_eq!(status, 303);
    let location = location.expect("location");
    assert_eq!(
        location,
        format!("/staff/applications/{receipt}?done=approve")
    );
    assert_eq!(status_of(&app, &receipt).await, "approved");
    let (_, page, _) = get_with(&app, &location, &manager).await;
    assert!(page.contains("「承認」を記録しました。"), "{page}");
    assert!(
        page.contains(&format!("href=\"/staff/applications/{older}\""))
            && page.contains("次の案件"),
        "the next open case of the section: {page}"
    );

    // The resident's withdrawal: the button is last on the page, and asks.
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let mine = resident_applies(&app, &cookie).await;
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{mine}"), &cookie).await;
    let withdraw_at = detail
        .find("この申請を取り下げる")
        .expect("withdraw button");
    assert!(
        withdraw_at > detail.find("申請した内容").expect("answers")
            && withdraw_at > detail.find("これまでの経過").expect("history"),
        "withdrawing is not the first thing on the page"
    );
    assert!(detail.contains("class=\"button-secondary\">この申請を取り下げる"));
    let token = hidden(&detail, "csrf_token");
    let path = format!("/my/applications/{mine}/withdraw");
    let (status, page, _) = post(&app, &path, &cookie, &[("csrf_token", token.as_str())]).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("この申請を取り下げますか") && page.contains("元に戻せません"),
        "{page}"
    );
    assert_eq!(
        status_of(&app, &mine).await,
        "received",
        "not yet withdrawn"
    );
    let (status, _, _) = post(
        &app,
        &path,
        &cookie,
        &[("csrf_token", token.as_str()), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(status_of(&app, &mine).await, "withdrawn");
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{mine}"), &cookie).await;
    assert!(
        detail.contains("status-withdrawn"),
        "its own badge: {detail}"
    );
}

#[tokio::test]
async fn a_message_to_the_applicant_reaches_their_page_and_mail() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let receipt = resident_applies(&app, &cookie).await;
    let (clerk, clerk_name) = staff_cookie(&app, &demo, "clerk").await;
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(case.contains("申請者への連絡"), "{case}");
    let token = hidden(&case, "csrf_token");
    let path = format!("/staff/applications/{receipt}/messages");
    let (status, page, _) = post(
        &app,
        &path,
        &clerk,
        &[("body", "  "), ("csrf_token", token.as_str())],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("1 文字以上"), "{page}");
    let message = "母子健康手帳は区役所の窓口でお渡しします。";
    let (status, _, location) = post(
        &app,
        &path,
        &clerk,
        &[("body", message), ("csrf_token", token.as_str())],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, &location.expect("location"), &clerk).await;
    assert!(page.contains("申請者に連絡を送りました。"), "{page}");
    assert!(
        page.contains(&format!(
            "<strong class=\"history-what\">申請者への連絡</strong> <span class=\"history-who\">{clerk_name}</span>"
        )),
        "in the history with the clerk's name: {page}"
    );

    let (_, detail, _) = get_with(&app, &format!("/my/applications/{receipt}"), &cookie).await;
    assert!(detail.contains(message), "on the resident's page: {detail}");
    let mail = mail_matching(app.dir.path(), |t| t.contains(message)).await;
    assert!(
        mail.contains(&receipt) && mail.contains("担当課からのお知らせ"),
        "{mail}"
    );
    let forged = post(
        &app,
        &path,
        &clerk,
        &[("body", "x"), ("csrf_token", "forged")],
    )
    .await;
    assert_eq!(forged.0, 403);
}

#[tokio::test]
async fn the_history_reads_in_words_with_names_and_a_correction_shows_what_changed() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo, "栄クリニック").await;
    let (clerk, clerk_name) = staff_cookie(&app, &demo, "clerk").await;
    let (manager, manager_name) = staff_cookie(&app, &demo, "manager").await;
    step(&app, &clerk, &receipt, "start_review", "", None).await;
    let (status, _, _) = step(
        &app,
        &clerk,
        &receipt,
        "request_correction",
        "医療機関名を確認してください",
        None,
    )
    .await;
    assert_eq!(status, 303, "a correction request needs no confirmation");

    // The applicant corrects the clinic.
    let db = &app.platform.db;
    let application = applications::store::by_receipt(db, &receipt)
        .await
        .expect("read")
        .expect("case");
    let mut answers = application.answers.clone();
    answers["clinic"] = json!("名古屋中央クリニック");
    applications::transition::resubmit(db, &application, &answers, "resident:test")
        .await
        .expect("resubmitted");

    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(page.contains("補正による変更"), "{page}");
    let changes = page
        .split("id=\"changes\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the changes");
    assert!(
        changes.contains("<del>栄クリニック</del>")
            && changes.contains("<ins>名古屋中央クリニック</ins>"),
        "{changes}"
    );
    assert_eq!(
        changes.matches("<tr><th scope=\"row\">").count(),
        1,
        "only what changed: {changes}"
    );
    assert!(
        !changes.contains("栄 花子"),
        "unchanged answers are not listed"
    );

    step(&app, &clerk, &receipt, "start_review", "", None).await;
    step(&app, &manager, &receipt, "approve", "", Some("1")).await;
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &manager).await;
    let history = page
        .split("id=\"history-heading\"")
        .nth(1)
        .expect("history");
    for words in ["受付", "審査開始", "補正依頼", "補正（再提出）", "承認"] {
        assert!(
            history.contains(&format!("<strong class=\"history-what\">{words}</strong>")),
            "{words}: {history}"
        );
    }
    assert!(
        history.contains(&clerk_name) && history.contains(&manager_name),
        "{history}"
    );
    assert!(
        history.contains("医療機関名を確認してください"),
        "the request's words"
    );
    assert!(history.contains("申請者"), "the applicant's step");
    for raw in ["application.", "staff:", "resident:", "api:"] {
        assert!(!page.contains(raw), "no raw {raw} on the page");
    }
    let (_, english, _) = get_with(
        &app,
        &format!("/staff/applications/{receipt}?lang=en"),
        &manager,
    )
    .await;
    assert!(
        english.contains("Review started")
            && english.contains("Correction requested")
            && english.contains("What the correction changed"),
        "{english}"
    );
    assert!(english.contains("status-approved"), "the approved badge");
}
