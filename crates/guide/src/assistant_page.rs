//! The assistant's routes: `GET /api/v1/assistant` for business systems
//! and apps, `/assistant` for residents (a form: no JavaScript needed), and
//! `/staff/assistant` where the DX office keeps the FAQ and turns the
//! questions nobody answered into entries.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use identity::DxOfficeSession;
use kernel::client::ClientAddr;
use kernel::documents::{Editor, Problem, SourceForm};
use kernel::error::ErrorSchema;
use kernel::i18n::{Lang, Localized, Message};
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Guide;
use crate::assistant::{self, Citation, Entry, MAX_QUESTION_CHARS, Reply};
use crate::assistant_store::{self, FAQ, Logged};

pub fn routes() -> Router<Guide> {
    Router::new()
        .route("/assistant", get(page))
        .route("/staff/assistant", get(staff_page).post(save_faq))
        .route("/staff/assistant/questions/{id}/faq", post(make_entry))
        .route("/staff/assistant/questions/{id}/dismiss", post(dismiss))
}

pub fn api_routes() -> OpenApiRouter<Guide> {
    OpenApiRouter::new().routes(routes!(ask))
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

/// Answers a question and logs it (scrubbed); a failed log is no reason to
/// leave the resident without the answer.
async fn answer(state: &Guide, question: &str, lang: Lang) -> Result<Reply, ApiError> {
    let index = state.catalog.index().await?;
    let faq = faq_in_force(state).await?;
    let reply = assistant::reply(&index, &faq, question, lang);
    if let Err(error) =
        assistant_store::log(state.catalog.db(), lang.code(), question, &reply).await
    {
        tracing::warn!(error = %format!("{error:#}"), "an assistant question was not logged");
    }
    Ok(reply)
}

/// The FAQ in force, parsed once per version rather than per question.
async fn faq_in_force(state: &Guide) -> anyhow::Result<std::sync::Arc<assistant::Faq>> {
    let db = state.catalog.db();
    let version = kernel::documents::current_version(db, &FAQ).await?;
    {
        let cached = state.faq.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, faq)) = cached.as_ref()
            && *at == version
        {
            return Ok(std::sync::Arc::clone(faq));
        }
    }
    let faq = std::sync::Arc::new(assistant_store::faq(db).await?);
    *state.faq.lock().unwrap_or_else(|p| p.into_inner()) =
        Some((version, std::sync::Arc::clone(&faq)));
    Ok(faq)
}

fn too_many(wait: std::time::Duration) -> ApiError {
    ApiError::localized(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        Message::new("error-too-many-attempts").with(
            "minutes",
            kernel::client::retry_after_secs(wait).div_ceil(60).max(1),
        ),
    )
}

/// A refusal with when to ask again.
fn with_retry_after(mut response: Response, wait: std::time::Duration) -> Response {
    if let Ok(value) = kernel::client::retry_after_secs(wait).to_string().parse() {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, value);
    }
    response
}

/// A question as read from the query: trimmed, required, bounded.
fn question_of(pairs: &[(String, String)]) -> Result<(String, Lang), Vec<FieldError>> {
    let mut question = None;
    let mut lang = Lang::Ja;
    for (key, value) in pairs {
        match key.as_str() {
            "q" => question = Some(value.trim().to_string()),
            "lang" => lang = Lang::from_code(value.trim()).unwrap_or(Lang::Ja),
            _ => {}
        }
    }
    let question = question.unwrap_or_default();
    if question.is_empty() {
        return Err(vec![FieldError::localized(
            "q",
            Message::new("assistant-question-missing"),
        )]);
    }
    if question.chars().count() > MAX_QUESTION_CHARS {
        return Err(vec![FieldError::localized(
            "q",
            Message::new("search-words-too-long").with("max", MAX_QUESTION_CHARS),
        )]);
    }
    Ok((question, lang))
}

