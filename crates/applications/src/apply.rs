//! The resident's way through an application, on a phone, without
//! JavaScript: the form (`/procedures/{id}/apply`), a confirm page, and the
//! receipt. A likely duplicate is pointed out before sending; the confirm
//! page carries an idempotency key, so a double tap or a reload of the
//! receipt makes one application.

use askama::Template;
use kernel::i18n::Message;
use std::borrow::Cow;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use forms::FormDefinition;
use identity::{MaybeSignedIn, SignedIn};
use kernel::web::{Chrome, PageError, render};
use kernel::{ApiError, FieldError};
use serde_json::{Map, Value};

use crate::attachments::{self, Posted};
use crate::model::Submitter;
use crate::submit::{Submission, SubmitError, Submitted};
use crate::{Applications, drafts, form_store, store};

pub fn routes() -> Router<Applications> {
    Router::new().route(
        "/procedures/{id}/apply",
        get(start)
            .post(step)
            .layer(axum::extract::DefaultBodyLimit::max(
                attachments::MAX_POSTED_BYTES,
            )),
    )
}

#[derive(Template)]
#[template(path = "apply.html")]
pub(crate) struct FormPage {
    pub(crate) chrome: Chrome,
    pub(crate) action: String,
    pub(crate) button: String,
    pub(crate) form_html: String,
    pub(crate) errors: Vec<(String, String)>,
    /// On a correction: what the section asked to correct.
    pub(crate) correction_request: Option<String>,
    /// A confirmation shown above the form (a draft kept or reopened).
    pub(crate) notice: Option<String>,
    /// Signed-in residents can keep a draft.
    pub(crate) can_save_draft: bool,
    /// The languages the form can switch to, keeping what was typed:
    /// (code, native name).
    pub(crate) languages: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    procedure_id: String,
    rows: Vec<forms::display::Row>,
    answers_json: String,
    key: String,
    duplicate_of: Option<String>,
    /// From another capability: the fee to pay.
    extra: Option<String>,
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    receipt_number: String,
    submitted_at: String,
    signed_in: bool,
    /// A guest's code that opens the application's status with its number.
    check_code: Option<String>,
    /// From another capability: the way to pay the fee.
    extra: Option<String>,
}

struct Context {
    procedure: catalog::model::Procedure,
    form: FormDefinition,
    session: Option<SignedIn>,
}

fn no_form(id: &str) -> ApiError {
    ApiError::localized(
        axum::http::StatusCode::NOT_FOUND,
        "not_found",
        Message::new("apply-not-online").with("id", id),
    )
}

/// The procedure and its form, or why this visitor cannot apply (a 404, or
/// a redirect to the login when the procedure needs an account).
async fn context(
    apps: &Applications,
    chrome: &Chrome,
    id: &str,
    session: Option<SignedIn>,
) -> Result<Context, Response> {
    let fail = |e: ApiError| PageError::new(chrome, e).into_response();
    let procedure = catalog::store::procedure(apps.db(), id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(no_form(id)))?;
    let form = form_store::current(apps.db(), id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(no_form(id)))?;
    let resident = session.as_ref().is_some_and(|s| s.resident().is_some());
    if !procedure.guest_allowed && !resident {
        let next = format!("/procedures/{id}/apply");
        return Err(Redirect::to(
            &chrome.link(&format!("/login?next={}", kernel::web::encode(&next))),
        )
        .into_response());
    }
    Ok(Context {
        procedure,
        form,
        session,
    })
}

fn titled(chrome: &Chrome, context: &Context) -> Chrome {
    chrome
        .clone()
        .titled_city(context.form.title.get(chrome.lang))
        .with_japanese_texts(!context.form.translated_into(chrome.lang))
}

fn form_page(
    chrome: &Chrome,
    context: &Context,
    answers: &Value,
    errors: &[FieldError],
    counts: &Map<String, Value>,
) -> FormPage {
    form_page_with(
        chrome,
        context,
        answers,
        errors,
        counts,
        &forms::html::Extras::default(),
    )
}

