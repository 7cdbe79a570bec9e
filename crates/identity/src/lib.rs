//! Accounts and sessions (SPEC C11): staff of a section with a role, and
//! residents; argon2id passwords; sessions in the database behind an
//! HttpOnly cookie; login throttling; the account pages `/my` and `/staff`.

pub mod mail_links;
pub mod model;
pub mod oidc;
pub mod pages;
pub mod passkeys;
pub mod password;
pub mod password_change;
pub mod password_reset;
pub mod profile;
pub mod registration;
pub mod staff_admin;
pub mod store;
pub mod two_factor;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use kernel::client::{ClientAddr, RateLimiter, TrustedProxies};
use kernel::i18n::Message;
use kernel::web::{Chrome, PageError};
use kernel::{ApiError, Db};
use std::sync::Arc;
use time::Duration;

pub use model::{Account, AccountKind, Resident, Role, Staff};

pub const SESSION_COOKIE: &str = "madoguchi_session";
/// Staff sessions last a working day.
pub const STAFF_SESSION: Duration = Duration::hours(9);
/// Residents stay signed in for a day; an application in progress is kept
/// as a draft, so no resident loses work to this limit.
pub const RESIDENT_SESSION: Duration = Duration::hours(24);
/// Failed logins for one address from one client within the window that
/// cost no wait; after them each failure doubles the wait before the next
/// try from that client (1 s, 2 s, 4 s, … up to [`MAX_DELAY`]). The
/// owner, elsewhere, is not held up by someone guessing.
pub const FREE_FAILURES: i64 = 5;
pub const FAILURE_WINDOW: Duration = Duration::hours(1);
pub const MAX_DELAY: Duration = Duration::minutes(15);
/// Failed logins a client may make at once (on any accounts), and how
/// often one more is allowed.
pub const LOGIN_ALLOWANCE: (u32, std::time::Duration) = (10, std::time::Duration::from_secs(6));
/// Requests a client may make at once to the forms that send mail
/// (registration, its resend, the password reset), and how often one more
/// is allowed.
pub const MAIL_ALLOWANCE: (u32, std::time::Duration) = (10, std::time::Duration::from_secs(30));

#[derive(Clone)]
pub struct Identity {
    db: Db,
    /// Mark cookies `Secure` (when the platform is served over HTTPS).
    secure_cookies: bool,
    trusted_proxies: TrustedProxies,
    limits: Arc<Limits>,
    /// Residents' passkeys, when a public address is known.
    passkeys: Option<Arc<passkeys::RelyingParty>>,
    /// Sign-in through OpenID Connect providers (none unless configured).
    sso: oidc::Sso,
}

/// Per-client allowances, in memory: each node of several limits on its own.
struct Limits {
    logins: RateLimiter,
    mail: RateLimiter,
}

impl FromRef<Identity> for TrustedProxies {
    fn from_ref(identity: &Identity) -> Self {
        identity.trusted_proxies.clone()
    }
}

/// A refusal for asking too often: 429 with `Retry-After`, worded in the
/// visitor's language.
pub fn too_many_attempts(chrome: &Chrome, wait: std::time::Duration) -> Response {
    let error = ApiError::localized(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        wait_message(wait),
    );
    with_retry_after(PageError::new(chrome, error).into_response(), wait)
}

/// "Too many attempts: wait about N minutes".
pub(crate) fn wait_message(wait: std::time::Duration) -> Message {
    let minutes = kernel::client::retry_after_secs(wait).div_ceil(60).max(1);
    Message::new("error-too-many-attempts").with("minutes", minutes)
}

pub(crate) fn with_retry_after(mut response: Response, wait: std::time::Duration) -> Response {
    response.headers_mut().insert(
        header::RETRY_AFTER,
        kernel::client::retry_after_secs(wait).into(),
    );
    response
}

/// Masks an address for the log: `t***@example.jp`.
pub(crate) fn masked(email: &str) -> String {
    let email = store::normalize_email(email);
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// A signed-in visitor.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub csrf_token: String,
    token: String,
}

impl SignedIn {
    pub fn staff(&self) -> Option<&Staff> {
        match &self.account {
            Account::Staff(staff) => Some(staff),
            Account::Resident(_) => None,
        }
    }

    /// Whether this is a DX office administrator (デジタル改革推進課).
    pub fn is_dx_office(&self) -> bool {
        self.staff().is_some_and(|s| s.role == Role::DxAdmin)
    }

    /// The actor of a DX office administrator about to do `what`; for anyone
    /// else None, and the refusal is logged.
    pub fn dx_office_actor(&self, what: &str) -> Option<String> {
        match self.staff() {
            Some(staff) if staff.role == Role::DxAdmin => Some(staff.actor()),
            Some(staff) => {
                tracing::warn!(staff = %staff.id, what, "refused: for DX office administrators only");
                None
            }
            None => None,
        }
    }

