//! The sandbox provider: a stand-in for a payment company, run as its own
//! process (or mounted in the demo). It takes payments through the same
//! protocol a real gateway speaks (`crate::hosted`), shows a hosted payment
//! page where the tester chooses the outcome and how the callback arrives
//! (late, twice, out of order, lost), and keeps everything in memory.
//!
//! Expiry is not notified: a pending payment past its `expires_at` reads as
//! `expired` when asked, as with providers whose expiry the platform only
//! learns by reconciliation.

mod callbacks;
mod page;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::Deserialize;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::provider::{
    Checkout, Method, PayEasyNumbers, Refunded, Remote, RemoteStatus, Settled, Started,
};

pub use callbacks::Delivery;

/// The most payments kept; more are refused with 503 (memory is bounded).
pub const MAX_PAYMENTS: usize = 100_000;
/// The most refunds of one payment.
pub const MAX_REFUNDS: usize = 100;
pub const DEFAULT_LATE_BY: Duration = Duration::from_secs(5);
/// A 収納機関番号 in the range banks' test environments use.
pub const DEFAULT_INSTITUTION: &str = "58091";
/// The largest request body read by the API and the page.
const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_ID_CHARS: usize = 100;
const MAX_DESCRIPTION_CHARS: usize = 200;
const MAX_URL_CHARS: usize = 2_000;
pub(crate) const JST: UtcOffset = time::macros::offset!(+9);

#[derive(Clone)]
pub struct SandboxConfig {
    pub api_key: String,
    pub signing_secret: String,
    /// The base URL browsers use, without a trailing slash.
    pub public_url: String,
    /// How long a "late" callback waits.
    pub late_by: Duration,
    /// Pay-easy's 収納機関番号.
    pub institution: String,
}

impl SandboxConfig {
    /// A configuration with the default delay and institution number.
    pub fn new(api_key: &str, signing_secret: &str, public_url: &str) -> Self {
        SandboxConfig {
            api_key: api_key.to_string(),
            signing_secret: signing_secret.to_string(),
            public_url: public_url.trim_end_matches('/').to_string(),
            late_by: DEFAULT_LATE_BY,
            institution: DEFAULT_INSTITUTION.to_string(),
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    // The key and the secret are left out so they never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("public_url", &self.public_url)
            .field("late_by", &self.late_by)
            .field("institution", &self.institution)
            .finish_non_exhaustive()
    }
}

/// The sandbox's state; cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    config: SandboxConfig,
    capacity: usize,
    book: Mutex<Book>,
    http: reqwest::Client,
}

#[derive(Default)]
struct Book {
    payments: HashMap<String, Payment>,
    by_order: HashMap<String, String>,
}

struct Payment {
    provider_ref: String,
    checkout: Checkout,
    state: Remote,
    paid_at: Option<OffsetDateTime>,
    payeasy: Option<PayEasyNumbers>,
    refunds: Vec<Refund>,
}

struct Refund {
    refund_ref: String,
    key: String,
    amount_yen: i64,
}

impl Payment {
    /// A pending payment past its deadline can no longer be paid.
    fn refresh(&mut self, now: OffsetDateTime) {
        if self.state == Remote::Pending && now >= self.checkout.expires_at {
            self.state = Remote::Expired;
        }
    }

    fn refunded_yen(&self) -> i64 {
        self.refunds.iter().map(|r| r.amount_yen).sum()
    }

    fn status(&self) -> RemoteStatus {
        RemoteStatus {
            provider_ref: self.provider_ref.clone(),
            order_id: self.checkout.order_id.clone(),
            state: self.state,
            amount_yen: self.checkout.amount_yen,
            refunded_yen: self.refunded_yen(),
            paid_at: self.paid_at,
        }
    }

    fn started(&self, public_url: &str) -> Started {
        Started {
            provider_ref: self.provider_ref.clone(),
            redirect_url: page_url(public_url, &self.provider_ref),
            payeasy: self.payeasy.clone(),
        }
    }
}

