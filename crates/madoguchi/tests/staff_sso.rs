//! Sign-in through a real OpenID Connect provider: staff through the city's
//! IdP, businesses through gBizID (a second client of the same provider).
//!
//! The provider is oidc-provider (`oidc/provider.mjs`), which `.ci/run`
//! starts and names in `TEST_OIDC_ISSUER`. Unset, the tests that need it
//! say so and pass; set and unreachable, they fail. Client ids and secrets:
//! `TEST_OIDC_STAFF_CLIENT_ID`/`_SECRET` and `TEST_OIDC_GBIZID_CLIENT_ID`/
//! `_SECRET`, defaulting to the values in provider.mjs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use kernel::oidc_config::OidcConfig;
use madoguchi::app::{Platform, ServerLimits, Settings};
use sqlx::Row;

struct Idp {
    issuer: String,
    staff: (String, String),
    gbizid: (String, String),
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// The provider under test, or None (with a note) when none is set.
async fn idp(test: &str) -> Option<Idp> {
    let issuer = match std::env::var("TEST_OIDC_ISSUER") {
        Ok(issuer) if !issuer.trim().is_empty() => issuer.trim().trim_end_matches('/').to_string(),
        _ => {
            // Past the test harness's capture, so that a run shows it.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped, TEST_OIDC_ISSUER is not set (.ci/run starts oidc/provider.mjs and sets it)"
            );
            return None;
        }
    };
    let discovery = format!("{issuer}/.well-known/openid-configuration");
    let answer = reqwest::get(&discovery)
        .await
        .unwrap_or_else(|e| panic!("TEST_OIDC_ISSUER is set but {discovery} is unreachable: {e}"));
    assert!(
        answer.status().is_success(),
        "TEST_OIDC_ISSUER is set but {discovery} answered {}",
        answer.status()
    );
    Some(Idp {
        issuer,
        staff: (
            env_or("TEST_OIDC_STAFF_CLIENT_ID", "madoguchi-staff"),
            env_or("TEST_OIDC_STAFF_CLIENT_SECRET", "staff-test-secret"),
        ),
        gbizid: (
            env_or("TEST_OIDC_GBIZID_CLIENT_ID", "madoguchi-gbizid"),
            env_or("TEST_OIDC_GBIZID_CLIENT_SECRET", "gbizid-test-secret"),
        ),
    })
}

/// The staff client as an operator would configure it for the provider's
/// users (roles ippan/kacho/dx, departments KD-110, KG-210, SM-900).
fn staff_config(issuer: &str, (id, secret): &(String, String)) -> OidcConfig {
    let table = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    OidcConfig {
        issuer: issuer.to_string(),
        client_id: id.clone(),
        client_secret: Some(secret.clone()),
        scopes: vec!["email".into(), "profile".into(), "city".into()],
        email_claim: "email".into(),
        name_claim: "name".into(),
        role_claim: Some("role".into()),
        roles: table(&[("ippan", "clerk"), ("kacho", "manager"), ("dx", "dx_admin")]),
        section_claim: Some("department".into()),
        sections: table(&[
            ("KD-110", "kodomo-kosodate"),
            ("KG-210", "kenko-kaigo"),
            ("SM-900", "somu-digital"),
        ]),
        create_accounts: false,
        corporate_number_claim: "corporate_number".into(),
    }
}

fn gbizid_config(issuer: &str, (id, secret): &(String, String)) -> OidcConfig {
    OidcConfig {
        issuer: issuer.to_string(),
        client_id: id.clone(),
        client_secret: Some(secret.clone()),
        scopes: vec!["profile".into(), "email".into()],
        email_claim: "email".into(),
        name_claim: "name".into(),
        role_claim: None,
        roles: Default::default(),
        section_claim: None,
        sections: Default::default(),
        create_accounts: false,
        corporate_number_claim: "corporate_number".into(),
    }
}

