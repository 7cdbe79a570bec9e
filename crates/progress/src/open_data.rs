//! Open data at stable addresses, for anyone to reuse without asking:
//!
//! | address | what |
//! | --- | --- |
//! | `/open-data` | this list and what every column means |
//! | `/open-data/procedures.csv`, `.json` | the procedure registry (the import's layout) |
//! | `/open-data/indicators.csv`, `.json` | the two indicators (as `/api/v1/indicators`) |
//! | `/open-data/online-use.csv?fiscal_year=2025` | per procedure: 手続の名称, 手続総件数, うちオンライン数, 割合 — the table cities with an online-ization ordinance publish each year |
//!
//! CSV files are UTF-8 with a BOM (Excel opens them as such).

use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use catalog::Catalog;
use futures_util::StreamExt;
use kernel::web::{Chrome, render};
use kernel::{ApiError, FieldError};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<crate::Progress> {
    Router::new()
        .route("/open-data", get(index))
        .route("/open-data/procedures.csv", get(procedures_csv))
        .route("/open-data/procedures.json", get(procedures_json))
        .route("/open-data/indicators.csv", get(indicators_csv))
        .route("/open-data/indicators.json", get(indicators_json))
        .route("/open-data/online-use.csv", get(online_use_csv))
}

fn csv_response(name: &str, body: Vec<u8>) -> Response {
    let mut response = kernel::web::attachment("text/csv; charset=utf-8", name, body);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=300"),
    );
    response
}

async fn procedures_csv(State(catalog): State<Catalog>) -> Result<Response, ApiError> {
    let index = catalog.index().await?;
    let mut head = b"\xEF\xBB\xBF".to_vec();
    head.extend(
        catalog::export::csv_rows(
            std::iter::empty::<catalog::model::Procedure>(),
            &index.organisation,
            true,
        )
        .map_err(ApiError::from)?,
    );
    let body = streamed(index, head, Vec::new(), |index, range| {
        catalog::export::csv_rows(
            range.filter_map(|n| index.procedures.get(n)),
            &index.organisation,
            false,
        )
        .map_err(std::io::Error::other)
    });
    let mut response = kernel::web::attachment("text/csv; charset=utf-8", "procedures.csv", body);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

/// A file of the registry written a piece at a time: `head`, the
/// procedures [`CHUNK`] at a time as `piece` writes them, then `tail`.
/// Made whole, the national registry's files raised the server's memory by
/// 30 MB (CSV) and 200 MB (JSON, with its tree of values) on each request.
fn streamed<F>(
    index: std::sync::Arc<catalog::search::SearchIndex>,
    head: Vec<u8>,
    tail: Vec<u8>,
    piece: F,
) -> axum::body::Body
where
    F: Fn(&catalog::search::SearchIndex, std::ops::Range<usize>) -> std::io::Result<Vec<u8>>
        + Send
        + 'static,
{
    let count = index.procedures.len();
    let chunks = count.div_ceil(CHUNK);
    let mut head = Some(head);
    let mut tail = Some(tail);
    let pieces = futures_util::stream::iter(0..chunks + 2).map(move |n| {
        let bytes = if n == 0 {
            head.take().unwrap_or_default()
        } else if n > chunks {
            tail.take().unwrap_or_default()
        } else {
            let from = (n - 1) * CHUNK;
            piece(&index, from..(from + CHUNK).min(count))?
        };
        Ok::<_, std::io::Error>(axum::body::Bytes::from(bytes))
    });
    axum::body::Body::from_stream(pieces)
}

/// One procedure as open data.
#[derive(Serialize)]
struct OpenProcedure<'a> {
    id: &'a str,
    name: &'a str,
    kana: &'a str,
    name_en: &'a str,
    bureau: &'a str,
    category: &'a str,
    online_status: &'a str,
    online_fiscal_year: Option<i32>,
    planned_fiscal_year: Option<i32>,
    annual_count: Option<i64>,
    legal_basis: &'a str,
    url: String,
}

/// Procedures written per piece of the streamed CSV file and JSON document.
const CHUNK: usize = 500;

