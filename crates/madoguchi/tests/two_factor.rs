//! Staff sign-in's second step: enrolment, codes good once, recovery codes
//! good once, a pending login that opens nothing and ends after 5 wrong
//! codes; the CLI reset. Residents' passkey ceremonies: challenges taken
//! once, unknown passkeys refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{CSRF_COOKIE, TestApp, get_with, no_redirects, unix_now};
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

/// The password step from `client`: the pending cookie (with the CSRF
/// cookie) and where it leads.
async fn password_step(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let response = client
        .post(app.url("/staff/login"))
        .form(&[("email", STAFF_EMAIL), ("password", PASSWORD), ("next", "")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(set.starts_with("madoguchi_pending="), "{set}");
    assert!(
        set.contains("HttpOnly") && set.contains("Path=/staff/login"),
        "{set}"
    );
    assert!(
        common::session_cookie(&response).is_none(),
        "no session yet"
    );
    let pending = set.split(';').next().unwrap().to_string();
    (format!("{pending}; {CSRF_COOKIE}"), location)
}

async fn post_code(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    cookie: &str,
    code: &str,
) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("cookie", cookie)
        .form(&[("code", code)])
        .send()
        .await
        .expect("request")
}

/// Enrols the staff account through its pages; returns the key and the
/// recovery codes shown.
async fn enrol(app: &TestApp) -> (String, Vec<String>) {
    let client = no_redirects();
    let (pending, location) = password_step(app, &client).await;
    assert_eq!(location, "/staff/login/enrol");
    let (status, page, _) = get_with(app, &location, &pending).await;
    assert_eq!(status, 200);
    assert!(page.contains("data:image/svg+xml;base64,"), "a QR code");
    let uri = common::element_text(&page, "totp-uri");
    assert!(uri.starts_with("otpauth://totp/madoguchi:"), "{uri}");
    let secret = common::element_text(&page, "totp-secret").replace(' ', "");
    assert!(uri.contains(&secret), "the URI holds the key shown");
    // The same pending login shows the same key again.
    let (_, again, _) = get_with(app, &location, &pending).await;
    assert_eq!(
        common::element_text(&again, "totp-secret").replace(' ', ""),
        secret
    );

    let wrong = post_code(app, &client, "/staff/login/enrol", &pending, "000000").await;
    assert_eq!(wrong.status(), 401);
    assert!(common::session_cookie(&wrong).is_none());

    let code = identity::two_factor::code_at(&secret, unix_now()).unwrap();
    let done = post_code(app, &client, "/staff/login/enrol", &pending, &code).await;
    assert_eq!(done.status(), 200);
    let session = common::session_cookie(&done).expect("a session after enrolment");
    let page = done.text().await.unwrap();
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    let cookie = format!("{session}; {CSRF_COOKIE}");
    let (status, _, _) = get_with(app, "/staff", &cookie).await;
    assert_eq!(status, 200, "signed in");
    (secret, codes)
}

#[tokio::test]
async fn a_staff_account_enrols_then_gives_a_code_each_time() {
    let app = app().await;
    let (secret, _) = enrol(&app).await;
    assert_eq!(common::staff_secret(&app, STAFF_EMAIL).await, secret);

    // Next time, a code.
    let client = no_redirects();
    let (pending, location) = password_step(&app, &client).await;
    assert_eq!(location, "/staff/login/code");
    let (status, page, _) = get_with(&app, &location, &pending).await;
    assert_eq!(status, 200);
    assert!(page.contains("autocomplete=\"one-time-code\""));
    let (_, _, location) = get_with(&app, "/staff/login/enrol", &pending).await;
    assert_eq!(
        location.as_deref(),
        Some("/staff/login/code"),
        "an enrolled account cannot enrol again over its key"
    );

    let wrong = post_code(&app, &client, "/staff/login/code", &pending, "123456").await;
    assert_eq!(wrong.status(), 401);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("確認コードが正しくない")
    );

    // The code of the step after the enrolment's (the enrolment's own step
    // is used): a later step is accepted once.
    let step = unix_now() / 30 + 1;
    let code = identity::two_factor::code_at(&secret, step * 30).unwrap();
    let ok = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/staff");
    let session = common::session_cookie(&ok).expect("session");
    // This clerk has no section, so the staff page rather than an inbox.
    let (status, _, _) = get_with(&app, "/staff", &format!("{session}; {CSRF_COOKIE}")).await;
    assert_eq!(status, 200);

    // The pending login is over: its cookie opens nothing more.
    let again = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()["location"], "/staff/login");
    assert!(common::session_cookie(&again).is_none());

    // The same code, in a new pending login, is refused: it was used.
    let (pending, _) = password_step(&app, &client).await;
    let replay = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(replay.status(), 401, "a code is good once");
    assert!(common::session_cookie(&replay).is_none());
    // So is an earlier step's code.
    let earlier = identity::two_factor::code_at(&secret, (step - 1) * 30).unwrap();
    let replay = post_code(&app, &client, "/staff/login/code", &pending, &earlier).await;
    assert_eq!(replay.status(), 401);
}

