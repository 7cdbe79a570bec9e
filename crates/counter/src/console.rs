//! The counter console (`/staff/counters/{office}`): a window of a line
//! calls the next resident, calls again, holds, sends a resident to another
//! line, finishes or marks them absent, and gives a ticket by hand. Staff of
//! the line's section use it (the DX office every line), and see how far
//! the waits residents were told were from what happened.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use catalog::model::Office;
use identity::SectionStaff;
use identity::model::Role;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::estimate::Accuracy;
use crate::pages::{internal, office_or_404};
use crate::queue::{self, Action, Channel, Line, Ticket, TicketState};
use crate::{Counter, office_name};

pub fn routes() -> Router<Counter> {
    Router::new()
        .route("/staff/counters", get(offices))
        .route("/staff/counters/{office}", get(console))
        .route("/staff/counters/{office}/call", post(call_next))
        .route("/staff/counters/{office}/issue", post(issue))
        .route("/staff/counters/{office}/tickets/{ticket}", post(act))
}

/// Whether this member of staff works the line.
pub(crate) fn works(staff: &SectionStaff, line: &Line) -> bool {
    staff.staff.role == Role::DxAdmin || line.section_id.as_deref() == Some(&staff.section_id)
}

fn not_yours() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "この窓口は担当課の職員だけが操作できます。",
        "Only staff of the counter's section may work it.",
    )
}

#[derive(Template)]
#[template(path = "console_offices.html")]
struct OfficesPage {
    chrome: Chrome,
    offices: Vec<(Office, Vec<Line>)>,
}

async fn offices(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
) -> Result<Response, PageError> {
    let lines = counter.hub.lines().await.map_err(internal(&chrome))?;
    let mut out = Vec::new();
    for office in counter
        .offices_with_lines()
        .await
        .map_err(internal(&chrome))?
    {
        let mine: Vec<Line> = lines
            .iter()
            .filter(|l| l.office_id == office.id && works(&staff, l))
            .cloned()
            .collect();
        if !mine.is_empty() {
            out.push((office, mine));
        }
    }
    let title = chrome.pick("窓口の呼出", "Counter console").to_string();
    Ok(render(&OfficesPage {
        chrome: chrome.clone().titled(title),
        offices: out,
    }))
}

#[derive(Deserialize, Default)]
struct Seat {
    #[serde(default)]
    line: String,
    #[serde(default)]
    window: String,
    #[serde(default)]
    message: Option<String>,
    /// The message's tag (see `kernel::keys::Keyring::message_tag`).
    #[serde(default)]
    tag: Option<String>,
}

/// A line's accuracy of estimates this week, for the console.
struct LineAccuracy {
    line: Line,
    accuracy: Accuracy,
}

#[derive(Template)]
#[template(path = "console.html")]
struct ConsolePage {
    chrome: Chrome,
    office: Office,
    lines: Vec<Line>,
    line: Option<Line>,
    window: String,
    serving: Option<Ticket>,
    waiting: Vec<Ticket>,
    held: Vec<Ticket>,
    /// Other lines of the office a resident can be sent to.
    others: Vec<Line>,
    accuracy: Vec<LineAccuracy>,
    message: Option<String>,
}

fn clean_window(window: &str) -> String {
    window
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(queue::MAX_WINDOW_CHARS)
        .collect()
}

async fn console(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path(office_id): Path<String>,
    Query(seat): Query<Seat>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let all = counter
        .hub
        .lines_of(&office.id)
        .await
        .map_err(internal(&chrome))?;
    let lines: Vec<Line> = all.iter().filter(|l| works(&staff, l)).cloned().collect();
    if lines.is_empty() {
        return Err(PageError::new(&chrome, not_yours()));
    }
    let line = lines.iter().find(|l| l.id == seat.line).cloned();
    let window = clean_window(&seat.window);
    let (day, _, _) = queue::japan(OffsetDateTime::now_utc());
    let open = queue::open_tickets(&counter.db, &office.id, &day)
        .await
        .map_err(internal(&chrome))?;
    let serving = match (&line, window.is_empty()) {
        (Some(line), false) => queue::serving(&counter.db, &line.id, &window, &day)
            .await
            .map_err(internal(&chrome))?,
        _ => None,
    };
    let of_line = |state: TicketState| -> Vec<Ticket> {
        open.iter()
            .filter(|t| line.as_ref().is_some_and(|l| l.id == t.line_id) && t.state == state)
            .cloned()
            .collect()
    };
    let since = OffsetDateTime::now_utc().unix_timestamp() - 7 * 86_400;
    let measured = queue::estimates_and_waits(&counter.db, &office.id, since)
        .await
        .map_err(internal(&chrome))?;
    let accuracy = lines
        .iter()
        .map(|l| {
            let pairs: Vec<(u64, u64)> = measured
                .iter()
                .filter(|(id, _, _)| *id == l.id)
                .map(|(_, e, w)| (*e, *w))
                .collect();
            LineAccuracy {
                line: l.clone(),
                accuracy: Accuracy::of(&pairs),
            }
        })
        .collect();
    let title = format!(
        "{} {}",
        office_name(&office, crate::en(&chrome)),
        chrome.pick("窓口の呼出", "counter console")
    );
    Ok(render(&ConsolePage {
        chrome: chrome.clone().titled(title),
        waiting: of_line(TicketState::Waiting),
        held: of_line(TicketState::Held),
        others: all
            .iter()
            .filter(|l| line.as_ref().is_none_or(|mine| mine.id != l.id))
            .cloned()
            .collect(),
        office,
        lines,
        line,
        window,
        serving,
        accuracy,
        message: counter
            .db
            .keys()
            .tagged_message(seat.message, seat.tag.as_deref()),
    }))
}

