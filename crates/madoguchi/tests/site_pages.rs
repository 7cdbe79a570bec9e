//! The pages every public service has (privacy policy, terms of use,
//! accessibility statement, contact, sitemap), reached from every page's
//! footer in every language; `/sitemap.xml` for crawlers; the favicon; who
//! is signed in, in the header; and the progress page's actual figures
//! beside the plan's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{CSRF, TestApp, demo_file, get_with, login, post_with};
use kernel::i18n::{Lang, Message};

/// A catalogue text as a page shows it in `lang` (furigana on in easy Japanese).
fn shown(lang: Lang, id: &'static str) -> String {
    Message::new(id).html(lang, lang == Lang::EasyJa)
}

fn with_lang(path: &str, lang: Lang) -> String {
    format!("{path}?lang={}", lang.code())
}

#[tokio::test(flavor = "multi_thread")]
async fn each_page_every_service_has_answers_in_every_language_with_its_title() {
    let app = TestApp::spawn().await;
    for (path, title) in site::documents::SITE_PAGES {
        for lang in Lang::ALL {
            let response = app.get(&with_lang(path, lang)).await;
            assert_eq!(response.status().as_u16(), 200, "{path} in {}", lang.code());
            let page = response.text().await.expect("page");
            assert!(
                page.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{path} in {}",
                lang.code()
            );
            let heading = format!("<h1>{}</h1>", shown(lang, title));
            assert!(
                page.contains(&heading),
                "{path} in {}: no {heading}",
                lang.code()
            );
            assert!(
                !page.contains('《'),
                "{path} in {}: furigana markup shown as text",
                lang.code()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_page_links_the_pages_every_service_has_in_its_footer_and_keeps_the_language() {
    let app = TestApp::spawn().await;
    let japanese = app.get("/login").await.text().await.expect("page");
    let english = app.get("/login?lang=en").await.text().await.expect("page");
    let footer = |page: &str| page[page.find("<footer").expect("a footer")..].to_string();
    for (path, title) in site::documents::SITE_PAGES {
        assert!(
            footer(&japanese).contains(&format!(
                "<a href=\"{path}\">{}</a>",
                shown(Lang::Ja, title)
            )),
            "{path} in the Japanese footer"
        );
        assert!(
            footer(&english).contains(&format!(
                "<a href=\"{path}?lang=en\">{}</a>",
                shown(Lang::En, title)
            )),
            "{path} in the English footer"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_privacy_policy_states_the_retention_the_platform_applies() {
    // A city keeping records 7 years by default: the policy says 7, and the
    // lifetimes the code enforces.
    let app = TestApp::with_demo_settings(Default::default(), |settings| {
        settings.retention_years = 7;
    })
    .await;
    let page = app.get("/privacy").await.text().await.expect("page");
    assert!(page.contains("定めのない手続は 7 年"), "{page}");
    assert!(page.contains(&format!(
        "最後に保存してから {} 日",
        kernel::housekeeping::DRAFTS_KEPT.whole_days()
    )));
    assert!(page.contains(&format!(
        "送信から {} 日",
        kernel::housekeeping::SENT_MAIL_KEPT.whole_days()
    )));
    assert!(page.contains(&format!(
        "ログインから {} 時間",
        identity::RESIDENT_SESSION.whole_hours()
    )));
    assert!(page.contains("名古屋市個人情報の保護に関する法律施行条例"));
    // Links inside the text keep the reader's language.
    let english = app
        .get("/privacy?lang=en")
        .await
        .text()
        .await
        .expect("page");
    assert!(english.contains("(7 years for procedures that set none)"));
    assert!(english.contains("<a href=\"/contact?lang=en\">contact</a>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_accessibility_statement_shows_the_latest_results_per_page_type() {
    let app = TestApp::spawn().await;
    let results = site::accessibility::results().expect("the committed results parse");
    let page = app.get("/accessibility").await.text().await.expect("page");
    assert!(page.contains("JIS X 8341-3:2016"));
    assert!(page.contains(&results.date), "the test date");
    assert!(page.contains(&format!("axe-core {}", results.axe_version)));
    for result in &results.pages {
        assert!(
            page.contains(&format!(
                "{}</th><td><code>{}</code></td>",
                result.name_ja,
                // As the page writes it: a query's & is &#38;.
                result.path.replace('&', "&#38;")
            )),
            "{} in the table",
            result.path
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_contact_page_says_its_numbers_are_the_demos() {
    let app = TestApp::spawn().await;
    let page = app.get("/contact").await.text().await.expect("page");
    assert!(page.contains("href=\"tel:052-000-0000\""));
    assert!(page.contains(&shown(Lang::Ja, "site-contact-demo-note")));
    assert!(
        page.contains("<a href=\"/procedures\">手続の一覧</a>"),
        "procedure pages name their section"
    );
}

/// Every `<loc>` of an XML document, failing on anything not well-formed.
fn locations(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut locs = Vec::new();
    let mut in_loc = false;
    let mut root = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = e.name().into_inner().to_string();
                root.get_or_insert(name.clone());
                in_loc = name == "loc";
            }
            Event::Text(t) if in_loc => {
                locs.push(t.xml10_content().into_owned());
            }
            Event::End(_) => in_loc = false,
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(root.is_some(), "a root element");
    locs
}

#[tokio::test(flavor = "multi_thread")]
async fn sitemap_xml_lists_the_public_pages_and_every_procedure() {
    let app = TestApp::with_demo().await;
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = response.text().await.expect("xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let locs = locations(&xml);
    let base = "http://127.0.0.1:8080";
    for path in ["/", "/progress", "/privacy", "/accessibility", "/contact"] {
        assert!(locs.contains(&format!("{base}{path}")), "{path}");
    }
    let index = app.platform.catalog.index().await.expect("index");
    assert!(index.procedures.len() > 3_000, "the demo registry");
    for procedure in index.procedures.rows() {
        let url = format!("{base}/procedures/{}", kernel::web::encode(procedure.id()));
        assert!(locs.contains(&url), "{url}");
    }
    assert_eq!(
        locs.len(),
        index.procedures.len() + site::sitemap::PUBLIC_PAGES.len()
    );
    // No files of procedures for a registry that fits one file.
    assert_eq!(
        app.get("/sitemaps/procedures-1.xml")
            .await
            .status()
            .as_u16(),
        404
    );
    let pages = app
        .get("/sitemaps/pages.xml")
        .await
        .text()
        .await
        .expect("xml");
    assert_eq!(locations(&pages).len(), site::sitemap::PUBLIC_PAGES.len());
    let robots = app.get("/robots.txt").await.text().await.expect("text");
    assert!(robots.contains(&format!("Sitemap: {base}/sitemap.xml")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_favicon_is_served_and_every_page_names_it() {
    let app = TestApp::spawn().await;
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status().as_u16(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(icon.text().await.expect("svg").starts_with("<svg"));
    // Browsers ask for /favicon.ico whatever the page says: not a 404.
    let (status, _, location) = get_with(&app, "/favicon.ico", "").await;
    assert_eq!(status, 308);
    assert_eq!(location.as_deref(), Some("/favicon.svg"));
    let page = app.get("/").await.text().await.expect("page");
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_progress_page_shows_the_actual_beside_the_plan_for_every_year() {
    let app = TestApp::with_demo().await;
    let (_, figures) = app.get_json("/api/v1/indicators").await;
    let year = |basis: &str| {
        figures[basis]["overall"]["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["label"] == "R7")
            .cloned()
            .expect("R7")
    };
    let (plan, actual) = (year("plan"), year("actual"));
    let cell = |y: &serde_json::Value| {
        format!(
            "<td>{} ({}%)</td>",
            catalog::pages::group_digits(y["procedures"]["numerator"].as_i64().unwrap()),
            y["procedures"]["percent"].as_str().unwrap()
        )
    };
    assert_ne!(
        cell(&plan),
        cell(&actual),
        "the demo is behind its plan in R7"
    );
    let page = app.get("/progress").await.text().await.expect("page");
    let procedures = &page[page.find("<h2 id=\"procedures\">").expect("table ②")..];
    let procedures = &procedures[..procedures.find("</table>").unwrap()];
    // The whole's two rows: plan, then actual, a cell a year.
    let plan_row = &procedures[procedures
        .find("class=\"series-plan\">計画</th>")
        .expect("a plan row")..];
    let plan_row = &plan_row[..plan_row.find("</tr>").unwrap()];
    let actual_row = &procedures[procedures
        .find("class=\"series-actual\">実績</th>")
        .expect("an actual row")..];
    let actual_row = &actual_row[..actual_row.find("</tr>").unwrap()];
    let column = figures["plan"]["overall"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .position(|y| y["label"] == "R7")
        .unwrap();
    let cells = |row: &str| {
        row.split("<td>")
            .skip(1)
            .map(|c| format!("<td>{}", &c[..c.find("</td>").unwrap()]) + "</td>")
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(plan_row)[column], cell(&plan), "R7 planned");
    assert_eq!(cells(actual_row)[column], cell(&actual), "R7 actual");
    assert_eq!(
        cells(actual_row).len(),
        cells(plan_row).len(),
        "an actual for every year"
    );
    // This fiscal year's actual is said to be so far; the charts draw both.
    assert!(page.contains("の実績は年度の途中の値です"));
    assert!(page.contains(&format!(
        ">実績 {}%</text>",
        actual["procedures"]["percent"].as_str().unwrap()
    )));
    assert!(page.contains(&format!(
        ">計画 {}%</text>",
        plan["procedures"]["percent"].as_str().unwrap()
    )));
}

/// The public header's account links, from `<nav class="account-nav"` to its end.
fn account_nav(page: &str) -> String {
    let start = page
        .find("<nav class=\"account-nav\"")
        .expect("the account links");
    let rest = &page[start..];
    rest[..rest.find("</nav>").unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_header_offers_sign_in_then_my_page_and_sign_out() {
    let app = TestApp::with_demo().await;
    // Signed out: a link to sign in that comes back to the page.
    let (_, page, _) = get_with(&app, "/procedures?lang=en", "").await;
    let nav = account_nav(&page);
    assert!(
        nav.contains("href=\"/login?next=%2Fprocedures%3Flang%3Den&#38;lang=en\""),
        "{nav}"
    );
    assert!(!nav.contains("/logout"));

    // A resident signed in: my page and a sign-out button carrying the token.
    let resident = &demo_file(&app).resident_logins[0];
    let cookie = login(&app, "/login", &resident.email, &resident.password)
        .await
        .expect("resident login");
    let (_, page, _) = get_with(&app, "/progress", &cookie).await;
    let nav = account_nav(&page);
    assert!(nav.contains("<a href=\"/my\">マイページ</a>"), "{nav}");
    assert!(
        nav.contains("<form method=\"post\" action=\"/logout\">"),
        "{nav}"
    );
    assert!(
        nav.contains(&format!("name=\"csrf_token\" value=\"{CSRF}\"")),
        "{nav}"
    );
    assert!(!nav.contains("href=\"/login"));

    // Signing out from the header ends the session: the header offers to sign in again.
    let (status, _, location) = post_with(
        &app,
        "/logout",
        &cookie,
        &[("csrf_token".into(), CSRF.into())],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/"));
    let (_, page, _) = get_with(&app, "/progress", &cookie).await;
    assert!(account_nav(&page).contains("href=\"/login"), "signed out");

    // Staff on a public page get the back office instead of my page.
    let staff = demo_file(&app)
        .staff_logins
        .into_iter()
        .find(|l| l.role == "clerk")
        .expect("a clerk");
    let cookie = login(&app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("staff login");
    let (_, page, _) = get_with(&app, "/procedures", &cookie).await;
    let nav = account_nav(&page);
    assert!(nav.contains("<a href=\"/staff\">業務画面</a>"), "{nav}");
    assert!(!nav.contains("href=\"/my\""));
    assert!(nav.contains("action=\"/logout\""));
}
