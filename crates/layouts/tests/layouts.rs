//! Layouts end to end: mapping files checked, applications written as
//! fixed-width and CSV records in Shift_JIS and UTF-8, and read back.

#![allow(clippy::panic, clippy::indexing_slicing)]

use layouts::{Layout, Problem, Row};
use serde_json::{Value, json};

const CHILD_ALLOWANCE: &str = include_str!("../examples/jidou-teate-nintei.toml");
const RESULTS: &str = include_str!("../examples/jidou-teate-kekka.toml");

fn layout(text: &str) -> Layout {
    Layout::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad, "{text}");
    bytes.into_owned()
}

const FIXED: &str = r#"
[layout]
name = "テスト"
procedure = "p"
target = "legacy"
format = "fixed"
encoding = "shift_jis"

[[field]]
name = "区分"
value = "A"
width = 1

[[field]]
name = "受付番号"
source = "/receipt_number"
width = 12
required = true

[[field]]
name = "カナ"
source = "/answers/kana"
convert = ["halfwidth"]
width = 10

[[field]]
name = "氏名"
source = "/answers/name"
convert = ["fullwidth"]
pad = "fullwidth_space"
width = 10

[[field]]
name = "受付日"
source = "/submitted_at"
date = "gyymmdd"
width = 7

[[field]]
name = "生年月日"
source = "/answers/birth_date"
date = "kanji"
width = 16

[[field]]
name = "状態"
source = "/status"
width = 1
[field.codes]
received = "1"
approved = "5"

[[field]]
name = "番号"
source = "/answers/number"
pad = "zero"
width = 5
"#;

fn application(receipt: &str, kana: &str, name: &str) -> Value {
    json!({
        "receipt_number": receipt,
        "status": "approved",
        "submitted_at": "2026-03-31T15:30:00Z",
        "answers": {
            "kana": kana,
            "name": name,
            "birth_date": "2019-05-01",
            "number": 42,
        }
    })
}

#[test]
fn fixed_width_shift_jis_round_trip() {
    let layout = layout(FIXED);
    assert_eq!(layout.record_width(), Some(62));
    let records = [
        application("R8-0000001", "パイ", "山田"),
        application("R8-0000002", "ｱｲｳ", "髙橋"),
    ];
    let bytes = layout.write(&records).unwrap_or_else(|e| panic!("{e}"));
    let mut expected = Vec::new();
    expected.extend(sjis("AR8-0000001  "));
    // パイ is three half-width bytes: ﾊ, ﾟ and ｲ.
    expected.extend([0xCA, 0xDF, 0xB2]);
    expected.extend(b"       ");
    expected.extend(sjis("山田　　　"));
    // Submitted at 00:30 on 1 April in Japan.
    expected.extend(sjis("R080401"));
    expected.extend(sjis("令和元年5月1日  "));
    expected.extend(sjis("5"));
    expected.extend(sjis("00042\r\n"));
    assert_eq!(bytes.get(..64), Some(expected.as_slice()));
    assert_eq!(bytes.len(), 2 * 64);
    assert_eq!(bytes.get(77..81), Some(sjis("ｱｲｳ ").as_slice()));
    assert_eq!(bytes.get(87..91), Some(sjis("髙橋").as_slice()));

    let rows = layout.read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 2);
    let first: &Row = &rows[0];
    assert_eq!(first.line, 1);
    assert_eq!(first.values["区分"], "A");
    assert_eq!(first.values["受付番号"], "R8-0000001");
    assert_eq!(first.values["カナ"], "ﾊﾟｲ");
    assert_eq!(first.values["氏名"], "山田");
    assert_eq!(first.values["受付日"], "2026-04-01");
    assert_eq!(first.values["生年月日"], "2019-05-01");
    assert_eq!(first.values["状態"], "approved");
    assert_eq!(first.values["番号"], "42");
    assert_eq!(rows[1].values["氏名"], "髙橋");
    assert_eq!(rows[1].values["カナ"], "ｱｲｳ");
    assert_eq!(first.receipt_number, None, "no [import] table");
}

