//! Payment providers behind one trait. The platform never holds a card: the
//! resident pays on the provider's hosted page (card, QR code payment) or
//! at an ATM or net bank with Pay-easy numbers; the provider tells the
//! platform by a signed callback, and the platform asks it again on its own
//! (reconciliation) because callbacks get lost.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How the resident pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Credit card on the provider's hosted page.
    Card,
    /// QR code payment (PayPay-style): a code scanned with the app.
    Qr,
    /// ペイジー: 収納機関番号, お客様番号 and 確認番号 paid at an ATM or net bank.
    PayEasy,
    /// Taken at a counter terminal and recorded by counter staff.
    Counter,
}

impl Method {
    pub const ONLINE: [Method; 3] = [Method::Card, Method::Qr, Method::PayEasy];

    pub fn code(self) -> &'static str {
        match self {
            Method::Card => "card",
            Method::Qr => "qr",
            Method::PayEasy => "payeasy",
            Method::Counter => "counter",
        }
    }

    pub fn parse(code: &str) -> Option<Method> {
        [Method::Card, Method::Qr, Method::PayEasy, Method::Counter]
            .into_iter()
            .find(|m| m.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Method::Card => "クレジットカード",
            Method::Qr => "QRコード決済",
            Method::PayEasy => "ペイジー（Pay-easy）",
            Method::Counter => "窓口（キャッシュレス端末）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Method::Card => "Credit card",
            Method::Qr => "QR code payment",
            Method::PayEasy => "Pay-easy",
            Method::Counter => "At a counter (cashless terminal)",
        }
    }
}

/// A payment the platform asks a provider to take.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkout {
    /// The platform's id of this attempt; the provider echoes it.
    pub order_id: String,
    pub amount_yen: i64,
    pub method: Method,
    /// What the resident sees on the provider's page (the procedure).
    pub description: String,
    /// Where the provider sends the resident back to.
    pub return_url: String,
    /// Where the provider posts its signed notifications.
    pub callback_url: String,
    /// After this the provider no longer takes the payment.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Pay-easy's three numbers, with the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayEasyNumbers {
    /// 収納機関番号 (5 digits).
    pub institution: String,
    /// お客様番号.
    pub customer: String,
    /// 確認番号.
    pub confirmation: String,
    #[serde(with = "time::serde::rfc3339")]
    pub pay_by: OffsetDateTime,
}

/// What the provider answered to a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    /// The provider's id of the payment.
    pub provider_ref: String,
    /// The hosted page to send the resident to (card, QR; Pay-easy's page
    /// shows the numbers).
    pub redirect_url: String,
    pub payeasy: Option<PayEasyNumbers>,
}

/// A payment's state as the provider knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remote {
    /// Not paid yet; the resident may still pay.
    Pending,
    Paid,
    /// The payment was refused (card declined, insufficient balance).
    Failed,
    /// The resident cancelled on the provider's page.
    Cancelled,
    /// The provider no longer takes it.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteStatus {
    pub provider_ref: String,
    pub order_id: String,
    pub state: Remote,
    pub amount_yen: i64,
    /// Refunded so far.
    pub refunded_yen: i64,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub paid_at: Option<OffsetDateTime>,
}

/// A verified notification from the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The provider's id of this notification (the same one may come twice).
    pub event_id: String,
    pub status: RemoteStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refunded {
    pub refund_ref: String,
    pub amount_yen: i64,
}

/// One settled payment of a day, as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settled {
    pub provider_ref: String,
    pub order_id: String,
    pub amount_yen: i64,
    pub refunded_yen: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The callback's signature or timestamp is wrong: refuse it.
    #[error("the notification is not signed by the provider: {0}")]
    BadSignature(String),
    /// The provider refused the request (an amount above what was paid, …).
    #[error("the provider refused: {0}")]
    Refused(String),
    /// The provider could not be reached or answered nonsense: try again later.
    #[error("the provider is unavailable: {0}")]
    Unavailable(String),
}

/// One provider (a payment company's API) and the methods it takes.
#[async_trait::async_trait]
pub trait Provider: Send + Sync {
    /// The provider's id in configuration and in the records (`sandbox`).
    fn id(&self) -> &str;
    /// The methods it takes.
    fn methods(&self) -> &[Method];
    /// Start a payment: the hosted page to send the resident to.
    async fn start(&self, checkout: &Checkout) -> Result<Started, ProviderError>;
    /// Ask the provider for a payment's state (reconciliation, the return page).
    async fn status(&self, provider_ref: &str) -> Result<RemoteStatus, ProviderError>;
    /// Stop taking a payment that was not made (expiry).
    async fn cancel(&self, provider_ref: &str) -> Result<RemoteStatus, ProviderError>;
    /// Give back `amount_yen` of a paid payment. `key` makes a retry safe.
    async fn refund(
        &self,
        provider_ref: &str,
        amount_yen: i64,
        key: &str,
    ) -> Result<Refunded, ProviderError>;
    /// Check a callback's signature and read it. `headers` are lower-case names.
    fn verify_callback(
        &self,
        headers: &[(String, String)],
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<Notification, ProviderError>;
    /// The payments settled on a day (JST), for the daily reconciliation.
    async fn settlements(&self, day: time::Date) -> Result<Vec<Settled>, ProviderError>;
}
