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

pub use crate::i18n::Lang;
use crate::i18n::{self, Message};

/// The language of a request: `?lang=` (kept on every link), then a
/// `lang` cookie, then the browser's `Accept-Language`, then Japanese.
/// The value of the cookie `name` the request carries, if any.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

fn requested_lang(headers: &HeaderMap, query: Option<&str>) -> Lang {
    let from_query = query.and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::from_code)
    });
    let from_cookie = || cookie(headers, "lang").and_then(Lang::from_code);
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

/// What the layout needs: the language, the page title, and where we are
/// (so the language switch keeps the place).
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    /// Furigana over kanji in easy Japanese, unless the resident turned it off.
    furigana: bool,
    pub title: String,
    /// The title is a Japanese original standing in for a translation.
    title_in_japanese: bool,
    /// Some city texts on the page are shown in Japanese for want of a
    /// translation: the page says so at the top.
    pub partly_japanese: bool,
    path: String,
    query: String,
    /// This browser's token against forged posts: every form carries it.
    pub csrf_token: String,
    /// Who is signed in, when the request carries a live session (set by
    /// the identity layer): the headers name them and offer logout.
    pub viewer: Option<Viewer>,
}

/// Which kind of account a [`Viewer`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerKind {
    Resident,
    Staff,
}

/// The signed-in person a page is shown to, as the headers need them. The
/// identity crate puts one in the request's extensions when the session
/// cookie names a live session; kernel pages read it without a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub kind: ViewerKind,
    pub name: String,
    /// A DX office administrator: the staff header also offers forms.
    pub dx_office: bool,
    /// A staff member's section, by name (None for residents and staff
    /// without a section).
    pub section: Option<String>,
}

impl Viewer {
    pub fn is_staff(&self) -> bool {
        self.kind == ViewerKind::Staff
    }

    pub fn is_resident(&self) -> bool {
        self.kind == ViewerKind::Resident
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Chrome::of_parts(parts))
    }
}

impl Chrome {
    /// The chrome of a request, from its headers, query and CSRF token.
    pub fn of_parts(parts: &Parts) -> Self {
        let query = parts.uri.query().unwrap_or_default().to_string();
        Chrome {
            lang: requested_lang(&parts.headers, Some(&query)),
            furigana: !query.split('&').any(|pair| pair == "furigana=off"),
            title: String::new(),
            title_in_japanese: false,
            partly_japanese: false,
            path: parts.uri.path().to_string(),
            query,
            csrf_token: parts
                .extensions
                .get::<crate::csrf::CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            viewer: parts.extensions.get::<Viewer>().cloned(),
        }
    }

