//! What another capability adds to an application's pages without this
//! crate knowing it: the fee on the confirm page, the way to pay on the
//! receipt, links on the resident's and the section's case pages. The
//! platform sets one at start-up ([`crate::Applications::set_extras`]).

use kernel::web::Chrome;
use serde_json::Value;

/// A block of HTML made by the other capability (escaped by its templates).
pub type Html = String;

#[async_trait::async_trait]
pub trait Extras: Send + Sync {
    /// Shown on the confirm page, above the send button.
    async fn before_sending(
        &self,
        procedure_id: &str,
        answers: &Value,
        chrome: &Chrome,
    ) -> Option<Html>;
    /// Shown on the receipt page after a submission (or its replay).
    async fn after_sending(
        &self,
        receipt_number: &str,
        answers: &Value,
        chrome: &Chrome,
    ) -> Option<Html>;
    /// Shown on the resident's page of an application and on the section's
    /// case page.
    async fn on_case(&self, application_id: &str, staff: bool, chrome: &Chrome) -> Option<Html>;
}