/// The demo city served at a port known before the platform opens (the
/// callback URL is made from the public URL), with these providers.
async fn app_with(staff: Option<OidcConfig>, gbizid: Option<OidcConfig>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = fresh_db(&dir).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut settings = Settings::in_dir(dir.path());
    settings.public_url = format!("http://{addr}");
    settings.staff_oidc = staff;
    settings.gbizid = gbizid;
    let platform = Platform::open(db, &settings).await.expect("platform opens");
    demo::prepare(&platform.db, dir.path(), &addr.to_string())
        .await
        .expect("demo city");
    platform.catalog.refresh().await.expect("index");
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn,sqlx=error")
        .with_test_writer()
        .try_init();
    let router = platform.router();
    tokio::spawn(async move {
        madoguchi::app::serve_on(
            listener,
            router,
            ServerLimits::default(),
            std::future::pending(),
        )
        .await
        .expect("server");
    });
    TestApp {
        base: format!("http://{addr}"),
        client: browser().build().expect("client"),
        platform,
        dir,
    }
}

async fn app(idp: &Idp) -> TestApp {
    app_with(
        Some(staff_config(&idp.issuer, &idp.staff)),
        Some(gbizid_config(&idp.issuer, &idp.gbizid)),
    )
    .await
}

/// A browser: keeps cookies (madoguchi's and the provider's), follows no
/// redirect by itself.
fn jar_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn location_of(response: &reqwest::Response) -> Option<reqwest::Url> {
    let location = response.headers().get("location")?.to_str().ok()?;
    response.url().join(location).ok()
}

/// What a sign-in through the provider came to.
struct Arrival {
    browser: reqwest::Client,
    status: u16,
    location: Option<String>,
    body: String,
    session_cookie: Option<String>,
}

/// Starts at `start` (a madoguchi path), signs in at the provider as
/// `user`, and stops at madoguchi's answer to the callback.
async fn sign_in_as(app: &TestApp, start: &str, user: &str) -> Arrival {
    let browser = jar_browser();
    let callback = to_callback(&browser, app, start, user).await;
    arrive(browser, callback).await
}

/// Follows the flow up to the callback URL (not requested).
async fn to_callback(
    browser: &reqwest::Client,
    app: &TestApp,
    start: &str,
    user: &str,
) -> reqwest::Url {
    let mut url = reqwest::Url::parse(&app.url(start)).expect("url");
    let mut logged_in = false;
    for _ in 0..20 {
        if url.as_str().starts_with(&app.base) && url.path().ends_with("/callback") {
            return url;
        }
        let response = browser.get(url.clone()).send().await.expect("request");
        if response.status().is_redirection() {
            url = location_of(&response).expect("a Location");
            continue;
        }
        let status = response.status();
        let page = response.text().await.expect("page");
        assert!(
            status.is_success() && !logged_in,
            "unexpected page at {url} ({status}): {page}"
        );
        // oidc-provider's login form: the account id and any password.
        let action = page
            .split("action=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no login form at {url}: {page}"))
            .replace("&amp;", "&");
        let response = browser
            .post(url.join(&action).expect("action"))
            .form(&[("prompt", "login"), ("login", user), ("password", "any")])
            .send()
            .await
            .expect("login");
        assert!(
            response.status().is_redirection(),
            "login at the provider: {}",
            response.status()
        );
        url = location_of(&response).expect("a Location");
        logged_in = true;
    }
    panic!("no way back to madoguchi from {start}");
}

/// Requests the callback; a refusal's redirect to its clean page is
/// followed, and that page's status and text are the arrival's.
async fn arrive(browser: reqwest::Client, callback: reqwest::Url) -> Arrival {
    let response = browser
        .get(callback.clone())
        .send()
        .await
        .expect("callback");
    let mut status = response.status().as_u16();
    let mut location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("ascii").to_string());
    let session_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("madoguchi_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_string());
    let mut body = response.text().await.unwrap_or_default();
    if let Some(refused) = location.clone().filter(|l| l.contains("/refused?why=")) {
        assert!(session_cookie.is_none(), "a refusal with a session");
        assert!(!refused.contains("code=") && !refused.contains("state="));
        let page = browser
            .get(callback.join(&refused).expect("url"))
            .send()
            .await
            .expect("refusal page");
        status = page.status().as_u16();
        location = None;
        body = page.text().await.unwrap_or_default();
    }
    Arrival {
        browser,
        status,
        location,
        body,
        session_cookie,
    }
}

async fn staff_row(app: &TestApp, email: &str) -> (String, String, Option<String>) {
    let row = sqlx::query("SELECT id, role, section_id FROM staff WHERE email = $1")
        .bind(email)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("staff row");
    (
        row.try_get("id").unwrap(),
        row.try_get("role").unwrap(),
        row.try_get("section_id").unwrap(),
    )
}

