//! The demo's most used procedures are each open for applications and each
//! has staff to process them: a 粗大ごみ application reaches 作業課, whose
//! demo clerk opens it, and the forms made from templates are served.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, login};

#[tokio::test]
async fn a_bulky_waste_application_is_opened_by_the_sections_demo_clerk() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let response = app
        .client
        .post(app.url(&format!(
            "/api/v1/procedures/{}/applications",
            demo.sample_application.procedure_id
        )))
        .bearer_auth(&demo.api_token)
        .json(&demo.sample_application.body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let receipt: serde_json::Value = response.json().await.expect("json");
    let receipt = receipt["receipt_number"].as_str().expect("receipt");

    let clerk = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "clerk" && l.section.as_deref() == Some("kankyo-sagyo"))
        .expect("a clerk of 作業課");
    assert_eq!(clerk.email, "kankyo-sagyo.clerk@city.example.jp");
    let cookie = login(&app, "/staff/login", &clerk.email, &clerk.password)
        .await
        .expect("the clerk signs in");
    let (status, inbox, _) = get_with(&app, "/staff/applications", &cookie).await;
    assert_eq!(status, 200);
    assert!(inbox.contains(receipt), "listed in the inbox: {inbox}");
    let (status, case, _) =
        get_with(&app, &format!("/staff/applications/{receipt}"), &cookie).await;
    assert_eq!(status, 200, "{case}");
    assert!(case.contains("名古屋 太郎"), "the answers show: {case}");
    assert!(
        demo.staff_logins
            .iter()
            .any(|l| l.role == "manager" && l.section.as_deref() == Some("kankyo-sagyo")),
        "and a manager"
    );

    // The sections of the 50 most used procedures all have both roles.
    let (_, procedures) = demo::city().expect("demo city");
    for procedure in demo::forms::most_used(&procedures, demo::forms::MOST_USED) {
        let section = procedure.section_id.as_deref().expect("a section");
        for role in ["clerk", "manager"] {
            assert!(
                demo.staff_logins
                    .iter()
                    .any(|l| l.role == role && l.section.as_deref() == Some(section)),
                "{}: no {role} in {section}",
                procedure.id
            );
        }
    }
}

#[tokio::test]
async fn forms_made_from_templates_are_served_under_the_procedures_names() {
    let app = TestApp::with_demo().await;
    for (id, title) in [
        ("shiei-jutaku", "市営住宅の入居申込"),
        ("suido-kaishi", "水道の使用開始・中止の申込"),
        ("P00239", "種別割の納税管理人の申告、申請"),
    ] {
        let (status, form) = app.get_json(&format!("/api/v1/procedures/{id}/form")).await;
        assert_eq!(status, 200, "{id}: {form}");
        assert_eq!(form["title"]["ja"], title);
        assert_eq!(form["version"], 1);
    }
    // What the law has residents do in person gets no online form.
    for (id, _) in demo::forms::NOT_ONLINE_BY_LAW {
        let (status, _) = app.get_json(&format!("/api/v1/procedures/{id}/form")).await;
        assert_eq!(status, 404, "{id}");
    }
}
