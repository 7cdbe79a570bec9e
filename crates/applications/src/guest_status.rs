//! Guests follow their application without an account: the receipt page and
//! the receipt mail give a check code (確認コード) beside the receipt number,
//! and the two open the application's status at `/status`. A guest who signs
//! in later can keep the application on their my page.
//!
//! The code is derived from the receipt number with the installation's
//! first data key (HMAC-SHA-256), so nothing more is stored and a reload of
//! the receipt shows the same code; rotating the data key keeps it. Guessing
//! is bounded by a per-client allowance (50 bits of code, ten tries, then
//! one a minute).

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use hmac::{Hmac, Mac};
use identity::{MaybeSignedIn, ResidentSession};
use kernel::ApiError;
use kernel::client::{ClientAddr, RateLimiter};
use kernel::keys::{Keyring, Purpose};
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;

use crate::Applications;
use crate::model::Application;
use crate::store;

/// Crockford's base 32: no I, L, O or U to misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code (5 bits each).
pub const CODE_LENGTH: usize = 10;
/// Longest input read as a receipt number or a code.
const MAX_INPUT: usize = 64;

/// Tries a client may make before waiting; one more a minute after that.
pub fn limiter() -> Arc<RateLimiter> {
    Arc::new(RateLimiter::new(10, Duration::from_secs(60)))
}

/// The check code of a receipt number, as `ABCDE-FGHJK`; `None` without a
/// data key (never the case in a running installation).
pub fn check_code(keys: &Keyring, receipt: &str) -> Option<String> {
    let key = keys.first(Purpose::Data)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(key.secret()).ok()?;
    mac.update(b"madoguchi check code\0");
    mac.update(receipt.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut bits: u64 = 0;
    for byte in digest.iter().take(8) {
        bits = (bits << 8) | u64::from(*byte);
    }
    let code: String = (0..CODE_LENGTH)
        .map(|i| {
            let index = (bits >> (64 - 5 * (i + 1))) & 0x1f;
            ALPHABET
                .get(usize::try_from(index).unwrap_or(0))
                .map_or('0', |c| char::from(*c))
        })
        .collect();
    let (first, second) = code.split_at(CODE_LENGTH / 2);
    Some(format!("{first}-{second}"))
}

/// A typed code as the code's characters: full-width, lower case, spaces
/// and hyphens of any kind forgiven, and O/I/L read as 0/1/1 as Crockford
/// intends. `None` when it cannot be a code.
pub fn normalize_code(input: &str) -> Option<String> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let code: String = input
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '−' | '‐' | '―' | '_'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.chars().count() == CODE_LENGTH && code.bytes().all(|b| ALPHABET.contains(&b)))
        .then_some(code)
}

/// A typed receipt number as stored (`R8-0000005`): full-width and lower
/// case forgiven.
pub fn normalize_receipt(input: &str) -> Option<String> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let receipt: String = input
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'ー' | '−' | '‐' | '―' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    (!receipt.is_empty()
        && receipt
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then_some(receipt)
}

/// Whether `typed` is the code of `receipt` (compared in constant time).
pub fn code_matches(keys: &Keyring, receipt: &str, typed: &str) -> bool {
    let (Some(expected), Some(typed)) = (check_code(keys, receipt), normalize_code(typed)) else {
        return false;
    };
    let expected: String = expected.chars().filter(|c| *c != '-').collect();
    let mut mac = match Hmac::<Sha256>::new_from_slice(expected.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return false,
    };
    mac.update(b"compare");
    let mut other = match Hmac::<Sha256>::new_from_slice(typed.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return false,
    };
    other.update(b"compare");
    mac.verify_slice(&other.finalize().into_bytes()).is_ok()
}

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/status", get(show).post(check))
        .route("/status/keep", post(keep))
        .route(
            "/status/correct",
            get(correction_form)
                .post(correct)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::attachments::MAX_POSTED_BYTES,
                )),
        )
}

#[derive(Debug, Deserialize, Default)]
pub struct Lookup {
    #[serde(default)]
    receipt: String,
    #[serde(default)]
    code: String,
}

/// What the page shows of an application found by number and code.
struct Found {
    receipt: String,
    code: String,
    procedure: String,
    submitted_at: String,
    status: workflow::Status,
    history: Vec<(String, String, Option<String>)>,
    extra: Option<String>,
    /// A resident is signed in: the application can go onto their my page.
    can_keep: bool,
    /// Where signing in brings the guest back to.
    sign_in_next: String,
    /// The section asked for a correction: where the guest makes it.
    correct: Option<String>,
}

#[derive(Template)]
#[template(path = "guest_status.html")]
struct StatusPage {
    chrome: Chrome,
    receipt: String,
    problem: Option<String>,
    found: Option<Found>,
}

