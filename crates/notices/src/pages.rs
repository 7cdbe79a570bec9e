//! The notices' pages: a case's notices for its section (issue with a
//! preview, read receipts, revoke with a reason, replace), the DX office's
//! template editor, and the resident's notices (the PDF and the same text
//! as an accessible page). Server-rendered; no JavaScript.

use applications::section_case::SectionCase;
use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::{DxOfficeSession, ResidentSession, SectionStaff};
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::Notices;
use crate::content::{Content, Decision};
use crate::issue::IssueError;
use crate::store::{self, NoticeRow};
use crate::template::{self, NoticeTemplate, Problem};
use crate::verify::Verdict;

pub fn routes() -> Router<Notices> {
    Router::new()
        .route(
            "/staff/applications/{receipt}/notice",
            get(case_notices).post(issue),
        )
        .route(
            "/staff/applications/{receipt}/notices/{number}",
            get(staff_view),
        )
        .route(
            "/staff/applications/{receipt}/notices/{number}/pdf",
            get(staff_pdf),
        )
        .route(
            "/staff/applications/{receipt}/notices/{number}/revoke",
            post(revoke),
        )
        .route(
            "/staff/applications/{receipt}/notices/{number}/reissue",
            post(reissue),
        )
        .route("/staff/notices", get(section_notices))
        .route("/staff/notices/bulk", post(start_bulk))
        .route("/staff/notice-templates", get(templates_page))
        .route(
            "/staff/notice-templates/{procedure}/{decision}",
            get(template_page).post(save_template),
        )
        .route("/my/applications/{receipt}/notices", get(my_notices))
        .route("/my/notices/{number}", get(my_view))
        .route("/my/notices/{number}/pdf", get(my_pdf))
        .route("/verify", get(verify_page).post(verify_upload))
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, store::answer(e))
}

fn no_notice(number: &str) -> ApiError {
    ApiError::not_found(
        format!("通知番号「{number}」の通知書は見つかりません。"),
        format!("There is no notice {number:?}."),
    )
}

/// The PDF as a download named after its number.
pub fn pdf_response(number: &str, pdf: Vec<u8>) -> Response {
    let mut response = kernel::web::attachment("application/pdf", &format!("{number}.pdf"), pdf);
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    response
}

// ------------------------------------------------------------ a case's notices

#[derive(Template)]
#[template(path = "case_notices.html")]
struct CaseNoticesPage {
    chrome: Chrome,
    receipt: String,
    notices: Vec<NoticeRow>,
    /// The decision the next notice states, when one can be issued now.
    can_issue: bool,
    decision: Option<Decision>,
    reasons: String,
    preview: Option<Content>,
    problems: Vec<String>,
    ready: bool,
}

#[derive(Deserialize, Default)]
struct IssueForm {
    #[serde(default)]
    reasons: String,
}

/// What the section wrote when it refused: the reasons the notice starts
/// from.
async fn refusal_comment(db: &kernel::Db, application_id: &str) -> String {
    kernel::audit::entries(db, "application", application_id)
        .await
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find_map(|e| {
            let after = e.after?;
            (after.get("status")?.as_str()? == "rejected")
                .then(|| after.get("comment")?.as_str().map(str::to_owned))
                .flatten()
        })
        .unwrap_or_default()
}

async fn case_page(
    notices: &Notices,
    chrome: Chrome,
    case: &SectionCase,
    reasons: Option<String>,
    problems: Vec<String>,
) -> Result<Response, PageError> {
    let application = &case.application;
    let db = notices.db();
    let chrome = chrome.clone().titled(format!(
        "{} {}",
        chrome.pick("通知書", "Notices"),
        application.receipt_number
    ));
    let issued = store::of_application(db, &application.id)
        .await
        .map_err(internal(&chrome))?;
    let can_issue = applications::transition::may_issue_notice(db, application, case.staff.actor)
        .await
        .is_ok();
    let decision = Decision::of_status(application.status);
    let reasons = match reasons {
        Some(r) => r,
        None if decision == Some(Decision::Rejected) => refusal_comment(db, &application.id).await,
        None => String::new(),
    };
    let preview = if can_issue {
        notices.issuer.preview(application, &reasons).await.ok()
    } else {
        None
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&CaseNoticesPage {
            chrome,
            receipt: application.receipt_number.clone(),
            notices: issued,
            can_issue,
            decision,
            reasons,
            preview,
            problems,
            ready: notices.issuer.is_ready(),
        }),
    )
        .into_response())
}

