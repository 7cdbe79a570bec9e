//! Forms a resident can fill, tried as a new user would: the profile fills
//! a new application, the account type is a choice, the bank and branch
//! are found by name without JavaScript, unknown codes are refused, the
//! file picker offers HEIC, switching language keeps what was typed, and
//! English pages name group entries, never by their ids.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, login, no_redirects};

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    pairs: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let mut request = no_redirects().post(app.url(path)).form(pairs);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    common::answer_of(request.send().await.expect("request")).await
}

async fn taro(app: &TestApp) -> String {
    let demo = demo_file(app);
    let resident = demo
        .resident_logins
        .iter()
        .find(|r| r.email == "taro@example.jp")
        .expect("taro");
    login(app, "/login", &resident.email, &resident.password)
        .await
        .expect("resident login")
}

const CHILD_ALLOWANCE: &str = "/procedures/jidou-teate-nintei/apply";

/// 児童手当 as typed, without the file and the account (added per test).
const CHILD_ALLOWANCE_ANSWERS: &[(&str, &str)] = &[
    ("applicant_name.family_name", "名古屋"),
    ("applicant_name.given_name", "花子"),
    ("applicant_name.family_name_kana", "なごや"),
    ("applicant_name.given_name_kana", "はなこ"),
    ("birth_date", "平成2年4月1日"),
    ("postal_code", "4608508"),
    ("address", "名古屋市中区三の丸三丁目1番1号"),
    ("phone", "052-961-1111"),
    ("relationship", "mother"),
    ("pension", "kosei"),
    ("children[0].name.family_name", "名古屋"),
    ("children[0].name.given_name", "一郎"),
    ("children[0].name.family_name_kana", "ナゴヤ"),
    ("children[0].name.given_name_kana", "イチロウ"),
    ("children[0].birth_date", "令和5年6月1日"),
    ("children[0].living_together", "together"),
    ("account.account_number", "1234567"),
    ("account.account_holder", "ナゴヤ ハナコ"),
    ("consent", "true"),
];

fn with<'a>(more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs = CHILD_ALLOWANCE_ANSWERS.to_vec();
    pairs.extend_from_slice(more);
    pairs
}

#[tokio::test]
async fn a_new_application_starts_from_the_residents_profile() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let (status, form, _) = get_with(&app, "/procedures/juminhyo-utsushi/apply", &cookie).await;
    assert_eq!(status, 200);
    for shown in [
        "name=\"applicant_name.family_name\" value=\"名古屋\"",
        "name=\"applicant_name.given_name\" value=\"太郎\"",
        "name=\"applicant_name.family_name_kana\" value=\"ナゴヤ\"",
        "name=\"birth_date\" value=\"1988-05-12\"",
        ">昭和63年5月12日</span>",
        "name=\"postal_code\" value=\"4608508\"",
        "name=\"address\" value=\"名古屋市中区三の丸三丁目1番1号\"",
        "name=\"phone\" value=\"052-961-1111\"",
        "name=\"email\" value=\"taro@example.jp\"",
    ] {
        assert!(form.contains(shown), "{shown} in {form}");
    }
    // A guest's form starts empty.
    let (_, guest, _) = get_with(&app, "/procedures/sodaigomi/apply", "").await;
    assert!(!guest.contains("value=\"名古屋\""));
    // A kept draft is not overwritten by the profile.
    let (status, _, _) = post(
        &app,
        "/procedures/juminhyo-utsushi/apply",
        Some(&cookie),
        &[("address", "名古屋市千種区"), ("__draft", "1")],
    )
    .await;
    assert_eq!(status, 200);
    let (_, form, _) = get_with(&app, "/procedures/juminhyo-utsushi/apply", &cookie).await;
    assert!(
        form.contains("name=\"address\" value=\"名古屋市千種区\""),
        "{form}"
    );
    assert!(!form.contains("value=\"052-961-1111\""), "{form}");
}

