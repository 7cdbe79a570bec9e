//! A resident applies from a phone without JavaScript: form → confirm →
//! receipt; errors are listed and tied to their fields; a double tap makes
//! one application; procedures that need an account ask for a login first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, hidden, login, no_redirects};
use sqlx::Row;

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    pairs: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let mut request = no_redirects().post(app.url(path)).form(pairs);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("ascii").to_string());
    (status, response.text().await.expect("body"), location)
}

const BULKY_WASTE: &[(&str, &str)] = &[
    ("applicant_name.family_name", "名古屋"),
    ("applicant_name.given_name", "太郎"),
    ("applicant_name.family_name_kana", "なごや"),
    ("applicant_name.given_name_kana", "ﾀﾛｳ"),
    ("postal_code", "460-8508"),
    ("address", "名古屋市中区三の丸三丁目1番1号"),
    ("phone", "052-961-1111"),
    ("email", "taro@example.jp"),
    ("items[0].item", "sofa"),
    ("items[0].count", "1"),
    ("preferred_date", "2099-01-05"),
];

#[tokio::test]
async fn a_guest_applies_through_form_confirm_and_receipt() {
    let app = TestApp::with_demo().await;
    let path = "/procedures/sodaigomi/apply";
    let (_, procedure_page, _) = get_with(&app, "/procedures/sodaigomi", "").await;
    assert!(
        procedure_page.contains("href=\"/procedures/sodaigomi/apply\""),
        "the procedure page links the form"
    );
    let (status, form, _) = get_with(&app, path, "").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("<label for=\"f-applicant_name-family_name\">"),
        "{form}"
    );
    assert_eq!(
        form.matches("<script").count(),
        form.matches("<script src=\"/static/forms.js\" defer></script>")
            .count(),
        "no inline script: only the form's own file (the form works without it)"
    );

    let (status, page, _) = post(&app, path, None, &[("postal_code", "123")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("error-summary"));
    assert!(
        page.contains("href=\"#f-postal_code\""),
        "errors link to their fields"
    );
    assert!(page.contains("7 桁の数字"));
    assert!(page.contains("value=\"123\""), "what was typed is kept");

    let (status, page, _) = post(
        &app,
        path,
        None,
        &[
            ("items[0].item", "bed"),
            ("__count.items", "1"),
            ("__add", "items"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"items[1].item\""), "another item row");

    let (status, confirm, _) = post(&app, path, None, BULKY_WASTE).await;
    assert_eq!(status, 200, "{confirm}");
    assert!(
        confirm.contains("名古屋 太郎（ナゴヤ タロウ）"),
        "furigana shown as katakana"
    );
    assert!(confirm.contains("〒460-8508"));
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let submit = [
        ("__answers", answers.as_str()),
        ("__key", key.as_str()),
        ("__step", "submit"),
    ];
    let (status, receipt, _) = post(&app, path, None, &submit).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt.contains("受付番号"));
    let number = receipt
        .split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .expect("receipt number")
        .to_string();
    // A double tap (or a reload) answers with the same receipt.
    let (_, again, _) = post(&app, path, None, &submit).await;
    assert!(again.contains(&number));
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM applications")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("n");
    assert_eq!(count, 1);
    let submitter: String = sqlx::query("SELECT submitter_kind FROM applications")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("row")
        .try_get(0)
        .expect("kind");
    assert_eq!(submitter, "guest");
}

