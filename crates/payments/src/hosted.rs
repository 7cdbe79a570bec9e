//! The adapter for hosted-page providers speaking the sandbox protocol: a
//! JSON API behind a bearer key (`/v1/payments`, `/v1/settlements`) and
//! callbacks signed with HMAC-SHA-256 over `"{timestamp}.{body}"`.
//!
//! The sandbox (`crate::sandbox`) is one such provider; a real company's
//! API is reached through a gateway speaking the same protocol, so the
//! platform has one adapter to test.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use sha2::Sha256;
use time::OffsetDateTime;

use crate::provider::{
    Checkout, Method, Notification, Provider, ProviderError, Refunded, RemoteStatus, Settled,
    Started,
};

/// The header carrying the callback's unix time in seconds.
pub const TIMESTAMP_HEADER: &str = "x-sandbox-timestamp";
/// The header carrying `v1=<hex hmac>`; several comma-separated values are
/// accepted so a provider can sign with an old and a new secret while the
/// secret is rotated.
pub const SIGNATURE_HEADER: &str = "x-sandbox-signature";
/// A callback this far from the receiver's clock (either way) is refused,
/// so a recorded callback cannot be replayed later.
pub const TOLERANCE_SECONDS: i64 = 300;
/// The largest callback body read: a notification is a few hundred bytes.
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// How much of an error answer is kept in a message.
const MAX_MESSAGE_CHARS: usize = 300;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &str, timestamp: &str, body: &[u8]) -> Option<HmacSha256> {
    // HMAC takes a key of any length, so this never fails in practice.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac)
}

/// The `X-Sandbox-Signature` value of a body sent at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac(secret, &timestamp.to_string(), body)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("v1={digest}")
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for a
/// path segment or a query value.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Checks a callback's signature and age, then reads it.
pub fn verify(
    secret: &str,
    headers: &[(String, String)],
    body: &[u8],
    now: OffsetDateTime,
) -> Result<Notification, ProviderError> {
    let bad = |reason: &str| ProviderError::BadSignature(reason.to_string());
    if body.len() > MAX_CALLBACK_BYTES {
        return Err(bad("the body is too large"));
    }
    let timestamp = header(headers, TIMESTAMP_HEADER).ok_or_else(|| bad("no timestamp"))?;
    let signatures = header(headers, SIGNATURE_HEADER).ok_or_else(|| bad("no signature"))?;
    let seconds: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| bad("the timestamp is not a number"))?;
    if now
        .unix_timestamp()
        .checked_sub(seconds)
        .is_none_or(|age| age.abs() > TOLERANCE_SECONDS)
    {
        return Err(bad("the timestamp is too far from now"));
    }
    let signed = signatures
        .split(',')
        .filter_map(|s| s.trim().strip_prefix("v1="))
        .filter_map(|h| hex::decode(h).ok())
        .any(|given| {
            // Hmac::verify_slice compares in constant time.
            mac(secret, timestamp.trim(), body).is_some_and(|m| m.verify_slice(&given).is_ok())
        });
    if !signed {
        return Err(bad("the signature does not match"));
    }
    serde_json::from_slice(body).map_err(|_| bad("the body is not a notification"))
}

/// A provider with a hosted payment page reached over the sandbox protocol.
pub struct HostedProvider {
    id: String,
    base_url: String,
    api_key: String,
    signing_secret: String,
    methods: Vec<Method>,
    http: reqwest::Client,
}

impl std::fmt::Debug for HostedProvider {
    // The key and the secret are left out so they never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedProvider")
            .field("id", &self.id)
            .field("base_url", &self.base_url)
            .field("methods", &self.methods)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Serialize)]
struct RefundRequest<'a> {
    amount_yen: i64,
    key: &'a str,
}