/// The hosted page of a payment (also the QR code's content).
fn page_url(public_url: &str, provider_ref: &str) -> String {
    format!(
        "{public_url}/pay/{}",
        crate::hosted::percent_encode(provider_ref)
    )
}

/// A random id with a prefix saying what it names.
fn new_id(prefix: &str) -> String {
    let bytes: [u8; 12] = rand::random();
    format!("{prefix}{}", hex::encode(bytes))
}

fn random_digits(count: usize) -> String {
    let mut rng = rand::rng();
    (0..count)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guessed key was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn web_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= MAX_URL_CHARS
        // It goes into a Location header and an href as is.
        && url.bytes().all(|b| b.is_ascii_graphic())
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Self {
        Self::with_capacity(config, MAX_PAYMENTS)
    }

    fn with_capacity(mut config: SandboxConfig, capacity: usize) -> Self {
        config.public_url = config.public_url.trim_end_matches('/').to_string();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(callbacks::REQUEST_TIMEOUT)
            // A redirect answer is a failed delivery, not a hop to follow.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Sandbox {
            inner: Arc::new(Inner {
                config,
                capacity,
                book: Mutex::new(Book::default()),
                http,
            }),
        }
    }

    fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    fn book(&self) -> MutexGuard<'_, Book> {
        // The book stays consistent between statements, so a panic
        // elsewhere does not make it unusable.
        self.inner
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The merchant API and the hosted page, state applied.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/v1/payments", post(start))
            .route("/v1/payments/{provider_ref}", get(status))
            .route("/v1/payments/{provider_ref}/cancel", post(cancel))
            .route("/v1/payments/{provider_ref}/refunds", post(refund))
            .route("/v1/settlements", get(settlements))
            .route("/pay/{provider_ref}", get(page::show).post(page::choose))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(self.clone())
    }

    /// Paid minus refunded of the payments paid on `day` (JST).
    pub fn settled_total(&self, day: Date) -> i64 {
        self.settled(day)
            .iter()
            .map(|s| s.amount_yen - s.refunded_yen)
            .sum()
    }

    fn settled(&self, day: Date) -> Vec<Settled> {
        let book = self.book();
        let mut out: Vec<(OffsetDateTime, Settled)> = book
            .payments
            .values()
            .filter_map(|p| {
                let paid_at = p.paid_at?;
                (paid_at.to_offset(JST).date() == day).then(|| {
                    (
                        paid_at,
                        Settled {
                            provider_ref: p.provider_ref.clone(),
                            order_id: p.checkout.order_id.clone(),
                            amount_yen: p.checkout.amount_yen,
                            refunded_yen: p.refunded_yen(),
                        },
                    )
                })
            })
            .collect();
        // In the order paid, as a statement lists them.
        out.sort_by_key(|a| a.0);
        out.into_iter().map(|(_, s)| s).collect()
    }
}

/// Serves the sandbox on `listener` until the process stops.
pub async fn serve(listener: tokio::net::TcpListener, sandbox: Sandbox) -> anyhow::Result<()> {
    tracing::info!(
        address = %listener.local_addr()?,
        public_url = %sandbox.config().public_url,
        "payment sandbox listening"
    );
    axum::serve(listener, sandbox.router()).await?;
    Ok(())
}

/// An API error as `{"error": "..."}`.
struct ApiError(StatusCode, String);

impl ApiError {
    fn new(status: StatusCode, message: &str) -> Self {
        ApiError(status, message.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// A request carrying the merchant's API key.
struct Merchant;

impl FromRequestParts<Sandbox> for Merchant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sandbox: &Sandbox) -> Result<Self, ApiError> {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !given.is_empty() && same_secret(given.as_bytes(), sandbox.config().api_key.as_bytes()) {
            Ok(Merchant)
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "a valid API key is required (Authorization: Bearer …)",
            ))
        }
    }
}

fn unprocessable(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
}

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such payment")
}

