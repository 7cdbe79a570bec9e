//! The JSON API, health, metrics and pages as a business system or a
//! browser meets them, including every kind of bad request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use catalog::import::{FileKind, ImportOptions};
use common::TestApp;

const REGISTRY: &str = "\
手続ID,手続名,英語名,読み,所管局,所管課,分類,根拠,年間件数,オンライン化状況,オンライン化年度,手数料,必要書類,タグ,窓口,標準処理期間,申請方法,申請先サービス,申請先URL
J-1,住民票の写しの交付請求,Copy of residence record,じゅうみんひょう の うつし の こうふせいきゅう,スポーツ市民局,市民課,効果が高い,住民基本台帳法第12条,1200000,済,R4,300,本人確認書類,証明書,section,1日,外部サービス,あいち電子申請・届出システム,https://www.shinsei.e-aichi.jp/city-nagoya-aichi-u/
J-2,印鑑登録証明書の交付申請,,いんかんとうろくしょうめいしょ の こうふしんせい,スポーツ市民局,市民課,効果が高い,名古屋市印鑑条例,800000,予定,R7,300,,証明書,,,,,
";

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.platform
        .catalog
        .import(
            REGISTRY.as_bytes(),
            FileKind::Csv,
            ImportOptions {
                create_missing_organisation: true,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    app
}

#[tokio::test]
async fn list_answers_with_totals_pages_and_links() {
    let app = app().await;
    let (status, body) = app.get_json("/api/v1/procedures?per_page=1&page=2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 2);
    assert_eq!(body["page"], 2);
    assert_eq!(body["page_count"], 2);
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    // Busier first: page 2 holds the 800,000-case procedure.
    assert_eq!(items[0]["id"], "J-2");
    assert_eq!(items[0]["url"], "/procedures/J-2");
    assert_eq!(items[0]["online_status"], "planned");
    assert_eq!(items[0]["planned_fy"], 2025);
    assert_eq!(items[0]["category"], "high_impact");
}

#[tokio::test]
async fn one_procedure_has_everything_a_resident_needs() {
    let app = app().await;
    let (status, body) = app.get_json("/api/v1/procedures/J-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "住民票の写しの交付請求");
    assert_eq!(body["name_en"], "Copy of residence record");
    assert_eq!(body["fee_yen"], 300);
    assert_eq!(body["legal_basis"], "住民基本台帳法第12条");
    assert_eq!(body["online"]["status"], "online");
    assert_eq!(body["online"]["fiscal_year_label"], "令和4年度（2022年度）");
    assert_eq!(body["section"]["name"], "市民課");
    assert_eq!(body["counters"][0]["name"], "市民課");
    assert_eq!(body["documents"][0], "本人確認書類");
    assert_eq!(body["standard_days"], 1, "標準処理期間 read from 1日");
}

#[tokio::test]
async fn unknown_procedures_are_a_json_404_in_both_languages() {
    let app = app().await;
    let (status, body) = app.get_json("/api/v1/procedures/NOPE").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .expect("ja")
            .contains("見つかりません")
    );
    assert!(
        body["error"]["message_en"]
            .as_str()
            .expect("en")
            .contains("no procedure")
    );
    let (status, _) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_parameters_are_named_with_a_400_never_a_500() {
    let app = app().await;
    let long = "あ".repeat(201);
    for (query, field) in [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=1000", "per_page"),
        ("category=%E8%82%B2%E5%85%90", "category"),
        ("bureau=nowhere", "bureau"),
        (&format!("q={long}") as &str, "q"),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/procedures?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(
            body["error"]["fields"][0]["field"], field,
            "{query}: {body}"
        );
        assert!(
            !body["error"]["fields"][0]["message"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
    }
    // Malformed percent-encoding and odd characters still get an answer.
    for query in ["q=%FF%FE", "q=%", "q=%00", "page=%EF%BC%92", "=&&=x&q"] {
        let response = app.get(&format!("/api/v1/procedures?{query}")).await;
        assert!(
            response.status().as_u16() < 500,
            "{query}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn pages_speak_the_visitors_language_and_keep_their_place() {
    let app = app().await;
    let response = app
        .client
        .get(app.url("/procedures/J-1"))
        .header("Accept-Language", "en-US,en;q=0.9")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("html");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("Copy of residence record"));
    assert!(
        html.contains("/procedures/J-1?lang=ja"),
        "the language switch keeps the page"
    );
    let html = app.get("/procedures/J-1").await.text().await.expect("html");
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("300 円"));
    assert!(html.contains("あいち電子申請・届出システムで申請する"));
    assert!(
        !html.contains("令和4年度"),
        "the online-ization year is the city's bookkeeping, on the staff view"
    );
    let missing = app.get("/procedures/NOPE").await;
    assert_eq!(missing.status(), 404);
    assert!(
        missing
            .text()
            .await
            .expect("html")
            .contains("見つかりません")
    );
    let bad = app.get("/procedures?page=abc").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.expect("html").contains("error-summary"));
}

#[tokio::test]
async fn health_metrics_and_stylesheet_are_served() {
    let app = app().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    app.get("/api/v1/procedures").await;
    // Metrics only for a scraper with the metrics scope.
    assert_eq!(app.get("/metrics").await.status().as_u16(), 401);
    let reader = common::issue_token(
        &app.platform.db,
        "app",
        &["applications:read", "applications:write"],
        None,
    )
    .await;
    let refused = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(&reader)
        .send()
        .await;
    assert_eq!(refused.expect("answer").status().as_u16(), 403);
    let scraper =
        common::issue_token(&app.platform.db, "prometheus", &["metrics:read"], None).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(&scraper)
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics");
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("route=\"/api/v1/procedures\""),
        "{metrics}"
    );
    let css = app.get("/static/madoguchi.css").await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn health_turns_503_when_the_database_is_gone() {
    let app = app().await;
    app.platform.db.close().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, 503, "{body}");
}

#[tokio::test]
async fn pages_cannot_be_framed_sniffed_or_cached_and_run_only_this_sites_scripts() {
    let app = app().await;
    for path in [
        "/",
        "/procedures",
        "/login",
        "/no-such-page",
        "/api/v1/procedures",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
    // The stylesheet may be kept; it says so itself.
    let css = app.get("/static/madoguchi.css").await;
    assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
    // No page carries an inline script for the policy to block.
    let editor_script = app.get("/static/form-editor.js").await;
    assert_eq!(editor_script.status().as_u16(), 200);
}
