//! How busy an office is now (混雑状況): per line the residents waiting, the
//! estimated wait and its lamp, the numbers being called; built from the
//! database and handed to every watcher of the office. One snapshot per
//! office is made per change, serialised once, and shared by all watchers:
//! ten thousand phones watching cost one query, not ten thousand.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kernel::Db;
use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::watch;

use crate::estimate;
use crate::lamp::{Lamp, Thresholds};
use crate::queue::{self, Line, TicketState};

/// One line as residents see it now.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LineNow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub waiting: u64,
    /// Windows serving someone of this line now.
    pub busy: u64,
    /// Windows taken as open: the usual number, or more if more called in
    /// the last half hour.
    pub windows: u64,
    /// Seconds one resident takes at the window, as estimates use it.
    pub service_s: u64,
    /// The wait of a resident who takes a ticket now.
    pub wait_s: u64,
    pub lamp: Lamp,
    /// Numbers waiting, in order: a ticket page finds its place in it.
    pub queue: Vec<String>,
    /// Numbers called and where to, the latest first.
    pub calling: Vec<Call>,
}

/// A number called out to a window.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Call {
    pub number: String,
    pub window: String,
    /// Unix seconds of the (latest) call.
    pub at: i64,
}

impl LineNow {
    /// The wait of the resident with `ahead` residents before them.
    pub fn wait_for(&self, ahead: u64) -> u64 {
        estimate::wait_seconds(ahead, self.busy, self.windows, self.service_s)
    }

    pub fn shown_name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name
        }
    }
}

/// An office now.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub office_id: String,
    pub day: String,
    /// Unix seconds when it was made.
    pub at: i64,
    pub lines: Vec<LineNow>,
    /// The worst lamp of its lines.
    pub lamp: Lamp,
    pub waiting: u64,
    /// The snapshot as the event stream sends it.
    #[serde(skip)]
    pub json: Arc<str>,
    /// The same as a whole Server-Sent Event, written as it is to every
    /// watcher of the event streams' own listener (see `stream`).
    #[serde(skip)]
    pub event: Arc<[u8]>,
}

impl Snapshot {
    pub fn line(&self, id: &str) -> Option<&LineNow> {
        self.lines.iter().find(|l| l.id == id)
    }

    /// Every call of the office with its line, the latest first.
    pub fn calls(&self) -> Vec<(&Call, &LineNow)> {
        let mut calls: Vec<(&Call, &LineNow)> = self
            .lines
            .iter()
            .flat_map(|l| l.calling.iter().map(move |c| (c, l)))
            .collect();
        calls.sort_by_key(|(c, _)| std::cmp::Reverse(c.at));
        calls
    }
}

/// Builds the office's snapshot from the database.
pub async fn snapshot(
    db: &Db,
    office_id: &str,
    lines: &[Line],
    thresholds: Thresholds,
    now: OffsetDateTime,
) -> anyhow::Result<Snapshot> {
    let (day, _, _) = queue::japan(now);
    let at = now.unix_timestamp();
    let tickets = queue::open_tickets(db, office_id, &day).await?;
    let service = queue::recent_service_times(db, office_id, at).await?;
    let windows = queue::windows_in_use(db, office_id, at).await?;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mine = tickets.iter().filter(|t| t.line_id == line.id);
        let queue: Vec<String> = mine
            .clone()
            .filter(|t| t.state == TicketState::Waiting)
            .map(|t| t.label.clone())
            .collect();
        let mut called: Vec<&queue::Ticket> =
            mine.filter(|t| t.state == TicketState::Called).collect();
        called.sort_by_key(|t| std::cmp::Reverse(t.announced_at));
        let busy = called.len() as u64;
        let recent: Vec<u64> = service
            .iter()
            .filter(|(l, _)| *l == line.id)
            .map(|(_, s)| *s)
            .collect();
        let service_s = estimate::service_seconds(
            &recent,
            u64::try_from(line.service_minutes).unwrap_or(5) * 60,
        );
        let in_use = windows.iter().filter(|(l, _)| *l == line.id).count() as u64;
        let windows = u64::try_from(line.windows).unwrap_or(1).max(in_use).max(1);
        let waiting = queue.len() as u64;
        let wait_s = estimate::wait_seconds(waiting, busy, windows, service_s);
        out.push(LineNow {
            id: line.id.clone(),
            code: line.code.clone(),
            name: line.name.clone(),
            name_en: line.name_en.clone(),
            waiting,
            busy,
            windows,
            service_s,
            wait_s,
            lamp: Lamp::for_wait(wait_s, thresholds),
            queue,
            calling: called
                .iter()
                .map(|t| Call {
                    number: t.label.clone(),
                    window: t.window_label.clone().unwrap_or_default(),
                    at: t.announced_at.unwrap_or(t.issued_at),
                })
                .collect(),
        });
    }
    let mut snapshot = Snapshot {
        office_id: office_id.to_string(),
        day,
        at,
        lamp: out.iter().map(|l| l.lamp).max().unwrap_or(Lamp::Blue),
        waiting: out.iter().map(|l| l.waiting).sum(),
        lines: out,
        json: Arc::from(""),
        event: Arc::from(&b""[..]),
    };
    let json = serde_json::to_string(&snapshot)?;
    // Compact JSON holds no line break: one data line.
    snapshot.event = Arc::from(format!("event: congestion\ndata: {json}\n\n").into_bytes());
    snapshot.json = Arc::from(json);
    Ok(snapshot)
}

