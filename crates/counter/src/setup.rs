//! The lines a ward office and a branch usually have, and the demo's
//! queues: weeks of served tickets behind the quiet-hours chart and today's
//! hall, with the lamp in each of its colours somewhere.

use catalog::model::{Office, OfficeKind};
use kernel::Db;
use sqlx::Row;
use time::OffsetDateTime;

use crate::estimate;
use crate::queue::{self, Line, NewLine};

/// (code, name, English name, section, windows, minutes per resident).
type Standard = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
);

const WARD_LINES: [Standard; 4] = [
    (
        "A",
        "届出（転入・転出・転居・戸籍）",
        "Notifications (moving, family register)",
        "ward-shimin",
        4,
        9,
    ),
    (
        "B",
        "証明書（住民票・印鑑証明・戸籍証明）",
        "Certificates (residence, seal, family register)",
        "ward-shimin",
        3,
        4,
    ),
    (
        "C",
        "国民健康保険・年金",
        "Health insurance and pension",
        "ward-hoken",
        3,
        10,
    ),
    (
        "D",
        "福祉・子育て",
        "Welfare and childcare",
        "ward-kodomo",
        2,
        15,
    ),
];

const BRANCH_LINES: [Standard; 2] = [
    (
        "A",
        "届出・証明書",
        "Notifications and certificates",
        "ward-shimin",
        2,
        6,
    ),
    (
        "C",
        "国民健康保険・年金",
        "Health insurance and pension",
        "ward-hoken",
        1,
        10,
    ),
];

/// The usual lines of an office, for the sections the organisation has.
pub fn standard_lines(office: &Office, sections: &[String]) -> Vec<NewLine> {
    let standard: &[Standard] = match office.kind {
        OfficeKind::Ward => &WARD_LINES,
        OfficeKind::Branch => &BRANCH_LINES,
    };
    standard
        .iter()
        .zip(0_i64..)
        .map(
            |(&(code, name, name_en, section, windows, minutes), position)| NewLine {
                id: format!("{}-{}", office.id, code.to_ascii_lowercase()),
                office_id: office.id.clone(),
                code: code.to_string(),
                name: name.to_string(),
                name_en: name_en.to_string(),
                section_id: sections
                    .iter()
                    .any(|s| s == section)
                    .then(|| section.to_string()),
                windows,
                service_minutes: minutes,
                position,
            },
        )
        .collect()
}

/// Gives every office without lines its usual ones; how many were added.
pub async fn install_standard_lines(
    db: &Db,
    offices: &[Office],
    sections: &[String],
) -> anyhow::Result<usize> {
    let existing = queue::all_lines(db).await?;
    let mut added = 0;
    for office in offices {
        if existing.iter().any(|l| l.office_id == office.id) {
            continue;
        }
        for line in standard_lines(office, sections) {
            queue::save_line(db, &line).await?;
            // A ward office's insurance and welfare sections also consult
            // by video meeting (オンライン相談).
            if office.kind == OfficeKind::Ward && (line.code == "C" || line.code == "D") {
                queue::offer_online(db, &line.id, true).await?;
            }
            added += 1;
        }
    }
    Ok(added)
}

/// A small deterministic generator: the demo is the same at every start.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Weeks of history the demo gives each office.
pub const DEMO_HISTORY_DAYS: i64 = 14;

/// How busy an hour usually is at a ward office, 0–10: the first hour of
/// the week and the lunch hour most; Friday afternoons least.
fn busyness(weekday: i64, hour: i64) -> u64 {
    let by_hour: u64 = match hour {
        9 => 7,
        10 => 6,
        11 => 5,
        12 => 8,
        13 => 5,
        14 => 3,
        15 => 2,
        16 => 3,
        _ => 1,
    };
    let by_day: u64 = match weekday {
        1 => 3,
        2 => 1,
        5 => 0,
        _ => 1,
    };
    (by_hour + by_day).min(10)
}

/// The demo's queues: a fortnight of served tickets on weekdays (once, when
/// the office has none) and a hall for today (when today has none yet).
pub async fn seed_demo(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let lines = queue::all_lines(db).await?;
    let mut offices: Vec<&str> = lines.iter().map(|l| l.office_id.as_str()).collect();
    offices.dedup();
    let (today, _, _) = queue::japan(now);
    for (index, office) in offices.iter().enumerate() {
        let of_office: Vec<&Line> = lines.iter().filter(|l| l.office_id == *office).collect();
        let counts = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS all_days, \
             CAST(SUM(CASE WHEN day = $2 THEN 1 ELSE 0 END) AS BIGINT) AS today \
             FROM queue_tickets WHERE office_id = $1",
        )
        .bind(*office)
        .bind(&today)
        .fetch_one(db.pool())
        .await?;
        let all_days: i64 = counts.try_get("all_days")?;
        let today_count: Option<i64> = counts.try_get("today")?;
        let mut dice = Dice(index as u64 + 7);
        if all_days == 0 {
            history(db, &of_office, now, &mut dice).await?;
        }
        if today_count.unwrap_or(0) == 0 {
            hall(db, &of_office, index, now, &mut dice).await?;
            bookings(db, &of_office, now).await?;
        }
    }
    Ok(())
}

