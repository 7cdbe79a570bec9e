//! Sign-in through an OpenID Connect provider: staff through the city's IdP
//! (`/staff/login/oidc`), businesses through gBizID (`/login/gbizid`).
//!
//! The way there: a random id in a short-lived HttpOnly, SameSite=Lax
//! cookie (Lax: the provider's redirect back is a top-level cross-site GET)
//! names a row holding the state, the nonce and the PKCE (S256) verifier;
//! the callback uses that row once. The ID token's signature (the
//! provider's published keys), issuer, audience, nonce and expiry are
//! checked; then the claims are mapped (e-mail, role, section; gBizID's
//! corporate number), the account is found by (issuer, subject) or, the
//! first time, by e-mail, and a session is made as the password login
//! makes one. Refusals are logged with the client's address, never with a
//! token or a code.
//!
//! The provider's configuration is discovered at start and again whenever
//! it is needed while missing (at most every [`RETRY_AFTER`]), so the
//! platform starts when the provider is down and the password login keeps
//! working.

use std::sync::Arc;
use std::time::Instant;

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine;
use kernel::client::ClientAddr;
use kernel::oidc_config::OidcConfig;
use kernel::web::{Chrome, render};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::Row;
use time::OffsetDateTime;

use crate::model::{Account, AccountKind, Resident, Role, Staff};
use crate::{Identity, cookie_value, masked, store};

/// How long a sign-in may take at the provider.
pub const FLOW_LIFETIME: time::Duration = time::Duration::minutes(10);
/// How long the provider's discovered configuration and keys are kept.
pub const METADATA_TTL: std::time::Duration = std::time::Duration::from_secs(3600);
/// After a failed discovery, how long before the next try.
pub const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(15);
/// Requests to the provider give up after this.
const PROVIDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Which provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The city's IdP: staff accounts.
    Staff,
    /// gBizID: resident-kind accounts of business representatives.
    GBizId,
}

impl Which {
    pub fn name(self) -> &'static str {
        match self {
            Which::Staff => "staff",
            Which::GBizId => "gbizid",
        }
    }

    pub fn start_path(self) -> &'static str {
        match self {
            Which::Staff => "/staff/login/oidc",
            Which::GBizId => "/login/gbizid",
        }
    }

    /// Where a refused sign-in ends (a clean address: the callback's code
    /// and state stay out of the history and of the page's links).
    pub fn refused_path(self) -> &'static str {
        match self {
            Which::Staff => "/staff/login/oidc/refused",
            Which::GBizId => "/login/gbizid/refused",
        }
    }

    pub fn callback_path(self) -> &'static str {
        match self {
            Which::Staff => "/staff/login/oidc/callback",
            Which::GBizId => "/login/gbizid/callback",
        }
    }

    fn login_path(self) -> &'static str {
        match self {
            Which::Staff => "/staff/login",
            Which::GBizId => "/login",
        }
    }

    fn cookie(self) -> &'static str {
        match self {
            Which::Staff => "madoguchi_oidc_staff",
            Which::GBizId => "madoguchi_oidc_gbizid",
        }
    }
}

/// One configured provider and what was discovered of it.
pub struct Provider {
    which: Which,
    config: OidcConfig,
    issuer: IssuerUrl,
    redirect_url: RedirectUrl,
    http: reqwest::Client,
    discovered: tokio::sync::Mutex<Discovered>,
}

#[derive(Default)]
struct Discovered {
    metadata: Option<(CoreProviderMetadata, Instant)>,
    last_failure: Option<Instant>,
}

/// Sign-ins a client may have under way at once (started, not finished),
/// and how often one more is allowed.
pub const START_ALLOWANCE: (u32, std::time::Duration) =
    (200, std::time::Duration::from_millis(500));

/// The configured providers (none by default).
#[derive(Clone)]
pub struct Sso {
    staff: Option<Arc<Provider>>,
    gbizid: Option<Arc<Provider>>,
    starts: Arc<kernel::client::RateLimiter>,
}

impl Default for Sso {
    fn default() -> Self {
        Sso {
            staff: None,
            gbizid: None,
            starts: Arc::new(kernel::client::RateLimiter::new(
                START_ALLOWANCE.0,
                START_ALLOWANCE.1,
            )),
        }
    }
}

impl Sso {
    /// The providers, with their callbacks under `public_url`.
    pub fn new(
        staff: Option<OidcConfig>,
        gbizid: Option<OidcConfig>,
        public_url: &str,
    ) -> anyhow::Result<Sso> {
        let provider = |which: Which, config: Option<OidcConfig>| -> anyhow::Result<_> {
            config
                .map(|config| Provider::new(which, config, public_url).map(Arc::new))
                .transpose()
        };
        Ok(Sso {
            staff: provider(Which::Staff, staff)?,
            gbizid: provider(Which::GBizId, gbizid)?,
            ..Sso::default()
        })
    }

    fn get(&self, which: Which) -> Option<&Arc<Provider>> {
        match which {
            Which::Staff => self.staff.as_ref(),
            Which::GBizId => self.gbizid.as_ref(),
        }
    }