/// The API's answer.
#[derive(Serialize, utoipa::ToSchema)]
struct AssistantAnswer {
    question: String,
    /// The answer in the language asked for (plain text).
    answer: String,
    /// True when nothing held answers the question: `answer` then gives the
    /// contact, and `citations` is empty.
    abstained: bool,
    /// The procedure pages the answer rests on.
    #[schema(value_type = Vec<Object>)]
    citations: Vec<Citation>,
    /// `faq`, `catalog` or `none`.
    source: &'static str,
    /// The FAQ entry that answered, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    faq_id: Option<String>,
    /// Where to ask a person: always given when the assistant abstains.
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/assistant",
    tag = "catalog",
    summary = "Ask the assistant",
    description = "Public: no token needed. Answers from the sections' FAQ and the catalog, citing the procedure pages used; when nothing held answers, `abstained` is true with the contact and no citation. Questions are logged without names, numbers or addresses. Rate-limited per client.",
    params(
        ("q" = String, Query, description = "The question (up to 300 characters; Japanese, kana, half-width, English or another resident language)"),
        ("lang" = Option<String>, Query, description = "The answer's language: ja, en, ja-x-easy, zh-Hans, ko, pt-BR, vi, tl (default ja)"),
    ),
    responses(
        (status = 200, description = "The answer", body = AssistantAnswer),
        (status = 400, description = "No question, or one too long", body = ErrorSchema),
        (status = 429, description = "Too many questions from this client: wait", body = ErrorSchema),
    )
)]
async fn ask(
    State(state): State<Guide>,
    Extension(client): Extension<ClientAddr>,
    params: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(pairs) = params.map_err(catalog::api::query_rejection)?;
    let (question, lang) = question_of(&pairs).map_err(ApiError::invalid)?;
    if let Err(wait) = state.questions.take(client) {
        return Ok(with_retry_after(too_many(wait).into_response(), wait));
    }
    let reply = answer(&state, &question, lang).await?;
    let (source, faq_id) = match &reply.source {
        assistant::Source::Faq(id) => ("faq", Some(id.clone())),
        assistant::Source::Catalog(_) => ("catalog", None),
        assistant::Source::None => ("none", None),
    };
    Ok(Json(AssistantAnswer {
        question,
        contact: reply.abstained.then(|| "/contact".to_string()),
        answer: reply.answer,
        abstained: reply.abstained,
        citations: reply.citations,
        source,
        faq_id,
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "assistant.html")]
struct ChatPage {
    chrome: Chrome,
    question: String,
    reply: Option<Reply>,
    problem: Option<String>,
}

async fn page(
    State(state): State<Guide>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let asked = pairs.iter().any(|(k, v)| k == "q" && !v.trim().is_empty());
    let title = chrome.t("assistant-title");
    let mut view = ChatPage {
        chrome: chrome.clone().titled(title),
        question: String::new(),
        reply: None,
        problem: None,
    };
    if !asked {
        return Ok(render(&view).into_response());
    }
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k == "q")
        .take(1)
        .chain(std::iter::once(("lang".into(), chrome.lang.code().into())))
        .collect();
    match question_of(&pairs) {
        Err(errors) => {
            view.question = pairs
                .first()
                .map(|(_, q)| q.chars().take(MAX_QUESTION_CHARS).collect())
                .unwrap_or_default();
            view.problem = errors.first().map(|e| match &e.text {
                Some(text) => chrome.message(text),
                None => kernel::i18n::escape(chrome.pick(&e.message, &e.message_en)),
            });
            Ok((StatusCode::BAD_REQUEST, render(&view)).into_response())
        }
        Ok((question, lang)) => {
            if let Err(wait) = state.questions.take(client) {
                return Ok(with_retry_after(
                    PageError::new(&chrome, too_many(wait)).into_response(),
                    wait,
                ));
            }
            let reply = answer(&state, &question, lang)
                .await
                .map_err(|e| PageError::new(&chrome, e))?;
            view.question = question;
            view.reply = Some(reply);
            Ok(render(&view).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "assistant_staff.html")]
struct StaffPage {
    chrome: Chrome,
    asked: i64,
    abstained: i64,
    questions: Vec<Logged>,
    /// (section id, its name, entries)
    sections: Vec<(String, String, usize)>,
    entries: usize,
    editor: Editor,
    /// The question whose entry was refused, with what was typed.
    refused: Option<(i64, EntryForm)>,
    done: Option<String>,
}

impl StaffPage {
    /// What was typed for a question whose entry was refused.
    fn typed(&self, question: &i64) -> Option<&EntryForm> {
        self.refused
            .as_ref()
            .filter(|(id, _)| id == question)
            .map(|(_, form)| form)
    }
}

#[derive(Deserialize, Default)]
struct StaffQuery {
    #[serde(default)]
    done: Option<String>,
}

async fn staff_page(
    State(state): State<Guide>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Query(query): Query<StaffQuery>,
) -> Result<Response, PageError> {
    let done = match query.done.as_deref() {
        Some("saved") => Some(chrome.pick("保存しました。", "Saved.").to_string()),
        Some("entry") => Some(
            chrome
                .pick(
                    "よくある質問に加えました。今から回答に使います。",
                    "Added to the FAQ: answers use it now.",
                )
                .to_string(),
        ),
        Some("dismissed") => Some(
            chrome
                .pick("対応不要にしました。", "Dismissed.")
                .to_string(),
        ),
        _ => None,
    };
    staff_view(&state, &chrome, None, Vec::new(), None, done).await
}

async fn staff_view(
    state: &Guide,
    chrome: &Chrome,
    sent: Option<String>,
    problems: Vec<Problem>,
    refused: Option<(i64, EntryForm)>,
    done: Option<String>,
) -> Result<Response, PageError> {
    let db = state.catalog.db();
    let editor = Editor::load(db, &FAQ, sent, problems)
        .await
        .map_err(internal(chrome))?;
    let faq = assistant_store::faq(db).await.map_err(internal(chrome))?;
    let since = kernel::clock::to_text(time::OffsetDateTime::now_utc() - time::Duration::days(30));
    let (asked, abstained) = assistant_store::counts(db, &since)
        .await
        .map_err(internal(chrome))?;
    let questions = assistant_store::unanswered(db)
        .await
        .map_err(internal(chrome))?;
    let index = state.catalog.index().await.map_err(internal(chrome))?;
    let mut sections: Vec<(String, String, usize)> = Vec::new();
    for entry in &faq.entries {
        match sections.iter_mut().find(|(id, _, _)| *id == entry.section) {
            Some((_, _, n)) => *n += 1,
            None => {
                let name = index.organisation.section(&entry.section).map_or_else(
                    || entry.section.clone(),
                    |s| chrome.pick(&s.name, &s.name_en).to_string(),
                );
                sections.push((entry.section.clone(), name, 1));
            }
        }
    }
    sections.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let title = chrome
        .pick("よくある質問と質問の記録", "FAQ and questions asked")
        .to_string();
    Ok((
        editor.status(),
        render(&StaffPage {
            chrome: chrome.clone().titled(title),
            asked,
            abstained,
            questions,
            sections,
            entries: faq.entries.len(),
            editor,
            refused,
            done,
        }),
    )
        .into_response())
}

async fn save_faq(
    State(state): State<Guide>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Form(form): Form<SourceForm>,
) -> Result<Response, PageError> {
    let source = form.source();
    let index = state.catalog.index().await.map_err(internal(&chrome))?;
    match assistant_store::save(state.catalog.db(), &index, &source, &dx.actor)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(_) => Ok(Redirect::to(&chrome.link("/staff/assistant?done=saved")).into_response()),
        Err(problems) => staff_view(&state, &chrome, Some(source), problems, None, None).await,
    }
}

/// A question turned into an entry, as typed on the review page.
#[derive(Deserialize, Clone, Default)]
pub struct EntryForm {
    pub id: String,
    pub section: String,
    /// Ways of asking, one a line.
    pub ask: String,
    pub answer_ja: String,
    #[serde(default)]
    pub answer_en: String,
    /// Procedure ids, separated by spaces or commas.
    #[serde(default)]
    pub procedures: String,
    /// Words naming the topic, separated by spaces or commas.
    #[serde(default)]
    pub keys: String,
}

impl EntryForm {
    fn entry(&self) -> Entry {
        Entry {
            id: self.id.trim().to_string(),
            section: self.section.trim().to_string(),
            ask: self
                .ask
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            answer: Localized {
                ja: self.answer_ja.trim().to_string(),
                en: self.answer_en.trim().to_string(),
                more: Default::default(),
            },
            procedures: listed(&self.procedures),
            keys: listed(&self.keys),
            // Edited in the FAQ document (docs/assistant.md).
            unless: Vec::new(),
        }
    }
}

/// The items of a form field separated by spaces, commas or 、.
fn listed(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '、')
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

async fn make_entry(
    State(state): State<Guide>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Path(id): Path<i64>,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let index = state.catalog.index().await.map_err(internal(&chrome))?;
    match assistant_store::add_entry(state.catalog.db(), &index, id, form.entry(), &dx.actor)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(_) => Ok(Redirect::to(&chrome.link("/staff/assistant?done=entry")).into_response()),
        Err(problems) => staff_view(&state, &chrome, None, problems, Some((id, form)), None).await,
    }
}

async fn dismiss(
    State(state): State<Guide>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !assistant_store::dismiss(state.catalog.db(), id, &dx.actor)
        .await
        .map_err(internal(&chrome))?
    {
        return Err(PageError::new(
            &chrome,
            ApiError::not_found(
                "その質問は見つからないか、すでに対応済みです。",
                "No such question waiting for review.",
            ),
        ));
    }
    Ok(Redirect::to(&chrome.link("/staff/assistant?done=dismissed")).into_response())
}
