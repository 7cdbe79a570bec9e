//! Every back-office route, as the sources declare it, refuses whoever it is
//! not for: a visitor not signed in is sent to the staff login, a resident
//! is refused, and a clerk of another section neither reads a case of a
//! section not theirs nor changes it. The route table is read from the
//! sources, so a route added later is walked too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{CSRF, CSRF_COOKIE, TestApp, demo_file, get_with, login, no_redirects};
use serde_json::{Value, json};
use sqlx::Row;

/// The sign-in pages serve visitors who are not signed in yet, so they are
/// not walked as back-office pages.
const SIGN_IN: &[&str] = &["/staff/login", "/staff/login/code", "/staff/login/enrol"];

/// Route declarations whose path is not a string literal, by their first
/// argument. The walk cannot read them, so each is named here once someone
/// has looked at it; none is a back-office page (single sign-on for staff
/// and businesses, the passkey script, the stylesheet, the API's document
/// and reference page). A new one fails the
/// test until it is added here or written as a literal.
const NOT_LITERAL: &[&str] = &[
    "Which::Staff.start_path()",
    "Which::Staff.callback_path()",
    "Which::Staff.refused_path()",
    "Which::GBizId.start_path()",
    "Which::GBizId.callback_path()",
    "Which::GBizId.refused_path()",
    "SCRIPT_PATH",
    "kernel::web::STYLESHEET_PATH",
    "DOCUMENT_PATH",
    "REFERENCE_PATH",
];

const PDF: &[u8] = b"%PDF-1.4\n% KANIE-TAMAO-SECRET\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// What the applicant entered, none of which may reach another section.
const SECRETS: &[&str] = &[
    "蟹江",
    "カニエ",
    "港区蟹江通九丁目",
    "052-999-1234",
    "9876543",
    "KANIE-TAMAO-SECRET",
];

/// Every `/staff…` route the sources declare, with `{parameters}` as written.
fn declared_staff_routes() -> Vec<String> {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut routes = Vec::new();
    let mut dirs = vec![crates];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("tests") && !path.ends_with("target") {
                    dirs.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for declaration in source.split(".route(").skip(1) {
                let declaration = declaration.trim_start();
                let Some(literal) = declaration.strip_prefix('"') else {
                    let first = declaration.split(',').next().unwrap_or_default().trim();
                    assert!(
                        NOT_LITERAL.contains(&first),
                        "{}: a route declared as {first}: walk it or list it in NOT_LITERAL",
                        path.display()
                    );
                    continue;
                };
                let route = literal.split('"').next().unwrap_or_default();
                // The handlers of this route: up to the next route or the end of the chain.
                let handlers = literal.split(';').next().unwrap_or_default();
                for verb in ["put(", "patch(", "delete("] {
                    assert!(
                        !handlers.contains(verb),
                        "{route} takes {verb}…): walk that method too"
                    );
                }
                if route == "/staff" || route.starts_with("/staff/") || route.starts_with("/staff.")
                {
                    routes.push(route.to_string());
                }
            }
        }
    }
    routes.sort();
    routes.dedup();
    routes
}

/// Real ids of the other section's case and of everything else a route names.
struct Ids {
    receipt: String,
    attachment: String,
    round: String,
    form: String,
    webhook: String,
    /// A procedure of the case's section, which the intruder may not edit.
    procedure: String,
    /// The case's signed notice.
    notice: String,
}

