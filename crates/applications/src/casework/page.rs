//! The case page: the answers beside the actions (two columns on a
//! desktop), the history in words, what the last correction changed; and
//! the steps taken from it. A refusal or a correction request without a
//! reason is refused with the form shown again, input kept; an
//! irreversible step (approve, refuse, close) first shows what will happen
//! and takes effect only from that page's button (`confirm=1`). After a
//! step the page offers the next case of the section.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::SectionStaff;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use sqlx::Row;
use workflow::{Action, Actor};

use super::changes::Change;
use super::history::Line;
use crate::model::Application;
use crate::section_case::SectionCase;
use crate::{Applications, form_store};

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/staff/applications/{receipt}", get(case_page))
        .route("/staff/applications/{receipt}/transitions", post(take_step))
        .route("/staff/applications/{receipt}/messages", post(send_message))
}

/// A step's form on the case page.
struct StepForm {
    code: &'static str,
    label: &'static str,
    /// The comment is the reason the applicant reads, and required.
    needs_reason: bool,
    /// What was typed, when the page is shown again.
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    application: Application,
    procedure_name: String,
    status_label: &'static str,
    rows: Vec<forms::display::Row>,
    history: Vec<Line>,
    chain_intact: bool,
    steps: Vec<StepForm>,
    assignee: Option<(String, String)>,
    section_staff: Vec<(String, String)>,
    /// Sections the case can be handed to (id, name).
    other_sections: Vec<(String, String)>,
    comments: Vec<crate::casework::Comment>,
    /// When the case was disposed of and after how many years.
    disposal: Option<(String, i64)>,
    /// From another capability: the payments of the case.
    extra: Option<String>,
    /// What the last correction changed, and when it was sent.
    changes: Option<(String, Vec<Change>)>,
    /// The section can still write to the applicant.
    takes_messages: bool,
    /// The applicant gets mail (a business system does not).
    applicant_mailed: bool,
    message_value: String,
    message_error: Option<String>,
    /// (anchor, message) of each problem with what was posted.
    errors: Vec<(String, String)>,
    /// What was just done, and the next case to take up.
    done: Option<String>,
    next: Option<String>,
    after_step: bool,
}

/// What the page shows besides the case: a result, or a form posted back.
#[derive(Default)]
struct Shown {
    done: Option<String>,
    next: Option<String>,
    after_step: bool,
    step: Option<(Action, String, String)>,
    message: Option<(String, Option<String>)>,
}

/// Records that `staff` read the case (see kernel::access).
async fn record_read(
    apps: &Applications,
    staff: &identity::Staff,
    application: &Application,
    client: kernel::client::ClientAddr,
) -> Result<(), ApiError> {
    kernel::access::record(
        apps.db(),
        kernel::access::Access {
            actor: &staff.actor(),
            action: "application.viewed",
            target_type: "application",
            target_id: &application.id,
            client,
        },
    )
    .await
    .map_err(ApiError::internal)
}

/// The names of staff whose history entries carry only their id.
async fn staff_names(
    apps: &Applications,
    entries: &[kernel::audit::Stored],
) -> anyhow::Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    for id in super::history::unnamed_staff(entries).into_iter().take(50) {
        let name: Option<String> = sqlx::query("SELECT name FROM staff WHERE id = $1")
            .bind(&id)
            .fetch_optional(apps.db().pool())
            .await?
            .map(|row| row.try_get("name"))
            .transpose()?;
        if let Some(name) = name {
            names.insert(id, name);
        }
    }
    Ok(names)
}

/// What the latest correction changed, if the applicant has corrected the
/// case: the answers it replaced and its own are kept (sealed) in the
/// audit entry of the resubmission.
async fn last_correction(
    apps: &Applications,
    application: &Application,
    entries: &[kernel::audit::Stored],
    lang: kernel::i18n::Lang,
) -> anyhow::Result<Option<(String, Vec<Change>)>> {
    let Some(entry) = entries.iter().rev().find(|e| {
        e.after
            .as_ref()
            .and_then(|a| a.get("action"))
            .and_then(|a| a.as_str())
            == Some(Action::Resubmit.code())
    }) else {
        return Ok(None);
    };
    let opened = |side: &Option<serde_json::Value>| {
        let mut side = side.clone()?;
        crate::transition::open_audit_answers(apps.db(), &application.id, &mut side);
        side.get("answers").cloned()
    };
    let (Some(before), Some(after)) = (opened(&entry.before), opened(&entry.after)) else {
        return Ok(None);
    };
    let form = form_store::of_application(apps.db(), application).await?;
    let changes = super::changes::between(
        &forms::display::rows(&form, &before, lang),
        &forms::display::rows(&form, &after, lang),
    );
    Ok(Some((entry.at.clone(), changes)))
}

