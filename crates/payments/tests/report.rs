//! The daily reconciliation report's files: totals exact to the yen, the
//! CSV read back by a CSV reader (UTF-8) and decoded from Shift_JIS, a
//! character Shift_JIS lacks refused with its row, formulas neutralised,
//! and the workbook read back with calamine.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use calamine::{Data, Reader, Xlsx};
use payments::report::{self, Encoding, ReportRow, Totals};
use proptest::prelude::*;

fn row(provider: &str, section: &str, amount: i64, refunded: i64) -> ReportRow {
    ReportRow {
        provider: provider.into(),
        method: if provider == "counter" {
            "窓口（現金）".into()
        } else {
            "クレジットカード".into()
        },
        section: section.into(),
        procedure: "住民票の写しの交付請求".into(),
        receipt_number: "A-R8-001234".into(),
        payment_id: format!("pay-{provider}-{amount}-{refunded}"),
        provider_ref: "ch_3Q9x".into(),
        paid_at: "2026-12-06 10:42".into(),
        amount_yen: amount,
        refunded_yen: refunded,
    }
}

fn day() -> time::Date {
    time::macros::date!(2026 - 12 - 06)
}

fn rows() -> Vec<ReportRow> {
    vec![
        row("sandbox", "市民課", 1_200, 0),
        row("counter", "市民課", 300, 0),
        row("sandbox", "保険年金課", 12_345, 0),
        row("sandbox", "市民課", 0, 300),
        row("counter", "環境局", 999_999, 0),
    ]
}

fn totals(key: &str, count: i64, paid: i64, refunded: i64) -> Totals {
    Totals {
        key: key.into(),
        count,
        paid_yen: paid,
        refunded_yen: refunded,
        net_yen: paid - refunded,
    }
}

#[test]
fn totals_are_exact_to_the_yen_and_sorted_by_key() {
    let rows = rows();
    assert_eq!(
        report::totals_by(&rows, |r| r.provider.clone()),
        vec![
            totals("counter", 2, 1_000_299, 0),
            totals("sandbox", 3, 13_545, 300),
        ]
    );
    assert_eq!(
        report::totals_by(&rows, |r| r.section.clone()),
        vec![
            totals("保険年金課", 1, 12_345, 0),
            totals("市民課", 3, 1_500, 300),
            totals("環境局", 1, 999_999, 0),
        ]
    );
    assert_eq!(report::total(&rows), totals("合計", 5, 1_013_844, 300));
    assert!(report::totals_by(&[], |r| r.provider.clone()).is_empty());
    assert_eq!(report::total(&[]), totals("合計", 0, 0, 0));
}

