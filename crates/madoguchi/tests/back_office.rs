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

use common::{TestApp, get_with, login, no_redirects};
use serde_json::json;

fn demo_file(app: &TestApp) -> demo::DemoFile {
    serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json")
}

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
    let body = json!({
        "applicant_name": {"family_name": "栄", "given_name": "花子", "family_name_kana": "サカエ", "given_name_kana": "ハナコ"},
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
    assert_eq!(
        page.matches("application.status_changed").count(),
        2,
        "both steps in the history"
    );

    // A case past its 標準処理期間 is marked in the inbox while the city has it.
    let fresh = pregnancy_notice(&app, &demo).await;
    let (_, inbox, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert!(!inbox.contains("期限超過"), "nothing is late yet");
    sqlx::query("UPDATE applications SET due_on = '2020-04-01' WHERE receipt_number = $1")
        .bind(&fresh)
        .execute(app.platform.db.pool())
        .await
        .expect("backdate");
    let (_, inbox, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert_eq!(inbox.matches("期限超過").count(), 1, "{inbox}");
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
    assert!(page.contains("application.assigned") && page.contains("application.comment_added"));
    assert!(page.contains("監査ログの連鎖は正常です"));
}