fn form_page_with(
    chrome: &Chrome,
    context: &Context,
    answers: &Value,
    errors: &[FieldError],
    counts: &Map<String, Value>,
    extras: &forms::html::Extras,
) -> FormPage {
    // The apply page answers the bank search step.
    let extras = forms::html::Extras {
        bank_search: true,
        ..extras.clone()
    };
    FormPage {
        chrome: titled(chrome, context),
        action: format!("/procedures/{}/apply", context.procedure.id),
        button: chrome.t("apply-continue"),
        form_html: forms::html::render_with(
            &context.form,
            answers,
            errors,
            counts,
            chrome,
            &extras,
        ),
        errors: error_list(errors, chrome),
        correction_request: None,
        notice: None,
        can_save_draft: resident_id(context).is_some(),
        languages: switch_languages(chrome.lang),
    }
}

/// The languages the form's switch offers: all but the page's own.
pub(crate) fn switch_languages(current: kernel::i18n::Lang) -> Vec<(&'static str, &'static str)> {
    kernel::i18n::Lang::ALL
        .iter()
        .filter(|lang| **lang != current)
        .map(|lang| (lang.code(), lang.native_name()))
        .collect()
}

/// What a signed-in resident's profile fills a new application with.
async fn prefilled(apps: &Applications, context: &Context) -> Value {
    let Some(resident) = resident_id(context) else {
        return Value::Object(Map::new());
    };
    match identity::store::resident_profile(apps.db(), resident).await {
        Ok(Some(profile)) => forms::prefill::answers(
            &context.form,
            &forms::prefill::Profile {
                name: profile.name,
                name_kana: profile.name_kana,
                email: profile.email,
                phone: profile.phone,
                postal_code: profile.postal_code,
                address: profile.address,
                birth_date: profile.birth_date,
            },
        ),
        Ok(None) => Value::Object(Map::new()),
        Err(error) => {
            tracing::warn!(error = %error, "a profile could not be read to fill a form");
            Value::Object(Map::new())
        }
    }
}

/// Every bank account field of the form, with its path (top level only:
/// an account is the applicant's).
fn bank_fields(form: &FormDefinition) -> Vec<String> {
    form.sections
        .iter()
        .flat_map(|section| section.fields.iter())
        .filter(|field| matches!(field.kind, forms::FieldKind::BankAccount))
        .map(|field| field.id.clone())
        .collect()
}

/// The bank search step: what was typed in each account's name boxes, and
/// for the button pressed, what the list has.
async fn bank_extras(
    apps: &Applications,
    form: &FormDefinition,
    pairs: &[(String, String)],
    answers: &Value,
) -> anyhow::Result<forms::html::Extras> {
    let mut extras = forms::html::Extras::default();
    for path in bank_fields(form) {
        let typed = |prefix: &str| {
            field(pairs, &format!("{prefix}.{path}"))
                .unwrap_or_default()
                .chars()
                .take(banks::store::MAX_QUERY_CHARS)
                .collect::<String>()
        };
        let mut search = forms::html::BankSearch {
            bank_query: typed("__bank_q"),
            branch_query: typed("__branch_q"),
            ..Default::default()
        };
        let entries = |found: Vec<banks::Entry>| {
            found
                .into_iter()
                .map(|e| (e.code, e.name))
                .collect::<Vec<_>>()
        };
        if field(pairs, "__bank_search") == Some(path.as_str()) {
            search.banks = Some(entries(
                banks::store::search_banks(apps.db(), &search.bank_query).await?,
            ));
        }
        if field(pairs, "__branch_search") == Some(path.as_str()) {
            let bank_code = answers
                .get(&path)
                .and_then(|a| a.get("bank_code"))
                .and_then(Value::as_str)
                .map(|code| format!("{:0>4}", kernel::text::nfkc(code.trim())))
                .unwrap_or_default();
            search.branches = Some(entries(
                banks::store::search_branches(apps.db(), &bank_code, &search.branch_query).await?,
            ));
        }
        extras.banks.insert(path, search);
    }
    Ok(extras)
}