#[tokio::test]
async fn the_account_type_is_chosen_and_the_file_picker_offers_heic() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let (_, form, _) = get_with(&app, CHILD_ALLOWANCE, &cookie).await;
    assert!(
        form.contains("<select id=\"f-account-account_type\" name=\"account.account_type\""),
        "{form}"
    );
    assert!(
        form.contains("<option value=\"普通\">普通</option>"),
        "{form}"
    );
    assert!(
        form.contains(".heic,.heif,image/heic,image/heif"),
        "the picker offers what the server takes: {form}"
    );
    for typed in ["普通", "ふつう"] {
        let (status, page, _) = post(
            &app,
            CHILD_ALLOWANCE,
            Some(&cookie),
            &with(&[
                ("account.bank_code", "0543"),
                ("account.branch_code", "109"),
                ("account.account_type", typed),
            ]),
        )
        .await;
        assert_eq!(status, 422, "the file is missing");
        assert!(!page.contains("預金種目は"), "{typed} is taken: {page}");
        assert!(page.contains("<option value=\"普通\" selected>"), "{page}");
    }
}

#[tokio::test]
async fn the_bank_and_branch_are_found_by_name_without_javascript() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let (status, page, _) = post(
        &app,
        CHILD_ALLOWANCE,
        Some(&cookie),
        &with(&[
            ("__bank_q.account", "名古屋銀行"),
            ("__bank_search", "account"),
        ]),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<select id=\"f-account-bank_code\" name=\"account.bank_code\"><option value=\"0543\">名古屋（0543）</option>"),
        "{page}"
    );
    assert!(page.contains("name=\"__bank_q.account\" value=\"名古屋銀行\""));
    assert!(
        page.contains("value=\"ナゴヤ ハナコ\""),
        "what was typed is kept"
    );
    assert!(!page.contains("error-summary"), "a search is no error");

    let (status, page, _) = post(
        &app,
        CHILD_ALLOWANCE,
        Some(&cookie),
        &with(&[
            ("account.bank_code", "0543"),
            ("__branch_q.account", "いまいけ"),
            ("__branch_search", "account"),
        ]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<option value=\"109\">今池（109）</option>"),
        "{page}"
    );
    assert!(
        page.contains("name=\"account.bank_code\" value=\"0543\""),
        "{page}"
    );

    // The same by romaji, and the JSON the script reads.
    let (status, found) = app.get_json("/banks?q=nagoya").await;
    assert_eq!(status, 200);
    assert_eq!(found[0]["code"], "0543");
    let (_, found) = app
        .get_json("/banks/0543/branches?q=%E4%BB%8A%E6%B1%A0")
        .await;
    assert_eq!(found[0]["code"], "109");
    let long = "あ".repeat(5000);
    let (status, found) = app.get_json(&format!("/banks?q={long}")).await;
    assert_eq!(status, 200);
    assert_eq!(found.as_array().map(Vec::len), Some(0));
    let (_, many) = app.get_json("/banks?q=%E4%BF%A1%E9%87%91").await;
    assert!(
        many.as_array()
            .is_some_and(|m| !m.is_empty() && m.len() <= 20)
    );
}

#[tokio::test]
async fn a_code_not_in_the_bank_list_is_refused() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let (status, page, _) = post(
        &app,
        CHILD_ALLOWANCE,
        Some(&cookie),
        &with(&[
            ("account.bank_code", "9999"),
            ("account.branch_code", "001"),
            ("account.account_type", "普通"),
        ]),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("金融機関コード 9999 の金融機関はありません"),
        "{page}"
    );
    let (_, page, _) = post(
        &app,
        CHILD_ALLOWANCE,
        Some(&cookie),
        &with(&[
            ("account.bank_code", "0543"),
            ("account.branch_code", "999"),
            ("account.account_type", "普通"),
        ]),
    )
    .await;
    assert!(
        page.contains("支店コード 999 の支店はこの金融機関にありません"),
        "{page}"
    );
}

