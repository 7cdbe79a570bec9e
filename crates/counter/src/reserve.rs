//! The residents' side of visit reservations: choose the counters and the
//! day, then a time with places left, give a mail address (no account
//! needed); confirm from the mail; see, change or cancel the booking at its
//! own address (`/reservations/{id}`). Staff see the day's bookings and
//! mark arrivals and no-shows (`/staff/counters/{office}/bookings`).

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use catalog::model::Office;
use identity::SectionStaff;
use kernel::ApiError;
use kernel::client::{ClientAddr, RateLimiter};
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::console::works;
use crate::pages::{internal, office_or_404};
use crate::queue::Line;
use crate::visits::{self, BookError, Booking, BookingState};
use crate::{Counter, office_name};

pub fn routes() -> Router<Counter> {
    Router::new()
        .route(
            "/counters/{office}/reserve",
            get(reserve_page).post(reserve),
        )
        .route("/reservations/{id}", get(booking_page))
        .route(
            "/reservations/{id}/confirm",
            get(confirm_page).post(confirm),
        )
        .route("/reservations/{id}/cancel", post(cancel))
        .route("/staff/counters/{office}/bookings", get(day_page))
        .route("/staff/counters/{office}/bookings/{id}", post(mark))
        .route(
            "/staff/counters/{office}/bookings/{id}/record",
            post(record),
        )
}

/// Bookings one client address may make an hour (beside the limit per
/// mail address and the confirmation from the mail).
pub fn limiter() -> Arc<RateLimiter> {
    Arc::new(RateLimiter::new(10, Duration::from_secs(360)))
}

fn pairs_get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn parse_day(text: &str) -> Option<Date> {
    Date::parse(
        text.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

#[derive(Template)]
#[template(path = "reserve.html")]
struct ReservePage {
    chrome: Chrome,
    office: Office,
    lines: Vec<Line>,
    chosen: Vec<String>,
    days: Vec<(String, String)>,
    day: Option<String>,
    /// (slot, places left) of the chosen day.
    slots: Vec<(String, i64)>,
    email: String,
    name: String,
    replace: String,
    problem: Option<String>,
    /// Every chosen line consults online, and a meeting service is set.
    online_offered: bool,
    online: bool,
}

async fn reserve_view(
    counter: &Counter,
    chrome: &Chrome,
    office_id: &str,
    pairs: &[(String, String)],
    problem: Option<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(counter, chrome, office_id).await?;
    let lines = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(chrome))?;
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "lines" && lines.iter().any(|l| l.id == *v))
        .map(|(_, v)| v.clone())
        .take(visits::MAX_LINES_PER_VISIT)
        .collect();
    let online_offered = counter.meetings.offered()
        && !chosen.is_empty()
        && lines
            .iter()
            .filter(|l| chosen.contains(&l.id))
            .all(|l| l.online_consultation);
    let now = OffsetDateTime::now_utc();
    let days: Vec<(String, String)> = visits::bookable_days(now)
        .into_iter()
        .map(|d| {
            let shown = if crate::en(chrome) {
                format!("{d} ({})", d.weekday())
            } else {
                format!("{}（{}）", kernel::wareki::wareki_date(d), weekday_ja(d))
            };
            (d.to_string(), shown)
        })
        .collect();
    let day = pairs_get(pairs, "day")
        .and_then(parse_day)
        .filter(|d| days.iter().any(|(k, _)| *k == d.to_string()));
    let chosen_lines: Vec<Line> = lines
        .iter()
        .filter(|l| chosen.contains(&l.id))
        .cloned()
        .collect();
    let slots = match (day, chosen_lines.is_empty()) {
        (Some(day), false) => visits::availability(&counter.db, &chosen_lines, day)
            .await
            .map_err(internal(chrome))?
            .into_iter()
            .filter(|(slot, _)| visits::check(day, slot, now).is_ok())
            .collect(),
        _ => Vec::new(),
    };
    let title = format!(
        "{} {}",
        office_name(&office, crate::en(chrome)),
        chrome.pick("来庁予約", "book a visit")
    );
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut response = render(&ReservePage {
        chrome: chrome.clone().titled(title),
        office,
        lines,
        chosen,
        days,
        day: day.map(|d| d.to_string()),
        slots,
        email: pairs_get(pairs, "email")
            .unwrap_or_default()
            .chars()
            .take(254)
            .collect(),
        name: pairs_get(pairs, "name")
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect(),
        replace: pairs_get(pairs, "replace")
            .unwrap_or_default()
            .chars()
            .take(32)
            .collect(),
        problem,
        online_offered,
        online: online_offered && pairs_get(pairs, "mode") == Some("online"),
    });
    *response.status_mut() = status;
    Ok(response)
}

