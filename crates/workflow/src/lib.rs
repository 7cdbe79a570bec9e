//! The common workflow (共通ワークフロー, SPEC C3) as a small state machine:
//! received → reviewing → correction requested ↔ resubmitted → approved /
//! rejected → notice issued → closed, and withdrawn by the applicant before a
//! decision. Who may take each step is part of the machine. Pure functions;
//! a procedure may narrow the default (e.g. no correction step).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Reviewing,
    CorrectionRequested,
    Resubmitted,
    Approved,
    Rejected,
    NoticeIssued,
    Closed,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Received,
        Status::Reviewing,
        Status::CorrectionRequested,
        Status::Resubmitted,
        Status::Approved,
        Status::Rejected,
        Status::NoticeIssued,
        Status::Closed,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Reviewing => "reviewing",
            Status::CorrectionRequested => "correction_requested",
            Status::Resubmitted => "resubmitted",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::NoticeIssued => "notice_issued",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Status::Received => "受付済み",
            Status::Reviewing => "審査中",
            Status::CorrectionRequested => "補正依頼中",
            Status::Resubmitted => "補正済み（再審査待ち）",
            Status::Approved => "承認",
            Status::Rejected => "不承認",
            Status::NoticeIssued => "通知発行済み",
            Status::Closed => "完了",
            Status::Withdrawn => "取下げ",
        }
    }

    /// The key of the status in the resident message catalogs.
    pub fn message_id(self) -> &'static str {
        match self {
            Status::Received => "status-received",
            Status::Reviewing => "status-reviewing",
            Status::CorrectionRequested => "status-correction-requested",
            Status::Resubmitted => "status-resubmitted",
            Status::Approved => "status-approved",
            Status::Rejected => "status-rejected",
            Status::NoticeIssued => "status-notice-issued",
            Status::Closed => "status-closed",
            Status::Withdrawn => "status-withdrawn",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Received => "Received",
            Status::Reviewing => "Under review",
            Status::CorrectionRequested => "Correction requested",
            Status::Resubmitted => "Corrected, awaiting review",
            Status::Approved => "Approved",
            Status::Rejected => "Rejected",
            Status::NoticeIssued => "Notice issued",
            Status::Closed => "Closed",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// The badge class of the status, for every page that shows one
    /// (resident and staff alike): badges differ by meaning, and each class
    /// also draws a mark before the label (✓, ✕, !, ○, ●, −), so colour is
    /// never the only cue. See `.status-*` in madoguchi.css.
    pub fn badge_class(self) -> &'static str {
        match self {
            Status::Received | Status::Reviewing | Status::Resubmitted => "status-pending",
            Status::CorrectionRequested => "status-attention",
            Status::Approved => "status-approved",
            Status::Rejected => "status-rejected",
            Status::NoticeIssued | Status::Closed => "status-done",
            Status::Withdrawn => "status-withdrawn",
        }
    }

    /// No step leads on from here.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Withdrawn)
    }

    /// The clock of the standard processing period (標準処理期間) stops
    /// while the applicant has the case and once it is decided.
    pub fn counts_toward_processing_period(self) -> bool {
        matches!(
            self,
            Status::Received | Status::Reviewing | Status::Resubmitted
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    StartReview,
    RequestCorrection,
    Resubmit,
    Approve,
    Reject,
    IssueNotice,
    Close,
    Withdraw,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::StartReview,
        Action::RequestCorrection,
        Action::Resubmit,
        Action::Approve,
        Action::Reject,
        Action::IssueNotice,
        Action::Close,
        Action::Withdraw,
    ];

    /// Whether the step decides the case (a business system needs the
    /// `decide` scope for it, besides `write`).
    pub fn is_decision(self) -> bool {
        matches!(self, Action::Approve | Action::Reject | Action::IssueNotice)
    }

    pub fn code(self) -> &'static str {
        match self {
            Action::StartReview => "start_review",
            Action::RequestCorrection => "request_correction",
            Action::Resubmit => "resubmit",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::IssueNotice => "issue_notice",
            Action::Close => "close",
            Action::Withdraw => "withdraw",
        }
    }

    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Action::StartReview => "審査を開始する",
            Action::RequestCorrection => "補正を依頼する",
            Action::Resubmit => "補正して再提出する",
            Action::Approve => "承認する",
            Action::Reject => "不承認にする",
            Action::IssueNotice => "通知を発行する",
            Action::Close => "完了にする",
            Action::Withdraw => "申請を取り下げる",
        }
    }

    /// The English label of the button.
    pub fn label_en(self) -> &'static str {
        match self {
            Action::StartReview => "Start the review",
            Action::RequestCorrection => "Ask for a correction",
            Action::Resubmit => "Send the correction",
            Action::Approve => "Approve",
            Action::Reject => "Refuse",
            Action::IssueNotice => "Issue the notice",
            Action::Close => "Close the case",
            Action::Withdraw => "Withdraw the application",
        }
    }

    /// How the case's history names the step once taken (審査開始, 補正依頼 …).
    pub fn done_ja(self) -> &'static str {
        match self {
            Action::StartReview => "審査開始",
            Action::RequestCorrection => "補正依頼",
            Action::Resubmit => "補正（再提出）",
            Action::Approve => "承認",
            Action::Reject => "不承認",
            Action::IssueNotice => "通知書発行",
            Action::Close => "完了",
            Action::Withdraw => "取下げ",
        }
    }

    pub fn done_en(self) -> &'static str {
        match self {
            Action::StartReview => "Review started",
            Action::RequestCorrection => "Correction requested",
            Action::Resubmit => "Corrected and sent again",
            Action::Approve => "Approved",
            Action::Reject => "Refused",
            Action::IssueNotice => "Notice issued",
            Action::Close => "Closed",
            Action::Withdraw => "Withdrawn",
        }
    }

    /// Steps that must tell the applicant why (行政手続法 §8 for a refusal;
    /// a correction request says what to correct): the reason is the
    /// comment, mailed and shown to the applicant.
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::RequestCorrection | Action::Reject)
    }

    /// Steps that cannot be undone: a page asks before taking them.
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            Action::Approve | Action::Reject | Action::Close | Action::Withdraw
        )
    }

    /// Steps the applicant is told about (by e-mail and on the my page).
    pub fn notifies_applicant(self) -> bool {
        matches!(
            self,
            Action::RequestCorrection | Action::Approve | Action::Reject | Action::IssueNotice
        )
    }
}

