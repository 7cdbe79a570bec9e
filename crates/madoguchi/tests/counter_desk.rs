//! The counter desk, tried as residents and ward office clerks use it: a
//! resident fills in a form on a phone and chooses to hand it in at the
//! counter; the clerk reads the QR code (typed by a scanner, or from its
//! picture), checks the answers and accepts them; a clerk fills in a form
//! for a resident who cannot use a phone, with the resident's language
//! beside the Japanese. Both count as made at a counter, apart from online.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{
    CSRF, CSRF_COOKIE, TestApp, demo_file, element_text, get_with, hidden, login, post_with,
};
use sqlx::Row;

const BULKY_WASTE: &[(&str, &str)] = &[
    ("applicant_name.family_name", "名古屋"),
    ("applicant_name.given_name", "花子"),
    ("applicant_name.family_name_kana", "ナゴヤ"),
    ("applicant_name.given_name_kana", "ハナコ"),
    ("postal_code", "460-8508"),
    ("address", "名古屋市中区三の丸三丁目1番1号"),
    ("phone", "052-961-1111"),
    ("email", "prefill@example.jp"),
    ("items[0].item", "sofa"),
    ("items[0].count", "1"),
    ("preferred_date", "2099-01-05"),
];

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![("csrf_token".to_string(), CSRF.to_string())];
    out.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

async fn clerk(app: &TestApp) -> String {
    let demo = demo_file(app);
    let staff = demo
        .staff_logins
        .iter()
        .find(|l| l.section.as_deref() == Some("ward-shimin") && l.role == "clerk")
        .expect("a demo clerk of the ward's citizens section");
    login(app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("staff signs in")
}

/// A guest fills in 粗大ごみ on a phone and asks for the counter's QR code:
/// the address of its page.
async fn prefill_as_guest(app: &TestApp) -> String {
    let path = "/procedures/sodaigomi/apply";
    let (status, confirm, _) = post_with(app, path, CSRF_COOKIE, &form(BULKY_WASTE)).await;
    assert_eq!(status, 200, "{confirm}");
    assert!(
        confirm.contains("窓口で提出する（QRコードを作る）"),
        "{confirm}"
    );
    let answers = hidden(&confirm, "__answers");
    let key = hidden(&confirm, "__key");
    let pairs = form(&[
        ("__answers", answers.as_str()),
        ("__key", key.as_str()),
        ("__step", "counter"),
    ]);
    let (status, _, location) = post_with(app, path, CSRF_COOKIE, &pairs).await;
    assert_eq!(status, 303);
    let location = location.expect("to the QR page");
    // The same button pressed twice keeps one pre-input.
    let (_, _, again) = post_with(app, path, CSRF_COOKIE, &pairs).await;
    assert_eq!(again.as_deref(), Some(location.as_str()));
    location
}

async fn application_row(app: &TestApp, receipt: &str) -> (String, String, String) {
    let row = sqlx::query(
        "SELECT channel, submitter_kind, submitter_id FROM applications WHERE receipt_number = $1",
    )
    .bind(receipt)
    .fetch_one(app.platform.db.pool())
    .await
    .expect("the application");
    (row.get(0), row.get(1), row.get(2))
}

async fn at_counter(app: &TestApp, procedure: &str) -> (i64, i64) {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(received), 0) AS BIGINT), CAST(COALESCE(SUM(at_counter), 0) AS BIGINT) \
         FROM application_counts WHERE procedure_id = $1",
    )
    .bind(procedure)
    .fetch_one(app.platform.db.pool())
    .await
    .map(|row| (row.get(0), row.get(1)))
    .expect("counts")
}

