//! Keeping notices verifiable for as long as they are kept (PAdES B-LTA): a
//! notice's last timestamp is only as good as its authority's certificate,
//! so before that certificate expires a daily job adds the validation data
//! of the moment and a document timestamp over everything. The stored PDF
//! grows by an incremental update; the signed bytes never change.

use std::sync::Arc;

use kernel::Db;

use crate::signing::Signing;
use crate::store;

/// How long before the last timestamp's certificate expires the archive
/// timestamp is added.
pub const MARGIN: time::Duration = time::Duration::days(180);

/// When a signed notice needs its next archive timestamp: `MARGIN` before
/// its last trusted timestamp's certificate expires (`None` without one).
pub fn due_at(pdf: &[u8], trust: &signatures::verify::Trust) -> Option<time::OffsetDateTime> {
    let report = signatures::verify::verify(pdf, trust).ok()?;
    report
        .signatures
        .iter()
        .filter(|s| s.timestamp_trusted)
        .filter_map(|s| s.timestamp_certificate_expires)
        .max()
        .map(|expires| expires - MARGIN)
}

/// Adds the archive timestamp to every notice whose time has come; how many.
pub async fn renew_due(
    db: &Db,
    signing: &Signing,
    trust: &signatures::verify::Trust,
    now: time::OffsetDateTime,
) -> anyhow::Result<usize> {
    let Some(tsa) = &signing.tsa else {
        return Ok(0);
    };
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM notices WHERE archive_due_at IS NOT NULL AND archive_due_at <= $1 ORDER BY archive_due_at LIMIT 1000",
    )
    .bind(kernel::clock::to_text(now))
    .fetch_all(db.pool())
    .await?;
    let mut renewed = 0;
    for id in due {
        let pdf = store::pdf(db, &id).await?;
        // What a verifier needs today: every certificate the file carries
        // (signer's and authorities') and the current CRLs.
        let certificates = signatures::verify::embedded_certificates(&pdf);
        let extended = signatures::add_validation_data(&pdf, &certificates, &signing.crls, &[])?;
        let stamped = signatures::add_document_timestamp(&extended, tsa).await?;
        let next = due_at(&stamped, trust);
        store::extend_pdf(db, &id, &stamped, "B-LTA", next).await?;
        renewed += 1;
    }
    Ok(renewed)
}

/// The daily job (kernel housekeeping).
pub fn daily_job(
    db: Db,
    signing: Option<Arc<Signing>>,
    trust: Arc<signatures::verify::Trust>,
) -> kernel::housekeeping::DailyJob {
    kernel::housekeeping::DailyJob {
        name: "notice archive timestamps",
        run: Box::new(move |now| {
            let (db, signing, trust) = (db.clone(), signing.clone(), trust.clone());
            Box::pin(async move {
                if let Some(signing) = signing {
                    let renewed = renew_due(&db, &signing, &trust, now).await?;
                    tracing::info!(renewed, "notice archive timestamps added");
                }
                Ok(())
            })
        }),
    }
}
