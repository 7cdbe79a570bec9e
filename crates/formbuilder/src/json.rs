//! The JSON editor for power users (`/staff/forms/{id}/json`): a form
//! definition edited as JSON text or imported from a file, checked with
//! every problem named by its JSON path (Japanese and English), shown in a
//! preview (live while typing, or by a button without JavaScript), and saved
//! as the procedure's draft — published, like any draft, only after review.
//! Also the published version's JSON export and each procedure's workflow
//! settings. DX office administrators only; every change is audited.

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use forms::FormDefinition;
use identity::DxOfficeSession;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use workflow::{DecisionBy, WorkflowConfig};

use applications::attachments::Posted;
use applications::{form_store, workflow_store};

use crate::FormBuilder as Applications;
use crate::store;

/// The largest definition accepted (text or file).
const MAX_DEFINITION_BYTES: usize = 512 * 1024;

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/static/form-editor.js", get(editor_script))
        .route("/staff/forms/{id}/json", get(editor).post(publish))
        .route("/staff/forms/{id}/json/preview", post(preview))
        .route("/staff/forms/{id}/export", get(export))
        .route("/staff/forms/{id}/workflow", post(save_workflow))
}

#[derive(Template)]
#[template(path = "form_json.html")]
struct EditorPage {
    chrome: Chrome,
    procedure_id: String,
    procedure_name: String,
    current_version: i64,
    definition: String,
    errors: Vec<String>,
    preview: String,
    notice: Option<String>,
    versions: Vec<(i64, String, String)>,
}

/// A definition to start from for a procedure without a form.
fn starter(procedure_id: &str, name: &str) -> String {
    let starter = json!({
        "procedure_id": procedure_id,
        "title": {"ja": name, "en": ""},
        "sections": [{
            "id": "applicant",
            "title": {"ja": "申請者", "en": "Applicant"},
            "fields": [
                {"id": "applicant_name", "type": "name_with_furigana", "label": {"ja": "氏名", "en": "Name"}, "required": true},
                {"id": "email", "type": "email", "label": {"ja": "メールアドレス", "en": "E-mail address"}, "required": true}
            ]
        }]
    });
    serde_json::to_string_pretty(&starter).unwrap_or_default()
}

/// The form as residents will see it, or nothing when it does not check.
fn preview_html(definition: &FormDefinition, chrome: &Chrome) -> String {
    forms::html::render(
        definition,
        &Value::Object(Map::new()),
        &[],
        &Map::new(),
        chrome,
    )
}

fn check(text: &str, procedure_id: &str) -> Result<FormDefinition, Vec<String>> {
    let definition = FormDefinition::from_json(text)
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    if definition.procedure_id != procedure_id {
        return Err(vec![format!(
            "procedure_id: {:?} ではなく {procedure_id:?} にしてください / must be {procedure_id:?}",
            definition.procedure_id
        )]);
    }
    Ok(definition)
}

async fn page(
    apps: &Applications,
    chrome: &Chrome,
    procedure_id: &str,
    text: Option<String>,
) -> Result<EditorPage, ApiError> {
    let procedure = catalog::store::procedure(apps.db(), procedure_id)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(
                format!("手続「{procedure_id}」はありません。"),
                format!("There is no procedure {procedure_id:?}."),
            )
        })?;
    let current = form_store::current(apps.db(), procedure_id).await?;
    let versions = form_store::versions(apps.db(), procedure_id).await?;
    let draft = store::get(apps.db(), procedure_id).await?;
    let definition = match (text, &current) {
        (Some(text), _) => text,
        (None, _) if draft.is_some() => {
            let shown = draft.map(|d| d.definition);
            serde_json::to_string_pretty(&shown).map_err(ApiError::internal)?
        }
        (None, Some(current)) => {
            // The stored version number is assigned on publishing.
            let mut shown = serde_json::to_value(current).map_err(ApiError::internal)?;
            if let Some(object) = shown.as_object_mut() {
                object.remove("version");
            }
            serde_json::to_string_pretty(&shown).map_err(ApiError::internal)?
        }
        (None, None) => starter(procedure_id, &procedure.name),
    };
    let (errors, preview) = match check(&definition, procedure_id) {
        Ok(checked) => (Vec::new(), preview_html(&checked, chrome)),
        Err(errors) => (errors, String::new()),
    };
    Ok(EditorPage {
        chrome: chrome.clone().titled(format!(
            "{} — {}",
            chrome.pick("申請書の編集", "Edit form"),
            procedure.name
        )),
        procedure_id: procedure_id.to_string(),
        procedure_name: procedure.name,
        current_version: current.map(|c| c.version).unwrap_or(0),
        definition,
        errors,
        preview,
        notice: None,
        versions,
    })
}

async fn editor(
    State(apps): State<Applications>,
    chrome: Chrome,
    _: DxOfficeSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let mut editor = page(&apps, &chrome, &id, None).await.map_err(fail)?;
    if editor.current_version == 0 {
        // A starter is shown without complaint until it is edited.
        editor.errors.clear();
    }
    Ok(render(&editor))
}