impl HostedProvider {
    /// `base_url` is the API's root (`http://127.0.0.1:8081`), without `/v1`.
    pub fn new(
        id: &str,
        base_url: &str,
        api_key: String,
        signing_secret: String,
        methods: Vec<Method>,
    ) -> anyhow::Result<Self> {
        let base_url = base_url.trim_end_matches('/');
        anyhow::ensure!(
            base_url.starts_with("http://") || base_url.starts_with("https://"),
            "the provider's URL must start with http:// or https://: {base_url}"
        );
        anyhow::ensure!(!api_key.is_empty(), "the provider's API key is empty");
        anyhow::ensure!(
            !signing_secret.is_empty(),
            "the provider's signing secret is empty"
        );
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // The API answers directly; a redirect would be a misconfiguration.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(HostedProvider {
            id: id.to_string(),
            base_url: base_url.to_string(),
            api_key,
            signing_secret,
            methods,
            http,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn payment_url(&self, provider_ref: &str, tail: &str) -> String {
        self.url(&format!(
            "/v1/payments/{}{tail}",
            percent_encode(provider_ref)
        ))
    }

    async fn call<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, ProviderError> {
        let unavailable = |e: &dyn std::fmt::Display| ProviderError::Unavailable(e.to_string());
        let response = request
            .bearer_auth(&self.api_key)
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| unavailable(&e))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                ProviderError::Unavailable(format!("the provider's answer is unreadable: {e}"))
            });
        }
        let message = error_message(status, &body);
        Err(match status {
            // The provider is down, overloaded or refuses our key: none of
            // it is the payment's fault, so the caller tries again later.
            s if s.is_server_error()
                || s == StatusCode::TOO_MANY_REQUESTS
                || s == StatusCode::UNAUTHORIZED
                || s == StatusCode::FORBIDDEN =>
            {
                ProviderError::Unavailable(message)
            }
            s if s.is_client_error() => ProviderError::Refused(message),
            _ => ProviderError::Unavailable(message),
        })
    }
}

/// The `error` of a JSON error answer, else the start of its text.
fn error_message(status: StatusCode, body: &[u8]) -> String {
    let text = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    let text: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{}: {}", status.as_u16(), text.trim())
}

