//! The sandbox provider served on a real port, driven through the
//! hosted-page adapter as the platform drives it, with a small receiver
//! collecting the callbacks as the platform's callback endpoint would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use payments::hosted::HostedProvider;
use payments::provider::{
    Checkout, Method, Notification, Provider, ProviderError, Remote, Started,
};
use payments::sandbox::{Sandbox, SandboxConfig, serve};
use time::OffsetDateTime;
use tokio::sync::mpsc;

const KEY: &str = "test-api-key";
const SECRET: &str = "test-signing-secret";
const RETURN_URL: &str = "https://city.example/payments/return?lang=ja";

type Callback = (Vec<(String, String)>, Vec<u8>);

#[derive(Clone)]
struct Receiver {
    sent: mpsc::UnboundedSender<Callback>,
    /// Answers 500 to this many callbacks before taking them.
    refuse_first: Arc<AtomicUsize>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if receiver
        .refuse_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let headers = headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap().to_string()))
        .collect();
    receiver.sent.send((headers, body.to_vec())).unwrap();
    StatusCode::NO_CONTENT
}

struct Env {
    sandbox: Sandbox,
    provider: HostedProvider,
    base: String,
    callback_url: String,
    callbacks: mpsc::UnboundedReceiver<Callback>,
    refuse_first: Arc<AtomicUsize>,
    /// The resident's browser, which does not follow redirects so the
    /// test sees them.
    browser: reqwest::Client,
}

async fn env() -> Env {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = SandboxConfig::new(KEY, SECRET, &base);
    config.late_by = Duration::from_millis(200);
    let sandbox = Sandbox::new(config);
    tokio::spawn(serve(listener, sandbox.clone()));

    let (sent, callbacks) = mpsc::unbounded_channel();
    let refuse_first = Arc::new(AtomicUsize::new(0));
    let receiver = Receiver {
        sent,
        refuse_first: refuse_first.clone(),
    };
    let app = axum::Router::new()
        .route("/callback", post(receive))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let callback_url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let provider = HostedProvider::new(
        "sandbox",
        &base,
        KEY.to_string(),
        SECRET.to_string(),
        Method::ONLINE.to_vec(),
    )
    .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Env {
        sandbox,
        provider,
        base,
        callback_url,
        callbacks,
        refuse_first,
        browser,
    }
}