async fn sessions_of(app: &TestApp, account_id: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn a_clerk_signs_in_with_the_city_account_and_lands_where_they_were_going() {
    let Some(idp) = idp("a_clerk_signs_in").await else {
        return;
    };
    let app = app(&idp).await;

    let (status, page, _) =
        get_with(&app, "/staff/login?next=/staff/applications", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/staff/login/oidc?next=%2Fstaff%2Fapplications\""),
        "the staff login offers the city's account: {page}"
    );
    // The resident login offers gBizID, not the staff sign-in.
    let (_, page, _) = get_with(&app, "/login", CSRF_COOKIE).await;
    assert!(page.contains("href=\"/login/gbizid\"") && !page.contains("/staff/login/oidc"));

    // To the provider: code flow with PKCE (S256), state and nonce; the
    // browser holds a short-lived HttpOnly, SameSite=Lax cookie.
    let start = no_redirects()
        .get(app.url("/staff/login/oidc?next=/staff/applications"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status().as_u16(), 303);
    let cookie = start.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Max-Age=600"),
        "{cookie}"
    );
    let to = location_of(&start).unwrap();
    assert!(to.as_str().starts_with(&idp.issuer), "{to}");
    let query: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["client_id"], idp.staff.0);
    assert_eq!(query["redirect_uri"], app.url("/staff/login/oidc/callback"));
    assert!(query["scope"].split(' ').any(|s| s == "openid"));
    assert!(query["state"].len() >= 16 && query["nonce"].len() >= 16);

    let arrival = sign_in_as(&app, "/staff/login/oidc?next=/staff/applications", "hanako").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    assert_eq!(arrival.location.as_deref(), Some("/staff/applications"));
    let session = arrival.session_cookie.clone().expect("a session cookie");
    let (status, page, _) = get_with(&app, "/staff", &format!("{session}; {CSRF_COOKIE}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("名古屋 花子")
            && page.contains("子育て支援課")
            && page.contains("担当課職員"),
        "{page}"
    );
    let (status, _, _) = get_with(
        &app,
        "/staff/applications",
        &format!("{session}; {CSRF_COOKIE}"),
    )
    .await;
    assert_eq!(status, 200);

    // The subject is kept with the account.
    let (id, role, section) = staff_row(&app, "kosodate.clerk@city.example.jp").await;
    assert_eq!(
        (role.as_str(), section.as_deref()),
        ("clerk", Some("kodomo-kosodate"))
    );
    let tied = sqlx::query(
        "SELECT account_id, kind FROM external_identities WHERE issuer = $1 AND subject = $2",
    )
    .bind(&idp.issuer)
    .bind("hanako")
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap_or_else(|e| panic!("tied: {e}"));
    assert_eq!(tied.try_get::<String, _>("account_id").unwrap(), id);
    assert_eq!(tied.try_get::<String, _>("kind").unwrap(), "staff");
}

#[tokio::test]
async fn roles_and_sections_follow_the_idp_and_the_subject_is_remembered() {
    let Some(idp) = idp("roles_and_sections_follow_the_idp").await else {
        return;
    };
    let app = app(&idp).await;
    // Someone changed the manager's role and section in madoguchi; the IdP
    // says kacho (and ippan) of KD-110: the highest mapped role counts.
    sqlx::query("UPDATE staff SET role = 'clerk', section_id = 'kenko-kaigo' WHERE email = $1")
        .bind("kosodate.manager@city.example.jp")
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    let arrival = sign_in_as(&app, "/staff/login/oidc", "ichiro").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    assert_eq!(arrival.location.as_deref(), Some("/staff"));
    let (id, role, section) = staff_row(&app, "kosodate.manager@city.example.jp").await;
    assert_eq!(
        (role.as_str(), section.as_deref()),
        ("manager", Some("kodomo-kosodate"))
    );

    // The address changes in madoguchi: the subject still finds the account.
    sqlx::query("UPDATE staff SET email = 'ichiro.renamed@city.example.jp' WHERE id = $1")
        .bind(&id)
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    let arrival = sign_in_as(&app, "/staff/login/oidc", "ichiro").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    assert_eq!(sessions_of(&app, &id).await, 2);

    // The DX office administrator maps to dx_admin.
    let arrival = sign_in_as(&app, "/staff/login/oidc", "saburo").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    let (_, role, _) = staff_row(&app, "dx.admin@city.example.jp").await;
    assert_eq!(role, "dx_admin");
}

