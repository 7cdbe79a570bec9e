//! "Forgot my password" for residents: a link mailed to the address (one
//! hour, one use) opens a page to set a new password; every session of the
//! account ends. The page answers the same whether or not the address has an
//! account.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::client::ClientAddr;
use kernel::i18n::{Lang, Message};
use kernel::web::{Chrome, PageError, render};
use kernel::{Db, FieldError};
use serde::Deserialize;
use sqlx::Row;

use crate::Identity;
use crate::mail_links::{self, Purpose};

pub fn routes() -> Router<Identity> {
    Router::new()
        .route("/password/forgot", get(forgot_form).post(forgot))
        .route("/password/reset", get(reset_form).post(reset))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    chrome: Chrome,
    sent: bool,
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    chrome: Chrome,
    token: String,
    errors: Vec<FieldError>,
}

fn forgot_page(chrome: &Chrome, sent: bool) -> ForgotPage {
    ForgotPage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("password-reset-forgot-password")),
        sent,
    }
}

async fn forgot_form(chrome: Chrome) -> Response {
    render(&forgot_page(&chrome, false))
}

#[derive(Deserialize, Default)]
struct ForgotForm {
    #[serde(default)]
    email: String,
}

async fn forgot(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    form: Result<Form<ForgotForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    if let Some(refused) = identity.refuse_mail(&chrome, client, "password reset") {
        return refused;
    }
    if let Ok(email) = crate::registration::check_email(&form.email)
        && let Err(error) = send_link(identity.db(), &email, chrome.lang).await
    {
        return PageError::new(&chrome, error.into()).into_response();
    }
    render(&forgot_page(&chrome, true))
}

async fn send_link(db: &Db, email: &str, lang: Lang) -> anyhow::Result<()> {
    let Some(row) = sqlx::query("SELECT id FROM residents WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(());
    };
    let resident: String = row.try_get("id")?;
    mail_links::send(db, Purpose::ResetPassword, &resident, lang).await
}

#[derive(Deserialize, Default)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn reset_page(chrome: &Chrome, token: String, errors: Vec<FieldError>) -> ResetPage {
    ResetPage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("password-reset-set-new-password")),
        token,
        errors,
    }
}

fn expired() -> kernel::ApiError {
    kernel::ApiError::localized(
        StatusCode::BAD_REQUEST,
        "link_expired",
        Message::new("password-reset-link-has-expired-was"),
    )
}

async fn reset_form(
    State(identity): State<Identity>,
    chrome: Chrome,
    query: Result<Query<TokenQuery>, QueryRejection>,
) -> Response {
    let token = query.map(|Query(q)| q.token).unwrap_or_default();
    match mail_links::is_live(identity.db(), Purpose::ResetPassword, &token).await {
        Ok(true) => render(&reset_page(&chrome, token, Vec::new())),
        Ok(false) => PageError::new(&chrome, expired()).into_response(),
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

#[derive(Deserialize, Default)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

async fn reset(
    State(identity): State<Identity>,
    chrome: Chrome,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    if let Err(error) = crate::password::check_new("password", &form.password) {
        let page = reset_page(&chrome, form.token, vec![error]);
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    }
    let done: anyhow::Result<bool> = async {
        let db = identity.db();
        let hash = crate::password::hash_blocking(form.password).await?;
        let mut tx = db.begin().await?;
        let Some(resident) = mail_links::redeem(&mut tx, Purpose::ResetPassword, &form.token).await?
        else {
            return Ok(false);
        };
        // Whoever has the mail owns the address: it counts as checked.
        sqlx::query(
            "UPDATE residents SET password_hash = $1, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3",
        )
        .bind(&hash)
        .bind(kernel::clock::now_text())
        .bind(&resident)
        .execute(&mut *tx)
        .await?;
        crate::store::end_sessions_of(&mut tx, "resident", &resident, None).await?;
        // Links asked for earlier die with this one.
        mail_links::revoke_all(&mut tx, Purpose::ResetPassword, &resident).await?;
        tx.commit().await?;
        tracing::info!(resident = %resident, "password set from a reset link");
        Ok(true)
    }
    .await;
    match done {
        Ok(true) => render(&ForgotDone {
            chrome: chrome
                .clone()
                .titled(chrome.marked_up("password-reset-new-password-set")),
        }),
        Ok(false) => PageError::new(&chrome, expired()).into_response(),
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

#[derive(Template)]
#[template(
    source = "{% extends \"layout.html\" %}{% block content %}<h1>{{ chrome.title_html()|safe }}</h1><p><a class=\"button\" href=\"{{ chrome.link(\"/login\") }}\">{{ chrome.t(\"registration-sign\")|safe }}</a></p>{% endblock %}",
    ext = "html"
)]
struct ForgotDone {
    chrome: Chrome,
}
