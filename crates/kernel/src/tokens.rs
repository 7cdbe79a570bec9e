//! API tokens for business systems. A token is shown once when issued; only
//! its SHA-256 is stored, so a copy of the database reveals no usable token.
//!
//! A token carries what it may do ([`Action`]) and whose applications it may
//! see: the sections and bureaus it was issued for, or the whole city when
//! the DX office issued it so (`all_sections`). A handler states the action it
//! needs in its signature with the [`ApiToken`] extractor, and checks the
//! application's section with [`TokenInfo::covers_section`]:
//!
//! ```ignore
//! async fn show(token: ApiToken<scope::ApplicationsRead>, …) {
//!     if !token.covers_section(application.section_id.as_deref()) { /* 404 */ }
//! }
//! ```
//!
//! Known tokens are cached for [`CACHE_TTL`]: a revoked token stops working
//! on every node within that time.

use std::collections::{BTreeSet, HashMap};
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::cache::TtlCache;
use crate::client::ClientAddr;
use crate::{ApiError, Db};

const PREFIX: &str = "mdg_";

/// How long a known token is trusted without reading the database again: a
/// revoked token stops working within this time on every node.
pub const CACHE_TTL: Duration = Duration::from_secs(2);

/// `last_used_at` is written at most this often per token (and node).
pub const LAST_USE_EVERY: Duration = Duration::from_secs(60);

fn hash(token: &str) -> String {
    digest(token)
}

/// The SHA-256 of a secret token, in hex: what is stored instead of it.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What a token may do. Each has a stable code (`applications:read` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Read applications, their history, audit trail and attachments.
    ApplicationsRead,
    /// Submit applications and upload their attachments.
    ApplicationsWrite,
    /// Move a case through its workflow (not decide it).
    TransitionsWrite,
    /// Approve or reject a case; needed besides `transitions:write`.
    DecisionsWrite,
    /// See the section's internal comments in what is read.
    CommentsRead,
    /// Manage webhook subscriptions.
    WebhooksManage,
    /// Read the online-ization indicators.
    IndicatorsRead,
    /// Scrape `/metrics`.
    MetricsRead,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::ApplicationsRead,
        Action::ApplicationsWrite,
        Action::TransitionsWrite,
        Action::DecisionsWrite,
        Action::CommentsRead,
        Action::WebhooksManage,
        Action::IndicatorsRead,
        Action::MetricsRead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::ApplicationsRead => "applications:read",
            Action::ApplicationsWrite => "applications:write",
            Action::TransitionsWrite => "transitions:write",
            Action::DecisionsWrite => "decisions:write",
            Action::CommentsRead => "comments:read",
            Action::WebhooksManage => "webhooks:manage",
            Action::IndicatorsRead => "indicators:read",
            Action::MetricsRead => "metrics:read",
        }
    }

    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// What a scope of the tokens issued before actions stands for:
    /// `read` reads applications, `write` submits and moves cases, `decide`
    /// decides them, `metrics` scrapes.
    pub fn from_legacy(code: &str) -> &'static [Action] {
        match code {
            "read" => &[Action::ApplicationsRead],
            "write" => &[Action::ApplicationsWrite, Action::TransitionsWrite],
            "decide" => &[Action::DecisionsWrite],
            "metrics" => &[Action::MetricsRead],
            _ => &[],
        }
    }

    /// The actions stored codes grant, old codes included; unknown codes
    /// grant nothing.
    pub fn from_stored(codes: &[String]) -> Vec<Action> {
        let mut actions: BTreeSet<Action> = BTreeSet::new();
        for code in codes {
            match Action::parse(code) {
                Some(action) => {
                    actions.insert(action);
                }
                None => actions.extend(Action::from_legacy(code)),
            }
        }
        actions.into_iter().collect()
    }

    /// Whether the action is about applications, and so limited to the
    /// token's sections.
    pub fn concerns_applications(self) -> bool {
        matches!(
            self,
            Action::ApplicationsRead
                | Action::ApplicationsWrite
                | Action::TransitionsWrite
                | Action::DecisionsWrite
                | Action::CommentsRead
        )
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Action::ApplicationsRead => "申請の閲覧",
            Action::ApplicationsWrite => "申請の提出",
            Action::TransitionsWrite => "状態の変更",
            Action::DecisionsWrite => "決定（承認・却下）",
            Action::CommentsRead => "内部コメントの閲覧",
            Action::WebhooksManage => "Webhook の管理",
            Action::IndicatorsRead => "指標の閲覧",
            Action::MetricsRead => "メトリクスの取得",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A token to issue.
#[derive(Debug, Clone, Default)]
pub struct NewToken {
    pub name: String,
    pub actions: Vec<Action>,
    /// Section ids whose applications it covers.
    pub sections: Vec<String>,
    /// Bureau ids: it covers every section of these.
    pub bureaus: Vec<String>,
    /// Every section of the city (the DX office's decision).
    pub all_sections: bool,
    pub expires_at: Option<time::OffsetDateTime>,
    /// Who issued it, as the audit log names them.
    pub created_by: String,
}

/// A token just issued: its id and, this once, its secret.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id: String,
    pub secret: String,
}

