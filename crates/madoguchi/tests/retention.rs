//! 保存期間 and 廃棄: a closed case past its procedure's retention period is
//! disposed of by the daily job — its answers, files and internal comments
//! go, the register and the audit log say so, the resident and the section
//! are told it was disposed of — while a case still within its period, an
//! open case, and the numbers statistics count are left as they were.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use applications::retention::{Retention, disposable_from, dispose_due};
use common::{TestApp, demo_file, get_with, hidden, login, no_redirects, post_with};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sqlx::Row;
use time::macros::offset;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

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

/// The resident applies for 児童手当 with a PDF attached; the receipt number.
async fn apply_with_file(app: &TestApp, cookie: &str) -> String {
    let path = "/procedures/jidou-teate-nintei/apply";
    let (status, confirm) = post_multipart(
        app,
        path,
        cookie,
        CHILD_ALLOWANCE,
        Some(("id_document", "保険証.pdf", PDF)),
    )
    .await;
    assert_eq!(status, 200, "{confirm}");
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let (status, page) = post_multipart(
        app,
        path,
        cookie,
        &[
            ("__answers", &answers),
            ("__key", &key),
            ("__step", "submit"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page.split("<p class=\"receipt-number\"><strong>")
        .nth(1)
        .map(|r| r[..r.find('<').expect("end")].to_string())
        .expect("receipt number")
}

async fn api(app: &TestApp, token: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let request = match body {
        Some(body) => app.client.post(app.url(path)).json(body),
        None => app.client.get(app.url(path)),
    };
    let response = request.bearer_auth(token).send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A 粗大ごみ application from a business system; the receipt number.
async fn submit(app: &TestApp, token: &str, body: &Value) -> String {
    let (status, body) = api(
        app,
        token,
        "/api/v1/procedures/sodaigomi/applications",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["receipt_number"]
        .as_str()
        .expect("receipt")
        .to_string()
}

/// Takes a case through to 完了 as a business system would, whichever
/// steps its procedure's workflow has on the way.
async fn close(app: &TestApp, token: &str, receipt: &str) {
    for action in ["start_review", "approve", "issue_notice", "close"] {
        // The notice is issued as a document; a procedure without one
        // answers 409 and closes.
        let (status, body) = if action == "issue_notice" {
            api(
                app,
                token,
                &format!("/api/v1/applications/{receipt}/notice"),
                Some(&json!({})),
            )
            .await
        } else {
            api(
                app,
                token,
                &format!("/api/v1/applications/{receipt}/transitions"),
                Some(&json!({ "action": action })),
            )
            .await
        };
        assert!(
            status == 200 || status == 201 || status == 409,
            "{action}: {body}"
        );
    }
    let (_, application) = api(app, token, &format!("/api/v1/applications/{receipt}"), None).await;
    assert_eq!(application["status"], "closed", "{application}");
}

async fn row(app: &TestApp, receipt: &str) -> sqlx::any::AnyRow {
    sqlx::query(
        "SELECT answers, status, procedure_id, section_id, fiscal_year, submitted_at, completed_at, \
         disposed_at, submitter_id FROM applications WHERE receipt_number = $1",
    )
    .bind(receipt)
    .fetch_one(app.platform.db.pool())
    .await
    .expect("the application row stays")
}

/// A day in Japan at a time of day, as the job is handed "now".
fn at(day: time::Date, hour: u8, minute: u8) -> time::OffsetDateTime {
    day.with_hms(hour, minute, 0)
        .expect("a time")
        .assume_offset(offset!(+9))
}

#[tokio::test]
async fn a_closed_case_past_its_retention_period_is_disposed_of_and_nothing_else() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let db = &app.platform.db;
    let attachments = app.platform.applications.attachments();
    let token = common::issue_token(
        db,
        "case system",
        &[
            "applications:read",
            "applications:write",
            "transitions:write",
            "decisions:write",
        ],
        None,
    )
    .await;
    let resident = &demo.resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("resident login");

    // The resident's 児童手当 (the city's default of 5 years), closed today.
    let disposed = apply_with_file(&app, &cookie).await;
    let file_id: String = sqlx::query("SELECT id FROM attachments")
        .fetch_one(db.pool())
        .await
        .expect("the stored file")
        .get("id");
    let file = app.dir.path().join("attachments").join(&file_id);
    assert!(file.exists(), "{file:?}");
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kodomo-kosodate"))
        .expect("clerk");
    let clerk_cookie = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("clerk login");
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/applications/{disposed}/comments"),
        &clerk_cookie,
        &[("body".to_string(), "花子さんに電話で確認済み".to_string())],
    )
    .await;
    assert_eq!(status, 303);
    close(&app, &token, &disposed).await;
    // 粗大ごみ, kept 10 years (as the registry's 保存期間（年） sets it),
    // closed today; and another left open.
    sqlx::query("UPDATE procedures SET retention_years = 10 WHERE id = 'sodaigomi'")
        .execute(db.pool())
        .await
        .expect("a longer period");
    let within_period = submit(&app, &token, &demo.sample_application.body).await;
    close(&app, &token, &within_period).await;
    let open = submit(&app, &token, &demo.sample_application.body).await;
    // A case whose record cannot be read: it fails alone.
    let unreadable = submit(&app, &token, &demo.sample_application.body).await;
    close(&app, &token, &unreadable).await;
    sqlx::query(
        "UPDATE applications SET completed_at = '2020-01-01T-broken' WHERE receipt_number = $1",
    )
    .bind(&unreadable)
    .execute(db.pool())
    .await
    .expect("a broken date");

    let completed: String = row(&app, &disposed).await.get("completed_at");
    let completed_on = kernel::clock::parse(&completed)
        .expect("a time")
        .to_offset(offset!(+9))
        .date();
    let due = disposable_from(completed_on, Retention::Years(5)).expect("a date");
    assert_eq!(
        (due.month(), due.day()),
        (time::Month::April, 1),
        "from a 1 April"
    );

    // On 31 March, the last day of its period, nothing goes.
    let report = dispose_due(
        db,
        attachments,
        at(due.previous_day().expect("a day"), 23, 59),
        5,
    )
    .await
    .expect("the job runs");
    assert!(report.disposed.is_empty(), "{report:?}");
    assert!(file.exists());

    // On 1 April it does, and only it.
    let report = dispose_due(db, attachments, at(due, 0, 1), 5)
        .await
        .expect("the job runs");
    assert_eq!(report.disposed, [disposed.as_str()], "{report:?}");
    assert_eq!(report.failed, [unreadable.as_str()], "{report:?}");
    assert_eq!(report.files_removed, 1);

    // The answers, the file and the comment are gone; the row stays for
    // statistics with its procedure, section, status, dates and year.
    let kept = row(&app, &disposed).await;
    assert_eq!(kept.get::<String, _>("answers"), "{}");
    assert_eq!(kept.get::<String, _>("status"), "closed");
    assert_eq!(kept.get::<String, _>("procedure_id"), "jidou-teate-nintei");
    assert_eq!(
        kept.get::<Option<String>, _>("section_id").as_deref(),
        Some("kodomo-kosodate")
    );
    assert_eq!(kept.get::<String, _>("completed_at"), completed);
    assert!(kept.get::<Option<String>, _>("disposed_at").is_some());
    assert!(!file.exists(), "the file is gone from disk");
    // Its signed notice (name and address on it) goes too; the register
    // keeps the number, and the PDF is answered 410.
    let number: String = sqlx::query_scalar("SELECT number FROM notices WHERE receipt_number = $1")
        .bind(&disposed)
        .fetch_one(db.pool())
        .await
        .expect("the case's notice is still registered");
    let (status, body) = api(&app, &token, &format!("/api/v1/notices/{number}/pdf"), None).await;
    assert_eq!(status, 410, "{body}");
    for (table, column) in [("attachments", "id"), ("disposed_files", "attachment_id")] {
        let left = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM {table} WHERE {column} = $1"
        )))
        .bind(&file_id)
        .fetch_optional(db.pool())
        .await
        .expect("query");
        assert!(left.is_none(), "{table}");
    }
    let comments: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM application_comments WHERE body LIKE '%電話で確認済み%'",
    )
    .fetch_one(db.pool())
    .await
    .expect("count")
    .get("n");
    assert_eq!(comments, 0);

    // The others are as they were.
    for receipt in [&within_period, &open, &unreadable] {
        let untouched = row(&app, receipt).await;
        assert!(
            untouched.get::<Option<String>, _>("disposed_at").is_none(),
            "{receipt}"
        );
        assert_ne!(untouched.get::<String, _>("answers"), "{}", "{receipt}");
    }

    // The register and the audit log say so, without personal data.
    let register = applications::retention::register(db, 100)
        .await
        .expect("register");
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].receipt_number, disposed);
    assert_eq!(register[0].retention_years, 5);
    assert_eq!(register[0].disposable_from, due.to_string());
    let (status, audit) = api(
        &app,
        &token,
        &format!("/api/v1/applications/{disposed}/audit"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{audit}");
    assert_eq!(audit["chain_intact"], true, "{audit}");
    let entries = audit["entries"].as_array().expect("entries");
    let last = entries.last().expect("an entry");
    assert_eq!(last["action"], "application.disposed", "{audit}");
    assert_eq!(last["after"]["retention_years"], 5);
    assert!(!last.to_string().contains("三の丸"), "{last}");

    // The resident is told it was disposed of, in their language.
    let (status, page, _) = get_with(&app, &format!("/my/applications/{disposed}"), &cookie).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("保存期間（5年）が過ぎたため"), "{page}");
    assert!(!page.contains("三の丸"), "{page}");
    let (_, page, _) = get_with(
        &app,
        &format!("/my/applications/{disposed}?lang=en"),
        &cookie,
    )
    .await;
    assert!(page.contains("retention period of 5 years"), "{page}");
    let (_, list, _) = get_with(&app, "/my/applications", &cookie).await;
    assert!(list.contains("保存期間満了により廃棄済み"), "{list}");
    let (status, _, _) = get_with(
        &app,
        &format!("/my/applications/{disposed}/attachments/{file_id}"),
        &cookie,
    )
    .await;
    assert_eq!(status, 404);

    // The section sees that and when; no comment can bring data back.
    let (status, case, _) = get_with(
        &app,
        &format!("/staff/applications/{disposed}"),
        &clerk_cookie,
    )
    .await;
    assert_eq!(status, 200);
    assert!(case.contains("廃棄日"), "{case}");
    assert!(case.contains("保存期間（5年）の満了により"), "{case}");
    assert!(!case.contains("三の丸"), "{case}");
    assert!(!case.contains("電話で確認済み"), "{case}");
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/applications/{disposed}/comments"),
        &clerk_cookie,
        &[("body".to_string(), "新しいメモ".to_string())],
    )
    .await;
    assert_eq!(status, 409);

    // The DX office reads the register, as a page and as CSV; a section
    // clerk may not.
    let dx = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "dx_admin")
        .expect("DX office administrator");
    let dx_cookie = login(&app, "/staff/login", &dx.email, &dx.password)
        .await
        .expect("DX login");
    let (status, page, _) = get_with(&app, "/staff/disposals", &dx_cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains(&disposed), "{page}");
    assert!(!page.contains(&within_period), "{page}");
    let (status, csv, _) = get_with(&app, "/staff/disposals.csv", &dx_cookie).await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("受付番号,手続ID,手続,担当課,完結日時,保存期間（年）"),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("{disposed},jidou-teate-nintei,")),
        "{csv}"
    );
    for path in ["/staff/disposals", "/staff/disposals.csv"] {
        let (status, _, _) = get_with(&app, path, &clerk_cookie).await;
        assert_eq!(status, 403, "{path}");
    }

    // Decades on, the 10-year case goes too; the open case never does.
    let report = dispose_due(
        db,
        attachments,
        at(due, 0, 1) + time::Duration::days(366 * 40),
        5,
    )
    .await
    .expect("the job runs");
    assert_eq!(report.disposed, [within_period.as_str()], "{report:?}");
    let still_open = row(&app, &open).await;
    assert!(still_open.get::<Option<String>, _>("disposed_at").is_none());
    assert_eq!(still_open.get::<String, _>("status"), "received");
}
