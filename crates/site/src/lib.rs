//! The pages every public service has, linked from every page's footer:
//! the privacy policy (`/privacy`), the terms of use (`/terms`), the
//! accessibility statement with the latest automated test results
//! (`/accessibility`), the contact page (`/contact`), the sitemap for
//! people (`/sitemap`) and for crawlers (`/sitemap.xml`, `/robots.txt`),
//! and the favicon. Their texts are in the catalogue area `site`, in all
//! eight languages.

pub mod accessibility;
pub mod documents;
pub mod sitemap;

use axum::Router;
use axum::extract::FromRef;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use catalog::Catalog;
use kernel::i18n::Arg;

/// What the privacy policy states about how long data is kept, read from
/// the constants and the configuration that do the keeping, so that the
/// policy cannot drift from what the platform does.
#[derive(Debug, Clone)]
pub struct Facts {
    /// 保存期間 in years for procedures that set none.
    pub retention_years: u32,
}

impl Facts {
    /// The facts as message arguments (every page text gets all of them).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let days = |d: time::Duration| Arg::Number(d.whole_days());
        vec![
            ("years", Arg::Number(i64::from(self.retention_years))),
            (
                "resident_hours",
                Arg::Number(identity::RESIDENT_SESSION.whole_hours()),
            ),
            (
                "staff_hours",
                Arg::Number(identity::STAFF_SESSION.whole_hours()),
            ),
            ("draft_days", days(kernel::housekeeping::DRAFTS_KEPT)),
            ("mail_days", days(kernel::housekeeping::SENT_MAIL_KEPT)),
            (
                "failure_days",
                days(kernel::housekeeping::LOGIN_FAILURES_KEPT),
            ),
            (
                "upload_days",
                days(applications::attachments::UNUSED_KEPT_FOR),
            ),
        ]
    }
}

/// The general contact point. A city sets its own; without one the demo's
/// values are shown, and the page says they are not real.
#[derive(Debug, Clone)]
pub struct Contact {
    pub phone: String,
    /// Whether these are the demo's placeholder values.
    pub demo: bool,
}

impl Contact {
    pub fn demo() -> Self {
        Contact {
            // A number in Nagoya's area code that is not in service.
            phone: "052-000-0000".into(),
            demo: true,
        }
    }
}

/// The capability's state.
#[derive(Clone)]
pub struct Site {
    pub catalog: Catalog,
    /// Where residents reach the platform, for the absolute URLs of the
    /// sitemap.
    pub public_url: String,
    pub facts: Facts,
    pub contact: Contact,
}

impl FromRef<Site> for Catalog {
    fn from_ref(state: &Site) -> Self {
        state.catalog.clone()
    }
}

impl Site {
    pub fn new(catalog: Catalog, public_url: &str, facts: Facts, contact: Contact) -> Self {
        Site {
            catalog,
            public_url: public_url.trim_end_matches('/').to_string(),
            facts,
            contact,
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(documents::routes())
            .merge(sitemap::routes())
            .route("/favicon.svg", get(favicon))
            // Browsers and crawlers ask for this one whatever the page says.
            .route(
                "/favicon.ico",
                get(|| async { Redirect::permanent("/favicon.svg") }),
            )
            .with_state(self.clone())
    }
}

/// The platform's icon: a counter window (窓口) in the primary blue.
pub const FAVICON: &str = include_str!("../static/favicon.svg");

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}
