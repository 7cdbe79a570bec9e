//! Subscribing to the city's news: double opt-in, the preferences link and
//! the one-click unsubscribe of RFC 8058, through the real server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{TestApp, mail_matching};

/// The path of the link (`http://host/path`) on the line of `text` that
/// holds `marker`.
fn path_in(text: &str, marker: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no {marker} in\n{text}"));
    let start = line.find("http").expect("a link");
    let url = line[start..].trim_end_matches('>');
    let after_scheme = &url[url.find("://").unwrap() + 3..];
    after_scheme[after_scheme.find('/').unwrap()..].to_string()
}

async fn sign_up(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/notify"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(app.platform.db.pool())
        .await
        .unwrap()
}

const ACTIVE: &str =
    "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_subscriptions WHERE status = 'active'";

/// Signs `email` up for `topics`, confirms from the mail, and returns the
/// welcome mail.
async fn subscribed(app: &TestApp, email: &str, topics: &[&str]) -> String {
    let mut fields = vec![("email", email), ("lang", "ja")];
    fields.extend(topics.iter().map(|t| ("topic", *t)));
    let (status, _) = sign_up(app, &fields).await;
    assert_eq!(status, 200);
    let mail = mail_matching(app.dir.path(), |m| {
        m.contains(&format!("To: {email}")) && m.contains("/notify/confirm/")
    })
    .await;
    let confirm = path_in(&mail, "/notify/confirm/");
    let response = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    mail_matching(app.dir.path(), |m| {
        m.contains(&format!("To: {email}")) && m.contains("List-Unsubscribe:")
    })
    .await
}

#[tokio::test]
async fn a_subscription_exists_only_once_its_address_confirms_it() {
    let app = TestApp::spawn().await;
    let form = app.get("/notify").await.text().await.unwrap();
    assert!(form.contains("name=\"topic\" value=\"kosodate\""), "{form}");
    assert!(form.contains("中区"));

    let (status, page) = sign_up(
        &app,
        &[
            ("email", "hanako@example.jp"),
            ("topic", "kosodate"),
            ("topic", "bousai"),
            ("ward", "naka"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("hanako@example.jp"), "{page}");
    assert_eq!(
        count(&app, ACTIVE).await,
        0,
        "nothing before the confirmation"
    );

    let mail = mail_matching(app.dir.path(), |m| m.contains("/notify/confirm/")).await;
    assert!(
        mail.contains("Subject: [Nagoya City] Confirm your subscription"),
        "{mail}"
    );
    assert!(!mail.contains("List-Unsubscribe"), "not yet a subscriber");
    let confirm = path_in(&mail, "/notify/confirm/");

    // Opening the link (as a mail scanner does) subscribes no one.
    let page = app.get(&confirm).await.text().await.unwrap();
    assert!(
        page.contains("Naka Ward") || page.contains("中区"),
        "{page}"
    );
    assert_eq!(count(&app, ACTIVE).await, 0);

    let response = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app, ACTIVE).await, 1);
    let row: (String, String, String) = sqlx::query_as(
        "SELECT lang, topics, wards FROM notify_subscriptions WHERE address = 'hanako@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("en".into(), "bousai,kosodate".into(), "naka".into()));

    // The link works once.
    let again = app.client.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(again.status(), 404);

    let welcome = mail_matching(app.dir.path(), |m| m.contains("List-Unsubscribe:")).await;
    assert!(
        welcome.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{welcome}"
    );
    assert!(welcome.contains("Children and families"), "{welcome}");
    assert!(welcome.contains("/notify/manage/"), "{welcome}");
}

#[tokio::test]
async fn one_click_unsubscribes_exactly_that_subscription_without_a_session() {
    let app = TestApp::spawn().await;
    let welcome = subscribed(&app, "a@example.jp", &["gomi"]).await;
    subscribed(&app, "b@example.jp", &["gomi"]).await;
    assert_eq!(count(&app, ACTIVE).await, 2);
    let unsubscribe = path_in(&welcome, "List-Unsubscribe:");

    // A forged tag changes nothing.
    let forged = format!("{}0", &unsubscribe[..unsubscribe.len() - 1]);
    let forged = if forged == unsubscribe {
        format!("{}1", &unsubscribe[..unsubscribe.len() - 1])
    } else {
        forged
    };
    // As a mail program posts it: no cookie, no page's token.
    let bare = reqwest::Client::new();
    let response = bare
        .post(app.url(&forged))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(count(&app, ACTIVE).await, 2);

    for _ in 0..2 {
        let response = bare
            .post(app.url(&unsubscribe))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "a repeat is answered the same");
    }
    let left: Vec<(String, String)> =
        sqlx::query_as("SELECT address, status FROM notify_subscriptions ORDER BY address")
            .fetch_all(app.platform.db.pool())
            .await
            .unwrap();
    assert_eq!(
        left,
        vec![
            ("a@example.jp".into(), "unsubscribed".into()),
            ("b@example.jp".into(), "active".into())
        ]
    );
    // The preferences link of an ended subscription says so.
    let manage = path_in(&welcome, "/notify/manage/");
    let page = app.get(&manage).await.text().await.unwrap();
    assert!(
        page.contains("/notify\""),
        "offers to sign up again: {page}"
    );
}

