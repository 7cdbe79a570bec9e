//! The residents' side of the queue: the offices and how busy each is now
//! (`/counters`), one office's congestion with its lamp and when it is
//! usually quiet (`/counters/{office}`), the live event stream those pages
//! follow, the hall display, the kiosk that gives tickets, and the
//! resident's own ticket (`/queue/{id}`, the address its QR code opens).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use catalog::model::Office;
use kernel::ApiError;
use kernel::client::ClientAddr;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::congestion::{LineNow, Snapshot};
use crate::lamp::Lamp;
use crate::queue::{self, Action, Channel, Ticket, TicketState};
use crate::{Counter, office_name};

pub const SCRIPT_PATH: &str = "/static/counter.js";
const SCRIPT: &str = include_str!("../static/counter.js");

/// How often an idle event stream says it is still there: below the
/// server's idle-connection limit (10 s), which closes silent connections.
pub const KEEP_ALIVE: Duration = Duration::from_secs(5);

pub fn routes() -> Router<Counter> {
    Router::new()
        .route("/counters", get(offices_page))
        .route("/counters/{office}", get(office_page))
        .route("/counters/{office}/events", get(events))
        .route("/counters/{office}/display", get(display_page))
        .route("/counters/{office}/kiosk", get(kiosk_page))
        .route("/counters/{office}/tickets", post(take_ticket))
        .route("/queue/{id}", get(ticket_page))
        .route("/queue/{id}/cancel", post(cancel_ticket))
        .route(SCRIPT_PATH, get(|| async { kernel::web::script(SCRIPT) }))
}

pub(crate) fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

fn no_office() -> ApiError {
    ApiError::not_found(
        "その区役所・支所の窓口は見つかりません。",
        "There is no such office with counters.",
    )
}

/// The office named in the path, if it has queue lines.
pub(crate) async fn office_or_404(
    counter: &Counter,
    chrome: &Chrome,
    office_id: &str,
) -> Result<Office, PageError> {
    let lines = counter.hub.lines().await.map_err(internal(chrome))?;
    if !lines.iter().any(|l| l.office_id == office_id) {
        return Err(PageError::new(chrome, no_office()));
    }
    counter
        .office(office_id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| PageError::new(chrome, no_office()))
}

/// A wait in words: none, or about so many minutes.
pub fn wait_words(seconds: impl std::borrow::Borrow<u64>, english: bool) -> String {
    let minutes = seconds.borrow().div_ceil(60);
    match (minutes, english) {
        (0, false) => "待ち時間なし".to_string(),
        (0, true) => "no wait".to_string(),
        (m, false) => format!("約{m}分"),
        (m, true) => format!("about {m} min"),
    }
}

// ------------------------------------------------------------ all offices

struct OfficeRow {
    office: Office,
    lamp: Lamp,
    waiting: u64,
    longest_wait_s: u64,
}

#[derive(Template)]
#[template(path = "counter_offices.html")]
struct OfficesPage {
    chrome: Chrome,
    rows: Vec<OfficeRow>,
    /// Why the counters are not open now, if they are not.
    closed: Option<String>,
}

async fn offices_page(
    State(counter): State<Counter>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let offices = counter
        .offices_with_lines()
        .await
        .map_err(internal(&chrome))?;
    let mut rows = Vec::with_capacity(offices.len());
    for office in offices {
        let now = counter
            .hub
            .latest(&office.id)
            .await
            .map_err(internal(&chrome))?;
        rows.push(OfficeRow {
            lamp: now.lamp,
            waiting: now.waiting,
            longest_wait_s: now.lines.iter().map(|l| l.wait_s).max().unwrap_or(0),
            office,
        });
    }
    let title = chrome.pick("区役所・支所の混雑状況", "How busy the ward offices are");
    Ok(render(&OfficesPage {
        chrome: chrome.clone().titled(title.to_string()),
        rows,
        closed: crate::holidays::closed_now(OffsetDateTime::now_utc(), crate::en(&chrome)),
    }))
}

// ------------------------------------------------------------ one office

/// When an office is usually quiet: the mean wait per weekday and hour.
pub struct QuietTable {
    pub hours: Vec<i64>,
    pub rows: Vec<QuietRow>,
}

pub struct QuietRow {
    pub weekday: &'static str,
    /// Per hour: the mean wait and its lamp, or nothing measured.
    pub cells: Vec<Option<(u64, Lamp)>>,
}

