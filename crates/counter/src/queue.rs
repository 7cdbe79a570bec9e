//! Queue tickets: the lines of each office, issuing a numbered ticket, and
//! what a counter window does with it (call the next, call again, hold,
//! send to another line, finish, mark absent). Each change raises the
//! office's version in the same transaction, so every node's congestion
//! pages follow.

use kernel::Db;
use kernel::db::Backend;
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

/// What residents wait in at one office, served at one or more windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub id: String,
    pub office_id: String,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub section_id: Option<String>,
    pub windows: i64,
    pub service_minutes: i64,
    /// Its section consults by video meeting too (オンライン相談).
    pub online_consultation: bool,
}

impl Line {
    pub fn shown_name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    Called,
    Held,
    Done,
    NoShow,
    Cancelled,
}

impl TicketState {
    pub fn code(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Held => "held",
            TicketState::Done => "done",
            TicketState::NoShow => "no_show",
            TicketState::Cancelled => "cancelled",
        }
    }

    fn parse(code: &str) -> TicketState {
        match code {
            "called" => TicketState::Called,
            "held" => TicketState::Held,
            "done" => TicketState::Done,
            "no_show" => TicketState::NoShow,
            "cancelled" => TicketState::Cancelled,
            _ => TicketState::Waiting,
        }
    }

    pub fn words(self, english: bool) -> &'static str {
        match (self, english) {
            (TicketState::Waiting, false) => "お待ちください",
            (TicketState::Called, false) => "お呼びしています",
            (TicketState::Held, false) => "保留中（窓口でお声がけください）",
            (TicketState::Done, false) => "受付済み",
            (TicketState::NoShow, false) => "不在のため取り消されました",
            (TicketState::Cancelled, false) => "取り消しました",
            (TicketState::Waiting, true) => "Please wait",
            (TicketState::Called, true) => "You are being called",
            (TicketState::Held, true) => "On hold (speak to the window)",
            (TicketState::Done, true) => "Served",
            (TicketState::NoShow, true) => "Cancelled: you were not there when called",
            (TicketState::Cancelled, true) => "Cancelled",
        }
    }
}

/// How a ticket was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Kiosk,
    Staff,
    Reservation,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Staff => "staff",
            Channel::Reservation => "reservation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: String,
    pub line_id: String,
    pub office_id: String,
    pub day: String,
    pub number: i64,
    pub label: String,
    pub state: TicketState,
    pub channel: String,
    pub issued_at: i64,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub announced_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub window_label: Option<String>,
    pub calls: i64,
    pub estimated_wait_s: i64,
}

/// Tickets a line gives per day at most (three digits on the slip).
pub const MAX_PER_DAY: i64 = 999;
/// The longest window label a console may give ("12", "相談室2").
pub const MAX_WINDOW_CHARS: usize = 12;

const LINE_COLUMNS: &str =
    "id, office_id, code, name, name_en, section_id, windows, service_minutes, online_consultation";
const TICKET_COLUMNS: &str = "id, line_id, office_id, day, number, label, state, channel, issued_at, queued_at, \
     called_at, announced_at, finished_at, window_label, calls, estimated_wait_s";

