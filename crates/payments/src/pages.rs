//! The payment pages: the resident's payment page (opened by its
//! unguessable address, so a guest without an account can pay), the return
//! from the provider, the receipt; the section's payments of a case
//! (request a fee, record a counter payment, refund, cancel); the daily
//! reconciliation report; the fee schedules. Server-rendered, no JavaScript.

use applications::section_case::SectionCase;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::{DxOfficeSession, SectionStaff, StaffSession};
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::Payments;
use crate::fees::{self, Quote, Timing};
use crate::ledger::{self, Attempt, Payment, Refund, StartError};
use crate::provider::Method;
use crate::state::{AttemptState, PaymentState};

pub fn routes() -> Router<Payments> {
    Router::new()
        .route("/pay/{id}/{token}", get(pay_page).post(pay_start))
        .route("/pay/{id}/{token}/return", get(pay_return))
        .route("/pay/{id}/{token}/receipt.pdf", get(receipt_pdf))
        .route(
            "/staff/applications/{receipt}/payments",
            get(case_payments).post(request_fee),
        )
        .route(
            "/staff/applications/{receipt}/payments/{id}/counter",
            post(record_counter),
        )
        .route(
            "/staff/applications/{receipt}/payments/{id}/refund",
            post(refund),
        )
        .route(
            "/staff/applications/{receipt}/payments/{id}/cancel",
            post(cancel),
        )
        .route("/staff/payments", get(daily))
        .route("/staff/payments/report", get(daily_file))
        .route("/staff/fee-schedules", get(schedules_page))
        .route(
            "/staff/fee-schedules/{procedure}",
            get(schedule_page).post(save_schedule),
        )
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

fn forbidden(ja: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "forbidden", ja, en)
}

fn not_found() -> ApiError {
    ApiError::not_found(
        "お支払いの画面が見つかりません。住所（URL）をもう一度確かめてください。",
        "There is no such payment page; check its address.",
    )
}

/// Compares the token by digest, so the time taken says nothing of it.
fn token_matches(given: &str, stored: &str) -> bool {
    Sha256::digest(given.as_bytes()) == Sha256::digest(stored.as_bytes())
}

async fn payment_by_link(
    payments: &Payments,
    chrome: &Chrome,
    id: &str,
    token: &str,
) -> Result<Payment, PageError> {
    let payment = ledger::by_id(payments.db(), id)
        .await
        .map_err(internal(chrome))?
        .filter(|p| token_matches(token, &p.pay_token))
        .ok_or_else(|| PageError::new(chrome, not_found()))?;
    Ok(payment)
}

// ------------------------------------------------------------ the resident

#[derive(Template)]
#[template(path = "pay.html")]
struct PayPage {
    chrome: Chrome,
    payment: Payment,
    procedure: String,
    /// The attempt the resident last made, with what it means.
    last: Option<Attempt>,
    methods: Vec<Method>,
    /// What just happened, said plainly.
    message: Option<String>,
    can_pay: bool,
    has_receipt: bool,
    refunds: Vec<Refund>,
}

async fn pay_view(
    payments: &Payments,
    chrome: &Chrome,
    payment: Payment,
    message: Option<String>,
) -> Result<PayPage, PageError> {
    let procedure = catalog::store::procedure(payments.db(), &payment.procedure_id)
        .await
        .map_err(internal(chrome))?
        .map(|p| p.name)
        .unwrap_or_else(|| payment.procedure_id.clone());
    let attempts = ledger::attempts_of(payments.db(), &payment.id)
        .await
        .map_err(internal(chrome))?;
    let refunds = ledger::refunds_of(payments.db(), &payment.id)
        .await
        .map_err(internal(chrome))?;
    let now = time::OffsetDateTime::now_utc();
    let ended = ledger::case_ended(payments.db(), &payment)
        .await
        .map_err(internal(chrome))?;
    let can_pay = payment.state.payable() && !payment.is_past_due(now) && !ended;
    Ok(PayPage {
        chrome: chrome.clone().titled(
            chrome
                .pick("手数料のお支払い", "Paying the fee")
                .to_string(),
        ),
        last: attempts.into_iter().rev().find(|a| !a.duplicate),
        methods: payments.providers.methods(),
        message,
        can_pay,
        has_receipt: payment.state == PaymentState::Paid && payments.font.is_some(),
        refunds,
        procedure,
        payment,
    })
}

