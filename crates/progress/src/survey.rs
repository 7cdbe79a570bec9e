//! The quarterly survey (四半期照会), as rules without I/O: which quarter a day
//! is in, who is late, what changed, and what an answer does to a procedure.
//! Storage and pages are in `survey_store` and `survey_pages`.

use catalog::model::{OnlineStatus, Procedure};
use time::Date;

/// The fiscal year (April–March) and quarter (1: April–June … 4: January–March).
pub fn quarter_of(date: Date) -> (i32, u8) {
    let fiscal_year = kernel::wareki::fiscal_year_of(date);
    let quarter = match u8::from(date.month()) {
        4..=6 => 1,
        7..=9 => 2,
        10..=12 => 3,
        _ => 4,
    };
    (fiscal_year, quarter)
}

/// "R7-Q2": stable, sortable within an era, readable.
pub fn round_id(fiscal_year: i32, quarter: u8) -> String {
    format!(
        "{}-Q{quarter}",
        kernel::wareki::fiscal_year_short(fiscal_year)
    )
}

/// What the registry says of a procedure, or what a section answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// `online`, `planned`, `not_online` or `impossible`.
    pub status: String,
    pub planned_fy: Option<i32>,
    pub annual_count: Option<i64>,
}

impl Standing {
    pub fn of(procedure: &Procedure) -> Standing {
        Standing {
            status: procedure.online.code().to_string(),
            planned_fy: procedure.planned_fy,
            annual_count: procedure.annual_count,
        }
    }
}

pub const STATUSES: [&str; 4] = ["online", "planned", "not_online", "impossible"];

/// One section's part of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionProgress {
    pub section_id: String,
    pub total: usize,
    pub answered: usize,
    /// Past the deadline with procedures unanswered, the round still open.
    pub late: bool,
}

/// Per section: how many procedures, how many answered, and who is late.
/// `rows` are (section id, answered) per procedure.
pub fn progress(
    rows: &[(String, bool)],
    deadline: Date,
    today: Date,
    closed: bool,
) -> Vec<SectionProgress> {
    let mut by_section: std::collections::BTreeMap<&str, (usize, usize)> =
        std::collections::BTreeMap::new();
    for (section, answered) in rows {
        let entry = by_section.entry(section.as_str()).or_default();
        entry.0 += 1;
        if *answered {
            entry.1 += 1;
        }
    }
    by_section
        .into_iter()
        .map(|(section, (total, answered))| SectionProgress {
            section_id: section.to_string(),
            total,
            answered,
            late: !closed && today > deadline && answered < total,
        })
        .collect()
}

/// A reminder the platform sends on its own to the sections that have not
/// answered everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The deadline is near.
    DueSoon,
    /// The deadline has passed.
    Overdue,
}

impl Reminder {
    pub fn code(self) -> &'static str {
        match self {
            Reminder::DueSoon => "due_soon",
            Reminder::Overdue => "overdue",
        }
    }
}

/// How many days before the deadline the first reminder goes out.
pub const DUE_SOON_DAYS: i64 = 3;
/// How often a late section is reminded again.
pub const OVERDUE_EVERY_DAYS: i64 = 7;

/// Which reminder an open round is due `today`, given the day the platform
/// last sent one for it: one when the deadline is [`DUE_SOON_DAYS`] away, one
/// the day after it passes, then one every [`OVERDUE_EVERY_DAYS`] until the
/// round closes.
pub fn reminder_due(deadline: Date, today: Date, last_sent: Option<Date>) -> Option<Reminder> {
    let due_soon_from = deadline - time::Duration::days(DUE_SOON_DAYS);
    if today < due_soon_from {
        return None;
    }
    if today <= deadline {
        let sent_for_this = last_sent.is_some_and(|sent| sent >= due_soon_from);
        return (!sent_for_this).then_some(Reminder::DueSoon);
    }
    let overdue_again = match last_sent {
        None => true,
        Some(sent) if sent <= deadline => true,
        Some(sent) => (today - sent).whole_days() >= OVERDUE_EVERY_DAYS,
    };
    overdue_again.then_some(Reminder::Overdue)
}

