//! Fees and payment against the sandbox provider, as a resident, a clerk
//! and the accounting office meet them: the fee on the confirm page, paying
//! on the provider's page (paid, failed, cancelled, left), callbacks that
//! come twice, out of order, with a bad signature or never, the
//! reconciliation that settles what callbacks missed, refunds, a counter
//! payment, and a daily report whose total is the provider's to the yen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};
use sqlx::Row;

const API_KEY: &str = "test-merchant-key-0123456789";
const SECRET: &str = "test-signing-secret-0123456789abcdef";

struct PayApp {
    app: TestApp,
    sandbox: payments::sandbox::Sandbox,
    sandbox_url: String,
}

/// The demo city served at the address it believes it has (providers call
/// it back there), with a sandbox provider whose secrets the test knows.
async fn pay_app() -> PayApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sandbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sandbox_url = format!("http://{}", sandbox_listener.local_addr().unwrap());
    let mut config = payments::sandbox::SandboxConfig::new(API_KEY, SECRET, &sandbox_url);
    config.late_by = Duration::from_millis(300);
    let sandbox = payments::sandbox::Sandbox::new(config);
    tokio::spawn(payments::sandbox::serve(sandbox_listener, sandbox.clone()));

    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(&dir).await;
    let mut settings = madoguchi::app::Settings::in_dir(dir.path());
    settings.public_url = format!("http://{addr}");
    settings.payments.providers = vec![payments::setup::ProviderSetting {
        id: "sandbox".into(),
        url: sandbox_url.clone(),
        api_key: API_KEY.into(),
        signing_secret: SECRET.into(),
        methods: payments::provider::Method::ONLINE.to_vec(),
    }];
    // The test runs reconciliation itself.
    settings.payments.reconcile_every = Duration::from_secs(3600);
    let platform = madoguchi::app::Platform::open(db, &settings).await.unwrap();
    platform.catalog.refresh().await.unwrap();
    let router = platform.router();
    tokio::spawn(async move {
        madoguchi::app::serve_on(
            listener,
            router,
            madoguchi::app::ServerLimits::default(),
            std::future::pending(),
        )
        .await
        .unwrap();
    });
    PayApp {
        app: TestApp {
            base: format!("http://{addr}"),
            client: browser().build().unwrap(),
            platform,
            dir,
        },
        sandbox,
        sandbox_url,
    }
}

const WASTE: &str = "/procedures/sodaigomi/apply";