impl Env {
    fn checkout(&self, order_id: &str, method: Method, amount_yen: i64) -> Checkout {
        Checkout {
            order_id: order_id.to_string(),
            amount_yen,
            method,
            description: "住民票の写し 4通".to_string(),
            return_url: RETURN_URL.to_string(),
            callback_url: self.callback_url.clone(),
            expires_at: OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    async fn start(&self, order_id: &str, method: Method, amount_yen: i64) -> Started {
        self.provider
            .start(&self.checkout(order_id, method, amount_yen))
            .await
            .unwrap()
    }

    async fn page(&self, started: &Started) -> String {
        let response = self
            .browser
            .get(&started.redirect_url)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.unwrap()
    }

    /// The resident's choice on the hosted page; the redirect's target.
    async fn choose(&self, started: &Started, outcome: &str, callbacks: &str) -> String {
        let response = self
            .browser
            .post(&started.redirect_url)
            .form(&[("outcome", outcome), ("callbacks", callbacks)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        response.headers()["location"].to_str().unwrap().to_string()
    }

    async fn next_callback(&mut self) -> Callback {
        // A guard against a hang, not a timing assertion.
        tokio::time::timeout(Duration::from_secs(20), self.callbacks.recv())
            .await
            .expect("a callback within 20 s")
            .unwrap()
    }

    fn verify(&self, (headers, body): &Callback) -> Notification {
        self.provider
            .verify_callback(headers, body, OffsetDateTime::now_utc())
            .unwrap()
    }
}

fn timestamp_of((headers, _): &Callback) -> i64 {
    headers
        .iter()
        .find(|(n, _)| n == "x-sandbox-timestamp")
        .unwrap()
        .1
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_card_payment_paid_on_the_hosted_page_is_paid_and_notified() {
    let mut env = env().await;
    let started = env.start("order-card-1", Method::Card, 1_200).await;
    assert!(
        started
            .redirect_url
            .starts_with(&format!("{}/pay/", env.base))
    );
    assert!(started.payeasy.is_none());

    let page = env.page(&started).await;
    assert!(page.contains(r#"<html lang="ja">"#));
    assert!(page.contains("住民票の写し 4通"));
    assert!(page.contains("1,200円"));
    assert!(page.contains("カード番号は入力しません"));
    for label in [
        "通常",
        "遅れて届く",
        "二度届く",
        "順序が入れ替わる",
        "届かない",
    ] {
        assert!(page.contains(label), "{label}");
    }

    let back = env.choose(&started, "pay", "normal").await;
    assert_eq!(back, format!("{RETURN_URL}&order_id=order-card-1"));

    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Paid);
    assert_eq!(status.order_id, "order-card-1");
    assert_eq!(status.amount_yen, 1_200);
    assert!(status.paid_at.is_some());

    let callback = env.next_callback().await;
    let notification = env.verify(&callback);
    assert!(notification.event_id.starts_with("evt_"));
    assert_eq!(notification.status, status);

    // A second click does not change a decided payment; the page says how it ended.
    let again = env.choose(&started, "cancel", "normal").await;
    assert_eq!(again, started.redirect_url);
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Paid);
    let page = env.page(&started).await;
    assert!(page.contains("支払済み"));
    assert!(page.contains("order_id=order-card-1"));
    assert!(!page.contains("<form"));
}

#[tokio::test]
async fn the_page_escapes_what_the_merchant_sent() {
    let env = env().await;
    let mut checkout = env.checkout("order-escape", Method::Card, 300);
    checkout.description = "<script>alert(1)</script> & \"quotes\"".to_string();
    let started = env.provider.start(&checkout).await.unwrap();
    let page = env.page(&started).await;
    assert!(!page.contains("<script>"));
    // askama writes `<` as a numeric reference.
    assert!(page.contains("&#60;script&#62;alert(1)"));
}

#[tokio::test]
async fn a_failed_payment_is_failed_and_notified() {
    let mut env = env().await;
    let started = env.start("order-fail", Method::Card, 300).await;
    env.choose(&started, "fail", "normal").await;
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Failed);
    assert!(status.paid_at.is_none());
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.state, Remote::Failed);
}

#[tokio::test]
async fn a_payment_cancelled_on_the_page_or_by_the_platform_is_cancelled() {
    let mut env = env().await;
    let started = env.start("order-cancel", Method::Card, 300).await;
    env.choose(&started, "cancel", "normal").await;
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Cancelled);
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.state, Remote::Cancelled);

    // The platform stops a payment that was not made.
    let other = env.start("order-cancel-2", Method::Card, 300).await;
    let cancelled = env.provider.cancel(&other.provider_ref).await.unwrap();
    assert_eq!(cancelled.state, Remote::Cancelled);
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.order_id, "order-cancel-2");
    // Cancelling again changes nothing.
    let again = env.provider.cancel(&other.provider_ref).await.unwrap();
    assert_eq!(again.state, Remote::Cancelled);

    // A paid payment is refunded, not cancelled.
    let paid = env.start("order-cancel-3", Method::Card, 300).await;
    env.choose(&paid, "pay", "lost").await;
    assert!(matches!(
        env.provider.cancel(&paid.provider_ref).await,
        Err(ProviderError::Refused(_))
    ));
}

#[tokio::test]
async fn an_abandoned_payment_expires_and_can_no_longer_be_paid() {
    let env = env().await;
    let mut checkout = env.checkout("order-abandoned", Method::Card, 300);
    checkout.expires_at = OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let started = env.provider.start(&checkout).await.unwrap();
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Expired);
    let page = env.page(&started).await;
    assert!(page.contains("期限切れ"));
    assert!(!page.contains("<form"));
    let back = env.choose(&started, "pay", "normal").await;
    assert_eq!(back, started.redirect_url);
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Expired);
    assert_eq!(
        env.provider
            .cancel(&started.provider_ref)
            .await
            .unwrap()
            .state,
        Remote::Expired
    );
}

#[tokio::test]
async fn a_callback_sent_twice_keeps_its_event_id() {
    let mut env = env().await;
    let started = env.start("order-twice", Method::Card, 300).await;
    env.choose(&started, "pay", "twice").await;
    let first = env.next_callback().await;
    let second = env.next_callback().await;
    let (first, second) = (env.verify(&first), env.verify(&second));
    assert_eq!(first.event_id, second.event_id);
    assert_eq!(first.status.state, Remote::Paid);
    assert_eq!(second.status.state, Remote::Paid);
}

#[tokio::test]
async fn out_of_order_callbacks_end_with_a_stale_pending_one() {
    let mut env = env().await;
    let started = env.start("order-reordered", Method::Qr, 300).await;
    env.choose(&started, "pay", "out_of_order").await;
    let first = env.next_callback().await;
    let later = env.next_callback().await;
    assert!(timestamp_of(&later) < timestamp_of(&first));
    let (first, later) = (env.verify(&first), env.verify(&later));
    assert_eq!(first.status.state, Remote::Paid);
    assert_eq!(later.status.state, Remote::Pending);
    assert_ne!(first.event_id, later.event_id);
    // The provider itself knows better than the last callback.
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Paid);
}

