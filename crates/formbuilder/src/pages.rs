//! The builder's pages: the list of forms with a search by procedure name,
//! a procedure's form (start from a template or the published version,
//! then build it question by question with a phone-sized preview beside),
//! the review (differences from the published version, question by
//! question; publish or send back), every published version readable, and
//! the template library (export and import). Server-rendered; every button
//! works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use forms::definition::Field;
use forms::template::Template as FormTemplate;
use forms::{FieldKind, FormDefinition, Localized};
use identity::{DxOfficeSession, StaffSession};
use kernel::ApiError;
use kernel::web::{Chrome, PageError, posted, render};
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::Row;

use crate::FormBuilder;
use crate::diff::{self, Row as DiffRow};
use crate::ops::{self, At, Op, Problem, QuestionEdit};
use crate::review::{self, Reviewer};
use crate::store::{self, Draft, Stale, State as DraftState};

/// The largest template file accepted.
const MAX_TEMPLATE_BYTES: usize = 512 * 1024;

pub fn routes() -> Router<FormBuilder> {
    Router::new()
        .route("/static/form-builder.js", get(builder_script))
        .route("/staff/forms", get(list))
        .route("/staff/forms/{id}", get(form_page))
        .route("/staff/forms/{id}/start", post(start))
        .route("/staff/forms/{id}/build", post(build))
        .route("/staff/forms/{id}/submit", post(submit))
        .route("/staff/forms/{id}/withdraw", post(withdraw))
        .route("/staff/forms/{id}/discard", post(discard))
        .route("/staff/forms/{id}/review", get(review_page).post(decide))
        .route("/staff/forms/{id}/versions/{version}", get(version_page))
        .route(
            "/staff/forms/{id}/versions/{version}/template",
            get(version_as_template),
        )
        .route("/staff/form-templates", get(templates_page))
        .route("/staff/form-templates/import", post(import_template))
        .route("/staff/form-templates/{id}", get(export_template))
}

fn fail(chrome: &Chrome) -> impl Fn(ApiError) -> PageError + '_ {
    move |e| PageError::new(chrome, e)
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, ApiError::from(e))
}

async fn procedure_of(
    builder: &FormBuilder,
    id: &str,
) -> Result<catalog::model::Procedure, ApiError> {
    catalog::store::procedure(builder.db(), id)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(
                format!("手続「{id}」はありません。"),
                format!("There is no procedure {id:?}."),
            )
        })
}

/// The form as residents will see it.
fn preview_html(definition: &FormDefinition, chrome: &Chrome) -> String {
    forms::html::render(
        definition,
        &Value::Object(Map::new()),
        &[],
        &Map::new(),
        chrome,
    )
}

// ---------------------------------------------------------------- the list

#[derive(Template)]
#[template(path = "forms_list.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    found: Vec<(String, String, String)>,
    in_review: Vec<(String, String, String, String)>,
    drafts: Vec<(String, String, String, String)>,
    published: Vec<(String, String, i64, String)>,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
}