async fn case_notices(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
) -> Result<Response, PageError> {
    case_page(&notices, chrome, &case, None, Vec::new()).await
}

fn problem_lines(chrome: &Chrome, problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| chrome.pick(&p.message_ja, &p.message).to_string())
        .collect()
}

async fn issue(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
    form: Result<Form<IssueForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Ok(Form(form)) = form else {
        return Err(PageError::new(&chrome, ApiError::invalid(Vec::new())));
    };
    let staff = &case.staff.staff;
    let actor_name = format!("staff:{}:{}", staff.id, staff.name);
    match notices
        .issuer
        .issue(
            &case.application,
            &form.reasons,
            case.staff.actor,
            &actor_name,
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/applications/{}/notice",
            case.application.receipt_number
        ))
        .into_response()),
        Err(IssueError::Invalid(problems)) => {
            let lines = problem_lines(&chrome, &problems);
            case_page(&notices, chrome, &case, Some(form.reasons), lines).await
        }
        Err(error) => Err(PageError::new(&chrome, error.into())),
    }
}

/// The notice `number` of this case, or not found.
async fn of_case(
    notices: &Notices,
    case: &SectionCase,
    number: &str,
) -> Result<NoticeRow, ApiError> {
    match store::by_number(notices.db(), number).await? {
        Some(notice) if notice.application_id == case.application.id => Ok(notice),
        _ => Err(no_notice(number)),
    }
}

#[derive(Deserialize)]
struct CaseNotice {
    #[allow(dead_code)]
    receipt: String,
    number: String,
}

async fn staff_pdf(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
    Path(CaseNotice { number, .. }): Path<CaseNotice>,
) -> Result<Response, PageError> {
    let notice = of_case(&notices, &case, &number)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    let pdf = store::pdf(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    Ok(pdf_response(&notice.number, pdf))
}

#[derive(Template)]
#[template(path = "notice_view.html")]
struct NoticeView {
    chrome: Chrome,
    content: Content,
    notice: NoticeRow,
    pdf_link: String,
    back_link: String,
    back_label: String,
}

async fn staff_view(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
    Path(CaseNotice { number, .. }): Path<CaseNotice>,
) -> Result<Response, PageError> {
    let notice = of_case(&notices, &case, &number)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    let content = store::content(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    let receipt = &case.application.receipt_number;
    Ok(render(&NoticeView {
        chrome: chrome.clone().titled(content.title.clone()),
        pdf_link: format!("/staff/applications/{receipt}/notices/{number}/pdf"),
        back_link: format!("/staff/applications/{receipt}/notice"),
        back_label: chrome
            .pick("この申請の通知書", "This case's notices")
            .to_string(),
        content,
        notice,
    }))
}

#[derive(Deserialize, Default)]
struct RevokeForm {
    #[serde(default)]
    reason: String,
}

async fn revoke(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
    Path(CaseNotice { number, .. }): Path<CaseNotice>,
    form: Result<Form<RevokeForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let notice = of_case(&notices, &case, &number).await.map_err(fail)?;
    let reason = form
        .map(|Form(f)| f.reason)
        .unwrap_or_default()
        .trim()
        .chars()
        .take(2000)
        .collect::<String>();
    if reason.is_empty() {
        return case_page(
            &notices,
            chrome.clone(),
            &case,
            None,
            vec![
                chrome
                    .pick(
                        "取り消す理由を入力してください。",
                        "Give the reason for revoking it.",
                    )
                    .to_string(),
            ],
        )
        .await;
    }
    let staff = &case.staff.staff;
    store::revoke(
        notices.db(),
        &notice,
        &format!("staff:{}:{}", staff.id, staff.name),
        &reason,
    )
    .await
    .map_err(internal(&chrome))?;
    Ok(Redirect::to(&format!(
        "/staff/applications/{}/notice",
        case.application.receipt_number
    ))
    .into_response())
}

async fn reissue(
    State(notices): State<Notices>,
    chrome: Chrome,
    case: SectionCase,
    Path(CaseNotice { number, .. }): Path<CaseNotice>,
    form: Result<Form<IssueForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let notice = of_case(&notices, &case, &number).await.map_err(fail)?;
    let reasons = form.map(|Form(f)| f.reasons).unwrap_or_default();
    let staff = &case.staff.staff;
    match notices
        .issuer
        .reissue(
            &case.application,
            &notice,
            &reasons,
            &format!("staff:{}:{}", staff.id, staff.name),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/applications/{}/notice",
            case.application.receipt_number
        ))
        .into_response()),
        Err(IssueError::Invalid(problems)) => {
            let lines = problem_lines(&chrome, &problems);
            case_page(&notices, chrome, &case, Some(reasons), lines).await
        }
        Err(error) => Err(fail(error.into())),
    }
}