#[test]
fn characters_shift_jis_cannot_hold_are_reported_not_replaced() {
    let layout = layout(FIXED);
    let records = [
        application("R8-0000001", "ヨシダ", "吉田"),
        application("R8-0000002", "ヨシダ", "𠮷田"),
        application("R8-0000003", "ヨシダ", "𠮷野"),
    ];
    let errors = layout
        .write(&records)
        .err()
        .unwrap_or_else(|| panic!("written"));
    assert_eq!(errors.errors.len(), 2, "{errors}");
    let error = &errors.errors[0];
    assert_eq!(error.record, 2);
    assert_eq!(error.receipt_number.as_deref(), Some("R8-0000002"));
    assert_eq!(error.field, "氏名");
    assert_eq!(error.problem, Problem::Unencodable(vec!['𠮷']));
    assert_eq!(errors.errors[1].record, 3);
    let message = error.to_string();
    assert!(message.contains("2 件目"), "{message}");
    assert!(message.contains("R8-0000002"), "{message}");
    assert!(message.contains("U+20BB7"), "{message}");
}

#[test]
fn every_problem_of_every_record_is_reported() {
    let layout = layout(FIXED);
    let mut bad = application("R8-0000004", "ヤマダ", "長い長い長い名前");
    bad["status"] = json!("withdrawn");
    bad["answers"]["birth_date"] = json!("昨日");
    bad["answers"]["kana"] = json!(["リスト"]);
    let missing = json!({"status": "received"});
    let errors = layout
        .write([&bad, &missing])
        .err()
        .unwrap_or_else(|| panic!("written"));
    let found: Vec<(usize, &str, &Problem)> = errors
        .errors
        .iter()
        .map(|e| (e.record, e.field.as_str(), &e.problem))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "カナ", &Problem::NotAValue),
            (
                1,
                "氏名",
                &Problem::TooWide {
                    bytes: 16,
                    width: 10
                }
            ),
            (1, "生年月日", &Problem::BadDate("昨日".into())),
            (1, "状態", &Problem::UnknownCode("withdrawn".into())),
            (2, "受付番号", &Problem::Missing),
        ]
    );
}

#[test]
fn errors_are_bounded() {
    let layout = layout(FIXED);
    let records: Vec<Value> = (0..1_500)
        .map(|i| application(&format!("R8-{i}"), "ア", "𠮷"))
        .collect();
    let errors = layout
        .write(&records)
        .err()
        .unwrap_or_else(|| panic!("written"));
    assert_eq!(errors.errors.len(), 1_000);
    assert!(errors.more);
}

#[test]
fn truncation_on_request_cuts_on_a_character_boundary() {
    let text = FIXED.replace(
        "convert = [\"fullwidth\"]\npad = \"fullwidth_space\"\nwidth = 10",
        "truncate = true\nwidth = 5",
    );
    let layout = layout(&text);
    let bytes = layout
        .write([&application("R8-1", "ア", "山田太郎")])
        .unwrap_or_else(|e| panic!("{e}"));
    // 山田 is four bytes; 太 would make six: cut before it, pad one space.
    assert_eq!(bytes.get(23..28), Some(sjis("山田 ").as_slice()));
}

#[test]
fn full_width_padding_needs_full_width_text() {
    let layout = layout(&FIXED.replace("convert = [\"fullwidth\"]\n", ""));
    let errors = layout
        .write([&application("R8-1", "ア", "山田ｱ")])
        .err()
        .unwrap_or_else(|| panic!("written"));
    assert_eq!(errors.errors[0].problem, Problem::CannotPad);
}

#[test]
fn mac_wave_dash_is_refused_unless_folded() {
    let layout_plain = layout(&FIXED.replace("convert = [\"fullwidth\"]\n", ""));
    let errors = layout_plain
        .write([&application("R8-1", "ア", "1〜3")])
        .err()
        .unwrap_or_else(|| panic!("written"));
    assert_eq!(errors.errors[0].problem, Problem::Unencodable(vec!['〜']));
    let folded = layout(&FIXED.replace(
        "convert = [\"fullwidth\"]\n",
        "convert = [\"fullwidth\", \"windows31j\"]\n",
    ));
    let bytes = folded
        .write([&application("R8-1", "ア", "1〜3")])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes.get(23..29), Some(sjis("１～３").as_slice()));
}

