//! The hosted payment page: what a resident sees at the payment company.
//! One form, no JavaScript; the tester picks the outcome and how the
//! callback arrives.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Delivery, JST, Payment, Sandbox, page_url};
use crate::fees::yen;
use crate::hosted::percent_encode;
use crate::provider::{Method, Remote};

struct DeliveryOption {
    code: &'static str,
    label_ja: &'static str,
    label_en: &'static str,
}

struct PayEasyView {
    institution: String,
    customer: String,
    confirmation: String,
    pay_by: String,
}

#[derive(Template)]
#[template(path = "sandbox_page.html")]
struct PayPage {
    description: String,
    amount: String,
    method: &'static str,
    method_ja: &'static str,
    method_en: &'static str,
    expires: String,
    pending: bool,
    state_ja: &'static str,
    state_en: &'static str,
    action: String,
    back: String,
    qr_svg: String,
    payeasy: Option<PayEasyView>,
    pay_ja: &'static str,
    pay_en: &'static str,
    deliveries: Vec<DeliveryOption>,
}

#[derive(Template)]
#[template(path = "sandbox_message.html")]
struct MessagePage<'a> {
    title_ja: &'a str,
    title_en: &'a str,
}

fn state_labels(state: Remote) -> (&'static str, &'static str) {
    match state {
        Remote::Pending => ("未払い", "Not paid yet"),
        Remote::Paid => ("支払済み", "Paid"),
        Remote::Failed => ("支払いができませんでした", "Failed"),
        Remote::Cancelled => ("取りやめ", "Cancelled"),
        Remote::Expired => ("期限切れ", "Expired"),
    }
}

/// 2026年12月9日 10:40 (JST).
fn jst(at: OffsetDateTime) -> String {
    let t = at.to_offset(JST);
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// The return URL with the order id, keeping its own query and fragment.
pub(super) fn back_to(return_url: &str, order_id: &str) -> String {
    let (base, fragment) = match return_url.split_once('#') {
        Some((base, fragment)) => (base, format!("#{fragment}")),
        None => (return_url, String::new()),
    };
    let separator = if base.contains('?') { '&' } else { '?' };
    format!(
        "{base}{separator}order_id={}{fragment}",
        percent_encode(order_id)
    )
}

/// The QR code of `text` as inline SVG.
fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML the XML declaration has no place.
    let start = svg.find("<svg")?;
    let rest = svg.get(start + "<svg".len()..)?;
    Some(format!(
        r#"<svg role="img" aria-label="支払い用のQRコード（Payment QR code）"{rest}"#
    ))
}

fn html(status: StatusCode, body: Result<String, askama::Error>) -> Response {
    let Ok(body) = body else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be drawn",
        )
            .into_response();
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // A payment page is never cached nor framed, and runs no script.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

fn message(status: StatusCode, title_ja: &str, title_en: &str) -> Response {
    html(status, MessagePage { title_ja, title_en }.render())
}

fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "このお支払いは見つかりません",
        "No such payment",
    )
}

fn view(payment: &Payment, public_url: &str) -> PayPage {
    let checkout = &payment.checkout;
    let own_url = page_url(public_url, &payment.provider_ref);
    let (state_ja, state_en) = state_labels(payment.state);
    let pending = payment.state == Remote::Pending;
    let (pay_ja, pay_en) = match checkout.method {
        Method::PayEasy => (
            "ATM・ネットバンキングで支払った（模擬）",
            "Paid at an ATM or net bank (simulated)",
        ),
        Method::Qr => ("アプリで支払った（模擬）", "Paid with the app (simulated)"),
        Method::Card | Method::Counter => ("支払う（テスト）", "Pay (test)"),
    };
    PayPage {
        description: checkout.description.clone(),
        amount: yen(checkout.amount_yen),
        method: checkout.method.code(),
        method_ja: checkout.method.label_ja(),
        method_en: checkout.method.label_en(),
        expires: jst(checkout.expires_at),
        pending,
        state_ja,
        state_en,
        back: back_to(&checkout.return_url, &checkout.order_id),
        // Drawn by the caller, outside the lock.
        qr_svg: String::new(),
        action: own_url,
        payeasy: payment.payeasy.as_ref().map(|n| PayEasyView {
            institution: n.institution.clone(),
            customer: n.customer.clone(),
            confirmation: n.confirmation.clone(),
            pay_by: jst(n.pay_by),
        }),
        pay_ja,
        pay_en,
        deliveries: Delivery::ALL
            .into_iter()
            .map(|d| DeliveryOption {
                code: d.code(),
                label_ja: d.label_ja(),
                label_en: d.label_en(),
            })
            .collect(),
    }
}

