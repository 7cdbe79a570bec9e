//! What a provider's word does to a payment: pure rules, no I/O. The
//! provider may speak late, twice or out of order, and a callback may never
//! come; the rules make the order not matter: a final state is never undone
//! by a stale one, and money that moved is never recorded as not moved.

use serde::{Deserialize, Serialize};

use crate::provider::Remote;

/// What the application owes, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Owed; nothing started (or every attempt failed).
    Requested,
    /// The resident is at a provider (or has Pay-easy numbers).
    Pending,
    Paid,
    /// The due date passed unpaid.
    Expired,
    /// Withdrawn by the section (the application was withdrawn or closed).
    Cancelled,
}

impl PaymentState {
    pub fn code(self) -> &'static str {
        match self {
            PaymentState::Requested => "requested",
            PaymentState::Pending => "pending",
            PaymentState::Paid => "paid",
            PaymentState::Expired => "expired",
            PaymentState::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentState> {
        [
            PaymentState::Requested,
            PaymentState::Pending,
            PaymentState::Paid,
            PaymentState::Expired,
            PaymentState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            PaymentState::Requested => "未納",
            PaymentState::Pending => "支払手続中",
            PaymentState::Paid => "納付済み",
            PaymentState::Expired => "納付期限切れ",
            PaymentState::Cancelled => "取消し",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PaymentState::Requested => "Not paid",
            PaymentState::Pending => "Payment in progress",
            PaymentState::Paid => "Paid",
            PaymentState::Expired => "Past its due date",
            PaymentState::Cancelled => "Cancelled",
        }
    }

    /// The resident may still pay.
    pub fn payable(self) -> bool {
        matches!(self, PaymentState::Requested | PaymentState::Pending)
    }
}

/// One visit to a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    Started,
    Paid,
    Failed,
    Cancelled,
    Expired,
}

impl AttemptState {
    pub fn code(self) -> &'static str {
        match self {
            AttemptState::Started => "started",
            AttemptState::Paid => "paid",
            AttemptState::Failed => "failed",
            AttemptState::Cancelled => "cancelled",
            AttemptState::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<AttemptState> {
        [
            AttemptState::Started,
            AttemptState::Paid,
            AttemptState::Failed,
            AttemptState::Cancelled,
            AttemptState::Expired,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            AttemptState::Started => "手続中",
            AttemptState::Paid => "支払完了",
            AttemptState::Failed => "支払不可",
            AttemptState::Cancelled => "中止",
            AttemptState::Expired => "期限切れ",
        }
    }
}

/// The attempt's state after the provider said `remote`; `None`: nothing
/// changes (a repeat, or a stale word after a final one).
pub fn attempt_after(current: AttemptState, remote: Remote) -> Option<AttemptState> {
    let next = match remote {
        Remote::Pending => return None,
        Remote::Paid => AttemptState::Paid,
        Remote::Failed => AttemptState::Failed,
        Remote::Cancelled => AttemptState::Cancelled,
        Remote::Expired => AttemptState::Expired,
    };
    match current {
        AttemptState::Started => Some(next),
        // Paid is final: a later "failed" or "expired" is stale.
        AttemptState::Paid => None,
        // The platform may have given up on an attempt (expired it) that the
        // provider then took: the money moved, so it counts.
        AttemptState::Failed | AttemptState::Cancelled | AttemptState::Expired => {
            (next == AttemptState::Paid).then_some(AttemptState::Paid)
        }
    }
}

/// What an attempt that became `attempt` does to its payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The payment is paid now.
    Paid,
    /// The payment was already paid by another attempt: this money is
    /// given back.
    RefundDuplicate,
    /// The attempt ended unpaid; the payment is owed again unless another
    /// attempt is still open.
    Unpaid,
}

pub fn effect(payment: PaymentState, attempt: AttemptState) -> Effect {
    match (attempt, payment) {
        // Paid twice, or paid on a page left open after the section
        // cancelled the fee: the money goes back.
        (AttemptState::Paid, PaymentState::Paid | PaymentState::Cancelled) => {
            Effect::RefundDuplicate
        }
        (AttemptState::Paid, _) => Effect::Paid,
        _ => Effect::Unpaid,
    }
}

/// The payment's state when an attempt ended unpaid, given whether another
/// attempt is still open.
pub fn after_unpaid(payment: PaymentState, other_open: bool) -> PaymentState {
    match payment {
        PaymentState::Pending if !other_open => PaymentState::Requested,
        other => other,
    }
}

/// How much more may be refunded of a payment.
pub fn refundable(amount_yen: i64, refunded_yen: i64, pending_refunds_yen: i64) -> i64 {
    (amount_yen - refunded_yen - pending_refunds_yen).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_word_never_undoes_a_payment() {
        assert_eq!(
            attempt_after(AttemptState::Started, Remote::Paid),
            Some(AttemptState::Paid)
        );
        for stale in [
            Remote::Pending,
            Remote::Failed,
            Remote::Cancelled,
            Remote::Expired,
        ] {
            assert_eq!(attempt_after(AttemptState::Paid, stale), None, "{stale:?}");
        }
        // The same word twice changes nothing the second time.
        assert_eq!(attempt_after(AttemptState::Failed, Remote::Failed), None);
    }

    #[test]
    fn money_taken_after_the_platform_gave_up_still_counts() {
        assert_eq!(
            attempt_after(AttemptState::Expired, Remote::Paid),
            Some(AttemptState::Paid)
        );
        assert_eq!(
            effect(PaymentState::Expired, AttemptState::Paid),
            Effect::Paid
        );
    }

    #[test]
    fn a_second_payment_of_the_same_fee_is_given_back() {
        assert_eq!(
            effect(PaymentState::Paid, AttemptState::Paid),
            Effect::RefundDuplicate
        );
        // So is a payment made after the fee was cancelled.
        assert_eq!(
            effect(PaymentState::Cancelled, AttemptState::Paid),
            Effect::RefundDuplicate
        );
    }

    #[test]
    fn a_failed_attempt_leaves_the_fee_owed_unless_another_is_open() {
        assert_eq!(
            after_unpaid(PaymentState::Pending, false),
            PaymentState::Requested
        );
        assert_eq!(
            after_unpaid(PaymentState::Pending, true),
            PaymentState::Pending
        );
        assert_eq!(after_unpaid(PaymentState::Paid, false), PaymentState::Paid);
    }

    #[test]
    fn refunds_never_exceed_what_was_paid() {
        assert_eq!(refundable(600, 0, 0), 600);
        assert_eq!(refundable(600, 300, 200), 100);
        assert_eq!(refundable(600, 600, 100), 0);
    }
}
