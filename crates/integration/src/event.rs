//! Events as receivers see them, and which subscription gets which (pure).

use serde_json::{Value, json};

/// The event types relayed today. A subscription may name any of them; an
/// empty filter takes all, the ones later capabilities add included.
pub const TYPES: [&str; 10] = [
    "application.submitted",
    "application.resubmitted",
    "application.status_changed",
    "application.transferred",
    "application.withdrawn",
    "notice.issued",
    "notice.revoked",
    "payment.requested",
    "payment.completed",
    "payment.refunded",
];

/// An event read from the outbox.
#[derive(Debug, Clone)]
pub struct Stored {
    pub outbox_id: i64,
    pub event_id: String,
    pub event_type: String,
    /// The application's receipt number: events of one are kept in order.
    pub aggregate_id: String,
    pub data: Value,
    pub occurred_at: String,
}

impl Stored {
    /// The body POSTed to a receiver and published to NATS:
    /// `{"id", "type", "occurred_at", "data"}`.
    pub fn body(&self) -> Vec<u8> {
        json!({
            "id": self.event_id,
            "type": self.event_type,
            "occurred_at": self.occurred_at,
            "data": self.data,
        })
        .to_string()
        .into_bytes()
    }

    /// The sections an event concerns: the application's, and for a
    /// transfer also the one it left (that section's system must learn the
    /// case is gone).
    pub fn sections(&self) -> Vec<&str> {
        ["section_id", "from_section"]
            .iter()
            .filter_map(|key| self.data.get(*key).and_then(Value::as_str))
            .collect()
    }
}

/// What a subscription asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Empty: every type.
    pub event_types: Vec<String>,
    /// Sections and bureaus; both empty: the whole city.
    pub sections: Vec<String>,
    pub bureaus: Vec<String>,
}

impl Filter {
    pub fn is_citywide(&self) -> bool {
        self.sections.is_empty() && self.bureaus.is_empty()
    }

    /// Whether `event` goes to this subscription; `bureau_of` names a
    /// section's bureau.
    pub fn matches(&self, event: &Stored, bureau_of: impl Fn(&str) -> Option<String>) -> bool {
        if !self.event_types.is_empty() && !self.event_types.contains(&event.event_type) {
            return false;
        }
        if self.is_citywide() {
            return true;
        }
        event.sections().into_iter().any(|section| {
            self.sections.iter().any(|s| s == section)
                || bureau_of(section).is_some_and(|bureau| self.bureaus.contains(&bureau))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(event_type: &str, data: Value) -> Stored {
        Stored {
            outbox_id: 1,
            event_id: "e1".into(),
            event_type: event_type.into(),
            aggregate_id: "R1".into(),
            data,
            occurred_at: "2026-12-06T01:00:00Z".into(),
        }
    }

    fn bureau_of(section: &str) -> Option<String> {
        match section {
            "kosodate" | "hoiku" => Some("kodomo".into()),
            "shimin" => Some("shimin-keizai".into()),
            _ => None,
        }
    }

    #[test]
    fn the_body_has_id_type_time_and_data() {
        let body: Value = serde_json::from_slice(
            &event("application.submitted", json!({"receipt_number": "R1"})).body(),
        )
        .unwrap_or_default();
        assert_eq!(body["id"], "e1");
        assert_eq!(body["type"], "application.submitted");
        assert_eq!(body["occurred_at"], "2026-12-06T01:00:00Z");
        assert_eq!(body["data"]["receipt_number"], "R1");
    }

    #[test]
    fn type_filter_and_section_scope() {
        let submitted = event("application.submitted", json!({"section_id": "kosodate"}));
        let all = Filter::default();
        assert!(all.matches(&submitted, bureau_of));
        let only_changes = Filter {
            event_types: vec!["application.status_changed".into()],
            ..Filter::default()
        };
        assert!(!only_changes.matches(&submitted, bureau_of));
        let section = Filter {
            sections: vec!["kosodate".into()],
            ..Filter::default()
        };
        assert!(section.matches(&submitted, bureau_of));
        let other = Filter {
            sections: vec!["shimin".into()],
            ..Filter::default()
        };
        assert!(!other.matches(&submitted, bureau_of));
        let bureau = Filter {
            bureaus: vec!["kodomo".into()],
            ..Filter::default()
        };
        assert!(bureau.matches(&submitted, bureau_of));
        assert!(bureau.matches(
            &event("application.submitted", json!({"section_id": "hoiku"})),
            bureau_of
        ));
        // An event of no section goes only to city-wide subscriptions.
        let nowhere = event("application.submitted", json!({"section_id": null}));
        assert!(all.matches(&nowhere, bureau_of));
        assert!(!section.matches(&nowhere, bureau_of));
    }

    #[test]
    fn a_transfer_reaches_both_sections() {
        let moved = event(
            "application.transferred",
            json!({"section_id": "shimin", "from_section": "kosodate"}),
        );
        for s in ["shimin", "kosodate"] {
            let filter = Filter {
                sections: vec![s.into()],
                ..Filter::default()
            };
            assert!(filter.matches(&moved, bureau_of), "{s}");
        }
        let filter = Filter {
            sections: vec!["hoiku".into()],
            ..Filter::default()
        };
        assert!(!filter.matches(&moved, bureau_of));
    }
}