/// Who is acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Applicant,
    Clerk,
    Manager,
    /// A business system with a write token, acting for the section.
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub from: Status,
    pub action: Action,
    pub to: Status,
}

const fn step(from: Status, action: Action, to: Status) -> Step {
    Step { from, action, to }
}

/// The default workflow every procedure starts with.
pub const DEFAULT_STEPS: [Step; 13] = [
    step(Status::Received, Action::StartReview, Status::Reviewing),
    step(Status::Received, Action::Withdraw, Status::Withdrawn),
    step(
        Status::Reviewing,
        Action::RequestCorrection,
        Status::CorrectionRequested,
    ),
    step(Status::Reviewing, Action::Approve, Status::Approved),
    step(Status::Reviewing, Action::Reject, Status::Rejected),
    step(Status::Reviewing, Action::Withdraw, Status::Withdrawn),
    step(
        Status::CorrectionRequested,
        Action::Resubmit,
        Status::Resubmitted,
    ),
    step(
        Status::CorrectionRequested,
        Action::Withdraw,
        Status::Withdrawn,
    ),
    step(Status::Resubmitted, Action::StartReview, Status::Reviewing),
    step(Status::Resubmitted, Action::Withdraw, Status::Withdrawn),
    step(Status::Approved, Action::IssueNotice, Status::NoticeIssued),
    step(Status::Rejected, Action::IssueNotice, Status::NoticeIssued),
    step(Status::NoticeIssued, Action::Close, Status::Closed),
];

