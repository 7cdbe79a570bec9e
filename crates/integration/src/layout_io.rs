//! Applications to and from legacy data layouts (docs/layouts.md), shared
//! by the `madoguchi layouts` commands and the back office: a procedure's
//! applications as a layout reads them, and a business system's status
//! updates applied through the workflow, one row at a time.

use applications::store::{self, InboxFilter};
use applications::transition::{self, TransitionError};
use kernel::Db;
use layouts::Layout;
use serde_json::{Value, json};
use workflow::{Action, Actor, Status};

/// Longest comment a status update may carry (as the API).
pub const MAX_COMMENT_CHARS: usize = 2000;

/// A procedure's applications received in the period, oldest first, with
/// their answers opened, as a layout reads them (see `layouts::SOURCES`).
/// Applications disposed of after their retention period are left out;
/// more than `max` is refused (the message says to split the period).
pub async fn applications_of(
    db: &Db,
    procedure_id: &str,
    from: Option<time::Date>,
    to: Option<time::Date>,
    max: usize,
) -> anyhow::Result<Result<Vec<Value>, String>> {
    let Some(procedure) = catalog::store::procedure(db, procedure_id).await? else {
        return Ok(Err(format!(
            "手続 {procedure_id} はありません / no procedure {procedure_id}"
        )));
    };
    let Some(section) = procedure.section_id else {
        return Ok(Err(format!(
            "手続 {procedure_id} に担当課がありません / procedure {procedure_id} has no section"
        )));
    };
    let filter = InboxFilter {
        procedure_id: procedure_id.to_string(),
        from,
        to,
        ..InboxFilter::default()
    };
    let limit = i64::try_from(max.saturating_add(1)).unwrap_or(i64::MAX);
    let lines = store::inbox(db, &section, &filter, limit).await?;
    if lines.len() > max {
        return Ok(Err(format!(
            "{max} 件を超えます。期間を分けてください / more than {max} applications: split the period"
        )));
    }
    let mut records = Vec::with_capacity(lines.len());
    for line in lines.iter().rev().filter(|l| l.disposed_at.is_none()) {
        let Some(application) = store::by_receipt(db, &line.receipt_number).await? else {
            continue;
        };
        records.push(json!({
            "receipt_number": application.receipt_number,
            "procedure_id": application.procedure_id,
            "status": application.status.code(),
            "submitted_at": application.submitted_at,
            "updated_at": application.updated_at,
            "completed_at": application.completed_at,
            "fiscal_year": application.fiscal_year,
            "answers": application.answers,
        }));
    }
    Ok(Ok(records))
}

/// The action a row asks for: an action's code (`approve`), or a status
/// (`approved`) reached by one step the workflow allows a business system
/// from where the application is.
pub fn action_of(
    workflow: &workflow::Workflow,
    current: Status,
    asked: &str,
) -> Result<Action, String> {
    if let Some(action) = Action::parse(asked) {
        return Ok(action);
    }
    let Some(target) = Status::parse(asked) else {
        return Err(format!(
            "処理 {asked:?} は操作としても状態としても読めません / {asked:?} is neither an action nor a status"
        ));
    };
    if target == current {
        return Err(format!(
            "すでに「{}」です / already {}",
            current.label_ja(),
            current.code()
        ));
    }
    Action::ALL
        .into_iter()
        .find(|a| workflow.apply(current, *a, Actor::System) == Ok(target))
        .ok_or_else(|| {
            format!(
                "「{}」から「{}」へは進めません / no step from {} to {}",
                current.label_ja(),
                target.label_ja(),
                current.code(),
                target.code()
            )
        })
}

/// One row through the workflow, in the transition's own transaction (a
/// row is applied whole or not at all): the statuses before and after, or
/// why not.
pub async fn apply_row(
    db: &Db,
    layout: &Layout,
    row: &layouts::Row,
    actor_name: &str,
) -> anyhow::Result<Result<(Status, Status), String>> {
    let receipt = row.receipt_number.as_deref().unwrap_or_default();
    let Some(application) = store::by_receipt(db, receipt).await? else {
        return Ok(Err(format!(
            "受付番号 {receipt} の申請はありません / no application {receipt}"
        )));
    };
    if application.procedure_id != layout.procedure() {
        return Ok(Err(format!(
            "手続 {} の申請です（レイアウトは {}） / an application of another procedure",
            application.procedure_id,
            layout.procedure()
        )));
    }
    let comment = row.comment.as_deref();
    if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        return Ok(Err(format!(
            "コメントは {MAX_COMMENT_CHARS} 文字までです / comment too long"
        )));
    }
    let workflow =
        applications::workflow_store::of_procedure(db, &application.procedure_id).await?;
    let action = match action_of(
        &workflow,
        application.status,
        row.action.as_deref().unwrap_or_default(),
    ) {
        Ok(action) => action,
        Err(reason) => return Ok(Err(reason)),
    };
    match transition::apply(db, &application, action, Actor::System, actor_name, comment).await {
        Ok(to) => Ok(Ok((application.status, to))),
        Err(TransitionError::Refused(refusal)) => Ok(Err(format!(
            "{} / {}",
            refusal.message_ja(),
            refusal.message_en()
        ))),
        Err(TransitionError::Conflict) => Ok(Err(
            "処理中に申請が変更されました / the application changed meanwhile".to_string(),
        )),
        Err(TransitionError::Held(hold)) => {
            Ok(Err(format!("{} / {}", hold.reason_ja, hold.reason_en)))
        }
        Err(TransitionError::NeedsNotice) => Ok(Err(
            "通知書は画面またはAPIで発行してください / issue the notice itself (POST /api/v1/applications/{receipt}/notice)"
                .to_string(),
        )),
        Err(TransitionError::Internal(error)) => Err(error),
    }
}