#[tokio::test]
async fn a_lost_callback_never_comes_but_the_status_says_paid() {
    let mut env = env().await;
    let started = env.start("order-lost", Method::Card, 500).await;
    env.choose(&started, "pay", "lost").await;
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Paid);
    // The refund's callback is sent after the lost one would have been,
    // so the first callback to arrive is the refund's.
    env.provider
        .refund(&started.provider_ref, 500, "refund-lost")
        .await
        .unwrap();
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.refunded_yen, 500);
    assert!(env.callbacks.try_recv().is_err());
}

#[tokio::test]
async fn a_late_callback_comes_after_the_payment_is_paid() {
    let mut env = env().await;
    let started = env.start("order-late", Method::Card, 300).await;
    env.choose(&started, "pay", "late").await;
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.state, Remote::Paid);
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status, status);
}

#[tokio::test]
async fn a_refused_callback_is_retried() {
    let mut env = env().await;
    env.refuse_first.store(1, Ordering::SeqCst);
    let started = env.start("order-retry", Method::Card, 300).await;
    env.choose(&started, "pay", "normal").await;
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.state, Remote::Paid);
    assert_eq!(env.refuse_first.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn tampered_foreign_or_old_callbacks_are_refused() {
    let mut env = env().await;
    let started = env.start("order-tamper", Method::Card, 300).await;
    env.choose(&started, "pay", "normal").await;
    let (headers, body) = env.next_callback().await;
    let now = OffsetDateTime::now_utc();
    assert!(env.provider.verify_callback(&headers, &body, now).is_ok());

    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("\"amount_yen\":300", "\"amount_yen\":3");
    assert_ne!(tampered.as_bytes(), body.as_slice());
    let refused = |result: Result<Notification, ProviderError>| {
        matches!(result, Err(ProviderError::BadSignature(_)))
    };
    assert!(refused(env.provider.verify_callback(
        &headers,
        tampered.as_bytes(),
        now
    )));

    let foreign = HostedProvider::new(
        "sandbox",
        &env.base,
        KEY.to_string(),
        "another-secret".to_string(),
        vec![Method::Card],
    )
    .unwrap();
    assert!(refused(foreign.verify_callback(&headers, &body, now)));

    let much_later = now + time::Duration::seconds(301);
    assert!(refused(
        env.provider.verify_callback(&headers, &body, much_later)
    ));
    let without_signature: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| n != "x-sandbox-signature")
        .cloned()
        .collect();
    assert!(refused(env.provider.verify_callback(
        &without_signature,
        &body,
        now
    )));
}

#[tokio::test]
async fn refunds_are_partial_then_full_never_more_and_once_per_key() {
    let mut env = env().await;
    let started = env.start("order-refund", Method::Card, 1_000).await;
    // Nothing to refund before it is paid.
    assert!(matches!(
        env.provider
            .refund(&started.provider_ref, 100, "r-early")
            .await,
        Err(ProviderError::Refused(_))
    ));
    env.choose(&started, "pay", "lost").await;

    let first = env
        .provider
        .refund(&started.provider_ref, 400, "r-1")
        .await
        .unwrap();
    assert_eq!(first.amount_yen, 400);
    let retried = env
        .provider
        .refund(&started.provider_ref, 400, "r-1")
        .await
        .unwrap();
    assert_eq!(retried, first);
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.refunded_yen, 400);
    assert_eq!(status.state, Remote::Paid);
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.refunded_yen, 400);

    assert!(matches!(
        env.provider.refund(&started.provider_ref, 601, "r-2").await,
        Err(ProviderError::Refused(_))
    ));
    let rest = env
        .provider
        .refund(&started.provider_ref, 600, "r-2")
        .await
        .unwrap();
    assert_ne!(rest.refund_ref, first.refund_ref);
    assert!(matches!(
        env.provider.refund(&started.provider_ref, 1, "r-3").await,
        Err(ProviderError::Refused(_))
    ));
    let status = env.provider.status(&started.provider_ref).await.unwrap();
    assert_eq!(status.refunded_yen, 1_000);
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.refunded_yen, 1_000);
}