async fn pay_page(
    State(payments): State<Payments>,
    chrome: Chrome,
    Path((id, token)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let payment = payment_by_link(&payments, &chrome, &id, &token).await?;
    Ok(render(&pay_view(&payments, &chrome, payment, None).await?))
}

#[derive(Deserialize)]
struct Choice {
    method: String,
}

async fn pay_start(
    State(payments): State<Payments>,
    chrome: Chrome,
    Path((id, token)): Path<(String, String)>,
    Form(choice): Form<Choice>,
) -> Result<Response, PageError> {
    let payment = payment_by_link(&payments, &chrome, &id, &token).await?;
    let Some(method) = Method::parse(&choice.method).filter(|m| Method::ONLINE.contains(m)) else {
        let page = pay_view(
            &payments,
            &chrome,
            payment,
            Some(
                chrome
                    .pick("支払方法を選んでください。", "Choose how to pay.")
                    .to_string(),
            ),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    };
    let procedure = catalog::store::procedure(payments.db(), &payment.procedure_id)
        .await
        .map_err(internal(&chrome))?
        .map(|p| p.name)
        .unwrap_or_default();
    let description = format!("{procedure}（{}）", payment.receipt_number);
    match ledger::start(
        payments.db(),
        &payments.providers,
        &payment,
        method,
        &description,
        &payments.base_url,
    )
    .await
    {
        Ok(attempt) => match attempt.redirect_url {
            Some(url) => Ok(to_provider(&chrome, &url)),
            None => Ok(Redirect::to(&chrome.link(&payment.page_path())).into_response()),
        },
        Err(error) => {
            let (status, ja, en) = match &error {
                StartError::NotPayable => (
                    StatusCode::CONFLICT,
                    "この手数料はもうお支払いいただけません（納付済み、期限切れ、または取消し）。",
                    "This fee can no longer be paid (paid, past its due date or cancelled).",
                ),
                StartError::NoProvider => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "この支払方法は使えません。別の方法を選んでください。",
                    "This way of paying is not available; choose another.",
                ),
                StartError::Provider(_) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "決済事業者に接続できませんでした。お支払いは行われていません。時間をおいてもう一度お試しください。",
                    "The payment company could not be reached. Nothing was paid; try again later.",
                ),
                StartError::Internal(_) => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "お支払いを始められませんでした。時間をおいてもう一度お試しください。",
                    "The payment could not be started; try again later.",
                ),
            };
            if matches!(error, StartError::Internal(_) | StartError::Provider(_)) {
                tracing::error!(error = %error, payment = %payment.id, "a payment could not be started");
            }
            let fresh = ledger::by_id(payments.db(), &payment.id)
                .await
                .map_err(internal(&chrome))?
                .unwrap_or(payment);
            let page = pay_view(
                &payments,
                &chrome,
                fresh,
                Some(chrome.pick(ja, en).to_string()),
            )
            .await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "to_provider.html")]
struct ToProvider {
    chrome: Chrome,
    url: String,
}

/// On to the provider's page: a page of our own with a link and a
/// `Refresh`, not a redirect of the form's POST, which the pages' policy
/// (`form-action 'self'`) rightly stops at another site.
fn to_provider(chrome: &Chrome, url: &str) -> Response {
    let page = ToProvider {
        chrome: chrome.clone().titled(
            chrome
                .pick("決済事業者の画面へ", "To the payment company")
                .to_string(),
        ),
        url: url.to_string(),
    };
    let mut response = render(&page).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("0; url={url}")) {
        response
            .headers_mut()
            .insert(axum::http::HeaderName::from_static("refresh"), value);
    }
    response
}

#[derive(Deserialize)]
struct Returned {
    order_id: Option<String>,
}