async fn build(
    apps: &Applications,
    chrome: &Chrome,
    actor: Actor,
    application: Application,
    shown: Shown,
) -> Result<CasePage, ApiError> {
    let en = !chrome.lang.reads_japanese();
    let rows = form_store::answer_rows(apps.db(), &application, chrome.lang).await?;
    let procedure_name = catalog::store::procedure(apps.db(), &application.procedure_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_else(|| application.procedure_id.clone());
    let entries = kernel::audit::entries(apps.db(), "application", &application.id).await?;
    let chain_intact =
        kernel::audit::verify_chain(apps.db().keys(), "application", &application.id, &entries)
            .is_ok();
    let names = staff_names(apps, &entries).await?;
    let mut history = super::history::lines(&entries, en, &names);
    if application.disposed_at.is_some() {
        // A disposed case shows none of its content: what was written with
        // a step (a comment, a reason, a message) went with it.
        for line in &mut history {
            line.detail = None;
        }
    }
    let changes = if application.disposed_at.is_none() {
        last_correction(apps, &application, &entries, chrome.lang).await?
    } else {
        None
    };
    let steps = crate::workflow_store::of_procedure(apps.db(), &application.procedure_id)
        .await?
        .available(application.status, actor)
        .into_iter()
        .map(|action| {
            let (value, error) = match &shown.step {
                Some((posted, value, error)) if *posted == action => {
                    (value.clone(), (!error.is_empty()).then(|| error.clone()))
                }
                _ => (String::new(), None),
            };
            StepForm {
                code: action.code(),
                label: if en {
                    action.label_en()
                } else {
                    action.label_ja()
                },
                needs_reason: action.needs_reason(),
                value,
                error,
            }
        })
        .collect::<Vec<_>>();
    let status_label = if en {
        application.status.label_en()
    } else {
        application.status.label_ja()
    };
    let assignee = crate::casework::assignee(apps.db(), &application).await?;
    let section_staff = match &application.section_id {
        Some(section) => crate::casework::section_staff(apps.db(), section).await?,
        None => Vec::new(),
    };
    let comments = crate::casework::comments(apps.db(), &application).await?;
    let disposal = match &application.disposed_at {
        Some(at) => Some((
            at.clone(),
            crate::retention::disposal_of(apps.db(), &application.receipt_number)
                .await?
                .unwrap_or_default(),
        )),
        None => None,
    };
    let other_sections = catalog::store::organisation(apps.db())
        .await?
        .sections
        .into_iter()
        .filter(|s| application.section_id.as_deref() != Some(s.id.as_str()))
        .map(|s| (s.id, s.name))
        .collect();
    let extra = match apps.extras() {
        Some(extras) => extras.on_case(&application.id, true, chrome).await,
        None => None,
    };
    let (message_value, message_error) = shown.message.clone().unwrap_or_default();
    let mut errors: Vec<(String, String)> = steps
        .iter()
        .filter_map(|s| {
            s.error
                .as_ref()
                .map(|e| (format!("comment-{}", s.code), e.clone()))
        })
        .collect();
    if let Some(error) = &message_error {
        errors.push(("message-body".to_string(), error.clone()));
    }
    Ok(CasePage {
        extra,
        assignee,
        section_staff,
        other_sections,
        comments,
        disposal,
        chrome: chrome
            .clone()
            .titled(format!("{} {}", application.receipt_number, procedure_name)),
        status_label,
        takes_messages: crate::casework::takes_messages(&application),
        applicant_mailed: crate::notices::recipient(
            &application.submitter_kind,
            &application.submitter_id,
        )
        .is_some(),
        application,
        procedure_name,
        rows,
        history,
        chain_intact,
        steps,
        changes,
        message_value,
        message_error,
        errors,
        done: shown.done,
        next: shown.next,
        after_step: shown.after_step,
    })
}

#[derive(Deserialize, Default)]
struct CaseQuery {
    /// What was just done: an action's code, or `message`.
    #[serde(default)]
    done: String,
}

async fn case_page(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase { staff, application }: SectionCase,
    query: Result<Query<CaseQuery>, QueryRejection>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    record_read(&apps, &staff.staff, &application, client)
        .await
        .map_err(fail)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let en = !chrome.lang.reads_japanese();
    let done = match (query.done.as_str(), Action::parse(&query.done)) {
        ("message", _) => Some(
            chrome
                .pick(
                    "申請者に連絡を送りました。",
                    "Your message was sent to the applicant.",
                )
                .to_string(),
        ),
        (_, Some(action)) => Some(if en {
            format!("Done: {}.", action.done_en())
        } else {
            format!("「{}」を記録しました。", action.done_ja())
        }),
        _ => None,
    };
    let next = match (&done, &application.section_id) {
        (Some(_), Some(section)) => {
            crate::casework::next_case(apps.db(), section, &application.receipt_number)
                .await
                .map_err(|e| fail(e.into()))?
        }
        _ => None,
    };
    let shown = Shown {
        after_step: done.is_some(),
        done,
        next,
        ..Shown::default()
    };
    let page = build(&apps, &chrome, staff.actor, application, shown)
        .await
        .map_err(fail)?;
    Ok(render(&page))
}

fn case_path(chrome: &Chrome, application: &Application, done: &str) -> String {
    chrome.link(&format!(
        "/staff/applications/{}?done={done}",
        application.receipt_number
    ))
}

#[derive(Deserialize, Default)]
struct PostedStep {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
    /// `1` from the confirmation page's button; `back` to change the input.
    #[serde(default)]
    confirm: String,
}

#[derive(Template)]
#[template(path = "case_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    application: Application,
    procedure_name: String,
    status_label: &'static str,
    action: &'static str,
    heading: String,
    consequence: String,
    button: String,
    comment: String,
    /// The comment is the reason the applicant reads.
    is_reason: bool,
}

