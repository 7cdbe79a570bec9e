//! The back office: a clerk sees and processes only their own section's
//! applications; decisions are the manager's; every step shows in the case's
//! history.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, login, no_redirects};
use serde_json::json;

async fn staff_cookie(app: &TestApp, demo: &demo::DemoFile, role: &str, section: &str) -> String {
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == role && l.section.as_deref() == Some(section))
        .unwrap_or_else(|| panic!("no {role} in {section}"));
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("login")
}

/// A 妊娠の届出 (owned by 子育て支援課) submitted through the API.
async fn pregnancy_notice(app: &TestApp, demo: &demo::DemoFile) -> String {
    pregnancy_notice_of(app, demo, ("栄", "サカエ")).await
}

async fn pregnancy_notice_of(
    app: &TestApp,
    demo: &demo::DemoFile,
    (family_name, family_name_kana): (&str, &str),
) -> String {
    let body = json!({
        "applicant_name": {"family_name": family_name, "given_name": "花子", "family_name_kana": family_name_kana, "given_name_kana": "ハナコ"},
        "birth_date": "平成6年7月8日", "postal_code": "4600008", "address": "名古屋市中区栄四丁目1番8号",
        "phone": "052-000-0000", "due_date": "2027-05-01", "weeks": 10, "multiple": "no",
        "clinic": "栄クリニック", "interview": "ward"
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
    let receipt: serde_json::Value = response.json().await.expect("json");
    receipt["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string()
}

async fn step(app: &TestApp, cookie: &str, receipt: &str, action: &str) -> u16 {
    let (_, page, _) = get_with(app, &format!("/staff/applications/{receipt}"), cookie).await;
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("none")
        .to_string();
    no_redirects()
        .post(app.url(&format!("/staff/applications/{receipt}/transitions")))
        .header("cookie", cookie)
        .form(&[
            ("action", action),
            ("comment", "確認しました"),
            ("csrf_token", token.as_str()),
            // Decisions are taken from their confirmation page.
            ("confirm", "1"),
        ])
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn clerks_see_only_their_sections_applications() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo).await;
    let own = staff_cookie(&app, &demo, "clerk", "kodomo-kosodate").await;
    let other = staff_cookie(&app, &demo, "clerk", "kenko-kaigo").await;

    let (status, inbox, _) = get_with(&app, "/staff/applications", &own).await;
    assert_eq!(status, 200);
    assert!(
        inbox.contains(&receipt) && inbox.contains("妊娠の届出"),
        "{inbox}"
    );
    let (status, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &own).await;
    assert_eq!(status, 200);
    assert!(
        case.contains("栄 花子（サカエ ハナコ）"),
        "answers as entered: {case}"
    );
    assert!(case.contains("平成6年7月8日"), "dates in 和暦");
    assert!(case.contains("監査ログの連鎖は正常です"));

    // The inbox exports for Excel: UTF-8 with a BOM, or Shift_JIS.
    let csv = no_redirects()
        .get(app.url("/staff/applications.csv"))
        .header("cookie", &own)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("bytes");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&csv).contains(&receipt));
    let sjis = no_redirects()
        .get(app.url("/staff/applications.csv?encoding=shift_jis"))
        .header("cookie", &own)
        .send()
        .await
        .expect("request")
        .bytes()
        .await
        .expect("bytes");
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&sjis);
    assert!(
        !errors && decoded.contains("妊娠の届出") && decoded.contains("受付済み"),
        "{decoded}"
    );

    let (status, inbox, _) = get_with(&app, "/staff/applications", &other).await;
    assert_eq!(status, 200);
    assert!(
        !inbox.contains(&receipt),
        "another section's inbox must not list it"
    );
    let (status, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &other).await;
    assert_eq!(
        status, 404,
        "another section's clerk is told it does not exist: {page}"
    );
    let refused = step(&app, &other, &receipt, "start_review").await;
    assert!(refused == 403 || refused == 404, "{refused}");
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &own).await;
    assert!(
        case.contains("受付済み"),
        "the other section's clerk changed nothing"
    );

    // Residents and visitors are sent to the staff login.
    let resident = &demo.resident_logins[0];
    let resident_cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let (status, _, location) = get_with(
        &app,
        &format!("/staff/applications/{receipt}"),
        &resident_cookie,
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.unwrap_or_default().starts_with("/staff/login"));
}

