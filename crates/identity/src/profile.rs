//! The details a resident may keep to have forms filled (`/my/profile`):
//! birth date, postal code, address and phone, each optional and checked.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::FieldError;
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;

use crate::{Identity, ResidentSession};

const ADDRESS_MAX: usize = 200;

pub fn routes() -> Router<Identity> {
    Router::new().route("/my/profile", get(show).post(save))
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    errors: Vec<FieldError>,
    details: Details,
    done: bool,
}

/// The optional details as typed or stored ('' when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Details {
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

/// The details as stored (ISO date, 7-digit postal code, phone digits), or
/// every problem.
pub fn check(details: &Details) -> Result<Details, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Details::default();
    let birth = details.birth_date.trim();
    if !birth.is_empty() {
        match kernel::wareki::parse_date(birth) {
            Ok(date) => out.birth_date = date.to_string(),
            Err(_) => errors.push(FieldError::localized(
                "birth_date",
                Message::new("profile-bad-birth-date"),
            )),
        }
    }
    let postal: String = kernel::text::nfkc(details.postal_code.trim())
        .trim_start_matches('〒')
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '−' | 'ー' | '‐'))
        .collect();
    if !postal.is_empty() {
        if postal.len() == 7 && postal.bytes().all(|b| b.is_ascii_digit()) {
            out.postal_code = postal;
        } else {
            errors.push(FieldError::localized(
                "postal_code",
                Message::new("profile-bad-postal-code"),
            ));
        }
    }
    let address = details.address.trim();
    if address.chars().count() > ADDRESS_MAX
        || address
            .chars()
            .any(|c| c.is_control() || kernel::text::is_hidden_format(c))
    {
        errors.push(FieldError::localized(
            "address",
            Message::new("profile-bad-address").with("max", ADDRESS_MAX),
        ));
    } else {
        out.address = address.to_string();
    }
    let phone: String = kernel::text::nfkc(details.phone.trim())
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '(' | ')' | '−' | 'ー'))
        .collect();
    if !phone.is_empty() {
        if phone.starts_with('0')
            && (10..=11).contains(&phone.len())
            && phone.bytes().all(|b| b.is_ascii_digit())
        {
            out.phone = phone;
        } else {
            errors.push(FieldError::localized(
                "phone",
                Message::new("profile-bad-phone"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn page(chrome: &Chrome, details: Details, errors: Vec<FieldError>, done: bool) -> ProfilePage {
    ProfilePage {
        chrome: chrome.clone().titled(chrome.marked_up("profile-title")),
        errors,
        details,
        done,
    }
}

async fn show(
    State(identity): State<Identity>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
) -> Response {
    let Some(resident) = session.resident() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match crate::store::resident_profile(identity.db(), &resident.id).await {
        Ok(profile) => {
            let profile = profile.unwrap_or_default();
            render(&page(
                &chrome,
                Details {
                    birth_date: profile.birth_date,
                    postal_code: profile.postal_code,
                    address: profile.address,
                    phone: profile.phone,
                },
                Vec::new(),
                false,
            ))
        }
        Err(error) => PageError::new(&chrome, error.into()).into_response(),
    }
}

async fn save(
    State(identity): State<Identity>,
    chrome: Chrome,
    ResidentSession(session): ResidentSession,
    form: Result<Form<Details>, FormRejection>,
) -> Response {
    let Some(resident) = session.resident() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let typed = form.map(|Form(f)| f).unwrap_or_default();
    match check(&typed) {
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&page(&chrome, typed, errors, false)),
        )
            .into_response(),
        Ok(details) => {
            if let Err(error) = crate::store::set_resident_details(
                identity.db(),
                &resident.id,
                &details.birth_date,
                &details.postal_code,
                &details.address,
                &details.phone,
            )
            .await
            {
                return PageError::new(&chrome, error.into()).into_response();
            }
            render(&page(&chrome, details, Vec::new(), true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_stored_normalized_and_bad_ones_refused() {
        let stored = check(&Details {
            birth_date: "昭和63年5月12日".into(),
            postal_code: "〒460-8508".into(),
            address: " 名古屋市中区三の丸三丁目1番1号 ".into(),
            phone: "０５２-９６１-１１１１".into(),
        })
        .expect("valid");
        assert_eq!(stored.birth_date, "1988-05-12");
        assert_eq!(stored.postal_code, "4608508");
        assert_eq!(stored.address, "名古屋市中区三の丸三丁目1番1号");
        assert_eq!(stored.phone, "0529611111");
        assert_eq!(check(&Details::default()), Ok(Details::default()));
        let refused = check(&Details {
            birth_date: "いつか".into(),
            postal_code: "123".into(),
            address: "あ".repeat(201),
            phone: "12345".into(),
        })
        .expect_err("invalid");
        let fields: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["birth_date", "postal_code", "address", "phone"]);
    }
}
