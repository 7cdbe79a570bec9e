//! Moving an application through its workflow: the step is checked by the
//! pure state machine, then the status changes only if nobody changed it
//! meanwhile, with its event and audit entry in the same transaction.

use kernel::Db;
use serde_json::json;
use workflow::{Action, Actor, Refusal, Status};

use crate::model::Application;

#[derive(Debug)]
pub enum TransitionError {
    Refused(Refusal),
    /// The application changed while this step was being taken.
    Conflict,
    /// A notice is issued as a document (the notices crate), never as a
    /// bare status change.
    NeedsNotice,
    /// A hold on the case (an unpaid fee) refuses the step.
    Held(crate::holds::Hold),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for TransitionError {
    fn from(error: anyhow::Error) -> Self {
        TransitionError::Internal(error)
    }
}

impl From<sqlx::Error> for TransitionError {
    fn from(error: sqlx::Error) -> Self {
        TransitionError::Internal(error.into())
    }
}

/// The event a step raises: the applicant's own steps have their own type,
/// so a business system can tell a correction or a withdrawal from the
/// section's work without reading the action.
pub fn event_type(action: Action) -> &'static str {
    match action {
        Action::Resubmit => "application.resubmitted",
        Action::Withdraw => "application.withdrawn",
        _ => "application.status_changed",
    }
}

pub async fn apply(
    db: &Db,
    application: &Application,
    action: Action,
    actor: Actor,
    actor_name: &str,
    comment: Option<&str>,
) -> Result<Status, TransitionError> {
    if action == Action::IssueNotice {
        return Err(TransitionError::NeedsNotice);
    }
    step(db, application, action, actor, actor_name, comment, None).await
}

/// Issues the notice in `tx`, which also holds the notice itself: the
/// status says 通知発行済み only when the document exists.
pub async fn issue_notice_in(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    application: &Application,
    actor: Actor,
    actor_name: &str,
    comment: Option<&str>,
) -> Result<Status, TransitionError> {
    step_in(
        db,
        tx,
        application,
        Action::IssueNotice,
        actor,
        actor_name,
        comment,
        None,
    )
    .await
}

/// Whether `actor` may issue the notice now (checked before the notice is
/// made, which takes a while).
pub async fn may_issue_notice(
    db: &Db,
    application: &Application,
    actor: Actor,
) -> Result<Status, TransitionError> {
    let workflow = crate::workflow_store::of_procedure(db, &application.procedure_id).await?;
    let to = workflow
        .apply(application.status, Action::IssueNotice, actor)
        .map_err(TransitionError::Refused)?;
    let holds = crate::holds::of(db, &application.id).await?;
    if let Some(hold) = crate::holds::refusing(&holds, Action::IssueNotice) {
        return Err(TransitionError::Held(hold.clone()));
    }
    Ok(to)
}

/// The applicant answers a correction request: the corrected answers
/// replace the old ones (both kept in the audit log) and the case goes back
/// to the section.
pub async fn resubmit(
    db: &Db,
    application: &Application,
    answers: &serde_json::Value,
    actor_name: &str,
) -> Result<Status, TransitionError> {
    step(
        db,
        application,
        Action::Resubmit,
        Actor::Applicant,
        actor_name,
        None,
        Some(answers),
    )
    .await
}

