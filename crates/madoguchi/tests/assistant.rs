//! The FAQ assistant tried as residents and the DX office use it: answers
//! that cite the procedure pages they rest on, in the language asked for;
//! "I do not know" with the contact rather than an invented procedure; a
//! log without names or numbers; staff turning an unanswered question into
//! an FAQ entry that answers from then on.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{CSRF, CSRF_COOKIE, TestApp, client_from, demo_file, get_with, login, post_with};

fn q(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn ask(app: &TestApp, question: &str, lang: &str) -> serde_json::Value {
    let (status, body) = app
        .get_json(&format!("/api/v1/assistant?q={}&lang={lang}", q(question)))
        .await;
    assert_eq!(status, 200, "{question}: {body}");
    body
}

fn cited(body: &serde_json::Value) -> Vec<String> {
    body["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["procedure_id"].as_str().unwrap().to_string())
        .collect()
}

async fn dx(app: &TestApp) -> String {
    let demo = demo_file(app);
    let login_of = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "dx_admin")
        .expect("a DX office login");
    login(app, "/staff/login", &login_of.email, &login_of.password)
        .await
        .expect("signs in")
}

#[tokio::test]
async fn answers_cite_their_procedure_pages_in_every_script_and_language() {
    let app = TestApp::with_demo().await;
    for question in ["住民票を取りたい", "じゅうみんひょう", "ｼﾞｭｳﾐﾝﾋｮｳ"]
    {
        let body = ask(&app, question, "ja").await;
        assert_eq!(body["abstained"], false, "{question}: {body}");
        assert_eq!(cited(&body)[0], "juminhyo-utsushi", "{question}: {body}");
        let first = &body["citations"][0];
        assert_eq!(first["url"], "/procedures/juminhyo-utsushi");
        assert_eq!(first["name"], "住民票の写しの交付請求");
        assert!(
            body["answer"]
                .as_str()
                .unwrap()
                .contains("住民票の写しの交付請求"),
            "{body}"
        );
    }
    // An FAQ entry answers with its own words and cites its procedures.
    let body = ask(&app, "粗大ごみの出し方を教えてください", "ja").await;
    assert_eq!(body["source"], "faq", "{body}");
    assert_eq!(body["faq_id"], "sodaigomi");
    assert_eq!(cited(&body), ["sodaigomi"]);
    // English, and the name in English.
    let body = ask(&app, "How do I register my dog?", "en").await;
    assert_eq!(body["abstained"], false, "{body}");
    assert!(cited(&body).contains(&"inu-toroku".to_string()), "{body}");
    assert_eq!(body["citations"][0]["name"], "Dog registration", "{body}");
    // Every page cited is there.
    for id in cited(&body) {
        let (status, _) = app.get_json(&format!("/api/v1/procedures/{id}")).await;
        assert_eq!(status, 200, "{id}");
    }
}

#[tokio::test]
async fn what_it_does_not_know_it_says_with_the_contact_and_no_citation() {
    let app = TestApp::with_demo().await;
    for question in [
        "明日の天気を教えてください",
        "おすすめのラーメン屋はどこですか",
        "Who won the football match yesterday?",
        // Words the catalog also uses, about something else.
        "生命保険の受取人を変更したいんですが",
        "ドコモショップの機種変更の予約ってどうやるの",
        "卒業した私立大学の卒業証明書を取り寄せたい",
    ] {
        let body = ask(&app, question, "ja").await;
        assert_eq!(body["abstained"], true, "{question}: {body}");
        assert!(cited(&body).is_empty(), "{question}: {body}");
        assert_eq!(body["contact"], "/contact");
        assert!(body["answer"].as_str().unwrap().contains("052-953-7584"));
    }
    // No question, or one too long: a clear 400.
    let (status, body) = app.get_json("/api/v1/assistant?q=").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["fields"][0]["field"], "q", "{body}");
    let long = "あ".repeat(301);
    let (status, _) = app
        .get_json(&format!("/api/v1/assistant?q={}", q(&long)))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_chat_page_works_without_javascript_and_the_log_keeps_no_personal_data() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = get_with(&app, "/assistant", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<form method=\"get\" action=\"/assistant\""),
        "{page}"
    );
    let (status, page, _) = get_with(
        &app,
        &format!("/assistant?q={}", q("犬を飼い始めたらどうすればいいですか")),
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/procedures/inu-toroku\""), "{page}");

    // A question nobody answers, with a name and a phone number in it.
    let (status, page, _) = get_with(
        &app,
        &format!(
            "/assistant?q={}",
            q("山田太郎と申します。電話080-2468-1357、UFOを見たので届けたい")
        ),
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("052-953-7584"), "{page}");

    let dx = dx(&app).await;
    let (status, page, _) = get_with(&app, "/staff/assistant", &dx).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("UFOを見たので届けたい"), "{page}");
    assert!(
        !page.contains("山田太郎") && !page.contains("2468"),
        "{page}"
    );
}