impl ReservePage {
    fn fully_booked(&self) -> bool {
        self.slots.iter().all(|(_, left)| *left <= 0)
    }
}

fn weekday_ja(day: Date) -> &'static str {
    match day.weekday() {
        time::Weekday::Monday => "月",
        time::Weekday::Tuesday => "火",
        time::Weekday::Wednesday => "水",
        time::Weekday::Thursday => "木",
        time::Weekday::Friday => "金",
        time::Weekday::Saturday => "土",
        time::Weekday::Sunday => "日",
    }
}

async fn reserve_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(office_id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    reserve_view(&counter, &chrome, &office_id, &pairs, None).await
}

async fn reserve(
    State(counter): State<Counter>,
    chrome: Chrome,
    client: ClientAddr,
    Path(office_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let again = |problem: String| {
        let counter = counter.clone();
        let chrome = chrome.clone();
        let office_id = office.id.clone();
        let pairs = pairs.clone();
        async move { reserve_view(&counter, &chrome, &office_id, &pairs, Some(problem)).await }
    };
    // Filled only by programs that fill every field they find.
    if pairs_get(&pairs, "website").is_some_and(|v| !v.is_empty()) {
        tracing::warn!(client = %client, "refused: a booking with the hidden field filled");
        return again(
            chrome
                .pick("もう一度お試しください。", "Please try again.")
                .to_string(),
        )
        .await;
    }
    if let Err(wait) = counter.bookings.take(client) {
        tracing::warn!(client = %client, "refused: too many bookings from this client");
        return Ok(identity::too_many_attempts(&chrome, wait));
    }
    let lines = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let chosen: Vec<Line> = lines
        .iter()
        .filter(|l| pairs.iter().any(|(k, v)| k == "lines" && *v == l.id))
        .cloned()
        .collect();
    let email = pairs_get(&pairs, "email")
        .unwrap_or_default()
        .trim()
        .to_string();
    if email.len() > 254 || !email.contains('@') || email.contains(char::is_whitespace) {
        return again(
            chrome
                .pick(
                    "確認のメールを送るメールアドレスを入れてください。",
                    "Give the mail address the confirmation goes to.",
                )
                .to_string(),
        )
        .await;
    }
    let Some(day) = pairs_get(&pairs, "day").and_then(parse_day) else {
        return again(
            chrome
                .pick("日を選んでください。", "Choose a day.")
                .to_string(),
        )
        .await;
    };
    // A change: the booking it replaces must be the same address's and
    // still hold its places; it ends when the new one is confirmed.
    let replaces = match pairs_get(&pairs, "replace") {
        Some(old) => visits::by_id(&counter.db, old)
            .await
            .map_err(internal(&chrome))?
            .filter(|b| b.email == identity::store::normalize_email(&email) && b.state.holds())
            .map(|b| b.id),
        None => None,
    };
    let request = visits::Request {
        office_id: office.id.clone(),
        lines: chosen,
        day,
        slot: pairs_get(&pairs, "slot").unwrap_or_default().to_string(),
        email: email.clone(),
        name: pairs_get(&pairs, "name").unwrap_or_default().to_string(),
        lang: chrome.lang,
        replaces,
        online: pairs_get(&pairs, "mode") == Some("online"),
    };
    if request.online && !counter.meetings.offered() {
        return again(visits::Refusal::NotOnline.words(crate::en(&chrome))).await;
    }
    let now = OffsetDateTime::now_utc();
    let booking = match visits::book(&counter.db, &request, now).await {
        Ok(booking) => booking,
        Err(BookError::Refused(refusal)) => return again(refusal.words(crate::en(&chrome))).await,
        Err(BookError::Failed(error)) => return Err(internal(&chrome)(error)),
    };
    // A change: the booking it replaces (of the same address) is cancelled.
    Ok(Redirect::to(&chrome.link(&format!("/reservations/{}?new=1", booking.id))).into_response())
}

#[derive(Template)]
#[template(path = "reservation.html")]
struct BookingPage {
    chrome: Chrome,
    office: Office,
    booking: Booking,
    lines: Vec<Line>,
    new: bool,
    confirm_cancel: bool,
    /// The token from the mail, on the confirmation page.
    token: Option<String>,
    message: Option<String>,
}

impl BookingPage {
    /// The reservation page for the same counters, replacing this booking.
    fn change_link(&self) -> String {
        let mut query: Vec<String> = self
            .booking
            .lines
            .iter()
            .map(|l| format!("lines={}", kernel::web::encode(l)))
            .collect();
        query.push(format!("replace={}", self.booking.id));
        format!("/counters/{}/reserve?{}", self.office.id, query.join("&"))
    }
}

fn no_booking() -> ApiError {
    ApiError::not_found(
        "その予約は見つかりません。メールのリンクをもう一度開いてください。",
        "There is no such booking; open the link in the mail again.",
    )
}

async fn booking_view(
    counter: &Counter,
    chrome: &Chrome,
    id: &str,
    new: bool,
    confirm_cancel: bool,
    token: Option<String>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let booking = visits::by_id(&counter.db, id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| PageError::new(chrome, no_booking()))?;
    let office = office_or_404(counter, chrome, &booking.office_id).await?;
    let lines: Vec<Line> = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(chrome))?
        .into_iter()
        .filter(|l| booking.lines.contains(&l.id))
        .collect();
    let title = chrome.pick("来庁予約", "Your visit booking").to_string();
    let mut response = render(&BookingPage {
        chrome: chrome.clone().titled(title),
        office,
        booking,
        lines,
        new,
        confirm_cancel,
        token,
        message,
    });
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
struct BookingQuery {
    #[serde(default)]
    new: Option<String>,
    #[serde(default)]
    token: Option<String>,
}

async fn booking_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Query(query): Query<BookingQuery>,
) -> Result<Response, PageError> {
    booking_view(
        &counter,
        &chrome,
        &id,
        query.new.is_some(),
        false,
        None,
        None,
    )
    .await
}

