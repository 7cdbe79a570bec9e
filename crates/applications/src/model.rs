//! An application as stored, and who submitted it.

use serde::Serialize;
use serde_json::Value;
use workflow::Status;

/// Who submitted an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitter {
    Resident {
        id: String,
    },
    /// Without an account, where the procedure allows it; known by e-mail.
    Guest {
        email: String,
    },
    /// A business system, by its API token.
    Api {
        token_id: String,
        name: String,
    },
}

impl Submitter {
    pub fn kind(&self) -> &'static str {
        match self {
            Submitter::Resident { .. } => "resident",
            Submitter::Guest { .. } => "guest",
            Submitter::Api { .. } => "api",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Submitter::Resident { id } => id,
            Submitter::Guest { email } => email,
            Submitter::Api { token_id, .. } => token_id,
        }
    }

    /// Whose uploads this submitter may put into an application.
    pub fn upload_owner(&self) -> String {
        match self {
            Submitter::Resident { id } => format!("resident:{id}"),
            Submitter::Guest { .. } => "guest".to_string(),
            Submitter::Api { token_id, .. } => format!("api:{token_id}"),
        }
    }

    /// How the audit log names the submitter.
    pub fn actor(&self) -> String {
        match self {
            Submitter::Resident { id } => format!("resident:{id}"),
            Submitter::Guest { .. } => "guest".to_string(),
            Submitter::Api { token_id, name } => format!("api:{token_id}:{name}"),
        }
    }
}

/// Where an application was made: sent by the applicant online, or at a
/// counter (entered by staff, or a pre-input handed in there). The progress
/// indicators count the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Channel {
    #[default]
    Online,
    Counter,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Counter => "counter",
        }
    }

    pub fn from_code(code: &str) -> Channel {
        match code {
            "counter" => Channel::Counter,
            _ => Channel::Online,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Application {
    #[serde(skip)]
    pub id: String,
    pub receipt_number: String,
    pub procedure_id: String,
    pub form_version: i64,
    pub section_id: Option<String>,
    #[serde(skip)]
    pub submitter_kind: String,
    #[serde(skip)]
    pub submitter_id: String,
    #[serde(skip)]
    pub request_hash: String,
    pub answers: Value,
    pub status: Status,
    pub possible_duplicate_of: Option<String>,
    pub fiscal_year: i64,
    pub submitted_at: String,
    pub updated_at: String,
    /// When the case reached a final status (closed, withdrawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// When its answers and files were disposed of after the retention
    /// period (see `crate::retention`); the rest is kept for statistics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disposed_at: Option<String>,
    /// The language the applicant used.
    #[serde(skip)]
    pub lang: kernel::i18n::Lang,
    /// Sent online or made at a counter.
    #[serde(skip)]
    pub channel: Channel,
}

/// The day a decision is due: the receipt day plus the standard processing
/// period (calendar days, as the city's rules count them).
pub fn due_on(received: time::Date, standard_days: Option<i64>) -> Option<time::Date> {
    received.checked_add(time::Duration::days(standard_days?))
}

/// Overdue: past its due day while the city (not the applicant) has the case.
pub fn is_overdue(status: Status, due_on: Option<&str>, today: time::Date) -> bool {
    let due = due_on.and_then(|d| {
        time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
    });
    status.counts_toward_processing_period() && due.is_some_and(|due| today > due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_case_is_overdue_only_past_its_day_and_only_while_the_city_has_it() {
        assert_eq!(
            due_on(date!(2026 - 03 - 25), Some(14)),
            Some(date!(2026 - 04 - 08))
        );
        assert_eq!(due_on(date!(2026 - 03 - 25), None), None);
        let due = Some("2026-04-08");
        assert!(
            !is_overdue(Status::Reviewing, due, date!(2026 - 04 - 08)),
            "due today is not late"
        );
        assert!(is_overdue(Status::Reviewing, due, date!(2026 - 04 - 09)));
        assert!(
            !is_overdue(Status::CorrectionRequested, due, date!(2026 - 05 - 01)),
            "the applicant has it"
        );
        assert!(
            !is_overdue(Status::Approved, due, date!(2026 - 05 - 01)),
            "decided"
        );
        assert!(
            !is_overdue(Status::Received, None, date!(2026 - 05 - 01)),
            "no period set"
        );
    }
}
