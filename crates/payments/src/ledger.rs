//! The payments of applications as stored: what is owed, each attempt at a
//! provider, refunds. Every change is one transaction with its outbox event
//! and audit entry. Providers are called outside transactions; what they
//! answer is applied by [`settle`], whoever brings it (the return page, a
//! callback, the reconciliation job), so the order they arrive in does not
//! matter.

use std::sync::Arc;

use anyhow::Context as _;
use applications::model::Application;
use kernel::Db;
use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;

use crate::fees::{Quote, Timing};
use crate::provider::{Checkout, Method, Provider, ProviderError, Remote, RemoteStatus};
use crate::state::{self, AttemptState, Effect, PaymentState};

/// The providers configured, by the methods they take.
#[derive(Clone, Default)]
pub struct Providers {
    list: Vec<Arc<dyn Provider>>,
}

impl Providers {
    pub fn new(list: Vec<Arc<dyn Provider>>) -> Self {
        Providers { list }
    }

    pub fn for_method(&self, method: Method) -> Option<&Arc<dyn Provider>> {
        self.list.iter().find(|p| p.methods().contains(&method))
    }

    pub fn by_id(&self, id: &str) -> Option<&Arc<dyn Provider>> {
        self.list.iter().find(|p| p.id() == id)
    }

    /// The online methods residents can choose.
    pub fn methods(&self) -> Vec<Method> {
        Method::ONLINE
            .into_iter()
            .filter(|m| self.for_method(*m).is_some())
            .collect()
    }

