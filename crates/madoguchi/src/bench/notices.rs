//! `madoguchi bench notices`: signed notices per second, and a bulk issue.
//!
//! The demo city with its demo PKI (RSA-2048 / SHA-256 like LGPKI's) and a
//! local timestamp authority, and approved 要介護認定 cases. The ceiling,
//! measured in the same run: the same notices laid out and signed (B-B) on
//! every core with no database. Then notices issued through the platform —
//! numbered, laid out, signed, stored sealed with the case's step, event,
//! audit entry and mail — at B-B and at B-T, as many at once as the bulk
//! issue runs; then a bulk issue of the remaining cases at the demo's level
//! (B-LT), as a section starts it. A notice that fails fails the benchmark.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;

use crate::app::{Platform, Settings};

const PROCEDURE: &str = "youkaigo-nintei";

async fn approved_cases(platform: &Platform, count: usize) -> anyhow::Result<()> {
    let target = platform.applications.form_of(PROCEDURE).await?;
    let target = Option::as_ref(&target).ok_or_else(|| anyhow::anyhow!("no form"))?;
    let submitter = applications::model::Submitter::Api {
        token_id: "bench".into(),
        name: "bench".into(),
    };
    let submitted: Vec<anyhow::Result<()>> =
        futures_util::stream::iter((0..count).map(|n| {
            let submitter = submitter.clone();
            async move {
                let answers = json!({
                    "insured_number": format!("{:010}", n),
                    "insured_name": {"family_name": "名古屋", "given_name": format!("{n}"), "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"},
                    "birth_date": "1946-05-10", "postal_code": "4608508",
                    "address": "名古屋市中区三の丸三丁目1番1号", "phone": "052-961-1111",
                    "kind": "new", "current_level": "s1", "doctor": "中区 花子", "hospital": "名古屋市立中央病院",
                });
                applications::submit::submit(
                    &platform.db,
                    platform.applications.writer(),
                    applications::submit::Submission {
                        form: &target.form,
                        section_id: target.section_id.as_deref(),
                        standard_days: target.standard_days,
                        submitter: &submitter,
                        idempotency_key: None,
                        answers: &answers,
                        lang: kernel::i18n::Lang::Ja,
                        channel: applications::model::Channel::Online,
                        entered_by: None,
                    },
                )
                .await
                .map(|_| ())
                .map_err(|e| anyhow::anyhow!("a case was refused: {e:?}"))
            }
        }))
        .buffer_unordered(64)
        .collect()
        .await;
    for result in submitted {
        result?;
    }
    // Decided in one statement: the cases are the setting, not the measure.
    sqlx::query("UPDATE applications SET status = 'approved' WHERE procedure_id = $1 AND status = 'received'")
        .bind(PROCEDURE)
        .execute(platform.db.pool())
        .await?;
    Ok(())
}

async fn receipts(platform: &Platform, count: usize) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT receipt_number FROM applications WHERE procedure_id = $1 AND status = 'approved' \
         ORDER BY receipt_number LIMIT $2",
    )
    .bind(PROCEDURE)
    .bind(i64::try_from(count)?)
    .fetch_all(platform.db.pool())
    .await?)
}

