//! A resident makes an account: the address is proven by a mailed link
//! before the account can sign in; a link works once; registering an
//! address that has an account reveals nothing on the page and changes
//! nothing, and its owner is told by mail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use common::{TestApp, get_with, login, no_redirects};

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

#[tokio::test]
async fn an_account_signs_in_only_after_its_address_is_confirmed() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = get_with(&app, "/register", "").await;
    assert_eq!(status, 200);
    assert!(page.contains("autocomplete=\"new-password\""));

    let (status, page) = register(&app, "not-an-address", "short").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("メールアドレスを正しく入力してください"),
        "{page}"
    );
    assert!(page.contains("10 文字以上にしてください"), "{page}");

    let email = "sakae.hanako@example.jp";
    let password = "nagoya castle spring 2026";
    let (status, page) = register(&app, " Sakae.Hanako@Example.jp ", password).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("確認メールを送りました"));

    let refused = login(&app, "/login", email, password)
        .await
        .expect_err("not before the address is confirmed");
    assert_eq!(refused.0, 403);
    assert!(refused.1.contains("メールアドレスの確認が済んでいません"));

    let mail = mail_to(app.dir.path(), email, "メールアドレスの確認").await;
    let link = link_path(&mail);
    let (status, page, _) = get_with(&app, &link, "").await;
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
