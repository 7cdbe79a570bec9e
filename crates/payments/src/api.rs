//! The payments API: providers post their signed notifications here, and
//! business systems read an application's payments.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use kernel::ApiError;
use kernel::error::{ErrorSchema, TokenRefusals};
use kernel::tokens::{ApiToken, scope};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Payments;
use crate::ledger::{self, Settled};
use crate::provider::ProviderError;

const TAG: &str = "payments";

/// A notification is small; anything bigger is not one.
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

pub fn routes() -> OpenApiRouter<Payments> {
    OpenApiRouter::new()
        .routes(routes!(callback))
        .routes(routes!(of_application))
        .layer(DefaultBodyLimit::max(MAX_CALLBACK_BYTES))
}

#[utoipa::path(
    post,
    path = "/api/v1/payments/callbacks/{provider}",
    tag = TAG,
    summary = "A payment provider's signed notification",
    description = "For payment providers, not business systems: no token; the body must carry the provider's signature over the timestamp and the body (a bad or old signature is refused with 400 and logged). A notification that comes twice is applied once; a stale one never undoes a payment. The platform also asks the provider itself, so a lost notification delays nothing for long.",
    params(("provider" = String, Path, description = "The provider's id in the configuration")),
    request_body(content = Object, content_type = "application/json"),
    responses(
        (status = 200, description = "Applied (or already applied)", body = Object),
        (status = 400, description = "Not signed by the provider", body = ErrorSchema),
        (status = 404, description = "No such provider", body = ErrorSchema),
        (status = 503, description = "Could not be stored now; the provider retries", body = ErrorSchema),
    )
)]
async fn callback(
    State(payments): State<Payments>,
    Path(provider_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "通知が大きすぎます（64KB まで）。",
            "The notification is too large (64 KiB at most).",
        )
    })?;
    let Some(provider) = payments.providers.by_id(&provider_id) else {
        return Err(ApiError::not_found(
            "その決済事業者は設定されていません。",
            format!("No provider {provider_id:?} is configured."),
        ));
    };
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| {
            Some((
                name.as_str().to_ascii_lowercase(),
                value.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let notification = provider
        .verify_callback(&headers, &body, time::OffsetDateTime::now_utc())
        .map_err(|error| {
            tracing::warn!(provider = provider_id, error = %error, "refused: a payment notification without a good signature");
            let reason = match error {
                ProviderError::BadSignature(reason) => reason,
                other => other.to_string(),
            };
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_signature",
                "署名を確認できない通知です。",
                format!("The notification's signature does not check: {reason}"),
            )
        })?;
    let settled = ledger::notified(payments.db(), &provider_id, &notification)
        .await
        .map_err(|error| {
            tracing::error!(error = %error, "a payment notification could not be applied");
            ApiError::busy()
        })?;
    Ok(Json(json!({
        "applied": settled != Settled::Unchanged,
    })))
}

#[utoipa::path(
    get,
    path = "/api/v1/applications/{receipt}/payments",
    tag = TAG,
    summary = "An application's fees and payments",
    description = "Scope: `applications:read`. What is owed, its state (requested, pending, paid, expired, cancelled), how it was paid and what was refunded. Never a card number: the platform does not hold one.",
    security(("bearer" = ["applications:read"])),
    params(("receipt" = String, Path, description = "The receipt number")),
    responses(
        (status = 200, description = "The payments, oldest first", body = Object),
        (status = 404, description = "No such application (or not the token's)", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn of_application(
    State(payments): State<Payments>,
    token: ApiToken<scope::ApplicationsRead>,
    Path(receipt): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let application = applications::api::covered(payments.apps(), &token, &receipt).await?;
    let list = ledger::of_application(payments.db(), &application.id).await?;
    Ok(Json(json!({ "receipt_number": receipt, "payments": list })))
}