/// Back from the provider: its answer is asked for at once rather than
/// waiting for the callback, so the page says what happened.
async fn pay_return(
    State(payments): State<Payments>,
    chrome: Chrome,
    Path((id, token)): Path<(String, String)>,
    Query(returned): Query<Returned>,
) -> Result<Response, PageError> {
    let payment = payment_by_link(&payments, &chrome, &id, &token).await?;
    if let Some(order) = returned.order_id.as_deref()
        && let Some(attempt) = ledger::attempt(payments.db(), order)
            .await
            .map_err(internal(&chrome))?
            .filter(|a| a.payment_id == payment.id && a.state == AttemptState::Started)
        && let Err(error) = crate::reconcile::ask(&payments, &attempt).await
    {
        // The page still tells the truth: pending, and checked again later.
        tracing::warn!(error = %error, attempt = %attempt.id, "the provider could not be asked on return");
    }
    let payment = ledger::by_id(payments.db(), &payment.id)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| PageError::new(&chrome, not_found()))?;
    let attempts = ledger::attempts_of(payments.db(), &payment.id)
        .await
        .map_err(internal(&chrome))?;
    let mine = returned
        .order_id
        .as_deref()
        .and_then(|o| attempts.iter().find(|a| a.id == o));
    let message = match (payment.state, mine.map(|a| a.state)) {
        (PaymentState::Paid, _) => chrome.pick(
            "お支払いが完了しました。領収書をこのページから受け取れます。",
            "The payment is complete. The receipt is on this page.",
        ),
        (_, Some(AttemptState::Failed)) => chrome.pick(
            "お支払いができませんでした（代金は引き落とされていません）。別の方法でもう一度お試しください。",
            "The payment did not go through (nothing was charged). Try again, or another way.",
        ),
        (_, Some(AttemptState::Cancelled)) => chrome.pick(
            "お支払いを中止しました。手数料はまだ納付されていません。",
            "You cancelled the payment. The fee is not paid yet.",
        ),
        (_, Some(AttemptState::Expired)) => chrome.pick(
            "お支払いの画面の有効期限が切れました。もう一度お手続きください。",
            "The payment page expired; start again.",
        ),
        _ => chrome.pick(
            "お支払いを確認しています。確認でき次第、このページとマイページに「納付済み」と表示されます（通常は数分以内）。もう一度支払う必要はありません。",
            "The payment is being confirmed. This page and your my page will say “Paid” once it is (usually within minutes). Do not pay again.",
        ),
    };
    Ok(render(
        &pay_view(&payments, &chrome, payment, Some(message.to_string())).await?,
    ))
}

async fn receipt_pdf(
    State(payments): State<Payments>,
    chrome: Chrome,
    Path((id, token)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let payment = payment_by_link(&payments, &chrome, &id, &token).await?;
    let pdf = crate::receipt::pdf(&payments, &payment)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    let mut response = kernel::web::attachment(
        "application/pdf",
        &format!(
            "{}.pdf",
            payment.receipt_serial.as_deref().unwrap_or("receipt")
        ),
        pdf,
    );
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

// ------------------------------------------------------------ the section

#[derive(Template)]
#[template(path = "case_payments.html")]
struct CasePaymentsPage {
    chrome: Chrome,
    receipt: String,
    payments: Vec<(Payment, Vec<Attempt>, Vec<Refund>)>,
    /// What the schedule asks of these answers now (for a request).
    suggested: Option<Quote>,
    manager: bool,
    message: Option<String>,
    error: Option<String>,
}

async fn case_view(
    payments: &Payments,
    chrome: &Chrome,
    case: &SectionCase,
    message: Option<String>,
    error: Option<String>,
) -> Result<CasePaymentsPage, PageError> {
    let db = payments.db();
    let mut list = Vec::new();
    for payment in ledger::of_application(db, &case.application.id)
        .await
        .map_err(internal(chrome))?
    {
        let attempts = ledger::attempts_of(db, &payment.id)
            .await
            .map_err(internal(chrome))?;
        let refunds = ledger::refunds_of(db, &payment.id)
            .await
            .map_err(internal(chrome))?;
        list.push((payment, attempts, refunds));
    }
    let suggested = crate::schedules::of(db, &case.application.procedure_id)
        .await
        .map_err(internal(chrome))?
        // Only a fee the schedule asks after the review: the one paid with
        // the application is never offered again.
        .filter(|(schedule, _)| matches!(schedule.timing, Timing::AfterReview { .. }))
        .and_then(|(schedule, _)| {
            fees::quote(
                &schedule,
                &case
                    .application
                    .answers
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                kernel::i18n::Lang::Ja,
            )
            .ok()
        })
        .filter(|q| q.total_yen > 0)
        // Requested (or paid) once is enough.
        .filter(|_| !list.iter().any(|(p, _, _)| schedule_fee_asked(p)));
    Ok(CasePaymentsPage {
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.pick("手数料・お支払い", "Fees and payments"),
            case.application.receipt_number
        )),
        receipt: case.application.receipt_number.clone(),
        payments: list,
        suggested,
        manager: case.staff.staff.role == identity::model::Role::Manager,
        message,
        error,
    })
}

