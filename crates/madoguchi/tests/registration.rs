//! A resident makes an account: the mailed link opens the page where the
//! password is chosen, so the account signs in only once its address is
//! proven, and whoever reads the mailbox chooses the password; a link works
//! once; registering an address that has an account reveals nothing on the
//! page and changes nothing, and its owner is told by mail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use common::{TestApp, get_with, login, no_redirects};
use sqlx::Row;

async fn mail_to(dir: &Path, to: &str, containing: &str) -> String {
    let header = format!(
        "To: {to}
"
    );
    common::mail_matching(dir, |text| {
        text.contains(&header) && text.contains(containing)
    })
    .await
}

/// Asks for an account; `password` is what the form took before the
/// password was chosen on the mailed link's page (and is now ignored).
async fn register(app: &TestApp, email: &str, password: &str) -> (u16, String) {
    let response = no_redirects()
        .post(app.url("/register"))
        .form(&[
            ("name", "栄 花子"),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

fn link_path(mail: &str) -> String {
    let start = mail.find("/register/verify?token=").expect("link");
    mail[start..].lines().next().expect("line").to_string()
}

/// Opens the mailed link and chooses `password` on its page: the status of
/// the choice.
async fn choose_password(app: &TestApp, link: &str, password: &str) -> (u16, String) {
    let (status, page, _) = get_with(app, link, "").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("autocomplete=\"new-password\""), "{page}");
    let response = no_redirects()
        .post(app.url("/register/verify"))
        .form(&[
            ("token", common::hidden(&page, "token").as_str()),
            ("name", "栄 花子"),
            ("password", password),
        ])
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn an_account_signs_in_only_after_its_address_is_confirmed() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = get_with(&app, "/register", "").await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("type=\"password\""),
        "the password is chosen on the mailed link's page"
    );

    let (status, page) = register(&app, "not-an-address", "").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("メールアドレスを正しく入力してください"),
        "{page}"
    );

    let email = "sakae.hanako@example.jp";
    let password = "nagoya castle spring 2026";
    let (status, page) = register(&app, " Sakae.Hanako@Example.jp ", "").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("確認メールを送りました"));
    assert!(login(&app, "/login", email, password).await.is_err());

    let mail = mail_to(app.dir.path(), email, "メールアドレスの確認").await;
    let link = link_path(&mail);
    let (status, page) = choose_password(&app, &link, "short").await;
    assert_eq!(status, 422);
    assert!(page.contains("10 文字以上にしてください"), "{page}");
    let (status, page) = choose_password(&app, &link, password).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("登録が完了しました"));
    let (status, _, _) = get_with(&app, &link, "").await;
    assert_eq!(status, 400, "a link works once");
    let (status, _, _) = get_with(&app, "/register/verify?token=forged", "").await;
    assert_eq!(status, 400);

    login(&app, "/login", email, password)
        .await
        .expect("signs in once confirmed");
}

#[tokio::test]
async fn whoever_reads_the_mailbox_chooses_the_password() {
    let app = TestApp::with_demo().await;
    let victim = "victim@example.jp";
    let attackers = "the attacker's password";
    let victims = "the victim's own password";
    // Someone else asks first, with a password of their choosing.
    let (status, _) = register(&app, victim, attackers).await;
    assert_eq!(status, 200);
    let (status, _) = register(&app, victim, victims).await;
    assert_eq!(status, 200);
    let mails = mails_to(app.dir.path(), victim, "メールアドレスの確認", 2).await;
    // Even the link the attacker's request sent chooses nothing for the owner.
    let (status, page) = choose_password(&app, &link_path(&mails[0]), victims).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        login(&app, "/login", victim, attackers).await.is_err(),
        "the attacker's password does not open the account"
    );
    login(&app, "/login", victim, victims)
        .await
        .expect("the owner's password does");
    let (status, _, _) = get_with(&app, &link_path(&mails[1]), "").await;
    assert_eq!(status, 400, "the other link is spent");
}

