//! Residents' passkeys (WebAuthn), beside their passwords: a signed-in
//! resident registers passkeys at `/my/passkeys` and removes them there;
//! `/login` offers "sign in with a passkey" without typing an address
//! (discoverable credentials: the passkey names its resident).
//!
//! Each ceremony has two requests. The first makes a challenge and keeps
//! the ceremony's state in the database (`webauthn_ceremonies`), under the
//! hash of a random token the page gets back; the second presents the token
//! and the authenticator's answer. A state is taken (deleted) when it is
//! presented, whatever the outcome, and lasts 5 minutes: a challenge is
//! answered once. The `webauthn-rs` library checks the answer (challenge,
//! origin, relying party, signature, user verification) and the counter and
//! backup flags, which are stored back after each sign-in.
//!
//! The relying party is the configured public address's host. WebAuthn does
//! not take an IP address as relying party, so when the platform is served
//! at `127.0.0.1` (the demo) passkeys work at `http://localhost:PORT`.

use askama::Template;
use axum::extract::State;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use kernel::client::ClientAddr;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, Db};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use time::{Duration, OffsetDateTime};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::model::{Account, AccountKind};
use crate::{Identity, ResidentSession, masked, store};

/// How long a challenge may be answered.
pub const CEREMONY_LIFETIME: Duration = Duration::minutes(5);
/// Passkeys a resident may hold.
pub const MAX_PASSKEYS: i64 = 20;
const SCRIPT_PATH: &str = "/static/passkeys.js";

pub fn routes() -> Router<Identity> {
    Router::new()
        .route(SCRIPT_PATH, get(script))
        .route("/my/passkeys", get(list_page))
        .route("/my/passkeys/register/start", post(register_start))
        .route("/my/passkeys/register/finish", post(register_finish))
        .route("/my/passkeys/remove", post(remove))
        .route("/login/passkey/start", post(login_start))
        .route("/login/passkey/finish", post(login_finish))
}

/// The relying party: WebAuthn checks with the id and origin made from
/// the public address.
pub struct RelyingParty {
    webauthn: Webauthn,
    /// The origin passkeys work at (shown when a page is opened elsewhere).
    pub origin: String,
    /// The relying party id: the host passkeys are bound to.
    pub id: String,
}

