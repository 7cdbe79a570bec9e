//! The counter desk (書かなくてよい窓口): where a visit becomes an
//! application without handwriting.
//!
//! - **Pre-input** (`/staff/counters/{office}/prefills`): the clerk reads the
//!   resident's QR code — typed by a handheld scanner, photographed with the
//!   tablet's camera (a file input, no JavaScript needed), or read live from
//!   the camera — checks the answers with the resident and accepts them.
//! - **Counter entry** (`/staff/counters/{office}/entry`): the clerk fills a
//!   procedure's form while listening to a resident who cannot use a phone,
//!   with the resident's language beside the Japanese of every question.
//!
//! Both make the application the resident's own, counted as made at a
//! counter, with the clerk named in the audit log. Any member of staff with
//! a section may work the desk: a one-stop counter takes every section's
//! procedures and hands each application to its section.

use std::borrow::Cow;

use applications::attachments::{self, Posted};
use applications::model::Submitter;
use applications::prefills::{self, AcceptError, Prefill};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use catalog::model::Office;
use identity::SectionStaff;
use kernel::i18n::Lang;
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, FieldError};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::Counter;
use crate::pages::{internal, office_or_404};
use crate::scan;

/// The live camera reader of the scan page.
pub const SCRIPT_PATH: &str = "/static/counter-desk.js";
const SCRIPT: &str = include_str!("../static/counter-desk.js");

pub fn routes() -> Router<Counter> {
    Router::new()
        .route(SCRIPT_PATH, get(|| async { kernel::web::script(SCRIPT) }))
        .route(
            "/staff/counters/{office}/prefills",
            get(scan_page)
                .post(read_code)
                .layer(DefaultBodyLimit::max(scan::MAX_BYTES + 64 * 1024)),
        )
        .route("/staff/counters/{office}/prefills/{id}", get(check))
        .route(
            "/staff/counters/{office}/prefills/{id}/accept",
            post(accept),
        )
        .route("/staff/counters/{office}/entry", get(entry_start))
        .route(
            "/staff/counters/{office}/entry/{procedure}",
            get(entry_form)
                .post(entry_step)
                .layer(DefaultBodyLimit::max(attachments::MAX_POSTED_BYTES)),
        )
}

#[derive(Template)]
#[template(path = "desk_scan.html")]
struct ScanPage {
    chrome: Chrome,
    office: Office,
    problem: Option<String>,
    code: String,
}

#[derive(Template)]
#[template(path = "desk_prefill.html")]
struct CheckPage {
    chrome: Chrome,
    office: Office,
    prefill: Prefill,
    procedure_name: String,
    applicant: String,
    rows: Vec<forms::display::Row>,
    expired: bool,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "desk_receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    office: Office,
    receipt_number: String,
    procedure_name: String,
    check_code: Option<String>,
    /// The one-stop list to go back to, with this one marked done.
    onestop: Option<String>,
}

fn scan_problem(chrome: &Chrome, ja: &str, en: &str) -> String {
    chrome.pick(ja, en).to_string()
}

async fn scan_page(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office_id): Path<String>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    Ok(scan_view(
        &chrome,
        office,
        None,
        String::new(),
        StatusCode::OK,
    ))
}

fn scan_view(
    chrome: &Chrome,
    office: Office,
    problem: Option<String>,
    code: String,
    status: StatusCode,
) -> Response {
    let title = chrome
        .pick("事前入力を読み取る", "Read a pre-input")
        .to_string();
    (
        status,
        render(&ScanPage {
            chrome: chrome.clone().titled(title),
            office,
            problem,
            code,
        }),
    )
        .into_response()
}