#[tokio::test]
async fn decisions_are_the_managers_and_steps_are_recorded() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo).await;
    let clerk = staff_cookie(&app, &demo, "clerk", "kodomo-kosodate").await;
    let manager = staff_cookie(&app, &demo, "manager", "kodomo-kosodate").await;

    assert_eq!(step(&app, &clerk, &receipt, "start_review").await, 303);
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(page.contains("審査中"));
    assert!(
        !page.contains("value=\"approve\""),
        "a clerk is not offered the decision"
    );
    assert_eq!(
        step(&app, &clerk, &receipt, "approve").await,
        409,
        "nor can take it"
    );
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &manager).await;
    assert!(page.contains("value=\"approve\""));
    assert_eq!(step(&app, &manager, &receipt, "approve").await, 303);
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &manager).await;
    assert!(page.contains("承認"));
    assert!(
        page.contains("<strong class=\"history-what\">審査開始</strong>")
            && page.contains("<strong class=\"history-what\">承認</strong>"),
        "both steps in the history, in words"
    );

    // A case past its 標準処理期間 is marked in the inbox while the city has it.
    let fresh = pregnancy_notice(&app, &demo).await;
    let (_, inbox, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert!(!inbox.contains(">期限超過</span>"), "nothing is late yet");
    sqlx::query("UPDATE applications SET due_on = '2020-04-01' WHERE receipt_number = $1")
        .bind(&fresh)
        .execute(app.platform.db.pool())
        .await
        .expect("backdate");
    let (_, inbox, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert_eq!(inbox.matches(">期限超過</span>").count(), 1, "{inbox}");
    let (_, overdue, _) = get_with(&app, "/staff/applications?overdue=1", &clerk).await;
    assert!(overdue.contains(&fresh) && !overdue.contains(&format!(">{receipt}</a>")));
    // A step without the page's token is refused.
    let forged = no_redirects()
        .post(app.url(&format!("/staff/applications/{receipt}/transitions")))
        .header("cookie", &manager)
        .form(&[("action", "issue_notice"), ("csrf_token", "forged")])
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn cases_are_assigned_and_commented_within_the_section() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo).await;
    let clerk = staff_cookie(&app, &demo, "clerk", "kodomo-kosodate").await;
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("token")
        .to_string();
    let clerk_id: String = {
        use sqlx::Row;
        let email = &demo
            .staff_logins
            .iter()
            .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kodomo-kosodate"))
            .expect("clerk")
            .email;
        sqlx::query("SELECT id FROM staff WHERE email = $1")
            .bind(email)
            .fetch_one(app.platform.db.pool())
            .await
            .expect("staff")
            .try_get("id")
            .expect("id")
    };
    let post = |path: String, pairs: Vec<(&'static str, String)>| {
        let cookie = clerk.clone();
        let url = app.url(&path);
        async move {
            no_redirects()
                .post(url)
                .header("cookie", cookie)
                .form(&pairs)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    let assign_path = format!("/staff/applications/{receipt}/assign");
    assert_eq!(
        post(
            assign_path.clone(),
            vec![
                ("assignee", clerk_id.clone()),
                ("csrf_token", token.clone())
            ]
        )
        .await,
        303
    );
    assert_eq!(
        post(
            assign_path.clone(),
            vec![
                ("assignee", "someone-else".into()),
                ("csrf_token", token.clone())
            ]
        )
        .await,
        400,
        "only staff of the section"
    );
    let comment_path = format!("/staff/applications/{receipt}/comments");
    assert_eq!(
        post(
            comment_path.clone(),
            vec![
                ("body", "母子手帳の交付日を調整中".into()),
                ("csrf_token", token.clone())
            ]
        )
        .await,
        303
    );
    assert_eq!(
        post(
            comment_path.clone(),
            vec![("body", "  ".into()), ("csrf_token", token.clone())]
        )
        .await,
        400
    );
    assert_eq!(
        post(
            comment_path,
            vec![("body", "x".into()), ("csrf_token", "forged".into())]
        )
        .await,
        403
    );
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(page.contains("母子手帳の交付日を調整中"));
    assert!(
        page.contains(&format!("<option value=\"{clerk_id}\" selected>")),
        "assigned to the clerk"
    );
    assert!(page.contains("担当者の変更") && page.contains("内部コメント"));
    assert!(page.contains("監査ログの連鎖は正常です"));
}

#[tokio::test]
async fn the_inbox_finds_cases_by_words_number_date_and_handler() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let sakae = pregnancy_notice_of(&app, &demo, ("栄", "サカエ")).await;
    let other = pregnancy_notice_of(&app, &demo, ("大須", "オオス")).await;
    let clerk = staff_cookie(&app, &demo, "clerk", "kodomo-kosodate").await;
    let found = |query: &'static str| {
        let cookie = clerk.clone();
        let app = &app;
        async move {
            let (status, page, _) =
                get_with(app, &format!("/staff/applications?{query}"), &cookie).await;
            (status, page)
        }
    };
    let has = |page: &str, receipt: &str| page.contains(&format!(">{receipt}</a>"));

    for query in [
        "q=%E3%82%B5%E3%82%AB%E3%82%A8",
        "q=%E3%81%95%E3%81%8B%E3%81%88",
        "q=%EF%BD%BB%EF%BD%B6%EF%BD%B4",
    ] {
        // サカエ, さかえ, ｻｶｴ (half-width)
        let (status, page) = found(query).await;
        assert_eq!(status, 200);
        assert!(has(&page, &sakae) && !has(&page, &other), "{query}: {page}");
    }
    let (_, page) = found(Box::leak(
        format!("q={}", other.to_lowercase()).into_boxed_str(),
    ))
    .await;
    assert!(
        has(&page, &other) && !has(&page, &sakae),
        "by receipt number"
    );
    let (_, page) = found("q=%E5%A4%A7%E9%A0%88").await;
    assert!(has(&page, &other) && !has(&page, &sakae), "by 大須");
    let (_, page) = found("q=%25").await;
    assert!(!has(&page, &sakae), "a % is a character, not a wildcard");

    let (_, page) = found("from=%E4%BB%A4%E5%92%8C20%E5%B9%B41%E6%9C%881%E6%97%A5").await;
    assert!(!has(&page, &sakae), "nothing received from 令和20年");
    let today = kernel::clock::today_in_japan().to_string();
    let (_, page) = found(Box::leak(
        format!("from={today}&to={today}").into_boxed_str(),
    ))
    .await;
    assert!(
        has(&page, &sakae) && has(&page, &other),
        "received today, in Japan"
    );
    let (status, page) = found("from=someday").await;
    assert_eq!(status, 400);
    assert!(page.contains("日付として読めません"), "{page}");

    let (_, page) = found("assigned=none").await;
    assert!(has(&page, &sakae) && has(&page, &other));
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{sakae}"), &clerk).await;
    let token = case
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("token")
        .to_string();
    let clerk_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM staff WHERE role = 'clerk' AND section_id = 'kodomo-kosodate'")
            .fetch_one(app.platform.db.pool())
            .await
            .expect("staff")
            .try_get("id")
            .expect("id")
    };
    let status = no_redirects()
        .post(app.url(&format!("/staff/applications/{sakae}/assign")))
        .header("cookie", &clerk)
        .form(&[
            ("assignee", clerk_id.as_str()),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, 303);
    let (_, page) = found("assigned=me").await;
    assert!(has(&page, &sakae) && !has(&page, &other));
    let (_, page) = found("assigned=none").await;
    assert!(!has(&page, &sakae) && has(&page, &other));

    // The CSV link exports what the search shows.
    let (_, csv, _) = get_with(
        &app,
        "/staff/applications.csv?q=%E3%82%B5%E3%82%AB%E3%82%A8",
        &clerk,
    )
    .await;
    assert!(csv.contains(&sakae) && !csv.contains(&other), "{csv}");
}

