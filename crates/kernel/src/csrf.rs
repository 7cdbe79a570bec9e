//! One defence against cross-site request forgery for every state-changing
//! route, applied as a layer around the whole router so that a new route
//! cannot be left out:
//!
//! - a POST (PUT, PATCH, DELETE) from a browser must come from this site:
//!   `Sec-Fetch-Site` must say `same-origin` (or `none`), and an `Origin`
//!   header must name this host;
//! - it must carry the token of this browser's `csrf` cookie, as the form
//!   field `csrf_token` or the header `X-CSRF-Token`. Pages put the token in
//!   every form through [`crate::web::Chrome::csrf_token`]; an attacker's
//!   page can neither read the cookie nor make the browser send it from
//!   another site (`SameSite=Strict`).
//!
//! Guests are covered as well as signed-in visitors (a guest application, a
//! login, a registration), since the cookie is set on the first page seen.
//! `/api/` is exempt: the API authenticates by bearer token only and never
//! reads a cookie, so a browser cannot be made to call it with credentials.
//! So is `/unsubscribe/`: its address carries the subscription's own tag,
//! no cookie is read, and a mail program posts to it from no page at all
//! (one-click unsubscribe, RFC 8058).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use std::sync::Arc;

use crate::ApiError;
use crate::web::{Chrome, PageError};

/// The posted field and the header that carry the token.
pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// This browser's token, put into the request for pages to render.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// How the cookie is named and marked, and how much posted data may wait
/// in memory at once.
#[derive(Debug, Clone)]
pub struct Csrf {
    /// Over HTTPS the cookie is `__Host-` prefixed and `Secure`, so no
    /// sibling subdomain can plant one.
    pub secure: bool,
    /// Origins besides the request's own `Host` that pages are served from
    /// (the configured public address behind a proxy).
    pub public_origin: Option<String>,
    /// Bodies are read whole to find their token: all of them together may
    /// hold at most this budget (in KiB), so many large posts stalled on
    /// their last bytes cannot take the server's memory.
    pub buffered: BodyBudget,
}

/// The memory all posted bodies read at once may take.
#[derive(Debug, Clone)]
pub struct BodyBudget {
    kib: Arc<tokio::sync::Semaphore>,
    /// What a body without a declared length is assumed to take.
    largest: usize,
}

impl BodyBudget {
    /// `total` bytes for all bodies together; `largest` is the body limit.
    pub fn new(total: usize, largest: usize) -> BodyBudget {
        BodyBudget {
            kib: Arc::new(tokio::sync::Semaphore::new(total / 1024)),
            largest,
        }
    }

    /// A share for a body of `declared` bytes (or the largest, undeclared),
    /// or nothing when the budget is spent.
    fn take(&self, declared: Option<usize>) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let bytes = declared.unwrap_or(self.largest).min(self.largest);
        let kib = u32::try_from(bytes / 1024 + 1).unwrap_or(u32::MAX);
        self.kib.clone().try_acquire_many_owned(kib).ok()
    }
}

/// Most parts of a multipart body searched for the token: more than any
/// form has fields and files.
const MAX_PARTS_SEARCHED: usize = 2_100;

impl Csrf {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-madoguchi_csrf"
        } else {
            "madoguchi_csrf"
        }
    }

    fn cookie(&self, token: &str) -> String {
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000{}",
            self.cookie_name(),
            if self.secure { "; Secure" } else { "" }
        )
    }
}

fn well_formed(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn new_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Why a state-changing request is judged to come from another site, if it is.
pub fn cross_site(headers: &HeaderMap, public_origin: Option<&str>) -> Option<&'static str> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && site != "same-origin"
        && site != "none"
    {
        return Some("Sec-Fetch-Site is not same-origin");
    }
    if let Some(origin) = text(header::ORIGIN) {
        let host = text(header::HOST).unwrap_or_default();
        let authority = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        let same_host = authority.is_some_and(|a| !host.is_empty() && a == host);
        let public = public_origin.is_some_and(|p| p.trim_end_matches('/') == origin);
        if !same_host && !public {
            return Some("Origin names another site");
        }
    }
    None
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// The token a posted body carries in its `csrf_token` field: read from a
/// URL-encoded form, or from the parts of a multipart one (files skipped).
async fn token_in_body(headers: &HeaderMap, body: &Bytes) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body)
            .find(|(name, _)| name == FIELD)
            .map(|(_, value)| value.into_owned());
    }
    let boundary = multer::parse_boundary(content_type).ok()?;
    let chunk: Result<Bytes, std::convert::Infallible> = Ok(body.clone());
    let mut multipart = multer::Multipart::new(stream::once(async move { chunk }), boundary);
    let mut parts = 0;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(FIELD) && field.file_name().is_none() {
            return field.text().await.ok();
        }
        parts += 1;
        if parts >= MAX_PARTS_SEARCHED {
            break;
        }
    }
    None
}

