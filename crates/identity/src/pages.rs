//! Login and logout for residents (`/login`) and staff (`/staff/login`), and
//! the account pages they land on (`/my`, `/staff`).

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kernel::client::ClientAddr;
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, FieldError};
use serde::Deserialize;

use crate::model::{Account, AccountKind};
use crate::{
    FAILURE_WINDOW, FREE_FAILURES, Identity, MAX_DELAY, ResidentSession, StaffSession, masked,
    store,
};

pub fn routes() -> Router<Identity> {
    Router::new()
        .route("/login", get(resident_login_form).post(resident_login))
        .route("/staff/login", get(staff_login_form).post(staff_login))
        .route("/logout", post(logout))
        .route("/my", get(my_page))
        .route("/staff", get(staff_page))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    staff: bool,
    email: String,
    next: String,
    errors: Vec<FieldError>,
}

impl LoginPage {
    fn action(&self) -> &'static str {
        if self.staff { "/staff/login" } else { "/login" }
    }
}

#[derive(Deserialize, Default)]
struct NextParam {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize, Default)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only a path on this site may follow a login (no open redirect). The
/// check is made on the value as a browser would read it: percent escapes
/// decoded and tabs, newlines and other control characters dropped, so
/// `/%09/evil.example` counts as `//evil.example`.
pub(crate) fn safe_next(next: &str, fallback: &str) -> String {
    // A header value takes only visible ASCII; anything else is not a path
    // we made.
    let visible =
        !next.is_empty() && next.len() < 500 && next.bytes().all(|b| b.is_ascii_graphic());
    let mut read = next.to_string();
    for _ in 0..3 {
        let decoded = percent_decode(&read);
        if decoded == read {
            break;
        }
        read = decoded;
    }
    let read: String = read
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let mut chars = read.chars();
    let local = read == "/"
        || (chars.next() == Some('/') && chars.next().is_some_and(|c| c != '/' && c != '\\'));
    if visible && local && !read.contains('\\') {
        next.to_string()
    } else {
        fallback.to_string()
    }
}

/// `%XX` escapes decoded (bytes that are not UTF-8 become U+FFFD).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn login_page(
    chrome: Chrome,
    kind: AccountKind,
    email: String,
    next: String,
    errors: Vec<FieldError>,
) -> LoginPage {
    let title = match kind {
        AccountKind::Staff => chrome.marked_up("pages-staff-sign"),
        AccountKind::Resident => chrome.marked_up("pages-sign"),
    }
    .to_string();
    LoginPage {
        chrome: chrome.titled(title),
        staff: kind == AccountKind::Staff,
        email,
        next,
        errors,
    }
}

async fn resident_login_form(
    chrome: Chrome,
    next: Result<Query<NextParam>, QueryRejection>,
) -> Response {
    let next = next.map(|Query(n)| n.next).unwrap_or_default();
    render(&login_page(
        chrome,
        AccountKind::Resident,
        String::new(),
        next,
        Vec::new(),
    ))
}

async fn staff_login_form(
    chrome: Chrome,
    next: Result<Query<NextParam>, QueryRejection>,
) -> Response {
    let next = next.map(|Query(n)| n.next).unwrap_or_default();
    render(&login_page(
        chrome,
        AccountKind::Staff,
        String::new(),
        next,
        Vec::new(),
    ))
}

async fn resident_login(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    login(identity, chrome, client, AccountKind::Resident, form).await
}

async fn staff_login(
    State(identity): State<Identity>,
    client: ClientAddr,
    chrome: Chrome,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    login(identity, chrome, client, AccountKind::Staff, form).await
}

async fn login(
    identity: Identity,
    chrome: Chrome,
    client: ClientAddr,
    kind: AccountKind,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        let error = FieldError::localized("email", Message::new("pages-form-could-not-read"));
        let page = login_page(chrome, kind, String::new(), String::new(), vec![error]);
        return (StatusCode::BAD_REQUEST, render(&page)).into_response();
    };
    let mut errors = Vec::new();
    if form.email.trim().is_empty() || form.email.len() > 254 {
        errors.push(FieldError::localized(
            "email",
            Message::new("pages-enter-e-mail-address"),
        ));
    }
    if form.password.is_empty() || form.password.len() > crate::password::MAX_LENGTH * 4 {
        errors.push(FieldError::localized(
            "password",
            Message::new("pages-enter-password"),
        ));
    }
    if !errors.is_empty() {
        let page = login_page(chrome, kind, form.email, form.next, errors);
        return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
    }
    match attempt(&identity, kind, client, &form, &chrome).await {
        Ok(Ok(response)) => response,
        Ok(Err(Refusal {
            status,
            error,
            wait,
        })) => {
            let page = login_page(chrome, kind, form.email, form.next, vec![error]);
            let response = (status, render(&page)).into_response();
            match wait {
                Some(wait) => crate::with_retry_after(response, wait),
                None => response,
            }
        }
        Err(error) => PageError::new(&chrome, error).into_response(),
    }
}

struct Refusal {
    status: StatusCode,
    error: FieldError,
    /// For a 429: when to try again.
    wait: Option<std::time::Duration>,
}

impl Refusal {
    fn new(status: StatusCode, message: &'static str) -> Self {
        Refusal {
            status,
            error: FieldError::localized("email", Message::new(message)),
            wait: None,
        }
    }

    fn wait(wait: std::time::Duration) -> Self {
        Refusal {
            status: StatusCode::TOO_MANY_REQUESTS,
            error: FieldError::localized("email", crate::wait_message(wait)),
            wait: Some(wait),
        }
    }
}