fn waste_answers<'a>(items: &'a [(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = [
        ("applicant_name.family_name", "名古屋"),
        ("applicant_name.given_name", "太郎"),
        ("applicant_name.family_name_kana", "なごや"),
        ("applicant_name.given_name_kana", "たろう"),
        ("postal_code", "460-8508"),
        ("address", "名古屋市中区三の丸三丁目1番1号"),
        ("phone", "052-961-1111"),
        ("email", "taro@example.jp"),
        ("preferred_date", "2099-01-05"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (i, (item, count)) in items.iter().enumerate() {
        pairs.push((format!("items[{i}].item"), item.to_string()));
        pairs.push((format!("items[{i}].count"), count.to_string()));
    }
    pairs.push(("__count.items".into(), items.len().to_string()));
    pairs
}

/// A guest applies for large-waste collection: the confirm page, then the
/// receipt with its way to pay. Returns the receipt number and the
/// payment page's path.
async fn apply(app: &TestApp, items: &[(&str, &str)], expected_fee: &str) -> (String, String) {
    apply_as(app, CSRF_COOKIE, items, expected_fee).await
}

async fn apply_as(
    app: &TestApp,
    cookie: &str,
    items: &[(&str, &str)],
    expected_fee: &str,
) -> (String, String) {
    let (status, confirm, _) = post_with(app, WASTE, cookie, &waste_answers(items)).await;
    assert_eq!(status, 200, "{confirm}");
    assert!(confirm.contains("手数料"), "{confirm}");
    assert!(
        confirm.contains(&format!("<strong>{expected_fee}</strong>")),
        "the confirm page shows the fee {expected_fee}: {confirm}"
    );
    let submit = vec![
        ("__answers".to_string(), hidden(&confirm, "__answers")),
        ("__key".to_string(), hidden(&confirm, "__key")),
        ("__step".to_string(), "submit".to_string()),
    ];
    let (status, receipt, _) = post_with(app, WASTE, cookie, &submit).await;
    assert_eq!(status, 200, "{receipt}");
    let number = receipt
        .split("<strong>")
        .nth(1)
        .and_then(|r| r.split("</strong>").next())
        .unwrap()
        .to_string();
    let pay = receipt
        .split("href=\"/pay/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(|p| format!("/pay/{p}"))
        .unwrap_or_else(|| panic!("the receipt offers to pay: {receipt}"));
    // A reload of the receipt makes no second payment.
    let (_, again, _) = post_with(app, WASTE, cookie, &submit).await;
    assert!(again.contains(&pay), "the same payment page again");
    (number, pay)
}

/// Chooses a method on the payment page: the provider's page it leads to.
async fn go_to_provider(app: &TestApp, pay: &str, method: &str) -> String {
    let response = no_redirects()
        .post(app.url(pay))
        .header("cookie", CSRF_COOKIE)
        .form(&[("method", method)])
        .send()
        .await
        .unwrap();
    // Not a redirect of the form's POST: the pages' policy allows forms to
    // post to this site only, so the browser goes on by a link and Refresh.
    assert_eq!(response.status(), 200);
    let refresh = response
        .headers()
        .get("refresh")
        .map(|v| v.to_str().unwrap().to_string())
        .expect("a Refresh header");
    let page = response.text().await.unwrap();
    let link = page
        .split("id=\"to-provider\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("a link to the provider: {page}"))
        .replace("&amp;", "&");
    assert_eq!(refresh, format!("0; url={link}"));
    link
}

/// On the sandbox's page: pays, fails or cancels, with the callbacks
/// behaving as told. Returns where the resident is sent back to.
async fn choose(provider_page: &str, outcome: &str, callbacks: &str) -> String {
    let response = no_redirects()
        .post(provider_page)
        .form(&[("outcome", outcome), ("callbacks", callbacks)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

async fn back(app: &TestApp, return_url: &str) -> String {
    let path = return_url
        .strip_prefix(&app.base)
        .expect("back to the platform");
    let (status, page, _) = get_with(app, path, "").await;
    assert_eq!(status, 200, "{page}");
    page
}

async fn payment_state(app: &TestApp, receipt: &str) -> String {
    sqlx::query("SELECT state FROM payments WHERE receipt_number = $1 ORDER BY requested_at")
        .bind(receipt)
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn events(app: &TestApp, event_type: &str, receipt: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE event_type = $1 AND aggregate_id = $2")
        .bind(event_type)
        .bind(receipt)
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn reconcile(app: &TestApp) -> payments::reconcile::Run {
    payments::reconcile::run_once(
        &app.platform.db,
        &app.platform.payments.providers,
        Duration::ZERO,
    )
    .await
    .unwrap()
}

async fn api_step(app: &TestApp, token: &str, receipt: &str, action: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/applications/{receipt}/transitions")))
        .bearer_auth(token)
        .json(&json!({"action": action}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn staff_of(app: &TestApp, section: &str, role: &str) -> String {
    let demo = demo_file(app);
    let who = demo
        .staff_logins
        .iter()
        .find(|l| l.section.as_deref() == Some(section) && l.role == role)
        .unwrap_or_else(|| panic!("a {role} of {section}"));
    login(app, "/staff/login", &who.email, &who.password)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_guest_pays_on_the_provider_page_and_the_review_waits_for_the_money() {
    let PayApp { app, sandbox, .. } = pay_app().await;
    let token = demo_file(&app).api_token;
    // A sofa (1,000円) twice and a bicycle (500円): 2,500円.
    let (receipt, pay) = apply(&app, &[("sofa", "2"), ("bicycle", "1")], "2,500円").await;
    assert_eq!(payment_state(&app, &receipt).await, "requested");
    assert_eq!(events(&app, "payment.requested", &receipt).await, 1);
    // A guest has no my page: the mail keeps the way to pay.
    let mail = mail_matching(app.dir.path(), |m| {
        m.contains("手数料のお支払いについて") && m.contains(&receipt)
    })
    .await;
    assert!(mail.contains(&pay) && mail.contains("2,500円"), "{mail}");

    // The section cannot take the case up before the fee is paid.
    let (status, body) = api_step(&app, &token, &receipt, "start_review").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "case_on_hold", "{body}");

    let (_, page, _) = get_with(&app, &pay, "").await;
    assert!(page.contains("2,500円") && page.contains("未納"), "{page}");
    assert!(page.contains("クレジットカード") && page.contains("ペイジー"));
    let provider = go_to_provider(&app, &pay, "card").await;
    let back_to = choose(&provider, "pay", "normal").await;
    let page = back(&app, &back_to).await;
    assert!(page.contains("お支払いが完了しました"), "{page}");
    assert!(page.contains("納付済み"));
    assert_eq!(payment_state(&app, &receipt).await, "paid");

    // The receipt (領収書), as a PDF with its number.
    let serial: String =
        sqlx::query("SELECT receipt_serial FROM payments WHERE receipt_number = $1")
            .bind(&receipt)
            .fetch_one(app.platform.db.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert!(serial.starts_with("R-R"), "{serial}");
    if app.platform.payments.font.is_some() {
        let response = app
            .client
            .get(app.url(&format!("{pay}/receipt.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.bytes().await.unwrap().starts_with(b"%PDF"));
    }
    // Someone guessing the address gets nothing.
    let forged = format!("{}0000", &pay[..pay.len() - 4]);
    let (status, _, _) = get_with(&app, &forged, "").await;
    assert_eq!(status, 404);

    // Now the review may start, and the API says it was paid.
    let (status, body) = api_step(&app, &token, &receipt, "start_review").await;
    assert_eq!(status, 200, "{body}");
    let (status, listed) = app
        .get_json(&format!("/api/v1/applications/{receipt}/payments"))
        .await;
    assert_eq!(status, 401, "the API needs a token: {listed}");
    let listed: Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/{receipt}/payments")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["payments"][0]["state"], "paid", "{listed}");
    assert_eq!(listed["payments"][0]["amount_yen"], 2500);
    assert_eq!(listed["payments"][0]["method"], "card");

    // The callback came too; the payment was recorded once.
    for _ in 0..50 {
        let seen: i64 = sqlx::query("SELECT COUNT(*) FROM payment_notifications")
            .fetch_one(app.platform.db.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        if seen > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(events(&app, "payment.completed", &receipt).await, 1);
    let today = kernel::clock::today_in_japan();
    assert_eq!(sandbox.settled_total(today), 2500);
}

#[tokio::test]
async fn a_refused_or_cancelled_payment_leaves_the_fee_owed_and_never_says_paid() {
    let PayApp { app, .. } = pay_app().await;
    let (receipt, pay) = apply(&app, &[("futon", "1")], "250円").await;

    let provider = go_to_provider(&app, &pay, "card").await;
    let page = back(&app, &choose(&provider, "fail", "normal").await).await;
    assert!(page.contains("お支払いができませんでした"), "{page}");
    assert!(!page.contains("お支払いが完了しました"));
    assert_eq!(payment_state(&app, &receipt).await, "requested");

    let provider = go_to_provider(&app, &pay, "qr").await;
    let page = back(&app, &choose(&provider, "cancel", "normal").await).await;
    assert!(page.contains("お支払いを中止しました"), "{page}");
    assert_eq!(payment_state(&app, &receipt).await, "requested");

    // The third try goes through.
    let provider = go_to_provider(&app, &pay, "qr").await;
    let page = back(&app, &choose(&provider, "pay", "normal").await).await;
    assert!(page.contains("お支払いが完了しました"), "{page}");
    assert_eq!(payment_state(&app, &receipt).await, "paid");
    assert_eq!(events(&app, "payment.completed", &receipt).await, 1);
}

#[tokio::test]
async fn a_lost_callback_is_made_good_by_reconciliation_and_repeats_change_nothing() {
    let PayApp { app, .. } = pay_app().await;
    let (receipt, pay) = apply(&app, &[("desk", "1")], "500円").await;
    let provider = go_to_provider(&app, &pay, "card").await;
    // Paid, but the callback never comes and the resident closes the tab.
    let _ = choose(&provider, "pay", "lost").await;
    assert_eq!(payment_state(&app, &receipt).await, "pending");
    let (_, page, _) = get_with(&app, &pay, "").await;
    assert!(page.contains("支払手続中"), "pending, not failed: {page}");
    assert!(!page.contains("できませんでした"));

    let run = reconcile(&app).await;
    assert_eq!(run.settled, 1, "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "paid");
    assert_eq!(events(&app, "payment.completed", &receipt).await, 1);

    // A notification brought twice, and a stale one after it, change nothing.
    let attempt: (String, String) =
        sqlx::query("SELECT a.id, a.provider_ref FROM payment_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.receipt_number = $1")
            .bind(&receipt)
            .fetch_one(app.platform.db.pool())
            .await
            .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
            .unwrap();
    let notify = |event_id: &str, state: &str| {
        json!({"event_id": event_id, "status": {"provider_ref": attempt.1, "order_id": attempt.0,
            "state": state, "amount_yen": 500, "refunded_yen": 0, "paid_at": null}})
        .to_string()
    };
    let send = |body: String, secret: &'static str| {
        let app = &app;
        async move {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let signature = payments::hosted::sign(secret, now, body.as_bytes());
            app.client
                .post(app.url("/api/v1/payments/callbacks/sandbox"))
                .header("content-type", "application/json")
                .header(payments::hosted::TIMESTAMP_HEADER, now.to_string())
                .header(payments::hosted::SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..2 {
        let response = send(notify("evt-1", "paid"), SECRET).await;
        assert_eq!(response.status(), 200);
    }
    let response = send(notify("evt-0", "failed"), SECRET).await;
    assert_eq!(response.status(), 200);
    assert_eq!(payment_state(&app, &receipt).await, "paid");
    assert_eq!(events(&app, "payment.completed", &receipt).await, 1);

    // Not signed by the provider: refused, nothing applied.
    let response = send(notify("evt-2", "failed"), "another-secret-entirely-0000").await;
    assert_eq!(response.status(), 400);
    let seen: i64 =
        sqlx::query("SELECT COUNT(*) FROM payment_notifications WHERE event_id = 'evt-2'")
            .fetch_one(app.platform.db.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(seen, 0);
}

#[tokio::test]
async fn late_doubled_and_reordered_callbacks_settle_one_payment_each() {
    let PayApp { app, .. } = pay_app().await;
    let mut receipts = Vec::new();
    for callbacks in ["late", "twice", "out_of_order"] {
        let (receipt, pay) = apply(&app, &[("bed", "1")], "1,000円").await;
        let provider = go_to_provider(&app, &pay, "card").await;
        // The resident does not come back: only callbacks tell.
        let _ = choose(&provider, "pay", callbacks).await;
        receipts.push(receipt);
    }
    for _ in 0..100 {
        let mut all = true;
        for receipt in &receipts {
            all &= payment_state(&app, receipt).await == "paid";
        }
        if all {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for receipt in &receipts {
        assert_eq!(payment_state(&app, receipt).await, "paid", "{receipt}");
    }
    // Let the second and stale callbacks arrive, then count.
    tokio::time::sleep(Duration::from_millis(800)).await;
    for receipt in &receipts {
        assert_eq!(payment_state(&app, receipt).await, "paid", "{receipt}");
        assert_eq!(
            events(&app, "payment.completed", receipt).await,
            1,
            "{receipt}"
        );
    }
}

#[tokio::test]
async fn an_abandoned_payment_page_is_closed_and_an_unpaid_fee_expires_on_the_case() {
    let PayApp { app, .. } = pay_app().await;
    let (receipt, pay) = apply(&app, &[("sofa", "1")], "1,000円").await;
    let _provider = go_to_provider(&app, &pay, "card").await;
    // The resident leaves the provider's page. Before its time is up the
    // job leaves the attempt open.
    let run = reconcile(&app).await;
    assert_eq!(run.settled, 0, "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "pending");
    // Past its time, the attempt is closed at the provider.
    sqlx::query("UPDATE payment_attempts SET expires_at = '2020-01-01T00:00:00Z'")
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    let run = reconcile(&app).await;
    // The provider's own notification of the cancel may apply it first:
    // either way it is applied once the job returns.
    assert_eq!((run.asked, run.failed), (1, 0), "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "requested");
    let attempt: String = sqlx::query("SELECT state FROM payment_attempts")
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(attempt, "cancelled");
    // Past the due date, the fee expires and the case says so.
    sqlx::query("UPDATE payments SET due_at = '2020-01-01T00:00:00Z'")
        .execute(app.platform.db.pool())
        .await
        .unwrap();
    let run = reconcile(&app).await;
    assert_eq!(run.expired, 1, "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "expired");
    let (_, page, _) = get_with(&app, &pay, "").await;
    assert!(page.contains("納付期限切れ"), "{page}");
    assert!(
        !page.contains("name=\"method\""),
        "no longer payable online"
    );
    let clerk = staff_of(&app, "kankyo-sagyo", "clerk").await;
    let (status, case, _) = get_with(&app, &format!("/staff/applications/{receipt}"), &clerk).await;
    assert_eq!(status, 200);
    assert!(case.contains("納付期限切れ"), "{case}");
    assert!(case.contains("審査を始められません"), "{case}");
}

#[tokio::test]
async fn a_manager_refunds_part_of_a_fee_and_the_daily_report_matches_the_provider() {
    let PayApp {
        app,
        sandbox,
        sandbox_url,
    } = pay_app().await;
    let (receipt, pay) = apply(&app, &[("sofa", "1"), ("desk", "1")], "1,500円").await;
    let provider = go_to_provider(&app, &pay, "payeasy").await;
    assert!(provider.starts_with(&sandbox_url));
    let (_, numbers, _) = get_with(&app, &pay, "").await;
    assert!(
        numbers.contains("収納機関番号") && numbers.contains("58091"),
        "{numbers}"
    );
    let page = back(&app, &choose(&provider, "pay", "normal").await).await;
    assert!(page.contains("お支払いが完了しました"), "{page}");

    let clerk = staff_of(&app, "kankyo-sagyo", "clerk").await;
    let manager = staff_of(&app, "kankyo-sagyo", "manager").await;
    let path = format!("/staff/applications/{receipt}/payments");
    let (_, listing, _) = get_with(&app, &path, &manager).await;
    let id = listing
        .split(&format!("/staff/applications/{receipt}/payments/"))
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();
    let refund = format!("{path}/{id}/refund");
    let form = |amount: &str, reason: &str| {
        vec![
            ("amount_yen".to_string(), amount.to_string()),
            ("reason".to_string(), reason.to_string()),
        ]
    };
    let (status, _, _) = post_with(&app, &refund, &clerk, &form("500", "机の収集取りやめ")).await;
    assert_eq!(status, 403, "a clerk does not refund");
    let (status, page, _) = post_with(&app, &refund, &manager, &form("2000", "多すぎ")).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("1,500円"),
        "says how much can be refunded: {page}"
    );
    let (status, page, _) = post_with(&app, &refund, &manager, &form("100", " ")).await;
    assert_eq!(status, 422, "a refund needs its reason: {page}");
    let (status, page, _) =
        post_with(&app, &refund, &manager, &form("５００", "机の収集取りやめ")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("返金しました"), "{page}");
    assert_eq!(events(&app, "payment.refunded", &receipt).await, 1);
    let (_, resident_view, _) = get_with(&app, &pay, "").await;
    assert!(resident_view.contains("返金済み"), "{resident_view}");

    // The accounting office's day: paid 1,500, refunded 500, as the provider says.
    let today = kernel::clock::today_in_japan();
    let dx = {
        let demo = demo_file(&app);
        let who = demo
            .staff_logins
            .iter()
            .find(|l| l.role == "dx_admin")
            .unwrap();
        login(&app, "/staff/login", &who.email, &who.password)
            .await
            .unwrap()
    };
    let (status, daily, _) = get_with(&app, &format!("/staff/payments?day={today}"), &dx).await;
    assert_eq!(status, 200, "{daily}");
    assert!(daily.contains("一致"), "{daily}");
    assert!(!daily.contains("不一致"), "{daily}");
    let (status, _, _) = get_with(&app, &format!("/staff/payments?day={today}"), &clerk).await;
    assert_eq!(status, 403, "a clerk does not read the city's money");
    let (status, csv, _) = get_with(
        &app,
        &format!("/staff/payments/report?day={today}&format=csv"),
        &dx,
    )
    .await;
    assert_eq!(status, 200);
    let total = csv
        .lines()
        .find(|l| l.starts_with("総合計"))
        .unwrap_or_else(|| panic!("{csv}"));
    let net: i64 = total
        .split(',')
        .next_back()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(net, 1000);
    assert_eq!(net, sandbox.settled_total(today), "to the yen");
    let response = app
        .client
        .get(app.url(&format!("/staff/payments/report?day={today}&format=xlsx")))
        .header("cookie", &dx)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn a_fee_requested_after_review_is_paid_at_the_counter() {
    let PayApp { app, .. } = pay_app().await;
    let demo = demo_file(&app);
    let section: String = sqlx::query("SELECT section_id FROM procedures WHERE id = 'inu-toroku'")
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    // The application came on paper and was entered by a business system.
    let receipt = submit_dog(&app, &demo.api_token).await;
    let clerk = staff_of(&app, &section, "clerk").await;
    let path = format!("/staff/applications/{receipt}/payments");
    let (_, page, _) = get_with(&app, &path, &clerk).await;
    assert!(
        page.contains("3,000円"),
        "the schedule's amount is offered: {page}"
    );
    let (status, page, _) = post_with(
        &app,
        &path,
        &clerk,
        &[
            ("due_days".into(), "14".into()),
            ("amount_yen".into(), "".into()),
            ("label".into(), "".into()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("手数料を請求しました"), "{page}");
    assert_eq!(payment_state(&app, &receipt).await, "requested");
    let id = page
        .split(&format!("/staff/applications/{receipt}/payments/"))
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();
    let (status, page, _) = post_with(
        &app,
        &format!("{path}/{id}/counter"),
        &clerk,
        &[
            ("terminal_method".into(), "交通系ICカード".into()),
            ("slip".into(), "".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "a slip number is needed: {page}");
    let (status, page, _) = post_with(
        &app,
        &format!("{path}/{id}/counter"),
        &clerk,
        &[
            ("terminal_method".into(), "交通系ICカード".into()),
            ("slip".into(), "T-0042".into()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("窓口での支払いを記録しました"));
    assert_eq!(payment_state(&app, &receipt).await, "paid");
    assert!(page.contains("T-0042"));
    assert_eq!(events(&app, "payment.completed", &receipt).await, 1);
    assert!(
        !page.contains("手数料表による金額"),
        "the schedule's fee is paid: not offered again"
    );
    // A second fee (a typed one) paid at a terminal whose slip numbers
    // started again: the same slip number is recorded too.
    let second_fee = |amount: &str| {
        vec![
            ("due_days".to_string(), "7".to_string()),
            ("amount_yen".to_string(), amount.to_string()),
            ("label".to_string(), "鑑札再交付手数料".to_string()),
        ]
    };
    let (status, page, _) = post_with(&app, &path, &clerk, &second_fee("５００")).await;
    assert_eq!(status, 200, "{page}");
    let (status, again, _) = post_with(&app, &path, &clerk, &second_fee("500")).await;
    assert_eq!(status, 422, "a double click is not a second fee: {again}");
    let second = page
        .rsplit(&format!("/staff/applications/{receipt}/payments/"))
        .next()
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();
    assert_ne!(second, id);
    let (status, page, _) = post_with(
        &app,
        &format!("{path}/{second}/counter"),
        &clerk,
        &[
            ("terminal_method".into(), "交通系ICカード".into()),
            ("slip".into(), "T-0042".into()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(events(&app, "payment.completed", &receipt).await, 2);
}

async fn submit_dog(app: &TestApp, token: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/v1/attachments?file_name=certificate.pdf"))
        .bearer_auth(token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let attachment = body["attachment_id"].as_str().unwrap();
    let answers = json!({
        "applicant_name": {"family_name": "名古屋", "given_name": "花子", "family_name_kana": "ナゴヤ", "given_name_kana": "ハナコ"},
        "birth_date": "1990-04-01", "postal_code": "4608508", "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111", "dog_name": "ポチ", "breed": "柴", "sex": "male",
        "dog_birth_date": "2024-04-01", "vaccinated": "2024-06-01",
        "certificate": {"attachment_id": attachment}
    });
    let response = app
        .client
        .post(app.url("/api/v1/procedures/inu-toroku/applications"))
        .bearer_auth(token)
        .json(&answers)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body["receipt_number"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_fee_the_receipt_page_did_not_make_is_made_by_reconciliation() {
    let PayApp { app, .. } = pay_app().await;
    let token = demo_file(&app).api_token;
    let (receipt, _) = apply(&app, &[("bicycle", "1")], "500円").await;
    // As if the node had stopped between the application and its fee.
    for sql in ["DELETE FROM case_holds", "DELETE FROM payments"] {
        sqlx::query(sql)
            .execute(app.platform.db.pool())
            .await
            .unwrap();
    }
    let run = reconcile(&app).await;
    assert_eq!(run.made, 1, "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "requested");
    let (status, body) = api_step(&app, &token, &receipt, "start_review").await;
    assert_eq!(status, 409, "held again: {body}");
    // Made once.
    let run = reconcile(&app).await;
    assert_eq!(run.made, 0, "{run:?}");
}

#[tokio::test]
async fn a_withdrawn_application_asks_no_fee_and_the_my_page_shows_what_is_owed() {
    let PayApp { app, sandbox, .. } = pay_app().await;
    let resident = demo_file(&app).resident_logins[0].clone();
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .unwrap();
    let (receipt, pay) = apply_as(&app, &cookie, &[("sofa", "1")], "1,000円").await;
    let (_, mine, _) = get_with(&app, &format!("/my/applications/{receipt}"), &cookie).await;
    assert!(
        mine.contains("未納") && mine.contains(&pay),
        "the my page offers to pay: {mine}"
    );
    // The provider's page is open in another tab when the resident withdraws.
    let open_tab = go_to_provider(&app, &pay, "card").await;

    let (_, page, _) = get_with(&app, &format!("/my/applications/{receipt}"), &cookie).await;
    // Past the confirmation page (withdrawing asks first).
    let withdraw = vec![
        ("csrf_token".to_string(), hidden(&page, "csrf_token")),
        ("confirm".to_string(), "1".to_string()),
    ];
    let (status, _, _) = post_with(
        &app,
        &format!("/my/applications/{receipt}/withdraw"),
        &cookie,
        &withdraw,
    )
    .await;
    assert!(status == 303 || status == 200, "withdrawn: {status}");
    let (status, page, _) =
        post_with(&app, &pay, CSRF_COOKIE, &[("method".into(), "card".into())]).await;
    assert_eq!(status, 409, "nothing to pay for a withdrawn case: {page}");
    let run = reconcile(&app).await;
    assert_eq!(run.cancelled, 1, "{run:?}");
    assert_eq!(payment_state(&app, &receipt).await, "cancelled");
    let (_, page, _) = get_with(&app, &pay, "").await;
    assert!(
        page.contains("取消し") && !page.contains("name=\"method\""),
        "{page}"
    );
    // Paid anyway in the tab left open: the money goes back by itself.
    let page = back(&app, &choose(&open_tab, "pay", "normal").await).await;
    assert!(!page.contains("お支払いが完了しました"), "{page}");
    assert_eq!(payment_state(&app, &receipt).await, "cancelled");
    let run = reconcile(&app).await;
    assert_eq!(run.refunded, 1, "{run:?}");
    assert_eq!(
        sandbox.settled_total(kernel::clock::today_in_japan()),
        0,
        "given back in full"
    );
}

#[tokio::test]
async fn the_dx_office_edits_a_fee_schedule_and_the_next_application_pays_it() {
    let PayApp { app, .. } = pay_app().await;
    let demo = demo_file(&app);
    let who = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "dx_admin")
        .unwrap();
    let dx = login(&app, "/staff/login", &who.email, &who.password)
        .await
        .unwrap();
    let (status, list, _) = get_with(&app, "/staff/fee-schedules", &dx).await;
    assert_eq!(status, 200);
    assert!(list.contains("/staff/fee-schedules/sodaigomi"), "{list}");
    let clerk = staff_of(&app, "kankyo-sagyo", "clerk").await;
    let (status, _, _) = get_with(&app, "/staff/fee-schedules/sodaigomi", &clerk).await;
    assert_eq!(status, 403, "schedules are the DX office's");

    let path = "/staff/fee-schedules/sodaigomi";
    let (_, editor, _) = get_with(&app, path, &dx).await;
    let revision = hidden(&editor, "revision");
    assert_eq!(revision, "1");
    let save = |schedule: &str, revision: &str| {
        vec![
            ("schedule".to_string(), schedule.to_string()),
            ("revision".to_string(), revision.to_string()),
        ]
    };
    let (status, page, _) = post_with(&app, path, &dx, &save("{\"lines\": [", &revision)).await;
    assert_eq!(status, 422);
    assert!(page.contains("手数料表として読めません"), "{page}");
    let wrong_group = r#"{"lines": [{"kind": "per_item", "label": {"ja": "粗大ごみ"}, "group": "things", "class_field": "item",
        "classes": [{"value": "sofa", "label": {"ja": "ソファー"}, "yen": 800}]}],
        "timing": {"when": "before_acceptance"}}"#;
    let (status, page, _) = post_with(&app, path, &dx, &save(wrong_group, &revision)).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("品目の項目「things」が様式にありません"),
        "{page}"
    );
    let flat = r#"{"lines": [{"kind": "fixed", "label": {"ja": "粗大ごみ処理手数料"}, "yen": 700}],
        "timing": {"when": "before_acceptance"}}"#;
    let (status, page, _) = post_with(&app, path, &dx, &save(flat, &revision)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("保存しました"), "{page}");
    // Someone else saved in between: a stale editor is refused.
    let (status, page, _) = post_with(&app, path, &dx, &save(flat, &revision)).await;
    assert_eq!(status, 409, "{page}");
    // The next application pays the new fee.
    let (_, pay) = apply(&app, &[("sofa", "2")], "700円").await;
    assert!(pay.starts_with("/pay/"));
}
