//! The resident's own applications on the my page: status and history.
//! Another resident's receipt number is answered as not found, and the
//! refusal is logged.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use identity::ResidentSession;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::Applications;
use crate::model::{Application, Submitter};
use crate::store::{self, InboxLine};

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/my/applications", get(list))
        .route("/my/applications/{receipt}", get(show))
        .route(
            "/my/applications/{receipt}/withdraw",
            get(withdraw_question).post(withdraw),
        )
        .route(
            "/my/applications/{receipt}/correct",
            get(correction_form)
                .post(correct)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::attachments::MAX_POSTED_BYTES,
                )),
        )
        .route(
            "/my/applications/{receipt}/attachments/{id}",
            get(attachment),
        )
}

async fn attachment(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path((receipt, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    crate::attachments::of_application(&apps, &application, &id)
        .await
        .map_err(fail)
}

#[derive(Template)]
#[template(path = "my_applications.html")]
struct ListPage {
    chrome: Chrome,
    /// Each application with its procedure's name as HTML.
    lines: Vec<(InboxLine, String)>,
    drafts: Vec<crate::drafts::Draft>,
}

#[derive(Template)]
#[template(path = "my_application.html")]
struct DetailPage {
    chrome: Chrome,
    /// The applicant may still withdraw (before a decision).
    can_withdraw: bool,
    has_notice: bool,
    /// From another capability: the payments of the application.
    extra: Option<String>,
    application: Application,
    rows: Vec<forms::display::Row>,
    /// When, the status it reached, and what the section wrote to the
    /// applicant with that step.
    history: Vec<(String, String, Option<String>)>,
    /// Said instead of the answers once the case has been disposed of.
    disposed: Option<String>,
}

fn submitter(session: &identity::SignedIn) -> Option<Submitter> {
    session
        .resident()
        .map(|r| Submitter::Resident { id: r.id.clone() })
}

async fn list(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.marked_up("my-page-my-applications"));
    let Some(submitter) = submitter(&session) else {
        return Ok(render(&ListPage {
            chrome,
            lines: Vec::new(),
            drafts: Vec::new(),
        }));
    };
    let lines = store::of_submitter(apps.db(), &submitter, 200)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    let drafts = crate::drafts::of_resident(apps.db(), submitter.id())
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    let ids: Vec<&str> = lines.iter().map(|l| l.procedure_id.as_str()).collect();
    let translated = catalog::translations::of_procedures(apps.db(), &ids)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    let localized: Vec<kernel::i18n::Localized> = lines
        .iter()
        .map(|line| {
            catalog::translations::localized(
                &line.procedure_name,
                &line.procedure_name_en,
                translated
                    .get(&line.procedure_id)
                    .unwrap_or(&Default::default()),
            )
        })
        .collect();
    let untranslated = localized
        .iter()
        .chain(drafts.iter().map(|d| &d.procedure_name))
        .any(|name| name.get(chrome.lang).fallback);
    let names: Vec<String> = localized
        .iter()
        .map(|name| chrome.city_text(name))
        .collect();
    let chrome = chrome.with_japanese_texts(untranslated);
    Ok(render(&ListPage {
        chrome,
        lines: lines.into_iter().zip(names).collect(),
        drafts,
    }))
}

async fn show(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    let rows = crate::form_store::answer_rows(apps.db(), &application, chrome.lang)
        .await
        .map_err(|e| fail(e.into()))?;
    let history = crate::applicant_history::of(apps.db(), &application, &chrome)
        .await
        .map_err(fail)?;
    let disposed = match &application.disposed_at {
        Some(at) => {
            let years = crate::retention::disposal_of(apps.db(), &application.receipt_number)
                .await
                .map_err(|e| fail(e.into()))?
                .unwrap_or_default();
            Some(
                chrome.message(
                    &kernel::i18n::Message::new("my-application-disposed")
                        .with("years", years)
                        .with("date", chrome.time(at)),
                ),
            )
        }
        None => None,
    };
    let workflow = crate::workflow_store::of_procedure(apps.db(), &application.procedure_id)
        .await
        .map_err(|e| fail(e.into()))?;
    let can_withdraw = workflow
        .available(application.status, workflow::Actor::Applicant)
        .contains(&workflow::Action::Withdraw);
    // A closed case has a notice only if its procedure issues them: the
    // link is never shown to a notice that does not exist.
    let has_notice = application.status == workflow::Status::NoticeIssued
        || (application.status == workflow::Status::Closed
            && workflow
                .apply(
                    workflow::Status::Approved,
                    workflow::Action::IssueNotice,
                    workflow::Actor::Manager,
                )
                .is_ok());
    let extra = match apps.extras() {
        Some(extras) => extras.on_case(&application.id, false, &chrome).await,
        None => None,
    };
    let page = DetailPage {
        can_withdraw,
        has_notice,
        extra,
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.marked_up("my-page-receipt"),
            application.receipt_number
        )),
        application,
        rows,
        history,
        disposed,
    };
    Ok(render(&page))
}

