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
use tokio::io::{AsyncRead, AsyncWrite};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted anywhere (registry files included).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// All posted page bodies read into memory at once (to find their CSRF
/// token) together: eight of the largest. Past it, posts are answered 503
/// with Retry-After rather than letting stalled uploads take the memory.
pub const BUFFERED_BODIES_BYTES: usize = 8 * MAX_BODY_BYTES;

/// Everything a running platform holds.
#[derive(Clone)]
pub struct Platform {
    pub db: Db,
    pub catalog: Catalog,
    pub identity: Identity,
    pub applications: Applications,
    pub mailer: mail::Mailer,
    /// API tokens: checked, cached and rate-limited for every API route.
    pub tokens: kernel::tokens::TokenGuard,
    pub csrf: kernel::csrf::Csrf,
    pub trusted_proxies: kernel::client::TrustedProxies,
    /// Connections served at once (`None`: the default).
    pub max_connections: Option<usize>,
    /// The event streams' own listener, when set.
    pub events_addr: Option<String>,
    /// The data directory (layout files are kept in its layouts/ folder).
    pub data_dir: std::path::PathBuf,
    pub form_reviewers: formbuilder::Reviewers,
    /// Signed notices: issuing, delivery and the verification page.
    pub notices: notices::Notices,
    /// Fees, payments, reconciliation.
    pub payments: payments::Payments,
    /// The sandbox payment provider started in this process (demo, tests).
    pub sandbox: Option<(payments::sandbox::Sandbox, String)>,
    /// The pages every public service has (privacy, terms, sitemap …).
    pub site: site::Site,
    /// Queue tickets, the counter console and the congestion pages.
    pub counter: counter::Counter,
    /// The bereavement corner's questionnaire, list and rules.
    pub bereavement: bereavement::Bereavement,
    /// Residents' subscriptions to the city's news.
    pub notify: notify::Notify,
    /// The search words the DX office keeps.
    pub guide: guide::Guide,
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
    /// Connections served at once (`None`: the default).
    pub max_connections: Option<usize>,
    /// Keys kept outside the database (the audit chain's).
    pub keys_dir: PathBuf,
    /// Staff sign-in through the city's IdP, and business sign-in through
    /// gBizID (OpenID Connect); off when None.
    pub staff_oidc: Option<kernel::oidc_config::OidcConfig>,
    pub gbizid: Option<kernel::oidc_config::OidcConfig>,
    /// 保存期間 in years for procedures that set none.
    pub retention_years: u32,
    pub announcement_mails_per_second: u32,
    /// How events leave: webhooks, and NATS when `relay.nats_url` is set.
    pub relay: integration::relay::RelaySettings,
    /// Requests per API token (a token bucket per token).
    pub api_rate: kernel::tokens::RateLimit,
    /// Who publishes forms after review.
    pub form_reviewers: formbuilder::Reviewers,
    /// The `[notices]` configuration: font, signing key, TSA.
    pub notices: kernel::config::NoticesConfig,
    /// Without a configured certificate, sign with a demo PKI kept here
    /// (the demo and tests; never a real server).
    pub demo_pki: Option<notices::setup::DemoPki>,
    /// Payment providers and reconciliation.
    pub payments: payments::setup::PaymentsSettings,
    /// Where the congestion lamp changes colour.
    pub lamp: counter::lamp::Thresholds,
    /// The hall kiosks' addresses (no limit on the tickets they give).
    pub kiosks: kernel::client::TrustedProxies,
    /// Online consultations' video meetings.
    pub meetings: counter::meetings::Meetings,
    /// The event streams' own listener, when set.
    pub events_addr: Option<String>,
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
            max_connections: None,
            keys_dir: data_dir.join("keys"),
            staff_oidc: None,
            gbizid: None,
            retention_years: kernel::config::DEFAULT_RETENTION_YEARS,
            announcement_mails_per_second: kernel::config::DEFAULT_ANNOUNCEMENT_MAILS_PER_SECOND,
            relay: Default::default(),
            api_rate: Default::default(),
            form_reviewers: Default::default(),
            notices: Default::default(),
            // Tests make many platforms: P-256 keys are made in an instant.
            demo_pki: Some(notices::setup::DemoPki {
                dir: data_dir.join("pki"),
                algorithm: signatures::Algorithm::P256,
            }),
            payments: Default::default(),
            lamp: Default::default(),
            kiosks: Default::default(),
            meetings: Default::default(),
            events_addr: None,
        }
    }

    pub fn from_config(config: &kernel::config::Config) -> anyhow::Result<Self> {
        Ok(Settings {
            data_dir: config.data_dir.clone(),
            secure_cookies: config.secure_cookies(),
            smtp_url: config.smtp_url.clone(),
            mail_from: config.mail_from.clone(),
            public_url: config.public_address(),
            trusted_proxies: config.trusted_proxies.clone(),
            max_connections: config.max_connections,
            keys_dir: config.keys_dir.clone(),
            staff_oidc: config.staff_oidc.clone(),
            gbizid: config.gbizid.clone(),
            retention_years: config.retention_years,
            announcement_mails_per_second: config.announcement_mails_per_second,
            relay: integration::relay::RelaySettings {
                nats_url: config.nats_url.clone(),
                retry: integration::backoff::Retry {
                    first_ms: config.webhook_retry_first_ms.map_or(10_000, |ms| ms as i64),
                    max_ms: config
                        .webhook_retry_max_ms
                        .map_or(3_600_000, |ms| ms as i64),
                    ..Default::default()
                },
                ..Default::default()
            },
            api_rate: config.api_rate,
            form_reviewers: formbuilder::Reviewers::parse(&config.form_reviewers)
                .unwrap_or_default(),
            notices: config.notices.clone(),
            demo_pki: None,
            payments: payments::setup::PaymentsSettings::from_config(&config.payments)?,
            lamp: {
                let default = counter::lamp::Thresholds::default();
                counter::lamp::Thresholds::new(
                    config
                        .counter
                        .lamp_yellow_after_minutes
                        .unwrap_or(default.yellow_after_minutes),
                    config
                        .counter
                        .lamp_red_after_minutes
                        .unwrap_or(default.red_after_minutes),
                )
                .map_err(|e| anyhow::anyhow!("[counter] in the configuration: {e}"))?
            },
            kiosks: {
                let listed: Vec<String> = match std::env::var("MADOGUCHI_KIOSK_ADDRESSES") {
                    Ok(list) => list
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                    Err(_) => config.counter.kiosk_addresses.clone().unwrap_or_default(),
                };
                kernel::client::TrustedProxies::parse(&listed)
                    .map_err(|e| anyhow::anyhow!("[counter] kiosk_addresses: {e}"))?
            },
            meetings: {
                let template = std::env::var("MADOGUCHI_MEETING_URL_TEMPLATE")
                    .ok()
                    .or_else(|| config.counter.meeting_url_template.clone());
                let token = std::env::var("MADOGUCHI_MEETING_API_TOKEN").ok();
                counter::meetings::Meetings::from_settings(
                    template.as_deref(),
                    config.counter.meeting_api_url.as_deref(),
                    token.as_deref(),
                )
                .map_err(|e| anyhow::anyhow!("[counter] {e}"))?
            },
            events_addr: std::env::var("MADOGUCHI_EVENTS_ADDR")
                .ok()
                .filter(|a| !a.is_empty())
                .or_else(|| config.counter.events_addr.clone()),
        })
    }
}