async fn case_payments(
    State(payments): State<Payments>,
    chrome: Chrome,
    case: SectionCase,
) -> Result<Response, PageError> {
    Ok(render(
        &case_view(&payments, &chrome, &case, None, None).await?,
    ))
}

async fn again(
    payments: &Payments,
    chrome: &Chrome,
    case: &SectionCase,
    outcome: Result<String, String>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(message) => Ok(render(
            &case_view(payments, chrome, case, Some(message), None).await?,
        )),
        Err(error) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&case_view(payments, chrome, case, None, Some(error)).await?),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
struct FeeRequest {
    /// Empty: the schedule's amount.
    #[serde(default)]
    amount_yen: String,
    #[serde(default)]
    label: String,
    due_days: String,
}

/// Whether a fee after the review was requested already (and not cancelled
/// or left to expire): the schedule's amount is then not offered again, a
/// further fee is typed in.
fn schedule_fee_asked(payment: &Payment) -> bool {
    payment.timing == "after_review"
        && !matches!(
            payment.state,
            PaymentState::Cancelled | PaymentState::Expired
        )
}

/// Parses a typed yen amount: digits (full-width too), commas allowed.
fn typed_yen(text: &str) -> Option<i64> {
    let folded: String = kernel::text::nfkc(text.trim())
        .chars()
        .filter(|c| *c != ',' && *c != '円')
        .collect();
    folded
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=fees::MAX_YEN).contains(n))
}

async fn request_fee(
    State(payments): State<Payments>,
    chrome: Chrome,
    case: SectionCase,
    Form(form): Form<FeeRequest>,
) -> Result<Response, PageError> {
    let outcome = request_outcome(&payments, &chrome, &case, &form).await;
    again(&payments, &chrome, &case, outcome).await
}

