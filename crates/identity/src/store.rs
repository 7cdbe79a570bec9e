//! Accounts and sessions in the database.

use kernel::Db;
use rand::RngCore;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Duration, OffsetDateTime};

use crate::model::{Account, AccountKind, Resident, Role, Staff};

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

pub fn new_id() -> String {
    random_hex(12)
}

pub(crate) fn token_hash(token: &str) -> String {
    kernel::tokens::digest(token)
}

pub(crate) fn staff_from_row(row: &AnyRow) -> anyhow::Result<Staff> {
    let role: String = row.try_get("role")?;
    Ok(Staff {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role:?}"))?,
        section_id: row.try_get("section_id")?,
        section_name: row.try_get("section_name")?,
    })
}

fn resident_from_row(row: &AnyRow) -> anyhow::Result<Resident> {
    let verified: Option<String> = row.try_get("email_verified_at")?;
    Ok(Resident {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        name_kana: row.try_get("name_kana")?,
        email_verified: verified.is_some(),
    })
}

/// E-mail addresses compare without case or surrounding spaces.
pub fn normalize_email(email: &str) -> String {
    kernel::text::nfkc(email.trim()).trim().to_lowercase()
}

/// The account and its password hash, for a login attempt.
pub async fn find_for_login(
    db: &Db,
    kind: AccountKind,
    email: &str,
) -> anyhow::Result<Option<(Account, String)>> {
    let email = normalize_email(email);
    Ok(match kind {
        AccountKind::Staff => sqlx::query(
            "SELECT staff.id, email, staff.name, role, section_id, sections.name AS section_name, \
             password_hash FROM staff LEFT JOIN sections ON sections.id = staff.section_id \
             WHERE email = $1 AND disabled_at IS NULL",
        )
        .bind(&email)
        .fetch_optional(db.pool())
        .await?
        .map(|row| -> anyhow::Result<_> {
            Ok((Account::Staff(staff_from_row(&row)?), row.try_get("password_hash")?))
        })
        .transpose()?,
        AccountKind::Resident => sqlx::query(
            "SELECT id, email, name, name_kana, email_verified_at, password_hash FROM residents WHERE email = $1",
        )
        .bind(&email)
        .fetch_optional(db.pool())
        .await?
        .map(|row| -> anyhow::Result<_> {
            Ok((Account::Resident(resident_from_row(&row)?), row.try_get("password_hash")?))
        })
        .transpose()?,
    })
}

/// Creates or updates a staff account by e-mail; returns its id.
pub async fn upsert_staff(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    section_id: Option<&str>,
    password_hash: &str,
) -> anyhow::Result<String> {
    let email = normalize_email(email);
    sqlx::query(
        "INSERT INTO staff (id, email, name, role, section_id, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role, \
         section_id = excluded.section_id, password_hash = excluded.password_hash",
    )
    .bind(new_id())
    .bind(&email)
    .bind(name)
    .bind(role.code())
    .bind(section_id)
    .bind(password_hash)
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(sqlx::query("SELECT id FROM staff WHERE email = $1")
        .bind(&email)
        .fetch_one(db.pool())
        .await?
        .try_get("id")?)
}

/// Creates or updates a resident account by e-mail; returns its id.
pub async fn upsert_resident(
    db: &Db,
    email: &str,
    name: &str,
    name_kana: &str,
    password_hash: &str,
    verified: bool,
) -> anyhow::Result<String> {
    let email = normalize_email(email);
    let verified_at = verified.then(kernel::clock::now_text);
    sqlx::query(
        "INSERT INTO residents (id, email, name, name_kana, password_hash, email_verified_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (email) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana, \
         password_hash = excluded.password_hash, email_verified_at = excluded.email_verified_at",
    )
    .bind(new_id())
    .bind(&email)
    .bind(name)
    .bind(name_kana)
    .bind(password_hash)
    .bind(verified_at)
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?;
    Ok(sqlx::query("SELECT id FROM residents WHERE email = $1")
        .bind(&email)
        .fetch_one(db.pool())
        .await?
        .try_get("id")?)
}

pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

pub async fn create_session(
    db: &Db,
    account: &Account,
    lifetime: Duration,
) -> anyhow::Result<NewSession> {
    let (kind, id) = match account {
        Account::Staff(s) => (AccountKind::Staff, &s.id),
        Account::Resident(r) => (AccountKind::Resident, &r.id),
    };
    let token = random_hex(32);
    let csrf_token = random_hex(16);
    let now = OffsetDateTime::now_utc();
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, account_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(kind.code())
    .bind(id)
    .bind(&csrf_token)
    .bind(kernel::clock::to_text(now))
    .bind(kernel::clock::to_text(now + lifetime))
    .execute(db.pool())
    .await?;
    Ok(NewSession { token, csrf_token })
}

