//! `/staff/layouts`: legacy data layouts in the back office
//! (docs/layouts.md). The DX office registers mappings, exports a period
//! now, sets a daily run and applies a business system's results file;
//! the owning section's staff and the DX office download the files made.

use applications::attachments::Posted;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use identity::{DxOfficeSession, Role, StaffSession};
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, Db};
use layouts::Layout;
use serde::Deserialize;

use crate::layout_files::{self, Produced, Registered};

/// Largest mapping file.
const MAX_MAPPING_BYTES: usize = 256 * 1024;
/// Files listed on the page.
const FILES_LISTED: i64 = 200;

pub fn routes() -> Router<crate::Integration> {
    Router::new()
        .route("/staff/layouts", get(page).post(register))
        .route("/staff/layouts/export", axum::routing::post(export_now))
        .route("/staff/layouts/schedule", axum::routing::post(schedule))
        .route("/staff/layouts/results", axum::routing::post(results))
        .route("/staff/layouts/download", get(download))
}

#[derive(Template)]
#[template(path = "layouts.html")]
struct LayoutsPage {
    chrome: Chrome,
    dx: bool,
    layouts: Vec<Registered>,
    files: Vec<Produced>,
    notice: String,
    report: String,
    errors: Vec<String>,
    yesterday: String,
}

/// What the page says after an action.
#[derive(Default)]
struct Outcome {
    status: Option<StatusCode>,
    notice: String,
    report: String,
    errors: Vec<String>,
}

async fn show(
    hub: &crate::Integration,
    chrome: &Chrome,
    dx: bool,
    section: Option<&str>,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(chrome, e.into());
    let db = hub.db();
    let layouts = if dx {
        layout_files::all(db).await.map_err(fail)?
    } else {
        Vec::new()
    };
    let files = layout_files::files(db, section, FILES_LISTED)
        .await
        .map_err(fail)?;
    let yesterday = kernel::clock::today_in_japan()
        .previous_day()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let chrome = chrome
        .clone()
        .titled(chrome.pick("データレイアウト変換", "Legacy data layouts"));
    let page = LayoutsPage {
        chrome,
        dx,
        layouts,
        files,
        notice: outcome.notice,
        report: outcome.report,
        errors: outcome.errors,
        yesterday,
    };
    Ok((outcome.status.unwrap_or(StatusCode::OK), render(&page)).into_response())
}

/// Who may see the page: the DX office (everything), or a section's staff
/// (their section's files).
fn reader(session: &StaffSession) -> Option<(bool, Option<String>)> {
    let staff = session.0.staff()?;
    if staff.role == Role::DxAdmin {
        return Some((true, None));
    }
    let section = staff.section_id.clone().filter(|s| !s.is_empty())?;
    Some((false, Some(section)))
}

fn forbidden(chrome: &Chrome) -> PageError {
    PageError::new(
        chrome,
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "このページを見る権限がありません",
            "You may not see this page",
        ),
    )
}

