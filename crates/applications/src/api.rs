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
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let token = apps.authorize(&headers, "write").await?;
    let answers = json_body(body)?;
    let cached = apps.form_of(&id).await?;
    let target = cached.as_ref().as_ref().ok_or_else(|| no_form(&id))?;
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
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
    query: Result<axum::extract::Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let token = apps.authorize(&headers, "write").await?;
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
    Path((receipt, id)): Path<(String, String)>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, ApiError> {
    let application = readable(&apps, &headers, &receipt, client, "attachment.downloaded").await?;
    crate::attachments::of_application(&apps, &application, &id).await
}

/// The application, for a caller whose token may read; the read is
/// recorded (kernel::access) under `action`.
async fn readable(
    apps: &Applications,
    headers: &HeaderMap,
    receipt: &str,
    client: kernel::client::ClientAddr,
    action: &str,
) -> Result<crate::model::Application, ApiError> {
    let token = apps.authorize(headers, "read").await?;
    let application = store::by_receipt(apps.db(), receipt)
        .await?
        .ok_or_else(|| no_application(receipt))?;
    kernel::access::record(
        apps.db(),
        kernel::access::Access {
            actor: &format!("api:{}:{}", token.id, token.name),
            action,
            target_type: "application",
            target_id: &application.id,
            client,
        },
    )
    .await
    .map_err(ApiError::internal)?;
    Ok(application)
}

async fn show(
    State(apps): State<Applications>,
    Path(receipt): Path<String>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Json<Value>, ApiError> {
    let application = readable(&apps, &headers, &receipt, client, "application.read").await?;
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
                        let after = e.after.clone().map(|mut after| {
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
    Path(receipt): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let token = apps.authorize(&headers, "write").await?;
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
        apps.authorize(&headers, "decide").await?;
    }
    let application = store::by_receipt(apps.db(), &receipt)
        .await?
        .ok_or_else(|| no_application(&receipt))?;
    let actor_name = format!("api:{}:{}", token.id, token.name);
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
    Path(receipt): Path<String>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Json<Value>, ApiError> {
    let application = readable(&apps, &headers, &receipt, client, "audit.read").await?;
    let entries = kernel::audit::entries(apps.db(), "application", &application.id).await?;
    let verified =
        kernel::audit::verify_chain(apps.db().keys(), "application", &application.id, &entries);
    Ok(Json(json!({
        "receipt_number": application.receipt_number,
        "chain_intact": verified.is_ok(),
        "broken_at": verified.err().map(|b| json!({"seq": b.seq, "reason": b.reason})),
        "entries": entries,
    })))
}
