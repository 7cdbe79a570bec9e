//! Staff sign-in's second step: a time-based one-time code (RFC 6238: 30 s,
//! 6 digits, HMAC-SHA-1, as authenticator apps expect), required of every
//! staff account.
//!
//! After the right password a staff member holds a *pending login*, not a
//! session: a random token in a cookie sent only to `/staff/login/…`, bound
//! to the client address, ending after 5 minutes or 5 wrong codes. It opens
//! no staff page. With it, an enrolled account gives a code (or one of its
//! recovery codes) at `/staff/login/code`; an account without a code yet is
//! taken to `/staff/login/enrol`, adds the key to an authenticator app (QR
//! code, or the key typed), confirms with a code, and is shown 10 one-use
//! recovery codes once. Only then is a session created.
//!
//! A code is accepted once: the account keeps the latest 30-second step a
//! code was accepted for, and refuses codes of that step or earlier.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kernel::client::ClientAddr;
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, Db, FieldError};
use rand::Rng;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::{Duration, OffsetDateTime};
use totp_rs::{Algorithm, Secret, Totp};

use crate::model::{Account, Staff};
use crate::{Identity, cookie_value, masked, store};

/// Seconds a code lasts.
pub const STEP_SECONDS: u64 = 30;
/// Digits in a code.
pub const DIGITS: u8 = 6;
/// How long the step between the password and the code may take.
pub const PENDING_LIFETIME: Duration = Duration::minutes(5);
/// Wrong codes that end a pending login.
pub const MAX_ATTEMPTS: i64 = 5;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Wrong codes for one account (from anywhere, within the hour) that cost
/// nothing; after them each wrong code doubles the wait before the next.
pub const FREE_CODE_FAILURES: i64 = 10;
/// The cookie of a pending login; sent only to the second step's pages.
pub const PENDING_COOKIE: &str = "madoguchi_pending";
/// The name authenticator apps show above the code.
pub const ISSUER: &str = "madoguchi";

pub fn routes() -> Router<Identity> {
    Router::new()
        .route("/staff/login/code", get(code_form).post(code_posted))
        .route("/staff/login/enrol", get(enrol_form).post(enrol_posted))
}

// ---------------------------------------------------------------------------
// Pure functions

fn totp(secret: &[u8], account: &str) -> Option<Totp> {
    // An account name may not contain ':' in an otpauth label.
    let account = account.replace(':', "");
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .ok()
}

/// A new shared key: 160 random bits, in base32 (RFC 4648, no padding) as
/// apps take it.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::rng().random();
    Secret::from(bytes).to_base32()
}

fn secret_bytes(secret: &str) -> Option<Vec<u8>> {
    let cleaned: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect::<String>()
        .to_uppercase();
    Secret::try_from_base32(cleaned)
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

/// The code of `secret` (base32) at `unix_seconds`.
pub fn code_at(secret: &str, unix_seconds: u64) -> Option<String> {
    let bytes = secret_bytes(secret)?;
    Some(totp(&bytes, "")?.generate(unix_seconds).to_string())
}

/// The `otpauth://` URI an authenticator app reads (from the QR code).
pub fn otpauth_uri(secret: &str, account: &str) -> Option<String> {
    let bytes = secret_bytes(secret)?;
    totp(&bytes, account)?.to_url().ok()
}

/// The 30-second step a typed `code` belongs to, if it is the code of
/// `secret` for the step of `unix_seconds`, the one before or the one after
/// (a clock a little off, a code typed as it changed).
pub fn matching_step(secret: &str, code: &str, unix_seconds: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != usize::from(DIGITS) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bytes = secret_bytes(secret)?;
    totp(&bytes, "")?.check(&code, unix_seconds)
}

fn unix_now() -> u64 {
    u64::try_from(OffsetDateTime::now_utc().unix_timestamp()).unwrap_or_default()
}

/// Letters and digits that cannot be misread for one another.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// New recovery codes, `xxxxx-xxxxx` (about 49 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    code.push('-');
                }
                let index = rng.random_range(0..RECOVERY_ALPHABET.len());
                code.push(char::from(
                    RECOVERY_ALPHABET.get(index).copied().unwrap_or(b'a'),
                ));
            }
            code
        })
        .collect()
}

