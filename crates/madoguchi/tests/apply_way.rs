//! Where a procedure is done, as residents meet it through the pages, the
//! search and the API: a procedure the registry calls online with no way to
//! apply is never shown as online and is listed for the DX office; a form
//! procedure has its apply button, another service its name and address.
//! Sections edit what residents read about their own procedures only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use catalog::import::{FileKind, ImportOptions};
use common::{CSRF, TestApp, demo_file, get_with, hidden, login, post_with};
use sqlx::Row;

const REGISTRY: &str = "\
手続ID,手続名,読み,所管局,所管課,分類,年間件数,オンライン化状況,オンライン化年度,申請方法,申請先サービス,申請先URL,対象者,期限,タグ
g1,犬の鑑札再交付申請,いぬのかんさつ さいこうふしんせい,健康福祉局,生活衛生課,その他,800,済,R5,,,,犬の鑑札をなくした飼い主,,ペット
e1,市民税・県民税の申告,しみんぜい けんみんぜいの しんこく,財政局,市民税課,効果が高い,90000,済,R4,外部サービス,eLTAX,https://www.eltax.lta.go.jp/,確定申告をしない方,毎年3月15日まで,ペット
f1,粗大ごみ収集の申込,そだいごみ しゅうしゅう の もうしこみ,環境局,作業課,効果が高い,300000,済,R4,,,,市内の家庭,,ペット
c1,転入届,てんにゅうとどけ,スポーツ市民局,市民課,効果が高い,120000,済,R4,窓口,,,市外から引っ越してきた方,住み始めた日から14日以内,ペット
";

