//! Holds other capabilities put on a case: while one stands, the workflow
//! refuses the steps it names, with its reason (a fee not yet paid holds
//! the review; a permit fee holds the permit). A hold is placed and lifted
//! in the transaction of the change that causes it.

use kernel::Db;
use sqlx::Row;
use workflow::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub key: String,
    pub blocks: Vec<Action>,
    pub reason_ja: String,
    pub reason_en: String,
}

pub async fn place_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    application_id: &str,
    hold: &Hold,
) -> anyhow::Result<()> {
    let blocks: Vec<&str> = hold.blocks.iter().map(|a| a.code()).collect();
    sqlx::query(
        "INSERT INTO case_holds (application_id, hold_key, blocks, reason_ja, reason_en, placed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (application_id, hold_key) DO NOTHING",
    )
    .bind(application_id)
    .bind(&hold.key)
    .bind(blocks.join(","))
    .bind(&hold.reason_ja)
    .bind(&hold.reason_en)
    .bind(kernel::clock::now_text())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn lift_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    application_id: &str,
    key: &str,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM case_holds WHERE application_id = $1 AND hold_key = $2")
        .bind(application_id)
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn of_case<'e, E>(executor: E, application_id: &str) -> anyhow::Result<Vec<Hold>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT hold_key, blocks, reason_ja, reason_en FROM case_holds WHERE application_id = $1 ORDER BY placed_at, hold_key",
    )
    .bind(application_id)
    .fetch_all(executor)
    .await?
    .iter()
    .map(|row| {
        let blocks: String = row.try_get("blocks")?;
        Ok(Hold {
            key: row.try_get("hold_key")?,
            blocks: blocks.split(',').filter_map(Action::parse).collect(),
            reason_ja: row.try_get("reason_ja")?,
            reason_en: row.try_get("reason_en")?,
        })
    })
    .collect()
}

/// The holds of a case (for its page).
pub async fn of(db: &Db, application_id: &str) -> anyhow::Result<Vec<Hold>> {
    of_case(db.pool(), application_id).await
}

/// The first hold that refuses `action`.
pub fn refusing(holds: &[Hold], action: Action) -> Option<&Hold> {
    holds.iter().find(|h| h.blocks.contains(&action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_refuses_only_the_steps_it_names() {
        let holds = vec![Hold {
            key: "payment:1".into(),
            blocks: vec![Action::StartReview, Action::Approve],
            reason_ja: "手数料が未納です".into(),
            reason_en: "The fee is unpaid".into(),
        }];
        assert!(refusing(&holds, Action::StartReview).is_some());
        assert!(refusing(&holds, Action::Reject).is_none());
        assert!(refusing(&holds, Action::Withdraw).is_none());
    }
}
