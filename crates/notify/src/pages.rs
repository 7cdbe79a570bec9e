//! The resident's pages: signing up (`/notify`), confirming from the mail
//! (`/notify/confirm/{token}`), changing a subscription
//! (`/notify/manage/{token}`) and unsubscribing (`/unsubscribe/{token}`,
//! also the one-click address of RFC 8058: a POST without a session or a
//! page's token, as a mail program sends it, ends exactly the subscription
//! the address names).

use askama::Template;
use axum::extract::{Extension, Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, http::HeaderValue};
use kernel::ApiError;
use kernel::client::ClientAddr;
use kernel::i18n::{Lang, Message};
use kernel::mail::Mail;
use kernel::web::{Chrome, PageError, render};

use crate::Notify;
use crate::rules::{ChoiceProblem, Interests, Topics};
use crate::store::{self, Request, Status, Subscription};

pub fn routes() -> Router<Notify> {
    Router::new()
        .route("/notify", get(sign_up_page).post(sign_up))
        .route("/notify/confirm/{token}", get(confirm_page).post(confirm))
        .route("/notify/manage/{token}", get(manage_page).post(manage))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

/// The form to choose topics, wards and language: signing up, or changing
/// a subscription.
#[derive(Template)]
#[template(path = "notify_form.html")]
struct FormPage {
    chrome: Chrome,
    intro: String,
    action: String,
    /// Signing up: the address typed so far. Changing: none (shown apart).
    email: Option<String>,
    /// Changing: to whom it is sent (HTML).
    sent_to: Option<String>,
    email_problem: Option<String>,
    problem: Option<String>,
    /// (id, name, chosen)
    topics: Vec<(String, String, bool)>,
    wards: Vec<(String, String, bool)>,
    /// (code, name, chosen)
    langs: Vec<(String, String, bool)>,
    submit: String,
    saved: bool,
    unsubscribe_action: Option<String>,
}

/// A message, with a button to post where one is needed.
#[derive(Template)]
#[template(path = "notify_notice.html")]
struct NoticePage {
    chrome: Chrome,
    /// HTML paragraphs.
    lines: Vec<String>,
    /// (action, label)
    button: Option<(String, String)>,
    /// (href, label)
    link: Option<(String, String)>,
}

fn shown(chrome: &Chrome, choice: &crate::rules::Choice) -> String {
    choice.name.get(chrome.lang).text.to_string()
}

fn form_page(
    chrome: &Chrome,
    topics: &Topics,
    interests: &Interests,
    lang: Lang,
    title: &'static str,
) -> FormPage {
    FormPage {
        chrome: chrome.clone().titled(chrome.marked_up(title)),
        intro: String::new(),
        action: String::new(),
        email: None,
        sent_to: None,
        email_problem: None,
        problem: None,
        topics: topics
            .topics
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    shown(chrome, t),
                    interests.topics.contains(&t.id),
                )
            })
            .collect(),
        wards: topics
            .wards
            .iter()
            .map(|w| {
                (
                    w.id.clone(),
                    shown(chrome, w),
                    interests.wards.contains(&w.id),
                )
            })
            .collect(),
        langs: Lang::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    l.native_name().to_string(),
                    *l == lang,
                )
            })
            .collect(),
        submit: String::new(),
        saved: false,
        unsubscribe_action: None,
    }
}

fn sign_up_form(chrome: &Chrome, topics: &Topics, interests: &Interests, lang: Lang) -> FormPage {
    let mut page = form_page(chrome, topics, interests, lang, "notify-title");
    page.intro = chrome.t("notify-intro");
    page.action = chrome.link("/notify");
    page.email = Some(String::new());
    page.submit = chrome.t("notify-submit");
    page
}

async fn sign_up_page(State(notify): State<Notify>, chrome: Chrome) -> Response {
    render(&sign_up_form(
        &chrome,
        &notify.topics,
        &Interests::default(),
        chrome.lang,
    ))
}

fn lang_posted(pairs: &[(String, String)], or: Lang) -> Lang {
    pairs
        .iter()
        .find(|(name, _)| name == "lang")
        .and_then(|(_, code)| Lang::from_code(code))
        .unwrap_or(or)
}

fn choice_problem(chrome: &Chrome, problem: ChoiceProblem) -> String {
    match problem {
        ChoiceProblem::NoTopic => chrome.t("notify-no-topic"),
        ChoiceProblem::Unknown | ChoiceProblem::TooMany => chrome.t("notify-stale"),
    }
}

