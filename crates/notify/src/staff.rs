//! The DX office's announcement pages (`/staff/announcements`): write a
//! draft, see how many subscribers it reaches and the mail each language's
//! readers get, submit it, approve or send back another's city-wide one,
//! cancel, and follow its deliveries.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Form, FromRef, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use identity::{DxOfficeSession, Identity};
use kernel::ApiError;
use kernel::i18n::{Lang, Message};
use kernel::web::{Chrome, PageError, render};
use time::macros::format_description;
use time::{PrimitiveDateTime, UtcOffset};

use crate::Notify;
use crate::announce::{Action, Refusal, State as Step};
use crate::announcements::{self, Announcement, Draft, MAX_BODY, MAX_TITLE, Text};
use crate::rules::Target;

/// The pages' state: the capability and the sign-in that guards them.
#[derive(Clone)]
pub struct Desk {
    pub notify: Notify,
    pub identity: Identity,
}

impl FromRef<Desk> for Identity {
    fn from_ref(desk: &Desk) -> Self {
        desk.identity.clone()
    }
}

pub fn routes() -> Router<Desk> {
    Router::new()
        .route("/staff/announcements", get(list))
        .route("/staff/announcements/new", get(new_page).post(create))
        .route("/staff/announcements/{id}", get(show).post(change))
}

/// Most fields read from the form (eight languages' texts, every topic
/// and ward ticked, and the rest).
const MAX_FIELDS: usize = 300;

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, ApiError::internal(e))
}

struct Row {
    id: i64,
    title: String,
    step: String,
    target: String,
    send_at: String,
    recipients: String,
}

#[derive(Template)]
#[template(path = "announcements.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    subscribers: i64,
}

fn step_label(chrome: &Chrome, step: Step) -> String {
    let (ja, en) = step.label();
    chrome.pick(ja, en).to_string()
}

fn target_text(notify: &Notify, chrome: &Chrome, target: &Target) -> String {
    let name = |c: &crate::rules::Choice| c.name.get(chrome.lang).text.to_string();
    let topics: Vec<String> = target
        .topics
        .iter()
        .filter_map(|t| notify.topics.topic(t))
        .map(name)
        .collect();
    let wards: Vec<String> = target
        .wards
        .iter()
        .filter_map(|w| notify.topics.ward(w))
        .map(name)
        .collect();
    let wards = if wards.is_empty() {
        Message::new("notify-whole-city").plain(chrome.lang)
    } else {
        wards.join(", ")
    };
    format!("{} / {wards}", topics.join(", "))
}

async fn list(
    State(desk): State<Desk>,
    chrome: Chrome,
    _dx: DxOfficeSession,
) -> Result<Response, PageError> {
    let db = &desk.notify.db;
    let all = announcements::list(db, 200)
        .await
        .map_err(internal(&chrome))?;
    let rows = all
        .iter()
        .map(|a| Row {
            id: a.id,
            title: a
                .texts
                .get("ja")
                .map(|t| t.title.clone())
                .unwrap_or_default(),
            step: step_label(&chrome, a.state),
            target: target_text(&desk.notify, &chrome, &a.target),
            send_at: a
                .send_at
                .as_deref()
                .map(|t| chrome.time(t))
                .unwrap_or_else(|| chrome.pick("承認後すぐ", "Once allowed").to_string()),
            recipients: a.recipients.map(|n| n.to_string()).unwrap_or_default(),
        })
        .collect();
    let subscribers = crate::store::active_count(db)
        .await
        .map_err(internal(&chrome))?;
    Ok(render(&ListPage {
        chrome: chrome
            .clone()
            .titled(chrome.pick("お知らせ配信", "Announcements")),
        rows,
        subscribers,
    }))
}

/// One language's mail as its readers get it.
struct Preview {
    lang: String,
    language: String,
    subject: String,
    body: String,
    /// The Japanese stands in for a missing translation.
    fallback: bool,
}

