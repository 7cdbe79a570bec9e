//! Visit reservations (来庁予約): a resident books a half-hour slot at an
//! office for one or more of its lines, confirms it from the mail (an
//! address that is not theirs books nothing), changes or cancels it, is
//! reminded the day before; staff see the day's bookings and mark arrivals
//! (the arrival takes a ticket that queues from the booked time) and
//! no-shows. Each line takes `visit_capacity` bookings a slot, and the
//! count is raised only while below it, inside the booking's transaction:
//! concurrent bookings never overfill a slot, on SQLite or PostgreSQL.

use kernel::Db;
use kernel::mail::Mail;
use serde::Serialize;
use sqlx::Row;
use time::{Date, OffsetDateTime};

use crate::holidays;
use crate::queue::{self, Channel, Line, Ticket};

/// Minutes of one slot.
pub const SLOT_MINUTES: i64 = 30;
/// The first and last slot's start (Japan time); the offices open 8:45–17:15.
pub const FIRST_SLOT: (u8, u8) = (9, 0);
pub const LAST_SLOT: (u8, u8) = (16, 30);
/// How far ahead a visit may be booked.
pub const DAYS_AHEAD: i64 = 60;
/// Bookings one address may hold at once (not yet visited or cancelled).
pub const MAX_ACTIVE_PER_ADDRESS: i64 = 3;
/// Lines one visit may cover.
pub const MAX_LINES_PER_VISIT: usize = 4;
/// An unconfirmed booking gives its places back after this.
pub const CONFIRM_WITHIN: time::Duration = time::Duration::minutes(30);

/// The day's slots, as residents read them ('09:00' … '16:30').
pub fn slots() -> Vec<String> {
    let first = i64::from(FIRST_SLOT.0) * 60 + i64::from(FIRST_SLOT.1);
    let last = i64::from(LAST_SLOT.0) * 60 + i64::from(LAST_SLOT.1);
    (0..)
        .map(|n| first + n * SLOT_MINUTES)
        .take_while(|m| *m <= last)
        .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
        .collect()
}

/// When a slot starts.
pub fn slot_start(day: Date, slot: &str) -> Option<OffsetDateTime> {
    if !slots().iter().any(|s| s == slot) {
        return None;
    }
    let (hour, minute) = slot.split_once(':')?;
    let time = time::Time::from_hms(hour.parse().ok()?, minute.parse().ok()?, 0).ok()?;
    Some(day.with_time(time).assume_offset(time::macros::offset!(+9)))
}

/// Why a slot cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the offices are closed that day ({0})")]
    Closed(&'static str),
    #[error("that time has passed")]
    Past,
    #[error("bookings open {DAYS_AHEAD} days ahead")]
    TooFar,
    #[error("there is no such slot")]
    NoSlot,
    #[error("choose one to {MAX_LINES_PER_VISIT} counters")]
    Lines,
    #[error("the slot is full")]
    Full,
    #[error("this address already holds {MAX_ACTIVE_PER_ADDRESS} bookings")]
    TooMany,
    #[error("not every counter chosen consults online")]
    NotOnline,
}

impl Refusal {
    /// What the resident reads.
    pub fn words(&self, english: bool) -> String {
        match (self, english) {
            (Refusal::Closed(why), false) => {
                format!("その日は閉庁日（{why}）です。別の日を選んでください。")
            }
            (Refusal::Closed(why), true) => {
                format!("The offices are closed that day ({why}); choose another day.")
            }
            (Refusal::Past, false) => "その時間はもう過ぎています。".into(),
            (Refusal::Past, true) => "That time has passed.".into(),
            (Refusal::TooFar, false) => format!("予約は{DAYS_AHEAD}日先まで受け付けています。"),
            (Refusal::TooFar, true) => {
                format!("Visits can be booked up to {DAYS_AHEAD} days ahead.")
            }
            (Refusal::NoSlot, false) => "時間帯を選んでください。".into(),
            (Refusal::NoSlot, true) => "Choose a time.".into(),
            (Refusal::Lines, false) => {
                format!("ご用件（窓口）を1つから{MAX_LINES_PER_VISIT}つまで選んでください。")
            }
            (Refusal::Lines, true) => format!("Choose one to {MAX_LINES_PER_VISIT} counters."),
            (Refusal::Full, false) => {
                "その時間帯は満員になりました。別の時間帯を選んでください。".into()
            }
            (Refusal::Full, true) => "That time is now full; choose another.".into(),
            (Refusal::TooMany, false) => format!(
                "このメールアドレスでは、すでに{MAX_ACTIVE_PER_ADDRESS}件の予約があります。不要な予約を取り消してから予約してください。"
            ),
            (Refusal::TooMany, true) => format!(
                "This address already holds {MAX_ACTIVE_PER_ADDRESS} bookings; cancel one you no longer need first."
            ),
            (Refusal::NotOnline, false) => {
                "オンライン相談ができない窓口が含まれています。オンライン相談の窓口だけを選ぶか、来庁を選んでください。".into()
            }
            (Refusal::NotOnline, true) => {
                "Not every counter chosen consults online: choose only those that do, or a visit.".into()
            }
        }
    }
}

