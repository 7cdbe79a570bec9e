//! The corner's pages: the questionnaire and the family's list for
//! residents (`/bereavement`), the same list at a counter with the way to
//! enter each application (`/staff/counters/{office}/bereavement`), and the
//! DX office's rules (`/staff/bereavement`).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use identity::{DxOfficeSession, SectionStaff};
use kernel::ApiError;
use kernel::documents::{Editor, SourceForm};
use kernel::i18n::Localized;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::Bereavement;
use crate::rules::{self, Answers, QuestionKind, Rules};
use crate::store;

pub fn routes() -> Router<Bereavement> {
    Router::new()
        .route("/bereavement", get(questionnaire))
        .route("/bereavement/list", get(list))
        .route(
            "/staff/counters/{office}/bereavement",
            get(counter_questionnaire),
        )
        .route(
            "/staff/counters/{office}/bereavement/list",
            get(counter_list),
        )
        .route("/staff/bereavement", get(rules_page).post(save_rules))
}

/// Most query pairs read from a questionnaire's answers.
const MAX_PAIRS: usize = 200;

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, e.into())
}

/// A rules text in the reader's language, as HTML.
fn text(chrome: &Chrome, localized: &Localized) -> String {
    chrome.city_text(localized)
}

/// A question as the form shows it.
pub struct ShownQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub label: String,
    pub help: Option<String>,
    /// (value, label, chosen)
    pub options: Vec<(String, String, bool)>,
    /// The number typed, or "yes" / "no".
    pub value: String,
}

fn shown_questions(chrome: &Chrome, rules: &Rules, answers: &Answers) -> Vec<ShownQuestion> {
    rules
        .questions
        .iter()
        .map(|q| {
            let answer = answers.0.get(&q.id);
            let value = match answer {
                Some(rules::Answer::Number(n)) => n.to_string(),
                Some(rules::Answer::Yes(true)) => "yes".to_string(),
                Some(rules::Answer::Yes(false)) => "no".to_string(),
                _ => String::new(),
            };
            ShownQuestion {
                id: q.id.clone(),
                kind: q.kind,
                label: text(chrome, &q.label),
                help: q.help.as_ref().map(|h| text(chrome, h)),
                options: q
                    .options
                    .iter()
                    .map(|o| {
                        let chosen = matches!(answer, Some(rules::Answer::Chosen(c)) if c.contains(&o.value));
                        (o.value.clone(), text(chrome, &o.label), chosen)
                    })
                    .collect(),
                value,
            }
        })
        .collect()
}

/// A questionnaire: the questions of `rules`, answered as far as `pairs`
/// go, sent to `action`. Also the life-event guide's.
#[derive(Template)]
#[template(path = "bereavement_questions.html")]
pub struct QuestionsPage {
    pub chrome: Chrome,
    /// What the questions are for, in the reader's language (HTML).
    pub intro: String,
    pub questions: Vec<ShownQuestion>,
    pub action: String,
}

impl QuestionsPage {
    pub fn new(
        chrome: &Chrome,
        title: String,
        intro: String,
        rules: &Rules,
        pairs: Vec<(String, String)>,
        action: String,
    ) -> Self {
        let pairs: Vec<(String, String)> = pairs.into_iter().take(MAX_PAIRS).collect();
        let answers = rules::answers_from(rules, &pairs);
        QuestionsPage {
            chrome: chrome.clone().titled(title),
            intro,
            questions: shown_questions(chrome, rules, &answers),
            action,
        }
    }
}

async fn questionnaire(
    State(state): State<Bereavement>,
    chrome: Chrome,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    questions_view(&state, &chrome, pairs, "/bereavement/list".to_string()).await
}

/// The questionnaire at a counter: the clerk asks, the list that follows
/// leads to entering each application.
async fn counter_questionnaire(
    State(state): State<Bereavement>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    known_office(&state, &chrome, &office).await?;
    let action = format!("/staff/counters/{office}/bereavement/list");
    questions_view(&state, &chrome, pairs, action).await
}

