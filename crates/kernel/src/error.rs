//! Errors as the user sees them: a status, a stable code, a message in
//! Japanese with its English version, and per-field details. Internal failures
//! are logged in full and answered with a generic 500 that leaks nothing.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: ja.into(),
            message_en: en.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub message_en: String,
    pub fields: Vec<FieldError>,
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
        }
    }

    pub fn not_found(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", ja, en)
    }

    /// Bad query parameters or body fields, each named.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        ApiError {
            fields,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "入力内容に誤りがあります。",
                "The request has invalid values.",
            )
        }
    }

    /// A form posted without the page's token (expired page or forged request).
    pub fn page_expired() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "画面の有効期限が切れました。もう一度お試しください。",
            "This page has expired. Please try again.",
        )
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "サーバーで問題が発生しました。時間をおいてもう一度お試しください。",
            "Something went wrong on our side. Please try again later.",
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