/// `db` with its data keys unlocked (see `kernel::sealed`): the keys that
/// wrap them come from `keys_dir`, and so does the city's recovery key. Keys
/// just made for a folder that lacks the city's are removed again, so the
/// error stays the same at the next try.
pub async fn unlock(db: Db, keys_dir: &std::path::Path) -> anyhow::Result<Db> {
    let recovery = kernel::sealed::RecoveryPublic::load(keys_dir)?;
    match kernel::sealed::Vault::unlock(&db, db.keys(), recovery.as_ref()).await {
        Ok(vault) => Ok(db.with_vault(vault)),
        Err(error) => {
            if error.is::<kernel::sealed::MissingKeys>() {
                db.keys().forget_first_made(keys_dir);
            }
            Err(error)
        }
    }
}

impl Platform {
    /// Opens the database, brings its schema up to date, loads every capability.
    /// Opens the platform and starts sending its mail queue. Must be
    /// called inside the async runtime.
    pub async fn open(db: Db, settings: &Settings) -> anyhow::Result<Self> {
        kernel::files::create_private_dir(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot make the data directory {} private: {e}",
                settings.data_dir.display()
            )
        })?;
        let keys = kernel::keys::Keyring::load_or_create(&settings.keys_dir)?;
        let first_audit_key = keys.first_made.contains(&kernel::keys::Purpose::Audit);
        let db = db.with_keys(keys);
        db.migrate().await?;
        let missing = kernel::audit::missing_keys(&db).await?;
        if !missing.is_empty() {
            // The keys just made for an empty folder are not the city's.
            db.keys().forget_first_made(&settings.keys_dir);
            anyhow::bail!(
                "the keys folder {} lacks the audit keys {} that this database's audit log was made with: \
                 give this node the same keys folder as the others (see docs/security.md)",
                settings.keys_dir.display(),
                missing.join(", ")
            );
        }
        // Chains from before keys are sealed once, when the first audit key
        // is made: never later, or a rewrite passed off as such an entry
        // would be sealed too.
        if first_audit_key {
            kernel::audit::seal_unkeyed(&db).await?;
        }
        let db = unlock(db, &settings.keys_dir).await?;
        let catalog = Catalog::load(db.clone()).await?;
        let identity = Identity::new(db.clone(), settings.secure_cookies)
            .with_trusted_proxies(settings.trusted_proxies.clone())
            .with_public_url(&settings.public_url)?
            .with_sso(identity::oidc::Sso::new(
                settings.staff_oidc.clone(),
                settings.gbizid.clone(),
                &settings.public_url,
            )?);
        identity.discover_in_background();
        let attachments =
            applications::attachments::Attachments::local(&settings.data_dir.join("attachments"))?;
        // Once, at the first start that seals: what was stored before.
        if !kernel::sealed::sealing_done(&db).await? {
            applications::sealing::seal_existing(&db, &attachments).await?;
            identity::two_factor::seal_existing(&db).await?;
            kernel::sealed::mark_sealing_done(&db).await?;
        }
        db.vault().refuse_unsealed();
        attachments.start_purging(db.clone());
        let tokens = kernel::tokens::TokenGuard::new(db.clone(), settings.api_rate);
        let applications =
            Applications::new(db.clone(), identity.clone(), attachments, tokens.clone());
        let mailer = mail::Mailer::new(
            db.clone(),
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            &settings.public_url,
            &settings.data_dir.join("mail"),
        )?;
        mailer.start();
        progress::survey_reminders::start(db.clone());
        integration::relay::start(db.clone(), settings.relay.clone());
        let ready = notices::setup::prepare(&settings.notices, settings.demo_pki.as_ref()).await?;
        let notices = notices::Notices::new(
            applications.clone(),
            ready,
            format!("{}/verify", settings.public_url.trim_end_matches('/')),
        );
        // A server takes up the bulk issues a stop interrupted.
        if settings.relay.enabled {
            notices::bulk::resume(&notices.issuer, notices::Notices::parallel()).await?;
        }
        let (providers, sandbox) = payments::setup::providers(&settings.payments).await?;
        let payments = payments::Payments::new(
            applications.clone(),
            providers.clone(),
            settings.public_url.clone(),
            notices.issuer.font.clone(),
        );
        payments::reconcile::start(db.clone(), providers, settings.payments.reconcile_every);
        kernel::housekeeping::start(
            db.clone(),
            vec![
                applications::retention::daily_job(
                    db.clone(),
                    applications.attachments().clone(),
                    settings.retention_years,
                ),
                integration::layout_schedule::daily_job(db.clone(), settings.data_dir.clone()),
                integration::store::daily_job(db.clone()),
                notices.archive_job(),
            ],
        );
        let csrf = kernel::csrf::Csrf {
            secure: settings.secure_cookies,
            public_origin: Some(settings.public_url.clone()),
            buffered: kernel::csrf::BodyBudget::new(BUFFERED_BODIES_BYTES, MAX_BODY_BYTES),
        };
        let site = site::Site::new(
            catalog.clone(),
            &settings.public_url,
            site::Facts {
                retention_years: settings.retention_years,
            },
            site::Contact::demo(),
        );
        let counter = counter::Counter::new(
            db.clone(),
            catalog.clone(),
            identity.clone(),
            applications.clone(),
            settings.lamp,
            &settings.public_url,
            settings.kiosks.clone(),
        )
        .with_meetings(settings.meetings.clone());
        counter.start();
        let bereavement =
            bereavement::Bereavement::new(db.clone(), catalog.clone(), identity.clone());
        let guide = guide::Guide::new(catalog.clone(), identity.clone());
        let notify = notify::Notify::new(db.clone());
        notify::sender::Sender::new(
            notify.clone(),
            mailer.clone(),
            settings.announcement_mails_per_second,
        )
        .start();
        Ok(Platform {
            counter,
            bereavement,
            notify,
            guide,
            site,
            db,
            catalog,
            identity,
            applications,
            mailer,
            tokens,
            csrf,
            trusted_proxies: settings.trusted_proxies.clone(),
            max_connections: settings.max_connections,
            events_addr: settings.events_addr.clone(),
            data_dir: settings.data_dir.clone(),
            form_reviewers: settings.form_reviewers,
            notices,
            payments,
            sandbox,
        })
    }

    /// The integration hub's routes' state.
    pub fn integration(&self) -> integration::Integration {
        integration::Integration::new(
            self.db.clone(),
            self.identity.clone(),
            self.tokens.clone(),
            self.applications.clone(),
            &self.data_dir,
        )
    }

    pub fn router(&self) -> Router {
        kernel::metrics::init();
        let kernel_routes = Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(kernel::metrics::metrics_handler))
            .with_state(self.tokens.clone())
            .route(kernel::web::STYLESHEET_PATH, get(kernel::web::stylesheet));
        let (api, doc) = crate::openapi::api(self);
        Router::new()
            .merge(kernel_routes)
            .merge(api)
            .merge(crate::openapi::document_routes(&doc))
            .merge(self.catalog.router())
            .merge(progress::Progress::new(self.catalog.clone(), self.identity.clone()).router())
            .merge(self.identity.router())
            .merge(self.applications.router())
            .merge(self.integration().router())
            .merge(self.notices.router())
            .merge(self.payments.router())
            .merge(self.site.router())
            .merge(self.counter.router())
            .merge(self.bereavement.router())
            .merge(self.guide.router())
            .merge(self.notify.router(self.identity.clone()))
            .merge(
                formbuilder::FormBuilder::new(
                    self.applications.clone(),
                    self.catalog.clone(),
                    self.form_reviewers,
                )
                .router(),
            )
            .fallback(not_found)
            // Who is signed in, for the headers (one lookup, only when the
            // session cookie is there; the guards reuse it).
            .layer(middleware::from_fn_with_state(
                self.identity.clone(),
                identity::viewer_layer,
            ))
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
            .layer(TraceLayer::new_for_http().make_span_with(kernel::client::request_span))
            .layer(middleware::from_fn_with_state(
                self.trusted_proxies.clone(),
                kernel::client::tag,
            ))
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

