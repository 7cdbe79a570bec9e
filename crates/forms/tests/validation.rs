//! Every field type's valid and invalid answers, with the Japanese messages
//! a resident reads; and definitions refused with the place of each mistake.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use forms::FormDefinition;
use forms::validate::{Context, account_holder_kana, validate};
use serde_json::{Value, json};
use time::macros::date;

const CONTEXT: Context = Context {
    today: date!(2026 - 11 - 24),
};

fn form(fields: Value) -> FormDefinition {
    let definition = json!({
        "procedure_id": "test",
        "title": {"ja": "テスト申請", "en": "Test"},
        "sections": [{"id": "main", "title": {"ja": "申請内容"}, "fields": fields}]
    });
    FormDefinition::from_json(&definition.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn one(kind: Value) -> FormDefinition {
    let mut field = json!({"id": "f", "label": {"ja": "項目", "en": "the item"}, "required": true});
    field
        .as_object_mut()
        .unwrap()
        .extend(kind.as_object().unwrap().clone());
    form(json!([field]))
}

fn ok(definition: &FormDefinition, value: Value) -> Value {
    match validate(definition, &json!({ "f": value }), CONTEXT) {
        Ok(out) => out["f"].clone(),
        Err(errors) => panic!("{value}: {errors:?}"),
    }
}

fn refused(definition: &FormDefinition, value: Value) -> String {
    match validate(definition, &json!({ "f": value }), CONTEXT) {
        Ok(out) => panic!("{value} was accepted as {out:?}"),
        Err(errors) => {
            assert!(
                errors.iter().all(|e| !e.message_en.is_empty()),
                "English too"
            );
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join(" / ")
        }
    }
}

#[test]
fn text_length_pattern_and_required() {
    let f = one(json!({"type": "text", "max_length": 5, "pattern": "[A-Z]+"}));
    assert_eq!(ok(&f, json!(" ABC ")), json!("ABC"));
    assert_eq!(
        ok(&f, json!("ＡＢＣ")),
        json!("ＡＢＣ"),
        "kept as typed, matched after NFKC"
    );
    assert!(refused(&f, json!("ABCDEF")).contains("5 文字以内"));
    assert!(refused(&f, json!("abc")).contains("形式が正しくありません"));
    assert!(refused(&f, json!("")).contains("項目を入力してください"));
    assert!(refused(&f, json!({"x": 1})).contains("文字で入力"));
    assert!(refused(&f, json!("A\u{0}B")).contains("使えない文字"));
    let long = one(json!({"type": "long_text"}));
    assert_eq!(ok(&long, json!("一行目\n二行目")), json!("一行目\n二行目"));
    assert!(refused(&long, json!("あ".repeat(4001))).contains("4000 文字以内"));
}

#[test]
fn numbers_in_any_width_within_range() {
    let f = one(json!({"type": "number", "min": 0, "max": 20, "integer": true}));
    assert_eq!(ok(&f, json!("３")), json!(3));
    assert_eq!(ok(&f, json!(12)), json!(12));
    assert!(refused(&f, json!("2.5")).contains("整数"));
    assert!(refused(&f, json!(21)).contains("20 以下"));
    assert!(refused(&f, json!(-1)).contains("0 以上"));
    assert!(refused(&f, json!("たくさん")).contains("数字で入力"));
    assert!(refused(&f, json!("NaN")).contains("数字で入力"));
}

#[test]
fn dates_in_wareki_or_western_within_bounds() {
    let f = one(json!({"type": "date", "max": "today"}));
    assert_eq!(ok(&f, json!("令和5年4月1日")), json!("2023-04-01"));
    assert_eq!(ok(&f, json!("2023/4/1")), json!("2023-04-01"));
    assert_eq!(ok(&f, json!("H31.4.30")), json!("2019-04-30"));
    assert!(refused(&f, json!("令和9年1月1日")).contains("令和8年11月24日以前"));
    assert!(refused(&f, json!("平成31年5月1日")).contains("令和5年4月1日"));
    assert!(refused(&f, json!("2023-02-30")).contains("の形で入力してください"));
}

#[test]
fn choices_come_from_the_list() {
    let options =
        json!([{"value": "a", "label": {"ja": "あ"}}, {"value": "b", "label": {"ja": "い"}}]);
    let select = one(json!({"type": "select", "options": options}));
    assert_eq!(ok(&select, json!("b")), json!("b"));
    assert!(refused(&select, json!("c")).contains("選択肢の中から"));
    assert!(refused(&select, json!("")).contains("項目を選択してください"));
    let radio = one(json!({"type": "radio", "options": options}));
    assert!(refused(&radio, json!(["a"])).contains("文字で入力"));
    let checkbox = one(json!({"type": "checkbox", "options": options}));
    assert_eq!(ok(&checkbox, json!(["b", "a"])), json!(["a", "b"]));
    assert!(refused(&checkbox, json!(["a", "z"])).contains("選択肢の中から"));
    let consent = one(json!({"type": "checkbox"}));
    assert_eq!(ok(&consent, json!("on")), json!(true));
    assert!(
        refused(&consent, json!(false)).contains("選択してください"),
        "a required consent must be given"
    );
}

#[test]
fn email_phone_and_postal_code_are_normalized() {
    let email = one(json!({"type": "email"}));
    assert_eq!(
        ok(&email, json!(" Taro@Example.JP ")),
        json!("Taro@example.jp")
    );
    assert_eq!(
        ok(&email, json!("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ")),
        json!("taro@example.jp")
    );
    for bad in [
        "taro",
        "taro@",
        "@example.jp",
        "ta ro@example.jp",
        "a@b@example.jp",
        "taro@example",
    ] {
        assert!(
            refused(&email, json!(bad)).contains("形式が正しくありません"),
            "{bad}"
        );
    }
    let phone = one(json!({"type": "phone"}));
    assert_eq!(ok(&phone, json!("052-961-1111")), json!("0529611111"));
    assert_eq!(
        ok(&phone, json!("０９０（１２３４）５６７８")),
        json!("09012345678")
    );
    assert_eq!(ok(&phone, json!("+81 52 961 1111")), json!("0529611111"));
    assert!(refused(&phone, json!("110")).contains("10 桁か 11 桁"));
    let postal = one(json!({"type": "postal_code"}));
    for written in [
        "460-8508",
        "4608508",
        "〒460-8508",
        "４６０－８５０８",
        "460ー8508",
    ] {
        assert_eq!(ok(&postal, json!(written)), json!("4608508"), "{written}");
    }
    assert!(refused(&postal, json!("460-850")).contains("7 桁"));
}

#[test]
fn furigana_is_katakana_whatever_was_typed() {
    let f = one(json!({"type": "name_with_furigana"}));
    let answer = ok(
        &f,
        json!({"family_name": "名古屋", "given_name": "太郎", "family_name_kana": "なごや", "given_name_kana": "ﾀﾛｳ"}),
    );
    assert_eq!(answer["family_name_kana"], "ナゴヤ");
    assert_eq!(answer["given_name_kana"], "タロウ");
    let message = refused(
        &f,
        json!({"family_name": "名古屋", "given_name": "", "family_name_kana": "Nagoya", "given_name_kana": "タロウ"}),
    );
    assert!(
        message.contains("f.given_name: 項目の名を入力してください"),
        "{message}"
    );
    assert!(
        message.contains("f.family_name_kana: 項目の姓（フリガナ）はカタカナで"),
        "{message}"
    );
}

#[test]
fn bank_accounts_are_what_a_bank_transfer_accepts() {
    let f = one(json!({"type": "bank_account"}));
    let answer = ok(
        &f,
        json!({"bank_code": "０００５", "branch_code": "123", "account_type": "普通", "account_number": "12345", "account_holder": "ﾅｺﾞﾔ ﾀﾛｳ"}),
    );
    assert_eq!(
        answer["account_number"], "0012345",
        "padded to seven digits"
    );
    assert_eq!(answer["account_holder"], "ナゴヤ タロウ");
    let message = refused(
        &f,
        json!({"bank_code": "5", "branch_code": "12a", "account_type": "外貨", "account_number": "12345678", "account_holder": "名古屋太郎"}),
    );
    for part in [
        "bank_code",
        "branch_code",
        "account_type",
        "account_number",
        "account_holder",
    ] {
        assert!(message.contains(&format!("f.{part}")), "{part}: {message}");
    }
    assert!(message.contains("使えない文字: 名古屋太郎"), "{message}");
    assert_eq!(
        account_holder_kana("いっしき しょうこ"),
        Ok("イツシキ シヨウコ".to_string())
    );
    assert_eq!(
        account_holder_kana("ｶ)ﾅｺﾞﾔｼｮｳｼﾞ"),
        Ok("カ)ナゴヤシヨウジ".to_string())
    );
}

#[test]
fn files_must_be_of_an_accepted_type_and_size() {
    let f = one(
        json!({"type": "file", "accept": ["application/pdf", "image/jpeg"], "max_bytes": 1000}),
    );
    let reference =
        json!({"attachment_id": "att1", "content_type": "application/pdf", "size": 999});
    assert_eq!(ok(&f, reference.clone())["attachment_id"], "att1");
    assert!(
        refused(
            &f,
            json!({"attachment_id": "att1", "content_type": "image/png", "size": 10})
        )
        .contains("application/pdf・image/jpeg")
    );
    assert!(
        refused(
            &f,
            json!({"attachment_id": "att1", "content_type": "image/jpeg", "size": 1001})
        )
        .contains("大きすぎます")
    );
    assert!(refused(&f, json!("att1")).contains("もう一度添付"));
}

#[test]
fn groups_repeat_within_bounds_and_hidden_answers_are_dropped() {
    let f = form(json!([
        {"id": "has_children", "type": "radio", "label": {"ja": "児童の有無"}, "required": true,
         "options": [{"value": "yes", "label": {"ja": "いる"}}, {"value": "no", "label": {"ja": "いない"}}]},
        {"id": "children", "type": "group", "label": {"ja": "児童", "en": "children"}, "min": 1, "max": 3, "required": true,
         "visible_when": {"field": "has_children", "equals": "yes"},
         "fields": [
            {"id": "name", "type": "text", "label": {"ja": "氏名"}, "required": true},
            {"id": "birth", "type": "date", "label": {"ja": "生年月日"}, "required": true}
         ]}
    ]));
    let answers =
        json!({"has_children": "yes", "children": [{"name": "名古屋 一郎", "birth": "R2.5.5"}]});
    let out = validate(&f, &answers, CONTEXT).expect("valid");
    assert_eq!(out["children"][0]["birth"], "2020-05-05");
    let errors = validate(
        &f,
        &json!({"has_children": "yes", "children": [{"name": ""}, {"name": "x", "birth": "x"}]}),
        CONTEXT,
    )
    .expect_err("invalid");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec!["children[0].name", "children[0].birth", "children[1].birth"]
    );
    let too_many = json!({"has_children": "yes", "children": [{}, {}, {}, {}]});
    assert!(
        validate(&f, &too_many, CONTEXT).expect_err("too many")[0]
            .message
            .contains("1 件から 3 件まで")
    );
    let hidden = validate(
        &f,
        &json!({"has_children": "no", "children": [{"name": "stale"}]}),
        CONTEXT,
    )
    .expect("valid");
    assert!(
        !hidden.contains_key("children"),
        "answers to hidden questions are not kept"
    );
    let unknown = validate(&f, &json!({"has_children": "no", "extra": 1}), CONTEXT)
        .expect_err("unknown field");
    assert_eq!(unknown[0].field, "extra");
    assert!(validate(&f, &json!([1, 2]), CONTEXT).is_err());
}

#[test]
fn definitions_are_refused_with_the_place_of_each_mistake() {
    let errors = FormDefinition::from_json(
        &json!({
            "procedure_id": "x",
            "title": {"ja": ""},
            "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                {"id": "a", "type": "select", "label": {"ja": "A"}, "options": []},
                {"id": "a", "type": "text", "label": {"ja": "B"}, "pattern": "(unclosed"},
                {"id": "c", "type": "text", "label": {"ja": "C"}, "visible_when": {"field": "later", "equals": "x"}},
                {"id": "d", "type": "file", "label": {"ja": "D"}, "accept": ["application/x-msdownload"], "max_bytes": 0},
                {"id": "later", "type": "text", "label": {"ja": "E"}}
            ]}]
        })
        .to_string(),
    )
    .expect_err("refused");
    let paths: Vec<String> = errors.iter().map(|e| e.path.clone()).collect();
    for expected in [
        "title.ja",
        "sections[0].fields[0].options",
        "sections[0].fields[1].id",
        "sections[0].fields[1].pattern",
        "sections[0].fields[2].visible_when.field",
        "sections[0].fields[3].accept",
        "sections[0].fields[3].max_bytes",
    ] {
        assert!(
            paths.contains(&expected.to_string()),
            "{expected} missing in {paths:?}"
        );
    }
    let syntax =
        FormDefinition::from_json("{\"procedure_id\": \"x\",\n \"title\": }").expect_err("syntax");
    assert!(syntax[0].path.starts_with("line 2"), "{:?}", syntax[0]);
    let unknown_type = FormDefinition::from_json(
        &json!({"procedure_id": "x", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"},
            "fields": [{"id": "a", "type": "colour", "label": {"ja": "A"}}]}]})
        .to_string(),
    )
    .expect_err("unknown type");
    assert!(
        unknown_type[0].message.contains("colour"),
        "{unknown_type:?}"
    );
}
