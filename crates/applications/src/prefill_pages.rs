//! The resident's side of pre-input (see `prefills`): the confirm page's
//! "hand in at a counter" makes the QR code, shown at `/prefills/{id}` to
//! print or keep on the phone, and cancelled there.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kernel::ApiError;
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::Applications;
use crate::prefills::{self, Prefill};

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/prefills/{id}", get(show))
        .route("/prefills/{id}/cancel", post(cancel))
}

#[derive(Template)]
#[template(path = "prefill.html")]
struct PrefillPage {
    chrome: Chrome,
    prefill: Option<Prefill>,
    procedure_name: String,
    grouped: String,
    qr: Option<String>,
    expired: bool,
    confirm_cancel: bool,
    cancelled: bool,
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    cancel: Option<String>,
}

fn not_found() -> ApiError {
    ApiError::localized(
        StatusCode::NOT_FOUND,
        "not_found",
        Message::new("prefill-not-found"),
    )
}

/// What the QR code holds: the id alone, nothing about the resident.
pub fn qr_text(id: &str) -> String {
    id.to_string()
}

async fn show(
    State(apps): State<Applications>,
    chrome: Chrome,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let internal = |e: anyhow::Error| PageError::new(&chrome, e.into());
    let id = prefills::parse_code(&id).ok_or_else(|| PageError::new(&chrome, not_found()))?;
    let prefill = prefills::find(apps.db(), &id)
        .await
        .map_err(internal)?
        .ok_or_else(|| PageError::new(&chrome, not_found()))?;
    let procedure_name = crate::form_store::current(apps.db(), &prefill.procedure_id)
        .await
        .map_err(internal)?
        .map(|form| chrome.city_text(&form.title))
        .unwrap_or_else(|| prefill.procedure_id.clone());
    let expired = prefill.expired(time::OffsetDateTime::now_utc());
    let mut response = render(&PrefillPage {
        chrome: chrome.clone().titled(chrome.t("prefill-title")),
        grouped: prefills::grouped(&prefill.id),
        qr: (!expired && prefill.receipt_number.is_none())
            .then(|| identity::two_factor::qr_data_uri(&qr_text(&prefill.id)))
            .flatten(),
        procedure_name,
        expired,
        confirm_cancel: query.cancel.is_some(),
        cancelled: false,
        prefill: Some(prefill),
    });
    // The page is the resident's ticket to the counter: not kept by shared
    // caches, not sent to other sites.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn cancel(
    State(apps): State<Applications>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = prefills::parse_code(&id).ok_or_else(|| PageError::new(&chrome, not_found()))?;
    let gone = prefills::cancel(apps.db(), &id)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    if !gone {
        return Err(PageError::new(&chrome, not_found()));
    }
    Ok(render(&PrefillPage {
        chrome: chrome.clone().titled(chrome.t("prefill-title")),
        prefill: None,
        procedure_name: String::new(),
        grouped: String::new(),
        qr: None,
        expired: false,
        confirm_cancel: false,
        cancelled: true,
    })
    .into_response())
}