/// The application, if this resident submitted it; otherwise "not found".
pub async fn own_application(
    apps: &Applications,
    session: &identity::SignedIn,
    receipt: &str,
) -> Result<Application, ApiError> {
    let not_found = || {
        ApiError::localized(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            kernel::i18n::Message::new("my-page-no-application").with("receipt", receipt),
        )
    };
    let submitter = submitter(session).ok_or_else(not_found)?;
    let application = store::by_receipt(apps.db(), receipt)
        .await?
        .ok_or_else(not_found)?;
    if application.submitter_kind != submitter.kind() || application.submitter_id != submitter.id()
    {
        tracing::warn!(
            receipt,
            "refused: a resident asked for another person's application"
        );
        return Err(not_found());
    }
    Ok(application)
}

#[derive(Template)]
#[template(path = "withdraw_confirm.html")]
struct WithdrawPage {
    chrome: Chrome,
    application: Application,
}

#[derive(serde::Deserialize, Default)]
struct WithdrawForm {
    /// `1` from the confirmation page's button: only then is it withdrawn.
    #[serde(default)]
    confirm: String,
}

/// Withdrawing cannot be undone: the first post (and a visit) shows what
/// it means, and only the confirmation page's button withdraws.
async fn withdraw_question(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    ask_to_withdraw(&apps, &chrome, application)
        .await
        .map_err(fail)
}

async fn ask_to_withdraw(
    apps: &Applications,
    chrome: &Chrome,
    application: Application,
) -> Result<Response, ApiError> {
    let workflow =
        crate::workflow_store::of_procedure(apps.db(), &application.procedure_id).await?;
    if let Err(refusal) = workflow.apply(
        application.status,
        workflow::Action::Withdraw,
        workflow::Actor::Applicant,
    ) {
        return Err(crate::transition::TransitionError::Refused(refusal).into());
    }
    let chrome = chrome
        .clone()
        .titled(chrome.marked_up("my-application-withdraw-question"));
    Ok(render(&WithdrawPage {
        chrome,
        application,
    }))
}

async fn withdraw(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
    form: Result<axum::Form<WithdrawForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    let confirmed = form.is_ok_and(|axum::Form(f)| f.confirm == "1");
    if !confirmed {
        return ask_to_withdraw(&apps, &chrome, application)
            .await
            .map_err(fail);
    }
    let actor = format!(
        "resident:{}",
        session
            .resident()
            .map(|r| r.id.as_str())
            .unwrap_or_default()
    );
    crate::transition::apply(
        apps.db(),
        &application,
        workflow::Action::Withdraw,
        workflow::Actor::Applicant,
        &actor,
        None,
    )
    .await
    .map_err(|e| fail(e.into()))?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&chrome.link(&format!("/my/applications/{receipt}"))),
    ))
}

/// What the section asked to correct: the comment of the latest correction request.
async fn correction_request(
    apps: &Applications,
    application: &Application,
) -> anyhow::Result<Option<String>> {
    let entries = kernel::audit::entries(apps.db(), "application", &application.id).await?;
    Ok(entries
        .iter()
        .rev()
        .filter_map(|e| e.after.as_ref())
        .find(|after| after.get("action").and_then(|a| a.as_str()) == Some("request_correction"))
        .and_then(|after| {
            after
                .get("comment")
                .and_then(|c| c.as_str())
                .map(str::to_owned)
        }))
}

async fn correction_page(
    apps: &Applications,
    chrome: &Chrome,
    application: &Application,
    action: &str,
    answers: &serde_json::Value,
    errors: &[kernel::FieldError],
    counts: &serde_json::Map<String, serde_json::Value>,
) -> Result<crate::apply::FormPage, ApiError> {
    let form = crate::form_store::of_application(apps.db(), application).await?;
    Ok(crate::apply::FormPage {
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.marked_up("my-page-correction"),
            application.receipt_number
        )),
        action: action.to_string(),
        button: chrome.t("my-page-send-corrected-application"),
        form_html: forms::html::render(&form, answers, errors, counts, chrome),
        errors: crate::apply::error_list(errors, chrome),
        correction_request: correction_request(apps, application).await?,
        notice: None,
        can_save_draft: false,
        languages: Vec::new(),
    })
}

