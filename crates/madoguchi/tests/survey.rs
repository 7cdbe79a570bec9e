//! The quarterly survey's life cycle through the staff pages: the DX office
//! opens a round; a section confirms its procedures and moves one online; a
//! section that has not answered is late and reminded; closing applies the
//! answers to the registry, and the round stays readable.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, hidden, login, mail_matching, post_with as post};

async fn staff_cookie(app: &TestApp, role: &str, section: Option<&str>) -> (String, String) {
    let staff = common::demo_file(app)
        .staff_logins
        .into_iter()
        .find(|s| s.role == role && (section.is_none() || s.section.as_deref() == section))
        .expect("a demo login");
    let cookie = login(app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("signed in");
    (cookie, staff.email)
}

/// The answer form as the page fills it: every procedure as it stands.
fn form_as_shown(page: &str) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("csrf_token".to_string(), hidden(page, "csrf_token")),
        ("page".to_string(), hidden(page, "page")),
    ];
    for select in page.split("<select ").skip(1) {
        let name = select
            .split("name=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("name")
            .to_string();
        let body = select.split("</select>").next().expect("options");
        let selected = body
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains(" selected"))
            .and_then(|o| o.split('"').next())
            .expect("a selected status")
            .to_string();
        pairs.push((name, selected));
    }
    for kind in ["planned", "count"] {
        for input in page.split(&format!("name=\"{kind}.")).skip(1) {
            let id = input.split('"').next().expect("id");
            let value = input
                .split("value=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or_default();
            pairs.push((format!("{kind}.{id}"), value.to_string()));
        }
    }
    pairs
}

/// The section's procedures come a page at a time: every page of the round
/// sent as shown, `change` applied to each page's answers first; the
/// number of pages.
async fn answer_every_page(
    app: &TestApp,
    cookie: &str,
    round: &str,
    mut change: impl FnMut(&mut Vec<(String, String)>),
) -> usize {
    let mut number = 1;
    loop {
        let (status, page, _) =
            get_with(app, &format!("/staff/survey/{round}?page={number}"), cookie).await;
        assert_eq!(status, 200, "{page}");
        let mut answers = form_as_shown(&page);
        change(&mut answers);
        let (status, saved, _) = post(
            app,
            &format!("/staff/survey/{round}/answers"),
            cookie,
            &answers,
        )
        .await;
        assert_eq!(status, 200, "{saved}");
        assert!(saved.contains("回答を保存しました"));
        if !page.contains(&format!("/staff/survey/{round}?page={}#mine", number + 1)) {
            return number;
        }
        number += 1;
    }
}

