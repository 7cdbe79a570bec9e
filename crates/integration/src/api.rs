//! The webhook API for business systems (scope `webhooks:manage`):
//! `GET|POST /api/v1/webhooks`, `GET|DELETE /api/v1/webhooks/{webhook}`,
//! `GET /api/v1/webhooks/{webhook}/deliveries`,
//! `POST /api/v1/webhooks/{webhook}/replay`. A token of some sections sees
//! and makes only subscriptions limited to those sections.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kernel::error::{ErrorSchema, TokenRefusals};
use kernel::tokens::{ApiToken, TokenInfo, scope};
use kernel::{ApiError, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::event::Filter;
use crate::store::{self, Delivery, Health, NewSubscription, Subscription};

const TAG: &str = "webhooks";
const MAX_BODY: usize = 64 * 1024;

pub fn routes() -> OpenApiRouter<crate::Integration> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, remove))
        .routes(routes!(deliveries))
        .routes(routes!(replay))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

type Manager = ApiToken<scope::WebhooksManage>;

/// Whether the token may see and change `subscription`: a city-wide token
/// all of them; another only those limited to its own sections.
fn within(token: &TokenInfo, subscription: &Subscription) -> bool {
    token.all_sections
        || (subscription.bureaus.is_empty()
            && !subscription.sections.is_empty()
            && subscription
                .sections
                .iter()
                .all(|s| token.covers_section(Some(s))))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(
        format!("購読「{id}」はありません。"),
        format!("There is no subscription {id:?}."),
    )
}

/// The subscription, if the token may reach it (else 404, as a missing one).
async fn reachable(
    hub: &crate::Integration,
    token: &Manager,
    id: &str,
) -> Result<Subscription, ApiError> {
    let subscription = store::get(hub.db(), id)
        .await?
        .filter(|s| s.kind == "webhook")
        .ok_or_else(|| not_found(id))?;
    if !within(token, &subscription) {
        let section = subscription.sections.first().map(String::as_str);
        token.reaches(section.or(Some("(city-wide)")), "webhook");
        return Err(not_found(id));
    }
    Ok(subscription)
}

/// A subscription as the API shows it, with its health.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Shown {
    #[serde(flatten)]
    subscription: Subscription,
    health: Health,
    failing: bool,
}

async fn shown(hub: &crate::Integration, subscription: Subscription) -> Result<Shown, ApiError> {
    let health = store::health(hub.db(), &subscription.id).await?;
    let failing = subscription.disabled_at.is_none() && health.failing(crate::relay::now_ms());
    Ok(Shown {
        subscription,
        health,
        failing,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = TAG,
    summary = "The subscriptions the token may manage",
    description = "Scope: `webhooks:manage`. A city-wide token sees all; a token of some sections, those limited to its sections.",
    security(("bearer" = ["webhooks:manage"])),
    responses(
        (status = 200, description = "Subscriptions, never their secrets", body = Vec<Shown>),
        TokenRefusals,
    )
)]
async fn list(
    State(hub): State<crate::Integration>,
    token: Manager,
) -> Result<Json<Vec<Shown>>, ApiError> {
    let mut found = Vec::new();
    for subscription in store::list(hub.db()).await? {
        if subscription.kind == "webhook" && within(&token, &subscription) {
            found.push(shown(&hub, subscription).await?);
        }
    }
    Ok(Json(found))
}

/// A new subscription.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewBody {
    /// Where events are POSTed (http or https).
    url: String,
    /// Event types (default: all).
    #[serde(default)]
    events: Vec<String>,
    /// Sections (default: the token's, or the whole city for a city-wide token).
    #[serde(default)]
    sections: Vec<String>,
    /// Bureaus (city-wide tokens only).
    #[serde(default)]
    bureaus: Vec<String>,
    #[serde(default)]
    description: String,
}

/// A subscription just made, with its signing secret (shown this once).
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Created {
    #[serde(flatten)]
    subscription: Subscription,
    secret: String,
}