fn line_of(row: &sqlx::any::AnyRow) -> Result<Line, sqlx::Error> {
    Ok(Line {
        id: row.try_get("id")?,
        office_id: row.try_get("office_id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        name_en: row.try_get("name_en")?,
        section_id: row.try_get("section_id")?,
        windows: row.try_get("windows")?,
        service_minutes: row.try_get("service_minutes")?,
        online_consultation: row.try_get::<i64, _>("online_consultation")? != 0,
    })
}

/// Whether the line's section also consults by video meeting.
pub async fn offer_online(db: &Db, line_id: &str, offered: bool) -> anyhow::Result<()> {
    sqlx::query("UPDATE queue_lines SET online_consultation = $1 WHERE id = $2")
        .bind(i64::from(offered))
        .bind(line_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

fn ticket_of(row: &sqlx::any::AnyRow) -> Result<Ticket, sqlx::Error> {
    Ok(Ticket {
        id: row.try_get("id")?,
        line_id: row.try_get("line_id")?,
        office_id: row.try_get("office_id")?,
        day: row.try_get("day")?,
        number: row.try_get("number")?,
        label: row.try_get("label")?,
        state: TicketState::parse(&row.try_get::<String, _>("state")?),
        channel: row.try_get("channel")?,
        issued_at: row.try_get("issued_at")?,
        queued_at: row.try_get("queued_at")?,
        called_at: row.try_get("called_at")?,
        announced_at: row.try_get("announced_at")?,
        finished_at: row.try_get("finished_at")?,
        window_label: row.try_get("window_label")?,
        calls: row.try_get("calls")?,
        estimated_wait_s: row.try_get("estimated_wait_s")?,
    })
}

/// Every line of every office, in each office's order.
pub async fn all_lines(db: &Db) -> anyhow::Result<Vec<Line>> {
    let sql = format!("SELECT {LINE_COLUMNS} FROM queue_lines ORDER BY office_id, position, code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(line_of).collect::<Result<_, _>>()?)
}

pub async fn lines_of(db: &Db, office_id: &str) -> anyhow::Result<Vec<Line>> {
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM queue_lines WHERE office_id = $1 ORDER BY position, code"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(line_of).collect::<Result<_, _>>()?)
}

/// A line to add (or, by its id, to change).
#[derive(Debug, Clone)]
pub struct NewLine {
    pub id: String,
    pub office_id: String,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub section_id: Option<String>,
    pub windows: i64,
    pub service_minutes: i64,
    pub position: i64,
}

pub async fn save_line(db: &Db, line: &NewLine) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO queue_lines (id, office_id, code, name, name_en, section_id, windows, service_minutes, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, name_en = excluded.name_en, \
         section_id = excluded.section_id, windows = excluded.windows, \
         service_minutes = excluded.service_minutes, position = excluded.position",
    )
    .bind(&line.id)
    .bind(&line.office_id)
    .bind(&line.code)
    .bind(&line.name)
    .bind(&line.name_en)
    .bind(line.section_id.as_deref())
    .bind(line.windows.clamp(1, 99))
    .bind(line.service_minutes.clamp(1, 240))
    .bind(line.position)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn ticket(db: &Db, id: &str) -> anyhow::Result<Option<Ticket>> {
    // Only ids of the shape issued are looked up.
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let sql = format!("SELECT {TICKET_COLUMNS} FROM queue_tickets WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(ticket_of).transpose()?)
}

/// An office's tickets of `day` still in the hall: waiting, called or held,
/// in queue order.
pub async fn open_tickets(db: &Db, office_id: &str, day: &str) -> anyhow::Result<Vec<Ticket>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM queue_tickets WHERE office_id = $1 AND day = $2 \
         AND state IN ('waiting', 'called', 'held') ORDER BY queued_at, number"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office_id)
        .bind(day)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(ticket_of).collect::<Result<_, _>>()?)
}

/// Seconds each of an office's recently served residents took at the
/// window (called to finished), newest first, per line: the last 20 of
/// each line within a week.
pub async fn recent_service_times(
    db: &Db,
    office_id: &str,
    now: i64,
) -> anyhow::Result<Vec<(String, u64)>> {
    let rows = sqlx::query(
        "SELECT line_id, finished_at - called_at AS took FROM queue_tickets \
         WHERE office_id = $1 AND state = 'done' AND finished_at >= $2 AND called_at IS NOT NULL \
         ORDER BY finished_at DESC LIMIT 400",
    )
    .bind(office_id)
    .bind(now - 7 * 86_400)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<(String, u64)> = Vec::new();
    for row in rows {
        let line: String = row.try_get("line_id")?;
        let took: i64 = row.try_get("took")?;
        if out.iter().filter(|(l, _)| *l == line).count() < 20 {
            out.push((line, u64::try_from(took).unwrap_or(0)));
        }
    }
    Ok(out)
}

/// The windows that called someone of each line in the last half hour:
/// staffed now, whatever the line usually has.
pub async fn windows_in_use(
    db: &Db,
    office_id: &str,
    now: i64,
) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT DISTINCT line_id, window_label FROM queue_tickets \
         WHERE office_id = $1 AND announced_at >= $2 AND window_label IS NOT NULL",
    )
    .bind(office_id)
    .bind(now - 30 * 60)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("line_id")?, r.try_get("window_label")?)))
        .collect()
}