    fn offered(&self) -> Offered {
        Offered {
            staff: self.staff.is_some(),
            gbizid: self.gbizid.is_some(),
        }
    }

    /// Discovers each provider in the background and logs the outcome; a
    /// provider that does not answer is tried again when someone signs in.
    pub fn discover_in_background(&self) {
        for provider in [&self.staff, &self.gbizid].into_iter().flatten() {
            let provider = provider.clone();
            tokio::spawn(async move {
                let _ = provider.metadata(false).await;
            });
        }
    }
}

impl Provider {
    fn new(which: Which, config: OidcConfig, public_url: &str) -> anyhow::Result<Provider> {
        let issuer = IssuerUrl::new(config.issuer.clone())
            .map_err(|e| anyhow::anyhow!("the {} issuer URL is not valid: {e}", which.name()))?;
        let redirect = format!(
            "{}{}",
            public_url.trim_end_matches('/'),
            which.callback_path()
        );
        let redirect_url = RedirectUrl::new(redirect)
            .map_err(|e| anyhow::anyhow!("the {} callback URL is not valid: {e}", which.name()))?;
        let http = reqwest::Client::builder()
            // A redirect from the provider is not followed (no request is
            // steered elsewhere).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        Ok(Provider {
            which,
            config,
            issuer,
            redirect_url,
            http,
            discovered: Default::default(),
        })
    }

    /// The provider's configuration and keys: kept for [`METADATA_TTL`],
    /// fetched again when `refresh` (keys may have rotated). None when the
    /// provider cannot be reached and nothing was kept.
    async fn metadata(&self, refresh: bool) -> Option<CoreProviderMetadata> {
        let mut discovered = self.discovered.lock().await;
        if let Some((metadata, at)) = &discovered.metadata
            && !refresh
            && at.elapsed() < METADATA_TTL
        {
            return Some(metadata.clone());
        }
        if discovered.metadata.is_none()
            && discovered
                .last_failure
                .is_some_and(|failed| failed.elapsed() < RETRY_AFTER)
        {
            return None;
        }
        match CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await {
            Ok(metadata) => {
                tracing::info!(
                    provider = self.which.name(),
                    issuer = %self.config.issuer,
                    "OpenID Connect provider discovered; sign-in through it is on"
                );
                discovered.metadata = Some((metadata.clone(), Instant::now()));
                discovered.last_failure = None;
                Some(metadata)
            }
            Err(error) => {
                discovered.last_failure = Some(Instant::now());
                let kept = discovered.metadata.as_ref().map(|(m, _)| m.clone());
                tracing::warn!(
                    provider = self.which.name(),
                    issuer = %self.config.issuer,
                    error = %error_chain(&error),
                    kept_earlier = kept.is_some(),
                    "OpenID Connect provider unreachable or its configuration unusable; \
                     sign-in through it waits, the password login keeps working"
                );
                kept
            }
        }
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> openidconnect::core::CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        // client_secret_basic unless the provider takes only client_secret_post.
        let post_only = metadata
            .token_endpoint_auth_methods_supported()
            .is_some_and(|methods| {
                let names: Vec<&str> = methods.iter().map(|m| m.as_ref()).collect();
                !names.contains(&"client_secret_basic") && names.contains(&"client_secret_post")
            });
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect_url.clone());
        if post_only {
            client.set_auth_type(AuthType::RequestBody)
        } else {
            client
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Which sign-in buttons the login pages show (set around each request to
/// this crate's routes, read by the templates).
#[derive(Debug, Clone, Copy, Default)]
pub struct Offered {
    staff: bool,
    gbizid: bool,
}

tokio::task_local! {
    static OFFERED: Offered;
}

/// Middleware: the platform's providers, for the login templates.
pub(crate) async fn offer(
    State(offered): State<Offered>,
    request: Request,
    next: Next,
) -> Response {
    OFFERED.scope(offered, next.run(request)).await
}

pub(crate) fn offered_of(identity: &Identity) -> Offered {
    identity.sso.offered()
}

/// For the staff login page: the link to the city's IdP, when configured.
pub fn staff_link(chrome: &Chrome, next: &str) -> Option<String> {
    let offered = OFFERED.try_with(|o| o.staff).unwrap_or(false);
    offered.then(|| with_next(chrome.link(Which::Staff.start_path()), next))
}

/// For the resident login page: the link to gBizID, when configured.
pub fn gbizid_link(chrome: &Chrome, next: &str) -> Option<String> {
    let offered = OFFERED.try_with(|o| o.gbizid).unwrap_or(false);
    offered.then(|| with_next(chrome.link(Which::GBizId.start_path()), next))
}

fn with_next(link: String, next: &str) -> String {
    if next.is_empty() {
        link
    } else {
        let separator = if link.contains('?') { '&' } else { '?' };
        format!("{link}{separator}next={}", kernel::web::encode(next))
    }
}

pub fn routes() -> Router<Identity> {
    Router::new()
        .route(Which::Staff.start_path(), get(staff_start))
        .route(Which::Staff.callback_path(), get(staff_callback))
        .route(Which::GBizId.start_path(), get(gbizid_start))
        .route(Which::GBizId.callback_path(), get(gbizid_callback))
        .route(Which::Staff.refused_path(), get(staff_refused))
        .route(Which::GBizId.refused_path(), get(gbizid_refused))
}

#[derive(Deserialize, Default)]
struct WhyParam {
    #[serde(default)]
    why: String,
}

async fn staff_refused(chrome: Chrome, why: Result<Query<WhyParam>, QueryRejection>) -> Response {
    let why = why.map(|Query(w)| w.why).unwrap_or_default();
    Refusal::from_code(&why).page(chrome, Which::Staff)
}

async fn gbizid_refused(chrome: Chrome, why: Result<Query<WhyParam>, QueryRejection>) -> Response {
    let why = why.map(|Query(w)| w.why).unwrap_or_default();
    Refusal::from_code(&why).page(chrome, Which::GBizId)
}

#[derive(Deserialize, Default)]
struct NextParam {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize, Default)]
struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

async fn staff_start(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    next: Result<Query<NextParam>, QueryRejection>,
) -> Response {
    let next = next.map(|Query(n)| n.next).unwrap_or_default();
    start(&identity, chrome, client, Which::Staff, next).await
}

async fn gbizid_start(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    next: Result<Query<NextParam>, QueryRejection>,
) -> Response {
    let next = next.map(|Query(n)| n.next).unwrap_or_default();
    start(&identity, chrome, client, Which::GBizId, next).await
}

async fn staff_callback(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    headers: HeaderMap,
    params: Result<Query<CallbackParams>, QueryRejection>,
) -> Response {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    callback(&identity, chrome, client, &headers, Which::Staff, params).await
}

async fn gbizid_callback(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    headers: HeaderMap,
    params: Result<Query<CallbackParams>, QueryRejection>,
) -> Response {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    callback(&identity, chrome, client, &headers, Which::GBizId, params).await
}

/// A page that says why the sign-in did not happen (notice.html).
#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    chrome: Chrome,
    lines: Vec<String>,
    show_resend: bool,
    email: String,
    link: Option<(String, String)>,
}