    pub fn all(&self) -> &[Arc<dyn Provider>] {
        &self.list
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Payment {
    pub id: String,
    #[serde(skip)]
    pub application_id: String,
    pub receipt_number: String,
    pub procedure_id: String,
    pub section_id: Option<String>,
    pub timing: String,
    pub quote: Quote,
    pub amount_yen: i64,
    pub tax_included_yen: i64,
    pub state: PaymentState,
    #[serde(skip)]
    pub pay_token: String,
    pub due_at: String,
    pub requested_at: String,
    #[serde(skip)]
    pub requested_by: String,
    pub paid_at: Option<String>,
    pub paid_on: Option<String>,
    pub method: Option<String>,
    pub provider: Option<String>,
    pub provider_ref: Option<String>,
    pub refunded_yen: i64,
    pub receipt_serial: Option<String>,
    pub expired_at: Option<String>,
}

impl Payment {
    /// The payment page's address (for the resident; a guest's only way in).
    pub fn page_path(&self) -> String {
        format!("/pay/{}/{}", self.id, self.pay_token)
    }

    pub fn method(&self) -> Option<Method> {
        self.method.as_deref().and_then(Method::parse)
    }

    pub fn is_past_due(&self, now: OffsetDateTime) -> bool {
        kernel::clock::parse(&self.due_at).is_some_and(|due| due < now)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Attempt {
    pub id: String,
    pub payment_id: String,
    pub provider: String,
    pub method: String,
    pub provider_ref: Option<String>,
    pub state: AttemptState,
    pub amount_yen: i64,
    pub redirect_url: Option<String>,
    pub payeasy: Option<crate::provider::PayEasyNumbers>,
    pub started_at: String,
    pub expires_at: String,
    pub settled_at: Option<String>,
    pub duplicate: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Refund {
    pub id: String,
    pub payment_id: String,
    #[serde(skip)]
    pub attempt_id: String,
    pub amount_yen: i64,
    pub reason: String,
    pub requested_by: String,
    pub state: String,
    pub failure: Option<String>,
    pub requested_at: String,
    pub done_at: Option<String>,
}

const PAYMENT_COLUMNS: &str = "id, application_id, receipt_number, procedure_id, section_id, timing, quote, amount_yen, tax_included_yen, state, pay_token, due_at, requested_at, requested_by, paid_at, paid_on, method, provider, provider_ref, refunded_yen, receipt_serial, expired_at";

fn payment_of(row: &sqlx::any::AnyRow) -> anyhow::Result<Payment> {
    let state: String = row.try_get("state")?;
    let quote: String = row.try_get("quote")?;
    Ok(Payment {
        id: row.try_get("id")?,
        application_id: row.try_get("application_id")?,
        receipt_number: row.try_get("receipt_number")?,
        procedure_id: row.try_get("procedure_id")?,
        section_id: row.try_get("section_id")?,
        timing: row.try_get("timing")?,
        quote: serde_json::from_str(&quote).context("a payment's quote")?,
        amount_yen: row.try_get("amount_yen")?,
        tax_included_yen: row.try_get("tax_included_yen")?,
        state: PaymentState::parse(&state).context("a payment's state")?,
        pay_token: row.try_get("pay_token")?,
        due_at: row.try_get("due_at")?,
        requested_at: row.try_get("requested_at")?,
        requested_by: row.try_get("requested_by")?,
        paid_at: row.try_get("paid_at")?,
        paid_on: row.try_get("paid_on")?,
        method: row.try_get("method")?,
        provider: row.try_get("provider")?,
        provider_ref: row.try_get("provider_ref")?,
        refunded_yen: row.try_get("refunded_yen")?,
        receipt_serial: row.try_get("receipt_serial")?,
        expired_at: row.try_get("expired_at")?,
    })
}

const ATTEMPT_COLUMNS: &str = "id, payment_id, provider, method, provider_ref, state, amount_yen, redirect_url, payeasy, started_at, expires_at, settled_at, duplicate";

fn attempt_of(row: &sqlx::any::AnyRow) -> anyhow::Result<Attempt> {
    let state: String = row.try_get("state")?;
    let payeasy: Option<String> = row.try_get("payeasy")?;
    Ok(Attempt {
        id: row.try_get("id")?,
        payment_id: row.try_get("payment_id")?,
        provider: row.try_get("provider")?,
        method: row.try_get("method")?,
        provider_ref: row.try_get("provider_ref")?,
        state: AttemptState::parse(&state).context("an attempt's state")?,
        amount_yen: row.try_get("amount_yen")?,
        redirect_url: row.try_get("redirect_url")?,
        payeasy: payeasy.and_then(|p| serde_json::from_str(&p).ok()),
        started_at: row.try_get("started_at")?,
        expires_at: row.try_get("expires_at")?,
        settled_at: row.try_get("settled_at")?,
        duplicate: row.try_get::<i64, _>("duplicate")? != 0,
    })
}

pub async fn by_id(db: &Db, id: &str) -> anyhow::Result<Option<Payment>> {
    let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(payment_of)
        .transpose()
}

pub async fn of_application(db: &Db, application_id: &str) -> anyhow::Result<Vec<Payment>> {
    let sql = format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments WHERE application_id = $1 ORDER BY requested_at, id"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(application_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(payment_of)
        .collect()
}

pub async fn attempts_of(db: &Db, payment_id: &str) -> anyhow::Result<Vec<Attempt>> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM payment_attempts WHERE payment_id = $1 ORDER BY started_at, id"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(payment_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(attempt_of)
        .collect()
}

pub async fn attempt(db: &Db, id: &str) -> anyhow::Result<Option<Attempt>> {
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM payment_attempts WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(attempt_of)
        .transpose()
}

pub async fn refunds_of(db: &Db, payment_id: &str) -> anyhow::Result<Vec<Refund>> {
    sqlx::query(
        "SELECT id, payment_id, attempt_id, amount_yen, reason, requested_by, state, failure, requested_at, done_at \
         FROM payment_refunds WHERE payment_id = $1 ORDER BY requested_at, id",
    )
    .bind(payment_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(Refund {
            id: row.try_get("id")?,
            payment_id: row.try_get("payment_id")?,
            attempt_id: row.try_get("attempt_id")?,
            amount_yen: row.try_get("amount_yen")?,
            reason: row.try_get("reason")?,
            requested_by: row.try_get("requested_by")?,
            state: row.try_get("state")?,
            failure: row.try_get("failure")?,
            requested_at: row.try_get("requested_at")?,
            done_at: row.try_get("done_at")?,
        })
    })
    .collect()
}

/// Whether the fee paid with the application is still unpaid: the section
/// does not take the case up until it is.
pub async fn first_fee_unpaid(db: &Db, application_id: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 FROM payments WHERE application_id = $1 AND timing = 'before_acceptance' AND state <> 'paid' AND state <> 'cancelled'",
    )
    .bind(application_id)
    .fetch_optional(db.pool())
    .await?
    .is_some())
}

fn new_id() -> String {
    hex::encode(rand::random::<[u8; 12]>())
}

fn new_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

fn event_payload(payment: &Payment) -> Value {
    json!({
        "payment_id": payment.id,
        "receipt_number": payment.receipt_number,
        "procedure_id": payment.procedure_id,
        "section_id": payment.section_id,
        "timing": payment.timing,
        "amount_yen": payment.amount_yen,
        "due_at": payment.due_at,
    })
}

async fn audit(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    application_id: &str,
    actor: &str,
    action: &str,
    after: Value,
) -> anyhow::Result<()> {
    kernel::audit::append(
        db.keys(),
        tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: application_id,
            actor,
            action,
            before: None,
            after: Some(after),
        },
    )
    .await
}

