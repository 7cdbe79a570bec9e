//! Mail to applicants: the receipt, a correction request with the section's
//! words and a link to the case, and the decision — queued with the change,
//! so a mail server outage delays mail and never loses it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use applications::model::Submitter;
use applications::submit::{Submission, Submitted};
use applications::{store, transition};
use common::{TestApp, mail_matching};
use sqlx::Row;
use workflow::{Action, Actor};

async fn resident_id(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT id FROM residents WHERE email = $1")
        .bind(email)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("resident")
        .try_get("id")
        .expect("id")
}

#[tokio::test]
async fn applicants_are_mailed_the_receipt_a_correction_request_and_the_decision() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    let resident = &demo.resident_logins[0];
    let submitter = Submitter::Resident {
        id: resident_id(&app, &resident.email).await,
    };
    let apps = &app.platform.applications;
    let target = apps.form_of("sodaigomi").await.expect("form");
    let target = target.as_ref().as_ref().expect("a form");
    let answers = demo::forms::sample_answers();
    let outcome = applications::submit::submit(
        apps.db(),
        apps.writer(),
        Submission {
            lang: kernel::i18n::Lang::Ja,
            channel: applications::model::Channel::Online,
            entered_by: None,
            form: &target.form,
            section_id: target.section_id.as_deref(),
            standard_days: target.standard_days,
            submitter: &submitter,
            idempotency_key: None,
            answers: &answers,
        },
    )
    .await
    .expect("submitted");
    let Submitted::Created(receipt) = outcome else {
        panic!("a new application")
    };
    let number = receipt.receipt_number.clone();

    let received = mail_matching(app.dir.path(), |t| {
        t.contains(&number) && t.contains("申請を受け付けました")
    })
    .await;
    assert!(
        received.contains(&format!("To: {}", resident.email)),
        "{received}"
    );
    assert!(
        received.contains("粗大ごみ"),
        "names the procedure: {received}"
    );
    assert!(
        received.contains(&format!("/my/applications/{number}")),
        "links the case: {received}"
    );

    let step = |action, actor, comment: Option<&'static str>| {
        let number = number.clone();
        async move {
            let application = store::by_receipt(apps.db(), &number)
                .await
                .expect("read")
                .expect("exists");
            transition::apply(
                apps.db(),
                &application,
                action,
                actor,
                "staff:test",
                comment,
            )
            .await
            .expect("step taken");
        }
    };
    step(Action::StartReview, Actor::Clerk, None).await;
    step(
        Action::RequestCorrection,
        Actor::Clerk,
        Some("搬出場所の番地を確認してください"),
    )
    .await;
    let correction = mail_matching(app.dir.path(), |t| {
        t.contains(&number) && t.contains("補正のお願い")
    })
    .await;
    assert!(
        correction.contains("搬出場所の番地を確認してください"),
        "{correction}"
    );

    let application = store::by_receipt(apps.db(), &number)
        .await
        .expect("read")
        .expect("exists");
    transition::resubmit(
        apps.db(),
        &application,
        &application.answers,
        "resident:test",
    )
    .await
    .expect("resubmitted");
    step(Action::StartReview, Actor::Clerk, None).await;
    step(Action::Approve, Actor::Manager, None).await;
    mail_matching(app.dir.path(), |t| {
        t.contains(&number) && t.contains("承認")
    })
    .await;

    // Internal steps are not mailed: a receipt, a request and a decision.
    let mails: i64 = sqlx::query("SELECT COUNT(*) FROM mail_queue WHERE body LIKE $1")
        .bind(format!("%{number}%"))
        .fetch_one(apps.db().pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("n");
    assert_eq!(mails, 3);
}

#[tokio::test]
async fn mail_waits_out_a_mail_server_outage() {
    // A database without a running platform: only the senders made here
    // touch the queue.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = common::fresh_db(&dir).await;
    db.migrate().await.expect("schema");
    kernel::mail::enqueue(
        db.pool(),
        &kernel::mail::Mail {
            recipient: "hanako@example.jp".into(),
            subject: "テスト".into(),
            body: "本文".into(),
            link_path: None,
        },
    )
    .await
    .expect("queued");
    // Nothing listens on port 1: the server is down.
    let down = mail::Mailer::new(
        db.clone(),
        Some("smtp://127.0.0.1:1"),
        "no-reply@example.jp",
        "http://localhost",
        &dir.path().join("unused"),
    )
    .expect("mailer");
    assert_eq!(down.send_due().await.expect("queue readable"), 0);
    let row = sqlx::query(
        "SELECT CAST(attempts AS BIGINT) AS attempts, last_error, sent_at, next_attempt_at FROM mail_queue",
    )
    .fetch_one(db.pool())
    .await
    .expect("row");
    assert_eq!(row.try_get::<i64, _>("attempts").expect("attempts"), 1);
    assert!(
        row.try_get::<Option<String>, _>("last_error")
            .expect("error")
            .is_some()
    );
    assert!(
        row.try_get::<Option<String>, _>("sent_at")
            .expect("sent_at")
            .is_none()
    );
    let next: String = row.try_get("next_attempt_at").expect("next");
    assert!(
        next > kernel::clock::now_text(),
        "retried later, not dropped"
    );
    // Not due yet: nothing is tried again at once.
    assert_eq!(down.send_due().await.expect("queue readable"), 0);

    // The wait is over and the server is back: the mail goes out.
    sqlx::query("UPDATE mail_queue SET next_attempt_at = $1")
        .bind("2000-01-01T00:00:00Z")
        .execute(db.pool())
        .await
        .expect("due");
    let back = mail::Mailer::new(
        db.clone(),
        None,
        "no-reply@example.jp",
        "http://localhost",
        &dir.path().join("mail"),
    )
    .expect("mailer");
    assert_eq!(back.send_due().await.expect("queue readable"), 1);
    let text = mail_matching(dir.path(), |t| t.contains("テスト")).await;
    assert!(text.contains("To: hanako@example.jp"));
    assert_eq!(
        back.send_due().await.expect("queue readable"),
        0,
        "sent once"
    );
}