#[derive(Template)]
#[template(path = "announcement.html")]
struct AnnouncementPage {
    chrome: Chrome,
    id: Option<i64>,
    step: Option<String>,
    editable: bool,
    /// (code, name, title, body)
    texts: Vec<(String, String, String, String)>,
    /// (id, name, chosen)
    topics: Vec<(String, String, bool)>,
    wards: Vec<(String, String, bool)>,
    langs: Vec<(String, String, bool)>,
    link_path: String,
    send_at: String,
    problems: Vec<String>,
    reach: i64,
    previews: Vec<Preview>,
    /// (action, label)
    actions: Vec<(String, String)>,
    can_send_back: bool,
    sent_back_why: Option<String>,
    approved_by: Option<String>,
    /// (status, count)
    deliveries: Vec<(String, i64)>,
}

fn previews(announcement_texts: &BTreeMap<String, Text>, langs: &Target) -> Vec<Preview> {
    Lang::ALL
        .iter()
        .filter(|l| langs.langs.is_empty() || langs.langs.contains(l.code()))
        .filter_map(|lang| {
            let own = announcement_texts
                .get(lang.code())
                .filter(|t| !t.title.trim().is_empty());
            let text = own.or_else(|| announcement_texts.get("ja"))?;
            let (subject, body) = crate::sender::compose(text, *lang, "…/notify/manage/…");
            Some(Preview {
                lang: lang.code().to_string(),
                language: lang.native_name().to_string(),
                subject,
                body,
                fallback: own.is_none(),
            })
        })
        .collect()
}

fn page(
    notify: &Notify,
    chrome: &Chrome,
    announcement: Option<&Announcement>,
    draft: &Draft,
    reach: i64,
) -> AnnouncementPage {
    let step = announcement.map(|a| a.state);
    let editable = matches!(step, None | Some(Step::Draft));
    let name = |c: &crate::rules::Choice| c.name.get(chrome.lang).text.to_string();
    let mut actions = Vec::new();
    let mut offer = |action: &str, ja: &str, en: &str| {
        actions.push((action.to_string(), chrome.pick(ja, en).to_string()));
    };
    match step {
        None => offer("save", "下書きを保存", "Save the draft"),
        Some(Step::Draft) => {
            offer("save", "下書きを保存", "Save the draft");
            offer("submit", "配信を申請する", "Submit for sending");
            offer("cancel", "取り消す", "Cancel");
        }
        Some(Step::AwaitingApproval) => {
            offer("approve", "承認する", "Approve");
            offer("send_back", "差し戻す", "Send back");
            offer("cancel", "取り消す", "Cancel");
        }
        Some(Step::Scheduled) => offer("cancel", "取り消す", "Cancel"),
        _ => {}
    }
    AnnouncementPage {
        chrome: chrome.clone().titled(match announcement {
            Some(a) => format!("{} {}", chrome.pick("お知らせ", "Announcement"), a.id),
            None => chrome
                .pick("お知らせを書く", "New announcement")
                .to_string(),
        }),
        id: announcement.map(|a| a.id),
        step: step.map(|s| step_label(chrome, s)),
        editable,
        texts: Lang::ALL
            .iter()
            .map(|l| {
                let text = draft.texts.get(l.code()).cloned().unwrap_or_default();
                (
                    l.code().to_string(),
                    l.native_name().to_string(),
                    text.title,
                    text.body,
                )
            })
            .collect(),
        topics: notify
            .topics
            .topics
            .iter()
            .map(|t| (t.id.clone(), name(t), draft.target.topics.contains(&t.id)))
            .collect(),
        wards: notify
            .topics
            .wards
            .iter()
            .map(|w| (w.id.clone(), name(w), draft.target.wards.contains(&w.id)))
            .collect(),
        langs: Lang::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    l.native_name().to_string(),
                    draft.target.langs.contains(l.code()),
                )
            })
            .collect(),
        link_path: draft.link_path.clone().unwrap_or_default(),
        send_at: draft
            .send_at
            .as_deref()
            .map(local_input)
            .unwrap_or_default(),
        problems: Vec::new(),
        reach,
        previews: previews(&draft.texts, &draft.target),
        can_send_back: step == Some(Step::AwaitingApproval),
        actions,
        sent_back_why: announcement.and_then(|a| a.sent_back_why.clone()),
        approved_by: announcement.and_then(|a| a.approved_by.clone()),
        deliveries: Vec::new(),
    }
}

