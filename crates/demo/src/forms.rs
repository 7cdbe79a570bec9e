//! Working forms for ten of the demo's real procedures.

/// (procedure id, form definition JSON)
pub const FORMS: [(&str, &str); 10] = [
    (
        "jidou-teate-nintei",
        include_str!("../forms/jidou-teate-nintei.json"),
    ),
    (
        "ninshin-todoke",
        include_str!("../forms/ninshin-todoke.json"),
    ),
    (
        "hoiku-moshikomi",
        include_str!("../forms/hoiku-moshikomi.json"),
    ),
    (
        "youkaigo-nintei",
        include_str!("../forms/youkaigo-nintei.json"),
    ),
    ("risai-shoumei", include_str!("../forms/risai-shoumei.json")),
    (
        "juminhyo-utsushi",
        include_str!("../forms/juminhyo-utsushi.json"),
    ),
    ("sodaigomi", include_str!("../forms/sodaigomi.json")),
    ("doro-sonsho", include_str!("../forms/doro-sonsho.json")),
    ("tenshutsu", include_str!("../forms/tenshutsu.json")),
    ("inu-toroku", include_str!("../forms/inu-toroku.json")),
];

/// Procedures whose workflow differs from the default: requests a clerk
/// settles alone, with no notice to issue.
pub const WORKFLOWS: [(&str, &str); 2] = [
    ("sodaigomi", r#"{"notice": false, "decision_by": "clerk"}"#),
    (
        "doro-sonsho",
        r#"{"corrections": false, "notice": false, "withdrawal": false, "decision_by": "clerk"}"#,
    ),
];

/// The demo's forms, checked.
pub fn definitions() -> Result<Vec<forms::FormDefinition>, String> {
    FORMS
        .iter()
        .map(|(id, text)| {
            forms::FormDefinition::from_json(text).map_err(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                format!("form of {id}: {}", list.join("; "))
            })
        })
        .collect()
}

/// The procedure of `demo.json`'s sample application: 粗大ごみ収集の申込.
pub const SAMPLE_PROCEDURE: &str = "sodaigomi";

/// Answers to the 粗大ごみ form that validate as they are, with a collection
/// date two weeks from today.
pub fn sample_answers() -> serde_json::Value {
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+9))
        .date();
    let date = today + time::Duration::days(14);
    serde_json::json!({
        "applicant_name": {
            "family_name": "名古屋", "given_name": "太郎",
            "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"
        },
        "postal_code": "460-8508",
        "address": "名古屋市中区三の丸三丁目1番1号",
        "phone": "052-961-1111",
        "email": "taro@example.jp",
        "items": [{ "item": "sofa", "count": 1 }, { "item": "other", "item_other": "電子ピアノ", "count": 1 }],
        "preferred_date": date.to_string()
    })
}
