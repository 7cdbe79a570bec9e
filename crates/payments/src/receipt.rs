//! 領収書: the receipt of a paid fee as a PDF, laid out by the notices'
//! renderer with the same embedded Japanese font.

use anyhow::Context as _;
use kernel::ApiError;

use crate::Payments;
use crate::ledger::{self, Payment};
use crate::state::PaymentState;

pub async fn pdf(payments: &Payments, payment: &Payment) -> Result<Vec<u8>, ApiError> {
    if payment.state != PaymentState::Paid {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "not_paid",
            "納付済みの手数料にだけ領収書があります。",
            "Only a paid fee has a receipt.",
        ));
    }
    let Some(font) = payments.font.as_ref() else {
        return Err(ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "no_font",
            "領収書を作る日本語フォントがありません。",
            "No Japanese font is installed to make receipts.",
        ));
    };
    let db = payments.db();
    let application = applications::store::by_receipt(db, &payment.receipt_number)
        .await?
        .context("the paid application")?;
    let procedure = catalog::store::procedure(db, &payment.procedure_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_else(|| payment.procedure_id.clone());
    // Refunds of this fee only: a second payment given back is not one.
    let duplicates: Vec<String> = ledger::attempts_of(db, &payment.id)
        .await?
        .into_iter()
        .filter(|a| a.duplicate)
        .map(|a| a.id)
        .collect();
    let refunds: Vec<_> = ledger::refunds_of(db, &payment.id)
        .await?
        .into_iter()
        .filter(|r| !duplicates.contains(&r.attempt_id))
        .collect();
    let paid_at = payment
        .paid_at
        .as_deref()
        .and_then(kernel::clock::parse)
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    let local = |at: time::OffsetDateTime| {
        let at = at.to_offset(time::macros::offset!(+9));
        format!(
            "{} {:02}:{:02}",
            kernel::wareki::wareki_date(at.date()),
            at.hour(),
            at.minute()
        )
    };
    let content = notices::receipt::ReceiptContent {
        number: payment.receipt_serial.clone().unwrap_or_default(),
        issued_on: kernel::wareki::wareki_date(kernel::clock::today_in_japan()),
        payer: forms::display::applicant_name(
            &applications::form_store::of_application(db, &application).await?,
            &application.answers,
        )
        .unwrap_or_default(),
        issuer: payments.issuer.clone(),
        procedure,
        receipt_number: payment.receipt_number.clone(),
        lines: payment
            .quote
            .lines
            .iter()
            .map(|l| notices::receipt::ReceiptLine {
                label: l.label.clone(),
                unit_yen: l.unit_yen,
                quantity: l.quantity,
                yen: l.yen,
            })
            .collect(),
        reductions: payment.quote.reductions.clone(),
        total_yen: payment.amount_yen,
        tax_included_yen: (payment.tax_included_yen > 0).then_some(payment.tax_included_yen),
        method: payment
            .method()
            .map(|m| m.label_ja().to_string())
            .unwrap_or_default(),
        paid_at: local(paid_at),
        refunds: refunds
            .iter()
            .filter(|r| r.state == "done")
            .map(|r| {
                (
                    r.done_at
                        .as_deref()
                        .and_then(kernel::clock::parse)
                        .map(local)
                        .unwrap_or_default(),
                    r.amount_yen,
                )
            })
            .collect(),
        note: if payment.tax_included_yen > 0 {
            vec!["この領収書は電子的に交付したものです。".to_string()]
        } else {
            vec![
                "この領収書は電子的に交付したものです。".to_string(),
                "行政手数料は消費税の課税対象外です。".to_string(),
            ]
        },
    };
    let font = font.clone();
    tokio::task::spawn_blocking(move || {
        notices::receipt::render_receipt(&content, &font, time::OffsetDateTime::now_utc())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}