// ------------------------------------------------------------ templates

#[derive(Template)]
#[template(path = "notice_templates.html")]
struct TemplatesPage {
    chrome: Chrome,
    /// (procedure id or "default", procedure name, decision, kind, updated).
    rows: Vec<(String, String, Decision, String, String)>,
}

async fn templates_page(
    State(notices): State<Notices>,
    chrome: Chrome,
    _: DxOfficeSession,
    query: Result<axum::extract::Query<OpenQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    // The form on this page opens a procedure's template.
    let query = query.map(|q| q.0).unwrap_or_default();
    if !query.procedure.trim().is_empty() {
        let path = TemplatePath {
            procedure: query.procedure.trim().chars().take(100).collect(),
            decision: query.decision,
        };
        template_target(&notices, &path)
            .await
            .map_err(|e| PageError::new(&chrome, e))?;
        return Ok(Redirect::to(&format!(
            "/staff/notice-templates/{}/{}",
            path.procedure, path.decision
        ))
        .into_response());
    }
    let chrome = chrome
        .clone()
        .titled(chrome.pick("通知書の様式", "Notice templates"));
    let db = notices.db();
    let saved = store::templates(db).await.map_err(internal(&chrome))?;
    let mut rows = Vec::new();
    for decision in [Decision::Approved, Decision::Rejected] {
        let edited = saved
            .iter()
            .find(|(t, _, _)| t.procedure_id.is_none() && t.decision == decision);
        rows.push((
            "default".to_string(),
            chrome.pick("市の標準", "City default").to_string(),
            decision,
            edited.map_or_else(
                || template::default_for(decision).kind,
                |(t, _, _)| t.kind.clone(),
            ),
            edited
                .map(|(_, at, by)| format!("{} {by}", chrome.time(at)))
                .unwrap_or_default(),
        ));
    }
    for (t, at, by) in saved.iter().filter(|(t, _, _)| t.procedure_id.is_some()) {
        let procedure = t.procedure_id.clone().unwrap_or_default();
        let name = catalog::store::procedure(db, &procedure)
            .await
            .map_err(internal(&chrome))?
            .map(|p| p.name)
            .unwrap_or_else(|| procedure.clone());
        rows.push((
            procedure,
            name,
            t.decision,
            t.kind.clone(),
            format!("{} {by}", chrome.time(at)),
        ));
    }
    Ok(render(&TemplatesPage { chrome, rows }))
}

#[derive(Deserialize, Default)]
struct OpenQuery {
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    decision: String,
}

#[derive(Template)]
#[template(path = "notice_template.html")]
struct TemplatePage {
    chrome: Chrome,
    procedure: String,
    procedure_name: String,
    template: NoticeTemplate,
    problems: Vec<Problem>,
    preview: Option<Content>,
    saved: bool,
}

#[derive(Deserialize)]
struct TemplatePath {
    procedure: String,
    decision: String,
}

async fn template_target(
    notices: &Notices,
    path: &TemplatePath,
) -> Result<(Option<String>, String, Decision), ApiError> {
    let decision = Decision::parse(&path.decision).ok_or_else(|| no_template(path))?;
    if path.procedure == "default" {
        return Ok((None, "市の標準".to_string(), decision));
    }
    let procedure = catalog::store::procedure(notices.db(), &path.procedure)
        .await?
        .ok_or_else(|| no_template(path))?;
    Ok((Some(procedure.id), procedure.name, decision))
}

