//! API tokens for business systems. A token is shown once when issued; only
//! its SHA-256 is stored, so a copy of the database reveals no usable token.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::Db;

const PREFIX: &str = "mdg_";

fn hash(token: &str) -> String {
    digest(token)
}

/// The SHA-256 of a secret token, in hex: what is stored instead of it.
pub fn digest(token: &str) -> String {
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

/// The scopes a token may carry: `read` and `write` applications,
/// `decide` cases, scrape `metrics`.
pub const SCOPES: [&str; 4] = ["read", "write", "decide", "metrics"];

/// A token as an operator lists it (never the secret).
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<Listed>> {
    let rows = sqlx::query(
        "SELECT id, name, scopes, created_at, revoked_at FROM api_tokens ORDER BY created_at, id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let scopes: String = row.try_get("scopes")?;
            Ok(Listed {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                scopes: serde_json::from_str(&scopes)?,
                created_at: row.try_get("created_at")?,
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

pub async fn is_valid(db: &Db, token: &str) -> anyhow::Result<bool> {
    Ok(verify(db, token).await?.is_some())
}

/// The token in an `Authorization: Bearer …` header, checked for `scope`.
/// A missing or unknown token is a 401, a token without the scope a 403;
/// both refusals are logged.
pub async fn authorize(
    db: &Db,
    headers: &axum::http::HeaderMap,
    scope: &str,
) -> Result<TokenInfo, crate::ApiError> {
    authorize_cached(db, None, headers, scope).await
}

/// As `authorize`, remembering known tokens in `cache` (a revoked token
/// stops working when its entry expires).
pub async fn authorize_cached(
    db: &Db,
    cache: Option<&crate::cache::TtlCache<String, TokenInfo>>,
    headers: &axum::http::HeaderMap,
    scope: &str,
) -> Result<TokenInfo, crate::ApiError> {
    use axum::http::StatusCode;
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(presented) = presented else {
        tracing::warn!(scope, "API request refused: no token");
        return Err(crate::ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "API トークンが必要です（Authorization: Bearer …）。",
            "An API token is required (Authorization: Bearer …).",
        ));
    };
    let cached = cache.and_then(|c| c.get(&hash(presented)));
    let found = match cached {
        Some(info) => Some((*info).clone()),
        None => {
            let info = verify(db, presented).await?;
            if let (Some(cache), Some(info)) = (cache, &info) {
                cache.put(hash(presented), info.clone());
            }
            info
        }
    };
    let Some(info) = found else {
        tracing::warn!(scope, "API request refused: unknown or revoked token");
        return Err(crate::ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "API トークンが正しくないか、失効しています。",
            "The API token is not valid or has been revoked.",
        ));
    };
    if !info.scopes.iter().any(|s| s == scope) {
        tracing::warn!(scope, token = %info.id, "API request refused: token lacks the scope");
        return Err(crate::ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("この API トークンには {scope} の権限がありません。"),
            format!("This API token does not have the {scope} scope."),
        ));
    }
    Ok(info)
}
