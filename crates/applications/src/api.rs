//! The applications API for business systems:
//! `GET /api/v1/procedures/{id}/form`, `POST /api/v1/procedures/{id}/applications`,
//! `GET /api/v1/applications/{receipt}`, `POST /api/v1/applications/{receipt}/transitions`,
//! `GET /api/v1/applications/{receipt}/audit`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kernel::error::{ErrorSchema, TokenRefusals};
use kernel::i18n::Message;
use kernel::tokens::{Action, ApiToken, ScopeMarker, scope};
use kernel::{ApiError, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::model::Submitter;
use crate::submit::{Submission, SubmitError, Submitted};
use crate::{Applications, form_store, store};

/// Answers of one application; attachments travel separately.
pub const MAX_BODY: usize = 1024 * 1024;

/// The API's routes, each registered with its OpenAPI operation.
pub fn routes() -> OpenApiRouter<Applications> {
    OpenApiRouter::new()
        .routes(routes!(form))
        .routes(routes!(create))
        .routes(routes!(show))
        .routes(routes!(transition))
        .routes(routes!(audit))
        .routes(routes!(attachment))
        .routes(routes!(upload).layer(DefaultBodyLimit::max(
            crate::attachments::MAX_UPLOAD_BYTES + 1,
        )))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// The tag of these operations in the document.
const TAG: &str = "applications";

/// A transition's result.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct TransitionDone {
    receipt_number: String,
    status: String,
    status_label: String,
    status_label_en: String,
}

fn no_form(id: &str) -> ApiError {
    ApiError::not_found(
        format!("手続「{id}」にはオンライン申請の様式がありません。"),
        format!("The procedure {id:?} has no online form."),
    )
}

fn no_application(receipt: &str) -> ApiError {
    ApiError::not_found(
        format!("受付番号「{receipt}」の申請は見つかりません。"),
        format!("There is no application {receipt:?}."),
    )
}

fn json_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("送信内容が大きすぎます（{} KB まで）。", MAX_BODY / 1024),
                format!(
                    "The request body is too large (up to {} KB).",
                    MAX_BODY / 1024
                ),
            )
        } else {
            ApiError::localized(
                StatusCode::BAD_REQUEST,
                "unreadable",
                Message::new("api-request-body-cannot-read"),
            )
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!(
                "JSON として読めません（{} 行 {} 列）。",
                e.line(),
                e.column()
            ),
            format!("The body is not valid JSON: {e}"),
        )
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/procedures/{id}/form",
    tag = TAG,
    summary = "The current online form of a procedure",
    description = "Public: no token needed.",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 200, description = "The form definition (fields, rules, version)", body = Object),
        (status = 404, description = "No such procedure, or it has no online form", body = ErrorSchema),
    )
)]
async fn form(
    State(apps): State<Applications>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let definition = form_store::current(apps.db(), &id)
        .await?
        .ok_or_else(|| no_form(&id))?;
    Ok(Json(
        serde_json::to_value(definition).map_err(ApiError::internal)?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/procedures/{id}/applications",
    tag = TAG,
    summary = "Submit an application",
    description = "Scope: `applications:write`, and the procedure's section within the token's sections (else 403). The body is the answers, as the form defines them. A repeated `Idempotency-Key` with the same body gives the first receipt again (200).",
    security(("bearer" = ["applications:write"])),
    params(
        ("id" = String, Path, description = "The procedure's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe (ASCII)"),
    ),
    request_body(content = Object, description = "The answers", content_type = "application/json"),
    responses(
        (status = 201, description = "Received", body = crate::submit::Receipt),
        (status = 200, description = "The same request again: its first receipt", body = crate::submit::Receipt),
        (status = 400, description = "The body is not JSON", body = ErrorSchema),
        (status = 404, description = "No such procedure, or it has no online form", body = ErrorSchema),
        (status = 409, description = "The Idempotency-Key was used for another body", body = ErrorSchema),
        (status = 413, description = "The body is too large", body = ErrorSchema),
        (status = 422, description = "Answers that do not satisfy the form, each field named", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn create(
    State(apps): State<Applications>,
    token: ApiToken<scope::ApplicationsWrite>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let answers = json_body(body)?;
    let cached = apps.form_of(&id).await?;
    let target = cached.as_ref().as_ref().ok_or_else(|| no_form(&id))?;
    // The procedure and its form are public; whose it is, too.
    if !token.reaches(target.section_id.as_deref(), "submit") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("この API トークンでは手続「{id}」に申請できません（担当課が対象外です）。"),
            format!(
                "This API token may not submit to the procedure {id:?}: its section is outside the token's scope."
            ),
        ));
    }
    let idempotency_key = match headers.get("idempotency-key") {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| {
            ApiError::invalid(vec![FieldError::localized(
                "Idempotency-Key",
                Message::new("api-idempotency-key-must-ascii"),
            )])
        })?),
    };
    let submitter = Submitter::Api {
        token_id: token.id.clone(),
        name: token.name.clone(),
    };
    let outcome = crate::submit::submit(
        apps.db(),
        apps.writer(),
        Submission {
            lang: kernel::i18n::Lang::Ja,
            channel: crate::model::Channel::Online,
            entered_by: None,
            form: &target.form,
            section_id: target.section_id.as_deref(),
            standard_days: target.standard_days,
            submitter: &submitter,
            idempotency_key,
            answers: &answers,
        },
    )
    .await;
    match outcome {
        Ok(Submitted::Created(receipt)) => Ok((StatusCode::CREATED, Json(receipt)).into_response()),
        Ok(Submitted::Replayed(receipt)) => Ok((
            StatusCode::OK,
            [("idempotent-replayed", "true")],
            Json(receipt),
        )
            .into_response()),
        Err(SubmitError::Invalid(fields)) => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..ApiError::invalid(fields)
        }),
        Err(SubmitError::KeyReused) => Err(ApiError::localized(
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            Message::new("api-idempotency-key-was-used"),
        )),
        Err(SubmitError::Internal(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
struct UploadQuery {
    #[serde(default)]
    file_name: String,
}

/// The body is the file itself; its type is judged from the bytes. The
/// answer's `attachment_id` goes into a file field's value.
#[utoipa::path(
    post,
    path = "/api/v1/attachments",
    tag = TAG,
    summary = "Upload a file for an application",
    description = "Scope: `applications:write`. The body is the file itself; its type is judged from the bytes. Put the answer's `attachment_id` into a file field.",
    security(("bearer" = ["applications:write"])),
    params(("file_name" = Option<String>, Query, description = "The file's name as the applicant knows it")),
    request_body(content = Vec<u8>, description = "The file", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored", body = crate::attachments::Stored),
        (status = 400, description = "Empty, or of a type not accepted", body = ErrorSchema),
        (status = 413, description = "The file is too large", body = ErrorSchema),
        (status = 415, description = "A type not accepted", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn upload(
    State(apps): State<Applications>,
    token: ApiToken<scope::ApplicationsWrite>,
    query: Result<axum::extract::Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let client = token.client();
    let file_name = query.map(|q| q.0.file_name).unwrap_or_default();
    let bytes = body.map_err(|_| crate::attachments::UploadError::TooLarge)?;
    let owner = Submitter::Api {
        token_id: token.id.clone(),
        name: token.name.clone(),
    }
    .upload_owner();
    let stored = apps
        .attachments()
        .put(apps.db(), &owner, client, &file_name, bytes)
        .await?;
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{receipt}/attachments/{id}",
    tag = TAG,
    summary = "Download a file of an application",
    description = "Scope: `applications:read`; an application of a section outside the token's is answered 404, as a missing one.",
    security(("bearer" = ["applications:read"])),
    params(
        ("receipt" = String, Path, description = "The receipt number"),
        ("id" = String, Path, description = "The attachment's id"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, description = "No such application or file (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn attachment(
    State(apps): State<Applications>,
    token: ApiToken<scope::ApplicationsRead>,
    Path((receipt, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let application = readable(&apps, &token, &receipt, "attachment.downloaded").await?;
    crate::attachments::of_application(&apps, &application, &id).await
}

/// The application `receipt`, when the token's sections cover it: one of
/// another section is answered as one that does not exist. A read is
/// recorded (kernel::access) under `action`.
pub async fn readable<S: ScopeMarker>(
    apps: &Applications,
    token: &ApiToken<S>,
    receipt: &str,
    action: &str,
) -> Result<crate::model::Application, ApiError> {
    let application = covered(apps, token, receipt).await?;
    kernel::access::record(
        apps.db(),
        kernel::access::Access {
            actor: &token.actor(),
            action,
            target_type: "application",
            target_id: &application.id,
            client: token.client(),
        },
    )
    .await
    .map_err(ApiError::internal)?;
    Ok(application)
}

/// The application `receipt` if it exists and the token covers its section;
/// else the same 404 (a token learns nothing of other sections' cases).
pub async fn covered<S: ScopeMarker>(
    apps: &Applications,
    token: &ApiToken<S>,
    receipt: &str,
) -> Result<crate::model::Application, ApiError> {
    match store::by_receipt(apps.db(), receipt).await? {
        Some(application) if token.reaches(application.section_id.as_deref(), receipt) => {
            Ok(application)
        }
        _ => Err(no_application(receipt)),
    }
}

/// The section's internal comments are in the audit trail; a token without
/// `comments:read` gets the entry without its text.
fn withhold_comments(
    token: &kernel::tokens::TokenInfo,
    action: &str,
    value: Option<Value>,
) -> Option<Value> {
    if action == crate::casework::COMMENT_ADDED && !token.has(Action::CommentsRead) {
        None
    } else {
        value
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{receipt}",
    tag = TAG,
    summary = "An application with its status and history",
    description = "Scope: `applications:read`; an application of a section outside the token's is answered 404, as a missing one. Internal comments in the history only with `comments:read`.",
    security(("bearer" = ["applications:read"])),
    params(("receipt" = String, Path, description = "The receipt number")),
    responses(
        (status = 200, description = "The application", body = Object),
        (status = 404, description = "No such application (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn show(
    State(apps): State<Applications>,
    token: ApiToken<scope::ApplicationsRead>,
    Path(receipt): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let application = readable(&apps, &token, &receipt, "application.read").await?;
    let history = kernel::audit::entries(apps.db(), "application", &application.id).await?;
    let mut body = serde_json::to_value(&application).map_err(ApiError::internal)?;
    if let Some(object) = body.as_object_mut() {
        object.insert("status_label".into(), json!(application.status.label_ja()));
        object.insert(
            "status_label_en".into(),
            json!(application.status.label_en()),
        );
        object.insert(
            "history".into(),
            json!(
                history
                    .iter()
                    .map(|e| {
                        let after = withhold_comments(&token, &e.action, e.after.clone());
                        let after = after.map(|mut after| {
                            crate::transition::open_audit_answers(
                                apps.db(),
                                &application.id,
                                &mut after,
                            );
                            after
                        });
                        json!({"at": e.at, "action": e.action, "after": after})
                    })
                    .collect::<Vec<_>>()
            ),
        );
    }
    Ok(Json(body))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = TransitionRequest)]
struct TransitionBody {
    action: String,
    #[serde(default)]
    comment: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{receipt}/transitions",
    tag = TAG,
    summary = "Move a case through its workflow",
    description = "Scope: `transitions:write`; a decision (approve, reject) needs `decisions:write` too. An application of a section outside the token's is answered 404. A refusal (`reject`) and a correction request (`request_correction`) need a `comment`: the reason the applicant reads (by mail and on their page); without one the answer is 422 `reason_required`.",
    security(("bearer" = ["transitions:write", "decisions:write"])),
    params(("receipt" = String, Path, description = "The receipt number")),
    request_body(content = TransitionBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The new status", body = TransitionDone),
        (status = 400, description = "No such action, or a bad body", body = ErrorSchema),
        (status = 404, description = "No such application (or not the token's)", body = ErrorSchema),
        (status = 409, description = "The action is not possible from the current status", body = ErrorSchema),
        (status = 413, description = "The body is too large", body = ErrorSchema),
        (status = 422, description = "`reject` or `request_correction` without a comment (code `reason_required`)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn transition(
    State(apps): State<Applications>,
    token: ApiToken<scope::TransitionsWrite>,
    Path(receipt): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body: TransitionBody = serde_json::from_value(json_body(body)?).map_err(|e| {
        ApiError::invalid(vec![FieldError::new(
            "action",
            "action（操作）を指定してください。",
            format!("Give the action: {e}"),
        )])
    })?;
    let action = workflow::Action::parse(&body.action).ok_or_else(|| {
        let known: Vec<&str> = workflow::Action::ALL.iter().map(|a| a.code()).collect();
        ApiError::invalid(vec![FieldError::new(
            "action",
            format!(
                "操作「{}」はありません（{}）。",
                body.action,
                known.join(", ")
            ),
            format!(
                "No action {:?}; use one of {}.",
                body.action,
                known.join(", ")
            ),
        )])
    })?;
    if body
        .comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > 2000)
    {
        return Err(ApiError::invalid(vec![FieldError::localized(
            "comment",
            Message::new("api-comment-must-at-most"),
        )]));
    }
    // Deciding a case is more than writing to it: a token needs the scope
    // for it, so a leaked submission token cannot approve anything.
    if action.is_decision() {
        token.require(Action::DecisionsWrite)?;
    }
    let application = covered(&apps, &token, &receipt).await?;
    let actor_name = token.actor();
    match crate::transition::apply(
        apps.db(),
        &application,
        action,
        workflow::Actor::System,
        &actor_name,
        body.comment.as_deref(),
    )
    .await
    {
        Ok(status) => Ok(Json(json!({
            "receipt_number": application.receipt_number,
            "status": status.code(),
            "status_label": status.label_ja(),
            "status_label_en": status.label_en(),
        }))),
        Err(error) => Err(error.into()),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{receipt}/audit",
    tag = TAG,
    summary = "An application's audit trail, with its chain checked",
    description = "Scope: `applications:read`; an application of a section outside the token's is answered 404. Internal comments only with `comments:read`.",
    security(("bearer" = ["applications:read"])),
    params(("receipt" = String, Path, description = "The receipt number")),
    responses(
        (status = 200, description = "The entries and whether their chain is intact", body = Object),
        (status = 404, description = "No such application (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn audit(
    State(apps): State<Applications>,
    token: ApiToken<scope::ApplicationsRead>,
    Path(receipt): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let application = readable(&apps, &token, &receipt, "audit.read").await?;
    let mut entries = kernel::audit::entries(apps.db(), "application", &application.id).await?;
    let verified =
        kernel::audit::verify_chain(apps.db().keys(), "application", &application.id, &entries);
    for entry in &mut entries {
        entry.after = withhold_comments(&token, &entry.action, entry.after.take());
    }
    Ok(Json(json!({
        "receipt_number": application.receipt_number,
        "chain_intact": verified.is_ok(),
        "broken_at": verified.err().map(|b| json!({"seq": b.seq, "reason": b.reason})),
        "entries": entries,
    })))
}
