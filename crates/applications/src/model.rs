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

    /// How the audit log names the submitter.
    pub fn actor(&self) -> String {
        match self {
            Submitter::Resident { id } => format!("resident:{id}"),
            Submitter::Guest { .. } => "guest".to_string(),
            Submitter::Api { token_id, name } => format!("api:{token_id}:{name}"),
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
}