/// A recovery code as typed, reduced to its letters and digits.
pub fn normalize_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How a recovery code is stored: SHA-256 over the account and the code.
fn recovery_hash(staff_id: &str, code: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(staff_id.as_bytes());
    hasher.update(b":");
    hasher.update(normalize_recovery_code(code).as_bytes());
    hex::encode(hasher.finalize())
}

/// Whether a typed answer is a 6-digit code (else it is read as a recovery code).
fn looks_like_totp(typed: &str) -> bool {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == usize::from(DIGITS) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The QR code of `text` as an SVG image in a `data:` URI.
pub fn qr_data_uri(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64_encode(svg.as_bytes())
    ))
}

fn base64_encode(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |n: u32| {
        char::from(
            TABLE
                .get(usize::try_from(n & 63).unwrap_or_default())
                .copied()
                .unwrap_or(b'A'),
        )
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(n >> 18));
        out.push(sextet(n >> 12));
        out.push(if chunk.len() > 1 { sextet(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n) } else { '=' });
    }
    out
}

// ---------------------------------------------------------------------------
// Storage

/// The shared key of an enrolled staff account, and the latest step accepted.
async fn enrolled(db: &Db, staff_id: &str) -> anyhow::Result<Option<(String, i64)>> {
    sqlx::query("SELECT secret, last_step FROM staff_totp WHERE staff_id = $1")
        .bind(staff_id)
        .fetch_optional(db.pool())
        .await?
        .map(|row| -> anyhow::Result<_> {
            let stored: String = row.try_get("secret")?;
            let secret = db
                .vault()
                .open_text(&secret_context(staff_id), &stored)?
                .into_owned();
            Ok((secret, row.try_get("last_step")?))
        })
        .transpose()
}

/// Where a staff account's sealed key belongs.
fn secret_context(staff_id: &str) -> String {
    format!("staff_totp/{staff_id}")
}

/// Where a key offered at enrolment, not yet confirmed, belongs.
fn pending_context(token_hash: &str) -> String {
    format!("pending_logins/{token_hash}")
}

/// Seals staff keys stored before sealing; returns how many.
pub async fn seal_existing(db: &Db) -> anyhow::Result<usize> {
    let rows =
        sqlx::query("SELECT staff_id, secret FROM staff_totp WHERE secret NOT LIKE 'sealed1.%'")
            .fetch_all(db.pool())
            .await?;
    for row in &rows {
        let staff_id: String = row.try_get("staff_id")?;
        let secret: String = row.try_get("secret")?;
        sqlx::query("UPDATE staff_totp SET secret = $1 WHERE staff_id = $2 AND secret = $3")
            .bind(db.vault().seal_text(&secret_context(&staff_id), &secret)?)
            .bind(&staff_id)
            .bind(&secret)
            .execute(db.pool())
            .await?;
    }
    Ok(rows.len())
}

/// The shared key of an enrolled staff account (base32).
pub async fn current_secret(db: &Db, staff_id: &str) -> anyhow::Result<Option<String>> {
    Ok(enrolled(db, staff_id).await?.map(|(secret, _)| secret))
}

/// Whether the staff account has its second step set up.
pub async fn is_enrolled(db: &Db, staff_id: &str) -> anyhow::Result<bool> {
    Ok(enrolled(db, staff_id).await?.is_some())
}