/// Why a sign-in through the provider was refused: what the visitor reads
/// (a message id) and its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The provider cannot be reached now.
    Unavailable,
    /// Expired, replayed, tampered with, or refused by the provider.
    Failed,
    /// No role in madoguchi (unmapped role or department).
    NoRole,
    /// No madoguchi account for this person.
    NoAccount,
    /// The account is disabled.
    Disabled,
    /// The provider gave no usable e-mail address (or corporate number).
    MissingClaim,
}

impl Refusal {
    const ALL: [Refusal; 6] = [
        Refusal::Unavailable,
        Refusal::Failed,
        Refusal::NoRole,
        Refusal::NoAccount,
        Refusal::Disabled,
        Refusal::MissingClaim,
    ];

    fn code(self) -> &'static str {
        match self {
            Refusal::Unavailable => "unavailable",
            Refusal::Failed => "failed",
            Refusal::NoRole => "no-role",
            Refusal::NoAccount => "no-account",
            Refusal::Disabled => "disabled",
            Refusal::MissingClaim => "missing-claim",
        }
    }

    fn from_code(code: &str) -> Refusal {
        Refusal::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .unwrap_or(Refusal::Failed)
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Failed => StatusCode::BAD_REQUEST,
            Refusal::NoRole | Refusal::NoAccount | Refusal::Disabled | Refusal::MissingClaim => {
                StatusCode::FORBIDDEN
            }
        }
    }

    fn message(self, which: Which) -> &'static str {
        match (self, which) {
            (Refusal::Unavailable, _) => "sso-unavailable",
            (Refusal::Failed, _) => "sso-failed",
            (Refusal::NoRole, _) => "sso-no-role",
            (Refusal::NoAccount, _) => "sso-no-account",
            (Refusal::Disabled, _) => "sso-disabled",
            (Refusal::MissingClaim, Which::Staff) => "sso-missing-claim",
            (Refusal::MissingClaim, Which::GBizId) => "sso-gbizid-missing-claim",
        }
    }

    fn page(self, chrome: Chrome, which: Which) -> Response {
        let title = chrome.marked_up("sso-refused-title");
        let page = NoticePage {
            lines: vec![chrome.marked_up(self.message(which))],
            show_resend: false,
            email: String::new(),
            link: Some((
                chrome.link(which.login_path()),
                chrome.marked_up("sso-back-to-login"),
            )),
            chrome: chrome.titled(title),
        };
        (self.status(), render(&page)).into_response()
    }
}

