//! The demo registry reproduces the plan's published figures (the plan §9):
//! per category, the procedures and cases online by the end of each year.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashSet;

use catalog::model::{Category, OnlineStatus};
use demo::plan::{PLAN, total_cases, total_procedures};

#[test]
fn the_registry_has_the_plans_procedures_and_cases_year_by_year() {
    let (_, procedures) = demo::city().expect("demo city");
    assert_eq!(procedures.len(), 3_521);
    assert_eq!(total_procedures(), 3_521);
    assert_eq!(total_cases(), 20_507_884);
    for plan in &PLAN {
        let in_category: Vec<_> = procedures
            .iter()
            .filter(|p| p.category == plan.category)
            .collect();
        assert_eq!(in_category.len(), plan.procedures, "{:?}", plan.category);
        let cases: i64 = in_category.iter().filter_map(|p| p.annual_count).sum();
        assert_eq!(cases, plan.cases, "{:?}", plan.category);
        for figure in &plan.by_year {
            let planned: Vec<_> = in_category
                .iter()
                .filter(|p| p.planned_fy.is_some_and(|fy| fy <= figure.fiscal_year))
                .collect();
            assert_eq!(
                planned.len(),
                figure.procedures,
                "{:?} FY{}",
                plan.category,
                figure.fiscal_year
            );
            let cases: i64 = planned.iter().filter_map(|p| p.annual_count).sum();
            assert_eq!(
                cases, figure.cases,
                "{:?} FY{}",
                plan.category, figure.fiscal_year
            );
        }
    }
}

#[test]
fn some_counts_are_unknown_and_some_procedures_are_late() {
    let (_, procedures) = demo::city().expect("demo city");
    let unknown = procedures
        .iter()
        .filter(|p| p.annual_count.is_none())
        .count();
    assert!(
        unknown > 0 && unknown < 200,
        "{unknown} procedures of unknown count"
    );
    let late = procedures
        .iter()
        .filter(|p| p.online == OnlineStatus::Planned && p.planned_fy.is_some_and(|fy| fy < 2026))
        .count();
    assert!(late > 0, "plan and actual should differ somewhere");
}

#[test]
fn the_national_priority_procedures_carry_their_real_names() {
    let (org, procedures) = demo::city().expect("demo city");
    let names: HashSet<&str> = procedures.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), procedures.len(), "procedure names are unique");
    let ids: HashSet<&str> = procedures.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), procedures.len(), "procedure ids are unique");
    let childcare: Vec<&str> = procedures
        .iter()
        .filter(|p| p.category == Category::Childcare)
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        childcare.iter().any(|n| n.contains("児童手当")),
        "{childcare:?}"
    );
    assert!(
        childcare.iter().any(|n| n.contains("妊娠の届出")),
        "{childcare:?}"
    );
    assert!(
        procedures
            .iter()
            .any(|p| p.category == Category::NursingCare && p.name.contains("要介護")),
        "要介護認定"
    );
    assert!(
        procedures
            .iter()
            .any(|p| p.tags.iter().any(|t| t == "被災者支援")),
        "被災者支援"
    );
    assert!(
        procedures.iter().any(|p| p.name.contains("転出届")),
        "moving out"
    );
    for p in &procedures {
        assert!(
            kernel::text::is_hiragana(&p.kana),
            "{}: reading {:?}",
            p.name,
            p.kana
        );
        assert!(
            org.bureau(&p.bureau_id).is_some(),
            "{}: bureau {}",
            p.name,
            p.bureau_id
        );
    }
    assert_eq!(
        org.offices
            .iter()
            .filter(|o| o.kind == catalog::model::OfficeKind::Ward)
            .count(),
        16
    );
    assert_eq!(
        org.offices
            .iter()
            .filter(|o| o.kind == catalog::model::OfficeKind::Branch)
            .count(),
        6
    );
    assert!(org.bureaus.len() >= 22);
}