async fn request_outcome(
    payments: &Payments,
    chrome: &Chrome,
    case: &SectionCase,
    form: &FeeRequest,
) -> Result<String, String> {
    let Some(due_days) = kernel::text::nfkc(form.due_days.trim())
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=365).contains(d))
    else {
        return Err(chrome
            .pick(
                "納付期限は 1〜365 日で指定してください。",
                "The due date must be 1–365 days away.",
            )
            .into());
    };
    if matches!(
        case.application.status,
        workflow::Status::Withdrawn | workflow::Status::Rejected
    ) {
        return Err(chrome
            .pick(
                "取下げ・不承認の申請には手数料を請求できません。",
                "A withdrawn or refused case is not billed.",
            )
            .into());
    }
    let quote = if form.amount_yen.trim().is_empty() {
        if ledger::of_application(payments.db(), &case.application.id)
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .any(schedule_fee_asked)
        {
            return Err(chrome.pick("手数料表の手数料はすでに請求しています。別の手数料は金額と名称を入力してください。", "The schedule's fee was already requested; for another fee enter its amount and name.").into());
        }
        let Some(schedule) = crate::schedules::of(payments.db(), &case.application.procedure_id)
            .await
            .map_err(|e| e.to_string())?
            .map(|(s, _)| s)
            .filter(|s| matches!(s.timing, Timing::AfterReview { .. }))
        else {
            return Err(chrome
                .pick(
                    "この手続には手数料表がありません。金額を入力してください。",
                    "This procedure has no fee schedule; enter the amount.",
                )
                .into());
        };
        fees::quote(
            &schedule,
            &case
                .application
                .answers
                .as_object()
                .cloned()
                .unwrap_or_default(),
            kernel::i18n::Lang::Ja,
        )
        .map_err(|e| e.to_string())?
    } else {
        let Some(amount) = typed_yen(&form.amount_yen) else {
            return Err(chrome
                .pick(
                    "金額は 1 円から 10,000,000 円までの整数で入力してください。",
                    "Enter the amount as whole yen, at least 1.",
                )
                .into());
        };
        let label = form.label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            return Err(chrome
                .pick(
                    "手数料の名称を 100 文字以内で入力してください。",
                    "Name the fee (up to 100 characters).",
                )
                .into());
        }
        Quote {
            lines: vec![fees::QuoteLine {
                label: label.to_string(),
                unit_yen: amount,
                quantity: 1,
                yen: amount,
            }],
            subtotal_yen: amount,
            reductions: Vec::new(),
            total_yen: amount,
            tax: fees::Tax::NonTaxable,
            tax_included_yen: 0,
        }
    };
    if quote.total_yen == 0 {
        return Err(chrome
            .pick(
                "請求する金額がありません（免除）。",
                "There is nothing to request (exempt).",
            )
            .into());
    }
    // A second click on the button is not a second fee.
    let recent = kernel::clock::to_text(time::OffsetDateTime::now_utc() - time::Duration::MINUTE);
    if ledger::of_application(payments.db(), &case.application.id)
        .await
        .map_err(|e| e.to_string())?
        .iter()
        .any(|p| {
            p.timing == "after_review"
                && p.state.payable()
                && p.amount_yen == quote.total_yen
                && p.requested_at >= recent
        })
    {
        return Err(chrome
            .pick(
                "同じ金額の請求を今行ったところです。",
                "The same fee was just requested.",
            )
            .into());
    }
    let application = &case.application;
    let notify =
        applications::notices::recipient(&application.submitter_kind, &application.submitter_id)
            .map(|to| payment_request_mail(&to, application, quote.total_yen, due_days));
    let told = notify.is_some();
    let due_at = time::OffsetDateTime::now_utc() + time::Duration::days(due_days);
    ledger::create(
        payments.db(),
        ledger::NewPayment {
            application,
            timing: Timing::AfterReview { due_days },
            quote,
            due_at,
            actor: &case.staff.staff.actor(),
            notify,
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(if told {
        chrome.pick("手数料を請求しました。申請者にメールでお知らせしました。", "The fee was requested and the applicant mailed.")
    } else {
        chrome.pick("手数料を請求しました。申請者にメールの宛先がないため、下のお支払いの画面の住所を申請者に伝えてください。", "The fee was requested. The applicant has no e-mail address: give them the payment page's address below.")
    }
    .into())
}

fn payment_request_mail(
    to: &str,
    application: &applications::model::Application,
    amount: i64,
    due_days: i64,
) -> kernel::mail::Mail {
    let receipt = &application.receipt_number;
    kernel::mail::Mail {
        recipient: to.to_string(),
        subject: format!("手数料のお支払いのお願い（受付番号 {receipt}） / Fee to pay"),
        body: format!(
            "受付番号 {receipt} の申請について、手数料 {} のお支払いをお願いします。\n納付期限は {due_days} 日後です。下のリンクからお支払いください（クレジットカード、QRコード決済、ペイジー）。\n\nPlease pay the fee of {amount} yen for application {receipt} within {due_days} days, from the link below.\n\n{}",
            fees::yen(amount),
            kernel::i18n::Message::new("mail-footer").plain(application.lang)
        ),
        link_path: None,
    }
}

#[derive(Deserialize)]
struct CounterForm {
    terminal_method: String,
    slip: String,
}

/// The terminal's ways of paying (the slip says which).
pub const TERMINAL_METHODS: [&str; 5] = [
    "交通系ICカード",
    "QRコード決済",
    "クレジットカード",
    "デビットカード",
    "電子マネー",
];

async fn case_payment(
    payments: &Payments,
    chrome: &Chrome,
    case: &SectionCase,
    id: &str,
) -> Result<Payment, PageError> {
    ledger::by_id(payments.db(), id)
        .await
        .map_err(internal(chrome))?
        .filter(|p| p.application_id == case.application.id)
        .ok_or_else(|| PageError::new(chrome, not_found()))
}

async fn record_counter(
    State(payments): State<Payments>,
    chrome: Chrome,
    case: SectionCase,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<CounterForm>,
) -> Result<Response, PageError> {
    let payment = case_payment(&payments, &chrome, &case, &id).await?;
    let slip = form.slip.trim();
    let outcome = if !TERMINAL_METHODS.contains(&form.terminal_method.as_str()) {
        Err(chrome
            .pick("支払方法を選んでください。", "Choose the way it was paid.")
            .to_string())
    } else if slip.is_empty() || slip.chars().count() > 40 {
        Err(chrome
            .pick(
                "端末の伝票番号（40文字以内）を入力してください。",
                "Enter the terminal's slip number (up to 40 characters).",
            )
            .to_string())
    } else if !(payment.state.payable() || payment.state == PaymentState::Expired) {
        Err(chrome
            .pick(
                "この手数料は記録できる状態ではありません。",
                "This fee cannot be recorded now.",
            )
            .to_string())
    } else {
        ledger::record_counter(
            payments.db(),
            &payment,
            &form.terminal_method,
            slip,
            &case.staff.staff.actor(),
        )
        .await
        .map_err(internal(&chrome))?;
        Ok(chrome
            .pick(
                "窓口での支払いを記録しました。",
                "The counter payment was recorded.",
            )
            .to_string())
    };
    again(&payments, &chrome, &case, outcome).await
}

#[derive(Deserialize)]
struct RefundForm {
    amount_yen: String,
    reason: String,
}

async fn refund(
    State(payments): State<Payments>,
    chrome: Chrome,
    case: SectionCase,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<RefundForm>,
) -> Result<Response, PageError> {
    // Refunds are the manager's (所属長), as decisions are.
    if case.staff.staff.role != identity::model::Role::Manager {
        return Err(PageError::new(
            &chrome,
            forbidden(
                "返金は所属長が行います。",
                "Refunds are made by the section manager.",
            ),
        ));
    }
    let payment = case_payment(&payments, &chrome, &case, &id).await?;
    let outcome = match typed_yen(&form.amount_yen) {
        None => Err(chrome
            .pick(
                "返金額は 1 円から 10,000,000 円までの整数で入力してください。",
                "Enter the refund as whole yen, at least 1.",
            )
            .to_string()),
        Some(amount) => match ledger::request_refund(
            payments.db(),
            &payment,
            amount,
            form.reason.chars().take(500).collect::<String>().as_str(),
            &case.staff.staff.actor(),
        )
        .await
        {
            Ok(id) => {
                // Asked at once; the job asks again if the provider is away.
                let done = ledger::perform_refund(payments.db(), &payments.providers, &id)
                    .await
                    .map_err(internal(&chrome))?;
                Ok(if done > 0 {
                    chrome.pick("返金しました。", "Refunded.").to_string()
                } else {
                    chrome
                        .pick(
                            "返金を受け付けました。決済事業者の処理を待っています。",
                            "The refund is recorded and waits for the payment company.",
                        )
                        .to_string()
                })
            }
            Err(ledger::RefundError::Internal(e)) => return Err(internal(&chrome)(e)),
            Err(e) => Err(e.to_string()),
        },
    };
    again(&payments, &chrome, &case, outcome).await
}

#[derive(Deserialize)]
struct CancelForm {
    reason: String,
}

async fn cancel(
    State(payments): State<Payments>,
    chrome: Chrome,
    case: SectionCase,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<CancelForm>,
) -> Result<Response, PageError> {
    let payment = case_payment(&payments, &chrome, &case, &id).await?;
    let reason = form.reason.trim();
    let outcome = if reason.is_empty() {
        Err(chrome
            .pick(
                "取り消す理由を書いてください。",
                "Say why the request is cancelled.",
            )
            .to_string())
    } else if ledger::cancel(payments.db(), &payment, reason, &case.staff.staff.actor())
        .await
        .map_err(internal(&chrome))?
    {
        Ok(chrome
            .pick("請求を取り消しました。", "The request was cancelled.")
            .to_string())
    } else {
        Err(chrome
            .pick(
                "納付済みの手数料は取り消せません（返金してください）。",
                "A paid fee cannot be cancelled; refund it.",
            )
            .to_string())
    };
    again(&payments, &chrome, &case, outcome).await
}

// ------------------------------------------------------------ the daily report

/// Who reads the daily report: the DX office for the whole city, a section
/// manager for their section.
enum Reader {
    City,
    Section(String),
}

fn reader(chrome: &Chrome, StaffSession(session): StaffSession) -> Result<Reader, Box<PageError>> {
    if session.dx_office_actor("/staff/payments").is_some() {
        return Ok(Reader::City);
    }
    match SectionStaff::of(session) {
        Some(s) if s.staff.role == identity::model::Role::Manager => {
            Ok(Reader::Section(s.section_id))
        }
        _ => Err(Box::new(PageError::new(
            chrome,
            forbidden(
                "決済照合報告は DX 推進室と所属長が見られます。",
                "The reconciliation report is for the DX office and section managers.",
            ),
        ))),
    }
}

#[derive(Deserialize)]
struct DayQuery {
    day: Option<String>,
    format: Option<String>,
    encoding: Option<String>,
}

fn day_of(query: &DayQuery) -> Result<time::Date, ApiError> {
    match query.day.as_deref().filter(|d| !d.is_empty()) {
        None => Ok(kernel::clock::today_in_japan()),
        Some(text) => time::Date::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_day",
                "日付は 2026-12-06 の形で指定してください。",
                "Give the day as 2026-12-06.",
            )
        }),
    }
}