/// How long a client waits after `failures` failed logins for one address
/// within the window: nothing for the first few, then doubling.
fn wait_after(failures: i64) -> Option<time::Duration> {
    let beyond = failures - FREE_FAILURES;
    (beyond >= 0).then(|| {
        let seconds = 1i64 << beyond.min(20);
        time::Duration::seconds(seconds).min(MAX_DELAY)
    })
}

async fn attempt(
    identity: &Identity,
    kind: AccountKind,
    client: ClientAddr,
    form: &LoginForm,
    chrome: &Chrome,
) -> Result<Result<Response, Refusal>, ApiError> {
    let db = identity.db();
    let account = masked(&form.email);
    // Every try takes from the client's allowance; a success gives it back,
    // so only failures use it up.
    if let Err(wait) = identity.login_limiter().take(client) {
        tracing::warn!(client = %client, kind = kind.code(), %account, "login refused: too many failed logins from this client");
        return Ok(Err(Refusal::wait(wait)));
    }
    let client_key = client.key().to_string();
    let (failures, latest) =
        store::recent_login_failures(db, &form.email, &client_key, FAILURE_WINDOW).await?;
    if let (Some(wait), Some(latest)) = (wait_after(failures), latest) {
        let left = latest + wait - time::OffsetDateTime::now_utc();
        if left.is_positive() {
            tracing::warn!(client = %client, kind = kind.code(), %account, failures, "login refused: this client must wait before trying this address again");
            let left = std::time::Duration::try_from(left).unwrap_or_default();
            return Ok(Err(Refusal::wait(left)));
        }
    }
    let found = store::find_for_login(db, kind, &form.email).await?;
    let verified = match &found {
        Some((_, hash)) => {
            crate::password::verify_blocking(form.password.clone(), hash.clone()).await
        }
        // Spend the same effort when there is no such account, so timing
        // does not reveal which addresses exist.
        None => {
            let _ = crate::password::hash_blocking(form.password.clone()).await;
            false
        }
    };
    let Some((account, _)) = found.filter(|_| verified) else {
        store::record_login_failure(db, &form.email, &client_key, FAILURE_WINDOW).await?;
        tracing::warn!(client = %client, kind = kind.code(), %account, "login refused: wrong e-mail or password");
        return Ok(Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "pages-e-mail-address-password",
        )));
    };
    identity.login_limiter().give_back(client);
    store::clear_login_failures(db, &form.email, &client_key).await?;
    if let Account::Resident(resident) = &account
        && !resident.email_verified
    {
        tracing::info!(resident = %resident.id, "login refused: address not yet checked");
        return Ok(Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "pages-e-mail-address-has",
        )));
    }
    // Staff give a code from their authenticator app before a session exists.
    if let Account::Staff(staff) = &account {
        return crate::two_factor::begin(identity, staff, client, &form.next, chrome)
            .await
            .map(Ok);
    }
    let (lifetime, landing) = match account {
        Account::Staff(_) => (crate::STAFF_SESSION, "/staff"),
        Account::Resident(_) => (crate::RESIDENT_SESSION, "/my"),
    };
    let session = store::create_session(db, &account, lifetime).await?;
    let mut response = Redirect::to(&chrome.link(&safe_next(&form.next, landing))).into_response();
    if let Ok(value) = identity.session_cookie(&session.token, lifetime).parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(Ok(response))
}

async fn logout(State(identity): State<Identity>, chrome: Chrome, headers: HeaderMap) -> Response {
    let session = match identity.current(&headers).await {
        Ok(session) => session,
        Err(error) => return PageError::new(&chrome, error).into_response(),
    };
    if let Some(session) = session
        && let Err(error) = store::end_session(identity.db(), session.token()).await
    {
        return PageError::new(&chrome, error.into()).into_response();
    }
    let mut response = Redirect::to(&chrome.link("/")).into_response();
    if let Ok(value) = identity.clearing_cookie().parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    /// Staff land here: a link to their section's inbox.
    staff: bool,
    /// DX office administrators also manage forms.
    administrator: bool,
    name: String,
    email: String,
    detail: String,
}

async fn my_page(chrome: Chrome, ResidentSession(session): ResidentSession) -> Response {
    let Some(resident) = session.resident() else {
        return Redirect::to("/login").into_response();
    };
    let detail = if resident.email_verified {
        chrome.marked_up("pages-e-mail-address-verified")
    } else {
        chrome.marked_up("pages-e-mail-address-not")
    };
    let page = AccountPage {
        staff: false,
        administrator: false,
        name: resident.name.clone(),
        email: resident.email.clone(),
        detail: detail.to_string(),
        chrome: chrome.clone().titled(chrome.marked_up("pages-my-page")),
    };
    render(&page)
}

async fn staff_page(chrome: Chrome, StaffSession(session): StaffSession) -> Response {
    let Some(staff) = session.staff() else {
        return Redirect::to("/staff/login").into_response();
    };
    let role = if chrome.is_en() {
        staff.role.label_en()
    } else {
        staff.role.label_ja()
    };
    let page = AccountPage {
        staff: true,
        administrator: staff.role == crate::Role::DxAdmin,
        name: staff.name.clone(),
        email: staff.email.clone(),
        detail: format!(
            "{} {role}",
            staff.section_name.as_deref().unwrap_or_default()
        ),
        chrome: chrome.clone().titled(chrome.marked_up("pages-staff-page")),
    };
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_follow_a_login() {
        assert_eq!(safe_next("/my", "/"), "/my");
        assert_eq!(safe_next("/", "/my"), "/");
        assert_eq!(
            safe_next("/procedures?q=%E5%85%90", "/"),
            "/procedures?q=%E5%85%90"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/%09/evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "/%252F/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%0d%0a/evil.example",
            "%2F%2Fevil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(bad, "/my"), "/my", "{bad:?}");
        }
    }
}