#[tokio::test]
async fn a_pre_input_becomes_an_application_at_the_counter_without_handwriting() {
    let app = TestApp::with_demo().await;
    let before = at_counter(&app, "sodaigomi").await;
    let page_path = prefill_as_guest(&app).await;
    let id = page_path.strip_prefix("/prefills/").expect("the id");
    assert_eq!(id.len(), 32, "128 random bits as hex");

    // The resident's page: the QR code, the code to read out, no answers.
    let (status, page, _) = get_with(&app, &page_path, CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"prefill-qr\""), "{page}");
    assert_eq!(
        element_text(&page, "prefill-code"),
        applications::prefills::grouped(id)
    );
    for personal in [
        "名古屋 花子",
        "ハナコ",
        "052-961-1111",
        "prefill@example.jp",
    ] {
        assert!(!page.contains(personal), "{personal} on the QR page");
    }
    // The code holds nothing but the id, and its answers are sealed at rest.
    assert_eq!(applications::prefill_pages::qr_text(id), id);
    let stored: String = sqlx::query("SELECT answers FROM counter_prefills WHERE id = $1")
        .bind(id)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("kept")
        .get(0);
    assert!(!stored.contains("ハナコ"), "sealed: {stored}");

    // At the counter: a handheld scanner types the code as printed.
    let clerk = clerk(&app).await;
    let (status, page, _) = get_with(&app, "/staff/counters/naka/prefills", &clerk).await;
    assert_eq!(status, 200, "{page}");
    let (status, _, location) = post_with(
        &app,
        "/staff/counters/naka/prefills",
        &clerk,
        &form(&[("code", &applications::prefills::grouped(id))]),
    )
    .await;
    assert_eq!(status, 303);
    let check = location.expect("to the pre-input");
    assert_eq!(check, format!("/staff/counters/naka/prefills/{id}"));
    let (status, page, _) = get_with(&app, &check, &clerk).await;
    assert_eq!(status, 200);
    assert!(page.contains("ハナコ") && page.contains("2099"), "{page}");
    assert!(page.contains("prefill@example.jp（ゲスト）"), "{page}");

    // Accepted: the guest's own application, made at the counter.
    let accept = format!("{check}/accept");
    let (status, page, _) = post_with(&app, &accept, &clerk, &form(&[])).await;
    assert_eq!(status, 200, "{page}");
    let receipt = element_text(&page, "receipt-number");
    assert!(!element_text(&page, "check-code").is_empty());
    let (channel, kind, submitter) = application_row(&app, &receipt).await;
    assert_eq!(
        (channel.as_str(), kind.as_str(), submitter.as_str()),
        ("counter", "guest", "prefill@example.jp")
    );
    let after = at_counter(&app, "sodaigomi").await;
    assert_eq!((after.0 - before.0, after.1 - before.1), (1, 1));
    // The clerk is the one the audit log names.
    let actor: String = sqlx::query(
        "SELECT actor FROM audit_log WHERE action = 'application.submitted' \
         AND target_id = (SELECT id FROM applications WHERE receipt_number = $1)",
    )
    .bind(&receipt)
    .fetch_one(app.platform.db.pool())
    .await
    .expect("audited")
    .get(0);
    assert!(actor.starts_with("staff:"), "{actor}");

    // A second press makes no second application.
    let (status, page, _) = post_with(&app, &accept, &clerk, &form(&[])).await;
    assert_eq!(status, 200);
    assert_eq!(element_text(&page, "receipt-number"), receipt);
    assert_eq!(at_counter(&app, "sodaigomi").await, after);
    // The resident's page now says it was received, and shows no code.
    let (_, page, _) = get_with(&app, &page_path, CSRF_COOKIE).await;
    assert!(
        page.contains(&receipt) && !page.contains("prefill-qr"),
        "{page}"
    );
    // A received pre-input is no longer the resident's to cancel.
    let (status, _, _) = post_with(
        &app,
        &format!("{page_path}/cancel"),
        CSRF_COOKIE,
        &form(&[]),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_counter_reads_the_code_from_a_picture_of_it() {
    let app = TestApp::with_demo().await;
    let page_path = prefill_as_guest(&app).await;
    let id = page_path.strip_prefix("/prefills/").expect("the id");
    let clerk = clerk(&app).await;

    // The QR code as the resident's page draws it, photographed: here the
    // same modules drawn into a PNG.
    let png = qr_png(&applications::prefill_pages::qr_text(id));
    let upload = |bytes: Vec<u8>, name: &'static str| {
        reqwest::multipart::Form::new()
            .text("csrf_token", CSRF)
            .part(
                "picture",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            )
    };
    let response = common::no_redirects()
        .post(app.url("/staff/counters/naka/prefills"))
        .header("cookie", &clerk)
        .multipart(upload(png, "photo.png"))
        .send()
        .await
        .expect("sent");
    let (status, body, location) = common::answer_of(response).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(
        location.as_deref(),
        Some(format!("/staff/counters/naka/prefills/{id}").as_str())
    );

    // A picture with no code, and a file that is no picture, are told so.
    let response = common::no_redirects()
        .post(app.url("/staff/counters/naka/prefills"))
        .header("cookie", &clerk)
        .multipart(upload(b"not a picture".to_vec(), "notes.txt"))
        .send()
        .await
        .expect("sent");
    let (status, body, _) = common::answer_of(response).await;
    assert_eq!(status, 422);
    assert!(body.contains("PNGかJPEGの写真を選んでください"), "{body}");
    let other = qr_png("https://example.com/not-ours");
    let response = common::no_redirects()
        .post(app.url("/staff/counters/naka/prefills"))
        .header("cookie", &clerk)
        .multipart(upload(other, "other.png"))
        .send()
        .await
        .expect("sent");
    let (status, body, _) = common::answer_of(response).await;
    assert_eq!(status, 422);
    assert!(body.contains("事前入力のものではありません"), "{body}");
}