/// Issues a token and returns it in clear (the only time it is seen).
pub async fn issue(db: &Db, new: &NewToken) -> anyhow::Result<Issued> {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let mut id_bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut id_bytes);
    let id = hex::encode(id_bytes);
    let codes: Vec<&str> = new.actions.iter().map(|a| a.code()).collect();
    sqlx::query(
        "INSERT INTO api_tokens (id, name, token_hash, scopes, sections, bureaus, all_sections, \
         expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&new.name)
    .bind(hash(&token))
    .bind(serde_json::to_string(&codes)?)
    .bind(serde_json::to_string(&new.sections)?)
    .bind(serde_json::to_string(&new.bureaus)?)
    .bind(i64::from(new.all_sections))
    .bind(new.expires_at.map(crate::clock::to_text))
    .bind(&new.created_by)
    .bind(crate::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(Issued { id, secret: token })
}

/// A live token's holder, actions and reach, as a request sees it.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub actions: Vec<Action>,
    pub all_sections: bool,
    /// The sections it covers: those it was issued for and those of its
    /// bureaus (as the organisation was when the token was read).
    pub sections: BTreeSet<String>,
    pub expires_at: Option<String>,
}

impl TokenInfo {
    pub fn has(&self, action: Action) -> bool {
        self.actions.contains(&action)
    }

    /// Whether the token may see what belongs to `section` (an application
    /// of a procedure owned by no section: only city-wide tokens).
    pub fn covers_section(&self, section: Option<&str>) -> bool {
        self.all_sections || section.is_some_and(|s| self.sections.contains(s))
    }

    pub fn is_expired(&self) -> bool {
        let now = crate::clock::now_text();
        self.expires_at
            .as_deref()
            .is_some_and(|at| at <= now.as_str())
    }

    /// How the audit log names the token.
    pub fn actor(&self) -> String {
        format!("api:{}:{}", self.id, self.name)
    }

    /// The scope as logged: the actions and the sections.
    pub fn scope_text(&self) -> String {
        let actions: Vec<&str> = self.actions.iter().map(|a| a.code()).collect();
        let reach = if self.all_sections {
            "all sections".to_string()
        } else {
            self.sections.iter().cloned().collect::<Vec<_>>().join(",")
        };
        format!("{} @ {reach}", actions.join(","))
    }
}

fn json_list(row: &sqlx::any::AnyRow, column: &str) -> anyhow::Result<Vec<String>> {
    let text: String = row.try_get(column)?;
    Ok(serde_json::from_str(&text)?)
}

