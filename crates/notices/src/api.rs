//! The notices API: a business system issues a decided case's notice and
//! fetches notices (metadata and the signed PDF) of its sections; anyone
//! checks a notice by its PDF or its number and check code.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::ApiError;
use kernel::error::{ErrorSchema, TokenRefusals};
use kernel::tokens::{Action, ApiToken, scope};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::Notices;
use crate::store::{self, NoticeRow};
use crate::verify::{self, Verdict};

const TAG: &str = "notices";

pub fn routes() -> OpenApiRouter<Notices> {
    OpenApiRouter::new()
        .routes(routes!(issue))
        .routes(routes!(show))
        .routes(routes!(pdf))
        .routes(
            routes!(check_by_code, check_pdf)
                .layer(DefaultBodyLimit::max(verify::MAX_UPLOAD_BYTES + 1)),
        )
        .layer(DefaultBodyLimit::max(64 * 1024))
}

fn no_notice(number: &str) -> ApiError {
    ApiError::not_found(
        format!("通知番号「{number}」の通知書は見つかりません。"),
        format!("There is no notice {number:?}."),
    )
}

fn described(notice: &NoticeRow) -> Value {
    json!({
        "number": notice.number,
        "receipt_number": notice.receipt_number,
        "procedure_id": notice.procedure_id,
        "procedure_name": notice.procedure_name,
        "decision": notice.decision,
        "kind": notice.kind,
        "level": notice.level,
        "signer": notice.signer,
        "sha256": notice.sha256,
        "size_bytes": notice.size_bytes,
        "issued_at": notice.issued_at,
        "read_at": notice.read_at,
        "revoked_at": notice.revoked_at,
        "replaces": notice.replaces,
        "replaced_by": notice.replaced_by,
        "pdf": format!("/api/v1/notices/{}/pdf", notice.number),
    })
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
struct IssueBody {
    /// Required when the decision was not to approve (行政手続法 §8).
    #[serde(default)]
    reasons: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/applications/{receipt}/notice",
    tag = TAG,
    summary = "Issue a decided case's signed notice",
    description = "Scopes: `transitions:write` and `decisions:write`. The case must be approved or not approved; a refusal needs `reasons`. The notice is signed (PAdES), delivered to the applicant's my page with an e-mail, and the case becomes `notice_issued`.",
    security(("bearer" = ["transitions:write", "decisions:write"])),
    params(("receipt" = String, Path, description = "The receipt number")),
    request_body(content = IssueBody, content_type = "application/json"),
    responses(
        (status = 201, description = "The notice", body = Object),
        (status = 400, description = "A bad body", body = ErrorSchema),
        (status = 404, description = "No such application (or not the token's)", body = ErrorSchema),
        (status = 409, description = "The case is not decided, or its procedure issues no notice", body = ErrorSchema),
        (status = 422, description = "Reasons missing for a refusal, or too long", body = ErrorSchema),
        (status = 503, description = "Signing is not configured", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn issue(
    State(notices): State<Notices>,
    token: ApiToken<scope::TransitionsWrite>,
    Path(receipt): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    token.require(Action::DecisionsWrite)?;
    let body = body.map_err(|_| ApiError::invalid(Vec::new()))?;
    let body: IssueBody = if body.is_empty() {
        IssueBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                "JSON として読めません。",
                format!("The body is not the expected JSON: {e}"),
            )
        })?
    };
    let application = applications::api::covered(notices.apps(), &token, &receipt).await?;
    let notice = notices
        .issuer
        .issue(
            &application,
            &body.reasons,
            workflow::Actor::System,
            &token.actor(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(described(&notice))).into_response())
}

/// The notice if it exists and the token covers its section.
async fn covered(
    notices: &Notices,
    token: &ApiToken<scope::ApplicationsRead>,
    number: &str,
) -> Result<NoticeRow, ApiError> {
    match store::by_number(notices.db(), number).await? {
        Some(notice) if token.reaches(notice.section_id.as_deref(), number) => Ok(notice),
        _ => Err(no_notice(number)),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/notices/{number}",
    tag = TAG,
    summary = "A notice's record",
    description = "Scope: `applications:read`; a notice of a section outside the token's is answered 404.",
    security(("bearer" = ["applications:read"])),
    params(("number" = String, Path, description = "The notice number, e.g. N-R8-000123")),
    responses(
        (status = 200, description = "The notice", body = Object),
        (status = 404, description = "No such notice (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn show(
    State(notices): State<Notices>,
    token: ApiToken<scope::ApplicationsRead>,
    Path(number): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(described(&covered(&notices, &token, &number).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/notices/{number}/pdf",
    tag = TAG,
    summary = "A notice's signed PDF, as delivered",
    description = "Scope: `applications:read`; the read is recorded.",
    security(("bearer" = ["applications:read"])),
    params(("number" = String, Path, description = "The notice number")),
    responses(
        (status = 200, description = "The signed PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such notice (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn pdf(
    State(notices): State<Notices>,
    token: ApiToken<scope::ApplicationsRead>,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let notice = covered(&notices, &token, &number).await?;
    kernel::access::record(
        notices.db(),
        kernel::access::Access {
            actor: &token.actor(),
            action: "notice.read",
            target_type: "notice",
            target_id: &notice.number,
            client: token.client(),
        },
    )
    .await
    .map_err(ApiError::internal)?;
    let pdf = store::pdf(notices.db(), &notice.id)
        .await
        .map_err(store::answer)?;
    Ok(crate::pages::pdf_response(&notice.number, pdf))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct CodeQuery {
    /// The notice number printed on it.
    #[serde(default)]
    number: String,
    /// The check code printed beside it.
    #[serde(default)]
    code: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/notices/verify",
    tag = TAG,
    summary = "Check a notice by its number and check code",
    description = "Public: no token needed. Answers valid (with who signed, when, for which procedure — nothing personal), revoked, or not_found.",
    params(CodeQuery),
    responses(
        (status = 200, description = "The verdict", body = Verdict),
        (status = 400, description = "Number or code missing", body = ErrorSchema),
    )
)]
async fn check_by_code(
    State(notices): State<Notices>,
    query: Result<Query<CodeQuery>, QueryRejection>,
) -> Result<Json<Verdict>, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(missing_code());
    };
    if query.number.trim().is_empty()
        || query.code.trim().is_empty()
        || query.number.len() > 64
        || query.code.len() > 64
    {
        return Err(missing_code());
    }
    Ok(Json(
        verify::check_code(notices.db(), &query.number, &query.code).await?,
    ))
}

fn missing_code() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "number_and_code",
        "通知番号と確認コードを指定してください。",
        "Give the notice number and the check code.",
    )
}

#[utoipa::path(
    post,
    path = "/api/v1/notices/verify",
    tag = TAG,
    summary = "Check a notice PDF",
    description = "Public: no token needed. The body is the PDF (up to 10 MB). Answers valid, altered, unknown_signer or revoked; a file that is not a PDF or has no signature is answered 422.",
    request_body(content = Vec<u8>, description = "The PDF, as sent (any content type)", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "The verdict", body = Verdict),
        (status = 413, description = "Larger than 10 MB", body = ErrorSchema),
        (status = 422, description = "Not a PDF, or a PDF without a signature", body = ErrorSchema),
    )
)]
async fn check_pdf(
    State(notices): State<Notices>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Verdict>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::invalid(Vec::new())
        }
    })?;
    match verify::check_pdf(notices.db(), &notices.trust, &body).await? {
        Ok(verdict) => Ok(Json(verdict)),
        Err(signatures::verify::VerifyError::TooLarge) => Err(too_large()),
        Err(error) => {
            let (ja, en) = verify::refusal(&error);
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                match error {
                    signatures::verify::VerifyError::NoSignature => "no_signature",
                    _ => "not_pdf",
                },
                ja,
                en,
            ))
        }
    }
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "ファイルが大きすぎます（10 MB まで）。",
        "The file is too large (up to 10 MB).",
    )
}