/// What a new payment is for.
pub struct NewPayment<'a> {
    pub application: &'a Application,
    pub timing: Timing,
    pub quote: Quote,
    pub due_at: OffsetDateTime,
    pub actor: &'a str,
    /// Who is mailed the request (after review); `None`: nobody.
    pub notify: Option<kernel::mail::Mail>,
}

/// Makes a payment; for the fee paid with the application, the one made
/// before is returned (a reloaded receipt page makes no second).
pub async fn create(db: &Db, new: NewPayment<'_>) -> anyhow::Result<Payment> {
    let NewPayment {
        application,
        timing,
        quote,
        due_at,
        actor,
        notify,
    } = new;
    anyhow::ensure!(quote.total_yen > 0, "nothing to pay");
    let first = matches!(timing, Timing::BeforeAcceptance { .. });
    if first
        && let Some(existing) = of_application(db, &application.id)
            .await?
            .into_iter()
            .find(|p| p.timing == "before_acceptance")
    {
        return Ok(existing);
    }
    let payment = Payment {
        id: new_id(),
        application_id: application.id.clone(),
        receipt_number: application.receipt_number.clone(),
        procedure_id: application.procedure_id.clone(),
        section_id: application.section_id.clone(),
        timing: timing.code().to_string(),
        amount_yen: quote.total_yen,
        tax_included_yen: quote.tax_included_yen,
        quote,
        state: PaymentState::Requested,
        pay_token: new_token(),
        due_at: kernel::clock::to_text(due_at),
        requested_at: kernel::clock::now_text(),
        requested_by: actor.to_string(),
        paid_at: None,
        paid_on: None,
        method: None,
        provider: None,
        provider_ref: None,
        refunded_yen: 0,
        receipt_serial: None,
        expired_at: None,
    };
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO payments (id, application_id, receipt_number, procedure_id, section_id, timing, quote, amount_yen, tax_included_yen, state, pay_token, due_at, requested_at, requested_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
    )
    .bind(&payment.id)
    .bind(&payment.application_id)
    .bind(&payment.receipt_number)
    .bind(&payment.procedure_id)
    .bind(&payment.section_id)
    .bind(&payment.timing)
    .bind(serde_json::to_string(&payment.quote)?)
    .bind(payment.amount_yen)
    .bind(payment.tax_included_yen)
    .bind(payment.state.code())
    .bind(&payment.pay_token)
    .bind(&payment.due_at)
    .bind(&payment.requested_at)
    .bind(&payment.requested_by)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        // A request racing this one made the first fee.
        tx.rollback().await?;
        return of_application(db, &application.id)
            .await?
            .into_iter()
            .find(|p| p.timing == "before_acceptance")
            .context("the first fee vanished");
    }
    kernel::outbox::enqueue(
        &mut tx,
        "payment.requested",
        &payment.receipt_number,
        &event_payload(&payment),
    )
    .await?;
    audit(
        db,
        &mut tx,
        &payment.application_id,
        actor,
        "payment.requested",
        json!({"payment_id": payment.id, "amount_yen": payment.amount_yen, "timing": payment.timing, "due_at": payment.due_at}),
    )
    .await?;
    applications::holds::place_in(&mut tx, &payment.application_id, &hold_of(&payment, timing))
        .await?;
    if let Some(mut mail) = notify {
        mail.link_path = Some(payment.page_path());
        kernel::mail::enqueue(&mut *tx, &mail).await?;
    }
    tx.commit().await?;
    Ok(payment)
}

fn hold_key(payment_id: &str) -> String {
    format!("payment:{payment_id}")
}

/// What an unpaid fee holds: the review (paid with the application), or the
/// permit and the closing of the case (requested after the review).
fn hold_of(payment: &Payment, timing: Timing) -> applications::holds::Hold {
    use workflow::Action;
    let amount = crate::fees::yen(payment.amount_yen);
    match timing {
        Timing::BeforeAcceptance { .. } => applications::holds::Hold {
            key: hold_key(&payment.id),
            blocks: vec![
                Action::StartReview,
                Action::RequestCorrection,
                Action::Approve,
                Action::IssueNotice,
            ],
            reason_ja: format!("手数料（{amount}）が納付されるまで審査を始められません。"),
            reason_en: format!(
                "The fee ({} yen) must be paid before the review starts.",
                payment.amount_yen
            ),
        },
        Timing::AfterReview { .. } => applications::holds::Hold {
            key: hold_key(&payment.id),
            blocks: vec![Action::IssueNotice, Action::Close],
            reason_ja: format!(
                "請求した手数料（{amount}）が納付されるまで通知書の発行と完了はできません。"
            ),
            reason_en: format!(
                "The requested fee ({} yen) must be paid before the notice is issued or the case closed.",
                payment.amount_yen
            ),
        },
    }
}