pub(super) async fn show(
    State(sandbox): State<Sandbox>,
    Path(provider_ref): Path<String>,
) -> Response {
    let mut page = {
        let mut book = sandbox.book();
        let Some(payment) = book.payments.get_mut(&provider_ref) else {
            return not_found();
        };
        payment.refresh(OffsetDateTime::now_utc());
        view(payment, &sandbox.config().public_url)
    };
    if page.pending && page.method == Method::Qr.code() {
        page.qr_svg = qr_svg(&page.action).unwrap_or_default();
    }
    html(StatusCode::OK, page.render())
}

#[derive(Deserialize)]
pub(super) struct Choice {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    callbacks: String,
}

pub(super) async fn choose(
    State(sandbox): State<Sandbox>,
    Path(provider_ref): Path<String>,
    Form(choice): Form<Choice>,
) -> Response {
    let outcome = match choice.outcome.as_str() {
        "pay" => Remote::Paid,
        "fail" => Remote::Failed,
        "cancel" => Remote::Cancelled,
        _ => {
            return message(
                StatusCode::UNPROCESSABLE_ENTITY,
                "支払う・失敗させる・やめる のどれかを選んでください",
                "Choose to pay, fail or cancel",
            );
        }
    };
    let delivery = if choice.callbacks.is_empty() {
        Delivery::Normal
    } else {
        match Delivery::parse(&choice.callbacks) {
            Some(delivery) => delivery,
            None => {
                return message(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "通知の届き方を選び直してください",
                    "Choose how the notification arrives",
                );
            }
        }
    };
    let now = OffsetDateTime::now_utc();
    let (before, after, callback_url, back) = {
        let mut book = sandbox.book();
        let Some(payment) = book.payments.get_mut(&provider_ref) else {
            return not_found();
        };
        payment.refresh(now);
        if payment.state != Remote::Pending {
            // Decided already (a second click, an old tab): the page says how.
            return Redirect::to(&page_url(&sandbox.config().public_url, &provider_ref))
                .into_response();
        }
        let before = payment.status();
        payment.state = outcome;
        if outcome == Remote::Paid {
            payment.paid_at = Some(now);
        }
        (
            before,
            payment.status(),
            payment.checkout.callback_url.clone(),
            back_to(&payment.checkout.return_url, &payment.checkout.order_id),
        )
    };
    sandbox.notify(callback_url, before, after, delivery);
    Redirect::to(&back).into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_return_url_gets_the_order_id_in_its_query() {
        assert_eq!(
            back_to("https://city.example/paid", "o 1"),
            "https://city.example/paid?order_id=o%201"
        );
        assert_eq!(
            back_to("https://city.example/paid?lang=en#top", "o-1"),
            "https://city.example/paid?lang=en&order_id=o-1#top"
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg_with_a_label() {
        let svg = qr_svg("http://127.0.0.1:8081/pay/sbx_1").unwrap();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
    }

    #[test]
    fn times_are_shown_in_japan_time() {
        let at = time::macros::datetime!(2026-12-08 15:30 UTC);
        assert_eq!(jst(at), "2026年12月9日 00:30");
    }
}