/// Who may take an action. Decisions are the manager's (or the system's,
/// acting on a decision made in a business system).
pub fn may(actor: Actor, action: Action) -> bool {
    match action {
        Action::Resubmit | Action::Withdraw => actor == Actor::Applicant,
        Action::Approve | Action::Reject => matches!(actor, Actor::Manager | Actor::System),
        Action::StartReview | Action::RequestCorrection | Action::IssueNotice | Action::Close => {
            matches!(actor, Actor::Clerk | Actor::Manager | Actor::System)
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The action does not lead anywhere from the current status.
    NotFromHere { status: Status, action: Action },
    /// This actor may not take this action.
    NotAllowed { actor: Actor, action: Action },
    /// The action tells the applicant why, and no reason was given.
    ReasonRequired { action: Action },
}

/// Whether `reason` is enough for `action`: a refusal or a correction
/// request without words the applicant can read is refused (blank text
/// counts as none). Other actions take a comment or not.
pub fn check_reason(action: Action, reason: Option<&str>) -> Result<(), Refusal> {
    let given = reason.is_some_and(|r| !r.trim().is_empty());
    if action.needs_reason() && !given {
        return Err(Refusal::ReasonRequired { action });
    }
    Ok(())
}

impl Refusal {
    pub fn message_ja(&self) -> String {
        match self {
            Refusal::NotFromHere { status, action } => {
                format!(
                    "「{}」の申請は「{}」ことができません。",
                    status.label_ja(),
                    action.label_ja().trim_end_matches("する")
                )
            }
            Refusal::NotAllowed { action, .. } => {
                format!("この操作（{}）の権限がありません。", action.label_ja())
            }
            Refusal::ReasonRequired { action } => match action {
                Action::RequestCorrection => "補正を依頼するときは、申請者に何を直してほしいかを入力してください（申請者へのメールとマイページに載ります）。".to_string(),
                _ => "不承認にするときは、申請者に伝える理由を入力してください（行政手続法第8条。申請者へのメールとマイページに載ります）。".to_string(),
            },
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Refusal::NotFromHere { status, action } => {
                format!(
                    "An application that is {} cannot {}.",
                    status.label_en().to_lowercase(),
                    action.code().replace('_', " ")
                )
            }
            Refusal::NotAllowed { actor, action } => {
                format!("{actor:?} may not {}.", action.code().replace('_', " "))
            }
            Refusal::ReasonRequired { action } => match action {
                Action::RequestCorrection => "Say what the applicant should correct: it is mailed to them and shown on their page.".to_string(),
                _ => "Give the reason for the refusal: the applicant is told why (Administrative Procedure Act, art. 8), by mail and on their page.".to_string(),
            },
        }
    }
}

/// A procedure's workflow: the default, or the default narrowed.
#[derive(Debug, Clone)]
pub struct Workflow {
    steps: Vec<Step>,
    /// Decisions may be taken by a clerk too (simple requests).
    clerk_decides: bool,
}

impl Default for Workflow {
    fn default() -> Self {
        Workflow {
            steps: DEFAULT_STEPS.to_vec(),
            clerk_decides: false,
        }
    }
}

/// Who decides a procedure's applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionBy {
    /// 課長等 (the default).
    #[default]
    Manager,
    /// Any clerk of the section, for simple requests (粗大ごみ, 通報).
    Clerk,
}

/// How the DX office sets a procedure's workflow; the default is the full
/// SPEC workflow. Stored as JSON per procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkflowConfig {
    /// The section may send an application back for correction (補正).
    pub corrections: bool,
    /// A decision is followed by a notice (通知書); without, it closes.
    pub notice: bool,
    /// The applicant may withdraw before a decision.
    pub withdrawal: bool,
    pub decision_by: DecisionBy,
}

impl Default for WorkflowConfig {
    fn default() -> Self {
        WorkflowConfig {
            corrections: true,
            notice: true,
            withdrawal: true,
            decision_by: DecisionBy::Manager,
        }
    }
}

impl WorkflowConfig {
    pub fn workflow(&self) -> Workflow {
        let mut steps: Vec<Step> = DEFAULT_STEPS
            .iter()
            .copied()
            .filter(|s| self.corrections || s.action != Action::RequestCorrection)
            .filter(|s| self.withdrawal || s.action != Action::Withdraw)
            .filter(|s| self.notice || s.action != Action::IssueNotice)
            .collect();
        if !self.notice {
            steps.push(step(Status::Approved, Action::Close, Status::Closed));
            steps.push(step(Status::Rejected, Action::Close, Status::Closed));
        }
        Workflow {
            steps,
            clerk_decides: self.decision_by == DecisionBy::Clerk,
        }
    }
}