/// Who reads, the day asked for, and that day's rows as the reader may
/// see them (the city's, or one section's).
async fn day_report(
    payments: &Payments,
    chrome: &Chrome,
    staff: StaffSession,
    query: &DayQuery,
) -> Result<(Reader, time::Date, Vec<crate::report::ReportRow>), PageError> {
    let reader = reader(chrome, staff).map_err(|e| *e)?;
    let day = day_of(query).map_err(|e| PageError::new(chrome, e))?;
    let section = match &reader {
        Reader::City => None,
        Reader::Section(s) => Some(s.as_str()),
    };
    let rows = crate::reconcile::report_rows(payments.db(), day, section)
        .await
        .map_err(internal(chrome))?;
    Ok((reader, day, rows))
}

#[derive(Template)]
#[template(path = "daily.html")]
struct DailyPage {
    chrome: Chrome,
    day: String,
    whole_city: bool,
    by_provider: Vec<crate::report::Totals>,
    by_section: Vec<crate::report::Totals>,
    total: crate::report::Totals,
    /// Per provider: ours, theirs, whether they agree.
    checks: Vec<crate::reconcile::Check>,
    rows: Vec<crate::report::ReportRow>,
}

async fn daily(
    State(payments): State<Payments>,
    chrome: Chrome,
    staff: StaffSession,
    Query(query): Query<DayQuery>,
) -> Result<Response, PageError> {
    let (reader, day, rows) = day_report(&payments, &chrome, staff, &query).await?;
    let checks = match reader {
        Reader::City => crate::reconcile::check_day(&payments, day, &rows).await,
        Reader::Section(_) => Vec::new(),
    };
    let mut total = crate::report::total(&rows);
    total.key = chrome.pick("合計", "Total").to_string();
    Ok(render(&DailyPage {
        chrome: chrome.clone().titled(
            chrome
                .pick("決済照合報告", "Daily reconciliation")
                .to_string(),
        ),
        day: day.to_string(),
        whole_city: matches!(reader, Reader::City),
        by_provider: crate::report::totals_by(&rows, |r| r.provider.clone()),
        by_section: crate::report::totals_by(&rows, |r| r.section.clone()),
        total,
        checks,
        rows,
    }))
}