/// Whether `slot` of `day` may be booked at `now`.
pub fn check(day: Date, slot: &str, now: OffsetDateTime) -> Result<OffsetDateTime, Refusal> {
    let start = slot_start(day, slot).ok_or(Refusal::NoSlot)?;
    if let Some(why) = holidays::closed(day) {
        return Err(Refusal::Closed(why));
    }
    if start <= now {
        return Err(Refusal::Past);
    }
    let today = now.to_offset(time::macros::offset!(+9)).date();
    if (day - today).whole_days() > DAYS_AHEAD {
        return Err(Refusal::TooFar);
    }
    Ok(start)
}

/// The open days a visit may be booked on, from today.
pub fn bookable_days(now: OffsetDateTime) -> Vec<Date> {
    let today = now.to_offset(time::macros::offset!(+9)).date();
    (0..=DAYS_AHEAD)
        .filter_map(|n| today.checked_add(time::Duration::days(n)))
        .filter(|d| holidays::closed(*d).is_none())
        .filter(|d| {
            slots()
                .iter()
                .any(|s| slot_start(*d, s).is_some_and(|start| start > now))
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    Pending,
    Confirmed,
    Cancelled,
    Arrived,
    NoShow,
}

impl BookingState {
    fn parse(code: &str) -> BookingState {
        match code {
            "confirmed" => BookingState::Confirmed,
            "cancelled" => BookingState::Cancelled,
            "arrived" => BookingState::Arrived,
            "no_show" => BookingState::NoShow,
            _ => BookingState::Pending,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            BookingState::Pending => "pending",
            BookingState::Confirmed => "confirmed",
            BookingState::Cancelled => "cancelled",
            BookingState::Arrived => "arrived",
            BookingState::NoShow => "no_show",
        }
    }

    pub fn words(self, english: bool) -> &'static str {
        match (self, english) {
            (BookingState::Pending, false) => "仮予約（メールの確認待ち）",
            (BookingState::Confirmed, false) => "予約済み",
            (BookingState::Cancelled, false) => "取り消し済み",
            (BookingState::Arrived, false) => "来庁済み",
            (BookingState::NoShow, false) => "来庁なし",
            (BookingState::Pending, true) => "Held (confirm from the mail)",
            (BookingState::Confirmed, true) => "Booked",
            (BookingState::Cancelled, true) => "Cancelled",
            (BookingState::Arrived, true) => "Arrived",
            (BookingState::NoShow, true) => "Did not come",
        }
    }

    /// Still holding its places.
    pub fn holds(self) -> bool {
        matches!(self, BookingState::Pending | BookingState::Confirmed)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: String,
    pub office_id: String,
    pub day: String,
    pub slot: String,
    pub email: String,
    pub name: String,
    pub lang: String,
    pub state: BookingState,
    pub created_at: i64,
    pub expires_at: i64,
    pub ticket_id: Option<String>,
    pub lines: Vec<String>,
    /// A video meeting instead of a visit (オンライン相談).
    pub online: bool,
    /// The meeting's address, once the meeting service gave it.
    pub meeting_url: Option<String>,
}

impl Booking {
    pub fn date(&self) -> Option<Date> {
        Date::parse(
            &self.day,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok()
    }

    /// The address with its middle hidden, for the staff's day list.
    pub fn masked_email(&self) -> String {
        let (local, domain) = self.email.split_once('@').unwrap_or((&self.email, ""));
        let shown: String = local.chars().take(2).collect();
        format!("{shown}…@{domain}")
    }
}

const BOOKING_COLUMNS: &str = "id, office_id, day, slot, email, name, lang, state, created_at, expires_at, ticket_id, \
     mode, meeting_url";

async fn read(db: &Db, rows: Vec<sqlx::any::AnyRow>) -> anyhow::Result<Vec<Booking>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let lines = sqlx::query(
            "SELECT line_id FROM visit_booking_lines WHERE booking_id = $1 ORDER BY line_id",
        )
        .bind(&id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get("line_id"))
        .collect::<Result<Vec<String>, _>>()?;
        out.push(Booking {
            id,
            office_id: row.try_get("office_id")?,
            day: row.try_get("day")?,
            slot: row.try_get("slot")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            lang: row.try_get("lang")?,
            state: BookingState::parse(&row.try_get::<String, _>("state")?),
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
            ticket_id: row.try_get("ticket_id")?,
            lines,
            online: row.try_get::<String, _>("mode")? == "online",
            meeting_url: row.try_get("meeting_url")?,
        });
    }
    Ok(out)
}

pub async fn by_id(db: &Db, id: &str) -> anyhow::Result<Option<Booking>> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let sql = format!("SELECT {BOOKING_COLUMNS} FROM visit_bookings WHERE id = $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(db.pool())
        .await?;
    Ok(read(db, rows).await?.into_iter().next())
}

/// An office's bookings of a day, by slot.
pub async fn of_day(db: &Db, office_id: &str, day: &str) -> anyhow::Result<Vec<Booking>> {
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM visit_bookings WHERE office_id = $1 AND day = $2 \
         AND state <> 'cancelled' ORDER BY slot, created_at"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office_id)
        .bind(day)
        .fetch_all(db.pool())
        .await?;
    read(db, rows).await
}

/// Places left per slot of `day` for a visit to every one of `lines`.
pub async fn availability(
    db: &Db,
    lines: &[Line],
    day: Date,
) -> anyhow::Result<Vec<(String, i64)>> {
    let day_text = day.to_string();
    let mut free: Vec<(String, i64)> = slots().into_iter().map(|s| (s, i64::MAX)).collect();
    for line in lines {
        let capacity = capacity_of(db.pool(), &line.id).await?;
        let rows =
            sqlx::query("SELECT slot, booked FROM visit_slots WHERE line_id = $1 AND day = $2")
                .bind(&line.id)
                .bind(&day_text)
                .fetch_all(db.pool())
                .await?;
        for (slot, left) in &mut free {
            let booked = rows
                .iter()
                .find(|r| r.try_get::<String, _>("slot").ok().as_deref() == Some(slot.as_str()))
                .and_then(|r| r.try_get::<i64, _>("booked").ok())
                .unwrap_or(0);
            *left = (*left).min((capacity - booked).max(0));
        }
    }
    if lines.is_empty() {
        free.iter_mut().for_each(|(_, left)| *left = 0);
    }
    Ok(free)
}

async fn capacity_of<'e, E>(executor: E, line_id: &str) -> anyhow::Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query("SELECT visit_capacity FROM queue_lines WHERE id = $1")
            .bind(line_id)
            .fetch_optional(executor)
            .await?
            .map(|r| r.try_get::<i64, _>("visit_capacity"))
            .transpose()?
            .unwrap_or(0),
    )
}