async fn registry_app() -> TestApp {
    let app = TestApp::spawn().await;
    app.platform
        .catalog
        .import(
            REGISTRY.as_bytes(),
            FileKind::Csv,
            ImportOptions {
                create_missing_organisation: true,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    app
}

/// Publishes the demo's bulky-waste form as procedure `id`'s form.
async fn publish_form(app: &TestApp, id: &str) {
    let mut definition = demo::forms::definitions()
        .expect("demo forms")
        .into_iter()
        .find(|d| d.procedure_id == "sodaigomi")
        .expect("the bulky-waste form");
    definition.procedure_id = id.to_string();
    applications::form_store::save(&app.platform.db, &definition, "test")
        .await
        .expect("published");
}

async fn page(app: &TestApp, path: &str) -> String {
    let (status, body, _) = get_with(app, path, "").await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn online_in_the_registry_without_a_way_is_never_shown_online() {
    let app = registry_app().await;
    let before = catalog::store::revision(&app.platform.db)
        .await
        .expect("revision");
    publish_form(&app, "f1").await;
    assert!(
        catalog::store::revision(&app.platform.db)
            .await
            .expect("revision")
            > before,
        "publishing a form changes the catalog, so every node rebuilds its index"
    );
    app.platform.catalog.refresh().await.expect("index");

    // The procedure page says how it is done, never 「オンライン申請できます」.
    let gap = page(&app, "/procedures/g1").await;
    assert!(!gap.contains("オンライン申請できます"), "{gap}");
    assert!(!gap.contains("status-online"), "{gap}");
    assert!(!gap.contains("/procedures/g1/apply"));
    assert!(gap.contains("窓口または郵送で受け付けています"), "{gap}");
    assert!(gap.contains("犬の鑑札をなくした飼い主"), "対象者 is shown");
    assert!(
        !gap.contains("年間件数"),
        "bookkeeping stays off the public page"
    );

    // Nor do search results, the online-only filter, or the API.
    let (status, list) = app
        .get_json(&format!(
            "/api/v1/procedures?tag={}",
            catalog::pages::encode("ペット")
        ))
        .await;
    assert_eq!(status, 200, "{list}");
    let item = |id: &str| {
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {list}"))
            .clone()
    };
    assert_eq!(item("g1")["online_status"], "not_online");
    assert_eq!(item("g1")["apply_way"], "unstated");
    assert!(item("g1").get("apply_url").is_none());
    assert_eq!(item("e1")["online_status"], "online");
    assert_eq!(item("e1")["apply_way"], "external");
    assert_eq!(item("e1")["apply_service"], "eLTAX");
    assert_eq!(item("f1")["online_status"], "online");
    assert_eq!(item("f1")["apply_url"], "/procedures/f1/apply");
    assert_eq!(item("c1")["online_status"], "not_online");
    assert_eq!(item("c1")["apply_way"], "counter");

    let mut online = app.search_names("online=1").await;
    online.sort();
    assert_eq!(online, vec!["市民税・県民税の申告", "粗大ごみ収集の申込"]);
    let results = page(&app, "/procedures?online=1").await;
    assert!(!results.contains("犬の鑑札再交付申請"), "{results}");
    assert!(!results.contains("転入届"));
    let all = page(
        &app,
        &format!("/procedures?q={}", catalog::pages::encode("犬の鑑札")),
    )
    .await;
    assert!(all.contains("犬の鑑札再交付申請"));
    assert!(!all.contains("status-online"), "{all}");

    let (status, detail) = app.get_json("/api/v1/procedures/g1").await;
    assert_eq!(status, 200);
    assert_eq!(detail["online"]["status"], "not_online", "{detail}");
    assert_eq!(detail["apply"]["way"], "unstated");
    assert!(detail["apply_url"].is_null());
    assert_eq!(detail["eligibility"], "犬の鑑札をなくした飼い主");
}

#[tokio::test]
async fn a_form_procedure_has_its_button_and_another_service_its_name_and_address() {
    let app = registry_app().await;
    publish_form(&app, "f1").await;

    let form = page(&app, "/procedures/f1").await;
    assert!(form.contains("オンライン申請できます"));
    assert!(form.contains("href=\"/procedures/f1/apply\""), "{form}");

    let external = page(&app, "/procedures/e1").await;
    assert!(external.contains("オンライン申請できます"));
    assert!(external.contains("eLTAXで申請する"), "{external}");
    assert!(
        external.contains("href=\"https://www.eltax.lta.go.jp/\""),
        "{external}"
    );
    assert!(external.contains("外部のサイトに移動します"));
    assert!(external.contains("rel=\"external noopener noreferrer\""));
    assert!(external.contains("毎年3月15日まで"), "期限 is shown");
    let english = page(&app, "/procedures/e1?lang=en").await;
    assert!(english.contains("Apply on eLTAX"), "{english}");
    assert!(english.contains("Opens another site"));
    let (_, detail) = app.get_json("/api/v1/procedures/e1").await;
    assert_eq!(detail["apply"]["way"], "external");
    assert_eq!(detail["apply"]["service"], "eLTAX");
    assert_eq!(detail["apply"]["url"], "https://www.eltax.lta.go.jp/");
    assert_eq!(detail["apply"]["leaves_site"], true);
    assert_eq!(detail["apply_url"], "https://www.eltax.lta.go.jp/");

    let counter = page(&app, "/procedures/c1").await;
    assert!(counter.contains("窓口で申請してください"), "{counter}");
    assert!(!counter.contains("class=\"button"), "no apply button");
}

#[tokio::test]
async fn the_registry_import_refuses_an_unsafe_address_and_round_trips_the_new_columns() {
    let app = registry_app().await;
    let bad = "\
手続ID,手続名,所管局,分類,オンライン化状況,申請方法,申請先サービス,申請先URL
x1,何かの申請,財政局,その他,済,外部サービス,,javascript:alert(1)
x2,別の申請,財政局,その他,済,ファクス,,
";
    let refused = app
        .platform
        .catalog
        .import(bad.as_bytes(), FileKind::Csv, ImportOptions::default())
        .await
        .expect_err("refused");
    let report = refused.to_string();
    for expected in ["申請先URL", "申請先サービス", "申請方法", "ファクス"] {
        assert!(report.contains(expected), "{expected} in {report}");
    }
    assert!(
        catalog::store::procedure(&app.platform.db, "x1")
            .await
            .expect("read")
            .is_none(),
        "nothing was written"
    );

    // Export, then import the export: the same ways, 対象者 and 期限.
    let db = &app.platform.db;
    let before = catalog::store::all_procedures(db).await.expect("registry");
    let organisation = catalog::store::organisation(db).await.expect("org");
    let csv = catalog::export::to_csv(
        &before,
        &organisation,
        catalog::export::TextEncoding::Utf8Bom,
    )
    .expect("export");
    let text = String::from_utf8_lossy(&csv);
    let header = text.lines().next().expect("header");
    for column in ["申請方法", "申請先サービス", "申請先URL", "対象者", "期限"] {
        assert!(header.contains(column), "{column} in {header}");
    }
    assert!(
        text.contains("外部サービス,https://www.eltax.lta.go.jp/,eLTAX"),
        "{text}"
    );
    let fresh = TestApp::spawn().await;
    fresh
        .platform
        .catalog
        .import(
            &csv,
            FileKind::Csv,
            ImportOptions {
                create_missing_organisation: true,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let after = catalog::store::all_procedures(&fresh.platform.db)
        .await
        .expect("registry");
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.id, a.id);
        assert_eq!(b.apply, a.apply, "{}", b.id);
        assert_eq!(b.eligibility, a.eligibility, "{}", b.id);
        assert_eq!(b.deadline, a.deadline, "{}", b.id);
    }
    let (_, detail) = fresh.get_json("/api/v1/procedures/c1").await;
    assert_eq!(detail["apply"]["way"], "counter");
    assert_eq!(detail["deadline"], "住み始めた日から14日以内");
}

fn staff<'a>(demo: &'a demo::DemoFile, role: &str, section: &str) -> &'a demo::DemoLogin {
    demo.staff_logins
        .iter()
        .find(|l| l.role == role && l.section.as_deref() == Some(section))
        .unwrap_or_else(|| panic!("no {role} in {section}"))
}

async fn staff_cookie(app: &TestApp, role: &str, section: &str) -> String {
    let demo = demo_file(app);
    let who = staff(&demo, role, section);
    login(app, "/staff/login", &who.email, &who.password)
        .await
        .expect("staff login")
}

#[tokio::test]
async fn the_dx_office_sees_the_gaps_listed_and_counted() {
    let app = TestApp::with_demo().await;
    let index = app.platform.catalog.index().await.expect("index");
    let gaps: Vec<String> = index.gaps().iter().map(|p| p.id.clone()).collect();
    assert!(
        !gaps.is_empty(),
        "the demo leaves a few online procedures without a way"
    );
    assert!(gaps.len() < 100, "{} gaps", gaps.len());
    let first = index
        .procedures
        .procedures()
        .find(|p| p.id == gaps[0])
        .expect("the gap");

    let dx = staff_cookie(&app, "dx_admin", "somu-digital").await;
    let (status, dashboard, _) = get_with(&app, "/staff/progress", &dx).await;
    assert_eq!(status, 200, "{dashboard}");
    assert!(
        dashboard.contains(&format!(
            "<a href=\"#gaps\"><strong>{}</strong></a>",
            gaps.len()
        )),
        "{dashboard}"
    );
    assert!(dashboard.contains(&format!("({})</h2>", gaps.len())));
    assert!(
        dashboard.contains(&format!(
            "href=\"/staff/procedures/{}\">{}</a>",
            first.id, first.name
        )),
        "the busiest gap is listed, linked to its staff view"
    );

    // Residents never see it as online.
    let public = page(&app, &format!("/procedures/{}", first.id)).await;
    assert!(!public.contains("オンライン申請できます"));
    let (_, detail) = app
        .get_json(&format!("/api/v1/procedures/{}", first.id))
        .await;
    assert_ne!(detail["online"]["status"], "online");

    // The staff view says it is a gap, with the bookkeeping.
    let (status, view, _) = get_with(&app, &format!("/staff/procedures/{}", first.id), &dx).await;
    assert_eq!(status, 200, "{view}");
    assert!(view.contains("ギャップ"), "{view}");
    assert!(view.contains("年間件数"));

    // The named procedures are what a Nagoya resident finds.
    let (_, tax) = app.get_json("/api/v1/procedures/shiminzei-shinkoku").await;
    assert_eq!(tax["apply"]["way"], "external");
    assert_eq!(tax["apply"]["url"], "https://www.eltax.lta.go.jp/");
    for id in ["tennyu", "koninn-todoke"] {
        let (_, detail) = app.get_json(&format!("/api/v1/procedures/{id}")).await;
        assert_eq!(detail["apply"]["way"], "counter", "{id}");
        assert_ne!(detail["online"]["status"], "online", "{id}");
        assert!(
            !detail["eligibility"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
    }
    for (id, _) in demo::forms::FORMS {
        let (_, detail) = app.get_json(&format!("/api/v1/procedures/{id}")).await;
        assert_eq!(detail["apply"]["way"], "form", "{id}");
        assert_eq!(detail["apply_url"], format!("/procedures/{id}/apply"));
    }
    let (_, moving_in) = app.get_json("/api/v1/procedures/tennyu").await;
    assert!(
        moving_in["section"]["phone"]
            .as_str()
            .is_some_and(|p| p.starts_with("052-")),
        "{moving_in}"
    );
    assert!(
        moving_in["counters"][0]["hours"]
            .as_str()
            .is_some_and(|h| h.contains("8:45")),
        "{moving_in}"
    );
}

fn edit(token: &str, eligibility: &str) -> Vec<(String, String)> {
    [
        ("csrf_token", token),
        ("apply_method", "counter"),
        ("apply_service", ""),
        ("apply_url", ""),
        ("eligibility", eligibility),
        ("deadline", "住み始めた日から14日以内"),
        ("fee", "0"),
        ("fee_note", ""),
        ("documents", "転出証明書\n本人確認書類"),
        ("standard_days", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn audit_entries(app: &TestApp, id: &str) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT actor, COALESCE(after, '') AS after FROM audit_log \
         WHERE target_type = 'procedure' AND target_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(app.platform.db.pool())
    .await
    .expect("audit")
    .iter()
    .map(|r| (r.get("actor"), r.get("after")))
    .collect()
}

#[tokio::test]
async fn a_section_edits_what_residents_read_of_its_own_procedures_only() {
    let app = TestApp::with_demo().await;
    let clerk = staff_cookie(&app, "clerk", "shimin-shimin").await;
    let other = staff_cookie(&app, "clerk", "kodomo-kosodate").await;
    let dx = staff_cookie(&app, "dx_admin", "somu-digital").await;

    let (status, view, _) = get_with(&app, "/staff/procedures/tennyu", &clerk).await;
    assert_eq!(status, 200, "{view}");
    let token = hidden(&view, "csrf_token");
    assert_eq!(token, CSRF);
    let said = "市外から名古屋市に引っ越してきた方（世帯主または同じ世帯の方）";

    // Another section's clerk is refused, and nothing changes.
    let (status, body, _) = post_with(
        &app,
        "/staff/procedures/tennyu",
        &other,
        &edit(&token, "乗っ取り"),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    let (_, view_by_other, _) = get_with(&app, "/staff/procedures/tennyu", &other).await;
    assert!(
        !view_by_other.contains("name=\"eligibility\""),
        "no form for another section"
    );

    // Every problem at once, in Japanese with English, and nothing saved.
    let mut bad = edit(&token, &"あ".repeat(1001));
    for (k, v) in &mut bad {
        match k.as_str() {
            "apply_method" => *v = "external".into(),
            "apply_url" => *v = "http://example.jp/".into(),
            "fee" => *v = "たくさん".into(),
            _ => {}
        }
    }
    let (status, page_with_errors, _) =
        post_with(&app, "/staff/procedures/tennyu", &clerk, &bad).await;
    assert_eq!(status, 422, "{page_with_errors}");
    for expected in [
        "対象者が長すぎます",
        "is longer than 1000 characters",
        "https:// で始まる",
        "starting with https://",
        "外部サービスの名称",
        "手数料は",
        "（4）",
    ] {
        assert!(
            page_with_errors.contains(expected),
            "{expected} in {page_with_errors}"
        );
    }
    assert!(audit_entries(&app, "tennyu").await.is_empty());

    // Without the form's token the post is refused before the handler.
    let mut forged = edit(&token, said);
    forged.retain(|(k, _)| k != "csrf_token");
    let forged_answer = common::no_redirects()
        .post(app.url("/staff/procedures/tennyu"))
        .header("cookie", clerk.replace(common::CSRF_COOKIE, ""))
        .form(&forged)
        .send()
        .await
        .expect("answer");
    assert_eq!(forged_answer.status().as_u16(), 403);

    // The owning section saves; residents read it at once; it is audited.
    let (status, _, location) = post_with(
        &app,
        "/staff/procedures/tennyu",
        &clerk,
        &edit(&token, said),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/staff/procedures/tennyu?saved=1")
    );
    let public = page(&app, "/procedures/tennyu").await;
    assert!(public.contains(said), "{public}");
    assert!(public.contains("窓口で申請してください"));
    let entries = audit_entries(&app, "tennyu").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(entries[0].0.starts_with("staff:"), "{entries:?}");
    assert!(entries[0].1.contains(said), "the change is recorded");

    // Saving the same again changes nothing and records nothing.
    let (status, _, _) = post_with(
        &app,
        "/staff/procedures/tennyu",
        &clerk,
        &edit(&token, said),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(audit_entries(&app, "tennyu").await.len(), 1);

    // The DX office edits any section's procedure.
    let (status, _, _) = post_with(
        &app,
        "/staff/procedures/tennyu",
        &dx,
        &edit(&token, "市外から引っ越してきた方"),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(audit_entries(&app, "tennyu").await.len(), 2);
    let (_, detail) = app.get_json("/api/v1/procedures/tennyu").await;
    assert_eq!(detail["eligibility"], "市外から引っ越してきた方");
}