#[tokio::test]
async fn registration_answers_alike_for_known_and_unknown_addresses() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let known = &demo.resident_logins[0].email;
    register(&app, "pending@example.jp", "").await;
    let mut pages = Vec::new();
    for email in [known.as_str(), "pending@example.jp", "fresh@example.jp"] {
        let (status, page) = register(&app, email, "a password typed here").await;
        pages.push((status, page.replace(email, "ADDRESS")));
    }
    assert_eq!(pages[0], pages[1], "checked and unchecked addresses");
    assert_eq!(pages[0], pages[2], "known and unknown addresses");
}

#[tokio::test]
async fn registering_a_taken_address_reveals_nothing_and_changes_nothing() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("json");
    let owner = &demo.resident_logins[0];
    let (status, page) = register(&app, &owner.email, "someone else's password").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("確認メールを送りました"),
        "the same page as for a new address"
    );
    mail_to(app.dir.path(), &owner.email, "すでに登録されています").await;
    login(&app, "/login", &owner.email, &owner.password)
        .await
        .expect("the owner's password still works");
    assert!(
        login(&app, "/login", &owner.email, "someone else's password")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_mailed_link_once() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    let session = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let ask = |email: &str| {
        let request = no_redirects()
            .post(app.url("/password/forgot"))
            .form(&[("email", email)]);
        async move {
            let response = request.send().await.expect("request");
            (
                response.status().as_u16(),
                response.text().await.expect("body"),
            )
        }
    };
    let (status, unknown) = ask("nobody@example.jp").await;
    let (_, known) = ask(&resident.email).await;
    assert_eq!(status, 200);
    assert_eq!(
        unknown.contains("メールを送りました"),
        known.contains("メールを送りました"),
        "the same answer whether or not the address has an account"
    );
    let mail = mail_to(app.dir.path(), &resident.email, "パスワードの再設定").await;
    let start = mail.find("/password/reset?token=").expect("link");
    let link = mail[start..].lines().next().expect("line").to_string();
    let token = link
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("token")
        .to_string();
    let (status, page, _) = get_with(&app, &link, "").await;
    assert_eq!(status, 200, "{page}");

    let set = |password: &'static str| {
        let request = no_redirects()
            .post(app.url("/password/reset"))
            .form(&[("token", token.as_str()), ("password", password)]);
        async move { request.send().await.expect("request").status().as_u16() }
    };
    assert_eq!(set("short").await, 422);
    assert_eq!(set("a new and long passphrase").await, 200);
    assert_eq!(
        set("another long passphrase").await,
        400,
        "a link works once"
    );
    let (status, _, _) = get_with(&app, "/my/applications", &session).await;
    assert_ne!(status, 200, "earlier sessions ended");
    assert!(
        login(&app, "/login", &resident.email, &resident.password)
            .await
            .is_err()
    );
    login(&app, "/login", &resident.email, "a new and long passphrase")
        .await
        .expect("the new password works");
}

/// Every mail to `to` with `containing`, once there are `count` of them.
async fn mails_to(dir: &Path, to: &str, containing: &str, count: usize) -> Vec<String> {
    let header = format!("To: {to}\n");
    for _ in 0..150 {
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir.join("mail")) {
            let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if text.contains(&header) && text.contains(containing) {
                    found.push(text);
                }
            }
        }
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} mails to {to}");
}

fn token_in(mail: &str, path: &str) -> String {
    let start = mail.find(&format!("{path}?token=")).expect("link") + path.len() + 7;
    mail[start..]
        .split(|c: char| c == '&' || c.is_whitespace())
        .next()
        .expect("token")
        .to_string()
}

async fn ask_reset(app: &TestApp, email: &str) {
    let response = no_redirects()
        .post(app.url("/password/forgot"))
        .form(&[("email", email)])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
}

