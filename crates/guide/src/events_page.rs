//! The life-event guide's pages: the events (`/guide`), an event's few
//! questions (`/guide/{event}`) and the household's printable list
//! (`/guide/{event}/list`), for residents; the DX office's document
//! (`/staff/guide`). The questionnaire and the list are the bereavement
//! corner's pages, given this guide's rules.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use bereavement::pages::{ListPage, QuestionsPage, answers_of, groups, query_of};
use identity::DxOfficeSession;
use kernel::ApiError;
use kernel::documents::{self, Editor, Kind, Problem, SourceForm};
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::Guide;
use crate::events::{self, DEATH};

pub const KIND: Kind = Kind {
    table: "guide_events",
    target_type: "guide_events",
    action: "guide_events.saved",
    default: events::DEFAULT_EVENTS,
};

pub fn routes() -> Router<Guide> {
    Router::new()
        .route("/guide", get(index))
        .route("/guide/{event}", get(questions))
        .route("/guide/{event}/list", get(list))
        .route("/staff/guide", get(editor).post(save))
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

/// The guide in force.
pub async fn current(state: &Guide) -> anyhow::Result<events::Guide> {
    documents::current(state.catalog.db(), &KIND, events::parse).await
}

/// An event as the list of events shows it.
struct Shown {
    href: String,
    title: String,
    lead: String,
    also: Option<String>,
}

#[derive(Template)]
#[template(path = "guide_events.html")]
struct IndexPage {
    chrome: Chrome,
    events: Vec<Shown>,
}

async fn index(State(state): State<Guide>, chrome: Chrome) -> Result<Response, PageError> {
    let guide = current(&state).await.map_err(internal(&chrome))?;
    let mut shown: Vec<Shown> = guide
        .events
        .iter()
        .map(|e| Shown {
            href: chrome.link(&format!("/guide/{}", e.id)),
            title: chrome.city_text(&e.title),
            lead: chrome.city_text(&e.lead),
            also: e.also.as_ref().map(|a| chrome.city_text(a)),
        })
        .collect();
    // A death is the bereavement corner's questions and list.
    shown.push(Shown {
        href: chrome.link("/bereavement"),
        title: chrome.pick("家族が亡くなった（おくやみ）", "A family member has died").into(),
        lead: chrome
            .pick(
                "亡くなった方について伺い、ご遺族の手続の一覧をお作りします（おくやみコーナー）。",
                "A few questions about the person who died give the family's list (bereavement corner).",
            )
            .into(),
        also: Some(chrome.pick("死亡届・相続・おくやみ", "death, bereavement").into()),
    });
    let title = chrome.pick("手続ガイド", "Life-event guide").to_string();
    Ok(render(&IndexPage {
        chrome: chrome.clone().titled(title),
        events: shown,
    }))
}

fn no_event(chrome: &Chrome) -> PageError {
    PageError::new(
        chrome,
        ApiError::not_found(
            "その出来事の案内は見つかりません。",
            "There is no guide for that event.",
        ),
    )
}

async fn questions(
    State(state): State<Guide>,
    chrome: Chrome,
    Path(event): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if event == DEATH {
        return Ok(Redirect::to(&chrome.link("/bereavement")).into_response());
    }
    let guide = current(&state).await.map_err(internal(&chrome))?;
    let event = guide.event(&event).ok_or_else(|| no_event(&chrome))?;
    let intro = format!(
        "{} {}",
        chrome.city_text(&event.lead),
        chrome.pick(
            "いくつかの質問に答えると、あなたに必要な手続の一覧（場所・持ち物・期限）をお作りします。分からない質問は空けたままで構いません。答えは保存されません。",
            "Answer a few questions for your list of procedures: where, what to bring, by when. Leave out what you do not know. Nothing you answer is kept.",
        )
    );
    let action = format!("/guide/{}/list", event.id);
    Ok(render(&QuestionsPage::new(
        &chrome,
        chrome.city_text(&event.title),
        intro,
        &event.rules,
        pairs,
        action,
    ))
    .into_response())
}

async fn list(
    State(state): State<Guide>,
    chrome: Chrome,
    Path(event): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if event == DEATH {
        return Ok(Redirect::to(&chrome.link("/bereavement")).into_response());
    }
    let guide = current(&state).await.map_err(internal(&chrome))?;
    let event = guide.event(&event).ok_or_else(|| no_event(&chrome))?;
    let answers = answers_of(&event.rules, pairs);
    let groups = groups(
        state.catalog.db(),
        &state.catalog,
        &chrome,
        &event.rules,
        &answers,
    )
    .await
    .map_err(internal(&chrome))?;
    let title = format!(
        "{} — {}",
        chrome.city_text(&event.title),
        chrome.pick("手続の一覧", "your list")
    );
    Ok(render(&ListPage {
        chrome: chrome.clone().titled(title),
        count: groups.iter().map(|g| g.items.len()).sum(),
        groups,
        change: format!("/guide/{}?{}", event.id, query_of(&answers)),
        counter_entry: None,
        onestop: None,
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "guide_editor.html")]
struct EditorPage {
    chrome: Chrome,
    editor: Editor,
    saved: bool,
}

#[derive(Deserialize, Default)]
struct EditorQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn editor(
    State(state): State<Guide>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Query(query): Query<EditorQuery>,
) -> Result<Response, PageError> {
    editor_view(&state, &chrome, None, Vec::new(), query.saved.is_some()).await
}

async fn editor_view(
    state: &Guide,
    chrome: &Chrome,
    sent: Option<String>,
    problems: Vec<Problem>,
    saved: bool,
) -> Result<Response, PageError> {
    let editor = Editor::load(state.catalog.db(), &KIND, sent, problems)
        .await
        .map_err(internal(chrome))?;
    let title = chrome
        .pick("手続ガイドの編集", "Life-event guide: edit")
        .to_string();
    Ok((
        editor.status(),
        render(&EditorPage {
            chrome: chrome.clone().titled(title),
            editor,
            saved,
        }),
    )
        .into_response())
}

async fn save(
    State(state): State<Guide>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Form(form): Form<SourceForm>,
) -> Result<Response, PageError> {
    let source = form.source();
    match documents::save(state.catalog.db(), &KIND, &source, &dx.actor, events::parse)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(_) => Ok(Redirect::to(&chrome.link("/staff/guide?saved=1")).into_response()),
        Err(problems) => editor_view(&state, &chrome, Some(source), problems, false).await,
    }
}