/// The token's holder and reach, when the token exists and is not revoked
/// (an expired one included: see [`TokenInfo::is_expired`]).
pub async fn verify(db: &Db, token: &str) -> anyhow::Result<Option<TokenInfo>> {
    if !token.starts_with(PREFIX) || token.len() > 200 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT id, name, scopes, sections, bureaus, all_sections, expires_at FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash(token))
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut sections: BTreeSet<String> = json_list(&row, "sections")?.into_iter().collect();
    for bureau in json_list(&row, "bureaus")? {
        let rows = sqlx::query("SELECT id FROM sections WHERE bureau_id = $1")
            .bind(&bureau)
            .fetch_all(db.pool())
            .await?;
        for row in rows {
            sections.insert(row.try_get("id")?);
        }
    }
    let all_sections: i64 = row.try_get("all_sections")?;
    Ok(Some(TokenInfo {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        actions: Action::from_stored(&json_list(&row, "scopes")?),
        all_sections: all_sections != 0,
        sections,
        expires_at: row.try_get("expires_at")?,
    }))
}

/// A token as an operator lists it (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
    /// The actions' codes (old scopes read as what they stand for).
    pub scopes: Vec<String>,
    pub sections: Vec<String>,
    pub bureaus: Vec<String>,
    pub all_sections: bool,
    pub created_at: String,
    pub created_by: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl Listed {
    pub fn is_live(&self) -> bool {
        let now = crate::clock::now_text();
        self.revoked_at.is_none()
            && self
                .expires_at
                .as_deref()
                .is_none_or(|at| at > now.as_str())
    }
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<Listed>> {
    let rows = sqlx::query(
        "SELECT id, name, scopes, sections, bureaus, all_sections, created_at, created_by, \
         expires_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at, id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let all_sections: i64 = row.try_get("all_sections")?;
            Ok(Listed {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                scopes: Action::from_stored(&json_list(row, "scopes")?)
                    .into_iter()
                    .map(|a| a.code().to_string())
                    .collect(),
                sections: json_list(row, "sections")?,
                bureaus: json_list(row, "bureaus")?,
                all_sections: all_sections != 0,
                created_at: row.try_get("created_at")?,
                created_by: row.try_get("created_by")?,
                expires_at: row.try_get("expires_at")?,
                last_used_at: row.try_get("last_used_at")?,
                revoked_at: row.try_get("revoked_at")?,
            })
        })
        .collect()
}

/// Revokes the token `id`; false when there is no such live token.
pub async fn revoke(db: &Db, id: &str) -> anyhow::Result<bool> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(crate::clock::now_text())
            .bind(id)
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `token` is live: known, not revoked, not expired.
pub async fn is_valid(db: &Db, token: &str) -> anyhow::Result<bool> {
    Ok(verify(db, token).await?.is_some_and(|t| !t.is_expired()))
}

/// How many requests one token may make: `per_second` on average, up to
/// `burst` at once (a token bucket per token).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 20.0,
            burst: 100.0,
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Checks API tokens for every handler: the cache of known tokens, the rate
/// limit per token, and the throttled `last_used_at`. One per platform.
#[derive(Clone)]
pub struct TokenGuard {
    inner: Arc<GuardInner>,
}

struct GuardInner {
    db: Db,
    limit: RateLimit,
    cache: TtlCache<String, TokenInfo>,
    buckets: Mutex<HashMap<String, Bucket>>,
    last_use: Mutex<HashMap<String, Instant>>,
}

impl FromRef<TokenGuard> for Db {
    fn from_ref(guard: &TokenGuard) -> Db {
        guard.inner.db.clone()
    }
}

/// Why a request was refused, as the caller sees it: the API's JSON error,
/// with `Retry-After` when it is the rate limit.
#[derive(Debug)]
pub struct Refusal {
    pub error: ApiError,
    pub retry_after: Option<u64>,
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Refusal {
            error,
            retry_after: None,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = self.error.into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

fn unauthorized(ja: &str, en: &str) -> Refusal {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", ja, en).into()
}

/// The 403 for a token without `action`.
pub fn lacks(action: Action) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("この API トークンには {action} の権限がありません。"),
        format!("This API token does not have the {action} scope."),
    )
}