/// The form, or — when the mail's link brings both — the status.
async fn show(
    State(apps): State<Applications>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    MaybeSignedIn(session): MaybeSignedIn,
    Query(lookup): Query<Lookup>,
) -> Response {
    if lookup.receipt.is_empty() || lookup.code.is_empty() {
        let receipt = normalize_receipt(&lookup.receipt).unwrap_or_default();
        return page(&chrome, receipt, None, None);
    }
    answer(&apps, &chrome, client, session.as_ref(), &lookup).await
}

async fn check(
    State(apps): State<Applications>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    MaybeSignedIn(session): MaybeSignedIn,
    Form(lookup): Form<Lookup>,
) -> Response {
    answer(&apps, &chrome, client, session.as_ref(), &lookup).await
}

fn page(
    chrome: &Chrome,
    receipt: String,
    problem: Option<String>,
    found: Option<Found>,
) -> Response {
    let title = chrome.marked_up("guest-status-title");
    render(&StatusPage {
        chrome: chrome.clone().titled(title),
        receipt,
        problem,
        found,
    })
}

/// The guest's application that `lookup` names, or the refusal to answer.
async fn guest_application(
    apps: &Applications,
    chrome: &Chrome,
    client: ClientAddr,
    lookup: &Lookup,
) -> Result<Application, Response> {
    if let Err(wait) = apps.status_checks.take(client) {
        tracing::warn!(client = %client, "refused: too many status checks from this client");
        return Err(identity::too_many_attempts(chrome, wait));
    }
    let receipt = normalize_receipt(&lookup.receipt).unwrap_or_default();
    let refused = |receipt: String| {
        let problem = chrome.t("guest-status-not-found");
        let mut response = page(chrome, receipt, Some(problem), None);
        *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
        response
    };
    if !code_matches(apps.db().keys(), &receipt, &lookup.code) {
        return Err(refused(receipt));
    }
    let application = match store::by_receipt(apps.db(), &receipt).await {
        Ok(Some(application)) if application.submitter_kind == "guest" => application,
        Ok(_) => return Err(refused(receipt)),
        Err(error) => return Err(PageError::new(chrome, error.into()).into_response()),
    };
    // A right code is no attempt at guessing.
    apps.status_checks.give_back(client);
    Ok(application)
}

async fn answer(
    apps: &Applications,
    chrome: &Chrome,
    client: ClientAddr,
    session: Option<&identity::SignedIn>,
    lookup: &Lookup,
) -> Response {
    let application = match guest_application(apps, chrome, client, lookup).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    match found(apps, chrome, session, application).await {
        Ok(found) => page(chrome, found.receipt.clone(), None, Some(found)),
        Err(error) => PageError::new(chrome, error).into_response(),
    }
}

async fn found(
    apps: &Applications,
    chrome: &Chrome,
    session: Option<&identity::SignedIn>,
    application: Application,
) -> Result<Found, ApiError> {
    let procedure = catalog::store::procedure(apps.db(), &application.procedure_id)
        .await?
        .map(|p| (p.name, p.name_en));
    let translated =
        catalog::translations::of_procedures(apps.db(), &[application.procedure_id.as_str()])
            .await?;
    let procedure = procedure
        .map(|(name, name_en)| {
            chrome.city_text(&catalog::translations::localized(
                &name,
                &name_en,
                translated
                    .get(&application.procedure_id)
                    .unwrap_or(&Default::default()),
            ))
        })
        .unwrap_or_default();
    let history = crate::applicant_history::of(apps.db(), &application, chrome).await?;
    let extra = match apps.extras() {
        Some(extras) => extras.on_case(&application.id, false, chrome).await,
        None => None,
    };
    let code = check_code(apps.db().keys(), &application.receipt_number).unwrap_or_default();
    let sign_in_next = kernel::web::encode(&format!(
        "/status?receipt={}&code={}",
        application.receipt_number, code
    ));
    let correct = (application.status == workflow::Status::CorrectionRequested)
        .then(|| correction_path(&application.receipt_number, &code));
    Ok(Found {
        can_keep: session.is_some_and(|s| s.resident().is_some()),
        receipt: application.receipt_number,
        code,
        procedure,
        submitted_at: application.submitted_at,
        status: application.status,
        history,
        extra,
        sign_in_next,
        correct,
    })
}

/// Where a guest's correction posts: number and code ride in the query,
/// which the request log never records.
fn correction_path(receipt: &str, code: &str) -> String {
    format!(
        "/status/correct?receipt={}&code={}",
        kernel::web::encode(receipt),
        kernel::web::encode(code)
    )
}

/// The guest's application the section asked to correct; any other
/// status goes back to the status page.
async fn to_correct(
    apps: &Applications,
    chrome: &Chrome,
    client: ClientAddr,
    lookup: &Lookup,
) -> Result<Application, Response> {
    let application = guest_application(apps, chrome, client, lookup).await?;
    if application.status != workflow::Status::CorrectionRequested {
        let back = format!(
            "/status?receipt={}&code={}",
            kernel::web::encode(&application.receipt_number),
            kernel::web::encode(&lookup.code)
        );
        return Err(Redirect::to(&chrome.link(&back)).into_response());
    }
    Ok(application)
}

