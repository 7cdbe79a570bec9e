//! The DX office keeps the search words: residents' words that find what
//! the catalog calls them. Checked before saving, every version kept, in
//! force at once.

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

fn form(source: &str) -> Vec<(String, String)> {
    vec![
        ("csrf_token".to_string(), CSRF.to_string()),
        ("source".to_string(), source.to_string()),
    ]
}

async fn first_name(app: &TestApp, q: &str) -> Option<String> {
    let (_, body) = app
        .get_json(&format!(
            "/api/v1/procedures?q={}",
            catalog::pages::encode(q)
        ))
        .await;
    body["items"][0]["name"].as_str().map(str::to_string)
}

#[tokio::test]
async fn the_dx_office_adds_a_word_and_residents_find_by_it_at_once() {
    let app = TestApp::with_demo().await;
    let dx = staff(&app, "dx_admin").await;
    let (status, page, _) = get_with(&app, "/staff/search-words", &dx).await;
    assert_eq!(status, 200);
    assert!(page.contains("標準の辞書"), "{page}");
    // The platform's words: パスポート finds 旅券.
    assert_eq!(
        first_name(&app, "パスポート").await.as_deref(),
        Some("一般旅券の発給の申請（都道府県知事に申請する場合）")
    );
    // A local word nobody has taught the search yet.
    assert_eq!(first_name(&app, "やっとかめ").await, None);
    let (_, page, _) = get_with(
        &app,
        "/staff/search-words?try=%E3%83%91%E3%82%B9%E3%83%9D%E3%83%BC%E3%83%88",
        &dx,
    )
    .await;
    assert!(
        page.contains("一般旅券の発給の申請"),
        "the trial box searches: {page}"
    );

    // A mistake is refused with every problem named, and nothing changes.
    let broken =
        "words = [ { say = [], find = [\"図書館\"] }, { say = [\"・\"], find = [\"転入\"] } ]";
    let (status, page, _) = post_with(&app, "/staff/search-words", &dx, &form(broken)).await;
    assert_eq!(status, 422);
    assert!(page.contains("1 番目の項目"), "{page}");
    assert!(page.contains("2 番目の項目"), "every problem: {page}");
    let (_, page, _) = get_with(&app, "/staff/search-words", &dx).await;
    assert!(page.contains("標準の辞書"), "nothing saved: {page}");

    // A word added is saved as version 1 and found at once.
    let added = catalog::words::DEFAULT_WORDS.replacen(
        "words = [",
        "words = [\n  { say = [\"やっとかめ\"], find = [\"敬老パス\"] },",
        1,
    );
    let (status, _, location) = post_with(&app, "/staff/search-words", &dx, &form(&added)).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/staff/search-words?saved=1"));
    assert_eq!(
        first_name(&app, "やっとかめ").await.as_deref(),
        Some("敬老パスの交付申請")
    );
    let (_, page, _) = get_with(&app, "/staff/search-words", &dx).await;
    assert!(page.contains("使用中の版: 1"), "{page}");

    // A clerk may not change them; a resident may not see them.
    let clerk = staff(&app, "clerk").await;
    let (status, _, _) = post_with(&app, "/staff/search-words", &clerk, &form(&added)).await;
    assert_eq!(status, 403);
    let (status, _, _) = get_with(&app, "/staff/search-words", CSRF_COOKIE).await;
    assert!(status == 303 || status == 401 || status == 403, "{status}");
}
