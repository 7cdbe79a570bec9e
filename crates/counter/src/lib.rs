//! The smart counter (スマート窓口, SPEC C8) for residents who come to a
//! ward office: queue tickets taken at a kiosk or given by staff, called
//! from a counter console, the hall display, and the public congestion
//! page with the lamp residents know, which updates itself (Server-Sent
//! Events) and reads the same without JavaScript.

pub mod congestion;
pub mod console;
pub mod desk;
pub mod estimate;
pub mod holidays;
pub mod lamp;
pub mod meetings;
pub mod onestop;
pub mod pages;
pub mod queue;
pub mod reserve;
pub mod scan;
pub mod setup;
pub mod stream;
pub mod visits;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use catalog::Catalog;
use catalog::model::Office;
use identity::Identity;
use kernel::Db;
use kernel::client::RateLimiter;

/// The capability's state.
#[derive(Clone)]
pub struct Counter {
    pub db: Db,
    pub catalog: Catalog,
    pub identity: Identity,
    /// Where pre-inputs and counter entries become applications.
    pub applications: applications::Applications,
    pub hub: congestion::Hub,
    /// Where residents reach the platform: the ticket's QR code opens it.
    pub public_url: String,
    /// Tickets one client may take, unless it is a hall kiosk.
    pub ticket_takers: Arc<RateLimiter>,
    /// The hall kiosks' addresses: no limit on the tickets they give.
    pub kiosks: kernel::client::TrustedProxies,
    /// Visit bookings one client may make.
    pub bookings: Arc<RateLimiter>,
    /// The video meetings of online consultations (none: not offered).
    pub meetings: meetings::Meetings,
}

impl FromRef<Counter> for Identity {
    fn from_ref(state: &Counter) -> Self {
        state.identity.clone()
    }
}

impl FromRef<Counter> for kernel::client::TrustedProxies {
    fn from_ref(state: &Counter) -> Self {
        kernel::client::TrustedProxies::from_ref(&state.identity)
    }
}

impl FromRef<Counter> for Catalog {
    fn from_ref(state: &Counter) -> Self {
        state.catalog.clone()
    }
}

/// Tickets an address that is not a hall kiosk may take before waiting,
/// then one every six minutes: a family's phones, not a flood that would
/// turn the lamps red or sell out a line's 999 a day.
pub const TICKETS_PER_CLIENT: u32 = 10;

impl Counter {
    pub fn new(
        db: Db,
        catalog: Catalog,
        identity: Identity,
        applications: applications::Applications,
        thresholds: lamp::Thresholds,
        public_url: &str,
        kiosks: kernel::client::TrustedProxies,
    ) -> Self {
        Counter {
            hub: congestion::Hub::new(db.clone(), thresholds),
            db,
            catalog,
            identity,
            applications,
            public_url: public_url.trim_end_matches('/').to_string(),
            bookings: reserve::limiter(),
            ticket_takers: Arc::new(RateLimiter::new(
                TICKETS_PER_CLIENT,
                Duration::from_secs(360),
            )),
            kiosks,
            meetings: meetings::Meetings::None,
        }
    }

    /// Online consultations, by this meeting service.
    pub fn with_meetings(mut self, meetings: meetings::Meetings) -> Self {
        self.meetings = meetings;
        self
    }

    /// Starts following every node's changes, and the bookings' job:
    /// unconfirmed bookings give their places back, and tomorrow's visitors
    /// are reminded (from 9:00 Japan time, not in the night).
    pub fn start(&self) {
        self.hub.start();
        let db = self.db.clone();
        let meetings = self.meetings.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(300)).await;
                let now = time::OffsetDateTime::now_utc();
                if let Err(error) = visits::release_expired(&db, now).await {
                    tracing::warn!(%error, "cannot release unconfirmed bookings");
                }
                if let Err(error) = applications::prefills::purge_expired(&db, now).await {
                    tracing::warn!(%error, "cannot delete expired pre-inputs");
                }
                if let Err(error) = onestop::purge_visitors(&db, now).await {
                    tracing::warn!(%error, "cannot delete past visitors' details");
                }
                if let Err(error) = visits::issue_meetings(&db, &meetings, now).await {
                    tracing::warn!(%error, "cannot give online consultations their meetings");
                }
                if now.to_offset(time::macros::offset!(+9)).hour() >= 9
                    && let Err(error) = visits::remind_tomorrow(&db, now).await
                {
                    tracing::warn!(%error, "cannot remind tomorrow's visitors");
                }
            }
        });
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(pages::routes())
            .merge(console::routes())
            .merge(desk::routes())
            .merge(onestop::routes())
            .merge(reserve::routes())
            .with_state(self.clone())
    }

    /// Procedures found by a name typed at the counter, best first.
    pub async fn find_procedures(
        &self,
        q: &str,
    ) -> anyhow::Result<Vec<catalog::search::ProcedureSummary>> {
        let index = self.catalog.index().await?;
        Ok(index
            .search(&catalog::search::SearchQuery {
                q: q.to_string(),
                tag: None,
                category: None,
                bureau: None,
                life_event: None,
                online_only: false,
                page: 1,
                per_page: catalog::search::MAX_PER_PAGE,
            })
            .items)
    }

    /// An office of the organisation, if there is one by that id.
    pub async fn office(&self, office_id: &str) -> anyhow::Result<Option<Office>> {
        Ok(self
            .catalog
            .index()
            .await?
            .organisation
            .office(office_id)
            .cloned())
    }

    /// The offices that have queue lines, in the organisation's order.
    pub async fn offices_with_lines(&self) -> anyhow::Result<Vec<Office>> {
        let lines = self.hub.lines().await?;
        Ok(self
            .catalog
            .index()
            .await?
            .organisation
            .offices
            .iter()
            .filter(|o| lines.iter().any(|l| l.office_id == o.id))
            .cloned()
            .collect())
    }
}

/// An office's name in the page's language.
pub fn office_name(office: &Office, english: bool) -> &str {
    if english && !office.name_en.is_empty() {
        &office.name_en
    } else {
        &office.name
    }
}

/// A moment (unix seconds) as the pages show times: Japan time, 和暦 in
/// Japanese.
pub fn shown_time(chrome: &kernel::web::Chrome, at: impl std::borrow::Borrow<i64>) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(*at.borrow())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    chrome.time(&kernel::clock::to_text(at))
}

/// A moment (unix seconds) for a `datetime` attribute.
pub fn iso_time(at: impl std::borrow::Borrow<i64>) -> String {
    time::OffsetDateTime::from_unix_timestamp(*at.borrow())
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Whether a page's own words (lamp, waits, states, names) are given in
/// English: for every reader who does not read Japanese, as the pages'
/// other texts are.
pub fn en(chrome: &kernel::web::Chrome) -> bool {
    !chrome.lang.reads_japanese()
}
