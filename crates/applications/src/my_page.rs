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
}

#[derive(Template)]
#[template(path = "my_applications.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<InboxLine>,
}

#[derive(Template)]
#[template(path = "my_application.html")]
struct DetailPage {
    chrome: Chrome,
    application: Application,
    rows: Vec<forms::display::Row>,
    history: Vec<(String, String)>,
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
        .titled(chrome.pick("申請の状況", "My applications"));
    let Some(submitter) = submitter(&session) else {
        return Ok(render(&ListPage {
            chrome,
            lines: Vec::new(),
        }));
    };
    let lines = store::of_submitter(apps.db(), &submitter, 200)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    Ok(render(&ListPage { chrome, lines }))
}

async fn show(
    State(apps): State<Applications>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    Path(receipt): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let not_found = || {
        ApiError::not_found(
            format!("受付番号「{receipt}」の申請は見つかりません。"),
            format!("There is no application {receipt:?}."),
        )
    };
    let submitter = submitter(&session).ok_or_else(|| fail(not_found()))?;
    let application = store::by_receipt(apps.db(), &receipt)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(not_found()))?;
    if application.submitter_kind != submitter.kind() || application.submitter_id != submitter.id()
    {
        tracing::warn!(
            receipt,
            "refused: a resident asked for another person's application"
        );
        return Err(fail(not_found()));
    }
    let form = crate::form_store::version(
        apps.db(),
        &application.procedure_id,
        application.form_version,
    )
    .await
    .map_err(|e| fail(e.into()))?;
    let rows = form
        .map(|f| forms::display::rows(&f, &application.answers, chrome.is_en()))
        .unwrap_or_default();
    let history = kernel::audit::entries(apps.db(), "application", &application.id)
        .await
        .map_err(|e| fail(e.into()))?
        .into_iter()
        .map(|e| {
            let status = e
                .after
                .as_ref()
                .and_then(|a| a.get("status"))
                .and_then(|s| s.as_str())
                .and_then(workflow::Status::parse)
                .map(|s| {
                    if chrome.is_en() {
                        s.label_en()
                    } else {
                        s.label_ja()
                    }
                })
                .unwrap_or_default();
            (e.at, status.to_string())
        })
        .collect();
    let page = DetailPage {
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.pick("受付番号", "Receipt"),
            application.receipt_number
        )),
        application,
        rows,
        history,
    };
    Ok(render(&page))
}
