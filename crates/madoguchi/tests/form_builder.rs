//! The form builder through the real HTTP stack: a DX office administrator
//! builds 転入届's form from a template without writing JSON — adds a
//! question with choices, a question shown only for one answer, sees both
//! in the phone preview — and submits it for review; problems come back in
//! Japanese pointing at the question; a second administrator sees the
//! differences and publishes; residents then find the form.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, demo_file, get_with, hidden, login, post_with};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn admins(app: &TestApp) -> (String, String) {
    let demo = demo_file(app);
    let dx = demo
        .staff_logins
        .iter()
        .find(|l| l.role == "dx_admin")
        .expect("a DX admin");
    let other = demo
        .staff_logins
        .iter()
        .find(|l| l.email == "dx.reviewer@city.example.jp")
        .expect("the demo's second DX office administrator");
    (
        login(app, "/staff/login", &dx.email, &dx.password)
            .await
            .expect("login"),
        login(app, "/staff/login", &other.email, &other.password)
            .await
            .expect("login"),
    )
}

/// Posts one builder operation on the current revision; status and Location.
async fn op(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let (_, page, _) = get_with(app, "/staff/forms/tennyu", cookie).await;
    let mut all = pairs(&[
        ("csrf_token", &hidden(&page, "csrf_token")),
        ("revision", &hidden(&page, "revision")),
    ]);
    all.extend(pairs(fields));
    post_with(app, "/staff/forms/tennyu/build", cookie, &all).await
}