#[test]
fn malformed_and_misaligned_records_are_reported_with_their_line() {
    let layout = layout(FIXED);
    let good = layout
        .write([&application("R8-1", "ア", "山田")])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut file = good.clone();
    // Line 2: a lone lead byte where 山 begins.
    let mut broken = good.clone();
    if let Some(b) = broken.get_mut(24) {
        *b = b' ';
    }
    file.extend(&broken);
    // Line 3: one byte short.
    file.extend(good.get(1..).unwrap_or_default());
    let errors = layout.read(&file).err().unwrap_or_else(|| panic!("read"));
    let found: Vec<(usize, Option<&str>)> = errors
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_deref()))
        .collect();
    assert_eq!(found, vec![(2, Some("氏名")), (3, None)], "{errors}");
    assert!(errors.to_string().contains("3 行目"), "{errors}");
}

#[test]
fn a_file_too_large_is_refused_before_reading() {
    let layout = layout(FIXED);
    let limits = layouts::Limits {
        max_bytes: 100,
        ..layouts::Limits::default()
    };
    let errors = layout
        .read_with_limits(&[b' '; 101], limits)
        .err()
        .unwrap_or_else(|| panic!("read"));
    assert!(matches!(
        errors.errors[0].problem,
        layouts::ImportProblem::TooLarge { .. }
    ));
}

const CSV: &str = r#"
[layout]
name = "CSV"
procedure = "p"
target = "legacy"
format = "csv"
encoding = "ENCODING"
header = true

[[field]]
name = "receipt"
header = "受付番号"
source = "/receipt_number"
required = true

[[field]]
name = "note"
header = "備考"
source = "/answers/note"

[[field]]
name = "status"
header = "状態"
source = "/status"
[field.codes]
approved = "承認"
rejected = "却下"

[[field]]
name = "date"
header = "受付日"
source = "/submitted_at"
date = "kanji"
"#;

#[test]
fn csv_in_both_encodings_quotes_commas_quotes_and_line_breaks() {
    let note = "保育園、\"第1希望\"\n２行目,ｶﾅ";
    let records = [
        json!({"receipt_number": "R8-1", "status": "approved", "submitted_at": "2026-04-01T00:00:00+09:00", "answers": {"note": note}}),
        json!({"receipt_number": "R8-2", "status": "rejected", "submitted_at": "2026-04-02", "answers": {}}),
    ];
    let expected = "受付番号,備考,状態,受付日\r\nR8-1,\"保育園、\"\"第1希望\"\"\n２行目,ｶﾅ\",承認,令和8年4月1日\r\nR8-2,,却下,令和8年4月2日\r\n";
    for (encoding, bytes_of) in [
        (
            "utf-8",
            (|t: &str| t.as_bytes().to_vec()) as fn(&str) -> Vec<u8>,
        ),
        ("shift_jis", sjis as fn(&str) -> Vec<u8>),
    ] {
        let layout = layout(&CSV.replace("ENCODING", encoding));
        let bytes = layout.write(&records).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes, bytes_of(expected), "{encoding}");
        let rows = layout.read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].values["note"], note);
        assert_eq!(rows[0].values["status"], "approved");
        assert_eq!(rows[0].values["date"], "2026-04-01");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4, "the quoted line break counts");
        assert_eq!(rows[1].values["note"], "");
        assert_eq!(rows[1].values["status"], "rejected");
    }
}

