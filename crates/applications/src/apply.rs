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
    FormPage {
        chrome: titled(chrome, context),
        action: format!("/procedures/{}/apply", context.procedure.id),
        button: chrome.t("apply-continue"),
        form_html: forms::html::render(&context.form, answers, errors, counts, chrome),
        errors: error_list(errors, chrome),
        correction_request: None,
        notice: None,
        can_save_draft: resident_id(context).is_some(),
    }
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
        return render(&form_page(
            &chrome,
            &context,
            &Value::Object(Map::new()),
            &[],
            &Map::new(),
        ));
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

pub(crate) fn group_counts(pairs: &[(String, String)]) -> Map<String, Value> {
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
                    render(&form_page(&chrome, &context, &answers, &errors, &counts)),
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
                    let rows = forms::display::rows(&context.form, &normalized, chrome.lang);
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
