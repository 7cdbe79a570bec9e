//! Reconciliation: the platform asks the providers itself instead of
//! trusting callbacks alone (peers' residents found payments stuck
//! "pending" when a callback was lost). A periodic job settles open
//! attempts, cancels those past their time, performs refunds and expires
//! unpaid requests; the daily report lists the day's money per provider
//! and section and checks its totals against the provider's own.

use std::time::Duration;

use kernel::Db;
use sqlx::Row;
use time::OffsetDateTime;

use crate::Payments;
use crate::ledger::{self, Attempt, Providers, Settled};
use crate::provider::{Method, ProviderError, Remote};
use crate::report::ReportRow;

/// How long after an attempt starts the job first asks about it (the
/// callback normally comes before).
pub const FIRST_ASK_AFTER: Duration = Duration::from_secs(60);

/// Asks the provider about one attempt and applies the answer.
pub async fn ask(payments: &Payments, attempt: &Attempt) -> anyhow::Result<Settled> {
    ask_with(payments.db(), &payments.providers, attempt).await
}

async fn ask_with(db: &Db, providers: &Providers, attempt: &Attempt) -> anyhow::Result<Settled> {
    let Some(provider) = providers.by_id(&attempt.provider) else {
        anyhow::bail!("provider {} is not configured", attempt.provider);
    };
    let Some(provider_ref) = attempt.provider_ref.as_deref() else {
        // The provider was never reached (the platform stopped between
        // recording the attempt and calling it): nobody can have paid.
        let expired = crate::provider::RemoteStatus {
            provider_ref: String::new(),
            order_id: attempt.id.clone(),
            state: Remote::Expired,
            amount_yen: attempt.amount_yen,
            refunded_yen: 0,
            paid_at: None,
        };
        return ledger::settle(db, &expired).await;
    };
    let mut status = provider.status(provider_ref).await?;
    let past = kernel::clock::parse(&attempt.expires_at)
        .is_some_and(|at| at + time::Duration::minutes(5) < OffsetDateTime::now_utc());
    if status.state == Remote::Pending && past {
        // Past its time and still open: closed at the provider, so it
        // cannot be paid after the platform gave up on it.
        status = match provider.cancel(provider_ref).await {
            Ok(status) => status,
            Err(ProviderError::Refused(_)) => provider.status(provider_ref).await?,
            Err(error) => return Err(error.into()),
        };
    }
    status.order_id = attempt.id.clone();
    ledger::settle(db, &status).await
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub asked: usize,
    pub settled: usize,
    pub refunded: usize,
    pub expired: usize,
    pub failed: usize,
    /// Fees made for applications whose receipt page did not make them.
    pub made: usize,
    /// Unpaid fees of withdrawn or refused cases, cancelled.
    pub cancelled: usize,
}

/// One run of the job: every open attempt older than `first_ask_after`.
pub async fn run_once(
    db: &Db,
    providers: &Providers,
    first_ask_after: Duration,
) -> anyhow::Result<Run> {
    let before = OffsetDateTime::now_utc()
        - time::Duration::try_from(first_ask_after).unwrap_or(time::Duration::MINUTE);
    let ids: Vec<String> = sqlx::query(
        "SELECT id FROM payment_attempts WHERE state = 'started' AND provider <> $1 AND started_at <= $2 \
         ORDER BY COALESCE(last_asked_at, ''), started_at LIMIT 500",
    )
    .bind(crate::COUNTER)
    .bind(kernel::clock::to_text(before))
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| row.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut run = Run::default();
    for id in ids {
        let Some(attempt) = ledger::attempt(db, &id).await? else {
            continue;
        };
        run.asked += 1;
        sqlx::query("UPDATE payment_attempts SET last_asked_at = $1 WHERE id = $2")
            .bind(kernel::clock::now_text())
            .bind(&id)
            .execute(db.pool())
            .await?;
        match ask_with(db, providers, &attempt).await {
            Ok(Settled::Unchanged) => {}
            Ok(_) => run.settled += 1,
            Err(error) => {
                run.failed += 1;
                tracing::warn!(attempt = %id, error = %error, "an open payment could not be reconciled; asked again next run");
            }
        }
    }
    // Each step on its own: one that fails does not hold up the others.
    let logged = |step: &str, result: anyhow::Result<usize>, failed: &mut usize| match result {
        Ok(n) => n,
        Err(error) => {
            *failed += 1;
            tracing::error!(step, error = %error, "a payments reconciliation step failed");
            0
        }
    };
    run.made = logged(
        "first fees",
        crate::extras::ensure_first_fees(db).await,
        &mut run.failed,
    );
    run.refunded = logged(
        "refunds",
        ledger::perform_refunds(db, providers).await,
        &mut run.failed,
    );
    run.cancelled = logged(
        "ended cases",
        ledger::cancel_ended(db).await,
        &mut run.failed,
    );
    run.expired = logged("due dates", ledger::expire_due(db).await, &mut run.failed);
    Ok(run)
}