#[tokio::test]
async fn a_round_opens_is_answered_reminds_the_late_and_closes_into_the_registry() {
    let app = TestApp::with_demo().await;
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    let (clerk, _) = staff_cookie(&app, "clerk", Some("kodomo-kosodate")).await;
    let (_, late_clerk) = staff_cookie(&app, "clerk", Some("kenko-kaigo")).await;

    // Only the DX office opens rounds; a bad deadline is named.
    let (_, list, _) = get_with(&app, "/staff/survey", &dx).await;
    let token = hidden(&list, "csrf_token");
    let opening = |deadline: &str| {
        vec![
            ("csrf_token".to_string(), token.clone()),
            ("quarter".to_string(), "2025-2".to_string()),
            ("deadline".to_string(), deadline.to_string()),
        ]
    };
    let (status, page, _) = post(&app, "/staff/survey", &dx, &opening("someday")).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("回答期限"));
    let (status, _, _) = post(&app, "/staff/survey", &clerk, &opening("2025-07-15")).await;
    assert_eq!(status, 403, "a section clerk cannot open a round");
    let (status, _, location) = post(&app, "/staff/survey", &dx, &opening("令和7年7月15日")).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/staff/survey/R7-Q2"));
    let (status, _, _) = post(&app, "/staff/survey", &dx, &opening("2025-07-15")).await;
    assert_eq!(status, 409, "one round a quarter");

    // The 子育て支援課 clerk confirms every procedure, page by page, and
    // moves one online.
    let mut procedure = String::new();
    let pages = answer_every_page(&app, &clerk, "R7-Q2", |answers| {
        if !procedure.is_empty() {
            return;
        }
        if let Some(planned) = answers
            .iter()
            .position(|(k, v)| k.starts_with("status.") && v == "planned")
        {
            procedure = answers[planned].0.trim_start_matches("status.").to_string();
            answers[planned].1 = "online".to_string();
            answers.push((
                format!("issues.{procedure}"),
                "R7年度に電子申請を開始".to_string(),
            ));
        }
    })
    .await;
    assert!(pages > 1, "the section's procedures come in pages");
    assert!(!procedure.is_empty(), "a planned procedure in the section");
    let (_, page, _) = get_with(&app, "/staff/survey/R7-Q2", &clerk).await;
    let answers = form_as_shown(&page);

    // The DX office sees who answered, who is late, and what changed.
    let (_, round, _) = get_with(&app, "/staff/survey/R7-Q2", &dx).await;
    assert!(round.contains("回答済み"), "{round}");
    assert!(
        round.contains("期限超過"),
        "the deadline has passed for the others"
    );
    assert!(round.contains("変更のあった手続 (1)"), "{round}");
    assert!(round.contains("R7年度に電子申請を開始"));

    let token = hidden(&round, "csrf_token");
    let (status, page, _) = post(
        &app,
        "/staff/survey/R7-Q2/remind",
        &dx,
        &[("csrf_token".to_string(), token.clone())],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let reminder = mail_matching(app.dir.path(), |m| m.contains(&late_clerk)).await;
    assert!(reminder.contains("四半期照会"), "{reminder}");

    let (status, page, _) = post(
        &app,
        "/staff/survey/R7-Q2/close",
        &dx,
        &[("csrf_token".to_string(), token)],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let stored = catalog::store::procedure(&app.platform.db, &procedure)
        .await
        .expect("read")
        .expect("the procedure");
    assert_eq!(stored.online.code(), "online", "{stored:?}");
    // Residents see it online only once there is a way to apply online.
    let (_, detail) = app
        .get_json(&format!("/api/v1/procedures/{procedure}"))
        .await;
    assert_eq!(
        detail["online"]["status"] == "online",
        detail["apply_url"].is_string(),
        "{detail}"
    );

    // Closed rounds stay readable and take no more answers.
    let (status, page, _) = get_with(&app, "/staff/survey/R7-Q2", &dx).await;
    assert_eq!(status, 200);
    assert!(page.contains("締切済み"));
    let (status, _, _) = post(&app, "/staff/survey/R7-Q2/answers", &clerk, &answers).await;
    assert_eq!(status, 409);
}

/// The DX office opens the round of `quarter` ("2025-2") due on `deadline`.
async fn open_round(app: &TestApp, dx: &str, quarter: &str, deadline: &str) {
    let (_, list, _) = get_with(app, "/staff/survey", dx).await;
    let opening = [
        ("csrf_token".to_string(), hidden(&list, "csrf_token")),
        ("quarter".to_string(), quarter.to_string()),
        ("deadline".to_string(), deadline.to_string()),
    ];
    let (status, page, _) = post(app, "/staff/survey", dx, &opening).await;
    assert_eq!(status, 303, "{page}");
}

/// (recipient, body) of every survey reminder queued so far (not the
/// mails that announced the round).
async fn reminders_queued(app: &TestApp) -> Vec<(String, String)> {
    use sqlx::Row;
    sqlx::query(
        "SELECT recipient, body FROM mail_queue WHERE subject LIKE '%回答のお願い%' ORDER BY id",
    )
    .fetch_all(app.platform.db.pool())
    .await
    .expect("mail queue")
    .iter()
    .map(|row| (row.get("recipient"), row.get("body")))
    .collect()
}

#[tokio::test]
async fn the_platform_reminds_unanswered_sections_before_and_after_the_deadline_by_itself() {
    use progress::survey::Reminder;
    use progress::survey_reminders::send_due;
    use time::macros::date;

    let app = TestApp::with_demo().await;
    let db = &app.platform.db;
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    let (clerk, answering_clerk) = staff_cookie(&app, "clerk", Some("kodomo-kosodate")).await;
    let (_, late_clerk) = staff_cookie(&app, "clerk", Some("kenko-kaigo")).await;
    open_round(&app, &dx, "2025-2", "2025-07-15").await;
    // 子育て支援課 answers everything; 介護保険課 does not.
    answer_every_page(&app, &clerk, "R7-Q2", |_| {}).await;

    assert!(
        send_due(db, date!(2025 - 07 - 11))
            .await
            .unwrap()
            .is_empty()
    );
    // Two servers looking at once send it once.
    let (first, second) = tokio::join!(
        send_due(db, date!(2025 - 07 - 12)),
        send_due(db, date!(2025 - 07 - 12))
    );
    let sent: Vec<_> = first.unwrap().into_iter().chain(second.unwrap()).collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].kind, Reminder::DueSoon);
    assert!(sent[0].recipients > 0);
    assert!(
        send_due(db, date!(2025 - 07 - 13))
            .await
            .unwrap()
            .is_empty()
    );
    let queued = reminders_queued(&app).await;
    assert_eq!(queued.len(), sent[0].recipients);
    assert!(
        queued
            .iter()
            .any(|(to, body)| *to == late_clerk && body.contains("近づいています")),
        "{queued:?}"
    );
    assert!(
        queued.iter().all(|(to, _)| *to != answering_clerk),
        "a section that has answered everything is left alone"
    );

    let sent = send_due(db, date!(2025 - 07 - 16)).await.unwrap();
    assert_eq!(sent[0].kind, Reminder::Overdue);
    assert!(
        send_due(db, date!(2025 - 07 - 22))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(send_due(db, date!(2025 - 07 - 23)).await.unwrap().len(), 1);
    let queued = reminders_queued(&app).await;
    assert!(
        queued
            .iter()
            .any(|(to, body)| *to == late_clerk && body.contains("過ぎています"))
    );

    // Closed rounds are left alone.
    let (_, round, _) = get_with(&app, "/staff/survey/R7-Q2", &dx).await;
    let token = hidden(&round, "csrf_token");
    let (status, _, _) = post(
        &app,
        "/staff/survey/R7-Q2/close",
        &dx,
        &[("csrf_token".to_string(), token)],
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        send_due(db, date!(2025 - 07 - 30))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn two_administrators_closing_a_round_at_once_apply_it_once() {
    let app = TestApp::with_demo().await;
    let db = &app.platform.db;
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    open_round(&app, &dx, "2025-3", "2025-10-15").await;
    // Both read the round while it was open.
    let round = progress::survey_store::round(db, "R7-Q3")
        .await
        .unwrap()
        .expect("the round");
    let first = progress::survey_store::close(db, &round, "a")
        .await
        .unwrap();
    let second = progress::survey_store::close(db, &round, "b")
        .await
        .unwrap();
    assert!(first.is_some());
    assert_eq!(second, None, "the second close applies nothing");
    let closed = progress::survey_store::round(db, "R7-Q3")
        .await
        .unwrap()
        .expect("the round");
    assert!(closed.closed_at.is_some());
}

#[tokio::test]
async fn a_reminder_sent_from_the_round_page_is_the_days_reminder_and_closed_rounds_send_none() {
    use progress::survey_reminders::send_due;

    let app = TestApp::with_demo().await;
    let db = &app.platform.db;
    let (dx, _) = staff_cookie(&app, "dx_admin", None).await;
    open_round(&app, &dx, "2025-2", "2025-07-15").await;
    let (_, round, _) = get_with(&app, "/staff/survey/R7-Q2", &dx).await;
    let token = [("csrf_token".to_string(), hidden(&round, "csrf_token"))];
    let (status, page, _) = post(&app, "/staff/survey/R7-Q2/remind", &dx, &token).await;
    assert_eq!(status, 200, "{page}");
    let by_hand = reminders_queued(&app).await.len();
    assert!(by_hand > 0);
    assert!(
        send_due(db, kernel::clock::today_in_japan())
            .await
            .unwrap()
            .is_empty(),
        "the platform does not send the same reminder again that day"
    );
    assert_eq!(reminders_queued(&app).await.len(), by_hand);

    let (status, _, _) = post(&app, "/staff/survey/R7-Q2/close", &dx, &token).await;
    assert_eq!(status, 200);
    let (status, _, _) = post(&app, "/staff/survey/R7-Q2/remind", &dx, &token).await;
    assert_eq!(status, 409, "a closed round reminds nobody");
    assert_eq!(reminders_queued(&app).await.len(), by_hand);
}