async fn procedures_json(State(catalog): State<Catalog>) -> Result<Response, ApiError> {
    let index = catalog.index().await?;
    let body = streamed(
        index,
        b"{\"procedures\":[".to_vec(),
        b"]}".to_vec(),
        |index, range| Ok(open_procedures_json(index, range)),
    );
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// The procedures of `range` as JSON, each after a comma but the
/// registry's first.
fn open_procedures_json(
    index: &catalog::search::SearchIndex,
    range: std::ops::Range<usize>,
) -> Vec<u8> {
    let mut out = Vec::new();
    for n in range {
        let Some(p) = index.procedures.row(n) else {
            break;
        };
        let item = OpenProcedure {
            id: p.id(),
            name: p.name(),
            kana: p.kana(),
            name_en: p.name_en(),
            bureau: index
                .organisation
                .bureau(p.bureau_id())
                .map(|b| b.name.as_str())
                .unwrap_or(p.bureau_id()),
            category: p.category().code(),
            online_status: p.online().code(),
            online_fiscal_year: p.online_fy().filter(|_| p.registered_online()),
            planned_fiscal_year: p.planned_fy(),
            annual_count: p.annual_count(),
            legal_basis: p.legal_basis(),
            url: format!("/procedures/{}", p.id()),
        };
        if n > 0 {
            out.push(b',');
        }
        // Writing plain strings and numbers to memory cannot fail.
        if serde_json::to_writer(&mut out, &item).is_err() {
            break;
        }
    }
    out
}

async fn indicators_csv(State(catalog): State<Catalog>) -> Result<Response, ApiError> {
    let figures = crate::api::current(&catalog).await?;
    Ok(csv_response(
        "indicators.csv",
        crate::api::to_csv(&figures)?.into_bytes(),
    ))
}

async fn indicators_json(State(catalog): State<Catalog>) -> Result<Response, ApiError> {
    Ok(Json(crate::api::current(&catalog).await?).into_response())
}

#[derive(Deserialize)]
struct YearQuery {
    #[serde(default)]
    fiscal_year: Option<String>,
}

/// One line of the yearly publication table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub procedure_id: String,
    pub name: String,
    pub bureau: String,
    pub total: Option<i64>,
    pub online: i64,
}

/// The publication table of a fiscal year: every procedure that received
/// applications online that year (on the platform) or whose inventory gave
/// online cases, with its annual count.
pub fn publication(
    procedures: &catalog::registry::Registry,
    organisation: &catalog::store::Organisation,
    received: &[(String, i32, i64, i64)],
    uses: &std::collections::HashMap<String, (i64, i64)>,
    fiscal_year: i32,
) -> Vec<Publication> {
    let platform: std::collections::HashMap<&str, i64> = received
        .iter()
        .filter(|(_, year, _, _)| *year == fiscal_year)
        .map(|(id, _, online, _)| (id.as_str(), *online))
        .collect();
    procedures
        .rows()
        .filter_map(|p| {
            let online = platform
                .get(p.id())
                .copied()
                .or_else(|| uses.get(p.id()).map(|(_, online)| *online))?;
            Some(Publication {
                procedure_id: p.id().to_string(),
                name: p.name().to_string(),
                bureau: organisation
                    .bureau(p.bureau_id())
                    .map(|b| b.name.clone())
                    .unwrap_or_else(|| p.bureau_id().to_string()),
                total: p.annual_count(),
                online,
            })
        })
        .collect()
}

async fn online_use_csv(
    State(catalog): State<Catalog>,
    Query(query): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let today = kernel::clock::today_in_japan();
    let fiscal_year = match query.fiscal_year.as_deref().map(str::trim) {
        None | Some("") => kernel::wareki::fiscal_year_of(today),
        Some(text) => kernel::wareki::parse_fiscal_year(text)
            .map(|parsed| parsed.year)
            .map_err(|_| {
                ApiError::invalid(vec![FieldError::new(
                    "fiscal_year",
                    format!("年度「{text}」を読み取れません（例: 2025、R7、令和7年度）。"),
                    format!("Cannot read the fiscal year {text:?} (e.g. 2025, R7, 令和7年度)."),
                )])
            })?,
    };
    let index = catalog.index().await?;
    let received = crate::api::received(catalog.db()).await?;
    let uses = crate::inventory::uses(catalog.db()).await?;
    let rows = publication(
        &index.procedures,
        &index.organisation,
        &received,
        &uses,
        fiscal_year,
    );
    Ok(csv_response(
        &format!("online-use-{fiscal_year}.csv"),
        publication_csv(&rows, fiscal_year)?,
    ))
}