impl Workflow {
    /// The default without some actions (e.g. a report that needs no correction step).
    pub fn without(actions: &[Action]) -> Self {
        Workflow {
            steps: DEFAULT_STEPS
                .iter()
                .copied()
                .filter(|s| !actions.contains(&s.action))
                .collect(),
            clerk_decides: false,
        }
    }

    /// Whether `actor` may take `action` in this workflow.
    pub fn may(&self, actor: Actor, action: Action) -> bool {
        may(actor, action)
            || (self.clerk_decides
                && actor == Actor::Clerk
                && matches!(action, Action::Approve | Action::Reject))
    }

    /// Where `action` by `actor` leads from `status`.
    pub fn apply(&self, status: Status, action: Action, actor: Actor) -> Result<Status, Refusal> {
        let step = self
            .steps
            .iter()
            .find(|s| s.from == status && s.action == action)
            .ok_or(Refusal::NotFromHere { status, action })?;
        if !self.may(actor, action) {
            return Err(Refusal::NotAllowed { actor, action });
        }
        Ok(step.to)
    }

    /// The actions `actor` can take from `status`, for buttons.
    pub fn available(&self, status: Status, actor: Actor) -> Vec<Action> {
        self.steps
            .iter()
            .filter(|s| s.from == status && self.may(actor, s.action))
            .map(|s| s.action)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_goes_through_correction_to_a_notice() {
        let w = Workflow::default();
        let mut status = Status::Received;
        for (action, actor) in [
            (Action::StartReview, Actor::Clerk),
            (Action::RequestCorrection, Actor::Clerk),
            (Action::Resubmit, Actor::Applicant),
            (Action::StartReview, Actor::Clerk),
            (Action::Approve, Actor::Manager),
            (Action::IssueNotice, Actor::Clerk),
            (Action::Close, Actor::Clerk),
        ] {
            status = w
                .apply(status, action, actor)
                .unwrap_or_else(|r| panic!("{r:?}"));
        }
        assert_eq!(status, Status::Closed);
        assert!(w.available(status, Actor::Manager).is_empty());
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let w = Workflow::default();
        assert_eq!(
            w.apply(Status::Received, Action::Approve, Actor::Manager),
            Err(Refusal::NotFromHere {
                status: Status::Received,
                action: Action::Approve
            })
        );
        assert!(
            w.apply(Status::Approved, Action::Withdraw, Actor::Applicant)
                .is_err(),
            "too late to withdraw"
        );
        assert!(
            w.apply(Status::Closed, Action::StartReview, Actor::Clerk)
                .is_err()
        );
        assert!(
            w.apply(Status::Reviewing, Action::Resubmit, Actor::Applicant)
                .is_err()
        );
    }

    #[test]
    fn only_the_right_people_take_each_step() {
        let w = Workflow::default();
        assert_eq!(
            w.apply(Status::Reviewing, Action::Approve, Actor::Clerk),
            Err(Refusal::NotAllowed {
                actor: Actor::Clerk,
                action: Action::Approve
            })
        );
        assert!(
            w.apply(Status::Reviewing, Action::Approve, Actor::System)
                .is_ok()
        );
        assert!(
            w.apply(Status::Received, Action::StartReview, Actor::Applicant)
                .is_err()
        );
        assert!(
            w.apply(Status::Received, Action::Withdraw, Actor::Clerk)
                .is_err(),
            "only the applicant withdraws"
        );
        assert_eq!(
            w.available(Status::Reviewing, Actor::Clerk),
            vec![Action::RequestCorrection]
        );
        assert_eq!(
            w.available(Status::Reviewing, Actor::Manager),
            vec![Action::RequestCorrection, Action::Approve, Action::Reject]
        );
    }

    #[test]
    fn a_narrowed_workflow_has_no_correction_step() {
        let w = Workflow::without(&[Action::RequestCorrection]);
        assert!(
            w.apply(Status::Reviewing, Action::RequestCorrection, Actor::Clerk)
                .is_err()
        );
        assert!(
            w.apply(Status::Reviewing, Action::Approve, Actor::Manager)
                .is_ok()
        );
    }

    #[test]
    fn refusals_explain_themselves_in_both_languages() {
        let refusal = Workflow::default()
            .apply(Status::Received, Action::Approve, Actor::Manager)
            .unwrap_err();
        assert!(
            refusal.message_ja().contains("受付済み"),
            "{}",
            refusal.message_ja()
        );
        assert!(
            refusal.message_en().contains("cannot approve"),
            "{}",
            refusal.message_en()
        );
        assert!(
            Status::ALL
                .iter()
                .all(|s| Status::parse(s.code()) == Some(*s))
        );
        assert!(
            Action::ALL
                .iter()
                .all(|a| Action::parse(a.code()) == Some(*a))
        );
    }

    #[test]
    fn refusals_and_correction_requests_need_a_reason_others_do_not() {
        for action in [Action::Reject, Action::RequestCorrection] {
            for blank in [None, Some(""), Some(" \u{3000}\n ")] {
                assert_eq!(
                    check_reason(action, blank),
                    Err(Refusal::ReasonRequired { action }),
                    "{action:?} with {blank:?}"
                );
            }
            assert_eq!(
                check_reason(action, Some("所得が基準を超えています")),
                Ok(())
            );
        }
        for action in [Action::Approve, Action::StartReview, Action::Close] {
            assert_eq!(check_reason(action, None), Ok(()), "{action:?}");
        }
        let refusal = check_reason(Action::Reject, None).unwrap_err();
        assert!(
            refusal.message_ja().contains("理由"),
            "{}",
            refusal.message_ja()
        );
        assert!(
            refusal.message_en().contains("reason"),
            "{}",
            refusal.message_en()
        );
        let correction = check_reason(Action::RequestCorrection, Some("")).unwrap_err();
        assert!(correction.message_ja().contains("補正"));
    }

    #[test]
    fn irreversible_steps_ask_first() {
        let asked: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| a.needs_confirmation())
            .collect();
        assert_eq!(
            asked,
            vec![
                Action::Approve,
                Action::Reject,
                Action::Close,
                Action::Withdraw
            ]
        );
    }

