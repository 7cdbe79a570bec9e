//! The smart counter's queue, tried as residents and ward office staff use
//! it: a ticket from the kiosk, its own page, the console calling it, the
//! congestion page and hall display following without a reload.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::Duration;

use common::{CSRF, CSRF_COOKIE, TestApp, demo_file, get_with, login, post_with};
use counter::queue::{self, Action, Channel, NewLine, TicketState};
use sqlx::Row;
use time::OffsetDateTime;

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![("csrf_token".to_string(), CSRF.to_string())];
    out.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    out
}

async fn staff_cookie(app: &TestApp, section: &str) -> String {
    let demo = demo_file(app);
    let staff = demo
        .staff_logins
        .iter()
        .find(|l| l.section.as_deref() == Some(section) && l.role == "clerk")
        .unwrap_or_else(|| panic!("a demo clerk of {section}"));
    login(app, "/staff/login", &staff.email, &staff.password)
        .await
        .expect("staff signs in")
}

/// A kiosk ticket of `line` at `office`: its id.
async fn take(app: &TestApp, office: &str, line: &str) -> String {
    let (status, body, location) = post_with(
        app,
        &format!("/counters/{office}/tickets"),
        CSRF_COOKIE,
        &form(&[("line", line)]),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.expect("to the ticket");
    let id = location
        .strip_prefix("/queue/")
        .and_then(|rest| rest.strip_suffix("?new=1"))
        .unwrap_or_else(|| panic!("ticket page: {location}"));
    id.to_string()
}

/// The next `congestion` event's data on an open event stream (bytes are
/// kept until a whole event is there: a chunk may end inside a character).
async fn next_event(response: &mut reqwest::Response, buffer: &mut Vec<u8>) -> serde_json::Value {
    loop {
        if let Some(end) = buffer.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = buffer.drain(..end + 2).collect();
            let event = String::from_utf8(event).expect("utf-8");
            if let Some(data) = event
                .lines()
                .find_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")))
                .filter(|_| event.contains("event: congestion"))
            {
                return serde_json::from_str(data).expect("json");
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), response.chunk())
            .await
            .expect("an event within 10 s")
            .expect("stream")
            .expect("open");
        buffer.extend_from_slice(&chunk);
    }
}