async fn page(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    session: StaffSession,
) -> Result<Response, PageError> {
    let (dx, section) = reader(&session).ok_or_else(|| forbidden(&chrome))?;
    show(&hub, &chrome, dx, section.as_deref(), Outcome::default()).await
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

fn refused(status: StatusCode, errors: Vec<String>) -> Outcome {
    Outcome {
        status: Some(status),
        errors,
        ..Outcome::default()
    }
}

async fn register(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    Posted(posted): Posted,
) -> Result<Response, PageError> {
    let outcome = match posted {
        Err(error) => {
            let error = error.field_error();
            refused(
                StatusCode::BAD_REQUEST,
                vec![chrome.pick(&error.message, &error.message_en).to_string()],
            )
        }
        Ok((pairs, uploads)) => {
            let text = match uploads.into_iter().find(|u| u.field == "mapping") {
                Some(upload) => String::from_utf8(upload.bytes.to_vec()).ok(),
                None => Some(field(&pairs, "mapping_text").to_string()),
            };
            registered(hub.db(), &chrome, text, &actor).await?
        }
    };
    show(&hub, &chrome, true, None, outcome).await
}

async fn registered(
    db: &Db,
    chrome: &Chrome,
    text: Option<String>,
    actor: &str,
) -> Result<Outcome, PageError> {
    let fail = |e: anyhow::Error| PageError::new(chrome, e.into());
    let Some(text) = text else {
        return Ok(refused(
            StatusCode::BAD_REQUEST,
            vec![
                chrome
                    .pick(
                        "定義ファイルは UTF-8 の TOML にしてください",
                        "The mapping file must be TOML in UTF-8",
                    )
                    .to_string(),
            ],
        ));
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() || text.len() > MAX_MAPPING_BYTES {
        return Ok(refused(
            StatusCode::BAD_REQUEST,
            vec![
                chrome
                    .pick(
                        "定義ファイル（256 KB まで）を選んでください",
                        "Choose a mapping file (up to 256 KB)",
                    )
                    .to_string(),
            ],
        ));
    }
    let layout = match Layout::parse(text) {
        Ok(layout) => layout,
        Err(error) => return Ok(refused(StatusCode::BAD_REQUEST, vec![error.to_string()])),
    };
    if catalog::store::procedure(db, layout.procedure())
        .await
        .map_err(fail)?
        .is_none()
    {
        return Ok(refused(
            StatusCode::BAD_REQUEST,
            vec![format!(
                "手続 {} はありません / no procedure {}",
                layout.procedure(),
                layout.procedure()
            )],
        ));
    }
    layout_files::register(db, &layout, text, actor)
        .await
        .map_err(fail)?;
    Ok(Outcome {
        notice: format!(
            "{} {}",
            chrome.pick("登録しました:", "Registered:"),
            layout.name()
        ),
        report: layout.summary(),
        ..Outcome::default()
    })
}

#[derive(Deserialize)]
struct ExportForm {
    #[serde(default)]
    layout: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

async fn the_layout(
    db: &Db,
    chrome: &Chrome,
    id: &str,
) -> Result<Result<Registered, Outcome>, PageError> {
    match layout_files::by_id(db, id).await {
        Ok(Some(layout)) => Ok(Ok(layout)),
        Ok(None) => Ok(Err(refused(
            StatusCode::NOT_FOUND,
            vec![
                chrome
                    .pick("そのレイアウトはありません", "No such layout")
                    .to_string(),
            ],
        ))),
        Err(error) => Err(PageError::new(chrome, error.into())),
    }
}

async fn export_now(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
    form: Result<Form<ExportForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, e.into());
    let Ok(Form(form)) = form else {
        let outcome = refused(StatusCode::BAD_REQUEST, vec!["?".to_string()]);
        return show(&hub, &chrome, true, None, outcome).await;
    };
    let outcome = match the_layout(hub.db(), &chrome, &form.layout).await? {
        Err(outcome) => outcome,
        Ok(layout) => match crate::bulk_export::Period::parse(&form.from, &form.to) {
            Err(errors) => refused(
                StatusCode::BAD_REQUEST,
                errors
                    .iter()
                    .map(|e| chrome.pick(&e.message, &e.message_en).to_string())
                    .collect(),
            ),
            Ok(period) => {
                let made = layout_files::produce(
                    hub.db(),
                    hub.data_dir(),
                    &layout,
                    period.from,
                    period.to,
                    &actor,
                    client,
                )
                .await
                .map_err(fail)?;
                match made {
                    Ok(file) => Outcome {
                        notice: format!(
                            "{} {} / {} bytes / SHA-256 {}",
                            chrome.pick("書き出しました:", "Written:"),
                            file.records,
                            file.size,
                            file.sha256
                        ),
                        ..Outcome::default()
                    },
                    Err(refusal) => Outcome {
                        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                        errors: vec![
                            chrome
                                .pick(
                                    "書き出しませんでした（ファイルは作っていません）",
                                    "Nothing written (no file was made)",
                                )
                                .to_string(),
                        ],
                        report: refusal.to_string(),
                        ..Outcome::default()
                    },
                }
            }
        },
    };
    show(&hub, &chrome, true, None, outcome).await
}

#[derive(Deserialize)]
struct ScheduleForm {
    #[serde(default)]
    layout: String,
    /// 0–23, or empty for no daily run.
    #[serde(default)]
    hour: String,
}

async fn schedule(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    DxOfficeSession { .. }: DxOfficeSession,
    form: Result<Form<ScheduleForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, e.into());
    let Ok(Form(form)) = form else {
        let outcome = refused(StatusCode::BAD_REQUEST, vec!["?".to_string()]);
        return show(&hub, &chrome, true, None, outcome).await;
    };
    let hour = match form.hour.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|h| (0..24).contains(h))
            .map(Some)
            .ok_or(()),
    };
    let outcome = match (the_layout(hub.db(), &chrome, &form.layout).await?, hour) {
        (Err(outcome), _) => outcome,
        (Ok(_), Err(())) => refused(
            StatusCode::BAD_REQUEST,
            vec![
                chrome
                    .pick(
                        "時刻は 0〜23 の数で入力してください",
                        "The hour is a number from 0 to 23",
                    )
                    .to_string(),
            ],
        ),
        (Ok(layout), Ok(hour)) => {
            layout_files::set_schedule(hub.db(), &layout.id, hour)
                .await
                .map_err(fail)?;
            Outcome {
                notice: match hour {
                    Some(h) => format!(
                        "{} {h}:00 JST",
                        chrome.pick("毎日書き出します:", "Exported every day at")
                    ),
                    None => chrome
                        .pick("毎日の書き出しを止めました", "Daily export stopped")
                        .to_string(),
                },
                ..Outcome::default()
            }
        }
    };
    show(&hub, &chrome, true, None, outcome).await
}

