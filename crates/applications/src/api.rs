//! The applications API for business systems:
//! `GET /api/v1/procedures/{id}/form`, `POST /api/v1/procedures/{id}/applications`,
//! `GET /api/v1/applications/{receipt}`, `POST /api/v1/applications/{receipt}/transitions`,
//! `GET /api/v1/applications/{receipt}/audit`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kernel::i18n::Message;
use kernel::tokens::{Action, ApiToken, ScopeMarker, scope};
use kernel::{ApiError, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::model::Submitter;
use crate::submit::{Submission, SubmitError, Submitted};
use crate::{Applications, form_store, store};

/// Answers of one application; attachments travel separately.
pub const MAX_BODY: usize = 1024 * 1024;

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/api/v1/procedures/{id}/form", get(form))
        .route("/api/v1/procedures/{id}/applications", post(create))
        .route("/api/v1/applications/{receipt}", get(show))
        .route(
            "/api/v1/applications/{receipt}/transitions",
            post(transition),
        )
        .route("/api/v1/applications/{receipt}/audit", get(audit))
        .route(
            "/api/v1/applications/{receipt}/attachments/{id}",
            get(attachment),
        )
        .route(
            "/api/v1/attachments",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::attachments::MAX_UPLOAD_BYTES + 1,
            )),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
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
async fn readable<S: ScopeMarker>(
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
async fn covered<S: ScopeMarker>(
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

#[derive(Deserialize)]
struct TransitionBody {
    action: String,
    #[serde(default)]
    comment: Option<String>,
}

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