    #[test]
    fn badges_differ_by_meaning() {
        assert_ne!(
            Status::Rejected.badge_class(),
            Status::Received.badge_class(),
            "a refusal does not look like a receipt"
        );
        assert_ne!(
            Status::Rejected.badge_class(),
            Status::Approved.badge_class()
        );
        assert_eq!(
            Status::CorrectionRequested.badge_class(),
            "status-attention",
            "the applicant has something to do"
        );
        assert!(
            Status::ALL
                .iter()
                .all(|s| s.badge_class().starts_with("status-"))
        );
    }

    #[test]
    fn a_procedure_can_drop_corrections_and_notices_and_let_clerks_decide() {
        let config: WorkflowConfig = serde_json::from_str(
            r#"{"corrections": false, "notice": false, "decision_by": "clerk"}"#,
        )
        .expect("config");
        assert!(config.withdrawal, "unset keys keep the default");
        let w = config.workflow();
        assert_eq!(
            w.apply(Status::Reviewing, Action::RequestCorrection, Actor::Clerk),
            Err(Refusal::NotFromHere {
                status: Status::Reviewing,
                action: Action::RequestCorrection
            })
        );
        assert_eq!(
            w.apply(Status::Reviewing, Action::Approve, Actor::Clerk),
            Ok(Status::Approved)
        );
        assert_eq!(
            w.apply(Status::Approved, Action::Close, Actor::Clerk),
            Ok(Status::Closed),
            "closes without a notice"
        );
        assert!(
            w.apply(Status::Approved, Action::IssueNotice, Actor::Clerk)
                .is_err()
        );
        // The applicant still never decides.
        assert!(
            w.apply(Status::Reviewing, Action::Approve, Actor::Applicant)
                .is_err()
        );
        // The default keeps decisions with the manager.
        assert!(
            WorkflowConfig::default()
                .workflow()
                .apply(Status::Reviewing, Action::Approve, Actor::Clerk)
                .is_err()
        );
        assert!(serde_json::from_str::<WorkflowConfig>(r#"{"notices": false}"#).is_err());
    }
}