/// The relying party id and origin for a public address: its host, or
/// `localhost` (same port) when the host is an IP address.
pub fn id_and_origin(public_url: &str) -> anyhow::Result<(String, Url)> {
    let url = Url::parse(public_url)?;
    let host = url
        .host_str()
        .ok_or_else(|| anyhow::anyhow!("{public_url} names no host"))?;
    let is_ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok();
    let id = if is_ip {
        "localhost".to_string()
    } else {
        host.to_ascii_lowercase()
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let origin = Url::parse(&format!("{}://{id}{port}", url.scheme()))?;
    Ok((id, origin))
}

impl RelyingParty {
    pub fn new(public_url: &str) -> anyhow::Result<Self> {
        let (id, origin) = id_and_origin(public_url)?;
        let webauthn = WebauthnBuilder::new(&id, &origin)
            .map_err(|e| anyhow::anyhow!("passkeys: {e}"))?
            .rp_name("madoguchi")
            // Locally (the demo, tests) the port is whatever was free.
            .allow_any_port(id == "localhost")
            .timeout(std::time::Duration::try_from(CEREMONY_LIFETIME)?)
            .build()
            .map_err(|e| anyhow::anyhow!("passkeys: {e}"))?;
        Ok(RelyingParty {
            webauthn,
            origin: origin.as_str().trim_end_matches('/').to_string(),
            id,
        })
    }
}

// ---------------------------------------------------------------------------
// Storage

/// Keeps a ceremony's state; returns the token that names it.
async fn keep_ceremony(
    db: &Db,
    purpose: &str,
    resident_id: Option<&str>,
    state: &serde_json::Value,
) -> anyhow::Result<String> {
    let now = OffsetDateTime::now_utc();
    sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at <= $1")
        .bind(kernel::clock::to_text(now))
        .execute(db.pool())
        .await?;
    let token = store::random_hex(32);
    sqlx::query(
        "INSERT INTO webauthn_ceremonies (token_hash, purpose, resident_id, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(store::token_hash(&token))
    .bind(purpose)
    .bind(resident_id)
    .bind(state.to_string())
    .bind(kernel::clock::to_text(now + CEREMONY_LIFETIME))
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// Takes a ceremony's state (once: it is deleted): its resident and state,
/// when the token names a live ceremony of this purpose.
async fn take_ceremony(
    db: &Db,
    token: &str,
    purpose: &str,
) -> anyhow::Result<Option<(Option<String>, serde_json::Value)>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(row) = sqlx::query(
        "DELETE FROM webauthn_ceremonies WHERE token_hash = $1 \
         RETURNING purpose, resident_id, state, expires_at",
    )
    .bind(store::token_hash(token))
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let stored_purpose: String = row.try_get("purpose")?;
    let expires_at: String = row.try_get("expires_at")?;
    if stored_purpose != purpose || expires_at <= kernel::clock::now_text() {
        return Ok(None);
    }
    let state: String = row.try_get("state")?;
    Ok(Some((
        row.try_get("resident_id")?,
        serde_json::from_str(&state)?,
    )))
}

/// A registered passkey, as the list shows it.
pub struct Listed {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

pub async fn list(db: &Db, resident_id: &str) -> anyhow::Result<Vec<Listed>> {
    sqlx::query(
        "SELECT credential_id, name, created_at, last_used_at FROM resident_passkeys \
         WHERE resident_id = $1 ORDER BY created_at",
    )
    .bind(resident_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(Listed {
            id: row.try_get("credential_id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            last_used_at: row.try_get("last_used_at")?,
        })
    })
    .collect()
}

/// The resident's WebAuthn user id (the same for all their passkeys), and
/// the ids of the passkeys they have.
async fn handle_and_credentials(
    db: &Db,
    resident_id: &str,
) -> anyhow::Result<(Option<Uuid>, Vec<Vec<u8>>)> {
    let rows = sqlx::query(
        "SELECT credential_id, user_handle FROM resident_passkeys WHERE resident_id = $1",
    )
    .bind(resident_id)
    .fetch_all(db.pool())
    .await?;
    let mut handle = None;
    let mut ids = Vec::new();
    for row in rows {
        let id: String = row.try_get("credential_id")?;
        let user_handle: String = row.try_get("user_handle")?;
        handle = handle.or_else(|| Uuid::parse_str(&user_handle).ok());
        ids.extend(hex::decode(id).ok());
    }
    Ok((handle, ids))
}

// ---------------------------------------------------------------------------
// Answers to the page's script

/// A refusal for the script: status and a message in the visitor's language.
fn refusal(chrome: &Chrome, status: StatusCode, message: &'static str) -> Response {
    let text = chrome.attr(message);
    (status, Json(json!({ "error": message, "message": text }))).into_response()
}

fn failed(chrome: &Chrome, error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "passkey ceremony failed");
    refusal(
        chrome,
        StatusCode::INTERNAL_SERVER_ERROR,
        "passkey-error-failed",
    )
}

#[allow(clippy::result_large_err)]
fn relying_party<'a>(
    identity: &'a Identity,
    chrome: &Chrome,
) -> Result<&'a RelyingParty, Response> {
    identity.passkeys.as_deref().ok_or_else(|| {
        refusal(
            chrome,
            StatusCode::SERVICE_UNAVAILABLE,
            "passkey-error-unavailable",
        )
    })
}

#[derive(Deserialize)]
struct RegisterFinish {
    ceremony: String,
    #[serde(default)]
    name: String,
    credential: RegisterPublicKeyCredential,
}

#[derive(Deserialize)]
struct LoginFinish {
    ceremony: String,
    #[serde(default)]
    next: String,
    credential: PublicKeyCredential,
}

