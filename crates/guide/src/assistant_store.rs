//! The assistant's FAQ (a document the DX office keeps, every version
//! kept) and its question log: questions scrubbed of personal data before
//! they are written, the unanswered ones reviewed by staff.

use kernel::Db;
use kernel::documents::{self, Kind, Problem};
use sqlx::Row;

use crate::assistant::{self, Entry, Faq, Reply, Source};

pub const FAQ: Kind = Kind {
    table: "assistant_faq",
    target_type: "assistant_faq",
    action: "assistant_faq.saved",
    default: assistant::DEFAULT_FAQ,
};

/// Questions listed for review at most.
pub const REVIEW_LIMIT: i64 = 100;

/// The FAQ in force.
pub async fn faq(db: &Db) -> anyhow::Result<Faq> {
    documents::current(db, &FAQ, Faq::parse).await
}

/// Writes a question as asked, scrubbed, with what answered it.
pub async fn log(db: &Db, lang: &str, question: &str, reply: &Reply) -> anyhow::Result<()> {
    let answered_by = match &reply.source {
        Source::Faq(id) => format!("faq:{id}"),
        Source::Catalog(_) => "catalog".to_string(),
        Source::None => String::new(),
    };
    let cited: Vec<&str> = reply
        .citations
        .iter()
        .map(|c| c.procedure_id.as_str())
        .collect();
    sqlx::query(
        "INSERT INTO assistant_questions (asked_at, lang, question, abstained, answered_by, cited) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(kernel::clock::now_text())
    .bind(lang)
    .bind(assistant::scrub(question))
    .bind(i64::from(reply.abstained))
    .bind(answered_by)
    .bind(cited.join(" "))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A logged question waiting for review.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: i64,
    pub asked_at: String,
    pub lang: String,
    pub question: String,
}

/// Unanswered questions not yet reviewed, newest first.
pub async fn unanswered(db: &Db) -> anyhow::Result<Vec<Logged>> {
    sqlx::query(
        "SELECT id, asked_at, lang, question FROM assistant_questions \
         WHERE abstained = 1 AND reviewed_at IS NULL ORDER BY id DESC LIMIT $1",
    )
    .bind(REVIEW_LIMIT)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(Logged {
            id: row.try_get("id")?,
            asked_at: row.try_get("asked_at")?,
            lang: row.try_get("lang")?,
            question: row.try_get("question")?,
        })
    })
    .collect()
}

/// Questions asked since `since`, and how many the assistant did not answer.
pub async fn counts(db: &Db, since: &str) -> anyhow::Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS asked, \
         CAST(COALESCE(SUM(abstained), 0) AS BIGINT) AS abstained \
         FROM assistant_questions WHERE asked_at >= $1",
    )
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("asked")?, row.try_get("abstained")?))
}

async fn question(db: &Db, id: i64) -> anyhow::Result<Option<Logged>> {
    let row =
        sqlx::query("SELECT id, asked_at, lang, question FROM assistant_questions WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    row.map(|row| {
        Ok(Logged {
            id: row.try_get("id")?,
            asked_at: row.try_get("asked_at")?,
            lang: row.try_get("lang")?,
            question: row.try_get("question")?,
        })
    })
    .transpose()
}

/// Marks a question reviewed with no entry made; false when there is no
/// such question waiting.
pub async fn dismiss(db: &Db, id: i64, actor: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "UPDATE assistant_questions SET reviewed_at = $1, reviewed_by = $2, outcome = 'dismissed' \
         WHERE id = $3 AND reviewed_at IS NULL",
    )
    .bind(kernel::clock::now_text())
    .bind(actor)
    .bind(id)
    .execute(db.pool())
    .await?
    .rows_affected()
        == 1)
}

/// Checks a FAQ source as saving does: readable, and citing only
/// procedures the catalog holds.
pub fn check(source: &str, index: &catalog::search::SearchIndex) -> Result<Faq, Vec<Problem>> {
    let faq = Faq::parse(source)?;
    let unknown = faq.unknown_procedures(index);
    if unknown.is_empty() {
        Ok(faq)
    } else {
        Err(unknown)
    }
}

/// Saves a FAQ source as the next version.
pub async fn save(
    db: &Db,
    index: &catalog::search::SearchIndex,
    source: &str,
    actor: &str,
) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    documents::save(db, &FAQ, source, actor, |s| check(s, index)).await
}

/// Turns a logged question into a FAQ entry: the entry is appended to the
/// FAQ in force, the whole checked, saved as the next version, and the
/// question marked reviewed — together or not at all.
pub async fn add_entry(
    db: &Db,
    index: &catalog::search::SearchIndex,
    question_id: i64,
    entry: Entry,
    actor: &str,
) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    let Some(_) = question(db, question_id).await? else {
        return Ok(Err(vec![documents::problem(
            "その質問は見つかりません。",
            "There is no such question.",
        )]));
    };
    let (_, current) = documents::current_source(db, &FAQ).await?;
    let id = entry.id.clone();
    let added = assistant::entry_toml(entry)?;
    let source = format!("{}\n{added}", current.trim_end());
    if let Err(problems) = check(&source, index) {
        return Ok(Err(problems));
    }
    let mut tx = db.begin().await?;
    let saved = documents::save_in(db, &mut tx, &FAQ, &source, actor).await?;
    if saved.is_ok() {
        let marked = sqlx::query(
            "UPDATE assistant_questions SET reviewed_at = $1, reviewed_by = $2, outcome = $3 \
             WHERE id = $4 AND reviewed_at IS NULL",
        )
        .bind(kernel::clock::now_text())
        .bind(actor)
        .bind(format!("faq:{id}"))
        .bind(question_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked != 1 {
            return Ok(Err(vec![documents::problem(
                "その質問は、ほかの方がすでに対応しました。",
                "Someone else has already dealt with that question.",
            )]));
        }
        tx.commit().await?;
    }
    Ok(saved)
}
