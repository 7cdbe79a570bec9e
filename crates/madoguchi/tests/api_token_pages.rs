//! The DX office's page of API tokens: only the DX office sees it; a token
//! issued there is shown once and works, revoking it stops it; both are in
//! the audit log under the staff member's name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, hidden, login, post_with};

async fn staff(app: &TestApp, role: &str) -> String {
    let demo = demo_file(app);
    let account = demo
        .staff_logins
        .iter()
        .find(|l| l.role == role)
        .unwrap_or_else(|| panic!("no {role}"));
    login(app, "/staff/login", &account.email, &account.password)
        .await
        .expect("login")
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn the_dx_office_issues_and_revokes_tokens_and_others_cannot() {
    let app = TestApp::with_demo().await;
    let clerk = staff(&app, "clerk").await;
    let (status, _, _) = get_with(&app, "/staff/api-tokens", &clerk).await;
    assert_eq!(status, 403, "a clerk may not see the tokens");

    let admin = staff(&app, "dx_admin").await;
    let (status, page, _) = get_with(&app, "/staff/api-tokens", &admin).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("demo"), "the demo's tokens are listed");
    let csrf = hidden(&page, "csrf_token");

    // A form without a scope is refused with the reason.
    let (status, refused, _) = post_with(
        &app,
        "/staff/api-tokens",
        &admin,
        &pairs(&[("csrf_token", &csrf), ("name", "no scope")]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(refused.contains("error-summary"), "{refused}");

    let org = catalog::store::organisation(&app.platform.db)
        .await
        .expect("organisation");
    let section = org.sections.first().expect("a section").id.clone();
    let (status, issued, _) = post_with(
        &app,
        "/staff/api-tokens",
        &admin,
        &pairs(&[
            ("csrf_token", &csrf),
            ("name", "福祉システム"),
            ("scope", "applications:read"),
            ("scope", "metrics:read"),
            ("section", &section),
            ("expires_in_days", "30"),
        ]),
    )
    .await;
    assert_eq!(status, 200, "{issued}");
    let secret = issued
        .split("<code id=\"issued-token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the secret, shown once")
        .to_string();
    assert!(secret.starts_with("mdg_"));
    let (_, again, _) = get_with(&app, "/staff/api-tokens", &admin).await;
    assert!(
        again.contains("福祉システム") && !again.contains(&secret),
        "never shown again"
    );

    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("metrics");
    assert_eq!(metrics.status().as_u16(), 200);

    let listed = kernel::tokens::list(&app.platform.db).await.expect("list");
    let token = listed
        .iter()
        .find(|t| t.name == "福祉システム")
        .expect("listed");
    assert_eq!(token.sections, vec![section]);
    assert!(token.expires_at.is_some());
    assert!(!token.all_sections);
    let id = token.id.clone();

    let (status, _, location) = post_with(
        &app,
        &format!("/staff/api-tokens/{id}/revoke"),
        &admin,
        &pairs(&[("csrf_token", &csrf)]),
    )
    .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/staff/api-tokens"))
    );
    tokio::time::sleep(kernel::tokens::CACHE_TTL + std::time::Duration::from_millis(200)).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("metrics");
    assert_eq!(metrics.status().as_u16(), 401);

    let entries = kernel::audit::entries(&app.platform.db, "api_token", &id)
        .await
        .expect("audit");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["api_token.created", "api_token.revoked"]);
    assert!(
        entries
            .iter()
            .all(|e| e.actor.contains("staff") || e.actor.contains('@')),
        "{entries:?}"
    );
    assert!(!format!("{entries:?}").contains(&secret));
}