async fn list(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    _: DxOfficeSession,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let chrome = chrome.clone().titled(chrome.pick("申請書の管理", "Forms"));
    let q: String = query
        .map(|Query(q)| q.q)
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect();
    let db = builder.db();
    let mut found = Vec::new();
    if !q.is_empty() {
        // Staff search by the name they know, with the residents' search
        // (folded: 印鑑 finds 印鑑登録証明書, kana in either script); an
        // exact id is found too.
        if let Some(p) = catalog::store::procedure(db, &q)
            .await
            .map_err(internal(&chrome))?
        {
            found.push((p.id, p.name, String::new()));
        }
        let index = builder.catalog().index().await.map_err(internal(&chrome))?;
        let results = index.search(&catalog::search::SearchQuery {
            q: q.clone(),
            page: 1,
            per_page: 50,
            ..Default::default()
        });
        for item in results.items {
            if !found.iter().any(|(id, _, _)| *id == item.id) {
                found.push((
                    item.id.clone(),
                    item.name.clone(),
                    item.section_name.clone().unwrap_or_default(),
                ));
            }
        }
    }
    let mut in_review = Vec::new();
    let mut drafts = Vec::new();
    for (id, name, state, at, by) in store::all(db).await.map_err(internal(&chrome))? {
        let row = (id, name, chrome.time(&at), by);
        match state {
            DraftState::Review => in_review.push(row),
            DraftState::Draft => drafts.push(row),
        }
    }
    let rows = sqlx::query(
        "SELECT f.procedure_id, p.name, CAST(MAX(f.version) AS BIGINT) AS version, MAX(f.created_at) AS updated \
         FROM form_definitions f JOIN procedures p ON p.id = f.procedure_id \
         GROUP BY f.procedure_id, p.name ORDER BY p.name",
    )
    .fetch_all(db.pool())
    .await
    .map_err(|e| internal(&chrome)(e.into()))?;
    let published = rows
        .iter()
        .map(|row| -> anyhow::Result<_> {
            Ok((
                row.try_get("procedure_id")?,
                row.try_get("name")?,
                row.try_get("version")?,
                chrome.time(&row.try_get::<String, _>("updated")?),
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(internal(&chrome))?;
    Ok(render(&ListPage {
        chrome,
        q,
        found,
        in_review,
        drafts,
        published,
    }))
}

// ------------------------------------------------------- a procedure's form

/// One question as the builder lists it.
struct QuestionView {
    /// Its place in its list (the section, or the group).
    index: usize,
    code: String,
    anchor: String,
    label: String,
    kind_label: &'static str,
    required: bool,
    condition: String,
    is_group: bool,
    first: bool,
    last: bool,
    children: Vec<QuestionView>,
    editing: Option<EditView>,
}

/// The edit form of one question, filled in.
struct EditView {
    code: String,
    label: Localized,
    help: Localized,
    required: bool,
    kind: &'static str,
    options: String,
    min: String,
    max: String,
    integer: bool,
    pattern: String,
    date_min: String,
    date_max: String,
    accept: Vec<(String, bool)>,
    max_mb: String,
    sources: Vec<ops::ConditionSource>,
    condition_field: String,
    condition_values: Vec<String>,
}

impl EditView {
    fn label_in(&self, lang: &str) -> &str {
        self.label.more.get(lang).map(String::as_str).unwrap_or("")
    }
}

struct SectionView {
    index: usize,
    title: Localized,
    help: Localized,
    first: bool,
    last: bool,
    questions: Vec<QuestionView>,
}

struct TemplateChoice {
    id: String,
    title: String,
    group: String,
    summary: String,
    questions: usize,
    suggested: bool,
}

#[derive(Template)]
#[template(path = "form_builder.html")]
struct FormPage {
    chrome: Chrome,
    procedure_id: String,
    procedure_name: String,
    current_version: i64,
    versions: Vec<applications::form_store::VersionInfo>,
    draft: Option<DraftView>,
    templates: Vec<TemplateChoice>,
    problems: Vec<ProblemView>,
    notice: Vec<String>,
    kinds: Vec<(&'static str, &'static str)>,
    may_review: bool,
    languages: Vec<(&'static str, &'static str)>,
    workflow: workflow::WorkflowConfig,
    clerk_decides: bool,
}

struct DraftView {
    revision: i64,
    in_review: bool,
    origin: String,
    updated: String,
    updated_by: String,
    note: String,
    returned_note: String,
    title: Localized,
    description: Localized,
    sections: Vec<SectionView>,
    preview: String,
    changes: usize,
}

struct ProblemView {
    href: String,
    text: String,
}

/// Further languages a label can have, beyond Japanese and English.
const MORE_LANGUAGES: [(&str, &str); 6] = [
    ("ja-x-easy", "やさしい日本語 / Easy Japanese"),
    ("zh-Hans", "中文 / Chinese"),
    ("ko", "한국어 / Korean"),
    ("pt-BR", "Português / Portuguese"),
    ("vi", "Tiếng Việt / Vietnamese"),
    ("tl", "Tagalog"),
];

fn condition_text(definition: &FormDefinition, field: &Field) -> String {
    let Some(condition) = &field.visible_when else {
        return String::new();
    };
    let source = definition
        .all_fields()
        .into_iter()
        .find(|(_, f)| f.id == condition.field)
        .map(|(_, f)| f);
    let label = source
        .map(|f| f.label.ja.clone())
        .unwrap_or_else(|| condition.field.clone());
    let mut values: Vec<String> = condition.equals.iter().cloned().collect();
    values.extend(condition.one_of.iter().cloned());
    let shown: Vec<String> = values
        .iter()
        .map(|v| match source.map(|f| &f.kind) {
            Some(
                FieldKind::Select { options }
                | FieldKind::Radio { options }
                | FieldKind::Checkbox { options },
            ) => options
                .iter()
                .find(|o| &o.value == v)
                .map(|o| o.label.ja.clone())
                .unwrap_or_else(|| {
                    if v == "true" {
                        "チェックあり".into()
                    } else {
                        v.clone()
                    }
                }),
            _ => v.clone(),
        })
        .collect();
    format!("「{label}」が {}", shown.join("・"))
}

fn edit_view(definition: &FormDefinition, at: &At, field: &Field) -> EditView {
    let mut view = EditView {
        code: at.code(),
        label: field.label.clone(),
        help: field.help.clone().unwrap_or_default(),
        required: field.required,
        kind: ops::kind_code(&field.kind),
        options: String::new(),
        min: String::new(),
        max: String::new(),
        integer: false,
        pattern: String::new(),
        date_min: String::new(),
        date_max: String::new(),
        accept: Vec::new(),
        max_mb: String::new(),
        sources: ops::condition_sources(definition, at),
        condition_field: field
            .visible_when
            .as_ref()
            .map(|c| c.field.clone())
            .unwrap_or_default(),
        condition_values: field
            .visible_when
            .as_ref()
            .map(|c| c.equals.iter().cloned().chain(c.one_of.clone()).collect())
            .unwrap_or_default(),
    };
    let num = |v: &Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    match &field.kind {
        FieldKind::Select { options }
        | FieldKind::Radio { options }
        | FieldKind::Checkbox { options } => {
            view.options = options
                .iter()
                .map(|o| {
                    if o.label.en.is_empty() {
                        o.label.ja.clone()
                    } else {
                        format!("{} | {}", o.label.ja, o.label.en)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        FieldKind::Number { min, max, integer } => {
            view.min = num(min);
            view.max = num(max);
            view.integer = *integer;
        }
        FieldKind::Text {
            max_length,
            pattern,
            ..
        } => {
            view.max = max_length.map(|m| m.to_string()).unwrap_or_default();
            view.pattern = pattern.clone().unwrap_or_default();
        }
        FieldKind::LongText { max_length } => {
            view.max = max_length.map(|m| m.to_string()).unwrap_or_default();
        }
        FieldKind::Date { min, max } => {
            view.date_min = min.clone().unwrap_or_default();
            view.date_max = max.clone().unwrap_or_default();
        }
        FieldKind::File { accept, max_bytes } => {
            view.accept = forms::definition::KNOWN_CONTENT_TYPES
                .iter()
                .map(|t| (t.to_string(), accept.iter().any(|a| a == t)))
                .collect();
            view.max_mb = (max_bytes / (1024 * 1024)).to_string();
        }
        FieldKind::Group { min, max, .. } => {
            view.min = min.to_string();
            view.max = max.to_string();
        }
        _ => {}
    }
    view
}

fn question_view(
    definition: &FormDefinition,
    at: At,
    field: &Field,
    count: usize,
    editing: Option<At>,
) -> QuestionView {
    let index = at.child.unwrap_or(at.field);
    let kind = ops::kind_code(&field.kind);
    let children = match &field.kind {
        FieldKind::Group { fields, .. } => fields
            .iter()
            .enumerate()
            .map(|(c, inner)| {
                question_view(
                    definition,
                    At {
                        child: Some(c),
                        ..at
                    },
                    inner,
                    fields.len(),
                    editing,
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    QuestionView {
        index,
        code: at.code(),
        anchor: at.anchor(),
        label: field.label.ja.clone(),
        kind_label: ops::kind_label(kind, false),
        required: field.required,
        condition: condition_text(definition, field),
        is_group: matches!(field.kind, FieldKind::Group { .. }),
        first: index == 0,
        last: index + 1 == count,
        children,
        editing: (editing == Some(at)).then(|| edit_view(definition, &at, field)),
    }
}

fn draft_view(
    draft: &Draft,
    current: Option<&FormDefinition>,
    editing: Option<At>,
    chrome: &Chrome,
) -> DraftView {
    let definition = &draft.definition;
    let count = definition.sections.len();
    DraftView {
        revision: draft.revision,
        in_review: draft.state == DraftState::Review,
        origin: draft.origin.clone(),
        updated: chrome.time(&draft.updated_at),
        updated_by: draft.updated_by.clone(),
        note: draft.note.clone(),
        returned_note: draft.returned_note.clone(),
        title: definition.title.clone(),
        description: definition.description.clone().unwrap_or_default(),
        sections: definition
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| SectionView {
                index: s,
                title: section.title.clone(),
                help: section.help.clone().unwrap_or_default(),
                first: s == 0,
                last: s + 1 == count,
                questions: section
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(f, field)| {
                        question_view(
                            definition,
                            At {
                                section: s,
                                field: f,
                                child: None,
                            },
                            field,
                            section.fields.len(),
                            editing,
                        )
                    })
                    .collect(),
            })
            .collect(),
        preview: preview_html(definition, chrome),
        changes: diff::diff(current, definition).len(),
    }
}

/// The city's imported templates first, then the library's, the three
/// best suggestions for the procedure's name at the top.
fn template_choices(procedure_name: &str, own: &[FormTemplate]) -> Vec<TemplateChoice> {
    let suggested: Vec<&str> = forms::template::suggest(procedure_name)
        .iter()
        .take(3)
        .map(|t| t.id.as_str())
        .collect();
    let library = forms::template::library()
        .iter()
        .filter(|t| !own.iter().any(|o| o.id == t.id));
    let mut out: Vec<TemplateChoice> = own
        .iter()
        .chain(library)
        .map(|t| TemplateChoice {
            id: t.id.clone(),
            title: t.title.ja.clone(),
            group: t.group.clone(),
            summary: t.summary.ja.clone(),
            questions: t.form.all_fields().len(),
            suggested: suggested.contains(&t.id.as_str()),
        })
        .collect();
    // Stable: among the rest, imported first, then the library's order.
    out.sort_by_key(|t| {
        suggested
            .iter()
            .position(|s| *s == t.id)
            .unwrap_or(usize::MAX)
    });
    out
}

fn may_review(builder: &FormBuilder, session: &identity::SignedIn, owning: Option<&str>) -> bool {
    let Some(staff) = session.staff() else {
        return false;
    };
    review::may_publish(
        builder.reviewers(),
        Reviewer {
            staff_id: &staff.id,
            role: staff.role,
            section_id: staff.section_id.as_deref(),
        },
        None,
        owning,
    )
    .is_ok()
}

#[derive(Deserialize, Default)]
struct FormQuery {
    #[serde(default)]
    edit: Option<String>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    published: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

async fn form_page_for(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    id: &str,
    editing: Option<At>,
    draft_override: Option<Draft>,
) -> Result<FormPage, ApiError> {
    let procedure = procedure_of(builder, id).await?;
    let db = builder.db();
    let current = applications::form_store::current(db, id).await?;
    let versions = applications::form_store::version_list(db, id).await?;
    let workflow = applications::workflow_store::config(db, id).await?;
    let draft = match draft_override {
        Some(d) => Some(d),
        None => store::get(db, id).await?,
    };
    Ok(FormPage {
        chrome: chrome.clone().titled(format!(
            "{} — {}",
            chrome.pick("申請書の作成", "Build the form"),
            procedure.name
        )),
        procedure_id: id.to_string(),
        current_version: current.as_ref().map(|c| c.version).unwrap_or(0),
        versions,
        draft: draft
            .as_ref()
            .map(|d| draft_view(d, current.as_ref(), editing, chrome)),
        templates: if draft.is_none() {
            template_choices(&procedure.name, &imported(builder).await?)
        } else {
            Vec::new()
        },
        procedure_name: procedure.name,
        problems: Vec::new(),
        notice: Vec::new(),
        kinds: ops::KINDS
            .iter()
            .map(|(c, ja, en)| (*c, if chrome.is_en() { *en } else { *ja }))
            .collect(),
        may_review: may_review(builder, session, procedure.section_id.as_deref()),
        languages: MORE_LANGUAGES.to_vec(),
        clerk_decides: workflow.decision_by == workflow::DecisionBy::Clerk,
        workflow,
    })
}

async fn form_page(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    DxOfficeSession { session, .. }: DxOfficeSession,
    Path(id): Path<String>,
    query: Result<Query<FormQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let editing = query.edit.as_deref().and_then(At::parse);
    let mut page = form_page_for(&builder, &chrome, &session, &id, editing, None)
        .await
        .map_err(fail(&chrome))?;
    if query.saved.as_deref() == Some("json") {
        page.notice.push(
            chrome
                .pick(
                    "JSON から下書きに保存しました。審査を経て公開されます。",
                    "Saved from JSON as the draft; it is published after review.",
                )
                .into(),
        );
    }
    if let Some(version) = query.published {
        page.notice.push(if chrome.is_en() {
            format!("Published as version {version}. New applications use it within seconds.")
        } else {
            format!("第{version}版として公開しました。新しい申請には数秒以内に使われます。")
        });
    }
    match query.done.as_deref() {
        Some("submitted") => page.notice.push(
            chrome
                .pick(
                    "審査を依頼しました。別の職員が確認して公開します。",
                    "Submitted for review; a second person checks and publishes it.",
                )
                .into(),
        ),
        Some("returned") => page.notice.push(
            chrome
                .pick(
                    "下書きを審査から戻しました。",
                    "The draft is back in editing.",
                )
                .into(),
        ),
        _ => {}
    }
    Ok(render(&page))
}

/// The builder page again with why a step could not be taken (409).
async fn conflict(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    id: &str,
    stale: Stale,
) -> Result<Response, PageError> {
    let problems = vec![stale_problem(stale)];
    with_problems(
        builder,
        chrome,
        session,
        id,
        StatusCode::CONFLICT,
        problems,
        None,
        None,
    )
    .await
}

fn stale_problem(stale: Stale) -> Problem {
    let (ja, en) = stale_text(stale);
    Problem {
        at: None,
        ja: ja.into(),
        en: en.into(),
    }
}

fn stale_message(chrome: &Chrome, stale: Stale) -> String {
    let (ja, en) = stale_text(stale);
    chrome.pick(ja, en).to_string()
}

fn stale_text(stale: Stale) -> (&'static str, &'static str) {
    (
        match stale {
            Stale::Changed => {
                "ほかの人がこの下書きを変更しました。最新の内容を表示しています。もう一度操作してください。"
            }
            Stale::WrongState => {
                "この下書きは審査中（または審査が終わった後）のため、この操作はできません。"
            }
            Stale::Gone => "この下書きはもうありません（公開または破棄されました）。",
        },
        match stale {
            Stale::Changed => {
                "Someone else changed this draft; the latest is shown. Please try again."
            }
            Stale::WrongState => {
                "This draft is in review (or no longer), so this step cannot be taken."
            }
            Stale::Gone => "This draft no longer exists (published or discarded).",
        },
    )
}

/// Sends the builder page back with problems (422) or a conflict (409).
#[allow(clippy::too_many_arguments)] // one page, shown in several states
async fn with_problems(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    id: &str,
    status: StatusCode,
    problems: Vec<Problem>,
    editing: Option<At>,
    draft_override: Option<Draft>,
) -> Result<Response, PageError> {
    let mut page = form_page_for(builder, chrome, session, id, editing, draft_override)
        .await
        .map_err(fail(chrome))?;
    page.problems = problems
        .into_iter()
        .map(|p| ProblemView {
            href: p
                .at
                .map(|a| format!("#{}", a.anchor()))
                .unwrap_or_else(|| "#builder".into()),
            text: format!("{}（{}）", p.ja, p.en),
        })
        .collect();
    Ok((status, render(&page)).into_response())
}

#[derive(Deserialize, Default)]
struct StartForm {
    #[serde(default)]
    origin: String,
    #[serde(default)]
    replace: String,
}

async fn start(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    DxOfficeSession { session, actor }: DxOfficeSession,
    Path(id): Path<String>,
    posted: Result<axum::Form<StartForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = posted.map(|axum::Form(f)| f).unwrap_or_default();
    let procedure = procedure_of(&builder, &id).await.map_err(fail(&chrome))?;
    let current = applications::form_store::current(builder.db(), &id)
        .await
        .map_err(internal(&chrome))?;
    let base = current.as_ref().map(|c| c.version).unwrap_or(0);
    let title = Localized {
        ja: procedure.name.clone(),
        en: procedure.name_en.clone(),
        ..Localized::default()
    };
    let definition = match form.origin.as_str() {
        "current" => current.map(|mut c| {
            c.version = 0;
            c
        }),
        "blank" => forms::template::find("hanyo-shinsei")
            .or_else(|| forms::template::library().first())
            .map(|t| t.form_for(&id, Some(&title))),
        origin => match origin.strip_prefix("template:") {
            Some(wanted) => imported(&builder)
                .await
                .map_err(internal(&chrome))?
                .into_iter()
                .find(|t| t.id == wanted)
                .or_else(|| forms::template::find(wanted).cloned())
                .map(|t| t.form_for(&id, Some(&title))),
            None => None,
        },
    };
    let Some(mut definition) = definition else {
        return with_problems(
            &builder,
            &chrome,
            &session,
            &id,
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![Problem {
                at: None,
                ja: "始め方（テンプレートまたは公開中の版）を選んでください".into(),
                en: "Choose how to start (a template or the published version)".into(),
            }],
            None,
            None,
        )
        .await;
    };
    definition.procedure_id = id.clone();
    let origin = if form.origin == "current" {
        format!("version:{base}")
    } else {
        form.origin.clone()
    };
    match store::start(
        builder.db(),
        &definition,
        base,
        &origin,
        &actor,
        !form.replace.is_empty(),
    )
    .await
    .map_err(internal(&chrome))?
    {
        Ok(()) => Ok(Redirect::to(&format!("/staff/forms/{id}#builder")).into_response()),
        Err(stale) => {
            with_problems(
                &builder,
                &chrome,
                &session,
                &id,
                StatusCode::CONFLICT,
                vec![Problem {
                    at: None,
                    ja: match stale {
                        Stale::WrongState => "審査中の下書きがあるため、始め直せません。".into(),
                        _ => "この手続には編集中の下書きがあります。".into(),
                    },
                    en: match stale {
                        Stale::WrongState => "A draft is in review; it cannot be restarted.".into(),
                        _ => "This procedure already has a draft being edited.".into(),
                    },
                }],
                None,
                None,
            )
            .await
        }
    }
}

fn localized_from(pairs: &[(String, String)], stem: &str) -> Localized {
    let get = |suffix: &str| {
        posted(pairs, &format!("{stem}_{suffix}"))
            .unwrap_or_default()
            .trim()
            .chars()
            .take(2000)
            .collect::<String>()
    };
    let mut out = Localized {
        ja: get("ja"),
        en: get("en"),
        ..Localized::default()
    };
    for (lang, _) in MORE_LANGUAGES {
        let text = get(lang);
        if !text.is_empty() {
            out.more.insert(lang.to_string(), text);
        }
    }
    out
}

fn number(pairs: &[(String, String)], name: &str) -> Result<Option<f64>, Problem> {
    let text = posted(pairs, name).unwrap_or_default().trim();
    if text.is_empty() {
        return Ok(None);
    }
    kernel::text::fold(text)
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && n.abs() < 1e12)
        .map(Some)
        .ok_or_else(|| Problem {
            at: None,
            ja: format!("「{text}」は数として読めません"),
            en: format!("{text:?} is not a number"),
        })
}

/// The operation a builder button posted.
fn op_of(pairs: &[(String, String)]) -> Result<Op, Vec<Problem>> {
    let at = || {
        posted(pairs, "at").and_then(At::parse).ok_or_else(|| {
            vec![Problem {
                at: None,
                ja: "どの質問かが分かりません".into(),
                en: "Which question is missing".into(),
            }]
        })
    };
    let index = |name: &str| -> usize {
        posted(pairs, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(usize::MAX)
    };
    let up = posted(pairs, "direction") == Some("up");
    Ok(match posted(pairs, "op").unwrap_or_default() {
        "title" => Op::SetTitle {
            title: localized_from(pairs, "title"),
            description: Some(localized_from(pairs, "description")),
        },
        "add_section" => Op::AddSection,
        "edit_section" => Op::EditSection {
            section: index("section"),
            title: localized_from(pairs, "section_title"),
            help: Some(localized_from(pairs, "section_help")),
        },
        "move_section" => Op::MoveSection {
            section: index("section"),
            up,
        },
        "delete_section" => Op::DeleteSection {
            section: index("section"),
        },
        "add" => Op::Add {
            section: index("section"),
            group: posted(pairs, "group").and_then(|g| g.parse().ok()),
            kind: posted(pairs, "kind").unwrap_or_default().to_string(),
        },
        "move" => Op::Move { at: at()?, up },
        "move_to" => Op::MoveTo {
            at: at()?,
            to: index("to"),
        },
        "move_to_section" => Op::MoveToSection {
            at: at()?,
            section: index("section"),
        },
        "duplicate" => Op::Duplicate { at: at()? },
        "delete" => Op::Delete { at: at()? },
        "edit" => {
            let at = at()?;
            let mut problems = Vec::new();
            let mut num = |name: &str| match number(pairs, name) {
                Ok(n) => n,
                Err(mut p) => {
                    p.at = Some(at);
                    problems.push(p);
                    None
                }
            };
            let (min, max) = (num("min"), num("max"));
            let max_mb = num("max_mb");
            let options = posted(pairs, "options").map(|text| {
                text.lines()
                    .take(201)
                    .map(|line| match line.split_once('|') {
                        Some((ja, en)) => (ja.trim().to_string(), en.trim().to_string()),
                        None => (line.trim().to_string(), String::new()),
                    })
                    .collect()
            });
            let accept: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| k == "accept")
                .map(|(_, v)| v.clone())
                .filter(|v| forms::definition::KNOWN_CONTENT_TYPES.contains(&v.as_str()))
                .collect();
            let condition_field = posted(pairs, "condition_field").unwrap_or_default();
            let values_name = format!("condition_value_{condition_field}");
            let condition_values: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| *k == values_name)
                .map(|(_, v)| v.clone())
                .take(200)
                .collect();
            if !problems.is_empty() {
                return Err(problems);
            }
            let help = localized_from(pairs, "help");
            Op::Edit {
                at,
                edit: Box::new(QuestionEdit {
                    label: localized_from(pairs, "label"),
                    help: Some(help),
                    required: posted(pairs, "required").is_some(),
                    options,
                    min,
                    max,
                    integer: Some(posted(pairs, "integer").is_some()),
                    pattern: posted(pairs, "pattern").map(str::to_string),
                    date_min: posted(pairs, "date_min").map(str::to_string),
                    date_max: posted(pairs, "date_max").map(str::to_string),
                    accept: posted(pairs, "accept_shown").map(|_| accept),
                    max_megabytes: max_mb.map(|m| m.clamp(0.0, 1024.0) as u64),
                    condition: (!condition_field.is_empty())
                        .then(|| (condition_field.to_string(), condition_values)),
                }),
            }
        }
        _ => {
            return Err(vec![Problem {
                at: None,
                ja: "操作が分かりません".into(),
                en: "Unknown operation".into(),
            }]);
        }
    })
}

async fn build(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    DxOfficeSession { session, actor }: DxOfficeSession,
    Path(id): Path<String>,
    posted_form: Result<axum::Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let pairs = posted_form.map(|axum::Form(p)| p).unwrap_or_default();
    let revision: i64 = posted(&pairs, "revision")
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let Some(draft) = store::get(builder.db(), &id)
        .await
        .map_err(internal(&chrome))?
    else {
        return conflict(&builder, &chrome, &session, &id, Stale::Gone).await;
    };
    let stale = if draft.state == DraftState::Review {
        Some(Stale::WrongState)
    } else if draft.revision != revision {
        Some(Stale::Changed)
    } else {
        None
    };
    if let Some(stale) = stale {
        return conflict(&builder, &chrome, &session, &id, stale).await;
    }
    let editing = posted(&pairs, "at").and_then(At::parse);
    let op = match op_of(&pairs) {
        Ok(op) => op,
        Err(problems) => {
            return with_problems(
                &builder,
                &chrome,
                &session,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                problems,
                editing,
                None,
            )
            .await;
        }
    };
    let typed = match &op {
        Op::Edit { at, edit } => Some((*at, (**edit).clone())),
        _ => None,
    };
    match ops::apply(&draft.definition, op) {
        Err(refused) => {
            // A refused edit is shown again as typed (not stored), its form
            // open, so that nothing typed is lost.
            let shown = typed.map(|(at, edit)| Draft {
                definition: ops::as_typed(&draft.definition, at, edit),
                ..draft.clone()
            });
            let editing = if shown.is_some() { editing } else { None };
            with_problems(
                &builder,
                &chrome,
                &session,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused.problems,
                editing,
                shown,
            )
            .await
        }
        Ok(applied) => {
            match store::save(builder.db(), &applied.definition, revision, &actor)
                .await
                .map_err(internal(&chrome))?
            {
                Ok(_) => {}
                Err(stale) => {
                    return conflict(&builder, &chrome, &session, &id, stale).await;
                }
            }
            if !applied.notes.is_empty() {
                // Changes made along with the one asked for are shown once.
                let draft = store::get(builder.db(), &id)
                    .await
                    .map_err(internal(&chrome))?;
                let mut page = form_page_for(&builder, &chrome, &session, &id, None, draft)
                    .await
                    .map_err(fail(&chrome))?;
                page.notice = applied
                    .notes
                    .iter()
                    .map(|(ja, en)| {
                        if chrome.is_en() {
                            en.clone()
                        } else {
                            ja.clone()
                        }
                    })
                    .collect();
                return Ok(render(&page));
            }
            let anchor = applied
                .focus
                .map(|a| format!("#{}", a.anchor()))
                .unwrap_or_else(|| "#builder".into());
            // A new question opens for editing at once.
            let edit = match (&applied.focus, posted(&pairs, "op")) {
                (Some(a), Some("add")) => format!("?edit={}", a.code()),
                _ => String::new(),
            };
            Ok(Redirect::to(&format!("/staff/forms/{id}{edit}{anchor}")).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
struct StepForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    note: String,
    #[serde(default)]
    decision: String,
}

fn short(text: &str) -> String {
    text.trim().chars().take(2000).collect()
}

async fn submit(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    office: DxOfficeSession,
    Path(id): Path<String>,
    posted_form: Result<axum::Form<StepForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = posted_form.map(|axum::Form(f)| f).unwrap_or_default();
    let note = short(&form.note);
    move_draft(
        &builder,
        &chrome,
        office,
        &id,
        form.revision,
        DraftState::Review,
        &note,
    )
    .await
}

async fn withdraw(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    office: DxOfficeSession,
    Path(id): Path<String>,
    posted_form: Result<axum::Form<StepForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = posted_form.map(|axum::Form(f)| f).unwrap_or_default();
    move_draft(
        &builder,
        &chrome,
        office,
        &id,
        form.revision,
        DraftState::Draft,
        "",
    )
    .await
}

/// The author's two steps: to review (with a note), or back to editing.
async fn move_draft(
    builder: &FormBuilder,
    chrome: &Chrome,
    DxOfficeSession { session, actor }: DxOfficeSession,
    id: &str,
    revision: i64,
    to: DraftState,
    note: &str,
) -> Result<Response, PageError> {
    let staff_id = session.staff().map(|s| s.id.clone()).unwrap_or_default();
    let result = store::set_state(builder.db(), id, revision, to, &actor, &staff_id, note)
        .await
        .map_err(internal(chrome))?;
    let done = match to {
        DraftState::Review => "submitted",
        DraftState::Draft => "returned",
    };
    step_result(builder, chrome, &session, id, result, done).await
}

async fn discard(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    DxOfficeSession { session, actor }: DxOfficeSession,
    Path(id): Path<String>,
    posted_form: Result<axum::Form<StepForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = posted_form.map(|axum::Form(f)| f).unwrap_or_default();
    step_result(
        &builder,
        &chrome,
        &session,
        &id,
        store::discard(builder.db(), &id, form.revision, &actor)
            .await
            .map_err(internal(&chrome))?,
        "discarded",
    )
    .await
}

async fn step_result(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    id: &str,
    result: Result<(), Stale>,
    done: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/forms/{id}?done={done}")).into_response()),
        Err(stale) => conflict(builder, chrome, session, id, stale).await,
    }
}

// ----------------------------------------------------------------- review

#[derive(Template)]
#[template(path = "form_review.html")]
struct ReviewPage {
    chrome: Chrome,
    procedure_id: String,
    procedure_name: String,
    current_version: i64,
    revision: i64,
    in_review: bool,
    submitted_by: String,
    submitted_at: String,
    note: String,
    rows: Vec<DiffRow>,
    preview: String,
    refusal: Option<String>,
    error: Option<String>,
}

/// A reviewer: staff allowed by the configuration to publish this
/// procedure's forms; anyone else gets a 403 page.
/// Whether the person could review some procedure's form at all (checked
/// before anything about the procedure is read or said).
fn reviews_any(builder: &FormBuilder, session: &identity::SignedIn) -> bool {
    match session.staff().map(|s| s.role) {
        Some(identity::Role::DxAdmin) => true,
        Some(identity::Role::Manager) => {
            builder.reviewers() == review::Reviewers::DxOfficeOrSectionManager
        }
        _ => false,
    }
}

async fn reviewer_or_403(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    procedure: Option<&catalog::model::Procedure>,
) -> Result<(), PageError> {
    let allowed = match procedure {
        None => reviews_any(builder, session),
        Some(p) => may_review(builder, session, p.section_id.as_deref()),
    };
    if allowed {
        return Ok(());
    }
    let id = session.staff().map(|s| s.id.clone()).unwrap_or_default();
    tracing::warn!(staff = %id, procedure = ?procedure.map(|p| &p.id), "refused: not a form reviewer");
    Err(PageError::new(
        chrome,
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "申請書の審査は、デジタル改革推進課の管理者（設定により担当課の課長等）が行います。",
            "Forms are reviewed by DX office administrators (or, where configured, the owning section's manager).",
        ),
    ))
}

async fn review_for(
    builder: &FormBuilder,
    chrome: &Chrome,
    session: &identity::SignedIn,
    id: &str,
) -> Result<ReviewPage, PageError> {
    reviewer_or_403(builder, chrome, session, None).await?;
    let procedure = procedure_of(builder, id).await.map_err(fail(chrome))?;
    reviewer_or_403(builder, chrome, session, Some(&procedure)).await?;
    let db = builder.db();
    let current = applications::form_store::current(db, id)
        .await
        .map_err(internal(chrome))?;
    let draft = store::get(db, id).await.map_err(internal(chrome))?;
    let Some(draft) = draft else {
        return Err(PageError::new(
            chrome,
            ApiError::not_found(
                "審査する下書きはありません。",
                "There is no draft to review.",
            ),
        ));
    };
    let staff = session.staff();
    let refusal = review::may_publish(
        builder.reviewers(),
        Reviewer {
            staff_id: staff.map(|s| s.id.as_str()).unwrap_or_default(),
            role: staff.map(|s| s.role).unwrap_or(identity::Role::Clerk),
            section_id: staff.and_then(|s| s.section_id.as_deref()),
        },
        draft.submitted_by.as_deref(),
        procedure.section_id.as_deref(),
    )
    .err()
    .map(|(ja, en)| if chrome.is_en() { en } else { ja }.to_string());
    Ok(ReviewPage {
        chrome: chrome.clone().titled(format!(
            "{} — {}",
            chrome.pick("申請書の審査", "Review the form"),
            procedure.name
        )),
        procedure_id: id.to_string(),
        procedure_name: procedure.name,
        current_version: current.as_ref().map(|c| c.version).unwrap_or(0),
        revision: draft.revision,
        in_review: draft.state == DraftState::Review,
        submitted_by: draft.submitted_by.clone().unwrap_or_default(),
        submitted_at: draft
            .submitted_at
            .as_deref()
            .map(|t| chrome.time(t))
            .unwrap_or_default(),
        note: draft.note.clone(),
        rows: diff::diff(current.as_ref(), &draft.definition),
        preview: preview_html(&draft.definition, chrome),
        refusal,
        error: None,
    })
}

async fn review_page(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    Ok(render(&review_for(&builder, &chrome, &session, &id).await?))
}

async fn decide(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    posted_form: Result<axum::Form<StepForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = posted_form.map(|axum::Form(f)| f).unwrap_or_default();
    let mut page = review_for(&builder, &chrome, &session, &id).await?;
    let Some(staff) = session.staff() else {
        return Err(PageError::new(
            &chrome,
            ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "職員だけが使えます。",
                "Staff only.",
            ),
        ));
    };
    let actor = staff.actor();
    match form.decision.as_str() {
        "publish" => {
            if let Some(refusal) = &page.refusal {
                tracing::warn!(staff = %staff.id, procedure = %id, "refused: publishing own form");
                page.error = Some(refusal.clone());
                return Ok((StatusCode::FORBIDDEN, render(&page)).into_response());
            }
            match store::publish(builder.db(), &id, form.revision, &actor)
                .await
                .map_err(internal(&chrome))?
            {
                Ok(stored) => {
                    tracing::info!(procedure = %id, version = stored.version, actor = %actor, "form published");
                    Ok(Redirect::to(&format!(
                        "/staff/forms/{id}/versions/{}?published=1",
                        stored.version
                    ))
                    .into_response())
                }
                Err(stale) => {
                    page.error = Some(stale_message(&chrome, stale));
                    Ok((StatusCode::CONFLICT, render(&page)).into_response())
                }
            }
        }
        "return" => {
            let reason = short(&form.note);
            if reason.is_empty() {
                page.error = Some(
                    chrome
                        .pick(
                            "差し戻す理由を書いてください。作成した職員に表示されます。",
                            "Write why it is sent back; the author reads it.",
                        )
                        .into(),
                );
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
            }
            match store::set_state(
                builder.db(),
                &id,
                form.revision,
                DraftState::Draft,
                &actor,
                &staff.id,
                &reason,
            )
            .await
            .map_err(internal(&chrome))?
            {
                Ok(()) => Ok(
                    Redirect::to(&format!("/staff/forms/{id}/review?returned=1")).into_response(),
                ),
                Err(stale) => {
                    page.error = Some(stale_message(&chrome, stale));
                    Ok((StatusCode::CONFLICT, render(&page)).into_response())
                }
            }
        }
        _ => {
            page.error = Some(
                chrome
                    .pick(
                        "公開するか差し戻すかを選んでください。",
                        "Choose to publish or to send back.",
                    )
                    .into(),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

// ---------------------------------------------------------------- versions

/// A version number from the path, read after the role check so that the
/// answer to someone without the role never depends on it.
fn version_number(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>().ok().filter(|v| *v >= 1).ok_or_else(|| {
        ApiError::not_found(
            format!("第{text}版はありません。"),
            format!("There is no version {text}."),
        )
    })
}

#[derive(Template)]
#[template(path = "form_version.html")]
struct VersionPage {
    chrome: Chrome,
    procedure_id: String,
    procedure_name: String,
    version: i64,
    info: Option<applications::form_store::VersionInfo>,
    latest: i64,
    published_now: bool,
    rows: Vec<DiffRow>,
    preview: String,
    applications: i64,
}

#[derive(Deserialize, Default)]
struct VersionQuery {
    #[serde(default)]
    published: Option<String>,
}

async fn version_page(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path((id, version)): Path<(String, String)>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    // Versions are read by whoever may build or review forms.
    reviewer_or_403(&builder, &chrome, &session, None).await?;
    let version = version_number(&version).map_err(fail(&chrome))?;
    let procedure = procedure_of(&builder, &id).await.map_err(fail(&chrome))?;
    let dx = session
        .staff()
        .is_some_and(|s| s.role == identity::Role::DxAdmin);
    if !dx {
        reviewer_or_403(&builder, &chrome, &session, Some(&procedure)).await?;
    }
    let db = builder.db();
    let form = applications::form_store::version(db, &id, version)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| {
            PageError::new(
                &chrome,
                ApiError::not_found(
                    format!("第{version}版はありません。"),
                    format!("There is no version {version}."),
                ),
            )
        })?;
    let before = if version > 1 {
        applications::form_store::version(db, &id, version - 1)
            .await
            .map_err(internal(&chrome))?
    } else {
        None
    };
    let list = applications::form_store::version_list(db, &id)
        .await
        .map_err(internal(&chrome))?;
    let applications: i64 = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE procedure_id = $1 AND form_version = $2",
    )
    .bind(&id)
    .bind(version)
    .fetch_one(db.pool())
    .await
    .and_then(|row| row.try_get::<i64, _>(0))
    .map_err(|e| internal(&chrome)(e.into()))?;
    Ok(render(&VersionPage {
        chrome: chrome.clone().titled(format!(
            "{} — {}{}{}",
            procedure.name,
            chrome.pick("第", "version "),
            version,
            chrome.pick("版", "")
        )),
        procedure_id: id,
        procedure_name: procedure.name,
        version,
        info: list.iter().find(|v| v.version == version).cloned(),
        latest: list.first().map(|v| v.version).unwrap_or(0),
        published_now: query.map(|Query(q)| q.published.is_some()).unwrap_or(false),
        rows: diff::diff(before.as_ref(), &form),
        preview: preview_html(&form, &chrome),
        applications,
    }))
}

async fn version_as_template(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    _: DxOfficeSession,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let version = version_number(&version).map_err(fail(&chrome))?;
    let procedure = procedure_of(&builder, &id).await.map_err(fail(&chrome))?;
    let form = applications::form_store::version(builder.db(), &id, version)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| {
            PageError::new(
                &chrome,
                ApiError::not_found("その版はありません。", "No such version."),
            )
        })?;
    let template = FormTemplate::of_form(
        &id,
        "くらし",
        Localized {
            ja: format!("{}の申請書（第{version}版）から", procedure.name),
            en: format!("From the form of {} (version {version})", procedure.name_en),
            ..Localized::default()
        },
        vec![procedure.name.clone()],
        &form,
    );
    Ok(kernel::web::attachment(
        "application/json; charset=utf-8",
        &format!("{id}.template.json"),
        template.to_json_pretty(),
    ))
}

// --------------------------------------------------------------- templates

#[derive(Template)]
#[template(path = "form_templates.html")]
struct TemplatesPage {
    chrome: Chrome,
    templates: Vec<(String, String, String, String, usize, bool)>,
    problems: Vec<String>,
    notice: Option<String>,
}

/// Templates the city imported, newest first.
async fn imported(builder: &FormBuilder) -> anyhow::Result<Vec<FormTemplate>> {
    let rows =
        sqlx::query("SELECT template FROM form_templates ORDER BY imported_at DESC LIMIT 1000")
            .fetch_all(builder.db().pool())
            .await?;
    Ok(rows
        .iter()
        .filter_map(|row| row.try_get::<String, _>("template").ok())
        .filter_map(|text| FormTemplate::from_json(&text).ok())
        .collect())
}

async fn templates_view(
    builder: &FormBuilder,
    chrome: &Chrome,
) -> Result<TemplatesPage, PageError> {
    let own = imported(builder).await.map_err(internal(chrome))?;
    let mut templates: Vec<(String, String, String, String, usize, bool)> = own
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                t.group.clone(),
                t.title.ja.clone(),
                t.summary.ja.clone(),
                t.form.all_fields().len(),
                true,
            )
        })
        .collect();
    templates.extend(forms::template::library().iter().map(|t| {
        (
            t.id.clone(),
            t.group.clone(),
            t.title.ja.clone(),
            t.summary.ja.clone(),
            t.form.all_fields().len(),
            false,
        )
    }));
    Ok(TemplatesPage {
        chrome: chrome
            .clone()
            .titled(chrome.pick("申請書のテンプレート", "Form templates")),
        templates,
        problems: Vec::new(),
        notice: None,
    })
}

async fn templates_page(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    _: DxOfficeSession,
) -> Result<Response, PageError> {
    Ok(render(&templates_view(&builder, &chrome).await?))
}

async fn export_template(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    _: DxOfficeSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let own = imported(&builder).await.map_err(internal(&chrome))?;
    let template = own
        .into_iter()
        .find(|t| t.id == id)
        .or_else(|| forms::template::find(&id).cloned())
        .ok_or_else(|| {
            PageError::new(
                &chrome,
                ApiError::not_found("そのテンプレートはありません。", "No such template."),
            )
        })?;
    Ok(kernel::web::attachment(
        "application/json; charset=utf-8",
        &format!("{}.template.json", template.id),
        template.to_json_pretty(),
    ))
}

async fn import_template(
    State(builder): State<FormBuilder>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    applications::attachments::Posted(posted_body): applications::attachments::Posted,
) -> Result<Response, PageError> {
    let mut page = templates_view(&builder, &chrome).await?;
    let text = match posted_body {
        Ok((_, uploads)) => uploads
            .into_iter()
            .find(|u| u.field == "file")
            .map(|u| u.bytes.to_vec())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    if text.is_empty() || text.len() > MAX_TEMPLATE_BYTES {
        page.problems = vec![
            chrome
                .pick(
                    "テンプレートの JSON ファイル（512 KB まで）を選んでください。",
                    "Choose a template JSON file (up to 512 KB).",
                )
                .into(),
        ];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let text = String::from_utf8_lossy(&text)
        .trim_start_matches('\u{feff}')
        .to_string();
    let template = match FormTemplate::from_json(&text) {
        Ok(t) => t,
        Err(errors) => {
            page.problems = errors.iter().map(ToString::to_string).collect();
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
    };
    let db = builder.db();
    let result: anyhow::Result<()> = async {
        let mut tx = db.begin().await?;
        sqlx::query("DELETE FROM form_templates WHERE id = $1")
            .bind(&template.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO form_templates (id, template, imported_at, imported_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(&template.id)
        .bind(template.to_json_pretty())
        .bind(kernel::clock::now_text())
        .bind(&actor)
        .execute(&mut *tx)
        .await?;
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "form_template",
                target_id: &template.id,
                actor: &actor,
                action: "form_template.imported",
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    result.map_err(internal(&chrome))?;
    let mut page = templates_view(&builder, &chrome).await?;
    page.notice = Some(format!(
        "{}{}",
        chrome.pick("テンプレートを取り込みました: ", "Template imported: "),
        template.title.ja
    ));
    Ok(render(&page))
}

/// Drag and drop for the question list, as a file: pages run no inline script.
async fn builder_script() -> Response {
    kernel::web::script(include_str!("../static/form-builder.js"))
}