    pub fn resident(&self) -> Option<&Resident> {
        match &self.account {
            Account::Resident(resident) => Some(resident),
            Account::Staff(_) => None,
        }
    }
}

use kernel::web::cookie as cookie_value;

impl Identity {
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        let limit =
            |(capacity, every): (u32, std::time::Duration)| RateLimiter::new(capacity, every);
        Identity {
            db,
            secure_cookies,
            trusted_proxies: TrustedProxies::default(),
            limits: Arc::new(Limits {
                logins: limit(LOGIN_ALLOWANCE),
                mail: limit(MAIL_ALLOWANCE),
            }),
            passkeys: None,
            sso: oidc::Sso::default(),
        }
    }

    /// Residents' passkeys for the platform served at `public_url`.
    pub fn with_public_url(mut self, public_url: &str) -> anyhow::Result<Self> {
        self.passkeys = Some(Arc::new(passkeys::RelyingParty::new(public_url)?));
        Ok(self)
    }

    /// Sign-in through these OpenID Connect providers.
    pub fn with_sso(mut self, sso: oidc::Sso) -> Self {
        self.sso = sso;
        self
    }

    /// Looks each OpenID Connect provider up in the background (logged);
    /// one that does not answer is tried again at the next sign-in.
    pub fn discover_in_background(&self) {
        self.sso.discover_in_background();
    }

    /// Believe `X-Forwarded-For` from these reverse proxies.
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// Takes one request from the client's allowance for the forms that
    /// send mail; past it, the refusal (429) to answer, logged.
    pub(crate) fn refuse_mail(
        &self,
        chrome: &Chrome,
        client: ClientAddr,
        form: &'static str,
    ) -> Option<Response> {
        let wait = self.limits.mail.take(client).err()?;
        tracing::warn!(client = %client, form, "refused: too many requests from this client");
        Some(too_many_attempts(chrome, wait))
    }

    pub(crate) fn login_limiter(&self) -> &RateLimiter {
        &self.limits.logins
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The visitor's session, if the cookie names a live one.
    pub async fn current(&self, headers: &HeaderMap) -> Result<Option<SignedIn>, ApiError> {
        let Some(token) = cookie_value(headers, SESSION_COOKIE) else {
            return Ok(None);
        };
        Ok(store::session(&self.db, token)
            .await?
            .map(|(account, csrf_token)| SignedIn {
                account,
                csrf_token,
                token: token.to_string(),
            }))
    }

    pub fn session_cookie(&self, token: &str, lifetime: Duration) -> String {
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            lifetime.whole_seconds(),
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }

    pub fn clearing_cookie(&self) -> String {
        format!(
            "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }

    pub fn router(&self) -> axum::Router {
        pages::routes()
            .merge(registration::routes())
            .merge(password_change::routes())
            .merge(profile::routes())
            .merge(password_reset::routes())
            .merge(two_factor::routes())
            .merge(passkeys::routes())
            .merge(oidc::routes())
            .with_state(self.clone())
            .layer(axum::middleware::from_fn_with_state(
                oidc::offered_of(self),
                oidc::offer,
            ))
    }
}

/// The session the [`viewer_layer`] found for this request, kept so the
/// guards below need not look it up again.
#[derive(Clone)]
struct FoundSession(Option<SignedIn>);

impl SignedIn {
    /// How the headers name this person.
    pub fn viewer(&self) -> kernel::web::Viewer {
        use kernel::web::{Viewer, ViewerKind};
        match &self.account {
            Account::Staff(staff) => Viewer {
                kind: ViewerKind::Staff,
                name: staff.name.clone(),
                dx_office: staff.role == Role::DxAdmin,
                section: staff.section_name.clone(),
            },
            Account::Resident(resident) => Viewer {
                kind: ViewerKind::Resident,
                name: resident.name.clone(),
                dx_office: false,
                section: None,
            },
        }
    }
}

/// Middleware: when the request carries a session cookie naming a live
/// session, puts a [`kernel::web::Viewer`] in its extensions (read by
/// `Chrome`, so headers show who is signed in and offer logout). Requests
/// without the cookie cost no database lookup; a failing lookup leaves the
/// page anonymous rather than failing it (the guards still answer for it).
pub async fn viewer_layer(
    axum::extract::State(identity): axum::extract::State<Identity>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if cookie_value(request.headers(), SESSION_COOKIE).is_some() {
        match identity.current(request.headers()).await {
            Ok(session) => {
                if let Some(session) = &session {
                    request.extensions_mut().insert(session.viewer());
                }
                request.extensions_mut().insert(FoundSession(session));
            }
            Err(error) => tracing::warn!(?error, "the session for the header could not be read"),
        }
    }
    next.run(request).await
}

/// The request's session: the one [`viewer_layer`] found, else a lookup.
async fn session_of(parts: &Parts, identity: &Identity) -> Result<Option<SignedIn>, ApiError> {
    if let Some(FoundSession(found)) = parts.extensions.get::<FoundSession>() {
        return Ok(found.clone());
    }
    identity.current(&parts.headers).await
}

/// Extractor: the session when there is one.
pub struct MaybeSignedIn(pub Option<SignedIn>);

impl<S> FromRequestParts<S> for MaybeSignedIn
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSignedIn(
            session_of(parts, &Identity::from_ref(state)).await?,
        ))
    }
}