#[tokio::test]
async fn a_pending_login_opens_no_staff_page_and_belongs_to_its_client() {
    let app = app().await;
    enrol(&app).await;
    let client = common::client_from("127.0.0.7");
    let (pending, _) = password_step(&app, &client).await;
    for path in ["/staff", "/staff/applications", "/staff/forms", "/my"] {
        let (status, _, location) = get_with(&app, path, &pending).await;
        assert_eq!(status, 303, "{path}");
        assert!(location.unwrap().contains("login"), "{path}");
    }
    // Another client holding the cookie gets nowhere.
    let thief = common::client_from("127.0.0.8");
    let code = common::staff_code(&app, STAFF_EMAIL).await;
    let stolen = post_code(&app, &thief, "/staff/login/code", &pending, &code).await;
    assert_eq!(stolen.status(), 303);
    assert_eq!(stolen.headers()["location"], "/staff/login");
    assert!(common::session_cookie(&stolen).is_none());
    // Its owner still can.
    let ok = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(ok.status(), 303);
    assert!(common::session_cookie(&ok).is_some());
}

#[tokio::test]
async fn five_wrong_codes_end_the_pending_login() {
    let app = app().await;
    enrol(&app).await;
    let client = common::client_from("127.0.0.9");
    let (pending, _) = password_step(&app, &client).await;
    for attempt in 1..=4 {
        let wrong = post_code(&app, &client, "/staff/login/code", &pending, "999999").await;
        assert_eq!(wrong.status(), 401, "attempt {attempt}");
        let page = wrong.text().await.unwrap();
        assert!(page.contains(&format!("あと {} 回", 5 - attempt)), "{page}");
    }
    let last = post_code(&app, &client, "/staff/login/code", &pending, "999999").await;
    assert_eq!(last.status(), 303);
    assert_eq!(last.headers()["location"], "/staff/login");
    // Even the right code is too late for this pending login.
    let code = common::staff_code(&app, STAFF_EMAIL).await;
    let late = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(late.status(), 303);
    assert!(common::session_cookie(&late).is_none());
    // A new password step starts again.
    let (pending, _) = password_step(&app, &client).await;
    let ok = post_code(&app, &client, "/staff/login/code", &pending, &code).await;
    assert_eq!(ok.status(), 303);
    assert!(common::session_cookie(&ok).is_some());
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = app().await;
    let (_, codes) = enrol(&app).await;
    let client = no_redirects();
    let (pending, _) = password_step(&app, &client).await;
    // Typed in capitals with a space: still the code.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let ok = post_code(&app, &client, "/staff/login/code", &pending, &typed).await;
    assert_eq!(ok.status(), 303);
    assert!(common::session_cookie(&ok).is_some());
    let (pending, _) = password_step(&app, &client).await;
    let again = post_code(&app, &client, "/staff/login/code", &pending, &codes[3]).await;
    assert_eq!(again.status(), 401, "a recovery code is good once");
    let other = post_code(&app, &client, "/staff/login/code", &pending, &codes[4]).await;
    assert_eq!(other.status(), 303);
    let staff_id: String = {
        use sqlx::Row;
        sqlx::query("SELECT id FROM staff WHERE email = $1")
            .bind(STAFF_EMAIL)
            .fetch_one(app.platform.db.pool())
            .await
            .unwrap()
            .get("id")
    };
    assert_eq!(
        identity::two_factor::recovery_codes_left(&app.platform.db, &staff_id)
            .await
            .unwrap(),
        8
    );
    let entries = kernel::audit::entries(&app.platform.db, "staff", &staff_id)
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "two_factor_enrolled",
            "recovery_code_used",
            "recovery_code_used"
        ]
    );
}

