//! The demo's forms: ten written by hand for its best-known procedures, and
//! for the rest of the 50 procedures with the most cases a year, forms made
//! from the template library and titled with the procedure's name.

use catalog::model::Procedure;
use forms::{FormDefinition, Localized, template};

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

/// How many of the most used procedures get a form.
pub const MOST_USED: usize = 50;

/// Most used procedures that the law has residents do in person or on
/// paper, so the demo gives them no online form: (procedure id, why). The
/// catalog says how they are done instead; a DX office can still build a
/// form for one (転入届 is the builder's example in the README).
pub const NOT_ONLINE_BY_LAW: [(&str, &str); 2] = [
    (
        "tennyu",
        "転入届は新しい住所の市区町村の窓口で届け出る（住民基本台帳法第22条、本人確認のうえ）",
    ),
    (
        "koninn-todoke",
        "婚姻届は届書（書面）を提出する（戸籍法第74条）",
    ),
];

/// The template each of the most used procedures without a hand-written
/// form starts from: (procedure id, template id). Ids of the form `P00315`
/// are procedures of the national inventory, numbered as the registry
/// places them; a test fails when this list and the registry's 50 most used
/// procedures part.
pub const TEMPLATE_FORMS: [(&str, &str); 42] = [
    ("shiminzei-shinkoku", "shiminzei-shinkoku"),
    ("suido-kaishi", "suido"),
    ("shiei-jutaku", "shiei-jutaku"),
    ("nozei-shomei", "nozei-shomei"),
    ("toshokan-card", "toshokan-card"),
    ("gan-kenshin", "kenshin"),
    // 特別土地保有税の期限後申告及び修正申告納付
    ("P00315", "shizei-shinkoku-jigyo"),
    ("shugaku-enjo", "shugaku-enjo"),
    // 旅行業約款の変更の認可の申請
    ("P00128", "jigyo-kyoka"),
    ("kokumin-nenkin", "kokumin-nenkin"),
    // 指定介護予防小規模多機能型居宅介護事業者の再開の届出
    ("P02078", "kaigo-jigyosha"),
    // 土地区画整理促進区域内の土地を買い取るべき旨の申出
    ("P02780", "hanyo-shinsei"),
    ("tokutei-kenshin", "kenshin"),
    // 高圧ガスの販売事業の承継の届出
    ("P00229", "jigyo-todoke"),
    ("inkan-shomei", "inkan-shomei"),
    ("keijidosha-genmen", "zei-genmen"),
    // 特定施設の構造等の変更の届出（公共下水道）
    ("P00232", "jigyo-todoke"),
    // 新受託者の選任の申立て
    ("P00175", "hanyo-shinsei"),
    // 排水設備の設置免除の許可申請
    ("P00231", "jigyo-kyoka"),
    ("shibou-todoke", "shibou-todoke"),
    ("kokuho-kanyu", "kokuho"),
    // 捕獲等許可後の許可証の亡失届出
    ("P00273", "saikofu"),
    ("koseki-shomei", "koseki-shomei"),
    ("keiro-pass", "keiro-pass"),
    ("zei-shomei", "zei-shomei"),
    // 事故の状況及び講じた措置の概要の届出（流域下水道）
    ("P00233", "jigyo-todoke"),
    // 種別割の納税管理人の申告、申請
    ("P00239", "nozei-kanrinin"),
    ("tenkyo", "tenkyo"),
    // 各種学校の廃止の認可の申請
    ("P00306", "jigyo-kyoka"),
    ("jidou-teate-henko", "jidou-teate-henko"),
    ("jutaku-kaishu-jizen", "jutaku-kaishu"),
    // 分割基準の誤りに係る法人の事業税の更正の請求の手続等
    ("P00117", "shizei-shinkoku-jigyo"),
    // 氏名の変更等の届出（流域下水道）
    ("P00235", "jigyo-todoke"),
    // 消防設備士免状の再交付申請
    ("P00309", "saikofu"),
    // 地下水採取許可の失効の届出
    ("P00234", "jigyo-todoke"),
    // 免許状の授与に係る申請
    ("P00417", "jigyo-kyoka"),
    ("jidou-fuyou-nintei", "jidou-fuyou"),
    // 国民、民間団体等による協定の届出等
    ("P00132", "jigyo-todoke"),
    // 国外への居住地変更の届出（保健手当）
    ("P00386", "teate-henko"),
    ("yobosesshu-yoshin", "yobosesshu"),
    ("kaigo-hihokenshasho-saikofu", "kaigo-saikofu"),
    ("hokago-club", "hokago-club"),
];

/// The template for procedures neither list names nor `suggest` matches.
const GENERAL_TEMPLATE: &str = "hanyo-shinsei";

/// The `n` procedures with the most cases a year, most first (equal counts
/// by id; procedures of unknown count never).
pub fn most_used(procedures: &[Procedure], n: usize) -> Vec<&Procedure> {
    let mut counted: Vec<&Procedure> = procedures
        .iter()
        .filter(|p| p.annual_count.is_some())
        .collect();
    counted.sort_by(|a, b| {
        b.annual_count
            .cmp(&a.annual_count)
            .then_with(|| a.id.cmp(&b.id))
    });
    counted.truncate(n);
    counted
}

/// The template a procedure's demo form starts from: the one the list
/// names, else the best suggestion for its name, else the general one.
pub fn template_for(procedure: &Procedure) -> Option<&'static template::Template> {
    match TEMPLATE_FORMS.iter().find(|(id, _)| *id == procedure.id) {
        Some((_, template_id)) => template::find(template_id),
        None => template::suggest(&procedure.name)
            .first()
            .copied()
            .or_else(|| template::find(GENERAL_TEMPLATE)),
    }
}

fn hand_written() -> Result<Vec<FormDefinition>, String> {
    FORMS
        .iter()
        .map(|(id, text)| {
            FormDefinition::from_json(text).map_err(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                format!("form of {id}: {}", list.join("; "))
            })
        })
        .collect()
}

/// The demo's forms, checked: the hand-written ones, and one from a
/// template for each other of the registry's most used procedures.
pub fn definitions() -> Result<Vec<FormDefinition>, String> {
    let (_, procedures) = crate::city().map_err(|e| format!("{e:#}"))?;
    definitions_for(&procedures)
}

/// The demo's forms for `procedures` (the demo registry).
pub fn definitions_for(procedures: &[Procedure]) -> Result<Vec<FormDefinition>, String> {
    let mut definitions = hand_written()?;
    for procedure in most_used(procedures, MOST_USED) {
        if definitions.iter().any(|d| d.procedure_id == procedure.id)
            || NOT_ONLINE_BY_LAW.iter().any(|(id, _)| *id == procedure.id)
        {
            continue;
        }
        let template = template_for(procedure)
            .ok_or_else(|| format!("no template for {} {}", procedure.id, procedure.name))?;
        let title = Localized {
            ja: procedure.name.clone(),
            en: if procedure.name_en.is_empty() {
                template.form.title.en.clone()
            } else {
                procedure.name_en.clone()
            },
            ..Localized::default()
        };
        definitions.push(template.form_for(&procedure.id, Some(&title)));
    }
    Ok(definitions)
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
