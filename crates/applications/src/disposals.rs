//! The register of disposed cases (廃棄簿) for the DX office: a page and a
//! CSV for Excel. It holds no personal data, only which case was disposed
//! of, under which period and when.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use identity::DxOfficeSession;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::Applications;
use crate::retention::Disposal;

/// Lines shown on the page; the CSV has them all.
const SHOWN: i64 = 500;

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/staff/disposals", get(page))
        .route("/staff/disposals.csv", get(csv))
}

#[derive(Template)]
#[template(path = "disposals.html")]
struct RegisterPage {
    chrome: Chrome,
    lines: Vec<Disposal>,
}

async fn page(
    State(apps): State<Applications>,
    chrome: Chrome,
    _: DxOfficeSession,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("廃棄簿", "Disposal register"));
    let lines = crate::retention::register(apps.db(), SHOWN)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    Ok(render(&RegisterPage { chrome, lines }))
}

async fn csv(
    State(apps): State<Applications>,
    chrome: Chrome,
    _: DxOfficeSession,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, ApiError::from(e));
    let lines = crate::retention::register(apps.db(), i64::MAX)
        .await
        .map_err(fail)?;
    let bytes = to_csv(&lines).map_err(fail)?;
    Ok(kernel::web::attachment(
        "text/csv; charset=utf-8",
        "disposals.csv",
        bytes,
    ))
}

/// UTF-8 with a BOM, so Excel opens it as UTF-8.
fn to_csv(lines: &[Disposal]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record([
        "受付番号",
        "手続ID",
        "手続",
        "担当課",
        "完結日時",
        "保存期間（年）",
        "廃棄可能日",
        "廃棄日時",
        "廃棄した添付書類数",
    ])?;
    for line in lines {
        let years = line.retention_years.to_string();
        let files = line.attachments.to_string();
        // Japan time, so a case is on the city's day, not UTC's.
        let completed = kernel::clock::spreadsheet(&line.completed_at);
        let disposed = kernel::clock::spreadsheet(&line.disposed_at);
        writer.write_record(kernel::text::spreadsheet_row([
            line.receipt_number.as_str(),
            line.procedure_id.as_str(),
            line.procedure_name.as_str(),
            line.section_name.as_str(),
            completed.as_str(),
            years.as_str(),
            line.disposable_from.as_str(),
            disposed.as_str(),
            files.as_str(),
        ]))?;
    }
    Ok(writer.into_inner()?)
}