#[tokio::test]
async fn a_reset_ends_the_sessions_and_the_account_enrols_again() {
    let app = app().await;
    let (secret, _) = enrol(&app).await;
    let cookie = common::login(&app, "/staff/login", STAFF_EMAIL, PASSWORD)
        .await
        .expect("signs in with a code");
    assert!(
        identity::two_factor::reset(&app.platform.db, STAFF_EMAIL, "cli")
            .await
            .unwrap()
    );
    let (status, _, _) = get_with(&app, "/staff", &cookie).await;
    assert_eq!(status, 303, "signed out");
    let client = no_redirects();
    let (pending, location) = password_step(&app, &client).await;
    assert_eq!(location, "/staff/login/enrol");
    let old = identity::two_factor::code_at(&secret, unix_now()).unwrap();
    let refused = post_code(&app, &client, "/staff/login/code", &pending, &old).await;
    assert_eq!(refused.status(), 303);
    assert_eq!(refused.headers()["location"], "/staff/login/enrol");
    assert!(
        !identity::two_factor::reset(&app.platform.db, "nobody@city.example.jp", "cli")
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn residents_sign_in_without_a_second_step() {
    let app = app().await;
    let cookie = common::login(&app, "/login", RESIDENT_EMAIL, PASSWORD)
        .await
        .expect("login");
    let (status, page, _) = get_with(&app, "/my", &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("/my/passkeys"));
}

/// POST JSON with a cookie (the CSRF header goes with every test request).
async fn post_json(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let mut request = no_redirects().post(app.url(path)).json(&body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// A made-up assertion, shaped as a browser would send it.
fn made_up_assertion(ceremony: &str) -> serde_json::Value {
    serde_json::json!({
        "ceremony": ceremony,
        "next": "",
        "credential": {
            "id": "AAAA",
            "rawId": "AAAA",
            "type": "public-key",
            "response": {
                "authenticatorData": "AAAA",
                "clientDataJSON": "AAAA",
                "signature": "AAAA",
                "userHandle": "AAAAAAAAAAAAAAAAAAAAAA"
            },
            "extensions": {}
        }
    })
}

#[tokio::test]
async fn passkey_challenges_are_taken_once_and_unknown_passkeys_refused() {
    let app = app().await;
    let (status, started) =
        post_json(&app, "/login/passkey/start", None, serde_json::json!({})).await;
    assert_eq!(status, 200, "{started}");
    let ceremony = started["ceremony"].as_str().unwrap().to_string();
    let options = &started["options"]["publicKey"];
    assert!(options["challenge"].as_str().is_some_and(|c| c.len() >= 32));
    assert_eq!(options["rpId"], "localhost", "the demo address is an IP");
    assert_eq!(options["userVerification"], "required");

    let (status, refused) = post_json(
        &app,
        "/login/passkey/finish",
        None,
        made_up_assertion(&ceremony),
    )
    .await;
    assert_eq!(status, 401, "{refused}");
    assert_eq!(refused["error"], "passkey-error-unknown");
    // The challenge was taken by that answer: it cannot be answered again.
    let (status, again) = post_json(
        &app,
        "/login/passkey/finish",
        None,
        made_up_assertion(&ceremony),
    )
    .await;
    assert_eq!(status, 400, "{again}");
    assert_eq!(again["error"], "passkey-error-expired");
    let (status, _) = post_json(
        &app,
        "/login/passkey/finish",
        None,
        made_up_assertion(&"ab".repeat(32)),
    )
    .await;
    assert_eq!(status, 400, "a challenge never made");

    // Without the page's token, the layer refuses the post.
    let response = reqwest::Client::new()
        .post(app.url("/login/passkey/start"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_resident_starts_a_registration_that_only_they_can_finish() {
    let app = app().await;
    let cookie = common::login(&app, "/login", RESIDENT_EMAIL, PASSWORD)
        .await
        .expect("login");
    let (status, page, _) = get_with(&app, "/my/passkeys", &cookie).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("http://localhost:8080/my/passkeys") && !page.contains("passkey-register"),
        "opened at 127.0.0.1, the page points to localhost: {page}"
    );
    let (_, login_page, _) = get_with(&app, "/login", common::CSRF_COOKIE).await;
    assert!(login_page.contains("/static/passkeys.js") && login_page.contains("passkey-sign-in"));
    let script = app.get("/static/passkeys.js").await;
    assert_eq!(script.status(), 200);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let (status, started) = post_json(
        &app,
        "/my/passkeys/register/start",
        Some(&cookie),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let options = &started["options"]["publicKey"];
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(options["user"]["name"], RESIDENT_EMAIL);
    let ceremony = started["ceremony"].as_str().unwrap();
    let answer = serde_json::json!({
        "ceremony": ceremony,
        "name": "phone",
        "credential": {
            "id": "AAAA", "rawId": "AAAA", "type": "public-key",
            "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
            "extensions": {}
        }
    });
    // Someone else's session cannot use this ceremony.
    let hash = password::hash(PASSWORD).expect("hash");
    store::upsert_resident(
        &app.platform.db,
        "other@example.jp",
        "他人",
        "タニン",
        &hash,
        true,
    )
    .await
    .unwrap();
    let other = common::login(&app, "/login", "other@example.jp", PASSWORD)
        .await
        .unwrap();
    let (status, _) = post_json(
        &app,
        "/my/passkeys/register/finish",
        Some(&other),
        answer.clone(),
    )
    .await;
    assert_eq!(status, 400);
    // …and it was taken by that attempt.
    let (status, again) =
        post_json(&app, "/my/passkeys/register/finish", Some(&cookie), answer).await;
    assert_eq!(status, 400, "{again}");
    assert_eq!(again["error"], "passkey-error-expired");
    // Guests and staff cannot start one.
    let (status, _, location) = common::answer_of(
        no_redirects()
            .post(app.url("/my/passkeys/register/start"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/login?next=%2Fmy%2Fpasskeys%2Fregister%2Fstart"))
    );
}

#[tokio::test]
async fn an_empty_code_at_enrolment_costs_no_attempt() {
    let app = app().await;
    let client = common::client_from("127.0.0.11");
    let (pending, location) = password_step(&app, &client).await;
    assert_eq!(location, "/staff/login/enrol");
    let page = client
        .get(app.url(&location))
        .header("cookie", &pending)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .unwrap();
    let secret = common::element_text(&page, "totp-secret").replace(' ', "");
    // More empty submissions than there are attempts: each asks for the
    // code again, and the enrolment goes on.
    for _ in 0..6 {
        let empty = post_code(&app, &client, "/staff/login/enrol", &pending, " ").await;
        assert_eq!(empty.status(), 401);
        assert!(common::session_cookie(&empty).is_none());
        let page = empty.text().await.unwrap();
        assert!(page.contains("totp-secret"), "{page}");
    }
    let code = identity::two_factor::code_at(&secret, unix_now()).unwrap();
    let ok = post_code(&app, &client, "/staff/login/enrol", &pending, &code).await;
    assert_eq!(ok.status(), 200, "enrolled: the recovery codes are shown");
    assert!(common::session_cookie(&ok).is_some());
}