/// A code typed (a handheld scanner types it and Enter) or a picture of it:
/// the pre-input it names opens to be checked.
async fn read_code(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office_id): Path<String>,
    Posted(posted): Posted,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let (pairs, uploads) = match posted {
        Ok(posted) => posted,
        Err(error) => {
            let problem = chrome.field_error(&error.field_error());
            return Ok(scan_view(
                &chrome,
                office,
                Some(problem),
                String::new(),
                error.status(),
            ));
        }
    };
    let typed = kernel::web::posted(&pairs, "code")
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect::<String>();
    let picture = uploads
        .into_iter()
        .find(|u| u.field == "picture" && !u.bytes.is_empty());
    let id = match code_of(&typed, picture.map(|p| p.bytes)).await {
        Ok(id) => id,
        Err((ja, en, status)) => {
            // A code typed wrong stays in the box to be corrected.
            let kept = if typed.trim().is_empty() {
                String::new()
            } else {
                typed
            };
            let problem = scan_problem(&chrome, ja, en);
            return Ok(scan_view(&chrome, office, Some(problem), kept, status));
        }
    };
    Ok(
        Redirect::to(&chrome.link(&format!("/staff/counters/{}/prefills/{id}", office.id)))
            .into_response(),
    )
}

/// Why a code could not be read: the words (Japanese, English) and status.
type Unread = (&'static str, &'static str, StatusCode);

