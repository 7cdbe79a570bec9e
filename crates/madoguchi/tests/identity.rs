//! Signing in and out: staff and residents each reach only their own pages,
//! wrong passwords are refused (and throttled), logout needs the page's token.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, login, no_redirects};
use identity::{Role, password, store};

const STAFF_EMAIL: &str = "clerk@city.example.jp";
const RESIDENT_EMAIL: &str = "taro@example.jp";
const PASSWORD: &str = "correct horse battery";

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    let db = &app.platform.db;
    let hash = password::hash(PASSWORD).expect("hash");
    store::upsert_staff(db, STAFF_EMAIL, "名古屋 花子", Role::Clerk, None, &hash)
        .await
        .expect("staff");
    store::upsert_resident(
        db,
        RESIDENT_EMAIL,
        "名古屋 太郎",
        "ナゴヤ タロウ",
        &hash,
        true,
    )
    .await
    .expect("resident");
    app
}

#[tokio::test]
async fn staff_and_residents_land_on_their_own_pages_only() {
    let app = app().await;
    let staff = login(&app, "/staff/login", STAFF_EMAIL, PASSWORD)
        .await
        .expect("staff login");
    let (status, html, _) = get_with(&app, "/staff", &staff).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("名古屋 花子") && html.contains("担当課職員"),
        "{html}"
    );
    let (status, _, location) = get_with(&app, "/my", &staff).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/login?next=%2Fmy"))
    );

    let resident = login(&app, "/login", RESIDENT_EMAIL, PASSWORD)
        .await
        .expect("resident login");
    let (status, html, _) = get_with(&app, "/my", &resident).await;
    assert_eq!(status, 200);
    assert!(html.contains("名古屋 太郎"));
    let (status, _, location) = get_with(&app, "/staff", &resident).await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/staff/login?next=%2Fstaff"))
    );

    // A resident's password does not open the staff door, nor the reverse.
    assert!(
        login(&app, "/staff/login", RESIDENT_EMAIL, PASSWORD)
            .await
            .is_err()
    );
    assert!(login(&app, "/login", STAFF_EMAIL, PASSWORD).await.is_err());
    // Addresses compare without case.
    assert!(
        login(&app, "/login", "TARO@Example.JP ", PASSWORD)
            .await
            .is_ok()
    );
}

const MANAGER_EMAIL: &str = "manager@city.example.jp";