async fn set_password(app: &TestApp, token: &str, password: &str) -> u16 {
    no_redirects()
        .post(app.url("/password/reset"))
        .form(&[("token", token), ("password", password)])
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_new_password_kills_every_reset_link_asked_for_before() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    ask_reset(&app, &resident.email).await;
    ask_reset(&app, &resident.email).await;
    let mails = mails_to(app.dir.path(), &resident.email, "パスワードの再設定", 2).await;
    let first = token_in(&mails[0], "/password/reset");
    let second = token_in(&mails[1], "/password/reset");
    assert_ne!(first, second);
    assert_eq!(
        set_password(&app, &second, "the second link's passphrase").await,
        200
    );
    let (status, _, _) = get_with(&app, &format!("/password/reset?token={first}"), "").await;
    assert_eq!(status, 400, "the earlier link no longer opens");
    assert_eq!(
        set_password(&app, &first, "an attacker's passphrase here").await,
        400,
        "nor sets a password"
    );
    login(
        &app,
        "/login",
        &resident.email,
        "the second link's passphrase",
    )
    .await
    .expect("the reset password stands");

    // Changing the password while signed in does the same.
    ask_reset(&app, &resident.email).await;
    let mails = mails_to(app.dir.path(), &resident.email, "パスワードの再設定", 3).await;
    let third = token_in(&mails[2], "/password/reset");
    let session = login(
        &app,
        "/login",
        &resident.email,
        "the second link's passphrase",
    )
    .await
    .expect("login");
    let (_, page, _) = get_with(&app, "/my/password", &session).await;
    let pairs = [
        (
            "csrf_token".to_string(),
            common::hidden(&page, "csrf_token"),
        ),
        (
            "current".to_string(),
            "the second link's passphrase".to_string(),
        ),
        (
            "password".to_string(),
            "changed while signed in".to_string(),
        ),
    ];
    let (status, _, _) = common::post_with(&app, "/my/password", &session, &pairs).await;
    assert_eq!(status, 200);
    assert_eq!(
        set_password(&app, &third, "an attacker's passphrase here").await,
        400
    );
    login(&app, "/login", &resident.email, "changed while signed in")
        .await
        .expect("the changed password stands");
}

#[tokio::test]
async fn the_database_never_holds_a_mailed_link_token() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    ask_reset(&app, &resident.email).await;
    let mail = mail_to(app.dir.path(), &resident.email, "パスワードの再設定").await;
    let token = token_in(&mail, "/password/reset");
    let (status, _, _) = get_with(&app, &format!("/password/reset?token={token}"), "").await;
    assert_eq!(status, 200, "the mailed link works");

    let db = &app.platform.db;
    let rows = sqlx::query(
        "SELECT recipient, subject, body, COALESCE(link_path, '') AS link_path, \
         COALESCE(link_token, '') AS link_token, COALESCE(last_error, '') AS last_error \
         FROM mail_queue",
    )
    .fetch_all(db.pool())
    .await
    .expect("queue");
    assert!(!rows.is_empty());
    for row in &rows {
        for column in [
            "recipient",
            "subject",
            "body",
            "link_path",
            "link_token",
            "last_error",
        ] {
            let value: String = row.try_get(column).expect("column");
            assert!(
                !value.contains(&token),
                "mail_queue.{column} holds the token: {value}"
            );
        }
    }
    let stored: Vec<String> = sqlx::query("SELECT token_hash FROM password_resets")
        .fetch_all(db.pool())
        .await
        .expect("links")
        .iter()
        .map(|r| r.try_get("token_hash").expect("hash"))
        .collect();
    assert!(!stored.is_empty() && !stored.contains(&token));
}

#[tokio::test]
async fn the_forms_that_send_mail_are_limited_per_client() {
    let app = TestApp::with_demo().await;
    let sender = common::client_from("127.0.0.6");
    let mut refused = None;
    for attempt in 0..=11 {
        let response = sender
            .post(app.url("/password/forgot"))
            .form(&[("email", format!("someone{attempt}@example.jp").as_str())])
            .send()
            .await
            .expect("request");
        if response.status() == 429 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 200, "attempt {attempt}");
    }
    let refused = refused.expect("the client is refused after a while");
    assert!(refused.headers().contains_key("retry-after"));
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("分ほど待ってから")
    );
    for (path, pairs) in [
        ("/register", vec![("email", "new@example.jp"), ("name", "")]),
        ("/register/resend", vec![("email", "new@example.jp")]),
    ] {
        let response = sender
            .post(app.url(path))
            .form(&pairs)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 429, "{path}");
    }
    let elsewhere = common::client_from("127.0.0.7");
    let response = elsewhere
        .post(app.url("/password/forgot"))
        .form(&[("email", "someone@example.jp")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200, "other clients are not held up");
}