async fn step(
    db: &Db,
    application: &Application,
    action: Action,
    actor: Actor,
    actor_name: &str,
    comment: Option<&str>,
    new_answers: Option<&serde_json::Value>,
) -> Result<Status, TransitionError> {
    let mut tx = db.begin().await?;
    let to = step_in(
        db,
        &mut tx,
        application,
        action,
        actor,
        actor_name,
        comment,
        new_answers,
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

#[allow(clippy::too_many_arguments)]
async fn step_in(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    application: &Application,
    action: Action,
    actor: Actor,
    actor_name: &str,
    comment: Option<&str>,
    new_answers: Option<&serde_json::Value>,
) -> Result<Status, TransitionError> {
    let workflow = crate::workflow_store::of_procedure(db, &application.procedure_id).await?;
    let to = workflow.apply(application.status, action, actor).map_err(|refusal| {
        tracing::warn!(receipt = %application.receipt_number, actor = actor_name, action = action.code(), "step refused: {}", refusal.message_en());
        TransitionError::Refused(refusal)
    })?;
    // A refusal or a correction request tells the applicant why: checked
    // here, so the pages, the API and the layouts all keep the rule.
    workflow::check_reason(action, comment).map_err(TransitionError::Refused)?;
    let holds = crate::holds::of_case(&mut **tx, &application.id).await?;
    if let Some(hold) = crate::holds::refusing(&holds, action) {
        return Err(TransitionError::Held(hold.clone()));
    }
    let now = kernel::clock::now_text();
    // A correction's answers are sealed like the first ones; the audit entry
    // keeps the answers it replaced, sealed too.
    let sealed_answers = new_answers
        .map(|a| crate::store::seal_answers(db, &application.id, a))
        .transpose()?;
    let audit_answers = |answers: &serde_json::Value| {
        db.vault()
            .seal_text(&audit_context(&application.id), &answers.to_string())
    };
    let changed = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2, answers = COALESCE($5, answers), \
         search_terms = COALESCE($6, search_terms), completed_at = COALESCE($7, completed_at) \
         WHERE id = $3 AND status = $4",
    )
    .bind(to.code())
    .bind(&now)
    .bind(&application.id)
    .bind(application.status.code())
    .bind(sealed_answers)
    .bind(new_answers.map(|a| db.vault().terms_of(a)))
    // The retention period counts from the day the case ended.
    .bind(to.is_final().then(|| now.clone()))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(TransitionError::Conflict);
    }
    if let Some(answers) = new_answers {
        let files = crate::attachments::ids_in(answers);
        let named: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (application.id.as_str(), f.as_str()))
            .collect();
        crate::store::name_files(tx, &named).await?;
    }
    let event = json!({
        "receipt_number": application.receipt_number,
        "procedure_id": application.procedure_id,
        "section_id": application.section_id,
        "from": application.status.code(),
        "to": to.code(),
        "action": action.code(),
        "at": now,
        "comment": comment,
    });
    kernel::outbox::enqueue(tx, event_type(action), &application.receipt_number, &event).await?;
    kernel::audit::append(
        db.keys(),
        tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor: actor_name,
            action: "application.status_changed",
            before: Some(match new_answers {
                Some(_) => {
                    json!({ "status": application.status.code(), "answers": audit_answers(&application.answers)? })
                }
                None => json!({ "status": application.status.code() }),
            }),
            after: Some(match new_answers {
                Some(answers) => {
                    json!({ "status": to.code(), "action": action.code(), "answers": audit_answers(answers)? })
                }
                None => json!({ "status": to.code(), "action": action.code(), "comment": comment }),
            }),
        },
    )
    .await?;
    let notice = crate::notices::recipient(&application.submitter_kind, &application.submitter_id)
        .and_then(|recipient| {
            crate::notices::status_changed(
                &recipient,
                application.lang,
                &application.receipt_number,
                to,
                comment,
            )
        });
    if let Some(mail) = notice {
        kernel::mail::enqueue(&mut **tx, &mail).await?;
    }
    Ok(to)
}

impl From<TransitionError> for kernel::ApiError {
    fn from(error: TransitionError) -> Self {
        use axum::http::StatusCode;
        match error {
            TransitionError::Refused(refusal @ Refusal::ReasonRequired { .. }) => {
                let mut error = kernel::ApiError::invalid(vec![kernel::FieldError::new(
                    "comment",
                    refusal.message_ja(),
                    refusal.message_en(),
                )]);
                error.status = StatusCode::UNPROCESSABLE_ENTITY;
                error.code = "reason_required";
                error.message = refusal.message_ja();
                error.message_en = refusal.message_en();
                error.text = None;
                error
            }
            TransitionError::Refused(refusal) => kernel::ApiError::new(
                StatusCode::CONFLICT,
                "transition_refused",
                refusal.message_ja(),
                refusal.message_en(),
            ),
            TransitionError::Conflict => kernel::ApiError::new(
                StatusCode::CONFLICT,
                "changed_meanwhile",
                "この申請は他の操作で変更されました。最新の状態を確認してください。",
                "The application changed meanwhile; reload it and try again.",
            ),
            TransitionError::Held(hold) => kernel::ApiError::new(
                StatusCode::CONFLICT,
                "case_on_hold",
                hold.reason_ja,
                hold.reason_en,
            ),
            TransitionError::NeedsNotice => kernel::ApiError::new(
                StatusCode::CONFLICT,
                "notice_required",
                "通知書は「通知書を発行する」から発行してください。状態だけを変えることはできません。",
                "Issue the notice itself (POST /api/v1/applications/{receipt}/notice); the status cannot change without it.",
            ),
            TransitionError::Internal(error) => error.into(),
        }
    }
}

/// Where the answers an audit entry keeps (sealed) belong.
fn audit_context(application_id: &str) -> String {
    format!("audit.answers/{application_id}")
}

/// Opens the sealed answers an audit entry of `application_id` keeps, in
/// place, for a reader allowed to see the application; answers that do not
/// open are left out rather than shown sealed.
pub fn open_audit_answers(db: &Db, application_id: &str, entry: &mut serde_json::Value) {
    let Some(object) = entry.as_object_mut() else {
        return;
    };
    let Some(serde_json::Value::String(sealed)) = object.get("answers") else {
        return;
    };
    let opened = db
        .vault()
        .open_text(&audit_context(application_id), sealed)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    match opened {
        Some(answers) => {
            object.insert("answers".into(), answers);
        }
        None => {
            object.remove("answers");
        }
    }
}
