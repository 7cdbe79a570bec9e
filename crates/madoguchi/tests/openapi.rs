//! The OpenAPI document the code generates: the same as the one committed
//! at docs/openapi.json (so a change shows in review), and a reference page
//! that needs nothing from elsewhere.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::TestApp;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("application/json")
    );
    let served = response.text().await.expect("document");
    let parsed: serde_json::Value = serde_json::from_str(&served).expect("JSON");
    assert!(
        parsed["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        parsed["openapi"]
    );
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &served).expect("write docs/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap_or_default();
    assert!(
        committed == parsed,
        "the API's OpenAPI document changed: review the change and regenerate docs/openapi.json with\n\
         UPDATE_OPENAPI=1 cargo test -p madoguchi --test openapi"
    );
}

#[tokio::test]
async fn the_reference_page_lists_every_operation_and_loads_nothing_from_elsewhere() {
    let app = TestApp::spawn().await;
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    let response = app.get("/api/docs").await;
    assert_eq!(response.status().as_u16(), 200);
    let page = response.text().await.expect("page");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            let heading = format!("{} {}", method.to_uppercase(), path);
            assert!(page.contains(&heading), "{heading} missing");
        }
    }
    assert!(page.contains("applications:read"));
    assert!(!page.contains("<script"), "no script");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from elsewhere"
    );
}
