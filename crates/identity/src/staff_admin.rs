//! Staff accounts as the city's IT department manages them (from the
//! command line): add or update an account with its role and section, list
//! them, disable one (its sessions end at once). Plain functions over the
//! database; the CLI prints.

use kernel::Db;
use rand::Rng;
use rand::distr::Alphanumeric;
use sqlx::Row;

use crate::Role;

/// A new random password: 16 letters and digits, shown once.
pub fn new_password() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(16)
        .map(char::from)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub email: String,
    pub name: String,
    pub role: String,
    pub section: Option<String>,
    pub disabled: bool,
}

/// Adds (or updates, by e-mail) a staff account with `password`. A clerk or
/// manager belongs to a section that must exist; a DX office administrator
/// may have none.
pub async fn add(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    section: Option<&str>,
    password: String,
) -> anyhow::Result<String> {
    let email = crate::registration::check_email(email)
        .map_err(|e| anyhow::anyhow!("{} / {}", e.message, e.message_en))?;
    anyhow::ensure!(
        !name.trim().is_empty(),
        "氏名を指定してください / give the person's name (--name)"
    );
    if let Err(e) = crate::password::check_new("password", &password) {
        anyhow::bail!("{} / {}", e.message, e.message_en);
    }
    match (role, section) {
        (Role::Clerk | Role::Manager, None) => {
            anyhow::bail!("担当課を指定してください / a clerk or manager needs --section")
        }
        (_, Some(section)) => {
            let exists = sqlx::query("SELECT 1 FROM sections WHERE id = $1")
                .bind(section)
                .fetch_optional(db.pool())
                .await?
                .is_some();
            anyhow::ensure!(
                exists,
                "課「{section}」は組織に登録されていません / there is no section {section:?}"
            );
        }
        (Role::DxAdmin, None) => {}
    }
    let hash = crate::password::hash_blocking(password).await?;
    let id = crate::store::upsert_staff(db, &email, name.trim(), role, section, &hash).await?;
    sqlx::query("UPDATE staff SET disabled_at = NULL WHERE id = $1")
        .bind(&id)
        .execute(db.pool())
        .await?;
    Ok(id)
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<Listed>> {
    sqlx::query(
        "SELECT email, name, role, section_id, disabled_at FROM staff ORDER BY section_id, role, email",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        let disabled: Option<String> = row.try_get("disabled_at")?;
        Ok(Listed {
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            role: row.try_get("role")?,
            section: row.try_get("section_id")?,
            disabled: disabled.is_some(),
        })
    })
    .collect()
}

/// Disables the account and ends its sessions. False when there is none.
pub async fn disable(db: &Db, email: &str) -> anyhow::Result<bool> {
    let email = crate::store::normalize_email(email);
    let mut tx = db.begin().await?;
    let row = sqlx::query("UPDATE staff SET disabled_at = $1 WHERE email = $2 RETURNING id")
        .bind(kernel::clock::now_text())
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let id: String = row.try_get("id")?;
    crate::store::end_sessions_of(&mut tx, "staff", &id, None).await?;
    tx.commit().await?;
    tracing::info!(staff = %id, "staff account disabled");
    Ok(true)
}