#[tokio::test]
async fn a_form_is_built_without_json_reviewed_by_a_second_person_and_published() {
    let app = TestApp::with_demo().await;
    let (author, reviewer) = admins(&app).await;

    // Staff find the procedure by name, not id.
    let (status, list, _) = get_with(&app, "/staff/forms?q=転入", &author).await;
    assert_eq!(status, 200);
    assert!(list.contains("href=\"/staff/forms/tennyu\""), "{list}");

    // No form yet: the page offers templates.
    let (status, start, _) = get_with(&app, "/staff/forms/tennyu", &author).await;
    assert_eq!(status, 200);
    assert!(
        start.contains("name=\"origin\" value=\"template:"),
        "{start}"
    );
    let (status, _, _) = post_with(
        &app,
        "/staff/forms/tennyu/start",
        &author,
        &pairs(&[
            ("csrf_token", &hidden(&start, "csrf_token")),
            ("origin", "template:hanyo-shinsei"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, "/staff/forms/tennyu", &author).await;
    assert!(
        page.contains("phone-frame"),
        "the preview is beside the builder"
    );

    // A question with choices: added, then edited.
    let (status, _, location) = op(
        &app,
        &author,
        &[("op", "add"), ("section", "0"), ("kind", "radio")],
    )
    .await;
    assert_eq!(status, 303);
    let location = location.expect("location");
    assert!(location.contains("?edit=s0.f6"), "{location}");
    let (status, _, _) = op(
        &app,
        &author,
        &[
            ("op", "edit"),
            ("at", "s0.f6"),
            ("label_ja", "転入の理由"),
            ("label_en", "Why you moved in"),
            ("required", "1"),
            (
                "options",
                "転勤 | Job transfer\n進学 | Study\nその他 | Other",
            ),
        ],
    )
    .await;
    assert_eq!(status, 303);

    // A question shown only when その他 is chosen.
    op(
        &app,
        &author,
        &[("op", "add"), ("section", "0"), ("kind", "text")],
    )
    .await;
    let definition = formbuilder::store::get(&app.platform.db, "tennyu")
        .await
        .expect("read")
        .expect("a draft")
        .definition;
    let forms::FieldKind::Radio { options } = &definition.sections[0].fields[6].kind else {
        panic!("a radio question")
    };
    let other = options
        .iter()
        .find(|o| o.label.ja == "その他")
        .expect("その他")
        .value
        .clone();
    let (status, _, _) = op(
        &app,
        &author,
        &[
            ("op", "edit"),
            ("at", "s0.f7"),
            ("label_ja", "その他の理由"),
            ("condition_field", "radio_1"),
            ("condition_value_radio_1", &other),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, "/staff/forms/tennyu", &author).await;
    assert!(page.contains("「転入の理由」が その他"), "{page}");
    assert!(page.contains("転入の理由") && page.contains("その他の理由"));

    // Problems are listed all at once, in Japanese, pointing at the question.
    let (status, refused, _) = op(
        &app,
        &author,
        &[
            ("op", "edit"),
            ("at", "s0.f6"),
            ("label_ja", ""),
            ("label_en", "Reason for moving"),
            ("options", "転勤\n転勤"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    // What was typed is shown again, not lost; nothing was stored.
    assert!(refused.contains("value=\"Reason for moving\""), "{refused}");
    let stored = formbuilder::store::get(&app.platform.db, "tennyu")
        .await
        .expect("read")
        .expect("a draft");
    assert_eq!(
        stored.definition.sections[0].fields[6].label.ja,
        "転入の理由"
    );
    assert!(
        refused.contains("質問文（日本語）を入れてください"),
        "{refused}"
    );
    assert!(
        refused.contains("選択肢「転勤」が二度あります"),
        "{refused}"
    );
    assert!(refused.contains("href=\"#q-s0-f6\""), "{refused}");

    // Moving the conditional question above the one it depends on is refused.
    let (status, refused, _) = op(
        &app,
        &author,
        &[("op", "move"), ("at", "s0.f7"), ("direction", "up")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.contains("前の質問"), "{refused}");

    // An edit made on an old revision is refused, not merged.
    let (_, page, _) = get_with(&app, "/staff/forms/tennyu", &author).await;
    let (status, _, _) = post_with(
        &app,
        "/staff/forms/tennyu/build",
        &author,
        &pairs(&[
            ("csrf_token", &hidden(&page, "csrf_token")),
            ("revision", "1"),
            ("op", "add_section"),
        ]),
    )
    .await;
    assert_eq!(status, 409);

    // Submitted for review; the author cannot publish it.
    let (_, page, _) = get_with(&app, "/staff/forms/tennyu", &author).await;
    let (status, _, _) = post_with(
        &app,
        "/staff/forms/tennyu/submit",
        &author,
        &pairs(&[
            ("csrf_token", &hidden(&page, "csrf_token")),
            ("revision", &hidden(&page, "revision")),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    let (status, _, _) = op(&app, &author, &[("op", "add_section")]).await;
    assert_eq!(status, 409, "a draft in review is frozen");

    let (status, review, _) = get_with(&app, "/staff/forms/tennyu/review", &reviewer).await;
    assert_eq!(status, 200);
    assert!(
        review.contains("転入の理由") && review.contains("追加"),
        "{review}"
    );
    // Published by the second person.
    let (status, _, location) = post_with(
        &app,
        "/staff/forms/tennyu/review",
        &reviewer,
        &pairs(&[
            ("csrf_token", &hidden(&review, "csrf_token")),
            ("revision", &hidden(&review, "revision")),
            ("decision", "publish"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/staff/forms/tennyu/versions/1?published=1")
    );

    // Residents find the form.
    let (status, form) = app.get_json("/api/v1/procedures/tennyu/form").await;
    assert_eq!(status, 200);
    assert_eq!(form["version"], 1);
    assert!(form.to_string().contains("転入の理由"), "{form}");
    let condition = &form["sections"][0]["fields"][7]["visible_when"];
    assert_eq!(condition["field"], "radio_1", "{form}");

    // Every step is in the audit log.
    use sqlx::Row;
    let actions: Vec<String> =
        sqlx::query("SELECT action FROM audit_log WHERE target_id = 'tennyu' ORDER BY id")
            .fetch_all(app.platform.db.pool())
            .await
            .expect("audit")
            .iter()
            .map(|r| r.get::<String, _>("action"))
            .collect();
    assert_eq!(
        actions,
        [
            "procedure.form_draft_started",
            "procedure.form_submitted_for_review",
            "procedure.form_published"
        ]
    );
}

#[tokio::test]
async fn a_template_is_exported_imported_by_another_city_and_built_from() {
    let app = TestApp::with_demo().await;
    let (admin, _) = admins(&app).await;
    // Exported from the library as a file …
    let exported = common::no_redirects()
        .get(app.url("/staff/form-templates/hanyo-shinsei"))
        .header("cookie", &admin)
        .send()
        .await
        .expect("request");
    assert_eq!(exported.status(), 200);
    let mut template: serde_json::Value = exported.json().await.expect("json");
    // … changed by another city, and imported.
    template["id"] = serde_json::json!("toyota-hanyo");
    template["title"]["ja"] = serde_json::json!("豊田市の汎用申請");
    let (_, page, _) = get_with(&app, "/staff/form-templates", &admin).await;
    let upload = |body: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf_token", hidden(&page, "csrf_token"))
            .part(
                "file",
                reqwest::multipart::Part::bytes(body).file_name("t.json"),
            )
    };
    let answer = common::no_redirects()
        .post(app.url("/staff/form-templates/import"))
        .header("cookie", &admin)
        .multipart(upload(b"{\"id\": \"x\"}".to_vec()))
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 422, "a broken template is refused");
    let refused = answer.text().await.expect("body");
    assert!(refused.contains("error-summary"), "{refused}");
    let answer = common::no_redirects()
        .post(app.url("/staff/form-templates/import"))
        .header("cookie", &admin)
        .multipart(upload(template.to_string().into_bytes()))
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    assert!(
        answer
            .text()
            .await
            .expect("body")
            .contains("豊田市の汎用申請")
    );
    // The builder offers it and starts from it.
    let (_, start, _) = get_with(&app, "/staff/forms/tennyu", &admin).await;
    assert!(start.contains("value=\"template:toyota-hanyo\""), "{start}");
    let (status, _, _) = post_with(
        &app,
        "/staff/forms/tennyu/start",
        &admin,
        &pairs(&[
            ("csrf_token", &hidden(&start, "csrf_token")),
            ("origin", "template:toyota-hanyo"),
        ]),
    )
    .await;
    assert_eq!(status, 303);
    let draft = formbuilder::store::get(&app.platform.db, "tennyu")
        .await
        .expect("read")
        .expect("a draft");
    assert_eq!(draft.origin, "template:toyota-hanyo");
    assert_eq!(
        draft.definition.title.ja, "転入届",
        "titled with the procedure"
    );
}
