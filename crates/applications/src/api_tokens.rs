//! API tokens as the DX office issues them: the sections and bureaus a
//! token covers, named by id or by name.

use catalog::store::Organisation;

/// The section and bureau ids for `sections` and `bureaus` given by id or
/// by name (a name shared by several sections must be given by id); the
/// problem, in Japanese and English, when one is unknown.
pub fn resolve_reach(
    org: &Organisation,
    sections: &[String],
    bureaus: &[String],
) -> Result<(Vec<String>, Vec<String>), String> {
    let mut section_ids = Vec::new();
    for wanted in sections.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let matching: Vec<&str> = org
            .sections
            .iter()
            .filter(|s| s.id == wanted || s.name == wanted)
            .map(|s| s.id.as_str())
            .collect();
        match matching.as_slice() {
            [id] => section_ids.push(id.to_string()),
            [] => {
                return Err(format!(
                    "課「{wanted}」はありません / no section {wanted:?}"
                ));
            }
            _ => {
                return Err(format!(
                    "課「{wanted}」は複数あります。ID で指定してください / several sections are named {wanted:?}: give the id ({})",
                    matching.join(", ")
                ));
            }
        }
    }
    let mut bureau_ids = Vec::new();
    for wanted in bureaus.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match org
            .bureaus
            .iter()
            .find(|b| b.id == wanted || b.name == wanted)
        {
            Some(bureau) => bureau_ids.push(bureau.id.clone()),
            None => return Err(format!("局「{wanted}」はありません / no bureau {wanted:?}")),
        }
    }
    section_ids.sort();
    section_ids.dedup();
    bureau_ids.sort();
    bureau_ids.dedup();
    Ok((section_ids, bureau_ids))
}

// The DX office's page: `/staff/api-tokens` lists the tokens, issues one
// (its secret shown once, on the answer to the post) and revokes; both
// recorded in the audit log with the staff member as actor.

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::DxOfficeSession;
use kernel::ApiError;
use kernel::tokens::{Action, Listed, NewToken};
use kernel::web::{Chrome, PageError, render};

use crate::Applications;

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/staff/api-tokens", get(page).post(create))
        .route("/staff/api-tokens/{id}/revoke", post(revoke))
}

/// A choice on the form.
struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tokens: Vec<Listed>,
    actions: Vec<Choice>,
    sections: Vec<Choice>,
    bureaus: Vec<Choice>,
    problem: Option<String>,
    /// Just issued: its name and secret, shown this once.
    issued: Option<(String, String)>,
}

