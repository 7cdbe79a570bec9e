//! The section's own work on a case: who handles it, internal comments the
//! applicant never sees, and messages to the applicant. All are audited
//! like every other action. The case page itself is in [`page`], how its
//! history reads in [`history`], what a correction changed in [`changes`].

pub mod changes;
pub mod history;
pub mod page;

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

/// The audit action of a message to the applicant (its text is in
/// `after.message`): the case's history keeps it, the applicant's page
/// shows it.
pub const MESSAGE_SENT: &str = "application.message_sent";

/// Whether the section can still write to the applicant about the case.
pub fn takes_messages(application: &Application) -> bool {
    !application.status.is_final() && application.disposed_at.is_none()
}

/// The mail that carries a message of the section to the applicant.
pub fn message_mail(
    recipient: &str,
    lang: kernel::i18n::Lang,
    receipt: &str,
    body: &str,
) -> kernel::mail::Mail {
    use kernel::i18n::Message;
    kernel::mail::Mail::localized(
        recipient,
        lang,
        Message::new("mail-message-subject").with("receipt", receipt),
        Message::new("mail-message-body").with("receipt", receipt),
        Some(body),
        crate::notices::link_for(recipient, lang, receipt),
    )
}

/// Sends a message of the section to the applicant: kept in the case's
/// history, shown on the applicant's page (a guest's status page) and
/// mailed (a business system gets neither).
pub async fn send_message(
    db: &Db,
    application: &Application,
    author_id: &str,
    author_name: &str,
    body: &str,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor: &format!("staff:{author_id}:{author_name}"),
            action: MESSAGE_SENT,
            before: None,
            after: Some(json!({ "message": body })),
        },
    )
    .await?;
    if let Some(recipient) =
        crate::notices::recipient(&application.submitter_kind, &application.submitter_id)
    {
        let mail = message_mail(
            &recipient,
            application.lang,
            &application.receipt_number,
            body,
        );
        kernel::mail::enqueue(&mut *tx, &mail).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether the section has something to do on a case in this status (the
/// applicant has a correction request; a final case has nothing left).
fn awaits_the_section(status: workflow::Status) -> bool {
    !status.is_final() && status != workflow::Status::CorrectionRequested
}

/// The case to take up after `current`: the next one in the inbox's order
/// (newest first) that awaits the section, from the top again past the end.
pub fn next_in(lines: &[(String, workflow::Status)], current: &str) -> Option<String> {
    let start = lines
        .iter()
        .position(|(receipt, _)| receipt == current)
        .map(|i| i + 1)
        .unwrap_or(0);
    lines
        .iter()
        .skip(start)
        .chain(lines.iter().take(start))
        .find(|(receipt, status)| receipt != current && awaits_the_section(*status))
        .map(|(receipt, _)| receipt.clone())
}

/// The next open case of the section after `current`, in inbox order.
pub async fn next_case(db: &Db, section_id: &str, current: &str) -> anyhow::Result<Option<String>> {
    let lines = crate::store::inbox(db, section_id, &crate::store::InboxFilter::default(), 500)
        .await?
        .into_iter()
        .map(|line| (line.receipt_number, line.status))
        .collect::<Vec<_>>();
    Ok(next_in(&lines, current))
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow::Status;

    #[test]
    fn the_next_case_follows_the_inbox_and_skips_what_the_section_cannot_work() {
        let lines: Vec<(String, Status)> = [
            ("R8-5", Status::Received),
            ("R8-4", Status::Closed),
            ("R8-3", Status::CorrectionRequested),
            ("R8-2", Status::Approved),
            ("R8-1", Status::Reviewing),
        ]
        .into_iter()
        .map(|(r, s)| (r.to_string(), s))
        .collect();
        assert_eq!(next_in(&lines, "R8-5").as_deref(), Some("R8-2"));
        assert_eq!(next_in(&lines, "R8-2").as_deref(), Some("R8-1"));
        assert_eq!(
            next_in(&lines, "R8-1").as_deref(),
            Some("R8-5"),
            "from the top again"
        );
        assert_eq!(
            next_in(&lines, "R8-9").as_deref(),
            Some("R8-5"),
            "a case no longer listed starts from the top"
        );
        let alone = vec![("R8-1".to_string(), Status::Reviewing)];
        assert_eq!(next_in(&alone, "R8-1"), None, "no other case");
    }

    #[test]
    fn a_message_is_mailed_with_the_sections_words_and_a_link() {
        let mail = message_mail(
            "resident:r1",
            kernel::i18n::Lang::Ja,
            "R8-0000003",
            "来週、お電話します。",
        );
        assert!(mail.subject.contains("R8-0000003"), "{}", mail.subject);
        assert!(mail.body.contains("来週、お電話します。"), "{}", mail.body);
        assert_eq!(
            mail.link_path.as_deref(),
            Some("/my/applications/R8-0000003")
        );
        let guest = message_mail("a@example.jp", kernel::i18n::Lang::En, "R8-1", "x");
        assert_eq!(
            guest.link_path.as_deref(),
            Some("/status?receipt=R8-1&lang=en"),
            "a guest follows it on the status page"
        );
    }
}
