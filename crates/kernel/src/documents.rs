//! Documents the DX office keeps as TOML and edits on a staff page — the
//! bereavement corner's rules, the search words, the life-event guide, the
//! FAQ: every version kept in its own table, the newest in force, the
//! platform's own text until the first is saved, each save audited. What a
//! document means is its owner's; this is how it is read, kept and told
//! apart when it is wrong.

use sqlx::Row;

use crate::Db;

/// A problem with a document, in Japanese with English beside, naming
/// where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub ja: String,
    pub en: String,
}

pub fn problem(ja: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem {
        ja: ja.into(),
        en: en.into(),
    }
}

/// Reads TOML into `T` within `max_bytes`, or the one problem that stops
/// it: too long, or the line where the TOML goes wrong.
pub fn read_toml<T: serde::de::DeserializeOwned>(
    source: &str,
    max_bytes: usize,
) -> Result<T, Vec<Problem>> {
    if source.len() > max_bytes {
        return Err(vec![problem(
            format!("長すぎます（{} KBまで）。", max_bytes / 1024),
            format!("Too long ({} KB at most).", max_bytes / 1024),
        )]);
    }
    toml::from_str(source).map_err(|e| {
        let at = e
            .span()
            .map(|span| {
                source
                    .get(..span.start)
                    .unwrap_or("")
                    .lines()
                    .count()
                    .max(1)
            })
            .unwrap_or(0);
        vec![problem(
            format!("{at}行目付近の書き方が正しくありません: {}", e.message()),
            format!("Line {at} or near it is not valid: {}", e.message()),
        )]
    })
}

/// True for an id written as the documents write them: a-z, 0-9, - and _,
/// 64 at most.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Where a kind of document is kept and how its saves are audited.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// The table: `version BIGINT PRIMARY KEY, source, saved_by, saved_at`.
    pub table: &'static str,
    /// The audit entry's target type and action.
    pub target_type: &'static str,
    pub action: &'static str,
    /// The platform's own document, in force until one is saved.
    pub default: &'static str,
}

/// A saved version, newest first in lists.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i64,
    pub saved_by: String,
    pub saved_at: String,
}

/// The source in force: the newest saved (with its version), else the
/// platform's own.
pub async fn current_source(db: &Db, kind: &Kind) -> anyhow::Result<(Option<i64>, String)> {
    let sql = format!(
        "SELECT version, source FROM {} ORDER BY version DESC LIMIT 1",
        kind.table
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(row) => (Some(row.try_get("version")?), row.try_get("source")?),
        None => (None, kind.default.to_string()),
    })
}

/// The version in force (none: the platform's own), to tell whether a
/// document read before is still the one in force.
pub async fn current_version(db: &Db, kind: &Kind) -> anyhow::Result<Option<i64>> {
    let sql = format!("SELECT CAST(MAX(version) AS BIGINT) FROM {}", kind.table);
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?)
}

/// The document in force, read by `parse`. A saved version was checked when
/// saved; should it no longer read (a newer platform), the platform's own
/// stands and it is logged.
pub async fn current<T>(
    db: &Db,
    kind: &Kind,
    parse: impl Fn(&str) -> Result<T, Vec<Problem>>,
) -> anyhow::Result<T> {
    let (version, source) = current_source(db, kind).await?;
    match parse(&source) {
        Ok(document) => Ok(document),
        Err(problems) => {
            tracing::error!(
                table = kind.table,
                ?version,
                ?problems,
                "a saved document does not read; the platform's own stands"
            );
            parse(kind.default)
                .map_err(|p| anyhow::anyhow!("the platform's {} do not read: {p:?}", kind.table))
        }
    }
}

/// The last 50 versions, newest first.
pub async fn versions(db: &Db, kind: &Kind) -> anyhow::Result<Vec<Version>> {
    let sql = format!(
        "SELECT version, saved_by, saved_at FROM {} ORDER BY version DESC LIMIT 50",
        kind.table
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Version {
                version: row.try_get("version")?,
                saved_by: row.try_get("saved_by")?,
                saved_at: row.try_get("saved_at")?,
            })
        })
        .collect()
}