#[tokio::test]
async fn a_case_is_handed_to_another_section() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let receipt = pregnancy_notice(&app, &demo).await;
    let clerk = staff_cookie(&app, &demo, "clerk", "kodomo-kosodate").await;
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert!(case.contains("他の課へ回付する"));
    let token = case
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("token")
        .to_string();
    let transfer = |pairs: Vec<(&'static str, String)>| {
        let cookie = clerk.clone();
        let url = app.url(&format!("/staff/applications/{receipt}/transfer"));
        async move {
            no_redirects()
                .post(url)
                .header("cookie", cookie)
                .form(&pairs)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    // A reason is required, and the section must exist.
    assert_eq!(
        transfer(vec![
            ("section", "kenko-kaigo".into()),
            ("reason", " ".into()),
            ("csrf_token", token.clone())
        ])
        .await,
        400
    );
    assert_eq!(
        transfer(vec![
            ("section", "no-such-section".into()),
            ("reason", "x".into()),
            ("csrf_token", token.clone())
        ])
        .await,
        400
    );
    let refused = no_redirects()
        .post(app.url(&format!("/staff/applications/{receipt}/transfer")))
        .header("cookie", &clerk)
        .form(&[
            ("section", ""),
            ("reason", ""),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("page");
    assert!(
        refused.contains("回付先の課を選んでください")
            && refused.contains("回付の理由を入力してください"),
        "the page says what is missing: {refused}"
    );
    assert_eq!(
        transfer(vec![
            ("section", "kenko-kaigo".into()),
            ("reason", "介護保険の手続と一緒に扱うため".into()),
            ("csrf_token", token.clone()),
        ])
        .await,
        303
    );
    let (status, _, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert_eq!(status, 404, "it left the first section");
    let other = staff_cookie(&app, &demo, "clerk", "kenko-kaigo").await;
    let (_, inbox, _) = get_with(&app, "/staff/applications", &other).await;
    assert!(inbox.contains(&receipt), "it reached the new section");
    let (_, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &other).await;
    assert!(
        case.contains("<strong class=\"history-what\">他の課へ回付</strong>"),
        "in the history"
    );
    use sqlx::Row;
    let events: i64 =
        sqlx::query("SELECT COUNT(*) FROM outbox WHERE event_type = 'application.transferred'")
            .fetch_one(app.platform.db.pool())
            .await
            .expect("count")
            .try_get(0)
            .expect("n");
    assert_eq!(events, 1);
}