fn flow_cookie(identity: &Identity, which: Which, value: &str, max_age: i64) -> String {
    format!(
        "{}={value}; Path={}; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        which.cookie(),
        which.start_path(),
        if identity.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

async fn start(
    identity: &Identity,
    chrome: Chrome,
    client: ClientAddr,
    which: Which,
    next: String,
) -> Response {
    let Some(provider) = identity.sso.get(which) else {
        return kernel::web::PageError::new(&chrome, kernel::ApiError::not_found_page())
            .into_response();
    };
    // Each sign-in started takes from the client's allowance and a
    // completed one gives it back: abandoned ones (and the rows they
    // leave) are limited, while a whole city hall behind one address
    // signing in at nine is not.
    if let Err(wait) = identity.sso.starts.take(client) {
        tracing::warn!(client = %client, provider = which.name(), "sign-in through the provider refused: too many unfinished sign-ins from this client");
        return crate::too_many_attempts(&chrome, wait);
    }
    let Some(metadata) = provider.metadata(false).await else {
        tracing::warn!(client = %client, provider = which.name(), "sign-in through the provider refused: it cannot be reached");
        return Refusal::Unavailable.page(chrome, which);
    };
    let oidc = provider.client(metadata);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = oidc
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in &provider.config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state, nonce) = request.url();
    let flow_id = store::random_hex(32);
    let next: String = next.chars().take(500).collect();
    if let Err(error) = save_flow(
        identity,
        which,
        &flow_id,
        state.secret(),
        nonce.secret(),
        verifier.secret(),
        &next,
    )
    .await
    {
        return kernel::web::PageError::new(&chrome, error.into()).into_response();
    }
    with_cookie(
        Redirect::to(url.as_str()).into_response(),
        flow_cookie(identity, which, &flow_id, FLOW_LIFETIME.whole_seconds()),
    )
}

async fn save_flow(
    identity: &Identity,
    which: Which,
    flow_id: &str,
    state: &str,
    nonce: &str,
    verifier: &str,
    next: &str,
) -> anyhow::Result<()> {
    let db = identity.db().pool();
    let now = OffsetDateTime::now_utc();
    sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
        .bind(kernel::clock::to_text(now))
        .execute(db)
        .await?;
    sqlx::query(
        "INSERT INTO oidc_logins (id_hash, provider, state, nonce, pkce_verifier, next, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(store::token_hash(flow_id))
    .bind(which.name())
    .bind(state)
    .bind(nonce)
    .bind(verifier)
    .bind(next)
    .bind(kernel::clock::to_text(now + FLOW_LIFETIME))
    .execute(db)
    .await?;
    Ok(())
}

struct Flow {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
}

/// The flow the cookie names, taken (it serves once); None when there is
/// none, it expired, or it was for the other provider.
async fn take_flow(
    identity: &Identity,
    which: Which,
    flow_id: &str,
) -> anyhow::Result<Option<Flow>> {
    let mut tx = identity.db().begin().await?;
    let id_hash = store::token_hash(flow_id);
    let row = sqlx::query(
        "SELECT provider, state, nonce, pkce_verifier, next, expires_at FROM oidc_logins WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let deleted = sqlx::query("DELETE FROM oidc_logins WHERE id_hash = $1")
        .bind(&id_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    let provider: String = row.try_get("provider")?;
    let expires: String = row.try_get("expires_at")?;
    let live = kernel::clock::parse(&expires).is_some_and(|at| at > OffsetDateTime::now_utc());
    if deleted != 1 || provider != which.name() || !live {
        return Ok(None);
    }
    Ok(Some(Flow {
        state: row.try_get("state")?,
        nonce: row.try_get("nonce")?,
        verifier: row.try_get("pkce_verifier")?,
        next: row.try_get("next")?,
    }))
}

/// Same length and bytes, compared without stopping at the first difference.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (store::token_hash(a), store::token_hash(b));
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

async fn callback(
    identity: &Identity,
    chrome: Chrome,
    client: ClientAddr,
    headers: &HeaderMap,
    which: Which,
    params: CallbackParams,
) -> Response {
    // The flow's cookie is cleared whatever happens.
    let clear = flow_cookie(identity, which, "", 0);
    let response = match sign_in(identity, &chrome, client, headers, which, params).await {
        Ok(Ok(response)) => response,
        Ok(Err(refusal)) => {
            Redirect::to(&chrome.link(&format!("{}?why={}", which.refused_path(), refusal.code())))
                .into_response()
        }
        Err(error) => kernel::web::PageError::new(&chrome, error.into()).into_response(),
    };
    with_cookie(response, clear)
}

/// What the provider says about the person, ID token and userinfo merged.
struct Claims {
    issuer: String,
    subject: String,
    all: Map<String, Value>,
}

impl Claims {
    fn text(&self, name: &str) -> Option<String> {
        match self.all.get(name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// A claim that may be one string or a list of strings.
    fn texts(&self, name: &str) -> Vec<String> {
        match self.all.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .map(|s| s.trim().to_string())
                .collect(),
            Some(_) => self.text(name).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

async fn sign_in(
    identity: &Identity,
    chrome: &Chrome,
    client: ClientAddr,
    headers: &HeaderMap,
    which: Which,
    params: CallbackParams,
) -> anyhow::Result<Result<Response, Refusal>> {
    let provider_name = which.name();
    let refuse = |reason: &str| {
        tracing::warn!(client = %client, provider = provider_name, reason, "sign-in through the provider refused");
        Ok(Err(Refusal::Failed))
    };
    let Some(provider) = identity.sso.get(which) else {
        return refuse("this provider is not configured");
    };
    let Some(flow_id) = cookie_value(headers, which.cookie()).filter(|v| !v.is_empty()) else {
        return refuse("no sign-in under way in this browser (no flow cookie)");
    };
    let Some(flow) = take_flow(identity, which, flow_id).await? else {
        return refuse("the sign-in expired or was already used");
    };
    if let Some(error) = &params.error {
        let error: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        return refuse(&format!("the provider answered {error}"));
    }
    let (Some(code), Some(state)) = (params.code, params.state) else {
        return refuse("the callback has no code or no state");
    };
    if !same_secret(&state, &flow.state) {
        return refuse("the state does not match this browser's sign-in");
    }
    if let Some(iss) = &params.iss
        && iss.trim_end_matches('/') != provider.config.issuer
    {
        return refuse("the callback names another issuer");
    }
    let Some(metadata) = provider.metadata(false).await else {
        tracing::warn!(client = %client, provider = provider_name, "sign-in through the provider refused: it cannot be reached");
        return Ok(Err(Refusal::Unavailable));
    };
    let oidc = provider.client(metadata.clone());
    let token_request = oidc
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| anyhow::anyhow!("the provider has no token endpoint: {e}"))?
        .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier));
    let tokens = match token_request.request_async(&provider.http).await {
        Ok(tokens) => tokens,
        Err(error) => {
            return refuse(&format!(
                "the code exchange failed: {}",
                error_chain(&error)
            ));
        }
    };
    let Some(id_token) = tokens.id_token() else {
        return refuse("the token response has no ID token");
    };
    let nonce = Nonce::new(flow.nonce);
    let verified = match id_token.claims(&oidc.id_token_verifier(), &nonce) {
        Ok(claims) => Ok(claims.subject().to_string()),
        Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
            // The provider may have rotated its keys: fetch them once more.
            match provider.metadata(true).await {
                Some(fresh) => {
                    let oidc = provider.client(fresh);
                    id_token
                        .claims(&oidc.id_token_verifier(), &nonce)
                        .map(|claims| claims.subject().to_string())
                }
                None => id_token
                    .claims(&oidc.id_token_verifier(), &nonce)
                    .map(|claims| claims.subject().to_string()),
            }
        }
        Err(error) => Err(error),
    };
    let subject = match verified {
        Ok(subject) => subject,
        Err(error) => return refuse(&format!("the ID token was refused: {error}")),
    };
    // The token is verified: its payload's claims are read by name.
    let mut all = match payload_of(&id_token.to_string()) {
        Some(all) => all,
        None => return refuse("the ID token's claims cannot be read"),
    };
    if let Some(endpoint) = metadata.userinfo_endpoint() {
        match userinfo(
            provider,
            endpoint.url().as_str(),
            tokens.access_token().secret(),
        )
        .await
        {
            Ok(info) if info.get("sub").and_then(Value::as_str) == Some(subject.as_str()) => {
                for (name, value) in info {
                    all.entry(name).or_insert(value);
                }
            }
            Ok(_) => return refuse("the userinfo answer is about another subject"),
            Err(error) => {
                tracing::warn!(provider = provider_name, error = %error, "userinfo not read; the ID token's claims are used alone");
            }
        }
    }
    let claims = Claims {
        issuer: provider.config.issuer.clone(),
        subject,
        all,
    };
    let account = match which {
        Which::Staff => staff_account(identity, &provider.config, client, &claims)
            .await?
            .map(Account::Staff),
        Which::GBizId => business_account(identity, &provider.config, client, &claims)
            .await?
            .map(Account::Resident),
    };
    let account = match account {
        Ok(account) => account,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let (lifetime, landing) = match &account {
        Account::Staff(staff) => {
            tracing::info!(client = %client, provider = provider_name, staff = %staff.id, role = staff.role.code(), "signed in through the provider");
            (crate::STAFF_SESSION, "/staff")
        }
        Account::Resident(resident) => {
            tracing::info!(client = %client, provider = provider_name, resident = %resident.id, "signed in through the provider");
            (crate::RESIDENT_SESSION, "/my")
        }
    };
    let session = store::create_session(identity.db(), &account, lifetime).await?;
    identity.sso.starts.give_back(client);
    let response =
        Redirect::to(&chrome.link(&crate::pages::safe_next(&flow.next, landing))).into_response();
    Ok(Ok(with_cookie(
        response,
        identity.session_cookie(&session.token, lifetime),
    )))
}

/// The claims of a compact JWS (its signature already checked).
fn payload_of(jws: &str) -> Option<Map<String, Value>> {
    let payload = jws.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

async fn userinfo(
    provider: &Provider,
    endpoint: &str,
    access_token: &str,
) -> anyhow::Result<Map<String, Value>> {
    let response = provider
        .http
        .get(endpoint)
        .bearer_auth(access_token)
        .header(header::ACCEPT, "application/json")
        .send()
        .await?;
    if !response.status().is_success() {
        anyhow::bail!("the userinfo endpoint answered {}", response.status());
    }
    Ok(response.json().await?)
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::Clerk => 0,
        Role::Manager => 1,
        Role::DxAdmin => 2,
    }
}

/// The role and section the claims give, when the configuration maps them:
/// Ok(None) when roles are not mapped (the account's own count).
fn mapped_role(
    config: &OidcConfig,
    claims: &Claims,
) -> Result<Option<(Role, Option<String>)>, String> {
    let Some(role_claim) = &config.role_claim else {
        return Ok(None);
    };
    let values = claims.texts(role_claim);
    let role = values
        .iter()
        .filter_map(|v| config.roles.get(v))
        .filter_map(|code| Role::parse(code))
        .max_by_key(|r| role_rank(*r));
    let Some(role) = role else {
        let shown: Vec<String> = values
            .iter()
            .take(5)
            .map(|v| v.chars().take(40).collect())
            .collect();
        return Err(format!("no role mapped from {role_claim}={shown:?}"));
    };
    let section = match &config.section_claim {
        Some(section_claim) => {
            let code = claims.text(section_claim).unwrap_or_default();
            match config.sections.get(&code) {
                Some(section) => Some(section.clone()),
                None if role == Role::DxAdmin => None,
                None => {
                    let code: String = code.chars().take(40).collect();
                    return Err(format!(
                        "no section mapped from {section_claim}={code:?} for a {}",
                        role.code()
                    ));
                }
            }
        }
        None => None,
    };
    Ok(Some((role, section)))
}

/// Which column an account is looked up by.
#[derive(Clone, Copy)]
enum By {
    Id,
    Email,
}

/// A staff row and whether it is disabled.
async fn staff_by(
    identity: &Identity,
    by: By,
    value: &str,
) -> anyhow::Result<Option<(Staff, bool)>> {
    let query = match by {
        By::Id => {
            "SELECT staff.id, email, staff.name, role, section_id, sections.name AS section_name, \
             disabled_at FROM staff LEFT JOIN sections ON sections.id = staff.section_id \
             WHERE staff.id = $1"
        }
        By::Email => {
            "SELECT staff.id, email, staff.name, role, section_id, sections.name AS section_name, \
             disabled_at FROM staff LEFT JOIN sections ON sections.id = staff.section_id \
             WHERE staff.email = $1"
        }
    };
    let Some(row) = sqlx::query(query)
        .bind(value)
        .fetch_optional(identity.db().pool())
        .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    let disabled: Option<String> = row.try_get("disabled_at")?;
    Ok(Some((
        Staff {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            role: Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role:?}"))?,
            section_id: row.try_get("section_id")?,
            section_name: row.try_get("section_name")?,
        },
        disabled.is_some(),
    )))
}

/// The account (kind, id) tied to this issuer's subject.
async fn linked(
    identity: &Identity,
    kind: AccountKind,
    claims: &Claims,
) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT account_id FROM external_identities WHERE issuer = $1 AND subject = $2 AND kind = $3",
    )
    .bind(&claims.issuer)
    .bind(&claims.subject)
    .bind(kind.code())
    .fetch_optional(identity.db().pool())
    .await?
    .map(|row| row.try_get("account_id"))
    .transpose()?)
}

/// Whether the account is tied to another subject of this issuer.
async fn tied_elsewhere(
    identity: &Identity,
    kind: AccountKind,
    account_id: &str,
    claims: &Claims,
) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "SELECT subject FROM external_identities WHERE kind = $1 AND account_id = $2 AND issuer = $3 AND subject <> $4",
    )
    .bind(kind.code())
    .bind(account_id)
    .bind(&claims.issuer)
    .bind(&claims.subject)
    .fetch_optional(identity.db().pool())
    .await?
    .is_some())
}