/// What an irreversible step will do, said before it is taken.
fn consequence(action: Action, en: bool, notice_follows: bool) -> String {
    let text = match (action, en) {
        (Action::Approve, false) => {
            "この申請を承認します。申請者に承認のメールが送られ、マイページにも表示されます。承認した後で取り消すことはできません。"
        }
        (Action::Approve, true) => {
            "The application will be approved. The applicant is mailed and sees it on their page. An approval cannot be undone."
        }
        (Action::Reject, false) => {
            "この申請を不承認にします。下の理由を添えて申請者にメールが送られ、マイページにも表示されます。不承認にした後で取り消すことはできません。"
        }
        (Action::Reject, true) => {
            "The application will be refused. The applicant is mailed the reason below and sees it on their page. A refusal cannot be undone."
        }
        (Action::Close, false) => {
            "この案件を完了にします。完了した案件はこれ以上処理できず、保存期間が過ぎると廃棄されます。"
        }
        (Action::Close, true) => {
            "The case will be closed. A closed case cannot be worked on again and is disposed of after its retention period."
        }
        (_, false) => "この操作は取り消せません。",
        (_, true) => "This step cannot be undone.",
    };
    let mut text = text.to_string();
    if notice_follows && matches!(action, Action::Approve | Action::Reject) {
        text.push_str(if en {
            " The notice (通知書) is issued next."
        } else {
            "この後、通知書を発行します。"
        });
    }
    text
}

