//! The fee and the way to pay, on the application pages (see
//! `applications::extras`).

use applications::extras::{Extras, Html};
use askama::Template;
use kernel::web::Chrome;
use serde_json::Value;

use crate::fees::{Quote, Timing};
use crate::ledger::{self, Payment};

/// Holds the database only: the application pages' hook must not hold the
/// applications it hooks into, or neither is ever dropped (nor the
/// database pool with them).
pub struct PaymentExtras(pub kernel::Db);

#[derive(Template)]
#[template(path = "fee_box.html")]
struct FeeBox<'a> {
    chrome: &'a Chrome,
    /// `None`: the schedule cannot price these answers; the section will.
    quote: Option<Quote>,
    before: bool,
}

#[derive(Template)]
#[template(path = "pay_now.html")]
struct PayNow<'a> {
    chrome: &'a Chrome,
    payment: Payment,
}

#[derive(Template)]
#[template(path = "case_panel.html")]
struct CasePanel<'a> {
    chrome: &'a Chrome,
    staff: bool,
    receipt: String,
    payments: Vec<Payment>,
    holds: Vec<(String, String)>,
}

fn answers_map(answers: &Value) -> serde_json::Map<String, Value> {
    answers.as_object().cloned().unwrap_or_default()
}

fn logged<T>(result: anyhow::Result<T>, what: &str) -> Option<T> {
    result
        .inspect_err(|e| tracing::error!(error = %e, "{what}"))
        .ok()
}

#[async_trait::async_trait]
impl Extras for PaymentExtras {
    async fn before_sending(
        &self,
        procedure_id: &str,
        answers: &Value,
        chrome: &Chrome,
    ) -> Option<Html> {
        let (schedule, _) = logged(
            crate::schedules::of(&self.0, procedure_id).await,
            "a fee schedule could not be read",
        )??;
        let quote = crate::fees::quote(&schedule, &answers_map(answers), chrome.lang).ok();
        let page = FeeBox {
            chrome,
            quote,
            before: matches!(schedule.timing, Timing::BeforeAcceptance { .. }),
        };
        logged(page.render().map_err(Into::into), "the fee box")
    }

    async fn after_sending(
        &self,
        receipt_number: &str,
        answers: &Value,
        chrome: &Chrome,
    ) -> Option<Html> {
        let payment = logged(
            first_fee(&self.0, receipt_number, answers).await,
            "the fee of an application could not be requested",
        )??;
        logged(
            PayNow { chrome, payment }.render().map_err(Into::into),
            "the pay-now box",
        )
    }

    async fn on_case(&self, application_id: &str, staff: bool, chrome: &Chrome) -> Option<Html> {
        let payments = logged(
            ledger::of_application(&self.0, application_id).await,
            "payments of a case",
        )?;
        if payments.is_empty() && !staff {
            return None;
        }
        let holds = logged(
            applications::holds::of(&self.0, application_id).await,
            "holds of a case",
        )?
        .into_iter()
        .filter(|h| h.key.starts_with("payment:"))
        .map(|h| (h.reason_ja, h.reason_en))
        .collect();
        let receipt = match payments.first() {
            Some(p) => p.receipt_number.clone(),
            None => logged(
                receipt_of(&self.0, application_id).await,
                "a case's receipt number",
            )?,
        };
        logged(
            CasePanel {
                chrome,
                staff,
                receipt,
                payments,
                holds,
            }
            .render()
            .map_err(Into::into),
            "the payments panel",
        )
    }
}