#[test]
fn the_demo_forms_load_and_belong_to_demo_procedures() {
    let (_, procedures) = demo::city().expect("demo city");
    let definitions = demo::forms::definitions().unwrap_or_else(|e| panic!("{e}"));
    assert!(definitions.len() >= 50, "{} forms", definitions.len());
    for definition in &definitions {
        assert!(
            procedures.iter().any(|p| p.id == definition.procedure_id),
            "{} is not a demo procedure",
            definition.procedure_id
        );
    }
    let child_allowance = definitions
        .iter()
        .find(|d| d.procedure_id == "jidou-teate-nintei")
        .expect("児童手当");
    let kinds: Vec<String> = child_allowance
        .all_fields()
        .iter()
        .map(|(_, f)| {
            serde_json::to_value(&f.kind).expect("kind")["type"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    for kind in [
        "name_with_furigana",
        "date",
        "postal_code",
        "bank_account",
        "group",
        "file",
        "radio",
        "select",
    ] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "児童手当 lacks a {kind} field"
        );
    }
}

#[test]
fn procedures_say_truthfully_how_residents_apply() {
    use catalog::way::{Way, resolve};
    let (_, procedures) = demo::city().expect("demo city");
    let definitions = demo::forms::definitions_for(&procedures).expect("forms");
    let forms: HashSet<&str> = definitions
        .iter()
        .map(|d| d.procedure_id.as_str())
        .collect();
    let way = |id: &str| {
        let p = procedures.iter().find(|p| p.id == id).expect(id);
        resolve(&p.id, &p.apply, &p.online, forms.contains(id))
    };
    assert!(matches!(
        way("shiminzei-shinkoku").way,
        Way::External { ref url, .. } if url == "https://www.eltax.lta.go.jp/"
    ));
    for id in ["tennyu", "koninn-todoke"] {
        assert_eq!(way(id).way, Way::Counter, "{id}");
        assert_ne!(way(id).status, "online", "{id}");
    }
    for id in forms.iter().filter(|id| **id != "shiminzei-shinkoku") {
        assert!(matches!(way(id).way, Way::Form { .. }), "{id}");
    }
    let gaps = procedures
        .iter()
        .filter(|p| resolve(&p.id, &p.apply, &p.online, forms.contains(p.id.as_str())).gap)
        .count();
    assert!(
        (1..50).contains(&gaps),
        "a few online procedures without a way for the DX office: {gaps}"
    );
    let aichi = procedures
        .iter()
        .filter(|p| p.apply.url == demo::AICHI_URL)
        .count();
    assert!(aichi > 2_000, "{aichi} on the prefecture's system");
    let tennyu = procedures
        .iter()
        .find(|p| p.id == "tennyu")
        .expect("転入届");
    assert!(tennyu.deadline.contains("14日以内"));
    assert!(tennyu.eligibility.contains("来庁予約"));
}

/// Every entry of the platform's search words finds something in the demo
/// city: a word that finds nothing is a typo or a procedure the city lacks.
#[test]
fn every_search_word_entry_finds_a_demo_procedure() {
    let (_, procedures) = demo::city().expect("the demo city");
    let texts: Vec<String> = procedures
        .iter()
        .map(|p| {
            format!(
                "{}\u{1F}{}\u{1F}{}",
                kernel::text::fold(&p.name),
                kernel::text::fold(&p.kana),
                p.tags
                    .iter()
                    .map(|t| kernel::text::fold(t))
                    .collect::<Vec<_>>()
                    .join("\u{1F}")
            )
        })
        .collect();
    let words = catalog::words::Words::parse(catalog::words::DEFAULT_WORDS).expect("words read");
    let dead: Vec<String> = words
        .entries()
        .iter()
        .filter(|e| {
            !e.find_folded
                .iter()
                .any(|f| texts.iter().any(|t| t.contains(f.as_str())))
        })
        .map(|e| e.say.join("/"))
        .collect();
    assert!(dead.is_empty(), "entries finding nothing: {dead:?}");
}