const JAPAN: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// A stored time as a `datetime-local` value in Japan time.
fn local_input(stored: &str) -> String {
    kernel::clock::parse(stored)
        .map(|at| at.to_offset(JAPAN))
        .and_then(|at| {
            at.format(format_description!("[year]-[month]-[day]T[hour]:[minute]"))
                .ok()
        })
        .unwrap_or_default()
}

/// A `datetime-local` value, read as Japan time.
fn stored_time(input: &str) -> Option<String> {
    let input = input.get(..16)?;
    let at = PrimitiveDateTime::parse(
        input,
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .ok()?;
    Some(kernel::clock::to_text(at.assume_offset(JAPAN)))
}

/// The draft a posted form describes, and what is wrong with it (in the
/// page's language).
fn read_form(notify: &Notify, chrome: &Chrome, pairs: &[(String, String)]) -> (Draft, Vec<String>) {
    let mut draft = Draft::default();
    let mut problems = Vec::new();
    let mut unknown = false;
    for (name, value) in pairs.iter().take(MAX_FIELDS) {
        let value = value.trim();
        match name.as_str() {
            "topic" if notify.topics.topic(value).is_some() => {
                draft.target.topics.insert(value.to_string());
            }
            "ward" if notify.topics.ward(value).is_some() => {
                draft.target.wards.insert(value.to_string());
            }
            "lang" if Lang::from_code(value).is_some() => {
                draft.target.langs.insert(value.to_string());
            }
            "topic" | "ward" | "lang" => unknown = true,
            "link_path" if !value.is_empty() => draft.link_path = Some(value.to_string()),
            "send_at" if !value.is_empty() => match stored_time(value) {
                Some(at) => draft.send_at = Some(at),
                None => problems.push(
                    chrome
                        .pick(
                            "配信日時の形式が正しくありません。",
                            "The sending time is not a date and time.",
                        )
                        .to_string(),
                ),
            },
            _ => {
                let (field, code) = match name.split_once('_') {
                    Some((field @ ("title" | "body"), code)) => (field, code),
                    _ => continue,
                };
                if Lang::from_code(code).is_none() || value.is_empty() {
                    continue;
                }
                let text = draft.texts.entry(code.to_string()).or_default();
                if field == "title" {
                    text.title = value.chars().take(MAX_TITLE + 1).collect();
                } else {
                    text.body = value.chars().take(MAX_BODY + 1).collect();
                }
            }
        }
    }
    if unknown {
        problems.push(chrome.t("notify-stale"));
    }
    if draft
        .texts
        .values()
        .any(|t| t.title.chars().count() > MAX_TITLE || t.body.chars().count() > MAX_BODY)
    {
        problems.push(format!(
            "{} ({MAX_TITLE} / {MAX_BODY})",
            chrome.pick("件名か本文が長すぎます", "A title or text is too long")
        ));
    }
    if let Some(path) = &draft.link_path
        && (!path.starts_with('/')
            || path.starts_with("//")
            || path.len() > 200
            || path.contains(char::is_whitespace))
    {
        problems.push(
            chrome
                .pick(
                    "リンクはこのサイトのページ（/ で始まるパス）にしてください。",
                    "The link must be a page of this site (a path starting with /).",
                )
                .to_string(),
        );
    }
    (draft, problems)
}

async fn reach(notify: &Notify, chrome: &Chrome, target: &Target) -> Result<i64, PageError> {
    announcements::reach(&notify.db, target)
        .await
        .map_err(internal(chrome))
}

async fn new_page(
    State(desk): State<Desk>,
    chrome: Chrome,
    _dx: DxOfficeSession,
) -> Result<Response, PageError> {
    Ok(render(&page(
        &desk.notify,
        &chrome,
        None,
        &Draft::default(),
        0,
    )))
}

async fn create(
    State(desk): State<Desk>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (draft, problems) = read_form(&desk.notify, &chrome, &pairs);
    if !problems.is_empty() {
        let reached = reach(&desk.notify, &chrome, &draft.target).await?;
        let mut shown = page(&desk.notify, &chrome, None, &draft, reached);
        shown.problems = problems;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&shown)).into_response());
    }
    let id = announcements::create(&desk.notify.db, &draft, &dx.actor)
        .await
        .map_err(internal(&chrome))?;
    Ok(Redirect::to(&chrome.link(&format!("/staff/announcements/{id}"))).into_response())
}