fn body_of<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("送信内容が大きすぎます（{} KB まで）。", MAX_BODY / 1024),
            format!(
                "The request body is too large (up to {} KB).",
                MAX_BODY / 1024
            ),
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::invalid(vec![FieldError::new(
            "body",
            format!("JSON として読めません: {e}"),
            format!("The body is not what this operation takes: {e}"),
        )])
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = TAG,
    summary = "Subscribe a URL to events",
    description = "Scope: `webhooks:manage`. Deliveries are POSTs of the event's JSON, signed with the returned `secret` (header `Madoguchi-Signature: t=…,v1=…`; see docs/api.md). A token of some sections may subscribe only to those sections (403 for others).",
    security(("bearer" = ["webhooks:manage"])),
    request_body(content = NewBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Made; the secret is shown only now", body = Created),
        (status = 400, description = "The body is not JSON of this shape", body = ErrorSchema),
        (status = 413, description = "The body is too large", body = ErrorSchema),
        (status = 422, description = "A bad URL, an unknown event type, section or bureau", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn create(
    State(hub): State<crate::Integration>,
    token: Manager,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body: NewBody = body_of(body).map_err(|e| ApiError {
        status: StatusCode::BAD_REQUEST,
        ..e
    })?;
    let mut sections = body.sections;
    if !token.all_sections {
        if !body.bureaus.is_empty() || sections.iter().any(|s| !token.covers_section(Some(s))) {
            token.reaches(sections.first().map(String::as_str), "webhook");
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "この API トークンの担当課以外の購読は作れません。",
                "This API token may subscribe only to its own sections.",
            ));
        }
        if sections.is_empty() {
            sections = token.sections.iter().cloned().collect();
        }
    }
    let new = NewSubscription {
        url: body.url,
        filter: Filter {
            event_types: body.events,
            sections,
            bureaus: body.bureaus,
        },
        description: body.description,
        created_by: format!("api:{}:{}", token.id, token.name),
    };
    let organisation = catalog::store::organisation(hub.db()).await?;
    if let Err(problems) = crate::rules::check(&new, &organisation) {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..ApiError::invalid(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(p.field, p.ja, p.en))
                    .collect(),
            )
        });
    }
    let (subscription, secret) = store::create(hub.db(), &new).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            subscription,
            secret,
        }),
    )
        .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{webhook}",
    tag = TAG,
    summary = "One subscription and its health",
    description = "Scope: `webhooks:manage`.",
    security(("bearer" = ["webhooks:manage"])),
    params(("webhook" = String, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = Shown),
        (status = 404, description = "No such subscription within the token's reach", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn show(
    State(hub): State<crate::Integration>,
    token: Manager,
    Path(id): Path<String>,
) -> Result<Json<Shown>, ApiError> {
    let subscription = reachable(&hub, &token, &id).await?;
    Ok(Json(shown(&hub, subscription).await?))
}

#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{webhook}",
    tag = TAG,
    summary = "Stop a subscription",
    description = "Scope: `webhooks:manage`. Nothing more is sent or retried; the history stays.",
    security(("bearer" = ["webhooks:manage"])),
    params(("webhook" = String, Path, description = "The subscription's id")),
    responses(
        (status = 204, description = "Stopped (or already stopped)"),
        (status = 404, description = "No such subscription within the token's reach", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn remove(
    State(hub): State<crate::Integration>,
    token: Manager,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let subscription = reachable(&hub, &token, &id).await?;
    store::disable(
        hub.db(),
        &subscription.id,
        &format!("api:{}:{}", token.id, token.name),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
struct DeliveriesQuery {
    /// `pending`, `delivered` or `dead` (default: all).
    state: Option<String>,
    /// At most this many, newest first (1–1000, default 100).
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{webhook}/deliveries",
    tag = TAG,
    summary = "A subscription's deliveries, newest first",
    description = "Scope: `webhooks:manage`. Each with its state, attempts and last HTTP status.",
    security(("bearer" = ["webhooks:manage"])),
    params(("webhook" = String, Path, description = "The subscription's id"), DeliveriesQuery),
    responses(
        (status = 200, description = "Deliveries", body = Vec<Delivery>),
        (status = 400, description = "A bad state or limit", body = ErrorSchema),
        (status = 404, description = "No such subscription within the token's reach", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn deliveries(
    State(hub): State<crate::Integration>,
    token: Manager,
    Path(id): Path<String>,
    query: Result<Query<DeliveriesQuery>, QueryRejection>,
) -> Result<Json<Vec<Delivery>>, ApiError> {
    let subscription = reachable(&hub, &token, &id).await?;
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "state は pending・delivered・dead、limit は 1〜1000 で指定してください。",
            "Give state as pending, delivered or dead, and limit from 1 to 1000.",
        )
    };
    let Query(query) = query.map_err(|_| bad())?;
    if query
        .state
        .as_deref()
        .is_some_and(|s| !["pending", "delivered", "dead"].contains(&s))
        || query.limit.is_some_and(|l| !(1..=1000).contains(&l))
    {
        return Err(bad());
    }
    Ok(Json(
        store::deliveries(
            hub.db(),
            &subscription.id,
            query.state.as_deref(),
            query.limit.unwrap_or(100),
        )
        .await?,
    ))
}

/// Which dead letters to send again.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ReplayBody {
    /// One delivery's id; without it, every dead letter of the subscription.
    delivery: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{webhook}/replay",
    tag = TAG,
    summary = "Send dead-lettered deliveries again",
    description = "Scope: `webhooks:manage`. Each gets a new 24-hour retry window.",
    security(("bearer" = ["webhooks:manage"])),
    params(("webhook" = String, Path, description = "The subscription's id")),
    request_body(content = ReplayBody, content_type = "application/json"),
    responses(
        (status = 200, description = "How many were queued again", body = Object),
        (status = 400, description = "The body is not JSON of this shape", body = ErrorSchema),
        (status = 404, description = "No such subscription within the token's reach", body = ErrorSchema),
        TokenRefusals,
    )
)]
async fn replay(
    State(hub): State<crate::Integration>,
    token: Manager,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let subscription = reachable(&hub, &token, &id).await?;
    let body: ReplayBody = match &body {
        Ok(bytes) if bytes.is_empty() => ReplayBody::default(),
        _ => body_of(body).map_err(|e| ApiError {
            status: StatusCode::BAD_REQUEST,
            ..e
        })?,
    };
    let count = store::replay(
        hub.db(),
        &subscription.id,
        body.delivery,
        &format!("api:{}:{}", token.id, token.name),
        crate::relay::now_ms(),
    )
    .await?;
    Ok(Json(json!({ "replayed": count })))
}
