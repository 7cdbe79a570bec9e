//! `GET /banks?q=` and `GET /banks/{code}/branches?q=`: what a form's
//! script suggests while a resident types a bank's or branch's name. Public
//! like the form itself; queries are cut to 40 characters and answers to 20
//! entries.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kernel::Db;
use serde::Deserialize;

use crate::store;

#[derive(Debug, Deserialize)]
struct Search {
    #[serde(default)]
    q: String,
}

pub fn routes() -> Router<Db> {
    Router::new()
        .route("/banks", get(banks))
        .route("/banks/{code}/branches", get(branches))
}

fn failed(error: anyhow::Error) -> Response {
    tracing::warn!(error = %error, "a bank search failed");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

async fn banks(State(db): State<Db>, Query(search): Query<Search>) -> Response {
    match store::search_banks(&db, &search.q).await {
        Ok(found) => Json(found).into_response(),
        Err(error) => failed(error),
    }
}

async fn branches(
    State(db): State<Db>,
    Path(code): Path<String>,
    Query(search): Query<Search>,
) -> Response {
    if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return (StatusCode::NOT_FOUND, Json(Vec::<store::Entry>::new())).into_response();
    }
    match store::search_branches(&db, &code, &search.q).await {
        Ok(found) => Json(found).into_response(),
        Err(error) => failed(error),
    }
}