fn refuse(parts: &axum::http::request::Parts, why: &str) -> Response {
    tracing::warn!(
        method = %parts.method,
        path = parts.uri.path(),
        why,
        "refused: a state-changing request without this site's token"
    );
    let chrome = Chrome::of_parts(parts);
    PageError::new(&chrome, ApiError::page_expired()).into_response()
}

/// Paths whose posts authenticate by what the address carries, never by a
/// cookie (see the module's introduction).
pub fn exempt(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/unsubscribe/")
}

/// The layer: checks state-changing requests, and gives every browser its
/// token (set as a cookie on the first answer).
pub async fn protect(State(csrf): State<Csrf>, request: Request, next: Next) -> Response {
    let from_cookie = crate::web::cookie(request.headers(), csrf.cookie_name())
        .filter(|t| well_formed(t))
        .map(str::to_owned);
    let checked = is_state_changing(request.method()) && !exempt(request.uri().path());
    let mut request = if checked {
        let (parts, body) = request.into_parts();
        if let Some(why) = cross_site(&parts.headers, csrf.public_origin.as_deref()) {
            return refuse(&parts, why);
        }
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let Some(share) = csrf.buffered.take(declared) else {
            tracing::warn!(
                path = parts.uri.path(),
                "refused: posted bodies waiting in memory have used up their budget"
            );
            let chrome = Chrome::of_parts(&parts);
            let mut answer = PageError::new(&chrome, ApiError::busy()).into_response();
            answer
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
            return answer;
        };
        // The body is read whole here (the body limit still holds) so the
        // handler after can read it again.
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(_) => {
                let chrome = Chrome::of_parts(&parts);
                return PageError::new(&chrome, ApiError::too_large()).into_response();
            }
        };
        // A form's own field first; the header is for scripts.
        let presented = match token_in_body(&parts.headers, &bytes).await {
            Some(token) => Some(token),
            None => parts
                .headers
                .get(HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        match (&from_cookie, presented) {
            (Some(expected), Some(presented)) if *expected == presented => {}
            (None, _) => return refuse(&parts, "no token cookie"),
            _ => return refuse(&parts, "the token does not match"),
        }
        let mut request = Request::from_parts(parts, Body::from(bytes));
        // The share is given back when the request is done with.
        request.extensions_mut().insert(Arc::new(share));
        request
    } else {
        request
    };
    let token = from_cookie.clone().unwrap_or_else(new_token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if from_cookie.is_none()
        && let Ok(value) = HeaderValue::from_str(&csrf.cookie(&token))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(
                header::HeaderName::from_static(name),
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
            );
        }
        headers
    }

    #[test]
    fn only_this_site_may_post() {
        let same = headers(&[("host", "city.example"), ("origin", "https://city.example")]);
        assert_eq!(cross_site(&same, None), None);
        let other = headers(&[("host", "city.example"), ("origin", "https://evil.example")]);
        assert!(cross_site(&other, None).is_some());
        let sibling = headers(&[("host", "city.example"), ("sec-fetch-site", "same-site")]);
        assert!(cross_site(&sibling, None).is_some());
        let typed = headers(&[("host", "city.example"), ("sec-fetch-site", "none")]);
        assert_eq!(cross_site(&typed, None), None);
        let null = headers(&[("host", "city.example"), ("origin", "null")]);
        assert!(cross_site(&null, None).is_some());
        // Behind a proxy that rewrites Host, the configured public address.
        let proxied = headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "https://city.example"),
        ]);
        assert_eq!(cross_site(&proxied, Some("https://city.example/")), None);
    }

    #[test]
    fn tokens_are_read_from_forms_of_both_kinds() {
        let rt = tokio::runtime::Builder::new_current_thread().build();
        let Ok(rt) = rt else { return };
        let form = headers(&[("content-type", "application/x-www-form-urlencoded")]);
        let body = Bytes::from_static(b"a=1&csrf_token=abc&b=2");
        assert_eq!(
            rt.block_on(token_in_body(&form, &body)).as_deref(),
            Some("abc")
        );
        let multipart = headers(&[("content-type", "multipart/form-data; boundary=XX")]);
        let body = Bytes::from_static(
            b"--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XX\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nxyz\r\n--XX--\r\n",
        );
        assert_eq!(
            rt.block_on(token_in_body(&multipart, &body)).as_deref(),
            Some("xyz")
        );
    }
}