async fn known_office(state: &Bereavement, chrome: &Chrome, office: &str) -> Result<(), PageError> {
    let organisation = catalog::store::organisation(&state.db)
        .await
        .map_err(internal(chrome))?;
    if organisation.office(office).is_none() {
        return Err(PageError::new(
            chrome,
            ApiError::not_found(
                "その区役所・支所は見つかりません。",
                "There is no such office.",
            ),
        ));
    }
    Ok(())
}

async fn questions_view(
    state: &Bereavement,
    chrome: &Chrome,
    pairs: Vec<(String, String)>,
    action: String,
) -> Result<Response, PageError> {
    let rules = store::current(&state.db).await.map_err(internal(chrome))?;
    let title = chrome
        .pick("おくやみ手続きガイド", "After a death: the procedures")
        .to_string();
    let intro = chrome.pick("ご家族が亡くなられたあとに必要な手続を、いくつかの質問からご案内します（おくやみコーナー）。分からない質問は空けたままで構いません。答えは保存されません。", "A few questions about the person who died give the family's list of procedures: where each is done, what to bring and by when. Leave out what you do not know. Nothing you answer is kept.").to_string();
    Ok(render(&QuestionsPage::new(
        chrome, title, intro, &rules, pairs, action,
    )))
}

/// An item of the family's list as pages show it.
pub struct Item {
    pub id: String,
    pub title: String,
    pub bring: Vec<String>,
    pub deadline: Option<String>,
    pub note: Option<String>,
    /// The catalog's procedure: its id, whether residents apply for it on a
    /// madoguchi form (the catalog's way, as the procedure page says), and
    /// whether it has a form a clerk can fill at the counter.
    pub procedure: Option<(String, bool, bool)>,
}

pub struct Group {
    pub place: String,
    pub detail: Option<String>,
    pub items: Vec<Item>,
}

/// The places and items of the list for `answers`, each linked to its
/// catalog procedure where the catalog has it.
pub async fn groups(
    db: &kernel::Db,
    catalog: &catalog::Catalog,
    chrome: &Chrome,
    rules: &Rules,
    answers: &Answers,
) -> anyhow::Result<Vec<Group>> {
    let with_forms = catalog::store::procedures_with_forms(db).await?;
    let index = catalog.index().await?;
    Ok(rules::checklist(rules, answers)
        .into_iter()
        .map(|(place, items)| Group {
            place: text(chrome, &place.name),
            detail: place.detail.as_ref().map(|d| text(chrome, d)),
            items: items
                .into_iter()
                .map(|rule| Item {
                    id: rule.id.clone(),
                    title: text(chrome, &rule.title),
                    bring: rule.bring.iter().map(|b| text(chrome, b)).collect(),
                    deadline: rule.deadline.as_ref().map(|d| text(chrome, d)),
                    note: rule.note.as_ref().map(|n| text(chrome, n)),
                    // Only procedures the catalog has are linked.
                    procedure: rule.procedure.as_ref().and_then(|id| {
                        let summary = index.get(id)?;
                        Some((
                            id.clone(),
                            summary.apply_way == "form",
                            with_forms.contains(id),
                        ))
                    }),
                })
                .collect(),
        })
        .collect())
}

/// A printable checklist. Also the life-event guide's.
#[derive(Template)]
#[template(path = "bereavement_list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub groups: Vec<Group>,
    /// The questionnaire again, with these answers.
    pub change: String,
    /// Where an item with a form is entered at a counter, when a clerk
    /// reads the list (`{}` is the procedure).
    pub counter_entry: Option<String>,
    /// At a counter: the list as a one-stop visit (総合窓口).
    pub onestop: Option<String>,
    pub count: usize,
}

/// The answers read from `pairs` (bounded) against `rules`.
pub fn answers_of(rules: &Rules, pairs: Vec<(String, String)>) -> Answers {
    let pairs: Vec<(String, String)> = pairs.into_iter().take(MAX_PAIRS).collect();
    rules::answers_from(rules, &pairs)
}

