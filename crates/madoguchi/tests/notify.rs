//! Subscribing to the city's news: double opt-in, the preferences link and
//! the one-click unsubscribe of RFC 8058, through the real server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, mail_matching};

/// The path of the link (`http://host/path`) on the line of `text` that
/// holds `marker`.
fn path_in(text: &str, marker: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no {marker} in\n{text}"));
    let start = line.find("http").expect("a link");
    let url = line[start..].trim_end_matches('>');
    let after_scheme = &url[url.find("://").unwrap() + 3..];
    after_scheme[after_scheme.find('/').unwrap()..].to_string()
}

async fn sign_up(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/notify"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
}

const ACTIVE: &str =
    "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_subscriptions WHERE status = 'active'";

/// Signs `email` up for `topics`, confirms from the mail, and returns the
/// welcome mail.
async fn subscribed(app: &TestApp, email: &str, topics: &[&str]) -> String {
    let mut fields = vec![("email", email), ("lang", "ja")];
    fields.extend(topics.iter().map(|t| ("topic", *t)));
    let (status, _) = sign_up(app, &fields).await;
    assert_eq!(status, 200);
    let mail = mail_matching(app.dir.path(), |m| {
        m.contains(&format!("To: {email}")) && m.contains("/notify/confirm/")
    })
    .await;
    let confirm = path_in(&mail, "/notify/confirm/");
    let response = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    mail_matching(app.dir.path(), |m| {
        m.contains(&format!("To: {email}")) && m.contains("List-Unsubscribe:")
    })
    .await
}

#[tokio::test]
async fn a_subscription_exists_only_once_its_address_confirms_it() {
    let app = TestApp::spawn().await;
    let form = app.get("/notify").await.text().await.unwrap();
    assert!(form.contains("name=\"topic\" value=\"kosodate\""), "{form}");
    assert!(form.contains("中区"));

    let (status, page) = sign_up(
        &app,
        &[
            ("email", "hanako@example.jp"),
            ("topic", "kosodate"),
            ("topic", "bousai"),
            ("ward", "naka"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("hanako@example.jp"), "{page}");
    assert_eq!(
        count(&app, ACTIVE).await,
        0,
        "nothing before the confirmation"
    );

    let mail = mail_matching(app.dir.path(), |m| m.contains("/notify/confirm/")).await;
    assert!(
        mail.contains("Subject: [Nagoya City] Confirm your subscription"),
        "{mail}"
    );
    assert!(!mail.contains("List-Unsubscribe"), "not yet a subscriber");
    let confirm = path_in(&mail, "/notify/confirm/");

    // Opening the link (as a mail scanner does) subscribes no one.
    let page = app.get(&confirm).await.text().await.unwrap();
    assert!(
        page.contains("Naka Ward") || page.contains("中区"),
        "{page}"
    );
    assert_eq!(count(&app, ACTIVE).await, 0);

    let response = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app, ACTIVE).await, 1);
    let row: (String, String, String) = sqlx::query_as(
        "SELECT lang, topics, wards FROM notify_subscriptions WHERE address = 'hanako@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("en".into(), "bousai,kosodate".into(), "naka".into()));

    // The link works once.
    let again = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(again.status(), 404);

    let welcome = mail_matching(app.dir.path(), |m| m.contains("List-Unsubscribe:")).await;
    assert!(
        welcome.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{welcome}"
    );
    assert!(welcome.contains("Children and families"), "{welcome}");
    assert!(welcome.contains("/notify/manage/"), "{welcome}");
}

#[tokio::test]
async fn one_click_unsubscribes_exactly_that_subscription_without_a_session() {
    let app = TestApp::spawn().await;
    let welcome = subscribed(&app, "a@example.jp", &["gomi"]).await;
    subscribed(&app, "b@example.jp", &["gomi"]).await;
    assert_eq!(count(&app, ACTIVE).await, 2);
    let unsubscribe = path_in(&welcome, "List-Unsubscribe:");

    // A forged tag changes nothing.
    let forged = format!("{}0", &unsubscribe[..unsubscribe.len() - 1]);
    let forged = if forged == unsubscribe {
        format!("{}1", &unsubscribe[..unsubscribe.len() - 1])
    } else {
        forged
    };
    // As a mail program posts it: no cookie, no page's token.
    let bare = reqwest::Client::new();
    let response = bare
        .post(app.url(&forged))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(count(&app, ACTIVE).await, 2);

    for _ in 0..2 {
        let response = bare
            .post(app.url(&unsubscribe))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "a repeat is answered the same");
    }
    let left: Vec<(String, String)> =
        sqlx::query_as("SELECT address, status FROM notify_subscriptions ORDER BY address")
            .fetch_all(app.platform.db.pool())
            .await
            .unwrap();
    assert_eq!(
        left,
        vec![
            ("a@example.jp".into(), "unsubscribed".into()),
            ("b@example.jp".into(), "active".into())
        ]
    );
    // The preferences link of an ended subscription says so.
    let manage = path_in(&welcome, "/notify/manage/");
    let page = app.get(&manage).await.text().await.unwrap();
    assert!(
        page.contains("/notify\""),
        "offers to sign up again: {page}"
    );
}