#[tokio::test]
async fn someone_without_a_role_a_disabled_account_and_an_unknown_person_are_refused() {
    let Some(idp) = idp("refusals").await else {
        return;
    };
    let app = app(&idp).await;

    let arrival = sign_in_as(&app, "/staff/login/oidc", "visitor").await;
    assert_eq!(arrival.status, 403);
    assert!(arrival.session_cookie.is_none());
    assert!(
        arrival.body.contains("情報システム担当") && arrival.body.contains("権限がありません"),
        "{}",
        arrival.body
    );
    assert!(
        arrival.body.contains("href=\"/staff/login\""),
        "a way back to the password login"
    );

    sqlx::query("UPDATE staff SET disabled_at = '2026-01-01T00:00:00Z' WHERE email = $1")
        .bind("kaigo.clerk@city.example.jp")
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    let arrival = sign_in_as(&app, "/staff/login/oidc", "jiro").await;
    assert_eq!(arrival.status, 403);
    assert!(arrival.session_cookie.is_none());
    assert!(arrival.body.contains("無効"), "{}", arrival.body);

    // A mapped role but no madoguchi account, and accounts are not made.
    let arrival = sign_in_as(&app, "/staff/login/oidc", "newcomer").await;
    assert_eq!(arrival.status, 403);
    assert!(arrival.session_cookie.is_none());
    let made = sqlx::query("SELECT id FROM staff WHERE email = 'new.clerk@city.example.jp'")
        .fetch_optional(app.platform.db.pool())
        .await
        .unwrap();
    assert!(made.is_none());
}

#[tokio::test]
async fn accounts_are_made_on_the_first_sign_in_when_configured() {
    let Some(idp) = idp("accounts_are_made").await else {
        return;
    };
    let mut staff = staff_config(&idp.issuer, &idp.staff);
    staff.create_accounts = true;
    let app = app_with(Some(staff), None).await;
    let arrival = sign_in_as(&app, "/staff/login/oidc", "newcomer").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    let (_, role, section) = staff_row(&app, "new.clerk@city.example.jp").await;
    assert_eq!(
        (role.as_str(), section.as_deref()),
        ("clerk", Some("kodomo-kosodate"))
    );
    // No password opens it.
    assert!(
        login(&app, "/staff/login", "new.clerk@city.example.jp", "!")
            .await
            .is_err()
    );
    // Without gBizID configured, its pages are not there.
    let (status, _, _) = get_with(&app, "/login/gbizid", CSRF_COOKIE).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_tampered_state_and_a_replayed_callback_are_refused() {
    let Some(idp) = idp("tampered_and_replayed").await else {
        return;
    };
    let app = app(&idp).await;

    // A changed state: refused, and the sign-in under way is spent.
    let browser = jar_browser();
    let callback = to_callback(&browser, &app, "/staff/login/oidc", "hanako").await;
    let mut tampered = callback.clone();
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "state" {
                (k, format!("{v}x"))
            } else {
                (k, v)
            }
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    let arrival = arrive(browser, tampered).await;
    assert_eq!(arrival.status, 400, "{}", arrival.body);
    assert!(arrival.session_cookie.is_none());
    let again = arrive(arrival.browser, callback).await;
    assert_eq!(
        again.status, 400,
        "the genuine callback after a refused one"
    );
    assert!(again.session_cookie.is_none());

    // A callback used once does not serve again: not in the same browser
    // (its sign-in is spent and its cookie cleared), not with the old
    // cookie sent again, not in another browser that started its own.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let browser = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let callback = to_callback(&browser, &app, "/staff/login/oidc", "hanako").await;
    let flow_cookie = reqwest::cookie::CookieStore::cookies(&*jar, &callback)
        .expect("the sign-in's cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        flow_cookie.contains("madoguchi_oidc_staff="),
        "{flow_cookie}"
    );
    let first = arrive(browser, callback.clone()).await;
    assert_eq!(first.status, 303, "{}", first.body);
    let replay = arrive(first.browser, callback.clone()).await;
    assert_eq!(replay.status, 400);
    assert!(replay.session_cookie.is_none());
    let with_old_cookie = no_redirects()
        .get(callback.clone())
        .header("cookie", &flow_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        location_of(&with_old_cookie).map(|l| l.path().to_string()),
        Some("/staff/login/oidc/refused".to_string())
    );
    assert!(
        with_old_cookie
            .headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("madoguchi_session="))
    );
    let other = jar_browser();
    let _ = other
        .get(app.url("/staff/login/oidc"))
        .send()
        .await
        .unwrap();
    let replay = arrive(other, callback).await;
    assert_eq!(
        replay.status, 400,
        "another browser's sign-in does not take this code"
    );
    assert!(replay.session_cookie.is_none());

    // No cookie at all (a link sent to someone): refused.
    let (status, _, location) = get_with(
        &app,
        "/staff/login/oidc/callback?code=x&state=y",
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/staff/login/oidc/refused?why=failed"))
    );
    let (status, page, _) =
        get_with(&app, "/staff/login/oidc/refused?why=failed", CSRF_COOKIE).await;
    assert_eq!(status, 400);
    assert!(page.contains("もう一度最初から"), "{page}");
}

