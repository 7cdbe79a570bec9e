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

    let bad = app.get("/api/v1/indicators?format=xml").await;
    assert_eq!(bad.status().as_u16(), 400);
}