const WEEKDAYS_JA: [&str; 7] = [
    "月曜日",
    "火曜日",
    "水曜日",
    "木曜日",
    "金曜日",
    "土曜日",
    "日曜日",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Weeks of history the quiet-hours chart reads.
pub const QUIET_WEEKS: i64 = 8;

impl QuietTable {
    /// From (weekday, hour, tickets, mean wait) rows; weekends only where
    /// the office had tickets then.
    pub fn of(
        measured: &[(i64, i64, i64, i64)],
        thresholds: crate::lamp::Thresholds,
        english: bool,
    ) -> QuietTable {
        let first = measured.iter().map(|m| m.1).min().unwrap_or(9).min(9);
        let last = measured.iter().map(|m| m.1).max().unwrap_or(16).max(16);
        let hours: Vec<i64> = (first..=last).collect();
        let names = if english { WEEKDAYS_EN } else { WEEKDAYS_JA };
        let rows = (1..=7_i64)
            .filter(|d| *d <= 5 || measured.iter().any(|m| m.0 == *d))
            .map(|day| QuietRow {
                weekday: names
                    .get(usize::try_from(day - 1).unwrap_or(0))
                    .copied()
                    .unwrap_or(""),
                cells: hours
                    .iter()
                    .map(|hour| {
                        measured
                            .iter()
                            .find(|m| m.0 == day && m.1 == *hour)
                            .map(|m| {
                                let wait = u64::try_from(m.3).unwrap_or(0);
                                (wait, Lamp::for_wait(wait, thresholds))
                            })
                    })
                    .collect(),
            })
            .collect();
        QuietTable { hours, rows }
    }
}

#[derive(Template)]
#[template(path = "counter_office.html")]
struct OfficePage {
    chrome: Chrome,
    office: Office,
    now: Arc<Snapshot>,
    quiet: QuietTable,
    thresholds: crate::lamp::Thresholds,
    closed: Option<String>,
}

async fn office_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(office_id): Path<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let now = counter
        .hub
        .latest(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let since = OffsetDateTime::now_utc().unix_timestamp() - QUIET_WEEKS * 7 * 86_400;
    let measured = queue::quiet_hours(&counter.db, &office.id, since)
        .await
        .map_err(internal(&chrome))?;
    let title = format!(
        "{}{}",
        office_name(&office, crate::en(&chrome)),
        chrome.pick("の混雑状況", ": how busy it is")
    );
    Ok(render(&OfficePage {
        quiet: QuietTable::of(&measured, counter.hub.thresholds, crate::en(&chrome)),
        thresholds: counter.hub.thresholds,
        closed: crate::holidays::closed_now(OffsetDateTime::now_utc(), crate::en(&chrome)),
        chrome: chrome.clone().titled(title),
        office,
        now,
    }))
}

/// The office's snapshots as they change (Server-Sent Events): the latest
/// at once, then each newer one.
async fn events(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(office_id): Path<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let receiver = counter
        .hub
        .watch(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.changed().await.ok()?;
        let json = receiver.borrow_and_update().json.clone();
        Some((
            Ok::<_, Infallible>(Event::default().event("congestion").data(&*json)),
            receiver,
        ))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    // A proxy must pass each event on as it comes.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Template)]
#[template(path = "counter_display.html")]
struct DisplayPage {
    chrome: Chrome,
    office: Office,
    now: Arc<Snapshot>,
}

async fn display_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(office_id): Path<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let now = counter
        .hub
        .latest(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let title = format!(
        "{} {}",
        office_name(&office, crate::en(&chrome)),
        chrome.pick("呼出表示", "calls")
    );
    Ok(render(&DisplayPage {
        chrome: chrome.clone().titled(title),
        office,
        now,
    }))
}

// ------------------------------------------------------------ tickets

#[derive(Template)]
#[template(path = "counter_kiosk.html")]
struct KioskPage {
    chrome: Chrome,
    office: Office,
    now: Arc<Snapshot>,
    problem: Option<String>,
    closed: Option<String>,
}

async fn kiosk_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(office_id): Path<String>,
) -> Result<Response, PageError> {
    kiosk(&counter, &chrome, &office_id, None).await
}

async fn kiosk(
    counter: &Counter,
    chrome: &Chrome,
    office_id: &str,
    problem: Option<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(counter, chrome, office_id).await?;
    let now = counter
        .hub
        .latest(&office.id)
        .await
        .map_err(internal(chrome))?;
    let title = format!(
        "{} {}",
        office_name(&office, crate::en(chrome)),
        chrome.pick("番号札の発行", "take a number")
    );
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut response = render(&KioskPage {
        chrome: chrome.clone().titled(title),
        office,
        now,
        problem,
        closed: crate::holidays::closed_now(OffsetDateTime::now_utc(), crate::en(chrome)),
    });
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Deserialize)]
struct TakeForm {
    #[serde(default)]
    line: String,
}

/// Issues a ticket of the chosen line for today; estimates its wait from
/// the queue as it stands, and shows it (with its QR code).
async fn take_ticket(
    State(counter): State<Counter>,
    chrome: Chrome,
    client: ClientAddr,
    Path(office_id): Path<String>,
    Form(form): Form<TakeForm>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    if !counter.kiosks.trusts(client.0)
        && let Err(wait) = counter.ticket_takers.take(client)
    {
        tracing::warn!(client = %client, "refused: too many tickets from this client");
        return Ok(identity::too_many_attempts(&chrome, wait));
    }
    let lines = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let Some(line) = lines.iter().find(|l| l.id == form.line) else {
        let problem = chrome
            .pick("用件を選んでください。", "Choose what you have come for.")
            .to_string();
        return kiosk(&counter, &chrome, &office.id, Some(problem)).await;
    };
    let ticket = issue(&counter, line, Channel::Kiosk, &chrome).await?;
    Ok(Redirect::to(&chrome.link(&format!("/queue/{}?new=1", ticket.id))).into_response())
}

/// Issues a ticket with its estimate, and tells the office's watchers.
pub(crate) async fn issue(
    counter: &Counter,
    line: &queue::Line,
    channel: Channel,
    chrome: &Chrome,
) -> Result<Ticket, PageError> {
    let now = counter
        .hub
        .refresh(&line.office_id)
        .await
        .map_err(internal(chrome))?;
    let estimate = now.line(&line.id).map_or(0, |l| l.wait_s);
    let ticket = match queue::issue(
        &counter.db,
        line,
        channel,
        OffsetDateTime::now_utc(),
        estimate,
    )
    .await
    {
        Ok(ticket) => ticket,
        Err(queue::QueueError::SoldOut) => {
            return Err(PageError::new(
                chrome,
                ApiError::new(
                    StatusCode::CONFLICT,
                    "sold_out",
                    "本日の番号札の発行は終了しました。窓口の職員にお声がけください。",
                    "Today's numbers for this counter have all been given; please ask a member of staff.",
                ),
            ));
        }
        Err(error) => return Err(internal(chrome)(error.into())),
    };
    let _ = counter.hub.refresh(&line.office_id).await;
    Ok(ticket)
}

#[derive(Template)]
#[template(path = "counter_ticket.html")]
struct TicketPage {
    chrome: Chrome,
    office: Office,
    ticket: Ticket,
    line: LineNow,
    /// Residents waiting before this one (while waiting).
    ahead: Option<u64>,
    wait_s: u64,
    expired: bool,
    /// Just taken at the kiosk.
    new: bool,
    qr: Option<String>,
    link: String,
    confirm_cancel: bool,
}

#[derive(Deserialize, Default)]
struct TicketQuery {
    #[serde(default)]
    new: Option<String>,
}

fn no_ticket() -> ApiError {
    ApiError::not_found(
        "その番号札は見つかりません。番号札のQRコードをもう一度読み取ってください。",
        "There is no such ticket; scan the code on your ticket again.",
    )
}

async fn ticket_view(
    counter: &Counter,
    chrome: &Chrome,
    id: &str,
    new: bool,
    confirm_cancel: bool,
) -> Result<Response, PageError> {
    let ticket = queue::ticket(&counter.db, id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| PageError::new(chrome, no_ticket()))?;
    let office = office_or_404(counter, chrome, &ticket.office_id).await?;
    let now = counter
        .hub
        .latest(&office.id)
        .await
        .map_err(internal(chrome))?;
    let expired = ticket.day != now.day;
    let line = now
        .line(&ticket.line_id)
        .cloned()
        .ok_or_else(|| PageError::new(chrome, no_ticket()))?;
    let ahead = if ticket.state == TicketState::Waiting && !expired {
        line.queue
            .iter()
            .position(|n| *n == ticket.label)
            .map(|p| p as u64)
    } else {
        None
    };
    let wait_s = ahead.map_or(0, |a| line.wait_for(a));
    let link = format!("{}/queue/{}", counter.public_url, ticket.id);
    let office_id = office.id.clone();
    let title = format!("{} {}", chrome.pick("番号札", "Ticket"), ticket.label);
    let mut response = render(&TicketPage {
        chrome: chrome.clone().titled(title),
        qr: identity::two_factor::qr_data_uri(&link),
        link,
        office,
        ahead,
        wait_s,
        expired,
        new,
        line,
        ticket,
        confirm_cancel,
    });
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The kiosk shows the ticket a while, then is ready for the next person.
    if new {
        let back = format!(
            "30; url={}",
            chrome.link(&format!("/counters/{office_id}/kiosk"))
        );
        if let Ok(value) = HeaderValue::from_str(&back) {
            response.headers_mut().insert(header::REFRESH, value);
        }
    }
    Ok(response)
}

async fn ticket_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Query(query): Query<TicketQuery>,
) -> Result<Response, PageError> {
    ticket_view(&counter, &chrome, &id, query.new.is_some(), false).await
}

#[derive(Deserialize, Default)]
struct CancelForm {
    #[serde(default)]
    confirm: Option<String>,
}

/// The resident gives up their place: first a page that asks, then done.
async fn cancel_ticket(
    State(counter): State<Counter>,
    chrome: Chrome,
    Path(id): Path<String>,
    Form(form): Form<CancelForm>,
) -> Result<Response, PageError> {
    if form.confirm.as_deref() != Some("1") {
        return ticket_view(&counter, &chrome, &id, false, true).await;
    }
    let ticket = queue::ticket(&counter.db, &id)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| PageError::new(&chrome, no_ticket()))?;
    match queue::act(
        &counter.db,
        &ticket,
        &Action::Cancel,
        OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(_) | Err(queue::QueueError::WrongState) => {}
        Err(error) => return Err(internal(&chrome)(error.into())),
    }
    let _ = counter.hub.refresh(&ticket.office_id).await;
    Ok(Redirect::to(&chrome.link(&format!("/queue/{}", ticket.id))).into_response())
}