async fn register_start(
    State(identity): State<Identity>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
) -> Response {
    let rp = match relying_party(&identity, &chrome) {
        Ok(rp) => rp,
        Err(response) => return response,
    };
    let Some(resident) = session.resident() else {
        return refusal(&chrome, StatusCode::FORBIDDEN, "passkey-error-failed");
    };
    let db = identity.db();
    let (handle, existing) = match handle_and_credentials(db, &resident.id).await {
        Ok(found) => found,
        Err(error) => return failed(&chrome, error),
    };
    if i64::try_from(existing.len()).unwrap_or(i64::MAX) >= MAX_PASSKEYS {
        return refusal(&chrome, StatusCode::CONFLICT, "passkey-error-too-many");
    }
    let handle = handle.unwrap_or_else(Uuid::new_v4);
    let display = if resident.name.trim().is_empty() {
        resident.email.as_str()
    } else {
        resident.name.as_str()
    };
    let (options, registration) = match rp.webauthn.start_passkey_registration(
        handle,
        &resident.email,
        display,
        Some(existing),
    ) {
        Ok(started) => started,
        Err(error) => return failed(&chrome, error),
    };
    // Sign-in names no account first, so the passkey must be discoverable.
    let mut options = json!(options);
    if let Some(selection) = options
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), json!("required"));
        selection.insert("requireResidentKey".into(), json!(true));
    }
    let state = json!({ "handle": handle.to_string(), "registration": registration });
    match keep_ceremony(db, "register", Some(&resident.id), &state).await {
        Ok(ceremony) => Json(json!({ "ceremony": ceremony, "options": options })).into_response(),
        Err(error) => failed(&chrome, error),
    }
}