/// The mail's link opens a page with a button: a mail scanner that opens
/// links confirms nothing.
async fn confirm_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Query(query): Query<BookingQuery>,
) -> Result<Response, PageError> {
    let token = query.token.filter(|t| t.len() <= 100);
    booking_view(&counter, &chrome, &id, false, false, token, None).await
}

#[derive(Deserialize, Default)]
struct TokenForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    confirm: Option<String>,
}

async fn confirm(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let confirmed = visits::confirm(&counter.db, &id, &form.token, OffsetDateTime::now_utc())
        .await
        .map_err(internal(&chrome))?;
    if confirmed.is_none() {
        let message = chrome
            .pick(
                "このリンクでは確定できません。期限（30分）が過ぎたか、すでに確定しています。",
                "This link cannot confirm the booking: it has expired (after 30 minutes) or was used.",
            )
            .to_string();
        let mut response =
            booking_view(&counter, &chrome, &id, false, false, None, Some(message)).await?;
        *response.status_mut() = StatusCode::CONFLICT;
        return Ok(response);
    }
    // An online consultation gets its meeting now; should the meeting
    // service be down, the counter's job asks again.
    if let Some(booking) = confirmed.filter(|b| b.online)
        && let Err(error) = visits::issue_meeting(&counter.db, &counter.meetings, &booking).await
    {
        tracing::warn!(%error, booking = %booking.id, "the meeting service gave no meeting yet");
    }
    Ok(Redirect::to(&chrome.link(&format!("/reservations/{id}"))).into_response())
}

async fn cancel(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    if form.confirm.as_deref() != Some("1") {
        return booking_view(&counter, &chrome, &id, false, true, None, None).await;
    }
    let booking = visits::by_id(&counter.db, &id)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| PageError::new(&chrome, no_booking()))?;
    visits::cancel(&counter.db, &booking, OffsetDateTime::now_utc())
        .await
        .map_err(internal(&chrome))?;
    Ok(Redirect::to(&chrome.link(&format!("/reservations/{id}"))).into_response())
}

