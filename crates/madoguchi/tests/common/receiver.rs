#![allow(dead_code)]

//! A webhook receiver for tests: records what it is sent, and answers 500
//! while told to fail.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

#[derive(Debug, Clone)]
pub struct Received {
    pub event_id: String,
    pub event_type: String,
    pub signature: String,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Clone, Default)]
pub struct Receiver {
    pub got: Arc<Mutex<Vec<Received>>>,
    /// Answers 500 to this many more requests (-1: to all).
    pub failing: Arc<AtomicI64>,
    pub refused: Arc<AtomicI64>,
}

impl Receiver {
    /// Serves on `listener` until the test ends.
    pub fn serve(&self, listener: tokio::net::TcpListener) {
        let state = self.clone();
        let router = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move {
                    let failing = state.failing.load(Ordering::SeqCst);
                    if failing != 0 {
                        if failing > 0 {
                            state.failing.fetch_sub(1, Ordering::SeqCst);
                        }
                        state.refused.fetch_add(1, Ordering::SeqCst);
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string()
                    };
                    state.got.lock().expect("lock").push(Received {
                        event_id: header("madoguchi-event-id"),
                        event_type: header("madoguchi-event-type"),
                        signature: header("madoguchi-signature"),
                        body,
                    });
                    StatusCode::NO_CONTENT
                }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
    }

    pub async fn start() -> (Receiver, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let receiver = Receiver::default();
        receiver.serve(listener);
        (receiver, url)
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }

    /// Waits (up to 30 s) until `done` holds for what was received.
    pub async fn wait_for(&self, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let started = std::time::Instant::now();
        loop {
            let got = self.received();
            if done(&got) {
                return got;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "waited 30 s for {what}; got {} events: {:?}",
                got.len(),
                got.iter().map(|r| &r.event_type).collect::<Vec<_>>()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// A receiver on its own runtime, so that stopping it closes every
/// connection, as a receiver that goes down does.
pub struct OwnRuntime(Option<tokio::runtime::Runtime>);

impl OwnRuntime {
    pub fn stop(mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Receiver {
    pub fn serve_on_port(&self, port: u16) -> OwnRuntime {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let listener =
            std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind the port again");
        listener.set_nonblocking(true).expect("nonblocking");
        let receiver = self.clone();
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            receiver.serve(listener);
        });
        OwnRuntime(Some(runtime))
    }
}
