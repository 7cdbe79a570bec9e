//! `/staff/search-words`: the DX office reads and saves the search words,
//! every version kept; a word can be tried against the catalog before and
//! after saving.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use catalog::search::SearchQuery;
use catalog::store;
use catalog::words::Problem;
use identity::DxOfficeSession;
use kernel::documents::{Editor, SourceForm};
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::Guide;

pub fn routes() -> Router<Guide> {
    Router::new().route("/staff/search-words", get(page).post(save))
}

/// Longest trial query, as for the catalog's search.
const MAX_TRY_CHARS: usize = 200;

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

#[derive(Template)]
#[template(path = "search_words.html")]
struct WordsPage {
    chrome: Chrome,
    editor: Editor,
    entries: usize,
    saved: bool,
    tried: String,
    /// What the tried words find: name, and the address of its page.
    found: Vec<(String, String)>,
    did_you_mean: Option<String>,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default, rename = "try")]
    tried: Option<String>,
}

async fn page(
    State(state): State<Guide>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageError> {
    let tried: String = query
        .tried
        .unwrap_or_default()
        .chars()
        .take(MAX_TRY_CHARS)
        .collect();
    view(
        &state,
        &chrome,
        None,
        Vec::new(),
        query.saved.is_some(),
        tried,
    )
    .await
}

async fn view(
    state: &Guide,
    chrome: &Chrome,
    sent: Option<String>,
    problems: Vec<Problem>,
    saved: bool,
    tried: String,
) -> Result<Response, PageError> {
    let editor = Editor::load(state.catalog.db(), &store::SEARCH_WORDS, sent, problems)
        .await
        .map_err(internal(chrome))?;
    let index = state.catalog.index().await.map_err(internal(chrome))?;
    let (found, did_you_mean) = if tried.trim().is_empty() {
        (Vec::new(), None)
    } else {
        let results = index.search(&SearchQuery {
            q: tried.clone(),
            page: 1,
            per_page: 10,
            ..Default::default()
        });
        (
            results
                .items
                .iter()
                .map(|s| {
                    (
                        s.name.clone(),
                        chrome.link(&format!("/procedures/{}", s.id)),
                    )
                })
                .collect(),
            results.did_you_mean.clone(),
        )
    };
    let title = chrome.pick("検索用語辞書", "Search words").to_string();
    Ok((
        editor.status(),
        render(&WordsPage {
            chrome: chrome.clone().titled(title),
            editor,
            entries: index.words().len(),
            saved,
            tried,
            found,
            did_you_mean,
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
    match store::save_search_words(state.catalog.db(), &source, &dx.actor)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(_) => {
            state.catalog.refresh().await.map_err(internal(&chrome))?;
            Ok(Redirect::to(&chrome.link("/staff/search-words?saved=1")).into_response())
        }
        Err(problems) => {
            view(
                &state,
                &chrome,
                Some(source),
                problems,
                false,
                String::new(),
            )
            .await
        }
    }
}