async fn daily_file(
    State(payments): State<Payments>,
    chrome: Chrome,
    staff: StaffSession,
    Query(query): Query<DayQuery>,
) -> Result<Response, PageError> {
    let (_, day, rows) = day_report(&payments, &chrome, staff, &query).await?;
    let name = format!("payments-{day}");
    match query.format.as_deref().unwrap_or("csv") {
        "xlsx" => {
            let bytes = crate::report::xlsx(day, &rows).map_err(internal(&chrome))?;
            Ok(kernel::web::attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{name}.xlsx"),
                bytes,
            ))
        }
        "csv" => {
            let (encoding, content_type) = match query.encoding.as_deref() {
                Some("sjis" | "shift_jis") => (
                    crate::report::Encoding::ShiftJis,
                    "text/csv; charset=Shift_JIS",
                ),
                _ => (crate::report::Encoding::Utf8Bom, "text/csv; charset=utf-8"),
            };
            let bytes = crate::report::csv(day, &rows, encoding).map_err(|e| {
                PageError::new(
                    &chrome,
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "not_shift_jis",
                        format!("Shift_JIS で書けない文字があります: {e}"),
                        format!("A character cannot be written in Shift_JIS: {e}"),
                    ),
                )
            })?;
            Ok(kernel::web::attachment(
                content_type,
                &format!("{name}.csv"),
                bytes,
            ))
        }
        _ => Err(PageError::new(
            &chrome,
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_format",
                "形式は csv か xlsx です。",
                "The format is csv or xlsx.",
            ),
        )),
    }
}

// ------------------------------------------------------------ fee schedules

#[derive(Template)]
#[template(path = "fee_schedules.html")]
struct SchedulesPage {
    chrome: Chrome,
    schedules: Vec<(String, String, fees::Schedule, i64)>,
}

async fn schedules_page(
    State(payments): State<Payments>,
    chrome: Chrome,
    _dx: DxOfficeSession,
) -> Result<Response, PageError> {
    let schedules = crate::schedules::all(payments.db())
        .await
        .map_err(internal(&chrome))?;
    Ok(render(&SchedulesPage {
        chrome: chrome
            .clone()
            .titled(chrome.pick("手数料表", "Fee schedules").to_string()),
        schedules,
    }))
}