#[tokio::test]
async fn a_stranger_typing_a_subscribers_address_changes_nothing() {
    let app = TestApp::spawn().await;
    subscribed(&app, "c@example.jp", &["gomi"]).await;
    let (status, _) = sign_up(
        &app,
        &[("email", "c@example.jp"), ("topic", "zei"), ("lang", "en")],
    )
    .await;
    assert_eq!(status, 200, "the page says the same whoever the address is");
    let row: (String, String) = sqlx::query_as(
        "SELECT lang, topics FROM notify_subscriptions WHERE address = 'c@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("ja".into(), "gomi".into()));
}

#[tokio::test]
async fn the_preferences_link_changes_topics_wards_and_language() {
    let app = TestApp::spawn().await;
    let welcome = subscribed(&app, "d@example.jp", &["kenkou"]).await;
    let manage = path_in(&welcome, "/notify/manage/");
    let page = app.get(&manage).await.text().await.unwrap();
    assert!(page.contains("value=\"kenkou\" checked"), "{page}");
    assert!(page.contains("d@example.jp"));
    let response = app
        .client
        .post(app.url(&manage))
        .form(&[("topic", "event"), ("ward", "midori"), ("lang", "vi")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let row: (String, String, String) = sqlx::query_as(
        "SELECT lang, topics, wards FROM notify_subscriptions WHERE address = 'd@example.jp'",
    )
    .fetch_one(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("vi".into(), "event".into(), "midori".into()));
    // No topic: refused, nothing changed.
    let response = app
        .client
        .post(app.url(&manage))
        .form(&[("ward", "midori")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn a_sign_up_without_a_topic_or_address_is_refused_and_sends_nothing() {
    let app = TestApp::spawn().await;
    for (fields, says) in [
        (vec![("email", "e@example.jp")], "分野を1つ以上"),
        (
            vec![("email", "not an address"), ("topic", "gomi")],
            "aria-invalid",
        ),
        (
            vec![("email", "e@example.jp"), ("topic", "casino")],
            "選択肢が変わりました",
        ),
    ] {
        let (status, page) = sign_up(&app, &fields).await;
        assert_eq!(status, 422, "{fields:?}");
        assert!(page.contains(says), "{fields:?}: {page}");
    }
    let requests = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notify_confirmations",
    )
    .await;
    assert_eq!(requests, 0);
}

#[tokio::test]
async fn one_address_gets_a_few_confirmation_mails_an_hour_at_most() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let (status, _) = sign_up(&app, &[("email", "f@example.jp"), ("topic", "gomi")]).await;
        assert_eq!(status, 200);
    }
    let queued = count(
        &app,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mail_queue WHERE recipient = 'f@example.jp'",
    )
    .await;
    assert_eq!(queued, notify::store::MAX_REQUESTS_PER_HOUR);
}

/// A database with its schema and keys and nothing running over it.
async fn bare_db(dir: &tempfile::TempDir) -> kernel::Db {
    let db = common::fresh_db(dir)
        .await
        .with_keys(kernel::keys::Keyring::ephemeral());
    db.migrate().await.unwrap();
    db
}

/// Subscriptions made directly (the sign-up is tested above):
/// (address, lang, topics, wards, status).
async fn subscriptions(db: &kernel::Db, list: &[(&str, &str, &str, &str, &str)]) {
    for (address, lang, topics, wards, status) in list {
        sqlx::query(
            "INSERT INTO notify_subscriptions (channel, address, lang, topics, wards, status, generation, created_at, changed_at)
             VALUES ('email', $1, $2, $3, $4, $5, 0, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
        )
        .bind(*address)
        .bind(*lang)
        .bind(*topics)
        .bind(*wards)
        .bind(*status)
        .execute(db.pool())
        .await
        .unwrap();
    }
}

fn draft(topics: &[&str], wards: &[&str]) -> notify::announcements::Draft {
    let text = |title: &str, body: &str| notify::announcements::Text {
        title: title.into(),
        body: body.into(),
    };
    notify::announcements::Draft {
        texts: [
            (
                "ja".to_string(),
                text(
                    "粗大ごみの受付日が変わります",
                    "1月から受付日が変わります。",
                ),
            ),
            (
                "en".to_string(),
                text(
                    "Bulky waste collection days change",
                    "From January the days change.",
                ),
            ),
        ]
        .into(),
        target: notify::rules::Target {
            topics: topics.iter().map(|s| s.to_string()).collect(),
            wards: wards.iter().map(|s| s.to_string()).collect(),
            langs: Default::default(),
        },
        link_path: Some("/procedures/sodaigomi".into()),
        send_at: None,
    }
}

/// The announcement mails in the folder (named after their delivery).
fn announcement_mails(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("mail"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| {
        f.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('n'))
    });
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

/// A sender on its own over `db`, mailing into `dir/mail`, as one node
/// (or one run of the process) would.
fn sender(db: &kernel::Db, dir: &std::path::Path) -> notify::sender::Sender {
    let mailer = mail::Mailer::new(
        db.clone(),
        None,
        "no-reply@city.example.jp",
        "http://127.0.0.1:8080",
        &dir.join("mail"),
    )
    .unwrap();
    notify::sender::Sender::new(notify::Notify::new(db.clone()), mailer, 1000)
}

#[tokio::test]
async fn an_announcement_reaches_its_subscribers_once_each_in_their_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = bare_db(&dir).await;
    subscriptions(
        &db,
        &[
            ("naka@example.jp", "ja", "gomi", "naka", "active"),
            ("city@example.jp", "en", "bousai,gomi", "", "active"),
            ("tax@example.jp", "ja", "zei", "", "active"),
            ("kita@example.jp", "ja", "gomi", "kita", "active"),
            ("gone@example.jp", "ja", "gomi", "", "unsubscribed"),
            ("viet@example.jp", "vi", "gomi", "", "active"),
        ],
    )
    .await;
    use notify::announce::{Action, State};
    use notify::announcements;
    let id = announcements::create(&db, &draft(&["gomi"], &["naka"]), "kankyo.clerk")
        .await
        .unwrap();
    let target = announcements::get(&db, id).await.unwrap().unwrap().target;
    assert_eq!(announcements::reach(&db, &target).await.unwrap(), 3);
    let sender = sender(&db, dir.path());
    sender.run_once().await.unwrap();
    assert!(
        announcement_mails(dir.path()).is_empty(),
        "a draft sends nothing"
    );

    let step = announcements::act(&db, id, Action::Submit, "kankyo.clerk", None)
        .await
        .unwrap();
    assert_eq!(step, Ok(State::Scheduled), "one ward's needs no approval");
    sender.run_once().await.unwrap();
    sender.run_once().await.unwrap();
    let mails = announcement_mails(dir.path());
    let to: Vec<&str> = mails
        .iter()
        .map(|m| m.lines().next().unwrap().trim_start_matches("To: "))
        .collect();
    assert_eq!(
        to,
        ["naka@example.jp", "city@example.jp", "viet@example.jp"]
    );
    assert!(
        mails[0].contains("Subject: 【名古屋市】粗大ごみの受付日が変わります"),
        "{}",
        mails[0]
    );
    assert!(
        mails[1].contains("Subject: [Nagoya City] Bulky waste collection days change"),
        "{}",
        mails[1]
    );
    assert!(
        mails[2].contains("粗大ごみの受付日"),
        "no Vietnamese text: the Japanese"
    );
    for mail in &mails {
        assert!(
            mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{mail}"
        );
        assert!(mail.contains("/notify/manage/"), "{mail}");
        assert!(mail.contains("/procedures/sodaigomi"), "{mail}");
    }
    let sent = announcements::get(&db, id).await.unwrap().unwrap();
    assert_eq!(sent.state, State::Sent);
    assert_eq!(sent.recipients, Some(3));
    let counts = announcements::delivery_counts(&db, id).await.unwrap();
    assert_eq!(counts.get("sent"), Some(&3));
    // Another node, or the next run, sends nothing again.
    sender.run_once().await.unwrap();
    assert_eq!(announcement_mails(dir.path()).len(), 3);
}

#[tokio::test]
async fn a_city_wide_announcement_waits_for_a_second_persons_approval() {
    let dir = tempfile::tempdir().unwrap();
    let db = bare_db(&dir).await;
    subscriptions(&db, &[("a@example.jp", "ja", "bousai", "", "active")]).await;
    use notify::announce::{Action, Refusal, State};
    use notify::announcements;
    let id = announcements::create(&db, &draft(&["bousai"], &[]), "dx.one")
        .await
        .unwrap();
    let act = |action, who: &'static str| {
        let db = db.clone();
        async move {
            announcements::act(&db, id, action, who, None)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        act(Action::Submit, "dx.one").await,
        Ok(State::AwaitingApproval)
    );
    let sender = sender(&db, dir.path());
    sender.run_once().await.unwrap();
    assert!(
        announcement_mails(dir.path()).is_empty(),
        "nothing before approval"
    );
    assert_eq!(
        act(Action::Approve, "dx.one").await,
        Err(Refusal::SamePerson)
    );
    assert_eq!(act(Action::Approve, "dx.two").await, Ok(State::Scheduled));
    sender.run_once().await.unwrap();
    assert_eq!(announcement_mails(dir.path()).len(), 1);
    let sent = announcements::get(&db, id).await.unwrap().unwrap();
    assert_eq!(sent.approved_by.as_deref(), Some("dx.two"));
    assert_eq!(
        act(Action::Cancel, "dx.two").await,
        Err(Refusal::NotNow),
        "sent is sent"
    );
}

#[tokio::test]
async fn a_send_stopped_halfway_goes_on_without_repeating_or_losing_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let db = bare_db(&dir).await;
    let many: Vec<(String, &str, &str, &str, &str)> = (0..2_200)
        .map(|n| (format!("r{n:04}@example.jp"), "ja", "gomi", "", "active"))
        .collect();
    let borrowed: Vec<(&str, &str, &str, &str, &str)> = many
        .iter()
        .map(|(a, b, c, d, e)| (a.as_str(), *b, *c, *d, *e))
        .collect();
    subscriptions(&db, &borrowed).await;
    use notify::announce::Action;
    use notify::announcements;
    let id = announcements::create(&db, &draft(&["gomi"], &["naka"]), "kankyo.clerk")
        .await
        .unwrap();
    announcements::act(&db, id, Action::Submit, "kankyo.clerk", None)
        .await
        .unwrap()
        .unwrap();
    // The first run sends one batch; the process then stops, leaving a
    // second batch claimed but not sent (as a kill mid-batch would).
    sender(&db, dir.path()).run_once().await.unwrap();
    let first = announcement_mails(dir.path()).len();
    assert!(first > 0 && first < 2_200, "{first}");
    let claimed = announcements::claim(&db, "email", 50).await.unwrap();
    assert_eq!(claimed.len(), 50);
    // A new process: the claim runs out after its time, which the test
    // brings forward.
    sqlx::query("UPDATE notify_deliveries SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE status = 'queued'")
        .execute(db.pool())
        .await
        .unwrap();
    let restarted = sender(&db, dir.path());
    for _ in 0..5 {
        restarted.run_once().await.unwrap();
    }
    let mails = announcement_mails(dir.path());
    let mut to: Vec<&str> = mails.iter().map(|m| m.lines().next().unwrap()).collect();
    assert_eq!(to.len(), 2_200, "every one");
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 2_200, "no one twice");
    assert_eq!(
        announcements::get(&db, id).await.unwrap().unwrap().state,
        notify::announce::State::Sent
    );
}

/// A mail server that takes the mail for some mailboxes and refuses the
/// others for good (550), as a receiving server does for a dead address.
async fn smtp_refusing(dead: &'static str) -> String {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.ok();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            write.write_all(b"250 2.0.0 queued\r\n").await.ok();
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 test\r\n"
                    } else if upper.starts_with("RCPT") && line.contains(dead) {
                        b"550 5.1.1 no such mailbox\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(answer).await.ok();
                }
            });
        }
    });
    format!("smtp://{addr}")
}