async fn sign_up(
    State(notify): State<Notify>,
    Extension(client): Extension<ClientAddr>,
    chrome: Chrome,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = lang_posted(&pairs, chrome.lang);
    let typed = pairs
        .iter()
        .find(|(name, _)| name == "email")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let email = identity::registration::check_email(&typed);
    let interests = Interests::from_form(&notify.topics, &pairs);
    if email.is_err() || interests.is_err() {
        let shown = interests.clone().unwrap_or_else(|_| {
            // Show what was ticked of what the city lists.
            let mut partial = Interests::default();
            for (name, value) in pairs.iter().take(crate::rules::MAX_FIELDS) {
                if name == "topic" && notify.topics.topic(value).is_some() {
                    partial.topics.insert(value.clone());
                }
                if name == "ward" && notify.topics.ward(value).is_some() {
                    partial.wards.insert(value.clone());
                }
            }
            partial
        });
        let mut page = sign_up_form(&chrome, &notify.topics, &shown, lang);
        page.email = Some(typed.chars().take(254).collect());
        page.email_problem = email.as_ref().err().map(|e| chrome.field_error(e));
        page.problem = interests.err().map(|p| choice_problem(&chrome, p));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let (Ok(email), Ok(interests)) = (email, interests) else {
        return Err(PageError::new(&chrome, ApiError::internal("checked above")));
    };
    if let Err(wait) = notify.sign_ups.take(client) {
        tracing::warn!("refused: sign-ups to news from one client too fast");
        let mut answer = PageError::new(&chrome, ApiError::busy()).into_response();
        if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            answer
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        return Ok(answer);
    }
    store::request(
        &notify.db,
        &Request {
            address: email.clone(),
            lang,
            interests,
        },
    )
    .await
    .map_err(|e| PageError::new(&chrome, ApiError::internal(e)))?;
    let page = NoticePage {
        chrome: chrome.clone().titled(chrome.marked_up("notify-sent-title")),
        lines: vec![chrome.ts("notify-sent", "email", &email)],
        button: None,
        link: None,
    };
    Ok(render(&page))
}

fn dead_link(chrome: &Chrome) -> Response {
    let page = NoticePage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("notify-link-dead-title")),
        lines: vec![chrome.t("notify-link-dead")],
        button: None,
        link: Some((chrome.link("/notify"), chrome.t("notify-sign-up-again"))),
    };
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

/// The chosen topics and wards, as a reader of `lang` reads them.
fn described(topics: &Topics, interests: &Interests, lang: Lang) -> (String, String) {
    let separator = if lang.reads_japanese() { "、" } else { ", " };
    let names = |choices: Vec<&crate::rules::Choice>| {
        choices
            .iter()
            .map(|c| c.name.get(lang).text.to_string())
            .collect::<Vec<_>>()
            .join(separator)
    };
    let topic_names = names(
        interests
            .topics
            .iter()
            .filter_map(|id| topics.topic(id))
            .collect(),
    );
    let ward_names = if interests.wards.is_empty() {
        Message::new("notify-whole-city").plain(lang)
    } else {
        names(
            interests
                .wards
                .iter()
                .filter_map(|id| topics.ward(id))
                .collect(),
        )
    };
    (topic_names, ward_names)
}

fn choice_lines(chrome: &Chrome, topics: &Topics, interests: &Interests) -> Vec<String> {
    let (topic_names, ward_names) = described(topics, interests, chrome.lang);
    vec![
        format!(
            "{}: {}",
            chrome.t("notify-chosen-topics"),
            kernel::i18n::escape(&topic_names)
        ),
        format!(
            "{}: {}",
            chrome.t("notify-chosen-wards"),
            kernel::i18n::escape(&ward_names)
        ),
    ]
}

/// The confirmation link opens a page with a button: mail scanners that
/// open every link must not subscribe anyone.
async fn confirm_page(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let Some(request) = store::pending(&notify.db, &token)
        .await
        .map_err(|e| PageError::new(&chrome, ApiError::internal(e)))?
    else {
        return Ok(dead_link(&chrome));
    };
    let mut lines = vec![chrome.t("notify-confirm-intro")];
    lines.push(chrome.ts("notify-manage-for", "address", &request.address));
    lines.extend(choice_lines(&chrome, &notify.topics, &request.interests));
    let page = NoticePage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("notify-confirm-title")),
        lines,
        button: Some((
            chrome.link(&format!("/notify/confirm/{token}")),
            chrome.t("notify-confirm-button"),
        )),
        link: None,
    };
    Ok(render(&page))
}

fn manage_path(notify: &Notify, subscription: &Subscription) -> Option<String> {
    notify
        .link_token(subscription)
        .map(|t| format!("/notify/manage/{t}"))
}

fn unsubscribe_path(notify: &Notify, subscription: &Subscription) -> Option<String> {
    notify
        .link_token(subscription)
        .map(|t| format!("/unsubscribe/{t}"))
}