/// `text`'s QR code as a PNG, 4 pixels a module, with its quiet zone.
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("fits");
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let side = (modules + 8) * 4;
    let picture = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / 4, y / 4);
        let dark = mx >= 4
            && my >= 4
            && mx < modules + 4
            && my < modules + 4
            && colors[((my - 4) * modules + (mx - 4)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

#[tokio::test]
async fn a_pre_input_expires_and_its_code_cannot_be_guessed() {
    let app = TestApp::with_demo().await;
    let page_path = prefill_as_guest(&app).await;
    let id = page_path
        .strip_prefix("/prefills/")
        .expect("the id")
        .to_string();
    let clerk = clerk(&app).await;

    // Another code of the right shape opens nothing, for either side.
    let guess = "0123456789abcdef0123456789abcdef";
    assert_ne!(guess, id);
    let (status, _, _) = get_with(&app, &format!("/prefills/{guess}"), CSRF_COOKIE).await;
    assert_eq!(status, 404);
    let (status, _, _) = get_with(
        &app,
        &format!("/staff/counters/naka/prefills/{guess}"),
        &clerk,
    )
    .await;
    assert_eq!(status, 404);
    let (status, page, _) = post_with(
        &app,
        "/staff/counters/naka/prefills",
        &clerk,
        &form(&[("code", "山田太郎 1980-01-01")]),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("コードの形が違います"), "{page}");

    // Past its day: the resident is told, and the counter cannot accept it.
    sqlx::query("UPDATE counter_prefills SET expires_at = $1 WHERE id = $2")
        .bind(time::OffsetDateTime::now_utc().unix_timestamp() - 1)
        .bind(&id)
        .execute(app.platform.db.pool())
        .await
        .expect("aged");
    let (status, page, _) = get_with(&app, &page_path, CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("期限が切れています") && !page.contains("prefill-qr"),
        "{page}"
    );
    let (status, page, _) = post_with(
        &app,
        &format!("/staff/counters/naka/prefills/{id}/accept"),
        &clerk,
        &form(&[]),
    )
    .await;
    assert_eq!(status, 410, "{page}");
    let made: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM applications WHERE channel = 'counter'")
            .fetch_one(app.platform.db.pool())
            .await
            .expect("count")
            .get(0);
    assert_eq!(made, 0);
    // And the housekeeping deletes it with its answers.
    let gone =
        applications::prefills::purge_expired(&app.platform.db, time::OffsetDateTime::now_utc())
            .await
            .expect("purged");
    assert_eq!(gone, 1);
    let (status, _, _) = get_with(&app, &page_path, CSRF_COOKIE).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_resident_cancels_a_pre_input_after_being_asked() {
    let app = TestApp::with_demo().await;
    let page_path = prefill_as_guest(&app).await;
    let (_, page, _) = get_with(&app, &format!("{page_path}?cancel=1"), CSRF_COOKIE).await;
    assert!(page.contains("取り消しますか"), "{page}");
    let (status, page, _) = post_with(
        &app,
        &format!("{page_path}/cancel"),
        CSRF_COOKIE,
        &form(&[]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("取り消しました"), "{page}");
    let (status, _, _) = get_with(&app, &page_path, CSRF_COOKIE).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_clerk_fills_in_a_form_with_the_residents_language_beside_the_japanese() {
    let app = TestApp::with_demo().await;
    let clerk = clerk(&app).await;
    let before = at_counter(&app, "sodaigomi").await;

    // The procedure is found by name, with the resident's language chosen.
    let (status, page, _) = get_with(
        &app,
        "/staff/counters/naka/entry?q=%E7%B2%97%E5%A4%A7%E3%81%94%E3%81%BF&beside=en",
        &clerk,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("/staff/counters/naka/entry/sodaigomi?beside=en"),
        "{page}"
    );
    let (status, page, _) = get_with(
        &app,
        "/staff/counters/naka/entry/sodaigomi?beside=en",
        &clerk,
    )
    .await;
    assert_eq!(status, 200);
    // Each question in Japanese with the English beside it.
    assert!(
        page.contains("<span class=\"beside\" lang=\"en\">"),
        "{page}"
    );
    assert!(
        page.contains("収集場所の住所") && page.contains(">Collection address</span>"),
        "{page}"
    );

    // A problem is shown as on the resident's own form.
    let path = "/staff/counters/naka/entry/sodaigomi";
    let mut pairs = BULKY_WASTE.to_vec();
    pairs.retain(|(k, _)| *k != "address");
    pairs.push(("__beside", "en"));
    let (status, page, _) = post_with(&app, path, &clerk, &form(&pairs)).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("error-summary") && page.contains("href=\"#f-address\""),
        "{page}"
    );

    // Complete: read back in both languages, then accepted.
    pairs.push(("address", "名古屋市中区三の丸三丁目1番1号"));
    let (status, page, _) = post_with(&app, path, &clerk, &form(&pairs)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"entry-answers\""), "{page}");
    let answers = hidden(&page, "__answers");
    let key = hidden(&page, "__key");
    let submit = form(&[
        ("__answers", answers.as_str()),
        ("__key", key.as_str()),
        ("__beside", "en"),
        ("__step", "submit"),
    ]);
    let (status, page, _) = post_with(&app, path, &clerk, &submit).await;
    assert_eq!(status, 200, "{page}");
    let receipt = element_text(&page, "receipt-number");
    let (channel, kind, _) = application_row(&app, &receipt).await;
    assert_eq!((channel.as_str(), kind.as_str()), ("counter", "guest"));
    // The same confirm page sent again makes no second application.
    let (_, page, _) = post_with(&app, path, &clerk, &submit).await;
    assert_eq!(element_text(&page, "receipt-number"), receipt);
    let after = at_counter(&app, "sodaigomi").await;
    assert_eq!((after.0 - before.0, after.1 - before.1), (1, 1));

    // The DX office's progress page counts it at the counter, not online.
    let (_, page, _) = get_with(&app, "/staff/progress", &dx_office(&app).await).await;
    assert!(page.contains("窓口で"), "{page}");

    // A resident is not let in.
    let (status, _, _) = get_with(&app, "/staff/counters/naka/entry/sodaigomi", CSRF_COOKIE).await;
    assert_ne!(status, 200);
}

async fn dx_office(app: &TestApp) -> String {
    let demo = demo_file(app);
    let staff = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "dx_admin")
        .expect("a DX office login");
    login(app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("signs in")
}

#[tokio::test]
async fn a_one_stop_visit_works_through_its_list_and_each_application_goes_to_its_section() {
    let app = TestApp::with_demo().await;
    let clerk = clerk(&app).await;

    // From the bereavement corner's list at the counter.
    let (status, page, _) = get_with(
        &app,
        "/staff/counters/naka/bereavement/list?age=45&insurance=kokuho&child_allowance=yes",
        &clerk,
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"to-onestop\""), "{page}");
    assert!(page.contains("p=jidou-teate-nintei"), "{page}");

    // A visit's list: 粗大ごみ (a form) and 死亡届.
    let list = "/staff/counters/naka/onestop?p=sodaigomi&p=jidou-teate-nintei";
    let (status, page, _) = get_with(&app, list, &clerk).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("残り2件"), "{page}");
    let entry = "/staff/counters/naka/entry/sodaigomi?beside=&onestop=p%3Dsodaigomi%26p%3Djidou-teate-nintei";
    assert!(page.contains(&entry.replace('&', "&#38;")), "{page}");

    // The entry carries the list there and back.
    let (status, page, _) = get_with(&app, entry, &clerk).await;
    assert_eq!(status, 200);
    assert_eq!(
        hidden(&page, "__onestop").replace("&#38;", "&"),
        "p=sodaigomi&p=jidou-teate-nintei"
    );
    let mut pairs = BULKY_WASTE.to_vec();
    pairs.push(("__onestop", "p=sodaigomi&p=jidou-teate-nintei"));
    let path = "/staff/counters/naka/entry/sodaigomi";
    let (status, page, _) = post_with(&app, path, &clerk, &form(&pairs)).await;
    assert_eq!(status, 200, "{page}");
    let submit = form(&[
        ("__answers", &hidden(&page, "__answers")),
        ("__key", &hidden(&page, "__key")),
        (
            "__onestop",
            &hidden(&page, "__onestop").replace("&#38;", "&"),
        ),
        ("__step", "submit"),
    ]);
    let (status, page, _) = post_with(&app, path, &clerk, &submit).await;
    assert_eq!(status, 200, "{page}");
    let receipt = element_text(&page, "receipt-number");
    let back = page
        .split("id=\"onestop-back\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .and_then(|href| href.split('"').next())
        .expect("the way back to the list")
        .replace("&#38;", "&");
    assert!(
        back.contains(&format!("done=sodaigomi%3A{receipt}")),
        "{back}"
    );
    let (_, page, _) = get_with(&app, &back, &clerk).await;
    assert!(page.contains(&format!("受付済み {receipt}")), "{page}");
    assert!(page.contains("残り1件"), "{page}");
    // The application is the section's, made at the counter.
    let (channel, _, _) = application_row(&app, &receipt).await;
    assert_eq!(channel, "counter");

    // The applicant's details, taken once, fill each application of the
    // visit; they are kept sealed, not in the address.
    let (status, _, location) = post_with(
        &app,
        "/staff/counters/naka/onestop/visitor",
        &clerk,
        &form(&[
            ("list", "p=sodaigomi&p=jidou-teate-nintei"),
            ("name", "総合 窓子"),
            ("name_kana", "ソウゴウ マドコ"),
            ("postal_code", "4608508"),
            ("address", "名古屋市中区三の丸三丁目1番1号"),
            ("phone", "052-961-1111"),
            ("email", "madoko@example.jp"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    let list = location.expect("back to the list");
    assert!(
        list.contains("visitor=") && !list.contains("madoko"),
        "{list}"
    );
    let (_, page, _) = get_with(&app, &list, &clerk).await;
    assert!(page.contains("総合 窓子"), "{page}");
    let entry = page
        .split("href=\"")
        .find(|h| h.starts_with("/staff/counters/naka/entry/sodaigomi"))
        .and_then(|h| h.split('"').next())
        .expect("the entry link")
        .replace("&#38;", "&");
    let (_, page, _) = get_with(&app, &entry, &clerk).await;
    for filled in [
        "value=\"総合\"",
        "value=\"マドコ\"",
        "value=\"madoko@example.jp\"",
    ] {
        assert!(page.contains(filled), "{filled}: {page}");
    }
    let stored: String = sqlx::query("SELECT profile FROM counter_visitors")
        .fetch_one(app.platform.db.pool())
        .await
        .expect("kept")
        .get(0);
    assert!(!stored.contains("madoko"), "sealed: {stored}");
}