fn no_template(path: &TemplatePath) -> ApiError {
    ApiError::not_found(
        format!("様式「{}/{}」はありません。", path.procedure, path.decision),
        format!("There is no template {}/{}.", path.procedure, path.decision),
    )
}

fn sample_preview(template: &NoticeTemplate) -> Option<Content> {
    template::content(
        template,
        &template::Facts::sample(template.decision),
        "N-R8-000000",
        "XXXX-XXXX",
        "https://example.invalid/verify",
    )
    .ok()
}

async fn template_page(
    State(notices): State<Notices>,
    chrome: Chrome,
    _: DxOfficeSession,
    Path(path): Path<TemplatePath>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let (procedure_id, procedure_name, decision) =
        template_target(&notices, &path).await.map_err(fail)?;
    let id = store::template_id(procedure_id.as_deref(), decision);
    let template = match store::template(notices.db(), &id)
        .await
        .map_err(internal(&chrome))?
    {
        Some(t) => t,
        None => {
            // A new one starts from what applies today.
            let mut start = match &procedure_id {
                Some(p) => store::template_for(notices.db(), p, decision)
                    .await
                    .map_err(internal(&chrome))?,
                None => template::default_for(decision),
            };
            start.id = id;
            start.procedure_id = procedure_id;
            start.revision = 0;
            start
        }
    };
    Ok(render(&TemplatePage {
        chrome: chrome.clone().titled(format!(
            "{} — {}（{}）",
            chrome.pick("通知書の様式", "Notice template"),
            procedure_name,
            chrome.pick(decision.label_ja(), decision.label_en())
        )),
        procedure: path.procedure,
        procedure_name,
        preview: sample_preview(&template),
        template,
        problems: Vec::new(),
        saved: false,
    }))
}

#[derive(Deserialize, Default)]
struct TemplateForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    items: String,
    #[serde(default)]
    disposition: Option<String>,
    #[serde(default)]
    appeal: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    revision: i64,
}

async fn save_template(
    State(notices): State<Notices>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    Path(path): Path<TemplatePath>,
    form: Result<Form<TemplateForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Ok(Form(form)) = form else {
        return Err(fail(ApiError::invalid(Vec::new())));
    };
    let (procedure_id, procedure_name, decision) =
        template_target(&notices, &path).await.map_err(fail)?;
    let template = NoticeTemplate {
        id: store::template_id(procedure_id.as_deref(), decision),
        procedure_id,
        decision,
        kind: form.kind.trim().to_string(),
        title: form.title,
        body: form.body,
        items: form.items,
        disposition: form.disposition.is_some(),
        appeal: form.appeal,
        issuer: form.issuer.trim().to_string(),
        revision: form.revision,
    };
    let by = actor;
    let title = format!(
        "{} — {}（{}）",
        chrome.pick("通知書の様式", "Notice template"),
        procedure_name,
        chrome.pick(decision.label_ja(), decision.label_en())
    );
    let (status, problems, saved, template) =
        match store::save_template(notices.db(), &template, &by).await {
            Ok(revision) => (
                StatusCode::OK,
                Vec::new(),
                true,
                NoticeTemplate {
                    revision,
                    ..template
                },
            ),
            Err(store::SaveError::Invalid(problems)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, problems, false, template)
            }
            Err(store::SaveError::Stale) => (
                StatusCode::CONFLICT,
                vec![Problem {
                    field: "revision",
                    message_ja: "ほかの人がこの様式を先に保存しました。ページを開き直して、変更をもう一度入力してください。".into(),
                    message: "Someone saved this template meanwhile. Reopen the page and make your change again.".into(),
                }],
                false,
                template,
            ),
            Err(store::SaveError::Internal(e)) => return Err(internal(&chrome)(e)),
        };
    Ok((
        status,
        render(&TemplatePage {
            chrome: chrome.clone().titled(title),
            procedure: path.procedure,
            procedure_name,
            preview: sample_preview(&template),
            template,
            problems,
            saved,
        }),
    )
        .into_response())
}

// ------------------------------------------------------------ the resident's