fn login_redirect(login: &str, parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    Redirect::to(&format!("{login}?next={}", kernel::web::encode(next))).into_response()
}

/// The session of the given kind, or a redirect to that kind's login page.
async fn require(
    parts: &Parts,
    identity: &Identity,
    kind: AccountKind,
) -> Result<SignedIn, Response> {
    let login = match kind {
        AccountKind::Staff => "/staff/login",
        AccountKind::Resident => "/login",
    };
    match session_of(parts, identity).await {
        Ok(Some(session)) if session.account.kind() == kind => Ok(session),
        Ok(_) => Err(login_redirect(login, parts)),
        Err(error) => Err(error.into_response()),
    }
}

/// Extractor: a signed-in staff member, or a redirect to the staff login.
pub struct StaffSession(pub SignedIn);

impl<S> FromRequestParts<S> for StaffSession
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        require(parts, &Identity::from_ref(state), AccountKind::Staff)
            .await
            .map(StaffSession)
    }
}

/// Extractor: a DX office administrator (デジタル改革推進課), with the name
/// audit entries give them. Anyone else signed in as staff gets a 403 page
/// (logged); a visitor not signed in, the staff login. A handler that takes
/// this cannot forget the role check.
pub struct DxOfficeSession {
    pub session: SignedIn,
    pub actor: String,
}

impl<S> FromRequestParts<S> for DxOfficeSession
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = require(parts, &Identity::from_ref(state), AccountKind::Staff).await?;
        match session.dx_office_actor(parts.uri.path()) {
            Some(actor) => Ok(DxOfficeSession { session, actor }),
            None => Err(forbidden_page(
                parts,
                "この画面はデジタル改革推進課の管理者だけが使えます。",
                "Only DX office administrators may use this page.",
            )),
        }
    }
}

fn forbidden_page(parts: &Parts, ja: &str, en: &str) -> Response {
    let error = ApiError::new(axum::http::StatusCode::FORBIDDEN, "forbidden", ja, en);
    PageError::new(&Chrome::of_parts(parts), error).into_response()
}

/// Extractor: a staff member who belongs to a section — a clerk, a manager,
/// or a DX office administrator working in their own section — with the
/// workflow actor their role makes them. Staff without a section get a 403
/// page (logged); anyone else, the staff login. A handler that takes this
/// cannot forget that it serves one section.
#[derive(Debug, Clone)]
pub struct SectionStaff {
    pub session: SignedIn,
    pub staff: Staff,
    pub section_id: String,
    pub actor: workflow::Actor,
}

impl SectionStaff {
    /// The section staff a session is, if it is one.
    pub fn of(session: SignedIn) -> Option<SectionStaff> {
        let staff = session.staff()?.clone();
        let section_id = staff.section_id.clone().filter(|s| !s.is_empty())?;
        // Decisions are the manager's; the workflow says which those are.
        let actor = match staff.role {
            Role::Manager => workflow::Actor::Manager,
            Role::Clerk | Role::DxAdmin => workflow::Actor::Clerk,
        };
        Some(SectionStaff {
            session,
            staff,
            section_id,
            actor,
        })
    }
}

impl<S> FromRequestParts<S> for SectionStaff
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = require(parts, &Identity::from_ref(state), AccountKind::Staff).await?;
        let id = session.staff().map(|s| s.id.clone()).unwrap_or_default();
        SectionStaff::of(session).ok_or_else(|| {
            tracing::warn!(staff = %id, "refused: for staff of a section only");
            forbidden_page(
                parts,
                "この画面は担当課の職員だけが使えます。",
                "Only staff of a section may use this page.",
            )
        })
    }
}

/// Extractor: a signed-in resident, or a redirect to the resident login.
pub struct ResidentSession(pub SignedIn);

impl<S> FromRequestParts<S> for ResidentSession
where
    Identity: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        require(parts, &Identity::from_ref(state), AccountKind::Resident)
            .await
            .map(ResidentSession)
    }
}

impl SignedIn {
    pub(crate) fn token(&self) -> &str {
        &self.token
    }
}