/// Japan's day, weekday (1 = Monday) and hour of a moment.
pub fn japan(at: OffsetDateTime) -> (String, i64, i64) {
    let local = at.to_offset(time::macros::offset!(+9));
    (
        local.date().to_string(),
        i64::from(local.weekday().number_from_monday()),
        i64::from(local.hour()),
    )
}

/// 128 random bits in hex: the ticket's address, which cannot be guessed.
pub fn new_ticket_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

async fn bump(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    office_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO queue_versions (office_id, version) VALUES ($1, 1) \
         ON CONFLICT (office_id) DO UPDATE SET version = queue_versions.version + 1",
    )
    .bind(office_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("this line has given all of today's tickets")]
    SoldOut,
    #[error("the ticket is not in a state for that")]
    WrongState,
    #[error("no such line at this office")]
    NoLine,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Issues the next ticket of `line` for today, with the wait estimated now.
pub async fn issue(
    db: &Db,
    line: &Line,
    channel: Channel,
    now: OffsetDateTime,
    estimated_wait_s: u64,
) -> Result<Ticket, QueueError> {
    issue_placed(
        db,
        line,
        channel,
        now,
        estimated_wait_s,
        now.unix_timestamp(),
    )
    .await
}

/// [`issue`] with its place in the queue as if queued at `queued_at`
/// (unix seconds): a resident who booked their visit queues from the time
/// they booked, not from when they walked in early or late.
pub async fn issue_placed(
    db: &Db,
    line: &Line,
    channel: Channel,
    now: OffsetDateTime,
    estimated_wait_s: u64,
    queued_at: i64,
) -> Result<Ticket, QueueError> {
    let (day, weekday, hour) = japan(now);
    let at = now.unix_timestamp();
    let mut tx = db.begin().await?;
    let number: i64 = sqlx::query(
        "INSERT INTO queue_numbers (line_id, day, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (line_id, day) DO UPDATE SET last_number = queue_numbers.last_number + 1 \
         RETURNING last_number",
    )
    .bind(&line.id)
    .bind(&day)
    .fetch_one(&mut *tx)
    .await?
    .try_get("last_number")?;
    if number > MAX_PER_DAY {
        return Err(QueueError::SoldOut);
    }
    let ticket = Ticket {
        id: new_ticket_id(),
        line_id: line.id.clone(),
        office_id: line.office_id.clone(),
        day: day.clone(),
        number,
        label: format!("{}-{number:03}", line.code),
        state: TicketState::Waiting,
        channel: channel.code().to_string(),
        issued_at: at,
        queued_at,
        called_at: None,
        announced_at: None,
        finished_at: None,
        window_label: None,
        calls: 0,
        estimated_wait_s: i64::try_from(estimated_wait_s).unwrap_or(i64::MAX),
    };
    sqlx::query(
        "INSERT INTO queue_tickets (id, line_id, office_id, day, number, label, state, channel, \
         issued_at, queued_at, estimated_wait_s, weekday, hour) \
         VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $8, $9, $10, $11, $12)",
    )
    .bind(&ticket.id)
    .bind(&ticket.line_id)
    .bind(&ticket.office_id)
    .bind(&day)
    .bind(number)
    .bind(&ticket.label)
    .bind(&ticket.channel)
    .bind(at)
    .bind(queued_at)
    .bind(ticket.estimated_wait_s)
    .bind(weekday)
    .bind(hour)
    .execute(&mut *tx)
    .await?;
    bump(&mut tx, &line.office_id).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// The first waiting ticket of the line, claimed so that two windows
/// calling at once never get the same resident (SQLite's transaction holds
/// the write lock; PostgreSQL skips a row another window is taking).
const NEXT_SQLITE: &str = "SELECT id FROM queue_tickets WHERE line_id = $1 AND day = $2 \
     AND state = 'waiting' ORDER BY queued_at, number LIMIT 1";
const NEXT_POSTGRES: &str = "SELECT id FROM queue_tickets WHERE line_id = $1 AND day = $2 \
     AND state = 'waiting' ORDER BY queued_at, number LIMIT 1 FOR UPDATE SKIP LOCKED";

/// The window finishes whoever it was serving of this line and calls the
/// next resident waiting; `None` when nobody waits.
pub async fn call_next(
    db: &Db,
    line: &Line,
    window: &str,
    now: OffsetDateTime,
) -> Result<Option<Ticket>, QueueError> {
    let (day, _, _) = japan(now);
    let at = now.unix_timestamp();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE queue_tickets SET state = 'done', finished_at = $1 \
         WHERE line_id = $2 AND day = $3 AND window_label = $4 AND state = 'called'",
    )
    .bind(at)
    .bind(&line.id)
    .bind(&day)
    .bind(window)
    .execute(&mut *tx)
    .await?;
    let next = match db.backend() {
        Backend::Sqlite => NEXT_SQLITE,
        Backend::Postgres => NEXT_POSTGRES,
    };
    let id: Option<String> = sqlx::query(next)
        .bind(&line.id)
        .bind(&day)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?;
    if let Some(id) = &id {
        sqlx::query(
            "UPDATE queue_tickets SET state = 'called', called_at = $1, announced_at = $1, \
             window_label = $2, calls = calls + 1 WHERE id = $3",
        )
        .bind(at)
        .bind(window)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    bump(&mut tx, &line.office_id).await?;
    tx.commit().await?;
    match id {
        Some(id) => Ok(ticket(db, &id)
            .await
            .map_err(|e| QueueError::Db(sqlx::Error::Protocol(e.to_string())))?),
        None => Ok(None),
    }
}

/// What a window does with one ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Call it out again (the resident did not come).
    Recall,
    /// Set aside: the resident went to fetch a document.
    Hold,
    /// Call a held or a particular waiting ticket to this window.
    Call { window: String },
    /// Served.
    Finish,
    /// Called and not there.
    NoShow,
    /// Sent to another line of the same office, keeping its place by the
    /// time it was first queued.
    Transfer { line_id: String },
    /// The resident gave up their place (from their own ticket page).
    Cancel,
}

