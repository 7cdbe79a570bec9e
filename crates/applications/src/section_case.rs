//! The case of a staff member's own section, as an extractor: every handler
//! under `/staff/applications/{receipt}` takes a [`SectionCase`], so none can
//! skip the section check. A case of another section is answered as not
//! found, the same as a receipt that does not exist, and the refusal is
//! logged.

use std::collections::HashMap;

use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use identity::{Identity, SectionStaff};
use kernel::ApiError;
use kernel::client::ClientAddr;
use kernel::web::{Chrome, PageError};

use crate::Applications;
use crate::model::Application;
use crate::store;

/// A signed-in section staff member and an application of their section,
/// named by the route's `{receipt}`.
pub struct SectionCase {
    pub staff: SectionStaff,
    pub application: Application,
}

fn not_found(receipt: &str) -> ApiError {
    ApiError::not_found(
        format!("受付番号「{receipt}」の申請は見つかりません。"),
        format!("There is no application {receipt:?}."),
    )
}

impl<S> FromRequestParts<S> for SectionCase
where
    Applications: FromRef<S>,
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let apps = &Applications::from_ref(state);
        let staff = SectionStaff::from_request_parts(parts, state).await?;
        let chrome = Chrome::of_parts(parts);
        let fail = |error: ApiError| PageError::new(&chrome, error).into_response();
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Some(receipt) = params.get("receipt") else {
            // The route table's mistake, not the visitor's: never serve a
            // case the check could not name.
            return Err(fail(ApiError::internal(format!(
                "{} takes a case but has no {{receipt}}",
                parts.uri.path()
            ))));
        };
        let application = store::by_receipt(apps.db(), receipt)
            .await
            .map_err(|e| fail(e.into()))?
            .ok_or_else(|| fail(not_found(receipt)))?;
        if application.section_id.as_deref() != Some(staff.section_id.as_str()) {
            let client = ClientAddr::from_request_parts(parts, &Identity::from_ref(state))
                .await
                .unwrap_or_else(|never| match never {});
            tracing::warn!(
                staff = %staff.staff.id,
                receipt = %receipt,
                client = %client,
                "refused: the application belongs to another section"
            );
            return Err(fail(not_found(receipt)));
        }
        Ok(SectionCase { staff, application })
    }
}