/// The pre-input id a typed code (first) or a picture names.
async fn code_of(typed: &str, picture: Option<axum::body::Bytes>) -> Result<String, Unread> {
    if !typed.trim().is_empty() {
        return prefills::parse_code(typed).ok_or((
            "コードの形が違います。QRコードの下の32文字（英数字）を入力するか、読み取り直してください。",
            "That is not a pre-input code: type the 32 letters and digits under the QR code, or scan it again.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let Some(bytes) = picture else {
        return Err((
            "コードを入力するか、QRコードの写真を選んでください。",
            "Type the code, or choose a picture of the QR code.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    // Decoding is CPU work: off the request threads.
    let read = tokio::task::spawn_blocking(move || scan::read_codes(&bytes))
        .await
        .unwrap_or(Err(scan::ScanError::NotAPicture));
    match read {
        Ok(codes) if codes.is_empty() => Err((
            "写真からQRコードが読み取れませんでした。QRコードが画面いっぱいに、ぼやけずに写るように撮り直してください。",
            "No QR code could be read in the picture: take it again with the code large and sharp.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Ok(codes) => codes
            .iter()
            .find_map(|text| prefills::parse_code(text))
            .ok_or((
                "読み取ったQRコードは事前入力のものではありません。",
                "The QR code read is not a pre-input's.",
                StatusCode::UNPROCESSABLE_ENTITY,
            )),
        Err(scan::ScanError::TooLarge) => Err((
            "写真が大きすぎます（8MBまで）。",
            "The picture is too large (8 MB at most).",
            StatusCode::PAYLOAD_TOO_LARGE,
        )),
        Err(scan::ScanError::NotAPicture) => Err((
            "PNGかJPEGの写真を選んでください。",
            "Choose a PNG or JPEG picture.",
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}

fn no_prefill() -> ApiError {
    ApiError::not_found(
        "その事前入力は見つかりません。取り消されたか、期限が切れて削除されています。",
        "There is no such pre-input: it was cancelled, or it expired and was deleted.",
    )
}

/// How the desk names the applicant: the account's name, or the guest's
/// e-mail address.
async fn applicant(counter: &Counter, submitter: &Submitter) -> String {
    match submitter {
        Submitter::Resident { id } => identity::store::resident_profile(&counter.db, id)
            .await
            .ok()
            .flatten()
            .map(|p| format!("{}（アカウント）", p.name))
            .unwrap_or_else(|| "アカウントの利用者".to_string()),
        Submitter::Guest { email } if !email.is_empty() => format!("{email}（ゲスト）"),
        _ => "ゲスト".to_string(),
    }
}

async fn procedure_name(counter: &Counter, chrome: &Chrome, procedure_id: &str) -> String {
    applications::form_store::current(&counter.db, procedure_id)
        .await
        .ok()
        .flatten()
        .map(|form| form.title.get(chrome.lang).plain())
        .unwrap_or_else(|| procedure_id.to_string())
}

async fn check_view(
    counter: &Counter,
    chrome: &Chrome,
    office: Office,
    prefill: Prefill,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let form = applications::form_store::current(&counter.db, &prefill.procedure_id)
        .await
        .map_err(internal(chrome))?;
    let rows = form
        .as_ref()
        .map(|form| forms::display::rows(form, &prefill.answers, chrome.lang))
        .unwrap_or_default();
    let title = chrome
        .pick("事前入力の確認", "Check a pre-input")
        .to_string();
    Ok((
        status,
        render(&CheckPage {
            chrome: chrome.clone().titled(title),
            procedure_name: procedure_name(counter, chrome, &prefill.procedure_id).await,
            applicant: applicant(counter, &prefill.submitter).await,
            expired: prefill.expired(time::OffsetDateTime::now_utc()),
            errors: errors.iter().map(|e| chrome.field_error(e)).collect(),
            rows,
            office,
            prefill,
        }),
    )
        .into_response())
}

async fn check(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path((office_id, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let id = prefills::parse_code(&id).ok_or_else(|| PageError::new(&chrome, no_prefill()))?;
    let prefill = prefills::find(&counter.db, &id)
        .await
        .map_err(internal(&chrome))?
        .ok_or_else(|| PageError::new(&chrome, no_prefill()))?;
    check_view(&counter, &chrome, office, prefill, &[], StatusCode::OK).await
}

async fn accept(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let id = prefills::parse_code(&id).ok_or_else(|| PageError::new(&chrome, no_prefill()))?;
    let now = time::OffsetDateTime::now_utc();
    match prefills::accept(&counter.applications, &id, &staff.staff.actor(), None, now).await {
        Ok((receipt, prefill)) => {
            let guest = matches!(prefill.submitter, Submitter::Guest { .. });
            Ok(receipt_view(&counter, &chrome, office, &receipt, guest).await)
        }
        Err(AcceptError::Gone) => Err(PageError::new(&chrome, no_prefill())),
        Err(AcceptError::NoForm) => Err(PageError::new(&chrome, no_form())),
        Err(AcceptError::Expired) => {
            let prefill = prefills::find(&counter.db, &id)
                .await
                .map_err(internal(&chrome))?
                .ok_or_else(|| PageError::new(&chrome, no_prefill()))?;
            check_view(&counter, &chrome, office, prefill, &[], StatusCode::GONE).await
        }
        Err(AcceptError::Invalid(errors)) => {
            let prefill = prefills::find(&counter.db, &id)
                .await
                .map_err(internal(&chrome))?
                .ok_or_else(|| PageError::new(&chrome, no_prefill()))?;
            check_view(
                &counter,
                &chrome,
                office,
                prefill,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AcceptError::Internal(error)) => Err(PageError::new(&chrome, error.into())),
    }
}

async fn receipt_view(
    counter: &Counter,
    chrome: &Chrome,
    office: Office,
    receipt: &applications::submit::Receipt,
    guest: bool,
) -> Response {
    render(&receipt_page(counter, chrome, office, receipt, guest).await)
}

async fn receipt_page(
    counter: &Counter,
    chrome: &Chrome,
    office: Office,
    receipt: &applications::submit::Receipt,
    guest: bool,
) -> ReceiptPage {
    let title = chrome.pick("受け付けました", "Received").to_string();
    ReceiptPage {
        chrome: chrome.clone().titled(title),
        procedure_name: procedure_name(counter, chrome, &receipt.procedure_id).await,
        check_code: guest
            .then(|| {
                applications::guest_status::check_code(counter.db.keys(), &receipt.receipt_number)
            })
            .flatten(),
        receipt_number: receipt.receipt_number.clone(),
        office,
        onestop: None,
    }
}

fn no_form() -> ApiError {
    ApiError::not_found(
        "この手続には madoguchi の申請フォームがありません。",
        "This procedure has no madoguchi form.",
    )
}

// ---- Counter entry -------------------------------------------------------

#[derive(Template)]
#[template(path = "desk_entry_start.html")]
struct EntryStartPage {
    chrome: Chrome,
    office: Office,
    q: String,
    beside: String,
    found: Vec<(String, String)>,
    searched: bool,
    languages: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default)]
struct EntryQuery {
    #[serde(default)]
    q: String,
    /// The resident's language, shown beside the Japanese.
    #[serde(default)]
    beside: String,
}

/// Every language a resident may read beside the clerk's Japanese.
fn beside_languages() -> Vec<(&'static str, &'static str)> {
    Lang::ALL
        .iter()
        .filter(|l| **l != Lang::Ja)
        .map(|l| (l.code(), l.native_name()))
        .collect()
}

/// Most procedures the picker lists.
const PICKED: usize = 30;

async fn entry_start(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path(office_id): Path<String>,
    Query(query): Query<EntryQuery>,
) -> Result<Response, PageError> {
    let office = office_or_404(&counter, &chrome, &office_id).await?;
    let q: String = query.q.trim().chars().take(100).collect();
    let mut found = Vec::new();
    if !q.is_empty() {
        found = counter
            .find_procedures(&q)
            .await
            .map_err(internal(&chrome))?
            .into_iter()
            .filter(|s| s.apply_way == "form")
            .take(PICKED)
            .map(|s| (s.id, s.name))
            .collect();
    }
    let title = chrome
        .pick("窓口で入力する", "Enter at the counter")
        .to_string();
    Ok(render(&EntryStartPage {
        chrome: chrome.clone().titled(title),
        office,
        searched: !q.is_empty(),
        q,
        beside: Lang::from_code(&query.beside)
            .map(|l| l.code().to_string())
            .unwrap_or_default(),
        found,
        languages: beside_languages(),
    }))
}

#[derive(Template)]
#[template(path = "desk_entry.html")]
struct EntryPage {
    chrome: Chrome,
    office: Office,
    procedure_id: String,
    beside: String,
    form_html: String,
    errors: Vec<(String, String)>,
    /// On the confirm step: (label in Japanese, label beside, value).
    rows: Vec<(String, String, String)>,
    answers_json: String,
    key: String,
    /// The pre-input being corrected, when it is one.
    prefill: String,
    /// The one-stop list to return to (its query), when there is one.
    onestop: String,
}

#[derive(Deserialize, Default)]
struct FormQuery {
    #[serde(default)]
    beside: String,
    /// A pre-input to correct with the resident before accepting it.
    #[serde(default)]
    prefill: String,
    /// The one-stop list this entry belongs to (its query).
    #[serde(default)]
    onestop: String,
}

struct EntryContext {
    office: Office,
    form: forms::FormDefinition,
    beside: Option<Lang>,
    /// The one-stop list this entry belongs to (its query), or empty.
    onestop: String,
}

async fn entry_context(
    counter: &Counter,
    chrome: &Chrome,
    office_id: &str,
    procedure_id: &str,
    beside: &str,
    onestop: &str,
) -> Result<EntryContext, PageError> {
    let office = office_or_404(counter, chrome, office_id).await?;
    let form = applications::form_store::current(&counter.db, procedure_id)
        .await
        .map_err(internal(chrome))?
        .ok_or_else(|| PageError::new(chrome, no_form()))?;
    Ok(EntryContext {
        office,
        form,
        beside: Lang::from_code(beside).filter(|l| *l != Lang::Ja),
        onestop: onestop_query(onestop),
    })
}

/// The form with the clerk's Japanese and the resident's language beside.
fn entry_page(
    chrome: &Chrome,
    context: &EntryContext,
    answers: &Value,
    errors: &[FieldError],
    counts: &Map<String, Value>,
    prefill: &str,
) -> EntryPage {
    let extras = forms::html::Extras {
        beside: context.beside,
        ..forms::html::Extras::default()
    };
    let name = context.form.title.get(chrome.lang).plain();
    let title = format!("{} — {name}", chrome.pick("窓口で入力", "Counter entry"));
    EntryPage {
        chrome: chrome.clone().titled(title),
        office: context.office.clone(),
        procedure_id: context.form.procedure_id.clone(),
        beside: context
            .beside
            .map(|l| l.code().to_string())
            .unwrap_or_default(),
        form_html: forms::html::render_with(
            &context.form,
            answers,
            errors,
            counts,
            chrome,
            &extras,
        ),
        errors: errors
            .iter()
            .map(|e| (forms::html::anchor(&e.field), chrome.field_error(e)))
            .collect(),
        rows: Vec::new(),
        answers_json: String::new(),
        key: String::new(),
        prefill: prefill.to_string(),
        onestop: context.onestop.clone(),
    }
}

/// A one-stop list's query as pages carry it, re-read and bounded.
fn onestop_query(text: &str) -> String {
    if text.is_empty() || text.len() > 8 * 1024 {
        return String::new();
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect();
    crate::onestop::Visit::from_pairs(&pairs).query()
}

async fn entry_form(
    State(counter): State<Counter>,
    chrome: Chrome,
    _staff: SectionStaff,
    Path((office_id, procedure_id)): Path<(String, String)>,
    Query(query): Query<FormQuery>,
) -> Result<Response, PageError> {
    let context = entry_context(
        &counter,
        &chrome,
        &office_id,
        &procedure_id,
        &query.beside,
        &query.onestop,
    )
    .await?;
    // Correcting a pre-input: its answers fill the form.
    let (answers, prefill) = match prefills::parse_code(&query.prefill) {
        Some(id) => match prefills::find(&counter.db, &id)
            .await
            .map_err(internal(&chrome))?
        {
            Some(p) if p.procedure_id == procedure_id && p.receipt_number.is_none() => {
                (p.answers, p.id)
            }
            _ => return Err(PageError::new(&chrome, no_prefill())),
        },
        None => (visitor_answers(&counter, &context).await, String::new()),
    };
    let counts = counts_of(&answers);
    Ok(render(&entry_page(
        &chrome,
        &context,
        &answers,
        &[],
        &counts,
        &prefill,
    )))
}

/// A new entry of a one-stop visit opens with the applicant's details
/// taken for the visit.
async fn visitor_answers(counter: &Counter, context: &EntryContext) -> Value {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(context.onestop.as_bytes())
        .into_owned()
        .collect();
    let visit = crate::onestop::Visit::from_pairs(&pairs);
    if visit.visitor.is_empty() {
        return Value::Object(Map::new());
    }
    match crate::onestop::visitor(&counter.db, &visit.visitor, time::OffsetDateTime::now_utc())
        .await
    {
        Ok(Some(profile)) => forms::prefill::answers(&context.form, &profile),
        Ok(None) => Value::Object(Map::new()),
        Err(error) => {
            tracing::warn!(%error, "a visitor's details could not be read");
            Value::Object(Map::new())
        }
    }
}

/// How many entries each repeatable group shows for `answers`.
fn counts_of(answers: &Value) -> Map<String, Value> {
    answers
        .as_object()
        .map(|object| {
            object
                .iter()
                .filter_map(|(key, value)| {
                    Some((key.clone(), Value::from(value.as_array()?.len().max(1))))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn unprocessable(page: &EntryPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, render(page)).into_response()
}

async fn entry_step(
    State(counter): State<Counter>,
    chrome: Chrome,
    staff: SectionStaff,
    Path((office_id, procedure_id)): Path<(String, String)>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
    Posted(posted): Posted,
) -> Result<Response, PageError> {
    let (pairs, uploads) = match posted {
        Ok(posted) => posted,
        Err(error) => {
            let context =
                entry_context(&counter, &chrome, &office_id, &procedure_id, "", "").await?;
            let page = entry_page(
                &chrome,
                &context,
                &Value::Null,
                &[error.field_error()],
                &Map::new(),
                "",
            );
            return Ok((error.status(), render(&page)).into_response());
        }
    };
    let field = |name: &str| {
        kernel::web::posted(&pairs, name)
            .unwrap_or_default()
            .to_string()
    };
    let context = entry_context(
        &counter,
        &chrome,
        &office_id,
        &procedure_id,
        &field("__beside"),
        &field("__onestop"),
    )
    .await?;
    let prefill = prefills::parse_code(&field("__prefill")).unwrap_or_default();
    let apps = &counter.applications;
    let today = kernel::clock::today_in_japan();
    if field("__step") == "submit" || field("__step") == "back" {
        let answers: Value = serde_json::from_str(&field("__answers")).unwrap_or(Value::Null);
        if field("__step") == "back" {
            let counts = counts_of(&answers);
            return Ok(render(&entry_page(
                &chrome,
                &context,
                &answers,
                &[],
                &counts,
                &prefill,
            )));
        }
        let now = time::OffsetDateTime::now_utc();
        let outcome = if prefill.is_empty() {
            let key = field("__key");
            let key = if key.is_empty() || key.len() > 64 {
                hex::encode(rand::random::<[u8; 16]>())
            } else {
                key
            };
            let submitter = Submitter::Guest {
                email: answers
                    .get("email")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_lowercase(),
            };
            prefills::submit_at_counter(
                apps.db(),
                apps.writer(),
                &procedure_id,
                &submitter,
                &answers,
                context.beside.unwrap_or(Lang::Ja),
                &format!("counter:{key}"),
                &staff.staff.actor(),
            )
            .await
            .map(|receipt| (receipt, true))
        } else {
            prefills::accept(apps, &prefill, &staff.staff.actor(), Some(&answers), now)
                .await
                .map(|(receipt, kept)| {
                    let guest = matches!(kept.submitter, Submitter::Guest { .. });
                    (receipt, guest)
                })
        };
        return match outcome {
            Ok((receipt, guest)) => {
                let mut page =
                    receipt_page(&counter, &chrome, context.office.clone(), &receipt, guest).await;
                if !context.onestop.is_empty() {
                    let pairs: Vec<(String, String)> =
                        form_urlencoded::parse(context.onestop.as_bytes())
                            .into_owned()
                            .collect();
                    let visit = crate::onestop::Visit::from_pairs(&pairs)
                        .with_done(&procedure_id, &receipt.receipt_number);
                    page.onestop = Some(crate::onestop::link(&context.office.id, &visit));
                }
                Ok(render(&page))
            }
            Err(AcceptError::Invalid(errors)) => {
                let counts = counts_of(&answers);
                Ok(unprocessable(&entry_page(
                    &chrome, &context, &answers, &errors, &counts, &prefill,
                )))
            }
            Err(AcceptError::Gone | AcceptError::Expired) => {
                Err(PageError::new(&chrome, no_prefill()))
            }
            Err(AcceptError::NoForm) => Err(PageError::new(&chrome, no_form())),
            Err(AcceptError::Internal(error)) => Err(PageError::new(&chrome, error.into())),
        };
    }
    let (pairs, upload_errors) = attachments::absorb(
        apps.attachments(),
        apps.db(),
        &context.form,
        "guest",
        client,
        pairs,
        uploads,
    )
    .await;
    let answers = forms::html::unflatten(&pairs, &context.form);
    let answers =
        applications::attachments::resolve(apps.db(), &context.form, Cow::Owned(answers), "guest")
            .await
            .map_err(|e| PageError::new(&chrome, e.into()))?
            .into_owned();
    let counts = applications::apply::group_counts(&pairs);
    if kernel::web::posted(&pairs, "__add").is_some() {
        return Ok(render(&entry_page(
            &chrome,
            &context,
            &answers,
            &upload_errors,
            &counts,
            &prefill,
        )));
    }
    let checked = forms::validate(&context.form, &answers, forms::validate::Context { today });
    let normalized = match checked {
        Ok(normalized) if upload_errors.is_empty() => normalized,
        Ok(_) => {
            return Ok(unprocessable(&entry_page(
                &chrome,
                &context,
                &answers,
                &upload_errors,
                &counts,
                &prefill,
            )));
        }
        Err(mut errors) => {
            errors.extend(upload_errors);
            return Ok(unprocessable(&entry_page(
                &chrome, &context, &answers, &errors, &counts, &prefill,
            )));
        }
    };
    let normalized = Value::Object(normalized);
    // The answers read back to the resident: the clerk's Japanese and the
    // resident's language, row by row (the same form, so the same rows).
    let ja = forms::display::rows(&context.form, &normalized, Lang::Ja);
    let other = context
        .beside
        .map(|lang| forms::display::rows(&context.form, &normalized, lang))
        .unwrap_or_default();
    let rows = ja
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let beside = other
                .get(i)
                .filter(|o| !o.label_in_japanese && o.label != row.label)
                .map(|o| o.label.clone())
                .unwrap_or_default();
            (row.label.clone(), beside, row.value.clone())
        })
        .collect();
    let mut page = entry_page(&chrome, &context, &normalized, &[], &counts, &prefill);
    page.rows = rows;
    page.answers_json = normalized.to_string();
    page.key = hex::encode(rand::random::<[u8; 16]>());
    Ok(render(&page))
}
