//! Catalog search as a resident uses it: every way of writing Japanese finds
//! the same procedures, and filters narrow them down.

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
手続ID,手続名,読み,所管局,所管課,分類,年間件数,オンライン化状況,オンライン化年度,不可理由,タグ,ライフイベント,申請方法,申請先サービス,申請先URL
c1,児童手当 認定請求,じどうてあて にんていせいきゅう,子ども青少年局,子育て支援課,子育て,52000,済,R4,,児童手当、子育て,妊娠・出産,,,
c2,児童扶養手当 現況届,じどうふようてあて げんきょうとどけ,子ども青少年局,子育て支援課,子育て,9000,予定,R7,,ひとり親、子育て,子育て,,,
c3,転入届,てんにゅうとどけ,スポーツ市民局,市民課,効果が高い,120000,不可,,本人確認のため来庁が必要,引越し,引越し,窓口,,
c4,転出届,てんしゅつとどけ,スポーツ市民局,市民課,効果が高い,110000,済,R5,,引越し,引越し,外部サービス,マイナポータル,https://myna.go.jp/
c5,マイナンバーカード交付申請,まいなんばーかーど こうふしんせい,スポーツ市民局,市民課,効果が高い,80000,済,R5,,マイナンバー,その他
c6,ＰＣＲ検査費用助成申請,ぴーしーあーる けんさひようじょせい しんせい,健康福祉局,,その他,不明,済,R4,,健康,健康・医療
c7,粗大ごみ収集の申込,そだいごみ しゅうしゅう の もうしこみ,環境局,,効果が高い,300000,済,R4以前,,ごみ,ごみ・環境
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

fn q(text: &str) -> String {
    format!("q={}", catalog::pages::encode(text))
}

#[tokio::test]
async fn every_way_of_writing_a_word_finds_the_same_procedure() {
    let app = app().await;
    for written in [
        "児童手当",
        "じどうてあて",
        "ジドウテアテ",
        "ｼﾞﾄﾞｳﾃｱﾃ",
        "ジドウ・テアテ",
    ] {
        assert_eq!(
            app.search_names(&q(written)).await,
            vec!["児童手当 認定請求"],
            "{written}"
        );
    }
}

#[tokio::test]
async fn a_word_does_not_match_across_other_words() {
    let app = app().await;
    // 転入 must not find 転出届; 児童手当 must not find 児童扶養手当.
    assert_eq!(app.search_names(&q("転入")).await, vec!["転入届"]);
    assert_eq!(app.search_names(&q("てんにゅう")).await, vec!["転入届"]);
    let both = app.search_names(&q("児童")).await;
    assert_eq!(both.len(), 2, "{both:?}");
}

#[tokio::test]
async fn full_and_half_width_letters_and_katakana_match() {
    let app = app().await;
    assert_eq!(
        app.search_names(&q("pcr")).await,
        vec!["ＰＣＲ検査費用助成申請"]
    );
    assert_eq!(
        app.search_names(&q("ＰＣＲ")).await,
        vec!["ＰＣＲ検査費用助成申請"]
    );
    assert_eq!(
        app.search_names(&q("ﾏｲﾅﾝﾊﾞｰ")).await,
        vec!["マイナンバーカード交付申請"]
    );
    assert_eq!(
        app.search_names(&q("まいなんばー")).await,
        vec!["マイナンバーカード交付申請"]
    );
}

#[tokio::test]
async fn several_words_must_all_match_and_mixed_script_works() {
    let app = app().await;
    assert_eq!(
        app.search_names(&q("児童　現況")).await,
        vec!["児童扶養手当 現況届"]
    );
    assert_eq!(
        app.search_names(&q("ごみ収集")).await,
        vec!["粗大ごみ収集の申込"]
    );
    // No procedure has both: those with one are shown, and said to be so.
    let (status, body) = app
        .get_json(&format!("/api/v1/procedures?{}", q("児童 転入")))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["partial"], true, "{body}");
    assert_eq!(body["total"], 3, "{body}");
    let (_, body) = app
        .get_json(&format!("/api/v1/procedures?{}", q("児童 現況")))
        .await;
    assert_eq!(body["partial"], false, "{body}");
    let page = app
        .client
        .get(app.url(&format!("/procedures?{}", q("児童 転入"))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("すべての言葉を含む手続はありませんでした"),
        "{page}"
    );
}

#[tokio::test]
async fn everyday_words_near_misses_and_romaji_find_the_procedure_meant() {
    let app = app().await;
    // The platform's search words: 引っ越し is what 転入届 and 転出届 are for.
    let mut moving = app.search_names(&q("引っ越し")).await;
    moving.sort();
    assert_eq!(moving, vec!["転入届", "転出届"]);
    assert_eq!(
        app.search_names(&q("ソファを捨てたい")).await,
        vec!["粗大ごみ収集の申込"]
    );
    assert_eq!(
        app.search_names(&q("sodai gomi")).await,
        vec!["粗大ごみ収集の申込"]
    );
    // A near miss is corrected, and the page says what it searched instead.
    let (_, body) = app
        .get_json(&format!("/api/v1/procedures?{}", q("児童手あて")))
        .await;
    assert_eq!(body["corrected"], true, "{body}");
    assert_eq!(body["items"][0]["name"], "児童手当 認定請求", "{body}");
    let page = app
        .client
        .get(app.url(&format!("/procedures?{}", q("児童手あて"))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("次の言葉の結果を表示しています"), "{page}");
}

#[tokio::test]
async fn filters_narrow_by_tag_category_bureau_and_life_event() {
    let app = app().await;
    let mut moving = app
        .search_names(&format!("tag={}", catalog::pages::encode("引越し")))
        .await;
    moving.sort();
    assert_eq!(moving, vec!["転入届", "転出届"]);
    assert_eq!(
        app.search_names("category=childcare&q=%E7%8F%BE%E6%B3%81")
            .await,
        vec!["児童扶養手当 現況届"]
    );
    let by_bureau_name = app
        .search_names(&format!("bureau={}", catalog::pages::encode("環境局")))
        .await;
    assert_eq!(by_bureau_name, vec!["粗大ごみ収集の申込"]);
    let by_event = app
        .search_names(&format!(
            "life_event={}",
            catalog::pages::encode("妊娠・出産")
        ))
        .await;
    assert_eq!(by_event, vec!["児童手当 認定請求"]);
    let online_moving = app
        .search_names(&format!(
            "online=1&tag={}",
            catalog::pages::encode("引越し")
        ))
        .await;
    assert_eq!(online_moving, vec!["転出届"]);
}

#[tokio::test]
async fn results_are_ranked_name_first_then_busier_first() {
    let app = app().await;
    // Both name 手当; the busier one (52,000 cases) comes first.
    assert_eq!(
        app.search_names(&q("てあて")).await,
        vec!["児童手当 認定請求", "児童扶養手当 現況届"]
    );
}

#[tokio::test]
async fn the_search_page_shows_results_without_javascript() {
    let app = app().await;
    let response = app.get(&format!("/procedures?{}", q("じどうてあて"))).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("html");
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("児童手当 認定請求"));
    assert!(html.contains("1 件の手続"));
    assert!(!html.contains("<script"));
    assert!(
        html.contains("<details class=\"filter-panel\">"),
        "filters stay folded until used"
    );
    let filtered = app
        .get("/procedures?category=childcare")
        .await
        .text()
        .await
        .expect("html");
    assert!(filtered.contains("<details class=\"filter-panel\" open>"));
    assert!(filtered.contains("<option value=\"childcare\" selected>"));
}