/// The confirm page names the bank and branch beside their codes.
async fn name_banks(
    apps: &Applications,
    form: &FormDefinition,
    answers: &Value,
    rows: &mut [forms::display::Row],
) {
    for path in bank_fields(form) {
        let Some(account) = answers.get(&path) else {
            continue;
        };
        let code = |key: &str| account.get(key).and_then(Value::as_str).unwrap_or("");
        let plain = forms::display::bank_account(account, None, None);
        let bank = banks::store::bank(apps.db(), code("bank_code"))
            .await
            .ok()
            .flatten();
        let branch = banks::store::branch(apps.db(), code("bank_code"), code("branch_code"))
            .await
            .ok()
            .flatten();
        let named = forms::display::bank_account(
            account,
            bank.as_ref().map(|b| b.name.as_str()),
            branch.as_ref().map(|b| b.name.as_str()),
        );
        for row in rows.iter_mut().filter(|row| row.value == plain) {
            row.value = named.clone();
        }
    }
}

/// When the bank list is loaded, each account's bank and branch must be in
/// it (the codes a resident typed by hand included).
async fn unknown_bank_codes(
    apps: &Applications,
    form: &FormDefinition,
    answers: &Value,
) -> anyhow::Result<Vec<FieldError>> {
    let fields = bank_fields(form);
    if fields.is_empty() || banks::store::count(apps.db()).await? == 0 {
        return Ok(Vec::new());
    }
    let mut errors = Vec::new();
    for path in fields {
        let Some(account) = answers.get(&path) else {
            continue;
        };
        // Codes as validation normalizes them; what is not digits is
        // validation's to refuse.
        let code = |key: &str, n: usize| {
            let text = kernel::text::nfkc(account.get(key).and_then(Value::as_str).unwrap_or(""))
                .trim()
                .to_string();
            (!text.is_empty() && text.len() <= n && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("{text:0>n$}"))
        };
        let Some(bank) = code("bank_code", 4) else {
            continue;
        };
        if banks::store::bank(apps.db(), &bank).await?.is_none() {
            errors.push(FieldError::localized(
                format!("{path}.bank_code"),
                Message::new("form-unknown-bank").with("code", bank),
            ));
        } else if let Some(branch) = code("branch_code", 3)
            && banks::store::branch(apps.db(), &bank, &branch)
                .await?
                .is_none()
        {
            errors.push(FieldError::localized(
                format!("{path}.branch_code"),
                Message::new("form-unknown-branch").with("code", branch),
            ));
        }
    }
    Ok(errors)
}

fn resident_id(context: &Context) -> Option<&str> {
    context
        .session
        .as_ref()
        .and_then(SignedIn::resident)
        .map(|r| r.id.as_str())
}

/// Each problem's anchor and its message as HTML in the page language.
pub(crate) fn error_list(errors: &[FieldError], chrome: &Chrome) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (forms::html::anchor(&e.field), chrome.field_error(e)))
        .collect()
}

async fn start(
    State(apps): State<Applications>,
    chrome: Chrome,
    MaybeSignedIn(session): MaybeSignedIn,
    Path(id): Path<String>,
) -> Response {
    let context = match context(&apps, &chrome, &id, session).await {
        Ok(context) => context,
        Err(response) => return response,
    };
    let draft = match resident_id(&context) {
        Some(resident) => drafts::load(apps.db(), resident, &id)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "a draft could not be read");
                None
            }),
        None => None,
    };
    let Some((answers, kept_at)) = draft else {
        // A new application starts from the resident's own profile.
        let answers = prefilled(&apps, &context).await;
        return render(&form_page(&chrome, &context, &answers, &[], &Map::new()));
    };
    let counts = counts_of(&answers);
    let mut page = form_page(&chrome, &context, &answers, &[], &counts);
    page.notice = Some(format!(
        "{}（{}）",
        chrome.marked_up("apply-can-go-from-draft"),
        chrome.time(&kept_at)
    ));
    render(&page)
}

pub(crate) use kernel::web::posted as field;

