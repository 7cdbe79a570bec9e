//! One router for the whole platform: each capability brings its routes;
//! the kernel brings health, metrics, the stylesheet and the 404 page.

use std::path::Path;
use std::time::Duration;

use applications::Applications;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router, middleware};
use catalog::Catalog;
use identity::Identity;
use kernel::web::{Chrome, PageError};
use kernel::{ApiError, Db};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted anywhere (registry files included).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Everything a running platform holds.
#[derive(Clone)]
pub struct Platform {
    pub db: Db,
    pub catalog: Catalog,
    pub identity: Identity,
    pub applications: Applications,
}

impl Platform {
    /// Opens the database, brings its schema up to date, loads every capability.
    /// Files (attachments, mail) are kept under `data_dir`.
    pub async fn open(db: Db, data_dir: &Path) -> anyhow::Result<Self> {
        Self::open_with(db, data_dir, false).await
    }

    /// As `open`, marking session cookies Secure when served over HTTPS.
    pub async fn open_with(db: Db, data_dir: &Path, secure_cookies: bool) -> anyhow::Result<Self> {
        db.migrate().await?;
        let catalog = Catalog::load(db.clone()).await?;
        let identity = Identity::new(db.clone(), secure_cookies);
        let attachments =
            applications::attachments::Attachments::local(&data_dir.join("attachments"))?;
        let applications = Applications::new(db.clone(), identity.clone(), attachments);
        Ok(Platform {
            db,
            catalog,
            identity,
            applications,
        })
    }

    pub fn router(&self) -> Router {
        kernel::metrics::init();
        let kernel_routes = Router::new()
            .route("/healthz", get(healthz))
            .with_state(self.db.clone())
            .route("/metrics", get(kernel::metrics::metrics_handler))
            .route(kernel::web::STYLESHEET_PATH, get(kernel::web::stylesheet));
        Router::new()
            .merge(kernel_routes)
            .merge(self.catalog.router())
            .merge(self.identity.router())
            .merge(self.applications.router())
            .fallback(not_found)
            .layer(middleware::from_fn(kernel::metrics::track_http))
            .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
            .layer(TraceLayer::new_for_http())
            .layer(CatchPanicLayer::custom(|_| {
                ApiError::internal("a request handler panicked").into_response()
            }))
    }
}

async fn healthz(State(db): State<Db>) -> Response {
    let healthy = tokio::time::timeout(Duration::from_secs(2), db.is_healthy())
        .await
        .unwrap_or(false);
    if healthy {
        Json(serde_json::json!({ "status": "ok" })).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
        )
            .into_response()
    }
}

async fn not_found(chrome: Chrome, uri: axum::http::Uri) -> Response {
    let error = ApiError::not_found("ページが見つかりません。", "Page not found.");
    if uri.path().starts_with("/api/") {
        error.into_response()
    } else {
        PageError::new(&chrome, error).into_response()
    }
}

/// Serves `router` on `addr` until Ctrl-C or SIGTERM.
pub async fn serve(router: Router, addr: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    tracing::info!(addr = %listener.local_addr()?, "serving");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