async fn publish(
    State(apps): State<Applications>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    Path(id): Path<String>,
    Posted(posted): Posted,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let (pairs, uploads) = posted.map_err(|e| {
        let error = e.field_error();
        fail(ApiError::new(
            StatusCode::BAD_REQUEST,
            "unreadable",
            error.message,
            error.message_en,
        ))
    })?;
    // An imported file replaces the text in the box.
    let text = match uploads.into_iter().find(|u| u.field == "file") {
        Some(upload) => String::from_utf8(upload.bytes.to_vec()).unwrap_or_default(),
        None => kernel::web::posted(&pairs, "definition")
            .unwrap_or_default()
            .to_string(),
    };
    let text = text.trim_start_matches('\u{feff}').to_string();
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(fail(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "定義が大きすぎます（512 KB まで）。",
            "The definition is too large (up to 512 KB).",
        )));
    }
    let publishing = kernel::web::posted(&pairs, "step").unwrap_or_default() == "save";
    let checked = check(&text, &id);
    let mut editor = page(&apps, &chrome, &id, Some(text)).await.map_err(fail)?;
    match (checked, publishing) {
        (Err(_), _) => Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&editor)).into_response()),
        (Ok(_), false) => {
            editor.notice = Some(
                chrome
                    .pick(
                        "誤りはありません。プレビューを確認して下書きに保存してください。",
                        "No problems found. Check the preview, then save it as the draft.",
                    )
                    .to_string(),
            );
            Ok(render(&editor))
        }
        (Ok(definition), true) => {
            let saved = store::start(
                apps.db(),
                &definition,
                editor.current_version,
                "json",
                &actor,
                true,
            )
            .await
            .map_err(|e| fail(e.into()))?;
            if saved.is_err() {
                editor.errors = vec![
                    chrome
                        .pick(
                            "この申請書は審査中のため、書き換えられません。審査依頼を取り下げてから保存してください。",
                            "This form is in review and cannot be replaced; withdraw the review request first.",
                        )
                        .to_string(),
                ];
                return Ok((StatusCode::CONFLICT, render(&editor)).into_response());
            }
            tracing::info!(procedure = %id, actor = %actor, "form draft saved from JSON");
            Ok(Redirect::to(&format!("/staff/forms/{id}?saved=json")).into_response())
        }
    }
}

/// The preview (or the problems) as an HTML fragment, for the live preview.
async fn preview(
    chrome: Chrome,
    _: DxOfficeSession,
    Path(id): Path<String>,
    posted: Result<axum::Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let pairs = posted.map(|axum::Form(p)| p).unwrap_or_default();
    let html = match check(
        kernel::web::posted(&pairs, "definition").unwrap_or_default(),
        &id,
    ) {
        Ok(definition) => preview_html(&definition, &chrome),
        Err(errors) => {
            let items: String = errors
                .iter()
                .map(|e| format!("<li>{}</li>", forms::html::escape(e)))
                .collect();
            format!("<div class=\"error-summary\"><ul>{items}</ul></div>")
        }
    };
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    /// One published version; the current one without it.
    #[serde(default)]
    version: Option<i64>,
}

async fn export(
    State(apps): State<Applications>,
    chrome: Chrome,
    _: DxOfficeSession,
    Path(id): Path<String>,
    query: Result<axum::extract::Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let wanted = query.map(|q| q.0.version).unwrap_or_default();
    let found = match wanted {
        Some(version) => form_store::version(apps.db(), &id, version).await,
        None => form_store::current(apps.db(), &id).await,
    };
    let current = found.map_err(|e| fail(e.into()))?.ok_or_else(|| {
        fail(ApiError::not_found(
            "この手続には申請書がありません。",
            "This procedure has no form.",
        ))
    })?;
    let text = serde_json::to_string_pretty(&current).map_err(|e| fail(ApiError::internal(e)))?;
    Ok(kernel::web::attachment(
        "application/json; charset=utf-8",
        &format!("{id}.v{}.form.json", current.version),
        text,
    ))
}

#[derive(Deserialize, Default)]
struct WorkflowForm {
    #[serde(default)]
    corrections: String,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    withdrawal: String,
    #[serde(default)]
    decision_by: String,
}

async fn save_workflow(
    State(apps): State<Applications>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    Path(id): Path<String>,
    posted: Result<axum::Form<WorkflowForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let form = posted.map(|axum::Form(f)| f).unwrap_or_default();
    if catalog::store::procedure(apps.db(), &id)
        .await
        .map_err(|e| fail(e.into()))?
        .is_none()
    {
        return Err(fail(ApiError::not_found(
            format!("手続「{id}」はありません。"),
            format!("There is no procedure {id:?}."),
        )));
    }
    let config = WorkflowConfig {
        corrections: !form.corrections.is_empty(),
        notice: !form.notice.is_empty(),
        withdrawal: !form.withdrawal.is_empty(),
        decision_by: if form.decision_by == "clerk" {
            DecisionBy::Clerk
        } else {
            DecisionBy::Manager
        },
    };
    workflow_store::save(apps.db(), &id, &config, &actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&format!("/staff/forms/{id}")).into_response())
}

/// The editor's live preview, as a file: pages run no inline script.
async fn editor_script() -> Response {
    kernel::web::script(include_str!("../static/form-editor.js"))
}