impl TokenGuard {
    pub fn new(db: Db, limit: RateLimit) -> Self {
        TokenGuard {
            inner: Arc::new(GuardInner {
                db,
                limit,
                cache: TtlCache::new(CACHE_TTL, 10_000),
                buckets: Mutex::new(HashMap::new()),
                last_use: Mutex::new(HashMap::new()),
            }),
        }
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The token of an `Authorization: Bearer …` header, live, within its
    /// rate and holding `action`. Missing, unknown, revoked or expired: 401;
    /// over its rate: 429; without the action: 403. Every refusal is logged
    /// with the token, its scope and the client's address.
    pub async fn check(
        &self,
        headers: &axum::http::HeaderMap,
        client: ClientAddr,
        action: Action,
    ) -> Result<Arc<TokenInfo>, Refusal> {
        let presented = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(presented) = presented else {
            tracing::warn!(scope = %action, %client, "API request refused: no token");
            return Err(unauthorized(
                "API トークンが必要です（Authorization: Bearer …）。",
                "An API token is required (Authorization: Bearer …).",
            ));
        };
        let key = hash(presented);
        let info = match self.inner.cache.get(&key) {
            Some(info) => Some(info),
            None => verify(&self.inner.db, presented)
                .await
                .map_err(ApiError::from)?
                .map(|info| self.inner.cache.put(key, info)),
        };
        let Some(info) = info else {
            tracing::warn!(scope = %action, %client, "API request refused: unknown or revoked token");
            return Err(unauthorized(
                "API トークンが正しくないか、失効しています。",
                "The API token is not valid or has been revoked.",
            ));
        };
        if info.is_expired() {
            tracing::warn!(scope = %action, token = %info.id, %client, "API request refused: expired token");
            return Err(unauthorized(
                "API トークンの有効期限が切れています。",
                "The API token has expired.",
            ));
        }
        if let Err(wait) = self.take(&info.id) {
            tracing::warn!(
                scope = %action, token = %info.id, %client, retry_after = wait,
                "API request refused: token over its rate limit"
            );
            return Err(Refusal {
                error: ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!("リクエストが多すぎます。{wait} 秒後にやり直してください。"),
                    format!("Too many requests: try again in {wait} s."),
                ),
                retry_after: Some(wait),
            });
        }
        self.note_use(&info.id).await;
        if !info.has(action) {
            tracing::warn!(
                scope = %action, token = %info.id, token_scope = %info.scope_text(), %client,
                "API request refused: token lacks the scope"
            );
            return Err(lacks(action).into());
        }
        Ok(info)
    }

    /// One request from token `id`, or the seconds to wait for the next.
    fn take(&self, id: &str) -> Result<(), u64> {
        let RateLimit { per_second, burst } = self.inner.limit;
        let mut buckets = self
            .inner
            .buckets
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let bucket = buckets.entry(id.to_string()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else if per_second > 0.0 {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil().max(1.0);
            // A float of a few seconds at most; saturating for absurd limits.
            Err(if wait < u64::MAX as f64 {
                wait as u64
            } else {
                u64::MAX
            })
        } else {
            Err(60)
        }
    }

    /// Notes that token `id` was used, in the database at most once every
    /// [`LAST_USE_EVERY`].
    async fn note_use(&self, id: &str) {
        {
            let mut last = self
                .inner
                .last_use
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            match last.get(id) {
                Some(at) if now.duration_since(*at) < LAST_USE_EVERY => return,
                _ => {
                    if last.len() > 10_000 {
                        last.clear();
                    }
                    last.insert(id.to_string(), now);
                }
            }
        }
        let written = sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(crate::clock::now_text())
            .bind(id)
            .execute(self.inner.db.pool())
            .await;
        if let Err(error) = written {
            tracing::warn!(%error, token = %id, "last use of an API token not recorded");
        }
    }
}

/// An action a handler requires, as a type: `ApiToken<scope::ApplicationsRead>`.
pub trait ScopeMarker: Send + Sync + 'static {
    const ACTION: Action;
}