/// The section withdraws an unpaid request (the fee was waived, or the case
/// ends): its hold on the case is lifted.
pub async fn cancel(db: &Db, payment: &Payment, reason: &str, actor: &str) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE payments SET state = 'cancelled' WHERE id = $1 AND state IN ('requested', 'pending', 'expired')",
    )
    .bind(&payment.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    applications::holds::lift_in(&mut tx, &payment.application_id, &hold_key(&payment.id)).await?;
    audit(
        db,
        &mut tx,
        &payment.application_id,
        actor,
        "payment.cancelled",
        json!({"payment_id": payment.id, "reason": reason}),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("this payment can no longer be paid")]
    NotPayable,
    #[error("no provider takes this method")]
    NoProvider,
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StartError {
    fn from(error: sqlx::Error) -> Self {
        StartError::Internal(error.into())
    }
}

/// How long a card or QR attempt stays open at the provider.
pub const HOSTED_PAGE_MINUTES: i64 = 60;

/// Sends the resident to a provider: the attempt is recorded before the
/// provider is called, so a crash in between leaves an attempt the
/// reconciliation job asks about (and finds unknown, or paid).
pub async fn start(
    db: &Db,
    providers: &Providers,
    payment: &Payment,
    method: Method,
    description: &str,
    base_url: &str,
) -> Result<Attempt, StartError> {
    let now = OffsetDateTime::now_utc();
    if !payment.state.payable() || payment.is_past_due(now) || case_ended(db, payment).await? {
        return Err(StartError::NotPayable);
    }
    let provider = providers
        .for_method(method)
        .ok_or(StartError::NoProvider)?
        .clone();
    let due = kernel::clock::parse(&payment.due_at).unwrap_or(now);
    let expires_at = match method {
        Method::PayEasy => due,
        _ => due.min(now + time::Duration::minutes(HOSTED_PAGE_MINUTES)),
    };
    let id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO payment_attempts (id, payment_id, provider, method, state, amount_yen, started_at, expires_at) \
         VALUES ($1, $2, $3, $4, 'started', $5, $6, $7)",
    )
    .bind(&id)
    .bind(&payment.id)
    .bind(provider.id())
    .bind(method.code())
    .bind(payment.amount_yen)
    .bind(kernel::clock::to_text(now))
    .bind(kernel::clock::to_text(expires_at))
    .execute(&mut *tx)
    .await?;
    let moved = sqlx::query(
        "UPDATE payments SET state = 'pending' WHERE id = $1 AND state IN ('requested', 'pending')",
    )
    .bind(&payment.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(StartError::NotPayable);
    }
    tx.commit().await?;
    let base = base_url.trim_end_matches('/');
    let checkout = Checkout {
        order_id: id.clone(),
        amount_yen: payment.amount_yen,
        method,
        description: description.to_string(),
        return_url: format!("{base}{}/return", payment.page_path()),
        callback_url: format!("{base}/api/v1/payments/callbacks/{}", provider.id()),
        expires_at,
    };
    let started = match provider.start(&checkout).await {
        Ok(started) => started,
        Err(error) => {
            // Nothing was taken: the attempt ends and the fee is owed again.
            let status = RemoteStatus {
                provider_ref: String::new(),
                order_id: id.clone(),
                state: Remote::Failed,
                amount_yen: payment.amount_yen,
                refunded_yen: 0,
                paid_at: None,
            };
            settle_attempt(db, &id, &status, "system").await?;
            return Err(error.into());
        }
    };
    sqlx::query(
        "UPDATE payment_attempts SET provider_ref = $1, redirect_url = $2, payeasy = $3 WHERE id = $4",
    )
    .bind(&started.provider_ref)
    .bind(&started.redirect_url)
    .bind(
        started
            .payeasy
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(anyhow::Error::from)?,
    )
    .bind(&id)
    .execute(db.pool())
    .await?;
    attempt(db, &id)
        .await?
        .context("the attempt just made")
        .map_err(StartError::from)
}

/// What applying a provider's word did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Nothing changed (a repeat, a stale word, an unknown order).
    Unchanged,
    Paid,
    /// The money was a second payment of a paid fee: a refund is queued.
    Duplicate,
    Unpaid,
}

