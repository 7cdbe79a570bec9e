//! The bank table: replaced as a whole by an import, searched by name with
//! bounded results, and asked whether a code pair exists.

use std::path::Path;

use anyhow::Context;
use kernel::Db;
use serde::Serialize;
use sqlx::Row;

use crate::zengin::{self, Loaded, fold, query};

/// Most banks or branches one search returns.
pub const MAX_RESULTS: i64 = 20;
/// Longest query read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 40;

/// A bank or branch as a search returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub code: String,
    pub name: String,
    pub kana: String,
}

fn folded(name: &str, kana: &str, roma: &str) -> String {
    format!("{}|{}|{}", fold(name), fold(kana), fold(roma))
}

/// Reads a zengin-code `data` directory (`banks.json` and `branches/*.json`)
/// or a single `banks.json`.
pub fn read_path(path: &Path) -> anyhow::Result<Result<Loaded, String>> {
    let read = |file: &Path| -> anyhow::Result<Option<String>> {
        let size = std::fs::metadata(file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .len();
        if size > zengin::MAX_FILE_BYTES as u64 {
            return Ok(None);
        }
        Ok(Some(std::fs::read_to_string(file).with_context(|| {
            format!("cannot read {}", file.display())
        })?))
    };
    let too_large = |file: &Path| {
        Ok(Err(format!(
            "{}: 大きすぎます / larger than {} bytes",
            file.display(),
            zengin::MAX_FILE_BYTES
        )))
    };
    let (banks_file, branches_dir) = if path.is_dir() {
        (path.join("banks.json"), Some(path.join("branches")))
    } else {
        (path.to_path_buf(), None)
    };
    let Some(text) = read(&banks_file)? else {
        return too_large(&banks_file);
    };
    let banks = match zengin::banks(&text) {
        Ok(banks) => banks,
        Err(message) => return Ok(Err(message)),
    };
    let mut branches = Vec::new();
    if let Some(dir) = branches_dir.filter(|d| d.is_dir()) {
        for bank in &banks {
            let file = dir.join(format!("{}.json", bank.code));
            if !file.is_file() {
                continue;
            }
            let Some(text) = read(&file)? else {
                return too_large(&file);
            };
            match zengin::branches(&bank.code, &text) {
                Ok(more) => branches.extend(more),
                Err(message) => return Ok(Err(message)),
            }
        }
    }
    Ok(Ok(Loaded { banks, branches }))
}

/// Replaces the table with `loaded`, in one transaction: a failed import
/// leaves the list as it was.
pub async fn import(db: &Db, loaded: &Loaded) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM bank_branches")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM banks").execute(&mut *tx).await?;
    for bank in &loaded.banks {
        sqlx::query(
            "INSERT INTO banks (code, name, kana, roma, folded) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&bank.code)
        .bind(&bank.name)
        .bind(&bank.kana)
        .bind(&bank.roma)
        .bind(folded(&bank.name, &bank.kana, &bank.roma))
        .execute(&mut *tx)
        .await?;
    }
    for branch in &loaded.branches {
        sqlx::query(
            "INSERT INTO bank_branches (bank_code, code, name, kana, roma, folded) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&branch.bank_code)
        .bind(&branch.code)
        .bind(&branch.name)
        .bind(&branch.kana)
        .bind(&branch.roma)
        .bind(folded(&branch.name, &branch.kana, &branch.roma))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How many banks the table holds (0: not loaded, codes are not checked).
pub async fn count(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM banks")
            .fetch_one(db.pool())
            .await?
            .try_get("n")?,
    )
}

fn bounded(text: &str) -> String {
    query(&text.chars().take(MAX_QUERY_CHARS).collect::<String>())
}

fn entries(rows: Vec<sqlx::any::AnyRow>) -> anyhow::Result<Vec<Entry>> {
    rows.iter()
        .map(|row| {
            Ok(Entry {
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                kana: row.try_get("kana")?,
            })
        })
        .collect()
}

/// Banks whose name, reading or romaji contains what was typed (names
/// starting with it first); nothing for an empty query.
pub async fn search_banks(db: &Db, text: &str) -> anyhow::Result<Vec<Entry>> {
    let q = bounded(text);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT code, name, kana FROM banks WHERE folded LIKE $1 \
         ORDER BY CASE WHEN folded LIKE $2 THEN 0 ELSE 1 END, code LIMIT $3",
    )
    .bind(format!("%{q}%"))
    .bind(format!("{q}%"))
    .bind(MAX_RESULTS)
    .fetch_all(db.pool())
    .await?;
    entries(rows)
}

/// Branches of a bank matching what was typed (the first ones by code for
/// an empty query).
pub async fn search_branches(db: &Db, bank_code: &str, text: &str) -> anyhow::Result<Vec<Entry>> {
    let q = bounded(text);
    let rows = sqlx::query(
        "SELECT code, name, kana FROM bank_branches WHERE bank_code = $1 AND folded LIKE $2 \
         ORDER BY CASE WHEN folded LIKE $3 THEN 0 ELSE 1 END, code LIMIT $4",
    )
    .bind(bank_code)
    .bind(format!("%{q}%"))
    .bind(format!("{q}%"))
    .bind(MAX_RESULTS)
    .fetch_all(db.pool())
    .await?;
    entries(rows)
}

/// The bank of a code, if the table has it.
pub async fn bank(db: &Db, code: &str) -> anyhow::Result<Option<Entry>> {
    let rows = sqlx::query("SELECT code, name, kana FROM banks WHERE code = $1")
        .bind(code)
        .fetch_all(db.pool())
        .await?;
    Ok(entries(rows)?.into_iter().next())
}

/// The branch of a code pair, if the table has it.
pub async fn branch(db: &Db, bank_code: &str, code: &str) -> anyhow::Result<Option<Entry>> {
    let rows = sqlx::query(
        "SELECT code, name, kana FROM bank_branches WHERE bank_code = $1 AND code = $2",
    )
    .bind(bank_code)
    .bind(code)
    .fetch_all(db.pool())
    .await?;
    Ok(entries(rows)?.into_iter().next())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[tokio::test]
    async fn an_import_replaces_the_list_and_search_finds_by_name_reading_or_romaji() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(dir.path(), None).await.expect("db");
        db.migrate().await.expect("migrate");
        assert_eq!(count(&db).await.expect("count"), 0);
        let loaded = Loaded {
            banks: zengin::banks(
                r#"{"0543":{"code":"0543","name":"名古屋","kana":"ナゴヤ","roma":"nagoya"},
                    "0152":{"code":"0152","name":"大垣共立","kana":"オオガキキヨウリツ","roma":"oogakikiyouritsu"}}"#,
            )
            .expect("banks"),
            branches: zengin::branches(
                "0543",
                r#"{"101":{"code":"101","name":"本店営業部","kana":"ホンテンエイギヨウブ","roma":"honten"}}"#,
            )
            .expect("branches"),
        };
        import(&db, &loaded).await.expect("import");
        assert_eq!(count(&db).await.expect("count"), 2);
        for typed in ["名古屋銀行", "なごや", "Nagoya", "ﾅｺﾞﾔ"] {
            let found = search_banks(&db, typed).await.expect("search");
            assert_eq!(found.len(), 1, "{typed}");
            assert_eq!(found[0].code, "0543");
        }
        assert_eq!(
            search_banks(&db, "おおがききょうりつ").await.expect("s")[0].code,
            "0152"
        );
        assert!(search_banks(&db, "").await.expect("s").is_empty());
        assert!(search_banks(&db, "%").await.expect("s").is_empty());
        assert_eq!(
            search_branches(&db, "0543", "ほんてん").await.expect("b")[0].code,
            "101"
        );
        assert!(branch(&db, "0543", "101").await.expect("b").is_some());
        assert!(branch(&db, "0543", "999").await.expect("b").is_none());
        import(&db, &Loaded::default()).await.expect("empty import");
        assert_eq!(count(&db).await.expect("count"), 0);
    }
}