// ------------------------------------------------------------ staff

#[derive(Template)]
#[template(path = "bookings.html")]
struct DayPage {
    chrome: Chrome,
    office: Office,
    day: String,
    bookings: Vec<Booking>,
    lines: Vec<Line>,
    message: Option<String>,
    /// What came of each consultation, by booking id.
    records: std::collections::HashMap<String, visits::Record>,
}

#[derive(Deserialize, Default)]
struct DayQuery {
    #[serde(default)]
    day: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    tag: Option<String>,
}

async fn day_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path(office_id): Path<String>,
    Query(query): Query<DayQuery>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let lines: Vec<Line> = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(&chrome))?
        .into_iter()
        .filter(|l| works(&staff, l))
        .collect();
    if lines.is_empty() {
        return Err(PageError::new(
            &chrome,
            ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "この区役所・支所の予約は担当課の職員だけが見られます。",
                "Only staff of the counters' sections may see these bookings.",
            ),
        ));
    }
    let today = crate::queue::japan(OffsetDateTime::now_utc()).0;
    let day = query
        .day
        .as_deref()
        .and_then(parse_day)
        .map_or(today, |d| d.to_string());
    let bookings: Vec<Booking> = visits::of_day(&counter.db, &office.id, &day)
        .await
        .map_err(internal(&chrome))?
        .into_iter()
        .filter(|b| b.lines.iter().any(|id| lines.iter().any(|l| l.id == *id)))
        .collect();
    let mut records = std::collections::HashMap::new();
    for booking in &bookings {
        if let Some(record) = visits::record_of(&counter.db, &booking.id)
            .await
            .map_err(internal(&chrome))?
        {
            records.insert(booking.id.clone(), record);
        }
    }
    let title = format!(
        "{} {}",
        office_name(&office, crate::en(&chrome)),
        chrome.pick("来庁予約の一覧", "visit bookings")
    );
    Ok(render(&DayPage {
        chrome: chrome.clone().titled(title),
        office,
        day,
        bookings,
        lines,
        records,
        message: counter
            .db
            .keys()
            .tagged_message(query.message, query.tag.as_deref()),
    }))
}

#[derive(Deserialize, Default)]
struct MarkForm {
    #[serde(default)]
    action: String,
}

async fn mark(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, id)): Path<(String, String)>,
    Form(form): Form<MarkForm>,
) -> Result<Response, PageError> {
    let (office, booking, lines) =
        staffs_booking(&counter, &chrome, &staff, &office_id, &id).await?;
    let first = lines
        .iter()
        .find(|l| booking.lines.first() == Some(&l.id))
        .cloned()
        .ok_or_else(|| PageError::new(&chrome, no_booking()))?;
    let now = OffsetDateTime::now_utc();
    let today = crate::queue::japan(now).0;
    let message = match form.action.as_str() {
        "arrive" if booking.day != today => format!(
            "{}{}{}",
            chrome.pick("この予約は", "This booking is for "),
            booking.day,
            chrome.pick(
                "のものです。当日に受け付けてください。",
                "; mark the arrival on that day."
            )
        ),
        "consulted" if !booking.online => {
            return Err(PageError::new(
                &chrome,
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    "来庁の予約は「来庁」で受け付けてください。",
                    "A visit is marked as arrived.",
                ),
            ));
        }
        "consulted" => {
            if visits::consulted(&counter.db, &booking, now)
                .await
                .map_err(internal(&chrome))?
            {
                chrome
                    .pick("相談済みにしました。", "Marked as consulted.")
                    .to_string()
            } else {
                chrome
                    .pick(
                        "この予約はすでに済んでいます。",
                        "This booking has already ended.",
                    )
                    .to_string()
            }
        }
        "arrive" => match visits::arrive(&counter.db, &booking, &first, now)
            .await
            .map_err(internal(&chrome))?
        {
            Some(ticket) => {
                let _ = counter.hub.refresh(&office.id).await;
                format!(
                    "{} {} {}",
                    chrome.pick("番号札", "Ticket"),
                    ticket.label,
                    chrome.pick(
                        "を発行しました（予約の時刻から並びます）。",
                        "given (queued from the booked time)."
                    )
                )
            }
            None => chrome
                .pick(
                    "この予約はすでに済んでいます。",
                    "This booking has already ended.",
                )
                .to_string(),
        },
        "no_show" if booking.day > today => format!(
            "{}{}{}",
            chrome.pick("この予約は", "This booking is for "),
            booking.day,
            chrome.pick(
                "のものです。来庁なしは当日以降に記録してください。",
                "; mark a no-show on or after that day."
            )
        ),
        "no_show" => {
            if visits::no_show(&counter.db, &booking, now)
                .await
                .map_err(internal(&chrome))?
            {
                chrome
                    .pick("来庁なしにしました。", "Marked as not come.")
                    .to_string()
            } else {
                chrome
                    .pick(
                        "この予約はすでに済んでいます。",
                        "This booking has already ended.",
                    )
                    .to_string()
            }
        }
        _ => {
            return Err(PageError::new(
                &chrome,
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    "操作を選んでください。",
                    "Choose what to do.",
                ),
            ));
        }
    };
    Ok(back_to_day(&counter, &chrome, &office, &booking, &message))
}