/// Applies what the provider says of an attempt (by its order id).
pub async fn settle(db: &Db, status: &RemoteStatus) -> anyhow::Result<Settled> {
    settle_attempt(db, &status.order_id, status, "system").await
}

async fn settle_attempt(
    db: &Db,
    attempt_id: &str,
    status: &RemoteStatus,
    actor: &str,
) -> anyhow::Result<Settled> {
    settle_once(db, attempt_id, status, actor, None).await
}

/// `event`: the provider and its notification's id, recorded in the same
/// transaction, so a notification is applied once and a failed one is
/// applied when the provider sends it again.
async fn settle_once(
    db: &Db,
    attempt_id: &str,
    status: &RemoteStatus,
    actor: &str,
    event: Option<(&str, &str)>,
) -> anyhow::Result<Settled> {
    let Some(current) = attempt(db, attempt_id).await? else {
        tracing::warn!(
            order_id = attempt_id,
            "a provider spoke of an order that is not ours"
        );
        return Ok(Settled::Unchanged);
    };
    if let Some((provider, _)) = event
        && provider != current.provider
    {
        tracing::warn!(
            order_id = attempt_id,
            provider,
            "refused: a provider spoke of another provider's order"
        );
        return Ok(Settled::Unchanged);
    }
    let Some(next) = state::attempt_after(current.state, status.state) else {
        return Ok(Settled::Unchanged);
    };
    if next == AttemptState::Paid && status.amount_yen != current.amount_yen {
        anyhow::bail!(
            "the provider reports {} yen paid for order {attempt_id}, which asked {}",
            status.amount_yen,
            current.amount_yen
        );
    }
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    if let Some((provider, event_id)) = event {
        let first = sqlx::query(
            "INSERT INTO payment_notifications (provider, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(provider)
        .bind(event_id)
        .bind(kernel::clock::to_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if first == 0 {
            return Ok(Settled::Unchanged);
        }
    }
    // Compare-and-set: of two bringers of the same word, one applies it.
    let changed = sqlx::query(
        "UPDATE payment_attempts SET state = $1, settled_at = $2, provider_ref = COALESCE(provider_ref, $3) WHERE id = $4 AND state = $5",
    )
    .bind(next.code())
    .bind(kernel::clock::to_text(now))
    .bind((!status.provider_ref.is_empty()).then_some(status.provider_ref.as_str()))
    .bind(attempt_id)
    .bind(current.state.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(Settled::Unchanged);
    }
    let sql = format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE id = $1");
    let payment = payment_of(
        &sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&current.payment_id)
            .fetch_one(&mut *tx)
            .await?,
    )?;
    let outcome = match state::effect(payment.state, next) {
        Effect::Paid => {
            let paid_at = status.paid_at.unwrap_or(now);
            let paid_on = paid_at.to_offset(time::macros::offset!(+9)).date();
            let serial =
                next_receipt_serial(&mut tx, kernel::wareki::fiscal_year_of(paid_on)).await?;
            let done = sqlx::query(
                "UPDATE payments SET state = 'paid', paid_at = $1, paid_on = $2, method = $3, provider = $4, provider_ref = $5, receipt_serial = $6 \
                 WHERE id = $7 AND state <> 'paid'",
            )
            .bind(kernel::clock::to_text(paid_at))
            .bind(paid_on.to_string())
            .bind(&current.method)
            .bind(&current.provider)
            .bind(
                (!status.provider_ref.is_empty())
                    .then(|| status.provider_ref.clone())
                    .or(current.provider_ref.clone()),
            )
            .bind(&serial)
            .bind(&payment.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            anyhow::ensure!(done == 1, "the payment changed meanwhile");
            applications::holds::lift_in(&mut tx, &payment.application_id, &hold_key(&payment.id))
                .await?;
            let mut paid = payment.clone();
            paid.state = PaymentState::Paid;
            let mut data = event_payload(&paid);
            if let Some(object) = data.as_object_mut() {
                object.insert("method".into(), json!(current.method));
                object.insert("paid_at".into(), json!(kernel::clock::to_text(paid_at)));
                object.insert("receipt_serial".into(), json!(serial));
            }
            kernel::outbox::enqueue(&mut tx, "payment.completed", &payment.receipt_number, &data)
                .await?;
            audit(
                db,
                &mut tx,
                &payment.application_id,
                actor,
                "payment.completed",
                json!({"payment_id": payment.id, "attempt_id": attempt_id, "amount_yen": current.amount_yen, "method": current.method, "receipt_serial": serial}),
            )
            .await?;
            Settled::Paid
        }
        Effect::RefundDuplicate => {
            sqlx::query("UPDATE payment_attempts SET duplicate = 1 WHERE id = $1")
                .bind(attempt_id)
                .execute(&mut *tx)
                .await?;
            insert_refund(
                &mut tx,
                &payment.id,
                attempt_id,
                current.amount_yen,
                if payment.state == PaymentState::Cancelled {
                    "取り消された手数料に支払われた分の自動返金 / automatic refund of a payment made after the fee was cancelled"
                } else {
                    "二重に支払われた分の自動返金 / automatic refund of a second payment"
                },
                "system",
            )
            .await?;
            audit(
                db,
                &mut tx,
                &payment.application_id,
                actor,
                "payment.duplicate",
                json!({"payment_id": payment.id, "attempt_id": attempt_id, "amount_yen": current.amount_yen}),
            )
            .await?;
            Settled::Duplicate
        }
        Effect::Unpaid => {
            let open: Option<sqlx::any::AnyRow> = sqlx::query(
                "SELECT 1 FROM payment_attempts WHERE payment_id = $1 AND state = 'started' LIMIT 1",
            )
            .bind(&payment.id)
            .fetch_optional(&mut *tx)
            .await?;
            let after = state::after_unpaid(payment.state, open.is_some());
            if after != payment.state {
                sqlx::query("UPDATE payments SET state = $1 WHERE id = $2 AND state = $3")
                    .bind(after.code())
                    .bind(&payment.id)
                    .bind(payment.state.code())
                    .execute(&mut *tx)
                    .await?;
            }
            Settled::Unpaid
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

async fn next_receipt_serial(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    fiscal_year: i32,
) -> anyhow::Result<String> {
    sqlx::query(
        "INSERT INTO receipt_counters (fiscal_year, last_value) VALUES ($1, 0) ON CONFLICT (fiscal_year) DO NOTHING",
    )
    .bind(i64::from(fiscal_year))
    .execute(&mut **tx)
    .await?;
    let last: i64 = sqlx::query(
        "UPDATE receipt_counters SET last_value = last_value + 1 WHERE fiscal_year = $1 RETURNING last_value",
    )
    .bind(i64::from(fiscal_year))
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    let era = kernel::wareki::fiscal_year_short(fiscal_year);
    Ok(format!("R-{era}-{last:06}"))
}

async fn insert_refund(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    payment_id: &str,
    attempt_id: &str,
    amount_yen: i64,
    reason: &str,
    actor: &str,
) -> anyhow::Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO payment_refunds (id, payment_id, attempt_id, amount_yen, reason, requested_by, state, requested_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7)",
    )
    .bind(&id)
    .bind(payment_id)
    .bind(attempt_id)
    .bind(amount_yen)
    .bind(reason)
    .bind(actor)
    .bind(kernel::clock::now_text())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A verified provider notification: applied once, however often it comes.
pub async fn notified(
    db: &Db,
    provider: &str,
    notification: &crate::provider::Notification,
) -> anyhow::Result<Settled> {
    settle_once(
        db,
        &notification.status.order_id,
        &notification.status,
        "system",
        Some((provider, &notification.event_id)),
    )
    .await
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error("返金できる額（{}）を超えています。", crate::fees::yen(*.0))]
    TooMuch(i64),
    #[error("返金の理由を書いてください。")]
    NoReason,
    #[error("支払われていないため返金できません。")]
    NotPaid,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A refund asked for by a manager; the provider is asked by
/// [`perform_refunds`] (at once, and again by the job until it answers).
pub async fn request_refund(
    db: &Db,
    payment: &Payment,
    amount_yen: i64,
    reason: &str,
    actor: &str,
) -> Result<String, RefundError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RefundError::NoReason);
    }
    if payment.state != PaymentState::Paid {
        return Err(RefundError::NotPaid);
    }
    let paying = attempts_of(db, &payment.id)
        .await?
        .into_iter()
        .find(|a| a.state == AttemptState::Paid && !a.duplicate)
        .ok_or(RefundError::NotPaid)?;
    let mut tx = db.begin().await.map_err(anyhow::Error::from)?;
    // Takes the payment's row first: two refunds asked at once are checked
    // one after the other, never both against the same sums.
    sqlx::query("UPDATE payments SET refunded_yen = refunded_yen WHERE id = $1")
        .bind(&payment.id)
        .execute(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    let pending: i64 = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount_yen), 0) AS BIGINT) FROM payment_refunds WHERE payment_id = $1 AND state = 'requested' AND attempt_id = $2",
    )
    .bind(&payment.id)
    .bind(&paying.id)
    .fetch_one(&mut *tx)
    .await
    .map_err(anyhow::Error::from)?
    .try_get(0)
    .map_err(anyhow::Error::from)?;
    let refunded: i64 = sqlx::query("SELECT refunded_yen FROM payments WHERE id = $1")
        .bind(&payment.id)
        .fetch_one(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?
        .try_get(0)
        .map_err(anyhow::Error::from)?;
    let left = state::refundable(payment.amount_yen, refunded, pending);
    if amount_yen <= 0 || amount_yen > left {
        return Err(RefundError::TooMuch(left));
    }
    let id = insert_refund(&mut tx, &payment.id, &paying.id, amount_yen, reason, actor).await?;
    audit(
        db,
        &mut tx,
        &payment.application_id,
        actor,
        "payment.refund_requested",
        json!({"payment_id": payment.id, "refund_id": id, "amount_yen": amount_yen, "reason": reason}),
    )
    .await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(id)
}