#[tokio::test]
async fn the_days_settlements_add_up_to_the_settled_total() {
    let env = env().await;
    let a = env.start("order-settle-a", Method::Card, 1_200).await;
    let b = env.start("order-settle-b", Method::Qr, 800).await;
    let unpaid = env.start("order-settle-c", Method::Card, 5_000).await;
    env.choose(&a, "pay", "lost").await;
    env.choose(&b, "pay", "lost").await;
    env.provider
        .refund(&b.provider_ref, 300, "settle-refund")
        .await
        .unwrap();

    let paid_at = env
        .provider
        .status(&a.provider_ref)
        .await
        .unwrap()
        .paid_at
        .unwrap();
    let day = paid_at.to_offset(time::macros::offset!(+9)).date();
    let settled = env.provider.settlements(day).await.unwrap();
    // Both were paid within the same second or so; near midnight JST they
    // may fall on two days, so only the payments of `day` are counted.
    assert!(settled.iter().any(|s| s.order_id == "order-settle-a"));
    assert!(
        !settled
            .iter()
            .any(|s| s.provider_ref == unpaid.provider_ref)
    );
    let sum: i64 = settled.iter().map(|s| s.amount_yen - s.refunded_yen).sum();
    assert_eq!(sum, env.sandbox.settled_total(day));
    let whole: i64 = [day.previous_day(), Some(day), day.next_day()]
        .into_iter()
        .flatten()
        .map(|d| env.sandbox.settled_total(d))
        .sum();
    assert_eq!(whole, 1_200 + 800 - 300);
    assert!(
        env.provider
            .settlements(day.previous_day().unwrap().previous_day().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn pay_easy_gives_three_numbers_and_a_deadline() {
    let mut env = env().await;
    let checkout = env.checkout("order-payeasy", Method::PayEasy, 3_000);
    let started = env.provider.start(&checkout).await.unwrap();
    let numbers = started.payeasy.clone().unwrap();
    assert_eq!(numbers.institution, "58091");
    assert_eq!(numbers.customer.len(), 16);
    assert!(numbers.customer.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(numbers.confirmation.len(), 6);
    assert!(numbers.confirmation.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(numbers.pay_by, checkout.expires_at);

    let page = env.page(&started).await;
    assert!(page.contains(&numbers.customer));
    assert!(page.contains(&numbers.confirmation));
    assert!(page.contains("ATM・ネットバンキングで支払った（模擬）"));
    env.choose(&started, "pay", "normal").await;
    let callback = env.next_callback().await;
    assert_eq!(env.verify(&callback).status.state, Remote::Paid);

    // A retried start gives the same numbers.
    let again = env.provider.start(&checkout).await.unwrap();
    assert_eq!(again, started);
}

#[tokio::test]
async fn the_qr_page_shows_a_code_to_scan() {
    let env = env().await;
    let started = env.start("order-qr", Method::Qr, 300).await;
    let page = env.page(&started).await;
    assert!(page.contains("<svg"));
    assert!(page.contains("スマートフォンのアプリで読み取って支払う"));
}

#[tokio::test]
async fn the_api_wants_the_key_and_sensible_payments() {
    let env = env().await;
    let url = format!("{}/v1/payments", env.base);
    let checkout = env.checkout("order-auth", Method::Card, 300);
    let bare = env.browser.post(&url).json(&checkout).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    let wrong = env
        .browser
        .post(&url)
        .bearer_auth("not-the-key")
        .json(&checkout)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let status = env
        .browser
        .get(format!("{}/v1/settlements?date=2026-01-01", env.base))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), StatusCode::UNAUTHORIZED);

    for amount in [0, -1, 10_000_001] {
        assert!(matches!(
            env.provider
                .start(&env.checkout("order-amount", Method::Card, amount))
                .await,
            Err(ProviderError::Refused(_))
        ));
    }
    assert!(matches!(
        env.provider
            .start(&env.checkout("order-counter", Method::Counter, 300))
            .await,
        Err(ProviderError::Refused(_))
    ));

    // The same order is the same payment; the same order for another amount is refused.
    let first = env.provider.start(&checkout).await.unwrap();
    let again = env.provider.start(&checkout).await.unwrap();
    assert_eq!(first, again);
    assert!(matches!(
        env.provider
            .start(&env.checkout("order-auth", Method::Card, 400))
            .await,
        Err(ProviderError::Refused(_))
    ));
    assert!(matches!(
        env.provider.status("sbx_unknown").await,
        Err(ProviderError::Refused(_))
    ));

    let keyless = HostedProvider::new(
        "sandbox",
        &env.base,
        "wrong-key".to_string(),
        SECRET.to_string(),
        vec![Method::Card],
    )
    .unwrap();
    assert!(matches!(
        keyless.status(&first.provider_ref).await,
        Err(ProviderError::Unavailable(_))
    ));
}

#[tokio::test]
async fn an_unreachable_provider_is_unavailable() {
    // A port just freed: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let provider = HostedProvider::new(
        "sandbox",
        &base,
        KEY.to_string(),
        SECRET.to_string(),
        vec![Method::Card],
    )
    .unwrap();
    assert!(matches!(
        provider.status("sbx_1").await,
        Err(ProviderError::Unavailable(_))
    ));
}