/// The answers as a query string, to come back to the questions with them.
pub fn query_of(answers: &Answers) -> String {
    rules::to_pairs(answers)
        .iter()
        .map(|(k, v)| format!("{}={}", kernel::web::encode(k), kernel::web::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn list(
    State(state): State<Bereavement>,
    chrome: Chrome,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    list_view(&state, &chrome, pairs, None).await
}

async fn list_view(
    state: &Bereavement,
    chrome: &Chrome,
    pairs: Vec<(String, String)>,
    office: Option<String>,
) -> Result<Response, PageError> {
    let rules = store::current(&state.db).await.map_err(internal(chrome))?;
    let answers = answers_of(&rules, pairs);
    let groups = groups(&state.db, &state.catalog, chrome, &rules, &answers)
        .await
        .map_err(internal(chrome))?;
    let query = query_of(&answers);
    let title = chrome
        .pick("ご遺族の手続チェックリスト", "The family's checklist")
        .to_string();
    // The procedures of the list, once each, for the one-stop counter.
    let mut procedures: Vec<&str> = Vec::new();
    for item in groups.iter().flat_map(|g| &g.items) {
        if let Some((id, _, _)) = &item.procedure
            && !procedures.contains(&id.as_str())
        {
            procedures.push(id);
        }
    }
    let onestop = office.as_ref().map(|o| {
        let query: Vec<String> = procedures
            .iter()
            .map(|p| format!("p={}", kernel::web::encode(p)))
            .collect();
        format!("/staff/counters/{o}/onestop?{}", query.join("&"))
    });
    Ok(render(&ListPage {
        chrome: chrome.clone().titled(title),
        onestop,
        count: groups.iter().map(|g| g.items.len()).sum(),
        groups,
        change: match &office {
            Some(o) => format!("/staff/counters/{o}/bereavement?{query}"),
            None => format!("/bereavement?{query}"),
        },
        counter_entry: office.map(|o| format!("/staff/counters/{o}/entry/")),
    }))
}

/// The list at a counter (総合窓口): the clerk enters each application that
/// has a form, and the family leaves with the printed rest.
async fn counter_list(
    State(state): State<Bereavement>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let organisation = catalog::store::organisation(&state.db)
        .await
        .map_err(internal(&chrome))?;
    if organisation.office(&office).is_none() {
        return Err(PageError::new(
            &chrome,
            ApiError::not_found(
                "その区役所・支所は見つかりません。",
                "There is no such office.",
            ),
        ));
    }
    list_view(&state, &chrome, pairs, Some(office)).await
}

#[derive(Template)]
#[template(path = "bereavement_rules.html")]
struct RulesPage {
    chrome: Chrome,
    editor: Editor,
    saved: bool,
}

#[derive(Deserialize, Default)]
struct RulesQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn rules_page(
    State(state): State<Bereavement>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Query(query): Query<RulesQuery>,
) -> Result<Response, PageError> {
    rules_view(&state, &chrome, None, Vec::new(), query.saved.is_some()).await
}

/// The rules page: the source in force (or the one sent back with its
/// problems), the version in force and the history.
async fn rules_view(
    state: &Bereavement,
    chrome: &Chrome,
    sent: Option<String>,
    problems: Vec<rules::Problem>,
    saved: bool,
) -> Result<Response, PageError> {
    let editor = Editor::load(&state.db, &store::KIND, sent, problems)
        .await
        .map_err(internal(chrome))?;
    let title = chrome
        .pick("おくやみコーナーのルール", "Bereavement corner rules")
        .to_string();
    Ok((
        editor.status(),
        render(&RulesPage {
            chrome: chrome.clone().titled(title),
            editor,
            saved,
        }),
    )
        .into_response())
}

async fn save_rules(
    State(state): State<Bereavement>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Form(form): Form<SourceForm>,
) -> Result<Response, PageError> {
    let source = form.source();
    match store::save(&state.db, &source, &dx.actor)
        .await
        .map_err(internal(&chrome))?
    {
        Ok(_) => Ok(Redirect::to(&chrome.link("/staff/bereavement?saved=1")).into_response()),
        Err(problems) => rules_view(&state, &chrome, Some(source), problems, false).await,
    }
}