/// One marker type per [`Action`].
pub mod scope {
    use super::{Action, ScopeMarker};

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {
            $(
                #[derive(Debug, Clone, Copy)]
                pub struct $name;
                impl ScopeMarker for $name {
                    const ACTION: Action = Action::$name;
                }
            )*
        };
    }

    markers!(
        ApplicationsRead,
        ApplicationsWrite,
        TransitionsWrite,
        DecisionsWrite,
        CommentsRead,
        WebhooksManage,
        IndicatorsRead,
        MetricsRead,
    );
}

/// Extractor: a live API token holding `S`'s action, within its rate. The
/// state must give a [`TokenGuard`]. Refusals are 401, 403 or 429 with the
/// API's JSON error, logged.
pub struct ApiToken<S: ScopeMarker> {
    info: Arc<TokenInfo>,
    client: ClientAddr,
    _scope: PhantomData<fn() -> S>,
}

impl<S: ScopeMarker> std::ops::Deref for ApiToken<S> {
    type Target = TokenInfo;

    fn deref(&self) -> &TokenInfo {
        &self.info
    }
}

impl<S: ScopeMarker> ApiToken<S> {
    pub fn info(&self) -> &TokenInfo {
        &self.info
    }

    pub fn client(&self) -> ClientAddr {
        self.client
    }

    /// A further action this request needs (a decision besides a
    /// transition): 403, logged, without it.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if self.info.has(action) {
            return Ok(());
        }
        tracing::warn!(
            scope = %action, token = %self.info.id, token_scope = %self.info.scope_text(),
            client = %self.client, "API request refused: token lacks the scope"
        );
        Err(lacks(action))
    }

    /// Whether the token covers `section`; a refusal is logged (the caller
    /// answers as it would for something that does not exist).
    pub fn reaches(&self, section: Option<&str>, what: &str) -> bool {
        if self.info.covers_section(section) {
            return true;
        }
        tracing::warn!(
            scope = %S::ACTION, token = %self.info.id, token_scope = %self.info.scope_text(),
            client = %self.client, section = section.unwrap_or("-"), what,
            "API request refused: outside the token's sections"
        );
        false
    }
}

impl<St, S> FromRequestParts<St> for ApiToken<S>
where
    TokenGuard: FromRef<St>,
    St: Send + Sync,
    S: ScopeMarker,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &St) -> Result<Self, Self::Rejection> {
        let client = parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .unwrap_or(ClientAddr::UNKNOWN);
        let guard = TokenGuard::from_ref(state);
        match guard.check(&parts.headers, client, S::ACTION).await {
            Ok(info) => Ok(ApiToken {
                info,
                client,
                _scope: PhantomData,
            }),
            Err(refusal) => Err(refusal.into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_old_scopes_keep_their_meaning() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.code()), Some(action));
        }
        let old: Vec<String> = ["read", "write", "decide", "metrics", "nonsense"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            Action::from_stored(&old),
            vec![
                Action::ApplicationsRead,
                Action::ApplicationsWrite,
                Action::TransitionsWrite,
                Action::DecisionsWrite,
                Action::MetricsRead,
            ]
        );
        assert!(!Action::from_stored(&old).contains(&Action::CommentsRead));
    }

    #[test]
    fn a_token_covers_its_sections_only_unless_city_wide() {
        let mut info = TokenInfo {
            id: "t".into(),
            name: "n".into(),
            actions: vec![],
            all_sections: false,
            sections: ["a".to_string()].into_iter().collect(),
            expires_at: None,
        };
        assert!(info.covers_section(Some("a")));
        assert!(!info.covers_section(Some("b")));
        assert!(!info.covers_section(None));
        info.all_sections = true;
        assert!(info.covers_section(Some("b")) && info.covers_section(None));
    }
}