/// Starts the periodic job.
pub fn start(db: Db, providers: Providers, every: Duration) {
    tokio::spawn(async move {
        // The first run comes one interval after the start, not at once: a
        // starting node has nothing of its own open yet.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&db, &providers, FIRST_ASK_AFTER).await {
                Ok(run) if run != Run::default() => tracing::info!(?run, "payments reconciled"),
                Ok(_) => {}
                Err(error) => tracing::error!(error = %error, "payment reconciliation failed"),
            }
        }
    });
}

/// The day's money movements: payments taken and refunds made, in Japan's
/// day, for the whole city or one section.
pub async fn report_rows(
    db: &Db,
    day: time::Date,
    section: Option<&str>,
) -> anyhow::Result<Vec<ReportRow>> {
    let day_text = day.to_string();
    let mut rows = Vec::new();
    // The section filter is written in, not bound as a possibly null
    // parameter, which PostgreSQL cannot type.
    let only = |n: usize| match section {
        Some(_) => format!(" AND p.section_id = ${n}"),
        None => String::new(),
    };
    // Each query names its columns alike, so one reading makes the rows.
    const COLUMNS: &str = "p.id, COALESCE(s.name, p.section_id, '') AS section, COALESCE(c.name, p.procedure_id) AS procedure, p.receipt_number";
    const NAMES: &str = "LEFT JOIN sections s ON s.id = p.section_id LEFT JOIN procedures c ON c.id = p.procedure_id";
    let queries = [
        // Fees paid that day.
        (
            format!(
                "SELECT {COLUMNS}, p.provider, p.method, p.provider_ref, p.paid_at AS at, p.amount_yen AS yen, CAST(0 AS BIGINT) AS refund \
                 FROM payments p {NAMES} WHERE p.paid_on = $1{}",
                only(2)
            ),
            vec![day_text.clone()],
        ),
        // Refunds made that day.
        (
            format!(
                "SELECT {COLUMNS}, a.provider, a.method, a.provider_ref, r.done_at AS at, r.amount_yen AS yen, CAST(1 AS BIGINT) AS refund \
                 FROM payment_refunds r JOIN payments p ON p.id = r.payment_id JOIN payment_attempts a ON a.id = r.attempt_id {NAMES} \
                 WHERE r.state = 'done' AND r.done_on = $1{}",
                only(2)
            ),
            vec![day_text.clone()],
        ),
        // A second payment of a fee taken that day: money the provider
        // moved, listed beside its automatic refund.
        (
            format!(
                "SELECT {COLUMNS}, a.provider, a.method, a.provider_ref, a.settled_at AS at, a.amount_yen AS yen, CAST(0 AS BIGINT) AS refund \
                 FROM payment_attempts a JOIN payments p ON p.id = a.payment_id {NAMES} \
                 WHERE a.duplicate = 1 AND a.settled_at >= $1 AND a.settled_at < $2{}",
                only(3)
            ),
            vec![
                kernel::clock::to_text(start_of(day)),
                kernel::clock::to_text(start_of(day.next_day().unwrap_or(day))),
            ],
        ),
    ];
    for (sql, binds) in queries {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for bind in binds {
            query = query.bind(bind);
        }
        if let Some(section) = section {
            query = query.bind(section);
        }
        for row in query.fetch_all(db.pool()).await? {
            let method: Option<String> = row.try_get("method")?;
            let yen: i64 = row.try_get("yen")?;
            let refund = row.try_get::<i64, _>("refund")? == 1;
            rows.push(ReportRow {
                provider: row
                    .try_get::<Option<String>, _>("provider")?
                    .unwrap_or_default(),
                method: method_label(method.as_deref()),
                section: row.try_get("section")?,
                procedure: row.try_get("procedure")?,
                receipt_number: row.try_get("receipt_number")?,
                payment_id: row.try_get("id")?,
                provider_ref: row
                    .try_get::<Option<String>, _>("provider_ref")?
                    .unwrap_or_default(),
                paid_at: local_time(&row.try_get::<Option<String>, _>("at")?.unwrap_or_default()),
                amount_yen: if refund { 0 } else { yen },
                refunded_yen: if refund { yen } else { 0 },
            });
        }
    }
    // In the order the money moved.
    rows.sort_by(|a, b| {
        a.paid_at
            .cmp(&b.paid_at)
            .then_with(|| a.payment_id.cmp(&b.payment_id))
    });
    Ok(rows)
}

