//! Changing one's own password (`/my/password`, `/staff/password`): the
//! current password is asked again, the new one must be long enough, and
//! every other session of the account ends.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::FieldError;
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use sqlx::Row;

use crate::{Account, Identity, ResidentSession, SignedIn, StaffSession};

pub fn routes() -> Router<Identity> {
    Router::new()
        .route("/my/password", get(resident_form).post(resident_change))
        .route("/staff/password", get(staff_form).post(staff_change))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    action: &'static str,
    errors: Vec<FieldError>,
    done: bool,
}

#[derive(Deserialize, Default)]
struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

fn page(chrome: &Chrome, session: &SignedIn, errors: Vec<FieldError>, done: bool) -> PasswordPage {
    PasswordPage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("password-change-change-password")),
        action: match session.account {
            Account::Staff(_) => "/staff/password",
            Account::Resident(_) => "/my/password",
        },
        errors,
        done,
    }
}

async fn resident_form(chrome: Chrome, ResidentSession(session): ResidentSession) -> Response {
    render(&page(&chrome, &session, Vec::new(), false))
}

async fn staff_form(chrome: Chrome, StaffSession(session): StaffSession) -> Response {
    render(&page(&chrome, &session, Vec::new(), false))
}

async fn resident_change(
    State(identity): State<Identity>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Response {
    change(identity, chrome, session, form).await
}

async fn staff_change(
    State(identity): State<Identity>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Response {
    change(identity, chrome, session, form).await
}

async fn change(
    identity: Identity,
    chrome: Chrome,
    session: SignedIn,
    form: Result<Form<ChangeForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let (table, kind, id) = match &session.account {
        Account::Staff(staff) => ("staff", "staff", staff.id.clone()),
        Account::Resident(resident) => ("residents", "resident", resident.id.clone()),
    };
    let db = identity.db();
    let stored: Result<String, anyhow::Error> = async {
        let sql = format!("SELECT password_hash FROM {table} WHERE id = $1");
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&id)
            .fetch_one(db.pool())
            .await?
            .try_get("password_hash")?)
    }
    .await;
    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => return PageError::new(&chrome, error.into()).into_response(),
    };
    let mut errors = Vec::new();
    if !crate::password::verify_blocking(form.current.clone(), stored).await {
        tracing::warn!(account = %id, "password change refused: wrong current password");
        errors.push(FieldError::localized(
            "current",
            Message::new("password-change-current-password-not-correct"),
        ));
    }
    if let Err(error) = crate::password::check_new("password", &form.password) {
        errors.push(error);
    }
    if !errors.is_empty() {
        let page = page(&chrome, &session, errors, false);
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    }
    let saved: Result<(), anyhow::Error> = async {
        let hash = crate::password::hash_blocking(form.password).await?;
        let mut tx = db.begin().await?;
        let sql = format!("UPDATE {table} SET password_hash = $1 WHERE id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&hash)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        // Every other session of the account ends; this one stays.
        crate::store::end_sessions_of(&mut tx, kind, &id, Some(&session.csrf_token)).await?;
        // A reset link asked for before the change would undo it.
        if matches!(session.account, Account::Resident(_)) {
            crate::mail_links::revoke_all(&mut tx, crate::mail_links::Purpose::ResetPassword, &id)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match saved {
        Ok(()) => {
            tracing::info!(account = %id, "password changed");
            render(&page(&chrome, &session, Vec::new(), true))
        }
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}
