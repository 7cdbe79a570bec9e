//! The template library: every template reads and checks, the groups the
//! "every procedure online" issue names are covered, a template becomes a
//! procedure's form, and the right template is suggested for a procedure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use forms::template::{self, GROUPS, Template};
use forms::{FieldKind, FormDefinition, Localized};
use kernel::i18n::Lang;
use serde_json::json;

fn in_group(group: &str) -> usize {
    template::library()
        .iter()
        .filter(|t| t.group == group)
        .count()
}

#[test]
fn the_library_has_enough_templates_with_unique_ids() {
    let library = template::library();
    assert!(library.len() >= 36, "{} templates", library.len());
    let ids: HashSet<&str> = library.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), library.len());
    for t in library {
        assert_eq!(template::find(&t.id).map(|f| &f.id), Some(&t.id));
        assert!(t.form.procedure_id.is_empty(), "{}", t.id);
        assert!(
            GROUPS.iter().any(|(ja, _)| *ja == t.group),
            "{}: group {}",
            t.id,
            t.group
        );
        assert!(!t.keywords.is_empty(), "{} has no keywords", t.id);
    }
    assert!(template::find("no-such-template").is_none());
}

#[test]
fn the_groups_of_the_national_priority_procedures_are_covered() {
    assert!(in_group("子育て") >= 8, "子育て: {}", in_group("子育て"));
    assert!(in_group("介護") >= 5, "介護: {}", in_group("介護"));
    assert!(
        in_group("被災者支援") >= 2,
        "被災者支援: {}",
        in_group("被災者支援")
    );
    assert!(
        in_group("引っ越し") >= 3,
        "引っ越し: {}",
        in_group("引っ越し")
    );
    // The 15 national 子育て procedures and the 介護 ones each find a
    // template of their group first.
    let childcare = [
        "児童手当 認定請求",
        "児童手当 額改定請求・額改定届",
        "児童手当 氏名・住所変更等の届出",
        "児童手当 受給事由消滅の届出",
        "児童手当 未支払の児童手当等の請求",
        "児童手当 寄附の申出",
        "児童手当 寄附変更等の申出",
        "児童手当 学校給食費等の徴収等の申出",
        "児童手当 現況届",
        "保育の必要性の認定（支給認定）申請",
        "保育施設等の利用申込",
        "保育施設等の現況届",
        "子どものための教育・保育給付 支給認定変更申請",
        "児童扶養手当 現況届の事前送信",
        "妊娠の届出",
    ];
    let care = [
        "要介護・要支援認定の申請（新規）",
        "要介護・要支援更新認定の申請",
        "要介護・要支援状態区分変更の申請",
        "住所移転後の要介護・要支援認定申請",
        "居宅サービス計画作成依頼の届出",
        "介護予防サービス計画作成依頼の届出",
        "介護保険被保険者証の再交付申請",
        "介護保険負担割合証の再交付申請",
        "高額介護サービス費の支給申請",
        "介護保険負担限度額認定申請",
        "居宅介護福祉用具購入費の支給申請（償還払い）",
        "居宅介護住宅改修費の支給申請（事前申請）",
        "介護保険料の減免申請",
    ];
    let disaster = [
        "罹災証明書の交付申請",
        "被災者生活再建支援金の支給申請",
        "災害弔慰金の支給申請",
        "災害援護資金の貸付申請",
    ];
    let moving = ["転出届", "転入届", "転居届", "水道の使用開始・中止の申込"];
    for (group, names) in [
        ("子育て", &childcare[..]),
        ("介護", &care[..]),
        ("被災者支援", &disaster[..]),
        ("引っ越し", &moving[..]),
    ] {
        for name in names {
            let first = template::suggest(name)
                .first()
                .map(|t| (t.id.clone(), t.group.clone()));
            assert_eq!(
                first.as_ref().map(|(_, g)| g.as_str()),
                Some(group),
                "{name}: {first:?}"
            );
        }
    }
}

#[test]
fn every_template_is_bilingual_and_ends_with_a_consent() {
    for t in template::library() {
        assert!(
            !t.title.en.is_empty() && !t.summary.en.is_empty(),
            "{}",
            t.id
        );
        let untranslated: Vec<String> = t
            .form
            .texts()
            .into_iter()
            .filter(|(_, text)| text.en.trim().is_empty())
            .map(|(path, _)| path)
            .collect();
        assert!(untranslated.is_empty(), "{}: {untranslated:?}", t.id);
        assert!(t.form.translated_into(Lang::En), "{}", t.id);
        let last = t
            .form
            .sections
            .last()
            .and_then(|s| s.fields.last())
            .expect("a field");
        assert!(
            last.required
                && matches!(&last.kind, FieldKind::Checkbox { options } if options.is_empty()),
            "{}: the last field should be the consent box",
            t.id
        );
        assert_eq!(last.label.ja, "記載内容に誤りがないことを確認しました");
        for (path, field) in t.form.all_fields() {
            if field.label.ja.contains("生年月日") || field.label.ja.ends_with("日") {
                assert!(
                    matches!(field.kind, FieldKind::Date { .. }),
                    "{}: {path} should be a date",
                    t.id
                );
            }
            if field.label.ja.contains("氏名") && !field.label.ja.contains("・") {
                assert!(
                    matches!(
                        field.kind,
                        FieldKind::NameWithFurigana | FieldKind::Text { .. }
                    ),
                    "{}: {path}",
                    t.id
                );
            }
            if let FieldKind::File { accept, max_bytes } = &field.kind {
                assert_eq!(*max_bytes, 10 * 1024 * 1024, "{}: {path}", t.id);
                for content_type in ["image/jpeg", "image/png", "application/pdf"] {
                    assert!(accept.iter().any(|a| a == content_type), "{}: {path}", t.id);
                }
            }
        }
    }
}

