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
    // Sign-ins begun and left: a staff password step, a trip to the IdP.
    let soon =
        kernel::clock::to_text(time::OffsetDateTime::now_utc() + time::Duration::minutes(10));
    let staff_id: String = sqlx::query("SELECT id FROM staff ORDER BY id LIMIT 1")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("a staff account")
        .get("id");
    sqlx::query(
        "INSERT INTO pending_logins (token_hash, staff_id, client, next, attempts, expires_at) \
         VALUES ('h', $1, '127.0.0.1', '', 0, $2)",
    )
    .bind(&staff_id)
    .bind(&soon)
    .execute(app.platform.db.pool())
    .await
    .expect("a pending sign-in");
    sqlx::query(
        "INSERT INTO oidc_logins (id_hash, provider, state, nonce, pkce_verifier, next, expires_at) \
         VALUES ('h', 'staff', 's', 'n', 'v', '', $1)",
    )
    .bind(&soon)
    .execute(app.platform.db.pool())
    .await
    .expect("a trip to the IdP");
    for table in [
        "sessions",
        "login_failures",
        "drafts",
        "mail_queue",
        "pending_logins",
        "oidc_logins",
    ] {
        assert!(count(&app, table).await > 0, "{table}");
    }
    // Today nothing in use goes: the session still signs in, the draft stays.
    let now = time::OffsetDateTime::now_utc();
    let purged = kernel::housekeeping::purge(&app.platform.db, now)
        .await
        .expect("purge");
    assert_eq!(purged.sessions, 0);
    assert_eq!(purged.drafts, 0);
    assert_eq!(purged.unfinished_sign_ins, 0, "still within their time");
    assert!(purged.sent_mail >= 1, "{purged:?}");
    let (status, _, _) = get_with(&app, "/my", &cookie).await;
    assert_eq!(status, 200);
    // A year on, all of it is past its time.
    let later = now + time::Duration::days(365);
    kernel::housekeeping::purge(&app.platform.db, later)
        .await
        .expect("purge");
    for table in [
        "sessions",
        "login_failures",
        "drafts",
        "pending_logins",
        "oidc_logins",
    ] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
    let (status, _, location) = get_with(&app, "/my", &cookie).await;
    assert_eq!(status, 303, "signed out: {location:?}");
}
