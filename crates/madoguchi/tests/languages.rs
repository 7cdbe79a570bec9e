//! Residents read the platform in eight languages: the page follows the
//! choice (or the browser on a first visit), keeps it through forms, shows
//! errors and mail in it, gives furigana in easy Japanese, and marks city
//! texts that are only in Japanese.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, get_with, mail_matching, no_redirects};
use kernel::i18n::{Lang, Message};

async fn page_in(app: &TestApp, path: &str, accept_language: &str) -> String {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.text().await.expect("body")
}

#[tokio::test]
async fn every_language_has_its_pages_and_a_switcher_that_keeps_the_place() {
    let app = TestApp::with_demo().await;
    for lang in Lang::ALL {
        let path = format!("/procedures?q=%E5%85%90%E7%AB%A5&lang={}", lang.code());
        let page = page_in(&app, &path, "ja").await;
        assert!(
            page.contains(&format!("<html lang=\"{}\">", lang.code())),
            "{}",
            lang.code()
        );
        let heading = kernel::i18n::rich_html(
            &Message::new("common-find-procedure").marked_up(lang),
            lang == Lang::EasyJa,
        );
        assert!(page.contains(&format!("<h1>{heading}</h1>")), "{heading}");
        for other in Lang::ALL {
            assert!(
                page.contains(&format!(
                    "href=\"/procedures?q=%E5%85%90%E7%AB%A5&#38;lang={}\" lang=\"{}\" hreflang=\"{}\"",
                    other.code(),
                    other.code(),
                    other.code()
                )),
                "the switcher offers {} and keeps the search",
                other.code()
            );
        }
        assert!(!page.contains('《'), "no furigana markup leaks as text");
    }
}

#[tokio::test]
async fn the_browser_language_decides_on_a_first_visit() {
    let app = TestApp::with_demo().await;
    for (header, expected) in [
        ("ko-KR,ko;q=0.9", "ko"),
        ("pt-BR,pt;q=0.8,en;q=0.5", "pt-BR"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-TW,en;q=0.5", "en"),
        ("fil-PH", "tl"),
        ("vi", "vi"),
        ("fr-FR", "ja"),
    ] {
        let page = page_in(&app, "/procedures", header).await;
        assert!(
            page.contains(&format!("<html lang=\"{expected}\">")),
            "{header} → {expected}"
        );
    }
    // An explicit choice wins over the browser.
    let page = page_in(&app, "/procedures?lang=vi", "ko").await;
    assert!(page.contains("<html lang=\"vi\">"));
}

#[tokio::test]
async fn easy_japanese_has_furigana_that_the_resident_can_turn_off() {
    let app = TestApp::with_demo().await;
    let page = page_in(&app, "/procedures?lang=ja-x-easy", "ja").await;
    assert!(page.contains("<ruby>"), "furigana by default");
    assert!(page.contains("furigana=off"), "a switch to turn it off");
    let plain = page_in(&app, "/procedures?lang=ja-x-easy&furigana=off", "ja").await;
    assert!(!plain.contains("<ruby>"));
    assert!(!plain.contains('《'));
    assert!(
        plain.contains("href=\"/procedures/sodaigomi?lang=ja-x-easy&#38;furigana=off\"")
            || plain.contains("lang=ja-x-easy&#38;furigana=off"),
        "links keep furigana off"
    );
    // Other languages never get ruby.
    let korean = page_in(&app, "/procedures?lang=ko", "ja").await;
    assert!(!korean.contains("<ruby>"));
}

#[tokio::test]
async fn form_errors_are_in_the_residents_language_and_posts_keep_it() {
    let app = TestApp::with_demo().await;
    let form = page_in(&app, "/procedures/sodaigomi/apply?lang=vi", "ja").await;
    assert!(
        form.contains("action=\"/procedures/sodaigomi/apply?lang=vi\""),
        "the form posts back in the same language"
    );
    let response = no_redirects()
        .post(app.url("/procedures/sodaigomi/apply?lang=vi"))
        .form(&[("postal_code", "123")])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("<html lang=\"vi\">"));
    let summary = Message::new("common-there-problem").plain(Lang::Vi);
    assert!(page.contains(&summary), "{summary}");
    let form = forms::FormDefinition::from_json(include_str!("../../demo/forms/sodaigomi.json"))
        .expect("demo form");
    let (_, address) = form
        .all_fields()
        .into_iter()
        .find(|(path, _)| path == "address")
        .expect("address field");
    let required = Message::new("form-required")
        .with("label", &address.label)
        .plain(Lang::Vi);
    assert_ne!(
        required,
        Message::new("form-required")
            .with("label", &address.label)
            .plain(Lang::En)
    );
    assert!(page.contains(&required), "{required}");
}