async fn take_step(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase {
        staff: SectionStaff { staff, actor, .. },
        application,
    }: SectionCase,
    form: Result<Form<PostedStep>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Ok(Form(form)) = form else {
        return Err(fail(ApiError::invalid(Vec::new())));
    };
    let action = Action::parse(&form.action).ok_or_else(|| fail(ApiError::invalid(Vec::new())))?;
    let comment: String = form
        .comment
        .trim()
        .chars()
        .take(crate::casework::MAX_COMMENT)
        .collect();
    let en = !chrome.lang.reads_japanese();
    let show_again = |error: String, status: StatusCode| {
        let apps = apps.clone();
        let chrome = chrome.clone();
        let application = application.clone();
        let comment = comment.clone();
        async move {
            let shown = Shown {
                step: Some((action, comment, error)),
                ..Shown::default()
            };
            let page = build(&apps, &chrome, actor, application, shown)
                .await
                .map_err(|e| PageError::new(&chrome, e))?;
            Ok::<Response, PageError>((status, render(&page)).into_response())
        }
    };
    let workflow = crate::workflow_store::of_procedure(apps.db(), &application.procedure_id)
        .await
        .map_err(|e| fail(e.into()))?;
    // A step this person cannot take here is refused before any question.
    workflow
        .apply(application.status, action, actor)
        .map_err(|refusal| fail(crate::transition::TransitionError::Refused(refusal).into()))?;
    // Then the reason: the clerk gives it on the case page, input kept.
    if let Err(refusal) = workflow::check_reason(action, Some(&comment)) {
        let error = if en {
            refusal.message_en()
        } else {
            refusal.message_ja()
        };
        return show_again(error, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if form.confirm == "back" {
        return show_again(String::new(), StatusCode::OK).await;
    }
    if action.needs_confirmation() && form.confirm != "1" {
        let procedure_name = catalog::store::procedure(apps.db(), &application.procedure_id)
            .await
            .map_err(|e| fail(e.into()))?
            .map(|p| p.name)
            .unwrap_or_else(|| application.procedure_id.clone());
        let notice_follows = workflow
            .apply(
                workflow::Status::Approved,
                Action::IssueNotice,
                Actor::Manager,
            )
            .is_ok();
        let heading = if en {
            format!("{}: are you sure?", action.label_en())
        } else {
            format!("「{}」の前に確認してください", action.done_ja())
        };
        let button = if en {
            format!("Yes, {}", action.label_en().to_lowercase())
        } else {
            format!("{}を確定する", action.done_ja())
        };
        let page = ConfirmPage {
            chrome: chrome
                .clone()
                .titled(format!("{} {}", application.receipt_number, heading)),
            status_label: if en {
                application.status.label_en()
            } else {
                application.status.label_ja()
            },
            procedure_name,
            action: action.code(),
            consequence: consequence(action, en, notice_follows),
            heading,
            button,
            is_reason: action.needs_reason(),
            comment,
            application,
        };
        return Ok(render(&page));
    }
    let actor_name = format!("staff:{}:{}", staff.id, staff.name);
    crate::transition::apply(
        apps.db(),
        &application,
        action,
        actor,
        &actor_name,
        (!comment.is_empty()).then_some(comment.as_str()),
    )
    .await
    .map_err(|error| fail(error.into()))?;
    Ok(Redirect::to(&case_path(&chrome, &application, action.code())).into_response())
}

#[derive(Deserialize, Default)]
struct PostedMessage {
    #[serde(default)]
    body: String,
}

/// A message of the section to the applicant on an open case.
async fn send_message(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase {
        staff: SectionStaff { staff, actor, .. },
        application,
    }: SectionCase,
    form: Result<Form<PostedMessage>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Ok(Form(form)) = form else {
        return Err(fail(ApiError::invalid(Vec::new())));
    };
    if !crate::casework::takes_messages(&application) {
        return Err(fail(ApiError::new(
            StatusCode::CONFLICT,
            "case_closed",
            "この案件は終了しているため、申請者への連絡は送れません。",
            "This case has ended: no message can be sent to the applicant.",
        )));
    }
    let body = form.body.trim();
    let length = body.chars().count();
    if length == 0 || length > crate::casework::MAX_COMMENT {
        let error = if chrome.lang.reads_japanese() {
            format!(
                "申請者への連絡は 1 文字以上 {} 文字以内で入力してください。",
                crate::casework::MAX_COMMENT
            )
        } else {
            format!(
                "Write the message to the applicant in 1 to {} characters.",
                crate::casework::MAX_COMMENT
            )
        };
        let kept: String = form
            .body
            .chars()
            .take(crate::casework::MAX_COMMENT * 2)
            .collect();
        let shown = Shown {
            message: Some((kept, Some(error))),
            ..Shown::default()
        };
        let page = build(&apps, &chrome, actor, application, shown)
            .await
            .map_err(fail)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    crate::casework::send_message(apps.db(), &application, &staff.id, &staff.name, body)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&case_path(&chrome, &application, "message")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_says_what_will_happen() {
        let approve = consequence(Action::Approve, false, true);
        assert!(approve.contains("取り消すことはできません") && approve.contains("通知書"));
        assert!(!consequence(Action::Approve, false, false).contains("通知書"));
        assert!(consequence(Action::Reject, false, false).contains("理由"));
        assert!(consequence(Action::Close, true, false).contains("closed"));
    }
}