fn check(checkout: &Checkout) -> Result<(), ApiError> {
    if !(1..=crate::fees::MAX_YEN).contains(&checkout.amount_yen) {
        return Err(unprocessable("amount_yen must be 1 to 10,000,000"));
    }
    if checkout.method == Method::Counter {
        return Err(unprocessable(
            "counter payments are not taken by a hosted page",
        ));
    }
    if checkout.order_id.trim().is_empty() || checkout.order_id.chars().count() > MAX_ID_CHARS {
        return Err(unprocessable("order_id must be 1 to 100 characters"));
    }
    if checkout.description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(unprocessable("description is at most 200 characters"));
    }
    if !web_url(&checkout.return_url) || !web_url(&checkout.callback_url) {
        return Err(unprocessable(
            "return_url and callback_url must be http(s) URLs of printable ASCII",
        ));
    }
    Ok(())
}

async fn start(
    _: Merchant,
    State(sandbox): State<Sandbox>,
    Json(checkout): Json<Checkout>,
) -> Result<Json<Started>, ApiError> {
    check(&checkout)?;
    let public_url = &sandbox.config().public_url;
    let mut book = sandbox.book();
    if let Some(existing) = book
        .by_order
        .get(&checkout.order_id)
        .and_then(|r| book.payments.get(r))
    {
        // A retried start returns the same payment; a different payment
        // under the same order is the caller's bug.
        if existing.checkout.amount_yen != checkout.amount_yen
            || existing.checkout.method != checkout.method
        {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "order_id was already used for a different amount or method",
            ));
        }
        return Ok(Json(existing.started(public_url)));
    }
    if book.payments.len() >= sandbox.inner.capacity {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the sandbox holds too many payments; restart it",
        ));
    }
    let provider_ref = new_id("sbx_");
    let payeasy = (checkout.method == Method::PayEasy).then(|| PayEasyNumbers {
        institution: sandbox.config().institution.clone(),
        customer: random_digits(16),
        confirmation: random_digits(6),
        pay_by: checkout.expires_at,
    });
    let payment = Payment {
        provider_ref: provider_ref.clone(),
        checkout,
        state: Remote::Pending,
        paid_at: None,
        payeasy,
        refunds: Vec::new(),
    };
    let started = payment.started(public_url);
    book.by_order
        .insert(payment.checkout.order_id.clone(), provider_ref.clone());
    book.payments.insert(provider_ref, payment);
    Ok(Json(started))
}

async fn status(
    _: Merchant,
    State(sandbox): State<Sandbox>,
    Path(provider_ref): Path<String>,
) -> Result<Json<RemoteStatus>, ApiError> {
    let mut book = sandbox.book();
    let payment = book.payments.get_mut(&provider_ref).ok_or_else(not_found)?;
    payment.refresh(OffsetDateTime::now_utc());
    Ok(Json(payment.status()))
}

async fn cancel(
    _: Merchant,
    State(sandbox): State<Sandbox>,
    Path(provider_ref): Path<String>,
) -> Result<Json<RemoteStatus>, ApiError> {
    let (before, after, callback_url) = {
        let mut book = sandbox.book();
        let payment = book.payments.get_mut(&provider_ref).ok_or_else(not_found)?;
        payment.refresh(OffsetDateTime::now_utc());
        match payment.state {
            Remote::Paid => {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "the payment is paid; refund it instead",
                ));
            }
            Remote::Pending => {}
            // Already over: cancelling again changes nothing.
            Remote::Failed | Remote::Cancelled | Remote::Expired => {
                return Ok(Json(payment.status()));
            }
        }
        let before = payment.status();
        payment.state = Remote::Cancelled;
        (
            before,
            payment.status(),
            payment.checkout.callback_url.clone(),
        )
    };
    sandbox.notify(callback_url, before, after.clone(), Delivery::Normal);
    Ok(Json(after))
}

#[derive(Deserialize)]
struct RefundRequest {
    amount_yen: i64,
    key: String,
}