#[tokio::test]
async fn a_business_signs_in_with_gbizid_as_a_resident_kind_account() {
    let Some(idp) = idp("gbizid").await else {
        return;
    };
    let app = app(&idp).await;
    let arrival = sign_in_as(&app, "/login/gbizid", "kigyo").await;
    assert_eq!(arrival.status, 303, "{}", arrival.body);
    assert_eq!(arrival.location.as_deref(), Some("/my"));
    let session = arrival.session_cookie.expect("session");
    let (status, page, _) = get_with(&app, "/my", &format!("{session}; {CSRF_COOKIE}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("daihyo@kabushiki.example.jp"), "{page}");
    let row = sqlx::query(
        "SELECT residents.id, corporate_number FROM residents JOIN external_identities \
         ON external_identities.account_id = residents.id AND kind = 'resident' WHERE email = $1",
    )
    .bind("daihyo@kabushiki.example.jp")
    .fetch_one(app.platform.db.pool())
    .await
    .expect("a resident-kind account tied to gBizID");
    let id: String = row.try_get("id").unwrap();
    assert_eq!(
        row.try_get::<String, _>("corporate_number").unwrap(),
        "1234567890123"
    );
    assert_eq!(
        identity::oidc::corporate_number_of(&app.platform.identity, &id)
            .await
            .unwrap()
            .as_deref(),
        Some("1234567890123")
    );
    // Staff cannot come in through gBizID: a city employee there has no
    // corporate number.
    let arrival = sign_in_as(&app, "/login/gbizid", "hanako").await;
    assert_eq!(arrival.status, 403);
    assert!(arrival.session_cookie.is_none());
}

/// Needs no provider: one that is down leaves the password login working.
#[tokio::test]
async fn an_unreachable_idp_leaves_the_password_login_working() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let config = staff_config(&issuer, &("c".into(), "s".into()));
    let app = app_with(Some(config), None).await;
    let (status, page, _) = get_with(&app, "/staff/login/oidc", CSRF_COOKIE).await;
    assert_eq!(status, 503);
    assert!(page.contains("認証サービスに接続できません"), "{page}");
    assert!(page.contains("href=\"/staff/login\""));
    let demo = demo_file(&app);
    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk")
        .unwrap();
    assert!(
        login(&app, "/staff/login", &clerk.email, &clerk.password)
            .await
            .is_ok()
    );
    // Sign-ins started and never finished are limited per client (the
    // first one above counts; the allowance refills while this runs).
    let client = no_redirects();
    let limit = identity::oidc::START_ALLOWANCE.0;
    let mut started = 1;
    let refused = loop {
        let response = client
            .get(app.url("/staff/login/oidc"))
            .send()
            .await
            .unwrap();
        if response.status().as_u16() != 503 || started > 2 * limit {
            break response;
        }
        started += 1;
    };
    assert_eq!(refused.status().as_u16(), 429, "after {started} sign-ins");
    assert!(started >= limit, "refused after {started} only");
    assert!(refused.headers().contains_key("retry-after"));
}
