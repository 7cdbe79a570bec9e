//! What the applicant sees of a case's history (on the my page and on a
//! guest's status page): each status it reached and what the section wrote
//! to them with it or in a message — never assignments or internal comments.

use kernel::ApiError;
use kernel::Db;
use kernel::web::Chrome;

use crate::model::Application;

/// When, the status reached (HTML), and the section's words to the applicant.
pub async fn of(
    db: &Db,
    application: &Application,
    chrome: &Chrome,
) -> Result<Vec<(String, String, Option<String>)>, ApiError> {
    Ok(kernel::audit::entries(db, "application", &application.id)
        .await?
        .into_iter()
        .filter_map(|e| {
            if e.action == crate::casework::MESSAGE_SENT {
                let message = e
                    .after
                    .as_ref()
                    .and_then(|a| a.get("message"))
                    .and_then(|m| m.as_str())
                    .map(str::to_owned)
                    .filter(|_| application.disposed_at.is_none());
                return Some((
                    e.at,
                    chrome.t("my-application-message-from-section"),
                    message,
                ));
            }
            let status = e
                .after
                .as_ref()
                .and_then(|a| a.get("status"))
                .and_then(|s| s.as_str())
                .and_then(workflow::Status::parse)?;
            let label = chrome.t(status.message_id());
            let message = e
                .after
                .as_ref()
                .and_then(|a| a.get("comment"))
                .and_then(|c| c.as_str())
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                // A disposed case shows none of its content, what the
                // section wrote to the applicant included.
                .filter(|_| application.disposed_at.is_none());
            Some((e.at, label, message))
        })
        .collect())
}