fn date_param(day: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

#[async_trait::async_trait]
impl Provider for HostedProvider {
    fn id(&self) -> &str {
        &self.id
    }

    fn methods(&self) -> &[Method] {
        &self.methods
    }

    async fn start(&self, checkout: &Checkout) -> Result<Started, ProviderError> {
        self.call(self.http.post(self.url("/v1/payments")).json(checkout))
            .await
    }

    async fn status(&self, provider_ref: &str) -> Result<RemoteStatus, ProviderError> {
        self.call(self.http.get(self.payment_url(provider_ref, "")))
            .await
    }

    async fn cancel(&self, provider_ref: &str) -> Result<RemoteStatus, ProviderError> {
        self.call(self.http.post(self.payment_url(provider_ref, "/cancel")))
            .await
    }

    async fn refund(
        &self,
        provider_ref: &str,
        amount_yen: i64,
        key: &str,
    ) -> Result<Refunded, ProviderError> {
        let body = RefundRequest { amount_yen, key };
        self.call(
            self.http
                .post(self.payment_url(provider_ref, "/refunds"))
                .json(&body),
        )
        .await
    }

    fn verify_callback(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<Notification, ProviderError> {
        verify(&self.signing_secret, headers, body, now)
    }

    async fn settlements(&self, day: time::Date) -> Result<Vec<Settled>, ProviderError> {
        let url = self.url(&format!("/v1/settlements?date={}", date_param(day)));
        self.call(self.http.get(url)).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::provider::Remote;

    fn notification() -> Vec<u8> {
        serde_json::to_vec(&Notification {
            event_id: "evt_1".into(),
            status: RemoteStatus {
                provider_ref: "sbx_1".into(),
                order_id: "o-1".into(),
                state: Remote::Paid,
                amount_yen: 300,
                refunded_yen: 0,
                paid_at: None,
            },
        })
        .unwrap()
    }

    fn headers(timestamp: i64, signature: &str) -> Vec<(String, String)> {
        vec![
            (TIMESTAMP_HEADER.into(), timestamp.to_string()),
            (SIGNATURE_HEADER.into(), signature.into()),
        ]
    }

    #[test]
    fn a_signed_fresh_callback_is_read() {
        let now = OffsetDateTime::now_utc();
        let body = notification();
        let ts = now.unix_timestamp();
        let read = verify(
            "s3cret",
            &headers(ts, &sign("s3cret", ts, &body)),
            &body,
            now,
        )
        .unwrap();
        assert_eq!(read.event_id, "evt_1");
        // A second signature (secret rotation) may come first.
        let both = format!("v1=00ff, {}", sign("s3cret", ts, &body));
        assert!(verify("s3cret", &headers(ts, &both), &body, now).is_ok());
    }

    #[test]
    fn tampered_stale_or_foreign_callbacks_are_refused() {
        let now = OffsetDateTime::now_utc();
        let body = notification();
        let ts = now.unix_timestamp();
        let good = sign("s3cret", ts, &body);
        let refused = |h: Vec<(String, String)>, b: &[u8]| {
            matches!(
                verify("s3cret", &h, b, now),
                Err(ProviderError::BadSignature(_))
            )
        };
        let mut tampered = body.clone();
        tampered.extend_from_slice(b" ");
        assert!(refused(headers(ts, &good), &tampered));
        assert!(refused(headers(ts, &sign("other", ts, &body)), &body));
        let old = ts - TOLERANCE_SECONDS - 1;
        assert!(refused(headers(old, &sign("s3cret", old, &body)), &body));
        let ahead = ts + TOLERANCE_SECONDS + 1;
        assert!(refused(
            headers(ahead, &sign("s3cret", ahead, &body)),
            &body
        ));
        // The signature covers the timestamp too.
        assert!(refused(headers(ts - 1, &good), &body));
        assert!(refused(vec![], &body));
        assert!(refused(headers(ts, "v1=zz"), &body));
        let huge = vec![b' '; MAX_CALLBACK_BYTES + 1];
        assert!(refused(headers(ts, &sign("s3cret", ts, &huge)), &huge));
        // Signed but not a notification.
        assert!(refused(headers(ts, &sign("s3cret", ts, b"{}")), b"{}"));
    }

    #[test]
    fn query_values_and_path_segments_are_percent_encoded() {
        assert_eq!(percent_encode("a-b_c.d~1"), "a-b_c.d~1");
        assert_eq!(percent_encode("a b/&?=#"), "a%20b%2F%26%3F%3D%23");
        assert_eq!(percent_encode("申請"), "%E7%94%B3%E8%AB%8B");
    }

    #[test]
    fn a_provider_needs_a_web_url_a_key_and_a_secret() {
        let new = |url: &str, key: &str, secret: &str| {
            HostedProvider::new("p", url, key.into(), secret.into(), vec![Method::Card])
        };
        let provider = new("http://127.0.0.1:8081/", "the-api-key", "the-secret").unwrap();
        assert_eq!(
            provider.url("/v1/payments"),
            "http://127.0.0.1:8081/v1/payments"
        );
        assert_eq!(
            provider.payment_url("a/b", "/cancel"),
            "http://127.0.0.1:8081/v1/payments/a%2Fb/cancel"
        );
        let shown = format!("{provider:?}");
        assert!(!shown.contains("the-api-key") && !shown.contains("the-secret"));
        assert!(new("ftp://x", "k", "s").is_err());
        assert!(new("http://x", "", "s").is_err());
        assert!(new("http://x", "k", "").is_err());
    }

    #[test]
    fn error_messages_prefer_the_json_error_and_are_bounded() {
        assert_eq!(
            error_message(StatusCode::CONFLICT, br#"{"error":"already paid"}"#),
            "409: already paid"
        );
        let long = vec![b'x'; 10_000];
        assert!(error_message(StatusCode::BAD_GATEWAY, &long).len() < 400);
    }
}
