//! Registry import: good files in every encoding and format are taken whole;
//! a file with bad rows is refused whole, names every bad row, and changes
//! nothing; re-importing updates by id.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use catalog::import::{FileKind, ImportOptions};
use catalog::model::OnlineStatus;
use catalog::{ImportFailure, store};
use common::TestApp;
use rust_xlsxwriter::Workbook;

const CREATE: ImportOptions = ImportOptions {
    create_missing_organisation: true,
};

const GOOD: &str = "\
手続ID,手続名,所管局,所管課,分類,根拠,年間件数,オンライン化状況,オンライン化年度,不可理由,タグ
A-1,児童手当 認定請求,子ども青少年局,子育て支援課,子育て,児童手当法第7条,\"52,000\",済,R4以前,,児童手当、子育て
A-2,要介護認定の申請,健康福祉局,介護保険課,介護,介護保険法第27条,３１０００,予定,令和6年度,,介護
A-3,転入届,スポーツ市民局,市民課,効果が高い,住民基本台帳法第22条,不明,不可,,本人確認のため来庁が必要,引越し
";

const BAD: &str = "\
手続ID,手続名,所管局,所管課,分類,根拠,年間件数,オンライン化状況,オンライン化年度,不可理由,タグ
B-1,正しい手続,子ども青少年局,子育て支援課,子育て,,10,済,R5,,
B-2,,子ども青少年局,子育て支援課,育児,,-5,済,R5,,
B-3,予定年度のない手続,健康福祉局,介護保険課,介護,,10,予定,,,
B-4,理由のない不可,健康福祉局,介護保険課,その他,,10,不可,,,
B-1,重複した手続,健康福祉局,介護保険課,その他,,10,済,来年,,
";

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn with_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// An xlsx with a title row above the header, as registries often have.
fn xlsx(csv_text: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "令和5年度 行政手続一覧")
        .expect("title");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    for (row, record) in (1u32..).zip(reader.records()) {
        for (col, cell) in (0u16..).zip(record.expect("record").iter()) {
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(row, col, number).expect("number"),
                Err(_) => sheet.write_string(row, col, cell).expect("string"),
            };
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

fn variants(text: &str) -> Vec<(&'static str, Vec<u8>, FileKind)> {
    vec![
        ("utf-8", text.as_bytes().to_vec(), FileKind::Csv),
        ("utf-8 with BOM", with_bom(text), FileKind::Csv),
        ("shift_jis", shift_jis(text), FileKind::Csv),
        ("xlsx", xlsx(text), FileKind::Xlsx),
    ]
}

#[tokio::test]
async fn good_files_import_in_every_encoding_and_format() {
    for (label, bytes, kind) in variants(GOOD) {
        let app = TestApp::spawn().await;
        let summary = app
            .platform
            .catalog
            .import(&bytes, kind, CREATE)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(summary.created, 3, "{label}");
        let db = &app.platform.db;
        let child = store::procedure(db, "A-1")
            .await
            .expect("read")
            .expect("A-1 stored");
        assert_eq!(child.name, "児童手当 認定請求", "{label}");
        assert_eq!(child.annual_count, Some(52_000), "{label}");
        assert_eq!(
            child.online,
            OnlineStatus::Online {
                fiscal_year: Some(2022),
                or_earlier: true,
                since: None
            },
            "{label}"
        );
        assert_eq!(child.tags, vec!["児童手当", "子育て"], "{label}");
        let care = store::procedure(db, "A-2")
            .await
            .expect("read")
            .expect("A-2 stored");
        assert_eq!(
            care.annual_count,
            Some(31_000),
            "{label}: full-width digits"
        );
        assert_eq!(
            (care.online, care.planned_fy),
            (OnlineStatus::Planned, Some(2024)),
            "{label}"
        );
        let moving_in = store::procedure(db, "A-3")
            .await
            .expect("read")
            .expect("A-3 stored");
        assert_eq!(moving_in.annual_count, None, "{label}: 不明 is unknown");
        assert_eq!(
            moving_in.online,
            OnlineStatus::Impossible {
                reason: "本人確認のため来庁が必要".into()
            }
        );
        // The API sees it at once.
        let (status, body) = app.get_json("/api/v1/procedures/A-1").await;
        assert_eq!(status, 200, "{label}");
        assert_eq!(body["bureau"]["name"], "子ども青少年局");
    }
}

#[tokio::test]
async fn bad_files_are_refused_whole_naming_every_bad_row() {
    for (label, bytes, kind) in variants(BAD) {
        let app = TestApp::spawn().await;
        app.platform
            .catalog
            .import(GOOD.as_bytes(), FileKind::Csv, CREATE)
            .await
            .expect("good import");
        let before = store::all_procedures(&app.platform.db).await.expect("read");
        let report = match app.platform.catalog.import(&bytes, kind, CREATE).await {
            Err(ImportFailure::Refused(report)) => report,
            other => panic!("{label}: expected a refusal, got {other:?}"),
        };
        let header_offset = if kind == FileKind::Xlsx { 1 } else { 0 };
        let expected_rows: Vec<usize> = [3, 4, 5, 6].iter().map(|r| r + header_offset).collect();
        assert_eq!(report.bad_rows(), expected_rows, "{label}: {report}");
        let text = report.to_string();
        for needle in [
            "手続名が空",
            "分類「育児」",
            "年間件数「-5」",
            "予定年度が必要",
            "理由が必要",
            "重複",
            "来年",
        ] {
            assert!(
                text.contains(needle),
                "{label}: {needle} missing from\n{text}"
            );
        }
        let after = store::all_procedures(&app.platform.db).await.expect("read");
        assert_eq!(
            before, after,
            "{label}: a refused file changed the registry"
        );
        assert!(
            store::procedure(&app.platform.db, "B-1")
                .await
                .expect("read")
                .is_none(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn english_headers_and_unknown_bureaus() {
    let app = TestApp::spawn().await;
    let english = "id,name,bureau,category,status,online_fy,annual_count\nE-1,Dog registration,環境局,other,planned,2026,100\n";
    // Without permission to create bureaus the unknown one is refused.
    match app
        .platform
        .catalog
        .import(english.as_bytes(), FileKind::Csv, ImportOptions::default())
        .await
    {
        Err(ImportFailure::Refused(report)) => {
            assert!(
                report
                    .to_string()
                    .contains("所管局「環境局」は組織に登録されていません"),
                "{report}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        store::procedure_count(&app.platform.db)
            .await
            .expect("count"),
        0
    );
    let summary = app
        .platform
        .catalog
        .import(english.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("import");
    assert_eq!(summary.new_bureaus, vec!["環境局"]);
    let dog = store::procedure(&app.platform.db, "E-1")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(dog.planned_fy, Some(2026));
}

#[tokio::test]
async fn reimport_updates_by_id_and_keeps_what_the_file_does_not_say() {
    let app = TestApp::spawn().await;
    let catalog = &app.platform.catalog;
    let first = "手続ID,手続名,所管局,分類,オンライン化状況,必要書類\nR-1,犬の登録,環境局,その他,未定,申請書、狂犬病予防注射済票\n";
    catalog
        .import(first.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("first");
    let second = "手続ID,手続名,所管局,分類,オンライン化状況,オンライン化年度\nR-1,犬の登録申請,環境局,その他,済,R6\n";
    let summary = catalog
        .import(second.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("second");
    assert_eq!((summary.created, summary.updated), (0, 1));
    let dog = store::procedure(&app.platform.db, "R-1")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(dog.name, "犬の登録申請");
    assert_eq!(
        dog.documents,
        vec!["申請書", "狂犬病予防注射済票"],
        "documents kept"
    );
    assert!(matches!(
        dog.online,
        OnlineStatus::Online {
            fiscal_year: Some(2024),
            ..
        }
    ));
    assert_eq!(
        store::procedure_count(&app.platform.db)
            .await
            .expect("count"),
        1
    );
}

#[tokio::test]
async fn unreadable_files_get_a_clear_message() {
    let app = TestApp::spawn().await;
    let cases: Vec<(Vec<u8>, FileKind, &str)> = vec![
        (
            vec![0x82, 0xA0, 0xFF, 0xFE, 0x81],
            FileKind::Csv,
            "文字コード",
        ),
        (
            b"just,some,columns\n1,2,3\n".to_vec(),
            FileKind::Csv,
            "見出し行",
        ),
        (
            b"PK\x03\x04 not really a zip".to_vec(),
            FileKind::Xlsx,
            "Excel",
        ),
        (
            "手続ID,手続名,分類\nX,Y,その他\n".as_bytes().to_vec(),
            FileKind::Csv,
            "所管局",
        ),
        (
            "手続ID,手続名,所管局,分類,オンライン化状況\n"
                .as_bytes()
                .to_vec(),
            FileKind::Csv,
            "データの行",
        ),
    ];
    for (bytes, kind, needle) in cases {
        match app.platform.catalog.import(&bytes, kind, CREATE).await {
            Err(ImportFailure::Refused(report)) => {
                assert!(report.to_string().contains(needle), "{needle}: {report}")
            }
            other => panic!("{needle}: expected a refusal, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn export_imports_back_unchanged() {
    let app = TestApp::spawn().await;
    let catalog = &app.platform.catalog;
    catalog
        .import(GOOD.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("import");
    let db = &app.platform.db;
    let before = store::all_procedures(db).await.expect("read");
    let org = store::organisation(db).await.expect("org");
    for (label, bytes, kind) in [
        (
            "csv utf-8",
            catalog::export::to_csv(&before, &org, catalog::export::TextEncoding::Utf8Bom)
                .expect("csv"),
            FileKind::Csv,
        ),
        (
            "csv sjis",
            catalog::export::to_csv(&before, &org, catalog::export::TextEncoding::ShiftJis)
                .expect("csv"),
            FileKind::Csv,
        ),
        (
            "xlsx",
            catalog::export::to_xlsx(&before, &org).expect("xlsx"),
            FileKind::Xlsx,
        ),
    ] {
        let summary = catalog
            .import(&bytes, kind, ImportOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(summary.updated, 3, "{label}");
        assert_eq!(
            store::all_procedures(db).await.expect("read"),
            before,
            "{label}"
        );
    }
}

#[tokio::test]
async fn the_retention_period_is_read_written_back_and_checked() {
    let app = TestApp::spawn().await;
    let catalog = &app.platform.catalog;
    let db = &app.platform.db;
    let with_periods = "\
手続ID,手続名,所管局,所管課,分類,オンライン化状況,オンライン化年度,保存期間（年）
R-1,児童手当 認定請求,子ども青少年局,子育て支援課,子育て,済,R5,10年
R-2,要介護認定の申請,健康福祉局,介護保険課,介護,済,R5,永年
R-3,転入届,スポーツ市民局,市民課,効果が高い,済,R5,
";
    catalog
        .import(with_periods.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("import");
    let period = |id: &'static str| async move {
        store::procedure(db, id)
            .await
            .expect("read")
            .expect("stored")
            .retention_years
    };
    assert_eq!(period("R-1").await, Some(10));
    assert_eq!(period("R-2").await, Some(0), "永年: kept for good");
    assert_eq!(period("R-3").await, None, "the city's default");

    // The export writes the column back as it was given.
    let procedures = store::all_procedures(db).await.expect("read");
    let org = store::organisation(db).await.expect("org");
    let exported = String::from_utf8(
        catalog::export::to_csv(&procedures, &org, catalog::export::TextEncoding::Utf8Bom)
            .expect("csv"),
    )
    .expect("utf-8");
    assert!(exported.contains("保存期間（年）"), "{exported}");
    assert!(
        exported
            .lines()
            .any(|l| l.starts_with("R-2,") && l.contains(",永年,")),
        "{exported}"
    );

    // A file without the column keeps the periods; a period that is not
    // years is refused with the row named.
    catalog
        .import(GOOD.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("import");
    let reimport = "\
手続ID,手続名,所管局,所管課,分類,オンライン化状況,オンライン化年度
R-1,児童手当 認定請求,子ども青少年局,子育て支援課,子育て,済,R5
";
    catalog
        .import(reimport.as_bytes(), FileKind::Csv, CREATE)
        .await
        .expect("import");
    assert_eq!(period("R-1").await, Some(10));
    let bad = "\
手続ID,手続名,所管局,所管課,分類,オンライン化状況,オンライン化年度,保存期間
R-1,児童手当 認定請求,子ども青少年局,子育て支援課,子育て,済,R5,6か月
";
    let report = match catalog.import(bad.as_bytes(), FileKind::Csv, CREATE).await {
        Err(ImportFailure::Refused(report)) => report,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(report.to_string().contains("保存期間「6か月」"), "{report}");
    assert_eq!(period("R-1").await, Some(10));
}
