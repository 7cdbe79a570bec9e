//! The indicators over HTTP: the same figures as the command line, as JSON
//! or CSV; a bad format is a 400.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::TestApp;

#[tokio::test]
async fn the_indicators_api_gives_both_indicators_by_year_category_and_bureau() {
    let app = TestApp::with_demo().await;
    let (status, body) = app.get_json("/api/v1/indicators").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["fiscal_years"][0], 2022);
    let first = &body["plan"]["overall"]["years"][0];
    assert_eq!(first["label"], "R4まで");
    assert_eq!(first["cases"]["numerator"], 13_804_426);
    assert_eq!(first["cases"]["denominator"], 20_507_884);
    assert_eq!(first["cases"]["percent"], "67.3");
    assert_eq!(first["procedures"]["percent"], "7.5");
    assert_eq!(body["plan"]["overall"]["cases_reference_only"], true);
    assert_eq!(body["plan"]["categories"].as_array().map(Vec::len), Some(4));
    assert!(
        body["plan"]["bureaus"]
            .as_array()
            .is_some_and(|b| b.len() >= 15)
    );
    assert!(body["actual"]["overall"]["years"][0]["procedures"]["numerator"].is_number());

    let csv = app.get("/api/v1/indicators?format=csv").await;
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.expect("csv");
    assert!(text.starts_with("\u{feff}basis,group,key,name,fiscal_year"));
    assert!(text.contains("plan,overall,all,全体,2022,R4まで,cases,13804426,20507884,"));

    let xlsx = app.get("/api/v1/indicators?format=xlsx").await;
    assert_eq!(xlsx.status().as_u16(), 200);
    let bytes = xlsx.bytes().await.expect("xlsx");
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("workbook");
    let sheet = calamine::Reader::worksheet_range(&mut book, "計画 plan").expect("plan sheet");
    let overall_r4 = sheet.get_value((2, 2)).expect("cell").to_string();
    assert_eq!(overall_r4, "13804426", "numbers stay numbers");

    let bad = app.get("/api/v1/indicators?format=xml").await;
    assert_eq!(bad.status().as_u16(), 400);
}

/// The sample: every 25th row of the Digital Agency's R6 survey and all its
/// 適用除外 rows, saved as Excel on Windows would (Shift_JIS), gzip-compressed.
const SURVEY_SAMPLE: &[u8] = include_bytes!("../../progress/tests/data/survey-r6-sample.csv.gz");

/// Per ministry, straight from the file: (in scope, online, cases in scope,
/// cases of online procedures, all cases with both counts, online cases).
fn direct_calculation() -> std::collections::BTreeMap<String, [i64; 6]> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(SURVEY_SAMPLE)
        .read_to_end(&mut bytes)
        .expect("gzip");
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (ministry, status, total, online) = (
        at("所管府省庁"),
        at("オンライン化の実施状況"),
        at("総手続件数"),
        at("オンライン手続件数"),
    );
    let mut sums = std::collections::BTreeMap::<String, [i64; 6]>::new();
    for record in reader.records() {
        let record = record.expect("row");
        let number = |i: usize| record[i].trim().parse::<i64>().ok();
        let entry = sums.entry(record[ministry].to_string()).or_default();
        let state = &record[status];
        let (cases, online_cases) = (number(total), number(online));
        if !state.starts_with('3') {
            entry[0] += 1;
            entry[2] += cases.unwrap_or(0);
            if state.starts_with('1') || state.starts_with('5') {
                entry[1] += 1;
                entry[3] += cases.unwrap_or(0);
            }
        }
        if let (Some(cases), Some(online_cases)) = (cases, online_cases) {
            entry[4] += cases;
            entry[5] += online_cases;
        }
    }
    sums
}

#[tokio::test]
async fn indicators_per_ministry_from_the_national_inventory_match_a_direct_calculation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = common::fresh_db(&dir).await;
    db.migrate().await.expect("schema");
    let inventory = progress::inventory::parse(SURVEY_SAMPLE).expect("the sample reads");
    assert_eq!(inventory.procedures.len(), 3_395);
    progress::inventory::save(&db, &inventory)
        .await
        .expect("saved");
    let catalog = catalog::Catalog::load(db.clone()).await.expect("catalog");
    let figures = progress::api::current(&catalog).await.expect("figures");

    let expected = direct_calculation();
    assert_eq!(figures.actual.bureaus.len(), expected.len());
    for group in &figures.actual.bureaus {
        let [in_scope, online, cases, online_procedure_cases, _, _] = expected[&group.key];
        let today = group.years.last().expect("a year");
        assert_eq!(
            (today.procedures.numerator, today.procedures.denominator),
            (online, in_scope),
            "② for {}",
            group.key
        );
        assert_eq!(
            (today.cases.numerator, today.cases.denominator),
            (online_procedure_cases, cases),
            "① for {}",
            group.key
        );
    }
    for group in figures.online_use.iter().skip(1) {
        let [.., all_cases, online_cases] = expected[&group.key];
        assert_eq!(
            (group.rate.numerator, group.rate.denominator),
            (online_cases, all_cases),
            "online use for {}",
            group.key
        );
    }
    assert!(
        !figures.out_of_scope.is_empty(),
        "適用除外 procedures are listed apart"
    );
}

#[tokio::test]
async fn an_inventory_that_fails_to_save_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = common::fresh_db(&dir).await;
    db.migrate().await.expect("schema");
    let mut inventory = progress::inventory::parse(SURVEY_SAMPLE).expect("the sample reads");
    // A use row for no procedure: the last write of the import fails.
    inventory.uses.push(progress::inventory::Use {
        procedure_id: "no-such-procedure".into(),
        total_cases: Some(1),
        online_cases: Some(1),
    });
    assert!(progress::inventory::save(&db, &inventory).await.is_err());
    assert_eq!(
        catalog::store::procedure_count(&db).await.expect("count"),
        0,
        "no procedure without its online-use counts"
    );
    let organisation = catalog::store::organisation(&db)
        .await
        .expect("organisation");
    assert!(organisation.bureaus.is_empty(), "no ministry either");
}