/// The console again, at the same line and window, saying what was done
/// (with its tag: only the platform's own words are shown).
fn back(
    counter: &Counter,
    chrome: &Chrome,
    office_id: &str,
    line: &str,
    window: &str,
    message: &str,
) -> Response {
    let query = format!(
        "line={}&window={}&message={}&tag={}",
        kernel::web::encode(line),
        kernel::web::encode(window),
        kernel::web::encode(message),
        counter.db.keys().message_tag(message).unwrap_or_default()
    );
    Redirect::to(&chrome.link(&format!("/staff/counters/{office_id}?{query}"))).into_response()
}

/// The line the form names, if this member of staff works it.
async fn my_line(
    counter: &Counter,
    chrome: &Chrome,
    staff: &SectionStaff,
    office_id: &str,
    line_id: &str,
) -> Result<Line, PageError> {
    let lines = counter
        .hub
        .lines_of(office_id)
        .await
        .map_err(internal(chrome))?;
    let line = lines.into_iter().find(|l| l.id == line_id).ok_or_else(|| {
        PageError::new(
            chrome,
            unprocessable(
                "窓口（列）を選んでください。",
                "Choose the counter's line first.",
            ),
        )
    })?;
    if !works(staff, &line) {
        tracing::warn!(staff = %staff.staff.id, line = %line.id, "refused: another section's counter");
        return Err(PageError::new(chrome, not_yours()));
    }
    Ok(line)
}

fn no_window() -> ApiError {
    unprocessable(
        "窓口の番号を入れてください。",
        "Give the window's number first.",
    )
}

#[derive(Deserialize, Default)]
struct CallForm {
    #[serde(default)]
    line: String,
    #[serde(default)]
    window: String,
}

async fn call_next(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path(office_id): Path<String>,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let line = my_line(&counter, &chrome, &staff, &office.id, &form.line).await?;
    let window = clean_window(&form.window);
    if window.is_empty() {
        return Err(PageError::new(&chrome, no_window()));
    }
    let called = queue::call_next(&counter.db, &line, &window, OffsetDateTime::now_utc())
        .await
        .map_err(|e| internal(&chrome)(e.into()))?;
    let _ = counter.hub.refresh(&office.id).await;
    let message = match called {
        Some(ticket) => format!(
            "{} {}",
            ticket.label,
            chrome.pick("番の方をお呼びしました。", "called.")
        ),
        None => chrome
            .pick("お待ちの方はいません。", "Nobody is waiting.")
            .to_string(),
    };
    Ok(back(
        &counter, &chrome, &office.id, &line.id, &window, &message,
    ))
}

async fn issue(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path(office_id): Path<String>,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let line = my_line(&counter, &chrome, &staff, &office.id, &form.line).await?;
    let ticket = crate::pages::issue(&counter, &line, Channel::Staff, &chrome).await?;
    let message = format!(
        "{} {} {}",
        chrome.pick("番号札", "Ticket"),
        ticket.label,
        chrome.pick("を発行しました。", "issued.")
    );
    Ok(back(
        &counter,
        &chrome,
        &office.id,
        &line.id,
        &clean_window(&form.window),
        &message,
    ))
}

#[derive(Deserialize, Default)]
struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    window: String,
    #[serde(default)]
    to_line: String,
}

async fn act(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, ticket_id)): Path<(String, String)>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let ticket = queue::ticket(&counter.db, &ticket_id)
        .await
        .map_err(internal(&chrome))?
        .filter(|t| t.office_id == office.id)
        .ok_or_else(|| {
            PageError::new(
                &chrome,
                ApiError::not_found("その番号札はありません。", "There is no such ticket."),
            )
        })?;
    // The ticket's own line decides who may touch it.
    let line = my_line(&counter, &chrome, &staff, &office.id, &ticket.line_id).await?;
    let window = clean_window(&form.window);
    let action = match form.action.as_str() {
        "recall" => Action::Recall,
        "hold" => Action::Hold,
        "finish" => Action::Finish,
        "no_show" => Action::NoShow,
        "call" => {
            if window.is_empty() {
                return Err(PageError::new(&chrome, no_window()));
            }
            Action::Call {
                window: window.clone(),
            }
        }
        "transfer" => Action::Transfer {
            line_id: form.to_line.clone(),
        },
        _ => {
            return Err(PageError::new(
                &chrome,
                unprocessable("操作を選んでください。", "Choose what to do."),
            ));
        }
    };
    let done = match queue::act(&counter.db, &ticket, &action, OffsetDateTime::now_utc()).await {
        Ok(done) => done,
        Err(queue::QueueError::WrongState) => {
            let message = chrome.pick(
                "この番号札はすでに別の状態になっています。画面を確かめてください。",
                "The ticket has already moved on; check the screen.",
            );
            let seat_line = if form.line.is_empty() {
                &line.id
            } else {
                &form.line
            };
            return Ok(back(
                &counter, &chrome, &office.id, seat_line, &window, message,
            ));
        }
        Err(queue::QueueError::NoLine) => {
            return Err(PageError::new(
                &chrome,
                unprocessable(
                    "送り先の窓口を選んでください。",
                    "Choose the counter to send the resident to.",
                ),
            ));
        }
        Err(error) => return Err(internal(&chrome)(error.into())),
    };
    let _ = counter.hub.refresh(&office.id).await;
    let message = format!("{} {}", done.label, done.state.words(crate::en(&chrome)));
    let seat_line = if form.line.is_empty() {
        &line.id
    } else {
        &form.line
    };
    Ok(back(
        &counter, &chrome, &office.id, seat_line, &window, &message,
    ))
}

fn unprocessable(ja: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", ja, en)
}