/// How often each node looks for changes another node made.
pub const LOOK_EVERY: Duration = Duration::from_millis(400);

/// The latest snapshot of every office, and the watchers of each.
#[derive(Clone)]
pub struct Hub {
    db: Db,
    pub thresholds: Thresholds,
    inner: Arc<Mutex<Inner>>,
    /// One refresh at a time: a refresh that read the database before a
    /// change never replaces one that read it after.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
struct Inner {
    offices: HashMap<String, watch::Sender<Arc<Snapshot>>>,
    versions: HashMap<String, i64>,
    lines: Option<Arc<Vec<Line>>>,
}

impl Hub {
    pub fn new(db: Db, thresholds: Thresholds) -> Self {
        Hub {
            db,
            thresholds,
            inner: Arc::new(Mutex::new(Inner::default())),
            refreshing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every office's lines (read once; `forget_lines` after a change).
    pub async fn lines(&self) -> anyhow::Result<Arc<Vec<Line>>> {
        if let Some(lines) = self.lock().lines.clone() {
            return Ok(lines);
        }
        let lines = Arc::new(queue::all_lines(&self.db).await?);
        self.lock().lines = Some(lines.clone());
        Ok(lines)
    }

    pub fn forget_lines(&self) {
        self.lock().lines = None;
    }

    pub async fn lines_of(&self, office_id: &str) -> anyhow::Result<Vec<Line>> {
        Ok(self
            .lines()
            .await?
            .iter()
            .filter(|l| l.office_id == office_id)
            .cloned()
            .collect())
    }

    /// The office as it is now, made afresh and handed to its watchers.
    pub async fn refresh(&self, office_id: &str) -> anyhow::Result<Arc<Snapshot>> {
        let _one_at_a_time = self.refreshing.lock().await;
        let lines = self.lines_of(office_id).await?;
        let made = Arc::new(
            snapshot(
                &self.db,
                office_id,
                &lines,
                self.thresholds,
                OffsetDateTime::now_utc(),
            )
            .await?,
        );
        let mut inner = self.lock();
        match inner.offices.get(office_id) {
            // A slower refresh never replaces a newer one, and watchers
            // hear only of a change.
            Some(sender) => {
                sender.send_if_modified(|current| {
                    if current.at <= made.at
                        && (current.lines != made.lines || current.day != made.day)
                    {
                        *current = made.clone();
                        true
                    } else {
                        false
                    }
                });
            }
            None => {
                let (sender, _) = watch::channel(made.clone());
                inner.offices.insert(office_id.to_string(), sender);
            }
        }
        Ok(made)
    }

    /// The office's latest snapshot (made now if there is none yet).
    pub async fn latest(&self, office_id: &str) -> anyhow::Result<Arc<Snapshot>> {
        let known = self
            .lock()
            .offices
            .get(office_id)
            .map(|s| s.borrow().clone());
        match known {
            Some(snapshot) => Ok(snapshot),
            None => self.refresh(office_id).await,
        }
    }

    /// A watcher of the office: it sees the latest snapshot at once, then
    /// every newer one.
    pub async fn watch(&self, office_id: &str) -> anyhow::Result<watch::Receiver<Arc<Snapshot>>> {
        self.latest(office_id).await?;
        let inner = self.lock();
        let sender = inner
            .offices
            .get(office_id)
            .ok_or_else(|| anyhow::anyhow!("no snapshot of {office_id}"))?;
        let mut receiver = sender.subscribe();
        receiver.mark_changed();
        Ok(receiver)
    }

    /// Looks for changes made by any node and refreshes the offices whose
    /// version moved; snapshots are also remade once a minute (waits
    /// measured over the last half hour change with time alone).
    pub fn start(&self) {
        let hub = self.clone();
        tokio::spawn(async move {
            let mut ticks: u64 = 0;
            loop {
                tokio::time::sleep(LOOK_EVERY).await;
                ticks += 1;
                let every_minute = ticks.is_multiple_of(150);
                let versions = match queue::versions(&hub.db).await {
                    Ok(versions) => versions,
                    Err(error) => {
                        tracing::warn!(%error, "cannot read the queues' versions");
                        continue;
                    }
                };
                let changed: Vec<String> = {
                    let mut inner = hub.lock();
                    let mut changed = Vec::new();
                    for (office, version) in versions {
                        let before = inner.versions.insert(office.clone(), version);
                        let watched = inner.offices.contains_key(&office);
                        if watched && (before != Some(version) || every_minute) {
                            changed.push(office);
                        }
                    }
                    changed
                };
                for office in changed {
                    if let Err(error) = hub.refresh(&office).await {
                        tracing::warn!(%error, office = %office, "cannot refresh the congestion");
                    }
                }
            }
        });
    }
}
