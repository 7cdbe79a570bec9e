//! The bereavement corner tried as a family, a counter clerk and the DX
//! office use it: the questionnaire gives the family's list by place, the
//! counter's copy leads to entering each application that has a form, and
//! the DX office changes the rules (checked first, every version kept).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{CSRF, CSRF_COOKIE, TestApp, demo_file, get_with, login, post_with};

async fn staff(app: &TestApp, role: &str) -> String {
    let demo = demo_file(app);
    let login_of = demo
        .staff_logins
        .iter()
        .find(|l| {
            l.role == role && (role == "dx_admin" || l.section.as_deref() == Some("ward-shimin"))
        })
        .unwrap_or_else(|| panic!("a demo {role}"));
    login(app, "/staff/login", &login_of.email, &login_of.password)
        .await
        .expect("signs in")
}

const WORKING_FATHER: &str =
    "age=45&insurance=shaho&pension=kosei&child_allowance=yes&head=yes&remaining=3";

#[tokio::test]
async fn a_family_gets_its_list_of_procedures_by_place() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = get_with(&app, "/bereavement", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(page.contains("加入していた健康保険") && page.contains("action=\"/bereavement/list\""));

    let (status, page, _) = get_with(
        &app,
        &format!("/bereavement/list?{WORKING_FATHER}"),
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(status, 200);
    for expected in [
        "死亡届",
        "世帯主変更届",
        "児童手当 受給事由消滅の届出",
        "年金事務所",
        "健康保険の資格喪失・埋葬料（費）の申請",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    for absent in ["後期高齢者医療", "介護保険の資格喪失", "敬老パス"] {
        assert!(!page.contains(absent), "{absent}: {page}");
    }
    // Each item links its procedure's page; an online form only where the
    // catalog says residents apply on one (the allowance's end is notified
    // at the counter, its new claim online).
    assert!(page.contains("href=\"/procedures/jidou-teate-shometsu\""));
    assert!(!page.contains("/procedures/jidou-teate-shometsu/apply"));
    // The child allowance's new claim is applied for online.
    assert!(
        page.contains("href=\"/procedures/jidou-teate-nintei/apply\""),
        "{page}"
    );
    // The answers come back to change.
    assert!(page.contains("/bereavement?age=45"), "{page}");
    // In English, the rules' own English.
    let (_, page, _) = get_with(
        &app,
        &format!("/bereavement/list?{WORKING_FATHER}&lang=en"),
        CSRF_COOKIE,
    )
    .await;
    assert!(page.contains("Change of the head of household"), "{page}");
}

#[tokio::test]
async fn at_the_counter_the_list_leads_to_entering_each_application() {
    let app = TestApp::with_demo().await;
    let clerk = staff(&app, "clerk").await;
    let (status, page, _) = get_with(
        &app,
        &format!("/staff/counters/naka/bereavement/list?{WORKING_FATHER}"),
        &clerk,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("href=\"/staff/counters/naka/entry/jidou-teate-nintei\""),
        "{page}"
    );
    let (status, page, _) = get_with(&app, "/staff/counters/naka/bereavement", &clerk).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("action=\"/staff/counters/naka/bereavement/list\""),
        "{page}"
    );
    let (status, _, _) = get_with(&app, "/staff/counters/nowhere/bereavement/list", &clerk).await;
    assert_eq!(status, 404);
    // Residents do not get the counter's copy.
    let (status, _, _) = get_with(&app, "/staff/counters/naka/bereavement", CSRF_COOKIE).await;
    assert_ne!(status, 200);
}

#[tokio::test]
async fn the_dx_office_changes_the_rules_after_they_are_checked() {
    let app = TestApp::with_demo().await;
    let dx = staff(&app, "dx_admin").await;
    let (status, page, _) = get_with(&app, "/staff/bereavement", &dx).await;
    assert_eq!(status, 200);
    assert!(page.contains("標準のルール"), "{page}");

    // A mistake is refused with every problem named, and nothing changes.
    let broken = bereavement::rules::DEFAULT_RULES
        .replace("place = \"ward-shimin\"", "place = \"ward-nowhere\"");
    let form = |source: &str| {
        vec![
            ("csrf_token".to_string(), CSRF.to_string()),
            ("source".to_string(), source.to_string()),
        ]
    };
    let (status, page, _) = post_with(&app, "/staff/bereavement", &dx, &form(&broken)).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("手続「shibou-todoke」の場所「ward-nowhere」が [[place]] にありません。"),
        "{page}"
    );
    assert!(
        page.contains("手続「setainushi-henko」の場所「ward-nowhere」"),
        "every problem: {page}"
    );

    // A change is saved as version 1 and residents see it at once.
    let changed = bereavement::rules::DEFAULT_RULES.replace(
        "title = { ja = \"死亡届\", en = \"Death registration\" }",
        "title = { ja = \"死亡届（火葬許可の申請とあわせて）\", en = \"Death registration\" }",
    );
    let (status, _, location) = post_with(&app, "/staff/bereavement", &dx, &form(&changed)).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/staff/bereavement?saved=1"));
    let (_, page, _) = get_with(&app, "/bereavement/list", CSRF_COOKIE).await;
    assert!(
        page.contains("死亡届（火葬許可の申請とあわせて）"),
        "{page}"
    );
    let (_, page, _) = get_with(&app, "/staff/bereavement", &dx).await;
    assert!(page.contains("使用中の版: 1"), "{page}");

    // A clerk may not change them.
    let clerk = staff(&app, "clerk").await;
    let (status, _, _) = post_with(&app, "/staff/bereavement", &clerk, &form(&changed)).await;
    assert_eq!(status, 403);
}