/// What one client may hold of the server, and for how long.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// How long a client may take to send a request's headers: a
    /// half-open request is not held longer. A connection over which
    /// nothing moves for this long with no request being answered (one that
    /// never sends a byte, an unfinished HTTP/2 preface, an idle HTTP/2
    /// connection) is closed too.
    pub header_read: Duration,
    /// How long a request body may stall between two pieces of it.
    pub body_idle: Duration,
    /// The longest a request may take, a large upload on a slow line included.
    pub request: Duration,
    /// Connections served at once; past this, new ones are closed at once
    /// rather than letting one client exhaust the process.
    pub max_connections: usize,
    /// Connections one client address may hold at once, so that one client
    /// cannot take them all (reconnecting as fast as idle ones are closed).
    pub per_client: usize,
    /// Addresses exempt from `per_client`: the reverse proxies every
    /// resident's connection comes through.
    pub trusted_proxies: kernel::client::TrustedProxies,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read: Duration::from_secs(10),
            body_idle: Duration::from_secs(30),
            request: Duration::from_secs(300),
            max_connections: 4096,
            per_client: 256,
            trusted_proxies: Default::default(),
        }
    }
}

/// How long open connections get to finish on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// Serves the platform on `addr` until Ctrl-C or SIGTERM.
pub async fn serve(platform: &Platform, addr: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    tracing::info!(addr = %listener.local_addr()?, "serving");
    let default = ServerLimits::default();
    let limits = ServerLimits {
        trusted_proxies: platform.trusted_proxies.clone(),
        max_connections: platform.max_connections.unwrap_or(default.max_connections),
        ..default
    };
    if let Some(events) = &platform.events_addr {
        let events_listener = tokio::net::TcpListener::bind(events)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen for event streams on {events}: {e}"))?;
        tracing::info!(addr = %events_listener.local_addr()?, "serving the event streams");
        tokio::spawn(counter::stream::serve(
            events_listener,
            platform.counter.hub.clone(),
            limits.max_connections,
        ));
    }
    serve_on(listener, platform.router(), limits, shutdown_signal()).await
}