async fn correction_form(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    if application.status != workflow::Status::CorrectionRequested {
        return Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to(&chrome.link(&format!("/my/applications/{receipt}"))),
        ));
    }
    let action = format!("/my/applications/{receipt}/correct");
    show_correction(&apps, &chrome, &application, &action)
        .await
        .map_err(fail)
}

/// The correction form of an application the section asked to correct.
pub(crate) async fn show_correction(
    apps: &Applications,
    chrome: &Chrome,
    application: &Application,
    action: &str,
) -> Result<Response, ApiError> {
    let page = correction_page(
        apps,
        chrome,
        application,
        action,
        &application.answers,
        &[],
        &serde_json::Map::new(),
    )
    .await?;
    Ok(render(&page))
}

async fn correct(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
    crate::attachments::Posted(posted): crate::attachments::Posted,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = own_application(&apps, &session, &receipt)
        .await
        .map_err(fail)?;
    let owner = submitter(&session)
        .map(|s| s.upload_owner())
        .unwrap_or_default();
    let actor = format!(
        "resident:{}",
        session
            .resident()
            .map(|r| r.id.as_str())
            .unwrap_or_default()
    );
    let corrected = Correction {
        owner: &owner,
        actor: &actor,
        action: &format!("/my/applications/{receipt}/correct"),
        done: &chrome.link(&format!("/my/applications/{receipt}")),
    };
    resubmit_correction(&apps, &chrome, &application, &corrected, client, posted)
        .await
        .map_err(fail)
}

/// Who corrects, and where the pages go.
pub(crate) struct Correction<'a> {
    /// Whose uploads the answers may name.
    pub owner: &'a str,
    pub actor: &'a str,
    /// Where the form posts.
    pub action: &'a str,
    /// Where the applicant goes once it is sent.
    pub done: &'a str,
}

/// Reads a posted correction: the form again (with what is wrong), or the
/// application sent again and the applicant on to `done`.
pub(crate) async fn resubmit_correction(
    apps: &Applications,
    chrome: &Chrome,
    application: &Application,
    correction: &Correction<'_>,
    client: kernel::client::ClientAddr,
    posted: Result<
        (crate::attachments::Pairs, Vec<crate::attachments::Upload>),
        crate::attachments::PostedError,
    >,
) -> Result<Response, ApiError> {
    let (pairs, uploads) = posted.unwrap_or_default();
    let form = crate::form_store::of_application(apps.db(), application).await?;
    let (pairs, upload_errors) = crate::attachments::absorb(
        apps.attachments(),
        apps.db(),
        &form,
        correction.owner,
        client,
        pairs,
        uploads,
    )
    .await;
    let answers = forms::html::unflatten(&pairs, &form);
    let answers = crate::attachments::resolve(
        apps.db(),
        &form,
        std::borrow::Cow::Owned(answers),
        correction.owner,
    )
    .await?
    .into_owned();
    let counts = crate::apply::group_counts(&pairs);
    if crate::apply::field(&pairs, "__add").is_some() {
        let page = correction_page(
            apps,
            chrome,
            application,
            correction.action,
            &answers,
            &[],
            &counts,
        )
        .await?;
        return Ok(render(&page));
    }
    let today = kernel::clock::today_in_japan();
    let checked = match forms::validate(&form, &answers, forms::validate::Context { today }) {
        Ok(_) if !upload_errors.is_empty() => Err(upload_errors),
        other => other,
    };
    match checked {
        Err(errors) => {
            let page = correction_page(
                apps,
                chrome,
                application,
                correction.action,
                &answers,
                &errors,
                &counts,
            )
            .await?;
            Ok(axum::response::IntoResponse::into_response((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                render(&page),
            )))
        }
        Ok(normalized) => {
            crate::transition::resubmit(
                apps.db(),
                application,
                &serde_json::Value::Object(normalized),
                correction.actor,
            )
            .await?;
            Ok(axum::response::IntoResponse::into_response(
                axum::response::Redirect::to(correction.done),
            ))
        }
    }
}
