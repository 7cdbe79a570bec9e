//! The latest automated accessibility results, as `browser/accessibility.mjs`
//! wrote them to `docs/accessibility-results.json` (run it with
//! `UPDATE_A11Y_RESULTS=1`; see docs/accessibility.md). The file is read at
//! build time, so the statement shows the results of the code it ships with.

use std::sync::LazyLock;

use serde::Deserialize;

/// The results file, compiled in.
pub const RESULTS_JSON: &str = include_str!("../../../docs/accessibility-results.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Results {
    pub axe_version: String,
    /// The day the test ran (YYYY-MM-DD).
    pub date: String,
    /// The rule sets checked (`wcag2a`, `wcag2aa`, …).
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    pub viewports: Vec<String>,
    pub pages: Vec<PageResult>,
}

/// One page type: every language and viewport it was checked in.
#[derive(Debug, Clone, Deserialize)]
pub struct PageResult {
    pub name: String,
    pub name_ja: String,
    pub path: String,
    pub date: String,
    pub checks: u32,
    pub violations: u32,
}

static RESULTS: LazyLock<Option<Results>> =
    LazyLock::new(|| match serde_json::from_str(RESULTS_JSON) {
        Ok(results) => Some(results),
        Err(error) => {
            tracing::error!(%error, "docs/accessibility-results.json does not parse");
            None
        }
    });

pub fn results() -> Option<&'static Results> {
    RESULTS.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_results_parse_and_cover_the_pages_every_service_has() {
        let results: Results = serde_json::from_str(RESULTS_JSON).unwrap_or_else(|e| {
            panic!("docs/accessibility-results.json: {e}");
        });
        for (path, _) in crate::documents::SITE_PAGES {
            assert!(
                results.pages.iter().any(|p| p.path == path),
                "{path} is not in the results"
            );
        }
        assert!(results.pages.iter().all(|p| p.checks > 0));
    }
}