/// The day's list again, saying what was done (with its tag).
fn back_to_day(
    counter: &Counter,
    chrome: &Chrome,
    office: &Office,
    booking: &Booking,
    message: &str,
) -> Response {
    let query = format!(
        "day={}&message={}&tag={}",
        kernel::web::encode(&booking.day),
        kernel::web::encode(message),
        counter.db.keys().message_tag(message).unwrap_or_default()
    );
    Redirect::to(&chrome.link(&format!("/staff/counters/{}/bookings?{query}", office.id)))
        .into_response()
}

/// The office, the booking and the office's lines, when the booking is
/// of that office and of a line this member of staff works.
async fn staffs_booking(
    counter: &Counter,
    chrome: &Chrome,
    staff: &SectionStaff,
    office_id: &str,
    id: &str,
) -> Result<(Office, Booking, Vec<Line>), PageError> {
    let office = office_or_404(counter, chrome, office_id).await?;
    let booking = visits::by_id(&counter.db, id)
        .await
        .map_err(internal(chrome))?
        .filter(|b| b.office_id == office.id)
        .ok_or_else(|| PageError::new(chrome, no_booking()))?;
    let lines = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(chrome))?;
    if !lines
        .iter()
        .any(|l| booking.lines.contains(&l.id) && works(staff, l))
    {
        tracing::warn!(staff = %staff.staff.id, booking = %booking.id, "refused: another section's booking");
        return Err(PageError::new(
            chrome,
            ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "この予約は担当課の職員だけが扱えます。",
                "Only staff of the booking's counters may handle it.",
            ),
        ));
    }
    Ok((office, booking, lines))
}

#[derive(Deserialize, Default)]
struct RecordForm {
    #[serde(default)]
    outcome: String,
}

/// The section records what came of a consultation (or a visit): kept
/// sealed with the booking, each change audited.
async fn record(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, id)): Path<(String, String)>,
    Form(form): Form<RecordForm>,
) -> Result<Response, PageError> {
    let (office, booking, _) = staffs_booking(&counter, &chrome, &staff, &office_id, &id).await?;
    if form.outcome.trim().is_empty() || form.outcome.chars().count() > visits::MAX_OUTCOME_CHARS {
        return Err(PageError::new(
            &chrome,
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!(
                    "相談の記録を{}文字以内で書いてください。",
                    visits::MAX_OUTCOME_CHARS
                ),
                format!(
                    "Write the record in at most {} characters.",
                    visits::MAX_OUTCOME_CHARS
                ),
            ),
        ));
    }
    visits::record(&counter.db, &booking, &form.outcome, &staff.staff.actor())
        .await
        .map_err(internal(&chrome))?;
    let message = chrome.pick("相談の記録を保存しました。", "The record is saved.");
    Ok(back_to_day(&counter, &chrome, &office, &booking, message))
}

/// Whether the booking's state lets the resident still cancel or change it.
pub fn open(booking: &Booking) -> bool {
    booking.state == BookingState::Pending || booking.state == BookingState::Confirmed
}