/// How many connections each client address holds.
#[derive(Clone, Default)]
struct PerClient(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>,
);

/// One connection counted against its client; uncounted when dropped.
struct Counted {
    clients: PerClient,
    ip: std::net::IpAddr,
}

impl PerClient {
    fn admit(&self, ip: std::net::IpAddr, cap: usize) -> Option<Counted> {
        let mut open = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(ip).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Counted {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut open = self
            .clients
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.ip) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes: HTTP/1.1 and
/// HTTP/2, each request told its client's address (`ConnectInfo`), headers
/// read, bodies sent and requests answered within `limits`, at most
/// `limits.max_connections` at once.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt;

    let router = router
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body_idle,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request,
        ));
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder.http2().timer(TokioTimer::new());
    let connections = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let per_client = PerClient::default();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(%error, "a connection could not be accepted");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tracing::warn!(client = %peer.ip(), "refused: too many connections");
            continue;
        };
        let counted = if limits.trusted_proxies.trusts(peer.ip()) {
            None
        } else {
            match per_client.admit(peer.ip(), limits.per_client) {
                Some(counted) => Some(counted),
                None => {
                    tracing::warn!(client = %peer.ip(), "refused: too many connections from one client");
                    continue;
                }
            }
        };
        let router = router.clone();
        let activity = std::sync::Arc::new(Activity::default());
        let in_service = activity.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                let answering = in_service.answering();
                // Boxed: the whole middleware stack's future is large, and
                // the connection would otherwise keep room for it for as long
                // as it lives (a resident watching a live page holds one for
                // hours); boxed, it is freed once the answer has begun.
                let answer = Box::pin(router.clone().oneshot(request.map(axum::body::Body::new)));
                async move {
                    let answer = answer.await;
                    drop(answering);
                    answer
                }
            },
        );
        let stream = Watched {
            inner: stream,
            activity: activity.clone(),
        };
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        let idle = limits.header_read;
        tokio::spawn(async move {
            tokio::select! {
                // A client that goes away mid-request is not the server's error.
                _ = connection => {}
                () = activity.idle_for(idle) => {
                    tracing::info!(client = %peer.ip(), "closed a connection over which nothing moved");
                }
            }
            drop(counted);
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open after the shutdown grace period");
        }
    }
    Ok(())
}