/// The publication table as CSV (UTF-8 with a BOM), Japanese headers.
pub fn publication_csv(rows: &[Publication], fiscal_year: i32) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record([
        "年度",
        "手続ID",
        "手続の名称",
        "所管",
        "手続総件数",
        "うちオンライン数",
        "割合(%)",
    ])?;
    let year_label = format!(
        "{}（{fiscal_year}年度）",
        kernel::wareki::fiscal_year_label(fiscal_year)
    );
    for row in rows {
        let share = match row.total {
            Some(total) if total > 0 => crate::indicators::percent_of(row.online, total),
            _ => String::new(),
        };
        // Names and bureaus are typed by staff: they stay text in Excel.
        out.write_record(kernel::text::spreadsheet_row([
            year_label.as_str(),
            row.procedure_id.as_str(),
            row.name.as_str(),
            row.bureau.as_str(),
            &row.total.map(|t| t.to_string()).unwrap_or_default(),
            &row.online.to_string(),
            share.as_str(),
        ]))?;
    }
    Ok(out.into_inner()?)
}

#[derive(Template)]
#[template(path = "open_data.html")]
struct IndexPage {
    chrome: Chrome,
}

impl IndexPage {
    /// What every column means: (file, column, Japanese, English).
    fn columns(&self) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
        vec![
            (
                "procedures.csv",
                "手続ID … 標準処理期間",
                "登録簿の取込と同じ列（docs/registry-import.md）",
                "The registry import's columns (docs/registry-import.md)",
            ),
            (
                "procedures.json",
                "id, name, kana, name_en",
                "手続の ID・名称・読み・英語名",
                "The procedure's id, name, reading and English name",
            ),
            (
                "procedures.json",
                "bureau, category",
                "所管局、分類（childcare 子育て・nursing_care 介護・high_impact 効果が高い・other その他）",
                "Bureau; category (childcare, nursing_care, high_impact, other)",
            ),
            (
                "procedures.json",
                "online_status",
                "online（オンライン化済み）・planned（予定）・not_online・impossible（法令上不可）",
                "online, planned, not_online, impossible (not possible by law)",
            ),
            (
                "procedures.json",
                "online_fiscal_year, planned_fiscal_year",
                "オンライン化した年度・計画の年度（西暦、4月始まり）",
                "Fiscal year it went online; planned fiscal year (April–March)",
            ),
            (
                "procedures.json",
                "annual_count",
                "年間件数（不明は null）",
                "Cases a year (null when unknown)",
            ),
            (
                "indicators.csv",
                "basis",
                "plan（計画の年度による）・actual（実績）",
                "plan (by the planned years) or actual",
            ),
            (
                "indicators.csv",
                "group, key, name",
                "overall（全体）・category（分類）・bureau（局）と、その識別子・名称",
                "overall, category or bureau, with its key and name",
            ),
            (
                "indicators.csv",
                "fiscal_year, label",
                "年度（西暦）と表示（R4まで は R4 以前を含む累計）",
                "Fiscal year and its label (R4まで is cumulative up to R4)",
            ),
            (
                "indicators.csv",
                "indicator",
                "cases（評価指標① 年間総件数）・procedures（評価指標② 手続数）",
                "cases (indicator ①) or procedures (indicator ②)",
            ),
            (
                "indicators.csv",
                "numerator, denominator, rate, rate_percent",
                "オンライン化済みの数、対象の数、割合（0〜1）、百分率（小数第1位で四捨五入）",
                "Online, in scope, share (0–1), percent rounded to 0.1",
            ),
            (
                "indicators.csv",
                "change_points",
                "前年比（ポイント）",
                "Change from the previous year, in points",
            ),
            (
                "indicators.csv",
                "reference_only, unknown_counts",
                "件数不明の手続があり参考値か（1/0）、その手続数",
                "Whether ① is a reference figure (1/0), and how many counts are unknown",
            ),
            (
                "online-use.csv",
                "手続総件数, うちオンライン数, 割合(%)",
                "年間件数、その年度にオンラインで受け付けた件数、割合",
                "Cases a year, cases received online that fiscal year, share",
            ),
        ]
    }
}

async fn index(chrome: Chrome) -> Response {
    let chrome = chrome.clone().titled(chrome.marked_up("open-data-title"));
    render(&IndexPage { chrome })
}
