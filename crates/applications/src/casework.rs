//! The section's own work on a case: who handles it, and internal comments
//! the applicant never sees. Both are audited like every other action.

use kernel::Db;
use serde_json::json;
use sqlx::Row;

use crate::model::Application;

#[derive(Debug, Clone)]
pub struct Comment {
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

pub const MAX_COMMENT: usize = 2000;

/// Makes `assignee` (a staff id of the case's section, or nobody) handle the case.
pub async fn assign(
    db: &Db,
    application: &Application,
    assignee: Option<&str>,
    actor: &str,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let previous: Option<String> =
        sqlx::query("SELECT assignee_id FROM applications WHERE id = $1")
            .bind(&application.id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("assignee_id")?;
    sqlx::query("UPDATE applications SET assignee_id = $1, updated_at = $2 WHERE id = $3")
        .bind(assignee)
        .bind(kernel::clock::now_text())
        .bind(&application.id)
        .execute(&mut *tx)
        .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor,
            action: "application.assigned",
            before: Some(json!({ "assignee": previous })),
            after: Some(json!({ "assignee": assignee })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Hands the case to another section (回付): it leaves this section's inbox,
/// nobody handles it until the new section assigns it, and the reason is
/// kept in the audit log and the event.
pub async fn transfer(
    db: &Db,
    application: &Application,
    to_section: &str,
    reason: &str,
    actor: &str,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE applications SET section_id = $1, assignee_id = NULL, updated_at = $2 \
         WHERE id = $3 AND section_id = $4",
    )
    .bind(to_section)
    .bind(kernel::clock::now_text())
    .bind(&application.id)
    .bind(&application.section_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    anyhow::ensure!(moved == 1, "the case changed section meanwhile");
    kernel::outbox::enqueue(
        &mut tx,
        "application.transferred",
        &application.receipt_number,
        &json!({
            "receipt_number": application.receipt_number,
            "procedure_id": application.procedure_id,
            "section_id": to_section,
            "from_section": application.section_id,
            "to_section": to_section,
            "reason": reason,
        }),
    )
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor,
            action: "application.transferred",
            before: Some(json!({ "section": application.section_id })),
            after: Some(json!({ "section": to_section, "reason": reason })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The audit action of an internal comment (its text is in `after`).
pub const COMMENT_ADDED: &str = "application.comment_added";

pub async fn add_comment(
    db: &Db,
    application: &Application,
    author_id: &str,
    author_name: &str,
    body: &str,
) -> anyhow::Result<()> {
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO application_comments (application_id, author_id, author_name, body, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&application.id)
    .bind(author_id)
    .bind(author_name)
    .bind(body)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor: &format!("staff:{author_id}:{author_name}"),
            action: COMMENT_ADDED,
            before: None,
            after: Some(json!({ "comment": body })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn comments(db: &Db, application: &Application) -> anyhow::Result<Vec<Comment>> {
    sqlx::query("SELECT author_name, body, created_at FROM application_comments WHERE application_id = $1 ORDER BY id")
        .bind(&application.id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Comment {
                author_name: row.try_get("author_name")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// The case's current handler, by id and name.
pub async fn assignee(
    db: &Db,
    application: &Application,
) -> anyhow::Result<Option<(String, String)>> {
    sqlx::query(
        "SELECT staff.id, staff.name FROM applications JOIN staff ON staff.id = applications.assignee_id \
         WHERE applications.id = $1",
    )
    .bind(&application.id)
    .fetch_optional(db.pool())
    .await?
    .map(|row| -> anyhow::Result<(String, String)> { Ok((row.try_get("id")?, row.try_get("name")?)) })
    .transpose()
}

/// Staff of a section, for the assignment list.
pub async fn section_staff(db: &Db, section_id: &str) -> anyhow::Result<Vec<(String, String)>> {
    sqlx::query(
        "SELECT id, name FROM staff WHERE section_id = $1 AND disabled_at IS NULL ORDER BY name",
    )
    .bind(section_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
    .collect()
}
