//! The life-event guide (手続ガイド) tried as a resident and the DX office
//! use it: the events, a few questions, the household's printable list with
//! links to apply online; a death leads to the bereavement corner; the DX
//! office edits the guide (checked first, every version kept).

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
        .find(|l| l.role == role)
        .unwrap_or_else(|| panic!("a demo {role}"));
    login(app, "/staff/login", &login_of.email, &login_of.password)
        .await
        .expect("signs in")
}

#[tokio::test]
async fn a_family_moving_in_gets_its_list_with_ways_to_apply_online() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = get_with(&app, "/guide", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    for event in [
        "名古屋市に引っ越してきた（転入）",
        "名古屋市から引っ越す（転出）",
        "名古屋市内で引っ越す（転居）",
        "子どもが生まれた（出生）",
        "結婚する（婚姻）",
        "離婚する",
        "子どもが小学校に入学する（就学）",
        "65歳になる",
        "家族が亡くなった（おくやみ）",
    ] {
        assert!(page.contains(event), "{event}: {page}");
    }
    assert!(page.contains("href=\"/bereavement\""), "{page}");

    let (status, page, _) = get_with(&app, "/guide/tennyu", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("どこから引っ越してきましたか")
            && page.contains("action=\"/guide/tennyu/list\""),
        "{page}"
    );

    let answers =
        "from=other-city&insurance=kokuho&children=yes&school_age=yes&dog=yes&mynumber=yes";
    let (status, page, _) =
        get_with(&app, &format!("/guide/tennyu/list?{answers}"), CSRF_COOKIE).await;
    assert_eq!(status, 200);
    for expected in [
        "転入届",
        "国民健康保険の加入の届出",
        "児童手当 認定請求",
        "転入学の手続",
        "犬の登録事項変更の届出（転入）",
        "マイナンバーカードの住所変更（継続利用）",
        "住み始めた日から14日以内",
        "区役所 民生子ども課",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    for absent in [
        "住所移転後の要介護",
        "後期高齢者医療制度の転入",
        "運転免許証の記載事項変更",
    ] {
        assert!(!page.contains(absent), "{absent}: {page}");
    }
    // Procedures the catalog has are linked, and applied for online where
    // residents apply on a form.
    assert!(page.contains("href=\"/procedures/tennyu\""), "{page}");
    assert!(
        page.contains("href=\"/procedures/jidou-teate-nintei/apply\""),
        "{page}"
    );
    // The answers come back to change.
    assert!(page.contains("/guide/tennyu?"), "{page}");
    assert!(page.contains("children=yes"), "{page}");

    // In English, the guide's own English.
    let (_, page, _) = get_with(
        &app,
        &format!("/guide/tennyu/list?{answers}&lang=en"),
        CSRF_COOKIE,
    )
    .await;
    assert!(page.contains("Notice of moving in"), "{page}");

    // A death is the bereavement corner's; an unknown event is not found.
    let (status, _, location) = get_with(&app, "/guide/shibou", CSRF_COOKIE).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/bereavement"));
    let (status, _, _) = get_with(&app, "/guide/nothing", CSRF_COOKIE).await;
    assert_eq!(status, 404);
    // Answers that are not the questions' are not taken (and do not fail).
    let (status, page, _) = get_with(
        &app,
        "/guide/tennyu/list?from=mars&children=perhaps&%E2%80%AE=1",
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("転入届") && !page.contains("児童手当"),
        "{page}"
    );
}

#[tokio::test]
async fn the_dx_office_changes_the_guide_after_it_is_checked() {
    let app = TestApp::with_demo().await;
    let dx = staff(&app, "dx_admin").await;
    let (status, page, _) = get_with(&app, "/staff/guide", &dx).await;
    assert_eq!(status, 200);
    assert!(page.contains("標準の案内"), "{page}");

    let form = |source: &str| {
        vec![
            ("csrf_token".to_string(), CSRF.to_string()),
            ("source".to_string(), source.to_string()),
        ]
    };
    let broken =
        guide::events::DEFAULT_EVENTS.replace("when = { dog = true }", "when = { cat = true }");
    let (status, page, _) = post_with(&app, "/staff/guide", &dx, &form(&broken)).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("出来事「tennyu」: 手続「inu」の条件が、ない質問「cat」を使っています。"),
        "{page}"
    );
    assert!(
        page.contains("出来事「tenkyo」: 手続「inu」"),
        "every problem: {page}"
    );

    let changed = guide::events::DEFAULT_EVENTS.replace(
        "title = { ja = \"転入届\", en = \"Notice of moving in\" }",
        "title = { ja = \"転入届（窓口予約ができます）\", en = \"Notice of moving in\" }",
    );
    let (status, _, location) = post_with(&app, "/staff/guide", &dx, &form(&changed)).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/staff/guide?saved=1"));
    let (_, page, _) = get_with(&app, "/guide/tennyu/list", CSRF_COOKIE).await;
    assert!(page.contains("転入届（窓口予約ができます）"), "{page}");
    let (_, page, _) = get_with(&app, "/staff/guide", &dx).await;
    assert!(page.contains("使用中の版: 1"), "{page}");

    // A clerk may not change it; a resident may not read the editor.
    let clerk = staff(&app, "clerk").await;
    let (status, _, _) = post_with(&app, "/staff/guide", &clerk, &form(&changed)).await;
    assert_eq!(status, 403);
    let (status, _, _) = get_with(&app, "/staff/guide", CSRF_COOKIE).await;
    assert_ne!(status, 200);
}
