//! The chrome every public page shares: language choice, the layout, the
//! stylesheet, and HTML error pages.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::ApiError;

pub const STYLESHEET: &str = include_str!("../assets/madoguchi.css");
pub const STYLESHEET_PATH: &str = "/static/madoguchi.css";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ja" | "ja-jp" => Some(Lang::Ja),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language in an `Accept-Language` header, by weight.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut choices: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((weight, Lang::from_code(primary)?))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|(_, lang)| *lang)
    }

    fn from_headers(headers: &HeaderMap, query: Option<&str>) -> Lang {
        let from_query = query.and_then(|q| {
            q.split('&')
                .find_map(|pair| pair.strip_prefix("lang="))
                .and_then(Lang::from_code)
        });
        let from_cookie = || {
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .find_map(|c| c.trim().strip_prefix("lang="))
                .and_then(Lang::from_code)
        };
        let from_accept = || {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        };
        from_query
            .or_else(from_cookie)
            .or_else(from_accept)
            .unwrap_or(Lang::Ja)
    }
}

/// What the layout needs: the language, the page title, and where we are
/// (so the language switch keeps the place).
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    path: String,
    query: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default().to_string();
        Ok(Chrome {
            lang: Lang::from_headers(&parts.headers, Some(&query)),
            title: String::new(),
            path: parts.uri.path().to_string(),
            query,
        })
    }
}

impl Chrome {
    pub fn for_lang(lang: Lang) -> Self {
        Chrome {
            lang,
            title: String::new(),
            path: "/".into(),
            query: String::new(),
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Japanese or English text by the page language.
    /// A stored time in the page's language, in Japan time.
    pub fn time(&self, stored: &str) -> String {
        crate::clock::display(stored, self.is_en())
    }

    pub fn pick<'a>(&self, ja: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    /// This page in another language, every other query parameter kept.
    pub fn switch_url(&self, code: &str) -> String {
        let mut pairs: Vec<&str> = self
            .query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let lang_pair = format!("lang={code}");
        pairs.push(&lang_pair);
        format!("{}?{}", self.path, pairs.join("&"))
    }

    /// A link inside the site that keeps an explicitly chosen language.
    pub fn link(&self, path: &str) -> String {
        if self.lang == Lang::Ja {
            return path.to_string();
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}lang={}", self.lang.code())
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Percent-encodes a value for a query string or a path segment.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: &'a Chrome,
    status: u16,
    message: &'a str,
    /// What is wrong with each field, when the error names fields.
    details: Vec<&'a str>,
}

/// An error answered as an HTML page in the visitor's language.
pub struct PageError {
    pub chrome: Chrome,
    pub error: ApiError,
}

impl PageError {
    pub fn new(chrome: &Chrome, error: ApiError) -> Self {
        PageError {
            chrome: chrome.clone(),
            error,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let message = match self.chrome.lang {
            Lang::Ja => &self.error.message,
            Lang::En => &self.error.message_en,
        };
        let chrome = self
            .chrome
            .clone()
            .titled(self.chrome.pick("エラー", "Error"));
        let details = self
            .error
            .fields
            .iter()
            .map(|f| match self.chrome.lang {
                Lang::Ja => f.message.as_str(),
                Lang::En => f.message_en.as_str(),
            })
            .collect();
        let page = ErrorPage {
            chrome: &chrome,
            status: self.error.status.as_u16(),
            message,
            details,
        };
        (self.error.status, render(&page)).into_response()
    }
}

/// Renders a template; a template failure becomes a logged 500.
pub fn render<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_supported_language() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=1, ja;q=0.5, en;q=0.3"),
            Some(Lang::Ja)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn the_language_switch_keeps_the_search() {
        let chrome = Chrome {
            lang: Lang::Ja,
            title: String::new(),
            path: "/procedures".into(),
            query: "q=%E5%85%90&lang=ja&page=2".into(),
        };
        assert_eq!(
            chrome.switch_url("en"),
            "/procedures?q=%E5%85%90&page=2&lang=en"
        );
    }
}
