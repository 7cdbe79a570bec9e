//! The event streams' own listener (`[counter] events_addr`): the live
//! congestion pages' Server-Sent Events served apart from the web server.
//!
//! A resident watching a page holds one connection for as long as the page
//! is open. On the web server each such connection keeps what an HTTP
//! connection keeps — request and response buffers of 8 KB each, the
//! request's middleware and its span — about 30 KB; ten thousand watchers
//! are 300 MB. Here a connection does one thing: its request head is read
//! into a small buffer that is freed at once, and then every change is
//! written from the one copy of the event all watchers share. The reverse
//! proxy sends `/counters/*/events` here (docs/scaling.md); the web server
//! still answers the same address for setups without one.
//!
//! Only `GET /counters/{office}/events` is answered (404 otherwise); a head
//! larger than [`MAX_HEAD`] or slower than [`HEAD_WITHIN`] is refused; a
//! watcher that stops reading for [`WRITE_WITHIN`] is dropped.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::congestion::Hub;

/// Longest request head read.
pub const MAX_HEAD: usize = 2048;
/// A request head must come within this.
pub const HEAD_WITHIN: Duration = Duration::from_secs(10);
/// A change (or keep-alive) must be taken by the watcher within this.
pub const WRITE_WITHIN: Duration = Duration::from_secs(10);

const HEADERS: &[u8] = b"HTTP/1.1 200 OK\r\n\
content-type: text/event-stream\r\n\
cache-control: no-store\r\n\
x-accel-buffering: no\r\n\
x-content-type-options: nosniff\r\n\
connection: close\r\n\r\n";

fn refusal(status: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// The office a request head asks for, or the status to refuse it with.
pub fn office_of(head: &[u8]) -> Result<String, &'static str> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err("431 Request Header Fields Too Large"),
        Err(_) => return Err("400 Bad Request"),
    }
    if request.method != Some("GET") {
        return Err("405 Method Not Allowed");
    }
    let path = request.path.unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let office = path
        .strip_prefix("/counters/")
        .and_then(|rest| rest.strip_suffix("/events"))
        .filter(|office| {
            !office.is_empty()
                && office.len() <= 64
                && office
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .ok_or("404 Not Found")?;
    Ok(office.to_string())
}

/// Reads a request head (up to its blank line) into a buffer freed when
/// this returns.
async fn read_head(stream: &mut TcpStream) -> Result<String, Option<&'static str>> {
    let mut head = Vec::with_capacity(512);
    let mut chunk = [0u8; 512];
    loop {
        let n = match tokio::time::timeout(HEAD_WITHIN, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => n,
            _ => return Err(None),
        };
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if head.windows(4).any(|w| w == b"\r\n\r\n") {
            return office_of(&head).map_err(Some);
        }
        if head.len() >= MAX_HEAD {
            return Err(Some("431 Request Header Fields Too Large"));
        }
    }
}

async fn watch(mut stream: TcpStream, hub: Hub) {
    // Boxed: the head's buffers are freed before the long wait begins.
    let office = match Box::pin(read_head(&mut stream)).await {
        Ok(office) => office,
        Err(Some(status)) => {
            let _ = tokio::time::timeout(WRITE_WITHIN, stream.write_all(&refusal(status))).await;
            return;
        }
        Err(None) => return,
    };
    let known = match hub.lines().await {
        Ok(lines) => lines.iter().any(|l| l.office_id == office),
        Err(error) => {
            tracing::warn!(%error, "cannot read the counters' lines");
            false
        }
    };
    let mut receiver = match known {
        true => match hub.watch(&office).await {
            Ok(receiver) => receiver,
            Err(error) => {
                tracing::warn!(%error, office, "cannot watch an office");
                let _ = stream.write_all(&refusal("503 Service Unavailable")).await;
                return;
            }
        },
        false => {
            let _ = stream.write_all(&refusal("404 Not Found")).await;
            return;
        }
    };
    if !matches!(
        tokio::time::timeout(WRITE_WITHIN, stream.write_all(HEADERS)).await,
        Ok(Ok(()))
    ) {
        return;
    }
    let (mut reader, mut writer) = stream.split();
    loop {
        let mut closed = [0u8; 1];
        let event: Arc<[u8]> = tokio::select! {
            changed = receiver.changed() => {
                if changed.is_err() {
                    return;
                }
                receiver.borrow_and_update().event.clone()
            }
            () = tokio::time::sleep(crate::pages::KEEP_ALIVE) => Arc::from(&b":\n\n"[..]),
            // The watcher sends nothing after its request: anything read
            // (or the end) means it has gone.
            _ = reader.read(&mut closed) => return,
        };
        if !matches!(
            tokio::time::timeout(WRITE_WITHIN, writer.write_all(&event)).await,
            Ok(Ok(()))
        ) {
            return;
        }
    }
}

/// Serves the event streams on `listener`, at most `max_connections` at
/// once, until the process ends.
pub async fn serve(listener: TcpListener, hub: Hub, max_connections: usize) {
    let open = Arc::new(tokio::sync::Semaphore::new(max_connections));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!(%error, "an event stream connection could not be accepted");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tracing::warn!(client = %peer.ip(), "refused: too many event streams");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let hub = hub.clone();
        tokio::spawn(async move {
            watch(stream, hub).await;
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_offices_event_stream_is_answered() {
        assert_eq!(
            office_of(b"GET /counters/naka/events HTTP/1.1\r\nHost: x\r\n\r\n"),
            Ok("naka".to_string())
        );
        assert_eq!(
            office_of(b"GET /counters/naka/events?lang=en HTTP/1.1\r\n\r\n"),
            Ok("naka".to_string())
        );
        assert_eq!(
            office_of(b"GET /counters/naka HTTP/1.1\r\n\r\n"),
            Err("404 Not Found")
        );
        assert_eq!(
            office_of(b"GET /counters/../events HTTP/1.1\r\n\r\n"),
            Err("404 Not Found")
        );
        assert_eq!(
            office_of(b"POST /counters/naka/events HTTP/1.1\r\n\r\n"),
            Err("405 Method Not Allowed")
        );
        assert_eq!(
            office_of(b"\x00\x01garbage\r\n\r\n"),
            Err("400 Bad Request")
        );
    }
}
