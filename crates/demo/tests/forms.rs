//! The demo's 50 most used procedures each have a form that checks, and the
//! section owning each demo form's procedure has a clerk and a manager to
//! process and decide its applications.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use demo::forms::{FORMS, MOST_USED, NOT_ONLINE_BY_LAW, TEMPLATE_FORMS, definitions, most_used};
use forms::FormDefinition;
use identity::Role;

#[test]
fn each_of_the_fifty_most_used_procedures_has_a_form_that_checks() {
    let (_, procedures) = demo::city().expect("demo city");
    let top = most_used(&procedures, MOST_USED);
    assert_eq!(top.len(), MOST_USED);
    assert!(
        top.windows(2)
            .all(|w| w[0].annual_count >= w[1].annual_count),
        "most used first"
    );
    let definitions = definitions().unwrap_or_else(|e| panic!("{e}"));
    for procedure in &top {
        if NOT_ONLINE_BY_LAW.iter().any(|(id, _)| *id == procedure.id) {
            assert!(
                !definitions.iter().any(|d| d.procedure_id == procedure.id),
                "{} is done in person by law: no online form",
                procedure.id
            );
            continue;
        }
        let form = definitions
            .iter()
            .find(|d| d.procedure_id == procedure.id)
            .unwrap_or_else(|| panic!("{} {} has no form", procedure.id, procedure.name));
        // As the store receives it: serialised and read back, checked.
        let text = serde_json::to_string(form).expect("json");
        FormDefinition::from_json(&text)
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", procedure.id));
        let hand_written = FORMS.iter().any(|(id, _)| *id == procedure.id);
        if !hand_written {
            assert_eq!(form.title.ja, procedure.name, "titled with the name");
            assert!(!form.title.en.is_empty(), "{}", procedure.id);
        }
    }
    // Every demo form belongs to a demo procedure, once.
    let ids: HashSet<&str> = definitions
        .iter()
        .map(|d| d.procedure_id.as_str())
        .collect();
    assert_eq!(ids.len(), definitions.len());
    for id in &ids {
        assert!(procedures.iter().any(|p| p.id == *id), "{id}");
    }
}

/// The list of templates follows the registry: it names exactly the most
/// used procedures without a hand-written form. When the registry changes
/// and this fails, map the new procedures to templates in `TEMPLATE_FORMS`.
#[test]
fn the_template_list_names_exactly_the_most_used_procedures() {
    let (_, procedures) = demo::city().expect("demo city");
    let top: HashSet<&str> = most_used(&procedures, MOST_USED)
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let expected: HashSet<&str> = top
        .iter()
        .copied()
        .filter(|id| !FORMS.iter().any(|(form, _)| form == id))
        .filter(|id| !NOT_ONLINE_BY_LAW.iter().any(|(law, _)| law == id))
        .collect();
    let listed: HashSet<&str> = TEMPLATE_FORMS.iter().map(|(id, _)| *id).collect();
    assert_eq!(listed.len(), TEMPLATE_FORMS.len(), "listed once each");
    let missing: Vec<_> = expected.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not listed: {missing:?}; no longer among the {MOST_USED} most used: {extra:?}"
    );
    for (procedure, template) in TEMPLATE_FORMS {
        assert!(
            forms::template::find(template).is_some(),
            "{procedure}: no template {template}"
        );
    }
}

#[test]
fn every_section_owning_a_demo_form_has_a_clerk_and_a_manager() {
    let (org, procedures) = demo::city().expect("demo city");
    let roster: Vec<(&str, Role, &str)> = demo::staff_roster().collect();
    let emails: HashSet<&str> = roster.iter().map(|(email, _, _)| *email).collect();
    assert_eq!(emails.len(), roster.len(), "e-mails are unique");
    for (email, _, section) in &roster {
        assert!(org.section(section).is_some(), "{email}: section {section}");
    }
    // The first logins are those the demo always had.
    assert_eq!(roster[0].0, "kosodate.clerk@city.example.jp");
    assert_eq!(roster[1].0, "kosodate.manager@city.example.jp");
    let definitions = definitions().unwrap_or_else(|e| panic!("{e}"));
    for definition in &definitions {
        let procedure = procedures
            .iter()
            .find(|p| p.id == definition.procedure_id)
            .expect("a demo procedure");
        let section = procedure
            .section_id
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no section", procedure.id));
        for role in [Role::Clerk, Role::Manager] {
            assert!(
                roster.iter().any(|(_, r, s)| *r == role && *s == section),
                "{} {}: no {role:?} in {section}",
                procedure.id,
                procedure.name
            );
        }
    }
    for (email, role, section) in &roster {
        let expected = match role {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
            _ => continue,
        };
        let prefix = email.split('@').next().unwrap_or_default();
        assert!(
            prefix.ends_with(&format!(".{expected}")),
            "{email} ({section})"
        );
    }
}

#[test]
fn the_bulky_waste_section_has_its_own_logins() {
    let roster: Vec<(&str, Role, &str)> = demo::staff_roster().collect();
    assert!(roster.contains(&(
        "kankyo-sagyo.clerk@city.example.jp",
        Role::Clerk,
        "kankyo-sagyo"
    )));
    assert!(roster.contains(&(
        "kankyo-sagyo.manager@city.example.jp",
        Role::Manager,
        "kankyo-sagyo"
    )));
}