async fn correction_form(
    State(apps): State<Applications>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    Query(lookup): Query<Lookup>,
) -> Response {
    let application = match to_correct(&apps, &chrome, client, &lookup).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let action = correction_path(&application.receipt_number, &lookup.code);
    crate::my_page::show_correction(&apps, &chrome, &application, &chrome.link(&action))
        .await
        .unwrap_or_else(|error| PageError::new(&chrome, error).into_response())
}

async fn correct(
    State(apps): State<Applications>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    Query(lookup): Query<Lookup>,
    crate::attachments::Posted(posted): crate::attachments::Posted,
) -> Response {
    let application = match to_correct(&apps, &chrome, client, &lookup).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let action = chrome.link(&correction_path(&application.receipt_number, &lookup.code));
    let done = chrome.link(&format!(
        "/status?receipt={}&code={}",
        kernel::web::encode(&application.receipt_number),
        kernel::web::encode(&lookup.code)
    ));
    let actor = format!("guest:{}", application.receipt_number);
    let correction = crate::my_page::Correction {
        owner: "guest",
        actor: &actor,
        action: &action,
        done: &done,
    };
    crate::my_page::resubmit_correction(&apps, &chrome, &application, &correction, client, posted)
        .await
        .unwrap_or_else(|error| PageError::new(&chrome, error).into_response())
}

#[derive(Debug, Deserialize)]
struct Keep {
    receipt: String,
    code: String,
}

/// A signed-in resident takes a guest application of theirs (they hold its
/// number and code) onto their my page: from then on it is theirs, and its
/// mail goes to their account.
async fn keep(
    State(apps): State<Applications>,
    chrome: Chrome,
    Extension(client): Extension<ClientAddr>,
    ResidentSession(session): ResidentSession,
    Form(form): Form<Keep>,
) -> Response {
    let Some(resident) = session.resident() else {
        return Redirect::to("/login").into_response();
    };
    let lookup = Lookup {
        receipt: form.receipt,
        code: form.code,
    };
    let application = match guest_application(&apps, &chrome, client, &lookup).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let actor = format!("resident:{}", resident.id);
    if let Err(error) = store::give_to_resident(apps.db(), &application, &resident.id, &actor).await
    {
        return PageError::new(&chrome, error.into()).into_response();
    }
    Redirect::to(&chrome.link(&format!("/my/applications/{}", application.receipt_number)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_ten_unambiguous_characters_and_differs_per_receipt() {
        let keys = Keyring::ephemeral();
        let code = check_code(&keys, "R8-0000001").expect("code");
        assert_eq!(code.len(), CODE_LENGTH + 1);
        assert_eq!(code.chars().nth(5), Some('-'));
        assert!(
            code.chars()
                .filter(|c| *c != '-')
                .all(|c| ALPHABET.contains(&(c as u8)))
        );
        assert_eq!(check_code(&keys, "R8-0000001"), Some(code.clone()));
        assert_ne!(check_code(&keys, "R8-0000002"), Some(code.clone()));
        // Another installation's keys give another code.
        assert_ne!(check_code(&Keyring::ephemeral(), "R8-0000001"), Some(code));
    }

    #[test]
    fn typed_codes_are_forgiven_their_case_width_and_lookalikes() {
        let keys = Keyring::ephemeral();
        let code = check_code(&keys, "R8-0000001").expect("code");
        assert!(code_matches(&keys, "R8-0000001", &code));
        assert!(code_matches(&keys, "R8-0000001", &code.to_lowercase()));
        let spaced = code.replace('-', " ");
        assert!(code_matches(&keys, "R8-0000001", &spaced));
        let wide: String = code
            .chars()
            .map(|c| match c {
                '-' => 'ー',
                c => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            })
            .collect();
        assert!(code_matches(&keys, "R8-0000001", &wide), "{wide}");
        assert_eq!(normalize_code("o1l1i-00000").as_deref(), Some("0111100000"));
        assert!(!code_matches(&keys, "R8-0000002", &code));
        assert!(!code_matches(&keys, "R8-0000001", ""));
        assert_eq!(normalize_code(&"A".repeat(1000)), None);
        assert_eq!(
            normalize_code("ABCDE-FGHJU"),
            None,
            "U is not in the alphabet"
        );
    }

    #[test]
    fn typed_receipt_numbers_are_read_as_stored() {
        assert_eq!(
            normalize_receipt(" ｒ８－０００００１２ ").as_deref(),
            Some("R8-0000012")
        );
        assert_eq!(
            normalize_receipt("R8-0000012").as_deref(),
            Some("R8-0000012")
        );
        assert_eq!(normalize_receipt("R8/0000012"), None);
        assert_eq!(normalize_receipt(""), None);
    }
}