#[tokio::test]
async fn a_dead_address_is_no_longer_mailed() {
    let dir = tempfile::tempdir().unwrap();
    let db = bare_db(&dir).await;
    subscriptions(
        &db,
        &[
            ("alive@example.jp", "ja", "gomi", "", "active"),
            ("dead@example.jp", "ja", "gomi", "", "active"),
        ],
    )
    .await;
    let url = smtp_refusing("dead@example.jp").await;
    let mailer = mail::Mailer::new(
        db.clone(),
        Some(&url),
        "no-reply@city.example.jp",
        "http://127.0.0.1:8080",
        &dir.path().join("mail"),
    )
    .unwrap();
    let sender = notify::sender::Sender::new(notify::Notify::new(db.clone()), mailer, 1000);
    use notify::announce::Action;
    use notify::announcements;
    let id = announcements::create(&db, &draft(&["gomi"], &["naka"]), "kankyo.clerk")
        .await
        .unwrap();
    announcements::act(&db, id, Action::Submit, "kankyo.clerk", None)
        .await
        .unwrap()
        .unwrap();
    sender.run_once().await.unwrap();
    let counts = announcements::delivery_counts(&db, id).await.unwrap();
    assert_eq!(counts.get("sent"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("failed"), Some(&1), "{counts:?}");
    let status: String = sqlx::query_scalar(
        "SELECT status FROM notify_subscriptions WHERE address = 'dead@example.jp'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(status, "bounced");
    // The next announcement goes to the live address only.
    let next = announcements::create(&db, &draft(&["gomi"], &["naka"]), "kankyo.clerk")
        .await
        .unwrap();
    announcements::act(&db, next, Action::Submit, "kankyo.clerk", None)
        .await
        .unwrap()
        .unwrap();
    sender.run_once().await.unwrap();
    let counts = announcements::delivery_counts(&db, next).await.unwrap();
    assert_eq!(counts.values().sum::<i64>(), 1, "{counts:?}");
}

async fn post_as(
    app: &TestApp,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    common::post_with(app, path, cookie, &owned).await
}

/// The two DX office administrators of the demo, signed in.
async fn dx_admins(app: &TestApp) -> (String, String) {
    let demo = common::demo_file(app);
    let mut admins = demo.staff_logins.iter().filter(|l| l.role == "dx_admin");
    let one = admins.next().expect("a DX office administrator");
    let two = admins.next().expect("a second one");
    (
        common::login(app, "/staff/login", &one.email, &one.password)
            .await
            .expect("login"),
        common::login(app, "/staff/login", &two.email, &two.password)
            .await
            .expect("login"),
    )
}

#[tokio::test]
async fn the_dx_office_writes_previews_and_approves_a_city_wide_announcement() {
    let app = TestApp::with_demo().await;
    let disaster = notify::rules::Target {
        topics: ["bousai".to_string()].into(),
        ..Default::default()
    };
    // The demo's own subscribers of 防災, and three more.
    let demo = notify::announcements::reach(&app.platform.db, &disaster)
        .await
        .unwrap();
    subscriptions(
        &app.platform.db,
        &[
            ("a@example.jp", "en", "bousai", "", "active"),
            ("b@example.jp", "ja", "bousai", "kita", "active"),
            ("c@example.jp", "ja", "zei", "", "active"),
        ],
    )
    .await;
    let (author, approver) = dx_admins(&app).await;
    // Visitors and residents are refused.
    let (status, _, _) = common::get_with(&app, "/staff/announcements", common::CSRF_COOKIE).await;
    assert_ne!(status, 200);

    let fields = [
        ("title_ja", "防災訓練のお知らせ"),
        ("body_ja", "12月20日に市内一斉の防災訓練を行います。"),
        ("title_en", "Disaster drill"),
        ("body_en", "A city-wide drill on 20 December."),
        ("topic", "bousai"),
        ("link_path", "/procedures"),
        ("action", "save"),
    ];
    let (status, _, location) = post_as(&app, "/staff/announcements/new", &author, &fields).await;
    assert_eq!(status, 303);
    let page_path = location.expect("to the announcement");
    let (status, page, _) = common::get_with(&app, &page_path, &author).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("id=\"reach\">{}<", demo + 2)),
        "the subscribers of 防災: {page}"
    );
    assert!(
        page.contains("[Nagoya City] Disaster drill"),
        "the English preview"
    );
    assert!(
        page.contains("【名古屋市】防災訓練のお知らせ"),
        "the Japanese preview"
    );

    let submit: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| {
            if *k == "action" {
                (*k, "submit")
            } else {
                (*k, *v)
            }
        })
        .collect();
    let (status, _, _) = post_as(&app, &page_path, &author, &submit).await;
    assert_eq!(status, 303);
    // Its author cannot approve it.
    let (status, page, _) = post_as(&app, &page_path, &author, &[("action", "approve")]).await;
    assert_eq!(status, 409);
    assert!(
        page.contains("別の職員が承認") || page.contains("someone other"),
        "{page}"
    );
    let (status, _, _) = post_as(&app, &page_path, &approver, &[("action", "approve")]).await;
    assert_eq!(status, 303);

    // The platform's sender delivers it.
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();
    for _ in 0..600 {
        let a = notify::announcements::get(&app.platform.db, id)
            .await
            .unwrap()
            .unwrap();
        if a.state == notify::announce::State::Sent {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let counts = notify::announcements::delivery_counts(&app.platform.db, id)
        .await
        .unwrap();
    assert_eq!(counts.get("sent"), Some(&(demo + 2)), "{counts:?}");
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE target_type = 'announcement' AND target_id = $1 ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(app.platform.db.pool())
    .await
    .unwrap();
    assert_eq!(
        trail,
        [
            "announcement.drafted",
            "announcement.edited",
            "announcement.submitted",
            "announcement.approved"
        ]
    );
    let (_, list, _) = common::get_with(&app, "/staff/announcements", &author).await;
    assert!(list.contains("防災訓練のお知らせ"), "{list}");
}