/// Saves a source its owner has checked as the next version, in the
/// caller's transaction (so the owner can change more in it), with an
/// audit entry. Two saves at once: the second is told so rather than
/// failing.
pub async fn save_in(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kind: &Kind,
    source: &str,
    actor: &str,
) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    let sql = format!(
        "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM {}",
        kind.table
    );
    let next: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    let sql = format!(
        "INSERT INTO {} (version, source, saved_by, saved_at) VALUES ($1, $2, $3, $4)",
        kind.table
    );
    let inserted = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(next)
        .bind(source)
        .bind(actor)
        .bind(crate::clock::now_text())
        .execute(&mut **tx)
        .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Ok(Err(vec![problem(
                "同時に別の版が保存されました。画面を読み込み直して、最新の版に重ねて直してください。",
                "Another version was saved at the same time: reload and edit the newest.",
            )]));
        }
        Err(e) => return Err(e.into()),
    }
    crate::audit::append(
        db.keys(),
        tx,
        crate::audit::Entry {
            target_type: kind.target_type,
            target_id: kind.table,
            actor,
            action: kind.action,
            before: None,
            after: Some(serde_json::json!({ "version": next })),
        },
    )
    .await?;
    Ok(Ok(next))
}

/// Saves a source `check` accepts as the next version; its problems when
/// it does not.
pub async fn save<T>(
    db: &Db,
    kind: &Kind,
    source: &str,
    actor: &str,
    check: impl Fn(&str) -> Result<T, Vec<Problem>>,
) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    if let Err(problems) = check(source) {
        return Ok(Err(problems));
    }
    let mut tx = db.begin().await?;
    let saved = save_in(db, &mut tx, kind, source, actor).await?;
    if saved.is_ok() {
        tx.commit().await?;
    }
    Ok(saved)
}

/// What an editor page shows of a document: the source in force (or the
/// one sent back with its problems), the version in force and the history.
/// Its template part is `document_editor.html`.
pub struct Editor {
    pub source: String,
    pub version: Option<i64>,
    pub versions: Vec<Version>,
    pub problems: Vec<Problem>,
}

impl Editor {
    pub async fn load(
        db: &Db,
        kind: &Kind,
        sent: Option<String>,
        problems: Vec<Problem>,
    ) -> anyhow::Result<Editor> {
        let (version, source) = current_source(db, kind).await?;
        Ok(Editor {
            source: sent.unwrap_or(source),
            version,
            versions: versions(db, kind).await?,
            problems,
        })
    }

    /// 422 when a save was refused, else 200.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.problems.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// The editor's form: the document's text, its line ends as browsers send
/// them (CRLF) kept as LF.
#[derive(serde::Deserialize)]
pub struct SourceForm {
    source: String,
}

impl SourceForm {
    pub fn source(&self) -> String {
        self.source.replace("\r\n", "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Doc {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn a_broken_document_names_its_line_and_a_long_one_its_limit() {
        let broken = read_toml::<Doc>("# a\n\nname = \n", 1024).unwrap_err();
        assert!(broken[0].ja.contains("3行目"), "{broken:?}");
        assert!(broken[0].en.contains("Line 3"), "{broken:?}");
        let long = read_toml::<Doc>(&"#".repeat(2048), 1024).unwrap_err();
        assert!(long[0].ja.contains("1 KB"), "{long:?}");
        assert!(read_toml::<Doc>("name = \"a\"", 1024).is_ok());
    }

    #[test]
    fn ids_are_lower_case_ascii() {
        assert!(valid_id("tennyu-1_a"));
        assert!(!valid_id("Tennyu"));
        assert!(!valid_id("転入"));
        assert!(!valid_id(""));
        assert!(!valid_id(&"a".repeat(65)));
    }
}
