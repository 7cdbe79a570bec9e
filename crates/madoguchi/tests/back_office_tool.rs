//! The back office as a work tool: its own header (the staff's menu, who is
//! signed in, logout, Japanese/English only), an inbox that names applicant
//! and handler and sorts and pages in the database, CSV files in Japan
//! time, and a quarterly survey that is announced to every section and
//! answered a page of grouped procedures at a time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, hidden, login, mail_matching, no_redirects};
use serde_json::json;
use sqlx::Row;

async fn staff_cookie(app: &TestApp, role: &str, section: Option<&str>) -> (String, String) {
    let staff = demo_file(app)
        .staff_logins
        .into_iter()
        .find(|s| s.role == role && (section.is_none() || s.section.as_deref() == section))
        .expect("a demo login");
    let cookie = login(app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("signed in");
    (cookie, staff.email)
}

async fn staff_name(app: &TestApp, email: &str) -> (String, String) {
    let row = sqlx::query("SELECT id, name FROM staff WHERE email = $1")
        .bind(email)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("staff");
    (row.get("id"), row.get("name"))
}

/// A 妊娠の届出 (子育て支援課) submitted through the API: its receipt.
async fn pregnancy_notice(app: &TestApp, token: &str) -> String {
    let body = json!({
        "applicant_name": {"family_name": "栄", "given_name": "花子", "family_name_kana": "サカエ", "given_name_kana": "ハナコ"},
        "birth_date": "平成6年7月8日", "postal_code": "4600008", "address": "名古屋市中区栄四丁目1番8号",
        "phone": "052-000-0000", "due_date": "2027-05-01", "weeks": 10, "multiple": "no",
        "clinic": "栄クリニック", "interview": "ward"
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/ninshin-todoke/applications"))
        .bearer_auth(token)
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

async fn set(app: &TestApp, sql: &'static str, value: &str, receipt: &str) {
    sqlx::query(sql)
        .bind(value)
        .bind(receipt)
        .execute(app.platform.db.pool())
        .await
        .expect("update");
}

/// The receipt numbers of an inbox page, top to bottom.
fn receipts(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/staff/applications/")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("receipt").to_string())
        .collect()
}

#[tokio::test]
async fn the_staff_header_has_the_back_office_menu_and_only_japanese_and_english() {
    let app = TestApp::with_demo().await;
    let (clerk, email) = staff_cookie(&app, "clerk", Some("kodomo-kosodate")).await;
    let (_, name) = staff_name(&app, &email).await;

    let (status, page, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert_eq!(status, 200, "{page}");
    let header = page
        .split("<header")
        .nth(1)
        .and_then(|h| h.split("</header>").next())
        .expect("a header");
    for (link, label) in [
        ("/staff/applications\"", "受付一覧"),
        ("/staff/applications?assigned=me\"", "担当案件"),
        ("/staff/search\"", "案件検索"),
        ("/staff/progress\"", "進捗"),
    ] {
        assert!(
            header.contains(link) && header.contains(label),
            "{link} {label}: {header}"
        );
    }
    assert!(
        header.contains("href=\"/staff/applications\" aria-current=\"page\""),
        "the inbox is the current page: {header}"
    );
    assert!(header.contains(&name), "who is signed in: {header}");
    assert!(header.contains("子育て支援課"), "their section by name");
    assert!(
        header.contains("action=\"/logout\"")
            && header.contains("name=\"csrf_token\" value=\"")
            && header.contains("ログアウト"),
        "logout is a post with the CSRF token: {header}"
    );
    assert_eq!(
        header.matches("hreflang=").count(),
        2,
        "Japanese and English only: {header}"
    );
    assert!(header.contains("hreflang=\"ja\"") && header.contains("hreflang=\"en\""));
    assert!(
        !header.contains("/procedures") && !header.contains("/open-data"),
        "no resident menu: {header}"
    );
    assert!(
        !header.contains("/staff/forms"),
        "forms are the DX office's"
    );
    // The logout in the header ends the session.
    let token = hidden(header, "csrf_token");
    let response = no_redirects()
        .post(app.url("/logout"))
        .header("cookie", &clerk)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 303);
    let (status, _, location) = get_with(&app, "/staff/applications", &clerk).await;
    assert_eq!(status, 303);
    assert!(location.unwrap_or_default().starts_with("/staff/login"));

    // The DX office also has forms; in English the menu is English.
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    let (status, page, _) = get_with(&app, "/staff/progress?lang=en", &dx).await;
    assert_eq!(status, 200);
    let header = page
        .split("<header")
        .nth(1)
        .and_then(|h| h.split("</header>").next())
        .expect("a header");
    for label in [
        "Inbox",
        "My cases",
        "Find a case",
        "Progress",
        "Forms",
        "Sign out",
    ] {
        assert!(header.contains(label), "{label}: {header}");
    }
    assert!(
        header.contains("href=\"/staff/progress?lang=en\" aria-current=\"page\"")
            || header.contains("aria-current=\"page\">Progress"),
        "{header}"
    );
    assert_eq!(header.matches("hreflang=").count(), 2);

    // Public pages keep the public header, with every language.
    let (_, public, _) = get_with(&app, "/procedures", "").await;
    assert!(public.matches("hreflang=").count() > 2);
    assert!(!public.contains("受付一覧"));
}

#[tokio::test]
async fn the_inbox_names_applicant_and_handler_sorts_by_each_column_and_pages() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let (clerk, email) = staff_cookie(&app, "clerk", Some("kodomo-kosodate")).await;
    let (clerk_id, clerk_name) = staff_name(&app, &email).await;
    let mut all = Vec::new();
    for _ in 0..53 {
        all.push(pregnancy_notice(&app, &demo.api_token).await);
    }
    // The newest applied as a signed-in resident, the next handled by the
    // clerk, one received just before midnight UTC (08:48 in Japan on 5
    // December).
    let (applied, handled) = (all[52].clone(), all[51].clone());
    let resident = sqlx::query("SELECT id, name FROM residents ORDER BY id LIMIT 1")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("a demo resident");
    let (resident_id, resident_name): (String, String) = (resident.get("id"), resident.get("name"));
    set(
        &app,
        "UPDATE applications SET submitter_kind = 'resident', submitter_id = $1 WHERE receipt_number = $2",
        &resident_id,
        &applied,
    )
    .await;
    set(
        &app,
        "UPDATE applications SET assignee_id = $1 WHERE receipt_number = $2",
        &clerk_id,
        &handled,
    )
    .await;
    set(
        &app,
        "UPDATE applications SET submitted_at = $1 WHERE receipt_number = $2",
        "2020-12-04T23:48:00Z",
        &all[2],
    )
    .await;

    let (status, page, _) = get_with(&app, "/staff/applications", &clerk).await;
    assert_eq!(status, 200, "{page}");
    for heading in [
        "受付番号",
        "申請者",
        "手続",
        "受付日時",
        "処理期限",
        "状態",
        "担当者",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    assert!(page.contains("53 件"), "the total: {page}");
    assert_eq!(receipts(&page).len(), 50, "a page holds 50");
    assert!(page.contains("aria-sort=\"descending\""), "newest first");
    assert!(page.contains(&resident_name), "the applicant by name");
    assert!(page.contains(&clerk_name), "the handler by name, not id");
    assert!(!page.contains(&clerk_id));
    assert!(page.contains("受付済み"), "the status");
    assert!(
        page.contains("/staff/applications?sort=received&#38;dir=desc&#38;page=2"),
        "a link to page 2: {page}"
    );
    let (_, second, _) = get_with(
        &app,
        "/staff/applications?sort=received&dir=desc&page=2",
        &clerk,
    )
    .await;
    let second = receipts(&second);
    assert_eq!(second.len(), 3);
    assert_eq!(second.last(), Some(&all[2]), "the oldest last");
    let first_page = receipts(&page);
    assert!(
        second.iter().all(|r| !first_page.contains(r)),
        "no line twice"
    );
    // Past the last page is the last page.
    let (_, far, _) = get_with(&app, "/staff/applications?page=999999999", &clerk).await;
    assert_eq!(receipts(&far), second);

    // Every column sorts both ways, and says which way it is sorted.
    for column in [
        "receipt",
        "applicant",
        "procedure",
        "received",
        "due",
        "status",
        "handler",
    ] {
        for dir in ["asc", "desc"] {
            let (status, page, _) = get_with(
                &app,
                &format!("/staff/applications?sort={column}&dir={dir}"),
                &clerk,
            )
            .await;
            assert_eq!(status, 200, "{column} {dir}");
            let way = if dir == "asc" {
                "ascending"
            } else {
                "descending"
            };
            assert_eq!(
                page.matches(&format!("aria-sort=\"{way}\"")).count(),
                1,
                "{column} {dir}"
            );
            assert_eq!(receipts(&page).len(), 50);
        }
    }
    let mut sorted = all.clone();
    sorted.sort();
    let (_, page, _) = get_with(&app, "/staff/applications?sort=receipt&dir=asc", &clerk).await;
    assert_eq!(receipts(&page)[..50], sorted[..50]);
    // The named applicant and handler come first, the empty ones after.
    for column in ["applicant", "handler"] {
        let (_, page, _) = get_with(
            &app,
            &format!("/staff/applications?sort={column}&dir=desc"),
            &clerk,
        )
        .await;
        let expected = if column == "applicant" {
            &applied
        } else {
            &handled
        };
        assert_eq!(&receipts(&page)[0], expected, "{column}");
    }
    let (_, page, _) = get_with(&app, "/staff/applications?sort=received&dir=asc", &clerk).await;
    assert_eq!(&receipts(&page)[0], &all[2]);
    // A heading's link turns the sorted column's way.
    assert!(page.contains("href=\"/staff/applications?sort=received&#38;dir=desc\""));

    // My cases: the inbox of what I handle.
    let (_, mine, _) = get_with(&app, "/staff/applications?assigned=me", &clerk).await;
    assert_eq!(receipts(&mine), vec![handled.clone()]);
    // The search page finds by receipt number, and lists nothing before.
    let (status, search, _) = get_with(&app, "/staff/search", &clerk).await;
    assert_eq!(status, 200);
    assert!(receipts(&search).is_empty());
    let (_, search, _) = get_with(&app, &format!("/staff/search?q={}", all[5]), &clerk).await;
    assert_eq!(receipts(&search), vec![all[5].clone()]);

    // The CSV puts the case received at 08:48 in Japan on 5 December on
    // that day, not on the 4th (UTC).
    let csv = no_redirects()
        .get(app.url("/staff/applications.csv"))
        .header("cookie", &clerk)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    let line = csv
        .lines()
        .find(|l| l.starts_with(&all[2]))
        .expect("the case's line");
    assert!(line.contains("2020-12-05 08:48:00"), "{line}");
    assert!(!line.contains("2020-12-04"), "{line}");
}

#[tokio::test]
async fn opening_a_survey_round_mails_each_section_and_a_clerk_answers_a_page_at_a_time() {
    let app = TestApp::with_demo().await;
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    let (clerk, clerk_email) = staff_cookie(&app, "clerk", Some("kodomo-kosodate")).await;
    let (_, other_email) = staff_cookie(&app, "clerk", Some("kenko-kaigo")).await;

    let (_, list, _) = get_with(&app, "/staff/survey", &dx).await;
    let opening = [
        ("csrf_token".to_string(), hidden(&list, "csrf_token")),
        ("quarter".to_string(), "2025-2".to_string()),
        ("deadline".to_string(), "2025-07-15".to_string()),
    ];
    let (status, page, _) = common::post_with(&app, "/staff/survey", &dx, &opening).await;
    assert_eq!(status, 303, "{page}");
    for email in [&clerk_email, &other_email] {
        let mail = mail_matching(app.dir.path(), |m| m.contains(email.as_str())).await;
        assert!(mail.contains("R7-Q2"), "{mail}");
        assert!(mail.contains("/staff/survey/R7-Q2"), "{mail}");
    }
    let announced: i64 = sqlx::query(
        "SELECT CAST(COUNT(DISTINCT s.section_id) AS BIGINT) AS n FROM mail_queue m \
         JOIN staff s ON s.email = m.recipient WHERE m.subject LIKE '%開始しました%'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count")
    .get("n");
    let sections: i64 = sqlx::query(
        "SELECT CAST(COUNT(DISTINCT a.section_id) AS BIGINT) AS n FROM survey_answers a \
         WHERE a.round_id = 'R7-Q2' AND EXISTS (SELECT 1 FROM staff s WHERE s.section_id = a.section_id)",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count")
    .get("n");
    assert_eq!(announced, sections, "every section with staff is told");

    // The clerk's page: one page of 50, grouped by category, with links
    // to the next; a page's answers are saved without touching the others.
    let (status, page, _) = get_with(&app, "/staff/survey/R7-Q2", &clerk).await;
    assert_eq!(status, 200);
    let mine = page
        .split("id=\"mine\"")
        .nth(1)
        .expect("the section's part");
    assert_eq!(mine.matches("<fieldset").count(), 50, "one page");
    assert!(mine.contains("<details class=\"survey-group\" open>"));
    assert!(
        mine.contains("<summary>子育て"),
        "grouped by category: {mine}"
    );
    assert!(mine.contains("/staff/survey/R7-Q2?page=2#mine"));
    let (_, second, _) = get_with(&app, "/staff/survey/R7-Q2?page=2", &clerk).await;
    let rest = second
        .split("id=\"mine\"")
        .nth(1)
        .expect("the section's part");
    let on_second = rest.matches("<fieldset").count();
    assert!((1..=50).contains(&on_second), "{on_second}");
    let mut answers = vec![
        ("csrf_token".to_string(), hidden(&second, "csrf_token")),
        ("page".to_string(), "2".to_string()),
    ];
    for select in rest.split("name=\"status.").skip(1) {
        let id = select.split('"').next().expect("id");
        answers.push((format!("status.{id}"), "not_online".to_string()));
    }
    let (status, saved, _) =
        common::post_with(&app, "/staff/survey/R7-Q2/answers", &clerk, &answers).await;
    assert_eq!(status, 200, "{saved}");
    assert!(
        saved.contains(&format!("回答を保存しました: {on_second}")),
        "{saved}"
    );
    assert!(
        saved.contains("2 ページ中 2 ページ目"),
        "back on the same page"
    );
    assert!(
        saved.contains("（未回答 50 件）"),
        "page 1 still to answer: {saved}"
    );
}