async fn results(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    DxOfficeSession { .. }: DxOfficeSession,
    Posted(posted): Posted,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, e.into());
    let (pairs, uploads) = match posted {
        Ok(posted) => posted,
        Err(error) => {
            let error = error.field_error();
            let outcome = refused(
                StatusCode::BAD_REQUEST,
                vec![chrome.pick(&error.message, &error.message_en).to_string()],
            );
            return show(&hub, &chrome, true, None, outcome).await;
        }
    };
    let registered = match the_layout(hub.db(), &chrome, field(&pairs, "layout")).await? {
        Ok(registered) => registered,
        Err(outcome) => return show(&hub, &chrome, true, None, outcome).await,
    };
    let layout = registered.layout().map_err(fail)?;
    let outcome = match (
        layout.import(),
        uploads.into_iter().find(|u| u.field == "file"),
    ) {
        (None, _) => refused(
            StatusCode::BAD_REQUEST,
            vec![
                "レイアウトに [import] がありません / the layout has no [import] table".to_string(),
            ],
        ),
        (_, None) => refused(
            StatusCode::BAD_REQUEST,
            vec![
                chrome
                    .pick("ファイルを選んでください", "Choose a file")
                    .to_string(),
            ],
        ),
        (Some(_), Some(upload)) => match layout.read(&upload.bytes) {
            Err(errors) => Outcome {
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                errors: vec![
                    chrome
                        .pick(
                            "取り込みませんでした（何も反映していません）",
                            "Nothing applied",
                        )
                        .to_string(),
                ],
                report: errors.to_string(),
                ..Outcome::default()
            },
            Ok(rows) => {
                let actor_name = format!("layout:{}", layout.target());
                let (mut applied, mut skipped) = (0usize, 0usize);
                let mut report = String::new();
                for row in &rows {
                    let receipt = row.receipt_number.clone().unwrap_or_default();
                    match crate::layout_io::apply_row(hub.db(), &layout, row, &actor_name)
                        .await
                        .map_err(fail)?
                    {
                        Ok((from, to)) => {
                            applied += 1;
                            report.push_str(&format!(
                                "{} 行目 {receipt}: 反映 / applied: {} → {}\n",
                                row.line,
                                from.label_ja(),
                                to.label_ja()
                            ));
                        }
                        Err(reason) => {
                            skipped += 1;
                            report.push_str(&format!(
                                "{} 行目 {receipt}: 見送り / refused: {reason}\n",
                                row.line
                            ));
                        }
                    }
                }
                Outcome {
                    notice: format!(
                        "反映 {applied} 件、見送り {skipped} 件 / applied {applied}, refused {skipped}"
                    ),
                    report,
                    ..Outcome::default()
                }
            }
        },
    };
    show(&hub, &chrome, true, None, outcome).await
}

#[derive(Deserialize)]
struct DownloadQuery {
    #[serde(default)]
    file: String,
}

async fn download(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    session: StaffSession,
    query: Result<Query<DownloadQuery>, QueryRejection>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, e.into());
    let (dx, section) = reader(&session).ok_or_else(|| forbidden(&chrome))?;
    let id = query.map(|Query(q)| q.file).unwrap_or_default();
    let not_found = || PageError::new(&chrome, ApiError::not_found_page());
    let db = hub.db();
    let file = layout_files::file(db, &id)
        .await
        .map_err(fail)?
        .filter(|f| dx || (section.is_some() && f.section_id == section))
        .ok_or_else(not_found)?;
    let actor = session
        .0
        .staff()
        .map(|s| s.actor())
        .unwrap_or_else(|| "staff:?".to_string());
    kernel::access::record(
        db,
        kernel::access::Access {
            actor: &actor,
            action: "layout_file.downloaded",
            target_type: "layout_file",
            target_id: &file.id,
            client,
        },
    )
    .await
    .map_err(fail)?;
    let bytes = layout_files::read(db, hub.data_dir(), &file).map_err(fail)?;
    let layout = layout_files::by_id(db, &file.layout_id)
        .await
        .map_err(fail)?;
    Ok(kernel::web::attachment(
        "application/octet-stream",
        &file.download_name(layout.as_ref()),
        bytes,
    ))
}