#[tokio::test]
async fn switching_language_keeps_what_was_typed() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let path = "/procedures/juminhyo-utsushi/apply";
    let (status, _, location) = post(
        &app,
        path,
        Some(&cookie),
        &[("address", "名古屋市東区東桜一丁目"), ("__lang", "en")],
    )
    .await;
    assert_eq!(status, 303);
    let location = location.expect("location");
    assert_eq!(location, format!("{path}?lang=en"));
    let (_, page, _) = get_with(&app, &location, &cookie).await;
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(page.contains("value=\"名古屋市東区東桜一丁目\""), "{page}");

    // A guest has no draft: the form comes back in the language at once.
    let (status, page, _) = post(
        &app,
        "/procedures/sodaigomi/apply",
        None,
        &[("address", "名古屋市北区"), ("__lang", "en")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(page.contains("value=\"名古屋市北区\""), "{page}");
    assert!(
        page.contains("lang=en"),
        "the form posts in English from now on"
    );
}

#[tokio::test]
async fn english_pages_name_group_entries_not_by_their_ids() {
    let app = TestApp::with_demo().await;
    let pairs = [
        ("applicant_name.family_name", "名古屋"),
        ("applicant_name.given_name", "太郎"),
        ("applicant_name.family_name_kana", "なごや"),
        ("applicant_name.given_name_kana", "たろう"),
        ("postal_code", "460-8508"),
        ("address", "名古屋市中区三の丸三丁目1番1号"),
        ("phone", "052-961-1111"),
        ("email", "taro@example.jp"),
        ("items[0].item", "sofa"),
        ("items[0].count", "1"),
        ("items[1].item", "bed"),
        ("items[1].count", "1"),
        ("__count.items", "2"),
        ("preferred_date", "2099-01-05"),
    ];
    let (_, form, _) = get_with(&app, "/procedures/sodaigomi/apply?lang=en", "").await;
    assert!(form.contains("<legend>Item 1</legend>"), "{form}");
    let (status, confirm, _) =
        post(&app, "/procedures/sodaigomi/apply?lang=en", None, &pairs).await;
    assert_eq!(status, 200, "{confirm}");
    assert!(confirm.contains("Item 1 — "), "{confirm}");
    assert!(confirm.contains("Item 2 — "), "{confirm}");
    assert!(!confirm.contains("items 1"), "{confirm}");
    assert!(!confirm.contains("items 2"), "{confirm}");
}

#[tokio::test]
async fn a_resident_keeps_profile_details_that_fill_the_next_application() {
    let app = TestApp::with_demo().await;
    let demo = demo_file(&app);
    let hanako = demo
        .resident_logins
        .iter()
        .find(|r| r.email == "hanako@example.jp")
        .expect("hanako");
    let cookie = login(&app, "/login", &hanako.email, &hanako.password)
        .await
        .expect("login");
    let (_, account, _) = get_with(&app, "/my", &cookie).await;
    assert!(account.contains("href=\"/my/profile\""), "{account}");
    let (status, page, _) = post(
        &app,
        "/my/profile",
        Some(&cookie),
        &[
            ("birth_date", "平成2年4月1日"),
            ("postal_code", "123"),
            ("address", "名古屋市中区栄三丁目"),
            ("phone", "052-000-0000"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("郵便番号は7桁の数字で入力してください。"),
        "{page}"
    );
    assert!(
        page.contains("value=\"名古屋市中区栄三丁目\""),
        "what was typed is kept"
    );
    let (status, page, _) = post(
        &app,
        "/my/profile",
        Some(&cookie),
        &[
            ("birth_date", "平成2年4月1日"),
            ("postal_code", "460-0008"),
            ("address", "名古屋市中区栄三丁目"),
            ("phone", "052-000-0000"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let (_, form, _) = get_with(&app, "/procedures/juminhyo-utsushi/apply", &cookie).await;
    assert!(
        form.contains("name=\"birth_date\" value=\"1990-04-01\""),
        "{form}"
    );
    assert!(
        form.contains("name=\"postal_code\" value=\"4600008\""),
        "{form}"
    );
    assert!(
        form.contains("name=\"address\" value=\"名古屋市中区栄三丁目\""),
        "{form}"
    );
    assert!(
        form.contains("name=\"applicant_name.given_name\" value=\"花子\""),
        "{form}"
    );
}

#[tokio::test]
async fn the_confirm_page_names_the_bank_and_branch() {
    let app = TestApp::with_demo().await;
    let cookie = taro(&app).await;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in with(&[
        ("account.bank_code", "0543"),
        ("account.branch_code", "109"),
        ("account.account_type", "普通"),
    ]) {
        form = form.text(name.to_string(), value.to_string());
    }
    form = form.part(
        "id_document",
        reqwest::multipart::Part::bytes(common::PDF.to_vec()).file_name("保険証.pdf"),
    );
    let response = no_redirects()
        .post(app.url(CHILD_ALLOWANCE))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .expect("request");
    let (status, confirm, _) = common::answer_of(response).await;
    assert_eq!(status, 200, "{confirm}");
    assert!(
        confirm.contains("名古屋（0543） 今池（109） 普通 1234567 ナゴヤ ハナコ"),
        "{confirm}"
    );
}