#[tokio::test]
async fn procedure_names_show_translated_or_as_marked_japanese() {
    let app = TestApp::with_demo().await;
    let translated = page_in(&app, "/procedures/sodaigomi?lang=tl", "ja").await;
    assert!(translated.contains("<h1>Aplikasyon para sa pagkolekta ng malalaking basura"));
    assert!(
        translated.contains("<p lang=\"ja\">粗大ごみ収集の申込</p>"),
        "the Japanese name follows, for the counter"
    );
    assert!(!translated.contains("partly-japanese"));
    let found = page_in(
        &app,
        "/procedures?q=%EB%8C%80%ED%98%95+%EC%93%B0%EB%A0%88%EA%B8%B0&lang=ko",
        "ja",
    )
    .await;
    assert!(
        found.contains("대형 쓰레기 수거 신청</a></h3>"),
        "a Korean name is found by its Korean words"
    );
    let page = page_in(&app, "/procedures/suido-kaishi?lang=tl", "ja").await;
    assert!(
        page.contains("<h1><span lang=\"ja\" class=\"ja-fallback\">"),
        "the untranslated name is marked"
    );
    assert!(page.contains(&Message::new("layout-partly-japanese").plain(Lang::Tl)));
    assert!(
        page.contains("<dd lang=\"ja\">上下水道局"),
        "Japanese data (the bureau) is marked for screen readers"
    );
    let japanese = page_in(&app, "/procedures/suido-kaishi", "ja").await;
    assert!(!japanese.contains("ja-fallback"));
    assert!(!japanese.contains("<dd lang=\"ja\">"));
    assert!(!japanese.contains("partly-japanese"));
}

/// Applies for bulky-waste collection through the pages in `lang`, with
/// `cookie` (a resident's session, or none for a guest); returns the receipt page.
async fn apply_for_bulky_waste(app: &TestApp, lang: &str, cookie: &str, email: &str) -> String {
    let answers = [
        ("applicant_name.family_name", "Silva"),
        ("applicant_name.given_name", "Ana"),
        ("applicant_name.family_name_kana", "シルバ"),
        ("applicant_name.given_name_kana", "アナ"),
        ("postal_code", "460-8508"),
        ("address", "名古屋市中区三の丸三丁目1番1号"),
        ("phone", "052-961-1111"),
        ("email", email),
        ("items[0].item", "sofa"),
        ("items[0].count", "1"),
        ("preferred_date", "2099-01-05"),
    ];
    let path = format!("/procedures/sodaigomi/apply?lang={lang}");
    // A guest's browser holds only the token cookie.
    let cookie = if cookie.is_empty() {
        common::CSRF_COOKIE
    } else {
        cookie
    };
    let confirm = no_redirects()
        .post(app.url(&path))
        .header("cookie", cookie)
        .form(&answers)
        .send()
        .await
        .expect("confirm")
        .text()
        .await
        .expect("body");
    let submit = vec![
        ("__answers", common::hidden(&confirm, "__answers")),
        ("__key", common::hidden(&confirm, "__key")),
        ("__step", "submit".to_string()),
    ];
    no_redirects()
        .post(app.url(&path))
        .header("cookie", cookie)
        .form(&submit)
        .send()
        .await
        .expect("submit")
        .text()
        .await
        .expect("body")
}

#[tokio::test]
async fn a_guest_gets_the_receipt_mail_in_the_language_used_with_the_japanese_original() {
    let app = TestApp::with_demo().await;
    let receipt = apply_for_bulky_waste(&app, "pt-BR", "", "ana@example.jp").await;
    assert!(receipt.contains("<html lang=\"pt-BR\">"));
    let subject = Message::new("mail-received-subject")
        .with("receipt", "R8-")
        .plain(Lang::Pt);
    let subject_start = subject.split("R8-").next().expect("prefix").to_string();
    let mail = mail_matching(app.dir.path(), |text| text.contains("ana@example.jp")).await;
    assert!(mail.contains(&subject_start), "{mail}");
    let original = Message::new("mail-japanese-original").plain(Lang::Pt);
    let portuguese_end = mail.find(&original).expect("the Japanese original follows");
    assert!(
        mail[portuguese_end..].contains("申請を受け付けました"),
        "{mail}"
    );
}

#[tokio::test]
async fn a_resident_sees_their_applications_with_the_procedure_named_in_their_language() {
    let app = TestApp::with_demo().await;
    let resident = common::demo_file(&app).resident_logins[0].clone();
    let cookie = common::login(&app, "/login?lang=ko", &resident.email, &resident.password)
        .await
        .expect("signed in");
    let receipt = apply_for_bulky_waste(&app, "ko", &cookie, &resident.email).await;
    assert!(receipt.contains("<html lang=\"ko\">"), "{receipt}");
    let (status, page, _) = get_with(&app, "/my/applications?lang=ko", &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("대형 쓰레기 수거 신청</a></h2>"), "{page}");
    assert!(
        page.contains("href=\"/my/applications/R8-"),
        "the application is linked"
    );
    assert!(
        page.contains("?lang=ko\">대형 쓰레기"),
        "links keep the language"
    );
}
