//! API tokens for business systems. A token is shown once when issued; only
//! its SHA-256 is stored, so a copy of the database reveals no usable token.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::Db;

const PREFIX: &str = "mdg_";

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
}

/// Issues a new token for `name` with `scopes`, and returns it in clear.
pub async fn issue(db: &Db, name: &str, scopes: &[&str]) -> anyhow::Result<String> {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let mut id_bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut id_bytes);
    let now = crate::clock::now_text();
    sqlx::query(
        "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hex::encode(id_bytes))
    .bind(name)
    .bind(hash(&token))
    .bind(serde_json::to_string(scopes)?)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// The token's holder and scopes, when the token exists and is not revoked.
pub async fn verify(db: &Db, token: &str) -> anyhow::Result<Option<TokenInfo>> {
    if !token.starts_with(PREFIX) || token.len() > 200 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT id, name, scopes FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash(token))
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<TokenInfo> {
        let scopes: String = row.try_get("scopes")?;
        Ok(TokenInfo {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            scopes: serde_json::from_str(&scopes)?,
        })
    })
    .transpose()
}

pub async fn is_valid(db: &Db, token: &str) -> anyhow::Result<bool> {
    Ok(verify(db, token).await?.is_some())
}