#[test]
fn csv_import_reports_wrong_headers_columns_codes_and_bytes() {
    let layout = layout(&CSV.replace("ENCODING", "shift_jis"));
    let mut file =
        sjis("受付番号,メモ,状態,受付日\r\nR8-1,a,承認\r\nR8-2,b,保留,令和8年4月1日\r\nR8-3,");
    file.extend([0x82]);
    file.extend(sjis(",承認,令和8年4月1日\r\n"));
    let errors = layout.read(&file).err().unwrap_or_else(|| panic!("read"));
    assert_eq!(errors.errors.len(), 1, "bytes are checked first: {errors}");
    assert_eq!(errors.errors[0].line, 4);
    assert_eq!(errors.errors[0].problem, layouts::ImportProblem::Malformed);

    let file = sjis(
        "受付番号,メモ,状態,受付日\r\nR8-1,a,承認\r\nR8-2,b,保留,令和8年4月1日\r\nR8-3,c,承認,令和1年4月1日\r\n",
    );
    let errors = layout.read(&file).err().unwrap_or_else(|| panic!("read"));
    let found: Vec<String> = errors.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        vec![
            "1 行目 見出しの 2 列目が \"メモ\" です（レイアウトは \"備考\"）",
            "2 行目 項目が 3 個あります（レイアウトは 4 個）",
            "3 行目 項目 status: コード \"保留\" はコード表にありません",
            "4 行目 項目 date: \"令和1年4月1日\" は日付として読めません",
        ]
    );
}

#[test]
fn status_updates_read_back_with_the_import_table() {
    let layout = layout(RESULTS);
    assert_eq!(layout.record_width(), Some(100));
    let updates = [
        json!({"receipt_number": "R8-0000007", "action": "approve", "updated_at": "2026-05-01", "comment": "支給決定"}),
        json!({"receipt_number": "R8-0000008", "action": "request_correction", "comment": "口座の確認書類を添付してください"}),
    ];
    let bytes = layout.write(&updates).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes.get(21..23), Some(b"30".as_slice()));
    let rows = layout.read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows[0].receipt_number.as_deref(), Some("R8-0000007"));
    assert_eq!(rows[0].action.as_deref(), Some("approve"));
    assert_eq!(rows[0].comment.as_deref(), Some("支給決定"));
    assert_eq!(rows[0].values["処理日"], "2026-05-01");
    assert_eq!(rows[1].action.as_deref(), Some("request_correction"));
    assert_eq!(rows[1].values["処理日"], "");

    // A record without a receipt number is refused.
    let mut file = bytes.clone();
    file.extend(sjis(&format!(
        "2{}30R080501{}\r\n",
        " ".repeat(20),
        "　".repeat(35)
    )));
    let errors = layout.read(&file).err().unwrap_or_else(|| panic!("read"));
    assert_eq!(errors.errors[0].line, 3);
    assert_eq!(errors.errors[0].field.as_deref(), Some("受付番号"));
}

fn demo_child_allowance(receipt: &str) -> Value {
    json!({
        "receipt_number": receipt,
        "procedure_id": "jidou-teate-nintei",
        "status": "received",
        "submitted_at": "2026-11-24T01:02:03Z",
        "answers": {
            "applicant_name": {"family_name": "山田", "given_name": "花子", "family_name_kana": "ヤマダ", "given_name_kana": "ハナコ"},
            "birth_date": "1990-06-15",
            "postal_code": "4600001",
            "address": "名古屋市中区三の丸三丁目1番1号",
            "phone": "0529611111",
            "relationship": "mother",
            "pension": "kosei",
            "children": [
                {"name": {"family_name": "山田", "given_name": "葵", "family_name_kana": "ヤマダ", "given_name_kana": "アオイ"}, "birth_date": "2024-02-29", "living_together": "together"}
            ],
            "account": {"bank_code": "0005", "branch_code": "123", "account_type": "普通", "account_number": "0123456", "account_holder": "ﾔﾏﾀﾞ ﾊﾅｺ"},
            "consent": true
        }
    })
}