#[tokio::test]
async fn a_stranger_typing_a_subscribers_address_changes_nothing() {
    let app = TestApp::spawn().await;
    subscribed(&app, "c@example.jp", &["gomi"]).await;
    let (status, _) = sign_up(
        &app,
        &[("email", "c@example.jp"), ("topic", "zei"), ("lang", "en")],
    )
    .await;
    assert_eq!(status, 200, "the page says the same whoever the address is");
    let row: (String, String) = sqlx::query_as(
        "SELECT lang, topics FROM notify_subscriptions WHERE address = 'c@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("ja".into(), "gomi".into()));
}

#[tokio::test]
async fn the_preferences_link_changes_topics_wards_and_language() {
    let app = TestApp::spawn().await;
    let welcome = subscribed(&app, "d@example.jp", &["kenkou"]).await;
    let manage = path_in(&welcome, "/notify/manage/");
    let page = app.get(&manage).await.text().await.unwrap();
    assert!(page.contains("value=\"kenkou\" checked"), "{page}");
    assert!(page.contains("d@example.jp"));
    let response = app
        .client
        .post(app.url(&manage))
        .form(&[("topic", "event"), ("ward", "midori"), ("lang", "vi")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let row: (String, String, String) = sqlx::query_as(
        "SELECT lang, topics, wards FROM notify_subscriptions WHERE address = 'd@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("vi".into(), "event".into(), "midori".into()));
    // No topic: refused, nothing changed.
    let response = app
        .client
        .post(app.url(&manage))
        .form(&[("ward", "midori")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn a_sign_up_without_a_topic_or_address_is_refused_and_sends_nothing() {
    let app = TestApp::spawn().await;
    for (fields, says) in [
        (vec![("email", "e@example.jp")], "分野を1つ以上"),
        (
            vec![("email", "not an address"), ("topic", "gomi")],
            "aria-invalid",
        ),
        (
            vec![("email", "e@example.jp"), ("topic", "casino")],
            "選択肢が変わりました",
        ),
    ] {
        let (status, page) = sign_up(&app, &fields).await;
        assert_eq!(status, 422, "{fields:?}");
        assert!(page.contains(says), "{fields:?}: {page}");
    }
    let requests = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_confirmations",
    )
    .await;
    assert_eq!(requests, 0);
}

#[tokio::test]
async fn one_address_gets_a_few_confirmation_mails_an_hour_at_most() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let (status, _) = sign_up(&app, &[("email", "f@example.jp"), ("topic", "gomi")]).await;
        assert_eq!(status, 200);
    }
    let queued = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mail_queue WHERE recipient = 'f@example.jp'",
    )
    .await;
    assert_eq!(queued, notify::store::MAX_REQUESTS_PER_HOUR);
}
