//! The shared kernel every capability stands on: configuration, the database
//! (SQLite by default, PostgreSQL by `DATABASE_URL`), errors that become clear
//! 4xx answers, Japanese text folding, 和暦 and fiscal years, and the web chrome
//! (layout, stylesheet, language) shared by all public pages.

pub mod access;
pub mod audit;
pub mod cache;
pub mod client;
pub mod clock;
pub mod config;
pub mod csrf;
pub mod db;
pub mod documents;
pub mod error;
pub mod files;
pub mod headers;
pub mod housekeeping;
pub mod i18n;
pub mod keys;
pub mod mail;
pub mod metrics;
pub mod oidc_config;
pub mod outbox;
pub mod sealed;
pub mod text;
pub mod tokens;
pub mod wareki;
pub mod web;

pub use db::Db;
pub use error::{ApiError, FieldError};
