//! `madoguchi bench congestion`: residents watching one office's congestion
//! page live (its Server-Sent Events) while tickets are taken.
//!
//! The demo server runs as its own process, so its memory is its own. The
//! watchers are plain TCP connections in this process, each reading the
//! event stream of 中区役所. Tickets are taken at the kiosk over HTTP, one at
//! a time with a pause between, and each watcher notes when the change
//! reached it. Beside it, the ceiling measured in the same run: the same
//! watchers fed the same events by a bare broadcaster (no database, no
//! snapshot, no HTTP framework) in this process. A watcher that never
//! connects, is dropped or misses a change, and a ticket that is not given,
//! fail the benchmark.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Server, free_port, ms, percentile, resident_kib, wait_healthy};

const OFFICE: &str = "naka";
const LINE: &str = "naka-b";

/// What the watchers saw, shared with the tasks reading.
struct Seen {
    /// When each change (by its number: waiting = base + k) first reached
    /// each watcher: the delays from when it was made.
    delays: Mutex<Vec<Vec<Duration>>>,
    /// When each change was made.
    made: Mutex<Vec<Option<Instant>>>,
    base: AtomicU64,
    connected: AtomicUsize,
    dropped: AtomicUsize,
}

impl Seen {
    fn new(changes: usize) -> Arc<Self> {
        Arc::new(Seen {
            delays: Mutex::new(vec![Vec::new(); changes + 1]),
            made: Mutex::new(vec![None; changes + 1]),
            base: AtomicU64::new(u64::MAX),
            connected: AtomicUsize::new(0),
            dropped: AtomicUsize::new(0),
        })
    }
}

/// The waiting count of the line in one event's data.
fn waiting_of(data: &str) -> Option<u64> {
    let start = data.find(&format!("\"id\":\"{LINE}\""))?;
    let rest = data.get(start..)?;
    let at = rest.find("\"waiting\":")? + "\"waiting\":".len();
    let digits: String = rest
        .get(at..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// One watcher: connects, asks for the stream and notes each change.
async fn watch(addr: String, path: String, seen: Arc<Seen>, ready: Arc<tokio::sync::Notify>) {
    let Ok(mut stream) = TcpStream::connect(&addr).await else {
        seen.dropped.fetch_add(1, Ordering::Relaxed);
        ready.notify_one();
        return;
    };
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        seen.dropped.fetch_add(1, Ordering::Relaxed);
        ready.notify_one();
        return;
    }
    let mut buffer: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0_u8; 4096];
    let mut last_seen: Option<u64> = None;
    let mut first = true;
    while let Ok(n) = stream.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(chunk.get(..n).unwrap_or_default());
        while let Some(end) = buffer.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = buffer.drain(..end + 2).collect();
            let text = String::from_utf8_lossy(&event);
            let Some(waiting) = text
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .and_then(waiting_of)
            else {
                continue;
            };
            let now = Instant::now();
            if first {
                first = false;
                seen.base.fetch_min(waiting, Ordering::Relaxed);
                seen.connected.fetch_add(1, Ordering::Relaxed);
                ready.notify_one();
            }
            // Reaching count base + k means change k (and every one before
            // it this watcher had not seen) has arrived.
            let base = seen.base.load(Ordering::Relaxed);
            let from = last_seen.map_or(1, |l| l.saturating_sub(base) + 1);
            let to = waiting.saturating_sub(base);
            if to >= from {
                let made = seen.made.lock().unwrap_or_else(|p| p.into_inner()).clone();
                let mut delays = seen.delays.lock().unwrap_or_else(|p| p.into_inner());
                for k in from..=to {
                    let k = usize::try_from(k).unwrap_or(usize::MAX);
                    if let (Some(Some(at)), Some(list)) = (made.get(k), delays.get_mut(k)) {
                        list.push(now.saturating_duration_since(*at));
                    }
                }
            }
            last_seen = Some(last_seen.map_or(waiting, |l| l.max(waiting)));
        }
    }
    seen.dropped.fetch_add(1, Ordering::Relaxed);
    if first {
        ready.notify_one();
    }
}

/// Opens `watchers` watchers, a few hundred connecting at a time; how many
/// got their first event.
async fn open_watchers(addr: &str, path: &str, watchers: usize, seen: &Arc<Seen>) -> usize {
    let ready = Arc::new(tokio::sync::Notify::new());
    let mut started = 0;
    while started < watchers {
        let batch = (watchers - started).min(250);
        for _ in 0..batch {
            tokio::spawn(watch(
                addr.to_string(),
                path.to_string(),
                seen.clone(),
                ready.clone(),
            ));
        }
        started += batch;
        // Let this batch connect before the next.
        let deadline = Instant::now() + Duration::from_secs(20);
        while seen.connected.load(Ordering::Relaxed) + seen.dropped.load(Ordering::Relaxed)
            < started
            && Instant::now() < deadline
        {
            let _ = tokio::time::timeout(Duration::from_millis(200), ready.notified()).await;
        }
    }
    seen.connected.load(Ordering::Relaxed)
}