#[derive(Template)]
#[template(path = "fee_schedule.html")]
struct SchedulePage {
    chrome: Chrome,
    procedure_id: String,
    procedure: String,
    text: String,
    revision: Option<i64>,
    problems: Vec<String>,
    saved: bool,
    /// The amount on a sample of the form's first answers, as a check.
    example: Option<Quote>,
}

/// The editor of a procedure's schedule, empty of outcome.
async fn schedule_editor(
    payments: &Payments,
    chrome: &Chrome,
    procedure_id: &str,
    text: Option<String>,
    revision: Option<i64>,
) -> Result<SchedulePage, PageError> {
    let procedure = catalog::store::procedure(payments.db(), procedure_id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| {
            PageError::new(
                chrome,
                ApiError::not_found("手続が見つかりません。", "No such procedure."),
            )
        })?;
    Ok(SchedulePage {
        chrome: chrome.clone().titled(format!(
            "{} — {}",
            chrome.pick("手数料表", "Fee schedule"),
            procedure.name
        )),
        procedure_id: procedure_id.to_string(),
        procedure: procedure.name,
        text: text.unwrap_or_else(|| EXAMPLE.to_string()),
        revision,
        problems: Vec::new(),
        saved: false,
        example: None,
    })
}

async fn schedule_page(
    State(payments): State<Payments>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Path(procedure_id): Path<String>,
) -> Result<Response, PageError> {
    let stored = crate::schedules::of(payments.db(), &procedure_id)
        .await
        .map_err(internal(&chrome))?;
    let (text, revision) = match &stored {
        Some((schedule, revision)) => (
            Some(serde_json::to_string_pretty(schedule).map_err(|e| internal(&chrome)(e.into()))?),
            Some(*revision),
        ),
        None => (None, None),
    };
    Ok(render(
        &schedule_editor(&payments, &chrome, &procedure_id, text, revision).await?,
    ))
}

/// What a new schedule starts from.
const EXAMPLE: &str = r#"{
  "lines": [
    {"kind": "fixed", "label": {"ja": "手数料", "en": "Fee"}, "yen": 300}
  ],
  "reductions": [],
  "tax": {"tax": "non_taxable"},
  "timing": {"when": "before_acceptance", "expires_after_hours": 72}
}"#;

#[derive(Deserialize)]
struct ScheduleForm {
    schedule: String,
    #[serde(default)]
    revision: String,
}

async fn save_schedule(
    State(payments): State<Payments>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Path(procedure_id): Path<String>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, PageError> {
    let expected = form.revision.trim().parse::<i64>().ok();
    let mut page = schedule_editor(
        &payments,
        &chrome,
        &procedure_id,
        Some(form.schedule.clone()),
        expected,
    )
    .await?;
    let form_definition = applications::form_store::current(payments.db(), &procedure_id)
        .await
        .map_err(internal(&chrome))?;
    if form.schedule.len() > 64 * 1024 {
        page.problems = vec!["手数料表が大きすぎます（64KB まで）。".to_string()];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let schedule: fees::Schedule = match serde_json::from_str(&form.schedule) {
        Ok(schedule) => schedule,
        Err(error) => {
            page.problems = vec![format!(
                "{}行目 {}文字目: 手数料表として読めません（{error}）。",
                error.line(),
                error.column()
            )];
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    match crate::schedules::save(
        payments.db(),
        &procedure_id,
        &schedule,
        form_definition.as_ref(),
        expected,
        &dx.actor,
    )
    .await
    {
        Ok(revision) => {
            page.revision = Some(revision);
            page.saved = true;
            page.text = serde_json::to_string_pretty(&schedule).unwrap_or(form.schedule);
            page.example = fees::quote(&schedule, &serde_json::Map::new(), chrome.lang).ok();
            Ok(render(&page))
        }
        Err(crate::schedules::SaveError::Problems(problems)) => {
            page.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(crate::schedules::SaveError::Stale) => {
            page.problems = vec![crate::schedules::SaveError::Stale.to_string()];
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(crate::schedules::SaveError::Internal(e)) => Err(internal(&chrome)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_take_full_width_digits_commas_and_yen() {
        assert_eq!(typed_yen("１，２００円"), Some(1_200));
        assert_eq!(typed_yen("300"), Some(300));
        assert_eq!(typed_yen("0"), None);
        assert_eq!(typed_yen("1.5"), None);
        assert_eq!(typed_yen("99999999999"), None);
    }
}
