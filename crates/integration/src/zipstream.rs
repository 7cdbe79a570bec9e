//! A zip archive written while it is sent. The `zip` crate writes to any
//! `Write` without seeking (each entry's CRC and sizes follow its data in a
//! data descriptor); its output lands in a small buffer that is handed to
//! the response body, through a bounded channel, whenever it passes a
//! chunk. So the archive is never whole in memory: what is held is the
//! entry being written and at most a few chunks the client has not taken.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use tokio::sync::mpsc;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, StreamWriter};

/// What is sent at a time.
const CHUNK: usize = 64 * 1024;
/// Chunks written but not yet sent.
const CHANNEL: usize = 4;

type Chunk = Result<Bytes, std::io::Error>;

/// The bytes the zip writer produced since they were last sent.
#[derive(Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Pending {
    fn len(&self) -> usize {
        self.0.lock().map(|b| b.len()).unwrap_or(0)
    }

    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("the zip buffer is poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How an entry is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// Text (JSON, CSV): deflated.
    Deflated,
    /// Files that are compressed already (PDF, JPEG, PNG): stored as they are.
    Stored,
}

/// The writing end: entries are started and written in turn, then the
/// archive is finished (its central directory written). Dropped unfinished,
/// the body ends in an error, so the client never takes a cut archive for
/// a whole one.
pub struct ZipStream {
    zip: zip::ZipWriter<StreamWriter<Pending>>,
    pending: Pending,
    tx: mpsc::Sender<Chunk>,
    modified: zip::DateTime,
}

/// A writer, and the response body that carries what it writes.
pub fn channel() -> (ZipStream, Body) {
    let (tx, rx) = mpsc::channel::<Chunk>(CHANNEL);
    let pending = Pending::default();
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+9));
    let modified = zip::DateTime::try_from(time::PrimitiveDateTime::new(now.date(), now.time()))
        .unwrap_or_default();
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    (
        ZipStream {
            zip: zip::ZipWriter::new_stream(pending.clone()),
            pending,
            tx,
            modified,
        },
        body,
    )
}

impl ZipStream {
    /// Starts the entry `name` (its earlier entry ends).
    pub async fn start(&mut self, name: &str, packing: Packing) -> anyhow::Result<()> {
        let method = match packing {
            Packing::Deflated => CompressionMethod::Deflated,
            Packing::Stored => CompressionMethod::Stored,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.modified)
            .unix_permissions(0o600)
            // An entry past 4 GiB would need ZIP64 sizes, known only at
            // its end; entries here are far smaller (a file is at most a
            // few tens of megabytes), and a larger one fails, not corrupts.
            .large_file(false);
        self.zip.start_file(name, options)?;
        self.send_if_full().await
    }

    /// Appends `bytes` to the current entry.
    pub async fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        for chunk in bytes.chunks(CHUNK) {
            self.zip.write_all(chunk)?;
            self.send_if_full().await?;
        }
        Ok(())
    }

    /// Writes the central directory and sends the rest.
    pub async fn finish(self) -> anyhow::Result<()> {
        let ZipStream {
            zip, pending, tx, ..
        } = self;
        zip.finish()?;
        send(&tx, pending.take()).await
    }

    /// Ends the body with an error: the client sees a broken transfer.
    pub async fn fail(self, error: &anyhow::Error) {
        let _ = self
            .tx
            .send(Err(std::io::Error::other(format!("{error:#}"))))
            .await;
    }

    async fn send_if_full(&mut self) -> anyhow::Result<()> {
        if self.pending.len() >= CHUNK {
            send(&self.tx, self.pending.take()).await?;
        }
        Ok(())
    }
}

async fn send(tx: &mpsc::Sender<Chunk>, bytes: Vec<u8>) -> anyhow::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    tx.send(Ok(Bytes::from(bytes)))
        .await
        .map_err(|_| anyhow::anyhow!("the client stopped reading the archive"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::io::Read;

    use super::*;

    #[tokio::test]
    async fn what_is_streamed_reads_back_as_a_zip() {
        let (mut zip, body) = channel();
        let collected =
            tokio::spawn(
                async move { axum::body::to_bytes(body, usize::MAX).await.expect("body") },
            );
        zip.start("a.json", Packing::Deflated).await.expect("start");
        zip.write(b"[1,2,3]").await.expect("write");
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        zip.start("files/b.bin", Packing::Stored)
            .await
            .expect("start");
        zip.write(&big).await.expect("write");
        zip.finish().await.expect("finish");
        let bytes = collected.await.expect("joined");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut text = String::new();
        archive
            .by_name("a.json")
            .expect("a.json")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "[1,2,3]");
        let mut read = Vec::new();
        archive
            .by_name("files/b.bin")
            .expect("b.bin")
            .read_to_end(&mut read)
            .expect("read");
        assert_eq!(read, big);
    }
}
