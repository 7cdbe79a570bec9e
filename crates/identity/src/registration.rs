//! Residents make their own accounts (`/register`): a name and an e-mail
//! address, then a link mailed to the address opens a page where the
//! account's password is chosen (argon2id); until then the account has no
//! usable password. So whoever reads the mailbox chooses the password, even
//! when someone else asked for the account first. The pages never tell
//! whether an address is already registered (its owner gets a mail saying
//! so instead), answer after the same work either way, and a link works
//! once, for a day.

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
use kernel::mail::Mail;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, Db, FieldError};
use serde::Deserialize;
use sqlx::Row;

use crate::Identity;
use crate::mail_links::{self, Purpose};

pub fn routes() -> Router<Identity> {
    Router::new()
        .route("/register", get(form).post(register))
        .route("/register/verify", get(verify_form).post(verify))
        .route("/register/resend", axum::routing::post(resend))
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    name: String,
    email: String,
    errors: Vec<FieldError>,
}

impl RegisterPage {
    fn error(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    fn has_error(&self, field: &str) -> bool {
        self.error(field).is_some()
    }
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    chrome: Chrome,
    lines: Vec<String>,
    show_resend: bool,
    email: String,
    link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "choose_password.html")]
struct ChoosePasswordPage {
    chrome: Chrome,
    token: String,
    name: String,
    errors: Vec<FieldError>,
}

impl ChoosePasswordPage {
    fn error(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

/// The password of an account whose address is not checked yet: no
/// password verifies against it.
const NO_PASSWORD: &str = "!";

#[derive(Deserialize, Default)]
struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

/// A plausible address: one `@`, something either side, a dot in the
/// domain, no spaces. The mail itself is the real check.
pub fn check_email(email: &str) -> Result<String, FieldError> {
    let email = crate::store::normalize_email(email);
    let plausible = email.len() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || kernel::text::is_hidden_format(c))
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if plausible {
        Ok(email)
    } else {
        Err(FieldError::localized(
            "email",
            Message::new("registration-enter-valid-e-mail-2"),
        ))
    }
}

fn sent_page(chrome: &Chrome, email: &str) -> NoticePage {
    NoticePage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("registration-check-mail")),
        lines: vec![
            Message::new("registration-mail-sent")
                .with("email", email)
                .marked_up(chrome.lang),
        ],
        show_resend: true,
        email: email.to_string(),
        link: None,
    }
}

async fn form(chrome: Chrome) -> Response {
    let title = chrome.marked_up("registration-create-account").to_string();
    render(&RegisterPage {
        chrome: chrome.titled(title),
        name: String::new(),
        email: String::new(),
        errors: Vec::new(),
    })
}

/// Queues a check mail with a new link for the resident, unless the
/// address has had too many in the last hour.
async fn send_link(db: &Db, resident_id: &str, lang: Lang) -> anyhow::Result<()> {
    mail_links::send(db, Purpose::CheckAddress, resident_id, lang).await
}

async fn register(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    posted: Result<Form<RegisterForm>, FormRejection>,
) -> Response {
    let form = posted.map(|Form(f)| f).unwrap_or_default();
    let mut errors = Vec::new();
    let email = check_email(&form.email).map_err(|e| errors.push(e)).ok();
    let name = clean_name(&form.name);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let title = chrome.marked_up("registration-create-account").to_string();
        let page = RegisterPage {
            chrome: chrome.titled(title),
            name,
            email: form.email,
            errors,
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    };
    if let Some(refused) = identity.refuse_mail(&chrome, client, "registration") {
        return refused;
    }
    match create(&identity, &email, &name, chrome.lang).await {
        Ok(()) => render(&sent_page(&chrome, &email)),
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control() && !kernel::text::is_hidden_format(*c))
        .collect::<String>()
        .trim()
        .chars()
        .take(100)
        .collect()
}

