//! `madoguchi bench indicators`: one view of the progress figures (both
//! indicators, every year, category and bureau, plus applications received
//! per procedure) over a registry of 5,000 procedures and 20 million
//! application records, against the target of 200 ms — beside the floor of
//! what a naive view would do first: count the applications.

use std::time::{Duration, Instant};

use kernel::Db;

use super::{catalog_of, ms, percentile};

pub async fn run(procedures: usize, applications: u64, views: usize) -> anyhow::Result<()> {
    let dir =
        std::env::temp_dir().join(format!("madoguchi-bench-indicators-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure(&dir, procedures, applications, views).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(
    dir: &std::path::Path,
    procedures: usize,
    applications: u64,
    views: usize,
) -> anyhow::Result<()> {
    let db = Db::open(dir, None).await?;
    db.migrate().await?;
    let (organisation, registry) = catalog_of(procedures)?;
    catalog::store::save_organisation(&db, &organisation).await?;
    catalog::store::save_procedures(&db, &registry).await?;

    // Application records spread over the procedures and five fiscal years,
    // written by SQLite itself (the writer's path is `bench submit`'s job).
    let started = Instant::now();
    let ids: Vec<String> = registry.iter().map(|p| p.id.clone()).collect();
    // A numbered list of the procedures, for the generator to pick from.
    sqlx::query("CREATE TABLE bench_procedures (n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
        .execute(db.pool())
        .await?;
    for (chunk_number, chunk) in ids.chunks(500).enumerate() {
        let sql = format!(
            "INSERT INTO bench_procedures (n, id) VALUES {}",
            kernel::db::value_rows(chunk.len(), 2)
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, id) in chunk.iter().enumerate() {
            insert = insert
                .bind(i64::try_from(chunk_number * 500 + i)?)
                .bind(id.clone());
        }
        insert.execute(db.pool()).await?;
    }
    let count = i64::try_from(ids.len())?;
    let step = 1_000_000_i64;
    let mut written = 0_i64;
    let total = i64::try_from(applications)?;
    while written < total {
        let until = (written + step).min(total);
        sqlx::query(
            "WITH RECURSIVE seq(k) AS (SELECT $1 UNION ALL SELECT k + 1 FROM seq WHERE k + 1 < $2) \
             INSERT INTO applications (id, receipt_number, procedure_id, form_version, section_id, \
             submitter_kind, submitter_id, request_hash, answers, status, fiscal_year, submitted_at, updated_at) \
             SELECT printf('b%012d', k), printf('B-%012d', k), p.id, 1, NULL, 'api', 'bench', '', '{}', \
             'received', 2022 + (k % 5), '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z' \
             FROM seq JOIN bench_procedures p ON p.n = (k * 7919) % $3",
        )
        .bind(written)
        .bind(until)
        .bind(count)
        .execute(db.pool())
        .await?;
        written = until;
    }
    let fill_time = started.elapsed();

    // The floor: what a view that counts applications would pay first.
    let started = Instant::now();
    sqlx::query("DELETE FROM application_counts")
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO application_counts (procedure_id, fiscal_year, received) \
         SELECT procedure_id, fiscal_year, COUNT(*) FROM applications GROUP BY procedure_id, fiscal_year",
    )
    .execute(db.pool())
    .await?;
    let count_time = started.elapsed();

    let catalog = catalog::Catalog::load(db.clone()).await?;

    let mut times: Vec<Duration> = Vec::with_capacity(views);
    let mut size = 0;
    for _ in 0..views {
        let started = Instant::now();
        let figures = progress::api::current(&catalog).await?;
        size = std::hint::black_box(serde_json::to_vec(&figures)?).len();
        times.push(started.elapsed());
    }
    times.sort();
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    println!(
        "bench indicators: {} procedures, {} application records (written in {:.1} s), {views} views",
        registry.len(),
        written,
        fill_time.as_secs_f64()
    );
    println!(
        "  view p50             {:>8.1} ms   ({} KB of JSON)",
        ms(p50),
        size / 1024
    );
    println!(
        "  view p99             {:>8.1} ms   (target < 200 ms: {:.1} % of the target)",
        ms(p99),
        ms(p99) / 200.0 * 100.0
    );
    println!(
        "  floor: counting the applications once {:.0} ms; a view is {:.2} % of that",
        ms(count_time),
        ms(p99) / ms(count_time).max(1e-9) * 100.0
    );
    println!(
        "  result: {}",
        if ms(p99) < 200.0 { "PASS" } else { "FAIL" }
    );
    Ok(())
}
