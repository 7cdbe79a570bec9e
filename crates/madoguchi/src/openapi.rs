//! The `/api/v1` route table and its OpenAPI 3.1 document, made from the
//! same handlers (each carries `#[utoipa::path]` and is registered with
//! `routes!`), so the two cannot drift. Served at `GET /api/v1/openapi.json`,
//! and as a plain reference page at `GET /api/docs` rendered on the server
//! (no script, nothing fetched from elsewhere). The document is kept at
//! `docs/openapi.json`; `tests/openapi.rs` fails when they differ.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;

use crate::app::Platform;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";
/// Where the reference page is served.
pub const REFERENCE_PATH: &str = "/api/docs";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "madoguchi API",
        version = "1.0.0",
        description = "The city's procedures, forms and applications for business systems. \
Operations that take an API token name the scope they need (the bearer requirement's \
scopes, and the description). A token covers the applications of its sections only: \
another section's application is answered 404, as a missing one. Errors are \
`{\"error\": {\"code\", \"message\", \"message_en\", \"fields\"?}}`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "catalog", description = "Procedures (public)"),
        (name = "applications", description = "Applications and cases (API token)"),
        (name = "progress", description = "Online-ization indicators (public open data)"),
        (name = "webhooks", description = "Event subscriptions: signed webhooks, deliveries, replay (API token)"),
        (name = "notices", description = "Signed notices: issue and fetch (API token); verify (public)"),
        (name = "payments", description = "Fees and payments (API token); provider notifications (signed by the provider)"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes and their document.
pub fn api(platform: &Platform) -> (Router, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(platform.catalog.api_router())
        .merge(platform.guide.api_router())
        .merge(platform.applications.api_router())
        .merge(platform.integration().api_router())
        .merge(platform.notices.api_router())
        .merge(platform.payments.api_router())
        .merge(
            progress::Progress::new(platform.catalog.clone(), platform.identity.clone())
                .api_router(),
        )
        .split_for_parts();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("mdg_…")
                .description(Some(
                    "An API token issued by the DX office (`madoguchi tokens create` or \
                     /staff/api-tokens): `Authorization: Bearer mdg_…`.",
                ))
                .build(),
        ),
    );
    (router, doc)
}

/// The document as served (and as kept in `docs/openapi.json`).
pub fn document_text(doc: &utoipa::openapi::OpenApi) -> String {
    let mut text = doc.to_pretty_json().unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

#[derive(Clone)]
struct Served {
    json: Arc<String>,
    page: Arc<String>,
}

/// The routes that serve the document and its reference page.
pub fn document_routes(doc: &utoipa::openapi::OpenApi) -> Router {
    let json = document_text(doc);
    let value: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    let served = Served {
        json: Arc::new(json),
        page: Arc::new(reference_page(&value)),
    };
    Router::new()
        .route(DOCUMENT_PATH, get(document))
        .route(REFERENCE_PATH, get(reference))
        .with_state(served)
}

async fn document(State(served): State<Served>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        served.json.as_str().to_string(),
    )
        .into_response()
}

async fn reference(State(served): State<Served>) -> Html<String> {
    Html(served.page.as_str().to_string())
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A schema in a few words: a component's name, or its type.
fn schema_label(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    match schema.get("type") {
        Some(Value::String(kind)) if kind == "array" => format!(
            "array of {}",
            schema
                .get("items")
                .map(schema_label)
                .unwrap_or_else(|| "anything".into())
        ),
        Some(Value::String(kind)) => esc(kind),
        Some(Value::Array(kinds)) => esc(&kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or ")),
        _ => "any".to_string(),
    }
}

fn content_list(content: Option<&Value>) -> String {
    let Some(Value::Object(content)) = content else {
        return String::new();
    };
    content
        .iter()
        .map(|(kind, media)| {
            let schema = media
                .get("schema")
                .map(schema_label)
                .unwrap_or_else(|| "bytes".into());
            format!("<code>{}</code>: {schema}", esc(kind))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The reference page: every operation with its scope, parameters, body
/// and responses, then the schemas. Plain HTML, nothing else loaded.
pub fn reference_page(doc: &Value) -> String {
    let mut page = String::new();
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — API リファレンス / reference</title>\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n<main class=\"container\">\n\
         <h1>{title} <small>{version}</small></h1>\n<p>{description}</p>\n\
         <p>OpenAPI 3.1: <a href=\"{doc_path}\">{doc_path}</a></p>\n<h2>Operations</h2>\n",
        title = esc(text_of(&info, "title")),
        version = esc(text_of(&info, "version")),
        description = esc(text_of(&info, "description")),
        css = kernel::web::STYLESHEET_PATH,
        doc_path = DOCUMENT_PATH,
    );
    let empty = serde_json::Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let _ = write!(
                page,
                "<section class=\"operation\">\n<h3><code>{} {}</code></h3>\n<p>{}</p>\n",
                method.to_uppercase(),
                esc(path),
                esc(text_of(operation, "summary")),
            );
            let description = text_of(operation, "description");
            if !description.is_empty() {
                let _ = writeln!(page, "<p>{}</p>", esc(description));
            }
            let scopes: Vec<String> = operation
                .get("security")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|requirement| requirement.get("bearer"))
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(Value::as_str)
                .map(|s| format!("<code>{}</code>", esc(s)))
                .collect();
            if operation.get("security").is_some() {
                let _ = writeln!(
                    page,
                    "<p>API トークン / token: {}</p>",
                    if scopes.is_empty() {
                        "required".to_string()
                    } else {
                        scopes.join(", ")
                    }
                );
            } else {
                let _ = writeln!(page, "<p>公開 / public</p>");
            }
            if let Some(Value::Array(parameters)) = operation.get("parameters") {
                page.push_str("<h4>Parameters</h4>\n<ul>\n");
                for parameter in parameters {
                    let _ = writeln!(
                        page,
                        "<li><code>{}</code> ({}{}) {} — {}</li>",
                        esc(text_of(parameter, "name")),
                        esc(text_of(parameter, "in")),
                        if parameter.get("required") == Some(&Value::Bool(true)) {
                            ", required"
                        } else {
                            ""
                        },
                        parameter
                            .get("schema")
                            .map(schema_label)
                            .unwrap_or_default(),
                        esc(text_of(parameter, "description")),
                    );
                }
                page.push_str("</ul>\n");
            }
            if let Some(body) = operation.get("requestBody") {
                let _ = writeln!(
                    page,
                    "<h4>Body</h4>\n<p>{} {}</p>",
                    esc(text_of(body, "description")),
                    content_list(body.get("content"))
                );
            }
            if let Some(Value::Object(responses)) = operation.get("responses") {
                page.push_str("<h4>Responses</h4>\n<ul>\n");
                for (status, response) in responses {
                    let _ = writeln!(
                        page,
                        "<li><strong>{}</strong> {} {}</li>",
                        esc(status),
                        esc(text_of(response, "description")),
                        content_list(response.get("content"))
                    );
                }
                page.push_str("</ul>\n");
            }
            page.push_str("</section>\n");
        }
    }
    page.push_str("<h2>Schemas</h2>\n");
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            let _ = writeln!(
                page,
                "<section id=\"schema-{0}\">\n<h3>{0}</h3>\n<pre>{1}</pre>\n</section>",
                esc(name),
                esc(&serde_json::to_string_pretty(schema).unwrap_or_default()),
            );
        }
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}
