//! The append-only audit log: who did what, when, to what, with the state
//! before and after. Each target's entries form a chain: an entry's hash is
//! an HMAC-SHA-256, under a key kept outside the database
//! ([`crate::keys::Purpose::Audit`]), of its content and the previous
//! entry's hash. Editing or removing a past entry is detectable by
//! `verify_chain`, and so is a rewrite that recomputes the hashes: without
//! the key nobody can compute them. Each entry names the key it was made
//! with, so keys can be rotated.

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::Db;
use crate::keys::{Key, Keyring, Purpose};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An action to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A recorded entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stored {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub prev_hash: String,
    pub hash: String,
    /// The key the hash was made with; None for an entry from before keys.
    pub key_id: Option<String>,
}

fn content(target_type: &str, target_id: &str, e: &Stored) -> String {
    serde_json::json!([
        target_type,
        target_id,
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.before,
        e.after,
        e.prev_hash
    ])
    .to_string()
}

/// The entry's keyed hash.
fn digest(key: &Key, target_type: &str, target_id: &str, e: &Stored) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.secret()) else {
        // Any key length is accepted by HMAC; this cannot happen.
        return String::new();
    };
    mac.update(content(target_type, target_id, e).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The hash entries had before the chain was keyed: only to check them
/// once, when they are sealed with a key (see [`seal_unkeyed`]).
fn unkeyed_digest(target_type: &str, target_id: &str, e: &Stored) -> String {
    hex::encode(Sha256::digest(
        content(target_type, target_id, e).as_bytes(),
    ))
}

fn current_key(keys: &Keyring) -> anyhow::Result<&Key> {
    keys.current(Purpose::Audit)
        .ok_or_else(|| anyhow::anyhow!("no audit key is loaded: the audit log cannot be written"))
}

/// Appends the first entry of a new target (no earlier entry to read).
pub async fn append_first(
    keys: &Keyring,
    tx: &mut Transaction<'_, Any>,
    entry: Entry<'_>,
) -> anyhow::Result<()> {
    insert(keys, tx, entry, 1, GENESIS.to_string()).await
}

/// The first entries of several new targets, in one statement.
pub async fn append_first_many(
    keys: &Keyring,
    tx: &mut Transaction<'_, Any>,
    entries: Vec<Entry<'_>>,
) -> anyhow::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let key = current_key(keys)?;
    let at = crate::clock::now_text();
    let sql = format!(
        "INSERT INTO audit_log (target_type, target_id, seq, at, actor, action, before, after, prev_hash, hash, key_id) VALUES {}",
        crate::db::value_rows(entries.len(), 11)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for entry in entries {
        let mut stored = Stored {
            seq: 1,
            at: at.clone(),
            actor: entry.actor.to_string(),
            action: entry.action.to_string(),
            before: entry.before,
            after: entry.after,
            prev_hash: GENESIS.to_string(),
            hash: String::new(),
            key_id: Some(key.id.clone()),
        };
        stored.hash = digest(key, entry.target_type, entry.target_id, &stored);
        query = query
            .bind(entry.target_type.to_string())
            .bind(entry.target_id.to_string())
            .bind(stored.seq)
            .bind(stored.at)
            .bind(stored.actor)
            .bind(stored.action)
            .bind(stored.before.as_ref().map(Value::to_string))
            .bind(stored.after.as_ref().map(Value::to_string))
            .bind(stored.prev_hash)
            .bind(stored.hash)
            .bind(stored.key_id);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Appends `entry` inside `tx`. Two writers racing on one target both read
/// the same last entry; the second insert then breaks the (target, seq)
/// uniqueness and its transaction fails rather than forking the chain.
pub async fn append(
    keys: &Keyring,
    tx: &mut Transaction<'_, Any>,
    entry: Entry<'_>,
) -> anyhow::Result<()> {
    let last = sqlx::query(
        "SELECT seq, hash FROM audit_log WHERE target_type = $1 AND target_id = $2 ORDER BY seq DESC LIMIT 1",
    )
    .bind(entry.target_type)
    .bind(entry.target_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (seq, prev_hash) = match last {
        Some(row) => (
            row.try_get::<i64, _>("seq")? + 1,
            row.try_get::<String, _>("hash")?,
        ),
        None => (1, GENESIS.to_string()),
    };
    insert(keys, tx, entry, seq, prev_hash).await
}

async fn insert(
    keys: &Keyring,
    tx: &mut Transaction<'_, Any>,
    entry: Entry<'_>,
    seq: i64,
    prev_hash: String,
) -> anyhow::Result<()> {
    let key = current_key(keys)?;
    let mut stored = Stored {
        seq,
        at: crate::clock::now_text(),
        actor: entry.actor.to_string(),
        action: entry.action.to_string(),
        before: entry.before,
        after: entry.after,
        prev_hash,
        hash: String::new(),
        key_id: Some(key.id.clone()),
    };
    stored.hash = digest(key, entry.target_type, entry.target_id, &stored);
    sqlx::query(
        "INSERT INTO audit_log (target_type, target_id, seq, at, actor, action, before, after, prev_hash, hash, key_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(entry.target_type)
    .bind(entry.target_id)
    .bind(stored.seq)
    .bind(&stored.at)
    .bind(&stored.actor)
    .bind(&stored.action)
    .bind(stored.before.as_ref().map(Value::to_string))
    .bind(stored.after.as_ref().map(Value::to_string))
    .bind(&stored.prev_hash)
    .bind(&stored.hash)
    .bind(&stored.key_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A target's entries, oldest first.
pub async fn entries(db: &Db, target_type: &str, target_id: &str) -> anyhow::Result<Vec<Stored>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, before, after, prev_hash, hash, key_id FROM audit_log \
         WHERE target_type = $1 AND target_id = $2 ORDER BY seq",
    )
    .bind(target_type)
    .bind(target_id)
    .fetch_all(db.pool())
    .await?;
    let json = |text: Option<String>| -> anyhow::Result<Option<Value>> {
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    };
    rows.iter()
        .map(|row| {
            Ok(Stored {
                seq: row.try_get("seq")?,
                at: row.try_get("at")?,
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                before: json(row.try_get("before")?)?,
                after: json(row.try_get("after")?)?,
                prev_hash: row.try_get("prev_hash")?,
                hash: row.try_get("hash")?,
                key_id: row.try_get("key_id")?,
            })
        })
        .collect()
}

/// Where a chain breaks: the first entry whose hash, link or number is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
    pub reason: &'static str,
}

/// Checks a target's chain against `keys`; pure. An entry made with no key,
/// or with a key not in the keyring, does not verify.
pub fn verify_chain(
    keys: &Keyring,
    target_type: &str,
    target_id: &str,
    entries: &[Stored],
) -> Result<(), Broken> {
    let mut expected_prev = GENESIS.to_string();
    for (i, entry) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if entry.seq != expected_seq {
            return Err(Broken {
                seq: expected_seq,
                reason: "an entry is missing",
            });
        }
        if entry.prev_hash != expected_prev {
            return Err(Broken {
                seq: entry.seq,
                reason: "the link to the previous entry is broken",
            });
        }
        let Some(key) = entry
            .key_id
            .as_deref()
            .and_then(|id| keys.get(Purpose::Audit, id))
        else {
            return Err(Broken {
                seq: entry.seq,
                reason: "the entry was not made with a key of this city",
            });
        };
        if !same(&digest(key, target_type, target_id, entry), &entry.hash) {
            return Err(Broken {
                seq: entry.seq,
                reason: "the entry was changed after it was written",
            });
        }
        expected_prev = entry.hash.clone();
    }
    Ok(())
}

/// Keys the log's entries name that `db`'s keyring lacks: a node started
/// with the wrong keys folder would make a key of its own and no chain
/// would verify, so the start is refused instead.
pub async fn missing_keys(db: &Db) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query("SELECT DISTINCT key_id FROM audit_log WHERE key_id IS NOT NULL")
        .fetch_all(db.pool())
        .await?;
    let mut missing = Vec::new();
    for row in rows {
        let id: String = row.try_get("key_id")?;
        if db.keys().get(Purpose::Audit, &id).is_none() {
            missing.push(id);
        }
    }
    Ok(missing)
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Seals the chains written before the log was keyed: a chain whose
/// unkeyed hashes still hold is hashed again under the current key (entry
/// by entry, links included), in one transaction per chain; a chain already
/// broken is left as it is, so it keeps showing as broken. Returns how many
/// chains were sealed. Run once, when the first audit key is made (an
/// upgrade): run later, it would seal a rewrite passed off as an old entry.
pub async fn seal_unkeyed(db: &Db) -> anyhow::Result<usize> {
    let key = current_key(db.keys())?;
    let targets =
        sqlx::query("SELECT DISTINCT target_type, target_id FROM audit_log WHERE key_id IS NULL")
            .fetch_all(db.pool())
            .await?;
    let mut sealed = 0;
    for target in targets {
        let target_type: String = target.try_get("target_type")?;
        let target_id: String = target.try_get("target_id")?;
        let entries = entries(db, &target_type, &target_id).await?;
        if entries.iter().any(|e| e.key_id.is_some()) {
            continue;
        }
        let mut expected_prev = GENESIS.to_string();
        let intact = entries.iter().enumerate().all(|(i, e)| {
            let ok = e.seq == i as i64 + 1
                && e.prev_hash == expected_prev
                && unkeyed_digest(&target_type, &target_id, e) == e.hash;
            expected_prev = e.hash.clone();
            ok
        });
        if !intact {
            tracing::warn!(
                target_type,
                target_id,
                "an audit chain from before keys is broken: left unsealed"
            );
            continue;
        }
        let mut tx = db.begin().await?;
        let mut prev = GENESIS.to_string();
        for mut entry in entries {
            entry.prev_hash = prev;
            entry.key_id = Some(key.id.clone());
            entry.hash = digest(key, &target_type, &target_id, &entry);
            sqlx::query(
                "UPDATE audit_log SET prev_hash = $1, hash = $2, key_id = $3 \
                 WHERE target_type = $4 AND target_id = $5 AND seq = $6 AND key_id IS NULL",
            )
            .bind(&entry.prev_hash)
            .bind(&entry.hash)
            .bind(&entry.key_id)
            .bind(&target_type)
            .bind(&target_id)
            .bind(entry.seq)
            .execute(&mut *tx)
            .await?;
            prev = entry.hash;
        }
        tx.commit().await?;
        sealed += 1;
    }
    if sealed > 0 {
        tracing::info!(
            sealed,
            "audit chains from before keys sealed with the audit key"
        );
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(keys: &Keyring, n: i64) -> Vec<Stored> {
        let key = keys.current(Purpose::Audit).cloned();
        let Some(key) = key else { return Vec::new() };
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = Stored {
                    seq,
                    at: format!("2026-11-24T00:00:0{seq}Z"),
                    actor: "staff:1".into(),
                    action: "application.status_changed".into(),
                    before: Some(serde_json::json!({"status": "received"})),
                    after: Some(serde_json::json!({"status": "reviewing"})),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                    key_id: Some(key.id.clone()),
                };
                e.hash = digest(&key, "application", "a1", &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let keys = Keyring::ephemeral();
        assert_eq!(
            verify_chain(&keys, "application", "a1", &chain(&keys, 3)),
            Ok(())
        );
    }

    #[test]
    fn an_edited_entry_is_detected() {
        let keys = Keyring::ephemeral();
        let mut entries = chain(&keys, 3);
        entries[1].after = Some(serde_json::json!({"status": "approved"}));
        assert_eq!(
            verify_chain(&keys, "application", "a1", &entries).map_err(|b| b.seq),
            Err(2)
        );
    }

    #[test]
    fn a_removed_entry_is_detected() {
        let keys = Keyring::ephemeral();
        let mut entries = chain(&keys, 3);
        entries.remove(1);
        assert!(verify_chain(&keys, "application", "a1", &entries).is_err());
        let mut renumbered = chain(&keys, 3);
        renumbered.remove(1);
        renumbered[1].seq = 2;
        assert!(
            verify_chain(&keys, "application", "a1", &renumbered).is_err(),
            "renumbering breaks the link"
        );
    }

    #[test]
    fn entries_of_another_target_do_not_verify_here() {
        let keys = Keyring::ephemeral();
        assert!(verify_chain(&keys, "application", "a2", &chain(&keys, 2)).is_err());
    }

    #[test]
    fn hashes_recomputed_without_the_key_do_not_verify() {
        let keys = Keyring::ephemeral();
        let mut entries = chain(&keys, 2);
        // A rewrite in the database: new content, hashes recomputed the old
        // way (SHA-256) or under another key.
        let entry = &mut entries[1];
        entry.after = Some(serde_json::json!({"status": "approved"}));
        entry.hash = unkeyed_digest("application", "a1", entry);
        assert!(verify_chain(&keys, "application", "a1", &entries).is_err());
        let other = Keyring::ephemeral();
        let forged = chain(&other, 2);
        assert!(verify_chain(&keys, "application", "a1", &forged).is_err());
        let mut unkeyed = chain(&keys, 1);
        unkeyed[0].key_id = None;
        assert!(verify_chain(&keys, "application", "a1", &unkeyed).is_err());
    }
}