/// Accepts the step of a code once: false when a code of this step (or a
/// later one) was already accepted.
async fn accept_step(db: &Db, staff_id: &str, step: u64) -> anyhow::Result<bool> {
    let step = i64::try_from(step)?;
    let done =
        sqlx::query("UPDATE staff_totp SET last_step = $2 WHERE staff_id = $1 AND last_step < $2")
            .bind(staff_id)
            .bind(step)
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses a recovery code: true when it was one of the account's unused codes.
async fn use_recovery_code(db: &Db, staff_id: &str, code: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE staff_recovery_codes SET used_at = $3 \
         WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(staff_id)
    .bind(recovery_hash(staff_id, code))
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Recovery codes the account has not used yet.
pub async fn recovery_codes_left(db: &Db, staff_id: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query(
        "SELECT COUNT(*) AS n FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL",
    )
    .bind(staff_id)
    .fetch_one(db.pool())
    .await?
    .try_get("n")?)
}

/// Sets up the second step of a staff account with `secret` (base32),
/// `accepted_step` being the step of the code that confirmed it (0 when
/// none did), replacing any earlier key and recovery codes; returns new
/// recovery codes (stored hashed) and writes an audit entry by `actor`.
pub async fn enrol(
    db: &Db,
    staff_id: &str,
    secret: &str,
    accepted_step: u64,
    actor: &str,
) -> anyhow::Result<Vec<String>> {
    anyhow::ensure!(secret_bytes(secret).is_some(), "not a base32 key");
    let codes = new_recovery_codes();
    let sealed = db.vault().seal_text(&secret_context(staff_id), secret)?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM staff_totp WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_totp (staff_id, secret, last_step, enrolled_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(staff_id)
    .bind(sealed)
    .bind(i64::try_from(accepted_step)?)
    .bind(kernel::clock::now_text())
    .execute(&mut *tx)
    .await?;
    for code in &codes {
        sqlx::query("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)")
            .bind(staff_id)
            .bind(recovery_hash(staff_id, code))
            .execute(&mut *tx)
            .await?;
    }
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "staff",
            target_id: staff_id,
            actor,
            action: "two_factor_enrolled",
            before: None,
            after: Some(serde_json::json!({ "recovery_codes": codes.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Removes the second step of the staff account with `email` (its key,
/// recovery codes and pending logins) and ends its sessions: at its next
/// sign-in it enrols again. False when there is no such account.
pub async fn reset(db: &Db, email: &str, actor: &str) -> anyhow::Result<bool> {
    let email = store::normalize_email(email);
    let Some(row) = sqlx::query("SELECT id FROM staff WHERE email = $1")
        .bind(&email)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(false);
    };
    let staff_id: String = row.try_get("id")?;
    let mut tx = db.begin().await?;
    for table in ["staff_totp", "staff_recovery_codes", "pending_logins"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE staff_id = $1"
        )))
        .bind(&staff_id)
        .execute(&mut *tx)
        .await?;
    }
    store::end_sessions_of(&mut tx, "staff", &staff_id, None).await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "staff",
            target_id: &staff_id,
            actor,
            action: "two_factor_reset",
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::warn!(staff = %staff_id, actor, "two-factor sign-in reset: the account enrols again at its next sign-in");
    Ok(true)
}

async fn audit_recovery_use(db: &Db, staff_id: &str, left: i64) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "staff",
            target_id: staff_id,
            actor: &format!("staff:{staff_id}"),
            action: "recovery_code_used",
            before: None,
            after: Some(serde_json::json!({ "recovery_codes_left": left })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

struct Pending {
    token_hash: String,
    staff_id: String,
    next: String,
    new_secret: Option<String>,
}

/// Starts a pending login; returns its token (for the cookie).
async fn create_pending(
    db: &Db,
    staff_id: &str,
    client: &str,
    next: &str,
) -> anyhow::Result<String> {
    let now = OffsetDateTime::now_utc();
    // Expired pending logins are of no use to anyone.
    sqlx::query("DELETE FROM pending_logins WHERE expires_at <= $1")
        .bind(kernel::clock::to_text(now))
        .execute(db.pool())
        .await?;
    let token = store::random_hex(32);
    sqlx::query(
        "INSERT INTO pending_logins (token_hash, staff_id, client, next, attempts, expires_at) \
         VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(store::token_hash(&token))
    .bind(staff_id)
    .bind(client)
    .bind(next)
    .bind(kernel::clock::to_text(now + PENDING_LIFETIME))
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// The live pending login of this cookie, from this client.
async fn pending(db: &Db, headers: &HeaderMap, client: &str) -> anyhow::Result<Option<Pending>> {
    let Some(token) = cookie_value(headers, PENDING_COOKIE) else {
        return Ok(None);
    };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let token_hash = store::token_hash(token);
    let row = sqlx::query(
        "SELECT pending_logins.staff_id, client, next, new_secret FROM pending_logins \
         JOIN staff ON staff.id = pending_logins.staff_id \
         WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3 AND staff.disabled_at IS NULL",
    )
    .bind(&token_hash)
    .bind(kernel::clock::now_text())
    .bind(MAX_ATTEMPTS)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let bound_to: String = row.try_get("client")?;
    if bound_to != client {
        tracing::warn!(
            client,
            "second step refused: the pending login belongs to another client"
        );
        return Ok(None);
    }
    let new_secret = row
        .try_get::<Option<String>, _>("new_secret")?
        .map(|stored| {
            db.vault()
                .open_text(&pending_context(&token_hash), &stored)
                .map(std::borrow::Cow::into_owned)
        })
        .transpose()?;
    Ok(Some(Pending {
        token_hash,
        staff_id: row.try_get("staff_id")?,
        next: row.try_get("next")?,
        new_secret,
    }))
}

/// Counts a wrong code; returns the attempts so far. At the limit the
/// pending login ends.
async fn count_wrong(db: &Db, pending: &Pending) -> anyhow::Result<i64> {
    sqlx::query("UPDATE pending_logins SET attempts = attempts + 1 WHERE token_hash = $1")
        .bind(&pending.token_hash)
        .execute(db.pool())
        .await?;
    let attempts: i64 = sqlx::query("SELECT attempts FROM pending_logins WHERE token_hash = $1")
        .bind(&pending.token_hash)
        .fetch_optional(db.pool())
        .await?
        .map(|row| row.try_get("attempts"))
        .transpose()?
        .unwrap_or(MAX_ATTEMPTS);
    if attempts >= MAX_ATTEMPTS {
        end_pending(db, &pending.token_hash).await?;
    }
    Ok(attempts)
}

/// Ends a pending login; true when this call ended it (so two requests
/// racing with one cookie make one session at most).
async fn end_pending(db: &Db, token_hash: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("DELETE FROM pending_logins WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

async fn staff_by_id(db: &Db, staff_id: &str) -> anyhow::Result<Option<Staff>> {
    sqlx::query(
        "SELECT staff.id, email, staff.name, role, section_id, sections.name AS section_name \
         FROM staff LEFT JOIN sections ON sections.id = staff.section_id \
         WHERE staff.id = $1 AND disabled_at IS NULL",
    )
    .bind(staff_id)
    .fetch_optional(db.pool())
    .await?
    .map(|row| store::staff_from_row(&row))
    .transpose()
}

/// Wrong codes for an account count, across clients, in `login_failures`
/// under this key (never a valid address, so never mixed with passwords).
fn failure_key(staff_id: &str) -> String {
    format!("2fa:{staff_id}")
}
const ANY_CLIENT: &str = "*";

// ---------------------------------------------------------------------------
// Pages

fn pending_cookie(identity: &Identity, token: &str, max_age: i64) -> String {
    format!(
        "{PENDING_COOKIE}={token}; Path=/staff/login; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if identity.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

fn add_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// After a staff member's right password: a pending login, and the way to
/// the code (or to enrolment).
pub(crate) async fn begin(
    identity: &Identity,
    staff: &Staff,
    client: ClientAddr,
    next: &str,
    chrome: &Chrome,
) -> Result<Response, ApiError> {
    let db = identity.db();
    let token = create_pending(db, &staff.id, &client.key().to_string(), next).await?;
    let enrolled = is_enrolled(db, &staff.id).await?;
    tracing::info!(client = %client, staff = %staff.id, enrolled, "password accepted: second step pending");
    let path = if enrolled {
        "/staff/login/code"
    } else {
        "/staff/login/enrol"
    };
    let mut response = Redirect::to(&chrome.link(path)).into_response();
    add_cookie(
        &mut response,
        &pending_cookie(identity, &token, PENDING_LIFETIME.whole_seconds()),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(Template)]
#[template(path = "two_factor_code.html")]
struct CodePage {
    chrome: Chrome,
    errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(path = "two_factor_enrol.html")]
struct EnrolPage {
    chrome: Chrome,
    qr: String,
    secret: String,
    uri: String,
    errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(path = "two_factor_recovery.html")]
struct RecoveryPage {
    chrome: Chrome,
    codes: Vec<String>,
    next: String,
}

/// Back to the password, the pending login (if any) forgotten.
fn start_again(identity: &Identity, chrome: &Chrome) -> Response {
    let mut response = Redirect::to(&chrome.link("/staff/login")).into_response();
    add_cookie(&mut response, &pending_cookie(identity, "", 0));
    response
}

fn code_page(chrome: Chrome, errors: Vec<FieldError>) -> CodePage {
    let title = chrome.marked_up("twofa-code-title");
    CodePage {
        chrome: chrome.titled(title),
        errors,
    }
}

async fn code_form(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    headers: HeaderMap,
) -> Response {
    let db = identity.db();
    let pending = match pending(db, &headers, &client.key().to_string()).await {
        Ok(Some(pending)) => pending,
        Ok(None) => return start_again(&identity, &chrome),
        Err(error) => return PageError::new(&chrome, error.into()).into_response(),
    };
    match is_enrolled(db, &pending.staff_id).await {
        Ok(true) => render(&code_page(chrome, Vec::new())),
        Ok(false) => Redirect::to(&chrome.link("/staff/login/enrol")).into_response(),
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

/// The end of a wrong code: the page again with the error, or (after the
/// last allowed attempt) back to the password.
fn wrong_code(
    identity: &Identity,
    chrome: Chrome,
    attempts: i64,
    retry: impl FnOnce(Chrome, Vec<FieldError>) -> Response,
) -> Response {
    if attempts >= MAX_ATTEMPTS {
        return start_again(identity, &chrome);
    }
    let error = FieldError::localized(
        "code",
        Message::new("twofa-wrong-code").with("left", MAX_ATTEMPTS - attempts),
    );
    retry(chrome, vec![error])
}

/// Refuses a code try when the account had too many wrong codes lately
/// (from anywhere) or this client too many failed logins.
async fn throttled(
    identity: &Identity,
    chrome: &Chrome,
    client: ClientAddr,
    staff_id: &str,
) -> Result<Option<Response>, ApiError> {
    if let Err(wait) = identity.login_limiter().take(client) {
        tracing::warn!(client = %client, staff = %staff_id, "second step refused: too many failed logins from this client");
        return Ok(Some(crate::too_many_attempts(chrome, wait)));
    }
    let (failures, latest) = store::recent_login_failures(
        identity.db(),
        &failure_key(staff_id),
        ANY_CLIENT,
        crate::FAILURE_WINDOW,
    )
    .await?;
    let beyond = failures - FREE_CODE_FAILURES;
    if beyond >= 0
        && let Some(latest) = latest
    {
        let wait = Duration::seconds(1i64 << beyond.min(20)).min(crate::MAX_DELAY);
        let left = latest + wait - OffsetDateTime::now_utc();
        if left.is_positive() {
            tracing::warn!(client = %client, staff = %staff_id, failures, "second step refused: too many wrong codes for this account");
            let left = std::time::Duration::try_from(left).unwrap_or_default();
            return Ok(Some(crate::too_many_attempts(chrome, left)));
        }
    }
    Ok(None)
}

async fn code_posted(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    match check_code(&identity, client, chrome.clone(), &headers, form).await {
        Ok(response) => response,
        Err(error) => PageError::new(&chrome, error).into_response(),
    }
}

async fn check_code(
    identity: &Identity,
    client: ClientAddr,
    chrome: Chrome,
    headers: &HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let db = identity.db();
    let Some(pending) = pending(db, headers, &client.key().to_string()).await? else {
        return Ok(start_again(identity, &chrome));
    };
    let Some((secret, _)) = enrolled(db, &pending.staff_id).await? else {
        return Ok(Redirect::to(&chrome.link("/staff/login/enrol")).into_response());
    };
    let typed = form.map(|Form(f)| f.code).unwrap_or_default();
    if typed.trim().is_empty() || typed.len() > 64 {
        let error = FieldError::localized("code", Message::new("twofa-enter-code"));
        let page = code_page(chrome, vec![error]);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    if let Some(refusal) = throttled(identity, &chrome, client, &pending.staff_id).await? {
        return Ok(refusal);
    }
    let staff_id = &pending.staff_id;
    let accepted = if looks_like_totp(&typed) {
        match matching_step(&secret, &typed, unix_now()) {
            Some(step) if accept_step(db, staff_id, step).await? => Ok(()),
            Some(_) => Err("a code already used"),
            None => Err("a wrong code"),
        }
    } else if use_recovery_code(db, staff_id, &typed).await? {
        let left = recovery_codes_left(db, staff_id).await?;
        tracing::warn!(client = %client, staff = %staff_id, left, "recovery code used");
        audit_recovery_use(db, staff_id, left).await?;
        Ok(())
    } else {
        Err("a wrong recovery code")
    };
    if let Err(why) = accepted {
        store::record_login_failure(
            db,
            &failure_key(staff_id),
            ANY_CLIENT,
            crate::FAILURE_WINDOW,
        )
        .await?;
        let attempts = count_wrong(db, &pending).await?;
        tracing::warn!(client = %client, staff = %staff_id, attempts, why, "second step refused");
        return Ok(wrong_code(identity, chrome, attempts, |chrome, errors| {
            (StatusCode::UNAUTHORIZED, render(&code_page(chrome, errors))).into_response()
        }));
    }
    finish(identity, client, chrome, &pending, None).await
}

/// The session, after the second step: the pending login ends (once), the
/// session cookie is set, and the browser goes on (or, after enrolment,
/// sees its recovery codes).
async fn finish(
    identity: &Identity,
    client: ClientAddr,
    chrome: Chrome,
    pending: &Pending,
    recovery_codes: Option<Vec<String>>,
) -> Result<Response, ApiError> {
    let db = identity.db();
    if !end_pending(db, &pending.token_hash).await? {
        return Ok(start_again(identity, &chrome));
    }
    let Some(staff) = staff_by_id(db, &pending.staff_id).await? else {
        return Ok(start_again(identity, &chrome));
    };
    identity.login_limiter().give_back(client);
    store::clear_login_failures(db, &failure_key(&staff.id), ANY_CLIENT).await?;
    let session =
        store::create_session(db, &Account::Staff(staff.clone()), crate::STAFF_SESSION).await?;
    tracing::info!(client = %client, staff = %staff.id, account = %masked(&staff.email), "staff signed in with the second step");
    let next = chrome.link(&crate::pages::safe_next(&pending.next, "/staff"));
    let mut response = match recovery_codes {
        None => Redirect::to(&next).into_response(),
        Some(codes) => {
            let title = chrome.marked_up("twofa-recovery-title");
            render(&RecoveryPage {
                chrome: chrome.titled(title),
                codes,
                next,
            })
        }
    };
    add_cookie(
        &mut response,
        &identity.session_cookie(&session.token, crate::STAFF_SESSION),
    );
    add_cookie(&mut response, &pending_cookie(identity, "", 0));
    Ok(response)
}

async fn enrol_form(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    headers: HeaderMap,
) -> Response {
    match enrol_page(&identity, client, chrome.clone(), &headers, Vec::new()).await {
        Ok(response) => response,
        Err(error) => PageError::new(&chrome, error).into_response(),
    }
}

/// The enrolment page of the pending login: the key (made once per
/// pending login, kept with it until confirmed) as a QR code and as text.
async fn enrol_page(
    identity: &Identity,
    client: ClientAddr,
    chrome: Chrome,
    headers: &HeaderMap,
    errors: Vec<FieldError>,
) -> Result<Response, ApiError> {
    let db = identity.db();
    let Some(pending) = pending(db, headers, &client.key().to_string()).await? else {
        return Ok(start_again(identity, &chrome));
    };
    if is_enrolled(db, &pending.staff_id).await? {
        return Ok(Redirect::to(&chrome.link("/staff/login/code")).into_response());
    }
    let Some(staff) = staff_by_id(db, &pending.staff_id).await? else {
        return Ok(start_again(identity, &chrome));
    };
    let secret = match pending.new_secret {
        Some(secret) => secret,
        None => {
            let secret = new_secret();
            sqlx::query("UPDATE pending_logins SET new_secret = $2 WHERE token_hash = $1")
                .bind(&pending.token_hash)
                .bind(
                    db.vault()
                        .seal_text(&pending_context(&pending.token_hash), &secret)?,
                )
                .execute(db.pool())
                .await?;
            secret
        }
    };
    let uri = otpauth_uri(&secret, &staff.email)
        .ok_or_else(|| ApiError::internal("the otpauth URI cannot be made"))?;
    let qr = qr_data_uri(&uri).unwrap_or_default();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    let title = chrome.marked_up("twofa-enrol-title");
    let page = EnrolPage {
        chrome: chrome.titled(title),
        qr,
        secret: grouped(&secret),
        uri,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

/// A key in groups of four, easier to type.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn enrol_posted(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    match confirm_enrolment(&identity, client, chrome.clone(), &headers, form).await {
        Ok(response) => response,
        Err(error) => PageError::new(&chrome, error).into_response(),
    }
}

async fn confirm_enrolment(
    identity: &Identity,
    client: ClientAddr,
    chrome: Chrome,
    headers: &HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let db = identity.db();
    let Some(pending) = pending(db, headers, &client.key().to_string()).await? else {
        return Ok(start_again(identity, &chrome));
    };
    if is_enrolled(db, &pending.staff_id).await? {
        return Ok(Redirect::to(&chrome.link("/staff/login/code")).into_response());
    }
    let Some(secret) = pending.new_secret.clone() else {
        return Ok(Redirect::to(&chrome.link("/staff/login/enrol")).into_response());
    };
    let typed = form.map(|Form(f)| f.code).unwrap_or_default();
    // Nothing typed is not a wrong code: it costs none of the attempts.
    if typed.trim().is_empty() || typed.len() > 64 {
        let error = FieldError::localized("code", Message::new("twofa-enter-code"));
        return enrol_page(identity, client, chrome, headers, vec![error]).await;
    }
    if let Some(refusal) = throttled(identity, &chrome, client, &pending.staff_id).await? {
        return Ok(refusal);
    }
    let Some(step) = matching_step(&secret, &typed, unix_now()) else {
        let attempts = count_wrong(db, &pending).await?;
        tracing::warn!(client = %client, staff = %pending.staff_id, attempts, "enrolment refused: a wrong code");
        if attempts >= MAX_ATTEMPTS {
            return Ok(wrong_code(identity, chrome, attempts, |_, _| {
                StatusCode::UNAUTHORIZED.into_response()
            }));
        }
        let error = FieldError::localized(
            "code",
            Message::new("twofa-wrong-code").with("left", MAX_ATTEMPTS - attempts),
        );
        return enrol_page(identity, client, chrome, headers, vec![error]).await;
    };
    let actor = format!("staff:{}", pending.staff_id);
    let codes = enrol(db, &pending.staff_id, &secret, step, &actor).await?;
    tracing::info!(client = %client, staff = %pending.staff_id, "two-factor sign-in enrolled");
    finish(identity, client, chrome, &pending, Some(codes)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn codes_follow_rfc_6238() {
        // "12345678901234567890" in base32.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, time).as_deref(), Some(code), "{time}");
        }
    }

    #[test]
    fn a_code_is_good_for_its_step_and_the_neighbours_only() {
        let secret = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&secret, now).unwrap_or_default();
        assert_eq!(matching_step(&secret, &code, now), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now - 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
        let spaced = format!(
            "{} {}",
            code.get(..3).unwrap_or_default(),
            code.get(3..).unwrap_or_default()
        );
        assert_eq!(matching_step(&secret, &spaced, now), Some(now / 30));
    }

    #[test]
    fn secrets_and_uris_are_what_apps_read() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let uri = otpauth_uri(&secret, "clerk@city.example.jp").unwrap_or_default();
        assert!(
            uri.starts_with("otpauth://totp/madoguchi:clerk%40city.example.jp?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={secret}")), "{uri}");
        assert!(uri.contains("issuer=madoguchi"), "{uri}");
        // Typed with spaces and in lower case, the key still reads.
        let typed = grouped(&secret).to_lowercase();
        assert_eq!(code_at(&typed, 59), code_at(&secret, 59));
        let qr = qr_data_uri(&uri).unwrap_or_default();
        assert!(qr.starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let code = codes.first().cloned().unwrap_or_default();
        assert_eq!(code.len(), 11);
        assert_eq!(
            recovery_hash("s1", &code),
            recovery_hash(
                "s1",
                &format!(" {} ", code.to_uppercase().replace('-', " "))
            )
        );
        assert_ne!(recovery_hash("s1", &code), recovery_hash("s2", &code));
        assert!(!looks_like_totp(&code));
        assert!(looks_like_totp("123 456"));
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foob"), "Zm9vYg==");
    }
}