proptest! {
    #[test]
    fn groups_add_up_to_the_grand_total(
        amounts in proptest::collection::vec((0usize..3, 0usize..4, 0i64..10_000_000, 0i64..10_000_000), 0..40)
    ) {
        let providers = ["sandbox", "counter", "card"];
        let sections = ["市民課", "保険年金課", "環境局", "税務課"];
        let rows: Vec<ReportRow> = amounts
            .iter()
            .map(|(p, s, a, r)| row(providers[*p], sections[*s], *a, *r))
            .collect();
        let all = report::total(&rows);
        for groups in [
            report::totals_by(&rows, |r| r.provider.clone()),
            report::totals_by(&rows, |r| r.section.clone()),
        ] {
            prop_assert_eq!(groups.iter().map(|t| t.count).sum::<i64>(), all.count);
            prop_assert_eq!(groups.iter().map(|t| t.paid_yen).sum::<i64>(), all.paid_yen);
            prop_assert_eq!(groups.iter().map(|t| t.refunded_yen).sum::<i64>(), all.refunded_yen);
            prop_assert_eq!(groups.iter().map(|t| t.net_yen).sum::<i64>(), all.net_yen);
        }
        prop_assert_eq!(all.paid_yen, rows.iter().map(|r| r.amount_yen).sum::<i64>());
    }
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_utf8_csv_has_a_bom_and_reads_back() {
    let rows = rows();
    let bytes = report::csv(day(), &rows, Encoding::Utf8Bom).unwrap();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).unwrap();
    assert!(text.contains("\r\n\r\n"), "an empty line before the totals");
    let records = read_csv(text);
    assert_eq!(
        records[0],
        [
            "決済事業者",
            "支払方法",
            "担当課",
            "手続",
            "受付番号",
            "決済ID",
            "事業者側ID",
            "決済日時",
            "入金額",
            "返金額"
        ]
    );
    for (record, row) in records[1..=rows.len()].iter().zip(&rows) {
        assert_eq!(
            record,
            &[
                row.provider.clone(),
                row.method.clone(),
                row.section.clone(),
                row.procedure.clone(),
                row.receipt_number.clone(),
                row.payment_id.clone(),
                row.provider_ref.clone(),
                row.paid_at.clone(),
                row.amount_yen.to_string(),
                row.refunded_yen.to_string(),
            ]
        );
    }
    let totals = &records[rows.len() + 1..];
    assert_eq!(
        totals[0],
        ["集計", "対象", "件数", "入金額", "返金額", "差引"]
    );
    assert_eq!(
        totals[1..],
        [
            [
                "合計（決済事業者）",
                "counter",
                "2",
                "1000299",
                "0",
                "1000299"
            ],
            [
                "合計（決済事業者）",
                "sandbox",
                "3",
                "13545",
                "300",
                "13245"
            ],
            ["合計（担当課）", "保険年金課", "1", "12345", "0", "12345"],
            ["合計（担当課）", "市民課", "3", "1500", "300", "1200"],
            ["合計（担当課）", "環境局", "1", "999999", "0", "999999"],
            ["総合計", "", "5", "1013844", "300", "1013544"],
        ]
    );
}

#[test]
fn the_shift_jis_csv_decodes_to_the_same_text() {
    let rows = rows();
    let utf8 = report::csv(day(), &rows, Encoding::Utf8Bom).unwrap();
    let sjis = report::csv(day(), &rows, Encoding::ShiftJis).unwrap();
    assert!(!sjis.starts_with(b"\xEF\xBB\xBF"));
    assert!(std::str::from_utf8(&sjis).is_err(), "not UTF-8");
    let (decoded, _, malformed) = encoding_rs::SHIFT_JIS.decode(&sjis);
    assert!(!malformed);
    assert_eq!(decoded.as_bytes(), &utf8[3..]);
}

#[test]
fn a_character_shift_jis_lacks_is_an_error_naming_its_row() {
    let mut rows = rows();
    rows[1].procedure = "𠮷田さんの営業許可".into();
    let err = report::csv(day(), &rows, Encoding::ShiftJis)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 2"), "{err}");
    assert!(err.contains("U+20BB7"), "{err}");
    // UTF-8 holds it.
    let utf8 = report::csv(day(), &rows, Encoding::Utf8Bom).unwrap();
    assert!(String::from_utf8(utf8).unwrap().contains("𠮷田"));
}

#[test]
fn formulas_are_neutralised_in_the_csv() {
    let mut evil = row("sandbox", "=1+1", 100, 0);
    evil.method = "+SUM(A1:A9)".into();
    evil.procedure = "-2+3".into();
    evil.receipt_number = "@cmd".into();
    evil.payment_id = "\tpay".into();
    evil.provider_ref = "\r=HYPERLINK(\"http://x\")".into();
    let bytes = report::csv(day(), &[evil], Encoding::Utf8Bom).unwrap();
    let records = read_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    let cells = &records[1];
    assert_eq!(cells[1], "'+SUM(A1:A9)");
    assert_eq!(cells[2], "'=1+1");
    assert_eq!(cells[3], "'-2+3");
    assert_eq!(cells[4], "'@cmd");
    assert_eq!(cells[5], "'\tpay");
    assert_eq!(cells[6], "'\r=HYPERLINK(\"http://x\")");
    assert_eq!(cells[8], "100", "amounts stay numbers");
    // The section's total line names it neutralised too.
    assert!(
        records
            .iter()
            .any(|r| r[0] == "合計（担当課）" && r[1] == "'=1+1")
    );
}