async fn shown(
    desk: &Desk,
    chrome: &Chrome,
    announcement: &Announcement,
    problems: Vec<String>,
) -> Result<AnnouncementPage, PageError> {
    let draft = Draft {
        texts: announcement.texts.clone(),
        target: announcement.target.clone(),
        link_path: announcement.link_path.clone(),
        send_at: announcement.send_at.clone(),
    };
    let reached = reach(&desk.notify, chrome, &announcement.target).await?;
    let mut page = page(&desk.notify, chrome, Some(announcement), &draft, reached);
    page.problems = problems;
    page.deliveries = announcements::delivery_counts(&desk.notify.db, announcement.id)
        .await
        .map_err(internal(chrome))?
        .into_iter()
        .collect();
    Ok(page)
}

async fn show(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    chrome: Chrome,
    _dx: DxOfficeSession,
) -> Result<Response, PageError> {
    let Some(announcement) = announcements::get(&desk.notify.db, id)
        .await
        .map_err(internal(&chrome))?
    else {
        return Err(PageError::new(&chrome, ApiError::not_found_page()));
    };
    Ok(render(
        &shown(&desk, &chrome, &announcement, Vec::new()).await?,
    ))
}

fn refusal_text(chrome: &Chrome, refusal: Refusal) -> String {
    match refusal {
        Refusal::NotNow => chrome.pick(
            "この段階ではできません（ほかの職員が先に進めた可能性があります）。",
            "Not at this step (another member of staff may have moved it on).",
        ),
        Refusal::SamePerson => chrome.pick(
            "市全体へのお知らせは、書いた人とは別の職員が承認します。",
            "A city-wide announcement is approved by someone other than its author.",
        ),
        Refusal::Incomplete => chrome.pick(
            "分野を1つ以上選び、日本語の件名と本文を書いてください。",
            "Choose at least one topic and write the Japanese title and text.",
        ),
    }
    .to_string()
}

async fn change(
    State(desk): State<Desk>,
    Path(id): Path<i64>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let db = &desk.notify.db;
    let Some(announcement) = announcements::get(db, id)
        .await
        .map_err(internal(&chrome))?
    else {
        return Err(PageError::new(&chrome, ApiError::not_found_page()));
    };
    let action = pairs
        .iter()
        .find(|(name, _)| name == "action")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let reason = pairs
        .iter()
        .find(|(name, _)| name == "reason")
        .map(|(_, v)| v.trim().chars().take(500).collect::<String>())
        .filter(|r| !r.is_empty());
    // A draft's content is saved with whatever is done to it.
    if announcement.state == Step::Draft && matches!(action, "save" | "submit") {
        let (draft, problems) = read_form(&desk.notify, &chrome, &pairs);
        if !problems.is_empty() {
            let edited = Announcement {
                texts: draft.texts,
                target: draft.target,
                link_path: draft.link_path,
                send_at: draft.send_at,
                ..announcement
            };
            let page = shown(&desk, &chrome, &edited, problems).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
        }
        if let Err(refusal) = announcements::edit(db, id, &draft, &dx.actor)
            .await
            .map_err(internal(&chrome))?
        {
            let page = shown(
                &desk,
                &chrome,
                &announcement,
                vec![refusal_text(&chrome, refusal)],
            )
            .await?;
            return Ok((StatusCode::CONFLICT, render(&page)).into_response());
        }
    }
    let step = match action {
        "save" => None,
        "submit" => Some(Action::Submit),
        "approve" => Some(Action::Approve),
        "send_back" => Some(Action::SendBack),
        "cancel" => Some(Action::Cancel),
        _ => return Err(PageError::new(&chrome, ApiError::not_found_page())),
    };
    if let Some(step) = step
        && let Err(refusal) = announcements::act(db, id, step, &dx.actor, reason.as_deref())
            .await
            .map_err(internal(&chrome))?
    {
        let current = announcements::get(db, id)
            .await
            .map_err(internal(&chrome))?
            .unwrap_or(announcement);
        let page = shown(
            &desk,
            &chrome,
            &current,
            vec![refusal_text(&chrome, refusal)],
        )
        .await?;
        return Ok((StatusCode::CONFLICT, render(&page)).into_response());
    }
    Ok(Redirect::to(&chrome.link(&format!("/staff/announcements/{id}"))).into_response())
}