/// Asks the providers for every refund not yet done; a refund the provider
/// refuses is marked failed with its reason, one it cannot be asked about
/// waits for the next run. Returns how many were done.
pub async fn perform_refunds(db: &Db, providers: &Providers) -> anyhow::Result<usize> {
    perform(db, providers, None).await
}

/// Asks the provider for one refund (the one a manager just asked for).
pub async fn perform_refund(db: &Db, providers: &Providers, id: &str) -> anyhow::Result<usize> {
    perform(db, providers, Some(id)).await
}

async fn perform(db: &Db, providers: &Providers, only: Option<&str>) -> anyhow::Result<usize> {
    let sql = format!(
        "SELECT r.id, r.payment_id, r.amount_yen, r.requested_by, a.provider, a.provider_ref, p.application_id, p.receipt_number \
         FROM payment_refunds r JOIN payment_attempts a ON a.id = r.attempt_id JOIN payments p ON p.id = r.payment_id \
         WHERE r.state = 'requested'{} ORDER BY r.requested_at LIMIT 200",
        if only.is_some() { " AND r.id = $1" } else { "" }
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(id) = only {
        query = query.bind(id);
    }
    let rows = query.fetch_all(db.pool()).await?;
    let mut done = 0;
    for row in rows {
        let id: String = row.try_get("id")?;
        let amount: i64 = row.try_get("amount_yen")?;
        let provider_id: String = row.try_get("provider")?;
        let provider_ref: Option<String> = row.try_get("provider_ref")?;
        let requested_by: String = row.try_get("requested_by")?;
        let answer = if provider_id == crate::COUNTER && requested_by == "system" {
            // Nobody stands at the terminal for an automatic refund: the
            // section gives it back and records it by hand.
            Err(ProviderError::Refused(
                "窓口の端末で支払われた分は窓口で返金してください / refund it at the counter"
                    .into(),
            ))
        } else if provider_id == crate::COUNTER {
            // Given back at the counter's terminal by the manager who
            // records it: nothing to ask.
            Ok(crate::provider::Refunded {
                refund_ref: String::new(),
                amount_yen: amount,
            })
        } else {
            let Some(provider) = providers.by_id(&provider_id) else {
                tracing::warn!(
                    provider = provider_id,
                    "a refund waits for a provider that is not configured"
                );
                continue;
            };
            provider
                .refund(provider_ref.as_deref().unwrap_or_default(), amount, &id)
                .await
        };
        let mut tx = db.begin().await?;
        match answer {
            Ok(refunded) => {
                let now = OffsetDateTime::now_utc();
                let on = now.to_offset(time::macros::offset!(+9)).date();
                let changed = sqlx::query(
                    "UPDATE payment_refunds SET state = 'done', provider_ref = $1, done_at = $2, done_on = $3 WHERE id = $4 AND state = 'requested'",
                )
                .bind(&refunded.refund_ref)
                .bind(kernel::clock::to_text(now))
                .bind(on.to_string())
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    continue;
                }
                let payment_id: String = row.try_get("payment_id")?;
                let receipt: String = row.try_get("receipt_number")?;
                let application_id: String = row.try_get("application_id")?;
                sqlx::query(
                    "UPDATE payments SET refunded_yen = refunded_yen + $1 WHERE id = $2 \
                     AND EXISTS (SELECT 1 FROM payment_attempts a JOIN payment_refunds r ON r.attempt_id = a.id WHERE r.id = $3 AND a.duplicate = 0)",
                )
                .bind(amount)
                .bind(&payment_id)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                kernel::outbox::enqueue(
                    &mut tx,
                    "payment.refunded",
                    &receipt,
                    &json!({"payment_id": payment_id, "receipt_number": receipt, "refund_id": id, "amount_yen": amount, "at": kernel::clock::to_text(now)}),
                )
                .await?;
                audit(
                    db,
                    &mut tx,
                    &application_id,
                    "system",
                    "payment.refunded",
                    json!({"payment_id": payment_id, "refund_id": id, "amount_yen": amount}),
                )
                .await?;
                done += 1;
            }
            Err(ProviderError::Refused(why) | ProviderError::BadSignature(why)) => {
                sqlx::query(
                    "UPDATE payment_refunds SET state = 'failed', failure = $1 WHERE id = $2 AND state = 'requested'",
                )
                .bind(why)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            }
            Err(ProviderError::Unavailable(why)) => {
                tracing::warn!(refund = id, error = why, "a refund waits for its provider");
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}

/// A payment taken at a counter terminal, recorded by counter staff.
pub async fn record_counter(
    db: &Db,
    payment: &Payment,
    method_label: &str,
    slip: &str,
    actor: &str,
) -> anyhow::Result<Settled> {
    anyhow::ensure!(payment.state.payable() || payment.state == PaymentState::Expired);
    let id = new_id();
    let now = OffsetDateTime::now_utc();
    sqlx::query(
        "INSERT INTO payment_attempts (id, payment_id, provider, method, provider_ref, state, amount_yen, started_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, 'started', $6, $7, $7)",
    )
    .bind(&id)
    .bind(&payment.id)
    .bind(crate::COUNTER)
    .bind(Method::Counter.code())
    .bind(format!("{method_label} {slip}"))
    .bind(payment.amount_yen)
    .bind(kernel::clock::to_text(now))
    .execute(db.pool())
    .await?;
    let status = RemoteStatus {
        provider_ref: format!("{method_label} {slip}"),
        order_id: id.clone(),
        state: Remote::Paid,
        amount_yen: payment.amount_yen,
        refunded_yen: 0,
        paid_at: Some(now),
    };
    settle_attempt(db, &id, &status, actor).await
}

/// The case ended without the fee mattering any more: withdrawn by the
/// applicant, or refused.
const ENDED: &str = "('withdrawn', 'rejected')";

pub async fn case_ended(db: &Db, payment: &Payment) -> anyhow::Result<bool> {
    let sql = format!("SELECT 1 FROM applications WHERE id = $1 AND status IN {ENDED}");
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&payment.application_id)
        .fetch_optional(db.pool())
        .await?
        .is_some())
}

/// Cancels unpaid fees of cases that ended (withdrawn, refused): nobody is
/// asked to pay for a case that will not be decided for them.
pub async fn cancel_ended(db: &Db) -> anyhow::Result<usize> {
    let sql = format!(
        "SELECT p.id FROM payments p JOIN applications a ON a.id = p.application_id \
         WHERE p.state IN ('requested', 'pending', 'expired') AND a.status IN {ENDED} LIMIT 500"
    );
    let ids: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    let mut cancelled = 0;
    for id in ids {
        if let Some(payment) = by_id(db, &id).await?
            && cancel(
                db,
                &payment,
                "申請が取り下げられたか不承認となったため / the case ended",
                "system",
            )
            .await?
        {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Ends unpaid payments past their due date; the case says so.
pub async fn expire_due(db: &Db) -> anyhow::Result<usize> {
    let now = kernel::clock::now_text();
    let rows = sqlx::query(
        "SELECT p.id, p.application_id FROM payments p WHERE p.state IN ('requested', 'pending') AND p.due_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.payment_id = p.id AND a.state = 'started') LIMIT 500",
    )
    .bind(&now)
    .fetch_all(db.pool())
    .await?;
    let mut expired = 0;
    for row in rows {
        let id: String = row.try_get("id")?;
        let application_id: String = row.try_get("application_id")?;
        let mut tx = db.begin().await?;
        let changed = sqlx::query(
            "UPDATE payments SET state = 'expired', expired_at = $1 WHERE id = $2 AND state IN ('requested', 'pending')",
        )
        .bind(&now)
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            audit(
                db,
                &mut tx,
                &application_id,
                "system",
                "payment.expired",
                json!({"payment_id": id}),
            )
            .await?;
            expired += 1;
        }
        tx.commit().await?;
    }
    Ok(expired)
}