/// Sets how many bookings a line takes per slot.
pub async fn set_capacity(db: &Db, line_id: &str, capacity: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE queue_lines SET visit_capacity = $1 WHERE id = $2")
        .bind(capacity.clamp(0, 99))
        .bind(line_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<sqlx::Error> for BookError {
    fn from(error: sqlx::Error) -> Self {
        BookError::Failed(error.into())
    }
}

/// What a booking asks for.
#[derive(Debug, Clone)]
pub struct Request {
    pub office_id: String,
    pub lines: Vec<Line>,
    pub day: Date,
    pub slot: String,
    pub email: String,
    pub name: String,
    pub lang: kernel::i18n::Lang,
    /// The booking this one changes: cancelled when this one is confirmed
    /// (and not counted against the address meanwhile).
    pub replaces: Option<String>,
    /// A video meeting instead of a visit: every line must consult online.
    pub online: bool,
}

/// Takes a place in the slot for every line, or none; the booking waits
/// for its confirmation from the mail, which is queued in the same
/// transaction.
pub async fn book(db: &Db, request: &Request, now: OffsetDateTime) -> Result<Booking, BookError> {
    check(request.day, &request.slot, now)?;
    if request.lines.is_empty()
        || request.lines.len() > MAX_LINES_PER_VISIT
        || request
            .lines
            .iter()
            .any(|l| l.office_id != request.office_id)
    {
        return Err(Refusal::Lines.into());
    }
    if request.online && !request.lines.iter().all(|l| l.online_consultation) {
        return Err(Refusal::NotOnline.into());
    }
    release_expired(db, now).await?;
    let email = identity::store::normalize_email(&request.email);
    let day = request.day.to_string();
    let at = now.unix_timestamp();
    let mut tx = db.begin().await?;
    // The address's row lock: bookings of one address count one at a time.
    sqlx::query(
        "INSERT INTO visit_address_holds (email) VALUES ($1) \
         ON CONFLICT (email) DO UPDATE SET email = excluded.email",
    )
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    let held: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS held FROM visit_bookings \
         WHERE email = $1 AND state IN ('pending', 'confirmed') AND day >= $2 AND id <> $3",
    )
    .bind(&email)
    .bind(now.to_offset(time::macros::offset!(+9)).date().to_string())
    .bind(request.replaces.as_deref().unwrap_or(""))
    .fetch_one(&mut *tx)
    .await?
    .try_get("held")?;
    if held >= MAX_ACTIVE_PER_ADDRESS {
        return Err(Refusal::TooMany.into());
    }
    // Always in the same order, so that two bookings of the same lines
    // never wait for each other's places crosswise.
    let mut line_ids: Vec<String> = request.lines.iter().map(|l| l.id.clone()).collect();
    line_ids.sort();
    for line in &line_ids {
        take_place(&mut tx, line, &day, &request.slot).await?;
    }
    let booking = Booking {
        id: queue::new_ticket_id(),
        office_id: request.office_id.clone(),
        day: day.clone(),
        slot: request.slot.clone(),
        email: email.clone(),
        name: request.name.trim().chars().take(100).collect(),
        lang: request.lang.code().to_string(),
        state: BookingState::Pending,
        created_at: at,
        expires_at: at + CONFIRM_WITHIN.whole_seconds(),
        ticket_id: None,
        lines: line_ids,
        online: request.online,
        meeting_url: None,
    };
    sqlx::query(
        "INSERT INTO visit_bookings (id, office_id, day, slot, email, name, lang, state, created_at, expires_at, replaces_id, mode) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11)",
    )
    .bind(&booking.id)
    .bind(&booking.office_id)
    .bind(&booking.day)
    .bind(&booking.slot)
    .bind(&booking.email)
    .bind(&booking.name)
    .bind(&booking.lang)
    .bind(booking.created_at)
    .bind(booking.expires_at)
    .bind(request.replaces.as_deref())
    .bind(if request.online { "online" } else { "in_person" })
    .execute(&mut *tx)
    .await?;
    for line in &booking.lines {
        sqlx::query("INSERT INTO visit_booking_lines (booking_id, line_id) VALUES ($1, $2)")
            .bind(&booking.id)
            .bind(line)
            .execute(&mut *tx)
            .await?;
    }
    let pending = kernel::mail::pending_token_hash();
    sqlx::query(
        "INSERT INTO visit_confirmations (token_hash, booking_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(&pending)
    .bind(&booking.id)
    .bind(kernel::clock::to_text(now + CONFIRM_WITHIN))
    .execute(&mut *tx)
    .await?;
    let mail = confirmation_mail(&booking, request);
    kernel::mail::enqueue_with_token(&mut *tx, &mail, "visit_confirmations", &pending).await?;
    tx.commit().await?;
    Ok(booking)
}

/// A confirmed booking made without its mail (the demo's visitors).
pub async fn confirmed_without_mail(
    db: &Db,
    lines: &[Line],
    day: Date,
    slot: &str,
    name: &str,
    email: &str,
    now: OffsetDateTime,
) -> Result<Booking, BookError> {
    let Some(first) = lines.first() else {
        return Err(Refusal::Lines.into());
    };
    let at = now.unix_timestamp();
    let booking = Booking {
        id: queue::new_ticket_id(),
        office_id: first.office_id.clone(),
        day: day.to_string(),
        slot: slot.to_string(),
        email: email.to_string(),
        name: name.to_string(),
        lang: "ja".into(),
        state: BookingState::Confirmed,
        created_at: at,
        expires_at: at,
        ticket_id: None,
        lines: lines.iter().map(|l| l.id.clone()).collect(),
        online: false,
        meeting_url: None,
    };
    let mut tx = db.begin().await?;
    for line in lines {
        take_place(&mut tx, &line.id, &booking.day, slot).await?;
    }
    sqlx::query(
        "INSERT INTO visit_bookings (id, office_id, day, slot, email, name, lang, state, created_at, expires_at, confirmed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'ja', 'confirmed', $7, $7, $7)",
    )
    .bind(&booking.id)
    .bind(&booking.office_id)
    .bind(&booking.day)
    .bind(&booking.slot)
    .bind(&booking.email)
    .bind(&booking.name)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    for line in &booking.lines {
        sqlx::query("INSERT INTO visit_booking_lines (booking_id, line_id) VALUES ($1, $2)")
            .bind(&booking.id)
            .bind(line)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(booking)
}

/// Raises the slot's count if it is below the line's capacity; refuses
/// (and the caller's transaction is dropped) when it is full.
async fn take_place(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    line_id: &str,
    day: &str,
    slot: &str,
) -> Result<(), BookError> {
    sqlx::query(
        "INSERT INTO visit_slots (line_id, day, slot, booked) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (line_id, day, slot) DO NOTHING",
    )
    .bind(line_id)
    .bind(day)
    .bind(slot)
    .execute(&mut **tx)
    .await?;
    let taken = sqlx::query(
        "UPDATE visit_slots SET booked = booked + 1 WHERE line_id = $1 AND day = $2 AND slot = $3 \
         AND booked < (SELECT visit_capacity FROM queue_lines WHERE id = $1)",
    )
    .bind(line_id)
    .bind(day)
    .bind(slot)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if taken == 1 {
        Ok(())
    } else {
        Err(Refusal::Full.into())
    }
}

async fn give_back(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    booking: &Booking,
) -> Result<(), sqlx::Error> {
    for line in &booking.lines {
        sqlx::query(
            "UPDATE visit_slots SET booked = booked - 1 WHERE line_id = $1 AND day = $2 AND slot = $3 AND booked > 0",
        )
        .bind(line)
        .bind(&booking.day)
        .bind(&booking.slot)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn office_words(booking: &Booking) -> String {
    format!("{} {}", booking.day, booking.slot)
}

fn confirmation_mail(booking: &Booking, request: &Request) -> Mail {
    let english = !request.lang.reads_japanese();
    let when = office_words(booking);
    let (subject, body) = if english {
        (
            "Confirm your visit booking".to_string(),
            format!(
                "You asked to book a visit on {when} (Japan time). Open the link below within 30 minutes to confirm it; \
                 without it the time is given back.\n\nIf you did not ask for this, ignore this mail."
            ),
        )
    } else {
        (
            "来庁予約の確認".to_string(),
            format!(
                "{when} の来庁予約を受け付けました。30分以内に下のリンクを開いて予約を確定してください。\
                 確定しないと、予約は取り消されます。\n\nお心当たりのない場合は、このメールを破棄してください。"
            ),
        )
    };
    Mail {
        recipient: booking.email.clone(),
        subject,
        body,
        link_path: Some(format!(
            "/reservations/{}/confirm?token={}",
            booking.id,
            kernel::mail::TOKEN_SLOT
        )),
    }
}

/// Confirms the booking whose mailed token this is.
pub async fn confirm(
    db: &Db,
    id: &str,
    token: &str,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Booking>> {
    let digest = kernel::tokens::digest(token);
    let mut tx = db.begin().await?;
    let used = sqlx::query(
        "UPDATE visit_confirmations SET used_at = $1 WHERE token_hash = $2 AND booking_id = $3 \
         AND used_at IS NULL AND expires_at > $1",
    )
    .bind(kernel::clock::to_text(now))
    .bind(&digest)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if used != 1 {
        return Ok(None);
    }
    let confirmed = sqlx::query(
        "UPDATE visit_bookings SET state = 'confirmed', confirmed_at = $1 WHERE id = $2 AND state = 'pending'",
    )
    .bind(now.unix_timestamp())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if confirmed != 1 {
        return Ok(None);
    }
    // A change: the booking it replaces (of the same address, still
    // holding its places) ends now, and its places are given back.
    let replaced: Option<String> = sqlx::query(
        "SELECT old.id FROM visit_bookings new JOIN visit_bookings old ON old.id = new.replaces_id \
         WHERE new.id = $1 AND old.email = new.email AND old.state IN ('pending', 'confirmed')",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let replaced = match replaced {
        Some(old) => by_id(db, &old).await?,
        None => None,
    };
    if let Some(old) = &replaced {
        let ended = sqlx::query(
            "UPDATE visit_bookings SET state = 'cancelled', ended_at = $1 WHERE id = $2 \
             AND state IN ('pending', 'confirmed')",
        )
        .bind(now.unix_timestamp())
        .bind(&old.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if ended == 1 {
            give_back(&mut tx, old).await?;
        }
    }
    tx.commit().await?;
    by_id(db, id).await
}

/// Ends a booking that holds places (cancelled by the resident, or an
/// arrival or no-show marked by staff) and gives its places back when it
/// was not used.
async fn end(
    db: &Db,
    booking: &Booking,
    state: BookingState,
    now: OffsetDateTime,
    ticket: Option<&str>,
) -> anyhow::Result<bool> {
    end_from(db, booking, state, now, ticket, HOLDING).await
}

/// Bookings that hold their places.
const HOLDING: &str = "'pending', 'confirmed'";

/// [`end`] only from the states listed (SQL literals): a lapse must not end
/// a booking confirmed a moment before.
async fn end_from(
    db: &Db,
    booking: &Booking,
    state: BookingState,
    now: OffsetDateTime,
    ticket: Option<&str>,
    from: &'static str,
) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    let ended = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE visit_bookings SET state = $1, ended_at = $2, ticket_id = $3 WHERE id = $4 \
         AND state IN ({from})"
    )))
    .bind(state.code())
    .bind(now.unix_timestamp())
    .bind(ticket)
    .bind(&booking.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if ended != 1 {
        return Ok(false);
    }
    if state == BookingState::Cancelled {
        give_back(&mut tx, booking).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn cancel(db: &Db, booking: &Booking, now: OffsetDateTime) -> anyhow::Result<bool> {
    end(db, booking, BookingState::Cancelled, now, None).await
}

pub async fn no_show(db: &Db, booking: &Booking, now: OffsetDateTime) -> anyhow::Result<bool> {
    end(db, booking, BookingState::NoShow, now, None).await
}

/// How late a booked resident may come and still queue from the booked time.
pub const ARRIVAL_GRACE: time::Duration = time::Duration::minutes(15);

/// The resident has come: a ticket of the booking's first line, queued
/// from the booked time if they came early or on time (or up to
/// [`ARRIVAL_GRACE`] late); later, from when they came.
pub async fn arrive(
    db: &Db,
    booking: &Booking,
    line: &Line,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Ticket>> {
    let start = booking
        .date()
        .and_then(|d| slot_start(d, &booking.slot))
        .map_or(now.unix_timestamp(), |s| s.unix_timestamp());
    let at = now.unix_timestamp();
    let queued_at = if at <= start + ARRIVAL_GRACE.whole_seconds() {
        start.min(at)
    } else {
        at
    };
    let ticket = queue::issue_placed(db, line, Channel::Reservation, now, 0, queued_at)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if end(db, booking, BookingState::Arrived, now, Some(&ticket.id)).await? {
        Ok(Some(ticket))
    } else {
        queue::act(db, &ticket, &queue::Action::Cancel, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(None)
    }
}

/// Gives back the places of bookings never confirmed in time.
pub async fn release_expired(db: &Db, now: OffsetDateTime) -> anyhow::Result<usize> {
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM visit_bookings WHERE state = 'pending' AND expires_at < $1 LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now.unix_timestamp())
        .fetch_all(db.pool())
        .await?;
    let mut released = 0;
    for booking in read(db, rows).await? {
        if end_from(
            db,
            &booking,
            BookingState::Cancelled,
            now,
            None,
            "'pending'",
        )
        .await?
        {
            released += 1;
        }
    }
    Ok(released)
}

/// The reminder of an online consultation: the meeting's address (or, if
/// the meeting service has not given it yet, where it will appear).
fn meeting_reminder(booking: &Booking, english: bool) -> Mail {
    let when = office_words(booking);
    let link = booking.meeting_url.clone().unwrap_or_default();
    Mail {
        recipient: booking.email.clone(),
        subject: if english {
            "Your online consultation tomorrow".into()
        } else {
            "明日のオンライン相談のお知らせ".into()
        },
        body: if english {
            format!(
                "A reminder of your online consultation on {when} (Japan time). At that time, join the video meeting: {link}\nThe link is also on your booking page; if you cannot take part, cancel it there."
            )
        } else {
            format!(
                "{when} にオンライン相談のご予約があります。時間になりましたら、次のリンクからビデオ会議に参加してください。\n{link}\nリンクは予約の画面にもあります。参加できない場合は、予約の画面から取り消してください。"
            )
        },
        link_path: Some(format!("/reservations/{}", booking.id)),
    }
}

/// Queues the reminder unless another node already did; whether it did.
async fn mark_reminded(
    db: &Db,
    booking: &Booking,
    mail: &Mail,
    now: OffsetDateTime,
) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    let marked = sqlx::query(
        "UPDATE visit_bookings SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL",
    )
    .bind(now.unix_timestamp())
    .bind(&booking.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked == 1 {
        kernel::mail::enqueue(&mut *tx, mail).await?;
    }
    tx.commit().await?;
    Ok(marked == 1)
}

/// Gives confirmed online consultations from today on their meeting's
/// address, where the meeting service has not yet (it was down when they
/// were confirmed); how many got one.
pub async fn issue_meetings(
    db: &Db,
    meetings: &crate::meetings::Meetings,
    now: OffsetDateTime,
) -> anyhow::Result<usize> {
    if !meetings.offered() {
        return Ok(0);
    }
    let today = now.to_offset(time::macros::offset!(+9)).date().to_string();
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM visit_bookings WHERE state = 'confirmed' AND mode = 'online' \
         AND meeting_url IS NULL AND day >= $1 ORDER BY day, slot LIMIT 200"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(today)
        .fetch_all(db.pool())
        .await?;
    let mut issued = 0;
    for booking in read(db, rows).await? {
        match issue_meeting(db, meetings, &booking).await {
            Ok(_) => issued += 1,
            Err(error) => {
                tracing::warn!(%error, booking = %booking.id, "the meeting service gave no meeting");
                break;
            }
        }
    }
    Ok(issued)
}

/// Asks the meeting service for this booking's meeting and keeps it (a
/// booking keeps the first it got).
pub async fn issue_meeting(
    db: &Db,
    meetings: &crate::meetings::Meetings,
    booking: &Booking,
) -> anyhow::Result<Option<String>> {
    if !booking.online || booking.meeting_url.is_some() {
        return Ok(booking.meeting_url.clone());
    }
    let start = booking
        .date()
        .and_then(|d| slot_start(d, &booking.slot))
        .and_then(|s| {
            s.to_offset(time::macros::offset!(+9))
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let url = meetings
        .issue(&crate::meetings::Meeting {
            reference: &booking.id,
            start,
            minutes: SLOT_MINUTES,
            topic: "madoguchi",
        })
        .await?;
    sqlx::query("UPDATE visit_bookings SET meeting_url = $1 WHERE id = $2 AND meeting_url IS NULL")
        .bind(&url)
        .bind(&booking.id)
        .execute(db.pool())
        .await?;
    Ok(by_id(db, &booking.id).await?.and_then(|b| b.meeting_url))
}

/// A consultation's outcome as the section recorded it.
#[derive(Debug, Clone)]
pub struct Record {
    pub outcome: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Most characters an outcome keeps.
pub const MAX_OUTCOME_CHARS: usize = 4000;

fn record_context(booking_id: &str) -> String {
    format!("visit_records.outcome/{booking_id}")
}

/// Records (or corrects) what came of a consultation: sealed at rest, each
/// change in the audit log under the booking.
pub async fn record(db: &Db, booking: &Booking, outcome: &str, actor: &str) -> anyhow::Result<()> {
    let outcome: String = outcome.trim().chars().take(MAX_OUTCOME_CHARS).collect();
    let sealed = db
        .vault()
        .seal_text(&record_context(&booking.id), &outcome)?;
    let at = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO visit_records (booking_id, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (booking_id) DO UPDATE SET outcome = excluded.outcome, recorded_by = excluded.recorded_by, \
         recorded_at = excluded.recorded_at",
    )
    .bind(&booking.id)
    .bind(sealed)
    .bind(actor)
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "visit_booking",
            target_id: &booking.id,
            actor,
            action: "consultation.recorded",
            before: None,
            after: Some(serde_json::json!({ "characters": outcome.chars().count() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn record_of(db: &Db, booking_id: &str) -> anyhow::Result<Option<Record>> {
    let row = sqlx::query(
        "SELECT outcome, recorded_by, recorded_at FROM visit_records WHERE booking_id = $1",
    )
    .bind(booking_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row.try_get("outcome")?;
    Ok(Some(Record {
        outcome: db
            .vault()
            .open_text(&record_context(booking_id), &stored)?
            .into_owned(),
        recorded_by: row.try_get("recorded_by")?,
        recorded_at: row.try_get("recorded_at")?,
    }))
}

/// An online consultation took place: marked as attended, no ticket.
pub async fn consulted(db: &Db, booking: &Booking, now: OffsetDateTime) -> anyhow::Result<bool> {
    end(db, booking, BookingState::Arrived, now, None).await
}

/// Mails every confirmed booking of tomorrow not yet reminded.
pub async fn remind_tomorrow(db: &Db, now: OffsetDateTime) -> anyhow::Result<usize> {
    let tomorrow = now.to_offset(time::macros::offset!(+9)).date() + time::Duration::days(1);
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM visit_bookings WHERE state = 'confirmed' AND day = $1 \
         AND reminded_at IS NULL LIMIT 1000"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(tomorrow.to_string())
        .fetch_all(db.pool())
        .await?;
    let mut sent = 0;
    for booking in read(db, rows).await? {
        let english = booking.lang != "ja" && booking.lang != "ja-x-easy";
        let when = office_words(&booking);
        if booking.online {
            let mail = meeting_reminder(&booking, english);
            if mark_reminded(db, &booking, &mail, now).await? {
                sent += 1;
            }
            continue;
        }
        let mail = Mail {
            recipient: booking.email.clone(),
            subject: if english {
                "Your visit tomorrow".into()
            } else {
                "明日の来庁予約のお知らせ".into()
            },
            body: if english {
                format!(
                    "A reminder of your visit on {when} (Japan time). Show the booking page at the reception; if you cannot come, cancel it there."
                )
            } else {
                format!(
                    "{when} に来庁のご予約があります。受付で予約の画面をお見せください。来られない場合は、予約の画面から取り消してください。"
                )
            },
            link_path: Some(format!("/reservations/{}", booking.id)),
        };
        if mark_reminded(db, &booking, &mail, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn sixteen_half_hour_slots_from_nine() {
        let all = slots();
        assert_eq!(all.len(), 16);
        assert_eq!(all.first().map(String::as_str), Some("09:00"));
        assert_eq!(all.last().map(String::as_str), Some("16:30"));
    }

    #[test]
    fn a_slot_is_bookable_on_open_days_ahead_only() {
        let now = datetime!(2026-12-07 10:05 +9);
        assert!(check(date!(2026 - 12 - 07), "10:30", now).is_ok());
        assert_eq!(
            check(date!(2026 - 12 - 07), "10:00", now),
            Err(Refusal::Past)
        );
        assert_eq!(
            check(date!(2026 - 12 - 07), "10:15", now),
            Err(Refusal::NoSlot)
        );
        assert_eq!(
            check(date!(2026 - 12 - 12), "10:00", now),
            Err(Refusal::Closed("土曜日"))
        );
        assert_eq!(
            check(date!(2026 - 12 - 29), "10:00", now),
            Err(Refusal::Closed("年末年始"))
        );
        assert_eq!(
            check(date!(2027 - 03 - 31), "10:00", now),
            Err(Refusal::TooFar)
        );
        let days = bookable_days(now);
        assert_eq!(days.first(), Some(&date!(2026 - 12 - 07)));
        assert!(!days.contains(&date!(2026 - 12 - 31)));
        assert!(!days.contains(&date!(2027 - 01 - 11)), "成人の日");
        // After the last slot has started, today is no longer offered.
        assert_eq!(
            bookable_days(datetime!(2026-12-07 16:40 +9)).first(),
            Some(&date!(2026 - 12 - 08))
        );
    }
}