/// The route with each `{parameter}` replaced by a real id; a parameter the
/// walk does not know yet fails the test.
fn filled(route: &str, ids: &Ids) -> String {
    route
        .split('/')
        .map(|part| match part {
            "{receipt}" => ids.receipt.clone(),
            "{id}" if route.contains("/attachments/") => ids.attachment.clone(),
            "{id}" if route.starts_with("/staff/survey/") => ids.round.clone(),
            "{id}" if route.starts_with("/staff/forms/") => ids.form.clone(),
            "{version}" if route.starts_with("/staff/forms/") => "1".to_string(),
            "{id}" if route.starts_with("/staff/form-templates/") => "hanyo-shinsei".to_string(),
            "{id}" if route.starts_with("/staff/webhooks/") => ids.webhook.clone(),
            // The demo's announcement sent to the whole city.
            "{id}" if route.starts_with("/staff/announcements/") => "1".to_string(),
            "{id}" if route.starts_with("/staff/procedures/") => ids.procedure.clone(),
            "{number}" => ids.notice.clone(),
            // The case is checked before the payment is looked up.
            "{id}" if route.contains("/payments/") => "000000000000000000000000".to_string(),
            "{procedure}" if route.starts_with("/staff/fee-schedules/") => ids.procedure.clone(),
            "{procedure}" if route.starts_with("/staff/notice-templates/") => "default".to_string(),
            "{decision}" => "approved".to_string(),
            // A ward office with queue lines, and a ticket id of the right shape.
            "{office}" => "naka".to_string(),
            "{ticket}" => "0123456789abcdef0123456789abcdef".to_string(),
            "{procedure}" if route.starts_with("/staff/counters/") => ids.procedure.clone(),
            "{id}" if route.starts_with("/staff/counters/") => {
                "0123456789abcdef0123456789abcdef".to_string()
            }
            // Guarded as the DX office's before the token is looked up.
            "{id}" if route.starts_with("/staff/api-tokens/") => "0000000000000000".to_string(),
            "{id}" if route.starts_with("/staff/assistant/questions/") => "1".to_string(),
            p if p.starts_with('{') => panic!("{route}: give the walk a real value for {p}"),
            p => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A 児童手当 claim with a PDF, through the API: it belongs to 子育て支援課.
/// Its receipt number and the attachment's id.
async fn child_allowance(app: &TestApp, token: &str) -> (String, String) {
    let upload: Value = app
        .client
        .post(app.url("/api/v1/attachments?file_name=kanie.pdf"))
        .bearer_auth(token)
        .body(PDF.to_vec())
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    let attachment = upload["attachment_id"].as_str().expect("id").to_string();
    let body = json!({
        "applicant_name": {"family_name": "蟹江", "given_name": "珠緒", "family_name_kana": "カニエ", "given_name_kana": "タマオ"},
        "birth_date": "1990-04-01", "postal_code": "4550000", "address": "名古屋市港区蟹江通九丁目9番9号",
        "phone": "052-999-1234", "relationship": "mother", "pension": "kosei",
        "children": [{"name": {"family_name": "蟹江", "given_name": "一郎", "family_name_kana": "カニエ", "given_name_kana": "イチロウ"},
                      "birth_date": "2023-06-01", "living_together": "together"}],
        "account": {"bank_code": "0001", "branch_code": "001", "account_type": "ordinary", "account_number": "9876543", "account_holder": "カニエ タマオ"},
        "id_document": {"attachment_id": attachment},
        "consent": true
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/jidou-teate-nintei/applications"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.expect("json");
    (
        receipt["receipt_number"]
            .as_str()
            .expect("receipt")
            .to_string(),
        attachment,
    )
}

/// Approves the case and issues its notice through the API; its number.
async fn decided_with_notice(app: &TestApp, token: &str, receipt: &str) -> String {
    for action in ["start_review", "approve"] {
        let response = app
            .client
            .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
            .bearer_auth(token)
            .json(&json!({ "action": action }))
            .send()
            .await
            .expect("step");
        assert_eq!(response.status(), 200, "{action}");
    }
    let response = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/notice")))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .expect("notice");
    assert_eq!(response.status(), 201);
    let notice: Value = response.json().await.expect("json");
    notice["number"].as_str().expect("number").to_string()
}

/// What a change to the case would leave: its row, comments, audit entries
/// and recorded reads.
async fn case_state(app: &TestApp, receipt: &str) -> (String, i64, i64, i64) {
    let pool = app.platform.db.pool();
    let row = sqlx::query(
        "SELECT id, status, COALESCE(section_id, '') AS section_id, \
         COALESCE(assignee_id, '') AS assignee_id, updated_at \
         FROM applications WHERE receipt_number = $1",
    )
    .bind(receipt)
    .fetch_one(pool)
    .await
    .expect("the case");
    let id: String = row.get("id");
    let state = format!(
        "{} {} {} {}",
        row.get::<String, _>("status"),
        row.get::<String, _>("section_id"),
        row.get::<String, _>("assignee_id"),
        row.get::<String, _>("updated_at")
    );
    let count = |sql: &'static str| {
        let id = id.clone();
        async move {
            sqlx::query(sql)
                .bind(id)
                .fetch_one(pool)
                .await
                .expect("count")
                .get::<i64, _>(0)
        }
    };
    (
        state,
        count("SELECT COUNT(*) FROM application_comments WHERE application_id = $1").await,
        count(
            "SELECT COUNT(*) FROM audit_log WHERE target_type = 'application' AND target_id = $1",
        )
        .await,
        count(
            "SELECT COUNT(*) FROM access_log WHERE target_type = 'application' AND target_id = $1",
        )
        .await,
    )
}

/// What residents read of a procedure, and its audit entries.
async fn procedure_state(app: &TestApp, id: &str) -> (String, i64) {
    let procedure = catalog::store::procedure(&app.platform.db, id)
        .await
        .expect("read")
        .expect("the procedure");
    let audited: i64 = sqlx::query(
        "SELECT COUNT(*) FROM audit_log WHERE target_type = 'procedure' AND target_id = $1",
    )
    .bind(id)
    .fetch_one(app.platform.db.pool())
    .await
    .expect("count")
    .get(0);
    (
        format!("{:?}", catalog::model::Guidance::of(&procedure)),
        audited,
    )
}

/// Status, body (as text) and Location of `method route` with `cookie`.
async fn request(
    app: &TestApp,
    method: &str,
    path: &str,
    cookie: &str,
    fields: &[(&str, String)],
) -> (u16, String, String) {
    let builder = match method {
        "GET" => no_redirects().get(app.url(path)),
        _ => no_redirects().post(app.url(path)).form(fields),
    };
    let response = builder
        .header("cookie", cookie)
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = String::from_utf8_lossy(&response.bytes().await.expect("body")).into_owned();
    (status, body, location)
}

fn staff_login<'a>(demo: &'a demo::DemoFile, role: &str, section: &str) -> &'a demo::DemoLogin {
    demo.staff_logins
        .iter()
        .find(|l| l.role == role && l.section.as_deref() == Some(section))
        .unwrap_or_else(|| panic!("no {role} in {section}"))
}

#[tokio::test]
async fn every_staff_route_refuses_visitors_residents_and_other_sections() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let (receipt, attachment) = child_allowance(&app, &demo.api_token).await;
    progress::survey_store::open(
        &app.platform.db,
        2030,
        1,
        time::Date::from_calendar_date(2030, time::Month::July, 15).expect("date"),
        "staff:test",
    )
    .await
    .expect("a round");
    let (webhook, _) = integration::store::create(
        &app.platform.db,
        &integration::store::NewSubscription {
            url: "http://127.0.0.1:9/hook".into(),
            created_by: "test".into(),
            ..Default::default()
        },
    )
    .await
    .expect("a subscription");
    let notice = decided_with_notice(&app, &demo.api_token, &receipt).await;
    let ids = Ids {
        notice,
        receipt: receipt.clone(),
        attachment: attachment.clone(),
        round: progress::survey::round_id(2030, 1),
        form: "ninshin-todoke".to_string(),
        webhook: webhook.id,
        procedure: "jidou-teate-nintei".to_string(),
    };

    // The owning section reads the case and its file.
    let owner = staff_login(&demo, "clerk", "kodomo-kosodate");
    let owner = login(&app, "/staff/login", &owner.email, &owner.password)
        .await
        .expect("owner");
    let (status, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &owner).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("蟹江 珠緒"), "{page}");
    let (status, file, _) = request(
        &app,
        "GET",
        &format!("/staff/applications/{receipt}/attachments/{attachment}"),
        &owner,
        &[],
    )
    .await;
    assert_eq!(status, 200);
    assert!(file.contains("KANIE-TAMAO-SECRET"));

    let intruder = staff_login(&demo, "clerk", "kenko-kaigo");
    let intruder_cookie = login(&app, "/staff/login", &intruder.email, &intruder.password)
        .await
        .expect("intruder");
    let resident = &demo.resident_logins[0];
    let resident_cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("resident");
    let owner_id: String = sqlx::query("SELECT id FROM staff WHERE email = $1")
        .bind(identity::store::normalize_email(
            &staff_login(&demo, "clerk", "kodomo-kosodate").email,
        ))
        .fetch_one(app.platform.db.pool())
        .await
        .expect("owner's id")
        .get("id");
    // Fields that would change the case were the section not checked.
    let fields = [
        ("csrf_token", CSRF.to_string()),
        ("action", "start_review".to_string()),
        ("comment", "見ました".to_string()),
        ("body", "見ました".to_string()),
        ("assignee", owner_id),
        ("section", "kenko-kaigo".to_string()),
        ("reason", "こちらで扱います".to_string()),
        ("eligibility", "乗っ取り".to_string()),
        ("apply_method", "counter".to_string()),
    ];

    let before = case_state(&app, &receipt).await;
    let procedure_before = procedure_state(&app, &ids.procedure).await;
    let routes: Vec<String> = declared_staff_routes()
        .into_iter()
        .filter(|r| !SIGN_IN.contains(&r.as_str()))
        .collect();
    for expected in [
        "/staff/applications",
        "/staff/applications.csv",
        "/staff/applications/{receipt}",
        "/staff/applications/{receipt}/attachments/{id}",
        "/staff/applications/{receipt}/transitions",
        "/staff/survey/{id}/answers",
        "/staff/forms/{id}",
        "/staff/procedures/{id}",
    ] {
        assert!(
            routes.iter().any(|r| r == expected),
            "{expected} in {routes:?}"
        );
    }
    for route in &routes {
        let path = filled(route, &ids);
        let case_route = route.contains("{receipt}");
        for method in ["GET", "POST"] {
            for (who, cookie) in [("a visitor", CSRF_COOKIE), ("a resident", &resident_cookie)] {
                let (status, body, location) = request(&app, method, &path, cookie, &fields).await;
                assert!(
                    matches!(status, 401 | 403 | 405)
                        || (status == 303 && location.starts_with("/staff/login")),
                    "{method} {route} gave {who} {status} {location}"
                );
                for secret in SECRETS {
                    assert!(
                        !body.contains(secret),
                        "{method} {route} showed {who} {secret}"
                    );
                }
            }
            let (status, body, location) =
                request(&app, method, &path, &intruder_cookie, &fields).await;
            if route.starts_with("/staff/procedures/") && method == "POST" {
                assert_eq!(
                    status, 403,
                    "{method} {route} let another section's clerk edit a procedure"
                );
            }
            if case_route {
                assert!(
                    [403, 404, 405].contains(&status),
                    "{method} {route} gave another section's clerk {status} {location}"
                );
            } else {
                assert!(status < 500, "{method} {route}: {status} {body}");
                assert!(
                    !body.contains(&receipt),
                    "{method} {route} named the other section's case"
                );
            }
            for secret in SECRETS {
                assert!(
                    !body.contains(secret),
                    "{method} {route} showed another section's clerk {secret}"
                );
            }
        }
    }
    assert_eq!(
        case_state(&app, &receipt).await,
        before,
        "nothing changed the case, and nobody else's read of it was recorded"
    );
    assert_eq!(
        procedure_state(&app, &ids.procedure).await,
        procedure_before,
        "nobody but its section changed what residents read of the procedure"
    );

    // A DX office administrator is staff of their own section, not of every one.
    let dx = staff_login(&demo, "dx_admin", "somu-digital");
    let dx = login(&app, "/staff/login", &dx.email, &dx.password)
        .await
        .expect("dx");
    let (status, _, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &dx).await;
    assert_eq!(status, 404);

    // The owning section still reads and works the case.
    let (status, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &owner).await;
    assert_eq!(status, 200);
    assert!(page.contains("蟹江 珠緒"), "{page}");
    let (status, _, _) = request(
        &app,
        "POST",
        &format!("/staff/applications/{receipt}/comments"),
        &owner,
        &fields,
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &owner).await;
    assert!(page.contains("見ました"), "{page}");
}