/// A login posted from `client`: status, Retry-After, page.
async fn login_from(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    email: &str,
    password: &str,
) -> (u16, Option<u64>, String) {
    let response = client
        .post(app.url(path))
        .form(&[("email", email), ("password", password), ("next", "")])
        .send()
        .await
        .expect("request");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().expect("ascii").parse().expect("seconds"));
    (
        response.status().as_u16(),
        retry_after,
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn wrong_passwords_slow_the_guesser_not_the_owner() {
    let app = app().await;
    let hash = password::hash(PASSWORD).expect("hash");
    store::upsert_staff(
        &app.platform.db,
        MANAGER_EMAIL,
        "課長",
        Role::Manager,
        None,
        &hash,
    )
    .await
    .expect("manager");
    let guesser = common::client_from("127.0.0.2");
    let owner = common::client_from("127.0.0.3");

    let (status, _, html) =
        login_from(&guesser, &app, "/login", RESIDENT_EMAIL, "wrong password!").await;
    assert_eq!(status, 401);
    assert!(
        html.contains("メールアドレスまたはパスワードが正しくありません"),
        "{html}"
    );
    let (status, _, _) = login_from(&guesser, &app, "/login", "nobody@example.jp", PASSWORD).await;
    assert_eq!(status, 401);
    let (status, _, html) = login_from(&guesser, &app, "/login", "", "").await;
    assert_eq!(status, 422);
    assert!(html.contains("メールアドレスを入力してください"));

    let mut refused = None;
    for attempt in 1..=12 {
        let (status, retry_after, html) =
            login_from(&guesser, &app, "/staff/login", MANAGER_EMAIL, "a guess").await;
        if status == 429 {
            refused = Some((attempt, retry_after, html));
            break;
        }
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let (attempt, retry_after, html) = refused.expect("the guesser is slowed down");
    assert!(attempt > 3, "a few mistakes cost no wait ({attempt})");
    assert!(retry_after.is_some_and(|s| s >= 1), "{retry_after:?}");
    assert!(html.contains("分ほど待ってから"), "{html}");
    let (status, _, _) = login_from(&guesser, &app, "/staff/login", MANAGER_EMAIL, PASSWORD).await;
    assert_eq!(status, 429, "from there, even the right password waits");

    let (status, _, html) = login_from(&owner, &app, "/staff/login", MANAGER_EMAIL, PASSWORD).await;
    assert_eq!(status, 303, "the manager, elsewhere, signs in: {html}");
}

#[tokio::test]
async fn one_client_cannot_guess_on_and_on_across_accounts() {
    let app = app().await;
    let guesser = common::client_from("127.0.0.4");
    let mut refused = None;
    for attempt in 0..=11 {
        // A made-up X-Forwarded-For changes nothing: no proxy is trusted.
        let response = guesser
            .post(app.url("/login?lang=en"))
            .header("x-forwarded-for", format!("198.51.100.{attempt}"))
            .form(&[
                ("email", format!("guess{attempt}@example.jp").as_str()),
                ("password", "a guess"),
                ("next", ""),
            ])
            .send()
            .await
            .expect("request");
        if response.status() == 429 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    let refused = refused.expect("the client is refused after a while");
    assert!(refused.headers().contains_key("retry-after"));
    let html = refused.text().await.expect("body");
    assert!(html.contains("Too many attempts"), "{html}");
    let (status, _, _) = login_from(&guesser, &app, "/staff/login", STAFF_EMAIL, "again").await;
    assert_eq!(status, 429, "the staff door counts too");

    let elsewhere = common::client_from("127.0.0.5");
    let (status, _, _) = login_from(&elsewhere, &app, "/login", RESIDENT_EMAIL, PASSWORD).await;
    assert_eq!(status, 303, "other clients are not held up");
}

#[tokio::test]
async fn logout_needs_the_pages_token_and_ends_the_session() {
    let app = app().await;
    let cookie = login(&app, "/login", RESIDENT_EMAIL, PASSWORD)
        .await
        .expect("login");
    let (_, html, _) = get_with(&app, "/my", &cookie).await;
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf token in the page")
        .to_string();
    let forged = no_redirects()
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), 403);
    assert_eq!(
        get_with(&app, "/my", &cookie).await.0,
        200,
        "still signed in"
    );
    let logout = no_redirects()
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(logout.status(), 303);
    assert!(
        logout.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    assert_eq!(
        get_with(&app, "/my", &cookie).await.0,
        303,
        "the old cookie no longer works"
    );
}

#[tokio::test]
async fn a_login_never_redirects_off_site() {
    let app = app().await;
    let response = no_redirects()
        .post(app.url("/login"))
        .form(&[
            ("email", RESIDENT_EMAIL),
            ("password", PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["location"], "/my");
    let response = no_redirects()
        .post(app.url("/login"))
        .form(&[
            ("email", RESIDENT_EMAIL),
            ("password", PASSWORD),
            ("next", "/procedures?q=x"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["location"], "/procedures?q=x");
    let garbage = no_redirects()
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xFF, 0xFE, b'=', 0x00])
        .send()
        .await
        .expect("request");
    assert!(garbage.status().is_client_error(), "{}", garbage.status());
}

#[tokio::test]
async fn no_spelling_of_an_off_site_address_survives_a_login() {
    let app = app().await;
    for next in [
        "//evil.example/",
        "/\\evil.example",
        "/%09/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%252F/evil.example",
        "https://evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "\t//evil.example",
        "/%0D%0A/evil.example",
        "/%E3%80%80/x",
    ] {
        let response = no_redirects()
            .post(app.url("/login"))
            .form(&[
                ("email", RESIDENT_EMAIL),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(response.headers()["location"], "/my", "{next:?}");
    }
    let response = no_redirects()
        .post(app.url("/login?lang=en"))
        .form(&[
            ("email", RESIDENT_EMAIL),
            ("password", PASSWORD),
            ("next", "/my/applications"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.headers()["location"],
        "/my/applications?lang=en",
        "a local path still follows"
    );
}

#[tokio::test]
async fn the_demo_logins_in_demo_json_work() {
    let app = TestApp::with_demo().await;
    let demo: demo::DemoFile = serde_json::from_str(
        &std::fs::read_to_string(app.dir.path().join("demo.json")).expect("demo.json"),
    )
    .expect("demo.json parses");
    for login_entry in &demo.staff_logins {
        let cookie = login(
            &app,
            "/staff/login",
            &login_entry.email,
            &login_entry.password,
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", login_entry.email));
        let (status, html, _) = get_with(&app, "/staff", &cookie).await;
        assert_eq!(status, 200);
        assert!(html.contains(&login_entry.name));
    }
    for login_entry in &demo.resident_logins {
        assert!(
            login(&app, "/login", &login_entry.email, &login_entry.password)
                .await
                .is_ok()
        );
    }
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk")
        .expect("a clerk");
    let cookie = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("login");
    let (_, html, _) = get_with(&app, "/staff", &cookie).await;
    assert!(
        html.contains("子育て支援課"),
        "the staff page names the section: {html}"
    );
}

#[tokio::test]
async fn a_disabled_staff_account_is_signed_out_and_cannot_sign_in() {
    let app = common::TestApp::with_demo().await;
    let db = &app.platform.db;
    identity::staff_admin::add(
        db,
        "leaving@city.example.jp",
        "退職 予定",
        identity::Role::Clerk,
        Some("kodomo-kosodate"),
        "a long enough password".into(),
    )
    .await
    .expect("added");
    let cookie = common::login(
        &app,
        "/staff/login",
        "leaving@city.example.jp",
        "a long enough password",
    )
    .await
    .expect("signs in");
    let (status, _, _) = common::get_with(&app, "/staff/applications", &cookie).await;
    assert_eq!(status, 200);
    assert!(
        identity::staff_admin::disable(db, "leaving@city.example.jp")
            .await
            .expect("disabled")
    );
    let (status, _, _) = common::get_with(&app, "/staff/applications", &cookie).await;
    assert_ne!(status, 200, "the session ended");
    assert!(
        common::login(
            &app,
            "/staff/login",
            "leaving@city.example.jp",
            "a long enough password"
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn a_resident_changes_the_password_and_other_sessions_end() {
    let app = common::TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let resident = &demo.resident_logins[0];
    let here = common::login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("login");
    let elsewhere = common::login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("second login");
    let (_, page, _) = common::get_with(&app, "/my/password", &here).await;
    let token = common::hidden(&page, "csrf_token");
    let change = |current: &str, password: &str| {
        let request = common::no_redirects()
            .post(app.url("/my/password"))
            .header("cookie", &here)
            .form(&[
                ("csrf_token", token.as_str()),
                ("current", current),
                ("password", password),
            ]);
        async move {
            let response = request.send().await.expect("request");
            (
                response.status().as_u16(),
                response.text().await.expect("body"),
            )
        }
    };
    let (status, page) = change("wrong password", "a brand new passphrase").await;
    assert_eq!(status, 422);
    assert!(page.contains("現在のパスワードが正しくありません"));
    let (status, page) = change(&resident.password, "short").await;
    assert_eq!(status, 422);
    assert!(page.contains("10 文字以上"));
    let (status, page) = change(&resident.password, "a brand new passphrase").await;
    assert_eq!(status, 200);
    assert!(page.contains("パスワードを変更しました"));

    let (status, _, _) = common::get_with(&app, "/my/applications", &here).await;
    assert_eq!(status, 200, "this session stays");
    let (status, _, _) = common::get_with(&app, "/my/applications", &elsewhere).await;
    assert_ne!(status, 200, "the other session ended");
    assert!(
        common::login(&app, "/login", &resident.email, &resident.password)
            .await
            .is_err()
    );
    common::login(&app, "/login", &resident.email, "a brand new passphrase")
        .await
        .expect("the new password works");
}