fn calling(snapshot: &serde_json::Value, line: &str) -> Vec<String> {
    snapshot["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["id"] == line)
        .expect("the line")["calling"]
        .as_array()
        .expect("calling")
        .iter()
        .map(|c| c["number"].as_str().expect("number").to_string())
        .collect()
}

#[tokio::test]
async fn a_resident_takes_a_ticket_and_is_called_while_the_pages_follow() {
    let app = TestApp::with_demo().await;

    // The public pages: every office with its lamp in words, and the office.
    let (status, page, _) = get_with(&app, "/counters", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    for words in [
        "青：空いています",
        "黄：やや混んでいます",
        "赤：混んでいます",
    ] {
        assert!(page.contains(words), "the demo shows {words} somewhere");
    }
    let (status, page, _) = get_with(&app, "/counters/naka/kiosk", CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("証明書（住民票・印鑑証明・戸籍証明）"),
        "{page}"
    );

    // Someone watches the office before anything happens.
    let mut stream = app
        .client
        .get(app.url("/counters/naka/events"))
        .send()
        .await
        .expect("events");
    assert_eq!(stream.status(), 200);
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/event-stream")
    );
    let mut buffer = Vec::new();
    let first = next_event(&mut stream, &mut buffer).await;
    let waiting_before = first["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["id"] == "naka-b")
        .expect("line B")["waiting"]
        .as_u64()
        .expect("count");

    let id = take(&app, "naka", "naka-b").await;
    assert_eq!(id.len(), 32, "128 random bits");
    let ticket = queue::ticket(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(ticket.state, TicketState::Waiting);
    assert!(ticket.label.starts_with("B-"), "{}", ticket.label);
    let after_issue = next_event(&mut stream, &mut buffer).await;
    let line_b = after_issue["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["id"] == "naka-b")
        .expect("line B")
        .clone();
    // The next event is the change, not the same state again.
    assert_eq!(line_b["waiting"].as_u64(), Some(waiting_before + 1));
    assert_eq!(
        line_b["queue"].as_array().expect("queue").last(),
        Some(&serde_json::json!(ticket.label)),
        "the newest ticket waits last"
    );

    // The ticket's own page: place, estimate, QR code, no personal data.
    let (status, page, _) = get_with(&app, &format!("/queue/{id}?new=1"), CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(page.contains(&ticket.label));
    assert!(
        page.contains(&format!("data-ahead>{waiting_before}<")),
        "{page}"
    );
    assert!(page.contains("data:image/svg+xml;base64,"), "a QR code");
    let (status, _, _) =
        get_with(&app, "/queue/0123456789abcdef0123456789abcdef", CSRF_COOKIE).await;
    assert_eq!(status, 404);

    // The ward's clerk calls until it is this ticket's turn.
    let clerk = staff_cookie(&app, "ward-shimin").await;
    let (status, page, _) =
        get_with(&app, "/staff/counters/naka?line=naka-b&window=3", &clerk).await;
    assert_eq!(status, 200, "{page}");
    let mut called = None;
    for _ in 0..=waiting_before {
        let (status, body, location) = post_with(
            &app,
            "/staff/counters/naka/call",
            &clerk,
            &form(&[("line", "naka-b"), ("window", "3")]),
        )
        .await;
        assert_eq!(status, 303, "{body}");
        let location = location.expect("back to the console");
        assert!(location.starts_with("/staff/counters/naka?line=naka-b&window=3"));
        let now = queue::ticket(&app.platform.db, &id)
            .await
            .expect("read")
            .expect("there");
        if now.state == TicketState::Called {
            called = Some(now);
            break;
        }
    }
    let called = called.expect("called in its turn");
    assert_eq!(called.window_label.as_deref(), Some("3"));

    // The watcher hears of it within a second or so, without asking.
    // (Changes that come faster than a watcher reads are given as the latest.)
    loop {
        let snapshot = next_event(&mut stream, &mut buffer).await;
        if calling(&snapshot, "naka-b").contains(&called.label) {
            break;
        }
    }

    let (_, page, _) = get_with(&app, &format!("/queue/{id}"), CSRF_COOKIE).await;
    assert!(page.contains("お呼びしています"), "{page}");
    assert!(page.contains("窓口 3"), "{page}");
    let (_, display, _) = get_with(&app, "/counters/naka/display", CSRF_COOKIE).await;
    assert!(display.contains(&called.label), "the hall display shows it");
    let (_, office, _) = get_with(&app, "/counters/naka", CSRF_COOKIE).await;
    assert!(office.contains(&called.label));
    assert!(office.contains("空いている時間帯"), "the quiet-hours chart");

    // Served: the page says so, and the ticket cannot be cancelled any more.
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/tickets/{id}"),
        &clerk,
        &form(&[("action", "finish"), ("line", "naka-b"), ("window", "3")]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, &format!("/queue/{id}"), CSRF_COOKIE).await;
    assert!(page.contains("受付済み"), "{page}");
    assert!(!page.contains("番号札を取り消す"));
}

#[tokio::test]
async fn a_resident_gives_up_their_place_after_being_asked() {
    let app = TestApp::with_demo().await;
    let id = take(&app, "chikusa", "chikusa-c").await;
    let path = format!("/queue/{id}/cancel");
    let (status, page, _) = post_with(&app, &path, CSRF_COOKIE, &form(&[])).await;
    assert_eq!(status, 200);
    assert!(page.contains("順番は戻せません"), "asked first: {page}");
    let still = queue::ticket(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(still.state, TicketState::Waiting);
    let (status, _, _) = post_with(&app, &path, CSRF_COOKIE, &form(&[("confirm", "1")])).await;
    assert_eq!(status, 303);
    let gone = queue::ticket(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(gone.state, TicketState::Cancelled);
    let (_, page, _) = get_with(&app, &format!("/queue/{id}"), CSRF_COOKIE).await;
    assert!(page.contains("取り消しました"), "{page}");
}

#[tokio::test]
async fn a_choice_of_nothing_or_another_offices_line_is_refused_in_words() {
    let app = TestApp::with_demo().await;
    let (status, page, _) = post_with(
        &app,
        "/counters/naka/tickets",
        CSRF_COOKIE,
        &form(&[("line", "chikusa-a")]),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("用件を選んでください"), "{page}");
    let (status, _, _) = get_with(&app, "/counters/no-such-office", CSRF_COOKIE).await;
    assert_eq!(status, 404);
    let (status, _, _) = get_with(&app, "/counters/no-such-office/events", CSRF_COOKIE).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_clerk_works_only_their_own_sections_lines() {
    let app = TestApp::with_demo().await;
    let id = take(&app, "naka", "naka-c").await;
    // 保険年金課's line: the 市民課 clerk may neither call it nor touch its tickets.
    let clerk = staff_cookie(&app, "ward-shimin").await;
    let (status, _, _) = post_with(
        &app,
        "/staff/counters/naka/call",
        &clerk,
        &form(&[("line", "naka-c"), ("window", "1")]),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/tickets/{id}"),
        &clerk,
        &form(&[("action", "no_show"), ("window", "1")]),
    )
    .await;
    assert_eq!(status, 403);
    let ticket = queue::ticket(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(ticket.state, TicketState::Waiting, "untouched");
    // Its own clerk may.
    let owner = staff_cookie(&app, "ward-hoken").await;
    let (status, page, _) = get_with(&app, "/staff/counters", &owner).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("naka-c") && !page.contains("naka-a"),
        "{page}"
    );
}

/// A line of its own at the demo's 中区役所, for tests that count.
async fn test_line(app: &TestApp, id: &str, code: &str) -> queue::Line {
    queue::save_line(
        &app.platform.db,
        &NewLine {
            id: id.to_string(),
            office_id: "naka".to_string(),
            code: code.to_string(),
            name: format!("試験 {code}"),
            name_en: String::new(),
            section_id: Some("ward-shimin".to_string()),
            windows: 2,
            service_minutes: 5,
            position: 10,
        },
    )
    .await
    .expect("line");
    app.platform.counter.hub.forget_lines();
    app.platform
        .counter
        .hub
        .lines_of("naka")
        .await
        .expect("lines")
        .into_iter()
        .find(|l| l.id == id)
        .expect("saved")
}

#[tokio::test]
async fn the_queue_keeps_its_order_through_recall_hold_and_transfer() {
    let app = TestApp::with_demo().await;
    let db = &app.platform.db;
    let x = test_line(&app, "naka-x", "X").await;
    let y = test_line(&app, "naka-y", "Y").await;
    let mut at = OffsetDateTime::now_utc() - time::Duration::minutes(30);
    let mut tick = || {
        at += time::Duration::seconds(10);
        at
    };
    let x1 = queue::issue(db, &x, Channel::Kiosk, tick(), 0)
        .await
        .expect("x1");
    let y1 = queue::issue(db, &y, Channel::Kiosk, tick(), 0)
        .await
        .expect("y1");
    let x2 = queue::issue(db, &x, Channel::Staff, tick(), 0)
        .await
        .expect("x2");
    let x3 = queue::issue(db, &x, Channel::Kiosk, tick(), 0)
        .await
        .expect("x3");
    let y2 = queue::issue(db, &y, Channel::Kiosk, tick(), 0)
        .await
        .expect("y2");
    assert_eq!((x1.label.as_str(), x3.label.as_str()), ("X-001", "X-003"));

    // First come, first called.
    let first = queue::call_next(db, &x, "1", tick())
        .await
        .expect("call")
        .expect("x1");
    assert_eq!(first.id, x1.id);
    // Called again: same ticket, one more call.
    let again = queue::act(db, &first, &Action::Recall, tick())
        .await
        .expect("recall");
    assert_eq!((again.state, again.calls), (TicketState::Called, 2));
    // Held (went to fetch a document): the next call takes x2.
    let held = queue::act(db, &again, &Action::Hold, tick())
        .await
        .expect("hold");
    assert_eq!(held.state, TicketState::Held);
    let second = queue::call_next(db, &x, "1", tick())
        .await
        .expect("call")
        .expect("x2");
    assert_eq!(second.id, x2.id);
    // x2 belongs at Y: it keeps its place by the time it first queued, so it
    // comes before y2, who came later, and after y1.
    let moved = queue::act(
        db,
        &second,
        &Action::Transfer {
            line_id: y.id.clone(),
        },
        tick(),
    )
    .await
    .expect("transfer");
    assert_eq!(
        (moved.state, moved.line_id.as_str()),
        (TicketState::Waiting, "naka-y")
    );
    let order: Vec<String> = [
        queue::call_next(db, &y, "5", tick())
            .await
            .expect("c")
            .expect("t"),
        queue::call_next(db, &y, "5", tick())
            .await
            .expect("c")
            .expect("t"),
        queue::call_next(db, &y, "5", tick())
            .await
            .expect("c")
            .expect("t"),
    ]
    .iter()
    .map(|t| t.id.clone())
    .collect();
    assert_eq!(order, vec![y1.id.clone(), x2.id.clone(), y2.id.clone()]);
    // Calling the next finished the one before at that window.
    let y1_now = queue::ticket(db, &y1.id).await.expect("read").expect("y1");
    assert_eq!(y1_now.state, TicketState::Done);
    assert!(y1_now.finished_at.is_some());
    // The held resident comes back and is called by name of number.
    let back = queue::act(db, &held, &Action::Call { window: "2".into() }, tick())
        .await
        .expect("call held");
    assert_eq!(
        (back.state, back.window_label.as_deref()),
        (TicketState::Called, Some("2"))
    );
    // A finished ticket cannot be called again or transferred.
    let y2_done = queue::act(
        db,
        &queue::ticket(db, &y2.id).await.expect("r").expect("y2"),
        &Action::Finish,
        tick(),
    )
    .await
    .expect("finish");
    assert!(matches!(
        queue::act(db, &y2_done, &Action::Recall, tick()).await,
        Err(queue::QueueError::WrongState)
    ));
    // Nobody left at X but x3.
    let last = queue::call_next(db, &x, "1", tick())
        .await
        .expect("call")
        .expect("x3");
    assert_eq!(last.id, x3.id);
    assert!(
        queue::call_next(db, &x, "1", tick())
            .await
            .expect("call")
            .is_none()
    );
    // Another office's line is no place to transfer to.
    let other = queue::issue(db, &x, Channel::Kiosk, tick(), 0)
        .await
        .expect("x4");
    assert!(matches!(
        queue::act(
            db,
            &other,
            &Action::Transfer {
                line_id: "chikusa-a".into()
            },
            tick()
        )
        .await,
        Err(queue::QueueError::NoLine)
    ));
}

#[tokio::test]
async fn windows_calling_at_once_never_call_the_same_resident() {
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-z", "Z").await;
    let now = OffsetDateTime::now_utc();
    for _ in 0..10 {
        queue::issue(&db, &line, Channel::Kiosk, now, 0)
            .await
            .expect("issue");
    }
    let mut calls = Vec::new();
    for window in 0..20 {
        let db = db.clone();
        let line = line.clone();
        calls.push(tokio::spawn(async move {
            queue::call_next(&db, &line, &format!("w{window}"), OffsetDateTime::now_utc())
                .await
                .expect("call")
        }));
    }
    let mut called = Vec::new();
    for call in calls {
        if let Some(ticket) = call.await.expect("task") {
            called.push(ticket.id);
        }
    }
    let mut distinct = called.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(called.len(), 10, "every waiting resident called once");
    assert_eq!(distinct.len(), 10, "never two windows for one resident");
}

#[tokio::test]
async fn the_estimate_a_ticket_is_given_is_kept_and_measured_against_the_wait() {
    let app = TestApp::with_demo().await;
    let clerk = staff_cookie(&app, "ward-shimin").await;
    let (status, page, _) =
        get_with(&app, "/staff/counters/naka?line=naka-a&window=1", &clerk).await;
    assert_eq!(status, 200);
    // The demo's fortnight of history was measured: the console shows it.
    assert!(page.contains("待ち時間の目安の精度"), "{page}");
    assert!(
        !page.contains("<td>0</td>"),
        "called tickets were counted: {page}"
    );
    let id = take(&app, "naka", "naka-a").await;
    let ticket = queue::ticket(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    let now = app
        .platform
        .counter
        .hub
        .latest("naka")
        .await
        .expect("snapshot");
    let line = now.line("naka-a").expect("line A");
    assert!(ticket.estimated_wait_s > 0, "the demo's line A has a queue");
    assert_eq!(
        u64::try_from(ticket.estimated_wait_s).expect("positive"),
        line.wait_for(line.waiting - 1),
        "the estimate given is the one for its place"
    );
}

#[tokio::test]
async fn a_ticket_of_another_day_has_expired() {
    let app = TestApp::with_demo().await;
    let id = take(&app, "naka", "naka-b").await;
    sqlx::query("UPDATE queue_tickets SET day = '2020-01-06' WHERE id = $1")
        .bind(&id)
        .execute(app.platform.db.pool())
        .await
        .expect("age it");
    let (status, page, _) = get_with(&app, &format!("/queue/{id}"), CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(page.contains("有効期限が切れています"), "{page}");
    // The page's script leaves an expired ticket alone (no reloading).
    assert!(page.contains("data-ticket-state=\"expired\""), "{page}");
    assert!(!page.contains("番号札を取り消す"));
}

/// A weekday with every slot still ahead: next week's Wednesday, or the one
/// after if that is a holiday.
fn open_day() -> time::Date {
    let mut day = OffsetDateTime::now_utc().date() + time::Duration::days(7);
    while counter::holidays::closed(day).is_some() {
        day = day.next_day().expect("a day");
    }
    day
}

fn visit(line: &queue::Line, day: time::Date, slot: &str, email: &str) -> counter::visits::Request {
    counter::visits::Request {
        office_id: line.office_id.clone(),
        lines: vec![line.clone()],
        day,
        slot: slot.to_string(),
        email: email.to_string(),
        name: "試験 予約".to_string(),
        lang: kernel::i18n::Lang::Ja,
        replaces: None,
        online: false,
    }
}

#[tokio::test]
async fn two_hundred_residents_racing_for_the_last_ten_places_take_exactly_ten() {
    use counter::visits::{self, BookError, Refusal};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-r", "R").await;
    visits::set_capacity(&db, &line.id, 15)
        .await
        .expect("capacity");
    let day = open_day();
    let now = OffsetDateTime::now_utc();
    for n in 0..5 {
        visits::book(
            &db,
            &visit(&line, day, "10:00", &format!("early{n}@example.jp")),
            now,
        )
        .await
        .expect("an early booking");
    }
    let mut racers = Vec::new();
    for n in 0..200 {
        let db = db.clone();
        let request = visit(&line, day, "10:00", &format!("racer{n}@example.jp"));
        racers.push(tokio::spawn(async move {
            visits::book(&db, &request, OffsetDateTime::now_utc()).await
        }));
    }
    let (mut booked, mut full) = (0, 0);
    for racer in racers {
        match racer.await.expect("task") {
            Ok(_) => booked += 1,
            Err(BookError::Refused(Refusal::Full)) => full += 1,
            Err(other) => panic!("a racer failed otherwise: {other}"),
        }
    }
    assert_eq!((booked, full), (10, 190), "{}", common::backend_name());
    let places = visits::availability(&db, std::slice::from_ref(&line), day)
        .await
        .expect("availability");
    assert_eq!(
        places.iter().find(|(s, _)| s == "10:00").map(|(_, f)| *f),
        Some(0)
    );
    let held: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM visit_bookings WHERE day = $1 AND slot = '10:00'")
        .bind(day.to_string())
        .fetch_one(db.pool())
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(held, 15, "no booking row without its place");
}

#[tokio::test]
async fn a_booking_is_confirmed_from_its_mail_cancelled_and_its_place_given_back() {
    use counter::visits::{self, BookError, BookingState, Refusal};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-s", "S").await;
    visits::set_capacity(&db, &line.id, 1)
        .await
        .expect("capacity");
    let day = open_day();
    let now = OffsetDateTime::now_utc();
    let booking = visits::book(&db, &visit(&line, day, "11:00", "Hanako@Example.JP"), now)
        .await
        .expect("booked");
    assert_eq!(booking.state, BookingState::Pending);
    assert_eq!(booking.email, "hanako@example.jp");
    // The one place is held while the mail is read.
    assert!(matches!(
        visits::book(&db, &visit(&line, day, "11:00", "other@example.jp"), now).await,
        Err(BookError::Refused(Refusal::Full))
    ));
    let mail = common::mail_matching(app.dir.path(), |m| {
        m.contains("来庁予約の確認") && m.contains(&booking.id)
    })
    .await;
    let token = mail
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a token in the link")
        .to_string();
    assert!(
        visits::confirm(&db, &booking.id, "not-the-token", now)
            .await
            .expect("confirm")
            .is_none()
    );
    let confirmed = visits::confirm(&db, &booking.id, &token, now)
        .await
        .expect("confirm")
        .expect("confirmed");
    assert_eq!(confirmed.state, BookingState::Confirmed);
    assert!(
        visits::confirm(&db, &booking.id, &token, now)
            .await
            .expect("again")
            .is_none(),
        "once"
    );
    // Reminded the day before, once.
    let eve = counter::visits::slot_start(day, "11:00").expect("start") - time::Duration::hours(20);
    assert_eq!(visits::remind_tomorrow(&db, eve).await.expect("remind"), 1);
    assert_eq!(visits::remind_tomorrow(&db, eve).await.expect("remind"), 0);
    // Cancelled: the place is free again.
    assert!(visits::cancel(&db, &confirmed, now).await.expect("cancel"));
    assert!(
        !visits::cancel(&db, &confirmed, now)
            .await
            .expect("cancel twice")
    );
    visits::book(&db, &visit(&line, day, "11:00", "other@example.jp"), now)
        .await
        .expect("the freed place");
}

#[tokio::test]
async fn an_address_holds_three_bookings_and_unconfirmed_ones_lapse() {
    use counter::visits::{self, BookError, Refusal};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-t", "T").await;
    let day = open_day();
    let now = OffsetDateTime::now_utc();
    for slot in ["09:00", "09:30", "10:00"] {
        visits::book(&db, &visit(&line, day, slot, "busy@example.jp"), now)
            .await
            .expect("booked");
    }
    assert!(matches!(
        visits::book(&db, &visit(&line, day, "10:30", "BUSY@example.jp"), now).await,
        Err(BookError::Refused(Refusal::TooMany))
    ));
    // Unconfirmed for longer than allowed: the places and the allowance come back.
    let later = now + visits::CONFIRM_WITHIN + time::Duration::minutes(1);
    assert_eq!(
        visits::release_expired(&db, later).await.expect("release"),
        3
    );
    visits::book(&db, &visit(&line, day, "10:30", "busy@example.jp"), later)
        .await
        .expect("booked again");
    let places = visits::availability(&db, std::slice::from_ref(&line), day)
        .await
        .expect("places");
    assert_eq!(
        places.iter().find(|(s, _)| s == "09:00").map(|(_, f)| *f),
        Some(2)
    );
}

#[tokio::test]
async fn a_booked_resident_who_arrives_queues_from_their_booked_time() {
    use counter::visits::{self, BookingState};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-u", "U").await;
    let now = OffsetDateTime::now_utc();
    // A walk-in came first, then the booked resident arrives for a slot that
    // started before the walk-in.
    let today = now.to_offset(time::macros::offset!(+9)).date();
    let booking = counter::visits::Booking {
        id: queue::new_ticket_id(),
        office_id: "naka".into(),
        day: today.to_string(),
        slot: "09:00".into(),
        email: "early@example.jp".into(),
        name: String::new(),
        lang: "ja".into(),
        state: BookingState::Confirmed,
        created_at: now.unix_timestamp(),
        expires_at: now.unix_timestamp(),
        ticket_id: None,
        lines: vec![line.id.clone()],
        online: false,
        meeting_url: None,
    };
    sqlx::query("INSERT INTO visit_bookings (id, office_id, day, slot, email, state, created_at, expires_at) VALUES ($1, 'naka', $2, '09:00', $3, 'confirmed', $4, $4)")
        .bind(&booking.id)
        .bind(&booking.day)
        .bind(&booking.email)
        .bind(now.unix_timestamp())
        .execute(db.pool())
        .await
        .expect("a booking for this morning");
    let start = counter::visits::slot_start(today, "09:00").expect("start");
    let walk_in = queue::issue(
        &db,
        &line,
        Channel::Kiosk,
        start + time::Duration::minutes(5),
        0,
    )
    .await
    .expect("walk-in");
    let ticket = visits::arrive(&db, &booking, &line, start + time::Duration::minutes(10))
        .await
        .expect("arrive")
        .expect("a ticket");
    assert!(ticket.queued_at < walk_in.queued_at);
    let first = queue::call_next(&db, &line, "1", start + time::Duration::minutes(15))
        .await
        .expect("call")
        .expect("someone");
    assert_eq!(
        first.id, ticket.id,
        "the booked resident goes before the later walk-in"
    );
    assert!(
        visits::arrive(&db, &booking, &line, now)
            .await
            .expect("again")
            .is_none(),
        "one arrival"
    );
    let after = visits::by_id(&db, &booking.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (after.state, after.ticket_id.as_deref()),
        (BookingState::Arrived, Some(ticket.id.as_str()))
    );
}

#[tokio::test]
async fn a_resident_books_a_visit_on_the_pages_confirms_it_and_staff_mark_the_arrival() {
    let app = TestApp::with_demo().await;
    let day = open_day();
    let (status, page, _) = get_with(
        &app,
        &format!("/counters/naka/reserve?lines=naka-b&lines=naka-c&day={day}"),
        CSRF_COOKIE,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("slot-10:30"), "the day's slots: {page}");
    // A program that fills the hidden field books nothing.
    let base = [
        ("lines", "naka-b"),
        ("lines", "naka-c"),
        ("day", &day.to_string()),
        ("slot", "10:30"),
        ("email", "visit@example.jp"),
        ("name", "来庁 花子"),
    ];
    let mut bot = base.to_vec();
    bot.push(("website", "http://spam.example"));
    let (status, _, _) = post_with(&app, "/counters/naka/reserve", CSRF_COOKIE, &form(&bot)).await;
    assert_eq!(status, 422);
    let (status, page, location) =
        post_with(&app, "/counters/naka/reserve", CSRF_COOKIE, &form(&base)).await;
    assert_eq!(status, 303, "{page}");
    let location = location.expect("to the booking");
    let id = location
        .strip_prefix("/reservations/")
        .and_then(|r| r.strip_suffix("?new=1"))
        .expect("the booking's page")
        .to_string();
    let (_, page, _) = get_with(&app, &location, CSRF_COOKIE).await;
    assert!(page.contains("仮予約"), "{page}");
    // The mail's link opens a page with a button; opening it confirms nothing.
    let mail = common::mail_matching(app.dir.path(), |m| m.contains(&id)).await;
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/confirm?token="))
        .expect("a link");
    let path = &link[link.find("/reservations/").expect("path")..];
    let (status, page, _) = get_with(&app, path, CSRF_COOKIE).await;
    assert_eq!(status, 200);
    assert!(page.contains("この予約を確定する"));
    let token = common::hidden(&page, "token");
    let (status, _, _) = post_with(
        &app,
        &format!("/reservations/{id}/confirm"),
        CSRF_COOKIE,
        &form(&[("token", &token)]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, &format!("/reservations/{id}"), CSRF_COOKIE).await;
    assert!(page.contains("予約済み"), "{page}");
    // The same link again is refused in words.
    let (status, page, _) = post_with(
        &app,
        &format!("/reservations/{id}/confirm"),
        CSRF_COOKIE,
        &form(&[("token", &token)]),
    )
    .await;
    assert_eq!(status, 409);
    assert!(page.contains("確定できません"));

    // The ward's clerk sees it on that day and, on the day, marks the arrival.
    let clerk = staff_cookie(&app, "ward-shimin").await;
    let (status, page, _) = get_with(
        &app,
        &format!("/staff/counters/naka/bookings?day={day}"),
        &clerk,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("来庁 花子") && page.contains("vi…@example.jp"),
        "{page}"
    );
    assert!(
        !page.contains("visit@example.jp"),
        "the address is not shown whole"
    );
    let other = staff_cookie(&app, "kodomo-kosodate").await;
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}"),
        &other,
        &form(&[("action", "no_show")]),
    )
    .await;
    assert_eq!(status, 403, "another section's clerk");
    // Not marked as not come before the day.
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}"),
        &clerk,
        &form(&[("action", "no_show")]),
    )
    .await;
    assert_eq!(status, 303);
    // Not before the day; then the day comes.
    let (status, _, location) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}"),
        &clerk,
        &form(&[("action", "arrive")]),
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.expect("back").contains(&day.to_string()));
    let still = counter::visits::by_id(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(still.state, counter::visits::BookingState::Confirmed);
    let today = queue::japan(OffsetDateTime::now_utc()).0;
    sqlx::query("UPDATE visit_bookings SET day = $1 WHERE id = $2")
        .bind(&today)
        .bind(&id)
        .execute(app.platform.db.pool())
        .await
        .expect("the day comes");
    let (status, _, location) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}"),
        &clerk,
        &form(&[("action", "arrive")]),
    )
    .await;
    assert_eq!(status, 303);
    let back = location.expect("back");
    assert!(back.contains("message="));
    // The page says what was done; a link made elsewhere cannot put words
    // of its own there.
    let (_, page, _) = get_with(&app, &back, &clerk).await;
    assert!(
        page.contains("を発行しました（予約の時刻から並びます）"),
        "{page}"
    );
    for forged in [
        "/staff/counters/naka/bookings?message=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89%E3%82%92%E9%80%81%E3%81%A3%E3%81%A6",
        "/staff/counters/naka/bookings?message=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89%E3%82%92%E9%80%81%E3%81%A3%E3%81%A6&tag=00000000000000000000000000000000",
    ] {
        let (_, page, _) = get_with(&app, forged, &clerk).await;
        assert!(!page.contains("パスワードを送って"), "{forged}: {page}");
    }
    let booking = counter::visits::by_id(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(booking.state, counter::visits::BookingState::Arrived);
    let ticket = queue::ticket(
        &app.platform.db,
        booking.ticket_id.as_deref().expect("a ticket"),
    )
    .await
    .expect("read")
    .expect("there");
    assert_eq!(ticket.line_id, "naka-b");
    assert_eq!(ticket.channel, "reservation");

    // Cancelling asks first, and an ended booking can no longer be cancelled.
    let (_, page, _) = get_with(&app, &format!("/reservations/{id}"), CSRF_COOKIE).await;
    assert!(
        page.contains("来庁済み") && !page.contains("予約を取り消す"),
        "{page}"
    );
}

#[tokio::test]
async fn of_windows_acting_on_one_ticket_at_once_exactly_one_wins() {
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-v", "V").await;
    let now = OffsetDateTime::now_utc();
    let ticket = queue::issue(&db, &line, Channel::Kiosk, now, 0)
        .await
        .expect("issue");
    let ticket = queue::act(&db, &ticket, &Action::Hold, now)
        .await
        .expect("held");
    let mut tasks = Vec::new();
    for n in 0..20 {
        let db = db.clone();
        let ticket = ticket.clone();
        tasks.push(tokio::spawn(async move {
            // Twenty windows call the held resident back at once.
            let action = Action::Call {
                window: format!("{n}"),
            };
            queue::act(&db, &ticket, &action, OffsetDateTime::now_utc()).await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => won += 1,
            Err(queue::QueueError::WrongState) => {}
            Err(other) => panic!("{other}"),
        }
    }
    // A call starts only from held or waiting: after the first, every other
    // window finds the ticket moved on.
    assert_eq!(won, 1, "{}", common::backend_name());
    let now_ticket = queue::ticket(&db, &ticket.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (now_ticket.state, now_ticket.calls),
        (TicketState::Called, 1)
    );
}

#[tokio::test]
async fn a_client_that_is_not_a_kiosk_takes_a_few_tickets_only() {
    let app = TestApp::with_demo().await;
    for _ in 0..counter::TICKETS_PER_CLIENT {
        take(&app, "naka", "naka-b").await;
    }
    let (status, page, _) = post_with(
        &app,
        "/counters/naka/tickets",
        CSRF_COOKIE,
        &form(&[("line", "naka-b")]),
    )
    .await;
    assert_eq!(status, 429, "{page}");
}

#[tokio::test]
async fn a_changed_booking_ends_the_old_one_only_once_confirmed() {
    use counter::visits::{self, BookingState};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-w", "W").await;
    visits::set_capacity(&db, &line.id, 1)
        .await
        .expect("capacity");
    let day = open_day();
    let now = OffsetDateTime::now_utc();
    let token_of = |id: String| {
        let dir = app.dir.path().to_path_buf();
        async move {
            let mail = common::mail_matching(&dir, |m| m.contains(&id)).await;
            mail.split("token=")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .expect("token")
                .to_string()
        }
    };
    let old = visits::book(&db, &visit(&line, day, "13:00", "change@example.jp"), now)
        .await
        .expect("booked");
    let token = token_of(old.id.clone()).await;
    visits::confirm(&db, &old.id, &token, now)
        .await
        .expect("confirm")
        .expect("confirmed");
    // The change is held; the old booking stands until it is confirmed.
    let mut change = visit(&line, day, "14:00", "change@example.jp");
    change.replaces = Some(old.id.clone());
    let new = visits::book(&db, &change, now).await.expect("the change");
    let still = visits::by_id(&db, &old.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        still.state,
        BookingState::Confirmed,
        "not before the change is confirmed"
    );
    // Left unconfirmed, the change lapses and the old booking is kept.
    let later = now + visits::CONFIRM_WITHIN + time::Duration::minutes(1);
    assert_eq!(
        visits::release_expired(&db, later).await.expect("release"),
        1
    );
    let kept = visits::by_id(&db, &old.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        kept.state,
        BookingState::Confirmed,
        "a lapse never ends a confirmed booking"
    );
    // Confirmed, it ends the old one and gives its place back.
    let again = visits::book(&db, &change, later)
        .await
        .expect("the change again");
    let token = token_of(again.id.clone()).await;
    visits::confirm(&db, &again.id, &token, later)
        .await
        .expect("confirm")
        .expect("confirmed");
    let ended = visits::by_id(&db, &old.id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(ended.state, BookingState::Cancelled);
    let places = visits::availability(&db, std::slice::from_ref(&line), day)
        .await
        .expect("places");
    assert_eq!(
        places.iter().find(|(s, _)| s == "13:00").map(|(_, f)| *f),
        Some(1)
    );
    assert_eq!(
        places.iter().find(|(s, _)| s == "14:00").map(|(_, f)| *f),
        Some(0)
    );
    let _ = new;
}

#[tokio::test]
async fn an_online_consultation_gets_its_meeting_and_the_section_records_the_outcome() {
    let app = TestApp::with_demo_settings(madoguchi::app::ServerLimits::default(), |settings| {
        settings.meetings =
            counter::meetings::Meetings::Template("https://meet.city.example/{room}".to_string());
    })
    .await;
    let day = open_day();

    // 国民健康保険・年金 (C) consults online; 証明書 (B) does not.
    let (_, page, _) = get_with(
        &app,
        &format!("/counters/naka/reserve?lines=naka-c&day={day}"),
        CSRF_COOKIE,
    )
    .await;
    assert!(page.contains("id=\"mode-online\""), "{page}");
    let (_, page, _) = get_with(
        &app,
        &format!("/counters/naka/reserve?lines=naka-b&lines=naka-c&day={day}"),
        CSRF_COOKIE,
    )
    .await;
    assert!(!page.contains("id=\"mode-online\""), "{page}");
    let refused = [
        ("lines", "naka-b"),
        ("day", &day.to_string()),
        ("slot", "11:00"),
        ("email", "online@example.jp"),
        ("mode", "online"),
    ];
    let (status, page, _) =
        post_with(&app, "/counters/naka/reserve", CSRF_COOKIE, &form(&refused)).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("オンライン相談ができない窓口が含まれています"),
        "{page}"
    );

    let booked = [
        ("lines", "naka-c"),
        ("day", &day.to_string()),
        ("slot", "11:00"),
        ("email", "online@example.jp"),
        ("name", "相談 一郎"),
        ("mode", "online"),
    ];
    let (status, _, location) =
        post_with(&app, "/counters/naka/reserve", CSRF_COOKIE, &form(&booked)).await;
    assert_eq!(status, 303);
    let id = location
        .expect("to the booking")
        .strip_prefix("/reservations/")
        .and_then(|r| r.strip_suffix("?new=1"))
        .expect("the booking's page")
        .to_string();
    let mail = common::mail_matching(app.dir.path(), |m| m.contains(&id)).await;
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/confirm?token="))
        .expect("a link");
    let (_, page, _) = get_with(
        &app,
        &link[link.find("/reservations/").expect("path")..],
        CSRF_COOKIE,
    )
    .await;
    let token = common::hidden(&page, "token");
    let (status, _, _) = post_with(
        &app,
        &format!("/reservations/{id}/confirm"),
        CSRF_COOKIE,
        &form(&[("token", &token)]),
    )
    .await;
    assert_eq!(status, 303);

    // Confirmed: the meeting's own room, on the resident's page.
    let (_, page, _) = get_with(&app, &format!("/reservations/{id}"), CSRF_COOKIE).await;
    assert!(page.contains("オンライン相談（ビデオ通話）"), "{page}");
    let url = page
        .split("id=\"meeting-link\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the meeting link")
        .to_string();
    assert!(
        url.starts_with("https://meet.city.example/madoguchi-"),
        "{url}"
    );
    let booking = counter::visits::by_id(&app.platform.db, &id)
        .await
        .expect("read")
        .expect("the booking");
    assert_eq!(booking.meeting_url.as_deref(), Some(url.as_str()));

    // The day before, the reminder carries the link.
    let eve = counter::visits::slot_start(day, "11:00").expect("a slot") - time::Duration::days(1);
    counter::visits::remind_tomorrow(&app.platform.db, eve)
        .await
        .expect("reminded");
    let reminder = common::mail_matching(app.dir.path(), |m| {
        m.contains("明日のオンライン相談") && m.contains(&id)
    })
    .await;
    assert!(reminder.contains(&url), "{reminder}");

    // The section sees it, marks it consulted and records the outcome;
    // the record is sealed at rest.
    let clerk = staff_cookie(&app, "ward-hoken").await;
    let (_, page, _) = get_with(
        &app,
        &format!("/staff/counters/naka/bookings?day={day}"),
        &clerk,
    )
    .await;
    assert!(page.contains(&url) && page.contains("相談済み"), "{page}");
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}/record"),
        &clerk,
        &form(&[(
            "outcome",
            "高額療養費の申請方法を案内した。申請書を郵送する。",
        )]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(
        &app,
        &format!("/staff/counters/naka/bookings?day={day}"),
        &clerk,
    )
    .await;
    assert!(page.contains("高額療養費の申請方法を案内した"), "{page}");
    let stored: String = sqlx::query("SELECT outcome FROM visit_records WHERE booking_id = $1")
        .bind(&id)
        .fetch_one(app.platform.db.pool())
        .await
        .expect("kept")
        .get(0);
    assert!(!stored.contains("高額療養費"), "sealed: {stored}");
    // The booked resident at the one-stop counter: the visit starts with
    // the name and address they booked with.
    let (status, _, location) = post_with(
        &app,
        &format!("/staff/counters/naka/onestop/from-booking/{id}"),
        &clerk,
        &form(&[]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page, _) = get_with(&app, &location.expect("the list"), &clerk).await;
    assert!(page.contains("相談 一郎"), "{page}");
    // Another section's clerk may not record on it.
    let other = staff_cookie(&app, "ward-shimin").await;
    let (status, _, _) = post_with(
        &app,
        &format!("/staff/counters/naka/bookings/{id}/record"),
        &other,
        &form(&[("outcome", "x")]),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_event_streams_own_listener_follows_the_office_as_the_web_server_does() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::with_demo().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(counter::stream::serve(
        listener,
        app.platform.counter.hub.clone(),
        100,
    ));

    async fn read_until(
        stream: &mut tokio::net::TcpStream,
        buffer: &mut Vec<u8>,
        wanted: &str,
    ) -> String {
        let mut chunk = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(buffer).to_string();
            if let Some(at) = text.find(wanted)
                && let Some(end) = text.get(at..).and_then(|rest| rest.find("\n\n"))
            {
                let event = text[..at + end + 2].to_string();
                buffer.drain(..(at + end + 2).min(buffer.len()));
                return event;
            }
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
                .await
                .expect("within 10 s")
                .expect("read");
            assert!(n > 0, "closed: {text}");
            buffer.extend_from_slice(&chunk[..n]);
        }
    }

    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            b"GET /counters/naka/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n",
        )
        .await
        .expect("request");
    let mut buffer = Vec::new();
    let first = read_until(&mut stream, &mut buffer, "event: congestion").await;
    assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
    assert!(first.contains("content-type: text/event-stream"), "{first}");
    let waiting = |event: &str| -> u64 {
        let data = event
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .expect("data");
        let snapshot: serde_json::Value = serde_json::from_str(data).expect("json");
        snapshot["waiting"].as_u64().expect("waiting")
    };
    let before = waiting(&first);
    take(&app, "naka", "naka-b").await;
    let next = read_until(&mut stream, &mut buffer, "event: congestion").await;
    assert_eq!(waiting(&next), before + 1, "{next}");

    // Anything else is refused in a word.
    for (request, status) in [
        (&b"GET /counters/nowhere/events HTTP/1.1\r\n\r\n"[..], "404"),
        (&b"GET /staff/applications HTTP/1.1\r\n\r\n"[..], "404"),
        (&b"POST /counters/naka/events HTTP/1.1\r\n\r\n"[..], "405"),
        (&[b'A'; 4096][..], "431"),
    ] {
        let mut other = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let _ = other.write_all(request).await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), other.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{status}: {answer}"
        );
    }
}

#[tokio::test]
async fn sixteen_bookings_of_one_address_at_once_keep_to_its_three() {
    use counter::visits::{self, BookError, Refusal};
    let app = TestApp::with_demo().await;
    let db = app.platform.db.clone();
    let line = test_line(&app, "naka-s", "S").await;
    let day = open_day();
    let now = OffsetDateTime::now_utc();
    let slots = counter::visits::slots();
    let attempts = slots.iter().take(16).map(|slot| {
        let db = db.clone();
        let request = visit(&line, day, slot, "racer@example.jp");
        tokio::spawn(async move { visits::book(&db, &request, now).await })
    });
    let mut booked = 0;
    let mut refused = 0;
    for attempt in futures_util::future::join_all(attempts).await {
        match attempt.expect("joined") {
            Ok(_) => booked += 1,
            Err(BookError::Refused(Refusal::TooMany)) => refused += 1,
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!((booked, refused), (3, 13));
}

#[tokio::test]
async fn the_congestion_pages_say_when_the_counters_are_not_open() {
    let app = TestApp::with_demo().await;
    // Whatever the hour the suite runs at, the page agrees with the rule
    // (tested at every hour in counter::holidays).
    let closed = counter::holidays::closed_now(OffsetDateTime::now_utc(), false);
    for path in ["/counters", "/counters/naka", "/counters/naka/kiosk"] {
        let (status, page, _) = get_with(&app, path, CSRF_COOKIE).await;
        assert_eq!(status, 200);
        match &closed {
            Some(why) => assert!(page.contains(why.as_str()), "{path}: {page}"),
            None => assert!(!page.contains("counters-closed"), "{path}: {page}"),
        }
    }
}