async fn receipt_of(db: &kernel::Db, application_id: &str) -> anyhow::Result<String> {
    use sqlx::Row;
    Ok(
        sqlx::query("SELECT receipt_number FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_one(db.pool())
            .await?
            .try_get(0)?,
    )
}

/// The fee paid with an application: made on its first receipt page, found
/// again on a reload. `None`: the procedure asks none now.
pub async fn first_fee(
    db: &kernel::Db,
    receipt_number: &str,
    answers: &Value,
) -> anyhow::Result<Option<Payment>> {
    let Some(application) = applications::store::by_receipt(db, receipt_number).await? else {
        return Ok(None);
    };
    let Some((schedule, _)) = crate::schedules::of(db, &application.procedure_id).await? else {
        return Ok(None);
    };
    let Timing::BeforeAcceptance {
        expires_after_hours,
    } = schedule.timing
    else {
        return Ok(None);
    };
    // The answers as stored (normalised), so the fee is the confirm page's.
    let stored = if application.answers.is_object() {
        &application.answers
    } else {
        answers
    };
    let quote = crate::fees::quote(&schedule, &answers_map(stored), kernel::i18n::Lang::Ja)?;
    if quote.total_yen == 0 {
        return Ok(None);
    }
    let due_at = time::OffsetDateTime::now_utc() + time::Duration::hours(expires_after_hours);
    // A guest has no my page: the mail keeps the way to pay.
    let notify =
        applications::notices::recipient(&application.submitter_kind, &application.submitter_id)
            .map(|to| first_fee_mail(&to, &application, quote.total_yen, due_at));
    Ok(Some(
        ledger::create(
            db,
            ledger::NewPayment {
                application: &application,
                timing: schedule.timing,
                quote,
                due_at,
                actor: "system",
                notify,
            },
        )
        .await?,
    ))
}

fn first_fee_mail(
    to: &str,
    application: &applications::model::Application,
    amount: i64,
    due_at: time::OffsetDateTime,
) -> kernel::mail::Mail {
    let receipt = &application.receipt_number;
    let due = kernel::clock::display(&kernel::clock::to_text(due_at), false);
    let due_en = kernel::clock::display(&kernel::clock::to_text(due_at), true);
    kernel::mail::Mail {
        recipient: to.to_string(),
        subject: format!("手数料のお支払いについて（受付番号 {receipt}） / Paying the fee"),
        body: format!(
            "受付番号 {receipt} の申請の手数料は {} です。{due} までに、下のリンクからお支払いください（クレジットカード、QRコード決済、ペイジー）。お支払いが確認できてから審査を始めます。\n\nThe fee for application {receipt} is {amount} yen. Please pay it by {due_en} from the link below; the review starts once it is paid.\n\n{}",
            crate::fees::yen(amount),
            kernel::i18n::Message::new("mail-footer").plain(application.lang)
        ),
        link_path: None,
    }
}

/// Makes the fee of applications whose receipt page did not (the node
/// stopped between the application and its fee): without it the case would
/// reach the section unheld. Only applications sent in the last hour, after
/// their procedure's schedule was saved, are looked at.
pub async fn ensure_first_fees(db: &kernel::Db) -> anyhow::Result<usize> {
    use sqlx::Row;
    let since = kernel::clock::to_text(time::OffsetDateTime::now_utc() - time::Duration::HOUR);
    let rows = sqlx::query(
        "SELECT a.receipt_number FROM applications a JOIN fee_schedules f ON f.procedure_id = a.procedure_id \
         WHERE a.submitted_at >= $1 AND a.submitted_at >= f.updated_at AND a.status = 'received' \
         AND a.submitter_kind IN ('resident', 'guest') \
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.application_id = a.id AND p.timing = 'before_acceptance') \
         ORDER BY a.submitted_at LIMIT 200",
    )
    .bind(&since)
    .fetch_all(db.pool())
    .await?;
    let mut made = 0;
    for row in rows {
        let receipt: String = row.try_get(0)?;
        match first_fee(db, &receipt, &Value::Null).await {
            Ok(Some(_)) => made += 1,
            Ok(None) => {}
            // Answers the schedule cannot price (an item it does not list):
            // the section prices them; the others go on.
            Err(error) => {
                tracing::warn!(receipt = %receipt, error = %error, "no fee made for an application");
            }
        }
    }
    Ok(made)
}