/// The procedure as the answer leaves it. A procedure newly online counts
/// from the round's fiscal year; one already online keeps its year; a 不可
/// takes the section's words as its reason.
pub fn apply(procedure: &Procedure, answer: &Standing, issues: &str, round_fy: i32) -> Procedure {
    let mut next = procedure.clone();
    next.planned_fy = answer.planned_fy;
    next.annual_count = answer.annual_count;
    next.online = match answer.status.as_str() {
        "online" => match &procedure.online {
            online @ OnlineStatus::Online { .. } => online.clone(),
            _ => OnlineStatus::Online {
                fiscal_year: Some(round_fy),
                or_earlier: false,
                since: None,
            },
        },
        "planned" => OnlineStatus::Planned,
        "impossible" => OnlineStatus::Impossible {
            reason: match (&procedure.online, issues.trim()) {
                (OnlineStatus::Impossible { reason }, "") => reason.clone(),
                (_, words) => words.to_string(),
            },
        },
        _ => OnlineStatus::NotOnline,
    };
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reminders_go_three_days_before_the_deadline_the_day_after_and_weekly() {
        let deadline = date!(2025 - 10 - 15);
        assert_eq!(reminder_due(deadline, date!(2025 - 10 - 11), None), None);
        assert_eq!(
            reminder_due(deadline, date!(2025 - 10 - 12), None),
            Some(Reminder::DueSoon)
        );
        let sent = Some(date!(2025 - 10 - 12));
        assert_eq!(reminder_due(deadline, date!(2025 - 10 - 13), sent), None);
        assert_eq!(reminder_due(deadline, date!(2025 - 10 - 15), sent), None);
        assert_eq!(
            reminder_due(deadline, date!(2025 - 10 - 14), None),
            Some(Reminder::DueSoon),
            "a server that was down on the 12th still reminds"
        );
        assert_eq!(
            reminder_due(deadline, date!(2025 - 10 - 16), sent),
            Some(Reminder::Overdue)
        );
        let sent = Some(date!(2025 - 10 - 16));
        assert_eq!(reminder_due(deadline, date!(2025 - 10 - 22), sent), None);
        assert_eq!(
            reminder_due(deadline, date!(2025 - 10 - 23), sent),
            Some(Reminder::Overdue)
        );
        assert_eq!(
            reminder_due(deadline, date!(2025 - 11 - 20), None),
            Some(Reminder::Overdue),
            "a round opened after its deadline is overdue at once"
        );
    }

    #[test]
    fn quarters_follow_the_fiscal_year() {
        assert_eq!(quarter_of(date!(2025 - 04 - 01)), (2025, 1));
        assert_eq!(quarter_of(date!(2025 - 09 - 30)), (2025, 2));
        assert_eq!(quarter_of(date!(2025 - 12 - 31)), (2025, 3));
        assert_eq!(
            quarter_of(date!(2026 - 03 - 31)),
            (2025, 4),
            "31 March is still FY2025"
        );
        assert_eq!(round_id(2025, 2), "R7-Q2");
    }

    #[test]
    fn a_section_is_late_only_after_the_deadline_with_answers_missing() {
        let rows = [
            ("kosodate".to_string(), true),
            ("kosodate".to_string(), true),
            ("kaigo".to_string(), true),
            ("kaigo".to_string(), false),
        ];
        let before = progress(&rows, date!(2025 - 07 - 15), date!(2025 - 07 - 15), false);
        assert!(
            before.iter().all(|s| !s.late),
            "the deadline day itself is not late"
        );
        let after = progress(&rows, date!(2025 - 07 - 15), date!(2025 - 07 - 16), false);
        let kaigo = after
            .iter()
            .find(|s| s.section_id == "kaigo")
            .expect("kaigo");
        assert_eq!((kaigo.total, kaigo.answered, kaigo.late), (2, 1, true));
        assert!(
            !after
                .iter()
                .find(|s| s.section_id == "kosodate")
                .expect("kosodate")
                .late
        );
        let closed = progress(&rows, date!(2025 - 07 - 15), date!(2025 - 08 - 01), true);
        assert!(
            closed.iter().all(|s| !s.late),
            "a closed round has no one late"
        );
    }

    fn procedure(online: OnlineStatus) -> Procedure {
        Procedure {
            section_id: Some("s".into()),
            online,
            planned_fy: Some(2025),
            ..Procedure::named("p", "手続", "b")
        }
    }

    #[test]
    fn an_answer_moves_a_procedure_online_in_the_rounds_year_and_keeps_old_years() {
        let planned = procedure(OnlineStatus::Planned);
        let answer = Standing {
            status: "online".into(),
            planned_fy: Some(2025),
            annual_count: Some(1_200),
        };
        let next = apply(&planned, &answer, "", 2025);
        assert_eq!(
            next.online,
            OnlineStatus::Online {
                fiscal_year: Some(2025),
                or_earlier: false,
                since: None
            }
        );
        assert_eq!(next.annual_count, Some(1_200));
        let old = procedure(OnlineStatus::Online {
            fiscal_year: Some(2021),
            or_earlier: true,
            since: None,
        });
        assert_eq!(apply(&old, &answer, "", 2025).online, old.online);
        let barred = apply(
            &planned,
            &Standing {
                status: "impossible".into(),
                planned_fy: None,
                annual_count: None,
            },
            "法令で対面が必要",
            2025,
        );
        assert_eq!(
            barred.online,
            OnlineStatus::Impossible {
                reason: "法令で対面が必要".into()
            }
        );
    }
}
