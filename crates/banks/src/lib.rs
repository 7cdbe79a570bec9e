//! The 全銀 bank and branch codes residents pick from by name when a form
//! asks for an account: the loader for the community-maintained
//! zengin-code source data (`banks.json` keyed by 4-digit code,
//! `branches/<bank>.json` keyed by 3-digit code), the table it fills, and
//! the bounded search the form and its script use.

pub mod routes;
pub mod store;
pub mod zengin;

pub use store::{Entry, MAX_RESULTS};
pub use zengin::{Bank, Branch, Loaded};