#[test]
fn a_template_becomes_a_procedures_form() {
    let title = Localized {
        ja: "住民票の写しの交付請求".into(),
        en: "Copy of the residence record".into(),
        ..Localized::default()
    };
    for t in template::library() {
        let form = t.form_for("P01234", Some(&title));
        assert_eq!(form.procedure_id, "P01234");
        assert_eq!(form.version, 0);
        assert_eq!(form.title, title);
        let text = serde_json::to_string(&form).expect("json");
        let read = FormDefinition::from_json(&text).unwrap_or_else(|errors| {
            panic!("{}: {errors:?}", t.id);
        });
        assert_eq!(read, form);
        // Without a title, the template's own.
        assert_eq!(t.form_for("P01234", None).title, t.form.title);
    }
}

#[test]
fn a_template_file_reads_back_as_it_was_written() {
    for t in template::library() {
        let text = t.to_json_pretty();
        assert_eq!(Template::from_json(&text).expect("reads"), *t);
    }
    let juminhyo = template::find("juminhyo-utsushi").expect("住民票");
    let form = juminhyo.form_for("juminhyo-utsushi", None);
    let shared = Template::of_form(
        "our-juminhyo",
        "証明書",
        Localized::ja("当市の住民票の写しの様式"),
        vec!["住民票".into()],
        &form,
    );
    let read = Template::from_json(&shared.to_json_pretty()).expect("reads");
    assert!(read.form.procedure_id.is_empty());
    assert_eq!(read.form.sections, juminhyo.form.sections);
}

#[test]
fn every_problem_of_a_template_is_listed() {
    let bad = json!({
        "id": "Bad Id",
        "title": {"ja": ""},
        "summary": {"ja": "要約"},
        "group": "その他",
        "keywords": ["・"],
        "form": {
            "procedure_id": "p1",
            "title": {"ja": "様式"},
            "sections": [{"id": "s", "title": {"ja": "申請者"}, "fields": [
                {"id": "a", "type": "text", "label": {"ja": ""}},
                {"id": "a", "type": "radio", "label": {"ja": "選択"}, "options": []}
            ]}]
        }
    });
    let errors = Template::from_json(&bad.to_string()).expect_err("refused");
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    for expected in [
        "id",
        "title.ja",
        "group",
        "keywords[0]",
        "form.procedure_id",
        "form.sections[0].fields[0].label.ja",
        "form.sections[0].fields[1].id",
        "form.sections[0].fields[1].options",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    // A template without a form's procedure id, but with an unknown field.
    let unknown = json!({"id": "x", "title": {"ja": "t"}, "summary": {"ja": "s"}, "group": "税",
        "form": {"title": {"ja": "t"}, "sections": []}, "colour": "red"});
    let errors = Template::from_json(&unknown.to_string()).expect_err("refused");
    assert!(errors[0].message.contains("colour"), "{errors:?}");
    assert!(Template::from_json("not json").is_err());
}

#[test]
fn suggestions_put_the_closest_template_first() {
    let first = |name: &str| {
        template::suggest(name)
            .first()
            .map(|t| t.id.clone())
            .unwrap_or_default()
    };
    assert_eq!(first("印鑑登録証明書の交付申請"), "inkan-shomei");
    assert_eq!(first("住民票の写しの交付請求"), "juminhyo-utsushi");
    assert_eq!(first("戸籍証明書の交付請求"), "koseki-shomei");
    assert_eq!(
        first("市民税・県民税 課税（非課税）証明書の交付申請"),
        "zei-shomei"
    );
    assert_eq!(first("納税証明書の交付申請"), "nozei-shomei");
    assert_eq!(first("婚姻届"), "konin-todoke");
    assert_eq!(first("出生届"), "shussei-todoke");
    assert_eq!(first("死亡届"), "shibou-todoke");
    assert_eq!(first("犬の登録"), "inu-toroku");
    assert_eq!(first("図書館利用カードの登録"), "toshokan-card");
    assert_eq!(first("市営住宅の入居申込"), "shiei-jutaku");
    // Half-width punctuation and brackets fold away.
    assert_eq!(first("市民税･県民税 課税(非課税)証明書"), "zei-shomei");
    // Names in no template's words find nothing; empty names too.
    assert!(template::suggest("xyz").is_empty());
    assert!(template::suggest("").is_empty());
    // Ranked: every suggestion contains at least one of its keywords.
    let name = kernel::text::fold("児童手当 現況届");
    for t in template::suggest("児童手当 現況届") {
        assert!(
            t.keywords
                .iter()
                .any(|k| name.contains(&kernel::text::fold(k))),
            "{}",
            t.id
        );
    }
}
