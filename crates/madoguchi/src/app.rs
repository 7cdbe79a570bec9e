//! One router for the whole platform: each capability brings its routes;
//! the kernel brings health, metrics, the stylesheet and the 404 page.

use std::path::{Path, PathBuf};
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
    pub mailer: mail::Mailer,
    pub csrf: kernel::csrf::Csrf,
}

/// What the platform needs besides its database.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Attachments and (without SMTP) mail are kept here.
    pub data_dir: PathBuf,
    /// Session cookies marked Secure (served over HTTPS).
    pub secure_cookies: bool,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Put before paths in mail links.
    pub public_url: String,
    /// Reverse proxies whose X-Forwarded-For names the client.
    pub trusted_proxies: kernel::client::TrustedProxies,
}

impl Settings {
    /// Defaults around a data directory: mail into `DIR/mail`.
    pub fn in_dir(data_dir: &Path) -> Self {
        Settings {
            data_dir: data_dir.to_path_buf(),
            secure_cookies: false,
            smtp_url: None,
            mail_from: kernel::config::DEFAULT_MAIL_FROM.to_string(),
            public_url: format!("http://{}", kernel::config::DEFAULT_ADDR),
            trusted_proxies: Default::default(),
        }
    }

    pub fn from_config(config: &kernel::config::Config) -> Self {
        Settings {
            data_dir: config.data_dir.clone(),
            secure_cookies: config.secure_cookies(),
            smtp_url: config.smtp_url.clone(),
            mail_from: config.mail_from.clone(),
            public_url: config.public_address(),
            trusted_proxies: config.trusted_proxies.clone(),
        }
    }
}

impl Platform {
    /// Opens the database, brings its schema up to date, loads every capability.
    /// Opens the platform and starts sending its mail queue. Must be
    /// called inside the async runtime.
    pub async fn open(db: Db, settings: &Settings) -> anyhow::Result<Self> {
        db.migrate().await?;
        let catalog = Catalog::load(db.clone()).await?;
        let identity = Identity::new(db.clone(), settings.secure_cookies)
            .with_trusted_proxies(settings.trusted_proxies.clone());
        let attachments =
            applications::attachments::Attachments::local(&settings.data_dir.join("attachments"))?;
        attachments.start_purging(db.clone());
        let applications = Applications::new(db.clone(), identity.clone(), attachments);
        let mailer = mail::Mailer::new(
            db.clone(),
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            &settings.public_url,
            &settings.data_dir.join("mail"),
        )?;
        mailer.start();
        progress::survey_reminders::start(db.clone());
        let csrf = kernel::csrf::Csrf {
            secure: settings.secure_cookies,
            public_origin: Some(settings.public_url.clone()),
        };
        Ok(Platform {
            db,
            catalog,
            identity,
            applications,
            mailer,
            csrf,
        })
    }

    pub fn router(&self) -> Router {
        kernel::metrics::init();
        let kernel_routes = Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(kernel::metrics::metrics_handler))
            .with_state(self.db.clone())
            .route(kernel::web::STYLESHEET_PATH, get(kernel::web::stylesheet));
        Router::new()
            .merge(kernel_routes)
            .merge(self.catalog.router())
            .merge(progress::Progress::new(self.catalog.clone(), self.identity.clone()).router())
            .merge(self.identity.router())
            .merge(self.applications.router())
            .fallback(not_found)
            // Around every route, the fallback included: a new POST is
            // protected without anyone remembering to.
            .layer(middleware::from_fn_with_state(
                self.csrf.clone(),
                kernel::csrf::protect,
            ))
            .layer(middleware::from_fn_with_state(
                kernel::headers::SecurityHeaders {
                    https: self.csrf.secure,
                },
                kernel::headers::add,
            ))
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
    let error = ApiError::not_found_page();
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
    // Connect info: the client's address for rate limits and logs.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
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