async fn show(
    apps: &Applications,
    chrome: Chrome,
    problem: Option<String>,
    issued: Option<(String, String)>,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("API トークン", "API tokens"));
    let fail = |e: anyhow::Error| PageError::new(&chrome, ApiError::from(e));
    let tokens = kernel::tokens::list(apps.db()).await.map_err(fail)?;
    let org = catalog::store::organisation(apps.db())
        .await
        .map_err(fail)?;
    let bureau_name = |id: &str| {
        org.bureau(id)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let page = TokensPage {
        actions: Action::ALL
            .iter()
            .map(|a| Choice {
                value: a.code().to_string(),
                label: format!("{}（{}）", a.code(), a.label_ja()),
            })
            .collect(),
        sections: org
            .sections
            .iter()
            .map(|s| Choice {
                value: s.id.clone(),
                label: format!("{} {}", bureau_name(&s.bureau_id), s.name),
            })
            .collect(),
        bureaus: org
            .bureaus
            .iter()
            .map(|b| Choice {
                value: b.id.clone(),
                label: b.name.clone(),
            })
            .collect(),
        chrome,
        tokens,
        problem,
        issued: issued.clone(),
    };
    let mut response = render(&page);
    if issued.is_some() {
        // The secret is in this page only: keep it out of every cache.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    Ok(response)
}

async fn page(
    State(apps): State<Applications>,
    chrome: Chrome,
    _: DxOfficeSession,
) -> Result<Response, PageError> {
    show(&apps, chrome, None, None).await
}

fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The token the form asks for, or the problem with the form.
fn requested(
    pairs: &[(String, String)],
    org: &catalog::store::Organisation,
    actor: &str,
) -> Result<NewToken, String> {
    let name = values(pairs, "name")
        .first()
        .map(|n| n.trim())
        .unwrap_or("");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(
            "名前を 100 文字以内で入力してください / Give a name (up to 100 characters)".into(),
        );
    }
    let mut actions: Vec<Action> = values(pairs, "scope")
        .into_iter()
        .filter_map(Action::parse)
        .collect();
    actions.sort();
    actions.dedup();
    if actions.is_empty() {
        return Err("権限を一つ以上選んでください / Choose at least one scope".into());
    }
    let owned =
        |name: &str| -> Vec<String> { values(pairs, name).into_iter().map(String::from).collect() };
    let (sections, bureaus) = resolve_reach(org, &owned("section"), &owned("bureau"))?;
    let all_sections = values(pairs, "all_sections").contains(&"1");
    if all_sections && !(sections.is_empty() && bureaus.is_empty()) {
        return Err(
            "全庁を選んだときは課・局を選ばないでください / City-wide takes no section or bureau"
                .into(),
        );
    }
    let expires_at = match values(pairs, "expires_in_days").first().map(|d| d.trim()) {
        None | Some("") => None,
        Some(days) => match days.parse::<i64>() {
            Ok(days) if (1..=3650).contains(&days) => {
                Some(time::OffsetDateTime::now_utc() + time::Duration::days(days))
            }
            _ => {
                return Err(
                    "有効日数は 1〜3650 の整数です / Days valid: a whole number from 1 to 3650"
                        .into(),
                );
            }
        },
    };
    Ok(NewToken {
        name: name.to_string(),
        actions,
        sections,
        bureaus,
        all_sections,
        expires_at,
        created_by: actor.to_string(),
    })
}

async fn record(
    apps: &Applications,
    id: &str,
    actor: &str,
    action: &str,
    after: serde_json::Value,
) -> anyhow::Result<()> {
    let mut tx = apps.db().begin().await?;
    kernel::audit::append(
        apps.db().keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "api_token",
            target_id: id,
            actor,
            action,
            before: None,
            after: Some(after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn create(
    State(apps): State<Applications>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    posted: Result<axum::Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let pairs = posted.map(|axum::Form(p)| p).unwrap_or_default();
    let fail = |e: anyhow::Error| PageError::new(&chrome, ApiError::from(e));
    let org = catalog::store::organisation(apps.db())
        .await
        .map_err(fail)?;
    let new = match requested(&pairs, &org, &actor) {
        Ok(new) => new,
        Err(problem) => return show(&apps, chrome, Some(problem), None).await,
    };
    let issued = kernel::tokens::issue(apps.db(), &new).await.map_err(fail)?;
    let scopes: Vec<&str> = new.actions.iter().map(|a| a.code()).collect();
    record(
        &apps,
        &issued.id,
        &actor,
        "api_token.created",
        serde_json::json!({
            "name": new.name,
            "scopes": scopes,
            "sections": new.sections,
            "bureaus": new.bureaus,
            "all_sections": new.all_sections,
            "expires_at": new.expires_at.map(kernel::clock::to_text),
        }),
    )
    .await
    .map_err(fail)?;
    tracing::info!(token = %issued.id, %actor, "API token issued");
    show(&apps, chrome, None, Some((new.name, issued.secret))).await
}

async fn revoke(
    State(apps): State<Applications>,
    chrome: Chrome,
    DxOfficeSession { actor, .. }: DxOfficeSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let fail = |e: anyhow::Error| PageError::new(&chrome, ApiError::from(e));
    if !kernel::tokens::revoke(apps.db(), &id).await.map_err(fail)? {
        return Err(PageError::new(
            &chrome,
            ApiError::not_found(
                "有効なトークンはありません。",
                "There is no such live token.",
            ),
        ));
    }
    record(
        &apps,
        &id,
        &actor,
        "api_token.revoked",
        serde_json::json!({ "revoked": true }),
    )
    .await
    .map_err(fail)?;
    tracing::info!(token = %id, %actor, "API token revoked");
    Ok(Redirect::to("/staff/api-tokens").into_response())
}