impl Action {
    /// The states the action may start from.
    fn allowed_from(&self) -> &'static [&'static str] {
        match self {
            Action::Recall | Action::Finish => &["called"],
            Action::Hold => &["called", "waiting"],
            Action::Call { .. } => &["held", "waiting"],
            Action::NoShow => &["called", "held"],
            Action::Transfer { .. } => &["called", "held", "waiting"],
            Action::Cancel => &["waiting", "held"],
        }
    }
}

/// Applies `action` to the ticket, if its state allows; the ticket as it is
/// afterwards.
pub async fn act(
    db: &Db,
    ticket: &Ticket,
    action: &Action,
    now: OffsetDateTime,
) -> Result<Ticket, QueueError> {
    let at = now.unix_timestamp();
    let mut tx = db.begin().await?;
    // Every update below holds only while the ticket is still in a state
    // the action may start from: on PostgreSQL another window's or the
    // resident's change may commit between a read and the write.
    let allowed = action
        .allowed_from()
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let guard = format!(" AND state IN ({allowed})");
    if let Action::Call { window } = action {
        // Whoever the window was serving is finished first, as a call of the
        // next does: a window serves one resident at a time.
        sqlx::query(
            "UPDATE queue_tickets SET state = 'done', finished_at = $1 \
             WHERE line_id = $2 AND day = $3 AND window_label = $4 AND state = 'called' AND id <> $5",
        )
        .bind(at)
        .bind(&ticket.line_id)
        .bind(&ticket.day)
        .bind(window)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    }
    let query = match action {
        Action::Recall => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET announced_at = $1, calls = calls + 1 WHERE id = $2{guard}"
        )))
        .bind(at)
        .bind(&ticket.id),
        Action::Hold => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'held', window_label = NULL WHERE id = $1{guard}"
        )))
        .bind(&ticket.id),
        Action::Call { window } => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'called', called_at = COALESCE(called_at, $1), \
             announced_at = $1, window_label = $3, calls = calls + 1 WHERE id = $2{guard}"
        )))
        .bind(at)
        .bind(&ticket.id)
        .bind(window),
        Action::Finish => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'done', finished_at = $1 WHERE id = $2{guard}"
        )))
        .bind(at)
        .bind(&ticket.id),
        Action::NoShow => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'no_show', finished_at = $1 WHERE id = $2{guard}"
        )))
        .bind(at)
        .bind(&ticket.id),
        Action::Cancel => sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'cancelled', finished_at = $1 WHERE id = $2{guard}"
        )))
        .bind(at)
        .bind(&ticket.id),
        Action::Transfer { line_id } => {
            let office: Option<String> =
                sqlx::query("SELECT office_id FROM queue_lines WHERE id = $1")
                    .bind(line_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get("office_id"))
                    .transpose()?;
            if office.as_deref() != Some(ticket.office_id.as_str()) || *line_id == ticket.line_id {
                return Err(QueueError::NoLine);
            }
            // Its wait so far counts: called_at is cleared so that the wait
            // measured is the whole one, issue to the call that serves it.
            sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE queue_tickets SET state = 'waiting', line_id = $2, transferred_from = line_id, \
                 window_label = NULL, called_at = NULL, announced_at = NULL WHERE id = $1{guard}"
        )))
            .bind(&ticket.id)
            .bind(line_id)
        }
    };
    if query.execute(&mut *tx).await?.rows_affected() != 1 {
        return Err(QueueError::WrongState);
    }
    bump(&mut tx, &ticket.office_id).await?;
    tx.commit().await?;
    ticket_after(db, &ticket.id).await
}