/// A live session's account and CSRF token.
pub async fn session(db: &Db, token: &str) -> anyhow::Result<Option<(Account, String)>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(row) = sqlx::query(
        "SELECT kind, account_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(kernel::clock::now_text())
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let kind: String = row.try_get("kind")?;
    let account_id: String = row.try_get("account_id")?;
    let csrf: String = row.try_get("csrf_token")?;
    let account = if kind == "staff" {
        sqlx::query(
            "SELECT staff.id, email, staff.name, role, section_id, sections.name AS section_name \
             FROM staff LEFT JOIN sections ON sections.id = staff.section_id \
             WHERE staff.id = $1 AND disabled_at IS NULL",
        )
        .bind(&account_id)
        .fetch_optional(db.pool())
        .await?
        .map(|row| staff_from_row(&row).map(Account::Staff))
        .transpose()?
    } else {
        sqlx::query(
            "SELECT id, email, name, name_kana, email_verified_at FROM residents WHERE id = $1",
        )
        .bind(&account_id)
        .fetch_optional(db.pool())
        .await?
        .map(|row| resident_from_row(&row).map(Account::Resident))
        .transpose()?
    };
    Ok(account.map(|a| (a, csrf)))
}

/// Ends every session of an account (`kind` "staff" or "resident") in the
/// caller's transaction, except the one whose page token is `keep` (the
/// session making the change).
pub async fn end_sessions_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    kind: &str,
    account_id: &str,
    keep: Option<&str>,
) -> anyhow::Result<()> {
    // Page tokens are never empty, so "" keeps none.
    sqlx::query("DELETE FROM sessions WHERE kind = $1 AND account_id = $2 AND csrf_token <> $3")
        .bind(kind)
        .bind(account_id)
        .bind(keep.unwrap_or_default())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn end_session(db: &Db, token: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Notes a failed login for `email` from `client` (see
/// `kernel::client::ClientAddr::key`), forgetting that pair's failures
/// older than `window`.
pub async fn record_login_failure(
    db: &Db,
    email: &str,
    client: &str,
    window: Duration,
) -> anyhow::Result<()> {
    let email = normalize_email(email);
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE email = $1 AND client = $2 AND failed_at <= $3")
        .bind(&email)
        .bind(client)
        .bind(kernel::clock::to_text(OffsetDateTime::now_utc() - window))
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO login_failures (email, client, failed_at) VALUES ($1, $2, $3)")
        .bind(&email)
        .bind(client)
        .bind(kernel::clock::now_text())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// How many logins for `email` failed from `client` within `window`, and
/// when the latest did.
pub async fn recent_login_failures(
    db: &Db,
    email: &str,
    client: &str,
    window: Duration,
) -> anyhow::Result<(i64, Option<OffsetDateTime>)> {
    let since = kernel::clock::to_text(OffsetDateTime::now_utc() - window);
    let row = sqlx::query(
        "SELECT COUNT(*) AS failures, MAX(failed_at) AS latest FROM login_failures \
         WHERE email = $1 AND client = $2 AND failed_at > $3",
    )
    .bind(normalize_email(email))
    .bind(client)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let latest: Option<String> = row.try_get("latest")?;
    Ok((
        row.try_get("failures")?,
        latest.as_deref().and_then(kernel::clock::parse),
    ))
}

/// Forgets the failures of `email` from `client` (after a success there;
/// someone else's failures elsewhere still count against them).
pub async fn clear_login_failures(db: &Db, email: &str, client: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1 AND client = $2")
        .bind(normalize_email(email))
        .bind(client)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A resident's profile, for filling a new application.
pub async fn resident_profile(
    db: &Db,
    resident_id: &str,
) -> anyhow::Result<Option<crate::model::Profile>> {
    let row = sqlx::query(
        "SELECT name, name_kana, email, birth_date, postal_code, address, phone FROM residents WHERE id = $1",
    )
    .bind(resident_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<crate::model::Profile> {
        Ok(crate::model::Profile {
            name: row.try_get("name")?,
            name_kana: row.try_get("name_kana")?,
            email: row.try_get("email")?,
            birth_date: row.try_get("birth_date")?,
            postal_code: row.try_get("postal_code")?,
            address: row.try_get("address")?,
            phone: row.try_get("phone")?,
        })
    })
    .transpose()
}

/// Sets the optional parts of a resident's profile (each already checked).
pub async fn set_resident_details(
    db: &Db,
    resident_id: &str,
    birth_date: &str,
    postal_code: &str,
    address: &str,
    phone: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE residents SET birth_date = $1, postal_code = $2, address = $3, phone = $4 WHERE id = $5",
    )
    .bind(birth_date)
    .bind(postal_code)
    .bind(address)
    .bind(phone)
    .bind(resident_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Gives a resident found by e-mail profile details they have not given
/// yet (the demo's residents).
pub async fn fill_resident_details(
    db: &Db,
    email: &str,
    birth_date: &str,
    postal_code: &str,
    address: &str,
    phone: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE residents SET birth_date = $1, postal_code = $2, address = $3, phone = $4 \
         WHERE email = $5 AND birth_date = '' AND postal_code = '' AND address = '' AND phone = ''",
    )
    .bind(birth_date)
    .bind(postal_code)
    .bind(address)
    .bind(phone)
    .bind(email)
    .execute(db.pool())
    .await?;
    Ok(())
}