async fn register_finish(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    ResidentSession(session): ResidentSession,
    body: Result<Json<RegisterFinish>, JsonRejection>,
) -> Response {
    let rp = match relying_party(&identity, &chrome) {
        Ok(rp) => rp,
        Err(response) => return response,
    };
    let Some(resident) = session.resident() else {
        return refusal(&chrome, StatusCode::FORBIDDEN, "passkey-error-failed");
    };
    let Ok(Json(body)) = body else {
        return refusal(&chrome, StatusCode::BAD_REQUEST, "passkey-error-failed");
    };
    let db = identity.db();
    let (owner, state) = match take_ceremony(db, &body.ceremony, "register").await {
        Ok(Some(taken)) => taken,
        Ok(None) => return refusal(&chrome, StatusCode::BAD_REQUEST, "passkey-error-expired"),
        Err(error) => return failed(&chrome, error),
    };
    if owner.as_deref() != Some(resident.id.as_str()) {
        tracing::warn!(client = %client, resident = %resident.id, "passkey refused: a ceremony of another account");
        return refusal(&chrome, StatusCode::BAD_REQUEST, "passkey-error-expired");
    }
    let handle = state
        .get("handle")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    let registration: PasskeyRegistration =
        match serde_json::from_value(state.get("registration").cloned().unwrap_or_default()) {
            Ok(registration) => registration,
            Err(error) => return failed(&chrome, error),
        };
    let passkey = match rp
        .webauthn
        .finish_passkey_registration(&body.credential, &registration)
    {
        Ok(passkey) => passkey,
        Err(error) => {
            tracing::warn!(client = %client, resident = %resident.id, %error, "passkey registration refused");
            return refusal(&chrome, StatusCode::BAD_REQUEST, "passkey-error-failed");
        }
    };
    let name: String = body.name.trim().chars().take(60).collect();
    let name = if name.is_empty() {
        chrome.attr("passkey-default-name")
    } else {
        name
    };
    let stored = match serde_json::to_string(&passkey) {
        Ok(stored) => stored,
        Err(error) => return failed(&chrome, error),
    };
    let saved = sqlx::query(
        "INSERT INTO resident_passkeys (credential_id, resident_id, user_handle, name, passkey, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hex::encode(passkey.cred_id()))
    .bind(&resident.id)
    .bind(&handle)
    .bind(&name)
    .bind(stored)
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await;
    if let Err(error) = saved {
        // The same authenticator again (excluded by the page, unless forced).
        tracing::warn!(client = %client, resident = %resident.id, %error, "passkey not saved");
        return refusal(&chrome, StatusCode::CONFLICT, "passkey-error-failed");
    }
    tracing::info!(client = %client, resident = %resident.id, "passkey registered");
    Json(json!({ "ok": true })).into_response()
}

async fn login_start(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
) -> Response {
    let rp = match relying_party(&identity, &chrome) {
        Ok(rp) => rp,
        Err(response) => return response,
    };
    // Each sign-in started takes from the client's login allowance; one
    // that succeeds gives it back.
    if let Err(wait) = identity.login_limiter().take(client) {
        tracing::warn!(client = %client, "passkey sign-in refused: too many failed logins from this client");
        let mut response = refusal(
            &chrome,
            StatusCode::TOO_MANY_REQUESTS,
            "passkey-error-too-many-attempts",
        );
        response.headers_mut().insert(
            header::RETRY_AFTER,
            kernel::client::retry_after_secs(wait).into(),
        );
        return response;
    }
    let (options, authentication) = match rp.webauthn.start_discoverable_authentication() {
        Ok(started) => started,
        Err(error) => return failed(&chrome, error),
    };
    let state = json!({ "authentication": authentication });
    match keep_ceremony(identity.db(), "login", None, &state).await {
        Ok(ceremony) => Json(json!({ "ceremony": ceremony, "options": options })).into_response(),
        Err(error) => failed(&chrome, error),
    }
}

async fn login_finish(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    body: Result<Json<LoginFinish>, JsonRejection>,
) -> Response {
    let rp = match relying_party(&identity, &chrome) {
        Ok(rp) => rp,
        Err(response) => return response,
    };
    let Ok(Json(body)) = body else {
        return refusal(&chrome, StatusCode::BAD_REQUEST, "passkey-error-failed");
    };
    match sign_in(&identity, rp, &chrome, client, body).await {
        Ok(response) => response,
        Err(error) => failed(&chrome, format!("{error:#}")),
    }
}

async fn sign_in(
    identity: &Identity,
    rp: &RelyingParty,
    chrome: &Chrome,
    client: ClientAddr,
    body: LoginFinish,
) -> anyhow::Result<Response> {
    let db = identity.db();
    let Some((_, state)) = take_ceremony(db, &body.ceremony, "login").await? else {
        tracing::warn!(client = %client, "passkey sign-in refused: no such challenge (expired or used)");
        return Ok(refusal(
            chrome,
            StatusCode::BAD_REQUEST,
            "passkey-error-expired",
        ));
    };
    let authentication: DiscoverableAuthentication =
        serde_json::from_value(state.get("authentication").cloned().unwrap_or_default())?;
    let unknown = || {
        tracing::warn!(client = %client, "passkey sign-in refused: unknown passkey");
        refusal(chrome, StatusCode::UNAUTHORIZED, "passkey-error-unknown")
    };
    let Ok((handle, credential_id)) = rp
        .webauthn
        .identify_discoverable_authentication(&body.credential)
    else {
        return Ok(unknown());
    };
    let Some(row) = sqlx::query(
        "SELECT resident_id, passkey FROM resident_passkeys WHERE credential_id = $1 AND user_handle = $2",
    )
    .bind(hex::encode(credential_id))
    .bind(handle.to_string())
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(unknown());
    };
    let resident_id: String = row.try_get("resident_id")?;
    let stored: String = row.try_get("passkey")?;
    let mut passkey: Passkey = serde_json::from_str(&stored)?;
    let result = match rp.webauthn.finish_discoverable_authentication_v2(
        &body.credential,
        authentication,
        &passkey,
    ) {
        Ok(result) => result,
        Err(error) => {
            tracing::warn!(client = %client, resident = %resident_id, %error, "passkey sign-in refused");
            return Ok(refusal(
                chrome,
                StatusCode::UNAUTHORIZED,
                "passkey-error-unknown",
            ));
        }
    };
    // The counter and backup flags as the authenticator now reports them.
    if passkey.update_credential(&result) == Some(true) {
        sqlx::query("UPDATE resident_passkeys SET passkey = $2 WHERE credential_id = $1")
            .bind(hex::encode(passkey.cred_id()))
            .bind(serde_json::to_string(&passkey)?)
            .execute(db.pool())
            .await?;
    }
    sqlx::query("UPDATE resident_passkeys SET last_used_at = $2 WHERE credential_id = $1")
        .bind(hex::encode(passkey.cred_id()))
        .bind(kernel::clock::now_text())
        .execute(db.pool())
        .await?;
    let Some(account) = resident_account(db, &resident_id).await? else {
        return Ok(unknown());
    };
    identity.login_limiter().give_back(client);
    let session = store::create_session(db, &account, crate::RESIDENT_SESSION).await?;
    if let Account::Resident(resident) = &account {
        tracing::info!(client = %client, resident = %resident.id, account = %masked(&resident.email), "resident signed in with a passkey");
    }
    let next = chrome.link(&crate::pages::safe_next(&body.next, "/my"));
    let mut response = Json(json!({ "redirect": next })).into_response();
    if let Ok(value) = identity
        .session_cookie(&session.token, crate::RESIDENT_SESSION)
        .parse()
    {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// A resident who may sign in (address checked).
async fn resident_account(db: &Db, resident_id: &str) -> anyhow::Result<Option<Account>> {
    let Some(row) =
        sqlx::query("SELECT email FROM residents WHERE id = $1 AND email_verified_at IS NOT NULL")
            .bind(resident_id)
            .fetch_optional(db.pool())
            .await?
    else {
        return Ok(None);
    };
    let email: String = row.try_get("email")?;
    Ok(store::find_for_login(db, AccountKind::Resident, &email)
        .await?
        .map(|(account, _)| account))
}

// ---------------------------------------------------------------------------
// Pages

#[derive(Template)]
#[template(path = "passkeys.html")]
struct PasskeysPage {
    chrome: Chrome,
    passkeys: Vec<Listed>,
    /// Where passkeys work, when this page was opened at another host.
    elsewhere: Option<String>,
    available: bool,
}

/// The host a request was made to, without its port.
fn request_host(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    Some(host.to_ascii_lowercase())
}

async fn list_page(
    State(identity): State<Identity>,
    chrome: Chrome,
    headers: HeaderMap,
    ResidentSession(session): ResidentSession,
) -> Response {
    let Some(resident) = session.resident() else {
        return Redirect::to("/login").into_response();
    };
    let passkeys = match list(identity.db(), &resident.id).await {
        Ok(passkeys) => passkeys,
        Err(error) => return PageError::new(&chrome, error.into()).into_response(),
    };
    let rp = identity.passkeys.as_deref();
    let elsewhere = rp
        .filter(|rp| request_host(&headers).is_some_and(|host| host != rp.id))
        .map(|rp| format!("{}/my/passkeys", rp.origin));
    let title = chrome.marked_up("passkey-title");
    render(&PasskeysPage {
        chrome: chrome.titled(title),
        passkeys,
        available: rp.is_some(),
        elsewhere,
    })
}

#[derive(Deserialize, Default)]
struct RemoveForm {
    #[serde(default)]
    id: String,
}

async fn remove(
    State(identity): State<Identity>,
    chrome: Chrome,
    client: ClientAddr,
    ResidentSession(session): ResidentSession,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Response {
    let Some(resident) = session.resident() else {
        return Redirect::to("/login").into_response();
    };
    let id = form.map(|Form(f)| f.id).unwrap_or_default();
    let removed =
        sqlx::query("DELETE FROM resident_passkeys WHERE credential_id = $1 AND resident_id = $2")
            .bind(&id)
            .bind(&resident.id)
            .execute(identity.db().pool())
            .await;
    match removed {
        Ok(done) => {
            if done.rows_affected() == 1 {
                tracing::info!(client = %client, resident = %resident.id, "passkey removed");
            }
            Redirect::to(&chrome.link("/my/passkeys")).into_response()
        }
        Err(error) => PageError::new(&chrome, ApiError::from(error)).into_response(),
    }
}

/// The pages' passkey script, as a file: pages run no inline script.
async fn script() -> Response {
    kernel::web::script(include_str!("../static/passkeys.js"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_the_public_host_or_localhost() {
        let public = id_and_origin("https://madoguchi.city.example.jp")
            .map(|(id, origin)| (id, origin.to_string()))
            .ok();
        assert_eq!(
            public,
            Some((
                "madoguchi.city.example.jp".to_string(),
                "https://madoguchi.city.example.jp/".to_string()
            ))
        );
        let local = id_and_origin("http://127.0.0.1:8080")
            .map(|(id, origin)| (id, origin.to_string()))
            .ok();
        assert_eq!(
            local,
            Some((
                "localhost".to_string(),
                "http://localhost:8080/".to_string()
            ))
        );
        assert!(RelyingParty::new("http://127.0.0.1:8080").is_ok());
        assert!(RelyingParty::new("http://[::1]:8080").is_ok());
        assert!(RelyingParty::new("https://city.example.jp").is_ok());
    }

    #[test]
    fn the_host_of_a_request_is_read_without_its_port() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::HOST,
            header::HeaderValue::from_static("LocalHost:8080"),
        );
        assert_eq!(request_host(&headers).as_deref(), Some("localhost"));
        headers.insert(header::HOST, header::HeaderValue::from_static("[::1]:8080"));
        assert_eq!(request_host(&headers).as_deref(), Some("::1"));
    }
}