async fn confirm(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let internal = |e: anyhow::Error| PageError::new(&chrome, ApiError::internal(e));
    let topics = notify.topics.clone();
    let links = notify.clone();
    let confirmed = store::confirm(&notify.db, &token, |subscription| {
        let (topic_names, ward_names) =
            described(&topics, &subscription.interests, subscription.lang);
        let mail = Mail::localized(
            &subscription.address,
            subscription.lang,
            Message::new("mail-notify-welcome-subject"),
            Message::new("mail-notify-welcome-body")
                .with("topics", topic_names.as_str())
                .with("wards", ward_names.as_str()),
            None,
            manage_path(&links, subscription),
        );
        (
            mail,
            unsubscribe_path(&links, subscription).unwrap_or_default(),
        )
    })
    .await
    .map_err(internal)?;
    let Some(subscription) = confirmed else {
        return Ok(dead_link(&chrome));
    };
    tracing::info!(subscription = subscription.id, "subscription confirmed");
    let page = NoticePage {
        chrome: chrome.clone().titled(chrome.marked_up("notify-done-title")),
        lines: [
            vec![chrome.t("notify-done")],
            choice_lines(&chrome, &notify.topics, &subscription.interests),
        ]
        .concat(),
        button: None,
        link: manage_path(&notify, &subscription)
            .map(|path| (chrome.link(&path), chrome.t("notify-manage-title"))),
    };
    Ok(render(&page))
}

fn manage_form(
    notify: &Notify,
    chrome: &Chrome,
    subscription: &Subscription,
    token: &str,
) -> FormPage {
    let mut page = form_page(
        chrome,
        &notify.topics,
        &subscription.interests,
        subscription.lang,
        "notify-manage-title",
    );
    page.action = chrome.link(&format!("/notify/manage/{token}"));
    page.sent_to = Some(chrome.ts("notify-manage-for", "address", &subscription.address));
    page.submit = chrome.t("notify-save");
    page.unsubscribe_action = Some(chrome.link(&format!("/unsubscribe/{token}")));
    page
}

/// An ended subscription's links say so and offer to sign up again.
fn ended(chrome: &Chrome) -> Response {
    let page = NoticePage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("notify-unsubscribed-title")),
        lines: vec![chrome.t("notify-unsubscribed")],
        button: None,
        link: Some((chrome.link("/notify"), chrome.t("notify-sign-up-again"))),
    };
    render(&page)
}

/// The active subscription a link names, or the page that says why there
/// is none (a dead link, or a subscription that ended).
async fn live(
    notify: &Notify,
    token: &str,
    chrome: &Chrome,
) -> Result<Result<Subscription, Response>, PageError> {
    let found = notify
        .by_link(token)
        .await
        .map_err(|e| PageError::new(chrome, ApiError::internal(e)))?;
    Ok(match found {
        None => Err(dead_link(chrome)),
        Some(s) if s.status != Status::Active => Err(ended(chrome)),
        Some(s) => Ok(s),
    })
}

async fn manage_page(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let subscription = match live(&notify, &token, &chrome).await? {
        Ok(subscription) => subscription,
        Err(page) => return Ok(page),
    };
    Ok(render(&manage_form(
        &notify,
        &chrome,
        &subscription,
        &token,
    )))
}

async fn manage(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let internal = |e: anyhow::Error| PageError::new(&chrome, ApiError::internal(e));
    let subscription = match live(&notify, &token, &chrome).await? {
        Ok(subscription) => subscription,
        Err(page) => return Ok(page),
    };
    let lang = lang_posted(&pairs, subscription.lang);
    match Interests::from_form(&notify.topics, &pairs) {
        Ok(interests) => {
            store::change(&notify.db, subscription.id, lang, &interests)
                .await
                .map_err(internal)?;
            let changed = Subscription {
                lang,
                interests,
                ..subscription
            };
            let mut page = manage_form(&notify, &chrome, &changed, &token);
            page.saved = true;
            Ok(render(&page))
        }
        Err(problem) => {
            let mut page = manage_form(&notify, &chrome, &subscription, &token);
            page.problem = Some(choice_problem(&chrome, problem));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

async fn unsubscribe_page(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let subscription = match live(&notify, &token, &chrome).await? {
        Ok(subscription) => subscription,
        Err(page) => return Ok(page),
    };
    let page = NoticePage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("notify-unsubscribe-title")),
        lines: vec![chrome.ts("notify-unsubscribe-intro", "address", &subscription.address)],
        button: Some((
            chrome.link(&format!("/unsubscribe/{token}")),
            chrome.t("notify-unsubscribe-button"),
        )),
        link: None,
    };
    Ok(render(&page))
}

/// One click: the mail program's POST (`List-Unsubscribe=One-Click`) or
/// the page's button; either ends the subscription the token names, and a
/// repeat changes nothing.
async fn unsubscribe(
    State(notify): State<Notify>,
    Path(token): Path<String>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let internal = |e: anyhow::Error| PageError::new(&chrome, ApiError::internal(e));
    let Some(subscription) = notify.by_link(&token).await.map_err(internal)? else {
        return Ok(dead_link(&chrome));
    };
    if store::end(&notify.db, subscription.id, Status::Unsubscribed)
        .await
        .map_err(internal)?
    {
        tracing::info!(subscription = subscription.id, "unsubscribed");
    }
    Ok(ended(&chrome))
}