/// Ties the account to the subject (first sign-in) or notes this sign-in.
async fn tie(
    identity: &Identity,
    kind: AccountKind,
    account_id: &str,
    claims: &Claims,
    corporate_number: Option<&str>,
) -> anyhow::Result<()> {
    let now = kernel::clock::now_text();
    sqlx::query(
        "INSERT INTO external_identities \
         (issuer, subject, kind, account_id, corporate_number, created_at, last_sign_in_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (issuer, subject) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at, \
         corporate_number = COALESCE(excluded.corporate_number, external_identities.corporate_number)",
    )
    .bind(&claims.issuer)
    .bind(&claims.subject)
    .bind(kind.code())
    .bind(account_id)
    .bind(corporate_number)
    .bind(now)
    .execute(identity.db().pool())
    .await?;
    Ok(())
}

/// The staff account for these claims, its role and section brought up to
/// date when the configuration maps them; or why not.
async fn staff_account(
    identity: &Identity,
    config: &OidcConfig,
    client: ClientAddr,
    claims: &Claims,
) -> anyhow::Result<Result<Staff, Refusal>> {
    let email = claims
        .text(&config.email_claim)
        .map(|e| store::normalize_email(&e));
    let account = email.as_deref().map(masked).unwrap_or_else(|| "-".into());
    let subject = claims.subject.as_str();
    let refuse = |refusal: Refusal, reason: &str| {
        tracing::warn!(client = %client, provider = "staff", subject, %account, reason, "staff sign-in through the provider refused");
        Ok(Err(refusal))
    };
    let mapped = match mapped_role(config, claims) {
        Ok(mapped) => mapped,
        Err(reason) => return refuse(Refusal::NoRole, &reason),
    };
    if let Some((_, Some(section))) = &mapped {
        let exists = sqlx::query("SELECT id FROM sections WHERE id = $1")
            .bind(section)
            .fetch_optional(identity.db().pool())
            .await?
            .is_some();
        if !exists {
            return refuse(
                Refusal::NoRole,
                &format!(
                    "the mapping names the section {section:?}, which madoguchi does not have"
                ),
            );
        }
    }
    let found = match linked(identity, AccountKind::Staff, claims).await? {
        Some(id) => staff_by(identity, By::Id, &id).await?,
        None => match &email {
            Some(email) => match staff_by(identity, By::Email, email).await? {
                Some((staff, _))
                    if tied_elsewhere(identity, AccountKind::Staff, &staff.id, claims).await? =>
                {
                    return refuse(
                        Refusal::NoAccount,
                        "the account with this e-mail address is tied to another subject",
                    );
                }
                found => found,
            },
            None => return refuse(Refusal::MissingClaim, "no e-mail address in the claims"),
        },
    };
    let (staff, disabled) = match found {
        Some(found) => found,
        None => match (&mapped, &email) {
            (Some((role, section)), Some(email)) if config.create_accounts => {
                let id = store::new_id();
                let name = claims
                    .text(&config.name_claim)
                    .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
                sqlx::query(
                    "INSERT INTO staff (id, email, name, role, section_id, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5, '!', $6)",
                )
                .bind(&id)
                .bind(email)
                .bind(&name)
                .bind(role.code())
                .bind(section.as_deref())
                .bind(kernel::clock::now_text())
                .execute(identity.db().pool())
                .await?;
                tracing::info!(client = %client, staff = %id, %account, role = role.code(), "staff account made on its first sign-in through the provider");
                match staff_by(identity, By::Id, &id).await? {
                    Some(found) => found,
                    None => anyhow::bail!("the new staff account {id} is not there"),
                }
            }
            _ => return refuse(Refusal::NoAccount, "no madoguchi staff account"),
        },
    };
    if disabled {
        return refuse(Refusal::Disabled, "the staff account is disabled");
    }
    let mut staff = staff;
    if let Some((role, section)) = mapped {
        let section = if config.section_claim.is_some() {
            section
        } else {
            staff.section_id.clone()
        };
        if role != staff.role || section != staff.section_id {
            sqlx::query("UPDATE staff SET role = $1, section_id = $2 WHERE id = $3")
                .bind(role.code())
                .bind(section.as_deref())
                .bind(&staff.id)
                .execute(identity.db().pool())
                .await?;
            tracing::info!(
                staff = %staff.id,
                from_role = staff.role.code(),
                to_role = role.code(),
                from_section = staff.section_id.as_deref().unwrap_or("-"),
                to_section = section.as_deref().unwrap_or("-"),
                "role and section brought up to date from the provider's claims"
            );
            staff = match staff_by(identity, By::Id, &staff.id).await? {
                Some((staff, _)) => staff,
                None => anyhow::bail!("the staff account {} went away", staff.id),
            };
        }
    }
    tie(identity, AccountKind::Staff, &staff.id, claims, None).await?;
    Ok(Ok(staff))
}