fn start_of(day: time::Date) -> OffsetDateTime {
    day.midnight()
        .assume_offset(time::macros::offset!(+9))
        .to_offset(time::UtcOffset::UTC)
}

fn method_label(code: Option<&str>) -> String {
    code.and_then(Method::parse)
        .map(|m| m.label_ja().to_string())
        .unwrap_or_default()
}

/// `2026-12-06 10:42` in Japan time.
fn local_time(stored: &str) -> String {
    kernel::clock::parse(stored)
        .map(|at| {
            let local = at.to_offset(time::macros::offset!(+9));
            format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute())
        })
        .unwrap_or_default()
}

/// One provider's day, ours against theirs: the money taken that day
/// (refunds are listed, and compared by the provider per payment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub provider: String,
    pub ours_yen: i64,
    /// `None`: the provider could not be asked.
    pub theirs_yen: Option<i64>,
    /// Their payments we do not have as paid (a callback lost and not yet
    /// reconciled): provider references.
    pub missing: Vec<String>,
}

impl Check {
    pub fn agrees(&self) -> bool {
        self.theirs_yen == Some(self.ours_yen) && self.missing.is_empty()
    }
}

/// Compares the day's net per provider with what each provider reports.
pub async fn check_day(payments: &Payments, day: time::Date, rows: &[ReportRow]) -> Vec<Check> {
    let mut checks = Vec::new();
    for provider in payments.providers.all() {
        let ours: i64 = rows
            .iter()
            .filter(|r| r.provider == provider.id())
            .map(|r| r.amount_yen)
            .sum();
        let (theirs, missing) = match provider.settlements(day).await {
            Ok(settled) => {
                let theirs = settled.iter().map(|s| s.amount_yen).sum();
                let missing = settled
                    .iter()
                    .filter(|s| {
                        !rows.iter().any(|r| {
                            r.provider == provider.id() && r.provider_ref == s.provider_ref
                        })
                    })
                    .map(|s| s.provider_ref.clone())
                    .collect();
                (Some(theirs), missing)
            }
            Err(error) => {
                tracing::warn!(provider = provider.id(), error = %error, "the provider's settlements could not be read");
                (None, Vec::new())
            }
        };
        checks.push(Check {
            provider: provider.id().to_string(),
            ours_yen: ours,
            theirs_yen: theirs,
            missing,
        });
    }
    checks
}