#[test]
fn the_child_allowance_example_writes_400_byte_records() {
    let layout = layout(CHILD_ALLOWANCE);
    assert_eq!(layout.record_width(), Some(400));
    let summary = layout.summary();
    assert!(summary.contains("固定長 400 バイト"), "{summary}");
    let records = [
        demo_child_allowance("R8-0000001"),
        demo_child_allowance("R8-0000002"),
    ];
    let bytes = layout.write(&records).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes.len(), 2 * 402);
    let rows = layout.read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let row = &rows[0];
    assert_eq!(row.values["受付日"], "2026-11-24");
    assert_eq!(row.values["請求者氏名カナ（姓）"], "ﾔﾏﾀﾞ");
    assert_eq!(row.values["請求者氏名（名）"], "花子");
    assert_eq!(row.values["請求者生年月日"], "1990-06-15");
    assert_eq!(row.values["住所"], "名古屋市中区三の丸三丁目１番１号");
    assert_eq!(row.values["続柄"], "mother");
    assert_eq!(row.values["第1子生年月日"], "2024-02-29");
    assert_eq!(row.values["預金種目"], "普通");
    assert_eq!(row.values["口座番号"], "123456");
    assert_eq!(row.values["口座名義カナ"], "ﾔﾏﾀﾞ ﾊﾅｺ");
}

#[test]
fn mapping_files_are_checked() {
    let base =
        "[layout]\nname='t'\nprocedure='p'\ntarget='x'\nformat='fixed'\nencoding='shift_jis'\n";
    let field = |body: &str| format!("{base}[[field]]\nname='a'\n{body}\n");
    let refused = |text: &str, needle: &str| match Layout::parse(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => assert!(e.to_string().contains(needle), "{e} lacks {needle}"),
    };
    refused(&field("source='/secret'\nwidth=1"), "/secret");
    refused(&field("source='receipt_number'\nwidth=1"), "JSON ポインタ");
    refused(&field("source='/answers/'\nwidth=1"), "回答の項目");
    refused(&field("source='/status'\nwidth=0"), "width");
    refused(&field("source='/status'\nwidth=4097"), "width");
    refused(&field("source='/status'"), "width");
    refused(&field("source='/status'\nvalue='x'\nwidth=1"), "どちらか");
    refused(&field("source='/status'\nwidth=1\nwidht=2"), "widht");
    refused(
        &field("source='/status'\nwidth=3\npad='fullwidth_space'"),
        "倍数",
    );
    refused(
        &field("source='/status'\nwidth=8\ndate='kanji'\ncodes={a='1'}"),
        "date と codes",
    );
    refused(&field("value='𠮷'\nwidth=2"), "U+20BB7");
    refused(&field("value='long'\nwidth=2"), "収まりません");
    refused(
        &field("source='/status'\nwidth=1\nconvert=['shout']"),
        "shout",
    );
    refused(base, "[[field]]");
    refused(
        &format!(
            "{base}[[field]]\nname='a'\nvalue='1'\nwidth=1\n[[field]]\nname='a'\nvalue='1'\nwidth=1\n"
        ),
        "二度",
    );
    let many: String = (0..501)
        .map(|i| format!("[[field]]\nname='f{i}'\nvalue='1'\nwidth=1\n"))
        .collect();
    refused(&format!("{base}{many}"), "500");
    let wide: String = (0..9)
        .map(|i| format!("[[field]]\nname='f{i}'\nvalue=''\nwidth=4096\n"))
        .collect();
    refused(&format!("{base}{wide}"), "レコード長");
    let codes: String = (0..1001).map(|i| format!("k{i}='{i}'\n")).collect();
    refused(
        &field(&format!(
            "source='/status'\nwidth=4\n[field.codes]\n{codes}"
        )),
        "1000",
    );
    refused(
        &field("source='/status'\nwidth=1\n[import]\nreceipt='a'\naction='b'"),
        "\"b\"",
    );
    refused(
        &field("source='/status'\nwidth=1\ncodes={a='1',b='1'}\n[import]\nreceipt='a'\naction='a'"),
        "戻せません",
    );
    refused(
        &format!(
            "{}[[field]]\nname='a'\nvalue='1'\n",
            base.replace("fixed", "csv")
                .replace("encoding", "terminator='none'\nencoding")
        ),
        "none",
    );
    assert!(Layout::parse(&field("source='/answers/children/0/name'\nwidth=1")).is_ok());
}
