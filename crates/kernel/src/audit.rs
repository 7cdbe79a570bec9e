//! The append-only audit log: who did what, when, to what, with the state
//! before and after. Each target's entries form a chain: an entry's hash
//! covers its content and the previous entry's hash, so editing or removing a
//! past entry is detectable by `verify_chain`.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::Db;

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
}

fn digest(target_type: &str, target_id: &str, e: &Stored) -> String {
    let content = serde_json::json!([
        target_type,
        target_id,
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.before,
        e.after,
        e.prev_hash
    ]);
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

/// Appends the first entry of a new target (no earlier entry to read).
pub async fn append_first(tx: &mut Transaction<'_, Any>, entry: Entry<'_>) -> anyhow::Result<()> {
    insert(tx, entry, 1, GENESIS.to_string()).await
}

/// The first entries of several new targets, in one statement.
pub async fn append_first_many(
    tx: &mut Transaction<'_, Any>,
    entries: Vec<Entry<'_>>,
) -> anyhow::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let at = crate::clock::now_text();
    let sql = format!(
        "INSERT INTO audit_log (target_type, target_id, seq, at, actor, action, before, after, prev_hash, hash) VALUES {}",
        crate::db::value_rows(entries.len(), 10)
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
        };
        stored.hash = digest(entry.target_type, entry.target_id, &stored);
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
            .bind(stored.hash);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Appends `entry` inside `tx`. Two writers racing on one target both read
/// the same last entry; the second insert then breaks the (target, seq)
/// uniqueness and its transaction fails rather than forking the chain.
pub async fn append(tx: &mut Transaction<'_, Any>, entry: Entry<'_>) -> anyhow::Result<()> {
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
    insert(tx, entry, seq, prev_hash).await
}

async fn insert(
    tx: &mut Transaction<'_, Any>,
    entry: Entry<'_>,
    seq: i64,
    prev_hash: String,
) -> anyhow::Result<()> {
    let mut stored = Stored {
        seq,
        at: crate::clock::now_text(),
        actor: entry.actor.to_string(),
        action: entry.action.to_string(),
        before: entry.before,
        after: entry.after,
        prev_hash,
        hash: String::new(),
    };
    stored.hash = digest(entry.target_type, entry.target_id, &stored);
    sqlx::query(
        "INSERT INTO audit_log (target_type, target_id, seq, at, actor, action, before, after, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A target's entries, oldest first.
pub async fn entries(db: &Db, target_type: &str, target_id: &str) -> anyhow::Result<Vec<Stored>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, before, after, prev_hash, hash FROM audit_log \
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

/// Checks a target's chain; pure.
pub fn verify_chain(target_type: &str, target_id: &str, entries: &[Stored]) -> Result<(), Broken> {
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
        if digest(target_type, target_id, entry) != entry.hash {
            return Err(Broken {
                seq: entry.seq,
                reason: "the entry was changed after it was written",
            });
        }
        expected_prev = entry.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Stored> {
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
                };
                e.hash = digest("application", "a1", &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify_chain("application", "a1", &chain(3)), Ok(()));
    }

    #[test]
    fn an_edited_entry_is_detected() {
        let mut entries = chain(3);
        entries[1].after = Some(serde_json::json!({"status": "approved"}));
        assert_eq!(
            verify_chain("application", "a1", &entries).map_err(|b| b.seq),
            Err(2)
        );
    }

    #[test]
    fn a_removed_entry_is_detected() {
        let mut entries = chain(3);
        entries.remove(1);
        assert!(verify_chain("application", "a1", &entries).is_err());
        let mut renumbered = chain(3);
        renumbered.remove(1);
        renumbered[1].seq = 2;
        assert!(
            verify_chain("application", "a1", &renumbered).is_err(),
            "renumbering breaks the link"
        );
    }

    #[test]
    fn entries_of_another_target_do_not_verify_here() {
        assert!(verify_chain("application", "a2", &chain(2)).is_err());
    }
}