/// A corporate number (法人番号): 13 digits.
fn corporate_number(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == 13 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

async fn resident_by(identity: &Identity, by: By, value: &str) -> anyhow::Result<Option<Resident>> {
    let query = match by {
        By::Id => {
            "SELECT id, email, name, name_kana, email_verified_at FROM residents WHERE id = $1"
        }
        By::Email => {
            "SELECT id, email, name, name_kana, email_verified_at FROM residents WHERE email = $1"
        }
    };
    let Some(row) = sqlx::query(query)
        .bind(value)
        .fetch_optional(identity.db().pool())
        .await?
    else {
        return Ok(None);
    };
    let verified: Option<String> = row.try_get("email_verified_at")?;
    Ok(Some(Resident {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        name_kana: row.try_get("name_kana")?,
        email_verified: verified.is_some(),
    }))
}

/// The resident-kind account of a business representative signing in
/// through gBizID: tied by subject; the first time, the account with the
/// same (checked) address, or a new one. The corporate number is kept with
/// the tie.
async fn business_account(
    identity: &Identity,
    config: &OidcConfig,
    client: ClientAddr,
    claims: &Claims,
) -> anyhow::Result<Result<Resident, Refusal>> {
    let email = claims
        .text(&config.email_claim)
        .map(|e| store::normalize_email(&e));
    let account = email.as_deref().map(masked).unwrap_or_else(|| "-".into());
    let subject = claims.subject.as_str();
    let refuse = |refusal: Refusal, reason: &str| {
        tracing::warn!(client = %client, provider = "gbizid", subject, %account, reason, "business sign-in through gBizID refused");
        Ok(Err(refusal))
    };
    let Some(number) = claims
        .text(&config.corporate_number_claim)
        .and_then(|n| corporate_number(&n))
    else {
        return refuse(Refusal::MissingClaim, "no corporate number in the claims");
    };
    let resident = match linked(identity, AccountKind::Resident, claims).await? {
        Some(id) => resident_by(identity, By::Id, &id).await?,
        None => None,
    };
    let resident = match (resident, &email) {
        (Some(resident), _) => resident,
        (None, None) => return refuse(Refusal::MissingClaim, "no e-mail address in the claims"),
        (None, Some(email)) => match resident_by(identity, By::Email, email).await? {
            Some(resident)
                if tied_elsewhere(identity, AccountKind::Resident, &resident.id, claims)
                    .await? =>
            {
                return refuse(
                    Refusal::NoAccount,
                    "the account with this e-mail address is tied to another subject",
                );
            }
            Some(resident) if resident.email_verified => resident,
            Some(_) => {
                return refuse(
                    Refusal::NoAccount,
                    "an account with this e-mail address waits for its address check",
                );
            }
            None => {
                let name = claims.text(&config.name_claim).unwrap_or_default();
                let id = store::new_id();
                let now = kernel::clock::now_text();
                sqlx::query(
                    "INSERT INTO residents (id, email, name, name_kana, password_hash, email_verified_at, created_at) \
                     VALUES ($1, $2, $3, '', '!', $4, $4)",
                )
                .bind(&id)
                .bind(email)
                .bind(&name)
                .bind(now)
                .execute(identity.db().pool())
                .await?;
                tracing::info!(client = %client, resident = %id, %account, "business account made on its first sign-in through gBizID");
                match resident_by(identity, By::Id, &id).await? {
                    Some(resident) => resident,
                    None => anyhow::bail!("the new account {id} is not there"),
                }
            }
        },
    };
    tie(
        identity,
        AccountKind::Resident,
        &resident.id,
        claims,
        Some(&number),
    )
    .await?;
    Ok(Ok(resident))
}

/// The corporate number gBizID last gave for a resident-kind account.
pub async fn corporate_number_of(
    identity: &Identity,
    resident_id: &str,
) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT corporate_number FROM external_identities WHERE kind = 'resident' AND account_id = $1 \
         AND corporate_number IS NOT NULL ORDER BY last_sign_in_at DESC",
    )
    .bind(resident_id)
    .fetch_optional(identity.db().pool())
    .await?
    .map(|row| row.try_get("corporate_number"))
    .transpose()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(all: Value) -> Claims {
        Claims {
            issuer: "https://idp.example.jp".into(),
            subject: "s".into(),
            all: all.as_object().cloned().unwrap_or_default(),
        }
    }

    fn config() -> OidcConfig {
        OidcConfig {
            issuer: "https://idp.example.jp".into(),
            client_id: "c".into(),
            client_secret: None,
            scopes: vec![],
            email_claim: "email".into(),
            name_claim: "name".into(),
            role_claim: Some("role".into()),
            roles: [("ippan", "clerk"), ("kacho", "manager"), ("dx", "dx_admin")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            section_claim: Some("department".into()),
            sections: [("KD-110".to_string(), "kodomo-kosodate".to_string())]
                .into_iter()
                .collect(),
            create_accounts: false,
            corporate_number_claim: "corporate_number".into(),
        }
    }

    #[test]
    fn the_highest_mapped_role_counts_and_its_section_must_be_mapped() {
        let config = config();
        let both = claims(serde_json::json!({"role": ["ippan", "kacho"], "department": "KD-110"}));
        assert_eq!(
            mapped_role(&config, &both),
            Ok(Some((Role::Manager, Some("kodomo-kosodate".into()))))
        );
        let unmapped = claims(serde_json::json!({"role": "gaibu", "department": "KD-110"}));
        assert!(mapped_role(&config, &unmapped).is_err());
        let no_section = claims(serde_json::json!({"role": "ippan", "department": "ZZ"}));
        assert!(mapped_role(&config, &no_section).is_err());
        let dx = claims(serde_json::json!({"role": "dx"}));
        assert_eq!(mapped_role(&config, &dx), Ok(Some((Role::DxAdmin, None))));
        let unmapped_config = OidcConfig {
            role_claim: None,
            ..config
        };
        assert_eq!(mapped_role(&unmapped_config, &unmapped), Ok(None));
    }

    #[test]
    fn corporate_numbers_are_thirteen_digits() {
        assert_eq!(
            corporate_number("1234567890123").as_deref(),
            Some("1234567890123")
        );
        assert_eq!(
            corporate_number("1-2345-6789-0123").as_deref(),
            Some("1234567890123")
        );
        assert_eq!(corporate_number("123456789012"), None);
        assert_eq!(corporate_number("12345678901ab"), None);
    }

    #[test]
    fn the_next_page_goes_along_to_the_provider() {
        assert_eq!(
            with_next("/staff/login/oidc".into(), ""),
            "/staff/login/oidc"
        );
        assert_eq!(
            with_next("/staff/login/oidc?lang=en".into(), "/staff/inbox?x=1"),
            "/staff/login/oidc?lang=en&next=%2Fstaff%2Finbox%3Fx%3D1"
        );
    }

    #[test]
    fn the_payload_of_a_compact_token_is_read() {
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"sub":"a","role":"x"}"#);
        let claims = payload_of(&format!("h.{payload}.s"));
        assert_eq!(
            claims.and_then(|c| c.get("role").cloned()),
            Some(Value::String("x".into()))
        );
    }
}
