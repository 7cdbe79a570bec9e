//! The rules' versions: the DX office saves a new one, the newest is in
//! force, and the platform's own rules stand until the first is saved.

use kernel::Db;
use kernel::documents::{self, Kind, Problem};

use crate::rules::{self, Rules};

pub use kernel::documents::Version;

pub const KIND: Kind = Kind {
    table: "bereavement_rules",
    target_type: "bereavement_rules",
    action: "bereavement_rules.saved",
    default: rules::DEFAULT_RULES,
};

/// The source in force: the newest saved, else the default.
pub async fn current_source(db: &Db) -> anyhow::Result<(Option<i64>, String)> {
    documents::current_source(db, &KIND).await
}

/// The rules in force.
pub async fn current(db: &Db) -> anyhow::Result<Rules> {
    documents::current(db, &KIND, rules::parse).await
}

pub async fn versions(db: &Db) -> anyhow::Result<Vec<Version>> {
    documents::versions(db, &KIND).await
}

/// Saves a checked source as the next version, with an audit entry; the
/// problems when it does not check.
pub async fn save(db: &Db, source: &str, actor: &str) -> anyhow::Result<Result<i64, Vec<Problem>>> {
    documents::save(db, &KIND, source, actor, rules::parse).await
}