#[test]
fn negative_amounts_are_refused() {
    let rows = vec![row("sandbox", "市民課", -100, 0)];
    assert!(report::csv(day(), &rows, Encoding::Utf8Bom).is_err());
    assert!(report::xlsx(day(), &rows).is_err());
}

fn yen(cell: Option<&Data>) -> i64 {
    match cell {
        Some(Data::Float(f)) => {
            assert_eq!(f.fract(), 0.0);
            *f as i64
        }
        Some(Data::Int(i)) => *i,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        None | Some(Data::Empty) => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn the_workbook_opens_with_calamine_and_its_totals_equal_the_rows() {
    let rows = rows();
    let bytes = report::xlsx(day(), &rows).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["明細", "集計"]);

    let detail = book.worksheet_range("明細").unwrap();
    let title = text(detail.get_value((0, 0)));
    assert!(title.starts_with("決済照合報告 2026-12-06"), "{title}");
    assert!(title.contains("令和8年12月6日"), "{title}");
    assert_eq!(text(detail.get_value((2, 0))), "決済事業者");
    assert_eq!(text(detail.get_value((2, 9))), "返金額");
    let (mut paid, mut refunded) = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        let at = 3 + i as u32;
        assert_eq!(text(detail.get_value((at, 4))), row.receipt_number);
        assert_eq!(text(detail.get_value((at, 5))), row.payment_id);
        assert_eq!(yen(detail.get_value((at, 8))), row.amount_yen);
        assert_eq!(yen(detail.get_value((at, 9))), row.refunded_yen);
        paid += yen(detail.get_value((at, 8)));
        refunded += yen(detail.get_value((at, 9)));
    }
    assert_eq!(detail.get_value((3 + rows.len() as u32, 0)), None);

    let summary = book.worksheet_range("集計").unwrap();
    assert!(text(summary.get_value((0, 0))).starts_with("決済照合報告 "));
    let mut found: Vec<(String, String, i64, i64, i64, i64)> = Vec::new();
    for r in 3..summary.end().unwrap().0 + 1 {
        let label = text(summary.get_value((r, 0)));
        if label.is_empty() {
            continue;
        }
        found.push((
            label,
            text(summary.get_value((r, 1))),
            yen(summary.get_value((r, 2))),
            yen(summary.get_value((r, 3))),
            yen(summary.get_value((r, 4))),
            yen(summary.get_value((r, 5))),
        ));
    }
    let grand = found.iter().find(|f| f.0 == "総合計").unwrap();
    assert_eq!(
        (grand.2, grand.3, grand.4, grand.5),
        (5, paid, refunded, paid - refunded)
    );
    for label in ["合計（決済事業者）", "合計（担当課）"] {
        let block: Vec<_> = found.iter().filter(|f| f.0 == label).collect();
        assert_eq!(block.iter().map(|f| f.3).sum::<i64>(), paid, "{label}");
        assert_eq!(block.iter().map(|f| f.4).sum::<i64>(), refunded, "{label}");
        assert_eq!(block.iter().map(|f| f.2).sum::<i64>(), 5, "{label}");
    }
    assert_eq!(
        found
            .iter()
            .filter(|f| f.0 == "合計（決済事業者）")
            .map(|f| (f.1.as_str(), f.3))
            .collect::<Vec<_>>(),
        [("counter", 1_000_299), ("sandbox", 13_545)]
    );
}

#[test]
fn an_empty_day_still_has_its_headers_and_a_zero_total() {
    let bytes = report::csv(day(), &[], Encoding::Utf8Bom).unwrap();
    let records = read_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    assert_eq!(records.len(), 3);
    assert_eq!(records[2], ["総合計", "", "0", "0", "0", "0"]);
    let bytes = report::xlsx(day(), &[]).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let summary = book.worksheet_range("集計").unwrap();
    assert!((0..10).any(
        |r| text(summary.get_value((r, 0))) == "総合計" && yen(summary.get_value((r, 3))) == 0
    ));
}