/// How many items each group of `answers` shows when a draft reopens.
fn counts_of(answers: &Value) -> Map<String, Value> {
    answers
        .as_object()
        .map(|object| {
            object
                .iter()
                .filter_map(|(key, value)| {
                    let items = value.as_array()?;
                    Some((key.clone(), Value::from(items.len().max(1))))
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn group_counts(pairs: &[(String, String)]) -> Map<String, Value> {
    let mut counts = Map::new();
    for (name, value) in pairs {
        if let Some(path) = name.strip_prefix("__count.")
            && let Ok(n) = value.parse::<u64>()
        {
            counts.insert(path.to_string(), Value::from(n.min(100)));
        }
    }
    if let Some(group) = field(pairs, "__add") {
        let n = counts.get(group).and_then(Value::as_u64).unwrap_or(1);
        counts.insert(group.to_string(), Value::from((n + 1).min(100)));
    }
    counts
}

/// "Hand in at a counter": the answers are checked as for sending, then
/// kept for the counter (see `prefills`), and the resident gets the QR code.
async fn keep_for_counter(
    apps: &Applications,
    chrome: &Chrome,
    context: &Context,
    answers: Value,
    key: &str,
    owner: &str,
    today: time::Date,
) -> Response {
    let answers =
        match attachments::resolve(apps.db(), &context.form, Cow::Owned(answers), owner).await {
            Ok(answers) => answers.into_owned(),
            Err(error) => return PageError::new(chrome, error.into()).into_response(),
        };
    let normalized =
        match forms::validate(&context.form, &answers, forms::validate::Context { today }) {
            Ok(normalized) => Value::Object(normalized),
            Err(errors) => {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render(&form_page(chrome, context, &answers, &errors, &Map::new())),
                )
                    .into_response();
            }
        };
    let submitter = submitter(context.session.as_ref(), &normalized);
    match crate::prefills::create(
        apps.db(),
        &context.form,
        &submitter,
        &normalized,
        chrome.lang,
        key,
        time::OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(prefill) => {
            Redirect::to(&chrome.link(&format!("/prefills/{}", prefill.id))).into_response()
        }
        Err(error) => PageError::new(chrome, error.into()).into_response(),
    }
}

fn submitter(session: Option<&SignedIn>, answers: &Value) -> Submitter {
    match session.and_then(SignedIn::resident) {
        Some(resident) => Submitter::Resident {
            id: resident.id.clone(),
        },
        None => Submitter::Guest {
            email: answers
                .get("email")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_lowercase(),
        },
    }
}

async fn step(
    State(apps): State<Applications>,
    chrome: Chrome,
    MaybeSignedIn(session): MaybeSignedIn,
    Path(id): Path<String>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
    Posted(posted): Posted,
) -> Response {
    let context = match context(&apps, &chrome, &id, session).await {
        Ok(context) => context,
        Err(response) => return response,
    };
    let owner = submitter(context.session.as_ref(), &Value::Null).upload_owner();
    let (pairs, upload_errors) = match posted {
        Ok((pairs, uploads)) => {
            attachments::absorb(
                apps.attachments(),
                apps.db(),
                &context.form,
                &owner,
                client,
                pairs,
                uploads,
            )
            .await
        }
        Err(error) => {
            return (
                error.status(),
                render(&form_page(
                    &chrome,
                    &context,
                    &Value::Null,
                    &[error.field_error()],
                    &Map::new(),
                )),
            )
                .into_response();
        }
    };
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+9))
        .date();
    match field(&pairs, "__step") {
        Some("counter") => {
            let answers: Value = field(&pairs, "__answers")
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or(Value::Null);
            let key = field(&pairs, "__key")
                .filter(|k| !k.is_empty() && k.len() <= 64)
                .map(str::to_owned)
                .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>()));
            keep_for_counter(&apps, &chrome, &context, answers, &key, &owner, today).await
        }
        Some("submit") | Some("back") => {
            let answers: Value = field(&pairs, "__answers")
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or(Value::Null);
            if field(&pairs, "__step") == Some("back") {
                let answers = match attachments::resolve(
                    apps.db(),
                    &context.form,
                    Cow::Borrowed(&answers),
                    &owner,
                )
                .await
                {
                    Ok(resolved) => resolved.into_owned(),
                    Err(_) => answers,
                };
                return render(&form_page(&chrome, &context, &answers, &[], &Map::new()));
            }
            let key = field(&pairs, "__key")
                .filter(|k| !k.is_empty() && k.len() <= 64)
                .map(str::to_owned);
            let submitter = submitter(context.session.as_ref(), &answers);
            let outcome = crate::submit::submit(
                apps.db(),
                apps.writer(),
                Submission {
                    lang: chrome.lang,
                    channel: crate::model::Channel::Online,
                    entered_by: None,
                    form: &context.form,
                    section_id: context.procedure.section_id.as_deref(),
                    standard_days: context.procedure.standard_days,
                    submitter: &submitter,
                    idempotency_key: key.as_deref(),
                    answers: &answers,
                },
            )
            .await;
            match outcome {
                Ok(Submitted::Created(receipt) | Submitted::Replayed(receipt)) => {
                    if let Some(resident) = resident_id(&context)
                        && let Err(error) = drafts::delete(apps.db(), resident, &id).await
                    {
                        tracing::warn!(error = %error, "a sent application's draft was not removed");
                    }
                    let extra = match apps.extras() {
                        Some(extras) => {
                            extras
                                .after_sending(&receipt.receipt_number, &answers, &chrome)
                                .await
                        }
                        None => None,
                    };
                    // Guests follow the application by its number and this code.
                    let check_code = context
                        .session
                        .is_none()
                        .then(|| {
                            crate::guest_status::check_code(
                                apps.db().keys(),
                                &receipt.receipt_number,
                            )
                        })
                        .flatten();
                    render(&ReceiptPage {
                        chrome: chrome
                            .clone()
                            .titled(chrome.marked_up("apply-application-has-been-received")),
                        extra,
                        receipt_number: receipt.receipt_number,
                        submitted_at: receipt.submitted_at,
                        signed_in: context.session.is_some(),
                        check_code,
                    })
                }
                Err(SubmitError::Invalid(errors)) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render(&form_page(
                        &chrome,
                        &context,
                        &answers,
                        &errors,
                        &Map::new(),
                    )),
                )
                    .into_response(),
                Err(SubmitError::KeyReused) => {
                    let error = FieldError::localized(
                        "",
                        Message::new("apply-application-has-already-been"),
                    );
                    (
                        StatusCode::CONFLICT,
                        render(&form_page(
                            &chrome,
                            &context,
                            &answers,
                            &[error],
                            &Map::new(),
                        )),
                    )
                        .into_response()
                }
                Err(SubmitError::Internal(error)) => {
                    PageError::new(&chrome, error.into()).into_response()
                }
            }
        }
        _ => {
            let answers = forms::html::unflatten(&pairs, &context.form);
            let answers =
                match attachments::resolve(apps.db(), &context.form, Cow::Owned(answers), &owner)
                    .await
                {
                    Ok(answers) => answers.into_owned(),
                    Err(error) => return PageError::new(&chrome, error.into()).into_response(),
                };
            let counts = group_counts(&pairs);
            // The language switch: a resident's input is kept as a draft and
            // the form reopens in the language chosen; a guest's comes back
            // in it at once.
            if let Some(lang) = field(&pairs, "__lang").and_then(kernel::i18n::Lang::from_code) {
                let link = lang.link(&format!("/procedures/{id}/apply"));
                if let Some(resident) = resident_id(&context) {
                    if let Err(error) = drafts::save(apps.db(), resident, &id, &answers).await {
                        return PageError::new(&chrome, error.into()).into_response();
                    }
                    return Redirect::to(&link).into_response();
                }
                let mut switched = chrome.clone();
                switched.lang = lang;
                let extras = match bank_extras(&apps, &context.form, &pairs, &answers).await {
                    Ok(extras) => extras,
                    Err(error) => return PageError::new(&chrome, error.into()).into_response(),
                };
                return render(&form_page_with(
                    &switched,
                    &context,
                    &answers,
                    &upload_errors,
                    &counts,
                    &extras,
                ));
            }
            let extras = match bank_extras(&apps, &context.form, &pairs, &answers).await {
                Ok(extras) => extras,
                Err(error) => return PageError::new(&chrome, error.into()).into_response(),
            };
            if field(&pairs, "__bank_search").is_some()
                || field(&pairs, "__branch_search").is_some()
            {
                return render(&form_page_with(
                    &chrome,
                    &context,
                    &answers,
                    &upload_errors,
                    &counts,
                    &extras,
                ));
            }
            if field(&pairs, "__draft").is_some()
                && let Some(resident) = resident_id(&context)
            {
                if let Err(error) = drafts::save(apps.db(), resident, &id, &answers).await {
                    return PageError::new(&chrome, error.into()).into_response();
                }
                let mut page = form_page(&chrome, &context, &answers, &upload_errors, &counts);
                page.notice = Some(chrome.marked_up("apply-draft-kept-can-go").to_string());
                return render(&page);
            }
            if field(&pairs, "__add").is_some() {
                return render(&form_page(
                    &chrome,
                    &context,
                    &answers,
                    &upload_errors,
                    &counts,
                ));
            }
            let checked =
                forms::validate(&context.form, &answers, forms::validate::Context { today });
            let bank_errors = match unknown_bank_codes(&apps, &context.form, &answers).await {
                Ok(errors) => errors,
                Err(error) => return PageError::new(&chrome, error.into()).into_response(),
            };
            let checked = match checked {
                Ok(_) if !bank_errors.is_empty() => Err(bank_errors),
                Err(mut errors) => {
                    let more: Vec<FieldError> = bank_errors
                        .into_iter()
                        .filter(|b| !errors.iter().any(|e| e.field == b.field))
                        .collect();
                    errors.extend(more);
                    Err(errors)
                }
                other => other,
            };
            let checked = match checked {
                Ok(_) if !upload_errors.is_empty() => Err(upload_errors),
                Err(errors) if !upload_errors.is_empty() => {
                    // The upload's own reason replaces "attach it".
                    let mut all = upload_errors.clone();
                    all.extend(
                        errors
                            .into_iter()
                            .filter(|e| !upload_errors.iter().any(|u| u.field == e.field)),
                    );
                    Err(all)
                }
                other => other,
            };
            match checked {
                Err(errors) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render(&form_page_with(
                        &chrome, &context, &answers, &errors, &counts, &extras,
                    )),
                )
                    .into_response(),
                Ok(normalized) => {
                    let fiscal_year = kernel::wareki::fiscal_year_of(today);
                    // A guest is only an address anyone can type: guests are
                    // told of no earlier application (the section still is).
                    let duplicate_key = crate::submit::duplicate_key(
                        apps.db().vault(),
                        &context.form,
                        &normalized,
                        fiscal_year,
                    );
                    let duplicate_of = match (duplicate_key, resident_id(&context)) {
                        (Some(key), Some(resident)) => {
                            store::own_receipt_with_duplicate_key(apps.db(), &key, resident)
                                .await
                                .ok()
                                .flatten()
                        }
                        _ => None,
                    };
                    let normalized = Value::Object(normalized);
                    let extra = match apps.extras() {
                        Some(extras) => {
                            extras
                                .before_sending(&context.procedure.id, &normalized, &chrome)
                                .await
                        }
                        None => None,
                    };
                    let mut rows = forms::display::rows(&context.form, &normalized, chrome.lang);
                    name_banks(&apps, &context.form, &normalized, &mut rows).await;
                    render(&ConfirmPage {
                        chrome: chrome
                            .clone()
                            .titled(chrome.marked_up("apply-check-answers"))
                            .with_japanese_texts(rows.iter().any(|r| r.label_in_japanese)),
                        procedure_id: context.procedure.id.clone(),
                        rows,
                        answers_json: answers.to_string(),
                        key: hex::encode(rand::random::<[u8; 16]>()),
                        duplicate_of,
                        extra,
                    })
                }
            }
        }
    }
}
