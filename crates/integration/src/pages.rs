//! The DX office's webhook pages (`/staff/webhooks`): subscriptions with
//! their health — a failing one is flagged at the top — a new subscription
//! (its secret shown once), and per subscription the delivery history with
//! status codes and timings, dead letters replayed one by one or all at
//! once, and stopping it.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::DxOfficeSession;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::event::Filter;
use crate::store::{self, Attempt, Delivery, Health, NewSubscription, Subscription};

pub fn routes() -> Router<crate::Integration> {
    Router::new()
        .route("/staff/webhooks", get(list).post(create))
        .route("/staff/webhooks/{id}", get(show))
        .route("/staff/webhooks/{id}/replay", post(replay))
        .route("/staff/webhooks/{id}/disable", post(disable))
}

/// A posted form is at most this big (the URL and a hundred sections).
const MAX_FORM: usize = 64 * 1024;

struct Row {
    subscription: Subscription,
    health: Health,
    failing: bool,
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    failing: usize,
    types: Vec<&'static str>,
    sections: Vec<(String, String)>,
    problems: Vec<String>,
    created: Option<(Subscription, String)>,
}

#[derive(Template)]
#[template(path = "webhook.html")]
struct ShowPage {
    chrome: Chrome,
    subscription: Subscription,
    health: Health,
    failing: bool,
    dead: Vec<Delivery>,
    deliveries: Vec<Delivery>,
    attempts: Vec<Attempt>,
}

fn internal(chrome: &Chrome) -> impl Fn(anyhow::Error) -> PageError + '_ {
    move |e| PageError::new(chrome, ApiError::from(e))
}

async fn list_page(
    hub: &crate::Integration,
    chrome: Chrome,
    problems: Vec<String>,
    created: Option<(Subscription, String)>,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("Webhook（イベント通知）", "Webhooks"));
    let for_errors = chrome.clone();
    let fail = internal(&for_errors);
    let now = crate::relay::now_ms();
    let mut rows = Vec::new();
    for subscription in store::list(hub.db()).await.map_err(&fail)? {
        let health = store::health(hub.db(), &subscription.id)
            .await
            .map_err(&fail)?;
        let failing = subscription.disabled_at.is_none() && health.failing(now);
        rows.push(Row {
            subscription,
            health,
            failing,
        });
    }
    let organisation = catalog::store::organisation(hub.db())
        .await
        .map_err(&fail)?;
    let sections = organisation
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    let failing = rows.iter().filter(|r| r.failing).count();
    let status = if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = render(&ListPage {
        chrome,
        rows,
        failing,
        types: crate::event::TYPES.to_vec(),
        sections,
        problems,
        created,
    });
    Ok((status, page).into_response())
}

async fn list(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    _dx: DxOfficeSession,
) -> Result<Response, PageError> {
    list_page(&hub, chrome, Vec::new(), None).await
}

/// The form's fields; several `event` and `section` values may come.
fn fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .take(500)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn values(fields: &[(String, String)], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

async fn create(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    dx: DxOfficeSession,
    body: Bytes,
) -> Result<Response, PageError> {
    let english = !chrome.lang.reads_japanese();
    if body.len() > MAX_FORM {
        return list_page(&hub, chrome, vec!["too large".into()], None).await;
    }
    let fields = fields(&body);
    let new = NewSubscription {
        url: values(&fields, "url")
            .into_iter()
            .next()
            .unwrap_or_default(),
        filter: Filter {
            event_types: values(&fields, "event"),
            sections: values(&fields, "section"),
            bureaus: Vec::new(),
        },
        description: values(&fields, "description")
            .into_iter()
            .next()
            .unwrap_or_default(),
        created_by: dx.actor.clone(),
    };
    let organisation = catalog::store::organisation(hub.db())
        .await
        .map_err(internal(&chrome))?;
    if let Err(problems) = crate::rules::check(&new, &organisation) {
        let shown = problems
            .into_iter()
            .map(|p| if english { p.en } else { p.ja })
            .collect();
        return list_page(&hub, chrome, shown, None).await;
    }
    let created = store::create(hub.db(), &new)
        .await
        .map_err(internal(&chrome))?;
    list_page(&hub, chrome, Vec::new(), Some(created)).await
}

async fn subscription_of(
    hub: &crate::Integration,
    chrome: &Chrome,
    id: &str,
) -> Result<Subscription, PageError> {
    store::get(hub.db(), id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| {
            PageError::new(
                chrome,
                ApiError::not_found(
                    format!("購読「{id}」はありません。"),
                    format!("There is no subscription {id:?}."),
                ),
            )
        })
}

async fn show(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    _dx: DxOfficeSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let subscription = subscription_of(&hub, &chrome, &id).await?;
    let chrome = chrome
        .clone()
        .titled(format!("Webhook {}", subscription.url));
    let for_errors = chrome.clone();
    let fail = internal(&for_errors);
    let health = store::health(hub.db(), &id).await.map_err(&fail)?;
    let failing = subscription.disabled_at.is_none() && health.failing(crate::relay::now_ms());
    Ok(render(&ShowPage {
        dead: store::deliveries(hub.db(), &id, Some("dead"), 200)
            .await
            .map_err(&fail)?,
        deliveries: store::deliveries(hub.db(), &id, None, 100)
            .await
            .map_err(&fail)?,
        attempts: store::attempts(hub.db(), &id, 100).await.map_err(&fail)?,
        chrome,
        subscription,
        health,
        failing,
    }))
}

async fn replay(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let subscription = subscription_of(&hub, &chrome, &id).await?;
    let fields = fields(&body);
    // One delivery, or (no `delivery` field) every dead letter.
    let delivery = values(&fields, "delivery")
        .first()
        .and_then(|d| d.parse::<i64>().ok());
    store::replay(
        hub.db(),
        &subscription.id,
        delivery,
        &dx.actor,
        crate::relay::now_ms(),
    )
    .await
    .map_err(internal(&chrome))?;
    Ok(Redirect::to(&format!("/staff/webhooks/{}", subscription.id)).into_response())
}

async fn disable(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    dx: DxOfficeSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let subscription = subscription_of(&hub, &chrome, &id).await?;
    store::disable(hub.db(), &subscription.id, &dx.actor)
        .await
        .map_err(internal(&chrome))?;
    Ok(Redirect::to(&format!("/staff/webhooks/{}", subscription.id)).into_response())
}
