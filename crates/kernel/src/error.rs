//! Errors as the user sees them: a status, a stable code, a message in
//! Japanese with its English version, and per-field details. Internal failures
//! are logged in full and answered with a generic 500 that leaks nothing.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::i18n::{Lang, Message};

/// One problem with one input field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub message_en: String,
    /// The catalog message, for pages in the other languages.
    #[serde(skip)]
    pub text: Option<Message>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: ja.into(),
            message_en: en.into(),
            text: None,
        }
    }

    /// A problem worded in the message catalogs (so in every language).
    pub fn localized(field: impl Into<String>, text: Message) -> Self {
        FieldError {
            field: field.into(),
            message: text.plain(Lang::Ja),
            message_en: text.plain(Lang::En),
            text: Some(text),
        }
    }

    /// The problem in a language, furigana markup kept (see [`Message`]).
    pub fn marked_up(&self, lang: Lang) -> String {
        marked_up(lang, self.text.as_ref(), &self.message, &self.message_en)
    }
}

/// A catalog message in the reader's language; a message given only in
/// Japanese and English shows Japanese to Japanese readers, English to others.
fn marked_up(lang: Lang, text: Option<&Message>, ja: &str, en: &str) -> String {
    match text {
        Some(text) => text.marked_up(lang),
        None if lang.reads_japanese() => ja.to_string(),
        None => en.to_string(),
    }
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub message_en: String,
    pub fields: Vec<FieldError>,
    /// The catalog message, for pages in the other languages (boxed: errors
    /// travel in `Result`s and should stay small).
    pub text: Option<Box<Message>>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    message_en: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldError],
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        ja: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            message: ja.into(),
            message_en: en.into(),
            fields: Vec::new(),
            text: None,
        }
    }

    /// An error worded in the message catalogs (so in every language).
    pub fn localized(status: StatusCode, code: &'static str, text: Message) -> Self {
        ApiError {
            status,
            code,
            message: text.plain(Lang::Ja),
            message_en: text.plain(Lang::En),
            fields: Vec::new(),
            text: Some(Box::new(text)),
        }
    }

    pub fn not_found_page() -> Self {
        Self::localized(
            StatusCode::NOT_FOUND,
            "not_found",
            Message::new("error-page-not-found"),
        )
    }

    /// The message in a language, furigana markup kept.
    pub fn marked_up(&self, lang: Lang) -> String {
        marked_up(lang, self.text.as_deref(), &self.message, &self.message_en)
    }

    pub fn not_found(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", ja, en)
    }

    /// Bad query parameters or body fields, each named.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        ApiError {
            fields,
            ..Self::localized(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                Message::new("error-invalid-request"),
            )
        }
    }

    /// A form posted without the page's token (expired page or forged request).
    pub fn page_expired() -> Self {
        Self::localized(
            StatusCode::FORBIDDEN,
            "csrf",
            Message::new("error-page-expired"),
        )
    }

    /// A request body past the platform's limit.
    pub fn too_large() -> Self {
        Self::localized(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            Message::new("error-request-too-large"),
        )
    }

    /// Too much is being handled at once: try again shortly.
    pub fn busy() -> Self {
        Self::localized(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            Message::new("error-busy"),
        )
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::localized(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            Message::new("error-internal"),
        )
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(error)
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        Self::internal(format!("{error:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: &self.message,
                message_en: &self.message_en,
                fields: &self.fields,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// The API's error body as the OpenAPI document describes it: what
/// [`ApiError`] serialises to.
#[derive(utoipa::ToSchema)]
#[schema(as = Error)]
#[allow(dead_code)]
pub struct ErrorSchema {
    error: ErrorDetailSchema,
}

/// One error: a stable code and the message in Japanese and English.
#[derive(utoipa::ToSchema)]
#[schema(as = ErrorDetail)]
#[allow(dead_code)]
pub struct ErrorDetailSchema {
    /// `unauthorized`, `forbidden`, `not_found`, `invalid_request`,
    /// `rate_limited`, `too_large`, `malformed_json` …
    code: String,
    message: String,
    message_en: String,
    /// The fields at fault, when there are some.
    #[schema(required = false)]
    fields: Vec<FieldErrorSchema>,
}

/// A problem with one input field.
#[derive(utoipa::ToSchema)]
#[schema(as = FieldError)]
#[allow(dead_code)]
pub struct FieldErrorSchema {
    field: String,
    message: String,
    message_en: String,
}

/// The refusals every operation that takes an API token may answer.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum TokenRefusals {
    /// No token, or one unknown, revoked or expired.
    #[response(status = 401)]
    Unauthorized(ErrorSchema),
    /// The token lacks the operation's scope.
    #[response(status = 403)]
    Forbidden(ErrorSchema),
    /// The token is over its rate limit; `Retry-After` says when to try again.
    #[response(status = 429, headers(("Retry-After" = u64, description = "Seconds to wait")))]
    TooManyRequests(ErrorSchema),
}
