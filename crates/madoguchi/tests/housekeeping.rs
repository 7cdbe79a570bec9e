//! What the platform no longer needs is removed on schedule: ended
//! sessions, old login failures, abandoned drafts, mail sent long ago —
//! and nothing that is still in use.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, login, post_with};
use sqlx::Row;

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(app.platform.db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("n")
}

#[tokio::test]
async fn expired_sessions_old_failures_abandoned_drafts_and_old_mail_are_purged() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    // A success clears its own address's failures: fail on another's.
    let neighbour = &demo.resident_logins[1];
    assert!(
        login(&app, "/login", &neighbour.email, "wrong password")
            .await
            .is_err()
    );
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("signed in");
    let (status, _, _) = post_with(
        &app,
        "/procedures/sodaigomi/apply",
        &cookie,
        &[
            ("address".to_string(), "名古屋市中区".to_string()),
            ("__draft".to_string(), "1".to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200);
    sqlx::query(
        "INSERT INTO mail_queue (recipient, subject, body, created_at, next_attempt_at, sent_at) \
         VALUES ('a@example.jp', 's', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .execute(app.platform.db.pool())
    .await
    .expect("an old sent mail");
    for table in ["sessions", "login_failures", "drafts", "mail_queue"] {
        assert!(count(&app, table).await > 0, "{table}");
    }
    // Today nothing in use goes: the session still signs in, the draft stays.
    let now = time::OffsetDateTime::now_utc();
    let purged = kernel::housekeeping::purge(&app.platform.db, now)
        .await
        .expect("purge");
    assert_eq!(purged.sessions, 0);
    assert_eq!(purged.drafts, 0);
    assert!(purged.sent_mail >= 1, "{purged:?}");
    let (status, _, _) = get_with(&app, "/my", &cookie).await;
    assert_eq!(status, 200);
    // A year on, all of it is past its time.
    let later = now + time::Duration::days(365);
    kernel::housekeeping::purge(&app.platform.db, later)
        .await
        .expect("purge");
    for table in ["sessions", "login_failures", "drafts"] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
    let (status, _, location) = get_with(&app, "/my", &cookie).await;
    assert_eq!(status, 303, "signed out: {location:?}");
}