#[derive(Template)]
#[template(path = "my_notices.html")]
struct MyNoticesPage {
    chrome: Chrome,
    receipt: String,
    notices: Vec<NoticeRow>,
}

async fn my_notices(
    State(notices): State<Notices>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let application = applications::my_page::own_application(notices.apps(), &session, &receipt)
        .await
        .map_err(fail)?;
    let issued = store::of_application(notices.db(), &application.id)
        .await
        .map_err(internal(&chrome))?;
    Ok(render(&MyNoticesPage {
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.pick("通知書", "Notices"),
            application.receipt_number
        )),
        receipt: application.receipt_number,
        notices: issued,
    }))
}

/// The resident's own notice `number`, or not found.
async fn own_notice(
    notices: &Notices,
    session: &identity::SignedIn,
    number: &str,
) -> Result<NoticeRow, ApiError> {
    let notice = store::by_number(notices.db(), number)
        .await?
        .ok_or_else(|| no_notice(number))?;
    applications::my_page::own_application(notices.apps(), session, &notice.receipt_number)
        .await
        .map_err(|_| no_notice(number))?;
    Ok(notice)
}

async fn my_view(
    State(notices): State<Notices>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let notice = own_notice(&notices, &session, &number)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    store::mark_read(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    let content = store::content(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    Ok(render(&NoticeView {
        chrome: chrome.clone().titled(content.title.clone()),
        pdf_link: format!("/my/notices/{}/pdf", notice.number),
        back_link: format!("/my/applications/{}", notice.receipt_number),
        back_label: chrome.pick("申請の状況", "Your application").to_string(),
        content,
        notice,
    }))
}

async fn my_pdf(
    State(notices): State<Notices>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let notice = own_notice(&notices, &session, &number)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    store::mark_read(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    let pdf = store::pdf(notices.db(), &notice.id)
        .await
        .map_err(internal(&chrome))?;
    Ok(pdf_response(&notice.number, pdf))
}

// ------------------------------------------------------------ verification

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    number: String,
    code: String,
    verdict: Option<Verdict>,
    problem: Option<String>,
}

#[derive(Deserialize, Default)]
struct VerifyQuery {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

fn verify_chrome(chrome: &Chrome) -> Chrome {
    chrome
        .clone()
        .titled(chrome.pick("通知書の検証", "Check a notice"))
}

async fn verify_page(
    State(notices): State<Notices>,
    chrome: Chrome,
    query: Result<axum::extract::Query<VerifyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let chrome = verify_chrome(&chrome);
    let query = query.map(|q| q.0).unwrap_or_default();
    let number: String = query.number.trim().chars().take(64).collect();
    let code: String = query.code.trim().chars().take(64).collect();
    let (verdict, problem, status) = if number.is_empty() && code.is_empty() {
        (None, None, StatusCode::OK)
    } else if number.is_empty() || code.is_empty() {
        (
            None,
            Some(
                chrome
                    .pick(
                        "通知番号と確認コードの両方を入力してください。",
                        "Enter both the notice number and the check code.",
                    )
                    .to_string(),
            ),
            StatusCode::BAD_REQUEST,
        )
    } else {
        let verdict = crate::verify::check_code(notices.db(), &number, &code)
            .await
            .map_err(internal(&chrome))?;
        (Some(verdict), None, StatusCode::OK)
    };
    Ok((
        status,
        render(&VerifyPage {
            chrome,
            number,
            code,
            verdict,
            problem,
        }),
    )
        .into_response())
}

async fn verify_upload(
    State(notices): State<Notices>,
    chrome: Chrome,
    applications::attachments::Posted(posted): applications::attachments::Posted,
) -> Result<Response, PageError> {
    let chrome = verify_chrome(&chrome);
    let page = |verdict, problem: Option<(&str, &str)>, status| {
        (
            status,
            render(&VerifyPage {
                chrome: chrome.clone(),
                number: String::new(),
                code: String::new(),
                verdict,
                problem: problem.map(|(ja, en)| chrome.pick(ja, en).to_string()),
            }),
        )
            .into_response()
    };
    let uploads = match posted {
        Ok((_, uploads)) => uploads,
        Err(applications::attachments::PostedError::TooLarge) => {
            return Ok(page(
                None,
                Some(crate::verify::refusal(
                    &signatures::verify::VerifyError::TooLarge,
                )),
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
        Err(_) => {
            return Ok(page(
                None,
                Some((
                    "送られた内容を読めませんでした。もう一度ファイルを選んでください。",
                    "The upload could not be read. Choose the file again.",
                )),
                StatusCode::BAD_REQUEST,
            ));
        }
    };
    let Some(upload) = uploads.into_iter().find(|u| !u.bytes.is_empty()) else {
        return Ok(page(
            None,
            Some(("PDF ファイルを選んでください。", "Choose the PDF file.")),
            StatusCode::BAD_REQUEST,
        ));
    };
    match crate::verify::check_pdf(notices.db(), &notices.trust, &upload.bytes)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(verdict) => Ok(page(Some(verdict), None, StatusCode::OK)),
        Err(error) => {
            let status = match error {
                signatures::verify::VerifyError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            Ok(page(None, Some(crate::verify::refusal(&error)), status))
        }
    }
}

// ------------------------------------------------------------ bulk issue

#[derive(Template)]
#[template(path = "section_notices.html")]
struct SectionNoticesPage {
    chrome: Chrome,
    /// (procedure id, name, approved cases awaiting their notice)
    procedures: Vec<(String, String, i64)>,
    batches: Vec<crate::bulk::Batch>,
    problem: Option<String>,
    ready: bool,
}

async fn section_page(
    notices: &Notices,
    chrome: Chrome,
    staff: &SectionStaff,
    problem: Option<String>,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("通知書の一括発行", "Issue notices in bulk"));
    let db = notices.db();
    let mut procedures = Vec::new();
    for (id, name) in crate::bulk::procedures_with_notices(db, &staff.section_id, "")
        .await
        .map_err(internal(&chrome))?
    {
        let waiting = crate::bulk::waiting(db, &staff.section_id, &id)
            .await
            .map_err(internal(&chrome))?;
        procedures.push((id, name, waiting));
    }
    let batches = crate::bulk::batches(db, &staff.section_id)
        .await
        .map_err(internal(&chrome))?;
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&SectionNoticesPage {
            chrome,
            procedures,
            batches,
            problem,
            ready: notices.issuer.is_ready(),
        }),
    )
        .into_response())
}

async fn section_notices(
    State(notices): State<Notices>,
    chrome: Chrome,
    staff: SectionStaff,
) -> Result<Response, PageError> {
    section_page(&notices, chrome, &staff, None).await
}

#[derive(Deserialize, Default)]
struct BulkForm {
    #[serde(default)]
    procedure_id: String,
}

async fn start_bulk(
    State(notices): State<Notices>,
    chrome: Chrome,
    staff: SectionStaff,
    form: Result<Form<BulkForm>, FormRejection>,
) -> Result<Response, PageError> {
    let procedure_id = form.map(|Form(f)| f.procedure_id).unwrap_or_default();
    let db = notices.db();
    let known = crate::bulk::procedures_with_notices(db, &staff.section_id, &procedure_id)
        .await
        .map_err(internal(&chrome))?;
    if known.is_empty() {
        return Err(PageError::new(
            &chrome,
            ApiError::invalid(vec![kernel::FieldError::new(
                "procedure_id",
                "この課で通知書を発行する手続を選んでください。",
                "Choose a procedure of this section that issues notices.",
            )]),
        ));
    }
    if !notices.issuer.is_ready() {
        return Err(PageError::new(
            &chrome,
            IssueError::Unavailable("signing is not configured".into()).into(),
        ));
    }
    let by = format!("staff:{}:{}", staff.staff.id, staff.staff.name);
    match crate::bulk::start(
        &notices.issuer,
        &staff.section_id,
        &procedure_id,
        &by,
        Notices::parallel(),
    )
    .await
    .map_err(internal(&chrome))?
    {
        Ok(_) => Ok(Redirect::to("/staff/notices").into_response()),
        Err(_) => {
            let problem = chrome
                .pick(
                    "この課の一括発行がまだ進んでいます。終わってからもう一度始めてください。",
                    "A bulk issue of this section is still running; start again when it ends.",
                )
                .to_string();
            section_page(&notices, chrome, &staff, Some(problem)).await
        }
    }
}