#[tokio::test]
async fn procedures_that_need_an_account_ask_for_a_login() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    let path = "/procedures/ninshin-todoke/apply";
    let (status, _, location) = get_with(&app, path, "").await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/login?next=%2Fprocedures%2Fninshin-todoke%2Fapply")
    );
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let (status, form, _) = get_with(&app, path, &cookie).await;
    assert_eq!(status, 200);
    assert!(form.contains("出産予定日"));
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
        ("clinic", "中区クリニック"),
        ("interview", "ward"),
    ];
    let (status, confirm, _) = post(&app, path, Some(&cookie), &fields).await;
    assert_eq!(status, 200, "{confirm}");
    let submit_pairs = [
        ("__answers", hidden(&confirm, "__answers")),
        ("__key", hidden(&confirm, "__key")),
        ("__step", "submit".to_string()),
    ];
    let submit: Vec<(&str, &str)> = submit_pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, receipt, _) = post(&app, path, Some(&cookie), &submit).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("マイページへ"));
    let kind: String = sqlx::query("SELECT submitter_kind FROM applications")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("row")
        .try_get(0)
        .expect("kind");
    assert_eq!(kind, "resident");
    // The resident follows it on the my page; another resident cannot see it.
    let number = receipt
        .split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .expect("receipt number")
        .to_string();
    let (status, list, _) = get_with(&app, "/my/applications", &cookie).await;
    assert_eq!(status, 200);
    assert!(
        list.contains(&number) && list.contains("妊娠の届出"),
        "{list}"
    );
    let (status, detail, _) = get_with(&app, &format!("/my/applications/{number}"), &cookie).await;
    assert_eq!(status, 200);
    assert!(
        detail.contains("受付済み") && detail.contains("中区クリニック"),
        "{detail}"
    );
    let neighbour = &demo.resident_logins[1];
    let other = login(&app, "/login", &neighbour.email, &neighbour.password)
        .await
        .expect("login");
    let (status, _, _) = get_with(&app, &format!("/my/applications/{number}"), &other).await;
    assert_eq!(status, 404, "another resident is told it does not exist");
    let (_, other_list, _) = get_with(&app, "/my/applications", &other).await;
    assert!(!other_list.contains(&number));
    // Applying again the same way is pointed out before sending.
    let (_, confirm_again, _) = post(&app, path, Some(&cookie), &fields).await;
    assert!(
        confirm_again.contains("同じ方からの同じ内容の申請がすでにあります"),
        "{confirm_again}"
    );
    // Someone else typing the same person's details learns nothing: not
    // whether they applied, nor their receipt number.
    let (_, confirm_other, _) = post(&app, path, Some(&other), &fields).await;
    assert!(confirm_other.contains("__answers"), "a confirm page");
    assert!(
        !confirm_other.contains("同じ方からの同じ内容の申請がすでにあります")
            && !confirm_other.contains(&number),
        "{confirm_other}"
    );
    // Before a decision the resident may withdraw; only with the page's token.
    let withdraw = format!("/my/applications/{number}/withdraw");
    let (status, _, _) = post(&app, &withdraw, Some(&cookie), &[("csrf_token", "forged")]).await;
    assert_eq!(status, 403);
    let token = hidden(&detail, "csrf_token");
    let (status, question, _) = post(
        &app,
        &withdraw,
        Some(&cookie),
        &[("csrf_token", token.as_str())],
    )
    .await;
    assert_eq!(status, 200, "withdrawing asks first");
    assert!(question.contains("この申請を取り下げますか"), "{question}");
    let (status, _, _) = post(
        &app,
        &withdraw,
        Some(&cookie),
        &[("csrf_token", token.as_str()), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{number}"), &cookie).await;
    assert!(detail.contains("取下げ"), "{detail}");
    assert!(
        !detail.contains("この申請を取り下げる"),
        "no second withdrawal offered"
    );
    let (status, _, _) = post(
        &app,
        &withdraw,
        Some(&cookie),
        &[("csrf_token", token.as_str())],
    )
    .await;
    assert_eq!(status, 409);
    let (_, after_withdrawal, _) = post(&app, path, Some(&cookie), &fields).await;
    assert!(
        !after_withdrawal.contains("同じ方からの同じ内容の申請がすでにあります"),
        "a withdrawn application is no longer a duplicate"
    );
}

#[tokio::test]
async fn a_resident_answers_a_correction_request_by_editing() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    let path = "/procedures/ninshin-todoke/apply";
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
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
    let (_, confirm, _) = post(&app, path, Some(&cookie), &fields).await;
    let submit_pairs = [
        ("__answers", hidden(&confirm, "__answers")),
        ("__key", hidden(&confirm, "__key")),
        ("__step", "submit".to_string()),
    ];
    let submit: Vec<(&str, &str)> = submit_pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, receipt, _) = post(&app, path, Some(&cookie), &submit).await;
    let number = receipt
        .split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .expect("receipt number")
        .to_string();

    // The section reviews it and asks for a correction.
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kodomo-kosodate"))
        .expect("clerk");
    let staff = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("staff login");
    for (action, comment) in [
        ("start_review", ""),
        ("request_correction", "医療機関名を確認してください"),
    ] {
        let (_, case, _) = get_with(&app, &format!("/staff/applications/{number}"), &staff).await;
        let token = hidden(&case, "csrf_token");
        let (status, _, _) = post(
            &app,
            &format!("/staff/applications/{number}/transitions"),
            Some(&staff),
            &[
                ("action", action),
                ("comment", comment),
                ("csrf_token", token.as_str()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{action}");
    }

    // The resident sees the request, corrects the answer and sends it again.
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{number}"), &cookie).await;
    assert!(
        detail.contains("補正依頼中") && detail.contains("内容を修正して再提出する"),
        "{detail}"
    );
    assert!(
        detail.contains("担当課からの連絡: 医療機関名を確認してください"),
        "the section's words are in the history: {detail}"
    );
    let correct = format!("/my/applications/{number}/correct");
    let (status, form, _) = get_with(&app, &correct, &cookie).await;
    assert_eq!(status, 200);
    assert!(
        form.contains("医療機関名を確認してください"),
        "the request is shown"
    );
    assert!(
        form.contains("value=\"まちがいクリニック\""),
        "the form starts from what was sent"
    );
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
    corrected.push(("csrf_token", "forged"));
    let (status, _, _) = post(&app, &correct, Some(&cookie), &corrected).await;
    assert_eq!(status, 403, "the page's token is required");
    corrected.pop();
    corrected.push(("csrf_token", token.as_str()));
    let (status, _, _) = post(&app, &correct, Some(&cookie), &corrected).await;
    assert_eq!(status, 303);
    let (_, detail, _) = get_with(&app, &format!("/my/applications/{number}"), &cookie).await;
    assert!(
        detail.contains("補正済み") && detail.contains("名古屋中央クリニック"),
        "{detail}"
    );
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{number}"), &staff).await;
    assert!(case.contains("名古屋中央クリニック") && case.contains("監査ログの連鎖は正常です"));
    // A business system reading the history sees the corrected answers, not
    // the sealed text the audit log keeps them in.
    let history: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/{number}")))
        .bearer_auth(&demo.api_token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let text = history["history"].to_string();
    assert!(text.contains("名古屋中央クリニック"), "{text}");
    assert!(!text.contains("sealed1."), "{text}");
    let (status, _, location) = get_with(&app, &correct, &cookie).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some(format!("/my/applications/{number}").as_str())),
        "nothing left to correct"
    );
}

#[tokio::test]
async fn a_resident_keeps_a_draft_and_goes_on_from_it_later() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    let path = "/procedures/sodaigomi/apply";
    let (_, guest_form, _) = get_with(&app, path, "").await;
    assert!(
        !guest_form.contains("name=\"__draft\""),
        "guests have no drafts"
    );

    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let (_, form, _) = get_with(&app, path, &cookie).await;
    assert!(form.contains("name=\"__draft\""));
    // Half filled in, with a mistake: kept as it is, no errors shown.
    let (status, page, _) = post(
        &app,
        path,
        Some(&cookie),
        &[
            ("address", "名古屋市中区三の丸三丁目1番1号"),
            ("postal_code", "46"),
            ("items[0].item", "sofa"),
            ("items[1].item", "bed"),
            ("__count.items", "2"),
            ("__draft", "1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("下書きを保存しました"));
    assert!(!page.contains("error-summary"));

    let (_, mine, _) = get_with(&app, "/my/applications", &cookie).await;
    assert!(mine.contains("入力途中の申請"), "{mine}");
    assert!(mine.contains("href=\"/procedures/sodaigomi/apply\""));

    let (_, reopened, _) = get_with(&app, path, &cookie).await;
    assert!(reopened.contains("保存した下書きの続きから"), "{reopened}");
    assert!(reopened.contains("value=\"名古屋市中区三の丸三丁目1番1号\""));
    assert!(reopened.contains("value=\"46\""));
    assert!(
        reopened.contains("name=\"items[1].item\""),
        "both items shown again"
    );

    // Another resident sees none of it.
    let other = &demo.resident_logins[1];
    let other_cookie = login(&app, "/login", &other.email, &other.password)
        .await
        .expect("login");
    let (_, theirs, _) = get_with(&app, path, &other_cookie).await;
    assert!(!theirs.contains("三の丸三丁目1番1号"));

    // Sending the application removes the draft.
    let (status, confirm, _) = post(&app, path, Some(&cookie), BULKY_WASTE).await;
    assert_eq!(status, 200, "{confirm}");
    let submit_pairs = [
        ("__answers", hidden(&confirm, "__answers")),
        ("__key", hidden(&confirm, "__key")),
        ("__step", "submit".to_string()),
    ];
    let submit: Vec<(&str, &str)> = submit_pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _) = post(&app, path, Some(&cookie), &submit).await;
    assert_eq!(status, 200);
    let (_, fresh, _) = get_with(&app, path, &cookie).await;
    assert!(!fresh.contains("保存した下書き"));
    let (_, mine, _) = get_with(&app, "/my/applications", &cookie).await;
    assert!(!mine.contains("入力途中の申請"));
}
