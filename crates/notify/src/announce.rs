//! The life of an announcement, without I/O: drafted by staff, approved by
//! a second person when it goes to the whole city, scheduled, sent, and
//! what may be done to it at each step.

use crate::rules::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Being written; nothing is sent.
    Draft,
    /// Submitted; waits for a second person's approval (city-wide sends).
    AwaitingApproval,
    /// Approved (or needing no approval); sent at its time.
    Scheduled,
    /// Its recipients are queued and being sent to.
    Sending,
    /// Every delivery is done (sent, or failed for good).
    Sent,
    /// Withdrawn before it was sent.
    Cancelled,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Draft,
        State::AwaitingApproval,
        State::Scheduled,
        State::Sending,
        State::Sent,
        State::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::AwaitingApproval => "awaiting_approval",
            State::Scheduled => "scheduled",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Its name for staff, Japanese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            State::Draft => ("下書き", "Draft"),
            State::AwaitingApproval => ("承認待ち", "Awaiting approval"),
            State::Scheduled => ("配信予約済み", "Scheduled"),
            State::Sending => ("配信中", "Sending"),
            State::Sent => ("配信済み", "Sent"),
            State::Cancelled => ("取消し", "Cancelled"),
        }
    }
}

/// What staff do to an announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Edit,
    /// Asks for it to be sent (at its time).
    Submit,
    Approve,
    /// Back to a draft with the approver's reason.
    SendBack,
    Cancel,
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not at this step (editing a scheduled one, approving a draft …).
    NotNow,
    /// The approver wrote it: a city-wide send needs a second person.
    SamePerson,
    /// No topic, or no text in Japanese: nothing to send.
    Incomplete,
}

/// A city-wide announcement (no ward named) reaches every subscriber and
/// so needs a second person's approval; one for some wards does not.
pub fn needs_approval(target: &Target) -> bool {
    target.wards.is_empty()
}

/// The state after `action` by `actor` on an announcement in `state`,
/// written by `author`, for `target`; `complete` says it has a topic and
/// its Japanese title and text.
pub fn next(
    state: State,
    action: Action,
    author: &str,
    actor: &str,
    target: &Target,
    complete: bool,
) -> Result<State, Refusal> {
    match (state, action) {
        (State::Draft, Action::Edit) => Ok(State::Draft),
        (State::Draft, Action::Submit) if !complete => Err(Refusal::Incomplete),
        (State::Draft, Action::Submit) if needs_approval(target) => Ok(State::AwaitingApproval),
        (State::Draft, Action::Submit) => Ok(State::Scheduled),
        (State::AwaitingApproval, Action::Approve) if actor == author => Err(Refusal::SamePerson),
        (State::AwaitingApproval, Action::Approve) => Ok(State::Scheduled),
        (State::AwaitingApproval, Action::SendBack) => Ok(State::Draft),
        (State::Draft | State::AwaitingApproval | State::Scheduled, Action::Cancel) => {
            Ok(State::Cancelled)
        }
        _ => Err(Refusal::NotNow),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city() -> Target {
        Target {
            topics: ["bousai".to_string()].into(),
            ..Target::default()
        }
    }

    fn ward() -> Target {
        Target {
            topics: ["gomi".to_string()].into(),
            wards: ["naka".to_string()].into(),
            ..Target::default()
        }
    }

    #[test]
    fn a_city_wide_announcement_needs_a_second_person() {
        let submitted = next(State::Draft, Action::Submit, "a", "a", &city(), true);
        assert_eq!(submitted, Ok(State::AwaitingApproval));
        assert_eq!(
            next(
                State::AwaitingApproval,
                Action::Approve,
                "a",
                "a",
                &city(),
                true
            ),
            Err(Refusal::SamePerson)
        );
        assert_eq!(
            next(
                State::AwaitingApproval,
                Action::Approve,
                "a",
                "b",
                &city(),
                true
            ),
            Ok(State::Scheduled)
        );
        assert_eq!(
            next(
                State::AwaitingApproval,
                Action::SendBack,
                "a",
                "b",
                &city(),
                true
            ),
            Ok(State::Draft)
        );
    }

    #[test]
    fn a_wards_announcement_is_scheduled_when_submitted() {
        assert_eq!(
            next(State::Draft, Action::Submit, "a", "a", &ward(), true),
            Ok(State::Scheduled)
        );
    }

    #[test]
    fn nothing_incomplete_is_submitted_and_nothing_sent_is_changed() {
        assert_eq!(
            next(State::Draft, Action::Submit, "a", "a", &ward(), false),
            Err(Refusal::Incomplete)
        );
        for state in [
            State::Scheduled,
            State::Sending,
            State::Sent,
            State::Cancelled,
        ] {
            assert_eq!(
                next(state, Action::Edit, "a", "a", &ward(), true),
                Err(Refusal::NotNow),
                "{state:?}"
            );
        }
        for state in [State::Sending, State::Sent, State::Cancelled] {
            assert_eq!(
                next(state, Action::Cancel, "a", "a", &ward(), true),
                Err(Refusal::NotNow),
                "{state:?}"
            );
        }
        assert_eq!(
            next(State::Scheduled, Action::Cancel, "a", "b", &ward(), true),
            Ok(State::Cancelled)
        );
        assert_eq!(
            next(State::Draft, Action::Approve, "a", "b", &city(), true),
            Err(Refusal::NotNow)
        );
    }

    #[test]
    fn states_read_back_from_their_codes() {
        for state in State::ALL {
            assert_eq!(State::parse(state.code()), Some(state));
        }
        assert_eq!(State::parse("lost"), None);
    }
}