async fn history(
    db: &Db,
    lines: &[&Line],
    now: OffsetDateTime,
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for days_ago in 1..=DEMO_HISTORY_DAYS {
        let day_start = (now - time::Duration::days(days_ago))
            .to_offset(time::macros::offset!(+9))
            .replace_time(time::macros::time!(0:00));
        let weekday = i64::from(day_start.weekday().number_from_monday());
        if weekday > 5 {
            continue;
        }
        for line in lines {
            let mut number = 0_i64;
            for hour in 9..=16_i64 {
                let busy = busyness(weekday, hour);
                // One to three tickets an hour, each waiting about as the
                // hour is busy.
                for _ in 0..(1 + busy / 4) {
                    number += 1;
                    let issued = day_start.unix_timestamp() + hour * 3600 + dice.below(3600) as i64;
                    let wait = (busy * 200 + dice.below(300)) as i64;
                    let service = line.service_minutes * 60 - 60 + dice.below(120) as i64;
                    let estimate = wait * (85 + dice.below(30) as i64) / 100;
                    let window = 1 + dice.below(u64::try_from(line.windows).unwrap_or(1));
                    rows.push(vec![
                        Cell::Text("done".into()),
                        Cell::Text("kiosk".into()),
                        Cell::Int(issued),
                        Cell::Int(issued + wait),
                        Cell::Int(1),
                        Cell::Text(queue::new_ticket_id()),
                        Cell::Text(line.id.clone()),
                        Cell::Text(line.office_id.clone()),
                        Cell::Text(day_start.date().to_string()),
                        Cell::Int(number),
                        Cell::Text(format!("{}-{number:03}", line.code)),
                        Cell::Int(issued),
                        Cell::Int(issued + wait),
                        Cell::Int(issued + wait + service),
                        Cell::Text(window.to_string()),
                        Cell::Int(estimate),
                        Cell::Int(weekday),
                        Cell::Int(hour),
                    ]);
                }
            }
        }
    }
    insert_done(db, &rows).await
}

enum Cell {
    Text(String),
    Int(i64),
}

/// Served tickets, many rows per statement.
async fn insert_done(db: &Db, rows: &[Vec<Cell>]) -> anyhow::Result<()> {
    const COLUMNS: usize = 18;
    let mut tx = db.begin().await?;
    for chunk in rows.chunks(400) {
        let sql = format!(
            "INSERT INTO queue_tickets (state, channel, queued_at, announced_at, calls, \
             id, line_id, office_id, day, number, label, issued_at, \
             called_at, finished_at, window_label, estimated_wait_s, weekday, hour) VALUES {}",
            kernel::db::value_rows(chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for cell in row {
                query = match cell {
                    Cell::Text(text) => query.bind(text.clone()),
                    Cell::Int(int) => query.bind(*int),
                };
            }
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The demo's visitors: a few confirmed bookings on the next open day
/// (today when slots are left).
async fn bookings(db: &Db, lines: &[&Line], now: OffsetDateTime) -> anyhow::Result<()> {
    let Some(day) = crate::visits::bookable_days(now).into_iter().next() else {
        return Ok(());
    };
    let open: Vec<String> = crate::visits::slots()
        .into_iter()
        .filter(|s| crate::visits::check(day, s, now).is_ok())
        .collect();
    let names = ["予約 一郎", "予約 花子", "予約 次郎"];
    for ((slot, name), n) in open.iter().rev().take(3).zip(names).zip(0..) {
        let Some(line) = lines.get(n % lines.len().max(1)) else {
            continue;
        };
        let line: Line = (*line).clone();
        let email = format!("visitor{n}@example.jp");
        match crate::visits::confirmed_without_mail(db, &[line], day, slot, name, &email, now).await
        {
            Ok(_) | Err(crate::visits::BookError::Refused(_)) => {}
            Err(crate::visits::BookError::Failed(error)) => return Err(error),
        }
    }
    Ok(())
}

/// Today's hall: a few residents at the windows and a queue per line, the
/// offices taking turns at being quiet, busy and crowded.
async fn hall(
    db: &Db,
    lines: &[&Line],
    office_index: usize,
    now: OffsetDateTime,
    dice: &mut Dice,
) -> anyhow::Result<()> {
    for (position, line) in lines.iter().enumerate() {
        let windows = u64::try_from(line.windows).unwrap_or(1).max(1);
        let service = u64::try_from(line.service_minutes).unwrap_or(5) * 60;
        // The wait wanted, in minutes: blue, yellow or red by office and line.
        let wanted: u64 = match (office_index % 3, position) {
            (0, _) => [5, 8, 3, 10],
            (1, _) => [10, 22, 5, 12],
            _ => [15, 45, 8, 20],
        }
        .get(position % 4)
        .copied()
        .unwrap_or(5);
        let waiting = (wanted * 60 * windows / service).max(1);
        // Earlier today, but never yesterday.
        let opened = now
            .to_offset(time::macros::offset!(+9))
            .replace_time(time::macros::time!(0:00));
        let mut at = (now - time::Duration::minutes(90)).max(opened);
        for _ in 0..windows.min(2) {
            queue::issue(db, line, queue::Channel::Kiosk, at, 0).await?;
            at += time::Duration::seconds(40);
        }
        for window in 1..=windows.min(2) {
            queue::call_next(db, line, &window.to_string(), at).await?;
        }
        for ahead in 0..waiting {
            let estimate = estimate::wait_seconds(ahead, windows.min(2), windows, service);
            queue::issue(db, line, queue::Channel::Kiosk, at, estimate).await?;
            at += time::Duration::seconds(20 + dice.below(40) as i64);
        }
    }
    Ok(())
}