#[tokio::test]
async fn staff_turn_an_unanswered_question_into_an_entry_that_answers_from_then_on() {
    let app = TestApp::with_demo().await;
    let body = ask(&app, "ハチの巣を駆除してほしい", "ja").await;
    assert_eq!(body["abstained"], true, "{body}");

    let dx = dx(&app).await;
    let (_, page, _) = get_with(&app, "/staff/assistant", &dx).await;
    let id: i64 = page
        .split("/staff/assistant/questions/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a question to review: {page}"));
    let entry = |procedures: &str| {
        vec![
            ("csrf_token".to_string(), CSRF.to_string()),
            ("id".to_string(), "hachi".to_string()),
            ("section".to_string(), "kenko-seikatsu".to_string()),
            (
                "ask".to_string(),
                "ハチの巣を駆除してほしい\nハチの巣がある".to_string(),
            ),
            (
                "answer_ja".to_string(),
                "ハチの巣の駆除は、保健センターにご相談ください。".to_string(),
            ),
            (
                "answer_en".to_string(),
                "Ask the public health centre about a wasp nest.".to_string(),
            ),
            ("procedures".to_string(), procedures.to_string()),
            ("keys".to_string(), "スズメバチ".to_string()),
        ]
    };
    // An entry citing a procedure the catalog does not have is refused,
    // with what was typed kept.
    let path = format!("/staff/assistant/questions/{id}/faq");
    let (status, page, _) = post_with(&app, &path, &dx, &entry("no-such-procedure")).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("no-such-procedure"), "{page}");
    // A clerk may not.
    let clerk = {
        let demo = demo_file(&app);
        let l = demo
            .staff_logins
            .iter()
            .find(|l| l.role == "clerk")
            .unwrap();
        login(&app, "/staff/login", &l.email, &l.password)
            .await
            .unwrap()
    };
    let (status, _, _) = post_with(&app, &path, &clerk, &entry("")).await;
    assert_eq!(status, 403);

    let (status, _, location) = post_with(&app, &path, &dx, &entry("")).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/staff/assistant?done=entry"));
    let body = ask(&app, "ハチの巣がありますがどうすればいいですか", "ja").await;
    assert_eq!(body["abstained"], false, "{body}");
    assert_eq!(body["faq_id"], "hachi");
    // Its key answers a question put quite differently.
    let body = ask(&app, "庭の木にスズメバチが来ていて怖いです", "ja").await;
    assert_eq!(body["faq_id"], "hachi", "{body}");
    let body = ask(&app, "ハチの巣がある", "en").await;
    assert!(
        body["answer"].as_str().unwrap().contains("wasp nest"),
        "{body}"
    );
    // Done once: the question is no longer waiting.
    let (status, _, _) = post_with(&app, &path, &dx, &entry("")).await;
    assert_eq!(status, 422);
    let (_, page, _) = get_with(&app, "/staff/assistant", &dx).await;
    assert!(page.contains("使用中の版: 1"), "{page}");
}

#[tokio::test]
async fn one_client_asking_too_fast_is_told_to_wait_and_others_are_not() {
    let app = TestApp::with_demo().await;
    let flooder = client_from("127.0.0.7");
    let mut refused = 0;
    for _ in 0..90 {
        let response = flooder
            .get(app.url(&format!("/api/v1/assistant?q={}", q("住民票"))))
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            assert!(response.headers().get("retry-after").is_some());
            refused += 1;
        }
    }
    assert!(refused >= 10, "{refused}");
    let other = client_from("127.0.0.8");
    let response = other
        .get(app.url(&format!("/api/v1/assistant?q={}", q("住民票"))))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