async fn ticket_after(db: &Db, id: &str) -> Result<Ticket, QueueError> {
    ticket(db, id)
        .await
        .map_err(|e| QueueError::Db(sqlx::Error::Protocol(e.to_string())))?
        .ok_or(QueueError::WrongState)
}

/// The ticket a window is serving now, if any.
pub async fn serving(
    db: &Db,
    line_id: &str,
    window: &str,
    day: &str,
) -> anyhow::Result<Option<Ticket>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM queue_tickets WHERE line_id = $1 AND window_label = $2 \
         AND day = $3 AND state = 'called' ORDER BY announced_at DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(line_id)
        .bind(window)
        .bind(day)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(ticket_of).transpose()?)
}

/// Each office's version: raised by every change to its queues.
pub async fn versions(db: &Db) -> anyhow::Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT office_id, version FROM queue_versions")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("office_id")?, r.try_get("version")?)))
        .collect()
}

/// (estimated, actual) waits in seconds of an office's tickets called since
/// `since`, per line.
pub async fn estimates_and_waits(
    db: &Db,
    office_id: &str,
    since: i64,
) -> anyhow::Result<Vec<(String, u64, u64)>> {
    let rows = sqlx::query(
        "SELECT line_id, estimated_wait_s, called_at - issued_at AS waited FROM queue_tickets \
         WHERE office_id = $1 AND issued_at >= $2 AND called_at IS NOT NULL \
         AND channel <> 'reservation'",
    )
    .bind(office_id)
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let estimated: i64 = r.try_get("estimated_wait_s")?;
            let waited: i64 = r.try_get("waited")?;
            Ok((
                r.try_get("line_id")?,
                u64::try_from(estimated).unwrap_or(0),
                u64::try_from(waited).unwrap_or(0),
            ))
        })
        .collect()
}

/// The average wait per Japan weekday (1–7) and hour of issue of an
/// office's tickets since `since`: (weekday, hour, tickets, mean seconds).
pub async fn quiet_hours(
    db: &Db,
    office_id: &str,
    since: i64,
) -> anyhow::Result<Vec<(i64, i64, i64, i64)>> {
    let rows = sqlx::query(
        "SELECT weekday, hour, CAST(COUNT(*) AS BIGINT) AS tickets, \
         CAST(SUM(called_at - issued_at) AS BIGINT) AS waited FROM queue_tickets \
         WHERE office_id = $1 AND issued_at >= $2 AND state = 'done' AND called_at IS NOT NULL \
         GROUP BY weekday, hour",
    )
    .bind(office_id)
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let tickets: i64 = r.try_get("tickets")?;
            let waited: i64 = r.try_get("waited")?;
            Ok((
                r.try_get("weekday")?,
                r.try_get("hour")?,
                tickets,
                waited / tickets.max(1),
            ))
        })
        .collect()
}
