//! `/staff/layouts`: the DX office registers the child allowance system's
//! layout, exports a period now (refused whole when a name has a character
//! Shift_JIS lacks), the owning section downloads the file, the schedule
//! writes the day before once, and a results file is applied row by row.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use common::{CSRF, TestApp, demo_file, login};
use serde_json::json;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../layouts/examples")
        .join(name)
}

async fn submit(app: &TestApp, token: &str, family_name: &str) -> String {
    common::submit_child_allowance(app, token, family_name, "id.pdf").await
}

async fn staff(app: &TestApp, role: &str, section: Option<&str>) -> String {
    let demo = demo_file(app);
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == role && (section.is_none() || l.section.as_deref() == section))
        .expect("a demo account");
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("staff login")
}

/// POSTs a multipart form with a file; status and page.
async fn upload(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file_field: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", CSRF);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    form = form.part(
        file_field.to_string(),
        reqwest::multipart::Part::bytes(bytes).file_name("upload.dat"),
    );
    let response = app
        .client
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

async fn post(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut pairs = vec![("csrf_token", CSRF)];
    pairs.extend_from_slice(fields);
    let response = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .form(&pairs)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> (u16, Vec<u8>) {
    let response = app
        .client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.bytes().await.expect("body").to_vec(),
    )
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(app.platform.db.pool())
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dx_office_exports_layout_files_and_applies_results_in_the_back_office() {
    let app = TestApp::with_demo().await;
    let db = &app.platform.db;
    let token = demo_file(&app).api_token;
    let first = submit(&app, &token, "名古屋").await;
    let second = submit(&app, &token, "𠮷田").await;
    let dx = staff(&app, "dx_admin", None).await;

    // A mapping that does not parse is refused with the reason.
    let (status, page) = upload(
        &app,
        "/staff/layouts",
        &dx,
        &[],
        "mapping",
        b"[layout]\nname = 1\n".to_vec(),
    )
    .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"errors\""), "{page}");

    let mapping = std::fs::read(example("jidou-teate-nintei.toml")).expect("example");
    let (status, page) = upload(&app, "/staff/layouts", &dx, &[], "mapping", mapping).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("児童手当 認定請求 連携ファイル"), "{page}");
    let layout: String = sqlx::query_scalar("SELECT id FROM layouts")
        .fetch_one(db.pool())
        .await
        .expect("registered");

    // 𠮷 is not in Shift_JIS: the layout crate's report, and no file.
    let today = kernel::clock::today_in_japan().to_string();
    let period = [
        ("layout", layout.as_str()),
        ("from", today.as_str()),
        ("to", today.as_str()),
    ];
    let (status, page) = post(&app, "/staff/layouts/export", &dx, &period).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains(&format!("2 件目（受付番号 {second}）")) && page.contains("U+20BB7"),
        "{page}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM layout_files").await, 0);
    assert!(
        !app.dir.path().join("layouts").exists()
            || std::fs::read_dir(app.dir.path().join("layouts"))
                .expect("dir")
                .next()
                .is_none()
    );

    // Received long ago, the second is outside today's period.
    let application = applications::store::by_receipt(db, &second)
        .await
        .expect("db")
        .expect("second");
    sqlx::query("UPDATE applications SET submitted_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(&application.id)
        .execute(db.pool())
        .await
        .expect("moved");
    let (status, page) = post(&app, "/staff/layouts/export", &dx, &period).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"notice\""), "{page}");
    let (records, size, sha): (i64, i64, String) = {
        use sqlx::Row;
        let row = sqlx::query(
            "SELECT CAST(records AS BIGINT) AS records, CAST(size AS BIGINT) AS size, sha256 FROM layout_files",
        )
        .fetch_one(db.pool())
        .await
        .expect("recorded");
        (row.get("records"), row.get("size"), row.get("sha256"))
    };
    assert_eq!((records, size), (1, 402));
    let on_disk: Vec<_> = std::fs::read_dir(app.dir.path().join("layouts"))
        .expect("the layouts folder")
        .flatten()
        .collect();
    assert_eq!(on_disk.len(), 1);
    let sealed = std::fs::read(on_disk[0].path()).expect("file");
    assert!(
        !sealed.windows(first.len()).any(|w| w == first.as_bytes()),
        "sealed at rest"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = on_disk[0].metadata().expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "private");
    }

    // The owning section downloads it; another section does not.
    let clerk = staff(&app, "clerk", Some("kodomo-kosodate")).await;
    let (status, page) = get(&app, "/staff/layouts", &clerk).await;
    assert_eq!(status, 200);
    let page = String::from_utf8(page).expect("utf-8");
    let link = page
        .split("href=\"/staff/layouts/download?file=")
        .nth(1)
        .map(|rest| {
            format!(
                "/staff/layouts/download?file={}",
                &rest[..rest.find('"').expect("end")]
            )
        })
        .expect("a download link");
    let (status, bytes) = get(&app, &link, &clerk).await;
    assert_eq!(status, 200);
    assert_eq!(bytes.len(), 402);
    assert_eq!(
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
        sha
    );
    let (record, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(
        record.starts_with(&format!("1231002{first:<20}")),
        "{record}"
    );
    let other = staff(&app, "clerk", Some("kenko-kaigo")).await;
    let (status, _) = get(&app, &link, &other).await;
    assert_eq!(status, 404);
    let (_, page) = get(&app, "/staff/layouts", &other).await;
    assert!(!String::from_utf8(page).expect("utf-8").contains(&link));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM access_log WHERE action = 'layout_file.downloaded'"
        )
        .await,
        1
    );
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM access_log WHERE action = 'layout.exported'"
        )
        .await
            >= 1
    );

    // A clerk cannot export or register.
    let (status, _) = post(&app, "/staff/layouts/export", &clerk, &period).await;
    assert!([403, 404].contains(&status), "{status}");

    // Daily at midnight: the day before is written once, however often
    // the schedule looks.
    let (status, page) = post(
        &app,
        "/staff/layouts/schedule",
        &dx,
        &[("layout", layout.as_str()), ("hour", "0")],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let (status, _) = post(
        &app,
        "/staff/layouts/schedule",
        &dx,
        &[("layout", layout.as_str()), ("hour", "25")],
    )
    .await;
    assert_eq!(status, 400);
    let now = time::OffsetDateTime::now_utc();
    let written = integration::layout_schedule::run_due(db, app.dir.path(), now)
        .await
        .expect("run");
    assert_eq!(written, 1);
    let again = integration::layout_schedule::run_due(db, app.dir.path(), now)
        .await
        .expect("run");
    assert_eq!(again, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM layout_files WHERE created_by = 'schedule'"
        )
        .await,
        1
    );

    // The system's results: the same procedure and system, kept beside the
    // export mapping (it does not replace it); one row applied, two
    // refused, each reported.
    let results_text = std::fs::read_to_string(example("jidou-teate-kekka.toml")).expect("example");
    let (status, page) = upload(
        &app,
        "/staff/layouts",
        &dx,
        &[],
        "mapping",
        results_text.clone().into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM layouts").await, 2);
    let results_id: String =
        sqlx::query_scalar("SELECT id FROM layouts WHERE direction = 'results'")
            .fetch_one(db.pool())
            .await
            .expect("the results mapping");
    assert_ne!(results_id, layout, "the export mapping is still there");
    let results_layout = layouts::Layout::parse(&results_text).expect("layout");
    let updates = [
        json!({"receipt_number": first, "action": "start_review", "comment": "審査を始めました"}),
        json!({"receipt_number": "R8-9999999", "action": "approve"}),
        json!({"receipt_number": first, "action": "close"}),
    ];
    let file = results_layout.write(&updates).expect("file");
    let (status, page) = upload(
        &app,
        "/staff/layouts/results",
        &dx,
        &[("layout", results_id.as_str())],
        "file",
        file,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!("1 行目 {first}: 反映")), "{page}");
    assert!(page.contains("2 行目 R8-9999999: 見送り"), "{page}");
    assert!(page.contains("反映 1 件、見送り 2 件"), "{page}");
    let application = applications::store::by_receipt(db, &first)
        .await
        .expect("db")
        .expect("first");
    assert_eq!(application.status, workflow::Status::Reviewing);
}