#[tokio::test]
async fn applications_received_online_are_counted_against_the_annual_count() {
    let app = TestApp::with_demo().await;
    let demo = common::demo_file(&app);
    let path = format!(
        "/api/v1/procedures/{}/applications",
        demo.sample_application.procedure_id
    );
    let submit = |key: &'static str| {
        app.client
            .post(app.url(&path))
            .bearer_auth(&demo.api_token)
            .header("Idempotency-Key", key)
            .json(&demo.sample_application.body)
            .send()
    };
    for key in ["count-1", "count-2", "count-2"] {
        let status = submit(key).await.expect("request").status().as_u16();
        assert!(status == 201 || status == 200, "{status}");
    }
    let (_, body) = app.get_json("/api/v1/indicators").await;
    let rows = body["platform_use"].as_array().expect("platform_use");
    let row = rows
        .iter()
        .find(|r| r["procedure_id"] == demo.sample_application.procedure_id.as_str())
        .expect("the procedure applied for");
    assert_eq!(row["received"], 2, "a retried submission counts once");
    let annual = row["annual_count"].as_i64().expect("annual count");
    assert_eq!(row["rate"]["denominator"], annual);
    assert_eq!(row["rate"]["numerator"], 2);
}

#[tokio::test]
async fn the_public_progress_page_shows_the_plans_tables_and_charts_in_the_residents_language() {
    let app = TestApp::with_demo().await;
    let page = app.get("/progress").await.text().await.expect("page");
    assert!(
        page.contains("<td>13,804,426 (67.3%)</td>"),
        "the plan's table: {page}"
    );
    assert!(page.contains("<td>263 (7.5%)</td>"));
    assert!(page.contains("<td>+17.8%</td>"), "前年比");
    assert!(
        page.contains("<svg class=\"chart\" role=\"img\""),
        "charts without JavaScript"
    );
    assert!(!page.contains("<script"));
    let korean = app
        .get("/progress?lang=ko")
        .await
        .text()
        .await
        .expect("page");
    assert!(korean.contains("<html lang=\"ko\">"));
    assert!(korean.contains(&kernel::i18n::text(
        kernel::i18n::Lang::Ko,
        "progress-cases-heading"
    )));
    assert!(
        korean.contains("<th scope=\"rowgroup\" rowspan=\"2\" lang=\"ja\">"),
        "bureau names are Japanese data, marked"
    );
}

#[tokio::test]
async fn open_data_is_at_stable_addresses_with_its_columns_described() {
    let app = TestApp::with_demo().await;
    let procedures = app.get("/open-data/procedures.csv").await;
    assert_eq!(procedures.status().as_u16(), 200);
    let text = procedures.text().await.expect("csv");
    assert!(text.starts_with("\u{feff}手続ID,手続名"));
    let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(rows, 3_521, "every procedure");
    let (status, json) = app.get_json("/open-data/procedures.json").await;
    assert_eq!(status, 200);
    assert_eq!(json["procedures"].as_array().map(Vec::len), Some(3_521));
    let (_, indicators) = app.get_json("/open-data/indicators.json").await;
    assert_eq!(
        indicators["plan"]["overall"]["years"][0]["cases"]["percent"],
        "67.3"
    );

    // A guest applies online; the year's publication table counts it.
    let demo = common::demo_file(&app);
    let path = format!(
        "/api/v1/procedures/{}/applications",
        demo.sample_application.procedure_id
    );
    let sent = app
        .client
        .post(app.url(&path))
        .bearer_auth(&demo.api_token)
        .header("Idempotency-Key", "publication-1")
        .json(&demo.sample_application.body)
        .send()
        .await
        .expect("submit");
    assert_eq!(sent.status().as_u16(), 201);
    let table = app
        .get("/open-data/online-use.csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        table
            .starts_with("\u{feff}年度,手続ID,手続の名称,所管,手続総件数,うちオンライン数,割合(%)")
    );
    let line = table
        .lines()
        .find(|l| l.contains(&format!(",{},", demo.sample_application.procedure_id)))
        .expect("the procedure applied for");
    assert!(line.contains(",1,"), "{line}");
    let bad = app.get("/open-data/online-use.csv?fiscal_year=next").await;
    assert_eq!(bad.status().as_u16(), 400);
    let page = app
        .get("/open-data?lang=vi")
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(
        page.contains("<td lang=\"ja\">"),
        "column descriptions in Japanese and English"
    );
}

#[tokio::test]
async fn the_dx_office_sees_plan_against_actual_and_the_late_procedures() {
    let app = TestApp::with_demo().await;
    let (status, _, location) = common::get_with(&app, "/staff/progress", "").await;
    assert_eq!(status, 303, "staff only");
    assert!(location.is_some_and(|l| l.starts_with("/staff/login")));
    let staff = common::demo_file(&app)
        .staff_logins
        .into_iter()
        .find(|s| s.role == "dx_admin")
        .expect("a DX office login");
    let cookie = common::login(&app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("signed in");
    let (status, page, _) = common::get_with(&app, "/staff/progress", &cookie).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("13,804,426 / 20,507,884 (67.3%)"),
        "① on the plan"
    );
    assert!(page.contains("② 手続数（実績）"));
    assert!(
        page.contains("計画と実績が異なる手続 ("),
        "the late procedures are listed"
    );
    assert!(!page.contains("計画と実績が異なる手続 (0)"));
}