/// Every branch queues one mail and nothing else, and none hashes a
/// password, so the answer takes as long whether or not the address is
/// known.
async fn create(identity: &Identity, email: &str, name: &str, lang: Lang) -> anyhow::Result<()> {
    let db = identity.db();
    let existing = sqlx::query("SELECT id, email_verified_at FROM residents WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    if let Some(row) = existing {
        let id: String = row.try_get("id")?;
        let verified: Option<String> = row.try_get("email_verified_at")?;
        if verified.is_none() {
            // Asked again before clicking: a fresh link.
            return send_link(db, &id, lang).await;
        }
        // Tell the owner, not the visitor, that the address has an account.
        kernel::mail::enqueue(
            db.pool(),
            &Mail::localized(
                &Mail::to_resident(&id),
                lang,
                Message::new("mail-already-registered-subject"),
                Message::new("mail-already-registered-body"),
                None,
                Some(lang.link("/login")),
            ),
        )
        .await?;
        return Ok(());
    }
    let id = crate::store::new_id();
    let inserted = sqlx::query(
        "INSERT INTO residents (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(&id)
    .bind(email)
    .bind(name)
    .bind(NO_PASSWORD)
    .bind(kernel::clock::now_text())
    .execute(db.pool())
    .await?
    .rows_affected();
    if inserted == 1 {
        tracing::info!(resident = %id, "resident account created; address not yet checked");
        send_link(db, &id, lang).await?;
    }
    Ok(())
}

#[derive(Deserialize, Default)]
struct VerifyQuery {
    #[serde(default)]
    token: String,
}

fn choose_password_page(
    chrome: &Chrome,
    token: String,
    name: String,
    errors: Vec<FieldError>,
) -> ChoosePasswordPage {
    ChoosePasswordPage {
        chrome: chrome
            .clone()
            .titled(chrome.marked_up("password-reset-set-new-password")),
        token,
        name,
        errors,
    }
}

fn link_unusable(chrome: &Chrome) -> Response {
    (
        StatusCode::BAD_REQUEST,
        render(&NoticePage {
            chrome: chrome
                .clone()
                .titled(chrome.marked_up("registration-link-cannot-used")),
            lines: vec![
                chrome
                    .marked_up("registration-link-has-expired-after")
                    .to_string(),
            ],
            show_resend: true,
            email: String::new(),
            link: None,
        }),
    )
        .into_response()
}

/// The mailed link opens the page where the password is chosen; opening it
/// changes nothing (mail scanners open links too).
async fn verify_form(
    State(identity): State<Identity>,
    chrome: Chrome,
    query: Result<Query<VerifyQuery>, QueryRejection>,
) -> Response {
    let token = query.map(|Query(q)| q.token).unwrap_or_default();
    let found: anyhow::Result<Option<String>> = async {
        if !mail_links::is_live(identity.db(), Purpose::CheckAddress, &token).await? {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT residents.name FROM residents JOIN email_verifications \
             ON email_verifications.resident_id = residents.id \
             WHERE email_verifications.token_hash = $1",
        )
        .bind(crate::store::token_hash(&token))
        .fetch_optional(identity.db().pool())
        .await?;
        Ok(row.map(|r| r.try_get("name")).transpose()?)
    }
    .await;
    match found {
        Ok(Some(name)) => render(&choose_password_page(&chrome, token, name, Vec::new())),
        Ok(None) => link_unusable(&chrome),
        Err(error) => PageError::new(&chrome, ApiError::from(error)).into_response(),
    }
}

#[derive(Deserialize, Default)]
struct VerifyForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn verify(
    State(identity): State<Identity>,
    chrome: Chrome,
    posted: Result<Form<VerifyForm>, FormRejection>,
) -> Response {
    let form = posted.map(|Form(f)| f).unwrap_or_default();
    let name = clean_name(&form.name);
    if let Err(error) = crate::password::check_new("password", &form.password) {
        let page = choose_password_page(&chrome, form.token, name, vec![error]);
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    }
    match confirm(identity.db(), &form.token, &name, form.password).await {
        Ok(true) => render(&NoticePage {
            chrome: chrome
                .clone()
                .titled(chrome.marked_up("registration-account-ready")),
            lines: vec![
                chrome
                    .marked_up("registration-address-confirmed-sign-apply")
                    .to_string(),
            ],
            show_resend: false,
            email: String::new(),
            link: Some((
                chrome.link("/login"),
                chrome.marked_up("registration-sign").to_string(),
            )),
        }),
        Ok(false) => link_unusable(&chrome),
        Err(error) => PageError::new(&chrome, ApiError::from(error)).into_response(),
    }
}

/// When `token` is a live link: marks the address checked and sets the
/// password (and name) chosen by whoever opened the mail; false otherwise.
async fn confirm(db: &Db, token: &str, name: &str, password: String) -> anyhow::Result<bool> {
    let hash = crate::password::hash_blocking(password).await?;
    let mut tx = db.begin().await?;
    let Some(resident) = mail_links::redeem(&mut tx, Purpose::CheckAddress, token).await? else {
        return Ok(false);
    };
    sqlx::query(
        "UPDATE residents SET password_hash = $1, name = $2, \
         email_verified_at = COALESCE(email_verified_at, $3) WHERE id = $4",
    )
    .bind(&hash)
    .bind(name)
    .bind(kernel::clock::now_text())
    .bind(&resident)
    .execute(&mut *tx)
    .await?;
    // The other check links of the address are spent with this one.
    mail_links::revoke_all(&mut tx, Purpose::CheckAddress, &resident).await?;
    crate::store::end_sessions_of(&mut tx, "resident", &resident, None).await?;
    tx.commit().await?;
    tracing::info!(resident = %resident, "resident address checked; password chosen");
    Ok(true)
}

#[derive(Deserialize, Default)]
struct ResendForm {
    #[serde(default)]
    email: String,
}

async fn resend(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    posted: Result<Form<ResendForm>, FormRejection>,
) -> Response {
    let form = posted.map(|Form(f)| f).unwrap_or_default();
    let Ok(email) = check_email(&form.email) else {
        let mut page = sent_page(&chrome, "");
        page.lines = vec![
            chrome
                .marked_up("registration-enter-valid-e-mail")
                .to_string(),
        ];
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    };
    if let Some(refused) = identity.refuse_mail(&chrome, client, "registration resend") {
        return refused;
    }
    let unverified =
        sqlx::query("SELECT id FROM residents WHERE email = $1 AND email_verified_at IS NULL")
            .bind(&email)
            .fetch_optional(identity.db().pool())
            .await;
    let outcome = match unverified {
        Ok(Some(row)) => match row.try_get::<String, _>("id") {
            Ok(id) => send_link(identity.db(), &id, chrome.lang).await,
            Err(e) => Err(e.into()),
        },
        // The same answer whether or not the address has an account.
        Ok(None) => Ok(()),
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(()) => render(&sent_page(&chrome, &email)),
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_shape_and_folded() {
        assert_eq!(
            check_email("  Hanako@Example.JP ").ok().as_deref(),
            Some("hanako@example.jp")
        );
        // Typed with a Japanese input method in full width.
        assert_eq!(
            check_email("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ")
                .ok()
                .as_deref(),
            Some("hanako@example.jp")
        );
        for bad in [
            "",
            "hanako",
            "hanako@",
            "@example.jp",
            "a b@example.jp",
            "a@b@c.jp",
            "a@localhost",
            "a@.jp",
            "taro\u{200B}@example.jp",
            "taro@example.jp\u{202E}",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }
}
