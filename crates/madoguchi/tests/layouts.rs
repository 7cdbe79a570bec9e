//! `madoguchi layouts`: the demo's 児童手当 applications exported in the
//! child allowance system's fixed-width Shift_JIS layout, and its results
//! file applied back through the workflow, row by row. SQLite only: the
//! command takes its database from the data directory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{TestApp, backend_name, demo_file};
use serde_json::json;

fn madoguchi(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("MADOGUCHI_CONFIG")
        .output()
        .expect("madoguchi runs")
}

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_madoguchi"))
        .args(args)
        .output()
        .expect("madoguchi runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../layouts/examples")
        .join(name)
}

async fn submit(app: &TestApp, token: &str, family_name: &str) -> String {
    common::submit_child_allowance(app, token, family_name, "id.pdf").await
}

#[tokio::test(flavor = "multi_thread")]
async fn child_allowance_applications_go_out_fixed_width_and_results_come_back() {
    if backend_name() != "sqlite" {
        return;
    }
    let layout = example("jidou-teate-nintei.toml");
    let layout = layout.to_str().expect("path");
    let checked = check(&["layouts", "check", layout]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(
        text(&checked.stdout).contains("固定長 400 バイト"),
        "{}",
        text(&checked.stdout)
    );

    let app = TestApp::with_demo().await;
    let dir = app.dir.path();
    let token = demo_file(&app).api_token;
    let first = submit(&app, &token, "名古屋").await;
    let second = submit(&app, &token, "𠮷田").await;

    // 𠮷 is not in Shift_JIS: reported with its record, and nothing written.
    let out = dir.join("nintei.dat");
    let out_arg = out.to_str().expect("path");
    let export = [
        "layouts",
        "export",
        "--layout",
        layout,
        "--procedure",
        "jidou-teate-nintei",
        "--out",
        out_arg,
    ];
    let refused = madoguchi(&export, dir);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stdout));
    let report = text(&refused.stderr);
    assert!(
        report.contains(&format!("2 件目（受付番号 {second}）")) && report.contains("U+20BB7"),
        "{report}"
    );
    assert!(!out.exists());

    // The day of the first only.
    let today = kernel::clock::today_in_japan().to_string();
    let tomorrow = (kernel::clock::today_in_japan() + time::Duration::days(1)).to_string();
    let none = madoguchi(&[&export[..], &["--from", tomorrow.as_str()]].concat(), dir);
    assert!(none.status.success(), "{}", text(&none.stderr));
    assert_eq!(std::fs::read(&out).expect("written").len(), 0);
    std::fs::remove_file(&out).expect("removed");

    // The second received long ago: today's period holds the first only.
    let db = &app.platform.db;
    let application = applications::store::by_receipt(db, &second)
        .await
        .expect("db")
        .expect("second");
    sqlx::query("UPDATE applications SET submitted_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(&application.id)
        .execute(db.pool())
        .await
        .expect("moved");
    let exported = madoguchi(
        &[
            &export[..],
            &["--from", today.as_str(), "--to", today.as_str()],
        ]
        .concat(),
        dir,
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let bytes = std::fs::read(&out).expect("written");
    assert_eq!(bytes.len(), 402, "one 400-byte record and CRLF");
    let (record, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(
        record.starts_with(&format!("1231002{first:<20}")),
        "{record}"
    );
    assert!(
        record.contains("ﾅｺﾞﾔ") && record.contains("名古屋"),
        "{record}"
    );
    let again = madoguchi(&[&export[..], &["--from", today.as_str()]].concat(), dir);
    assert_eq!(again.status.code(), Some(2), "never overwritten");

    // The system's results: start the review of the first; an unknown
    // receipt and a step the workflow does not allow are refused.
    let results = example("jidou-teate-kekka.toml");
    let results_layout =
        layouts::Layout::parse(&std::fs::read_to_string(&results).expect("layout"))
            .expect("layout");
    let updates = [
        json!({"receipt_number": first, "action": "start_review", "comment": "審査を始めました"}),
        json!({"receipt_number": "R8-9999999", "action": "approve"}),
        json!({"receipt_number": first, "action": "close"}),
    ];
    let file = dir.join("kekka.dat");
    std::fs::write(&file, results_layout.write(&updates).expect("file")).expect("write");
    let imported = madoguchi(
        &[
            "layouts",
            "import",
            "--layout",
            results.to_str().expect("path"),
            "--in",
            file.to_str().expect("path"),
        ],
        dir,
    );
    let said = text(&imported.stdout);
    assert_eq!(
        imported.status.code(),
        Some(2),
        "{said}{}",
        text(&imported.stderr)
    );
    assert!(said.contains(&format!("1 行目 {first}: 反映")), "{said}");
    assert!(said.contains("2 行目 R8-9999999: 見送り"), "{said}");
    assert!(said.contains(&format!("3 行目 {first}: 見送り")), "{said}");
    assert!(said.contains("反映 1 件、見送り 2 件"), "{said}");
    let application = applications::store::by_receipt(db, &first)
        .await
        .expect("db")
        .expect("first");
    assert_eq!(application.status, workflow::Status::Reviewing);

    // A file with a malformed byte applies nothing.
    let mut broken = results_layout.write(&updates[..1]).expect("file");
    broken[30] = 0xFF;
    std::fs::write(&file, broken).expect("write");
    let refused = madoguchi(
        &[
            "layouts",
            "import",
            "--layout",
            results.to_str().expect("path"),
            "--in",
            file.to_str().expect("path"),
        ],
        dir,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("1 行目"),
        "{}",
        text(&refused.stderr)
    );
}