/// The figures of one run.
struct Run {
    connected: usize,
    dropped: usize,
    /// Per change, the delays of the watchers it reached.
    delays: Vec<Vec<Duration>>,
}

impl Run {
    fn all(&self) -> Vec<Duration> {
        let mut all: Vec<Duration> = self.delays.iter().skip(1).flatten().copied().collect();
        all.sort();
        all
    }

    fn missed(&self, watchers: usize) -> usize {
        self.delays
            .iter()
            .skip(1)
            .map(|d| watchers.saturating_sub(d.len()))
            .sum()
    }
}

async fn settle(seen: &Arc<Seen>, change: usize, watchers: usize, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        let reached = seen
            .delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(change)
            .map_or(0, Vec::len);
        if reached >= watchers {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The bare broadcaster: each connection gets the response head, then
/// every payload sent, as events.
async fn broadcaster() -> anyhow::Result<(String, tokio::sync::broadcast::Sender<Arc<str>>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    let (sender, _) = tokio::sync::broadcast::channel::<Arc<str>>(16);
    let feed = sender.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut receiver = feed.subscribe();
            tokio::spawn(async move {
                let mut head = [0_u8; 1024];
                let _ = stream.read(&mut head).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n")
                    .await;
                loop {
                    let payload = match receiver.recv().await {
                        Ok(payload) => payload,
                        // A slow reader skips to the latest, as the platform's do.
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    };
                    let event = format!("event: congestion\ndata: {payload}\n\n");
                    if stream.write_all(event.as_bytes()).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    Ok((addr, sender))
}

fn with_waiting(template: &Value, waiting: u64) -> Arc<str> {
    let mut snapshot = template.clone();
    if let Some(lines) = snapshot.get_mut("lines").and_then(Value::as_array_mut) {
        for line in lines {
            if line.get("id").and_then(Value::as_str) == Some(LINE) {
                line["waiting"] = Value::from(waiting);
            }
        }
    }
    Arc::from(snapshot.to_string())
}

/// The first event of the office's stream, as the server sends it.
async fn first_snapshot(addr: &str) -> anyhow::Result<Value> {
    let mut response = reqwest::Client::new()
        .get(format!("http://{addr}/counters/{OFFICE}/events"))
        .send()
        .await?
        .error_for_status()?;
    let mut buffer = Vec::new();
    loop {
        if let Some(end) = buffer.windows(2).position(|w| w == b"\n\n") {
            let event = String::from_utf8_lossy(buffer.get(..end).unwrap_or_default()).to_string();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                return Ok(serde_json::from_str(data)?);
            }
            buffer.drain(..end + 2);
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), response.chunk())
            .await
            .context("no event within 10 s")??
            .context("the stream ended")?;
        buffer.extend_from_slice(&chunk);
    }
}

pub async fn run(watchers: usize, changes: usize, through_web: bool) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let dir =
        std::env::temp_dir().join(format!("madoguchi-bench-congestion-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let addr = format!("127.0.0.1:{}", free_port()?);
    // The watchers' address: the event streams' own listener, as a reverse
    // proxy would send them there, or the web server itself.
    let events_addr = if through_web {
        addr.clone()
    } else {
        format!("127.0.0.1:{}", free_port()?)
    };
    let mut command = std::process::Command::new(&exe);
    if !through_web {
        command.env("MADOGUCHI_EVENTS_ADDR", &events_addr);
    }
    let child = command
        .args(["demo", "--addr", &addr, "--data-dir"])
        .arg(&dir)
        .env_remove("DATABASE_URL")
        // Every watcher comes from this machine, as through a reverse proxy.
        .env("MADOGUCHI_TRUSTED_PROXIES", "127.0.0.1")
        .env("MADOGUCHI_MAX_CONNECTIONS", (watchers + 1_000).to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("cannot start the demo server")?;
    let server = Server { child };
    let pid = server.child.id();
    let client = reqwest::Client::new();
    wait_healthy(
        &client,
        &format!("http://{addr}/healthz"),
        Duration::from_secs(120),
    )
    .await?;
    let template = first_snapshot(&addr).await?;
    let idle_rss = resident_kib(pid, "VmRSS:")?;

    // The platform: the watchers on the real stream, tickets at the kiosk.
    let seen = Seen::new(changes);
    let opening = Instant::now();
    let connected = open_watchers(
        &events_addr,
        &format!("/counters/{OFFICE}/events"),
        watchers,
        &seen,
    )
    .await;
    let opened_in = opening.elapsed();
    let watching_rss = resident_kib(pid, "VmRSS:")?;
    let mut peak_rss = watching_rss;
    let mut failed_tickets = 0;
    for change in 1..=changes {
        if let Some(slot) = seen
            .made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(change)
        {
            *slot = Some(Instant::now());
        }
        let response = client
            .post(format!("http://{addr}/counters/{OFFICE}/tickets"))
            .header("cookie", "madoguchi_csrf=0123456789abcdef0123456789abcdef")
            .form(&[
                ("csrf_token", "0123456789abcdef0123456789abcdef"),
                ("line", LINE),
            ])
            .send()
            .await;
        if !response.is_ok_and(|r| r.status().is_redirection() || r.status().is_success()) {
            failed_tickets += 1;
        }
        settle(&seen, change, connected, Duration::from_secs(10)).await;
        peak_rss = peak_rss.max(resident_kib(pid, "VmRSS:")?);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let ours = Run {
        connected,
        dropped: seen.dropped.load(Ordering::Relaxed),
        delays: seen
            .delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    };
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    // Give this process's sockets back before the ceiling's watchers.
    tokio::time::sleep(Duration::from_millis(500)).await;

    // The ceiling: the same watchers and events, from a bare broadcaster.
    let (bare_addr, feed) = broadcaster().await?;
    let bare_seen = Seen::new(changes);
    let base = template
        .get("lines")
        .and_then(Value::as_array)
        .and_then(|l| {
            l.iter()
                .find(|l| l.get("id").and_then(Value::as_str) == Some(LINE))
        })
        .and_then(|l| l.get("waiting"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    // Each new watcher gets the current state first, as the platform's do.
    let feeder = {
        let feed = feed.clone();
        let template = template.clone();
        tokio::spawn(async move {
            loop {
                let _ = feed.send(with_waiting(&template, base));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let bare_connected = open_watchers(
        &bare_addr,
        &format!("/counters/{OFFICE}/events"),
        watchers,
        &bare_seen,
    )
    .await;
    feeder.abort();
    tokio::time::sleep(Duration::from_millis(200)).await;
    for change in 1..=changes {
        if let Some(slot) = bare_seen
            .made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(change)
        {
            *slot = Some(Instant::now());
        }
        let _ = feed.send(with_waiting(&template, base + change as u64));
        settle(&bare_seen, change, bare_connected, Duration::from_secs(10)).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let bare = Run {
        connected: bare_connected,
        dropped: bare_seen.dropped.load(Ordering::Relaxed),
        delays: bare_seen
            .delays
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    };

    let ours_all = ours.all();
    let bare_all = bare.all();
    let mb = |kib: u64| kib as f64 / 1024.0;
    println!(
        "bench congestion: {watchers} residents watching {OFFICE}'s congestion page live (SSE), {changes} tickets taken at the kiosk"
    );
    println!(
        "  the demo server (SQLite) in its own process; the watchers are TCP connections in this one, {}",
        if through_web {
            "to the web server"
        } else {
            "to the event streams' own listener ([counter] events_addr)"
        }
    );
    println!(
        "  ceiling: bare broadcaster      watchers {:>6}   change → watcher p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
        bare.connected,
        ms(percentile(&bare_all, 0.50)),
        ms(percentile(&bare_all, 0.99)),
        ms(bare_all.last().copied().unwrap_or_default()),
    );
    println!(
        "  madoguchi                      watchers {:>6}   change → watcher p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms   (target < 1000 ms)",
        ours.connected,
        ms(percentile(&ours_all, 0.50)),
        ms(percentile(&ours_all, 0.99)),
        ms(ours_all.last().copied().unwrap_or_default()),
    );
    println!(
        "  p99 against the ceiling's      {:.1}x",
        ms(percentile(&ours_all, 0.99)) / ms(percentile(&bare_all, 0.99)).max(1e-3)
    );
    println!(
        "  watchers connected in          {:>7.1} s",
        opened_in.as_secs_f64()
    );
    println!(
        "  server memory: idle {:.1} MB, with the watchers {:.1} MB, peak while changing {:.1} MB   (target < 300 MB)",
        mb(idle_rss),
        mb(watching_rss),
        mb(peak_rss)
    );
    let missed = ours.missed(connected);
    let mut problems = Vec::new();
    if connected < watchers {
        problems.push(format!("only {connected} of {watchers} watchers connected"));
    }
    if ours.dropped > 0 {
        problems.push(format!("{} watchers were dropped", ours.dropped));
    }
    if missed > 0 {
        problems.push(format!("{missed} changes never reached their watcher"));
    }
    if failed_tickets > 0 {
        problems.push(format!("{failed_tickets} tickets were not given"));
    }
    if percentile(&ours_all, 0.99) >= Duration::from_secs(1)
        || ours_all.last().copied().unwrap_or_default() >= Duration::from_secs(1)
    {
        problems.push("a change took a second or more to reach a watcher".to_string());
    }
    if mb(peak_rss) >= 300.0 {
        problems.push(format!("the server used {:.1} MB", mb(peak_rss)));
    }
    if problems.is_empty() {
        println!("  PASS");
        Ok(())
    } else {
        println!("  FAIL: {}", problems.join("; "));
        anyhow::bail!("bench congestion failed: {}", problems.join("; "))
    }
}