async fn refund(
    _: Merchant,
    State(sandbox): State<Sandbox>,
    Path(provider_ref): Path<String>,
    Json(request): Json<RefundRequest>,
) -> Result<Json<Refunded>, ApiError> {
    if request.key.trim().is_empty() || request.key.chars().count() > MAX_ID_CHARS {
        return Err(unprocessable("key must be 1 to 100 characters"));
    }
    if request.amount_yen < 1 {
        return Err(unprocessable("amount_yen must be at least 1"));
    }
    let conflict = |m: &str| ApiError::new(StatusCode::CONFLICT, m);
    let (refunded, before, after, callback_url) = {
        let mut book = sandbox.book();
        let payment = book.payments.get_mut(&provider_ref).ok_or_else(not_found)?;
        payment.refresh(OffsetDateTime::now_utc());
        if let Some(done) = payment.refunds.iter().find(|r| r.key == request.key) {
            // A retry with the same key is the same refund.
            if done.amount_yen != request.amount_yen {
                return Err(conflict("the key was already used for another amount"));
            }
            return Ok(Json(Refunded {
                refund_ref: done.refund_ref.clone(),
                amount_yen: done.amount_yen,
            }));
        }
        if payment.state != Remote::Paid {
            return Err(conflict("only a paid payment can be refunded"));
        }
        if payment.refunds.len() >= MAX_REFUNDS {
            return Err(conflict("too many refunds of one payment"));
        }
        let left = payment.checkout.amount_yen - payment.refunded_yen();
        if request.amount_yen > left {
            return Err(conflict(&format!(
                "the refund is more than the {left} yen not yet refunded"
            )));
        }
        let before = payment.status();
        let refund = Refund {
            refund_ref: new_id("rf_"),
            key: request.key,
            amount_yen: request.amount_yen,
        };
        let refunded = Refunded {
            refund_ref: refund.refund_ref.clone(),
            amount_yen: refund.amount_yen,
        };
        payment.refunds.push(refund);
        (
            refunded,
            before,
            payment.status(),
            payment.checkout.callback_url.clone(),
        )
    };
    sandbox.notify(callback_url, before, after, Delivery::Normal);
    Ok(Json(refunded))
}

#[derive(Deserialize)]
struct SettlementQuery {
    date: String,
}

async fn settlements(
    _: Merchant,
    State(sandbox): State<Sandbox>,
    Query(query): Query<SettlementQuery>,
) -> Result<Json<Vec<Settled>>, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day =
        Date::parse(&query.date, &format).map_err(|_| unprocessable("date must be YYYY-MM-DD"))?;
    Ok(Json(sandbox.settled(day)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn random_digits_are_digits_of_the_length_asked() {
        let digits = random_digits(16);
        assert_eq!(digits.len(), 16);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn secrets_compare_only_when_equal() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"ab", b"abc"));
    }

    #[test]
    fn only_printable_web_urls_are_taken() {
        assert!(web_url("https://city.example/pay/return?x=1"));
        assert!(!web_url("javascript:alert(1)"));
        assert!(!web_url("https://city.example/a b"));
        assert!(!web_url("https://city.example/\r\nSet-Cookie:x"));
    }

    #[tokio::test]
    async fn a_full_sandbox_refuses_new_payments_but_answers_retries() {
        let sandbox = Sandbox::with_capacity(SandboxConfig::new("k", "s", "http://x/"), 1);
        assert_eq!(sandbox.config().public_url, "http://x");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1/payments", listener.local_addr().unwrap());
        tokio::spawn(serve(listener, sandbox));
        let post = |order: &str| {
            reqwest::Client::new()
                .post(&url)
                .bearer_auth("k")
                .json(&serde_json::json!({
                    "order_id": order, "amount_yen": 300, "method": "card",
                    "description": "住民票", "return_url": "http://x/back",
                    "callback_url": "http://x/cb", "expires_at": "2099-01-01T00:00:00Z"
                }))
                .send()
        };
        assert_eq!(post("o-1").await.unwrap().status(), StatusCode::OK);
        assert_eq!(post("o-1").await.unwrap().status(), StatusCode::OK);
        assert_eq!(
            post("o-2").await.unwrap().status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
