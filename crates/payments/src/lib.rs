//! Fees and cashless payment (手数料等の電子決済, キャッシュレス決済; SPEC C5):
//! fee schedules per procedure, the amount computed from the answers,
//! payment requests before acceptance or after review, providers behind one
//! trait with a sandbox that behaves like a hosted payment page,
//! reconciliation that does not trust callbacks alone, refunds, receipts and
//! payments taken at a counter.

pub mod fees;
pub mod hosted;
pub mod provider;
pub mod report;
pub mod sandbox;