/// Notices per second through the platform at `level`, in groups of 100 as
/// the bulk issue stores them.
async fn group_rate(
    platform: &Platform,
    level: notices::Level,
    count: usize,
    parallel: usize,
) -> anyhow::Result<f64> {
    let base = &platform.notices.issuer;
    let signing = base
        .signing
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no signing"))?;
    let issuer = notices::Issuer {
        signing: Some(Arc::new(signing.at_level(level))),
        ..base.clone()
    };
    let todo = receipts(platform, count).await?;
    anyhow::ensure!(todo.len() == count, "only {} cases left", todo.len());
    let mut cases = Vec::new();
    for r in &todo {
        cases.push(
            applications::store::by_receipt(&platform.db, r)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{r} vanished"))?,
        );
    }
    let started = Instant::now();
    // Two groups at once, as the bulk issue runs them: one is laid out and
    // signed while the other is stored.
    let outcomes: Vec<anyhow::Result<Vec<notices::many::Outcome>>> =
        futures_util::stream::iter(cases.chunks(100).map(|group| {
            let issuer = issuer.clone();
            async move {
                issuer
                    .issue_many(group, workflow::Actor::Clerk, "bench", parallel)
                    .await
            }
        }))
        .buffer_unordered(2)
        .collect()
        .await;
    for group in outcomes {
        for outcome in group? {
            outcome.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        }
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

/// Notices per second through the platform at `level`, one by one as
/// clerks and business systems issue them.
async fn issue_rate(
    platform: &Platform,
    level: notices::Level,
    count: usize,
    parallel: usize,
) -> anyhow::Result<f64> {
    let base = &platform.notices.issuer;
    let signing = base
        .signing
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no signing"))?;
    let issuer = notices::Issuer {
        signing: Some(Arc::new(signing.at_level(level))),
        ..base.clone()
    };
    let todo = receipts(platform, count).await?;
    anyhow::ensure!(todo.len() == count, "only {} cases left", todo.len());
    let started = Instant::now();
    let results: Vec<anyhow::Result<()>> = futures_util::stream::iter(todo.into_iter().map(|r| {
        let issuer = issuer.clone();
        async move {
            let application = applications::store::by_receipt(&platform.db, &r)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{r} vanished"))?;
            issuer
                .issue(&application, "", workflow::Actor::Clerk, "bench")
                .await
                .map(|_| ())
                .map_err(|e| anyhow::anyhow!("{r}: {e:?}"))
        }
    }))
    .buffer_unordered(parallel)
    .collect()
    .await;
    let elapsed = started.elapsed();
    for result in results {
        result?;
    }
    Ok(count as f64 / elapsed.as_secs_f64())
}

/// The ceiling: the same notice laid out and signed (B-B) `count` times on
/// `parallel` threads, with no database.
async fn ceiling(platform: &Platform, count: usize, parallel: usize) -> anyhow::Result<f64> {
    let issuer = &platform.notices.issuer;
    let font = issuer
        .font
        .clone()
        .ok_or_else(|| anyhow::anyhow!("no Japanese font: apt-get install fonts-ipaexfont"))?;
    let signing = Arc::new(
        issuer
            .signing
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("no signing"))?
            .at_level(notices::Level::BB),
    );
    let application = applications::store::by_receipt(
        &platform.db,
        receipts(platform, 1)
            .await?
            .first()
            .ok_or_else(|| anyhow::anyhow!("no case"))?,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("no case"))?;
    let content = issuer
        .preview(&application, "")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    // Each half alone on one core, to show where the time goes.
    let now = time::OffsetDateTime::now_utc();
    let sample = notices::pdf::render(&content, &font, now)?;
    let started = Instant::now();
    for _ in 0..50 {
        notices::pdf::render(&content, &font, now)?;
    }
    let layout = started.elapsed() / 50;
    let started = Instant::now();
    for _ in 0..50 {
        signing.sign(sample.clone(), &content, now).await?;
    }
    let signature = started.elapsed() / 50;
    println!(
        "one core: layout {:.1} ms, B-B signature {:.1} ms a notice ({} bytes unsigned)",
        super::ms(layout),
        super::ms(signature),
        sample.len()
    );
    let started = Instant::now();
    let mut threads = Vec::new();
    for t in 0..parallel {
        let (font, signing, content) = (font.clone(), signing.clone(), content.clone());
        let share = count / parallel + usize::from(t < count % parallel);
        threads.push(tokio::spawn(async move {
            for _ in 0..share {
                let now = time::OffsetDateTime::now_utc();
                let (font, content2) = (font.clone(), content.clone());
                let unsigned = tokio::task::spawn_blocking(move || {
                    notices::pdf::render(&content2, &font, now)
                })
                .await??;
                signing.sign(unsigned, &content, now).await?;
            }
            anyhow::Ok(())
        }));
    }
    for thread in threads {
        thread.await??;
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

pub async fn run(count: usize, bulk: usize) -> anyhow::Result<()> {
    let root = std::env::temp_dir().join(format!("madoguchi-bench-notices-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;
    let result = measure(&root, count, bulk).await;
    let _ = std::fs::remove_dir_all(&root);
    result
}

async fn measure(dir: &std::path::Path, count: usize, bulk: usize) -> anyhow::Result<()> {
    let mut settings = Settings::in_dir(dir);
    settings.relay.enabled = false;
    settings.demo_pki = Some(notices::setup::DemoPki {
        dir: dir.join("pki"),
        algorithm: signatures::Algorithm::Rsa2048,
    });
    let db = kernel::Db::open(dir, None).await?;
    let platform = Platform::open(db, &settings).await?;
    demo::prepare(&platform.db, dir, "127.0.0.1:0").await?;
    let parallel = notices::Notices::parallel();
    let cases = 3 * count + bulk;
    let started = Instant::now();
    approved_cases(&platform, cases).await?;
    println!(
        "setting: {cases} approved cases of {PROCEDURE} in {:.1} s; RSA-2048 demo PKI, local TSA, {parallel} cores",
        started.elapsed().as_secs_f64()
    );

    let ceiling_rate = ceiling(&platform, count, parallel).await?;
    println!("ceiling: layout + B-B signature, no database: {ceiling_rate:.0} notices/s");
    let single = issue_rate(&platform, notices::Level::BB, count, parallel * 2).await?;
    println!(
        "issue B-B one by one (a clerk, the API), {} at once: {single:.0} notices/s",
        parallel * 2
    );
    let bb = group_rate(&platform, notices::Level::BB, count, parallel).await?;
    let share = bb / ceiling_rate * 100.0;
    println!(
        "issue B-B in groups of 100 (the bulk path): {bb:.0} notices/s ({share:.0} % of the ceiling; target ≥ 200/s)"
    );
    let bt = group_rate(&platform, notices::Level::BT, count, parallel * 2).await?;
    println!("issue B-T in groups (timestamp from the local TSA): {bt:.0} notices/s");
    let started = Instant::now();
    let id = match notices::bulk::start(
        &platform.notices.issuer,
        "kenko-kaigo",
        PROCEDURE,
        "staff:bench",
        parallel,
    )
    .await?
    {
        Ok(id) => id,
        Err(why) => anyhow::bail!("the bulk issue did not start: {why}"),
    };
    let batch = loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let batch = notices::bulk::batch(&platform.db, &id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the batch vanished"))?;
        if batch.state != "running" {
            break batch;
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "bulk issue (B-LT, the demo's level) of {} notices: {elapsed:.1} s, {:.0} notices/s",
        batch.issued,
        batch.issued as f64 / elapsed
    );
    let mut failed = Vec::new();
    if batch.failed > 0 || batch.state != "done" || batch.issued != bulk as i64 {
        failed.push(format!(
            "bulk issue: {} issued of {bulk}, {} failed, state {} ({:?})",
            batch.issued, batch.failed, batch.state, batch.last_error
        ));
    }
    if bb < 200.0 {
        failed.push(format!("B-B {bb:.0}/s is under 200/s"));
    }
    if share < 50.0 {
        failed.push(format!(
            "B-B through the platform is {share:.0} % of the ceiling (under 50 %)"
        ));
    }
    if failed.is_empty() {
        println!("notices: ok");
        Ok(())
    } else {
        anyhow::bail!("notices: {}", failed.join("; "))
    }
}