/// What moves over one connection: bytes read or written, and requests
/// being answered. The server's limits on headers and bodies only start once
/// a request has begun; this closes the connections that never begin one.
#[derive(Default)]
struct Activity {
    /// Bytes read or written since the watchdog last looked.
    moved: std::sync::atomic::AtomicBool,
    /// Requests whose answer is being made.
    answering: std::sync::Arc<()>,
}

impl Activity {
    fn answering(&self) -> std::sync::Arc<()> {
        self.answering.clone()
    }

    /// Completes once `period` has passed with no byte moved and no request
    /// being answered (a long answer made without I/O is not idle).
    async fn idle_for(&self, period: Duration) {
        use std::sync::atomic::Ordering;
        loop {
            tokio::time::sleep(period).await;
            let moved = self.moved.swap(false, Ordering::Relaxed);
            let answering = std::sync::Arc::strong_count(&self.answering) > 1;
            if !moved && !answering {
                return;
            }
        }
    }
}

/// A connection's stream that notes each read and write in its [`Activity`].
struct Watched {
    inner: tokio::net::TcpStream,
    activity: std::sync::Arc<Activity>,
}

impl Watched {
    fn note<T>(&self, poll: &std::task::Poll<std::io::Result<T>>) {
        if poll.is_ready() {
            self.activity
                .moved
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.note(&poll);
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        data: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_write(cx, data);
        self.note(&poll);
        poll
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        data: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, data);
        self.note(&poll);
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
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