    pub fn for_lang(lang: Lang) -> Self {
        Chrome {
            lang,
            furigana: true,
            title: String::new(),
            title_in_japanese: false,
            partly_japanese: false,
            path: "/".into(),
            query: String::new(),
            csrf_token: String::new(),
            viewer: None,
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// A stored time in the page's language, in Japan time.
    pub fn time(&self, stored: &str) -> String {
        crate::clock::display(stored, !self.lang.reads_japanese())
    }

    /// Japanese or English text, for the back office (which is in those
    /// two languages): easy Japanese reads Japanese, the others English.
    pub fn pick<'a>(&self, ja: &'a str, en: &'a str) -> &'a str {
        if self.lang.reads_japanese() { ja } else { en }
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }

    /// Whether furigana is shown: only in easy Japanese, and on by default.
    pub fn furigana(&self) -> bool {
        self.lang == Lang::EasyJa && self.furigana
    }

    /// A catalog text as HTML (furigana as `<ruby>` in easy Japanese); used
    /// as `{{ chrome.t("key")|safe }}`.
    pub fn t(&self, id: &'static str) -> String {
        Message::new(id).html(self.lang, self.furigana())
    }

    /// A catalog text with its furigana markup, for page titles.
    pub fn marked_up(&self, id: &'static str) -> String {
        Message::new(id).marked_up(self.lang)
    }

    /// A catalog text with one number (counts choose plural forms).
    pub fn tn(&self, id: &'static str, name: &'static str, number: impl Into<i18n::Arg>) -> String {
        Message::new(id)
            .with(name, number)
            .html(self.lang, self.furigana())
    }

    /// A catalog text with one text argument, as HTML.
    pub fn ts(&self, id: &'static str, name: &'static str, value: &str) -> String {
        Message::new(id)
            .with(name, value)
            .html(self.lang, self.furigana())
    }

    /// A catalog text as plain text, for attributes and `<title>`.
    pub fn attr(&self, id: &'static str) -> String {
        Message::new(id).plain(self.lang)
    }

    /// A field's problem in this page's language, as HTML.
    pub fn field_error(&self, error: &crate::FieldError) -> String {
        i18n::rich_html(&error.marked_up(self.lang), self.furigana())
    }

    /// A text from [`Chrome::marked_up`] as HTML (escaped, furigana as ruby).
    pub fn rich(&self, marked_up: &str) -> String {
        i18n::rich_html(marked_up, self.furigana())
    }

    /// A message in this page's language as HTML.
    pub fn message(&self, message: &Message) -> String {
        message.html(self.lang, self.furigana())
    }

    /// The page title as text for `<title>`, furigana markup removed.
    pub fn title_text(&self) -> String {
        i18n::strip_furigana(&self.title)
    }

    /// The page title as HTML for the heading, with furigana when on.
    pub fn title_html(&self) -> String {
        if self.title_in_japanese {
            return i18n::Shown {
                text: &self.title,
                fallback: true,
            }
            .html();
        }
        // Titles from city texts may carry furigana markup too.
        i18n::rich_html(&self.title, self.furigana())
    }

    /// Titled by a city text: an untranslated one is marked as Japanese.
    pub fn titled_city(mut self, shown: i18n::Shown<'_>) -> Self {
        self.title = shown.text.to_string();
        self.title_in_japanese = shown.fallback;
        self.partly_japanese |= shown.fallback;
        self
    }

    /// Notes that the page shows untranslated city texts in Japanese.
    pub fn with_japanese_texts(mut self, untranslated: bool) -> Self {
        self.partly_japanese |= untranslated;
        self
    }

    /// ` lang="ja"` for an element holding Japanese data (a bureau's name, a
    /// tag, a document) on a page in another language, so screen readers
    /// read it as Japanese; nothing on Japanese pages.
    pub fn ja(&self) -> &'static str {
        if self.lang.reads_japanese() {
            ""
        } else {
            " lang=\"ja\""
        }
    }

    /// A city text (procedure name, form label) in this page's language,
    /// or its Japanese original marked as such.
    pub fn city_text(&self, text: &i18n::Localized) -> String {
        text.get(self.lang).html_with(self.furigana())
    }

    /// The language switcher: every language, its link and whether it is
    /// the current one.
    pub fn languages(&self) -> Vec<(Lang, String, bool)> {
        Lang::ALL
            .iter()
            .map(|&lang| (lang, self.switch_url(lang.code()), lang == self.lang))
            .collect()
    }

    /// This page with furigana turned on or off.
    pub fn furigana_url(&self, on: bool) -> String {
        self.with_query_param("furigana", (!on).then_some("off"))
    }

    /// This page with the query parameter `name` replaced by `value` (or
    /// dropped), every other parameter kept.
    fn with_query_param(&self, name: &str, value: Option<&str>) -> String {
        let prefix = format!("{name}=");
        let mut pairs: Vec<String> = self
            .query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with(&prefix))
            .map(str::to_owned)
            .collect();
        if let Some(value) = value {
            pairs.push(format!("{prefix}{value}"));
        }
        if pairs.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, pairs.join("&"))
        }
    }

    /// This page in another language, every other query parameter kept.
    pub fn switch_url(&self, code: &str) -> String {
        self.with_query_param("lang", Some(code))
    }

    /// A link inside the site that keeps an explicitly chosen language.
    pub fn link(&self, path: &str) -> String {
        let link = self.lang.link(path);
        if self.lang == Lang::EasyJa && !self.furigana {
            format!("{link}&furigana=off")
        } else {
            link
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Which item of the staff header's menu this page is (`""` for none):
    /// the header marks it as the current page.
    pub fn staff_menu(&self) -> &'static str {
        let mine = self.query.split('&').any(|pair| pair == "assigned=me");
        match self.path.as_str() {
            "/staff/applications" if mine => "mine",
            "/staff/applications" => "inbox",
            "/staff/search" => "search",
            "/staff/progress" => "progress",
            "/staff/survey" => "survey",
            "/staff/forms" => "forms",
            p if p.starts_with("/staff/counters") => "counters",
            _ => "",
        }
    }

    /// A back-office page (under `/staff`): it gets the staff header.
    pub fn is_staff_page(&self) -> bool {
        self.path == "/staff" || self.path.starts_with("/staff/")
    }

    /// The public header's sign-in link: back to this page afterwards,
    /// except from the sign-in and account pages themselves.
    pub fn login_url(&self) -> String {
        let account_page = ["/login", "/register", "/logout", "/password"]
            .iter()
            .any(|p| self.path == *p || self.path.starts_with(&format!("{p}/")));
        if account_page {
            return self.link("/login");
        }
        let here = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        self.link(&format!("/login?next={}", encode(&here)))
    }
}

/// The first value posted under `name` in a form read as pairs (forms with
/// repeated or dynamic field names are read that way).
pub fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
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
    /// HTML, escaped by the catalog.
    message: String,
    /// What is wrong with each field, when the error names fields (HTML).
    details: Vec<String>,
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
        let lang = self.chrome.lang;
        let message = self.chrome.rich(&self.error.marked_up(lang));
        let details = self
            .error
            .fields
            .iter()
            .map(|f| self.chrome.field_error(f))
            .collect();
        let chrome = self
            .chrome
            .clone()
            .titled(Message::new("error-title").marked_up(lang));
        let page = ErrorPage {
            chrome: &chrome,
            status: self.error.status.as_u16(),
            message,
            details,
        };
        (self.error.status, render(&page)).into_response()
    }
}

/// A page script served as a file (pages run no inline script: the
/// Content-Security-Policy allows scripts from the site only), cached an hour.
pub fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A file to download: `body` of `content_type`, saved as `file_name`.
pub fn attachment(
    content_type: &str,
    file_name: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    let file_name = file_name.replace('"', "");
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
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
    fn the_language_switch_keeps_the_search() {
        let chrome = Chrome {
            lang: Lang::Ja,
            furigana: true,
            title: String::new(),
            title_in_japanese: false,
            partly_japanese: false,
            path: "/procedures".into(),
            query: "q=%E5%85%90&lang=ja&page=2".into(),
            csrf_token: String::new(),
            viewer: None,
        };
        assert_eq!(
            chrome.switch_url("en"),
            "/procedures?q=%E5%85%90&page=2&lang=en"
        );
    }
}
